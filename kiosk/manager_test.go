package kiosk

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

type ended struct {
	s       *Session
	expired bool
	err     error
}

func TestManager(t *testing.T) {
	root := t.TempDir()
	// A session left by a power cut is wiped when the kiosk starts.
	stale, err := NewSession(root)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(stale.TokenFile(), []byte("old token"), 0o600)

	clock := NewManualClock(t0)
	var ends []ended
	var warns int
	m, err := NewManager(root, clock, IdleConfig{Timeout: time.Minute, Countdown: 10 * time.Second}, ManagerHandlers{
		Warn:  func(time.Duration) { warns++ },
		Ended: func(s *Session, expired bool, err error) { ends = append(ends, ended{s, expired, err}) },
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(stale.Dir); !errors.Is(err, fs.ErrNotExist) {
		t.Fatal("stale session survived NewManager")
	}
	if m.Current() != nil || m.Remaining() != 0 || m.End() != nil {
		t.Fatal("a session before Begin")
	}

	// First applicant: idles out.
	a, err := m.Begin()
	if err != nil {
		t.Fatal(err)
	}
	if m.Current() != a || !a.StartedAt.Equal(t0) {
		t.Fatal("Current/StartedAt")
	}
	os.WriteFile(a.TokenFile(), []byte("a"), 0o600)
	clock.Advance(40 * time.Second)
	m.Touch()
	clock.Advance(59 * time.Second)
	if len(ends) != 0 || m.Remaining() != time.Second {
		t.Fatalf("ended early: %v, remaining %v", ends, m.Remaining())
	}
	clock.Advance(time.Second)
	if len(ends) != 1 || ends[0].s != a || !ends[0].expired || ends[0].err != nil || warns != 10 {
		t.Fatalf("ends = %+v, warns %d", ends, warns)
	}
	if _, err := os.Lstat(a.Dir); !errors.Is(err, fs.ErrNotExist) || m.Current() != nil {
		t.Fatal("expired session not wiped")
	}

	// Second applicant submits: End wipes at once; the old timer is dead.
	b, _ := m.Begin()
	clock.Advance(30 * time.Second)
	if err := m.End(); err != nil {
		t.Fatal(err)
	}
	if len(ends) != 2 || ends[1].s != b || ends[1].expired {
		t.Fatalf("ends = %+v", ends)
	}
	clock.Advance(time.Hour)
	if len(ends) != 2 || clock.Pending() != 0 {
		t.Fatalf("stopped timer still fires: %+v, %d pending", ends, clock.Pending())
	}

	// Begin while a session runs ends that one first.
	c, _ := m.Begin()
	d, _ := m.Begin()
	if len(ends) != 3 || ends[2].s != c || c.Dir == d.Dir {
		t.Fatalf("ends = %+v", ends)
	}
	if es, _ := os.ReadDir(filepath.Join(root, SessionsDirName)); len(es) != 1 || es[0].Name() != filepath.Base(d.Dir) {
		t.Fatalf("sessions dir: %v", es)
	}
}

func TestConfig(t *testing.T) {
	cheapPIN(t)
	if err := DefaultConfig.Validate(); err != nil {
		t.Fatal(err)
	}
	if got := DefaultConfig.Idle(); got != (IdleConfig{Timeout: 5 * time.Minute, Countdown: time.Minute}) {
		t.Errorf("Idle() = %+v", got)
	}
	h, _ := HashPIN("2468")
	on := DefaultConfig
	on.Enabled = true
	if err := on.Validate(); err == nil || !strings.Contains(err.Error(), "PIN") {
		t.Errorf("enabled without PIN: %v", err)
	}
	on.PIN.PIN = h
	if err := on.Validate(); err != nil {
		t.Errorf("enabled with PIN: %v", err)
	}
	j, _ := json.Marshal(on)
	back, err := ParseConfig(j)
	if err != nil || !back.Enabled || !VerifyPIN(back.PIN.PIN, "2468") {
		t.Fatalf("round trip: %+v %v", back, err)
	}
	if c, err := ParseConfig([]byte(`{"idle_seconds":600}`)); err != nil || c.IdleSeconds != 600 || c.WarnSeconds != 60 {
		t.Errorf("defaults not kept: %+v %v", c, err)
	}
	for _, bad := range []string{`{"idle_seconds":5}`, `{"idle_seconds":99999}`, `{"countdown_seconds":1}`,
		`{"idle_seconds":60,"countdown_seconds":60}`, `{"text_scale":5}`, `{"text_scale":0}`, `{"x":1}`, `{`, `{} {}`} {
		if _, err := ParseConfig([]byte(bad)); err == nil {
			t.Errorf("accepted %s", bad)
		}
	}
}

func FuzzParseConfig(f *testing.F) {
	j, _ := json.Marshal(DefaultConfig)
	f.Add(j)
	f.Add([]byte(`{"enabled":true}`))
	f.Add([]byte(`{"text_scale":1.5,"idle_seconds":120,"countdown_seconds":30}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := ParseConfig(b)
		if err != nil {
			return
		}
		idle := c.Idle()
		if idle.Timeout < time.Minute || idle.Timeout > time.Hour || idle.Countdown >= idle.Timeout || c.TextScale < 1 || c.TextScale > 2 {
			t.Fatalf("accepted %+v", c)
		}
		if c.Enabled && !c.PIN.PIN.IsSet() {
			t.Fatal("enabled without PIN")
		}
	})
}

// With Post set, an expired session ends through it (a UI's main-thread
// runner), not on the clock's goroutine: the wipe and Ended run inside
// the posted func, and nothing is wiped until it runs.
func TestManagerExpiryGoesThroughPost(t *testing.T) {
	clock := NewManualClock(time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC))
	var posted []func()
	inPost := false
	var endedInPost []bool
	m, err := NewManager(t.TempDir(), clock, IdleConfig{Timeout: time.Minute, Countdown: 10 * time.Second}, ManagerHandlers{
		Post:  func(f func()) { posted = append(posted, f) },
		Ended: func(*Session, bool, error) { endedInPost = append(endedInPost, inPost) },
	})
	if err != nil {
		t.Fatal(err)
	}
	s, err := m.Begin()
	if err != nil {
		t.Fatal(err)
	}
	clock.Advance(2 * time.Minute)
	if len(posted) != 1 {
		t.Fatalf("%d funcs posted on expiry, want 1", len(posted))
	}
	if _, err := os.Stat(s.Dir); err != nil || m.Current() != s {
		t.Fatalf("session ended before the posted func ran: %v", err)
	}
	inPost = true
	posted[0]()
	inPost = false
	if len(endedInPost) != 1 || !endedInPost[0] {
		t.Fatalf("Ended calls (inside Post?) = %v", endedInPost)
	}
	if _, err := os.Stat(s.Dir); !os.IsNotExist(err) || m.Current() != nil {
		t.Fatalf("session not wiped: %v", err)
	}
}

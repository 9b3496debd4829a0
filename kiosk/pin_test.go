package kiosk

import (
	"encoding/json"
	"errors"
	"testing"
	"time"
)

// cheapPIN makes hashing fast for the lockout tests; TestHashPINReal uses
// the real parameters.
func cheapPIN(t *testing.T) {
	old := pinKDF
	pinKDF = PINHash{Algo: "argon2id", Time: 1, MemoryKiB: 64, Threads: 1}
	t.Cleanup(func() { pinKDF = old })
}

func TestHashPINReal(t *testing.T) {
	h, err := HashPIN("2468")
	if err != nil {
		t.Fatal(err)
	}
	if h.MemoryKiB != 32*1024 || len(h.Salt) != 16 || len(h.Hash) != 32 {
		t.Errorf("hash = %+v", h)
	}
	if !VerifyPIN(h, "2468") || VerifyPIN(h, "2469") || VerifyPIN(h, "") {
		t.Error("VerifyPIN wrong")
	}
}

func TestHashPIN(t *testing.T) {
	cheapPIN(t)
	for _, bad := range []string{"", "123", "1234567890123", "12a4", "１２３４", "12 34"} {
		if _, err := HashPIN(bad); !errors.Is(err, ErrPINFormat) {
			t.Errorf("HashPIN(%q) = %v", bad, err)
		}
	}
	a, _ := HashPIN("0000")
	b, _ := HashPIN("0000")
	if string(a.Salt) == string(b.Salt) || string(a.Hash) == string(b.Hash) {
		t.Error("same salt or hash for two hashes of one PIN")
	}
	// The hash survives a JSON round trip (settings storage).
	j, _ := json.Marshal(a)
	var back PINHash
	if err := json.Unmarshal(j, &back); err != nil || !VerifyPIN(back, "0000") {
		t.Errorf("after JSON %s: %v", j, err)
	}
	// An edited settings file cannot demand huge work or match trivially.
	for name, mod := range map[string]func(*PINHash){
		"memory":  func(h *PINHash) { h.MemoryKiB = 4 << 20 },
		"time":    func(h *PINHash) { h.Time = 1000 },
		"algo":    func(h *PINHash) { h.Algo = "plain" },
		"no hash": func(h *PINHash) { h.Hash = nil },
		"threads": func(h *PINHash) { h.Threads = 0 },
	} {
		h := a
		mod(&h)
		if VerifyPIN(h, "0000") {
			t.Errorf("%s: edited hash still verifies", name)
		}
	}
}

func TestPINGuardLockout(t *testing.T) {
	cheapPIN(t)
	clock := NewManualClock(time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC))
	policy := LockoutPolicy{FreeTries: 3, BaseDelay: 30 * time.Second, MaxDelay: 4 * time.Minute}
	var saved []PINState
	save := func(s PINState) error { saved = append(saved, s); return nil }
	g := NewPINGuard(PINState{}, clock, policy, save)
	if err := g.Verify("1234"); !errors.Is(err, ErrPINNotSet) {
		t.Fatalf("no PIN: %v", err)
	}
	if err := g.SetPIN("1234"); err != nil {
		t.Fatal(err)
	}
	if err := g.Verify("1234"); err != nil {
		t.Fatalf("right PIN: %v", err)
	}
	for i := 1; i <= 3; i++ {
		if err := g.Verify("0000"); !errors.Is(err, ErrPINWrong) {
			t.Fatalf("wrong try %d: %v", i, err)
		}
		if g.Wait() != 0 {
			t.Fatalf("locked after %d tries", i)
		}
	}
	// Each further wrong PIN doubles the wait, up to MaxDelay.
	for _, want := range []time.Duration{30 * time.Second, time.Minute, 2 * time.Minute, 4 * time.Minute, 4 * time.Minute} {
		err := g.Verify("0000")
		if !errors.Is(err, ErrPINLocked) || LockedFor(err) != want {
			t.Fatalf("err = %v (%v), want locked for %v", err, LockedFor(err), want)
		}
		// While locked even the right PIN is refused without being checked.
		clock.Advance(want - time.Second)
		if err := g.Verify("1234"); !errors.Is(err, ErrPINLocked) || LockedFor(err) != time.Second {
			t.Fatalf("right PIN while locked: %v %v", err, LockedFor(err))
		}
		clock.Advance(time.Second)
	}
	st := g.State()
	if st.Failures != 8 || saved[len(saved)-1].Failures != 8 {
		t.Fatalf("failures = %d, saved %d", st.Failures, saved[len(saved)-1].Failures)
	}

	// The state persists: a restarted app is still locked.
	g.Verify("0000")
	j, _ := json.Marshal(saved[len(saved)-1])
	var restored PINState
	if err := json.Unmarshal(j, &restored); err != nil {
		t.Fatal(err)
	}
	g2 := NewPINGuard(restored, clock, policy, save)
	if err := g2.Verify("1234"); !errors.Is(err, ErrPINLocked) {
		t.Fatalf("restarted guard: %v", err)
	}
	clock.Advance(policy.MaxDelay)
	if err := g2.Verify("1234"); err != nil {
		t.Fatalf("right PIN after wait: %v", err)
	}
	if s := saved[len(saved)-1]; s.Failures != 0 || !s.LockedUntil.IsZero() {
		t.Fatalf("success did not reset: %+v", s)
	}
	if err := g2.Verify("0000"); !errors.Is(err, ErrPINWrong) {
		t.Fatalf("after reset: %v", err)
	}
}

func TestPINGuardClockSetBack(t *testing.T) {
	cheapPIN(t)
	h, _ := HashPIN("1234")
	clock := NewManualClock(time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC))
	policy := LockoutPolicy{FreeTries: 0, BaseDelay: time.Minute, MaxDelay: 10 * time.Minute}
	// Locked "until next year": the clock was set back. Wait no more than MaxDelay.
	g := NewPINGuard(PINState{PIN: h, Failures: 3, LockedUntil: clock.Now().AddDate(1, 0, 0)}, clock, policy, nil)
	if w := g.Wait(); w != policy.MaxDelay {
		t.Fatalf("wait = %v", w)
	}
	clock.Advance(policy.MaxDelay)
	if err := g.Verify("1234"); err != nil {
		t.Fatalf("after MaxDelay: %v", err)
	}
}

func TestPINGuardSaveError(t *testing.T) {
	cheapPIN(t)
	h, _ := HashPIN("1234")
	g := NewPINGuard(PINState{PIN: h}, NewManualClock(time.Unix(0, 0)), DefaultLockout,
		func(PINState) error { return errors.New("disk full") })
	// A failure that cannot be recorded is not reported as a mere wrong PIN.
	if err := g.Verify("9999"); err == nil || errors.Is(err, ErrPINWrong) {
		t.Fatalf("err = %v", err)
	}
}

func TestLockoutDelay(t *testing.T) {
	p := LockoutPolicy{FreeTries: 2, BaseDelay: time.Second, MaxDelay: time.Hour}
	for _, tt := range []struct {
		failures int
		want     time.Duration
	}{{0, 0}, {1, 0}, {2, 0}, {3, time.Second}, {4, 2 * time.Second}, {13, 1024 * time.Second}, {20, time.Hour}, {100, time.Hour}, {1 << 30, time.Hour}} {
		if got := p.delay(tt.failures); got != tt.want {
			t.Errorf("delay(%d) = %v, want %v", tt.failures, got, tt.want)
		}
	}
}

func FuzzCheckPINFormat(f *testing.F) {
	for _, s := range []string{"1234", "", "１２３４", "123456789012", "12ab"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, pin string) {
		if CheckPINFormat(pin) != nil {
			return
		}
		if len(pin) < 4 || len(pin) > 12 {
			t.Fatalf("%q accepted", pin)
		}
		for _, r := range pin {
			if r < '0' || r > '9' {
				t.Fatalf("%q accepted", pin)
			}
		}
	})
}

// BenchmarkVerifyPIN is the cost of one PIN check (target ~0.1 s, 32 MiB).
func BenchmarkVerifyPIN(b *testing.B) {
	h, err := HashPIN("2468")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		VerifyPIN(h, "1357")
	}
}

package kiosk

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/naiman-yiye/yiye/store"
)

func marker(t *testing.T, label string) string {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatal(err)
	}
	return label + "-" + hex.EncodeToString(b[:])
}

// encodings are the byte forms a marker could take on disk.
func encodings(m string) [][]byte {
	u16 := utf16.Encode([]rune(m))
	le := make([]byte, 0, 2*len(u16))
	for _, c := range u16 {
		le = append(le, byte(c), byte(c>>8))
	}
	return [][]byte{[]byte(m), le}
}

// scan returns, for each marker found, the file holding it: every byte of
// every file under root is searched.
func scan(t *testing.T, root string, markers []string) map[string]string {
	t.Helper()
	found := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, m := range markers {
			for _, enc := range encodings(m) {
				if bytes.Contains(b, enc) {
					found[m] = p
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return found
}

// fillSession writes each marker somewhere a real session keeps data and
// returns the markers. The database stays open in WAL mode so its -wal and
// -shm files exist; a second database in PERSIST journal mode leaves a
// -journal file holding old pages.
func fillSession(t *testing.T, s *Session) []string {
	t.Helper()
	ctx := context.Background()
	var markers []string
	db, err := s.OpenDB()
	if err != nil {
		t.Fatal(err)
	}
	if err := store.Migrate(ctx, db, "drafts", []string{`CREATE TABLE drafts_marker (v TEXT NOT NULL)`}); err != nil {
		t.Fatal(err)
	}
	var mode string
	if err := db.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Fatalf("journal_mode %q, %v", mode, err)
	}
	for i := range 20 {
		m := marker(t, "申请人张三")
		if i%2 == 0 {
			m = marker(t, "DRAFT")
		}
		if _, err := db.Exec(`INSERT INTO drafts_marker (v) VALUES (?)`, m); err != nil {
			t.Fatal(err)
		}
		markers = append(markers, m)
	}

	q := url.Values{}
	q.Add("_pragma", "journal_mode(PERSIST)")
	cache, err := sql.Open("sqlite", "file:"+filepath.Join(s.CacheDir(), "preview.db")+"?"+q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	s.Track(cache)
	cm := marker(t, "CACHE")
	for _, stmt := range []string{`CREATE TABLE c (v TEXT)`, `INSERT INTO c VALUES ('` + cm + `')`, `UPDATE c SET v = 'x'`} {
		if _, err := cache.Exec(stmt); err != nil {
			t.Fatal(err)
		}
	}
	markers = append(markers, cm)

	am := marker(t, "身份证正面")
	if err := os.WriteFile(filepath.Join(s.AttachmentsDir(), "M001.jpg"), []byte("\xff\xd8JFIF "+am), 0o400); err != nil {
		t.Fatal(err)
	}
	tm := marker(t, "TOKEN")
	if err := os.WriteFile(s.TokenFile(), []byte(`{"access_token":"`+tm+`"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	return append(markers, am, tm)
}

// TestSessionIdleWipe is the test of issue 5: a session filled with known
// values expires through the idle timer, and afterwards no byte of any file
// in the data directory holds any of them.
func TestSessionIdleWipe(t *testing.T) {
	root := t.TempDir()
	keep := filepath.Join(root, "settings.json") // the kiosk's own data stays
	if err := os.WriteFile(keep, []byte(`{"kiosk":true}`), 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := NewSession(root)
	if err != nil {
		t.Fatal(err)
	}
	markers := fillSession(t, s)

	// The scan can see them: every marker is on disk, the WAL and the
	// rollback journal exist.
	if found := scan(t, root, markers); len(found) != len(markers) {
		t.Fatalf("only %d of %d markers on disk before the wipe: %v", len(found), len(markers), found)
	}
	for _, f := range []string{s.DatabaseFile() + "-wal", s.DatabaseFile() + "-shm", filepath.Join(s.CacheDir(), "preview.db-journal")} {
		if _, err := os.Stat(f); err != nil {
			t.Fatalf("expected %s: %v", f, err)
		}
	}
	// The journals really hold applicant data: the WAL the drafts, the
	// rollback journal the cache row's old page.
	for f, m := range map[string]string{s.DatabaseFile() + "-wal": markers[0], filepath.Join(s.CacheDir(), "preview.db-journal"): markers[20]} {
		if b, _ := os.ReadFile(f); !bytes.Contains(b, []byte(m)) {
			t.Fatalf("%s does not hold %s", filepath.Base(f), m)
		}
	}
	// A hard link made outside the session shows whether contents were
	// overwritten before the names were removed.
	link := filepath.Join(t.TempDir(), "link.jpg")
	linked := os.Link(filepath.Join(s.AttachmentsDir(), "M001.jpg"), link) == nil

	clock := NewManualClock(t0)
	var warned []time.Duration
	notWiped := errors.New("not wiped")
	wipeErr := notWiped
	it := NewIdleTimer(clock, IdleConfig{Timeout: 3 * time.Minute, Countdown: 30 * time.Second}, IdleHandlers{
		Warn:   func(r time.Duration) { warned = append(warned, r) },
		Expire: func() { wipeErr = s.Wipe() },
	})
	clock.Advance(2*time.Minute + 59*time.Second)
	if len(warned) != 30 || wipeErr != notWiped {
		t.Fatalf("before expiry: %d warnings, %v", len(warned), wipeErr)
	}
	if _, err := os.Stat(s.DatabaseFile()); err != nil {
		t.Fatal("session gone before expiry")
	}
	clock.Advance(time.Second)
	if it.State() != Expired {
		t.Fatalf("state %v", it.State())
	}
	if wipeErr != nil {
		t.Fatalf("Wipe: %v", wipeErr)
	}
	if !s.Wiped() {
		t.Error("Wiped() false")
	}

	if found := scan(t, root, markers); len(found) != 0 {
		t.Fatalf("markers left after the wipe: %v", found)
	}
	if _, err := os.Lstat(s.Dir); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("session dir still there: %v", err)
	}
	if es, err := os.ReadDir(filepath.Join(root, SessionsDirName)); err != nil || len(es) != 0 {
		t.Fatalf("sessions dir holds %v (%v)", es, err)
	}
	if b, err := os.ReadFile(keep); err != nil || string(b) != `{"kiosk":true}` {
		t.Fatalf("kiosk settings harmed: %q %v", b, err)
	}
	if linked {
		b, err := os.ReadFile(link)
		if err != nil {
			t.Fatal(err)
		}
		if len(b) == 0 || !bytes.Equal(b, make([]byte, len(b))) {
			t.Errorf("attachment not overwritten before unlink: %q", b)
		}
	}
	// Wipe is idempotent.
	if err := s.Wipe(); err != nil {
		t.Errorf("second Wipe: %v", err)
	}
}

func TestNewSessionLayout(t *testing.T) {
	root := t.TempDir()
	a, err := NewSession(root)
	if err != nil {
		t.Fatal(err)
	}
	b, err := NewSession(root)
	if err != nil {
		t.Fatal(err)
	}
	if a.Dir == b.Dir || a.ID == b.ID {
		t.Fatal("two sessions share a directory")
	}
	for _, d := range []string{a.Dir, a.AttachmentsDir(), a.CacheDir()} {
		st, err := os.Stat(d)
		if err != nil || !st.IsDir() {
			t.Fatalf("%s: %v", d, err)
		}
		if runtime.GOOS != "windows" && st.Mode().Perm() != 0o700 {
			t.Errorf("%s mode %v", d, st.Mode().Perm())
		}
	}
	if filepath.Dir(a.DatabaseFile()) != a.Dir || filepath.Dir(a.TokenFile()) != a.Dir {
		t.Error("files outside the session dir")
	}
}

// TestWipeStale: sessions left by a crash are removed at the next start.
func TestWipeStale(t *testing.T) {
	root := t.TempDir()
	if err := WipeStale(root); err != nil {
		t.Fatalf("no sessions yet: %v", err)
	}
	var markers []string
	for range 2 {
		s, err := NewSession(root)
		if err != nil {
			t.Fatal(err)
		}
		markers = append(markers, fillSession(t, s)...)
		// Crash: handles are dropped without Wipe. On Windows they would
		// die with the process; close them so the test runs the same there.
		for _, c := range s.closers {
			c.Close()
		}
	}
	other := filepath.Join(root, SessionsDirName, "README.txt")
	os.WriteFile(other, []byte("not a session"), 0o600)
	if err := WipeStale(root); err != nil {
		t.Fatal(err)
	}
	if found := scan(t, root, markers); len(found) != 0 {
		t.Fatalf("markers left: %v", found)
	}
	es, _ := os.ReadDir(filepath.Join(root, SessionsDirName))
	if len(es) != 1 || es[0].Name() != "README.txt" {
		t.Fatalf("sessions dir holds %v", es)
	}
}

type failCloser struct{}

func (failCloser) Close() error { return errors.New("close failed") }

func TestWipeReportsCloseErrorButStillRemoves(t *testing.T) {
	s, err := NewSession(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	s.Track(failCloser{})
	err = s.Wipe()
	if !errors.Is(err, ErrWipe) {
		t.Fatalf("err = %v", err)
	}
	if _, err := os.Lstat(s.Dir); !errors.Is(err, fs.ErrNotExist) {
		t.Fatal("dir left")
	}
}

// TestWipeDoesNotFollowSymlinks: a link inside the session to a file
// elsewhere is removed, the file it points to is not overwritten.
func TestWipeDoesNotFollowSymlinks(t *testing.T) {
	root := t.TempDir()
	outside := filepath.Join(t.TempDir(), "precious.txt")
	os.WriteFile(outside, []byte("precious"), 0o600)
	s, err := NewSession(root)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(s.AttachmentsDir(), "link")); err != nil {
		t.Skip("no symlinks here:", err)
	}
	if err := os.Symlink(filepath.Dir(outside), filepath.Join(s.Dir, "dirlink")); err != nil {
		t.Fatal(err)
	}
	if err := s.Wipe(); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(outside); string(b) != "precious" {
		t.Fatalf("followed the link: %q", b)
	}
}

// TestWipeWaitsForABrieflyOpenFile: the applicant's printed notice is still
// open in a PDF viewer (or a scanner checks it) as the session ends. On
// Windows the file cannot be deleted while open; Wipe waits a moment for
// it rather than leaving the previous applicant's data behind.
func TestWipeWaitsForABrieflyOpenFile(t *testing.T) {
	s, err := NewSession(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(s.CacheDir(), "一次告知单.pdf")
	if err := os.WriteFile(p, []byte("%PDF-1.7 notice"), 0o600); err != nil {
		t.Fatal(err)
	}
	viewer, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer viewer.Close()
	time.AfterFunc(300*time.Millisecond, func() { viewer.Close() })
	if err := s.Wipe(); err != nil {
		t.Fatalf("Wipe with a file open for 300ms: %v", err)
	}
	if _, err := os.Lstat(s.Dir); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("session folder still there: %v", err)
	}
}

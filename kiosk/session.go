package kiosk

import (
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/naiman-yiye/yiye/internal/robustio"
	"github.com/naiman-yiye/yiye/paths"
	"github.com/naiman-yiye/yiye/store"
	"github.com/naiman-yiye/yiye/usererr"
)

// SessionsDirName is the folder inside the kiosk's data directory that holds
// one sub-directory per applicant session.
const (
	SessionsDirName = "sessions"
	sessionPrefix   = "s-"
)

// ErrWipe is returned when a session could not be removed completely.
var ErrWipe = usererr.New("kiosk.wipe",
	"未能彻底清除上一位申请人的数据，请联系工作人员。",
	"The previous applicant's data could not be removed completely; please call the staff.")

// Session is one applicant's private data directory on a kiosk: its own
// SQLite file, attachments and token cache, laid out like the normal data
// directory (paths.DatabaseFile, paths.AttachmentsDir) so the rest of the
// app can be pointed at Session.Dir unchanged.
type Session struct {
	ID        string
	Dir       string
	StartedAt time.Time

	mu      sync.Mutex
	closers []io.Closer
	wiped   bool
}

// Wiped reports whether Wipe has completed without error.
func (s *Session) Wiped() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.wiped
}

// NewSession creates a fresh session directory under root/sessions.
func NewSession(root string) (*Session, error) {
	base := filepath.Join(root, SessionsDirName)
	if err := os.MkdirAll(base, 0o700); err != nil {
		return nil, err
	}
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return nil, err
	}
	id := hex.EncodeToString(b[:])
	dir := filepath.Join(base, sessionPrefix+id)
	if err := os.Mkdir(dir, 0o700); err != nil {
		return nil, err
	}
	s := &Session{ID: id, Dir: dir, StartedAt: time.Now()}
	for _, d := range []string{s.AttachmentsDir(), s.CacheDir()} {
		if err := os.Mkdir(d, 0o700); err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
	}
	return s, nil
}

// DatabaseFile is the session's SQLite file.
func (s *Session) DatabaseFile() string { return paths.DatabaseFile(s.Dir) }

// AttachmentsDir holds the session's copied materials.
func (s *Session) AttachmentsDir() string { return paths.AttachmentsDir(s.Dir) }

// TokenFile is where the session keeps the portal login token.
func (s *Session) TokenFile() string { return filepath.Join(s.Dir, "token.json") }

// CacheDir is for anything else cached during the session (previews,
// generated PDFs, exported bundles before they are copied out).
func (s *Session) CacheDir() string { return filepath.Join(s.Dir, "cache") }

// OpenDB opens the session's database with store.Open; Wipe closes it.
func (s *Session) OpenDB() (*sql.DB, error) {
	db, err := store.Open(s.DatabaseFile())
	if err != nil {
		return nil, err
	}
	s.Track(db)
	return db, nil
}

// Track registers c (a database, an open file, a client with a cache) to
// be closed by Wipe before anything is deleted, since open handles keep
// data alive and block deletion on Windows.
func (s *Session) Track(c io.Closer) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closers = append(s.closers, c)
}

// Wipe ends the session: it closes what was tracked, overwrites every file
// in the session directory with zeros, and removes the directory. It is
// safe to call more than once.
//
// Overwriting is advisory: on SSDs and flash drives wear-levelling and the
// file system may keep old blocks elsewhere, and only full-disk encryption
// helps there. The guarantee Wipe makes is that nothing of the session stays
// reachable in the data directory: no database, -wal/-shm/-journal file,
// attachment, token or cache. It returns ErrWipe if anything remains.
func (s *Session) Wipe() error {
	s.mu.Lock()
	closers := s.closers
	s.closers = nil
	s.mu.Unlock()
	var errs []error
	for i := len(closers) - 1; i >= 0; i-- {
		if err := closers[i].Close(); err != nil {
			errs = append(errs, err)
		}
	}
	if err := wipeDir(s.Dir); err != nil {
		errs = append(errs, err)
	}
	s.mu.Lock()
	s.wiped = len(errs) == 0
	s.mu.Unlock()
	if len(errs) > 0 {
		return ErrWipe.Wrap(errors.Join(errs...))
	}
	return nil
}

// WipeStale removes every session left under root by a crash or power cut;
// call it when the kiosk starts, before the first applicant's session.
func WipeStale(root string) error {
	base := filepath.Join(root, SessionsDirName)
	entries, err := os.ReadDir(base)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return ErrWipe.Wrap(err)
	}
	var errs []error
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), sessionPrefix) {
			if err := wipeDir(filepath.Join(base, e.Name())); err != nil {
				errs = append(errs, err)
			}
		}
	}
	if len(errs) > 0 {
		return ErrWipe.Wrap(errors.Join(errs...))
	}
	return nil
}

// wipeDir overwrites the regular files under dir (without following
// symlinks) and then removes dir.
func wipeDir(dir string) error {
	var errs []error
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			errs = append(errs, err)
			return nil
		}
		switch {
		case d.IsDir():
			// A folder made read-only (e.g. by a copied material's
			// attributes) would stop RemoveAll.
			_ = os.Chmod(p, 0o700)
		case d.Type().IsRegular():
			// Best effort: a file we cannot overwrite is still removed below.
			_ = overwrite(p)
		}
		return nil
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		errs = append(errs, err)
	}
	// On Windows a file still open anywhere (a scanner, a PDF viewer the
	// applicant opened) cannot be deleted; robustio waits a moment for it.
	if err := robustio.RemoveAll(dir); err != nil {
		errs = append(errs, err)
	}
	if _, err := os.Lstat(dir); !errors.Is(err, fs.ErrNotExist) {
		errs = append(errs, fmt.Errorf("%s still exists", dir))
	}
	return errors.Join(errs...)
}

var zeros = make([]byte, 64<<10)

// overwrite writes zeros over p's current length and syncs.
func overwrite(p string) error {
	f, err := os.OpenFile(p, os.O_WRONLY, 0)
	if errors.Is(err, fs.ErrPermission) {
		// A read-only copy of a material: make it writable, then retry.
		if os.Chmod(p, 0o600) == nil {
			f, err = os.OpenFile(p, os.O_WRONLY, 0)
		}
	}
	if err != nil {
		return err
	}
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		f.Close()
		return err
	}
	for left := st.Size(); left > 0; {
		n := int64(len(zeros))
		if left < n {
			n = left
		}
		if _, err := f.Write(zeros[:n]); err != nil {
			f.Close()
			return err
		}
		left -= n
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

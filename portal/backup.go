package portal

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"time"

	"github.com/naiman-yiye/yiye/store"
)

// A backup is one .tar.gz file: portal.db, a consistent copy made with
// SQLite's VACUUM INTO while the portal may keep running, then the files of
// uploads/. Uploads are copied after the database, so every upload the
// copy knows is in the archive (an upload that arrived in between is an
// extra file, harmless); a half-finished upload is restored with the bytes
// copied, and its tus offset is its file size, so the client resumes.

const backupDB = "portal.db"

// uploadNameRE: the names the tus file store and the demo seed use.
var uploadNameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$`)

// Backup writes a backup of the data folder dataDir to w.
func Backup(ctx context.Context, dataDir string, w io.Writer) error {
	src := filepath.Join(dataDir, backupDB)
	if _, err := os.Stat(src); err != nil {
		return fmt.Errorf("portal backup: %w", err)
	}
	tmp, err := os.MkdirTemp("", "yiye-portal-backup")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	snap := filepath.Join(tmp, backupDB)
	db, err := store.Open(src)
	if err != nil {
		return err
	}
	_, err = db.ExecContext(ctx, `VACUUM INTO ?`, snap)
	db.Close()
	if err != nil {
		return fmt.Errorf("portal backup: VACUUM INTO: %w", err)
	}
	gz := gzip.NewWriter(w)
	tw := tar.NewWriter(gz)
	if err := addFile(tw, snap, backupDB); err != nil {
		return err
	}
	entries, err := os.ReadDir(filepath.Join(dataDir, "uploads"))
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	for _, e := range entries {
		if err := ctx.Err(); err != nil {
			return err
		}
		if !e.Type().IsRegular() || !uploadNameRE.MatchString(e.Name()) {
			continue
		}
		err := addFile(tw, filepath.Join(dataDir, "uploads", e.Name()), "uploads/"+e.Name())
		if errors.Is(err, os.ErrNotExist) {
			continue // terminated meanwhile
		}
		if err != nil {
			return err
		}
	}
	if err := tw.Close(); err != nil {
		return err
	}
	return gz.Close()
}

func addFile(tw *tar.Writer, path, name string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	// The size is what is copied now: a file still growing is cut there.
	hdr := &tar.Header{Name: name, Mode: 0o600, Size: st.Size(), ModTime: st.ModTime(), Typeflag: tar.TypeReg, Format: tar.FormatPAX}
	if err := tw.WriteHeader(hdr); err != nil {
		return err
	}
	_, err = io.CopyN(tw, f, st.Size())
	return err
}

// Restore unpacks a backup from r into dataDir, which must not hold a
// portal yet, and checks the database. Only portal.db and plain files
// directly under uploads/ are taken; anything else refuses the archive.
func Restore(ctx context.Context, r io.Reader, dataDir string) (err error) {
	if _, err := os.Stat(filepath.Join(dataDir, backupDB)); err == nil {
		return fmt.Errorf("portal restore: %s already holds a portal; restore into an empty folder", dataDir)
	}
	if err := os.MkdirAll(filepath.Join(dataDir, "uploads"), 0o700); err != nil {
		return err
	}
	// Unpack into a staging folder, so a bad archive leaves nothing behind.
	stage, err := os.MkdirTemp(dataDir, ".restore-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(stage)
	if err := os.Mkdir(filepath.Join(stage, "uploads"), 0o700); err != nil {
		return err
	}
	gz, err := gzip.NewReader(r)
	if err != nil {
		return fmt.Errorf("portal restore: not a backup: %w", err)
	}
	tr := tar.NewReader(gz)
	haveDB := false
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("portal restore: %w", err)
		}
		var dst string
		switch {
		case hdr.Name == backupDB && !haveDB:
			dst, haveDB = filepath.Join(stage, backupDB), true
		case len(hdr.Name) > len("uploads/") && hdr.Name[:len("uploads/")] == "uploads/" && uploadNameRE.MatchString(hdr.Name[len("uploads/"):]):
			dst = filepath.Join(stage, "uploads", hdr.Name[len("uploads/"):])
		default:
			return fmt.Errorf("portal restore: unexpected entry %q", hdr.Name)
		}
		if hdr.Typeflag != tar.TypeReg || hdr.Size < 0 {
			return fmt.Errorf("portal restore: %q is not a plain file", hdr.Name)
		}
		if err := writeNew(dst, tr, hdr.Size); err != nil {
			return err
		}
	}
	if !haveDB {
		return errors.New("portal restore: the archive has no portal.db")
	}
	if err := checkDB(ctx, filepath.Join(stage, backupDB)); err != nil {
		return err
	}
	ups, err := os.ReadDir(filepath.Join(stage, "uploads"))
	if err != nil {
		return err
	}
	for _, u := range ups {
		if err := os.Rename(filepath.Join(stage, "uploads", u.Name()), filepath.Join(dataDir, "uploads", u.Name())); err != nil {
			return err
		}
	}
	return os.Rename(filepath.Join(stage, backupDB), filepath.Join(dataDir, backupDB))
}

// writeNew creates path (which must not exist) with exactly n bytes of r.
func writeNew(path string, r io.Reader, n int64) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("portal restore: %w", err)
	}
	if _, err := io.CopyN(f, r, n); err != nil {
		f.Close()
		return fmt.Errorf("portal restore: %w", err)
	}
	return f.Close()
}

// checkDB opens a restored database and runs SQLite's integrity check and
// a look at the portal's tables.
func checkDB(ctx context.Context, path string) error {
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		return err
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	var res string
	if err := db.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&res); err != nil || res != "ok" {
		return fmt.Errorf("portal restore: the database is damaged (%s, %v)", res, err)
	}
	var v int
	if err := db.QueryRowContext(ctx, `SELECT version FROM schema_versions WHERE component = 'portal'`).Scan(&v); err != nil {
		return fmt.Errorf("portal restore: not a portal database: %w", err)
	}
	if v > len(migrations) {
		return fmt.Errorf("portal restore: the backup comes from a newer portal (schema %d > %d); upgrade first", v, len(migrations))
	}
	return nil
}

package store

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// TestTwoHandlesWriteTogether: the GUI and a second opener of the same
// file (a second window, the command line) write at once. Each commit must
// wait for the file lock (LockFileEx on Windows, fcntl elsewhere) and the
// WAL index, never fail with "database is locked", and every row must be
// there afterwards, for both handles.
func TestTwoHandlesWriteTogether(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "yiye.db")
	var dbs [2]*sql.DB
	for i := range dbs {
		db, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		dbs[i] = db
	}
	if err := Migrate(ctx, dbs[0], "lock", []string{`CREATE TABLE lock_rows (who INTEGER, n INTEGER)`}); err != nil {
		t.Fatal(err)
	}
	const each = 50
	var wg sync.WaitGroup
	errs := make(chan error, 2*each)
	for who, db := range dbs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := range each {
				tx, err := db.BeginTx(ctx, nil)
				if err != nil {
					errs <- fmt.Errorf("handle %d begin: %w", who, err)
					return
				}
				if _, err := tx.ExecContext(ctx, `INSERT INTO lock_rows VALUES (?, ?)`, who, n); err != nil {
					tx.Rollback()
					errs <- fmt.Errorf("handle %d insert: %w", who, err)
					return
				}
				if err := tx.Commit(); err != nil {
					errs <- fmt.Errorf("handle %d commit: %w", who, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	for i, db := range dbs {
		var n int
		if err := db.QueryRowContext(ctx, `SELECT count(*) FROM lock_rows`).Scan(&n); err != nil || n != 2*each {
			t.Errorf("handle %d sees %d rows, %v; want %d", i, n, err, 2*each)
		}
	}
	// While open, the WAL and its index sit beside the database.
	for _, suffix := range []string{"-wal", "-shm"} {
		if _, err := os.Stat(path + suffix); err != nil {
			t.Errorf("%s: %v", suffix, err)
		}
	}
}

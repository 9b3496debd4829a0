package store

import (
	"context"
	"path/filepath"
	"testing"
)

func TestMigrateIsIncrementalAndPersistent(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "t.db")
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	steps := []string{`CREATE TABLE demo_a (x INTEGER)`}
	if err := Migrate(ctx, db, "demo", steps); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO demo_a VALUES (1)`); err != nil {
		t.Fatal(err)
	}
	db.Close()

	db, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	steps = append(steps, `ALTER TABLE demo_a ADD COLUMN y TEXT`)
	// Running twice must not re-run step 0 (it would fail: table exists).
	for i := 0; i < 2; i++ {
		if err := Migrate(ctx, db, "demo", steps); err != nil {
			t.Fatal(err)
		}
	}
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM demo_a WHERE y IS NULL`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("rows = %d, %v", n, err)
	}
	var mode string
	db.QueryRow(`PRAGMA journal_mode`).Scan(&mode)
	if mode != "wal" {
		t.Errorf("journal_mode = %q", mode)
	}
}

func TestMigrateFailureRollsBack(t *testing.T) {
	ctx := context.Background()
	db, err := Open(filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = Migrate(ctx, db, "bad", []string{`CREATE TABLE bad_a (x)`, `THIS IS NOT SQL`})
	if err == nil {
		t.Fatal("want error")
	}
	var v int
	db.QueryRow(`SELECT version FROM schema_versions WHERE component='bad'`).Scan(&v)
	if v != 1 {
		t.Errorf("version = %d, want 1", v)
	}
}

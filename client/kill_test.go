package client

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// The child side of TestOutboxSurvivesKill: send the queued submission
// from the database named in the environment until killed.
func TestOutboxChildProcess(t *testing.T) {
	dbPath, base := os.Getenv("YIYE_TEST_OUTBOX_DB"), os.Getenv("YIYE_TEST_PORTAL")
	if dbPath == "" {
		t.Skip("helper process for TestOutboxSurvivesKill")
	}
	ctx := context.Background()
	db := openDB(t, dbPath)
	tokens, err := OpenDBTokenStore(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	c := New(Config{BaseURL: base, Tokens: tokens, ChunkSize: 256 << 10})
	ob, err := OpenOutbox(ctx, db, c)
	if err != nil {
		t.Fatal(err)
	}
	ob.Start(ctx)
	time.Sleep(time.Minute) // the parent kills us long before
}

// killChild runs the child outbox process and SIGKILLs it when kill
// returns true (polled), like an applicant's PC losing power.
func killChild(t *testing.T, dbPath, base string, kill func() bool) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestOutboxChildProcess$")
	cmd.Env = append(os.Environ(), "YIYE_TEST_OUTBOX_DB="+dbPath, "YIYE_TEST_PORTAL="+base)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for !kill() {
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatal("the child never reached the kill point")
		}
		time.Sleep(time.Millisecond)
	}
	cmd.Process.Kill()
	cmd.Wait()
}

// A process killed mid-upload, and one killed after the portal stored the
// application but before the answer was recorded, are continued by the
// next process: one application, uploads resumed (not restarted), files
// intact.
func TestOutboxSurvivesKill(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a child process")
	}
	p := newTestPortal(t)
	ctx := context.Background()
	dbPath := filepath.Join(t.TempDir(), "yiye.db")
	db := openDB(t, dbPath)
	tokens, _ := OpenDBTokenStore(ctx, db)
	c := New(Config{BaseURL: p.URL, Tokens: tokens, Retry: fastRetry(), ChunkSize: 256 << 10})
	if err := c.Login(ctx, "13800000000", "123456"); err != nil {
		t.Fatal(err)
	}
	ob, _ := OpenOutbox(ctx, db, c)
	const size = 8 << 20
	s, sums := sampleSubmission(t, size)
	id, _ := ob.Enqueue(ctx, s)

	// 1. Killed mid-upload (PATCHes slowed down so the kill lands inside).
	p.setOnPatch(func(int64) { time.Sleep(10 * time.Millisecond) })
	killChild(t, dbPath, p.URL, func() bool { return p.patched.Load() > 2<<20 })
	p.setOnPatch(nil)
	it, _ := ob.Get(ctx, id)
	if it.State != StateUploading || it.FilesDone != 0 {
		t.Fatalf("after kill: %+v", it)
	}
	atKill := p.patched.Load()

	// 2. The next process finishes the upload, and is killed while the
	// portal stores the application (the answer never arrives).
	stored := make(chan struct{})
	release := make(chan struct{})
	p.setAfterCreate(func() { close(stored); <-release })
	killChild(t, dbPath, p.URL, func() bool {
		select {
		case <-stored:
			return true
		default:
			return false
		}
	})
	close(release)
	p.setAfterCreate(nil)
	if it, _ := ob.Get(ctx, id); it.State != StateSubmitting {
		t.Fatalf("after second kill: %+v", it)
	}

	// 3. This process retries with the same key and gets the same application.
	if err := ob.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	it, _ = ob.Get(ctx, id)
	app := checkOne(t, p, sums)
	if it.State != StateSent || it.ApplicationID != app.ID {
		t.Fatalf("final: %+v", it)
	}
	// Resumed, not restarted: the server received each byte about once.
	if total := p.patched.Load(); total > size+2*(256<<10) || atKill == 0 {
		t.Errorf("the server received %d bytes for a %d-byte file (%d before the kill)", total, size, atKill)
	}
}

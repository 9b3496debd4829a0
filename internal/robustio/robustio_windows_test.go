package robustio

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestPlainRenameFailsOverAnOpenFile pins down the Windows behaviour the
// package exists for, so a change in Go's file sharing (os.Open adding
// FILE_SHARE_DELETE) shows up here.
func TestPlainRenameFailsOverAnOpenFile(t *testing.T) {
	dir := t.TempDir()
	dst, src := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	write(t, dst, "old")
	write(t, src, "new")
	f, err := os.Open(dst)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	err = os.Rename(src, dst)
	if err == nil {
		t.Fatal("os.Rename replaced a file another handle holds open")
	}
	if !transient(err) {
		t.Fatalf("os.Rename over an open file: %v is not classed as transient", err)
	}
	start := time.Now()
	if err := Rename(src, dst); err == nil || !transient(err) {
		t.Fatalf("Rename over a file held open throughout: %v", err)
	}
	if d := time.Since(start); d < Timeout/2 || d > 2*Timeout {
		t.Fatalf("gave up after %v, want about %v", d, Timeout)
	}
}

package robustio

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// holdFor keeps path open for d, the way a virus scanner or an upload
// reading the file would, and returns at once.
func holdFor(t *testing.T, path string, d time.Duration) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	time.AfterFunc(d, func() { f.Close() })
	t.Cleanup(func() { f.Close() })
}

func write(t *testing.T, path, s string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(s), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestRenameOverABrieflyOpenFile(t *testing.T) {
	dir := t.TempDir()
	dst, src := filepath.Join(dir, "bundle.yiyedraft"), filepath.Join(dir, "bundle.yiyedraft.part")
	write(t, dst, "old")
	write(t, src, "new")
	holdFor(t, dst, 300*time.Millisecond)
	if err := Rename(src, dst); err != nil {
		t.Fatalf("Rename over a file held open for 300ms: %v", err)
	}
	if b, _ := os.ReadFile(dst); string(b) != "new" {
		t.Fatalf("%s holds %q, want the new content", dst, b)
	}
}

func TestRemoveAllWithABrieflyOpenFile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "session")
	if err := os.MkdirAll(filepath.Join(dir, "attachments"), 0o700); err != nil {
		t.Fatal(err)
	}
	f := filepath.Join(dir, "attachments", "id-card.jpg")
	write(t, f, "jpeg")
	holdFor(t, f, 300*time.Millisecond)
	if err := RemoveAll(dir); err != nil {
		t.Fatalf("RemoveAll with a file held open for 300ms: %v", err)
	}
	if _, err := os.Lstat(dir); !os.IsNotExist(err) {
		t.Fatalf("%s still there: %v", dir, err)
	}
}

func TestRenameGivesUpOnAMissingFile(t *testing.T) {
	dir := t.TempDir()
	start := time.Now()
	err := Rename(filepath.Join(dir, "missing"), filepath.Join(dir, "x"))
	if !os.IsNotExist(err) {
		t.Fatalf("Rename of a missing file: %v, want not-exist", err)
	}
	if d := time.Since(start); d > Timeout/2 {
		t.Fatalf("a permanent error was retried for %v", d)
	}
}

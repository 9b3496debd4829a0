package handover

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestExportFileImportFile(t *testing.T) {
	usb := t.TempDir()
	path := filepath.Join(usb, "张三便利店"+Extension)
	files := []File{{Name: "a.txt", Reader: strings.NewReader("abc"), Size: 3}}
	if err := exportToPath(path, pass, Manifest{Draft: testDraft}, files, testKDF); err != nil {
		t.Fatal(err)
	}
	if es, _ := os.ReadDir(usb); len(es) != 1 {
		t.Fatalf("USB holds %v, want only the bundle", es)
	}
	f, _ := os.Open(path)
	if err := Probe(f); err != nil {
		t.Errorf("Probe: %v", err)
	}
	f.Close()
	im, err := ImportFile(path, pass, t.TempDir(), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(im.Files[0].Path); string(b) != "abc" {
		t.Errorf("content %q", b)
	}

	// A failed export leaves neither a partial file nor the old bundle harmed.
	bad := []File{{Name: "x", Reader: strings.NewReader("short"), Size: 99}}
	old, _ := os.ReadFile(path)
	if err := exportToPath(path, pass, Manifest{}, bad, testKDF); !errors.Is(err, ErrSourceChanged) {
		t.Fatalf("err = %v", err)
	}
	if now, _ := os.ReadFile(path); !bytes.Equal(now, old) {
		t.Error("failed export changed the existing bundle")
	}
	if _, err := os.Stat(path + ".part"); !errors.Is(err, os.ErrNotExist) {
		t.Error(".part left behind")
	}
	if _, err := ImportFile(filepath.Join(usb, "missing"), pass, t.TempDir(), Limits{}); !errors.Is(err, ErrRead) {
		t.Errorf("missing file: %v", err)
	}
}

func TestProbe(t *testing.T) {
	b := smallBundle(t)
	v2 := bytes.Clone(b)
	v2[9] = 9
	for _, tt := range []struct {
		in   []byte
		want error
	}{
		{b, nil},
		{b[:headerSize], nil},
		{b[:headerSize-1], ErrTruncated},
		{nil, ErrNotBundle},
		{[]byte("%PDF-1.7"), ErrNotBundle},
		{v2, ErrUnsupportedVersion},
	} {
		if err := Probe(bytes.NewReader(tt.in)); !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
			t.Errorf("Probe(%d bytes) = %v, want %v", len(tt.in), err, tt.want)
		}
	}
}

func TestRemoveStale(t *testing.T) {
	dest := destWithDrafts(t)
	old := snapshot(t, dest)
	if err := os.MkdirAll(filepath.Join(dest, tmpPrefix+"123", "M001"), 0o700); err != nil {
		t.Fatal(err)
	}
	writeTestFile(t, dest, tmpPrefix+"123/M001/x.jpg", []byte("half"))
	if err := RemoveStale(dest); err != nil {
		t.Fatal(err)
	}
	if !sameSnapshot(old, snapshot(t, dest)) {
		t.Error("RemoveStale removed too much or too little")
	}
	if err := RemoveStale(filepath.Join(dest, "none")); err != nil {
		t.Errorf("missing dir: %v", err)
	}
}

// TestExportOverABundleBrieflyOpen: exporting again to the same file on the
// stick while something (Explorer's preview, a scanner) still reads the
// old bundle. Windows refuses to replace an open file; the export waits
// for it instead of failing.
func TestExportOverABundleBrieflyOpen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "张三便利店"+Extension)
	files := func(s string) []File {
		return []File{{Name: "a.txt", Reader: strings.NewReader(s), Size: int64(len(s))}}
	}
	if err := exportToPath(path, pass, Manifest{Draft: testDraft}, files("old"), testKDF); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	time.AfterFunc(300*time.Millisecond, func() { f.Close() })
	if err := exportToPath(path, pass, Manifest{Draft: testDraft}, files("new"), testKDF); err != nil {
		t.Fatalf("export over a bundle open for 300ms: %v", err)
	}
	im, err := ImportFile(path, pass, t.TempDir(), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(im.Files[0].Path); string(b) != "new" {
		t.Errorf("content %q, want the new export", b)
	}
}

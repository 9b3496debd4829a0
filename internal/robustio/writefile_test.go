package robustio

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

func TestWriteFile(t *testing.T) {
	full := func(w io.Writer) error { _, err := io.WriteString(w, "%PDF-1.7 complete"); return err }
	errDisk := errors.New("disk full")
	half := func(w io.Writer) error { io.WriteString(w, "%PDF-1.7 hal"); return errDisk }
	tests := []struct {
		name    string
		before  string // "" = no file there
		write   func(io.Writer) error
		wantErr error
		want    string // "" = no file there
	}{
		{"new file", "", full, nil, "%PDF-1.7 complete"},
		{"replaces", "old", full, nil, "%PDF-1.7 complete"},
		{"a failed write leaves no file", "", half, errDisk, ""},
		{"a failed write keeps the old file", "old", half, errDisk, "old"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "一次告知单.pdf")
			if tc.before != "" {
				write(t, path, tc.before)
			}
			if err := WriteFile(path, tc.write); !errors.Is(err, tc.wantErr) {
				t.Fatalf("WriteFile: %v, want %v", err, tc.wantErr)
			}
			b, err := os.ReadFile(path)
			switch {
			case tc.want == "" && !os.IsNotExist(err):
				t.Fatalf("%s exists (%q, %v), want no file", path, b, err)
			case tc.want != "" && string(b) != tc.want:
				t.Fatalf("%s holds %q (%v), want %q", path, b, err, tc.want)
			}
			wantFiles := 0
			if tc.want != "" {
				wantFiles = 1
			}
			if es, _ := os.ReadDir(dir); len(es) != wantFiles {
				t.Fatalf("left in the folder: %v", es)
			}
		})
	}
}

// A saved file gets the permissions a file made with os.Create gets.
func TestWriteFileMode(t *testing.T) {
	dir := t.TempDir()
	f, err := os.Create(filepath.Join(dir, "plain"))
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	path := filepath.Join(dir, "saved.png")
	if err := WriteFile(path, func(w io.Writer) error { return nil }); err != nil {
		t.Fatal(err)
	}
	plain, _ := os.Stat(f.Name())
	saved, err := os.Stat(path)
	if err != nil || saved.Mode() != plain.Mode() {
		t.Fatalf("saved file mode %v (%v), os.Create gives %v", saved.Mode(), err, plain.Mode())
	}
}

// A folder that is gone fails at once, before anything is rendered.
func TestWriteFileMissingFolder(t *testing.T) {
	path := filepath.Join(t.TempDir(), "gone", "a.pdf")
	called := false
	err := WriteFile(path, func(io.Writer) error { called = true; return nil })
	if !os.IsNotExist(err) || called {
		t.Fatalf("WriteFile into a missing folder: %v (write called: %v)", err, called)
	}
}

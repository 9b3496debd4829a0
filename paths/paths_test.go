package paths

import (
	"path/filepath"
	"testing"
)

// TestDataDir checks each OS's layout. The separators are the host's
// (dataDir joins with path/filepath), so the expectations are written with
// slashes and converted: the table passes on Windows as well as on Unix.
func TestDataDir(t *testing.T) {
	home := func() (string, error) { return "/home/u", nil }
	override := t.TempDir() // absolute on every OS, unlike "/tmp/..." on Windows
	tests := []struct {
		goos string
		env  map[string]string
		want string
	}{
		{"linux", nil, filepath.FromSlash("/home/u/.local/share/yiye")},
		{"linux", map[string]string{"XDG_DATA_HOME": "/x"}, filepath.FromSlash("/x/yiye")},
		{"windows", map[string]string{"LOCALAPPDATA": `C:\Users\u\AppData\Local`}, filepath.Join(`C:\Users\u\AppData\Local`, "Yiye")},
		{"windows", nil, filepath.Join("/home/u", "AppData", "Local", "Yiye")},
		{"darwin", nil, filepath.FromSlash("/home/u/Library/Application Support/Yiye")},
		{"darwin", map[string]string{EnvDataDir: override}, override},
	}
	for _, tc := range tests {
		got, err := dataDir(tc.goos, func(k string) string { return tc.env[k] }, home)
		if err != nil {
			t.Fatal(err)
		}
		if got != tc.want {
			t.Errorf("%s %v: got %q, want %q", tc.goos, tc.env, got, tc.want)
		}
	}
}

func TestDataDirCreates(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "nested", "data")
	t.Setenv(EnvDataDir, dir)
	got, err := DataDir()
	if err != nil || got != dir {
		t.Fatalf("DataDir() = %q, %v", got, err)
	}
	if DatabaseFile(got) != filepath.Join(dir, "yiye.db") {
		t.Fatal("DatabaseFile")
	}
}

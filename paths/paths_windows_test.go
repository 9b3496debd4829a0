package paths

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestDataDirIsLocalAppData checks the default against the real Windows
// environment: the local, not the roaming, application-data folder.
func TestDataDirIsLocalAppData(t *testing.T) {
	t.Setenv(EnvDataDir, "")
	local, roaming := os.Getenv("LOCALAPPDATA"), os.Getenv("APPDATA")
	if local == "" || roaming == "" {
		t.Fatalf("LOCALAPPDATA=%q APPDATA=%q: a Windows session sets both", local, roaming)
	}
	got, err := dataDir(runtime.GOOS, os.Getenv, os.UserHomeDir)
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(local, AppDirName); got != want {
		t.Errorf("dataDir = %q, want %q", got, want)
	}
	if strings.HasPrefix(strings.ToLower(got), strings.ToLower(roaming)+`\`) {
		t.Errorf("dataDir %q is inside the roaming profile %q", got, roaming)
	}
}

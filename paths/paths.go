// Package paths says where Yiye keeps its data on each operating system.
//
// The data lives in the OS's local (not roaming) application-data folder:
// roaming profiles on domain-joined government PCs are synced over the
// network, which is wrong for a multi-megabyte database and scanned IDs.
package paths

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
)

// EnvDataDir overrides the data directory; tests and kiosks set it.
const EnvDataDir = "YIYE_DATA_DIR"

// AppDirName is the folder created inside the OS's application-data folder.
const AppDirName = "Yiye"

// DataDir returns the directory for the database and attachments, creating it.
func DataDir() (string, error) {
	dir, err := dataDir(runtime.GOOS, os.Getenv, os.UserHomeDir)
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	return dir, nil
}

func dataDir(goos string, getenv func(string) string, home func() (string, error)) (string, error) {
	if d := getenv(EnvDataDir); d != "" {
		return filepath.Abs(d)
	}
	switch goos {
	case "windows":
		if d := getenv("LOCALAPPDATA"); d != "" {
			return filepath.Join(d, AppDirName), nil
		}
		h, err := home()
		if err != nil {
			return "", err
		}
		return filepath.Join(h, "AppData", "Local", AppDirName), nil
	case "darwin":
		h, err := home()
		if err != nil {
			return "", err
		}
		return filepath.Join(h, "Library", "Application Support", AppDirName), nil
	default:
		if d := getenv("XDG_DATA_HOME"); d != "" {
			return filepath.Join(d, "yiye"), nil
		}
		h, err := home()
		if err != nil {
			return "", err
		}
		if h == "" {
			return "", errors.New("paths: no home directory")
		}
		return filepath.Join(h, ".local", "share", "yiye"), nil
	}
}

// DatabaseFile is the SQLite file inside dir.
func DatabaseFile(dir string) string { return filepath.Join(dir, "yiye.db") }

// AttachmentsDir is where attached materials are copied inside dir.
func AttachmentsDir(dir string) string { return filepath.Join(dir, "attachments") }

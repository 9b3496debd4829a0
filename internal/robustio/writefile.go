package robustio

import (
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
)

// WriteFile writes a file the user asked to save (a PDF, a picture) as a
// whole or not at all: write fills a temporary file beside path, which is
// synced and then renamed over path. When write, the disk or the rename
// fails, the temporary file is removed and whatever was at path before is
// left as it was. The new file gets the permissions os.Create gives.
func WriteFile(path string, write func(io.Writer) error) (err error) {
	f, err := createPart(path)
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if err = write(f); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	// A viewer or scanner can hold the old file for a moment on Windows.
	return Rename(tmp, path)
}

// createPart creates a new hidden (on Unix) file beside path. Unlike
// os.CreateTemp (always 0600) it honours the umask, like os.Create.
func createPart(path string) (*os.File, error) {
	dir, base := filepath.Split(path)
	for i := 0; ; i++ {
		tmp := filepath.Join(dir, "."+base+"."+strconv.FormatUint(rand.Uint64()%1e9, 36)+".part")
		f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
		if err == nil || !os.IsExist(err) || i == 9 {
			return f, err
		}
	}
}

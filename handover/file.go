package handover

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/naiman-yiye/yiye/internal/robustio"
)

// Extension is the suggested file extension for bundles.
const Extension = ".yiyedraft"

// ExportFile exports to path (e.g. on a USB stick) safely: it writes
// path+".part", syncs it and renames it over path only when complete, so an
// unplugged stick or a full disk never leaves a half bundle under the real
// name. On error the partial file is removed.
func ExportFile(path, passphrase string, m Manifest, files []File) error {
	return exportToPath(path, passphrase, m, files, Options{})
}

func exportToPath(path, passphrase string, m Manifest, files []File, opt Options) (err error) {
	part := path + ".part"
	f, err := os.OpenFile(part, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return ErrWrite.Wrap(err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(part)
		}
	}()
	if err := ExportOptions(f, passphrase, m, files, opt); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return ErrWrite.Wrap(err)
	}
	if err := f.Close(); err != nil {
		return ErrWrite.Wrap(err)
	}
	// A scanner checking the new file can hold it for a moment on Windows.
	if err := robustio.Rename(part, path); err != nil {
		return ErrWrite.Wrap(err)
	}
	return nil
}

// ImportFile opens path and imports it with Import.
func ImportFile(path, passphrase, destDir string, lim Limits) (*Imported, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, ErrRead.Wrap(err)
	}
	defer f.Close()
	return Import(f, passphrase, destDir, lim)
}

// Probe reads a bundle's header from r and reports whether it can be
// imported by this version (nil), without asking for the passphrase: a
// file picker can refuse a wrong file at once. It returns ErrNotBundle,
// ErrUnsupportedVersion, ErrBadParams or ErrTruncated.
func Probe(r io.Reader) error {
	hb := make([]byte, headerSize)
	n, err := io.ReadFull(r, hb)
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return ErrRead.Wrap(err)
	}
	_, perr := parseHeader(hb[:n])
	return perr
}

// RemoveStale deletes temporary directories that an import interrupted by
// a crash or power cut left in destDir. Call it before importing; finished
// imports are not touched.
func RemoveStale(destDir string) error {
	entries, err := os.ReadDir(destDir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	var errs []error
	for _, e := range entries {
		if e.IsDir() && strings.HasPrefix(e.Name(), tmpPrefix) {
			if err := os.RemoveAll(filepath.Join(destDir, e.Name())); err != nil {
				errs = append(errs, err)
			}
		}
	}
	return errors.Join(errs...)
}

package handover

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/naiman-yiye/yiye/internal/robustio"
	"github.com/naiman-yiye/yiye/usererr"
)

// Limits bound what Import accepts; a zero field takes the default.
type Limits struct {
	MaxTotal    int64 // all files together, bytes; default 1 GiB
	MaxFiles    int   // default 500
	MaxFile     int64 // one file, bytes; default 200 MiB
	MaxManifest int64 // the index JSON with the draft, bytes; default 8 MiB
}

// DefaultLimits are generous for a draft (a few dozen scanned materials) and
// still small enough for a kiosk's disk.
var DefaultLimits = Limits{MaxTotal: 1 << 30, MaxFiles: 500, MaxFile: 200 << 20, MaxManifest: 8 << 20}

func (l Limits) withDefaults() Limits {
	if l.MaxTotal <= 0 {
		l.MaxTotal = DefaultLimits.MaxTotal
	}
	if l.MaxFiles <= 0 {
		l.MaxFiles = DefaultLimits.MaxFiles
	}
	if l.MaxFile <= 0 {
		l.MaxFile = DefaultLimits.MaxFile
	}
	if l.MaxManifest <= 0 {
		l.MaxManifest = DefaultLimits.MaxManifest
	}
	return l
}

// Imported is a verified bundle unpacked into its own directory.
type Imported struct {
	Dir       string    // fresh directory inside destDir holding the files
	CreatedAt time.Time // when the bundle was exported (exporter's clock)
	Manifest  Manifest
	Files     []ImportedFile // in bundle order
}

// ImportedFile is one verified file.
type ImportedFile struct {
	Name   string // name inside the bundle (slash-separated)
	Path   string // where it is now, inside Imported.Dir
	Size   int64
	SHA256 [32]byte
}

// Remove deletes the imported directory, e.g. after the draft store has
// copied the files.
func (im *Imported) Remove() error { return os.RemoveAll(im.Dir) }

const (
	tmpPrefix   = ".handover-tmp-"
	finalPrefix = "handover-"
)

// Import decrypts and verifies the bundle read from r and unpacks it into a
// new directory inside destDir (created if missing). Everything is written
// to a hidden temporary directory first and renamed into place only after
// the final chunk has been authenticated, so a failed import leaves nothing
// in destDir and never touches what was there. Errors are *usererr.Error
// values such as ErrWrongPassphrase, ErrTampered, ErrTruncated, ErrTooLarge,
// ErrTooManyFiles, ErrBadName, ErrNotBundle, ErrUnsupportedVersion.
func Import(r io.Reader, passphrase, destDir string, lim Limits) (*Imported, error) {
	lim = lim.withDefaults()
	hb := make([]byte, headerSize)
	if n, err := io.ReadFull(r, hb); err != nil {
		if err != io.EOF && err != io.ErrUnexpectedEOF {
			return nil, ErrRead.Wrap(err)
		}
		if n < len(magic) || string(hb[:len(magic)]) != magic {
			return nil, ErrNotBundle
		}
		return nil, ErrTruncated
	}
	h, err := parseHeader(hb)
	if err != nil {
		return nil, err
	}
	// Refuse an oversized bundle before paying for the KDF.
	if maxPlain := uint64(4+lim.MaxManifest) + uint64(lim.MaxTotal) + uint64(lim.MaxFiles)*sha256.Size; h.plainLen > maxPlain {
		return nil, ErrTooLarge.Wrap(fmt.Errorf("bundle of %d bytes", h.plainLen))
	}
	key, err := openKey(h, passphrase)
	if err != nil {
		return nil, err
	}
	or, err := newOpenReader(r, key, hb, h.prefix[:], int(h.chunkSize))
	if err != nil {
		return nil, err
	}

	or.want = int64(h.plainLen)
	idx, err := readIndex(or, lim)
	if err != nil {
		return nil, err
	}
	want := uint64(or.consumed)
	for _, f := range idx.Files {
		want += uint64(f.Size) + sha256.Size
	}
	if want != h.plainLen {
		return nil, ErrTampered.Wrap(fmt.Errorf("index describes %d bytes, header %d", want, h.plainLen))
	}

	if err := os.MkdirAll(destDir, 0o700); err != nil {
		return nil, ErrWrite.Wrap(err)
	}
	tmp, err := os.MkdirTemp(destDir, tmpPrefix)
	if err != nil {
		return nil, ErrWrite.Wrap(err)
	}
	ok := false
	defer func() {
		if !ok {
			os.RemoveAll(tmp)
		}
	}()

	im := &Imported{CreatedAt: idx.CreatedAt, Manifest: idx.Manifest, Files: make([]ImportedFile, len(idx.Files))}
	for i, f := range idx.Files {
		p, sum, err := writeFile(or, tmp, f)
		if err != nil {
			return nil, err
		}
		im.Files[i] = ImportedFile{Name: f.Name, Path: p, Size: f.Size, SHA256: sum}
	}
	// The stream must end exactly here: the last chunk authenticates the
	// whole bundle, so nothing is trusted before this read returns EOF.
	var extra [1]byte
	if n, err := io.ReadFull(or, extra[:]); n != 0 {
		return nil, ErrTampered.Wrap(errors.New("data after the last file"))
	} else if err != io.EOF {
		return nil, readErr(err)
	}

	final, err := rename(tmp, destDir)
	if err != nil {
		return nil, err
	}
	ok = true
	im.Dir = final
	for i := range im.Files {
		rel, _ := filepath.Rel(tmp, im.Files[i].Path)
		im.Files[i].Path = filepath.Join(final, rel)
	}
	return im, nil
}

// readIndex reads and checks the index against lim before any file is written.
func readIndex(r *openReader, lim Limits) (*index, error) {
	var n [4]byte
	if _, err := io.ReadFull(r, n[:]); err != nil {
		return nil, streamErr(err)
	}
	size := int64(binary.BigEndian.Uint32(n[:]))
	if size > lim.MaxManifest {
		return nil, ErrTooLarge.Wrap(fmt.Errorf("index of %d bytes", size))
	}
	ib := make([]byte, size)
	if _, err := io.ReadFull(r, ib); err != nil {
		return nil, streamErr(err)
	}
	var idx index
	dec := json.NewDecoder(bytes.NewReader(ib))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&idx); err != nil {
		// Authenticated but unreadable: written by a buggy or hostile exporter.
		return nil, ErrTampered.Wrap(err)
	}
	if idx.Format != formatVersion {
		return nil, ErrUnsupportedVersion
	}
	if len(idx.Files) > lim.MaxFiles {
		return nil, tooManyFiles(len(idx.Files), lim.MaxFiles)
	}
	names := newNameSet()
	var total int64
	for _, f := range idx.Files {
		if err := CheckName(f.Name); err != nil {
			return nil, err
		}
		if err := names.add(f.Name); err != nil {
			return nil, err
		}
		if f.Size < 0 {
			return nil, ErrTampered.Wrap(fmt.Errorf("%q: negative size", f.Name))
		}
		if f.Size > lim.MaxFile {
			return nil, fileTooLarge(f.Name, f.Size, lim.MaxFile)
		}
		total += f.Size
		if total > lim.MaxTotal {
			return nil, totalTooLarge(total, lim.MaxTotal)
		}
	}
	return &idx, nil
}

// streamErr maps an early end of the plaintext to ErrTruncated.
func streamErr(err error) error {
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return ErrTampered.Wrap(errors.New("stream ends inside a record"))
	}
	return readErr(err)
}

// writeFile copies one file's bytes from r into dir and checks its hash.
func writeFile(r *openReader, dir string, f indexEntry) (string, [32]byte, error) {
	var sum [32]byte
	p := filepath.Join(dir, filepath.FromSlash(f.Name))
	// CheckName already refused anything that could escape; check again
	// on the real path as the last line of defence.
	if rel, err := filepath.Rel(dir, p); err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
		return "", sum, badName(f.Name, "escapes")
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		return "", sum, ErrWrite.Wrap(err)
	}
	out, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		if os.IsExist(err) {
			return "", sum, badName(f.Name, "collides on this file system")
		}
		return "", sum, ErrWrite.Wrap(err)
	}
	hash := sha256.New()
	tw := &trackWriter{w: out}
	n, err := io.Copy(io.MultiWriter(tw, hash), io.LimitReader(r, f.Size))
	cerr := out.Close()
	switch {
	case tw.err != nil:
		return "", sum, ErrWrite.Wrap(tw.err)
	case err != nil:
		return "", sum, readErr(err)
	case cerr != nil:
		return "", sum, ErrWrite.Wrap(cerr)
	}
	if n != f.Size {
		return "", sum, ErrTampered.Wrap(fmt.Errorf("%q: stream ends after %d of %d bytes", f.Name, n, f.Size))
	}
	var stored [32]byte
	if _, err := io.ReadFull(r, stored[:]); err != nil {
		return "", sum, streamErr(err)
	}
	copy(sum[:], hash.Sum(nil))
	if sum != stored {
		return "", sum, ErrTampered.Wrap(fmt.Errorf("%q: SHA-256 mismatch", f.Name))
	}
	return p, sum, nil
}

// trackWriter remembers a write error so it can be told from a read error.
type trackWriter struct {
	w   io.Writer
	err error
}

func (t *trackWriter) Write(p []byte) (int, error) {
	n, err := t.w.Write(p)
	if err != nil && t.err == nil {
		t.err = err
	}
	return n, err
}

// readErr keeps the stream's own usererr values and marks the source's
// I/O errors (a USB stick pulled out) as ErrRead.
func readErr(err error) error {
	var ue *usererr.Error
	if errors.As(err, &ue) {
		return err
	}
	return ErrRead.Wrap(err)
}

// rename moves tmp to a new, unused name in destDir.
func rename(tmp, destDir string) (string, error) {
	for range 10 {
		var b [6]byte
		if _, err := rand.Read(b[:]); err != nil {
			return "", err
		}
		final := filepath.Join(destDir, finalPrefix+time.Now().UTC().Format("20060102-150405")+"-"+hex.EncodeToString(b[:]))
		if _, err := os.Lstat(final); !errors.Is(err, os.ErrNotExist) {
			continue // never rename onto anything that exists
		}
		// On Windows a folder whose new files a scanner holds open cannot
		// be renamed for a moment.
		if err := robustio.Rename(tmp, final); err != nil {
			return "", ErrWrite.Wrap(err)
		}
		return final, nil
	}
	return "", ErrWrite.Wrap(errors.New("no free directory name"))
}

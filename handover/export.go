package handover

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"time"
	"unicode/utf8"
)

// Manifest is what a bundle says about the draft it carries.
type Manifest struct {
	// Draft is the draft as its owner (the drafts package) serialises it;
	// handover stores and returns it untouched.
	Draft json.RawMessage `json:"draft"`
	// Label helps the applicant recognise the draft after import, e.g.
	// "便利店 · 张三". Optional.
	Label string `json:"label,omitempty"`
}

// File is one attachment to export. Exactly one of Path and Reader is set.
type File struct {
	// Name is the name inside the bundle; it must pass CheckName
	// (e.g. "M001/身份证正面.jpg").
	Name string
	// Path is a file on disk; its size is taken when Export starts.
	Path string
	// Reader supplies the content; Size must then be its exact length.
	Reader io.Reader
	Size   int64
}

// Options tune Export; the zero value means the defaults.
type Options struct {
	KDF       KDFParams // zero: DefaultKDF
	ChunkSize int       // zero: DefaultChunkSize
	Now       func() time.Time
}

// MinPassphraseRunes is the shortest passphrase Export accepts.
const MinPassphraseRunes = 8

// CheckPassphrase reports whether passphrase is acceptable for export.
func CheckPassphrase(passphrase string) error {
	if utf8.RuneCountInString(passphrase) < MinPassphraseRunes {
		return ErrWeakPassphrase
	}
	return nil
}

// index is the first plaintext record of a bundle.
type index struct {
	Format    int          `json:"format"`
	CreatedAt time.Time    `json:"created_at"`
	Manifest  Manifest     `json:"manifest"`
	Files     []indexEntry `json:"files"`
}

type indexEntry struct {
	Name string `json:"name"`
	Size int64  `json:"size"`
}

// Export writes m and files to w as one encrypted bundle, streaming: memory
// use does not grow with the size of the files. On error w holds a partial,
// useless bundle; the caller deletes it.
func Export(w io.Writer, passphrase string, m Manifest, files []File) error {
	return ExportOptions(w, passphrase, m, files, Options{})
}

// ExportOptions is Export with explicit options (tests use a cheaper KDF).
func ExportOptions(w io.Writer, passphrase string, m Manifest, files []File, opt Options) error {
	if err := CheckPassphrase(passphrase); err != nil {
		return err
	}
	if opt.KDF == (KDFParams{}) {
		opt.KDF = DefaultKDF
	}
	if !opt.KDF.valid() {
		return fmt.Errorf("handover: KDF params %+v out of bounds", opt.KDF)
	}
	if opt.ChunkSize == 0 {
		opt.ChunkSize = DefaultChunkSize
	}
	if opt.ChunkSize < MinChunkSize || opt.ChunkSize > MaxChunkSize {
		return fmt.Errorf("handover: chunk size %d out of bounds", opt.ChunkSize)
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if len(m.Draft) == 0 {
		m.Draft = json.RawMessage("null")
	}
	if !json.Valid(m.Draft) {
		return errors.New("handover: manifest draft is not valid JSON")
	}

	idx := index{Format: formatVersion, CreatedAt: opt.Now().UTC(), Manifest: m, Files: make([]indexEntry, len(files))}
	names := newNameSet()
	for i, f := range files {
		if err := CheckName(f.Name); err != nil {
			return err
		}
		if err := names.add(f.Name); err != nil {
			return err
		}
		switch {
		case f.Path != "" && f.Reader == nil:
			st, err := os.Stat(f.Path)
			if err != nil {
				return fmt.Errorf("handover: %w", err)
			}
			if !st.Mode().IsRegular() {
				return fmt.Errorf("handover: %s is not a regular file", f.Path)
			}
			idx.Files[i] = indexEntry{f.Name, st.Size()}
		case f.Path == "" && f.Reader != nil && f.Size >= 0:
			idx.Files[i] = indexEntry{f.Name, f.Size}
		default:
			return fmt.Errorf("handover: file %q needs exactly one of Path or Reader (with Size)", f.Name)
		}
	}
	ij, err := json.Marshal(idx)
	if err != nil {
		return err
	}
	// Never write a bundle that Import's default limits would refuse.
	if err := checkExportLimits(idx, int64(len(ij))); err != nil {
		return err
	}

	plainLen := uint64(4 + len(ij))
	for _, f := range idx.Files {
		plainLen += uint64(f.Size) + sha256.Size
	}
	h, key, err := newHeader(passphrase, opt.KDF, opt.ChunkSize, plainLen)
	if err != nil {
		return err
	}
	hb := h.marshal()
	if _, err := w.Write(hb); err != nil {
		return ErrWrite.Wrap(err)
	}
	sw, err := newSealWriter(w, key, hb, h.prefix[:], opt.ChunkSize)
	if err != nil {
		return err
	}
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(ij)))
	if _, err := sw.Write(n[:]); err != nil {
		return err
	}
	if _, err := sw.Write(ij); err != nil {
		return err
	}
	for i, f := range files {
		if err := exportFile(sw, f, idx.Files[i].Size); err != nil {
			return err
		}
	}
	return sw.Close()
}

func exportFile(sw *sealWriter, f File, size int64) error {
	r := f.Reader
	if r == nil {
		fh, err := os.Open(f.Path)
		if err != nil {
			return fmt.Errorf("handover: %w", err)
		}
		defer fh.Close()
		r = fh
	}
	hash := sha256.New()
	n, err := io.Copy(io.MultiWriter(sw, hash), io.LimitReader(r, size))
	if sw.err != nil {
		return sw.err
	}
	if err != nil {
		return fmt.Errorf("handover: export %q: %w", f.Name, err)
	}
	if n != size {
		return ErrSourceChanged.Wrap(fmt.Errorf("%q: %d of %d bytes", f.Name, n, size))
	}
	// A file that grew would be silently cut; refuse instead.
	var one [1]byte
	if k, _ := r.Read(one[:]); k != 0 {
		return ErrSourceChanged.Wrap(fmt.Errorf("%q grew during export", f.Name))
	}
	if _, err := sw.Write(hash.Sum(nil)); err != nil {
		return err
	}
	return nil
}

func checkExportLimits(idx index, indexLen int64) error {
	lim := DefaultLimits
	if len(idx.Files) > lim.MaxFiles {
		return tooManyFiles(len(idx.Files), lim.MaxFiles)
	}
	if indexLen > lim.MaxManifest {
		return ErrTooLarge.Wrap(fmt.Errorf("index of %d bytes", indexLen))
	}
	var total int64
	for _, f := range idx.Files {
		if f.Size > lim.MaxFile {
			return fileTooLarge(f.Name, f.Size, lim.MaxFile)
		}
		total += f.Size
	}
	if total > lim.MaxTotal {
		return totalTooLarge(total, lim.MaxTotal)
	}
	return nil
}

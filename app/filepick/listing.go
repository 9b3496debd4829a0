package filepick

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// entry is one row of the list: a folder or a file the picker accepts.
type entry struct {
	name string
	path string
	dir  bool
	size int64
	mod  time.Time
}

// readDir lists dir for the picker: folders, then the regular files whose
// extension is one of exts (all files when exts is empty); hidden ones
// (dot files, and on Windows those with the hidden attribute) left out.
// Symbolic links count as what they point to; broken ones, devices, pipes
// and sockets are left out. Names sort as a Chinese reader expects: by
// pinyin for hanzi, case-insensitive, and numbers by value (第2页 before
// 第10页).
//
// It runs on the UI goroutine, synchronously: BenchmarkReadDir lists a
// thousand matching files in about 10 ms on our shared two-core build
// machine, mostly one lstat per file, and the folders applicants open
// hold tens of files. A slow network drive could stall the dialog for a
// moment; that is not worth the extra states (loading, stale results,
// a cancelled dialog) a background listing would add to a modal picker.
//
// A folder that cannot be read returns the error (and no entries), for the
// picker to say so.
func readDir(dir string, exts []string) ([]entry, error) {
	des, err := os.ReadDir(dir)
	if err != nil && len(des) == 0 {
		return nil, err
	}
	out := make([]entry, 0, len(des))
	for _, de := range des {
		name := de.Name()
		if strings.HasPrefix(name, ".") {
			continue
		}
		if de.Type().IsRegular() && len(exts) > 0 && !hasExt(name, exts) {
			continue // no need to stat a file we will not show
		}
		p := filepath.Join(dir, name)
		info, err := de.Info()
		if err != nil {
			continue // removed since the listing
		}
		if hiddenAttr(info) {
			continue
		}
		if info.Mode()&fs.ModeSymlink != 0 {
			if info, err = os.Stat(p); err != nil {
				continue
			}
		}
		switch {
		case info.IsDir():
			out = append(out, entry{name: name, path: p, dir: true, mod: info.ModTime()})
		case info.Mode().IsRegular() && (len(exts) == 0 || hasExt(name, exts)):
			out = append(out, entry{name: name, path: p, size: info.Size(), mod: info.ModTime()})
		}
	}
	sortEntries(out)
	return out, nil
}

// sortEntries puts folders first, each group in Chinese collation order.
func sortEntries(es []entry) {
	// Collation per call: a Collator is not safe for concurrent use.
	c := collate.New(language.Chinese, collate.IgnoreCase, collate.IgnoreWidth, collate.Numeric)
	var buf collate.Buffer
	keys := make(map[string][]byte, len(es))
	for _, e := range es {
		keys[e.path] = c.KeyFromString(&buf, e.name)
	}
	slices.SortStableFunc(es, func(a, b entry) int {
		if a.dir != b.dir {
			if a.dir {
				return -1
			}
			return 1
		}
		if d := bytes.Compare(keys[a.path], keys[b.path]); d != 0 {
			return d
		}
		return strings.Compare(a.name, b.name)
	})
}

// normalizeExts lower-cases exts and gives each a leading dot, dropping
// empty and repeated ones; nil (or nothing left) means all files.
func normalizeExts(exts []string) []string {
	var out []string
	for _, e := range exts {
		e = strings.ToLower(strings.TrimSpace(e))
		if e == "" || e == "." {
			continue
		}
		if !strings.HasPrefix(e, ".") {
			e = "." + e
		}
		if !slices.Contains(out, e) {
			out = append(out, e)
		}
	}
	return out
}

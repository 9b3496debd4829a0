package handover

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/naiman-yiye/yiye/usererr"
)

const pass = "correct horse 电池"

// testKDF keeps each test's key derivation to about a millisecond.
var testKDF = Options{KDF: KDFParams{Time: 1, MemoryKiB: 256, Threads: 1}, ChunkSize: MinChunkSize}

var testDraft = json.RawMessage(`{"industry":"convenience-store","fields":{"name":"张三便利店"}}`)

func writeTestFile(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func randBytes(t testing.TB, n int) []byte {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return b
}

// snapshot lists every path under dir with a hash of its content.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if d.IsDir() {
			m[rel] = "dir"
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		s := sha256.Sum256(b)
		m[rel] = string(s[:])
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func sameSnapshot(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// destWithDrafts makes an import destination that already holds drafts.
func destWithDrafts(t *testing.T) string {
	t.Helper()
	dest := filepath.Join(t.TempDir(), "imports")
	if err := os.MkdirAll(filepath.Join(dest, "handover-existing"), 0o700); err != nil {
		t.Fatal(err)
	}
	writeTestFile(t, dest, "handover-existing/a.txt", []byte("keep me"))
	writeTestFile(t, dest, "other.db", []byte("existing drafts"))
	return dest
}

func smallBundle(t *testing.T) []byte {
	t.Helper()
	dir := t.TempDir()
	var buf bytes.Buffer
	err := ExportOptions(&buf, pass, Manifest{Draft: testDraft, Label: "便利店 · 张三"}, []File{
		{Name: "M001/身份证正面.jpg", Path: writeTestFile(t, dir, "id.jpg", bytes.Repeat([]byte("jpeg"), 700))},
		{Name: "notes.txt", Reader: strings.NewReader("hello"), Size: 5},
	}, testKDF)
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestRoundTrip(t *testing.T) {
	src := t.TempDir()
	big := randBytes(t, 20<<20)
	files := []File{
		{Name: "M001/身份证正面.jpg", Path: writeTestFile(t, src, "id.jpg", randBytes(t, 3000))},
		{Name: "M001/身份证反面.jpg", Path: writeTestFile(t, src, "id2.jpg", randBytes(t, MinChunkSize))},
		{Name: "empty.txt", Path: writeTestFile(t, src, "empty", nil)},
		{Name: "big/scan.pdf", Path: writeTestFile(t, src, "big.pdf", big)},
		{Name: "from-reader.bin", Reader: bytes.NewReader([]byte("streamed from memory")), Size: 20},
	}
	bundle := filepath.Join(t.TempDir(), "draft.yiye")
	out, err := os.Create(bundle)
	if err != nil {
		t.Fatal(err)
	}
	opt := testKDF
	opt.ChunkSize = DefaultChunkSize
	created := time.Date(2026, 11, 24, 9, 30, 0, 0, time.UTC)
	opt.Now = func() time.Time { return created }

	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	if err := ExportOptions(out, pass, Manifest{Draft: testDraft, Label: "便利店"}, files, opt); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
	in, err := os.Open(bundle)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	dest := destWithDrafts(t)
	old := snapshot(t, dest)
	im, err := Import(in, pass, dest, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	// Streaming: 20 MB went through without being held in memory.
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 8<<20 {
		t.Errorf("export+import allocated %d bytes for a 20 MB file; not streaming", alloc)
	}

	if !bytes.Equal(im.Manifest.Draft, testDraft) || im.Manifest.Label != "便利店" || !im.CreatedAt.Equal(created) {
		t.Errorf("manifest = %s %q %v", im.Manifest.Draft, im.Manifest.Label, im.CreatedAt)
	}
	if filepath.Dir(im.Dir) != dest || !strings.HasPrefix(filepath.Base(im.Dir), finalPrefix) {
		t.Errorf("Dir = %s, want a new handover-* dir in %s", im.Dir, dest)
	}
	if len(im.Files) != len(files) {
		t.Fatalf("got %d files", len(im.Files))
	}
	for i, f := range files {
		var want []byte
		if f.Path != "" {
			want, _ = os.ReadFile(f.Path)
		} else {
			want = []byte("streamed from memory")
		}
		g := im.Files[i]
		got, err := os.ReadFile(g.Path)
		if err != nil {
			t.Fatal(err)
		}
		if g.Name != f.Name || !bytes.Equal(got, want) || g.Size != int64(len(want)) || g.SHA256 != sha256.Sum256(want) {
			t.Errorf("file %d %q: name %q, %d bytes, equal=%v", i, f.Name, g.Name, len(got), bytes.Equal(got, want))
		}
		if rel, _ := filepath.Rel(im.Dir, g.Path); filepath.ToSlash(rel) != f.Name {
			t.Errorf("file %q at %s", f.Name, g.Path)
		}
	}
	// The existing drafts are untouched; only the new directory was added.
	now := snapshot(t, dest)
	for k, v := range old {
		if now[k] != v {
			t.Errorf("existing %s changed", k)
		}
	}
	entries, _ := os.ReadDir(dest)
	if len(entries) != 3 {
		t.Errorf("dest holds %d entries, want 3 (2 old + 1 new)", len(entries))
	}
	if err := im.Remove(); err != nil {
		t.Fatal(err)
	}
	if !sameSnapshot(old, snapshot(t, dest)) {
		t.Error("Remove touched more than the import")
	}
}

func TestExportRefuses(t *testing.T) {
	dir := t.TempDir()
	p := writeTestFile(t, dir, "a", []byte("abc"))
	tests := []struct {
		name  string
		pass  string
		files []File
		want  error
	}{
		{"short passphrase", "1234567", nil, ErrWeakPassphrase},
		{"traversal", pass, []File{{Name: "../a", Path: p}}, ErrBadName},
		{"collision", pass, []File{{Name: "A.txt", Path: p}, {Name: "a.TXT", Path: p}}, ErrBadName},
		{"reader shorter than size", pass, []File{{Name: "x", Reader: strings.NewReader("ab"), Size: 3}}, ErrSourceChanged},
		{"reader longer than size", pass, []File{{Name: "x", Reader: strings.NewReader("abcd"), Size: 3}}, ErrSourceChanged},
		{"too large for import", pass, []File{{Name: "x", Reader: strings.NewReader(""), Size: DefaultLimits.MaxFile + 1}}, ErrTooLarge},
		{"too many for import", pass, manyFiles(DefaultLimits.MaxFiles + 1), ErrTooManyFiles},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ExportOptions(io.Discard, tt.pass, Manifest{Draft: testDraft}, tt.files, testKDF)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
		})
	}
	if err := ExportOptions(io.Discard, pass, Manifest{}, []File{{Name: "x", Path: p, Reader: strings.NewReader("")}}, testKDF); err == nil {
		t.Error("both Path and Reader accepted")
	}
	if err := ExportOptions(io.Discard, pass, Manifest{Draft: json.RawMessage("{")}, nil, testKDF); err == nil {
		t.Error("invalid draft JSON accepted")
	}
}

func manyFiles(n int) []File {
	fs := make([]File, n)
	for i := range fs {
		fs[i] = File{Name: fmt.Sprintf("f%d", i), Reader: strings.NewReader(""), Size: 0}
	}
	return fs
}

type failWriter struct{ n int }

func (f *failWriter) Write(p []byte) (int, error) {
	if f.n -= len(p); f.n < 0 {
		return 0, errors.New("disk full")
	}
	return len(p), nil
}

func TestExportWriteError(t *testing.T) {
	err := ExportOptions(&failWriter{n: 200}, pass, Manifest{Draft: testDraft},
		[]File{{Name: "x", Reader: bytes.NewReader(make([]byte, 5000)), Size: 5000}}, testKDF)
	if !errors.Is(err, ErrWrite) {
		t.Fatalf("err = %v, want ErrWrite", err)
	}
}

// importExpect imports b into a destination holding drafts and checks the
// error and that the destination is exactly as before.
func importExpect(t *testing.T, b []byte, passphrase string, lim Limits, want error) {
	t.Helper()
	dest := destWithDrafts(t)
	old := snapshot(t, dest)
	parent := snapshot(t, filepath.Dir(dest))
	im, err := Import(bytes.NewReader(b), passphrase, dest, lim)
	if err == nil {
		t.Fatalf("imported into %s, want %v", im.Dir, want)
	}
	var ue *usererr.Error
	if !errors.As(err, &ue) || ue.ZH == "" || ue.EN == "" {
		t.Errorf("err %v is not a *usererr.Error with both messages", err)
	}
	if want != nil && !errors.Is(err, want) {
		t.Errorf("err = %v (%v), want %v", err, errors.Unwrap(err), want)
	}
	if !sameSnapshot(old, snapshot(t, dest)) || !sameSnapshot(parent, snapshot(t, filepath.Dir(dest))) {
		t.Errorf("failed import changed the disk")
	}
}

func TestImportWrongPassphrase(t *testing.T) {
	b := smallBundle(t)
	importExpect(t, b, "wrong horse 电池", Limits{}, ErrWrongPassphrase)
	importExpect(t, b, "", Limits{}, ErrWrongPassphrase)
	if ErrWrongPassphrase.ZH != "口令错误或文件已损坏，请核对口令后重试。" {
		t.Errorf("message changed: %s", ErrWrongPassphrase.ZH)
	}
}

func TestImportNotBundle(t *testing.T) {
	b := smallBundle(t)
	importExpect(t, nil, pass, Limits{}, ErrNotBundle)
	importExpect(t, []byte("PK\x03\x04 a zip file"), pass, Limits{}, ErrNotBundle)
	importExpect(t, b[:5], pass, Limits{}, ErrNotBundle)
	v2 := bytes.Clone(b)
	binary.BigEndian.PutUint16(v2[8:], 2)
	importExpect(t, v2, pass, Limits{}, ErrUnsupportedVersion)
	v0 := bytes.Clone(b)
	binary.BigEndian.PutUint16(v0[8:], 0)
	importExpect(t, v0, pass, Limits{}, ErrNotBundle)
}

func TestImportHostileKDFParams(t *testing.T) {
	b := smallBundle(t)
	mem := bytes.Clone(b)
	binary.BigEndian.PutUint32(mem[16:], 4<<20) // 4 GiB
	importExpect(t, mem, pass, Limits{}, ErrBadParams)
	tm := bytes.Clone(b)
	binary.BigEndian.PutUint32(tm[12:], 1<<30)
	importExpect(t, tm, pass, Limits{}, ErrBadParams)
	th := bytes.Clone(b)
	th[11] = 0
	importExpect(t, th, pass, Limits{}, ErrBadParams)
	ch := bytes.Clone(b)
	binary.BigEndian.PutUint32(ch[20:], 1<<30)
	importExpect(t, ch, pass, Limits{}, ErrBadParams)
	kdf := bytes.Clone(b)
	kdf[10] = 2
	importExpect(t, kdf, pass, Limits{}, ErrBadParams)
	huge := bytes.Clone(b)
	binary.BigEndian.PutUint64(huge[24:], 1<<62)
	importExpect(t, huge, pass, Limits{}, ErrTooLarge)
}

// nextProbe visits every header byte, the bytes around every chunk
// boundary and the last bytes, and every 13th byte in between (each import
// costs a KDF run, so all ~3000 would make the test slow).
func nextProbe(i, n int) int {
	c := MinChunkSize + tagSize
	off := (i - headerSize) % c
	if i < headerSize || off < 2 || off >= c-tagSize-2 || i >= n-tagSize-2 {
		return i + 1
	}
	return min(i+13, n-tagSize-2)
}

// TestImportTampered flips bytes all over a bundle (see nextProbe): each must be
// refused, and a flip after the header must say "tampered".
func TestImportTampered(t *testing.T) {
	b := smallBundle(t)
	dest := destWithDrafts(t)
	old := snapshot(t, dest)
	for i := 0; i < len(b); i = nextProbe(i, len(b)) {
		c := bytes.Clone(b)
		c[i] ^= 0x01 << (i % 8)
		_, err := Import(bytes.NewReader(c), pass, dest, Limits{})
		if err == nil {
			t.Fatalf("flip at %d accepted", i)
		}
		if i >= headerSize && !errors.Is(err, ErrTampered) {
			t.Errorf("flip at %d: %v, want tampered", i, err)
		}
		if i >= 67 && i < headerSize && !errors.Is(err, ErrWrongPassphrase) {
			t.Errorf("flip in key check at %d: %v", i, err)
		}
	}
	if !sameSnapshot(old, snapshot(t, dest)) {
		t.Error("failed imports changed the destination")
	}
}

func TestImportTruncatedAndExtended(t *testing.T) {
	b := smallBundle(t)
	if len(b) < headerSize+2*(MinChunkSize+tagSize) {
		t.Fatalf("bundle of %d bytes has fewer than 3 chunks", len(b))
	}
	dest := destWithDrafts(t)
	old := snapshot(t, dest)
	for n := len(magic); n < len(b); n = nextProbe(n, len(b)) {
		_, err := Import(bytes.NewReader(b[:n]), pass, dest, Limits{})
		if !errors.Is(err, ErrTruncated) {
			t.Errorf("cut at %d of %d: %v, want truncated", n, len(b), err)
		}
	}
	for _, extra := range [][]byte{{0}, randBytes(t, tagSize), randBytes(t, MinChunkSize+tagSize)} {
		_, err := Import(bytes.NewReader(append(bytes.Clone(b), extra...)), pass, dest, Limits{})
		if !errors.Is(err, ErrTampered) {
			t.Errorf("%d extra bytes: %v, want tampered", len(extra), err)
		}
	}
	// Dropping or swapping whole chunks is caught too.
	c := MinChunkSize + tagSize
	chunk := func(i int) []byte { return b[headerSize+i*c : headerSize+(i+1)*c] }
	swapped := append(append(append(bytes.Clone(b[:headerSize]), chunk(1)...), chunk(0)...), b[headerSize+2*c:]...)
	dropped := append(bytes.Clone(b[:headerSize]), b[headerSize+c:]...)
	for name, bad := range map[string][]byte{"swapped": swapped, "dropped": dropped} {
		if _, err := Import(bytes.NewReader(bad), pass, dest, Limits{}); !errors.Is(err, ErrTampered) {
			t.Errorf("%s chunks: %v, want tampered", name, err)
		}
	}
	if !sameSnapshot(old, snapshot(t, dest)) {
		t.Error("failed imports changed the destination")
	}
}

func TestImportLimits(t *testing.T) {
	b := smallBundle(t) // files of 2800 and 5 bytes
	importExpect(t, b, pass, Limits{MaxFile: 2799}, ErrTooLarge)
	importExpect(t, b, pass, Limits{MaxTotal: 2804}, ErrTooLarge)
	importExpect(t, b, pass, Limits{MaxFiles: 1}, ErrTooManyFiles)
	importExpect(t, b, pass, Limits{MaxManifest: 50}, ErrTooLarge)
	if _, err := Import(bytes.NewReader(b), pass, t.TempDir(), Limits{MaxFile: 2800, MaxTotal: 2805, MaxFiles: 2}); err != nil {
		t.Errorf("exact limits refused: %v", err)
	}
}

// sealPlain encrypts an arbitrary plaintext as a bundle, to build files that
// Export would refuse to write (a hostile exporter knows the passphrase).
func sealPlain(t testing.TB, plain []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	h, key, err := newHeader(pass, testKDF.KDF, testKDF.ChunkSize, uint64(len(plain)))
	if err != nil {
		t.Fatal(err)
	}
	hb := h.marshal()
	buf.Write(hb)
	sw, err := newSealWriter(&buf, key, hb, h.prefix[:], testKDF.ChunkSize)
	if err != nil {
		t.Fatal(err)
	}
	sw.Write(plain)
	if err := sw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

type hostileFile struct {
	name    string
	size    int64
	content []byte
	sum     []byte // nil: the real SHA-256
}

// plainFor lays out a plaintext from idx and files the way Export does.
func plainFor(t testing.TB, indexJSON []byte, files []hostileFile) []byte {
	var p bytes.Buffer
	binary.Write(&p, binary.BigEndian, uint32(len(indexJSON)))
	p.Write(indexJSON)
	for _, f := range files {
		p.Write(f.content)
		if f.sum != nil {
			p.Write(f.sum)
		} else {
			s := sha256.Sum256(f.content)
			p.Write(s[:])
		}
	}
	return p.Bytes()
}

func hostileBundle(t testing.TB, files ...hostileFile) []byte {
	idx := index{Format: formatVersion, Manifest: Manifest{Draft: testDraft}}
	for _, f := range files {
		idx.Files = append(idx.Files, indexEntry{f.name, f.size})
	}
	ij, err := json.Marshal(idx)
	if err != nil {
		t.Fatal(err)
	}
	return sealPlain(t, plainFor(t, ij, files))
}

func ok(name string, content string) hostileFile {
	return hostileFile{name: name, size: int64(len(content)), content: []byte(content)}
}

func TestImportHostileContent(t *testing.T) {
	tests := []struct {
		name  string
		files []hostileFile
		want  error
	}{
		{"dot-dot", []hostileFile{ok("../evil.txt", "x")}, ErrBadName},
		{"nested dot-dot", []hostileFile{ok("a/../../evil.txt", "x")}, ErrBadName},
		{"absolute", []hostileFile{ok("/etc/evil", "x")}, ErrBadName},
		{"windows drive", []hostileFile{ok("C:/Windows/evil.dll", "x")}, ErrBadName},
		{"drive relative", []hostileFile{ok("C:evil", "x")}, ErrBadName},
		{"backslash traversal", []hostileFile{ok(`..\evil`, "x")}, ErrBadName},
		{"UNC", []hostileFile{ok(`\\server\share\evil`, "x")}, ErrBadName},
		{"NUL", []hostileFile{ok("a\x00.txt", "x")}, ErrBadName},
		{"device", []hostileFile{ok("CON.txt", "x")}, ErrBadName},
		{"trailing dot", []hostileFile{ok("a.", "x")}, ErrBadName},
		{"empty name", []hostileFile{ok("", "x")}, ErrBadName},
		{"case collision", []hostileFile{ok("Photo.JPG", "x"), ok("photo.jpg", "y")}, ErrBadName},
		{"file vs folder", []hostileFile{ok("a", "x"), ok("A/b", "y")}, ErrBadName},
		{"duplicate", []hostileFile{ok("a", "x"), ok("a", "y")}, ErrBadName},
		{"bad hash", []hostileFile{{name: "a", size: 1, content: []byte("x"), sum: make([]byte, 32)}}, ErrTampered},
		{"negative size", []hostileFile{{name: "a", size: -1}}, ErrTampered},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			importExpect(t, hostileBundle(t, tt.files...), pass, Limits{}, tt.want)
		})
	}
	// Index inconsistent with the header's length, and garbage JSON.
	short := hostileFile{name: "a", size: 10, content: []byte("abc")}
	importExpect(t, hostileBundle(t, short), pass, Limits{}, ErrTampered)
	importExpect(t, sealPlain(t, plainFor(t, []byte(`{"format":1,"files":[`), nil)), pass, Limits{}, ErrTampered)
	importExpect(t, sealPlain(t, plainFor(t, []byte(`{"format":1,"evil":true}`), nil)), pass, Limits{}, ErrTampered)
	importExpect(t, sealPlain(t, plainFor(t, []byte(`{"format":2}`), nil)), pass, Limits{}, ErrUnsupportedVersion)
	importExpect(t, sealPlain(t, []byte{0, 0}), pass, Limits{}, ErrTampered)
	// A hostile exporter may also make a huge index length.
	importExpect(t, sealPlain(t, []byte{0xff, 0xff, 0xff, 0xff}), pass, Limits{}, ErrTooLarge)
}

func TestCheckName(t *testing.T) {
	good := []string{"a.txt", "M001/身份证正面.jpg", "a/b/c/d", "营业执照 副本.pdf", "..a", "a..b"}
	bad := []string{"", ".", "..", "../a", "a/..", "a//b", "/a", "a/", `a\b`, "C:", "c:/x", `\\?\C:\x`,
		"a\x00", "a\nb", "a|b", "a?", "a*", `"a"`, "<a>", "NUL", "com1.txt", "LPT9", "aux.tar.gz",
		"COM¹", " a", "a ", "a.", "a/b/c/d/e", strings.Repeat("长", 86), "\xff"}
	for _, n := range good {
		if err := CheckName(n); err != nil {
			t.Errorf("CheckName(%q) = %v", n, err)
		}
	}
	for _, n := range bad {
		if err := CheckName(n); !errors.Is(err, ErrBadName) {
			t.Errorf("CheckName(%q) = %v, want ErrBadName", n, err)
		}
	}
}

// escapes reports whether a relative path leaves its base ("..0" does not).
func escapes(rel string) bool {
	return rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

func FuzzCheckName(f *testing.F) {
	for _, s := range []string{"a.txt", "../a", "a/b", `C:\x`, "CON", "M001/身份证.jpg"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		if CheckName(name) != nil {
			return
		}
		// An accepted name stays inside any directory on every OS.
		dir := filepath.FromSlash("/base/dir")
		p := filepath.Join(dir, filepath.FromSlash(name))
		if rel, err := filepath.Rel(dir, p); err != nil || escapes(rel) || filepath.IsAbs(rel) || rel == "." {
			t.Fatalf("%q escapes: %q", name, rel)
		}
		if strings.ContainsAny(name, "\\:\x00") {
			t.Fatalf("%q accepted", name)
		}
	})
}

// checkContained asserts that a fuzzed import left dest's parent holding only
// dest, dest holding the old entries plus at most one new directory, and
// that every imported file lies inside it.
func checkContained(t *testing.T, parent, dest string, old map[string]string, im *Imported, err error) {
	t.Helper()
	if es, _ := os.ReadDir(parent); len(es) != 1 {
		t.Fatalf("import wrote beside dest: %v", es)
	}
	es, _ := os.ReadDir(dest)
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	if err != nil {
		if !sameSnapshot(old, snapshot(t, dest)) {
			t.Fatalf("failed import (%v) changed dest: %v", err, names)
		}
		var ue *usererr.Error
		if !errors.As(err, &ue) {
			t.Fatalf("error %v is not a *usererr.Error", err)
		}
		return
	}
	for _, n := range names {
		if _, was := old[n]; !was && n != filepath.Base(im.Dir) {
			t.Fatalf("dest holds %v, imported into %s", names, im.Dir)
		}
	}
	for k, v := range old {
		if k != "." && snapshot(t, dest)[k] != v {
			t.Fatalf("import changed %s", k)
		}
	}
	for _, f := range im.Files {
		if rel, e := filepath.Rel(im.Dir, f.Path); e != nil || escapes(rel) {
			t.Fatalf("file %q at %s outside %s", f.Name, f.Path, im.Dir)
		}
	}
	if filepath.Dir(im.Dir) != dest {
		t.Fatalf("imported into %s", im.Dir)
	}
}

func fuzzDest(t *testing.T) (parent, dest string, old map[string]string) {
	parent = t.TempDir()
	dest = filepath.Join(parent, "dest")
	os.Mkdir(dest, 0o700)
	writeTestFile(t, dest, "existing.txt", []byte("keep"))
	return parent, dest, snapshot(t, dest)
}

// lowerBounds keeps fuzzed KDF parameters cheap.
func lowerBounds(f *testing.F) {
	m, tm := maxMemoryKiB, maxTime
	maxMemoryKiB, maxTime = 1024, 2
	f.Cleanup(func() { maxMemoryKiB, maxTime = m, tm })
}

// FuzzImport feeds raw files to Import: it must never panic, never accept
// a file that was not sealed with the passphrase, and never write outside dest.
func FuzzImport(f *testing.F) {
	lowerBounds(f)
	f.Add(smallBundleF(f))
	f.Add(hostileBundle(f, ok("../evil", "x")))
	f.Add(hostileBundle(f, ok("a", "x"), ok("b/c", "yy")))
	f.Add([]byte(magic))
	f.Fuzz(func(t *testing.T, b []byte) {
		parent, dest, old := fuzzDest(t)
		im, err := Import(bytes.NewReader(b), pass, dest, Limits{MaxTotal: 1 << 20, MaxFile: 1 << 20, MaxFiles: 50})
		checkContained(t, parent, dest, old, im, err)
	})
}

// FuzzImportPayload fuzzes what is inside the encryption (index and file
// layout), as a hostile exporter who knows the passphrase could write it.
func FuzzImportPayload(f *testing.F) {
	for _, files := range [][]hostileFile{
		{ok("a.txt", "hello"), ok("M001/身份证.jpg", "jpeg")},
		{ok("../evil", "x")},
		{ok("A", "1"), ok("a", "2")},
		{},
	} {
		idx := index{Format: formatVersion, Manifest: Manifest{Draft: testDraft}}
		for _, h := range files {
			idx.Files = append(idx.Files, indexEntry{h.name, h.size})
		}
		ij, _ := json.Marshal(idx)
		f.Add(plainFor(f, ij, files))
	}
	f.Fuzz(func(t *testing.T, plain []byte) {
		parent, dest, old := fuzzDest(t)
		im, err := Import(bytes.NewReader(sealPlain(t, plain)), pass, dest, Limits{MaxTotal: 1 << 20, MaxFile: 1 << 20, MaxFiles: 50})
		checkContained(t, parent, dest, old, im, err)
	})
}

func smallBundleF(f *testing.F) []byte {
	var buf bytes.Buffer
	err := ExportOptions(&buf, pass, Manifest{Draft: testDraft}, []File{
		{Name: "M001/身份证正面.jpg", Reader: bytes.NewReader(bytes.Repeat([]byte("jpeg"), 700)), Size: 2800},
		{Name: "notes.txt", Reader: strings.NewReader("hello"), Size: 5},
	}, testKDF)
	if err != nil {
		f.Fatal(err)
	}
	return buf.Bytes()
}

func TestErrorMessagesNameTheProblem(t *testing.T) {
	b := smallBundle(t)
	_, err := Import(bytes.NewReader(b), pass, t.TempDir(), Limits{MaxFile: 1 << 10})
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "M001/身份证正面.jpg") || !strings.Contains(err.Error(), "2.7 KB") || !strings.Contains(err.Error(), "1.0 KB") {
		t.Errorf("too large: %v", err)
	}
	_, err = Import(bytes.NewReader(hostileBundle(t, ok("../\x1b[2Jevil", "x"))), pass, t.TempDir(), Limits{})
	var ue *usererr.Error
	if !errors.As(err, &ue) || !strings.Contains(ue.ZH, "../�[2Jevil") || !strings.Contains(ue.EN, `"../�[2Jevil"`) {
		t.Errorf("bad name: %v / %v", err, ue)
	}
	if err := CheckName(strings.Repeat("a", 300)); !strings.Contains(err.Error(), "…") {
		t.Errorf("long name not shortened: %v", err)
	}
}

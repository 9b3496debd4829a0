package kioskmode

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/chacha20poly1305"

	"github.com/naiman-yiye/yiye/app/i18n"
	apptheme "github.com/naiman-yiye/yiye/app/theme"
	"github.com/naiman-yiye/yiye/drafts"
	"github.com/naiman-yiye/yiye/handover"
	"github.com/naiman-yiye/yiye/paths"
	"github.com/naiman-yiye/yiye/store"
)

// newApp is a test app with Chinese applied; background work runs on the
// test goroutine.
func newApp(t *testing.T) fyne.App {
	t.Helper()
	a := test.NewTempApp(t)
	a.Settings().SetTheme(apptheme.New(apptheme.Options{Kiosk: true}))
	if err := i18n.Apply(i18n.Chinese); err != nil {
		t.Fatal(err)
	}
	syncRun = true
	saveOpen, saveSave, saveFile := chooseOpen, chooseSave, openFile
	t.Cleanup(func() {
		syncRun = false
		chooseOpen, chooseSave, openFile = saveOpen, saveSave, saveFile
	})
	openFile = func(fyne.App, string) error { return nil }
	return a
}

func openDB(t *testing.T, dir string) *sql.DB {
	t.Helper()
	db, err := store.Open(paths.DatabaseFile(dir))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// objects lists everything on w's canvas: content and overlays (dialogs).
func objects(w fyne.Window) []fyne.CanvasObject {
	out := test.LaidOutObjects(w.Canvas().Content())
	for _, o := range w.Canvas().Overlays().List() {
		out = append(out, test.LaidOutObjects(o)...)
	}
	return out
}

// button finds the visible button labelled text on w.
func button(t *testing.T, w fyne.Window, text string) *widget.Button {
	t.Helper()
	var found *widget.Button
	for _, o := range objects(w) {
		if b, ok := o.(*widget.Button); ok && b.Text == text && b.Visible() {
			found = b
		}
	}
	if found == nil {
		t.Fatalf("no button %q on the window; texts: %v", text, texts(w))
	}
	return found
}

// texts lists the label and button texts on w.
func texts(w fyne.Window) []string {
	var out []string
	for _, o := range objects(w) {
		switch x := o.(type) {
		case *widget.Label:
			if x.Visible() {
				out = append(out, x.Text)
			}
		case *widget.Button:
			out = append(out, "["+x.Text+"]")
		}
	}
	return out
}

func hasText(w fyne.Window, s string) bool {
	for _, x := range texts(w) {
		if strings.Contains(x, s) {
			return true
		}
	}
	return false
}

// pressKeys types s on the keypad dialog opened last and taps OK.
func pressKeys(t *testing.T, s string) {
	t.Helper()
	kd := lastKeypad
	if kd == nil {
		t.Fatal("no keypad open")
	}
	for _, r := range s {
		b := kd.Keypad.Key(string(r))
		if b == nil || b.Disabled() {
			t.Fatalf("key %q not available", r)
		}
		test.Tap(b)
	}
	test.Tap(kd.Keypad.Key("ok"))
}

func marker(t *testing.T, label string) string {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatal(err)
	}
	return label + "-" + hex.EncodeToString(b[:])
}

// minimalPDF is a valid one-page PDF; note is written as a comment so a
// scan of the disk can find the file's bytes.
func minimalPDF(note string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n%" + note + "\n")
	var offs []int
	obj := func(s string) {
		offs = append(offs, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", len(offs), s)
	}
	obj("<< /Type /Catalog /Pages 2 0 R >>")
	obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
	obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>")
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(offs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offs)+1, xref)
	return b.Bytes()
}

func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// cheapKDF keeps test bundles fast; Import reads the cost from the header.
var cheapKDF = handover.KDFParams{Time: 1, MemoryKiB: 64, Threads: 1}

// sourceDraft creates a draft on "another machine" (its own store) with
// one PDF attachment and returns that store and the draft.
func sourceDraft(t *testing.T, title string, values map[string]string, attachNote string) (*drafts.Store, *drafts.Draft) {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	st, err := drafts.Open(ctx, openDB(t, dir), paths.AttachmentsDir(dir))
	if err != nil {
		t.Fatal(err)
	}
	d, err := st.Create(ctx, drafts.New{Title: title, Industry: "convenience-store", CatalogVersion: 1,
		Items: []string{"SPJY"}, Values: values})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddAttachment(ctx, d.ID, "floor_plan", writeFile(t, "平面图.pdf", minimalPDF(attachNote))); err != nil {
		t.Fatal(err)
	}
	d, err = st.Get(ctx, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	return st, d
}

// bundleOf exports d from st with a cheap KDF and returns the file.
func bundleOf(t *testing.T, st *drafts.Store, d *drafts.Draft, pass string) string {
	t.Helper()
	data, files, err := st.Export(context.Background(), d.ID)
	if err != nil {
		t.Fatal(err)
	}
	hf := make([]handover.File, len(files))
	for i, f := range files {
		hf[i] = handover.File{Name: f.Name, Path: f.Path}
	}
	p := filepath.Join(t.TempDir(), "draft"+handover.Extension)
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := handover.ExportOptions(f, pass, handover.Manifest{Draft: data, Label: d.Title}, hf,
		handover.Options{KDF: cheapKDF, ChunkSize: handover.MinChunkSize}); err != nil {
		t.Fatal(err)
	}
	return p
}

// craftBundle encodes a bundle by the published format (handover/doc.go)
// without the exporter's checks, to make hostile files (unsafe names).
func craftBundle(t *testing.T, pass string, draft json.RawMessage, names []string, contents [][]byte) []byte {
	t.Helper()
	type entry struct {
		Name string `json:"name"`
		Size int64  `json:"size"`
	}
	idx := struct {
		Format    int               `json:"format"`
		CreatedAt time.Time         `json:"created_at"`
		Manifest  handover.Manifest `json:"manifest"`
		Files     []entry           `json:"files"`
	}{Format: 1, CreatedAt: time.Now().UTC(), Manifest: handover.Manifest{Draft: draft}}
	for i, n := range names {
		idx.Files = append(idx.Files, entry{n, int64(len(contents[i]))})
	}
	ij, err := json.Marshal(idx)
	if err != nil {
		t.Fatal(err)
	}
	var plain bytes.Buffer
	binary.Write(&plain, binary.BigEndian, uint32(len(ij)))
	plain.Write(ij)
	for _, c := range contents {
		plain.Write(c)
		sum := sha256.Sum256(c)
		plain.Write(sum[:])
	}
	const chunk = 1024
	h := make([]byte, 83)
	copy(h, "\x89YIYEHO\n")
	binary.BigEndian.PutUint16(h[8:], 1)
	h[10], h[11] = 1, byte(cheapKDF.Threads)
	binary.BigEndian.PutUint32(h[12:], cheapKDF.Time)
	binary.BigEndian.PutUint32(h[16:], cheapKDF.MemoryKiB)
	binary.BigEndian.PutUint32(h[20:], chunk)
	binary.BigEndian.PutUint64(h[24:], uint64(plain.Len()))
	rand.Read(h[32:67]) // salt and nonce prefix
	k := argon2.IDKey([]byte(pass), h[32:48], cheapKDF.Time, cheapKDF.MemoryKiB, cheapKDF.Threads, 64)
	copy(h[67:], k[48:])
	aead, err := chacha20poly1305.NewX(k[:32])
	if err != nil {
		t.Fatal(err)
	}
	out := append([]byte{}, h...)
	p := plain.Bytes()
	for i := 0; ; i++ {
		n := min(chunk, len(p))
		last := n == len(p)
		nonce := make([]byte, 24)
		copy(nonce, h[48:67])
		binary.BigEndian.PutUint32(nonce[19:], uint32(i))
		if last {
			nonce[23] = 1
		}
		out = aead.Seal(out, nonce, p[:n], h)
		p = p[n:]
		if last {
			return out
		}
	}
}

// scan returns, for each marker found in any byte of any file under root
// (databases, their -wal/-shm/-journal files, attachments, caches), the
// file holding it.
func scan(t *testing.T, root string, markers []string) map[string]string {
	t.Helper()
	found := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, m := range markers {
			if bytes.Contains(b, []byte(m)) {
				found[m] = p
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return found
}

// tree lists the files under dir with their SHA-256 (to prove an import
// left existing drafts untouched).
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		b, _ := os.ReadFile(p)
		sum := sha256.Sum256(b)
		rel, _ := filepath.Rel(dir, p)
		out[rel] = hex.EncodeToString(sum[:])
		return nil
	})
	return out
}

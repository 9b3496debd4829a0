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
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/chacha20poly1305"

	"github.com/naiman-yiye/yiye/app/apptest"
	"github.com/naiman-yiye/yiye/app/filepick/filepicktest"
	"github.com/naiman-yiye/yiye/app/shell"
	"github.com/naiman-yiye/yiye/core"
	"github.com/naiman-yiye/yiye/drafts"
	"github.com/naiman-yiye/yiye/handover"
	"github.com/naiman-yiye/yiye/kiosk"
	"github.com/naiman-yiye/yiye/paths"
	"github.com/naiman-yiye/yiye/store"
)

const staffPIN = "246813"

// rig is a kiosk on a test window over a real data directory, with a
// manual clock, a real portal and, per applicant session, a real core on
// the session's database, built the way the composition root builds it.
type rig struct {
	t        *testing.T
	env      *apptest.Env
	w        fyne.Window
	k        *Kiosk
	clock    *kiosk.ManualClock
	dir      string
	quits    int
	exits    int
	sessions []*sessionRig
}

// sessionRig is what the rig's NewSession built for one applicant.
type sessionRig struct {
	env    SessionEnv
	core   *core.Core
	closed bool
}

// newRig builds the rig; withPIN stores a staff PIN first. The activity
// poll is slow: tests call PollActivity where they need it.
func newRig(t *testing.T, withPIN bool) *rig {
	t.Helper()
	env := apptest.New(t)
	r := &rig{t: t, env: env, w: env.Window, dir: t.TempDir(),
		clock: kiosk.NewManualClock(time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC))}
	if withPIN {
		h, err := kiosk.HashPIN(staffPIN)
		if err != nil {
			t.Fatal(err)
		}
		c := kiosk.DefaultConfig
		c.PIN.PIN = h
		if err := SaveConfig(env.App.Preferences(), c); err != nil {
			t.Fatal(err)
		}
	}
	r.w.Resize(fyne.NewSize(1280, 800))
	r.k = New(Options{App: env.App, Window: r.w, Run: env.Run, DataDir: r.dir, Clock: r.clock,
		ActivityPoll: time.Hour, NewSession: r.newSession,
		Quit: func() { r.quits++ }, OnExit: func() { r.exits++ }})
	t.Cleanup(func() {
		r.k.stopPolling()
		r.k.endNow()
	})
	return r
}

// newSession is Options.NewSession as the composition root does it.
func (r *rig) newSession(k *Kiosk, env SessionEnv) (Session, error) {
	c, err := core.Open(context.Background(), r.env.Options(env.DB, env.Dir))
	if err != nil {
		return Session{}, err
	}
	s := &sessionRig{env: env, core: c}
	r.sessions = append(r.sessions, s)
	o := env.Shell
	o.Screens = append(o.Screens, k.SessionScreens(c)...)
	o.Version = "test"
	sh := shell.New(r.env.App, r.w, o)
	return Session{Shell: sh, Close: func() {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		if c.SignedIn(ctx) {
			_ = c.SignOut(ctx)
		}
		c.Close()
		s.closed = true
	}}, nil
}

// session is the rig's view of the running session.
func (r *rig) session() *sessionRig {
	r.t.Helper()
	if r.k.cur == nil || len(r.sessions) == 0 {
		r.t.Fatalf("no session running: %v", texts(r.w))
	}
	return r.sessions[len(r.sessions)-1]
}

// handover is the running session's 草稿交接与打印 view.
func (r *rig) handover() *handoverView {
	r.t.Helper()
	if r.k.cur == nil || r.k.cur.handover == nil || r.k.cur.handover.view == nil {
		r.t.Fatal("hand-over screen not built")
	}
	return r.k.cur.handover.view
}

func (r *rig) pump(what string, cond func() bool) {
	r.t.Helper()
	r.env.Pump(what, cond)
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

// visible lists o and every object under it that is shown, through the
// renderers the window draws with (test.LaidOutObjects would build new
// ones, whose objects are not on the screen).
func visible(o fyne.CanvasObject) []fyne.CanvasObject {
	var out []fyne.CanvasObject
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if o == nil || !o.Visible() {
			return
		}
		out = append(out, o)
		switch x := o.(type) {
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(x).Objects() {
				walk(c)
			}
		}
	}
	walk(o)
	return out
}

// objects lists everything shown on w: content and overlays (dialogs).
func objects(w fyne.Window) []fyne.CanvasObject {
	out := visible(w.Canvas().Content())
	for _, o := range w.Canvas().Overlays().List() {
		out = append(out, visible(o)...)
	}
	return out
}

// onTop lists the objects of the top overlay (the dialog in front), or of
// the content when there is none: what the user can touch.
func onTop(w fyne.Window) []fyne.CanvasObject {
	if top := w.Canvas().Overlays().Top(); top != nil {
		return visible(top)
	}
	return visible(w.Canvas().Content())
}

// button finds the visible button labelled text on w.
func button(t *testing.T, w fyne.Window, text string) *widget.Button {
	t.Helper()
	return findButton(t, w, objects(w), text)
}

// topButton finds the button labelled text in the dialog in front.
func topButton(t *testing.T, w fyne.Window, text string) *widget.Button {
	t.Helper()
	return findButton(t, w, onTop(w), text)
}

func findButton(t *testing.T, w fyne.Window, objs []fyne.CanvasObject, text string) *widget.Button {
	t.Helper()
	var found *widget.Button
	for _, o := range objs {
		if b, ok := o.(*widget.Button); ok && b.Text == text && b.Visible() {
			found = b
		}
	}
	if found == nil {
		t.Fatalf("no button %q where the user can reach it; texts: %v", text, texts(w))
	}
	return found
}

// press taps the screen where obj is, as a finger would: whatever is on
// top at that point gets the tap (a dialog covers the window below it).
func press(t *testing.T, w fyne.Window, obj fyne.CanvasObject) {
	t.Helper()
	if !obj.Visible() {
		t.Fatalf("%T is hidden", obj)
	}
	reveal(w, obj)
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(obj)
	test.TapCanvas(w.Canvas(), pos.Add(fyne.NewPos(obj.Size().Width/2, obj.Size().Height/2)))
}

// reveal scrolls every scroll container holding obj so that obj is in
// view, as the user would before tapping it.
func reveal(w fyne.Window, obj fyne.CanvasObject) {
	d := fyne.CurrentApp().Driver()
	for _, o := range objects(w) {
		s, ok := o.(*container.Scroll)
		if !ok || s.Content == nil || !slices.Contains(visible(s.Content), obj) {
			continue
		}
		rel := d.AbsolutePositionForObject(obj).Subtract(d.AbsolutePositionForObject(s.Content))
		if rel.Y >= s.Offset.Y && rel.Y+obj.Size().Height <= s.Offset.Y+s.Size().Height {
			continue
		}
		s.ScrollToOffset(fyne.NewPos(s.Offset.X, max(0, rel.Y-(s.Size().Height-obj.Size().Height)/2)))
	}
}

// pressButton presses the button labelled text in the dialog in front
// (or on the window when no dialog shows).
func pressButton(t *testing.T, w fyne.Window, text string) {
	t.Helper()
	press(t, w, topButton(t, w, text))
}

// texts lists the label and button texts on w.
func texts(w fyne.Window) []string {
	return textsOf(objects(w))
}

func textsOf(objs []fyne.CanvasObject) []string {
	var out []string
	for _, o := range objs {
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

// topKeypad is the keypad of the keypad dialog in front.
func topKeypad(t *testing.T, w fyne.Window) *Keypad {
	t.Helper()
	for _, o := range onTop(w) {
		if k, ok := o.(*Keypad); ok {
			return k
		}
	}
	t.Fatalf("no keypad in front; texts: %v", texts(w))
	return nil
}

// pressKeys types s on the keypad in front, key by key where each key is
// on the screen, and presses OK.
func pressKeys(t *testing.T, w fyne.Window, s string) *KeypadDialog {
	t.Helper()
	kp := topKeypad(t, w)
	for _, r := range s {
		b := kp.Key(string(r))
		if b == nil || b.Disabled() {
			t.Fatalf("key %q not available", r)
		}
		press(t, w, b)
	}
	press(t, w, kp.Key("ok"))
	return kp.dialog
}

// setFileFolder makes the next file picker open in dir (it starts where
// the last one chose).
func setFileFolder(a fyne.App, dir string) {
	a.Preferences().SetString(filepicktest.LastDirPref, dir)
}

// pickFile chooses the file path in the file picker in front: a double
// tap on its name.
func pickFile(t *testing.T, w fyne.Window, path string) {
	t.Helper()
	filepicktest.Choose(t, w, filepath.Base(path))
}

// saveFile saves under name (the suggested name if "") in the save
// picker in front and returns the name it suggested.
func saveFile(t *testing.T, w fyne.Window, name string) string {
	t.Helper()
	return filepicktest.Save(t, w, name)
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

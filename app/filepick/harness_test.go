package filepick

import (
	"path/filepath"
	"slices"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/naiman-yiye/yiye/app/i18n"
	ytheme "github.com/naiman-yiye/yiye/app/theme"
)

// harness is one picker in a test window, with a clock the test moves.
type harness struct {
	t      testing.TB
	app    fyne.App
	w      fyne.Window
	p      *picker
	clock  time.Time
	chosen []string
}

type harnessOpts struct {
	mode   mode
	places []place
	size   fyne.Size        // window; default 1280×800
	theme  ytheme.Options   // default: standard text, desktop
	prefs  fyne.Preferences // default: the test app's
	en     bool             // English UI
}

func newHarness(t testing.TB, o Options, ho harnessOpts) *harness {
	t.Helper()
	h := &harness{t: t, app: newTestApp(t, ho.theme), clock: time.Date(2026, 12, 3, 14, 5, 0, 0, time.Local)}
	if ho.en {
		if err := i18n.Apply(i18n.English); err != nil {
			t.Fatal(err)
		}
	}
	h.w = test.NewTempWindow(t, widget.NewLabel("背景"))
	if ho.size.IsZero() {
		ho.size = fyne.NewSize(1280, 800)
	}
	h.w.Resize(ho.size)
	prefs := ho.prefs
	if prefs == nil {
		prefs = h.app.Preferences()
	}
	e := env{prefs: prefs, places: func() []place { return ho.places }, now: func() time.Time { return h.clock }, doubleTap: 300 * time.Millisecond}
	h.p = show(h.w, o, ho.mode, func(p string) { h.chosen = append(h.chosen, p) }, e)
	return h
}

// wait moves the test clock on.
func (h *harness) wait(d time.Duration) { h.clock = h.clock.Add(d) }

// listed is the names the picker lists, in order.
func (h *harness) listed() []string {
	var out []string
	for _, e := range h.p.entries {
		out = append(out, e.name)
	}
	return out
}

// selected is the selected entry's name, or "".
func (h *harness) selected() string {
	if h.p.sel < 0 {
		return ""
	}
	return h.p.entries[h.p.sel].name
}

// walk visits o and everything drawn inside it.
func walk(o fyne.CanvasObject, f func(fyne.CanvasObject)) {
	if o == nil || !o.Visible() {
		return
	}
	f(o)
	switch x := o.(type) {
	case *fyne.Container:
		for _, c := range x.Objects {
			walk(c, f)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(x).Objects() {
			walk(c, f)
		}
	}
}

// rows are the list rows on screen, top to bottom.
func (h *harness) rows() []*row {
	var out []*row
	walk(h.p.list, func(o fyne.CanvasObject) {
		if r, ok := o.(*row); ok && r.id >= 0 {
			out = append(out, r)
		}
	})
	slices.SortFunc(out, func(a, b *row) int { return int(h.pos(a).Y - h.pos(b).Y) })
	return out
}

// row is the on-screen row showing name.
func (h *harness) row(name string) *row {
	h.t.Helper()
	for _, r := range h.rows() {
		if r.name.Text == name {
			return r
		}
	}
	h.t.Fatalf("no row shows %q; rows: %v", name, h.listed())
	return nil
}

func (h *harness) pos(o fyne.CanvasObject) fyne.Position {
	return fyne.CurrentApp().Driver().AbsolutePositionForObject(o)
}

// tapAt taps the canvas where a pointer would be, like a real click: the
// object under that point gets it.
func (h *harness) tapAt(p fyne.Position) {
	test.TapCanvas(h.w.Canvas(), p)
}

// pointAt is a point inside o.
func (h *harness) pointAt(o fyne.CanvasObject) fyne.Position {
	return h.pos(o).AddXY(o.Size().Width/3, o.Size().Height/2)
}

// tapRow taps the middle of the row showing name.
func (h *harness) tapRow(name string) { h.tapAt(h.pointAt(h.row(name))) }

// key sends a key to whatever has the focus, as the window would.
func (h *harness) key(k fyne.KeyName) {
	h.t.Helper()
	f := h.w.Canvas().Focused()
	if f == nil {
		h.t.Fatalf("key %s: nothing has the focus", k)
	}
	f.TypedKey(&fyne.KeyEvent{Name: k})
}

// open reports whether the picker is still on screen.
func (h *harness) open() bool {
	for _, o := range h.w.Canvas().Overlays().List() {
		found := false
		walk(o, func(c fyne.CanvasObject) { found = found || c == h.p.root })
		if found {
			return true
		}
	}
	return false
}

// testPlaces are the places a test offers: each name a folder under root.
func testPlaces(root string, kinds map[string]placeKind) []place {
	var ps []place
	for _, name := range []string{"桌面", "文档", "U盘"} {
		if k, ok := kinds[name]; ok {
			ps = append(ps, place{kind: k, label: name, path: filepath.Join(root, name), icon: theme.FolderIcon()})
		}
	}
	return ps
}

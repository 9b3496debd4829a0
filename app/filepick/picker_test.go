package filepick

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	ytheme "github.com/naiman-yiye/yiye/app/theme"
)

var materials = []string{".pdf", ".jpg", ".jpeg", ".png"}

func TestSingleTapOnlySelects(t *testing.T) {
	root := makeTree(t, "材料/", "材料/营业执照.pdf", "身份证.jpg")
	h := newHarness(t, Options{StartDir: root, Extensions: materials}, harnessOpts{})

	h.tapRow("材料")
	if h.p.dir != root || h.selected() != "材料" {
		t.Fatalf("a single tap on a folder: dir %q selected %q; want to stay in %q with 材料 selected", h.p.dir, h.selected(), root)
	}
	if h.p.openBtn.Disabled() || !h.p.okBtn.Disabled() {
		t.Error("with a folder selected 打开 should be on and 选择 off")
	}
	h.wait(time.Second)
	h.tapRow("身份证.jpg")
	if len(h.chosen) != 0 || h.selected() != "身份证.jpg" || !h.open() {
		t.Fatalf("a single tap on a file chose %q (selected %q)", h.chosen, h.selected())
	}
	if !h.p.openBtn.Disabled() || h.p.okBtn.Disabled() {
		t.Error("with a file selected 选择 should be on and 打开 off")
	}
	if h.w.Canvas().Focused() != h.p.list {
		t.Error("a tapped row should give the list the keyboard focus")
	}
}

func TestDoubleTapOpensFolderAndChoosesFile(t *testing.T) {
	root := makeTree(t, "材料/", "材料/营业执照.pdf", "材料/说明.txt")
	h := newHarness(t, Options{StartDir: root, Extensions: materials}, harnessOpts{})

	h.tapRow("材料")
	h.wait(150 * time.Millisecond)
	h.tapRow("材料")
	if want := filepath.Join(root, "材料"); h.p.dir != want {
		t.Fatalf("double tap on a folder: in %q, want %q", h.p.dir, want)
	}
	if got := h.listed(); !slices.Equal(got, []string{"营业执照.pdf"}) {
		t.Fatalf("listed %q", got)
	}
	h.wait(time.Second)
	h.tapRow("营业执照.pdf")
	h.wait(150 * time.Millisecond)
	h.tapRow("营业执照.pdf")
	want := filepath.Join(root, "材料", "营业执照.pdf")
	if !slices.Equal(h.chosen, []string{want}) || h.open() {
		t.Fatalf("double tap on a file: chosen %q (open %v), want %q and the picker closed", h.chosen, h.open(), want)
	}
}

// TestDoubleClickFolderDoesNotChooseFileUnderPointer is the bug users hit
// in Fyne's dialog: double-clicking a folder picked the file that landed
// under the pointer once the folder opened (the list reuses row widgets).
// Every tap here goes to the canvas at the pointer's position, as a mouse
// does, and the clock does not move, so all taps are "quick".
func TestDoubleClickFolderDoesNotChooseFileUnderPointer(t *testing.T) {
	root := makeTree(t, "2026年/", "2026年/营业执照-副本.pdf", "营业执照.pdf")
	h := newHarness(t, Options{StartDir: root, Extensions: materials}, harnessOpts{})

	folderRow := h.row("2026年")
	at := h.pointAt(folderRow)
	h.tapAt(at)
	h.tapAt(at)
	if want := filepath.Join(root, "2026年"); h.p.dir != want {
		t.Fatalf("double click on the folder: in %q, want %q", h.p.dir, want)
	}
	// The same row widget now shows a file, right under the pointer.
	if folderRow.name.Text != "营业执照-副本.pdf" || h.row("营业执照-副本.pdf") != folderRow {
		t.Fatalf("test premise: the reused row under the pointer shows %q", folderRow.name.Text)
	}
	if len(h.chosen) != 0 || !h.open() || h.selected() != "" {
		t.Fatalf("the double click chose %q / selected %q", h.chosen, h.selected())
	}

	// A third quick click (users often click once more) lands on the
	// file: it is only selected; it was not the first click's entry.
	h.tapAt(at)
	if len(h.chosen) != 0 || h.selected() != "营业执照-副本.pdf" {
		t.Fatalf("third click: chosen %q, selected %q", h.chosen, h.selected())
	}
	// Two clicks both on the file are a real double click on it.
	h.tapAt(at)
	if want := filepath.Join(root, "2026年", "营业执照-副本.pdf"); !slices.Equal(h.chosen, []string{want}) {
		t.Fatalf("double click on the file: chosen %q, want %q", h.chosen, want)
	}
}

func TestTapsThatAreNotADoubleTap(t *testing.T) {
	root := makeTree(t, "a.pdf", "b.pdf", "c/")
	cases := []struct {
		name  string
		taps  func(h *harness)
		wantS string
	}{
		{"different entries", func(h *harness) {
			h.tapRow("a.pdf")
			h.wait(50 * time.Millisecond)
			h.tapRow("b.pdf")
		}, "b.pdf"},
		{"too slow", func(h *harness) {
			h.tapRow("a.pdf")
			h.wait(301 * time.Millisecond)
			h.tapRow("a.pdf")
		}, "a.pdf"},
		{"listing changed in between", func(h *harness) {
			h.tapRow("a.pdf")
			h.p.reload() // 刷新
			h.tapRow("a.pdf")
		}, "a.pdf"},
		{"arrow key in between", func(h *harness) {
			h.tapRow("a.pdf")
			h.key(fyne.KeyDown)
			h.key(fyne.KeyUp)
			h.tapRow("a.pdf")
		}, "a.pdf"},
		{"clock went back", func(h *harness) {
			h.tapRow("a.pdf")
			h.wait(-time.Second)
			h.tapRow("a.pdf")
		}, "a.pdf"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t, Options{StartDir: root, Extensions: materials}, harnessOpts{})
			c.taps(h)
			if len(h.chosen) != 0 || h.selected() != c.wantS || h.p.dir != root {
				t.Errorf("chosen %q, selected %q, dir %q; want nothing chosen and %q selected", h.chosen, h.selected(), h.p.dir, c.wantS)
			}
		})
	}
}

func TestNavigation(t *testing.T) {
	root := makeTree(t, "桌面/", "桌面/申请/", "桌面/申请/表.pdf", "文档/", "文档/合同.pdf", "U盘/", "U盘/交接.yiye")
	h := newHarness(t, Options{StartDir: filepath.Join(root, "桌面"), Extensions: materials}, harnessOpts{
		places: testPlaces(root, map[string]placeKind{"桌面": placeDesktop, "文档": placeDocuments, "U盘": placeMedia}),
	})
	desk, apply := filepath.Join(root, "桌面"), filepath.Join(root, "桌面", "申请")

	// 打开 enters the selected folder.
	h.tapRow("申请")
	test.Tap(h.p.openBtn)
	if h.p.dir != apply {
		t.Fatalf("打开: in %q, want %q", h.p.dir, apply)
	}
	if h.w.Canvas().Focused() != h.p.list {
		t.Error("after a button the keys should go to the list again")
	}
	// 上一级 goes up and selects the folder we came from.
	test.Tap(h.p.up)
	if h.p.dir != desk || h.selected() != "申请" {
		t.Fatalf("上一级: in %q selected %q", h.p.dir, h.selected())
	}
	// A place.
	test.Tap(h.p.placeBtns[1])
	if h.p.dir != filepath.Join(root, "文档") || !slices.Equal(h.listed(), []string{"合同.pdf"}) {
		t.Fatalf("place 文档: in %q listing %q", h.p.dir, h.listed())
	}
	if h.p.placeBtns[1].Importance != widget.MediumImportance || h.p.placeBtns[0].Importance != widget.LowImportance {
		t.Error("the place we are in should be marked, and only it")
	}
	// The USB stick holds no material: the list says so.
	test.Tap(h.p.placeBtns[2])
	if len(h.p.entries) != 0 || !h.p.message.Visible() || h.p.message.Text != "这个文件夹里没有 PDF、JPG、PNG 文件。" {
		t.Fatalf("empty folder message %q (visible %v)", h.p.message.Text, h.p.message.Visible())
	}
	// The path bar: every folder up to the root, each one a way back.
	h.p.navigate(apply, "")
	var crumbs []*widget.Button
	for _, o := range h.p.crumbs.Objects {
		if b, ok := o.(*widget.Button); ok {
			crumbs = append(crumbs, b)
		}
	}
	if got := crumbs[len(crumbs)-1].Text; got != "申请" || crumbs[0].Text != crumbsOf(root)[0].label {
		t.Fatalf("path bar %q … %q", crumbs[0].Text, got)
	}
	test.Tap(crumbs[len(crumbs)-3]) // the temporary root
	if h.p.dir != root || h.selected() != "桌面" {
		t.Fatalf("path bar: in %q selected %q, want %q with 桌面 selected", h.p.dir, h.selected(), root)
	}
	if len(h.chosen) != 0 || !h.open() {
		t.Fatal("navigation chose something")
	}
}

func TestKeyboard(t *testing.T) {
	root := makeTree(t, "a/", "a/x.pdf", "b.pdf", "c.pdf")
	h := newHarness(t, Options{StartDir: root, Extensions: materials}, harnessOpts{})
	if h.w.Canvas().Focused() != h.p.list {
		t.Fatal("the list should have the keyboard focus when the picker opens")
	}
	steps := []struct {
		key     fyne.KeyName
		wantSel string
		wantDir string
	}{
		{fyne.KeyDown, "a", root},
		{fyne.KeyDown, "b.pdf", root},
		{fyne.KeyEnd, "c.pdf", root},
		{fyne.KeyDown, "c.pdf", root},
		{fyne.KeyHome, "a", root},
		{fyne.KeyUp, "a", root},
		{fyne.KeyReturn, "", filepath.Join(root, "a")},
		{fyne.KeyBackspace, "a", root},
		{fyne.KeyPageDown, "c.pdf", root},
		{fyne.KeyPageUp, "a", root},
		{fyne.KeyEnter, "", filepath.Join(root, "a")},
		{fyne.KeyUp, "x.pdf", filepath.Join(root, "a")},
	}
	for i, s := range steps {
		h.key(s.key)
		if h.selected() != s.wantSel || h.p.dir != s.wantDir {
			t.Fatalf("step %d (%s): selected %q in %q; want %q in %q", i, s.key, h.selected(), h.p.dir, s.wantSel, s.wantDir)
		}
	}
	h.key(fyne.KeyReturn)
	if want := filepath.Join(root, "a", "x.pdf"); !slices.Equal(h.chosen, []string{want}) || h.open() {
		t.Fatalf("Enter on a file: chosen %q, want %q", h.chosen, want)
	}
}

func TestCancel(t *testing.T) {
	root := makeTree(t, "a.pdf")
	for name, cancel := range map[string]func(h *harness){
		"取消":                 func(h *harness) { test.Tap(h.p.cancelBtn) },
		"Esc":                func(h *harness) { h.key(fyne.KeyEscape) },
		"Esc after a button": func(h *harness) { test.Tap(h.p.up); h.key(fyne.KeyEscape) },
		"Esc after a tap on an empty spot": func(h *harness) {
			h.tapAt(h.pos(h.p.types).AddXY(2, 2))
			h.key(fyne.KeyEscape)
		},
	} {
		t.Run(name, func(t *testing.T) {
			h := newHarness(t, Options{StartDir: root}, harnessOpts{})
			h.tapRow("a.pdf")
			cancel(h)
			if !slices.Equal(h.chosen, []string{""}) || h.open() {
				t.Fatalf("cancel: chosen %q, open %v; want one \"\" and closed", h.chosen, h.open())
			}
			h.p.finish("/x") // a late event
			if len(h.chosen) != 1 {
				t.Fatal("onChosen called twice")
			}
			if h.app.Preferences().String(lastDirKey) != "" {
				t.Error("a cancelled picker should not move the remembered folder")
			}
		})
	}
}

func TestStartFolderAndMemory(t *testing.T) {
	root := makeTree(t, "桌面/", "文档/", "材料/", "材料/营业执照.pdf", "U盘/")
	places := testPlaces(root, map[string]placeKind{"桌面": placeDesktop, "文档": placeDocuments})
	a := newTestApp(t, ytheme.Options{})
	prefs := a.Preferences()
	open := func(o Options) *harness {
		h := newHarness(t, o, harnessOpts{places: places, prefs: prefs})
		t.Cleanup(func() { h.p.finish("") })
		return h
	}

	if h := open(Options{}); h.p.dir != filepath.Join(root, "桌面") {
		t.Errorf("first picker starts in %q, want the desktop", h.p.dir)
	}
	h := open(Options{StartDir: filepath.Join(root, "材料")})
	h.tapRow("营业执照.pdf")
	test.Tap(h.p.okBtn)
	if got := prefs.String(lastDirKey); got != filepath.Join(root, "材料") {
		t.Fatalf("remembered %q", got)
	}
	if h := open(Options{}); h.p.dir != filepath.Join(root, "材料") {
		t.Errorf("next picker starts in %q, want the last folder used", h.p.dir)
	}
	if h := open(Options{StartDir: filepath.Join(root, "U盘")}); h.p.dir != filepath.Join(root, "U盘") {
		t.Errorf("StartDir ignored: %q", h.p.dir)
	}
	// The last folder was on a stick that is gone; so is the desktop.
	if err := os.RemoveAll(filepath.Join(root, "材料")); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(root, "桌面")); err != nil {
		t.Fatal(err)
	}
	if h := open(Options{StartDir: filepath.Join(root, "nowhere")}); h.p.dir != filepath.Join(root, "文档") {
		t.Errorf("with StartDir, last folder and desktop gone: starts in %q, want documents", h.p.dir)
	}
}

func TestUnreadableFolder(t *testing.T) {
	root := makeTree(t, "U盘/", "U盘/交接/", "U盘/交接/a.pdf", "说明.pdf")
	stick := filepath.Join(root, "U盘")
	h := newHarness(t, Options{StartDir: filepath.Join(stick, "交接"), Extensions: materials}, harnessOpts{})
	h.tapRow("a.pdf")
	// The stick is pulled out while the dialog is open.
	if err := os.RemoveAll(stick); err != nil {
		t.Fatal(err)
	}
	h.p.reload()
	if len(h.p.entries) != 0 || !h.p.message.Visible() || h.p.message.Text != tr("filepick.unreadable") {
		t.Fatalf("unreadable folder: %d entries, message %q", len(h.p.entries), h.p.message.Text)
	}
	test.Tap(h.p.up) // still a way out
	test.Tap(h.p.up)
	if h.p.dir != root || h.p.message.Visible() {
		t.Fatalf("上一级 from an unreadable folder: in %q, message %v", h.p.dir, h.p.message.Visible())
	}

	if os.Geteuid() == 0 {
		return // root reads every folder; the case above covers the message
	}
	locked := filepath.Join(root, "locked")
	if err := os.Mkdir(locked, 0o000); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.Chmod(locked, 0o755) })
	h.p.navigate(locked, "")
	if !h.p.message.Visible() || h.p.message.Text != tr("filepick.unreadable") {
		t.Errorf("no-permission folder: message %q", h.p.message.Text)
	}
}

func TestChosenFileGone(t *testing.T) {
	root := makeTree(t, "a.pdf", "b.pdf")
	h := newHarness(t, Options{StartDir: root}, harnessOpts{})
	h.tapRow("a.pdf")
	if err := os.Remove(filepath.Join(root, "a.pdf")); err != nil {
		t.Fatal(err)
	}
	test.Tap(h.p.okBtn)
	if len(h.chosen) != 0 || !h.open() {
		t.Fatalf("chose a file that is gone: %q", h.chosen)
	}
	if !h.p.status.Visible() || h.p.status.Text != "找不到“a.pdf”，它可能已被移走或 U 盘已拔出。" {
		t.Errorf("status %q", h.p.status.Text)
	}
	if !slices.Equal(h.listed(), []string{"b.pdf"}) {
		t.Errorf("the listing should be fresh: %q", h.listed())
	}
}

func TestEnglish(t *testing.T) {
	root := makeTree(t, "a.pdf")
	mod := time.Date(2026, 12, 3, 14, 5, 0, 0, time.Local)
	if err := os.Chtimes(filepath.Join(root, "a.pdf"), mod, mod); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, Options{StartDir: root, Extensions: materials}, harnessOpts{en: true})
	if p := h.p; p.okBtn.Text != "Choose" || p.up.Text != "Up" || p.types.Text != "Showing PDF, JPG, PNG files only" {
		t.Errorf("English texts: %q %q %q", p.okBtn.Text, p.up.Text, p.types.Text)
	}
	if got := standardLabel(placeDesktop); got != "Desktop" {
		t.Errorf("place name %q", got)
	}
	if r := h.row("a.pdf"); r.mod.Text != "December 3, 2026 14:05" || r.size.Text != "5 B" {
		t.Errorf("row: modified %q size %q", r.mod.Text, r.size.Text)
	}
}

// TestFitsWindow: the dialog takes most of the window and never more, on
// a 1280×800 kiosk and an 800×600 laptop, with every text size.
func TestFitsWindow(t *testing.T) {
	root := makeTree(t, "a.pdf")
	for _, c := range []struct {
		name string
		size fyne.Size
		th   ytheme.Options
	}{
		{"1280x800", fyne.NewSize(1280, 800), ytheme.Options{}},
		{"1280x800 kiosk", fyne.NewSize(1280, 800), ytheme.Options{Kiosk: true}},
		{"1280x800 kiosk extra large", fyne.NewSize(1280, 800), ytheme.Options{Kiosk: true, TextSize: ytheme.TextXLarge}},
		{"800x600", fyne.NewSize(800, 600), ytheme.Options{}},
		{"800x600 large", fyne.NewSize(800, 600), ytheme.Options{TextSize: ytheme.TextLarge}},
	} {
		for m, mname := range map[mode]string{modeOpen: "open", modeSave: "save"} {
			t.Run(c.name+" "+mname, func(t *testing.T) {
				h := newHarness(t, Options{StartDir: root, Extensions: materials, FileName: "营业执照.pdf"}, harnessOpts{mode: m, size: c.size, theme: c.th})
				min := h.p.root.MinSize()
				got := h.p.popup.Size()
				pos := h.pos(h.p.root)
				if min.Width > c.size.Width || min.Height > c.size.Height {
					t.Fatalf("content needs %v, more than the %v window", min, c.size)
				}
				if got.Width > c.size.Width || got.Height > c.size.Height || pos.X < 0 || pos.Y < 0 ||
					pos.X+got.Width > c.size.Width || pos.Y+got.Height > c.size.Height {
					t.Fatalf("dialog %v at %v leaves the %v window", got, pos, c.size)
				}
				if got.Width < 0.8*c.size.Width || got.Height < 0.8*c.size.Height {
					t.Errorf("dialog %v is small for the %v window", got, c.size)
				}
				if h.p.root.Size() != got {
					t.Errorf("content %v does not fill the dialog %v", h.p.root.Size(), got)
				}
			})
		}
	}
}

// TestNothingMovesUnderThePointer: taps, selection and messages change
// no row's place and no button's, and a half-hidden row is not scrolled
// away from under the pointer.
func TestNothingMovesUnderThePointer(t *testing.T) {
	var files []string
	for i := range 40 {
		files = append(files, "材料"+string(rune('A'+i%26))+string(rune('a'+i/26))+".pdf")
	}
	root := makeTree(t, files...)
	h := newHarness(t, Options{StartDir: root, Extensions: materials, FileName: "x"}, harnessOpts{mode: modeSave, size: fyne.NewSize(800, 600)})
	layout := func() []fyne.Position {
		var out []fyne.Position
		for _, r := range h.rows() {
			out = append(out, h.pos(r), h.pos(r.name), h.pos(r.size), h.pos(r.mod))
		}
		for _, o := range []fyne.CanvasObject{h.p.list, h.p.name, h.p.okBtn, h.p.cancelBtn, h.p.openBtn, h.p.up, h.p.placeBox} {
			out = append(out, h.pos(o), fyne.NewPos(o.Size().Width, o.Size().Height))
		}
		return out
	}
	before := layout()
	rows := h.rows()
	last := rows[len(rows)-1] // cut by the list's bottom edge
	if h.pos(last).Y+last.Size().Height <= h.pos(h.p.list).Y+h.p.list.Size().Height {
		t.Fatal("test premise: the last row on screen should be cut off")
	}
	h.tapAt(h.pos(last).AddXY(10, 2))
	h.wait(time.Second)
	h.tapRow(rows[0].name.Text)
	if after := layout(); !slices.Equal(before, after) {
		t.Errorf("tapping rows moved things:\n before %v\n after  %v", before, after)
	}
	if h.p.list.GetScrollOffset() != 0 {
		t.Errorf("a tap scrolled the list to %v", h.p.list.GetScrollOffset())
	}
	// An error message appears above the name entry without moving it,
	// the buttons or the rows above the list's bottom edge.
	h.p.name.SetText("a?b")
	test.Tap(h.p.okBtn)
	if !h.p.status.Visible() {
		t.Fatal("no message for a bad name")
	}
	after := layout()
	for i := range len(rows) * 4 {
		if before[i] != after[i] {
			t.Fatalf("the message moved row object %d: %v → %v", i, before[i], after[i])
		}
	}
	n := len(rows) * 4
	for i, what := range []string{"list", "name", "save", "cancel", "open", "up", "places"} {
		if what == "list" {
			continue // it loses height at its bottom edge, which is fine
		}
		if before[n+2*i] != after[n+2*i] || before[n+2*i+1] != after[n+2*i+1] {
			t.Errorf("the message moved the %s: %v %v → %v %v", what, before[n+2*i], before[n+2*i+1], after[n+2*i], after[n+2*i+1])
		}
	}
}

// TestPublicAPI opens and saves through Open and Save, with the app's
// preferences and this computer's places (a temporary home).
func TestPublicAPI(t *testing.T) {
	home := makeTree(t, "Desktop/", "Desktop/x.pdf")
	t.Setenv("HOME", home)
	t.Setenv("USERPROFILE", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	newTestApp(t, ytheme.Options{})
	w := test.NewTempWindow(t, widget.NewLabel("背景"))
	w.Resize(fyne.NewSize(1280, 800))

	var got []string
	Open(w, Options{Extensions: []string{".PDF"}}, func(p string) { got = append(got, p) })
	w.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	w.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	Save(w, Options{Extensions: []string{".pdf"}, FileName: "通知书"}, func(p string) { got = append(got, p) })
	w.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	Open(w, Options{}, func(p string) { got = append(got, p) })
	w.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})

	desk := filepath.Join(home, "Desktop")
	want := []string{filepath.Join(desk, "x.pdf"), filepath.Join(desk, "通知书.pdf"), ""}
	if !slices.Equal(got, want) {
		t.Fatalf("got %q, want %q", got, want)
	}
	if len(w.Canvas().Overlays().List()) != 0 {
		t.Error("a picker is still open")
	}
}

// TestNewFolderShowsItsTop: a folder entered from far down a long one is
// shown from its first entry.
func TestNewFolderShowsItsTop(t *testing.T) {
	var files []string
	for i := range 60 {
		files = append(files, fmt.Sprintf("%02d.pdf", i))
	}
	root := makeTree(t, append(files, "zz/", "zz/a.pdf", "zz/b.pdf")...)
	h := newHarness(t, Options{StartDir: root, Extensions: materials}, harnessOpts{})
	h.key(fyne.KeyEnd)
	if h.p.list.GetScrollOffset() == 0 {
		t.Fatal("test premise: End should scroll the list")
	}
	h.p.navigate(filepath.Join(root, "zz"), "")
	if off := h.p.list.GetScrollOffset(); off != 0 {
		t.Errorf("scroll offset %v in the new folder", off)
	}
	if rows := h.rows(); len(rows) != 2 || rows[0].name.Text != "a.pdf" || h.pos(rows[0]).Y > h.pos(h.p.list).Y+1 {
		t.Errorf("the first row is not at the top: %d rows", len(rows))
	}
}

// TestLongPathShowsCurrentFolder: a path longer than the path bar is
// scrolled so that the current folder, its end, is in view.
func TestLongPathShowsCurrentFolder(t *testing.T) {
	deep := "一级文件夹/二级文件夹/三级文件夹/四级文件夹/五级文件夹/六级文件夹/当前文件夹/"
	root := makeTree(t, deep)
	h := newHarness(t, Options{StartDir: filepath.Join(root, filepath.FromSlash(deep))}, harnessOpts{size: fyne.NewSize(800, 600)})
	objs := h.p.crumbs.Objects
	last := objs[len(objs)-1].(*widget.Button)
	if last.Text != "当前文件夹" {
		t.Fatalf("last crumb %q", last.Text)
	}
	if h.p.crumbs.MinSize().Width <= h.p.crumbBar.Size().Width {
		t.Fatal("test premise: the path should not fit the bar")
	}
	barEnd := h.pos(h.p.crumbBar).X + h.p.crumbBar.Size().Width
	if end := h.pos(last).X + last.Size().Width; end > barEnd+1 || end < barEnd-h.p.crumbBar.Size().Width/2 {
		t.Errorf("the current folder's crumb ends at %v; the bar ends at %v", end, barEnd)
	}
}

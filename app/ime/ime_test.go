package ime

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/naiman-yiye/yiye/app/theme"
)

func TestEnterGuard(t *testing.T) {
	var queued []func()
	later := func(f func()) { queued = append(queued, f) }
	flush := func() {
		q := queued
		queued = nil
		for _, f := range q {
			f()
		}
	}

	g := newEnterGuard(true, later)
	applied := 0
	// The IME's confirming Enter: the committed text follows in the same turn.
	g.enter(func() { applied++ })
	g.rune()
	g.rune()
	flush()
	if applied != 0 {
		t.Fatal("IME Enter reached the entry")
	}
	// A real Enter: nothing follows.
	g.enter(func() { applied++ })
	flush()
	if applied != 1 {
		t.Fatalf("plain Enter applied %d times", applied)
	}
	// Off (Windows, Linux): Enter applies at once.
	off := newEnterGuard(false, later)
	off.enter(func() { applied++ })
	if applied != 2 || len(queued) != 0 {
		t.Fatal("inactive guard deferred Enter")
	}
}

func TestEntrySubmitAndEsc(t *testing.T) {
	a := test.NewTempApp(t)
	a.Settings().SetTheme(theme.New(theme.Options{}))
	e := NewEntry()
	submitted := 0
	e.OnSubmitted = func(string) { submitted++ }
	w := test.NewTempWindow(t, e)
	w.Resize(fyne.NewSize(300, 100))

	test.Type(e, "奈曼旗")
	if e.Text != "奈曼旗" {
		t.Fatalf("text %q", e.Text)
	}
	e.SubmitOnEnter = false
	e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if submitted != 0 {
		t.Fatal("Enter submitted with SubmitOnEnter off")
	}
	e.SubmitOnEnter = true
	e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if submitted != 1 {
		t.Fatalf("Enter with SubmitOnEnter on: %d submits", submitted)
	}
	w.Canvas().Focus(e)
	if w.Canvas().Focused() != e {
		t.Fatal("entry not focused")
	}
	e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if w.Canvas().Focused() != nil {
		t.Fatal("Esc did not leave the field")
	}

	m := NewMultiLineEntry()
	test.NewTempWindow(t, m)
	test.Type(m, "甲")
	m.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	test.Type(m, "乙")
	if m.Text != "甲\n乙" {
		t.Fatalf("multi-line text %q", m.Text)
	}
}

func TestCaretOffset(t *testing.T) {
	a := test.NewTempApp(t)
	a.Settings().SetTheme(theme.New(theme.Options{}))
	e := widget.NewMultiLineEntry()
	test.NewTempWindow(t, e)

	p0, line := CaretOffset(e)
	if line <= 0 || p0.X <= 0 || p0.Y <= 0 {
		t.Fatalf("empty caret %v line %v", p0, line)
	}
	test.Type(e, "营业执照")
	p1, _ := CaretOffset(e)
	if p1.X < p0.X+4*12 || p1.Y != p0.Y { // four CJK glyphs at 14 pt
		t.Fatalf("after 4 characters caret %v (start %v, line %v)", p1, p0, line)
	}
	e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	test.Type(e, "甲")
	p2, _ := CaretOffset(e)
	if p2.Y < p0.Y+line*0.9 || p2.X >= p1.X {
		t.Fatalf("second row caret %v", p2)
	}
	// A cursor column past the row (stale after SetText) must not panic.
	e.CursorColumn = 99
	CaretOffset(e)
}

func TestFollowChainsCallback(t *testing.T) {
	test.NewTempApp(t)
	e := widget.NewEntry()
	calls := 0
	e.OnCursorChanged = func() { calls++ }
	Follow(e)
	test.NewTempWindow(t, e)
	test.Type(e, "好")
	if calls == 0 {
		t.Fatal("existing OnCursorChanged lost")
	}
	if Supported() {
		t.Fatal("only Windows supports placement; tests run elsewhere")
	}
}

// Only the focused field moves the IME windows, however often the others
// refresh.
func TestOnlyTheFocusedFieldPlaces(t *testing.T) {
	test.NewTempApp(t)
	a, b := NewEntry(), NewEntry()
	w := test.NewTempWindow(t, container.NewVBox(a, b))
	for _, c := range []struct {
		name         string
		focus        fyne.Focusable
		wantA, wantB bool
	}{
		{"none", nil, false, false},
		{"first", a, true, false},
		{"second", b, false, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			w.Canvas().Focus(c.focus)
			if c.focus == nil {
				w.Canvas().Unfocus()
			}
			if focused(a) != c.wantA || focused(b) != c.wantB {
				t.Fatalf("focused: first %v, second %v; want %v, %v", focused(a), focused(b), c.wantA, c.wantB)
			}
		})
	}
}

func TestRowText(t *testing.T) {
	for _, c := range []struct {
		text string
		row  int
		want string
	}{
		{"", 0, ""}, {"ab", 0, "ab"}, {"ab\ncd", 1, "cd"}, {"ab\ncd\n", 2, ""}, {"ab", 3, ""},
	} {
		if got := rowText(c.text, c.row); got != c.want {
			t.Errorf("rowText(%q, %d) = %q", c.text, c.row, got)
		}
	}
}

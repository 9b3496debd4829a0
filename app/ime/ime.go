// Package ime makes Chinese input methods as usable in Fyne as each OS
// allows. Fyne 2.8.1 (GLFW 3.4 pre-release) has no IME API: no preedit text
// in the Entry and no caret-positioned candidate window. What this package
// adds:
//
//   - Windows: the IME's composition and candidate windows are moved to the
//     caret of the focused Entry (imm32 ImmSetCompositionWindow /
//     ImmSetCandidateWindow on the window's HWND) whenever the Entry gains
//     focus or its cursor moves. Without this they sit at the window's
//     top-left corner.
//   - macOS: GLFW hands every key to Fyne before the IME sees it, so the
//     Enter that confirms a composition also reaches the Entry. Entry defers
//     Enter by one event-loop turn and drops it when committed text arrived
//     in between (the IME consumed it), and by default does not call
//     OnSubmitted on Enter at all: forms use an explicit 提交 button.
//   - Linux/X11: nothing can be done from Go (XIM root-window style); it
//     works with fcitx/ibus when XMODIFIERS is set.
//
// Use NewEntry / NewMultiLineEntry for fields where people type Chinese
// (names, addresses, business scope), or Follow for an existing Entry
// (caret following only).
package ime

import (
	"runtime"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Supported reports whether this OS gets caret-positioned candidate windows.
func Supported() bool { return placeSupported }

// Entry is a widget.Entry for Chinese text: it keeps the IME's windows at
// the caret (Windows) and guards against keys leaking from the IME (macOS).
type Entry struct {
	widget.Entry

	// SubmitOnEnter makes Enter call OnSubmitted. It defaults to false on
	// macOS, where the IME's confirming Enter also reaches the Entry, and
	// to true elsewhere.
	SubmitOnEnter bool

	// OnFocusChanged, if set, is called when the field gains (true) or
	// loses (false) the keyboard focus, e.g. to check it once it is left.
	OnFocusChanged func(focused bool)

	guard enterGuard
}

// NewEntry returns a single-line Entry for Chinese input.
func NewEntry() *Entry {
	e := &Entry{SubmitOnEnter: runtime.GOOS != "darwin"}
	e.guard = newEnterGuard(runtime.GOOS == "darwin", fyne.Do)
	e.ExtendBaseWidget(e)
	// The caret is followed with e as the object on the window: the GL
	// driver knows where e is drawn, not the widget.Entry inside it, so
	// placing by the inner Entry found no canvas and only the placement
	// on focus ever ran (seen in Wine's imm32 trace).
	follow(&e.Entry, e)
	return e
}

// NewMultiLineEntry returns a multi-line Entry for Chinese input.
func NewMultiLineEntry() *Entry {
	e := NewEntry()
	e.MultiLine = true
	e.Wrapping = fyne.TextWrapWord
	return e
}

// FocusGained moves the IME windows to the caret as the field gains focus.
func (e *Entry) FocusGained() {
	e.Entry.FocusGained()
	PlaceAtCaret(&e.Entry, e)
	if e.OnFocusChanged != nil {
		e.OnFocusChanged(true)
	}
}

// FocusLost tells OnFocusChanged the field was left.
func (e *Entry) FocusLost() {
	e.Entry.FocusLost()
	if e.OnFocusChanged != nil {
		e.OnFocusChanged(false)
	}
}

// TypedRune records committed text for the Enter guard.
func (e *Entry) TypedRune(r rune) {
	e.guard.rune()
	e.Entry.TypedRune(r)
}

// TypedKey handles Esc (leave the field, so the next Esc goes back a page)
// and guards Enter against IME leaks.
func (e *Entry) TypedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyEscape:
		if c := fyne.CurrentApp().Driver().CanvasForObject(e); c != nil {
			c.Unfocus()
		}
		return
	case fyne.KeyReturn, fyne.KeyEnter:
		if !e.MultiLine && !e.SubmitOnEnter {
			return // forms submit with their button
		}
		e.guard.enter(func() { e.Entry.TypedKey(k) })
		return
	}
	e.Entry.TypedKey(k)
}

// KeyDown passes desktop key-down events to the Entry.
func (e *Entry) KeyDown(k *fyne.KeyEvent) { e.Entry.KeyDown(k) }

var _ desktop.Keyable = (*Entry)(nil)

// enterGuard decides whether an Enter was the IME's: Enter is deferred to
// the next turn of the event loop, and dropped if a rune arrived first
// (macOS delivers the confirming Enter, then the committed text, within
// one native key event).
type enterGuard struct {
	active bool
	later  func(func())
	runes  int
}

func newEnterGuard(active bool, later func(func())) enterGuard {
	return enterGuard{active: active, later: later}
}

func (g *enterGuard) rune() { g.runes++ }

func (g *enterGuard) enter(apply func()) {
	if !g.active {
		apply()
		return
	}
	seen := g.runes
	g.later(func() {
		if g.runes == seen {
			apply()
		}
	})
}

// Follow makes an existing Entry, itself on the window (not embedded in
// another widget), move the IME windows to its caret when the cursor
// moves (chaining any OnCursorChanged already set). Unlike Entry it cannot
// react to focus, so the first composition after tabbing into the field
// may still open at the old place.
func Follow(e *widget.Entry) { follow(e, e) }

// follow places the IME windows at e's caret, where obj is drawn, each
// time the cursor moves while obj has the focus.
func follow(e *widget.Entry, obj fyne.CanvasObject) {
	prev := e.OnCursorChanged
	e.OnCursorChanged = func() {
		if prev != nil {
			prev()
		}
		if focused(obj) {
			PlaceAtCaret(e, obj)
		}
	}
}

// focused reports whether obj has its window's keyboard focus. Entries
// report cursor changes whenever they refresh (a check shown, the form
// filled in, a new theme), also far down a form the user is not typing
// in; only the focused field may move the IME windows.
func focused(obj fyne.CanvasObject) bool {
	c := fyne.CurrentApp().Driver().CanvasForObject(obj)
	if c == nil {
		return false
	}
	f, ok := c.Focused().(fyne.CanvasObject)
	return ok && f == obj
}

// PlaceAtCaret moves the IME windows of the window showing obj to e's
// caret. obj is the object in the window's tree (the wrapping widget when
// e is embedded). It does nothing on platforms without support or when obj
// is not on a window.
func PlaceAtCaret(e *widget.Entry, obj fyne.CanvasObject) {
	if !placeSupported {
		return
	}
	drv := fyne.CurrentApp().Driver()
	c := drv.CanvasForObject(obj)
	if c == nil {
		return
	}
	var win fyne.Window
	for _, w := range drv.AllWindows() {
		if w.Canvas() == c {
			win = w
			break
		}
	}
	if win == nil {
		return
	}
	caret, line := CaretOffset(e)
	abs := drv.AbsolutePositionForObject(obj).Add(caret)
	s := c.Scale()
	place(win, int32(abs.X*s), int32(abs.Y*s), int32(line*s))
}

// CaretOffset estimates the caret's top-left inside e (Fyne units) and the
// line height: inner padding plus the measured width of the text before
// the cursor on its row. It ignores scrolling inside long multi-line
// fields, where the candidate window may then sit a few lines off.
func CaretOffset(e *widget.Entry) (fyne.Position, float32) {
	th := e.Theme()
	size := th.Size(theme.SizeNameText)
	pad := th.Size(theme.SizeNameInnerPadding) + th.Size(theme.SizeNameInputBorder)
	line := fyne.MeasureText("国Ag", size, e.TextStyle).Height
	row := rowText(e.Text, e.CursorRow)
	col := e.CursorColumn
	if n := utf8.RuneCountInString(row); col > n {
		col = n
	}
	before := string([]rune(row)[:col])
	if e.Password {
		before = ""
		for range col {
			before += "•"
		}
	}
	w := fyne.MeasureText(before, size, e.TextStyle).Width
	return fyne.NewPos(pad+w, pad+float32(e.CursorRow)*line), line
}

func rowText(text string, row int) string {
	start := 0
	for i := 0; i < row; i++ {
		j := indexByteFrom(text, '\n', start)
		if j < 0 {
			return ""
		}
		start = j + 1
	}
	if j := indexByteFrom(text, '\n', start); j >= 0 {
		return text[start:j]
	}
	return text[start:]
}

func indexByteFrom(s string, b byte, from int) int {
	for i := from; i < len(s); i++ {
		if s[i] == b {
			return i
		}
	}
	return -1
}

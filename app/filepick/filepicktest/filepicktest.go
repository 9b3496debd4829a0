// Package filepicktest drives a filepick dialog in screen tests the way a
// user does: it finds what the dialog on top of the window shows and taps
// the canvas there, so the widget under that point gets the tap.
//
// Tests make the picker start in a folder of their own by setting the
// preference "filepick.lastDir" of the test app to it.
package filepicktest

import (
	"reflect"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// LastDirPref is the preference in which the picker remembers its folder.
const LastDirPref = "filepick.lastDir"

// Showing reports whether a dialog is on top of w.
func Showing(w fyne.Window) bool { return w.Canvas().Overlays().Top() != nil }

// Texts is what the dialog on top of w shows: labels, texts and buttons.
func Texts(w fyne.Window) []string {
	var out []string
	walk(w.Canvas().Overlays().Top(), func(o fyne.CanvasObject) {
		if s := textOf(o); s != "" {
			out = append(out, s)
		}
	})
	return out
}

// Tap taps the middle of what shows text on the dialog on top of w: a
// button, a place, a path crumb or a file's row.
func Tap(t testing.TB, w fyne.Window, text string) {
	t.Helper()
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatalf("tap %q: no file picker over the window", text)
	}
	// A button by its text; else the innermost text drawn, whose row or
	// crumb gets the tap.
	var hit fyne.CanvasObject
	walk(top, func(o fyne.CanvasObject) {
		if _, isButton := hit.(*widget.Button); textOf(o) == text && !isButton {
			hit = o
		}
	})
	if hit == nil {
		t.Fatalf("nothing shows %q on the picker: %q", text, Texts(w))
	}
	if d, ok := hit.(fyne.Disableable); ok && d.Disabled() {
		t.Fatalf("%q is disabled on the picker", text)
	}
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(hit)
	test.TapCanvas(w.Canvas(), pos.AddXY(hit.Size().Width/2, hit.Size().Height/2))
}

// Choose picks the file called name in the folder shown, with a double
// tap on its row.
func Choose(t testing.TB, w fyne.Window, name string) {
	t.Helper()
	Tap(t, w, name)
	Tap(t, w, name)
	if over := w.Canvas().Overlays().Top(); over != nil && hasText(over, name) {
		t.Fatalf("a double tap on %q did not choose it: %q", name, Texts(w))
	}
}

// Save accepts the save picker on top of w with the file name name (""
// keeps the one suggested), as Enter in the name field does, and returns
// the name that was suggested.
func Save(t testing.TB, w fyne.Window, name string) (suggested string) {
	t.Helper()
	var field nameField
	walk(w.Canvas().Overlays().Top(), func(o fyne.CanvasObject) {
		if f, ok := o.(nameField); ok && field == nil {
			field = f
		}
	})
	if field == nil {
		t.Fatalf("no file name field on the picker: %q", Texts(w))
	}
	// The field is the picker's own type around a widget.Entry, whose
	// text is a struct field, not a method.
	suggested = reflect.Indirect(reflect.ValueOf(field)).FieldByName("Text").String()
	if name != "" {
		field.SetText(name)
	}
	w.Canvas().Focus(field)
	field.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	return suggested
}

// nameField is what the save picker's name field does (a widget.Entry).
type nameField interface {
	fyne.Focusable
	SetText(string)
	SelectedText() string
}

// walk visits o and everything drawn inside it that is visible.
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

func textOf(o fyne.CanvasObject) string {
	switch x := o.(type) {
	case *widget.Button:
		return x.Text
	case *widget.Label:
		return x.Text
	case *canvas.Text:
		return x.Text
	}
	return ""
}

func hasText(o fyne.CanvasObject, s string) bool {
	found := false
	walk(o, func(x fyne.CanvasObject) { found = found || textOf(x) == s })
	return found
}

package kioskmode

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/naiman-yiye/yiye/app/apptest"
	"github.com/naiman-yiye/yiye/kiosk"
)

func TestKeypadIDNumber(t *testing.T) {
	apptest.NewApp(t)
	k := NewKeypad(kiosk.KeypadIDNumber, 0, false)
	test.NewTempWindow(t, k)
	var submitted []string
	k.OnSubmit = func(v string) { submitted = append(submitted, v) }

	if !k.Key(kiosk.KeyX).Disabled() || !k.Key("ok").Disabled() || !k.Key(kiosk.KeyBackspace).Disabled() {
		t.Fatal("X, OK and backspace must be disabled on an empty ID number")
	}
	for _, r := range "11010519491231002" {
		test.Tap(k.Key(string(r)))
	}
	test.Tap(k.Key("ok")) // 17 characters: not complete
	if len(submitted) != 0 || k.Key(kiosk.KeyX).Disabled() {
		t.Fatalf("after 17 digits: submitted %v, X disabled %v", submitted, k.Key(kiosk.KeyX).Disabled())
	}
	test.Tap(k.Key(kiosk.KeyX))
	if k.Value() != "11010519491231002X" || k.Display() != "110105 19491231 002X" {
		t.Fatalf("value %q display %q", k.Value(), k.Display())
	}
	if !k.Key("7").Disabled() || !k.Key(kiosk.KeyX).Disabled() {
		t.Fatal("a 19th character is possible")
	}
	test.Tap(k.Key("7")) // ignored
	test.Tap(k.Key("ok"))
	if len(submitted) != 1 || submitted[0] != "11010519491231002X" {
		t.Fatalf("submitted %v", submitted)
	}
	test.Tap(k.Key(kiosk.KeyBackspace))
	if k.Value() != "11010519491231002" {
		t.Fatalf("after backspace %q", k.Value())
	}
	test.Tap(k.Key("clear"))
	if k.Value() != "" || k.Display() != " " {
		t.Fatalf("after clear %q / %q", k.Value(), k.Display())
	}
}

func TestKeypadPINMasked(t *testing.T) {
	apptest.NewApp(t)
	k := NewKeypad(kiosk.KeypadDigits, 6, true)
	test.NewTempWindow(t, k)
	var changes []string
	k.OnChanged = func(v string) { changes = append(changes, v) }
	for _, r := range "2468135" { // the 7th digit is refused
		test.Tap(k.Key(string(r)))
	}
	if k.Value() != "246813" || k.Display() != "●●●●●●" {
		t.Fatalf("value %q display %q", k.Value(), k.Display())
	}
	if k.Key(kiosk.KeyX) != nil {
		t.Fatal("digits keypad has an X")
	}
	if len(changes) != 6 {
		t.Fatalf("%d changes", len(changes))
	}
	// A keyboard works too: letters are ignored, Backspace deletes.
	test.Type(k, "9a")
	k.TypedKey(&fyne.KeyEvent{Name: fyne.KeyBackspace})
	if k.Value() != "24681" {
		t.Fatalf("after typing %q", k.Value())
	}
	var ok string
	k.OnSubmit = func(v string) { ok = v }
	k.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if ok != "24681" {
		t.Fatalf("Enter submitted %q", ok)
	}
	test.Tap(k.Key(kiosk.KeyClear))
	if k.Value() != "" {
		t.Fatalf("clear key left %q", k.Value())
	}
	// Keys are touch-sized.
	if s := k.Key("5").Size(); s.Width < 80 || s.Height < 60 {
		t.Fatalf("key size %v", s)
	}
}

func TestAttachKeypad(t *testing.T) {
	apptest.NewApp(t)
	w := test.NewTempWindow(t, widget.NewLabel(""))
	w.Resize(fyne.NewSize(900, 800))
	e := widget.NewEntry()
	e.SetText("138")
	w.SetContent(AttachKeypad(w, e, "手机号", kiosk.KeypadDigits, 11))
	pressButton(t, w, "键盘")
	if topKeypad(t, w).Value() != "138" {
		t.Fatal("keypad did not open with the entry's text")
	}
	pressKeys(t, w, "00138000")
	if e.Text != "13800138000" {
		t.Fatalf("entry %q", e.Text)
	}
	if w.Canvas().Overlays().Top() != nil {
		t.Fatal("keypad still open after OK")
	}
}

// TestFocusKeypadButton: the toolbar keypad types into the field that had
// the focus when the button was pressed (the tap itself takes the focus).
func TestFocusKeypadButton(t *testing.T) {
	apptest.NewApp(t)
	w := test.NewTempWindow(t, widget.NewLabel(""))
	w.Resize(fyne.NewSize(900, 800))
	e := widget.NewEntry()
	e.SetPlaceHolder("法定代表人身份证号码")
	none := 0
	b := NewFocusKeypadButton(w, func() { none++ })
	w.SetContent(container.NewVBox(e, b))

	test.Tap(b)
	if none != 1 {
		t.Fatal("no hint without a focused field")
	}
	w.Canvas().Focus(e)
	b.MouseDown(&desktop.MouseEvent{})
	w.Canvas().Unfocus() // what the driver does before Tapped
	test.Tap(b)
	if topKeypad(t, w).Key(kiosk.KeyX) == nil {
		t.Fatal("ID-number keypad not opened for an ID field")
	}
	pressKeys(t, w, "11010519491231002X")
	if e.Text != "11010519491231002X" {
		t.Fatalf("entry %q", e.Text)
	}
}

// TestKeypadOKUnderKeys: in a dialog wider than the keys, 确定 stays
// centred under them, as wide as the three columns.
func TestKeypadOKUnderKeys(t *testing.T) {
	apptest.NewApp(t)
	for name, mode := range map[string]kiosk.KeypadMode{"digits": kiosk.KeypadDigits, "ID number": kiosk.KeypadIDNumber} {
		t.Run(name, func(t *testing.T) {
			k := NewKeypad(mode, 18, false)
			w := test.NewTempWindow(t, k)
			w.Resize(fyne.NewSize(600, 700))
			d := fyne.CurrentApp().Driver()
			centre := func(o fyne.CanvasObject) float32 {
				return d.AbsolutePositionForObject(o).X + o.Size().Width/2
			}
			keys := (centre(k.Key("1")) + centre(k.Key("3"))) / 2
			left := d.AbsolutePositionForObject(k.Key("1")).X
			right := d.AbsolutePositionForObject(k.Key("3")).X + k.Key("3").Size().Width
			row := k.Key("ok")
			if mode == kiosk.KeypadIDNumber {
				row = k.clear
			}
			if l := d.AbsolutePositionForObject(row).X; l < left-1 || l > left+1 {
				t.Errorf("bottom row starts at x=%v, the keys at %v", l, left)
			}
			if c := centre(k.Key("ok")); mode == kiosk.KeypadDigits && (c < keys-1 || c > keys+1) {
				t.Errorf("确定 centred at x=%v, the keys at %v", c, keys)
			}
			if r := d.AbsolutePositionForObject(k.Key("ok")).X + k.Key("ok").Size().Width; r < right-1 || r > right+1 {
				t.Errorf("确定 ends at x=%v, the keys at %v", r, right)
			}
		})
	}
}

// TestKeypadKeyboardAfterTap: after a tap on a key (which focuses that
// key's button in a real window), the keyboard still types into the
// keypad.
func TestKeypadKeyboardAfterTap(t *testing.T) {
	apptest.NewApp(t)
	k := NewKeypad(kiosk.KeypadDigits, 6, true)
	w := test.NewTempWindow(t, k)
	w.Canvas().Focus(k)
	five := k.Key("5")
	w.Canvas().Focus(five) // what the GL driver does on mouse down
	test.Tap(five)
	if w.Canvas().Focused() != fyne.Focusable(k) {
		t.Fatalf("focus on %T after a tap on a key", w.Canvas().Focused())
	}
	for _, r := range "137" {
		w.Canvas().Focused().TypedRune(r)
	}
	if k.Value() != "5137" {
		t.Fatalf("value %q, want 5137", k.Value())
	}
}

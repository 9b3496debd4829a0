package kioskmode

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/naiman-yiye/yiye/kiosk"
)

// keySize is the touch target of one keypad key (Fyne units; ≈ 17 mm on a
// 96-dpi screen, above the 44-unit minimum of the kiosk theme).
var keySize = fyne.NewSize(96, 72)

// Keypad is an on-screen keypad for touch screens: digits 0–9, X for ID
// numbers, backspace, clear and OK, with a display line above. Keys that
// cannot lead to a valid entry (a 19th character, an X before the 18th)
// are disabled, using kiosk.Keypad's rules.
type Keypad struct {
	widget.BaseWidget

	// OnChanged is called after every accepted key with the new value.
	OnChanged func(string)
	// OnSubmit is called when OK is tapped (only enabled once the entry is
	// complete: 18 characters for ID numbers, not empty for digits).
	OnSubmit func(string)

	mode    kiosk.KeypadMode
	max     int
	masked  bool
	state   *kiosk.Keypad
	display *widget.Label
	keys    map[string]*widget.Button
	clear   *widget.Button
	ok      *widget.Button
	content fyne.CanvasObject
	// dialog is the keypad dialog showing this keypad, if any.
	dialog *KeypadDialog
}

// NewKeypad returns a keypad; max is the longest digit entry (ignored for
// ID numbers). With masked the display shows dots (PINs).
func NewKeypad(mode kiosk.KeypadMode, max int, masked bool) *Keypad {
	k := &Keypad{mode: mode, max: max, masked: masked, state: kiosk.NewKeypad(mode, max),
		keys: map[string]*widget.Button{}}
	k.display = widget.NewLabelWithStyle(" ", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	k.display.SizeName = theme.SizeNameHeadingText
	var cells []fyne.CanvasObject
	for _, key := range k.state.Keys() {
		label := key
		switch key {
		case kiosk.KeyBackspace:
			label = tr("kioskmode.keypad.backspace")
		case kiosk.KeyClear:
			label = tr("kioskmode.keypad.clear")
		}
		b := widget.NewButton(label, func() {
			k.Press(key)
			k.refocus()
		})
		if key == kiosk.KeyBackspace {
			b.Icon = theme.ContentUndoIcon()
		}
		k.keys[key] = b
		cells = append(cells, b)
	}
	k.clear = widget.NewButtonWithIcon(tr("kioskmode.keypad.clear"), theme.ContentClearIcon(), func() {
		k.Clear()
		k.refocus()
	})
	k.ok = widget.NewButtonWithIcon(tr("kioskmode.keypad.ok"), theme.ConfirmIcon(), func() {
		if k.state.Complete() && k.OnSubmit != nil {
			k.OnSubmit(k.state.Value())
		}
	})
	k.ok.Importance = widget.HighImportance
	grid := container.NewGridWrap(keySize, cells...)
	// Digits mode has 清除 among the keys; ID numbers have X there.
	bottom := container.NewGridWithColumns(1, k.ok)
	if mode == kiosk.KeypadIDNumber {
		bottom = container.NewGridWithColumns(2, k.clear, k.ok)
	}
	bg := container.NewStack(widget.NewCard("", "", k.display))
	k.content = container.NewBorder(bg, nil, nil, nil,
		container.NewVBox(container.NewCenter(container.NewGridWrap(fyne.NewSize(3*keySize.Width+2*theme.Padding(), 4*keySize.Height+3*theme.Padding()), grid)),
			// centred under the keys, as wide as they are
			container.NewCenter(container.NewGridWrap(fyne.NewSize(3*keySize.Width+2*theme.Padding(), keySize.Height), bottom))))
	k.ExtendBaseWidget(k)
	k.update()
	return k
}

// CreateRenderer implements fyne.Widget.
func (k *Keypad) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(k.content) }

// Press applies one key (as a tap on it does); refused keys do nothing.
func (k *Keypad) Press(key string) {
	if !k.state.Press(key) {
		return
	}
	k.update()
	if k.OnChanged != nil {
		k.OnChanged(k.state.Value())
	}
}

// Clear empties the entry.
func (k *Keypad) Clear() {
	k.state = kiosk.NewKeypad(k.mode, k.max)
	k.update()
	if k.OnChanged != nil {
		k.OnChanged("")
	}
}

// SetValue types s from scratch, keeping only what the keypad accepts
// (e.g. the current text of the entry it edits).
func (k *Keypad) SetValue(s string) {
	k.state = kiosk.NewKeypad(k.mode, k.max)
	for _, r := range strings.ToUpper(s) {
		k.state.Press(string(r))
	}
	k.update()
}

// Value is what has been typed.
func (k *Keypad) Value() string { return k.state.Value() }

// Display is the text shown above the keys.
func (k *Keypad) Display() string { return k.display.Text }

// Key returns the button for key ("0"-"9", kiosk.KeyX, kiosk.KeyBackspace,
// kiosk.KeyClear), "clear" or "ok"; nil if the layout has none.
func (k *Keypad) Key(key string) *widget.Button {
	switch key {
	case "ok":
		return k.ok
	case "clear":
		return k.clear
	}
	return k.keys[key]
}

func (k *Keypad) update() {
	shown := k.state.Value()
	switch {
	case k.masked:
		shown = k.state.Masked()
	case k.mode == kiosk.KeypadIDNumber:
		shown = groupID(shown)
	}
	if shown == "" {
		shown = " "
	}
	k.display.SetText(shown)
	for key, b := range k.keys {
		if k.state.Enabled(key) {
			b.Enable()
		} else {
			b.Disable()
		}
	}
	if k.state.Value() == "" {
		k.clear.Disable()
	} else {
		k.clear.Enable()
	}
	if k.state.Complete() {
		k.ok.Enable()
	} else {
		k.ok.Disable()
	}
}

// groupID spaces an ID number as region, birth date, sequence+check, so
// the applicant can compare it with the card: "150525 19900101 123X".
func groupID(s string) string {
	var b strings.Builder
	for i, r := range s {
		if i == 6 || i == 14 {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// KeypadDialog is an open keypad dialog.
type KeypadDialog struct {
	Keypad  *Keypad
	dialog  *dialog.CustomDialog
	message *widget.Label
}

// SetMessage shows text (a wrong PIN, say) under the keys, in the room
// kept for it: the dialog does not change size or move.
func (d *KeypadDialog) SetMessage(text string) { d.message.SetText(text) }

// Message is the text under the keys ("" if none).
func (d *KeypadDialog) Message() string { return d.message.Text }

// Hide closes the dialog.
func (d *KeypadDialog) Hide() { d.dialog.Hide() }

// Accept closes the dialog, then runs next (if not nil). Whatever the
// entry leads to — another dialog, the staff menu — must be shown from
// next: Fyne removes every overlay above a dialog it hides, so a dialog
// shown before this one is hidden would vanish with it.
func (d *KeypadDialog) Accept(next func()) {
	d.dialog.Hide()
	if next != nil {
		next()
	}
}

// ShowKeypad opens a keypad in a dialog over w. onOK gets the value when
// OK is tapped; it either calls d.Accept to close the dialog or leaves it
// open with d.SetMessage saying why.
func ShowKeypad(w fyne.Window, title string, mode kiosk.KeypadMode, max int, masked bool, initial string,
	onOK func(d *KeypadDialog, value string)) *KeypadDialog {
	kd := &KeypadDialog{Keypad: NewKeypad(mode, max, masked)}
	kd.Keypad.dialog = kd
	kd.Keypad.SetValue(initial)
	var msgArea fyne.CanvasObject
	kd.message, msgArea = newMessageArea(2)
	cancel := widget.NewButtonWithIcon(tr("kioskmode.cancel"), theme.CancelIcon(), func() { kd.dialog.Hide() })
	kd.Keypad.OnChanged = func(string) { kd.message.SetText("") }
	kd.Keypad.OnSubmit = func(v string) { onOK(kd, v) }
	content := container.NewVBox(kd.Keypad, msgArea, container.NewCenter(container.NewGridWrap(keySize.AddWidthHeight(keySize.Width, 0), cancel)))
	kd.dialog = dialog.NewCustomWithoutButtons(title, content, w)
	kd.dialog.Show()
	w.Canvas().Focus(kd.Keypad)
	return kd
}

// newMessageArea is a label for problems (in red) in a box that always
// keeps the height of lines lines of text, so a message appearing or
// going away moves nothing under the user's finger.
func newMessageArea(lines int) (*widget.Label, fyne.CanvasObject) {
	l := widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{})
	l.Wrapping = wrap()
	l.Importance = widget.DangerImportance
	probe := widget.NewLabel(strings.TrimSuffix(strings.Repeat("国\n", lines), "\n"))
	return l, container.New(fixedHeight(probe.MinSize().Height), l)
}

// fixedHeight lays its objects over each other and asks for exactly this
// height, whatever they contain (and no width of its own).
type fixedHeight float32

func (h fixedHeight) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.NewSize(0, float32(h)) }

func (h fixedHeight) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.Position{})
		o.Resize(size)
	}
}

// AttachKeypad returns entry with a keypad button beside it; the keypad
// opens with the entry's text and writes the result back on OK. Use it
// for digit and ID-number fields on touch screens.
func AttachKeypad(w fyne.Window, entry *widget.Entry, title string, mode kiosk.KeypadMode, max int) fyne.CanvasObject {
	btn := widget.NewButtonWithIcon(tr("kioskmode.keypad.open"), keypadIcon(), func() {
		ShowKeypad(w, title, mode, max, false, entry.Text, func(d *KeypadDialog, v string) {
			d.Accept(func() { entry.SetText(v) })
		})
	})
	return container.NewBorder(nil, nil, nil, btn, entry)
}

func keypadIcon() fyne.Resource { return theme.GridIcon() }

// textTarget is an input the focused-field keypad can fill: *widget.Entry
// and widgets embedding it.
type textTarget interface {
	fyne.Focusable
	SetText(string)
}

// FocusKeypadButton is a toolbar button for kiosks that opens the keypad
// for whatever text field the applicant tapped last, so screens owned by
// other packages (the application form's ID and phone fields) get a keypad
// too. It notes the focused field on mouse-down, before the tap would take
// the focus away.
type FocusKeypadButton struct {
	widget.Button
	win    fyne.Window
	target textTarget
	// onNoTarget is called when no field was focused (e.g. a toast).
	onNoTarget func()
}

// NewFocusKeypadButton returns the button for w.
func NewFocusKeypadButton(w fyne.Window, onNoTarget func()) *FocusKeypadButton {
	b := &FocusKeypadButton{win: w, onNoTarget: onNoTarget}
	b.Text = tr("kioskmode.keypad.focused")
	b.Icon = keypadIcon()
	b.ExtendBaseWidget(b)
	return b
}

// MouseDown implements desktop.Mouseable: remember the focused field.
func (b *FocusKeypadButton) MouseDown(*desktop.MouseEvent) { b.noteFocus() }

// MouseUp implements desktop.Mouseable.
func (b *FocusKeypadButton) MouseUp(*desktop.MouseEvent) {}

func (b *FocusKeypadButton) noteFocus() {
	if t, ok := b.win.Canvas().Focused().(textTarget); ok {
		b.target = t
	}
}

// Tapped opens the keypad for the remembered field.
func (b *FocusKeypadButton) Tapped(*fyne.PointEvent) {
	b.noteFocus() // without a mouse-down (keyboard, tests) the focus is still there
	t := b.target
	b.target = nil
	if t == nil {
		if b.onNoTarget != nil {
			b.onNoTarget()
		}
		return
	}
	initial, mode, max := "", kiosk.KeypadDigits, 18
	if e, ok := t.(*widget.Entry); ok {
		initial = e.Text
		if looksLikeID(e.PlaceHolder, e.Text) {
			mode = kiosk.KeypadIDNumber
		}
	}
	ShowKeypad(b.win, tr("kioskmode.keypad.title"), mode, max, false, initial, func(d *KeypadDialog, v string) {
		d.Accept(func() { t.SetText(v) })
	})
}

// looksLikeID guesses whether a field takes an ID number (X allowed).
func looksLikeID(placeholder, text string) bool {
	for _, w := range []string{"身份证", "证件号", "ID number", "ID No"} {
		if strings.Contains(placeholder, w) {
			return true
		}
	}
	return len(text) >= 15 && len(text) <= 18
}

// refocus gives the keyboard back to the keypad after a key was tapped: a
// click focuses the key's button, and typed digits would go nowhere.
func (k *Keypad) refocus() {
	if c := fyne.CurrentApp().Driver().CanvasForObject(k); c != nil {
		c.Focus(k)
	}
}

// FocusGained implements fyne.Focusable: staff with a keyboard can type
// the PIN as well as tap it.
func (k *Keypad) FocusGained() {}

// FocusLost implements fyne.Focusable.
func (k *Keypad) FocusLost() {}

// TypedRune implements fyne.Focusable: digits (and X for ID numbers).
func (k *Keypad) TypedRune(r rune) {
	if r == 'x' {
		r = 'X'
	}
	k.Press(string(r))
}

// TypedKey implements fyne.Focusable: Backspace deletes, Enter is OK.
func (k *Keypad) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyBackspace:
		k.Press(kiosk.KeyBackspace)
	case fyne.KeyReturn, fyne.KeyEnter:
		if k.state.Complete() && k.OnSubmit != nil {
			k.OnSubmit(k.state.Value())
		}
	}
}

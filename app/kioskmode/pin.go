package kioskmode

import (
	"errors"

	"fyne.io/fyne/v2"

	"github.com/naiman-yiye/yiye/kiosk"
)

// askPIN opens the staff PIN keypad; onOK runs once the right PIN is
// entered and the keypad has closed. Wrong PINs and the lockout are shown
// in the dialog, which stays open (取消 leaves). Without a PIN yet, staff
// choose one first.
func askPIN(w fyne.Window, ps pins, title string, onOK func()) {
	if !ps.hasPIN() {
		setPIN(w, ps, onOK)
		return
	}
	ShowKeypad(w, title, kiosk.KeypadDigits, 12, true, "", func(d *KeypadDialog, pin string) {
		if err := ps.verify(pin); err != nil {
			d.Keypad.Clear()
			d.SetMessage(pinMessage(err))
			return
		}
		d.Accept(onOK)
	})
}

// pinMessage explains a refused PIN in the UI language.
func pinMessage(err error) string {
	switch {
	case errors.Is(err, kiosk.ErrPINLocked):
		return msg(err) // carries the time to wait
	case errors.Is(err, kiosk.ErrPINWrong):
		return tr("kioskmode.pin.wrong")
	}
	return msg(err)
}

// setPIN asks for a new PIN twice and stores it; onDone runs after the
// keypad has closed.
func setPIN(w fyne.Window, ps pins, onDone func()) {
	ShowKeypad(w, tr("kioskmode.pin.new"), kiosk.KeypadDigits, 12, true, "", func(d *KeypadDialog, first string) {
		if err := kiosk.CheckPINFormat(first); err != nil {
			d.Keypad.Clear()
			d.SetMessage(msg(err))
			return
		}
		d.Accept(func() {
			ShowKeypad(w, tr("kioskmode.pin.repeat"), kiosk.KeypadDigits, 12, true, "", func(d2 *KeypadDialog, second string) {
				if second != first {
					d2.Keypad.Clear()
					d2.SetMessage(tr("kioskmode.pin.mismatch"))
					return
				}
				if err := ps.setPIN(second); err != nil {
					d2.SetMessage(msg(err))
					return
				}
				d2.Accept(onDone)
			})
		})
	})
}

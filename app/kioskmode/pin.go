package kioskmode

import (
	"errors"

	"fyne.io/fyne/v2"

	"github.com/naiman-yiye/yiye/kiosk"
)

// askPIN opens the staff PIN keypad; onOK runs once the right PIN is
// entered. Wrong PINs and the lockout are shown in the dialog, which stays
// open (tap 取消 to leave).
func askPIN(w fyne.Window, ps *pinStore, title string, onOK func()) *KeypadDialog {
	if !ps.hasPIN() { // first use: staff choose the PIN now
		return setPIN(w, ps, onOK)
	}
	return ShowKeypad(w, title, kiosk.KeypadDigits, 12, true, "", func(d *KeypadDialog, pin string) bool {
		err := ps.guard.Verify(pin)
		if err == nil {
			onOK()
			return true
		}
		d.Keypad.Clear()
		d.Message.SetText(pinMessage(err))
		d.Message.Show()
		return false
	})
}

// pinMessage explains a refused PIN in the UI language.
func pinMessage(err error) string {
	switch {
	case errors.Is(err, kiosk.ErrPINLocked):
		return msg(err) // carries the seconds to wait
	case errors.Is(err, kiosk.ErrPINWrong):
		return tr("kioskmode.pin.wrong")
	}
	return msg(err)
}

// setPIN asks for a new PIN twice and stores it; onDone runs after.
func setPIN(w fyne.Window, ps *pinStore, onDone func()) *KeypadDialog {
	return ShowKeypad(w, tr("kioskmode.pin.new"), kiosk.KeypadDigits, 12, true, "", func(d *KeypadDialog, first string) bool {
		if err := kiosk.CheckPINFormat(first); err != nil {
			d.Keypad.Clear()
			d.Message.SetText(msg(err))
			d.Message.Show()
			return false
		}
		d.Hide()
		ShowKeypad(w, tr("kioskmode.pin.repeat"), kiosk.KeypadDigits, 12, true, "", func(d2 *KeypadDialog, second string) bool {
			if second != first {
				d2.Keypad.Clear()
				d2.Message.SetText(tr("kioskmode.pin.mismatch"))
				d2.Message.Show()
				return false
			}
			if err := ps.guard.SetPIN(second); err != nil {
				d2.Message.SetText(msg(err))
				d2.Message.Show()
				return false
			}
			if onDone != nil {
				onDone()
			}
			return true
		})
		return false
	})
}

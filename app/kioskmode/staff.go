package kioskmode

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	ftheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/naiman-yiye/yiye/app/i18n"
	"github.com/naiman-yiye/yiye/kiosk"
)

// staffButtonSize is the touch target of the staff menu's buttons.
var staffButtonSize = fyne.NewSize(330, 64)

// idleChoices are the idle times staff can pick, in minutes.
var idleChoices = []int{2, 3, 5, 10, 15, 30}

// staffMenu is the open staff menu.
type staffMenu struct {
	d                           dialog.Dialog
	note                        *widget.Label
	idle                        *widget.Select
	end, pin, exit, quit, close *widget.Button
}

// StaffMenu asks for the staff PIN, then offers: end the current session,
// the idle time, a new PIN, leave kiosk mode, close the app.
func (k *Kiosk) StaffMenu() {
	k.askPIN(tr("kioskmode.staff.pin_title"), func() { k.showStaffMenu("") })
}

// showStaffMenu opens the menu; note is a line for staff at its top (the
// PIN was just set, say).
func (k *Kiosk) showStaffMenu(note string) {
	w := k.opts.Window
	m := &staffMenu{}
	var noteArea fyne.CanvasObject
	m.note, noteArea = newMessageArea(1)
	m.note.Importance = widget.SuccessImportance
	m.note.SetText(note)

	cfg := k.pins.config()
	names := make([]string, len(idleChoices))
	cur := ""
	for i, mins := range idleChoices {
		names[i] = trm("kioskmode.staff.minutes", "Minutes", mins)
		if mins*60 == cfg.IdleSeconds {
			cur = names[i]
		}
	}
	m.idle = i18n.NewSelect(names, nil)
	m.idle.Selected = cur
	m.idle.OnChanged = func(sel string) {
		for i, n := range names {
			if n != sel {
				continue
			}
			if err := k.setIdle(idleChoices[i] * 60); err != nil {
				m.note.Importance = widget.DangerImportance
				m.note.SetText(msg(err))
				return
			}
			m.note.Importance = widget.SuccessImportance
			m.note.SetText(trm("kioskmode.staff.idle_saved", "Minutes", idleChoices[i]))
		}
	}
	// Every action closes the menu first: a dialog it opens must not sit
	// under the menu (Fyne drops overlays above a hidden one).
	then := func(f func()) func() {
		return func() {
			m.hide()
			if k.menu == m {
				k.menu = nil
			}
			f()
		}
	}
	m.end = widget.NewButtonWithIcon(tr("kioskmode.staff.end_session"), ftheme.LogoutIcon(), then(k.EndSession))
	if k.cur == nil {
		m.end.Disable()
	}
	m.pin = widget.NewButtonWithIcon(tr("kioskmode.staff.change_pin"), ftheme.AccountIcon(), then(func() {
		setPIN(w, k.pins, func() { k.showStaffMenu(tr("kioskmode.pin.changed")) })
	}))
	m.exit = widget.NewButtonWithIcon(tr("kioskmode.staff.exit_kiosk"), ftheme.ViewRestoreIcon(), then(k.Exit))
	m.quit = widget.NewButtonWithIcon(tr("kioskmode.staff.quit"), ftheme.CancelIcon(), then(k.quit))
	m.quit.Importance = widget.DangerImportance
	m.close = widget.NewButtonWithIcon(tr("kioskmode.close"), ftheme.ConfirmIcon(), then(func() {}))
	m.close.Importance = widget.HighImportance

	idleRow := container.NewBorder(nil, nil, widget.NewLabel(tr("kioskmode.staff.idle")), nil, m.idle)
	// Two columns, so the menu fits a 1280×800 screen with large text.
	sz := staffButtonSize
	buttons := container.NewVBox(
		container.NewHBox(touch(sz, m.end), touch(sz, m.pin)),
		container.NewHBox(touch(sz, m.exit), touch(sz, m.quit)),
		container.NewCenter(touch(sz, m.close)))
	content := container.NewVBox(noteArea, idleRow, widget.NewSeparator(), buttons)
	m.d = dialog.NewCustomWithoutButtons(tr("kioskmode.staff.title"), content, w)
	k.menu = m
	m.d.Show()
}

func (m *staffMenu) hide() { m.d.Hide() }

// setIdle changes the idle time (the countdown stays at most a quarter of
// it); it applies from the next session.
func (k *Kiosk) setIdle(secs int) error {
	return k.pins.update(func(c *kiosk.Config) {
		c.IdleSeconds = secs
		c.WarnSeconds = min(kiosk.DefaultConfig.WarnSeconds, secs/4)
		c.WarnSeconds = max(c.WarnSeconds, kiosk.MinWarnSeconds)
	})
}

package kioskmode

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	ftheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/naiman-yiye/yiye/app/shell"
	"github.com/naiman-yiye/yiye/kiosk"
)

// Activate switches the window into kiosk mode after staff turned the
// setting on; cmd/yiye sets it. While nil the setting applies at the next
// start.
var Activate func(ctx *shell.Context)

// buildKioskSetting is the staff setting 自助终端模式: turning it on needs
// the staff PIN (set here the first time); it is stored and applies at
// every start until staff leave kiosk mode from the staff menu.
func buildKioskSetting(ctx *shell.Context) fyne.CanvasObject {
	intro := widget.NewLabel(tr("kioskmode.setting.intro"))
	intro.Wrapping = wrap()
	if ctx.Deps.Kiosk {
		l := widget.NewLabel(tr("kioskmode.setting.active"))
		l.Wrapping = wrap()
		return container.NewVBox(intro, l)
	}
	ps := pinsFor(ctx.App.Preferences(), nil, kiosk.LockoutPolicy{})
	state := widget.NewLabel("")
	state.Wrapping = wrap()
	showState := func() {
		if ps.hasPIN() {
			state.SetText(trm("kioskmode.setting.state", "Minutes", ps.cfg.IdleSeconds/60))
		} else {
			state.SetText(tr("kioskmode.setting.no_pin"))
		}
	}
	showState()
	enable := func() {
		if err := ps.update(func(c *kiosk.Config) { c.Enabled = true }); err != nil {
			ctx.ShowError(err)
			return
		}
		if Activate != nil {
			Activate(ctx)
			return
		}
		ctx.Toast(tr("kioskmode.setting.next_start"))
	}
	on := widget.NewButtonWithIcon(tr("kioskmode.setting.enable"), ftheme.ComputerIcon(), func() {
		if !ps.hasPIN() {
			setPIN(ctx.Window, ps, func() { showState(); enable() })
			return
		}
		askPIN(ctx.Window, ps, tr("kioskmode.setting.pin_title"), enable)
	})
	on.Importance = widget.HighImportance
	change := widget.NewButtonWithIcon(tr("kioskmode.staff.change_pin"), ftheme.AccountIcon(), func() {
		askPIN(ctx.Window, ps, tr("kioskmode.setting.pin_title"), func() { setPIN(ctx.Window, ps, showState) })
	})
	return container.NewVBox(intro, state, container.NewHBox(on, change))
}

package kioskmode

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	ftheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/naiman-yiye/yiye/app/background"
	"github.com/naiman-yiye/yiye/app/shell"
	"github.com/naiman-yiye/yiye/kiosk"
)

// SettingScreen is the staff setting 自助终端模式 of a normal window:
// turning kiosk mode on needs the staff PIN (chosen here the first time);
// it is stored and applies at every start until staff leave kiosk mode
// from the staff menu. activate enters kiosk mode in this window at once
// (after the PIN dialog has closed); nil leaves it to the next start.
func SettingScreen(prefs fyne.Preferences, run *background.Runner, activate func()) shell.Screen {
	s := &setting{pins: newPins(prefs, nil, kiosk.LockoutPolicy{}), run: run, activate: activate}
	return shell.Screen{ID: ScreenKioskSetting, TitleKey: "kioskmode.nav.kiosk", Title: "自助终端模式",
		IconName: ftheme.IconNameComputer, Build: s.build}
}

type setting struct {
	pins     pins
	run      *background.Runner
	activate func()
}

func (s *setting) build(ctx *shell.Context) fyne.CanvasObject {
	intro := widget.NewLabel(tr("kioskmode.setting.intro"))
	intro.Wrapping = wrap()
	state := widget.NewLabel("")
	state.Wrapping = wrap()
	showState := func() {
		if s.pins.hasPIN() {
			state.SetText(trm("kioskmode.setting.state", "Minutes", s.pins.config().IdleSeconds/60))
		} else {
			state.SetText(tr("kioskmode.setting.no_pin"))
		}
	}
	showState()
	enable := func() {
		if err := s.pins.update(func(c *kiosk.Config) { c.Enabled = true }); err != nil {
			ctx.ShowError(err)
			return
		}
		if s.activate == nil {
			ctx.Toast(tr("kioskmode.setting.next_start"))
			return
		}
		// After this callback: the window's content is replaced, and
		// nothing of the normal window's dialog handling should run on
		// the kiosk's.
		s.run.Post(s.activate)
	}
	on := widget.NewButtonWithIcon(tr("kioskmode.setting.enable"), ftheme.ComputerIcon(), func() {
		if !s.pins.hasPIN() {
			setPIN(ctx.Window, s.pins, func() { showState(); enable() })
			return
		}
		askPIN(ctx.Window, s.pins, tr("kioskmode.setting.pin_title"), enable)
	})
	on.Importance = widget.HighImportance
	change := widget.NewButtonWithIcon(tr("kioskmode.staff.change_pin"), ftheme.AccountIcon(), func() {
		askPIN(ctx.Window, s.pins, tr("kioskmode.setting.pin_title"), func() {
			setPIN(ctx.Window, s.pins, func() {
				showState()
				ctx.Toast(tr("kioskmode.pin.changed"))
			})
		})
	})
	return container.NewVBox(intro, state, container.NewHBox(on, change))
}

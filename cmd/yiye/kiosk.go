package main

import (
	"fyne.io/fyne/v2"
	"time"

	"github.com/naiman-yiye/yiye/app/kioskmode"
	"github.com/naiman-yiye/yiye/app/shell"
	"github.com/naiman-yiye/yiye/app/theme"
)

// kioskSessionHooks wire the runtime services of one kiosk applicant
// session (a fresh *shell.Deps on the session's own database and folder):
// other wiring files append to it, e.g. to open and register app/services
// for the deps. The func a hook returns runs when the session ends, before
// its files are wiped.
var kioskSessionHooks []func(deps *shell.Deps) (end func())

func init() {
	beforeShow = append(beforeShow, func(sh *shell.Shell, w fyne.Window) { setupKiosk(sh, w) })
}

// setupKiosk prepares kiosk mode for the window: with --kiosk, or when
// staff turned on the 自助终端模式 setting, the window shows the kiosk
// welcome screen instead of the normal shell.
func setupKiosk(sh *shell.Shell, w fyne.Window) *kioskmode.Kiosk {
	a := fyne.CurrentApp()
	k := newKiosk(a, w, sh)
	kioskmode.Activate = func(*shell.Context) {
		sh.Deps().Kiosk = true
		k.Enter()
	}
	switch {
	case sh.Deps().Kiosk: // --kiosk, or the setting (gui.go reads it at start)
		k.Enter()
	case kioskmode.LoadConfig(a.Preferences()).Enabled:
		// Turned on since gui.go read it: enter once the app runs so full
		// screen wins over the normal window size.
		onStarted(func() {
			sh.Deps().Kiosk = true
			k.Enter()
		})
	}
	return k
}

// kioskActivityPoll is kioskmode.Options.ActivityPoll. Tests turn the
// background poll off: under the headless test driver fyne.Do runs on the
// calling goroutine, so a ticker calling it would race the test itself.
var kioskActivityPoll time.Duration

func newKiosk(a fyne.App, w fyne.Window, sh *shell.Shell) *kioskmode.Kiosk {
	var k *kioskmode.Kiosk
	k = kioskmode.New(kioskmode.Options{
		App: a, Window: w, Base: sh.Deps(), ActivityPoll: kioskActivityPoll,
		OnSession: func(deps *shell.Deps) func() {
			sessionKiosks.Store(deps, k)
			ends := []func(){func() { sessionKiosks.Delete(deps) }}
			for _, h := range kioskSessionHooks {
				if end := h(deps); end != nil {
					ends = append(ends, end)
				}
			}
			return func() {
				// The applicant's last keystrokes first, then the session's
				// journey is forgotten; services and database close after.
				if shutdownScreens != nil {
					shutdownScreens(deps)
				}
				for i := len(ends) - 1; i >= 0; i-- {
					ends[i]()
				}
			}
		},
		OnExit: func() { restoreNormal(a, w, sh) },
	})
	return k
}

// restoreNormal shows the normal shell again after staff left kiosk mode.
func restoreNormal(a fyne.App, w fyne.Window, sh *shell.Shell) {
	sh.Deps().Kiosk = false
	sh.Rebuild(sh.CurrentID()) // settings show the portal address again
	a.Settings().SetTheme(theme.New(theme.Options{TextSize: sh.Settings().TextSize, Kiosk: false}))
	w.SetContent(sh.Content())
	w.Canvas().SetOnTypedKey(func(ev *fyne.KeyEvent) {
		if ev.Name == fyne.KeyEscape {
			sh.Back()
		}
	})
	w.Resize(fyne.NewSize(1120, 760))
	w.CenterOnScreen()
}

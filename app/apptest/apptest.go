// Package apptest sets up what screen tests need: a headless Fyne app with
// Yiye's theme in Chinese, a real reference portal on 127.0.0.1, a real
// SQLite file with an application core on both (package coretest), and
// the window's background runner posting to the test goroutine, so the
// screens' UI updates run there in Pump as they would on the app's main
// goroutine.
package apptest

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/naiman-yiye/yiye/app/background"
	"github.com/naiman-yiye/yiye/app/i18n"
	"github.com/naiman-yiye/yiye/app/shell"
	"github.com/naiman-yiye/yiye/app/theme"
	"github.com/naiman-yiye/yiye/core/coretest"
)

// Env is one screen test's world.
type Env struct {
	*coretest.Env
	App    fyne.App
	Window fyne.Window
	Run    *background.Runner
	Shell  *shell.Shell // set by NewShell
}

// New starts the portal and opens the core (not started), with a test app
// in Chinese and a 1200×850 window.
func New(t testing.TB) *Env {
	t.Helper()
	a := NewApp(t)
	ce := coretest.New(t)
	e := &Env{Env: ce, App: a, Run: background.New(ce.Post)}
	ce.Busy = e.Run.Busy
	e.Window = test.NewTempWindow(t, nil)
	e.Window.Resize(fyne.NewSize(1200, 850))
	return e
}

// NewApp starts a headless Fyne app with Yiye's theme, in Chinese.
func NewApp(t testing.TB) fyne.App {
	t.Helper()
	a := test.NewTempApp(t)
	a.Settings().SetTheme(theme.New(theme.Options{}))
	if err := i18n.Apply(i18n.Chinese); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = i18n.Apply(i18n.Chinese) })
	return a
}

// NewShell builds the window's shell with screens (and the shell's own
// settings), as the composition root does.
func (e *Env) NewShell(o shell.Options) *shell.Shell {
	if o.Run == nil {
		o.Run = e.Run
	}
	e.Shell = shell.New(e.App, e.Window, o)
	return e.Shell
}

package main

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/naiman-yiye/yiye/app/i18n"
	"github.com/naiman-yiye/yiye/app/kioskmode"
	"github.com/naiman-yiye/yiye/app/shell"
	"github.com/naiman-yiye/yiye/kiosk"
	"github.com/naiman-yiye/yiye/paths"
	"github.com/naiman-yiye/yiye/store"
)

// TestKioskWiring: with --kiosk the window goes full screen on the kiosk
// welcome; each session gets the hooks' services on its own deps, ended
// before its folder is wiped; leaving kiosk mode restores the shell.
func TestKioskWiring(t *testing.T) {
	a := test.NewTempApp(t)
	t.Cleanup(func() { _ = i18n.Apply(i18n.Chinese) })
	dir := t.TempDir()
	db, err := store.Open(paths.DatabaseFile(dir))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	h, err := kiosk.HashPIN("1357")
	if err != nil {
		t.Fatal(err)
	}
	c := kiosk.DefaultConfig
	c.PIN.PIN = h
	if err := kioskmode.SaveConfig(a.Preferences(), c); err != nil {
		t.Fatal(err)
	}
	w := test.NewTempWindow(t, widget.NewLabel(""))
	w.Resize(fyne.NewSize(1280, 800))
	sh := shell.New(a, w, &shell.Deps{DB: db, DataDir: dir, Kiosk: true})

	var hooked *shell.Deps
	dirAtEnd := false
	saved := kioskSessionHooks
	kioskSessionHooks = append(kioskSessionHooks, func(d *shell.Deps) func() {
		hooked = d
		return func() { _, err := os.Stat(d.DataDir); dirAtEnd = err == nil }
	})
	defer func() { kioskSessionHooks = saved }()

	k := setupKiosk(sh, w)
	if !k.Active() || !w.FullScreen() || w.Content() == sh.Content() {
		t.Fatal("--kiosk did not show the kiosk")
	}
	if err := k.Begin(); err != nil {
		t.Fatal(err)
	}
	s := k.Session()
	if hooked == nil || hooked != k.SessionDeps() || hooked.DataDir != s.Dir || hooked.DB == db || !hooked.Kiosk {
		t.Fatalf("hook got %+v", hooked)
	}
	k.EndSession()
	if !dirAtEnd {
		t.Fatal("session services ended after the wipe (or not at all)")
	}
	if _, err := os.Stat(s.Dir); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("session folder left: %v", err)
	}
	if es, _ := os.ReadDir(filepath.Join(dir, kiosk.SessionsDirName)); len(es) != 0 {
		t.Fatalf("sessions: %v", es)
	}
	k.Exit()
	if w.Content() != sh.Content() || w.FullScreen() || k.Active() {
		t.Fatal("leaving kiosk mode did not restore the shell")
	}
}

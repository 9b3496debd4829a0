//go:build ci

package main

import (
	"bytes"
	"database/sql"
	"fyne.io/fyne/v2/test"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/naiman-yiye/yiye/app/i18n"
	"github.com/naiman-yiye/yiye/app/kioskmode"
	"github.com/naiman-yiye/yiye/app/services"
	"github.com/naiman-yiye/yiye/app/shell"
	"github.com/naiman-yiye/yiye/kiosk"
)

func headlessHome(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	t.Setenv("XDG_CACHE_HOME", filepath.Join(home, ".cache"))
	if err := os.MkdirAll(filepath.Join(home, ".cache"), 0o700); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = i18n.Apply(i18n.Chinese) })
}

func withBeforeShow(t *testing.T, f func(sh *shell.Shell, w fyne.Window)) {
	beforeShow = append(beforeShow, f)
	t.Cleanup(func() { beforeShow = beforeShow[:len(beforeShow)-1] })
}

// Closing runs every wiring file's hook (none overwrites another), in the
// order: screens flush their drafts → services close → database closes.
func TestWindowCloseOrder(t *testing.T) {
	headlessHome(t)
	var order []string
	var deps *shell.Deps
	ping := func(who string) {
		if err := deps.DB.Ping(); err != nil {
			t.Errorf("%s: database already closed: %v", who, err)
		}
	}
	prev := shutdownScreens
	shutdownScreens = func(d *shell.Deps) {
		if d != deps {
			t.Errorf("screens shut down for other deps")
		}
		if services.For(d) == nil {
			t.Error("services closed before the screens flushed")
		}
		ping("screens")
		order = append(order, "screens")
	}
	t.Cleanup(func() { shutdownScreens = prev })
	withBeforeShow(t, func(sh *shell.Shell, w fyne.Window) {
		deps = sh.Deps()
		onClosed(func() { ping("a"); order = append(order, "a") })
		onClosed(func() { ping("b"); order = append(order, "b") })
	})
	var errb bytes.Buffer
	if code := run([]string{"--data-dir", filepath.Join(t.TempDir(), "d")}, &bytes.Buffer{}, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	// wireServices (an earlier beforeShow) added its hook before a and b.
	if want := []string{"screens", "a", "b"}; !slices.Equal(order, want) {
		t.Fatalf("close order %v, want %v", order, want)
	}
	if services.For(deps) != nil {
		t.Error("services still registered after close")
	}
	if err := deps.DB.Ping(); err == nil || !strings.Contains(err.Error(), sql.ErrConnDone.Error()) && !strings.Contains(err.Error(), "closed") {
		t.Errorf("database not closed after the window: %v", err)
	}
}

// Every onStarted hook runs once, in order (kiosk entry and others).
func TestStartedHooksChain(t *testing.T) {
	h := &windowHooks{}
	prev := hooks
	hooks = h
	defer func() { hooks = prev }()
	var got []int
	onStarted(func() { got = append(got, 1) })
	onStarted(func() { got = append(got, 2) })
	h.start()
	h.start()
	if !slices.Equal(got, []int{1, 2}) {
		t.Fatalf("started hooks ran %v", got)
	}
}

// The staff setting 自助终端模式 counts like --kiosk from the start.
// (Checked on in-memory preferences: starting real apps one after another
// in one process races Fyne's own preferences file watcher.)
func TestKioskSettingAtStart(t *testing.T) {
	prefs := test.NewTempApp(t).Preferences()
	h, err := kiosk.HashPIN("1357")
	if err != nil {
		t.Fatal(err)
	}
	if kioskAtStart(false, prefs) {
		t.Fatal("kiosk with no setting and no flag")
	}
	if !kioskAtStart(true, prefs) {
		t.Fatal("--kiosk ignored")
	}
	c := kiosk.DefaultConfig
	c.Enabled, c.PIN.PIN = true, h
	if err := kioskmode.SaveConfig(prefs, c); err != nil {
		t.Fatal(err)
	}
	if !kioskAtStart(false, prefs) {
		t.Fatal("saved setting ignored")
	}
	c.Enabled = false
	if err := kioskmode.SaveConfig(prefs, c); err != nil {
		t.Fatal(err)
	}
	if kioskAtStart(false, prefs) {
		t.Fatal("setting turned off still starts a kiosk")
	}
	prefs.SetString(kioskmode.PrefConfig, "{not json")
	if kioskAtStart(false, prefs) {
		t.Fatal("a damaged setting starts a kiosk")
	}
}

func TestNoDisplay(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	for _, c := range []struct {
		goos string
		env  map[string]string
		want bool
	}{
		{"linux", nil, true},
		{"freebsd", map[string]string{"DISPLAY": ""}, true},
		{"linux", map[string]string{"DISPLAY": ":0"}, false},
		{"linux", map[string]string{"WAYLAND_DISPLAY": "wayland-0"}, false},
		{"windows", nil, false},
		{"darwin", nil, false},
	} {
		msg := noDisplay(c.goos, env(c.env))
		if (msg != "") != c.want {
			t.Errorf("%s %v: %q", c.goos, c.env, msg)
		}
		if c.want && (!strings.Contains(msg, "未找到图形显示（no display found）") || !strings.Contains(msg, "--version")) {
			t.Errorf("message lacks the reason or the hint: %q", msg)
		}
	}
}

// The settings screen stores the pinned key where app/services reads it.
func TestBundleKeyPreferenceShared(t *testing.T) {
	if shell.PrefBundleKey != services.PrefBundleKey {
		t.Fatalf("settings write %q, services read %q", shell.PrefBundleKey, services.PrefBundleKey)
	}
}

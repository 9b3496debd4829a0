package kioskmode

import (
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/naiman-yiye/yiye/app/apptest"
	"github.com/naiman-yiye/yiye/app/shell"
)

// TestKioskSettingFirstPIN: in a normal window the staff setting sets the
// PIN the first time, stores kiosk mode as on and activates it once the
// PIN dialog has closed.
func TestKioskSettingFirstPIN(t *testing.T) {
	env := apptest.New(t)
	var activated int
	w := env.Window
	env.NewShell(shell.Options{Screens: []shell.Screen{SettingScreen(env.App.Preferences(), env.Run, func() {
		if w.Canvas().Overlays().Top() != nil {
			t.Error("kiosk mode activated under an open dialog")
		}
		activated++
	})}})
	pressButton(t, w, "自助终端模式")
	if !hasText(w, "尚未设置工作人员 PIN") {
		t.Fatalf("texts %v", texts(w))
	}
	pressButton(t, w, "启用自助终端模式")
	pressKeys(t, w, "8642")
	pressKeys(t, w, "8642")
	env.Pump("activation", func() bool { return activated == 1 })
	c := LoadConfig(env.App.Preferences())
	if !c.Enabled || !c.PIN.PIN.IsSet() {
		t.Fatalf("config %+v", c)
	}
	// Turning it on again needs the PIN.
	pressButton(t, w, "启用自助终端模式")
	kd := pressKeys(t, w, "0000")
	env.Pump("wrong PIN", nil)
	if activated != 1 || kd.Message() != "PIN 不正确，请重新输入。" {
		t.Fatalf("wrong PIN accepted: %d %q", activated, kd.Message())
	}
	pressKeys(t, w, "8642")
	env.Pump("activation", func() bool { return activated == 2 })
}

// TestKioskSettingNextStart: without activate the setting applies at the
// next start, and says so.
func TestKioskSettingNextStart(t *testing.T) {
	env := apptest.New(t)
	env.NewShell(shell.Options{Screens: []shell.Screen{SettingScreen(env.App.Preferences(), env.Run, nil)}})
	pressButton(t, env.Window, "自助终端模式")
	pressButton(t, env.Window, "启用自助终端模式")
	pressKeys(t, env.Window, "8642")
	pressKeys(t, env.Window, "8642")
	if !LoadConfig(env.App.Preferences()).Enabled || env.Shell.BannerText() != "已启用自助终端模式，下次启动时生效。" {
		t.Fatalf("banner %q", env.Shell.BannerText())
	}
}

// TestPollActivity: typing into a focused field (which the wrapper cannot
// see) restarts the idle time at the next poll.
func TestPollActivity(t *testing.T) {
	r := newRig(t, true)
	r.k.Enter()
	pressButton(t, r.w, "开始办理")
	e := widget.NewEntry()
	widget.NewPopUp(e, r.w.Canvas()).Show() // a field on the session's window
	r.k.PollActivity()
	r.clock.Advance(3 * time.Minute)
	full := r.k.mgr.Remaining()
	r.w.Canvas().Focus(e)
	test.Type(e, "张三")
	r.k.PollActivity()
	if got := r.k.mgr.Remaining(); got != 5*time.Minute || got == full {
		t.Fatalf("remaining after typing %v (before %v)", got, full)
	}
	r.clock.Advance(time.Minute)
	r.k.PollActivity() // nothing changed: no activity
	if got := r.k.mgr.Remaining(); got != 4*time.Minute {
		t.Fatalf("remaining without activity %v", got)
	}
}

// TestActivityPollRuns: the kiosk's own poll, on its ticker, reaches the
// UI goroutine through the runner (the race detector watches the test
// goroutine touching the same widgets) and sees the typing.
func TestActivityPollRuns(t *testing.T) {
	r := newRig(t, true)
	r.k.opts.ActivityPoll = 5 * time.Millisecond
	r.k.Enter()
	pressButton(t, r.w, "开始办理")
	e := widget.NewEntry()
	widget.NewPopUp(e, r.w.Canvas()).Show()
	r.pump("first poll", func() bool { return r.k.lastSeen != "" })
	r.clock.Advance(3 * time.Minute)
	r.w.Canvas().Focus(e)
	test.Type(e, "张三")
	r.pump("poll after typing", func() bool { return r.k.mgr.Remaining() == 5*time.Minute })
}

package kioskmode

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/naiman-yiye/yiye/app/shell"
)

// TestKioskSettingFirstPIN: in normal mode the staff setting sets the PIN
// the first time, stores kiosk mode as on and switches the window over.
func TestKioskSettingFirstPIN(t *testing.T) {
	a := newApp(t)
	dir := t.TempDir()
	deps := &shell.Deps{DB: openDB(t, dir), DataDir: dir}
	w := test.NewTempWindow(t, widget.NewLabel(""))
	w.Resize(fyne.NewSize(1280, 900))
	shell.New(a, w, deps)
	var activated int
	Activate = func(*shell.Context) { activated++ }
	t.Cleanup(func() { Activate = nil })
	test.Tap(button(t, w, "自助终端模式"))
	if !hasText(w, "尚未设置工作人员 PIN") {
		t.Fatalf("texts %v", texts(w))
	}
	test.Tap(button(t, w, "启用自助终端模式"))
	pressKeys(t, "8642")
	pressKeys(t, "8642")
	c := LoadConfig(a.Preferences())
	if !c.Enabled || !c.PIN.PIN.IsSet() || activated != 1 {
		t.Fatalf("config %+v, activated %d", c, activated)
	}
	// Turning it on again needs the PIN.
	test.Tap(button(t, w, "启用自助终端模式"))
	pressKeys(t, "0000")
	if activated != 1 || lastKeypad.Message.Text != "PIN 不正确，请重新输入。" {
		t.Fatalf("wrong PIN accepted: %d %q", activated, lastKeypad.Message.Text)
	}
	pressKeys(t, "8642")
	if activated != 2 {
		t.Fatal("right PIN refused")
	}
}

// TestPollActivity: typing into a focused field (which the wrapper cannot
// see) restarts the idle time at the next poll.
func TestPollActivity(t *testing.T) {
	r := newRig(t, true, nil)
	r.k.Enter()
	test.Tap(button(t, r.w, "开始办理"))
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

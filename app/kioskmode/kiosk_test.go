package kioskmode

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/naiman-yiye/yiye/app/shell"
	"github.com/naiman-yiye/yiye/drafts"
	"github.com/naiman-yiye/yiye/kiosk"
	"github.com/naiman-yiye/yiye/paths"
)

const staffPIN = "246813"

type rig struct {
	a     fyne.App
	w     fyne.Window
	k     *Kiosk
	clock *kiosk.ManualClock
	dir   string
	quits int
	exits int
}

// newRig is a kiosk on a test window over a real data directory, with a
// manual clock; withPIN stores a staff PIN first.
func newRig(t *testing.T, withPIN bool, onSession func(*shell.Deps) func()) *rig {
	t.Helper()
	r := &rig{a: newApp(t), dir: t.TempDir(), clock: kiosk.NewManualClock(time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC))}
	if withPIN {
		h, err := kiosk.HashPIN(staffPIN)
		if err != nil {
			t.Fatal(err)
		}
		c := kiosk.DefaultConfig
		c.PIN.PIN = h
		if err := SaveConfig(r.a.Preferences(), c); err != nil {
			t.Fatal(err)
		}
	}
	r.w = test.NewTempWindow(t, widget.NewLabel(""))
	r.w.Resize(fyne.NewSize(1280, 800))
	base := &shell.Deps{DB: openDB(t, r.dir), DataDir: r.dir, Version: "test"}
	r.k = New(Options{App: r.a, Window: r.w, Base: base, Clock: r.clock, ActivityPoll: -1, OnSession: onSession,
		Quit: func() { r.quits++ }, OnExit: func() { r.exits++ }})
	t.Cleanup(func() { r.k.endNow() })
	return r
}

// TestPINLock: closing the window asks for the staff PIN; wrong PINs are
// refused, then locked out (persisted), and the right PIN closes the app.
func TestPINLock(t *testing.T) {
	r := newRig(t, true, nil)
	r.k.Enter()
	if !r.w.FullScreen() {
		t.Fatal("not full screen")
	}
	r.k.RequestClose() // what the window's close button and Alt+F4 call
	if !hasText(r.w, "关闭程序需工作人员 PIN") {
		t.Fatalf("no PIN dialog: %v", texts(r.w))
	}
	pressKeys(t, "1111")
	if r.quits != 0 || lastKeypad.Message.Text != "PIN 不正确，请重新输入。" || !lastKeypad.Message.Visible() {
		t.Fatalf("wrong PIN: quits %d, message %q", r.quits, lastKeypad.Message.Text)
	}
	if lastKeypad.Keypad.Value() != "" {
		t.Fatal("wrong PIN left in the keypad")
	}
	pressKeys(t, "2222")
	pressKeys(t, "3333")
	pressKeys(t, "4444") // fourth failure: locked for 30 s
	if got := lastKeypad.Message.Text; got != "PIN 错误次数过多，请 30 秒后再试。" {
		t.Fatalf("lockout message %q", got)
	}
	if st := LoadConfig(r.a.Preferences()).PIN; st.Failures != 4 || st.LockedUntil.IsZero() {
		t.Fatalf("lockout not persisted: %+v", st)
	}
	pressKeys(t, staffPIN) // right PIN, but still locked
	if r.quits != 0 || !strings.Contains(lastKeypad.Message.Text, "秒后再试") {
		t.Fatalf("locked kiosk accepted the PIN: quits %d, %q", r.quits, lastKeypad.Message.Text)
	}
	r.clock.Advance(31 * time.Second)
	pressKeys(t, staffPIN)
	if r.quits != 1 {
		t.Fatalf("right PIN did not close: quits %d, %q", r.quits, lastKeypad.Message.Text)
	}
	if st := LoadConfig(r.a.Preferences()).PIN; st.Failures != 0 {
		t.Fatalf("failures not reset: %+v", st)
	}
}

// TestFirstPIN: kiosk mode without a PIN asks staff to set one (twice)
// and refuses applicants until then.
func TestFirstPIN(t *testing.T) {
	r := newRig(t, false, nil)
	r.k.Enter()
	if !hasText(r.w, "设置工作人员 PIN") {
		t.Fatalf("not asked for a PIN: %v", texts(r.w))
	}
	test.Tap(button(t, r.w, "取消"))
	test.Tap(button(t, r.w, "开始办理"))
	if r.k.Session() != nil || !hasText(r.w, "请工作人员先设置 PIN") {
		t.Fatal("a session started without a staff PIN")
	}
	test.Tap(button(t, r.w, "工作人员"))
	pressKeys(t, "12")
	if !strings.Contains(lastKeypad.Message.Text, "4 到 12 位") {
		t.Fatalf("short PIN: %q", lastKeypad.Message.Text)
	}
	pressKeys(t, "5791")
	pressKeys(t, "5790")
	if lastKeypad.Message.Text != "两次输入的 PIN 不一致，请重新输入。" {
		t.Fatalf("mismatch: %q", lastKeypad.Message.Text)
	}
	pressKeys(t, "5791")
	if !LoadConfig(r.a.Preferences()).PIN.PIN.IsSet() || lastStaffMenu == nil {
		t.Fatal("PIN not stored or staff menu not shown")
	}
	if !kiosk.VerifyPIN(LoadConfig(r.a.Preferences()).PIN.PIN, "5791") {
		t.Fatal("stored PIN does not verify")
	}
}

// TestIdleWipeThroughUI is issue 5's wipe test through the UI: an
// applicant session is filled with known values (an imported draft with
// an attachment, an agent with a letter, a token file), the countdown
// shows, a tap on 继续办理 cancels it, then the session expires; no byte
// of any file under the data directory (database, -wal/-shm/-journal,
// attachments, caches) holds any of the values, and the welcome screen is
// back.
func TestIdleWipeThroughUI(t *testing.T) {
	token := marker(t, "TOKEN")
	r := newRig(t, true, func(d *shell.Deps) func() {
		if err := os.WriteFile(filepath.Join(d.DataDir, "token.json"), []byte(`{"access_token":"`+token+`"}`), 0o600); err != nil {
			t.Error(err)
		}
		return nil
	})
	r.k.Enter()
	test.Tap(button(t, r.w, "开始办理"))
	s := r.k.Session()
	if s == nil || r.k.Shell() == nil || r.k.SessionDeps().DataDir != s.Dir || !r.k.SessionDeps().Kiosk {
		t.Fatalf("no session: %v", texts(r.w))
	}

	// A draft brought on a USB stick, with marker values.
	title, name, attach := marker(t, "DRAFT"), marker(t, "申请人张三"), marker(t, "ATTACH")
	src, d := sourceDraft(t, title, map[string]string{"entity_name": name}, attach)
	bundle := bundleOf(t, src, d, "correct horse")
	chooseOpen = func(_ fyne.Window, _ []string, pick func(string)) { pick(bundle) }
	test.Tap(button(t, r.w, "草稿交接与打印"))
	h := handoverFor(r.k.SessionDeps())
	test.Tap(button(t, r.w, "导入草稿"))
	test.Type(h.pass.pass, "correct horse")
	test.Tap(h.pass.ok)
	if got := h.draftTitles(); len(got) != 1 || got[0] != title {
		t.Fatalf("imported drafts %v; status %q", got, h.status.Text)
	}

	// Assisted filing, recorded by staff, with the letter attached.
	agent, letter := marker(t, "李四"), marker(t, "LETTER")
	test.Tap(button(t, r.w, "帮办代办（委托）"))
	pressKeys(t, staffPIN)
	p := lastAgentPage
	test.Type(p.name, agent)
	test.Type(p.id, "11010519491231002X")
	test.Type(p.staff, "NM-0042")
	chooseOpen = func(_ fyne.Window, _ []string, pick func(string)) {
		pick(writeFile(t, "授权委托书.pdf", minimalPDF(letter)))
	}
	test.Tap(p.attachB)
	test.Tap(p.save)
	if !strings.Contains(p.status.Text, "委托信息已保存") {
		t.Fatalf("agent not saved: %q", p.status.Text)
	}
	// The whole authorisation is in the draft's agent record, not in
	// form values.
	if a := p.draft.Agent; a == nil || a.Name != agent || a.StaffID != "NM-0042" || a.Principal == "" ||
		a.Scope == "" || a.RecordedAt.IsZero() {
		t.Fatalf("stored agent %+v", p.draft.Agent)
	}
	for _, k := range drafts.LegacyAgentValues {
		if _, ok := p.draft.Values[k]; ok {
			t.Fatalf("legacy value %s written", k)
		}
	}
	test.Tap(button(t, r.w, "返回"))
	if !hasText(r.w, "委托代办：受托人 "+agent+"（110105********002X）") {
		t.Fatalf("agent not shown on the draft: %v", texts(r.w))
	}
	markers := []string{title, name, attach, agent, letter, token}
	if found := scan(t, r.dir, markers); len(found) != len(markers) {
		t.Fatalf("only %d of %d markers on disk before expiry: %v", len(found), len(markers), found)
	}
	if _, err := os.Stat(paths.DatabaseFile(s.Dir) + "-wal"); err != nil {
		t.Fatalf("session database has no WAL: %v", err)
	}

	// Idle: 5 minutes with a 60 s countdown (kiosk.DefaultConfig).
	r.clock.Advance(4 * time.Minute)
	if got := r.k.CountdownText(); got != "60 秒后将结束本次办理并清除您的资料" {
		t.Fatalf("countdown %q", got)
	}
	if !hasText(r.w, "您还在吗？") {
		t.Fatal("overlay not on the window")
	}
	r.clock.Advance(10 * time.Second)
	if got := r.k.CountdownText(); got != "50 秒后将结束本次办理并清除您的资料" {
		t.Fatalf("countdown after 10 s %q", got)
	}
	test.Tap(button(t, r.w, "继续办理"))
	if r.k.CountdownText() != "" || r.k.Session() != s {
		t.Fatal("继续办理 did not cancel the countdown")
	}
	r.clock.Advance(4*time.Minute + 59*time.Second)
	if r.k.Session() != s || r.k.CountdownText() == "" {
		t.Fatal("session should still run, in its countdown")
	}
	r.clock.Advance(time.Second)

	if r.k.Session() != nil || !s.Wiped() {
		t.Fatal("session not ended")
	}
	if found := scan(t, r.dir, markers); len(found) != 0 {
		t.Fatalf("markers left after the wipe: %v", found)
	}
	if _, err := os.Lstat(s.Dir); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("session folder left: %v", err)
	}
	if es, _ := os.ReadDir(filepath.Join(r.dir, kiosk.SessionsDirName)); len(es) != 0 {
		t.Fatalf("sessions folder holds %v", es)
	}
	if r.k.WelcomeNote() != "由于长时间无操作，本次办理已结束，您填写的资料已从本机清除。" {
		t.Fatalf("welcome note %q", r.k.WelcomeNote())
	}
	button(t, r.w, "开始办理")
	if r.w.Canvas().Overlays().Top() != nil {
		t.Fatal("a dialog of the session outlived it")
	}
	// The next applicant starts clean.
	test.Tap(button(t, r.w, "开始办理"))
	test.Tap(button(t, r.w, "草稿交接与打印"))
	if got := handoverFor(r.k.SessionDeps()).draftTitles(); len(got) != 0 {
		t.Fatalf("next applicant sees %v", got)
	}
}

// TestStaffMenu: end the session, change the idle time, leave kiosk mode.
func TestStaffMenu(t *testing.T) {
	r := newRig(t, true, nil)
	r.k.Enter()
	test.Tap(button(t, r.w, "开始办理"))
	s := r.k.Session()
	// Esc on a first page opens the staff PIN, never leaves full screen.
	r.w.Canvas().(interface {
		OnTypedKey() func(*fyne.KeyEvent)
	}).OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	pressKeys(t, staffPIN)
	m := lastStaffMenu
	m.idle.SetSelected("10 分钟")
	if c := LoadConfig(r.a.Preferences()); c.IdleSeconds != 600 || c.WarnSeconds != 60 || !c.PIN.PIN.IsSet() {
		t.Fatalf("idle not saved: %+v", c)
	}
	test.Tap(m.end)
	if r.k.Session() != nil || !s.Wiped() || r.k.WelcomeNote() != "本次办理已结束，您填写的资料已从本机清除。" {
		t.Fatalf("staff end: session %v, note %q", r.k.Session(), r.k.WelcomeNote())
	}
	// The new idle time applies to the next session.
	test.Tap(button(t, r.w, "开始办理"))
	r.clock.Advance(9 * time.Minute)
	if r.k.CountdownText() != "60 秒后将结束本次办理并清除您的资料" {
		t.Fatalf("countdown at 9 of 10 minutes: %q", r.k.CountdownText())
	}
	test.Tap(button(t, r.w, "立即结束"))
	if r.k.Session() != nil {
		t.Fatal("立即结束 did not end the session")
	}
	test.Tap(button(t, r.w, "工作人员"))
	pressKeys(t, staffPIN)
	test.Tap(lastStaffMenu.exit)
	if r.exits != 1 || r.k.Active() || r.w.FullScreen() || LoadConfig(r.a.Preferences()).Enabled {
		t.Fatalf("exit: exits %d active %v full %v", r.exits, r.k.Active(), r.w.FullScreen())
	}
}

// TestSessionUsesOwnStore: drafts of one applicant are in the session's
// own database, not the kiosk's.
func TestSessionUsesOwnStore(t *testing.T) {
	r := newRig(t, true, nil)
	r.k.Enter()
	test.Tap(button(t, r.w, "开始办理"))
	deps := r.k.SessionDeps()
	if deps.DB == r.k.opts.Base.DB || filepath.Dir(deps.DataDir) != filepath.Join(r.dir, kiosk.SessionsDirName) {
		t.Fatalf("session deps %+v", deps)
	}
	st, err := drafts.Open(context.Background(), r.k.opts.Base.DB, paths.AttachmentsDir(r.dir))
	if err != nil {
		t.Fatal(err)
	}
	test.Tap(button(t, r.w, "草稿交接与打印"))
	h := handoverFor(deps)
	if _, err := h.store.Create(context.Background(), drafts.New{Title: "x", Industry: "bar"}); err != nil {
		t.Fatal(err)
	}
	if l, _ := st.List(context.Background()); len(l) != 0 {
		t.Fatalf("kiosk database holds %v", l)
	}
}

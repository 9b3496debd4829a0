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
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/naiman-yiye/yiye/agent"
	"github.com/naiman-yiye/yiye/app/filepick/filepicktest"
	"github.com/naiman-yiye/yiye/app/i18n"
	"github.com/naiman-yiye/yiye/client"
	"github.com/naiman-yiye/yiye/drafts"
	"github.com/naiman-yiye/yiye/kiosk"
	"github.com/naiman-yiye/yiye/paths"
	"github.com/naiman-yiye/yiye/portal"
)

// pressText presses the text (a label or a menu entry) in front.
func pressText(t *testing.T, w fyne.Window, text string) {
	t.Helper()
	for _, o := range onTop(w) {
		switch x := o.(type) {
		case *canvas.Text:
			if x.Text == text {
				press(t, w, x)
				return
			}
		case *widget.Label:
			if x.Text == text {
				press(t, w, x)
				return
			}
		}
	}
	t.Fatalf("no %q in front: %v", text, textsOf(onTop(w)))
}

// staffMenuOnTop fails unless the staff menu is the dialog in front.
func staffMenuOnTop(t *testing.T, r *rig) *staffMenu {
	t.Helper()
	if r.w.Canvas().Overlays().Top() == nil || !strings.Contains(strings.Join(textsOf(onTop(r.w)), "|"), "工作人员菜单") {
		t.Fatalf("the staff menu is not in front after the right PIN; in front: %v", textsOf(onTop(r.w)))
	}
	if r.k.menu == nil {
		t.Fatal("kiosk does not know its staff menu")
	}
	return r.k.menu
}

// typeKey sends a key to the window as the keyboard does when no field has
// the focus.
func typeKey(w fyne.Window, name fyne.KeyName) {
	w.Canvas().(interface {
		OnTypedKey() func(*fyne.KeyEvent)
	}).OnTypedKey()(&fyne.KeyEvent{Name: name})
}

// TestStaffMenuAfterPIN: after the right staff PIN the staff menu is the
// dialog in front — on the welcome screen and in a session, from the
// 工作人员 button and from Esc — and each of its actions works when
// pressed on the screen.
func TestStaffMenuAfterPIN(t *testing.T) {
	t.Run("welcome: idle time and leave kiosk mode", func(t *testing.T) {
		r := newRig(t, true)
		r.k.Enter()
		pressButton(t, r.w, "工作人员")
		pressKeys(t, r.w, staffPIN)
		m := staffMenuOnTop(t, r)
		if !m.end.Disabled() {
			t.Fatal("结束当前办理 enabled without a session")
		}
		press(t, r.w, m.idle)
		pressText(t, r.w, "10 分钟")
		if c := LoadConfig(r.env.App.Preferences()); c.IdleSeconds != 600 || c.WarnSeconds != 60 || !c.PIN.PIN.IsSet() {
			t.Fatalf("idle time not saved: %+v", c)
		}
		staffMenuOnTop(t, r)
		if got := m.note.Text; got != "已保存：之后开始的办理无操作 10 分钟后自动结束。" {
			t.Fatalf("menu note %q", got)
		}
		pressButton(t, r.w, "退出自助终端模式")
		if r.exits != 1 || r.k.Active() || r.w.FullScreen() || LoadConfig(r.env.App.Preferences()).Enabled {
			t.Fatalf("exit: exits %d active %v full %v", r.exits, r.k.Active(), r.w.FullScreen())
		}
		if r.w.Canvas().Overlays().Top() != nil {
			t.Fatal("a dialog stayed after leaving kiosk mode")
		}
	})
	t.Run("session: end the session", func(t *testing.T) {
		r := newRig(t, true)
		r.k.Enter()
		pressButton(t, r.w, "开始办理")
		s := r.k.Session()
		if s == nil {
			t.Fatalf("no session: %v", texts(r.w))
		}
		pressButton(t, r.w, "工作人员")
		pressKeys(t, r.w, staffPIN)
		m := staffMenuOnTop(t, r)
		if m.end.Disabled() {
			t.Fatal("结束当前办理 disabled in a session")
		}
		pressButton(t, r.w, "结束当前办理并清除资料")
		if r.k.Session() != nil || !s.Wiped() || !r.sessions[0].closed {
			t.Fatalf("staff end: session %v wiped %v", r.k.Session(), s.Wiped())
		}
		if got := r.k.WelcomeNote(); got != "本次办理已结束，您填写的资料已从本机清除。" {
			t.Fatalf("welcome note %q", got)
		}
		if r.w.Canvas().Overlays().Top() != nil {
			t.Fatalf("dialog left: %v", textsOf(onTop(r.w)))
		}
		button(t, r.w, "开始办理")
	})
	t.Run("session: Esc, then close the app", func(t *testing.T) {
		r := newRig(t, true)
		r.k.Enter()
		pressButton(t, r.w, "开始办理")
		s := r.k.Session()
		typeKey(r.w, fyne.KeyEscape) // on a screen's first page: the staff PIN
		pressKeys(t, r.w, staffPIN)
		staffMenuOnTop(t, r)
		pressButton(t, r.w, "关闭程序")
		if r.quits != 1 || !s.Wiped() || r.k.Session() != nil {
			t.Fatalf("quit: quits %d wiped %v", r.quits, s.Wiped())
		}
	})
	t.Run("change the PIN", func(t *testing.T) {
		r := newRig(t, true)
		r.k.Enter()
		pressButton(t, r.w, "工作人员")
		pressKeys(t, r.w, staffPIN)
		staffMenuOnTop(t, r)
		pressButton(t, r.w, "修改工作人员 PIN")
		pressKeys(t, r.w, "1357")
		pressKeys(t, r.w, "1357")
		if m := staffMenuOnTop(t, r); m.note.Text != "工作人员 PIN 已修改。" {
			t.Fatalf("menu note %q", m.note.Text)
		}
		if !kiosk.VerifyPIN(LoadConfig(r.env.App.Preferences()).PIN.PIN, "1357") {
			t.Fatal("new PIN not stored")
		}
		pressButton(t, r.w, "关闭")
		if r.w.Canvas().Overlays().Top() != nil {
			t.Fatal("关闭 left the menu open")
		}
	})
}

// dialogBox is where a dialog and its OK key are on the screen.
type dialogBox struct {
	pos, okPos, cancelPos fyne.Position
	size, min             fyne.Size
}

func boxOf(t *testing.T, w fyne.Window) dialogBox {
	t.Helper()
	var top *widget.PopUp
	for _, o := range onTop(w) {
		if p, ok := o.(*widget.PopUp); ok {
			top = p
		}
	}
	if top == nil || w.Canvas().Overlays().Top() == nil {
		t.Fatalf("no dialog in front")
	}
	top.Refresh() // lays the dialog out again, as the window does when sizes change
	kp := topKeypad(t, w)
	d := fyne.CurrentApp().Driver()
	return dialogBox{pos: d.AbsolutePositionForObject(top.Content), size: top.Content.Size(), min: top.Content.MinSize(),
		okPos: d.AbsolutePositionForObject(kp.Key("ok")), cancelPos: d.AbsolutePositionForObject(topButton(t, w, "取消"))}
}

// TestPINDialogStaysPut: a wrong PIN, the lockout message and the next key
// change only the message line; the dialog keeps its size and place, and
// the keys and 取消 stay under the finger.
func TestPINDialogStaysPut(t *testing.T) {
	r := newRig(t, true)
	r.k.Enter()
	r.k.RequestClose()
	before := boxOf(t, r.w)
	kd := pressKeys(t, r.w, "1111")
	if kd.Message() != "PIN 不正确，请重新输入。" {
		t.Fatalf("message %q", kd.Message())
	}
	if got := boxOf(t, r.w); got != before {
		t.Fatalf("the dialog moved on a wrong PIN:\nbefore %+v\nafter  %+v", before, got)
	}
	pressKeys(t, r.w, "2222")
	pressKeys(t, r.w, "3333")
	pressKeys(t, r.w, "4444")
	if !strings.Contains(kd.Message(), "秒后再试") {
		t.Fatalf("lockout message %q", kd.Message())
	}
	if got := boxOf(t, r.w); got != before {
		t.Fatalf("the dialog moved on the lockout message:\nbefore %+v\nafter  %+v", before, got)
	}
	press(t, r.w, topKeypad(t, r.w).Key("5")) // the message goes
	if kd.Message() != "" {
		t.Fatalf("message kept after a key: %q", kd.Message())
	}
	if got := boxOf(t, r.w); got != before {
		t.Fatalf("the dialog moved when the message went:\nbefore %+v\nafter  %+v", before, got)
	}
}

// TestWelcomeHasNoStaffText: staff set the first PIN at the kiosk; the
// confirmation shows in the staff menu, and the welcome screen applicants
// see says nothing about the PIN.
func TestWelcomeHasNoStaffText(t *testing.T) {
	r := newRig(t, false)
	r.k.Enter()
	pressKeys(t, r.w, "5791")
	pressKeys(t, r.w, "5791")
	if m := staffMenuOnTop(t, r); m.note.Text != "工作人员 PIN 已设置。" {
		t.Fatalf("staff menu note %q", m.note.Text)
	}
	pressButton(t, r.w, "关闭")
	welcome := textsOf(visible(r.w.Canvas().Content()))
	for _, s := range welcome {
		if strings.Contains(s, "PIN") {
			t.Fatalf("applicants see %q on the welcome screen: %v", s, welcome)
		}
	}
	if r.k.WelcomeNote() != "" {
		t.Fatalf("welcome note %q", r.k.WelcomeNote())
	}
}

// TestPINLock: closing the window asks for the staff PIN; wrong PINs are
// refused, then locked out (persisted), and the right PIN closes the app.
func TestPINLock(t *testing.T) {
	r := newRig(t, true)
	r.k.Enter()
	if !r.w.FullScreen() {
		t.Fatal("not full screen")
	}
	r.k.RequestClose() // what the window's close button and Alt+F4 call
	if !hasText(r.w, "关闭程序需工作人员 PIN") {
		t.Fatalf("no PIN dialog: %v", texts(r.w))
	}
	kd := pressKeys(t, r.w, "1111")
	if r.quits != 0 || kd.Message() != "PIN 不正确，请重新输入。" {
		t.Fatalf("wrong PIN: quits %d, message %q", r.quits, kd.Message())
	}
	if kd.Keypad.Value() != "" {
		t.Fatal("wrong PIN left in the keypad")
	}
	pressKeys(t, r.w, "2222")
	pressKeys(t, r.w, "3333")
	pressKeys(t, r.w, "4444") // fourth failure: locked for 30 s
	if got := kd.Message(); got != "PIN 错误次数过多，请 30 秒后再试。" {
		t.Fatalf("lockout message %q", got)
	}
	if st := LoadConfig(r.env.App.Preferences()).PIN; st.Failures != 4 || st.LockedUntil.IsZero() {
		t.Fatalf("lockout not persisted: %+v", st)
	}
	// A kiosk restarted now (a new Kiosk on the same preferences) is
	// still locked.
	k2 := New(Options{App: r.env.App, Window: r.w, Run: r.env.Run, DataDir: r.dir, Clock: r.clock})
	if err := k2.pins.verify(staffPIN); !errors.Is(err, kiosk.ErrPINLocked) {
		t.Fatalf("lockout lost across kiosks: %v", err)
	}
	pressKeys(t, r.w, staffPIN) // right PIN, but still locked
	if r.quits != 0 || !strings.Contains(kd.Message(), "秒后再试") {
		t.Fatalf("locked kiosk accepted the PIN: quits %d, %q", r.quits, kd.Message())
	}
	r.clock.Advance(31 * time.Second)
	pressKeys(t, r.w, staffPIN)
	if r.quits != 1 {
		t.Fatalf("right PIN did not close: quits %d, %q", r.quits, kd.Message())
	}
	if st := LoadConfig(r.env.App.Preferences()).PIN; st.Failures != 0 {
		t.Fatalf("failures not reset: %+v", st)
	}
}

// TestFirstPIN: kiosk mode without a PIN asks staff to set one (twice)
// and refuses applicants until then.
func TestFirstPIN(t *testing.T) {
	r := newRig(t, false)
	r.k.Enter()
	if !hasText(r.w, "设置工作人员 PIN") {
		t.Fatalf("not asked for a PIN: %v", texts(r.w))
	}
	pressButton(t, r.w, "取消")
	pressButton(t, r.w, "开始办理")
	if r.k.Session() != nil || r.k.WelcomeNote() != "本机暂时不能办理，请联系大厅工作人员。" {
		t.Fatalf("a session started without a staff PIN; note %q", r.k.WelcomeNote())
	}
	pressButton(t, r.w, "工作人员")
	kd := pressKeys(t, r.w, "12")
	if !strings.Contains(kd.Message(), "4 到 12 位") {
		t.Fatalf("short PIN: %q", kd.Message())
	}
	pressKeys(t, r.w, "5791")
	kd = pressKeys(t, r.w, "5790")
	if kd.Message() != "两次输入的 PIN 不一致，请重新输入。" {
		t.Fatalf("mismatch: %q", kd.Message())
	}
	pressKeys(t, r.w, "5791")
	staffMenuOnTop(t, r)
	if !kiosk.VerifyPIN(LoadConfig(r.env.App.Preferences()).PIN.PIN, "5791") {
		t.Fatal("stored PIN does not verify")
	}
}

// TestIdleWipeThroughUI: an applicant session is filled with known values
// — signed in at the portal, a draft imported from a USB stick with an
// attachment, an agent recorded by staff with a letter, a printed form —
// the countdown shows, 继续办理 cancels it, then the session expires: no
// byte of any file under the data directory (database, -wal/-shm/-journal,
// attachments, caches) holds any of the values, the session's core was
// closed, and the welcome screen is back for the next applicant, who
// starts clean.
func TestIdleWipeThroughUI(t *testing.T) {
	r := newRig(t, true)
	r.k.Enter()
	pressButton(t, r.w, "开始办理")
	s := r.k.Session()
	sr := r.session()
	if s == nil || r.k.Shell() == nil || sr.env.Dir != s.Dir || !r.k.Shell().Kiosk() {
		t.Fatalf("no session: %v", texts(r.w))
	}
	ctx := context.Background()

	// Signed in at the portal: the tokens are in the session's database.
	if err := sr.core.SignIn(ctx, portal.DemoPhone, portal.DemoCode); err != nil {
		t.Fatal(err)
	}
	ts, err := client.OpenDBTokenStore(ctx, sr.env.DB)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := ts.LoadTokens(ctx)
	if err != nil || tok.Access == "" {
		t.Fatalf("no token stored: %+v %v", tok, err)
	}

	// A draft brought on a USB stick, with marker values.
	title, name, attach := marker(t, "DRAFT"), marker(t, "申请人张三"), marker(t, "ATTACH")
	src, d := sourceDraft(t, title, map[string]string{"entity_name": name}, attach)
	bundle := bundleOf(t, src, d, "correct horse")
	r.pump("hand-over screen", func() bool { return r.k.cur.handover.view != nil && r.handover().loaded })
	setFileFolder(r.env.App, filepath.Dir(bundle))
	pressButton(t, r.w, "导入草稿")
	pickFile(t, r.w, bundle)
	h := r.handover()
	test.Type(h.pass.pass, "correct horse")
	press(t, r.w, h.pass.ok)
	r.pump("import", func() bool { return len(h.draftTitles()) == 1 })
	if got := h.draftTitles(); got[0] != title {
		t.Fatalf("imported drafts %v; status %q", got, h.status.Text)
	}

	// Assisted filing, recorded by staff, with the letter attached.
	agentName, letter := marker(t, "李四"), marker(t, "LETTER")
	pressButton(t, r.w, "帮办代办（委托）")
	pressKeys(t, r.w, staffPIN)
	p := r.k.cur.handover.agent
	if p == nil || !p.kiosk {
		t.Fatal("agent page not open at the kiosk")
	}
	test.Type(p.name, agentName)
	test.Type(p.id, "11010519491231002X")
	press(t, r.w, p.save) // no staff ID yet
	r.pump("refusal", nil)
	if p.status.Text != "请填写经办工作人员工号。" {
		t.Fatalf("saved without a staff ID: %q", p.status.Text)
	}
	test.Type(p.staff, "NM-0042")
	letterFile := writeFile(t, "授权委托书.pdf", minimalPDF(letter))
	setFileFolder(r.env.App, filepath.Dir(letterFile))
	press(t, r.w, p.attachB)
	pickFile(t, r.w, letterFile)
	r.pump("letter", func() bool { return len(p.draft.AttachmentsFor(agent.LetterMaterial)) == 1 })
	before := time.Now()
	press(t, r.w, p.save)
	r.pump("agent saved", func() bool { return strings.Contains(p.status.Text, "委托信息已保存") })
	a := p.draft.Agent
	if a == nil || a.Name != agentName || a.StaffID != "NM-0042" || a.Principal != name || a.Scope == "" ||
		a.RecordedAt.Before(before.Add(-time.Second)) || a.RecordedAt.After(time.Now()) {
		t.Fatalf("stored agent %+v", a)
	}
	for _, k := range drafts.LegacyAgentValues {
		if _, ok := p.draft.Values[k]; ok {
			t.Fatalf("legacy value %s written", k)
		}
	}
	pressButton(t, r.w, "返回")
	r.pump("list", func() bool { return hasText(r.w, "委托代办：受托人 "+agentName) })
	if !hasText(r.w, "委托代办：受托人 "+agentName+"（110105********002X）") {
		t.Fatalf("agent not shown on the draft: %v", texts(r.w))
	}

	// The application form for signature goes to the session's folder.
	pressButton(t, r.w, "打印申请表（供签字）")
	r.pump("form printed", func() bool { return strings.Contains(h.status.Text, "已生成") })
	pdfs, _ := filepath.Glob(filepath.Join(s.CacheDir(), "*.pdf"))
	if len(pdfs) != 1 {
		t.Fatalf("printed %v; status %q", pdfs, h.status.Text)
	}

	if f := r.env.App.Preferences().String(filepicktest.LastDirPref); f != filepath.Dir(letterFile) {
		t.Fatalf("the picker remembers %q, want the letter's folder", f)
	}

	markers := []string{title, name, attach, agentName, letter, tok.Access, tok.Refresh}
	if found := scan(t, r.dir, markers); len(found) != len(markers) {
		t.Fatalf("only %d of %d markers on disk before expiry: %v", len(found), len(markers), found)
	}
	if _, err := os.Stat(paths.DatabaseFile(s.Dir) + "-wal"); err != nil {
		t.Fatalf("session database has no WAL: %v", err)
	}

	// Idle: 5 minutes with a 60 s countdown (kiosk.DefaultConfig).
	r.clock.Advance(4 * time.Minute)
	r.pump("countdown", func() bool { return r.k.CountdownText() != "" })
	if got := r.k.CountdownText(); got != "60 秒后将结束本次办理并清除您的资料" {
		t.Fatalf("countdown %q", got)
	}
	if !hasText(r.w, "您还在吗？") {
		t.Fatal("overlay not on the window")
	}
	r.k.PollActivity() // the overlay took the focus: that is not the applicant
	r.clock.Advance(10 * time.Second)
	r.pump("countdown tick", nil)
	if got := r.k.CountdownText(); got != "50 秒后将结束本次办理并清除您的资料" {
		t.Fatalf("countdown after 10 s %q", got)
	}
	pressButton(t, r.w, "继续办理")
	r.pump("resume", nil)
	if r.k.CountdownText() != "" || r.k.Session() != s {
		t.Fatal("继续办理 did not cancel the countdown")
	}
	r.clock.Advance(4*time.Minute + 59*time.Second)
	r.pump("second countdown", nil)
	if r.k.Session() != s || r.k.CountdownText() == "" {
		t.Fatal("session should still run, in its countdown")
	}
	r.clock.Advance(time.Second)
	r.pump("expiry", func() bool { return r.k.Session() == nil })

	if !s.Wiped() || !sr.closed {
		t.Fatalf("session not wiped (%v) or its core not closed (%v)", s.Wiped(), sr.closed)
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
	if r.w.Canvas().Overlays().Top() != nil {
		t.Fatal("a dialog of the session outlived it")
	}
	if f := r.env.App.Preferences().String(filepicktest.LastDirPref); f != "" {
		t.Fatalf("the next applicant's file pickers would open in %s", f)
	}
	// The next applicant starts clean.
	pressButton(t, r.w, "开始办理")
	r.pump("next session", func() bool { return r.k.cur.handover.view != nil && r.handover().loaded })
	if got := r.handover().draftTitles(); len(got) != 0 {
		t.Fatalf("next applicant sees %v", got)
	}
	if r.session().core.SignedIn(ctx) {
		t.Fatal("next applicant is signed in")
	}
}

// TestSessionUsesOwnStore: drafts of one applicant are in the session's
// own database and folder, not the kiosk's.
func TestSessionUsesOwnStore(t *testing.T) {
	r := newRig(t, true)
	r.k.Enter()
	pressButton(t, r.w, "开始办理")
	sr := r.session()
	if sr.env.DB == r.env.DB || filepath.Dir(sr.env.Dir) != filepath.Join(r.dir, kiosk.SessionsDirName) {
		t.Fatalf("session env %+v", sr.env)
	}
	if _, err := sr.core.Drafts().Create(context.Background(), drafts.New{Title: "x", Industry: "bar"}); err != nil {
		t.Fatal(err)
	}
	r.pump("list", func() bool { return r.handover().loaded && len(r.handover().draftTitles()) == 1 })
	if l, _ := r.env.Core.Drafts().List(context.Background()); len(l) != 0 {
		t.Fatalf("kiosk database holds %v", l)
	}
}

// TestLanguageChangeKeepsFrame: a language change in the session's
// settings rebuilds the shell; the session toolbar stays around it.
func TestLanguageChangeKeepsFrame(t *testing.T) {
	r := newRig(t, true)
	r.k.Enter()
	pressButton(t, r.w, "开始办理")
	sh := r.k.Shell()
	st := sh.Settings()
	st.Language = i18n.English
	if err := sh.ApplySettings(st); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { shellLanguage(t, r, i18n.Chinese) })
	button(t, r.w, "End session")
	button(t, r.w, "Staff")
	shellLanguage(t, r, i18n.Chinese)
	button(t, r.w, "结束办理")
}

func shellLanguage(t *testing.T, r *rig, l i18n.Language) {
	t.Helper()
	sh := r.k.Shell()
	if sh == nil {
		return
	}
	st := sh.Settings()
	st.Language = l
	if err := sh.ApplySettings(st); err != nil {
		t.Fatal(err)
	}
}

package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/naiman-yiye/yiye/app/i18n"
	"github.com/naiman-yiye/yiye/app/ime"
	"github.com/naiman-yiye/yiye/app/kioskmode"
	"github.com/naiman-yiye/yiye/app/shell"
	"github.com/naiman-yiye/yiye/app/track"
	"github.com/naiman-yiye/yiye/client/api"
	"github.com/naiman-yiye/yiye/core/coretest"
	"github.com/naiman-yiye/yiye/drafts"
	"github.com/naiman-yiye/yiye/kiosk"
	"github.com/naiman-yiye/yiye/paths"
	"github.com/naiman-yiye/yiye/pdfdoc"
	"github.com/naiman-yiye/yiye/store"
)

// headlessHome gives the test its own home, config and cache folders, so
// Fyne's preferences and the font cache stay out of the user's.
func headlessHome(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	t.Setenv("XDG_CACHE_HOME", filepath.Join(home, ".cache"))
	t.Setenv("XDG_DATA_HOME", filepath.Join(home, ".local", "share"))
	if err := os.MkdirAll(filepath.Join(home, ".cache"), 0o700); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = i18n.Apply(i18n.Chinese) })
}

// uiLoop stands for the app's main goroutine: what the window posts runs
// on the test goroutine in pump.
type uiLoop struct {
	t *testing.T
	q chan func()
}

func newUILoop(t *testing.T) *uiLoop { return &uiLoop{t: t, q: make(chan func(), 4096)} }

func (u *uiLoop) post(f func()) { u.q <- f }

// pump runs posted work until cond holds, failing after a minute.
func (u *uiLoop) pump(what string, cond func() bool) {
	u.t.Helper()
	deadline := time.After(60 * time.Second)
	for !cond() {
		select {
		case f := <-u.q:
			f()
		case <-time.After(5 * time.Millisecond):
		case <-deadline:
			u.t.Fatalf("timed out waiting for %s", what)
		}
	}
}

func noEnv(string) string { return "" }

// openTestWindow opens a demo window the way gui does, started as the
// app's first frame starts it.
func openTestWindow(t *testing.T, dir string) (*window, *uiLoop) {
	t.Helper()
	a := test.NewTempApp(t)
	u := newUILoop(t)
	w, err := openWindow(a, config{DataDir: dir, Demo: true, DemoAdvance: time.Hour, Getenv: noEnv}, u.post)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(test.RenderToMarkup(w.win.Canvas()), "正在打开") {
		t.Fatal("no splash before the data is open")
	}
	w.start()
	u.pump("the screens", func() bool { return w.shell != nil })
	return w, u
}

// TestWindowJourneyAndCloseOrder drives the shipped wiring: the home
// screen's search opens a hotel draft, 下一步 leads to the form, a value is
// typed, and the window closes at once. The close runs in reverse order of
// building (journey flush, kiosk session, core, demo portal, database),
// and the value typed just before is on disk.
func TestWindowJourneyAndCloseOrder(t *testing.T) {
	headlessHome(t)
	dir := t.TempDir()
	w, u := openTestWindow(t, dir)
	if w.shell.CurrentID() != shell.ScreenHome || w.win.Title() != "一业一证申请助手（演示 DEMO）" {
		t.Fatalf("opened on %q titled %q", w.shell.CurrentID(), w.win.Title())
	}

	var search *widget.Entry
	u.pump("home search", func() bool { search = findEntry(w.win.Content()); return search != nil })
	search.SetText("宾馆")
	search.OnSubmitted("宾馆")
	formStep := lang.X("journey.step.form", "填写申请表")
	u.pump("the hotel form", func() bool {
		root := w.win.Content()
		if b := findButton(root, func(b *widget.Button) bool { return strings.HasSuffix(b.Text, formStep) }); b != nil &&
			b.Importance == widget.HighImportance {
			return true
		}
		if b := findButton(root, func(b *widget.Button) bool { return b.Text == "下一步" }); b != nil && !b.Disabled() {
			test.Tap(b)
		}
		return false
	})
	var name *ime.Entry
	walkVisible(w.win.Content(), func(o fyne.CanvasObject) bool {
		if e, ok := o.(*ime.Entry); ok && !e.MultiLine && !e.Disabled() {
			name = e // the form's first field: 主体名称
			return true
		}
		return false
	})
	if name == nil {
		t.Fatal("no field on the form")
	}
	test.Type(name, "奈曼旗迎宾宾馆")

	w.close()
	var names []string
	for i := len(w.stops) - 1; i >= 0; i-- {
		names = append(names, w.stops[i].name)
	}
	if got := strings.Join(names, " → "); got != "kiosk session → journey → core → demo portal → database" {
		t.Errorf("close order %s", got)
	}
	if err := w.db.Ping(); err == nil {
		t.Error("database still open after close")
	}
	db, err := store.Open(paths.DatabaseFile(dir))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var v string
	if err := db.QueryRow(`SELECT value FROM drafts_values WHERE key = 'entity_name'`).Scan(&v); err != nil || v != "奈曼旗迎宾宾馆" {
		t.Fatalf("typed value not flushed on close: %q %v", v, err)
	}
}

// TestDemoSignInAndAutoAdvance: --demo's portal runs on loopback with its
// data under the data folder; the window signs in by itself, trusts the
// demo bundle key, and shows a status change as a banner and an OS
// notification; the next demo start reuses the port.
func TestDemoSignInAndAutoAdvance(t *testing.T) {
	headlessHome(t)
	dir := t.TempDir()
	w, u := openTestWindow(t, dir)
	ctx := context.Background()
	u.pump("demo sign-in", func() bool { return w.core.SignedIn(ctx) })
	apps, err := w.core.Applications(ctx)
	if err != nil || len(apps) == 0 || apps[0].Status != api.StatusLicensed {
		t.Fatalf("demo applications %+v %v", apps, err)
	}
	// The demo's QR codes carry its stable address, whatever port it got.
	lics, err := w.core.Licenses(ctx)
	if err != nil || len(lics.Licenses) == 0 || !strings.HasPrefix(strings.ToLower(lics.Licenses[0].VerifyURL), "http://"+demoAddr+"/") {
		t.Fatalf("demo license verify URL: %+v %v", lics.Licenses, err)
	}
	if _, err := w.core.SyncCatalog(ctx); err != nil {
		t.Fatalf("sync with the demo bundle key: %v", err)
	}
	if k, err := w.core.LicenseKey(ctx); err != nil || len(k) == 0 {
		t.Fatalf("license key %v", err)
	}
	u.pump("online", func() bool { return w.shell.OnlineText() == "已连接" })

	// A submission the staff accept is news: a banner (and, outside a
	// kiosk, an OS notification).
	d := readyDemoDraft(t, w)
	if _, err := w.core.SubmitDraft(ctx, d.ID); err != nil {
		t.Fatal(err)
	}
	var appID string
	u.pump("submitted", func() bool {
		g, err := w.core.Drafts().Get(ctx, d.ID)
		appID = g.Status.ApplicationID
		return err == nil && g.Status.State == drafts.StateSubmitted
	})
	w.core.RefreshStatus()
	u.pump("first status seen", func() bool { a, err := w.core.Application(ctx, appID); return err == nil && a.Status != "" })
	time.Sleep(300 * time.Millisecond)
	if err := w.demo.Accept(ctx, appID, ""); err != nil {
		t.Fatal(err)
	}
	u.pump("status banner", func() bool {
		w.core.RefreshStatus()
		return strings.Contains(w.shell.BannerText(), "已受理")
	})
	url := w.demo.URL()
	w.close()
	srv, err := startDemoPortal(dir, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	if srv.URL() != url {
		t.Errorf("demo portal moved from %s to %s", url, srv.URL())
	}
}

// readyDemoDraft is a convenience-store draft of the demo registry's shop,
// complete and with every file, made through the core.
func readyDemoDraft(t *testing.T, w *window) *drafts.Draft {
	t.Helper()
	ctx := context.Background()
	d, err := w.core.NewDraft(ctx, "convenience-store", "演示草稿")
	if err != nil {
		t.Fatal(err)
	}
	p, err := w.core.Plan(d)
	if err != nil {
		t.Fatal(err)
	}
	vals := coretest.Fill(p.Schema)
	if err := w.core.Drafts().SetValues(ctx, d.ID, vals); err != nil {
		t.Fatal(err)
	}
	pdf := filepath.Join(t.TempDir(), "m.pdf")
	f, err := os.Create(pdf)
	if err != nil {
		t.Fatal(err)
	}
	if err := pdfdoc.WriteNotice(f, p.Notice); err != nil {
		t.Fatal(err)
	}
	f.Close()
	for _, m := range p.Uploads(vals) {
		if _, err := w.core.Drafts().AddAttachment(ctx, d.ID, m.ID, pdf); err != nil {
			t.Fatal(err)
		}
	}
	d, _ = w.core.Drafts().Get(ctx, d.ID)
	if rep := p.Readiness(d); !rep.Ready() {
		t.Fatalf("not ready: %+v", rep)
	}
	return d
}

// TestKioskSessionThroughTheWindow: with --kiosk the window goes full
// screen on the kiosk's welcome; a session is another core on the
// session's own database with the same screens plus the hand-over; ending
// it closes that core and wipes its folder; leaving kiosk mode restores
// the normal shell.
func TestKioskSessionThroughTheWindow(t *testing.T) {
	headlessHome(t)
	dir := t.TempDir()
	w, u := openKioskWindow(t, dir)
	if !w.win.FullScreen() || w.win.Content() == w.shell.Content() {
		t.Fatal("--kiosk did not show the kiosk")
	}
	if err := w.kiosk.Begin(); err != nil {
		t.Fatal(err)
	}
	s := w.kiosk.Session()
	sh := w.kiosk.Shell()
	if s == nil || sh == nil || !sh.Kiosk() || !strings.HasPrefix(s.Dir, dir) {
		t.Fatalf("session %+v shell %v", s, sh)
	}
	for _, id := range []string{shell.ScreenHome, shell.ScreenDrafts, shell.ScreenApplications, kioskmode.ScreenHandover} {
		if !sh.Open(id) {
			t.Errorf("session shell lacks %s", id)
		}
	}
	if _, err := os.Stat(paths.DatabaseFile(s.Dir)); err != nil {
		t.Fatalf("session database: %v", err)
	}
	w.kiosk.EndSession()
	u.pump("the wipe", func() bool { _, err := os.Stat(s.Dir); return os.IsNotExist(err) })
	w.kiosk.Exit()
	if w.win.Content() != w.shell.Content() || w.win.FullScreen() || w.kiosk.Active() {
		t.Fatal("leaving kiosk mode did not restore the shell")
	}
	w.close()
}

// TestLanguageSwitchKeepsTheWindow: switching to English applies at once,
// every screen still fits a 1120-pixel window (nothing pushed off screen),
// the status bar still says online, and switching back keeps the size.
func TestLanguageSwitchKeepsTheWindow(t *testing.T) {
	headlessHome(t)
	w, u := openTestWindow(t, t.TempDir())
	defer w.close()
	u.pump("online", func() bool { return w.shell.OnlineText() == "已连接" })
	for _, l := range []i18n.Language{i18n.English, i18n.Chinese} {
		st := w.shell.Settings()
		st.Language = l
		if err := w.shell.ApplySettings(st); err != nil {
			t.Fatal(err)
		}
		u.pump("the rebuild", func() bool { return true })
		want := map[i18n.Language]string{i18n.English: "Online", i18n.Chinese: "已连接"}[l]
		if got := w.shell.OnlineText(); got != want {
			t.Errorf("%s: status bar says %q", l, got)
		}
		for _, id := range []string{shell.ScreenHome, shell.ScreenDrafts, shell.ScreenApplications, shell.ScreenLicenses,
			shell.ScreenVerify, shell.ScreenSettings, kioskmode.ScreenHandover, kioskmode.ScreenKioskSetting} {
			w.shell.Open(id)
			u.pump(id, func() bool { return true })
			if min := w.shell.Content().MinSize(); min.Width > 1120 || min.Height > 760 {
				t.Errorf("%s %s needs %v, more than the 1120×760 window", l, id, min)
			}
		}
	}
	if w.win.Title() != "一业一证申请助手（演示 DEMO）" {
		t.Errorf("title after switching back %q", w.win.Title())
	}
}

// TestChoosingAnIndustryAfterSubmitOpensItsDraft: after 提交申请 showed one
// draft, choosing 宾馆 on the home screen opens the hotel's new draft, not
// the earlier draft's submit page.
func TestChoosingAnIndustryAfterSubmitOpensItsDraft(t *testing.T) {
	headlessHome(t)
	w, u := openTestWindow(t, t.TempDir())
	defer w.close()
	d := readyDemoDraft(t, w)
	w.journey.OpenDraft(d.ID)
	u.pump("the store's draft", func() bool { return w.shell.CurrentID() == shell.ScreenDrafts })
	var submit *widget.Button
	u.pump("提交申请 enabled", func() bool {
		submit = findButton(w.win.Content(), func(b *widget.Button) bool { return b.Text == "提交申请" && !b.Disabled() })
		return submit != nil
	})
	test.Tap(submit)
	u.pump("the submit page", func() bool { return w.shell.CurrentID() == track.ScreenSubmit })

	w.shell.Open(shell.ScreenHome)
	search := findEntry(w.win.Content())
	search.SetText("宾馆")
	search.OnSubmitted("宾馆")
	u.pump("the hotel's draft", func() bool {
		return w.shell.CurrentID() == shell.ScreenDrafts && findButton(w.win.Content(), func(b *widget.Button) bool {
			return strings.HasSuffix(b.Text, "回答问题") && b.Importance == widget.HighImportance
		}) != nil
	})
	if strings.Contains(w.shell.Breadcrumb(), "提交") {
		t.Fatalf("breadcrumb %q", w.shell.Breadcrumb())
	}
}

// TestDemoRemindersAndAnswers: the demo's noodle shop is inside its
// renewal window, so after the demo sign-in the window reminds of it;
// an answer from the hall to a question about a license is shown as news
// like a status change.
func TestDemoRemindersAndAnswers(t *testing.T) {
	headlessHome(t)
	w, u := openTestWindow(t, t.TempDir())
	ctx := context.Background()
	u.pump("demo sign-in", func() bool { return w.core.SignedIn(ctx) })
	u.pump("renewal reminder", func() bool { return strings.Contains(w.shell.BannerText(), "现在可以申请延续") })
	list, err := w.core.Licenses(ctx)
	if err != nil || len(list.Licenses) != 3 {
		t.Fatalf("demo licenses %d %v", len(list.Licenses), err)
	}
	number := list.Licenses[0].Number
	if err := w.core.SendMessage(ctx, "", number, "店名要改，怎么办？", nil); err != nil {
		t.Fatal(err)
	}
	u.pump("question sent", func() bool {
		c, err := w.core.Conversation(ctx, "", number)
		return err == nil && len(c.Messages) == 1 && len(c.Pending) == 0
	})
	if _, err := w.demo.Reply(ctx, "", "", number, "", "请在“我的许可证”点“变更证上信息”。"); err != nil {
		t.Fatal(err)
	}
	u.pump("answer shown", func() bool { return strings.Contains(w.shell.BannerText(), "答复了您的咨询") })
}

// openKioskWindow opens a demo window in kiosk mode on dir, with staff PIN
// 1357 set, started and showing the kiosk; the caller closes it.
func openKioskWindow(t *testing.T, dir string) (*window, *uiLoop) {
	t.Helper()
	a := test.NewTempApp(t)
	h, err := kiosk.HashPIN("1357")
	if err != nil {
		t.Fatal(err)
	}
	kc := kiosk.DefaultConfig
	kc.PIN.PIN = h
	if err := kioskmode.SaveConfig(a.Preferences(), kc); err != nil {
		t.Fatal(err)
	}
	u := newUILoop(t)
	w, err := openWindow(a, config{DataDir: dir, Demo: true, DemoAdvance: time.Hour, Kiosk: true, Getenv: noEnv}, u.post)
	if err != nil {
		t.Fatal(err)
	}
	w.start()
	u.pump("the kiosk", func() bool { return w.kiosk != nil && w.kiosk.Active() })
	return w, u
}

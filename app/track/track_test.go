package track

import (
	"context"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/naiman-yiye/yiye/app/apptest"
	"github.com/naiman-yiye/yiye/app/filepick/filepicktest"
	"github.com/naiman-yiye/yiye/app/i18n"
	"github.com/naiman-yiye/yiye/app/shell"
	"github.com/naiman-yiye/yiye/client"
	"github.com/naiman-yiye/yiye/client/api"
	"github.com/naiman-yiye/yiye/core"
	"github.com/naiman-yiye/yiye/drafts"
	"github.com/naiman-yiye/yiye/portal"
)

// world is a window with the track screens on a real core and portal.
type world struct {
	*apptest.Env
	tr *Track
}

func newWorld(t *testing.T) *world {
	t.Helper()
	env := apptest.New(t)
	tr := New(env.Core, env.Run)
	env.NewShell(shell.Options{Screens: tr.Screens()})
	return &world{Env: env, tr: tr}
}

// apps opens 我的申请 and returns its view.
func (w *world) apps(t *testing.T) *appsView {
	t.Helper()
	if !w.Shell.Open(shell.ScreenApplications) || w.tr.apps == nil {
		t.Fatal("我的申请 not built")
	}
	return w.tr.apps
}

// submit opens 提交申请 for draft id (as the journey does, from 我的申请's
// context) and waits until it is loaded.
func (w *world) submit(t *testing.T, id string) *submitView {
	t.Helper()
	w.tr.OpenSubmit(w.apps(t).ctx, id)
	s := w.tr.submit
	if s == nil || s.draftID != id || w.Shell.CurrentID() != ScreenSubmit {
		t.Fatalf("提交申请 not shown for %s (screen %q)", id, w.Shell.CurrentID())
	}
	w.Pump("submission screen", func() bool { return s.draft != nil })
	return s
}

// banner waits until the banner says want.
func (w *world) banner(want string) {
	w.T.Helper()
	w.Pump("banner "+want, func() bool { return strings.Contains(w.Shell.BannerText(), want) })
}

// statusNotes are the notification texts for the status changes the core
// announces (what the composition root shows), first sightings excluded.
type statusNotes struct{ notes []string }

func followStatus(c *core.Core) *statusNotes {
	n := &statusNotes{}
	c.Subscribe(func(ev core.Event) {
		if e, ok := ev.(core.StatusChanged); ok {
			for _, ch := range e.Changes {
				if ch.Old != "" {
					title, body := ChangeText(ch)
					n.notes = append(n.notes, title+"："+body)
				}
			}
		}
	})
	return n
}

// texts lists visible labels under o.
func texts(o fyne.CanvasObject) string {
	var out []string
	for _, x := range test.LaidOutObjects(o) {
		switch v := x.(type) {
		case *widget.Label:
			if v.Visible() {
				out = append(out, v.Text)
			}
		case *widget.Button:
			if v.Visible() {
				out = append(out, v.Text)
			}
		case *canvas.Text:
			if v.Visible() {
				out = append(out, v.Text)
			}
		}
	}
	return strings.Join(out, "\n")
}

// pickFor chooses the file called name for material mat on the correction
// page, with its 选择文件 button and the file picker.
func pickFor(t *testing.T, w *world, cv *correctionView, mat, name string) {
	t.Helper()
	var pick *widget.Button
	for _, o := range test.LaidOutObjects(w.Window.Content()) {
		if b, ok := o.(*widget.Button); ok && b.Text == "选择文件" {
			pick = b
		}
	}
	if pick == nil {
		t.Fatal("no 选择文件 on the correction page")
	}
	test.Tap(pick)
	title := "选择补正材料“" + materialName(w.Core.Catalog(), mat) + "”的文件"
	if got := filepicktest.Texts(w.Window); !slices.Contains(got, title) {
		t.Fatalf("picker shows %q, want the title %q", got, title)
	}
	filepicktest.Choose(t, w.Window, name)
	if got := cv.labels[mat].Text; got != name {
		t.Fatalf("chosen file shows as %q, want %q", got, name)
	}
}

func writePNG(t *testing.T, path string) {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 640, 480))
	for y := 0; y < 480; y++ {
		for x := 0; x < 640; x++ {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), uint8(x ^ y), 255})
		}
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
	f.Close()
}

// TestSubmitProgressListCorrection: a ready draft is submitted from the
// submission screen, its upload progress completes, it appears in 我的申请
// by itself, the department asks for a correction of a field and a
// material, the applicant answers it on screen and the timeline moves on.
func TestSubmitProgressListCorrection(t *testing.T) {
	env := newWorld(t)
	notes := followStatus(env.Core)
	env.SignIn(portal.DemoPhone)

	// Every progress event the core announces, to see the bar move.
	var sentSeen []int64
	env.Core.Subscribe(func(ev core.Event) {
		if e, ok := ev.(core.SubmissionChanged); ok {
			sentSeen = append(sentSeen, e.Item.BytesSent)
		}
	})
	env.Start()
	d := env.ReadyDraft("测试便利店（演示）")

	apps := env.apps(t)
	env.Pump("apps list", func() bool { return len(apps.apps) > 0 })
	before := len(apps.apps)

	s := env.submit(t, d.ID)
	env.Pump("submittable", func() bool { return !s.submit.Disabled() })
	if got := texts(s.root); !strings.Contains(got, "测试便利店（演示）") || !strings.Contains(got, "烟草专卖零售许可证核发") {
		t.Fatalf("summary does not show the subject and items:\n%s", got)
	}
	if env.Shell.Breadcrumb() != "提交申请" {
		t.Errorf("breadcrumb %q", env.Shell.Breadcrumb())
	}
	// 打印申请表: saved through the file picker, a real PDF.
	files := t.TempDir()
	env.App.Preferences().SetString(filepicktest.LastDirPref, files)
	test.Tap(s.print)
	if got := filepicktest.Save(t, env.Window, ""); got != "行业综合许可合并申请表.pdf" {
		t.Errorf("the form is suggested as %q", got)
	}
	formPath := filepath.Join(files, "行业综合许可合并申请表.pdf")
	env.banner("申请表已保存为 " + formPath)
	if b, err := os.ReadFile(formPath); err != nil || !strings.HasPrefix(string(b), "%PDF-") || len(b) < 2000 {
		t.Fatalf("application form: %v", err)
	}

	test.Tap(s.submit)
	env.Pump("sending said under the buttons", func() bool {
		return strings.Contains(s.result.Text, "正在发送申请") || strings.Contains(s.result.Text, "申请已提交")
	})
	env.Pump("sent", func() bool { return s.panel != nil && s.panel.item.State == client.StateSent })
	p := s.panel
	if p.overall.Value != 1 || len(p.fileBar) == 0 {
		t.Fatalf("overall %.2f, %d file bars", p.overall.Value, len(p.fileBar))
	}
	for k, b := range p.fileBar {
		if b.Value != 1 {
			t.Errorf("file %s at %.2f", k, b.Value)
		}
	}
	var mid int
	for _, n := range sentSeen {
		if n > 0 && n < p.item.BytesTotal {
			mid++
		}
	}
	if mid == 0 {
		t.Errorf("no intermediate progress seen (total %d bytes)", p.item.BytesTotal)
	}
	if !s.open.Visible() || !strings.Contains(p.state.Text, "受理编号") || !s.resultBox.Visible() ||
		!strings.Contains(s.result.Text, "申请已提交，受理编号 "+p.item.ApplicationNumber) {
		t.Errorf("after sending: open=%v state=%q result %q", s.open.Visible(), p.state.Text, s.result.Text)
	}
	// The outcome is on the page, under the buttons, near the top: not a
	// banner that goes, and not below the progress.
	if y := fyne.CurrentApp().Driver().AbsolutePositionForObject(s.open).Y; y > fyne.CurrentApp().Driver().AbsolutePositionForObject(p.box).Y {
		t.Errorf("查看我的申请 below the progress (y %v)", y)
	}
	appID := p.item.ApplicationID

	// The draft follows: submitted, with the application ID.
	ctx := context.Background()
	env.Pump("draft submitted", func() bool {
		got, err := env.Core.Drafts().Get(ctx, d.ID)
		return err == nil && got.Status.State == drafts.StateSubmitted && got.Status.ApplicationID == appID
	})

	// 我的申请 lists it without being asked to.
	test.Tap(s.open)
	if env.Shell.CurrentID() != shell.ScreenApplications {
		t.Fatalf("查看我的申请 opened %q", env.Shell.CurrentID())
	}
	env.Pump("listed", func() bool { return len(apps.apps) == before+1 })
	if apps.apps[0].ID != appID || !strings.Contains(texts(apps.list), "测试便利店（演示）") {
		t.Fatalf("new application not first in the list: %+v", apps.apps[0])
	}

	// The department accepts and asks for a correction of a field and a material.
	if err := env.Portal.Accept(ctx, appID, "受理"); err != nil {
		t.Fatal(err)
	}
	mat := d.Attachments[0].MaterialID
	if _, err := env.Portal.RequestCorrection(ctx, appID, portal.CorrectionSpec{
		Fields:    []api.FieldNote{{Key: "business_address", Note: "请写到门牌号"}},
		Materials: []api.MaterialNote{{MaterialID: mat, Note: "请补充清晰扫描件"}}, Note: "经营场所地址不完整"}); err != nil {
		t.Fatal(err)
	}
	env.Core.RefreshStatus()
	env.Pump("correction in the list", func() bool { return strings.Contains(texts(apps.list), "需要补正，去处理") })
	if n := strings.Join(notes.notes, "\n"); !strings.Contains(n, "测试便利店（演示）") || !strings.Contains(n, "需要补正") {
		t.Errorf("notifications: %q", n)
	}

	env.tr.openDetail(apps.ctx, appID)
	dv := env.tr.detail
	env.Pump("detail with correction", func() bool { return dv.fix != nil })
	body := texts(dv.body)
	for _, want := range []string{"需要您补正", "经营场所（详细地址）", "承诺时限", "个工作日", "已受理", "要求补正"} {
		if !strings.Contains(body, want) {
			t.Errorf("detail lacks %q:\n%s", want, body)
		}
	}
	test.Tap(dv.fix)
	cv := env.tr.correct
	if cv == nil {
		t.Fatal("correction page not opened")
	}
	e := cv.entries["business_address"]
	if e == nil || e.Text != d.Values["business_address"] {
		t.Fatalf("field not shown with its current value: %v", e)
	}
	// Sending with the material missing is refused on screen.
	test.Tap(cv.send)
	if !cv.problem.Visible() || !strings.Contains(cv.problem.Text, "为每份标出的材料选择文件") ||
		!strings.Contains(env.Shell.BannerText(), "为每份标出的材料选择文件") {
		t.Fatalf("incomplete correction not refused: %q / %q", cv.problem.Text, env.Shell.BannerText())
	}
	e.SetText("内蒙古自治区通辽市奈曼旗大沁他拉镇示例街1号101室")
	// A file that only looks like a PDF by its name is refused before any
	// upload, in plain Chinese naming the material.
	fake := filepath.Join(files, "扫描件.pdf")
	if err := os.WriteFile(fake, []byte("这只是改了扩展名的文本文件"), 0o600); err != nil {
		t.Fatal(err)
	}
	pickFor(t, env, cv, mat, "扫描件.pdf")
	test.Tap(cv.send)
	env.Pump("fake file refused", func() bool { return !cv.send.Disabled() })
	if refusal := cv.problem.Text; !cv.problem.Visible() || !strings.Contains(refusal, "不能使用") ||
		!strings.Contains(refusal, "这是纯文本文件") || strings.Contains(refusal, "。。") || !strings.Contains(refusal, env.Core.Catalog().Material(mat).Name) {
		t.Fatalf("fake file: %q", refusal)
	}
	if got, err := env.Core.Application(ctx, appID); err != nil || got.Status != api.StatusCorrectionRequested {
		t.Fatalf("refused file still answered: %s %v", got.Status, err)
	}
	// This material takes PDF only: a photo is refused too.
	writePNG(t, filepath.Join(files, "清晰扫描件.png"))
	pickFor(t, env, cv, mat, "清晰扫描件.png")
	test.Tap(cv.send)
	env.Pump("photo refused", func() bool { return !cv.send.Disabled() })
	if !strings.Contains(cv.problem.Text, "只接受 PDF") {
		t.Fatalf("photo for a PDF-only material: %q", cv.problem.Text)
	}
	// A real PDF goes.
	pdf := filepath.Join(files, "补正申请表.pdf")
	pf, err := os.Create(pdf)
	if err != nil {
		t.Fatal(err)
	}
	if err := env.Core.WriteApplicationForm(ctx, pf, d.ID, time.Now()); err != nil {
		t.Fatal(err)
	}
	pf.Close()
	pickFor(t, env, cv, mat, "补正申请表.pdf")
	test.Tap(cv.send)
	if cv.problem.Visible() {
		t.Fatalf("an earlier refusal still shows: %q", cv.problem.Text)
	}
	env.Pump("answered", func() bool {
		if cv.problem.Visible() {
			t.Fatalf("answer refused: %s", cv.problem.Text)
		}
		return dv.app.Status != api.StatusCorrectionRequested && len(dv.app.Timeline) > 0 &&
			dv.app.Timeline[len(dv.app.Timeline)-1].Type == api.EventCorrectionAnswered
	})
	if env.tr.correct != nil || cv.bar.Value != 1 {
		t.Errorf("correction page still open (%v) or bar at %.2f", env.tr.correct != nil, cv.bar.Value)
	}
	env.banner("补正已提交")
	if got := dv.app.Form["business_address"]; got != "内蒙古自治区通辽市奈曼旗大沁他拉镇示例街1号101室" {
		t.Errorf("portal has address %v", got)
	}
	if !strings.Contains(texts(dv.body), "已提交补正材料") {
		t.Errorf("timeline does not show the answer:\n%s", texts(dv.body))
	}
	// The draft follows the correction: the new address, and the new
	// file (as uploaded) in place of the old one.
	gd, err := env.Core.Drafts().Get(ctx, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if gd.Values["business_address"] != "内蒙古自治区通辽市奈曼旗大沁他拉镇示例街1号101室" {
		t.Errorf("draft keeps address %q", gd.Values["business_address"])
	}
	var portalSum string
	for _, m := range dv.app.Materials {
		if m.MaterialID == mat {
			portalSum = m.SHA256
		}
	}
	if as := gd.AttachmentsFor(mat); len(as) != 1 || as[0].MIME != "application/pdf" || as[0].SHA256 != portalSum ||
		as[0].SHA256 == d.Attachments[0].SHA256 {
		t.Errorf("draft file for %s: %+v, portal has %s", mat, as, portalSum)
	}
	if es, _ := os.ReadDir(filepath.Join(env.DataDir, "correction-tmp")); len(es) != 0 {
		t.Errorf("prepared copies left: %v", es)
	}

	// A joint inspection, then one item refused: the detail shown follows.
	if _, err := env.Portal.ScheduleInspection(ctx, appID, portal.InspectionSpec{At: dv.app.UpdatedAt.Add(48 * time.Hour), Note: "请店主在场"}); err != nil {
		t.Fatal(err)
	}
	if err := env.Portal.RejectItem(ctx, appID, "YCLS", "与最近的卷烟零售点距离不足"); err != nil {
		t.Fatal(err)
	}
	env.Core.RefreshStatus()
	env.Pump("inspection shown", func() bool {
		return dv.app.Inspection != nil && strings.Contains(texts(dv.body), "与最近的卷烟零售点距离不足")
	})
	body = texts(dv.body)
	for _, want := range []string{"现场联合核查（一同核查）", "请店主在场", "未批准的原因"} {
		if !strings.Contains(body, want) {
			t.Errorf("detail lacks %q:\n%s", want, body)
		}
	}
	// Back on the list the detail no longer follows anything.
	env.Shell.Back()
	if env.tr.detail != nil {
		t.Error("popped detail still followed")
	}
}

// TestOfflineQueuedThenSentOnce: with the portal down the submission is
// queued and visible; when the portal is back it goes out exactly once.
func TestOfflineQueuedThenSentOnce(t *testing.T) {
	env := newWorld(t)
	env.SignIn(portal.DemoPhone)
	env.Start()
	env.Pump("online", env.Core.Online)
	d := env.ReadyDraft("离线测试商店（演示）")

	env.StopPortal()
	env.Pump("offline", func() bool { return !env.Core.Online() })

	s := env.submit(t, d.ID)
	env.Pump("submittable", func() bool { return !s.submit.Disabled() })
	test.Tap(s.submit)
	env.Pump("queued offline said under the buttons", func() bool { return strings.Contains(s.result.Text, "现在没有联网，申请已保存在本机") })
	env.Pump("queued offline", func() bool {
		return s.panel != nil && !s.panel.item.State.Done() && s.panel.item.Err != nil && s.panel.item.Err.Code == client.CodeOffline
	})
	if !strings.Contains(s.panel.errText.Text, "没有联网") || !strings.Contains(s.panel.state.Text, "排队等待发送") {
		t.Errorf("offline reason = %q", s.panel.errText.Text)
	}
	ctx := context.Background()
	got, _ := env.Core.Drafts().Get(ctx, d.ID)
	if got.Status.State != drafts.StateQueued {
		t.Errorf("draft state %q, want queued", got.Status.State)
	}
	// Visible in 我的申请 as waiting.
	apps := env.apps(t)
	env.Pump("outbox listed", func() bool { return strings.Contains(texts(apps.outbox), "离线测试商店（演示）") })
	if !strings.Contains(texts(apps.outbox), "等待发送的申请") {
		t.Errorf("outbox section: %s", texts(apps.outbox))
	}

	env.RestartPortal(nil)
	env.Pump("sent after reconnect", func() bool {
		it, err := env.Core.Submission(ctx, s.outboxID)
		return err == nil && it.State == client.StateSent
	})
	list, err := env.Core.Applications(ctx)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, a := range list {
		if a.ClientRef == d.ID {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("%d applications for the draft, want exactly 1", n)
	}
	env.Pump("outbox emptied", func() bool { return !strings.Contains(texts(apps.outbox), "离线测试商店（演示）") })
}

// TestPauseResume: a paused submission stays put while the sender runs
// and goes out after 继续.
func TestPauseResume(t *testing.T) {
	env := newWorld(t)
	env.SignIn(portal.DemoPhone)
	d := env.ReadyDraft("暂停测试商店（演示）")
	s := env.submit(t, d.ID)
	env.Pump("submittable", func() bool { return !s.submit.Disabled() })
	test.Tap(s.submit) // queued; the sender is not running yet
	env.Pump("queued", func() bool { return s.panel != nil })
	p := s.panel
	if !s.toDrafts.Disabled() || !s.toDrafts.Visible() {
		t.Error("a queued draft is offered for editing (or its button left its place)")
	}
	if !p.pause.Visible() || p.resume.Visible() || p.withdraw.Visible() {
		t.Fatalf("pause/resume/withdraw buttons: %v %v %v", p.pause.Visible(), p.resume.Visible(), p.withdraw.Visible())
	}
	test.Tap(p.pause)
	env.Pump("paused", func() bool { return p.item.Paused })
	if p.state.Text != "已暂停" || !p.resume.Visible() || p.pause.Visible() {
		t.Fatalf("paused panel: %q resume=%v", p.state.Text, p.resume.Visible())
	}
	env.Start()
	// The sender and the probe run; once the portal is seen online the
	// sender has had its chance, and a paused submission must not move.
	env.Pump("online", env.Core.Online)
	env.Pump("still paused", nil)
	ctx := context.Background()
	it, err := env.Core.Submission(ctx, s.outboxID)
	if err != nil || !it.Paused || it.State == client.StateSent || it.BytesSent != 0 {
		t.Fatalf("paused item moved: %+v %v", it, err)
	}
	test.Tap(p.resume)
	env.Pump("sent after resume", func() bool { return p.item.State == client.StateSent })
	if p.overall.Value != 1 || s.panel != p {
		t.Errorf("overall %.2f after sending (same panel: %v)", p.overall.Value, s.panel == p)
	}
}

// TestQueuedTitleInEnglish: after a switch to English a waiting
// submission is titled with the trade's English name, on the submission
// screen and in 我的申请, though the outbox stored its Chinese title.
func TestQueuedTitleInEnglish(t *testing.T) {
	env := newWorld(t)
	env.SignIn(portal.DemoPhone)
	d := env.ReadyDraft("英文标题测试店（演示）")
	s := env.submit(t, d.ID)
	env.Pump("submittable", func() bool { return !s.submit.Disabled() })
	test.Tap(s.submit) // queued; the sender is not running
	env.Pump("queued", func() bool { return s.panel != nil })
	const zh = "便利店 · 英文标题测试店（演示）"
	if got := s.panel.title.Text; got != zh {
		t.Fatalf("Chinese title %q, want %q", got, zh)
	}
	if err := i18n.Apply(i18n.English); err != nil {
		t.Fatal(err)
	}
	env.Shell.Rebuild(shell.ScreenApplications)
	want := "Convenience store · 英文标题测试店（演示）"
	if trade := industryName(env.Core.Catalog(), "convenience-store"); !strings.HasPrefix(want, trade+" · ") {
		t.Fatalf("the catalog calls the trade %q", trade)
	}
	apps := env.apps(t)
	env.Pump("outbox listed in English", func() bool { return strings.Contains(texts(apps.outbox), want) })
	if strings.Contains(texts(apps.outbox), zh) {
		t.Errorf("Chinese title in 我的申请: %s", texts(apps.outbox))
	}
	s = env.submit(t, d.ID)
	env.Pump("panel", func() bool { return s.panel != nil && s.panel.title.Text != "" })
	if got := s.panel.title.Text; got != want {
		t.Errorf("submission screen: %q, want %q", got, want)
	}
}

// TestWithdrawReturnsDraft: a paused submission can be withdrawn; its
// draft is a draft again, 提交申请 offers to submit it anew and 我的申请
// no longer lists it.
func TestWithdrawReturnsDraft(t *testing.T) {
	env := newWorld(t)
	env.SignIn(portal.DemoPhone)
	d := env.ReadyDraft("撤回测试商店（演示）")
	s := env.submit(t, d.ID)
	env.Pump("submittable", func() bool { return !s.submit.Disabled() })
	test.Tap(s.submit)
	env.Pump("queued", func() bool { return s.panel != nil })
	test.Tap(s.panel.pause)
	env.Pump("paused", func() bool { return s.panel.item.Paused })
	env.Start() // the sender runs, the paused submission stays

	apps := env.apps(t)
	var ap *itemPanel
	env.Pump("outbox listed", func() bool {
		ap = apps.panels[s.outboxID]
		return len(apps.panels) == 1 && ap != nil && ap.item.Paused
	})
	if !ap.withdraw.Visible() || ap.withdraw.Text != "撤回，改回草稿" {
		t.Fatalf("withdraw button: %v %q", ap.withdraw.Visible(), ap.withdraw.Text)
	}
	test.Tap(ap.withdraw)
	env.banner("回到了“我的草稿”")
	ctx := context.Background()
	env.Pump("draft again", func() bool {
		got, err := env.Core.Drafts().Get(ctx, d.ID)
		return err == nil && got.Status.State == drafts.StateDraft
	})
	env.Pump("outbox empty", func() bool {
		return len(apps.panels) == 0 && !strings.Contains(texts(apps.outbox), "撤回测试商店")
	})
	if items, err := env.Core.Submissions(ctx); err != nil || len(items) != 0 {
		t.Fatalf("outbox after withdrawing: %+v %v", items, err)
	}
	// 提交申请 (still on its screen's stack) follows the draft.
	env.Pump("submittable again", func() bool { return s.panel == nil && s.submit.Visible() && !s.submit.Disabled() })
	if s.resultBox.Visible() || len(s.progress.Objects) != 0 || s.toDrafts.Disabled() {
		t.Errorf("progress still shown after withdrawing")
	}
}

// TestScreensFollowTheLatestBuild: 提交申请 shows the draft handed over
// last; after a rebuild (language change) the core's events reach the new
// views only.
func TestScreensFollowTheLatestBuild(t *testing.T) {
	env := newWorld(t)
	d1 := env.ReadyDraft("第一家测试商店（演示）")
	d2 := env.ReadyDraft("第二家测试商店（演示）")

	s1 := env.submit(t, d1.ID)
	s2 := env.submit(t, d2.ID)
	if s1 == s2 || env.tr.submit != s2 || !strings.Contains(texts(env.Window.Content()), "第二家测试商店（演示）") ||
		strings.Contains(texts(env.Window.Content()), "第一家测试商店（演示）") {
		t.Fatalf("second draft not shown:\n%s", texts(env.Window.Content()))
	}

	old := env.apps(t)
	env.Pump("sign-in panel", func() bool { return len(old.login.Objects) > 0 })
	env.Shell.Rebuild(shell.ScreenApplications)
	cur := env.tr.apps
	if cur == old {
		t.Fatal("rebuild kept the old view")
	}
	env.Pump("sign-in panel", func() bool { return len(cur.login.Objects) > 0 })
	env.SignIn(portal.DemoPhone) // announced as SessionChanged
	env.Pump("signed in", func() bool { return len(cur.login.Objects) == 0 && len(cur.apps) > 0 })
	if len(old.login.Objects) == 0 || len(old.apps) != 0 {
		t.Error("the replaced view was updated too")
	}

	// The rebuilt 提交申请 shows the same draft again.
	env.Shell.Rebuild(ScreenSubmit)
	if env.tr.submit == s2 || env.tr.submit.draftID != d2.ID {
		t.Fatalf("rebuilt 提交申请: %+v", env.tr.submit)
	}
	s3 := env.tr.submit
	env.Pump("rebuilt submission screen", func() bool { return s3.draft != nil && !s3.submit.Disabled() })

	// Deleted meanwhile (from 我的草稿): the page says so and cannot submit.
	if err := env.Core.Drafts().Delete(context.Background(), d2.ID); err != nil {
		t.Fatal(err)
	}
	env.Pump("deleted draft", func() bool { return strings.Contains(texts(s3.summary), "找不到这份草稿") })
	if !s3.submit.Disabled() {
		t.Error("a deleted draft can be submitted")
	}
}

package track

import (
	"context"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/naiman-yiye/yiye/app/services"
	"github.com/naiman-yiye/yiye/app/services/servicestest"
	"github.com/naiman-yiye/yiye/app/shell"
	"github.com/naiman-yiye/yiye/client"
	"github.com/naiman-yiye/yiye/client/api"
	"github.com/naiman-yiye/yiye/drafts"
	"github.com/naiman-yiye/yiye/portal"
	"github.com/naiman-yiye/yiye/usererr"
)

// recorder keeps banner messages and notifications (tests do not use the
// shell's banner: its hide timer fires on another goroutine).
type recorder struct {
	mu     sync.Mutex
	toasts []string
	errs   []error
	notes  []string
}

func record(t *testing.T, env *servicestest.Env) *recorder {
	r := &recorder{}
	toast = func(_ *shell.Context, m string) { r.mu.Lock(); r.toasts = append(r.toasts, m); r.mu.Unlock() }
	showErr = func(_ *shell.Context, err error) { r.mu.Lock(); r.errs = append(r.errs, err); r.mu.Unlock() }
	env.Svc.Notify = func(title, body string) { r.mu.Lock(); r.notes = append(r.notes, title+"："+body); r.mu.Unlock() }
	t.Cleanup(func() {
		toast = func(ctx *shell.Context, m string) { ctx.Toast(m) }
		showErr = func(ctx *shell.Context, err error) { ctx.ShowError(err) }
	})
	return r
}

func (r *recorder) notesText() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return strings.Join(r.notes, "\n")
}

func (r *recorder) noErrors(t *testing.T) {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.errs) > 0 {
		t.Fatalf("errors shown: %v", r.errs)
	}
}

// capture sets the test hooks and returns pointers to the latest views.
type views struct {
	apps    *appsView
	submit  *submitView
	detail  *detailView
	correct *correctionView
}

func hook(t *testing.T) *views {
	v := &views{}
	testApps = func(a *appsView) { v.apps = a }
	testSubmit = func(s *submitView) { v.submit = s }
	testDetail = func(d *detailView) { v.detail = d }
	testCorrect = func(c *correctionView) { v.correct = c }
	t.Cleanup(func() { testApps, testSubmit, testDetail, testCorrect = nil, nil, nil, nil })
	return v
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
// submission screen, its upload progress completes, it appears in 我的申请,
// the department asks for a correction of a field and a material, the
// applicant answers it on screen and the timeline moves on.
func TestSubmitProgressListCorrection(t *testing.T) {
	env := servicestest.New(t)
	rec := record(t, env)
	vs := hook(t)
	env.SignIn(portal.DemoPhone)

	// Every progress event the outbox emits, to see the bar move.
	var pmu sync.Mutex
	var sentSeen []int64
	cancel := env.Svc.Outbox.Subscribe(func(it client.Item) {
		pmu.Lock()
		sentSeen = append(sentSeen, it.BytesSent)
		pmu.Unlock()
	})
	defer cancel()
	env.Start()
	d := env.ReadyDraft("测试便利店（演示）")

	if !env.Shell.Open(shell.ScreenApplications) || vs.apps == nil {
		t.Fatal("我的申请 not built")
	}
	env.Pump("apps list", func() bool { return len(vs.apps.apps) > 0 })
	before := len(vs.apps.apps)

	OpenSubmit(vs.apps.ctx, d.ID)
	s := vs.submit
	env.Pump("submission screen", func() bool { return !s.submit.Disabled() })
	if got := texts(s.root); !strings.Contains(got, "测试便利店（演示）") || !strings.Contains(got, "烟草专卖零售许可证核发") {
		t.Fatalf("summary does not show the subject and items:\n%s", got)
	}
	// 打印申请表: what the save dialog's writer gets is a real PDF.
	formPath := filepath.Join(t.TempDir(), "申请表.pdf")
	wc, err := storage.Writer(storage.NewFileURI(formPath))
	if err != nil {
		t.Fatal(err)
	}
	var formErr error
	formDone := false
	s.writeForm(wc, func(err error) { formErr, formDone = err, true })
	env.Pump("form written", func() bool { return formDone })
	if b, err := os.ReadFile(formPath); formErr != nil || err != nil || !strings.HasPrefix(string(b), "%PDF-") || len(b) < 2000 {
		t.Fatalf("application form: %v %v", formErr, err)
	}

	test.Tap(s.submit)
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
	pmu.Lock()
	var mid int
	for _, n := range sentSeen {
		if n > 0 && n < p.item.BytesTotal {
			mid++
		}
	}
	pmu.Unlock()
	if mid == 0 {
		t.Errorf("no intermediate progress seen (total %d bytes)", p.item.BytesTotal)
	}
	if !s.open.Visible() || !strings.Contains(p.state.Text, "受理编号") {
		t.Errorf("after sending: open=%v state=%q", s.open.Visible(), p.state.Text)
	}
	appID := p.item.ApplicationID

	// The draft follows: submitted, with the application ID.
	env.Pump("draft submitted", func() bool {
		got, err := env.Svc.Drafts.Get(context.Background(), d.ID)
		return err == nil && got.Status.State == drafts.StateSubmitted && got.Status.ApplicationID == appID
	})

	// 我的申请 lists it.
	vs.apps.ctx.Pop()
	vs.apps.reload()
	env.Pump("listed", func() bool { return len(vs.apps.apps) == before+1 })
	if vs.apps.apps[0].ID != appID || !strings.Contains(texts(vs.apps.list), "测试便利店（演示）") {
		t.Fatalf("new application not first in the list: %+v", vs.apps.apps[0])
	}

	// The department accepts and asks for a correction of a field and a material.
	ctx := context.Background()
	if err := env.Portal.Accept(ctx, appID, "受理"); err != nil {
		t.Fatal(err)
	}
	mat := d.Attachments[0].MaterialID
	if _, err := env.Portal.RequestCorrection(ctx, appID, portal.CorrectionSpec{
		Fields:    []api.FieldNote{{Key: "business_address", Note: "请写到门牌号"}},
		Materials: []api.MaterialNote{{MaterialID: mat, Note: "请补充清晰扫描件"}}, Note: "经营场所地址不完整"}); err != nil {
		t.Fatal(err)
	}
	env.Svc.Watcher.Refresh()
	env.Pump("correction notification", func() bool { return strings.Contains(rec.notesText(), "需要补正") })

	openDetail(vs.apps.ctx, env.Svc, appID)
	dv := vs.detail
	env.Pump("detail with correction", func() bool { return dv.fix != nil })
	body := texts(dv.body)
	for _, want := range []string{"需要您补正", "经营场所（详细地址）", "承诺时限", "个工作日", "已受理", "要求补正"} {
		if !strings.Contains(body, want) {
			t.Errorf("detail lacks %q:\n%s", want, body)
		}
	}
	test.Tap(dv.fix)
	cv := vs.correct
	if cv == nil {
		t.Fatal("correction page not opened")
	}
	e := cv.entries["business_address"]
	if e == nil || e.Text != d.Values["business_address"] {
		t.Fatalf("field not shown with its current value: %v", e)
	}
	// Sending with the material missing is refused on screen.
	test.Tap(cv.send)
	env.Pump("refusal", nil)
	rec.mu.Lock()
	refused := len(rec.errs) == 1
	rec.errs = nil
	rec.mu.Unlock()
	if !refused {
		t.Fatal("incomplete correction not refused")
	}
	e.SetText("内蒙古自治区通辽市奈曼旗大沁他拉镇示例街1号101室")
	// A file that only looks like a PDF by its name is refused before any
	// upload, in plain Chinese naming the material.
	fake := filepath.Join(t.TempDir(), "扫描件.pdf")
	if err := os.WriteFile(fake, []byte("这只是改了扩展名的文本文件"), 0o600); err != nil {
		t.Fatal(err)
	}
	cv.setFile(mat, fake)
	test.Tap(cv.send)
	env.Pump("fake file refused", func() bool { return !cv.send.Disabled() })
	rec.mu.Lock()
	var refusal string
	if len(rec.errs) == 1 {
		refusal = usererr.Message(rec.errs[0], "zh")
	}
	rec.errs = nil
	rec.mu.Unlock()
	if !strings.Contains(refusal, "不能使用") || !strings.Contains(refusal, "实际类型") ||
		!strings.Contains(refusal, env.Svc.Catalog.Current().Material(mat).Name) {
		t.Fatalf("fake file: %q", refusal)
	}
	if got, err := env.Svc.Client.GetApplication(ctx, appID); err != nil || got.Status != api.StatusCorrectionRequested {
		t.Fatalf("refused file still answered: %s %v", got.Status, err)
	}
	// This material takes PDF only: a photo is refused too.
	png := filepath.Join(t.TempDir(), "清晰扫描件.png")
	writePNG(t, png)
	cv.setFile(mat, png)
	test.Tap(cv.send)
	env.Pump("photo refused", func() bool { return !cv.send.Disabled() })
	rec.mu.Lock()
	if len(rec.errs) != 1 || !strings.Contains(usererr.Message(rec.errs[0], "zh"), "只接受 PDF") {
		t.Fatalf("photo for a PDF-only material: %v", rec.errs)
	}
	rec.errs = nil
	rec.mu.Unlock()
	// A real PDF goes.
	pdf := filepath.Join(t.TempDir(), "补正申请表.pdf")
	pf, err := os.Create(pdf)
	if err != nil {
		t.Fatal(err)
	}
	if err := services.WriteApplicationForm(pf, env.Svc.Catalog.Current(), d, time.Now()); err != nil {
		t.Fatal(err)
	}
	pf.Close()
	cv.setFile(mat, pdf)
	test.Tap(cv.send)
	env.Pump("answered", func() bool {
		rec.mu.Lock()
		if len(rec.errs) > 0 {
			t.Fatalf("errors shown: %v", rec.errs)
		}
		rec.mu.Unlock()
		return dv.app.Status != api.StatusCorrectionRequested && len(dv.app.Timeline) > 0 &&
			dv.app.Timeline[len(dv.app.Timeline)-1].Type == api.EventCorrectionAnswered
	})
	rec.noErrors(t)
	if got := dv.app.Form["business_address"]; got != "内蒙古自治区通辽市奈曼旗大沁他拉镇示例街1号101室" {
		t.Errorf("portal has address %v", got)
	}
	if !strings.Contains(texts(dv.body), "已提交补正材料") {
		t.Errorf("timeline does not show the answer:\n%s", texts(dv.body))
	}
	// The draft follows the correction: the new address, and the new
	// file (as uploaded) in place of the old one.
	gd, err := env.Svc.Drafts.Get(ctx, d.ID)
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

	// A joint inspection, then one item approved and one refused.
	if _, err := env.Portal.ScheduleInspection(ctx, appID, portal.InspectionSpec{At: dv.app.UpdatedAt.Add(48 * 3600e9), Note: "请店主在场"}); err != nil {
		t.Fatal(err)
	}
	if err := env.Portal.RejectItem(ctx, appID, "YCLS", "与最近的卷烟零售点距离不足"); err != nil {
		t.Fatal(err)
	}
	env.Svc.Watcher.Refresh()
	env.Pump("inspection shown", func() bool {
		return dv.app.Inspection != nil && strings.Contains(texts(dv.body), "与最近的卷烟零售点距离不足")
	})
	body = texts(dv.body)
	for _, want := range []string{"现场联合核查（一同核查）", "请店主在场", "未批准的原因"} {
		if !strings.Contains(body, want) {
			t.Errorf("detail lacks %q:\n%s", want, body)
		}
	}
}

// TestOfflineQueuedThenSentOnce: with the portal down the submission is
// queued and visible; when the portal is back it goes out exactly once.
func TestOfflineQueuedThenSentOnce(t *testing.T) {
	env := servicestest.New(t)
	record(t, env)
	vs := hook(t)
	env.SignIn(portal.DemoPhone)
	env.Start()
	env.Pump("online", env.Svc.Online)
	d := env.ReadyDraft("离线测试商店（演示）")

	env.StopPortal()
	env.Pump("offline", func() bool { return !env.Svc.Online() })

	env.Shell.Open(shell.ScreenApplications)
	OpenSubmit(vs.apps.ctx, d.ID)
	s := vs.submit
	env.Pump("submission screen", func() bool { return !s.submit.Disabled() })
	test.Tap(s.submit)
	env.Pump("queued offline", func() bool {
		return s.panel != nil && !s.panel.item.State.Done() && s.panel.item.Err != nil && s.panel.item.Err.Code == client.CodeOffline
	})
	if !strings.Contains(s.panel.errText.Text, "没有联网") || !strings.Contains(s.panel.state.Text, "排队等待发送") {
		t.Errorf("offline reason = %q", s.panel.errText.Text)
	}
	got, _ := env.Svc.Drafts.Get(context.Background(), d.ID)
	if got.Status.State != drafts.StateQueued {
		t.Errorf("draft state %q, want queued", got.Status.State)
	}
	// Visible in 我的申请 as waiting.
	vs.apps.ctx.Pop()
	vs.apps.reload()
	env.Pump("outbox listed", func() bool { return strings.Contains(texts(vs.apps.outbox), "离线测试商店（演示）") })
	if !strings.Contains(texts(vs.apps.outbox), "等待发送的申请") {
		t.Errorf("outbox section: %s", texts(vs.apps.outbox))
	}

	env.RestartPortal()
	env.Pump("sent after reconnect", func() bool {
		it, err := env.Svc.Outbox.Get(context.Background(), s.outboxID)
		return err == nil && it.State == client.StateSent
	})
	list, err := env.Svc.Client.ListApplications(context.Background())
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
	env.Pump("outbox emptied", func() bool { return !strings.Contains(texts(vs.apps.outbox), "离线测试商店（演示）") })
}

// TestPauseResume: a paused submission stays put while the sender runs
// and goes out after 继续.
func TestPauseResume(t *testing.T) {
	env := servicestest.New(t)
	record(t, env)
	vs := hook(t)
	env.SignIn(portal.DemoPhone)
	d := env.ReadyDraft("暂停测试商店（演示）")
	env.Shell.Open(shell.ScreenApplications)
	OpenSubmit(vs.apps.ctx, d.ID)
	s := vs.submit
	env.Pump("submission screen", func() bool { return !s.submit.Disabled() })
	test.Tap(s.submit) // queued; the sender is not running yet
	env.Pump("queued", func() bool { return s.panel != nil })
	p := s.panel
	if !p.pause.Visible() || p.resume.Visible() {
		t.Fatalf("pause/resume buttons: %v %v", p.pause.Visible(), p.resume.Visible())
	}
	test.Tap(p.pause)
	env.Pump("paused", func() bool { return p.item.Paused })
	if p.state.Text != "已暂停" || !p.resume.Visible() || p.pause.Visible() {
		t.Fatalf("paused panel: %q resume=%v", p.state.Text, p.resume.Visible())
	}
	env.Start()
	// The sender and the probe run; once the portal is seen online the
	// sender has had its chance, and a paused submission must not move.
	env.Pump("online", env.Svc.Online)
	env.Svc.Outbox.Kick()
	env.Pump("still paused", nil)
	it, err := env.Svc.Outbox.Get(context.Background(), s.outboxID)
	if err != nil || !it.Paused || it.State == client.StateSent || it.BytesSent != 0 {
		t.Fatalf("paused item moved: %+v %v", it, err)
	}
	test.Tap(p.resume)
	env.Pump("sent after resume", func() bool { return p.item.State == client.StateSent })
	if p.overall.Value != 1 {
		t.Errorf("overall %.2f after sending", p.overall.Value)
	}
}

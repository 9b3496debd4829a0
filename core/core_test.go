package core_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/naiman-yiye/yiye/agent"
	"github.com/naiman-yiye/yiye/application"
	"github.com/naiman-yiye/yiye/client"
	"github.com/naiman-yiye/yiye/client/api"
	"github.com/naiman-yiye/yiye/core"
	"github.com/naiman-yiye/yiye/core/coretest"
	"github.com/naiman-yiye/yiye/drafts"
	"github.com/naiman-yiye/yiye/portal"
)

// recorder keeps the events a subscriber got, in order.
type recorder struct{ got []core.Event }

func record(c *core.Core) *recorder {
	r := &recorder{}
	c.Subscribe(func(e core.Event) { r.got = append(r.got, e) })
	return r
}

func (r *recorder) has(match func(core.Event) bool) bool { return slices.ContainsFunc(r.got, match) }

// TestSubmitOnceAndFollow: a ready draft is checked and queued once; the
// portal gets the whole authorisation; once sent, the draft is announced
// as submitted (the workspace learns it without polling).
func TestSubmitOnceAndFollow(t *testing.T) {
	env := coretest.New(t)
	ctx := context.Background()
	c := env.Core
	events := record(c)
	d := env.ReadyDraft("转换测试商店（演示）")
	rec := time.Date(2026, 4, 1, 2, 3, 4, 0, time.UTC)
	if err := c.Drafts().SetAgent(ctx, d.ID, &agent.Record{Name: "李代理", IDNumber: "150525199001011237",
		Mobile: "13912345678", Principal: "转换测试商店（演示）", Scope: "代为提交一业一证申请材料", StaffID: "NM-0042",
		RecordedAt: rec}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.SubmitDraft(ctx, d.ID); err != core.ErrNotReady {
		t.Fatalf("agent without letter: %v", err)
	}
	src := filepath.Join(t.TempDir(), "letter.pdf")
	var pdf bytes.Buffer
	if err := c.WriteApplicationForm(ctx, &pdf, d.ID, time.Now()); err != nil || !bytes.HasPrefix(pdf.Bytes(), []byte("%PDF-")) {
		t.Fatalf("application form: %v", err)
	}
	if err := os.WriteFile(src, pdf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Drafts().AddAttachment(ctx, d.ID, agent.LetterMaterial, src); err != nil {
		t.Fatal(err)
	}
	if _, err := exec.LookPath("pdftotext"); err == nil {
		pdf.Reset()
		if err := c.WriteApplicationForm(ctx, &pdf, d.ID, time.Now()); err != nil {
			t.Fatal(err)
		}
		f := filepath.Join(t.TempDir(), "form.pdf")
		_ = os.WriteFile(f, pdf.Bytes(), 0o600)
		out, err := exec.Command("pdftotext", "-enc", "UTF-8", f, "-").Output()
		txt := strings.Join(strings.Fields(string(out)), "")
		for _, want := range []string{"委托事项", "代为提交一业一证申请材料", "NM-0042", "2026年4月1日10:03", "授权委托书已上传"} {
			if err != nil || !strings.Contains(txt, want) {
				t.Errorf("printed form lacks %q (%v)", want, err)
			}
		}
	}

	id, err := c.SubmitDraft(ctx, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if again, err := c.SubmitDraft(ctx, d.ID); err != nil || again != id {
		t.Fatalf("second submit: %d %v (first %d)", again, err, id)
	}
	if items, _ := c.Submissions(ctx); len(items) != 1 {
		t.Fatalf("%d outbox items, want 1", len(items))
	}
	if err := c.Drafts().SetValues(ctx, d.ID, map[string]string{"entity_name": "改名"}); err == nil {
		t.Fatal("a queued draft took a new value")
	}

	env.SignIn(portal.DemoPhoneOther)
	env.Start()
	var appID string
	// Both announcements come from the outbox goroutine, the draft's
	// first; wait for the two rather than stop at the first.
	sent := func(e core.Event) bool {
		sc, ok := e.(core.SubmissionChanged)
		return ok && sc.Item.State == client.StateSent
	}
	env.Pump("draft announced as submitted and submission as sent", func() bool {
		for _, e := range events.got {
			if dc, ok := e.(core.DraftChanged); ok && dc.ID == d.ID && dc.Status.State == drafts.StateSubmitted {
				appID = dc.Status.ApplicationID
			}
		}
		return appID != "" && events.has(sent)
	})
	got, err := c.Application(ctx, appID)
	if err != nil {
		t.Fatal(err)
	}
	if a := got.Agent; a == nil || a.AgentName != "李代理" || a.IDNumber != "150525********1237" || a.StaffID != "NM-0042" ||
		a.Principal != "转换测试商店（演示）" || a.RecordedAt == nil || !a.RecordedAt.Equal(rec) ||
		a.LetterMaterialID != agent.LetterMaterial ||
		!slices.ContainsFunc(got.Materials, func(m api.MaterialRef) bool { return m.MaterialID == a.LetterMaterialID }) {
		t.Fatalf("portal holds agent %+v", got.Agent)
	}
	if got.Subject.Name != "转换测试商店（演示）" || got.Subject.USCC != "92150525MA0R123448" {
		t.Fatalf("subject %+v", got.Subject)
	}

	d2, err := c.NewDraft(ctx, "convenience-store", "空草稿")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.SubmitDraft(ctx, d2.ID); err != core.ErrNotReady {
		t.Fatalf("incomplete draft: %v", err)
	}
}

// TestDeleteSubmissionReturnsTheDraft: a queued submission taken back
// before it went out makes its draft editable again.
func TestDeleteSubmissionReturnsTheDraft(t *testing.T) {
	env := coretest.New(t)
	ctx := context.Background()
	d := env.ReadyDraft("撤回测试店（演示）")
	id, err := env.Core.SubmitDraft(ctx, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := env.Core.DeleteSubmission(ctx, id); err != nil {
		t.Fatal(err)
	}
	if g, _ := env.Core.Drafts().Get(ctx, d.ID); g.Status.State != drafts.StateDraft {
		t.Fatalf("draft state %q", g.Status.State)
	}
	if err := env.Core.Drafts().SetValues(ctx, d.ID, map[string]string{"contact_name": "王五"}); err != nil {
		t.Fatal(err)
	}
}

// TestConnectivity: the probe sees the portal go and come back, and
// announces each change once.
func TestConnectivity(t *testing.T) {
	env := coretest.New(t)
	events := record(env.Core)
	env.Start()
	last := func() (bool, bool) {
		for i := len(events.got) - 1; i >= 0; i-- {
			if c, ok := events.got[i].(core.Connectivity); ok {
				return c.Online, true
			}
		}
		return false, false
	}
	want := func(v bool) {
		t.Helper()
		env.Pump("online "+map[bool]string{true: "yes", false: "no"}[v], func() bool { on, ok := last(); return ok && on == v })
	}
	want(true)
	env.StopPortal()
	want(false)
	env.RestartPortal(nil)
	want(true)
	n := 0
	for i := 1; i < len(events.got); i++ {
		if c, ok := events.got[i].(core.Connectivity); ok {
			n++
			_ = c
		}
	}
	if n > 3 {
		t.Errorf("%d connectivity events for three changes", n)
	}
}

// TestBackOnlineWithQueuedItem: coming online with a submission queued
// that has no error yet puts nothing wrong in line and does not crash.
func TestBackOnlineWithQueuedItem(t *testing.T) {
	env := coretest.New(t)
	ctx := context.Background()
	d := env.ReadyDraft("上线重试测试店（演示）")
	id, err := env.Core.SubmitDraft(ctx, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if it, err := env.Core.Submission(ctx, id); err != nil || it.Err != nil || it.State.Done() {
		t.Fatalf("queued item %+v %v", it, err)
	}
	if !env.Core.CheckOnline(ctx) || !env.Core.Online() {
		t.Fatal("portal not seen online")
	}
	if it, err := env.Core.Submission(ctx, id); err != nil || it.State.Done() || it.Paused {
		t.Fatalf("item after going online %+v %v", it, err)
	}
}

// TestCatalogSync: a newer catalog from the portal replaces the one in
// use and is announced; an open draft's plan then reports the change; a
// repeated sync announces nothing.
func TestCatalogSync(t *testing.T) {
	env := coretest.New(t)
	ctx := context.Background()
	before := env.Core.Catalog().Version
	d, err := env.Core.NewDraft(ctx, "convenience-store", "目录更新测试")
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(d.Items, "YCLS") {
		t.Fatal("tobacco licence without the question answered")
	}
	events := record(env.Core)
	env.StopPortal()
	env.RestartPortal(coretest.NewerCatalog(t))
	if _, err := env.Core.SyncCatalog(ctx); err != nil {
		t.Fatal(err)
	}
	env.Pump("catalog replaced", func() bool {
		return events.has(func(e core.Event) bool { r, ok := e.(core.CatalogReplaced); return ok && r.Version == before+1 })
	})
	if env.Core.Catalog().Version != before+1 {
		t.Fatalf("catalog version %d", env.Core.Catalog().Version)
	}
	p, err := env.Core.Plan(d)
	if err != nil {
		t.Fatal(err)
	}
	if st := p.Readiness(d).Stale; st == nil || !slices.Equal(st.Added, []string{"YCLS"}) {
		t.Fatalf("stale %+v", st)
	}
	if err := env.Core.AcceptCatalog(ctx, d.ID); err != nil {
		t.Fatal(err)
	}
	d, _ = env.Core.Drafts().Get(ctx, d.ID)
	if !slices.Contains(d.Items, "YCLS") || d.CatalogVersion != before+1 {
		t.Fatalf("accepted draft %v v%d", d.Items, d.CatalogVersion)
	}
	n := len(events.got)
	if _, err := env.Core.SyncCatalog(ctx); err != nil {
		t.Fatal(err)
	}
	env.Pump("", nil)
	for _, e := range events.got[n:] {
		if _, ok := e.(core.CatalogReplaced); ok {
			t.Errorf("unchanged sync announced %v", e)
		}
	}
}

// TestSetPortalKeepsWork: pointing the core at another portal keeps the
// drafts and the queue, and the new portal gets the queued submission.
func TestSetPortalKeepsWork(t *testing.T) {
	env := coretest.New(t)
	ctx := context.Background()
	if err := env.Core.SetPortal(ctx, core.Portal{}); err != nil {
		t.Fatal(err)
	}
	env.Start()
	d := env.ReadyDraft("换门户测试店（演示）")
	id, err := env.Core.SubmitDraft(ctx, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	env.Pump("", nil)
	if it, _ := env.Core.Submission(ctx, id); it.State.Done() {
		t.Fatalf("sent without a portal: %+v", it)
	}
	if err := env.Core.SetPortal(ctx, env.Options(env.DB, env.DataDir).Portal); err != nil {
		t.Fatal(err)
	}
	env.SignIn(portal.DemoPhoneOther)
	env.Pump("sent to the new portal", func() bool {
		it, err := env.Core.Submission(ctx, id)
		return err == nil && it.State == client.StateSent
	})
	if env.Core.PortalURL() != env.Portal.URL() {
		t.Errorf("portal %q", env.Core.PortalURL())
	}
}

// TestAnswerCorrection: a correction answered through the core reaches the
// portal once and is written into the draft the application came from.
func TestAnswerCorrection(t *testing.T) {
	env := coretest.New(t)
	ctx := context.Background()
	env.SignIn(portal.DemoPhoneOther)
	env.Start()
	d := env.ReadyDraft("补正回写测试店（演示）")
	if _, err := env.Core.SubmitDraft(ctx, d.ID); err != nil {
		t.Fatal(err)
	}
	var appID string
	env.Pump("submitted", func() bool {
		g, err := env.Core.Drafts().Get(ctx, d.ID)
		appID = g.Status.ApplicationID
		return err == nil && g.Status.State == drafts.StateSubmitted
	})
	if err := env.Portal.Accept(ctx, appID, ""); err != nil {
		t.Fatal(err)
	}
	corr, err := env.Portal.RequestCorrection(ctx, appID, portal.CorrectionSpec{Department: "政数局",
		Fields: []api.FieldNote{{Key: "business_address", Note: "写到门牌号"}}})
	if err != nil {
		t.Fatal(err)
	}
	app, err := env.Core.Application(ctx, appID)
	if err != nil {
		t.Fatal(err)
	}
	key := client.NewIdempotencyKey()
	reply := core.CorrectionReply{Values: map[string]string{"business_address": "奈曼旗大沁他拉镇示例街2号"}}
	if err := env.Core.AnswerCorrection(ctx, app, corr.ID, key, reply, nil); err != nil {
		t.Fatal(err)
	}
	if err := env.Core.AnswerCorrection(ctx, app, corr.ID, key, reply, nil); err != nil {
		t.Fatalf("repeated answer (same key): %v", err)
	}
	g, _ := env.Core.Drafts().Get(ctx, d.ID)
	if g.Values["business_address"] != "奈曼旗大沁他拉镇示例街2号" || g.Values["entity_name"] != "补正回写测试店（演示）" {
		t.Fatalf("draft values %v", g.Values)
	}
	if got, _ := env.Core.Application(ctx, appID); got.Status == api.StatusCorrectionRequested {
		t.Fatalf("still waiting for the correction: %s", got.Status)
	}
	if es, _ := os.ReadDir(filepath.Join(env.DataDir, "correction-tmp")); len(es) != 0 {
		t.Errorf("prepared files left: %v", es)
	}
}

// TestPlanMatchesSubmission: what the core sends is the plan's mapping.
func TestPlanMatchesSubmission(t *testing.T) {
	env := coretest.New(t)
	d := env.ReadyDraft("映射测试店（演示）")
	p, err := env.Core.Plan(d)
	if err != nil {
		t.Fatal(err)
	}
	s := p.Submission(d)
	if s.Request.Industry != "convenience-store" || !slices.Equal(s.Request.Items, d.Items) || s.Request.ClientRef != d.ID ||
		len(s.Files) != len(d.Attachments) || !strings.HasPrefix(s.Title, "便利店 · ") || s.Request.Agent != nil {
		t.Fatalf("submission %+v", s.Request)
	}
	if s.Request.Subject.EntityType == "" || s.Request.Form[application.FormPromised] != nil {
		t.Errorf("subject %+v form %v", s.Request.Subject, s.Request.Form[application.FormPromised])
	}
}

// TestLicensePrintsThePremises: the license and the joint inspection carry
// where the business operates (经营场所), not its registered address (住所).
func TestLicensePrintsThePremises(t *testing.T) {
	env := coretest.New(t)
	ctx := context.Background()
	env.SignIn(portal.DemoPhoneOther)
	env.Start()
	d := env.ReadyDraft("经营场所测试店（演示）")
	if err := env.Core.Drafts().SetValues(ctx, d.ID, map[string]string{
		"registered_address": "奈曼旗大沁他拉镇住所路1号", "business_address": "奈曼旗大沁他拉镇门店街8号"}); err != nil {
		t.Fatal(err)
	}
	if _, err := env.Core.SubmitDraft(ctx, d.ID); err != nil {
		t.Fatal(err)
	}
	var appID string
	env.Pump("submitted", func() bool {
		g, err := env.Core.Drafts().Get(ctx, d.ID)
		appID = g.Status.ApplicationID
		return err == nil && g.Status.State == drafts.StateSubmitted
	})
	if err := env.Portal.Accept(ctx, appID, ""); err != nil {
		t.Fatal(err)
	}
	insp, err := env.Portal.ScheduleInspection(ctx, appID, portal.InspectionSpec{At: time.Now().Add(48 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if insp.Address != "奈曼旗大沁他拉镇门店街8号" {
		t.Errorf("inspection at %q", insp.Address)
	}
	app, _ := env.Core.Application(ctx, appID)
	for _, it := range app.Items {
		if err := env.Portal.ApproveItem(ctx, appID, it.Code, portal.ApproveSpec{}); err != nil {
			t.Fatal(err)
		}
	}
	lic, err := env.Portal.IssueLicense(ctx, appID)
	if err != nil {
		t.Fatal(err)
	}
	if lic.Address != "奈曼旗大沁他拉镇门店街8号" {
		t.Errorf("license prints %q as 经营场所", lic.Address)
	}
}

package services_test

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

	"github.com/naiman-yiye/yiye/app/services"
	"github.com/naiman-yiye/yiye/app/services/servicestest"
	"github.com/naiman-yiye/yiye/client"
	"github.com/naiman-yiye/yiye/client/api"
	"github.com/naiman-yiye/yiye/drafts"
	"github.com/naiman-yiye/yiye/portal"
)

func TestSubmissionFromDraftAndSubmitOnce(t *testing.T) {
	env := servicestest.New(t)
	ctx := context.Background()
	d := env.ReadyDraft("转换测试商店（演示）")
	promised := d.Attachments[0].MaterialID
	if err := env.Svc.Drafts.Promise(ctx, d.ID, promised, true); err != nil {
		t.Fatal(err)
	}
	rec := time.Date(2026, 4, 1, 2, 3, 4, 0, time.UTC)
	agent := &drafts.Agent{Name: "李代理", IDNumber: "150525199001011237", Mobile: "13912345678",
		Principal: "转换测试商店（演示）", Scope: "代为提交一业一证申请材料", StaffID: "NM-0042", RecordedAt: rec}
	if err := env.Svc.Drafts.SetAgent(ctx, d.ID, agent); err != nil {
		t.Fatal(err)
	}
	d, _ = env.Svc.Drafts.Get(ctx, d.ID)
	cat := env.Svc.Catalog.Current()

	s := services.SubmissionFromDraft(cat, d)
	r := s.Request
	if r.Industry != "convenience-store" || strings.Join(r.Items, ",") != strings.Join(d.Items, ",") || r.ClientRef != d.ID {
		t.Fatalf("request head %+v", r)
	}
	if r.Subject.USCC != "92150525MA0R123448" || r.Subject.Name != "转换测试商店（演示）" || r.Subject.LegalRep == "" || r.Subject.Address == "" {
		t.Fatalf("subject %+v", r.Subject)
	}
	if r.Form["business_address"] != d.Values["business_address"] || len(r.Answers) != len(d.Answers) {
		t.Fatalf("form/answers not carried")
	}
	if p, _ := r.Form[services.FormPromised].([]string); len(p) != 1 || p[0] != promised {
		t.Fatalf("promised %v", r.Form[services.FormPromised])
	}
	if a := r.Agent; a == nil || a.AgentName != "李代理" || a.IDNumber != "150525199001011237" || a.IDType != "" ||
		a.Mobile != "13912345678" || a.Principal != "转换测试商店（演示）" || a.Scope != "代为提交一业一证申请材料" ||
		a.StaffID != "NM-0042" || a.RecordedAt == nil || !a.RecordedAt.Equal(rec) || a.LetterMaterialID != drafts.AgentLetterMaterial {
		t.Fatalf("agent %+v", r.Agent)
	}
	if _, ok := r.Form[services.FormAgent]; ok {
		t.Fatal("the agent is still copied into the form (its full ID number would come back unmasked)")
	}
	if !slices.ContainsFunc(s.Files, func(f client.OutboxFile) bool { return f.MaterialID == drafts.AgentLetterMaterial }) {
		t.Fatal("the authorisation letter is not among the files")
	}
	rows := map[string]string{}
	for _, row := range services.AgentFormRows(d) {
		rows[row.Label] = row.Value
	}
	if rows["委托人"] != "转换测试商店（演示）" || rows["委托事项"] != "代为提交一业一证申请材料" || rows["经办人员"] != "NM-0042" ||
		rows["登记时间"] != "2026-04-01 10:03" || rows["受托人"] != "李代理" || rows["受托人联系电话"] != "13912345678" {
		t.Fatalf("printed agent rows %v", rows)
	}
	if len(s.Files) != len(d.Attachments) || !strings.HasPrefix(s.Title, "便利店 · ") {
		t.Fatalf("files %d title %q", len(s.Files), s.Title)
	}

	var pdf bytes.Buffer
	if err := services.WriteApplicationForm(&pdf, cat, d, time.Now()); err != nil || !bytes.HasPrefix(pdf.Bytes(), []byte("%PDF-")) {
		t.Fatalf("application form: %v", err)
	}
	if _, err := exec.LookPath("pdftotext"); err == nil {
		f := filepath.Join(t.TempDir(), "form.pdf")
		if err := os.WriteFile(f, pdf.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command("pdftotext", "-enc", "UTF-8", f, "-").Output()
		txt := strings.Join(strings.Fields(string(out)), "")
		for _, want := range []string{"委托事项", "代为提交一业一证申请材料", "NM-0042", "2026-04-0110:03"} {
			if err != nil || !strings.Contains(txt, want) {
				t.Errorf("printed form lacks %q (%v)", want, err)
			}
		}
	}

	id, err := env.Svc.SubmitDraft(ctx, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := env.Svc.Drafts.Get(ctx, d.ID); got.Status.State != drafts.StateQueued {
		t.Fatalf("draft state %q", got.Status.State)
	}
	again, err := env.Svc.SubmitDraft(ctx, d.ID)
	if err != nil || again != id {
		t.Fatalf("second submit: %d %v (first %d)", again, err, id)
	}
	items, _ := env.Svc.Outbox.List(ctx)
	if len(items) != 1 {
		t.Fatalf("%d outbox items, want 1", len(items))
	}
	// The portal gets the whole authorisation with the application.
	env.SignIn(portal.DemoPhoneOther)
	if err := env.Svc.Outbox.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	it, err := env.Svc.Outbox.Get(ctx, id)
	if err != nil || it.ApplicationID == "" {
		t.Fatalf("not sent: %+v %v", it, err)
	}
	got, err := env.Svc.Client.GetApplication(ctx, it.ApplicationID)
	if err != nil {
		t.Fatal(err)
	}
	if a := got.Agent; a == nil || a.AgentName != "李代理" || a.IDNumber != "150525********1237" || a.StaffID != "NM-0042" ||
		a.Principal != "转换测试商店（演示）" || a.Scope != "代为提交一业一证申请材料" || a.RecordedAt == nil ||
		!a.RecordedAt.Equal(rec) || a.LetterMaterialID != drafts.AgentLetterMaterial ||
		!slices.ContainsFunc(got.Materials, func(m api.MaterialRef) bool { return m.MaterialID == a.LetterMaterialID }) {
		t.Fatalf("portal holds agent %+v", got.Agent)
	}
	if _, ok := got.Form[services.FormAgent]; ok {
		t.Fatalf("portal form holds an agent copy: %v", got.Form[services.FormAgent])
	}

	// A draft with something missing is refused in plain words.
	d2, err := env.Svc.Drafts.Create(ctx, drafts.New{Title: "空草稿", Industry: "convenience-store", Items: []string{"SPJY"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.Svc.SubmitDraft(ctx, d2.ID); err != services.ErrNotReady {
		t.Fatalf("incomplete draft: %v", err)
	}
}

func TestChangeText(t *testing.T) {
	for _, tc := range []struct {
		ch         client.StatusChange
		title, has string
	}{
		{client.StatusChange{Application: api.ApplicationSummary{SubjectName: "某店", Number: "N1"}, Old: "submitted", New: "accepted"},
			"某店（N1）", "办理状态：已受理"},
		{client.StatusChange{Application: api.ApplicationSummary{SubjectName: "某店", Number: "N2"}, Old: "accepted", New: "partially_approved",
			Items: []client.ItemChange{{Code: "YCLS", Name: "烟草专卖零售许可证核发", Old: "accepted", New: "rejected"}}},
			"某店（N2）", "烟草专卖零售许可证核发：未批准"},
	} {
		title, body := services.ChangeText(tc.ch)
		if title != tc.title || !strings.Contains(body, tc.has) {
			t.Errorf("%+v: %q / %q", tc.ch, title, body)
		}
	}
}

// TestOnlineFollowsPortal: the probe sees the portal go and come back.
func TestOnlineFollowsPortal(t *testing.T) {
	env := servicestest.New(t)
	states := make(chan bool, 16)
	env.Svc.OnOnline(func(on bool) { states <- on })
	env.Start()
	want := func(v bool) {
		t.Helper()
		deadline := time.After(30 * time.Second)
		for {
			select {
			case on := <-states:
				if on == v {
					return
				}
			case <-deadline:
				t.Fatalf("online never became %v", v)
			}
		}
	}
	want(true)
	env.StopPortal()
	want(false)
	env.RestartPortal()
	want(true)
}

// TestBackOnlineWithQueuedItem: coming online with a submission queued
// that has no error yet (a nil *usererr.Error) puts nothing wrong in line
// and does not crash.
func TestBackOnlineWithQueuedItem(t *testing.T) {
	env := servicestest.New(t)
	ctx := context.Background()
	d := env.ReadyDraft("上线重试测试店（演示）")
	id, err := env.Svc.SubmitDraft(ctx, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if it, err := env.Svc.Outbox.Get(ctx, id); err != nil || it.Err != nil || it.State.Done() {
		t.Fatalf("queued item %+v %v", it, err)
	}
	if !env.Svc.CheckOnline(ctx) || !env.Svc.Online() {
		t.Fatal("portal not seen online")
	}
	if it, err := env.Svc.Outbox.Get(ctx, id); err != nil || it.State.Done() || it.Paused {
		t.Fatalf("item after going online %+v %v", it, err)
	}
}

func TestIDTypeName(t *testing.T) {
	for in, want := range map[string]string{"": "居民身份证", "resident_id": "居民身份证", "passport": "护照", "odd": "odd"} {
		if got := services.IDTypeName(in); got != want {
			t.Errorf("IDTypeName(%q) = %q, want %q", in, got, want)
		}
	}
}

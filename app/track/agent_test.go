package track

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/naiman-yiye/yiye/app/services/servicestest"
	"github.com/naiman-yiye/yiye/app/shell"
	"github.com/naiman-yiye/yiye/client"
	"github.com/naiman-yiye/yiye/drafts"
	"github.com/naiman-yiye/yiye/portal"
)

// TestAssistedFilingShown: a draft filed by an agent shows the agent's
// name, masked ID, principal and scope before submitting; after the real
// portal has it, the detail has a 委托代办 card; the full ID number is
// never on screen.
func TestAssistedFilingShown(t *testing.T) {
	env := servicestest.New(t)
	rec := record(t, env)
	vs := hook(t)
	env.SignIn(portal.DemoPhone)
	env.Start()
	ctx := context.Background()
	d := env.ReadyDraft("代办测试便利店（演示）")
	at := time.Date(2026, 4, 1, 2, 3, 0, 0, time.UTC)
	if err := env.Svc.Drafts.SetAgent(ctx, d.ID, &drafts.Agent{Name: "王代办", IDNumber: "150525199001011237",
		Mobile: "13912345678", Principal: "代办测试便利店（演示）", Scope: "代为提交申请并领取许可证",
		StaffID: "NM-0042", RecordedAt: at}); err != nil {
		t.Fatal(err)
	}
	const full, masked = "150525199001011237", "150525********1237"

	if !env.Shell.Open(shell.ScreenApplications) || vs.apps == nil {
		t.Fatal("我的申请 not built")
	}
	OpenSubmit(vs.apps.ctx, d.ID)
	s := vs.submit
	env.Pump("submission screen", func() bool { return !s.submit.Disabled() })
	sum := texts(s.root)
	for _, want := range []string{"王代办", "居民身份证 " + masked, "委托人：代办测试便利店（演示）", "委托事项：代为提交申请并领取许可证"} {
		if !strings.Contains(sum, want) {
			t.Errorf("summary lacks %q:\n%s", want, sum)
		}
	}
	if strings.Contains(sum, full) {
		t.Error("summary shows the full ID number")
	}

	test.Tap(s.submit)
	env.Pump("sent", func() bool { return s.panel != nil && s.panel.item.State == client.StateSent })
	appID := s.panel.item.ApplicationID
	openDetail(vs.apps.ctx, env.Svc, appID)
	dv := vs.detail
	env.Pump("detail", func() bool { return dv.app.ID == appID })
	body := texts(dv.body)
	for _, want := range []string{"委托代办", "受托人（代理人）：王代办", "证件：居民身份证 " + masked, "联系电话：13912345678",
		"委托人：代办测试便利店（演示）", "委托事项：代为提交申请并领取许可证", "经办人员：NM-0042",
		"登记时间：" + at.Local().Format("2006-01-02 15:04"), "授权委托书："} {
		if !strings.Contains(body, want) {
			t.Errorf("detail lacks %q:\n%s", want, body)
		}
	}
	if strings.Contains(body, full) {
		t.Error("detail shows the full ID number")
	}
	rec.noErrors(t)

	// An application without an agent has no such card.
	d2 := env.ReadyDraft("自办测试便利店（演示）")
	id, err := env.Svc.SubmitDraft(ctx, d2.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := env.Svc.Outbox.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	it, err := env.Svc.Outbox.Get(ctx, id)
	if err != nil || it.ApplicationID == "" {
		t.Fatalf("not sent: %+v %v", it, err)
	}
	openDetail(vs.apps.ctx, env.Svc, it.ApplicationID)
	dv2 := vs.detail
	env.Pump("plain detail", func() bool { return dv2.app.ID == it.ApplicationID })
	if b := texts(dv2.body); strings.Contains(b, "委托代办") {
		t.Errorf("plain application shows an agent card:\n%s", b)
	}
}

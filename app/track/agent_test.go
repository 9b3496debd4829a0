package track

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/naiman-yiye/yiye/agent"
	"github.com/naiman-yiye/yiye/app/i18n"
	"github.com/naiman-yiye/yiye/client"
	"github.com/naiman-yiye/yiye/portal"
)

// TestAssistedFilingShown: a draft filed by an agent shows the agent's
// name, masked ID, principal and scope before submitting; after the real
// portal has it, the detail has a 委托代办 card; the full ID number is
// never on screen.
func TestAssistedFilingShown(t *testing.T) {
	env := newWorld(t)
	env.SignIn(portal.DemoPhone)
	env.Start()
	ctx := context.Background()
	d := env.ReadyDraft("代办测试便利店（演示）")
	at := time.Date(2026, 4, 1, 2, 3, 0, 0, time.UTC)
	if err := env.Core.Drafts().SetAgent(ctx, d.ID, &agent.Record{Name: "王代办", IDNumber: "150525199001011237",
		Mobile: "13912345678", Principal: "代办测试便利店（演示）", Scope: "代为提交申请并领取许可证",
		StaffID: "NM-0042", RecordedAt: at}); err != nil {
		t.Fatal(err)
	}
	// The signed letter of authorisation goes with the materials.
	var letter bytes.Buffer
	if err := env.Core.WriteApplicationForm(ctx, &letter, d.ID, time.Now()); err != nil {
		t.Fatal(err)
	}
	lp := filepath.Join(t.TempDir(), "授权委托书.pdf")
	if err := os.WriteFile(lp, letter.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := env.Core.Drafts().AddAttachment(ctx, d.ID, agent.LetterMaterial, lp); err != nil {
		t.Fatal(err)
	}
	const full, masked = "150525199001011237", "150525********1237"

	s := env.submit(t, d.ID)
	env.Pump("submittable", func() bool { return !s.submit.Disabled() })
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
	apps := env.apps(t)
	env.tr.openDetail(apps.ctx, appID)
	dv := env.tr.detail
	env.Pump("detail", func() bool { return dv.app.ID == appID })
	body := texts(dv.body)
	for _, want := range []string{"委托代办", "受托人（代理人）：王代办", "证件：居民身份证 " + masked, "联系电话：13912345678",
		"委托人：代办测试便利店（演示）", "委托事项：代为提交申请并领取许可证", "经办人员：NM-0042",
		"登记时间：" + i18n.FormatDateTime(at), "授权委托书："} {
		if !strings.Contains(body, want) {
			t.Errorf("detail lacks %q:\n%s", want, body)
		}
	}
	if strings.Contains(body, full) {
		t.Error("detail shows the full ID number")
	}
	env.Shell.Back()

	// An application without an agent has no such card.
	d2 := env.ReadyDraft("自办测试便利店（演示）")
	id, err := env.Core.SubmitDraft(ctx, d2.ID)
	if err != nil {
		t.Fatal(err)
	}
	var appID2 string
	env.Pump("plain application sent", func() bool {
		it, err := env.Core.Submission(ctx, id)
		appID2 = it.ApplicationID
		return err == nil && it.State == client.StateSent
	})
	env.tr.openDetail(apps.ctx, appID2)
	dv2 := env.tr.detail
	env.Pump("plain detail", func() bool { return dv2.app.ID == appID2 })
	if b := texts(dv2.body); strings.Contains(b, "委托代办") {
		t.Errorf("plain application shows an agent card:\n%s", b)
	}
}

package services_test

import (
	"context"
	"testing"

	"github.com/naiman-yiye/yiye/app/services/servicestest"
	"github.com/naiman-yiye/yiye/client/api"
	"github.com/naiman-yiye/yiye/drafts"
	"github.com/naiman-yiye/yiye/portal"
)

// TestRecordCorrection: an answered correction is written into the draft
// the application came from, found by client_ref or, when the portal does
// not echo it, by the application ID the draft recorded; an application
// from elsewhere changes no draft.
func TestRecordCorrection(t *testing.T) {
	env := servicestest.New(t)
	ctx := context.Background()
	env.SignIn(portal.DemoPhoneOther)
	env.Start()
	d := env.ReadyDraft("补正回写测试店（演示）")
	if _, err := env.Svc.SubmitDraft(ctx, d.ID); err != nil {
		t.Fatal(err)
	}
	var appID string
	env.Pump("submitted", func() bool {
		g, err := env.Svc.Drafts.Get(ctx, d.ID)
		if err == nil && g.Status.State == drafts.StateSubmitted {
			appID = g.Status.ApplicationID
			return true
		}
		return false
	})
	app, err := env.Svc.Client.GetApplication(ctx, appID)
	if err != nil || app.ClientRef != d.ID {
		t.Fatalf("application %+v %v", app.ApplicationSummary, err)
	}
	if got := env.Svc.DraftForApplication(ctx, app); got == nil || got.ID != d.ID {
		t.Fatalf("by client_ref: %v", got)
	}
	noRef := app
	noRef.ClientRef = ""
	ans := api.CorrectionAnswer{Form: map[string]any{"business_address": "奈曼旗大沁他拉镇示例街2号"}}
	if err := env.Svc.RecordCorrection(ctx, noRef, ans, nil); err != nil {
		t.Fatal(err)
	}
	g, _ := env.Svc.Drafts.Get(ctx, d.ID)
	if g.Values["business_address"] != "奈曼旗大沁他拉镇示例街2号" || g.Values["entity_name"] != "补正回写测试店（演示）" {
		t.Fatalf("draft values %v", g.Values)
	}
	other := api.Application{ApplicationSummary: api.ApplicationSummary{ID: "elsewhere", ClientRef: d.ID}}
	if env.Svc.DraftForApplication(ctx, other) != nil {
		t.Fatal("a draft matched another application")
	}
	if err := env.Svc.RecordCorrection(ctx, other, api.CorrectionAnswer{Form: map[string]any{"business_address": "x"}}, nil); err != nil {
		t.Fatal(err)
	}
	if g, _ := env.Svc.Drafts.Get(ctx, d.ID); g.Values["business_address"] != "奈曼旗大沁他拉镇示例街2号" {
		t.Fatal("another application's correction changed the draft")
	}
}

package core_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/naiman-yiye/yiye/application"
	"github.com/naiman-yiye/yiye/catalog"
	"github.com/naiman-yiye/yiye/client/api"
	"github.com/naiman-yiye/yiye/core"
	"github.com/naiman-yiye/yiye/core/coretest"
	"github.com/naiman-yiye/yiye/pdfdoc"
	"github.com/naiman-yiye/yiye/portal"
)

// The paths after issue (一码联动), end to end: the core on a real SQLite
// file, the real portal on 127.0.0.1, and what the public verify endpoint
// says of the old and the new QR at each step.

// demoWorld signs the demo applicant in (three licenses: a convenience
// store, a gym with a refused item, a noodle shop near its renewal).
func demoWorld(t *testing.T) (*coretest.Env, *recorder) {
	t.Helper()
	env := coretest.New(t)
	rec := record(env.Core)
	env.SignIn(portal.DemoPhone)
	env.Start()
	return env, rec
}

// licenseOf finds the applicant's license for an industry (the newest).
func licenseOf(t *testing.T, env *coretest.Env, industry string) api.License {
	t.Helper()
	list, err := env.Core.Licenses(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range list.Licenses {
		if l.Industry == industry && l.Status != api.LicenseReplaced {
			return l
		}
	}
	t.Fatalf("no %s license in %d", industry, len(list.Licenses))
	return api.License{}
}

// verified is what the portal's verify endpoint says of a scanned QR
// (through the core, after the offline signature check).
func verified(t *testing.T, env *coretest.Env, payload string) api.Verification {
	t.Helper()
	v := env.Core.VerifyLicense(context.Background(), payload)
	if v.Signature != nil && v.Signature != core.ErrNoTrustedKey {
		t.Fatalf("signature: %v", v.Signature)
	}
	if v.Portal == nil {
		t.Fatalf("the portal was not asked: %v", v.PortalErr)
	}
	return *v.Portal
}

// fileAfterIssue starts a draft of kind on lic, lets edit change its
// values, completes it, submits it and walks it at the portal.
func fileAfterIssue(t *testing.T, env *coretest.Env, lic api.License, kind string, items []string,
	edit map[string]string) (api.Application, *application.Plan) {
	t.Helper()
	ctx := context.Background()
	d, err := env.Core.NewDraftFromLicense(ctx, lic.Number, kind, items)
	if err != nil {
		t.Fatal(err)
	}
	if d.Kind != kind || d.ForLicense != lic.Number {
		t.Fatalf("draft %+v", d)
	}
	if len(edit) > 0 {
		if err := env.Core.Drafts().SetValues(ctx, d.ID, edit); err != nil {
			t.Fatal(err)
		}
	}
	d = env.MakeReady(d)
	p, err := env.Core.Plan(d)
	if err != nil {
		t.Fatal(err)
	}
	id := env.Submit(d)
	env.Walk(id, nil, nil)
	app, err := env.Core.Application(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if app.Kind != kind || app.ForLicense != lic.Number {
		t.Fatalf("application %+v", app.ApplicationSummary)
	}
	return app, p
}

// TestAddRefusedItemGetsReplacement: the gym's refused high-risk sports
// item, applied for again from the license with the form pre-filled, is
// on a new license; the old QR says replaced and names the new one.
func TestAddRefusedItemGetsReplacement(t *testing.T) {
	env, _ := demoWorld(t)
	ctx := context.Background()
	old := licenseOf(t, env, "gym")
	if len(old.Unlicensed) != 1 || old.Unlicensed[0].Code != "GWTY" {
		t.Fatalf("gym license %+v", old)
	}
	d, err := env.Core.NewDraftFromLicense(ctx, old.Number, api.KindAddItems, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(d.Items, []string{"GWTY"}) || d.Values["entity_name"] != old.HolderName || d.Values["uscc"] != old.USCC {
		t.Fatalf("draft items %v values %v", d.Items, d.Values)
	}
	if again, err := env.Core.NewDraftFromLicense(ctx, old.Number, api.KindAddItems, nil); err != nil || again.ID != d.ID {
		t.Fatalf("a second draft for the same thing: %v", err)
	}
	p, err := env.Core.Plan(d)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := p.Schema.Field("gwty_projects"); !ok {
		t.Fatal("the new item's fields are not asked")
	}
	if _, ok := p.Schema.Field("ggws_venue_type"); ok {
		t.Fatal("the licensed item's fields are asked again")
	}
	if err := env.Core.Drafts().Delete(ctx, d.ID); err != nil {
		t.Fatal(err)
	}
	app, _ := fileAfterIssue(t, env, old, api.KindAddItems, []string{"GWTY"}, nil)
	if app.Status != api.StatusLicensed || app.LicenseNumber == old.Number {
		t.Fatalf("application %+v", app.ApplicationSummary)
	}
	nl := licenseOf(t, env, "gym")
	var codes []string
	for _, it := range nl.Items {
		codes = append(codes, it.Code)
	}
	if nl.Number != app.LicenseNumber || !slices.Equal(codes, []string{"GGWS", "GWTY", "XFJC"}) || len(nl.Unlicensed) != 0 ||
		nl.Replaces != old.Number {
		t.Fatalf("new license %+v", nl)
	}
	if v := verified(t, env, old.QRPayload); v.Status != api.LicenseReplaced || v.Valid || v.ReplacedBy != nl.Number {
		t.Fatalf("old QR: %+v", v)
	}
	if v := verified(t, env, nl.QRPayload); v.Status != api.LicenseValid || !v.Valid {
		t.Fatalf("new QR: %+v", v)
	}
}

// TestChangePremises: the convenience store moves; one change application
// asks for the new premises' papers and ends in a new license.
func TestChangePremises(t *testing.T) {
	env, _ := demoWorld(t)
	old := licenseOf(t, env, "convenience-store")
	addr := "内蒙古自治区通辽市奈曼旗大沁他拉镇新址路8号（演示）"
	app, p := fileAfterIssue(t, env, old, api.KindChange, nil, map[string]string{"business_address": addr, "registered_address": addr})
	var up []string
	for _, m := range p.Notice.Materials {
		up = append(up, m.ID)
	}
	if !slices.Contains(up, "premises_right") || !slices.Contains(up, "site_plans") {
		t.Fatalf("change materials %v", up)
	}
	if len(app.Items) != len(old.Items) {
		t.Fatalf("items %+v", app.Items)
	}
	nl := licenseOf(t, env, "convenience-store")
	if nl.Number != app.LicenseNumber || nl.Address != addr || nl.HolderName != old.HolderName || nl.Replaces != old.Number {
		t.Fatalf("changed license %+v", nl)
	}
	if v := verified(t, env, old.QRPayload); v.Status != api.LicenseReplaced || v.ReplacedBy != nl.Number {
		t.Fatalf("old QR: %+v", v)
	}
	if v := verified(t, env, nl.QRPayload); !v.Valid {
		t.Fatalf("new QR: %+v", v)
	}
}

// TestNonFaceChangeUpdatesQR: other details change; the license keeps its
// number, its QR gets revision 2; the old QR still verifies as valid and
// says a newer one exists.
func TestNonFaceChangeUpdatesQR(t *testing.T) {
	env, _ := demoWorld(t)
	old := licenseOf(t, env, "convenience-store")
	app, _ := fileAfterIssue(t, env, old, api.KindUpdate, []string{"SPJY"}, map[string]string{"contact_phone": "13955556666"})
	if app.Status != api.StatusCompleted {
		t.Fatalf("update %+v", app.ApplicationSummary)
	}
	now := licenseOf(t, env, "convenience-store")
	if now.Number != old.Number || now.Revision != 2 || now.QRPayload == old.QRPayload || now.Status != api.LicenseValid {
		t.Fatalf("updated license %+v", now)
	}
	for _, tc := range []struct {
		name, payload string
		revision      int
	}{{"old QR", old.QRPayload, 1}, {"new QR", now.QRPayload, 2}} {
		t.Run(tc.name, func(t *testing.T) {
			v := verified(t, env, tc.payload)
			if !v.Valid || v.Status != api.LicenseValid || v.Revision != tc.revision || v.LatestRevision != 2 || !*v.MatchesRecord {
				t.Fatalf("%+v", v)
			}
		})
	}
	if h := now.History; h[len(h)-1].Type != api.HistoryUpdated || h[len(h)-1].Revision != 2 {
		t.Fatalf("history %+v", h)
	}
}

// TestItemExpiryVoidsLicense: the day after an item's last valid day the
// license is void, in the app (what to do next: add the item again, or
// cancel) and on the verify endpoint; the void license is reminded of.
func TestItemExpiryVoidsLicense(t *testing.T) {
	env := coretest.New(t)
	ctx := context.Background()
	env.SignIn(portal.DemoPhoneOther)
	env.Start()
	d := env.ReadyDraftFor("convenience-store", "到期测试便利店（演示）",
		map[string]string{"sells_tobacco": "是", "sells_medicine": "否", "food_mode": "bulk_or_prepared"})
	id := env.Submit(d)
	soon := env.Clock.Now().AddDate(0, 0, 1).Format(time.DateOnly)
	env.Walk(id, nil, map[string]string{"SPJY": soon})
	lic := licenseOf(t, env, "convenience-store")
	if lic.Status != api.LicenseValid {
		t.Fatalf("%+v", lic)
	}
	env.Clock.Add(2 * 24 * time.Hour)
	lic = licenseOf(t, env, "convenience-store")
	if lic.Status != api.LicenseVoid || lic.Items[0].Status != api.ItemExpired {
		t.Fatalf("after expiry %+v", lic)
	}
	if v := verified(t, env, lic.QRPayload); v.Status != api.LicenseVoid || v.Valid {
		t.Fatalf("verify: %+v", v)
	}
	var avail []string
	for _, a := range application.Actions(env.Core.Catalog(), lic, env.Clock.Now()) {
		if a.Available {
			avail = append(avail, a.Kind)
		}
	}
	if !slices.Equal(avail, []string{api.KindAddItems, api.KindCancellation}) {
		t.Fatalf("what a void license allows: %v", avail)
	}
	rs, err := env.Core.Reminders(ctx)
	if err != nil || !slices.ContainsFunc(rs, func(r application.Reminder) bool { return r.Kind == application.RemindVoid }) {
		t.Fatalf("reminders %+v %v", rs, err)
	}
	if _, err := env.Core.NewDraftFromLicense(ctx, lic.Number, api.KindRenewal, nil); err == nil {
		t.Fatal("a renewal of a void license was started")
	}
	// The item applied for again brings a valid license back.
	app, _ := fileAfterIssue(t, env, lic, api.KindAddItems, []string{"SPJY"}, nil)
	nl := licenseOf(t, env, "convenience-store")
	if nl.Number != app.LicenseNumber || nl.Status != api.LicenseValid {
		t.Fatalf("re-applied %+v", nl)
	}
	if v := verified(t, env, lic.QRPayload); v.Status != api.LicenseReplaced {
		t.Fatalf("the void license's QR: %+v", v)
	}
}

// TestItemEndedByDepartmentVoidsLicense: the fire brigade withdraws its
// opinion; the gym's license is void on the verify endpoint.
func TestItemEndedByDepartmentVoidsLicense(t *testing.T) {
	env, _ := demoWorld(t)
	lic := licenseOf(t, env, "gym")
	if err := env.Portal.EndItem(context.Background(), lic.Number, "XFJC", api.ItemWithdrawn, "消防设施严重不符（测试）"); err != nil {
		t.Fatal(err)
	}
	now := licenseOf(t, env, "gym")
	if now.Status != api.LicenseVoid || !strings.Contains(now.StatusReason, "吊销") {
		t.Fatalf("%+v", now)
	}
	if v := verified(t, env, lic.QRPayload); v.Status != api.LicenseVoid {
		t.Fatalf("%+v", v)
	}
}

// TestRenewal: the noodle shop's food business license is inside its
// renewal window: a reminder, once; the renewal runs its validity on by
// five years on a new license.
func TestRenewal(t *testing.T) {
	env, rec := demoWorld(t)
	ctx := context.Background()
	old := licenseOf(t, env, "restaurant")
	rs, err := env.Core.Reminders(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := "renewal/" + old.Number + "/SPJY/" + application.RenewOpen
	if !slices.ContainsFunc(rs, func(r application.Reminder) bool { return r.Key == want }) {
		t.Fatalf("reminders %+v", rs)
	}
	// Checked after the sign-in, announced once.
	env.Pump("reminder announced", func() bool {
		return rec.has(func(e core.Event) bool {
			r, ok := e.(core.RemindersDue)
			return ok && slices.ContainsFunc(r.Reminders, func(x application.Reminder) bool { return x.Key == want })
		})
	})
	if again, _ := env.Core.CheckReminders(ctx); slices.ContainsFunc(again, func(r application.Reminder) bool { return r.Key == want }) {
		t.Fatal("reminded twice")
	}
	app, _ := fileAfterIssue(t, env, old, api.KindRenewal, nil, nil)
	nl := licenseOf(t, env, "restaurant")
	until, _ := time.Parse(time.DateOnly, old.Items[0].ValidUntil)
	if nl.Number != app.LicenseNumber || nl.Items[0].ValidUntil != until.AddDate(5, 0, 0).Format(time.DateOnly) ||
		nl.Items[0].CertificateNo != old.Items[0].CertificateNo {
		t.Fatalf("renewed %+v (was %+v)", nl.Items, old.Items)
	}
	if v := verified(t, env, old.QRPayload); v.Status != api.LicenseReplaced || v.ReplacedBy != nl.Number {
		t.Fatalf("old QR %+v", v)
	}
	if v := verified(t, env, nl.QRPayload); !v.Valid {
		t.Fatalf("new QR %+v", v)
	}
}

// TestCancellation: the holder closes the business; one application
// cancels the license; its QR says cancelled.
func TestCancellation(t *testing.T) {
	env, _ := demoWorld(t)
	old := licenseOf(t, env, "convenience-store")
	app, p := fileAfterIssue(t, env, old, api.KindCancellation, nil, nil)
	if app.Status != api.StatusCompleted || len(app.Items) != len(old.Items) {
		t.Fatalf("%+v", app.ApplicationSummary)
	}
	if _, ok := p.Schema.Field("spjy_projects"); ok {
		t.Fatal("a cancellation asks the items' details")
	}
	list, _ := env.Core.Licenses(context.Background())
	i := slices.IndexFunc(list.Licenses, func(l api.License) bool { return l.Number == old.Number })
	if list.Licenses[i].Status != api.LicenseCancelled {
		t.Fatalf("%+v", list.Licenses[i])
	}
	if v := verified(t, env, old.QRPayload); v.Status != api.LicenseCancelled || v.Valid {
		t.Fatalf("%+v", v)
	}
}

// TestConsultationRound: a question about a license with a photo, asked
// offline, goes out once when the portal is back; the staff's answer is
// announced and the thread shows both; sending the same message again
// (a crash after the send) stores nothing new.
func TestConsultationRound(t *testing.T) {
	env, rec := demoWorld(t)
	ctx := context.Background()
	lic := licenseOf(t, env, "gym")
	env.Pump("messages synced once", func() bool {
		c, err := env.Core.Conversation(ctx, "", lic.Number)
		return err == nil && !c.Offline
	})
	env.StopPortal()
	photo := filepath.Join(t.TempDir(), "sign.pdf")
	f, err := os.Create(photo)
	if err != nil {
		t.Fatal(err)
	}
	if err := pdfdoc.WriteApplicationForm(f, pdfdoc.ApplicationForm{Title: "新招牌照片说明"}); err != nil {
		t.Fatal(err)
	}
	f.Close()
	for _, tc := range []struct {
		name  string
		text  string
		files []string
		err   bool
	}{
		{"empty", "  ", nil, true},
		{"too long", strings.Repeat("问", 2001), nil, true},
		{"too many files", "x", []string{photo, photo, photo, photo, photo, photo}, true},
		{"not a document", "x", []string{os.Args[0]}, true},
		{"queued offline", "游泳池的救生员证书办下来了，怎么补办？", []string{photo}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := env.Core.SendMessage(ctx, "", lic.Number, tc.text, tc.files)
			if (err != nil) != tc.err {
				t.Fatalf("%v", err)
			}
		})
	}
	conv, err := env.Core.Conversation(ctx, "", lic.Number)
	if err != nil || !conv.Offline || len(conv.Pending) != 1 || conv.Pending[0].Files[0] != "sign.pdf" {
		t.Fatalf("offline thread %+v %v", conv, err)
	}
	env.RestartPortal(nil)
	env.Pump("sent", func() bool {
		c, err := env.Core.Conversation(ctx, "", lic.Number)
		return err == nil && len(c.Pending) == 0 && len(c.Messages) == 1
	})
	conv, _ = env.Core.Conversation(ctx, "", lic.Number)
	asked := conv.Messages[0]
	if asked.From != api.FromApplicant || len(asked.Attachments) != 1 || asked.LicenseNumber != lic.Number {
		t.Fatalf("sent %+v", asked)
	}
	if _, err := env.Portal.Reply(ctx, "", "", lic.Number, "", "请带证书原件到窗口办理增加事项（测试）。"); err != nil {
		t.Fatal(err)
	}
	env.Pump("reply announced", func() bool {
		return rec.has(func(e core.Event) bool {
			m, ok := e.(core.MessagesChanged)
			return ok && len(m.Replies) == 1 && m.Replies[0].LicenseNumber == lic.Number
		})
	})
	conv, _ = env.Core.Conversation(ctx, "", lic.Number)
	if len(conv.Messages) != 2 || conv.Messages[1].From != api.FromStaff {
		t.Fatalf("thread %+v", conv.Messages)
	}
	// A crash right after the send: the same request goes out again.
	if _, err := env.DB.ExecContext(ctx, `UPDATE lifecycle_outbox SET state = 'queued' WHERE kind = 'message'`); err != nil {
		t.Fatal(err)
	}
	if err := env.Core.SendMessage(ctx, "", "", "一般问题", nil); err != nil { // wakes the runner
		t.Fatal(err)
	}
	env.Pump("sent again", func() bool {
		c, err := env.Core.Conversation(ctx, "", "")
		return err == nil && len(c.Pending) == 0 && len(c.Messages) >= 1
	})
	conv, _ = env.Core.Conversation(ctx, "", lic.Number)
	if len(conv.Messages) != 2 {
		t.Fatalf("the message was stored twice: %+v", conv.Messages)
	}
}

// TestFilingReminder: the bookstore's hygiene filing is due 30 days after
// opening, the online filing 15 days after online sales start; the app
// reminds the week before, and a filing marked done goes to the portal.
func TestFilingReminder(t *testing.T) {
	env := coretest.New(t)
	ctx := context.Background()
	env.SignIn(portal.DemoPhoneOther)
	env.Start()
	d := env.ReadyDraftFor("bookstore", "示例书屋（演示）",
		map[string]string{"online_books": "是", "food_mode": "bulk_or_prepared"})
	id := env.Submit(d)
	env.Walk(id, nil, nil)
	app, err := env.Core.Application(ctx, id)
	if err != nil || app.LicenseNumber == "" {
		t.Fatalf("%+v %v", app.ApplicationSummary, err)
	}
	fs, err := env.Core.Filings(ctx, app)
	if err != nil || len(fs) != 2 || fs[0].Stage != application.FilingWaiting || fs[1].Stage != application.FilingWaiting {
		t.Fatalf("filings %+v %v", fs, err)
	}
	opened := env.Clock.Now()
	if err := env.Core.SetFilingEvent(ctx, id, catalog.FilingAfterOpening, opened); err != nil {
		t.Fatal(err)
	}
	if err := env.Core.SetFilingEvent(ctx, id, catalog.FilingAfterOpening, opened.AddDate(0, 0, 2)); err != core.ErrBadDate {
		t.Fatalf("an opening in the future: %v", err)
	}
	fs, _ = env.Core.Filings(ctx, app)
	due := catalog.Date(opened.Date()).AddDate(0, 0, 30)
	if fs[0].Code != "GGWS" || !fs[0].HasDue || !fs[0].Due.Equal(due) || fs[0].Stage != application.FilingOpen {
		t.Fatalf("hygiene filing %+v", fs[0])
	}
	if rs, _ := env.Core.Reminders(ctx); slices.ContainsFunc(rs, func(r application.Reminder) bool { return r.Kind == application.RemindFiling }) {
		t.Fatalf("reminded too early: %+v", rs)
	}
	env.Clock.Add(25 * 24 * time.Hour)
	rs, err := env.Core.Reminders(ctx)
	key := "filing/" + id + "/GGWS/" + application.FilingSoon
	if err != nil || !slices.ContainsFunc(rs, func(r application.Reminder) bool { return r.Key == key }) {
		t.Fatalf("reminders %+v %v", rs, err)
	}
	if err := env.Core.MarkFilingDone(ctx, id, "GGWS", env.Clock.Now(), "BA-2026-001"); err != nil {
		t.Fatal(err)
	}
	env.Pump("filing reported to the portal", func() bool {
		a, err := env.Core.Application(ctx, id)
		return err == nil && len(a.Filings) == 1 && a.Filings[0].Reference == "BA-2026-001"
	})
	app, _ = env.Core.Application(ctx, id)
	fs, _ = env.Core.Filings(ctx, app)
	if fs[0].Stage != application.FilingDone || fs[0].FiledOn == "" {
		t.Fatalf("after filing %+v", fs[0])
	}
}

package portal

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/naiman-yiye/yiye/client/api"
	"github.com/naiman-yiye/yiye/license"
)

// lifeEnv is a portal with one applicant and helpers that walk
// applications through the workflow as the window and departments would.
type lifeEnv struct {
	*env
	token string
	data  []byte
	up    string
	n     int
}

func newLife(t *testing.T) *lifeEnv {
	e := start(t, t.TempDir(), nil)
	l := &lifeEnv{env: e, token: e.login(phoneA).AccessToken, data: []byte("%PDF-1.4 plan")}
	l.up = l.upload(l.token, "floor-plan", l.data)
	return l
}

// file submits req (with the test's material) and walks it: accepted,
// items rejected with the given reasons, the others approved (valid until
// the given dates), completed at the window. It returns the application.
func (l *lifeEnv) file(req api.ApplicationRequest, reject, until map[string]string) api.Application {
	l.t.Helper()
	l.n++
	req.Materials = []api.MaterialRef{{MaterialID: "floor-plan", UploadID: l.up, SHA256: hexSHA(l.data)}}
	a := l.createApp(l.token, "life-key-"+itoa(int64(l.n))+"-xxxxxxxx", req)
	ctx := l.t.Context()
	if err := l.srv.Accept(ctx, a.ID, ""); err != nil {
		l.t.Fatal(err)
	}
	for _, it := range a.Items {
		var err error
		if why, ok := reject[it.Code]; ok {
			err = l.srv.RejectItem(ctx, a.ID, it.Code, why)
		} else {
			err = l.srv.ApproveItem(ctx, a.ID, it.Code, ApproveSpec{ValidUntil: until[it.Code]})
		}
		if err != nil {
			l.t.Fatalf("decide %s: %v", it.Code, err)
		}
	}
	if _, err := l.srv.IssueLicense(ctx, a.ID); err != nil {
		l.t.Fatalf("complete %s application: %v", req.Kind, err)
	}
	return l.getApp(l.token, a.ID)
}

func (l *lifeEnv) license(number string) api.License {
	l.t.Helper()
	var out api.License
	if r := l.do("GET", api.PathLicenses+"/"+number, l.token, nil); r.status != 200 {
		l.t.Fatalf("license %s: %d %s", number, r.status, r.body)
	} else {
		r.decode(l.t, &out)
	}
	return out
}

// verify is what the public verify endpoint says of a scanned QR.
func (l *lifeEnv) verify(payload string) api.Verification {
	l.t.Helper()
	var v api.Verification
	l.do("POST", api.PathVerify, "", api.VerifyRequest{Payload: payload}).decode(l.t, &v)
	return v
}

// first is a convenience store licensed with food and hygiene; the
// tobacco item is refused.
func (l *lifeEnv) first() api.License {
	l.t.Helper()
	a := l.file(appRequest(l.up, l.data), map[string]string{"YCLS": "距学校不足规定距离（测试）"}, nil)
	lic := l.license(a.LicenseNumber)
	if len(lic.Items) != 2 || len(lic.Unlicensed) != 1 || lic.Revision != 1 || lic.Status != api.LicenseValid {
		l.t.Fatalf("first license %+v", lic)
	}
	return lic
}

func kindRequest(kind string, lic api.License, items ...string) api.ApplicationRequest {
	r := appRequest("", nil)
	r.Kind, r.ForLicense, r.Items = kind, lic.Number, items
	return r
}

// TestAddItemReplacesLicense: the refused item, applied for again and
// approved, is on a new license; the old one is replaced and points to it,
// its QR verifies as replaced, the new one's as valid.
func TestAddItemReplacesLicense(t *testing.T) {
	l := newLife(t)
	old := l.first()
	a := l.file(kindRequest(api.KindAddItems, old, "YCLS"), nil, nil)
	if a.Status != api.StatusLicensed || a.Kind != api.KindAddItems || a.ForLicense != old.Number || a.LicenseNumber == old.Number {
		t.Fatalf("add items application %+v", a.ApplicationSummary)
	}
	nl := l.license(a.LicenseNumber)
	var codes []string
	for _, it := range nl.Items {
		codes = append(codes, it.Code)
	}
	if !slices.Equal(codes, []string{"SPJY", "GGWS", "YCLS"}) || len(nl.Unlicensed) != 0 || nl.Replaces != old.Number {
		t.Fatalf("new license %+v", nl)
	}
	if nl.Items[0].CertificateNo != old.Items[0].CertificateNo || nl.Items[0].ValidUntil != old.Items[0].ValidUntil {
		t.Fatal("the items already licensed changed")
	}
	was := l.license(old.Number)
	if was.Status != api.LicenseReplaced || was.ReplacedBy != nl.Number || !strings.Contains(was.StatusReason, "增加事项") {
		t.Fatalf("old license %+v", was)
	}
	if h := was.History; len(h) != 2 || h[1].Type != api.HistoryReplaced || h[1].Number != nl.Number {
		t.Fatalf("old history %+v", h)
	}
	if v := l.verify(old.QRPayload); v.Status != api.LicenseReplaced || v.Valid || v.ReplacedBy != nl.Number || !*v.MatchesRecord {
		t.Fatalf("old QR %+v", v)
	}
	if v := l.verify(nl.QRPayload); v.Status != api.LicenseValid || !v.Valid || !*v.SignatureValid {
		t.Fatalf("new QR %+v", v)
	}
}

// TestAllNewItemsRefused: nothing to add, nothing issued; the license stays.
func TestAllNewItemsRefused(t *testing.T) {
	l := newLife(t)
	old := l.first()
	l.n++
	req := kindRequest(api.KindAddItems, old, "YCLS")
	req.Materials = []api.MaterialRef{{MaterialID: "floor-plan", UploadID: l.up, SHA256: hexSHA(l.data)}}
	a := l.createApp(l.token, "life-refused-xxxxxxxx", req)
	ctx := t.Context()
	l.srv.Accept(ctx, a.ID, "")
	l.srv.RejectItem(ctx, a.ID, "YCLS", "仍不符合布局要求（测试）")
	if _, err := l.srv.IssueLicense(ctx, a.ID); err == nil {
		t.Fatal("a license was issued with every new item refused")
	}
	if lic := l.license(old.Number); lic.Status != api.LicenseValid {
		t.Fatalf("license %+v", lic)
	}
}

// TestChangePremises: a new address is printed on a new license covering
// every item with its certificate; the old one is replaced.
func TestChangePremises(t *testing.T) {
	l := newLife(t)
	old := l.first()
	req := kindRequest(api.KindChange, old, "SPJY", "GGWS")
	req.Subject.Address = "内蒙古自治区通辽市奈曼旗大沁他拉镇新址路2号（测试）"
	a := l.file(req, nil, nil)
	nl := l.license(a.LicenseNumber)
	if nl.Address != req.Subject.Address || nl.HolderName != old.HolderName || nl.Replaces != old.Number {
		t.Fatalf("changed license %+v", nl)
	}
	for i := range nl.Items {
		if nl.Items[i].CertificateNo != old.Items[i].CertificateNo || nl.Items[i].ValidUntil != old.Items[i].ValidUntil {
			t.Fatalf("item %s changed: %+v", nl.Items[i].Code, nl.Items[i])
		}
	}
	if len(nl.Unlicensed) != 1 {
		t.Fatal("the refused item is no longer noted")
	}
	if v := l.verify(old.QRPayload); v.Status != api.LicenseReplaced || v.ReplacedBy != nl.Number {
		t.Fatalf("old QR %+v", v)
	}
	if v := l.verify(nl.QRPayload); !v.Valid {
		t.Fatalf("new QR %+v", v)
	}
}

// TestUpdateRevision: other details change; the license keeps its number
// and gets QR revision 2; the old QR still verifies as valid and says that
// a newer one exists.
func TestUpdateRevision(t *testing.T) {
	l := newLife(t)
	old := l.first()
	req := kindRequest(api.KindUpdate, old, "SPJY")
	req.Form["spjy_projects"] = "prepackaged,bulk"
	a := l.file(req, nil, nil)
	if a.Status != api.StatusCompleted || a.LicenseNumber != "" {
		t.Fatalf("update application %+v", a.ApplicationSummary)
	}
	if i := slices.IndexFunc(a.Timeline, func(e api.Event) bool { return e.Type == api.EventLicenseUpdated }); i < 0 ||
		a.Timeline[i].LicenseNumber != old.Number {
		t.Fatalf("timeline %v", eventTypes(a))
	}
	now := l.license(old.Number)
	if now.Status != api.LicenseValid || now.Revision != 2 || now.RevisedOn == "" || now.QRPayload == old.QRPayload {
		t.Fatalf("updated license %+v", now)
	}
	p, err := license.VerifyText(now.QRPayload, l.srv.LicenseKey())
	if err != nil || p.Revision != 2 || p.Number != old.Number {
		t.Fatalf("new payload %+v %v", p, err)
	}
	for _, tc := range []struct {
		name, payload string
		revision      int
	}{{"old QR", old.QRPayload, 1}, {"new QR", now.QRPayload, 2}} {
		t.Run(tc.name, func(t *testing.T) {
			v := l.verify(tc.payload)
			if v.Status != api.LicenseValid || !v.Valid || !*v.MatchesRecord || v.Revision != tc.revision || v.LatestRevision != 2 {
				t.Fatalf("%+v", v)
			}
		})
	}
	// A revision that was never issued is not the record's.
	forged := now
	lic := license.License{Number: now.Number, HolderName: now.HolderName, USCC: now.USCC, LegalRep: now.LegalRep,
		Address: now.Address, Industry: now.Industry, IndustryName: now.IndustryName, Issuer: now.Issuer,
		IssuedOn: now.IssuedOn, Revision: 3}
	for _, it := range now.Items {
		lic.Items = append(lic.Items, license.Item{Code: it.Code, Name: it.Name, CertificateNo: it.CertificateNo,
			Department: it.Department, ValidUntil: it.ValidUntil})
	}
	for _, u := range now.Unlicensed {
		lic.Unlicensed = append(lic.Unlicensed, license.Unlicensed{Code: u.Code, Name: u.Name, Reason: u.Reason})
	}
	forged.QRPayload, _ = license.Sign(l.srv.licenseKey, lic, l.srv.publicURL())
	if v := l.verify(forged.QRPayload); v.Status != api.LicenseTampered || v.Valid {
		t.Fatalf("a future revision: %+v", v)
	}
}

// TestItemExpiryVoidsLicense: the day after an item's last valid day the
// license is void, in the applicant API and on the verify endpoints; an
// item ended by its department voids it too; a void license can have the
// item applied for again, not renewed.
func TestItemExpiryVoidsLicense(t *testing.T) {
	l := newLife(t)
	soon := date(l.clock.Now().AddDate(0, 0, 2))
	a := l.file(appRequest(l.up, l.data), map[string]string{"YCLS": "测试"}, map[string]string{"SPJY": soon})
	lic := l.license(a.LicenseNumber)
	if lic.Status != api.LicenseValid || lic.Items[0].ValidUntil != soon {
		t.Fatalf("license %+v", lic)
	}
	l.clock.Add(3 * 24 * time.Hour)
	l.token = l.login(phoneA).AccessToken // the old access token expired meanwhile
	lic = l.license(a.LicenseNumber)
	if lic.Status != api.LicenseVoid || !strings.Contains(lic.StatusReason, "食品经营许可") ||
		lic.Items[0].Status != api.ItemExpired || lic.Items[1].Status != "" && lic.Items[1].Status != api.ItemValid {
		t.Fatalf("expired license %+v", lic)
	}
	if h := lic.History; h[len(h)-1].Type != api.HistoryItemEnded {
		t.Fatalf("history %+v", h)
	}
	var v api.Verification
	l.do("GET", api.PathVerify+"/"+lic.Number, "", nil).decode(t, &v)
	if v.Status != api.LicenseVoid || v.Valid {
		t.Fatalf("verify number %+v", v)
	}
	if v := l.verify(lic.QRPayload); v.Status != api.LicenseVoid || v.Valid || !*v.MatchesRecord {
		t.Fatalf("verify QR %+v", v)
	}
	page := l.do("GET", "/V/"+lic.Number, "", nil, "Accept", "text/html")
	if !strings.Contains(string(page.body), "作废") {
		t.Fatalf("verify page: %s", page.body)
	}
	if r := l.do("POST", api.PathApplications, l.token, withMaterial(l, kindRequest(api.KindRenewal, lic, "GGWS")),
		api.HeaderIdempotencyKey, "renew-void-xxxxxxxx"); r.status != 422 || r.errCode(t) != "application.license_state" {
		t.Fatalf("renewing a void license: %d %s", r.status, r.body)
	}
	again := l.file(kindRequest(api.KindAddItems, lic, "SPJY"), nil, nil)
	if nl := l.license(again.LicenseNumber); nl.Status != api.LicenseValid || len(nl.Items) != 2 || nl.Items[0].Status != "" {
		t.Fatalf("re-applied license %+v", nl)
	}
}

func withMaterial(l *lifeEnv, r api.ApplicationRequest) api.ApplicationRequest {
	r.Materials = []api.MaterialRef{{MaterialID: "floor-plan", UploadID: l.up, SHA256: hexSHA(l.data)}}
	return r
}

// TestEndItemByDepartment: the fire brigade records its certificate
// withdrawn; only its own item; the license is void from then on.
func TestEndItemByDepartment(t *testing.T) {
	l := newLife(t)
	req := appRequest(l.up, l.data)
	req.Items = []string{"SPJY", "GGWS", "XFJC"}
	req.Industry = "supermarket"
	a := l.file(req, nil, nil)
	ctx := t.Context()
	if err := l.srv.SetStaff(ctx, StaffAccount{Username: "fire1", Role: RoleDepartment, Department: "xfdd"}, "fire-pass-1"); err != nil {
		t.Fatal(err)
	}
	post := func(code string, body api.StaffAction) resp {
		b := l.staffBrowser("fire1", "fire-pass-1")
		return b.postJSON(api.PathAdmin+"/licenses/"+a.LicenseNumber+"/items/"+code+"/end", mustJSON(body), HeaderCSRF, b.csrf)
	}
	for _, tc := range []struct {
		name   string
		code   string
		body   api.StaffAction
		status int
	}{
		{"another department's item", "SPJY", api.StaffAction{ItemStatus: api.ItemWithdrawn, Reason: "x"}, 403},
		{"no reason", "XFJC", api.StaffAction{ItemStatus: api.ItemWithdrawn}, 422},
		{"bad state", "XFJC", api.StaffAction{ItemStatus: api.ItemExpired, Reason: "x"}, 422},
		{"withdrawn", "XFJC", api.StaffAction{ItemStatus: api.ItemWithdrawn, Reason: "消防设施严重不符（测试）"}, 200},
		{"again", "XFJC", api.StaffAction{ItemStatus: api.ItemCancelled, Reason: "x"}, 409},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if r := post(tc.code, tc.body); r.status != tc.status {
				t.Fatalf("%d %s", r.status, r.body)
			}
		})
	}
	lic := l.license(a.LicenseNumber)
	if lic.Status != api.LicenseVoid || lic.Items[2].Status != api.ItemWithdrawn || lic.Items[2].EndReason == "" {
		t.Fatalf("license %+v", lic)
	}
	if v := l.verify(lic.QRPayload); v.Status != api.LicenseVoid {
		t.Fatalf("verify %+v", v)
	}
	trail, _ := l.srv.AuditTrail(ctx, a.ID)
	if last := trail[len(trail)-1]; last.Actor != "fire1" || last.Action != api.EventLicenseVoid {
		t.Fatalf("audit %+v", last)
	}
}

// TestRenewal: the food business license's validity runs on by its term
// from the old expiry, on a new license.
func TestRenewal(t *testing.T) {
	l := newLife(t)
	end := date(l.clock.Now().AddDate(0, 2, 0))
	a := l.file(appRequest(l.up, l.data), map[string]string{"YCLS": "测试"}, map[string]string{"SPJY": end})
	old := l.license(a.LicenseNumber)
	r := l.file(kindRequest(api.KindRenewal, old, "SPJY"), nil, nil)
	nl := l.license(r.LicenseNumber)
	e, _ := time.Parse(time.DateOnly, end)
	if want := e.AddDate(5, 0, 0).Format(time.DateOnly); nl.Items[0].ValidUntil != want || nl.Items[1].ValidUntil != old.Items[1].ValidUntil {
		t.Fatalf("renewed %+v, want SPJY until %s", nl.Items, want)
	}
	if nl.Items[0].CertificateNo != old.Items[0].CertificateNo || nl.Replaces != old.Number {
		t.Fatalf("renewed license %+v", nl)
	}
	if v := l.verify(old.QRPayload); v.Status != api.LicenseReplaced {
		t.Fatalf("old %+v", v)
	}
}

// TestCancellation: the holder cancels; the license shows cancelled.
func TestCancellation(t *testing.T) {
	l := newLife(t)
	old := l.first()
	a := l.file(kindRequest(api.KindCancellation, old, "SPJY", "GGWS"), nil, nil)
	if a.Status != api.StatusCompleted {
		t.Fatalf("%+v", a.ApplicationSummary)
	}
	lic := l.license(old.Number)
	if lic.Status != api.LicenseCancelled || lic.History[len(lic.History)-1].Type != api.HistoryCancelled {
		t.Fatalf("%+v", lic)
	}
	if v := l.verify(old.QRPayload); v.Status != api.LicenseCancelled || v.Valid {
		t.Fatalf("verify %+v", v)
	}
}

// TestKindValidation: what each kind may ask of which license.
func TestKindValidation(t *testing.T) {
	l := newLife(t)
	lic := l.first()
	other := l.login(phoneB).AccessToken
	for _, tc := range []struct {
		name   string
		token  string
		edit   func(*api.ApplicationRequest)
		status int
		code   string
	}{
		{"new with a license", "", func(r *api.ApplicationRequest) { r.Kind = api.KindNew }, 422, "application.invalid"},
		{"unknown kind", "", func(r *api.ApplicationRequest) { r.Kind = "merge" }, 422, "application.invalid"},
		{"no license", "", func(r *api.ApplicationRequest) { r.Kind, r.ForLicense = api.KindUpdate, "1505250000000000" }, 422, "application.license_not_found"},
		{"someone else's license", "other", func(r *api.ApplicationRequest) { r.Kind = api.KindUpdate; r.Items = []string{"SPJY"} }, 422, "application.license_not_found"},
		{"add an item already licensed", "", func(r *api.ApplicationRequest) { r.Kind, r.Items = api.KindAddItems, []string{"SPJY"} }, 422, "application.invalid"},
		{"add an item of another industry", "", func(r *api.ApplicationRequest) { r.Kind, r.Items = api.KindAddItems, []string{"TZHY"} }, 422, "application.invalid"},
		{"change some items", "", func(r *api.ApplicationRequest) {
			r.Kind, r.Items, r.Subject.Name = api.KindChange, []string{"SPJY"}, "新名称（测试）"
		}, 422, "application.invalid"},
		{"change nothing", "", func(r *api.ApplicationRequest) { r.Kind, r.Items = api.KindChange, []string{"SPJY", "GGWS"} }, 422, "application.nothing_changes"},
		{"renew the refused item", "", func(r *api.ApplicationRequest) { r.Kind, r.Items = api.KindRenewal, []string{"YCLS"} }, 422, "application.invalid"},
		{"cancel some items", "", func(r *api.ApplicationRequest) { r.Kind, r.Items = api.KindCancellation, []string{"GGWS"} }, 422, "application.invalid"},
		{"another holder", "", func(r *api.ApplicationRequest) {
			r.Kind, r.Items, r.Subject.USCC = api.KindUpdate, []string{"SPJY"}, Registry[1].USCC
		}, 422, "application.invalid"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tok := l.token
			req := appRequest("", nil)
			req.ForLicense = lic.Number
			if tc.token == "other" {
				tok = other
				data := []byte("other")
				req.Materials = []api.MaterialRef{{MaterialID: "floor-plan", UploadID: l.upload(other, "floor-plan", data), SHA256: hexSHA(data)}}
			} else {
				req = withMaterial(l, req)
			}
			tc.edit(&req)
			r := l.do("POST", api.PathApplications, tok, req, api.HeaderIdempotencyKey, "kind-"+strings.ReplaceAll(tc.name, " ", "-"))
			if r.status != tc.status || r.errCode(t) != tc.code {
				t.Fatalf("%d %s", r.status, r.body)
			}
		})
	}
	// One open application per license.
	l.createApp(l.token, "busy-one-xxxxxxxx", withMaterial(l, kindRequest(api.KindUpdate, lic, "SPJY")))
	r := l.do("POST", api.PathApplications, l.token, withMaterial(l, kindRequest(api.KindCancellation, lic, "SPJY", "GGWS")),
		api.HeaderIdempotencyKey, "busy-two-xxxxxxxx")
	if r.status != http.StatusConflict || r.errCode(t) != "application.license_busy" {
		t.Fatalf("second open application: %d %s", r.status, r.body)
	}
}

// TestReportFiling: the bookstore's hygiene filing is reported once;
// repeating it changes nothing; a license item is no filing.
func TestReportFiling(t *testing.T) {
	l := newLife(t)
	req := withMaterial(l, appRequest("", nil))
	req.Industry, req.Items = "bookstore", []string{"CBLS", "GGWS"}
	req.Subject = api.Subject{USCC: Registry[5].USCC, Name: Registry[5].Name, LegalRep: Registry[5].LegalRep, Address: Registry[5].Address}
	a := l.createApp(l.token, "bookstore-xxxxxxxx", req)
	put := func(code string, rep api.FilingReport) resp {
		return l.do("PUT", api.PathApplications+"/"+a.ID+"/filings/"+code, l.token, rep)
	}
	today := date(l.clock.Now())
	for _, tc := range []struct {
		name   string
		code   string
		rep    api.FilingReport
		status int
		events int
	}{
		{"a license item", "CBLS", api.FilingReport{FiledOn: today}, 422, 0},
		{"in the future", "GGWS", api.FilingReport{FiledOn: date(l.clock.Now().AddDate(0, 0, 1))}, 422, 0},
		{"not a date", "GGWS", api.FilingReport{FiledOn: "yesterday"}, 422, 0},
		{"not in the application", "CBWF", api.FilingReport{FiledOn: today}, 404, 0},
		{"reported", "GGWS", api.FilingReport{FiledOn: today, Reference: "BA-001"}, 200, 1},
		{"the same again", "GGWS", api.FilingReport{FiledOn: today, Reference: "BA-001"}, 200, 1},
		{"corrected", "GGWS", api.FilingReport{FiledOn: today, Reference: "BA-002"}, 200, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := put(tc.code, tc.rep)
			if r.status != tc.status {
				t.Fatalf("%d %s", r.status, r.body)
			}
			got := l.getApp(l.token, a.ID)
			n := 0
			for _, e := range got.Timeline {
				if e.Type == api.EventFilingReported {
					n++
				}
			}
			if n != tc.events {
				t.Fatalf("%d filing events", n)
			}
			if tc.status == 200 && (len(got.Filings) != 1 || got.Filings[0].Reference != tc.rep.Reference || got.Filings[0].Name == "") {
				t.Fatalf("filings %+v", got.Filings)
			}
		})
	}
	if r := l.do("PUT", api.PathApplications+"/"+a.ID+"/filings/GGWS", l.login(phoneB).AccessToken,
		api.FilingReport{FiledOn: today}); r.status != 404 {
		t.Fatalf("someone else's application: %d", r.status)
	}
}

// TestAutoAdvanceAfterIssue: an update goes to completed without a joint
// inspection; a bookstore whose second item is a filing is never issued
// a comprehensive license.
func TestAutoAdvanceAfterIssue(t *testing.T) {
	l := newLife(t)
	lic := l.first()
	up := l.createApp(l.token, "auto-update-xxxxxxxx", withMaterial(l, kindRequest(api.KindUpdate, lic, "GGWS")))
	book := withMaterial(l, appRequest("", nil))
	book.Industry, book.Items = "bookstore", []string{"CBLS", "GGWS"}
	book.Subject = api.Subject{USCC: Registry[5].USCC, Name: Registry[5].Name, LegalRep: Registry[5].LegalRep, Address: Registry[5].Address}
	bs := l.createApp(l.token, "auto-book-xxxxxxxx", book)
	ctx := t.Context()
	for range 8 {
		l.clock.Add(time.Hour)
		if err := l.srv.Advance(ctx, time.Minute); err != nil {
			t.Fatal(err)
		}
	}
	l.token = l.login(phoneA).AccessToken
	a := l.getApp(l.token, up.ID)
	if a.Status != api.StatusCompleted || slices.Contains(eventTypes(a), api.EventInspectionScheduled) {
		t.Fatalf("update: %s %v", a.Status, eventTypes(a))
	}
	b := l.getApp(l.token, bs.ID)
	if b.Status != api.StatusApproved || b.LicenseNumber != "" {
		t.Fatalf("bookstore: %s %q", b.Status, b.LicenseNumber)
	}
	for _, it := range b.Items {
		if it.Code == "GGWS" && it.ValidUntil != "" {
			t.Fatalf("a filing got a validity: %+v", it)
		}
	}
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// TestConsultationPerLicense: a question about a license with a file,
// stored once however often it is retried; staff answer in its thread.
func TestConsultationPerLicense(t *testing.T) {
	l := newLife(t)
	lic := l.first()
	photo := []byte("photo of the new sign")
	up := l.upload(l.token, "consultation", photo)
	req := api.MessageRequest{LicenseNumber: lic.Number, Text: "店名要改，怎么办？",
		Attachments: []api.MessageAttachment{{UploadID: up, SHA256: hexSHA(photo), Filename: "sign.jpg"}}}
	send := func(key string, body api.MessageRequest) resp {
		return l.do("POST", api.PathMessages, l.token, body, api.HeaderIdempotencyKey, key)
	}
	first := send("msg-key-0001", req)
	if first.status != http.StatusCreated {
		t.Fatalf("%d %s", first.status, first.body)
	}
	var m api.Message
	first.decode(t, &m)
	for _, tc := range []struct {
		name   string
		key    string
		body   api.MessageRequest
		status int
	}{
		{"replayed", "msg-key-0001", req, 200},
		{"key reused", "msg-key-0001", api.MessageRequest{LicenseNumber: lic.Number, Text: "另一个问题"}, 422},
		{"someone's license", "msg-key-0002", api.MessageRequest{LicenseNumber: "1505252026019999", Text: "?"}, 404},
		{"unknown upload", "msg-key-0003", api.MessageRequest{Text: "?", Attachments: []api.MessageAttachment{{UploadID: "nope", SHA256: hexSHA(photo)}}}, 422},
		{"too many files", "msg-key-0004", api.MessageRequest{Text: "?", Attachments: slices.Repeat(req.Attachments, 6)}, 422},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := send(tc.key, tc.body)
			if r.status != tc.status {
				t.Fatalf("%d %s", r.status, r.body)
			}
			if tc.status == 200 {
				var again api.Message
				r.decode(t, &again)
				if again.ID != m.ID || r.header.Get(api.HeaderReplayed) != "true" {
					t.Fatalf("replay %+v", again)
				}
			}
		})
	}
	if _, err := l.srv.Reply(t.Context(), "", "", lic.Number, "", "请到窗口办理变更（测试）。"); err != nil {
		t.Fatal(err)
	}
	var list api.MessageList
	l.do("GET", api.PathMessages+"?license_number="+lic.Number, l.token, nil).decode(t, &list)
	if len(list.Messages) != 2 || list.Messages[0].ID != m.ID || len(list.Messages[0].Attachments) != 1 ||
		list.Messages[1].From != api.FromStaff || list.Messages[1].LicenseNumber != lic.Number {
		t.Fatalf("thread %+v", list.Messages)
	}
	if r := l.do("GET", api.PathMessages+"?license_number="+lic.Number, l.login(phoneB).AccessToken, nil); r.status != 404 {
		t.Fatalf("someone else's thread: %d", r.status)
	}
	// The attachment is referenced: it can no longer be deleted.
	if r := l.do("DELETE", api.PathUploads+"/"+up, l.token, nil, "Tus-Resumable", "1.0.0"); r.status != http.StatusConflict {
		t.Fatalf("delete a referenced attachment: %d", r.status)
	}
}

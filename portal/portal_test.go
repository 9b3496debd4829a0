package portal

import (
	"bytes"
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/naiman-yiye/yiye/bundle"
	"github.com/naiman-yiye/yiye/catalog"
	"github.com/naiman-yiye/yiye/client/api"
	"github.com/naiman-yiye/yiye/forms"
	"github.com/naiman-yiye/yiye/license"
)

const phoneA, phoneB = "13900000001", "13900000002"

func TestAuthAndRefresh(t *testing.T) {
	e := start(t, t.TempDir(), nil)
	if r := e.do("POST", api.PathAuthCode, "", api.CodeRequest{Phone: "12345"}); r.status != 400 || r.errCode(t) != "auth.bad_phone" {
		t.Fatalf("bad phone: %d %s", r.status, r.body)
	}
	if r := e.do("GET", api.PathMe, "", nil); r.status != 401 {
		t.Fatalf("me without token: %d", r.status)
	}
	if r := e.do("POST", api.PathAuthCode, "", api.CodeRequest{Phone: phoneA}); r.status != 202 {
		t.Fatalf("code: %d", r.status)
	}
	if r := e.do("POST", api.PathAuthCode, "", api.CodeRequest{Phone: phoneA}); r.status != 429 || r.header.Get("Retry-After") == "" {
		t.Fatalf("second code at once: %d", r.status)
	}
	code := e.srv.DemoCode(phoneA)
	wrong := "000000"
	if code == wrong {
		wrong = "111111"
	}
	if r := e.do("POST", api.PathAuthLogin, "", api.LoginRequest{Phone: phoneA, Code: wrong}); r.status != 401 || r.errCode(t) != "auth.invalid_code" {
		t.Fatalf("wrong code: %d %s", r.status, r.body)
	}
	r := e.do("POST", api.PathAuthLogin, "", api.LoginRequest{Phone: phoneA, Code: code})
	if r.status != 200 {
		t.Fatalf("login: %d %s", r.status, r.body)
	}
	var tp api.TokenPair
	r.decode(t, &tp)
	if tp.TokenType != "Bearer" || tp.ExpiresIn != 900 {
		t.Fatalf("%+v", tp)
	}
	if r := e.do("POST", api.PathAuthLogin, "", api.LoginRequest{Phone: phoneA, Code: code}); r.status != 401 {
		t.Fatalf("code reused: %d", r.status)
	}
	var me api.Account
	if r := e.do("GET", api.PathMe, tp.AccessToken, nil); r.status != 200 {
		t.Fatalf("me: %d", r.status)
	} else if r.decode(t, &me); me.Phone != phoneA {
		t.Fatalf("me: %+v", me)
	}
	// The access token expires; the refresh token still works, once.
	e.clock.Add(16 * time.Minute)
	if r := e.do("GET", api.PathMe, tp.AccessToken, nil); r.status != 401 {
		t.Fatalf("expired token accepted: %d", r.status)
	}
	r = e.do("POST", api.PathAuthRefresh, "", api.RefreshRequest{RefreshToken: tp.RefreshToken})
	if r.status != 200 {
		t.Fatalf("refresh: %d %s", r.status, r.body)
	}
	var tp2 api.TokenPair
	r.decode(t, &tp2)
	if r := e.do("GET", api.PathMe, tp2.AccessToken, nil); r.status != 200 {
		t.Fatalf("me after refresh: %d", r.status)
	}
	if r := e.do("POST", api.PathAuthRefresh, "", api.RefreshRequest{RefreshToken: tp.RefreshToken}); r.status != 401 {
		t.Fatalf("rotated refresh token reused: %d", r.status)
	}
	// Logout revokes both tokens of the pair.
	if r := e.do("POST", api.PathAuthLogout, tp2.AccessToken, api.RefreshRequest{RefreshToken: tp2.RefreshToken}); r.status != 204 {
		t.Fatalf("logout: %d %s", r.status, r.body)
	}
	if r := e.do("GET", api.PathMe, tp2.AccessToken, nil); r.status != 401 {
		t.Fatalf("access token after logout: %d", r.status)
	}
	if r := e.do("POST", api.PathAuthRefresh, "", api.RefreshRequest{RefreshToken: tp2.RefreshToken}); r.status != 401 {
		t.Fatalf("refresh token after logout: %d", r.status)
	}
	// Five wrong codes lock the number even if the sixth is right
	// (limits_test.go has the rest of the rules).
	e.clock.Add(time.Minute)
	e.do("POST", api.PathAuthCode, "", api.CodeRequest{Phone: phoneB})
	good := e.srv.DemoCode(phoneB)
	bad := "000000"
	if good == bad {
		bad = "111111"
	}
	for i := 0; i < 5; i++ {
		e.do("POST", api.PathAuthLogin, "", api.LoginRequest{Phone: phoneB, Code: bad})
	}
	if r := e.do("POST", api.PathAuthLogin, "", api.LoginRequest{Phone: phoneB, Code: good}); r.status != 429 || r.errCode(t) != "auth.locked" {
		t.Fatalf("number not locked after 5 wrong tries: %d", r.status)
	}
}

func TestCatalogBundleETag(t *testing.T) {
	dir := t.TempDir()
	e := start(t, dir, nil)
	r := e.do("GET", api.PathCatalogBundle, "", nil)
	if r.status != 200 || r.header.Get("Content-Type") != api.MediaTypeBundle {
		t.Fatalf("bundle: %d %v", r.status, r.header)
	}
	etag := r.header.Get("ETag")
	doc, lk, err := bundle.Verify(r.body, []ed25519.PublicKey{e.srv.PublicKey()})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(doc, testDoc) || !lk.Equal(e.srv.LicenseKey()) {
		t.Fatal("bundle carries the wrong document or license key")
	}
	if r := e.do("GET", api.PathCatalogBundle, "", nil, "If-None-Match", etag); r.status != 304 || len(r.body) != 0 {
		t.Fatalf("If-None-Match: %d", r.status)
	}
	if r := e.do("GET", api.PathCatalogBundle, "", nil, "If-None-Match", `"other"`); r.status != 200 {
		t.Fatalf("stale ETag: %d", r.status)
	}
	// Same document after a restart: same bundle, same ETag, same keys.
	pk := e.srv.PublicKey()
	e.srv.Close()
	e2 := start(t, dir, func(o *Options) { o.Now = func() time.Time { return time.Now().Add(time.Hour) } })
	r2 := e2.do("GET", api.PathCatalogBundle, "", nil)
	if r2.header.Get("ETag") != etag || !e2.srv.PublicKey().Equal(pk) {
		t.Fatal("restart changed the bundle or keys")
	}
	// A new document gets a new ETag.
	e2.srv.Close()
	e3 := start(t, dir, func(o *Options) { o.Catalog = nextVersion(t, testDoc) })
	if r3 := e3.do("GET", api.PathCatalogBundle, "", nil, "If-None-Match", etag); r3.status != 200 || r3.header.Get("ETag") == etag {
		t.Fatalf("changed document: %d", r3.status)
	}
}

func TestUSCC(t *testing.T) {
	for _, c := range []string{"91350100M000100Y43", "92150525MA0R123448"} {
		if !validUSCC(c) {
			t.Errorf("%s should pass", c)
		}
	}
	for _, c := range []string{"91350100M000100Y44", "9135010OM000100Y43", "91350100M000100Y4", "", "9A350100M000100Y43x", "91AB0100M000100Y43"} {
		if validUSCC(c) {
			t.Errorf("%s should fail", c)
		}
	}
	for _, e := range Registry {
		if !validUSCC(e.USCC) || forms.USCCOrgCodeNotice(e.USCC) != nil || !strings.Contains(e.Name, "（演示）") || e.USCC[2:8] != "150525" {
			t.Errorf("registry entry %s %s", e.USCC, e.Name)
		}
	}
}

func FuzzUSCC(f *testing.F) {
	f.Add("92150525MA0R123448")
	f.Add("91350100M000100Y43")
	f.Fuzz(func(t *testing.T, s string) {
		if !validUSCC(s) {
			return
		}
		// Changing the check character must break a valid code.
		for _, c := range usccChars {
			if byte(c) != s[17] && validUSCC(s[:17]+string(c)) {
				t.Fatalf("%s valid with two check characters", s)
			}
		}
	})
}

func TestEnterpriseLookup(t *testing.T) {
	e := start(t, t.TempDir(), nil)
	tok := e.login(phoneA).AccessToken
	r := e.do("GET", api.PathEnterprises+"92150525MA0R123448", tok, nil)
	var ent api.Enterprise
	if r.status != 200 {
		t.Fatalf("lookup: %d %s", r.status, r.body)
	}
	if r.decode(t, &ent); ent.Name != "示例便利店（演示）" || ent.LegalRep == "" {
		t.Fatalf("%+v", ent)
	}
	if r := e.do("GET", api.PathEnterprises+"92150525ma0r123448", tok, nil); r.status != 200 {
		t.Fatalf("lower case: %d", r.status)
	}
	if r := e.do("GET", api.PathEnterprises+"92150525MA0R123449", tok, nil); r.status != 400 || r.errCode(t) != "enterprise.bad_uscc" {
		t.Fatalf("bad check: %d %s", r.status, r.body)
	}
	if r := e.do("GET", api.PathEnterprises+"91350100M000100Y43", tok, nil); r.status != 404 {
		t.Fatalf("unknown: %d", r.status)
	}
	if r := e.do("GET", api.PathEnterprises+"92150525MA0R123448", "", nil); r.status != 401 {
		t.Fatalf("anonymous: %d", r.status)
	}
}

func TestUploads(t *testing.T) {
	e := start(t, t.TempDir(), nil)
	a, b := e.login(phoneA).AccessToken, e.login(phoneB).AccessToken
	data := bytes.Repeat([]byte("平面图 floor plan "), 5000)

	// OPTIONS is public and advertises creation and termination.
	r := e.do("OPTIONS", api.PathUploads, "", nil)
	if !strings.Contains(r.header.Get("Tus-Extension"), "creation") ||
		!strings.Contains(r.header.Get("Tus-Extension"), "termination") {
		t.Fatalf("OPTIONS: %d %v", r.status, r.header)
	}
	if ext := r.header.Get("Tus-Extension"); strings.Contains(ext, "concatenation") || strings.Contains(ext, "defer") {
		t.Fatalf("unsafe extensions advertised: %s", ext)
	}
	if r := e.tusCreate("", len(data), map[string]string{"sha256": hexSHA(data)}); r.status != 401 {
		t.Fatalf("anonymous create: %d", r.status)
	}
	if r := e.tusCreate(a, len(data), map[string]string{"filename": "x.pdf"}); r.status != 400 {
		t.Fatalf("no sha256: %d %s", r.status, r.body)
	}

	// Resume: upload part, ask the offset, continue from there.
	r = e.tusCreate(a, len(data), map[string]string{"filename": "plan.pdf", "sha256": hexSHA(data), "material": "floor-plan"})
	if r.status != 201 {
		t.Fatalf("create: %d %s", r.status, r.body)
	}
	loc := r.header.Get("Location")
	if !strings.HasPrefix(loc, e.srv.URL()+api.PathUploads+"/") {
		t.Fatalf("Location %q", loc)
	}
	if p := e.tusPatch(loc, a, 0, data[:30000]); p.status != 204 || p.header.Get("Upload-Offset") != "30000" {
		t.Fatalf("patch: %d %v", p.status, p.header)
	}
	h := e.do("HEAD", loc, a, nil, "Tus-Resumable", "1.0.0")
	if h.status != 200 || h.header.Get("Upload-Offset") != "30000" || h.header.Get("Cache-Control") != "no-store" {
		t.Fatalf("HEAD: %d %v", h.status, h.header)
	}
	if p := e.tusPatch(loc, a, 10, data[10:]); p.status != 409 {
		t.Fatalf("wrong offset: %d", p.status)
	}

	// Another applicant can neither see, append to, nor delete it.
	if h := e.do("HEAD", loc, b, nil, "Tus-Resumable", "1.0.0"); h.status != 404 {
		t.Fatalf("other HEAD: %d", h.status)
	}
	if p := e.tusPatch(loc, b, 30000, data[30000:]); p.status != 404 {
		t.Fatalf("other PATCH: %d", p.status)
	}
	if d := e.do("DELETE", loc, b, nil, "Tus-Resumable", "1.0.0"); d.status != 404 {
		t.Fatalf("other DELETE: %d", d.status)
	}
	// Nor through a method override (tusd honours it on POST).
	if o := e.do("POST", loc, b, data[30000:], "Tus-Resumable", "1.0.0", "X-HTTP-Method-Override", "PATCH",
		"Upload-Offset", "30000", "Content-Type", "application/offset+octet-stream"); o.status != 404 {
		t.Fatalf("override PATCH by another user: %d", o.status)
	}
	if p := e.tusPatch(loc, a, 30000, data[30000:]); p.status != 204 {
		t.Fatalf("final patch: %d %s", p.status, p.body)
	}
	id := loc[strings.LastIndexByte(loc, '/')+1:]
	if u, err := e.srv.upload(t.Context(), e.srv.db, id); err != nil || u.State != uploadVerified || u.Owner != phoneA {
		t.Fatalf("upload row: %+v %v", u, err)
	}

	// B cannot reference A's upload in an application.
	req := appRequest(id, data)
	if r := e.do("POST", api.PathApplications, b, req, api.HeaderIdempotencyKey, "key-b-0001"); r.status != 422 || r.errCode(t) != "application.unknown_upload" {
		t.Fatalf("foreign upload referenced: %d %s", r.status, r.body)
	}

	// A SHA-256 mismatch is rejected at the last byte and never usable.
	bad := []byte("the real bytes")
	r = e.tusCreate(a, len(bad), map[string]string{"sha256": hexSHA([]byte("other bytes")), "material": "id-card"})
	badLoc := r.header.Get("Location")
	if p := e.tusPatch(badLoc, a, 0, bad); p.status != api.StatusChecksumMismatch {
		t.Fatalf("mismatch: %d %s", p.status, p.body)
	}
	if h := e.do("HEAD", badLoc, a, nil, "Tus-Resumable", "1.0.0"); h.status != http.StatusGone {
		t.Fatalf("HEAD on rejected upload: %d", h.status)
	}
	badID := badLoc[strings.LastIndexByte(badLoc, '/')+1:]
	req2 := appRequest(id, data)
	req2.Materials = append(req2.Materials, api.MaterialRef{MaterialID: "id-card", UploadID: badID, SHA256: hexSHA(bad)})
	if r := e.do("POST", api.PathApplications, a, req2, api.HeaderIdempotencyKey, "key-a-bad-1"); r.status != 422 || r.errCode(t) != "application.upload_not_verified" {
		t.Fatalf("rejected upload referenced: %d %s", r.status, r.body)
	}
	// A wrong sha256 in the reference is refused too.
	req3 := appRequest(id, data)
	req3.Materials[0].SHA256 = hexSHA(bad)
	if r := e.do("POST", api.PathApplications, a, req3, api.HeaderIdempotencyKey, "key-a-bad-2"); r.status != 422 || r.errCode(t) != "application.sha256_mismatch" {
		t.Fatalf("sha mismatch in reference: %d %s", r.status, r.body)
	}

	// Termination: an unreferenced upload can go; a referenced one cannot.
	tmp := e.tusCreate(a, 5, map[string]string{"sha256": hexSHA([]byte("12345"))}).header.Get("Location")
	if d := e.do("DELETE", tmp, a, nil, "Tus-Resumable", "1.0.0"); d.status != 204 {
		t.Fatalf("terminate: %d %s", d.status, d.body)
	}
	e.createApp(a, "key-a-good-1", appRequest(id, data))
	if d := e.do("DELETE", loc, a, nil, "Tus-Resumable", "1.0.0"); d.status != 409 {
		t.Fatalf("terminate referenced: %d", d.status)
	}
}

func TestIdempotentCreate(t *testing.T) {
	e := start(t, t.TempDir(), nil)
	a := e.login(phoneA).AccessToken
	data := []byte("%PDF-1.4 test")
	up := e.upload(a, "floor-plan", data)
	req := appRequest(up, data)
	if r := e.do("POST", api.PathApplications, a, req); r.status != 400 || r.errCode(t) != "idempotency.key_required" {
		t.Fatalf("no key: %d %s", r.status, r.body)
	}
	first := e.createApp(a, "4f1c2b7e-0001", req)
	if first.Status != api.StatusSubmitted || len(first.Items) != 3 || first.Items[0].Department == "" || first.Number == "" {
		t.Fatalf("%+v", first)
	}
	r := e.do("POST", api.PathApplications, a, req, api.HeaderIdempotencyKey, "4f1c2b7e-0001")
	var again api.Application
	r.decode(t, &again)
	if r.status != 200 || r.header.Get(api.HeaderReplayed) != "true" || again.ID != first.ID {
		t.Fatalf("replay: %d %s", r.status, r.body)
	}
	other := req
	other.Items = []string{"SPJY", "YCLS"}
	if r := e.do("POST", api.PathApplications, a, other, api.HeaderIdempotencyKey, "4f1c2b7e-0001"); r.status != 422 || r.errCode(t) != "idempotency.key_reused" {
		t.Fatalf("reused key: %d %s", r.status, r.body)
	}
	var list api.ApplicationList
	lr := e.do("GET", api.PathApplications, a, nil)
	lr.decode(t, &list)
	if len(list.Applications) != 1 {
		t.Fatalf("%d applications after replays", len(list.Applications))
	}
	// Polling with the ETag costs a 304 until something changes.
	if r := e.do("GET", api.PathApplications, a, nil, "If-None-Match", lr.header.Get("ETag")); r.status != 304 {
		t.Fatalf("list If-None-Match: %d", r.status)
	}
	dr := e.do("GET", api.PathApplications+"/"+first.ID, a, nil)
	if r := e.do("GET", api.PathApplications+"/"+first.ID, a, nil, "If-None-Match", dr.header.Get("ETag")); r.status != 304 {
		t.Fatalf("detail If-None-Match: %d", r.status)
	}
	e.staffDo("POST", api.PathAdmin+"/applications/"+first.ID+"/accept", nil)
	if r := e.do("GET", api.PathApplications+"/"+first.ID, a, nil, "If-None-Match", dr.header.Get("ETag")); r.status != 200 {
		t.Fatalf("detail after a change: %d", r.status)
	}
	// Concurrent retries with one key create exactly one application.
	req2 := req
	req2.ClientRef = "draft-2"
	ids := make(chan string, 6)
	var wg sync.WaitGroup
	for i := 0; i < 6; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := e.do("POST", api.PathApplications, a, req2, api.HeaderIdempotencyKey, "4f1c2b7e-0003")
			var x api.Application
			if r.status == 200 || r.status == 201 {
				json.Unmarshal(r.body, &x)
			}
			ids <- x.ID
		}()
	}
	wg.Wait()
	close(ids)
	var first2 string
	for id := range ids {
		if id == "" || (first2 != "" && id != first2) {
			t.Fatalf("concurrent create: ids differ or failed (%q vs %q)", id, first2)
		}
		first2 = id
	}
	e.do("GET", api.PathApplications, a, nil).decode(t, &list)
	if len(list.Applications) != 2 {
		t.Fatalf("%d applications after concurrent retries", len(list.Applications))
	}
	// Validation names the fields.
	bad := req
	bad.Subject.USCC = "92150525MA0R123449"
	bad.Industry = "casino"
	r = e.do("POST", api.PathApplications, a, bad, api.HeaderIdempotencyKey, "4f1c2b7e-0002")
	var ae api.Error
	r.decode(t, &ae)
	if r.status != 422 || !slices.Contains(ae.Fields, "subject.uscc") || !slices.Contains(ae.Fields, "industry") || ae.MessageZH == "" {
		t.Fatalf("validation: %d %s", r.status, r.body)
	}
}

func TestAuthorizationBetweenApplicants(t *testing.T) {
	e := start(t, t.TempDir(), nil)
	a, b := e.login(phoneA).AccessToken, e.login(phoneB).AccessToken
	data := []byte("plan")
	app := e.createApp(a, "key-authz-1", appRequest(e.upload(a, "floor-plan", data), data))
	issue(t, e, app.ID)
	lic := e.getApp(a, app.ID).LicenseNumber

	if r := e.do("GET", api.PathApplications+"/"+app.ID, b, nil); r.status != 404 {
		t.Fatalf("B reads A's application: %d", r.status)
	}
	var list api.ApplicationList
	e.do("GET", api.PathApplications, b, nil).decode(t, &list)
	if len(list.Applications) != 0 {
		t.Fatal("B lists A's application")
	}
	if r := e.do("GET", api.PathLicenses+"/"+lic, b, nil); r.status != 404 {
		t.Fatalf("B reads A's license: %d", r.status)
	}
	var ll api.LicenseList
	e.do("GET", api.PathLicenses, b, nil).decode(t, &ll)
	if len(ll.Licenses) != 0 {
		t.Fatal("B lists A's license")
	}
	if r := e.do("POST", api.PathApplications+"/"+app.ID+"/corrections/x/answer", b, api.CorrectionAnswer{}); r.status != 404 {
		t.Fatalf("B answers A's correction: %d", r.status)
	}
	if r := e.do("POST", api.PathMessages, b, api.MessageRequest{ApplicationID: app.ID, Text: "?"}); r.status != 404 {
		t.Fatalf("B writes on A's application: %d", r.status)
	}
	if r := e.do("GET", api.PathMessages+"?application_id="+app.ID, b, nil); r.status != 404 {
		t.Fatalf("B reads A's messages: %d", r.status)
	}
	if r := e.do("GET", api.PathLicenses+"/"+lic, a, nil); r.status != 200 {
		t.Fatalf("A reads own license: %d", r.status)
	}
}

// issue walks an application to a license through the admin JSON API.
func issue(t *testing.T, e *env, id string) {
	t.Helper()
	p := api.PathPrefix + "/admin/applications/" + id
	steps := []string{p + "/accept", p + "/inspection", p + "/items/SPJY/approve", p + "/items/GGWS/approve", p + "/items/YCLS/approve", p + "/issue"}
	for _, s := range steps {
		if r := e.staffDo("POST", s, map[string]any{}); r.status != 200 {
			t.Fatalf("%s: %d %s", s, r.status, r.body)
		}
	}
}

func TestWorkflowTimelineAndLicense(t *testing.T) {
	e := start(t, t.TempDir(), nil)
	a := e.login(phoneA).AccessToken
	data := []byte("plan v1")
	app := e.createApp(a, "key-flow-0001", appRequest(e.upload(a, "floor-plan", data), data))
	p := api.PathPrefix + "/admin/applications/" + app.ID

	if r := e.staffDo("POST", p+"/issue", nil); r.status != 409 {
		t.Fatalf("issue before decisions: %d", r.status)
	}
	if r := e.do("POST", p+"/accept", a, nil); r.status != 401 {
		t.Fatalf("applicant used admin API: %d", r.status)
	}
	e.staffDo("POST", p+"/accept", map[string]any{"note": "材料齐全"})
	// Correction naming exact fields and materials.
	r := e.staffDo("POST", p+"/correction", map[string]any{"items": []string{"SPJY"},
		"fields":    []api.FieldNote{{Key: "business_area", Note: "面积与平面图不符"}},
		"materials": []api.MaterialNote{{MaterialID: "floor-plan", Note: "请标注尺寸"}}, "note": "请补正"})
	var corr api.Correction
	r.decode(t, &corr)
	got := e.getApp(a, app.ID)
	if got.Status != api.StatusCorrectionRequested || got.OpenCorrection == nil || got.OpenCorrection.ID != corr.ID ||
		got.OpenCorrection.Fields[0].Key != "business_area" || got.Items[0].Status != api.ItemCorrectionRequested ||
		got.OpenCorrection.Department != got.Items[0].Department {
		t.Fatalf("after correction: %+v", got.ApplicationSummary)
	}
	ansPath := api.PathApplications + "/" + app.ID + "/corrections/" + corr.ID + "/answer"
	if r := e.do("POST", ansPath, a, api.CorrectionAnswer{Form: map[string]any{"business_area": "58"}}); r.status != 422 || r.errCode(t) != "correction.incomplete" {
		t.Fatalf("incomplete answer: %d %s", r.status, r.body)
	}
	data2 := []byte("plan v2 with sizes")
	ans := api.CorrectionAnswer{Form: map[string]any{"business_area": "58"}, Note: "已更正",
		Materials: []api.MaterialRef{{MaterialID: "floor-plan", UploadID: e.upload(a, "floor-plan", data2), SHA256: hexSHA(data2)}}}
	if r := e.do("POST", ansPath, a, ans); r.status != 200 {
		t.Fatalf("answer: %d %s", r.status, r.body)
	}
	if r := e.do("POST", ansPath, a, ans); r.status != 200 {
		t.Fatalf("answer replay: %d %s", r.status, r.body)
	}
	ans.Note = "不同"
	if r := e.do("POST", ansPath, a, ans); r.status != 409 {
		t.Fatalf("second different answer: %d", r.status)
	}
	got = e.getApp(a, app.ID)
	if got.Status != api.StatusAccepted || got.Form["business_area"] != "58" || len(got.Materials) != 1 || got.Materials[0].SHA256 != hexSHA(data2) {
		t.Fatalf("after answer: %+v %v", got.ApplicationSummary, got.Materials)
	}
	// One joint visit for several items and departments.
	at := e.clock.Now().Add(48 * time.Hour)
	r = e.staffDo("POST", p+"/inspection", map[string]any{"scheduled_at": at, "items": []string{"SPJY", "YCLS"}})
	var insp api.Inspection
	r.decode(t, &insp)
	if len(insp.Departments) != 2 || len(insp.Items) != 2 || !insp.ScheduledAt.Equal(at) {
		t.Fatalf("inspection: %d %s", r.status, r.body)
	}
	e.staffDo("POST", p+"/items/SPJY/approve", map[string]any{"certificate_no": "JY11505252612345", "valid_until": "2031-11-23"})
	e.staffDo("POST", p+"/items/GGWS/approve", nil)
	if r := e.staffDo("POST", p+"/items/YCLS/reject", map[string]any{}); r.status != 422 {
		t.Fatalf("reject without reason: %d", r.status)
	}
	e.staffDo("POST", p+"/items/YCLS/reject", map[string]any{"reason": "距学校不足规定距离（演示）"})
	got = e.getApp(a, app.ID)
	if got.Status != api.StatusPartiallyApproved || got.Items[2].Reason == "" || got.Items[0].CertificateNo != "JY11505252612345" {
		t.Fatalf("after decisions: %+v", got.ApplicationSummary)
	}
	r = e.staffDo("POST", p+"/issue", nil)
	if r.status != 200 {
		t.Fatalf("issue: %d %s", r.status, r.body)
	}
	got = e.getApp(a, app.ID)
	want := []string{"submitted", "accepted", "correction_requested", "correction_answered", "inspection_scheduled",
		"item_approved", "item_approved", "item_rejected", "partially_approved", "license_issued"}
	if !slices.Equal(eventTypes(got), want) || got.Status != api.StatusLicensed {
		t.Fatalf("timeline %v", eventTypes(got))
	}
	if ev := got.Timeline[8]; !slices.Equal(ev.Items, []string{"YCLS"}) {
		t.Fatalf("partial approval names %v", ev.Items)
	}

	// The license: items, unlicensed item, signed QR.
	var lic api.License
	e.do("GET", api.PathLicenses+"/"+got.LicenseNumber, a, nil).decode(t, &lic)
	if len(lic.Items) != 2 || len(lic.Unlicensed) != 1 || lic.Unlicensed[0].Code != "YCLS" || lic.Status != api.LicenseValid {
		t.Fatalf("license: %+v", lic)
	}
	pl, err := license.VerifyText(lic.QRPayload, e.srv.LicenseKey())
	if err != nil || pl.Number != lic.Number || !strings.HasPrefix(lic.QRPayload, strings.ToUpper(e.srv.URL())+"/V/") {
		t.Fatalf("QR payload %q: %v", lic.QRPayload, err)
	}
	// Public verification: JSON, payload POST and the phone page (the QR URL itself).
	var v api.Verification
	e.do("GET", api.PathVerify+"/"+lic.Number, "", nil).decode(t, &v)
	if !v.Valid || v.HolderName != lic.HolderName || len(v.Items) != 2 {
		t.Fatalf("verify: %+v", v)
	}
	r = e.do("POST", api.PathVerify, "", api.VerifyRequest{Payload: lic.QRPayload})
	r.decode(t, &v)
	if !v.Valid || v.SignatureValid == nil || !*v.SignatureValid || !*v.MatchesRecord {
		t.Fatalf("verify payload: %s", r.body)
	}
	if r := e.do("POST", api.PathVerify, "", api.VerifyRequest{Payload: "hello"}); r.status != 400 {
		t.Fatalf("garbage payload: %d", r.status)
	}
	page := e.do("GET", lic.VerifyURL, "", nil)
	if page.status != 200 || !strings.Contains(string(page.body), "有效") || !strings.Contains(string(page.body), lic.HolderName) {
		t.Fatalf("verify page: %d", page.status)
	}
	if r := e.do("GET", "/v/"+lic.Number, "", nil, "Accept", "application/json"); r.status != 200 || !strings.Contains(string(r.body), `"valid":true`) {
		t.Fatalf("verify page JSON: %d %s", r.status, r.body)
	}
	if r := e.do("GET", "/V/1505252026019999", "", nil); r.status != 404 {
		t.Fatalf("unknown license page: %d", r.status)
	}

	// Replace, then revoke the replacement: the old shows replaced, the new revoked.
	r = e.staffDo("POST", api.PathPrefix+"/admin/licenses/"+lic.Number+"/replace", map[string]any{"reason": "地址变更（演示）"})
	var nl api.License
	r.decode(t, &nl)
	if r.status != 200 || nl.Number == lic.Number || nl.Status != api.LicenseValid {
		t.Fatalf("replace: %d %s", r.status, r.body)
	}
	e.do("GET", api.PathVerify+"/"+lic.Number, "", nil).decode(t, &v)
	if v.Status != api.LicenseReplaced || v.Valid || v.ReplacedBy != nl.Number {
		t.Fatalf("old after replace: %+v", v)
	}
	r = e.do("POST", api.PathVerify, "", api.VerifyRequest{Payload: lic.QRPayload})
	r.decode(t, &v)
	if v.Valid || !*v.SignatureValid {
		t.Fatalf("old payload after replace: %s", r.body)
	}
	if r := e.staffDo("POST", api.PathPrefix+"/admin/licenses/"+nl.Number+"/revoke", map[string]any{"reason": "停业（演示）"}); r.status != 200 {
		t.Fatalf("revoke: %d %s", r.status, r.body)
	}
	page = e.do("GET", "/V/"+nl.Number, "", nil)
	if !strings.Contains(string(page.body), "已注销") || strings.Contains(string(page.body), "✔ 有效") {
		t.Fatalf("revoked page: %s", page.body)
	}
	e.do("GET", api.PathVerify+"/"+nl.Number, "", nil).decode(t, &v)
	if v.Status != api.LicenseRevoked || v.StatusReason != "停业（演示）" {
		t.Fatalf("revoked: %+v", v)
	}
	if r := e.staffDo("POST", api.PathPrefix+"/admin/licenses/"+nl.Number+"/revoke", map[string]any{"reason": "x"}); r.status != 409 {
		t.Fatalf("revoke twice: %d", r.status)
	}
	got = e.getApp(a, app.ID)
	if n := len(got.Timeline); got.Timeline[n-1].Type != api.EventLicenseRevoked || got.Timeline[n-2].Type != api.EventLicenseReplaced {
		t.Fatalf("timeline tail %v", eventTypes(got))
	}
}

// A correction before acceptance (一次性告知补正) returns to "submitted";
// one during the inspection returns there.
func TestCorrectionReturnsToPriorState(t *testing.T) {
	e := start(t, t.TempDir(), nil)
	a := e.login(phoneA).AccessToken
	data := []byte("x")
	app := e.createApp(a, "key-return-01", appRequest(e.upload(a, "floor-plan", data), data))
	p := api.PathAdmin + "/applications/" + app.ID
	answer := func() api.Application {
		var c api.Correction
		e.staffDo("POST", p+"/correction", map[string]any{"fields": []api.FieldNote{{Key: "business_area"}}}).decode(t, &c)
		r := e.do("POST", api.PathApplications+"/"+app.ID+"/corrections/"+c.ID+"/answer", a,
			api.CorrectionAnswer{Form: map[string]any{"business_area": "61"}})
		if r.status != 200 {
			t.Fatalf("answer: %d %s", r.status, r.body)
		}
		return e.getApp(a, app.ID)
	}
	if got := answer(); got.Status != api.StatusSubmitted || got.Items[0].Status != api.ItemPending {
		t.Fatalf("before acceptance: %s %s", got.Status, got.Items[0].Status)
	}
	e.staffDo("POST", p+"/accept", nil)
	e.staffDo("POST", p+"/inspection", nil)
	if got := answer(); got.Status != api.StatusInspectionScheduled || got.Items[2].Status != api.ItemInspectionScheduled {
		t.Fatalf("during inspection: %s %s", got.Status, got.Items[2].Status)
	}
}

func TestSingleItemGetsNoComprehensiveLicense(t *testing.T) {
	e := start(t, t.TempDir(), nil)
	a := e.login(phoneA).AccessToken
	data := []byte("x")
	app := e.createApp(a, "key-single-1", appRequest(e.upload(a, "floor-plan", data), data))
	p := api.PathPrefix + "/admin/applications/" + app.ID
	e.staffDo("POST", p+"/accept", nil)
	e.staffDo("POST", p+"/items/SPJY/approve", nil)
	e.staffDo("POST", p+"/items/GGWS/reject", map[string]any{"reason": "r"})
	e.staffDo("POST", p+"/items/YCLS/reject", map[string]any{"reason": "r"})
	if r := e.staffDo("POST", p+"/issue", nil); r.status != 422 || r.errCode(t) != "workflow.single_item" {
		t.Fatalf("single item issue: %d %s", r.status, r.body)
	}
}

func TestMessages(t *testing.T) {
	e := start(t, t.TempDir(), nil)
	a := e.login(phoneA).AccessToken
	if r := e.do("POST", api.PathMessages, a, api.MessageRequest{Text: "  "}); r.status != 400 {
		t.Fatalf("empty message: %d", r.status)
	}
	if r := e.do("POST", api.PathMessages, a, api.MessageRequest{Text: "卫生许可需要健康证吗？"}); r.status != 201 {
		t.Fatalf("send: %d %s", r.status, r.body)
	}
	e.clock.Add(time.Minute)
	if r := e.staffDo("POST", api.PathPrefix+"/admin/messages", map[string]any{"phone": phoneA, "text": "需要，可后补。"}); r.status != 201 {
		t.Fatalf("reply: %d %s", r.status, r.body)
	}
	var ml api.MessageList
	e.do("GET", api.PathMessages, a, nil).decode(t, &ml)
	if len(ml.Messages) != 2 || ml.Messages[0].From != "applicant" || ml.Messages[1].From != "staff" || ml.Messages[1].Department == "" {
		t.Fatalf("%+v", ml)
	}
	b := e.login(phoneB).AccessToken
	e.do("GET", api.PathMessages, b, nil).decode(t, &ml)
	if len(ml.Messages) != 0 {
		t.Fatal("B sees A's messages")
	}
}

func TestRestartPersistence(t *testing.T) {
	dir := t.TempDir()
	e := start(t, dir, nil)
	tp := e.login(phoneA)
	data := bytes.Repeat([]byte("z"), 1000)
	r := e.tusCreate(tp.AccessToken, len(data), map[string]string{"sha256": hexSHA(data)})
	partial := r.header.Get("Location")
	e.tusPatch(partial, tp.AccessToken, 0, data[:400])
	d2 := []byte("plan")
	app := e.createApp(tp.AccessToken, "key-restart-1", appRequest(e.upload(tp.AccessToken, "floor-plan", d2), d2))
	issue(t, e, app.ID)
	lic := e.getApp(tp.AccessToken, app.ID).LicenseNumber
	lk, bk := e.srv.LicenseKey(), e.srv.PublicKey()
	if err := e.srv.Close(); err != nil {
		t.Fatal(err)
	}

	e2 := start(t, dir, nil)
	if !e2.srv.LicenseKey().Equal(lk) || !e2.srv.PublicKey().Equal(bk) {
		t.Fatal("keys changed across restart")
	}
	if r := e2.do("GET", api.PathMe, tp.AccessToken, nil); r.status != 200 {
		t.Fatalf("token lost: %d", r.status)
	}
	got := e2.getApp(tp.AccessToken, app.ID)
	if got.Status != api.StatusLicensed || len(got.Timeline) != len(e2.getApp(tp.AccessToken, app.ID).Timeline) || got.LicenseNumber != lic {
		t.Fatalf("application lost: %+v", got.ApplicationSummary)
	}
	var l api.License
	e2.do("GET", api.PathLicenses+"/"+lic, tp.AccessToken, nil).decode(t, &l)
	if _, err := license.VerifyText(l.QRPayload, e2.srv.LicenseKey()); err != nil {
		t.Fatal(err)
	}
	// The half-finished upload resumes on the new server (new port, same data).
	loc2 := e2.srv.URL() + strings.TrimPrefix(partial, e.srv.URL())
	h := e2.do("HEAD", loc2, tp.AccessToken, nil, "Tus-Resumable", "1.0.0")
	if h.status != 200 || h.header.Get("Upload-Offset") != "400" {
		t.Fatalf("resume after restart: %d %v", h.status, h.header)
	}
	if p := e2.tusPatch(loc2, tp.AccessToken, 400, data[400:]); p.status != 204 {
		t.Fatalf("finish after restart: %d %s", p.status, p.body)
	}
	// Numbering continues rather than restarting.
	d3 := []byte("second")
	app2 := e2.createApp(tp.AccessToken, "key-restart-2", appRequest(e2.upload(tp.AccessToken, "floor-plan", d3), d3))
	if app2.Number == app.Number {
		t.Fatal("application number reused after restart")
	}
}

func TestAutoAdvance(t *testing.T) {
	e := start(t, t.TempDir(), nil)
	a := e.login(phoneA).AccessToken
	data := []byte("x")
	app := e.createApp(a, "key-auto-0001", appRequest(e.upload(a, "floor-plan", data), data))
	step := 30 * time.Second
	var seen []string
	for i := 0; i < 10 && e.getApp(a, app.ID).Status != api.StatusLicensed; i++ {
		if err := e.srv.Advance(t.Context(), step); err != nil {
			t.Fatal(err)
		}
		seen = append(seen, e.getApp(a, app.ID).Status)
		e.clock.Add(step)
	}
	got := e.getApp(a, app.ID)
	if got.Status != api.StatusLicensed {
		t.Fatalf("not licensed after auto-advance: %v", seen)
	}
	if !slices.Contains(seen, api.StatusInspectionScheduled) || !slices.Contains(eventTypes(got), api.EventAccepted) {
		t.Fatalf("steps %v, events %v", seen, eventTypes(got))
	}
	// Questions get an automatic answer.
	if r := e.do("POST", api.PathMessages, a, api.MessageRequest{ApplicationID: app.ID, Text: "何时可以领证？"}); r.status != 201 {
		t.Fatalf("message: %d", r.status)
	}
	e.clock.Add(step)
	e.srv.Advance(t.Context(), step)
	e.srv.Advance(t.Context(), step) // answered once, not twice
	var ml api.MessageList
	e.do("GET", api.PathMessages+"?application_id="+app.ID, a, nil).decode(t, &ml)
	if len(ml.Messages) != 2 || ml.Messages[1].From != "staff" {
		t.Fatalf("auto reply: %+v", ml.Messages)
	}
	// It waits for the applicant during a correction.
	d2 := []byte("y")
	app2 := e.createApp(a, "key-auto-0002", appRequest(e.upload(a, "floor-plan", d2), d2))
	e.staffDo("POST", api.PathPrefix+"/admin/applications/"+app2.ID+"/correction", map[string]any{"fields": []api.FieldNote{{Key: "x"}}})
	for i := 0; i < 3; i++ {
		e.clock.Add(step)
		e.srv.Advance(t.Context(), step)
	}
	if s := e.getApp(a, app2.ID).Status; s != api.StatusCorrectionRequested {
		t.Fatalf("auto-advance skipped a correction: %s", s)
	}
}

func TestDemoMode(t *testing.T) {
	e := start(t, t.TempDir(), func(o *Options) { o.Demo = true; o.StaffPassword = "" })
	if e.srv.StaffPassword() != "demo" {
		t.Fatal("demo staff password")
	}
	r := e.do("POST", api.PathAuthLogin, "", api.LoginRequest{Phone: DemoPhone, Code: DemoCode})
	if r.status != 200 {
		t.Fatalf("demo login: %d %s", r.status, r.body)
	}
	var tp api.TokenPair
	r.decode(t, &tp)
	var ll api.LicenseList
	e.do("GET", api.PathLicenses, tp.AccessToken, nil).decode(t, &ll)
	if len(ll.Licenses) != 3 {
		t.Fatalf("demo licenses: %d", len(ll.Licenses))
	}
	// Newest first: the convenience store, the gym, the noodle shop.
	for i, tc := range []struct {
		number, industry string
		items            []string
		unlicensed       string
	}{
		{"1505252026010001", "便利店", []string{"SPJY", "GGWS", "YCLS"}, ""},
		{"1505252026100002", "健身房", []string{"GGWS", "XFJC"}, "GWTY"},
		{"1505252022030001", "饭店", []string{"SPJY", "XFJC"}, ""},
	} {
		l := ll.Licenses[i]
		var codes []string
		for _, it := range l.Items {
			codes = append(codes, it.Code)
		}
		if l.Number != tc.number || !slices.Equal(codes, tc.items) || l.IndustryName != tc.industry || l.Status != api.LicenseValid {
			t.Fatalf("demo license %d: %+v", i, l)
		}
		if tc.unlicensed != "" && (len(l.Unlicensed) != 1 || l.Unlicensed[0].Code != tc.unlicensed || l.Unlicensed[0].Reason == "") {
			t.Fatalf("demo license %s unlicensed %+v", l.Number, l.Unlicensed)
		}
		if _, err := license.VerifyText(l.QRPayload, e.srv.LicenseKey()); err != nil {
			t.Fatal(err)
		}
	}
	// The noodle shop's food business license ends in 70 days, inside its
	// renewal window; the fire opinion has no date; the license was issued
	// five years before.
	noodles := ll.Licenses[2]
	if noodles.Items[0].ValidUntil != date(e.clock.Now().AddDate(0, 0, 70)) || noodles.Items[1].ValidUntil != "" ||
		noodles.IssuedOn != date(e.clock.Now().AddDate(-5, 0, 71)) {
		t.Fatalf("noodle shop license %+v", noodles)
	}
	cat, _ := catalog.Parse(testDoc)
	it, _ := cat.Item("SPJY")
	until, _ := time.Parse(time.DateOnly, noodles.Items[0].ValidUntil)
	if from, to, _ := cat.RenewalWindow(it.Renewal, until); e.clock.Now().Before(from) || e.clock.Now().After(to) {
		t.Fatalf("not inside the renewal window %s–%s", from, to)
	}
	// The fixed code works for demo accounts only.
	if r := e.do("POST", api.PathAuthLogin, "", api.LoginRequest{Phone: phoneA, Code: DemoCode}); r.status != 401 {
		t.Fatalf("demo code for a non-demo phone: %d", r.status)
	}
	// Seeding is once: a restart does not add a second demo application.
	dir := e.dir
	e.srv.Close()
	e2 := start(t, dir, func(o *Options) { o.Demo = true })
	var al api.ApplicationList
	e2.do("GET", api.PathApplications, tp.AccessToken, nil).decode(t, &al)
	if len(al.Applications) != len(demoApps()) {
		t.Fatalf("demo applications after restart: %d", len(al.Applications))
	}
	// Outside demo mode the fixed code is refused.
	e2.srv.Close()
	e3 := start(t, dir, nil)
	if r := e3.do("POST", api.PathAuthLogin, "", api.LoginRequest{Phone: DemoPhone, Code: DemoCode}); r.status != 401 {
		t.Fatalf("demo code outside demo mode: %d", r.status)
	}
}

// A demo seeding interrupted after acceptance is finished on the next start.
func TestDemoSeedResumes(t *testing.T) {
	dir := t.TempDir()
	e := start(t, dir, nil)
	ctx := t.Context()
	req, err := e.srv.demoRequest(ctx)
	if err != nil {
		t.Fatal(err)
	}
	rec, _, err := e.srv.createApp(ctx, DemoPhone, demoKey, req)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.srv.Accept(ctx, rec.ID, ""); err != nil {
		t.Fatal(err)
	}
	e.srv.Close()
	e2 := start(t, dir, func(o *Options) { o.Demo = true })
	got, err := loadApp(ctx, e2.srv.db, rec.ID)
	if err != nil || got.Status != api.StatusLicensed {
		t.Fatalf("resumed demo seed: %v %+v", err, got)
	}
	var n int
	e2.srv.db.QueryRow(`SELECT COUNT(*) FROM portal_applications`).Scan(&n)
	if n != len(demoApps()) {
		t.Fatalf("%d applications", n)
	}
}

func TestBackOfficePages(t *testing.T) {
	e := start(t, t.TempDir(), nil)
	a := e.login(phoneA).AccessToken
	data := []byte("x")
	app := e.createApp(a, "key-bo-00001", appRequest(e.upload(a, "floor-plan", data), data))
	anon := e.browser()
	if r := anon.get("/admin/"); r.status != http.StatusSeeOther || !strings.HasPrefix(r.header.Get("Location"), "/admin/login") {
		t.Fatalf("anonymous back office: %d %v", r.status, r.header)
	}
	b := e.staffBrowser(AdminUser, "pw")
	if r := b.get("/admin/"); r.status != 200 || !strings.Contains(string(r.body), "申请列表") || !strings.Contains(string(r.body), app.Number) {
		t.Fatalf("index lacks the application: %d", r.status)
	}
	if s := b.post("/admin/app/"+app.ID, url.Values{"action": {"accept"}}).status; s != http.StatusForbidden {
		t.Fatalf("no CSRF token: %d", s)
	}
	if s := b.post("/admin/app/"+app.ID, url.Values{"action": {"accept"}, "csrf": {b.csrf}}).status; s != http.StatusSeeOther {
		t.Fatalf("accept: %d", s)
	}
	b.post("/admin/app/"+app.ID, url.Values{"action": {"correction"}, "csrf": {b.csrf}, "fields": {"business_area, staff_count"}, "materials": {"floor-plan"}})
	got := e.getApp(a, app.ID)
	if got.OpenCorrection == nil || len(got.OpenCorrection.Fields) != 2 || got.OpenCorrection.Materials[0].MaterialID != "floor-plan" {
		t.Fatalf("correction via form: %+v", got.OpenCorrection)
	}
	if r := b.get("/admin/app/" + app.ID); !strings.Contains(string(r.body), "要求补正") || !strings.Contains(string(r.body), "business_area") {
		t.Fatal("application page lacks the timeline")
	}
}

// TestAutoAdvanceOption runs the real ticker (no fake clock): a new
// application reaches a license on its own. It waits, it does not time.
func TestAutoAdvanceOption(t *testing.T) {
	e := start(t, t.TempDir(), func(o *Options) { o.Now = nil; o.AutoAdvance = 20 * time.Millisecond })
	a := e.login(phoneA).AccessToken
	data := []byte("x")
	app := e.createApp(a, "key-ticker-01", appRequest(e.upload(a, "floor-plan", data), data))
	deadline := time.Now().Add(30 * time.Second)
	for e.getApp(a, app.ID).Status != api.StatusLicensed {
		if time.Now().After(deadline) {
			t.Fatalf("auto-advance stuck at %s", e.getApp(a, app.ID).Status)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestNewWithHTTPTest: New + Handler + Serve work under httptest.
func TestNewWithHTTPTest(t *testing.T) {
	srv, err := New(t.Context(), Options{DataDir: t.TempDir(), Demo: true, Catalog: testDoc,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	defer srv.Close()
	if err := srv.Serve(t.Context(), ts.URL); err != nil {
		t.Fatal(err)
	}
	res, err := http.Get(ts.URL + api.PathVerify + "/1505252026010001")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var v api.Verification
	json.NewDecoder(res.Body).Decode(&v)
	if !v.Valid || v.HolderName != Registry[0].Name {
		t.Fatalf("demo license via httptest: %+v", v)
	}
}

func TestUploadLimitsAndCreationWithUpload(t *testing.T) {
	e := start(t, t.TempDir(), func(o *Options) { o.MaxUploadSize = 1000 })
	a := e.login(phoneA).AccessToken
	if r := e.tusCreate(a, 1001, map[string]string{"sha256": hexSHA(nil)}); r.status != http.StatusRequestEntityTooLarge {
		t.Fatalf("over max size: %d", r.status)
	}
	// creation-with-upload: the whole file in the POST, checked at once.
	data := []byte("whole file in one request")
	for _, c := range []struct {
		sum  string
		want int
	}{{hexSHA(data), 201}, {hexSHA([]byte("x")), api.StatusChecksumMismatch}} {
		r := e.do("POST", api.PathUploads, a, data, "Tus-Resumable", "1.0.0", "Upload-Length", "25",
			"Content-Type", "application/offset+octet-stream", "Upload-Metadata", tusMeta(map[string]string{"sha256": c.sum}))
		if r.status != c.want {
			t.Fatalf("creation-with-upload (%s): %d %s", c.sum[:8], r.status, r.body)
		}
	}
}

// BenchmarkCreateApplication: one idempotent submission over real HTTP
// into the real SQLite file, including validation of its upload reference.
func BenchmarkCreateApplication(b *testing.B) {
	e := start(b, b.TempDir(), nil)
	a := e.login(phoneA).AccessToken
	data := []byte("plan")
	req := appRequest(e.upload(a, "floor-plan", data), data)
	i := 0
	for b.Loop() {
		i++
		r := e.do("POST", api.PathApplications, a, req, api.HeaderIdempotencyKey, fmt.Sprintf("bench-key-%08d", i))
		if r.status != 201 {
			b.Fatalf("%d %s", r.status, r.body)
		}
	}
}

// BenchmarkUpload1MB: a 1 MiB tus upload in two PATCHes with the SHA-256 check.
func BenchmarkUpload1MB(b *testing.B) {
	e := start(b, b.TempDir(), nil)
	a := e.login(phoneA).AccessToken
	data := bytes.Repeat([]byte("0123456789abcdef"), 1<<16)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		e.upload(a, "floor-plan", data)
	}
}

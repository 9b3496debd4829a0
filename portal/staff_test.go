package portal

import (
	"bytes"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/naiman-yiye/yiye/client/api"
)

// basicPost calls the JSON back office with Basic credentials and the
// given headers, as a cross-site page or a script could.
func (e *env) basicPost(path, body string, hdr ...string) resp {
	e.t.Helper()
	req, _ := http.NewRequest("POST", e.srv.URL()+path, strings.NewReader(body))
	req.SetBasicAuth(AdminUser, e.srv.StaffPassword())
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	var b bytes.Buffer
	b.ReadFrom(res.Body)
	return resp{status: res.StatusCode, header: res.Header, body: b.Bytes()}
}

// The JSON back office refuses what a browser can send cross-site: a
// foreign Origin, text/plain or form bodies, empty bodies, Sec-Fetch-Site
// cross-site; even with valid Basic credentials.
func TestStaffJSONRefusesCrossSiteRequests(t *testing.T) {
	e := start(t, t.TempDir(), nil)
	a := e.login(phoneA).AccessToken
	data := []byte("x")
	app := e.createApp(a, "key-xsite-001", appRequest(e.upload(a, "floor-plan", data), data))
	lic := func() string {
		d := []byte("y")
		app := e.createApp(a, "key-xsite-002", appRequest(e.upload(a, "floor-plan", d), d))
		issue(t, e, app.ID)
		return e.getApp(a, app.ID).LicenseNumber
	}()
	accept := api.PathAdmin + "/applications/" + app.ID + "/accept"
	revoke := api.PathAdmin + "/licenses/" + lic + "/revoke"
	for _, c := range []struct {
		name, path, body string
		hdr              []string
		status           int
	}{
		{"foreign origin", accept, `{}`, []string{"Content-Type", "application/json", "Origin", "https://evil.example"}, 403},
		{"null origin", accept, `{}`, []string{"Content-Type", "application/json", "Origin", "null"}, 403},
		{"cross-site fetch", accept, `{}`, []string{"Content-Type", "application/json", "Sec-Fetch-Site", "cross-site"}, 403},
		{"text/plain", revoke, `{"reason":"x"}`, []string{"Content-Type", "text/plain"}, 415},
		{"form", revoke, `reason=x`, []string{"Content-Type", "application/x-www-form-urlencoded"}, 415},
		{"no type", accept, `{}`, nil, 415},
		{"empty body", accept, ``, []string{"Content-Type", "application/json"}, 400},
		{"empty advance", api.PathAdmin + "/advance", ``, []string{"Content-Type", "application/json"}, 400},
		{"not an object", accept, `null`, []string{"Content-Type", "application/json"}, 400},
		{"unknown field", accept, `{"nope":1}`, []string{"Content-Type", "application/json"}, 400},
	} {
		if r := e.basicPost(c.path, c.body, c.hdr...); r.status != c.status {
			t.Errorf("%s: %d %s", c.name, r.status, r.body)
		}
	}
	if got := e.getApp(a, app.ID); got.Status != api.StatusSubmitted {
		t.Fatalf("application moved: %s", got.Status)
	}
	var l api.License
	e.do("GET", api.PathLicenses+"/"+lic, a, nil).decode(t, &l)
	if l.Status != api.LicenseValid {
		t.Fatalf("license %s", l.Status)
	}
	// The portal's own origin, or none (a script), with a JSON object works.
	if r := e.basicPost(accept, `{}`, "Content-Type", "application/json; charset=utf-8", "Origin", e.srv.URL()); r.status != 200 {
		t.Fatalf("same origin: %d %s", r.status, r.body)
	}
	if r := e.basicPost(api.PathAdmin+"/advance", `{}`, "Content-Type", "application/json"); r.status != 204 {
		t.Fatalf("script: %d %s", r.status, r.body)
	}
}

// Staff sign in with their own account and get a session cookie that is
// HttpOnly and SameSite=Strict; JSON calls with it need the CSRF header;
// logging out ends it.
func TestStaffSessions(t *testing.T) {
	e := start(t, t.TempDir(), func(o *Options) { o.Demo = true; o.StaffPassword = "" })
	anon := e.browser()
	if r := anon.get("/admin/login"); r.status != 200 || !strings.Contains(string(r.body), "演示与培训用参考门户") {
		t.Fatalf("login page: %d", r.status)
	}
	if r := anon.post("/admin/login", url.Values{"username": {"zsj"}, "password": {"wrong"}}); r.status != 401 ||
		!strings.Contains(string(r.body), "用户名或密码错误") || r.header.Get("Set-Cookie") != "" {
		t.Fatalf("wrong password: %d %v", r.status, r.header)
	}
	if r := anon.post("/admin/login", url.Values{"username": {"zsj"}, "password": {"demo"}}, "Origin", "https://evil.example"); r.status != 403 {
		t.Fatalf("cross-site login: %d", r.status)
	}
	b := e.browser()
	r := b.post("/admin/login", url.Values{"username": {"zsj"}, "password": {"demo"}, "next": {"https://evil.example/"}})
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/admin/" {
		t.Fatalf("login: %d %v", r.status, r.header)
	}
	ck := r.header.Get("Set-Cookie")
	for _, want := range []string{sessionCookie + "=", "HttpOnly", "SameSite=Strict", "Path=/"} {
		if !strings.Contains(ck, want) {
			t.Errorf("cookie %q lacks %s", ck, want)
		}
	}
	if strings.Contains(ck, "Secure") {
		t.Errorf("Secure cookie over plain HTTP: %q", ck)
	}
	b = e.staffBrowser("zsj", "demo")
	if r := b.get("/admin/"); r.status != 200 || !strings.Contains(string(r.body), "zsj") {
		t.Fatalf("index: %d", r.status)
	}
	var apps api.ApplicationList
	req, _ := http.NewRequest("GET", e.srv.URL()+api.PathAdmin+"/applications", nil)
	gr := b.send(req)
	gr.decode(t, &apps)
	if gr.status != 200 || len(apps.Applications) != len(demoApps()) {
		t.Fatalf("JSON list with the session: %d %s", gr.status, gr.body)
	}
	adv := api.PathAdmin + "/advance"
	if r := b.postJSON(adv, `{}`); r.status != 403 || r.errCode(t) != "staff.csrf" {
		t.Fatalf("session without CSRF header: %d %s", r.status, r.body)
	}
	if r := b.postJSON(adv, `{}`, HeaderCSRF, "wrong"); r.status != 403 {
		t.Fatalf("wrong CSRF header: %d", r.status)
	}
	if r := b.postJSON(adv, `{}`, HeaderCSRF, b.csrf); r.status != 204 {
		t.Fatalf("session with CSRF header: %d %s", r.status, r.body)
	}
	if r := b.post("/admin/logout", url.Values{"csrf": {b.csrf}}); r.status != http.StatusSeeOther {
		t.Fatalf("logout: %d", r.status)
	}
	if r := b.get("/admin/"); r.status != http.StatusSeeOther {
		t.Fatalf("after logout: %d", r.status)
	}
	if r := b.postJSON(adv, `{}`, HeaderCSRF, b.csrf); r.status != 401 {
		t.Fatalf("JSON after logout: %d", r.status)
	}
}

// Five wrong passwords lock a staff account, on the form and over Basic.
func TestStaffLoginLockout(t *testing.T) {
	e := start(t, t.TempDir(), nil)
	b := e.browser()
	for i := 0; i < 5; i++ {
		b.post("/admin/login", url.Values{"username": {AdminUser}, "password": {"guess"}})
	}
	if r := b.post("/admin/login", url.Values{"username": {AdminUser}, "password": {"pw"}}); r.status != 429 {
		t.Fatalf("right password while locked: %d", r.status)
	}
	if r := e.staffDo("GET", api.PathAdmin+"/applications", nil); r.status != 429 || r.errCode(t) != "auth.locked" {
		t.Fatalf("Basic while locked: %d %s", r.status, r.body)
	}
	e.clock.Add(e.srv.opts.Limits.LockBase)
	if r := e.staffDo("GET", api.PathAdmin+"/applications", nil); r.status != 200 {
		t.Fatalf("after the lock-out: %d", r.status)
	}
	if kinds := securityKinds(t, e.srv); len(kinds) != 1 || kinds[0] != secLocked {
		t.Fatalf("security log %v", kinds)
	}
}

// Department staff decide their own department's items only; the window
// department accepts and issues; the admin does everything. Every move is
// in the audit trail on the application's page, with who made it.
func TestStaffRolesAndAuditTrail(t *testing.T) {
	e := start(t, t.TempDir(), func(o *Options) { o.Demo = true; o.StaffPassword = "" })
	a := e.login(phoneA).AccessToken
	data := []byte("x")
	app := e.createApp(a, "key-roles-001", appRequest(e.upload(a, "floor-plan", data), data)) // SPJY, GGWS (zsj); YCLS (ycj)
	hotel := appRequest(e.upload(a, "floor-plan", data), data)
	hotel.Industry, hotel.Items = "hotel", []string{"TZHY", "GGWS"} // gaj, zsj
	happ := e.createApp(a, "key-roles-002", hotel)
	p := "/admin/app/" + app.ID
	ycj, zsj, gaj := e.staffBrowser("ycj", "demo"), e.staffBrowser("zsj", "demo"), e.staffBrowser("gaj", "demo")
	act := func(b *browser, path string, form url.Values) string {
		t.Helper()
		form.Set("csrf", b.csrf)
		r := b.post(path, form)
		if r.status != http.StatusSeeOther {
			t.Fatalf("%v: %d", form, r.status)
		}
		loc, _ := url.Parse(r.header.Get("Location"))
		return loc.Query().Get("msg")
	}
	if msg := act(ycj, p, url.Values{"action": {"accept"}}); !strings.HasPrefix(msg, "未完成") {
		t.Fatalf("ycj accepted: %s", msg)
	}
	if msg := act(zsj, p, url.Values{"action": {"accept"}}); msg != "已完成" {
		t.Fatalf("zsj accept: %s", msg)
	}
	if msg := act(ycj, p, url.Values{"action": {"approve"}, "code": {"SPJY"}}); !strings.Contains(msg, "本部门") {
		t.Fatalf("ycj approved SPJY: %s", msg)
	}
	if msg := act(ycj, p, url.Values{"action": {"approve"}, "code": {"YCLS"}}); msg != "已完成" {
		t.Fatalf("ycj approve YCLS: %s", msg)
	}
	// A correction by a department names only its items and its name.
	if msg := act(gaj, "/admin/app/"+happ.ID, url.Values{"action": {"correction"}, "fields": {"rooms"}}); msg != "已完成" {
		t.Fatalf("gaj correction: %s", msg)
	}
	h := e.getApp(a, happ.ID)
	if h.OpenCorrection == nil || !slices.Equal(h.OpenCorrection.Items, []string{"TZHY"}) || h.OpenCorrection.Department != h.Items[0].Department {
		t.Fatalf("department correction: %+v", h.OpenCorrection)
	}
	// Department staff see applications with their items only.
	if r := gaj.get(p); r.status != 404 {
		t.Fatalf("gaj reads a convenience store: %d", r.status)
	}
	if r := gaj.get("/admin/"); strings.Contains(string(r.body), app.Number) || !strings.Contains(string(r.body), happ.Number) {
		t.Fatal("gaj's list")
	}
	// The admin decides anything; the JSON API checks the same rules.
	if r := e.staffDo("POST", api.PathAdmin+"/applications/"+app.ID+"/items/SPJY/approve", nil); r.status != 200 {
		t.Fatalf("admin approve: %d %s", r.status, r.body)
	}
	if r := ycj.postJSON(api.PathAdmin+"/applications/"+app.ID+"/items/GGWS/approve", `{}`, HeaderCSRF, ycj.csrf); r.status != 403 || r.errCode(t) != "staff.forbidden" {
		t.Fatalf("ycj approves GGWS over JSON: %d %s", r.status, r.body)
	}
	page := string(zsj.get(p).body)
	for _, want := range []string{"操作记录", "zsj", "ycj", AdminUser, "applicant:" + phoneA, "受理", "事项批准", "YCLS", "127.0.0.1"} {
		if !strings.Contains(page, want) {
			t.Errorf("audit trail lacks %q", want)
		}
	}
	trail, err := e.srv.AuditTrail(t.Context(), app.ID)
	if err != nil {
		t.Fatal(err)
	}
	var who []string
	for _, en := range trail {
		who = append(who, en.Actor+":"+en.Action)
	}
	want := []string{"applicant:" + phoneA + ":submitted", "zsj:accepted", "ycj:item_approved", "staff:item_approved"}
	if !slices.Equal(who, want) {
		t.Fatalf("audit %v, want %v", who, want)
	}
	// Security events and accounts are for admins.
	if strings.Contains(string(zsj.get("/admin/").body), "安全事件") {
		t.Fatal("department staff see the security log")
	}
	if msg := act(zsj, "/admin/staff", url.Values{"username": {"x1"}, "role": {"admin"}, "password": {"secret1"}}); !strings.HasPrefix(msg, "未完成") {
		t.Fatalf("zsj made an account: %s", msg)
	}
}

// Lock-outs are visible to staff in the back office.
func TestSecurityLogInBackOffice(t *testing.T) {
	e := start(t, t.TempDir(), nil)
	e.requestCode(phoneA)
	for i := 0; i < 5; i++ {
		e.guess(phoneA, e.wrongFor(phoneA))
	}
	page := string(e.staffBrowser(AdminUser, "pw").get("/admin/").body)
	for _, want := range []string{"安全事件", "连续输错，已锁定", phoneA, "127.0.0.1"} {
		if !strings.Contains(page, want) {
			t.Errorf("back office lacks %q", want)
		}
	}
}

// Admins manage accounts: a new department account can sign in, a
// disabled one cannot, and its sessions end.
func TestStaffAccounts(t *testing.T) {
	e := start(t, t.TempDir(), nil)
	admin := e.staffBrowser(AdminUser, "pw")
	save := func(f url.Values) {
		t.Helper()
		f.Set("csrf", admin.csrf)
		if r := admin.post("/admin/staff", f); r.status != http.StatusSeeOther || !strings.Contains(r.header.Get("Location"), url.QueryEscape("账号已保存")) {
			t.Fatalf("save %v: %d %v", f, r.status, r.header.Get("Location"))
		}
	}
	save(url.Values{"username": {"li.ycj"}, "name": {"李四"}, "role": {"department"}, "department": {"ycj"}, "password": {"s3cret-pw"}})
	li := e.staffBrowser("li.ycj", "s3cret-pw")
	save(url.Values{"username": {"li.ycj"}, "name": {"李四"}, "role": {"department"}, "department": {"ycj"}, "disabled": {"1"}})
	if r := li.get("/admin/"); r.status != http.StatusSeeOther {
		t.Fatalf("disabled account's session: %d", r.status)
	}
	if r := e.browser().post("/admin/login", url.Values{"username": {"li.ycj"}, "password": {"s3cret-pw"}}); r.status != 401 {
		t.Fatalf("disabled account signs in: %d", r.status)
	}
	for _, bad := range []StaffAccount{{Username: "X", Role: RoleAdmin}, {Username: "ab", Role: RoleDepartment, Department: "nope"}, {Username: "ab", Role: "root"}} {
		if err := e.srv.SetStaff(t.Context(), bad, "password"); err == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
}

// The back office answers plain HTTP only to this machine.
func TestStaffOnlyLocalWithoutTLS(t *testing.T) {
	e := start(t, t.TempDir(), nil)
	h := e.srv.Handler()
	for _, c := range []struct {
		remote string
		allow  bool
		want   int
	}{{"192.0.2.7:5000", false, 403}, {"[::1]:5000", false, 303}, {"127.0.0.1:5000", false, 303}, {"192.0.2.7:5000", true, 303}} {
		e.srv.opts.AllowInsecureStaff = c.allow
		for _, path := range []string{"/admin/", api.PathAdmin + "/applications"} {
			req, _ := http.NewRequest("GET", path, nil)
			req.RemoteAddr = c.remote
			rec := newRecorder()
			h.ServeHTTP(rec, req)
			want := c.want
			if strings.HasPrefix(path, api.PathAdmin) && want == 303 {
				want = 401
			}
			if rec.Code != want {
				t.Errorf("%s %s (allow %v): %d, want %d", c.remote, path, c.allow, rec.Code, want)
			}
		}
	}
}

package portal

import (
	"crypto/sha256"
	"encoding/base64"
	"regexp"
	"strings"
	"testing"

	"github.com/naiman-yiye/yiye/client/api"
)

var inlineRE = regexp.MustCompile(`(?s)<(style|script)>(.*?)</(?:style|script)>`)

// checkCSP: every inline block of an HTML page is allowed by its hash,
// nothing else is, and the page cannot be framed.
func checkCSP(t *testing.T, name string, r resp) {
	t.Helper()
	csp := r.header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "default-src 'none'") || !strings.Contains(csp, "frame-ancestors 'none'") ||
		strings.Contains(csp, "unsafe-inline") {
		t.Errorf("%s: CSP %q", name, csp)
	}
	for _, m := range inlineRE.FindAllSubmatch(r.body, -1) {
		sum := sha256.Sum256(m[2])
		if !strings.Contains(csp, "'sha256-"+base64.StdEncoding.EncodeToString(sum[:])+"'") {
			t.Errorf("%s: inline %s not allowed by the CSP", name, m[1])
		}
	}
	for h, want := range map[string]string{"X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"} {
		if got := r.header.Get(h); got != want {
			t.Errorf("%s: %s %q", name, h, got)
		}
	}
	if !strings.Contains(string(r.body), "演示与培训用参考门户") {
		t.Errorf("%s: the page does not say it is for demos and training", name)
	}
}

func TestSecurityHeaders(t *testing.T) {
	e := start(t, t.TempDir(), func(o *Options) { o.Demo = true })
	b := e.staffBrowser(AdminUser, e.srv.StaffPassword())
	checkCSP(t, "login", e.browser().get("/admin/login"))
	checkCSP(t, "index", b.get("/admin/"))
	var al api.ApplicationList
	e.staffDo("GET", api.PathAdmin+"/applications", nil).decode(t, &al)
	checkCSP(t, "application", b.get("/admin/app/"+al.Applications[0].ID))
	checkCSP(t, "verify", e.do("GET", "/V/1505252026010001", "", nil))
	if r := e.browser().get("/admin/login"); strings.Contains(string(r.body), "<script") {
		t.Error("back office pages run scripts")
	}
	// JSON answers too, and no HSTS over plain HTTP.
	r := e.do("GET", api.PathVerify+"/1505252026010001", "", nil)
	if r.header.Get("X-Content-Type-Options") != "nosniff" || r.header.Get("X-Frame-Options") != "DENY" ||
		r.header.Get("Content-Security-Policy") != "default-src 'none'; frame-ancestors 'none'" || r.header.Get("Strict-Transport-Security") != "" {
		t.Errorf("JSON headers %v", r.header)
	}
}

package portal

import (
	"testing"

	"github.com/naiman-yiye/yiye/client/api"
)

// issue walks an application of the given industry and items through
// acceptance and approval of every item, then asks for the license.
func (e *env) issue(t *testing.T, key, industry string, items []string, answers map[string]any) (api.License, resp) {
	t.Helper()
	a := e.login(phoneA).AccessToken
	data := []byte("x")
	req := appRequest(e.upload(a, "floor-plan", data), data)
	req.Industry, req.Items, req.Answers = industry, items, answers
	app := e.createApp(a, key, req)
	p := api.PathPrefix + "/admin/applications/" + app.ID
	if r := e.staffDo("POST", p+"/accept", nil); r.status != 200 {
		t.Fatalf("accept: %d %s", r.status, r.body)
	}
	for _, c := range items {
		if r := e.staffDo("POST", p+"/items/"+c+"/approve", nil); r.status != 200 {
			t.Fatalf("approve %s: %d %s", c, r.status, r.body)
		}
	}
	r := e.staffDo("POST", p+"/issue", nil)
	var l api.License
	if r.status == 200 {
		r.decode(t, &l)
	}
	return l, r
}

// TestLicenseValidityFromCatalog: the comprehensive license prints an
// expiry only where the catalog knows one; the fire opinion (no fixed
// validity) and the special trade license (validity unknown) print none,
// whatever default the approval recorded.
func TestLicenseValidityFromCatalog(t *testing.T) {
	e := start(t, t.TempDir(), nil)
	l, r := e.issue(t, "key-validity-1", "hotel", []string{"TZHY", "GGWS", "XFJC"}, nil)
	if r.status != 200 {
		t.Fatalf("issue: %d %s", r.status, r.body)
	}
	want := map[string]string{"TZHY": "", "GGWS": "2030-11-23", "XFJC": ""}
	if len(l.Items) != len(want) {
		t.Fatalf("items %+v", l.Items)
	}
	for _, it := range l.Items {
		if got, ok := want[it.Code]; !ok || it.ValidUntil != got {
			t.Errorf("%s valid until %q, want %q", it.Code, it.ValidUntil, got)
		}
	}
	var v api.Verification
	e.do("GET", api.PathVerify+"/"+l.Number, "", nil).decode(t, &v)
	if !v.Valid {
		t.Fatalf("license does not verify: %+v", v)
	}
	var ok bool
	e.do("POST", api.PathVerify, "", api.VerifyRequest{Payload: l.QRPayload}).decode(t, &v)
	if v.SignatureValid != nil {
		ok = *v.SignatureValid && *v.MatchesRecord
	}
	if !ok {
		t.Errorf("payload with undated items does not verify: %+v", v)
	}
}

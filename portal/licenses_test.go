package portal

import (
	"fmt"
	"strings"
	"testing"

	"github.com/naiman-yiye/yiye/client/api"
)

// issue walks an application of the given industry and items through
// acceptance and approval of every item, then asks for the license.
func (e *env) issue(t *testing.T, a, key, industry string, items []string, answers map[string]any) (api.License, resp) {
	t.Helper()
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
	l, r := e.issue(t, e.login(phoneA).AccessToken, "key-validity-1", "hotel", []string{"TZHY", "GGWS", "XFJC"}, nil)
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

// TestFilingsNeverOnLicense: filings (备案) are approved like any item in
// the back office but never printed on the comprehensive license, and never
// counted toward issuing one.
func TestFilingsNeverOnLicense(t *testing.T) {
	e := start(t, t.TempDir(), nil)
	// One license (CBLS) and two filings: no comprehensive license.
	a := e.login(phoneA).AccessToken
	_, r := e.issue(t, a, "key-filing-1", "bookstore", []string{"CBLS", "GGWS", "CBWF"},
		map[string]any{"online_books": true, "food_mode": "none"})
	if r.status != 422 || r.errCode(t) != "workflow.single_item" {
		t.Fatalf("one license and two filings: %d %s", r.status, r.body)
	}
	tests := []struct {
		name, industry string
		items          []string
		answers        map[string]any
		want           string
	}{
		{"bookstore with prepared food", "bookstore", []string{"CBLS", "GGWS", "SPJY"},
			map[string]any{"online_books": false, "food_mode": "bulk_or_prepared"}, "CBLS SPJY"},
		{"shop selling prepackaged food", "convenience-store", []string{"SPJY", "GGWS", "YCLS"},
			map[string]any{"food_mode": "prepackaged_only", "sells_tobacco": true}, "GGWS YCLS"},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l, r := e.issue(t, a, fmt.Sprintf("key-filing-%d0", i+2), tc.industry, tc.items, tc.answers)
			if r.status != 200 {
				t.Fatalf("issue: %d %s", r.status, r.body)
			}
			var got []string
			for _, it := range l.Items {
				got = append(got, it.Code)
			}
			if strings.Join(got, " ") != tc.want || len(l.Unlicensed) != 0 {
				t.Errorf("license items %v (unlicensed %v), want %s", got, l.Unlicensed, tc.want)
			}
		})
	}
}

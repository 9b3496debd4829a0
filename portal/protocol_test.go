package portal

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"github.com/naiman-yiye/yiye/client/api"
)

// tus answers a PATCH with the wrong Content-Type with 415, and the
// upload's offset does not move.
func TestTusPatchWrongContentType(t *testing.T) {
	e := start(t, t.TempDir(), nil)
	a := e.login(phoneA).AccessToken
	data := []byte("0123456789")
	loc := e.tusCreate(a, len(data), map[string]string{"sha256": hexSHA(data)}).header.Get("Location")
	for _, ct := range []string{"text/plain", "application/json", "", "application/offset+octet-stream-x"} {
		req, _ := http.NewRequest("PATCH", loc, bytes.NewReader(data))
		req.Header.Set("Tus-Resumable", "1.0.0")
		req.Header.Set("Upload-Offset", "0")
		req.Header.Set("Authorization", "Bearer "+a)
		if ct != "" {
			req.Header.Set("Content-Type", ct)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusUnsupportedMediaType || res.Header.Get("Tus-Resumable") != "1.0.0" {
			t.Errorf("Content-Type %q: %d %v", ct, res.StatusCode, res.Header)
		}
	}
	if h := e.do("HEAD", loc, a, nil, "Tus-Resumable", "1.0.0"); h.header.Get("Upload-Offset") != "0" {
		t.Fatalf("offset moved: %v", h.header)
	}
	// With parameters and in another case it is still the tus type.
	req, _ := http.NewRequest("PATCH", loc, bytes.NewReader(data))
	req.Header.Set("Tus-Resumable", "1.0.0")
	req.Header.Set("Upload-Offset", "0")
	req.Header.Set("Authorization", "Bearer "+a)
	req.Header.Set("Content-Type", "Application/Offset+Octet-Stream")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusNoContent {
		t.Fatalf("tus type in capitals: %d", res.StatusCode)
	}
}

// Authentication schemes are case-insensitive (RFC 9110 §11.1).
func TestBearerSchemeCaseInsensitive(t *testing.T) {
	e := start(t, t.TempDir(), nil)
	tp := e.login(phoneA)
	for _, scheme := range []string{"Bearer", "bearer", "BEARER", "bEaReR"} {
		if r := e.do("GET", api.PathMe, "", nil, "Authorization", scheme+" "+tp.AccessToken); r.status != 200 {
			t.Errorf("%s: %d", scheme, r.status)
		}
	}
	for _, h := range []string{"Bearer", "Bearer  ", "Basic " + tp.AccessToken, "Bearer" + tp.AccessToken, tp.AccessToken} {
		if r := e.do("GET", api.PathMe, "", nil, "Authorization", h); r.status != 401 {
			t.Errorf("%q: %d", h, r.status)
		}
	}
	// Logout revokes the token whatever the scheme's case.
	if r := e.do("POST", api.PathAuthLogout, "", api.RefreshRequest{RefreshToken: tp.RefreshToken}, "Authorization", "bearer "+tp.AccessToken); r.status != 204 {
		t.Fatalf("logout: %d", r.status)
	}
	if r := e.do("GET", api.PathMe, tp.AccessToken, nil); r.status != 401 {
		t.Fatalf("token alive after a lower-case logout: %d", r.status)
	}
	// Uploads too.
	tok := e.login(phoneB).AccessToken
	data := []byte("x")
	if r := e.do("POST", api.PathUploads, "", nil, "Authorization", "bearer "+tok, "Tus-Resumable", "1.0.0",
		"Upload-Length", "1", "Upload-Metadata", tusMeta(map[string]string{"sha256": hexSHA(data)})); r.status != 201 {
		t.Fatalf("upload with lower-case scheme: %d %s", r.status, r.body)
	}
}

// POST /verify: status and valid always agree; a tampered payload is
// "tampered", never "valid".
func TestVerifyStatusAgreesWithValid(t *testing.T) {
	e := start(t, t.TempDir(), nil)
	a := e.login(phoneA).AccessToken
	data := []byte("plan")
	app := e.createApp(a, "verify-agree-1", appRequest(e.upload(a, "floor-plan", data), data))
	issue(t, e, app.ID)
	var lic api.License
	e.do("GET", api.PathLicenses+"/"+e.getApp(a, app.ID).LicenseNumber, a, nil).decode(t, &lic)

	hash := strings.IndexByte(lic.QRPayload, '#')
	digits := []byte(lic.QRPayload[hash+1:])
	last := len(digits) - 1
	digits[last] = '0' + (digits[last]-'0'+1)%10
	tampered := lic.QRPayload[:hash+1] + string(digits)

	check := func(payload, wantStatus string, wantValid bool) {
		t.Helper()
		r := e.do("POST", api.PathVerify, "", api.VerifyRequest{Payload: payload})
		var v api.Verification
		if r.status != 200 {
			t.Fatalf("verify: %d %s", r.status, r.body)
		}
		r.decode(t, &v)
		if v.Status != wantStatus || v.Valid != wantValid || (v.Status == api.LicenseValid) != v.Valid {
			t.Fatalf("status %q valid %v, want %q %v (%s)", v.Status, v.Valid, wantStatus, wantValid, r.body)
		}
	}
	check(lic.QRPayload, api.LicenseValid, true)
	check(tampered, api.LicenseTampered, false)
	if r := e.staffDo("POST", api.PathAdmin+"/licenses/"+lic.Number+"/revoke", map[string]any{"reason": "测试"}); r.status != 200 {
		t.Fatalf("revoke: %d %s", r.status, r.body)
	}
	check(lic.QRPayload, api.LicenseRevoked, false)
	check(tampered, api.LicenseTampered, false)
}

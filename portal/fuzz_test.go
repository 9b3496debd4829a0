package portal

import (
	"archive/tar"
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/naiman-yiye/yiye/client/api"
)

// FuzzApplicationBody: no request body, however malformed, makes the
// submission endpoint fail with a 5xx; every refusal is a 4xx api.Error.
func FuzzApplicationBody(f *testing.F) {
	e := start(f, f.TempDir(), nil)
	tok := e.login(phoneA).AccessToken
	data := []byte("plan")
	good, _ := json.Marshal(appRequest(e.upload(tok, "floor-plan", data), data))
	f.Add(good, "fuzz-key-0001")
	withAgent, _ := json.Marshal(e.agentRequest(tok))
	f.Add(withAgent, "fuzz-key-0004")
	f.Add([]byte(`{"agent":{"agent_name":"x","id_number":"1","recorded_at":"0001-01-01T00:00:00Z"}}`), "fuzz-key-0005")
	f.Add([]byte(`{"industry":"convenience-store","items":["SPJY","SPJY"],"subject":{"uscc":"x"}}`), "fuzz-key-0002")
	f.Add([]byte(`{"materials":[{"upload_id":"../../etc/passwd"}]}`), "k")
	f.Add([]byte(`null`), "fuzz-key-0003")
	h := e.srv.Handler()
	f.Fuzz(func(t *testing.T, body []byte, key string) {
		req := httptest.NewRequest(http.MethodPost, api.PathApplications, bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set(api.HeaderIdempotencyKey, key)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("%d for %q: %s", rec.Code, body, rec.Body)
		}
		if rec.Code >= 400 {
			var ae api.Error
			if err := json.Unmarshal(rec.Body.Bytes(), &ae); err != nil || ae.Code == "" || ae.MessageZH == "" {
				t.Fatalf("refusal without an api.Error: %d %s", rec.Code, rec.Body)
			}
		}
	})
}

// FuzzBearerToken: a parsed token is never empty and has no spaces or
// control characters, and any case of the scheme parses alike.
func FuzzBearerToken(f *testing.F) {
	for _, s := range []string{"Bearer abc", "bearer abc", "BEARER  abc", "Bearer", "Bearer ", "Basic abc", "Bearer a b", "Bearer\tabc", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, h string) {
		tok, ok := bearerToken(h)
		if !ok {
			if tok != "" {
				t.Fatalf("%q: token %q without ok", h, tok)
			}
			return
		}
		if tok == "" || strings.ContainsAny(tok, " \t\r\n") {
			t.Fatalf("%q: bad token %q", h, tok)
		}
		if tok2, ok2 := bearerToken("bEARER " + tok); !ok2 || tok2 != tok {
			t.Fatalf("%q: scheme case matters", h)
		}
	})
}

// FuzzForwardedFor: the client address is one of the header's addresses,
// and never a trusted proxy unless every hop is one.
func FuzzForwardedFor(f *testing.F) {
	for _, s := range []string{"203.0.113.9", "1.2.3.4, 10.0.0.1", "[2001:db8::1]:80, 10.0.0.2", "garbage", "", ",,,", "10.0.0.1, 10.0.0.2"} {
		f.Add(s, "https")
	}
	trusted := func(a netip.Addr) bool { return netip.MustParsePrefix("10.0.0.0/8").Contains(a) }
	f.Fuzz(func(t *testing.T, xff, proto string) {
		a, ok := forwardedFor([]string{xff}, trusted)
		if !ok {
			return
		}
		if !a.IsValid() || a.Is4In6() || a.Zone() != "" {
			t.Fatalf("%q: address %v", xff, a)
		}
		// a is a hop right of the last malformed one, and every hop right
		// of a is a trusted proxy.
		hops := strings.Split(xff, ",")
		found := false
		for i := len(hops) - 1; i >= 0 && !found; i-- {
			b, err := parseHop(hops[i])
			if err != nil {
				break
			}
			if b == a {
				found = true
			} else if !trusted(b) {
				t.Fatalf("%q: %v chosen, but %v nearer is not a proxy", xff, a, b)
			}
		}
		if !found {
			t.Fatalf("%q: %v is not a usable hop", xff, a)
		}
		p := forwardedProto([]string{proto})
		if p != strings.ToLower(p) || p != strings.TrimSpace(p) || strings.Contains(p, ",") {
			t.Fatalf("%q: proto %q", proto, p)
		}
	})
}

// FuzzRestore: no archive makes Restore write outside its folder or panic.
func FuzzRestore(f *testing.F) {
	f.Add(tarGz(f, tar.Header{Name: "uploads/abc", Size: 3, Typeflag: tar.TypeReg}))
	f.Add(tarGz(f, tar.Header{Name: "portal.db", Size: 3, Typeflag: tar.TypeReg}))
	f.Add(tarGz(f, tar.Header{Name: "../x", Size: 1, Typeflag: tar.TypeReg}))
	f.Fuzz(func(t *testing.T, archive []byte) {
		parent := t.TempDir()
		dir := filepath.Join(parent, "data")
		Restore(t.Context(), bytes.NewReader(archive), dir)
		entries, _ := os.ReadDir(parent)
		if len(entries) != 1 || entries[0].Name() != "data" {
			t.Fatalf("wrote beside the data folder: %v", entries)
		}
	})
}

// FuzzAfterIssueBodies: no filing report or consultation message, however
// malformed, makes the portal fail with a 5xx; every refusal is an
// api.Error.
func FuzzAfterIssueBodies(f *testing.F) {
	e := start(f, f.TempDir(), nil)
	tok := e.login(phoneA).AccessToken
	data := []byte("plan")
	app := e.createApp(tok, "fuzz-after-0001", appRequest(e.upload(tok, "floor-plan", data), data))
	f.Add([]byte(`{"filed_on":"2026-11-20","reference":"BA-1"}`), "filing", "GGWS")
	f.Add([]byte(`{"filed_on":"2099-01-01"}`), "filing", "SPJY")
	f.Add([]byte(`{"filed_on":"20261120"}`), "filing", "../x")
	f.Add([]byte(`{"text":"问题","license_number":"1505252026010001"}`), "message", "")
	f.Add([]byte(`{"text":"x","attachments":[{"upload_id":"../../etc","sha256":"zz"}]}`), "message", "")
	f.Add([]byte(`{"application_id":"nope","text":""}`), "message", "k")
	h := e.srv.Handler()
	f.Fuzz(func(t *testing.T, body []byte, what, arg string) {
		var req *http.Request
		if what == "filing" && !itemCodeLike.MatchString(arg) {
			return // no such route (an empty or escaped segment): the mux's own 404
		}
		if what == "filing" {
			req = httptest.NewRequest(http.MethodPut, api.PathApplications+"/"+app.ID+"/filings/"+url.PathEscape(arg), bytes.NewReader(body))
		} else {
			req = httptest.NewRequest(http.MethodPost, api.PathMessages, bytes.NewReader(body))
			if arg != "" {
				req.Header.Set(api.HeaderIdempotencyKey, arg)
			}
		}
		req.Header.Set("Authorization", "Bearer "+tok)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("%d for %s %q: %s", rec.Code, what, body, rec.Body)
		}
		if rec.Code >= 400 {
			var ae api.Error
			if err := json.Unmarshal(rec.Body.Bytes(), &ae); err != nil || ae.Code == "" || ae.MessageZH == "" {
				t.Fatalf("refusal without an api.Error: %d %s", rec.Code, rec.Body)
			}
		}
	})
}

var itemCodeLike = regexp.MustCompile(`^[A-Za-z0-9_-]{1,16}$`)

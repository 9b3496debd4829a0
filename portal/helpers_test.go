package portal

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/naiman-yiye/yiye/catalog"
	"github.com/naiman-yiye/yiye/client/api"
)

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// testDoc is the catalog the portal serves and names items from.
var testDoc = catalog.EmbeddedDocument()

type env struct {
	t     testing.TB
	dir   string
	clock *clock
	srv   *Server
	opts  Options
}

// start runs a real portal on 127.0.0.1 with its data in dir.
func start(t testing.TB, dir string, mod func(*Options)) *env {
	t.Helper()
	c := &clock{t: time.Date(2026, 11, 24, 2, 0, 0, 0, time.UTC)}
	opts := Options{DataDir: dir, Addr: "127.0.0.1:0", Catalog: testDoc, Now: c.Now, StaffPassword: "pw",
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if mod != nil {
		mod(&opts)
	}
	srv, err := Start(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return &env{t: t, dir: dir, clock: c, srv: srv, opts: opts}
}

type resp struct {
	status int
	header http.Header
	body   []byte
}

func (r resp) decode(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("decode %s: %v", r.body, err)
	}
}

func (r resp) errCode(t testing.TB) string {
	t.Helper()
	var e api.Error
	r.decode(t, &e)
	return e.Code
}

// do sends a request; body may be nil, []byte or a value to JSON-encode.
func (e *env) do(method, path, token string, body any, hdr ...string) resp {
	e.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case []byte:
		rd = bytes.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			e.t.Fatal(err)
		}
		rd = bytes.NewReader(j)
	}
	url := path
	if !strings.HasPrefix(strings.ToLower(path), "http") {
		url = e.srv.URL() + path
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		e.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return resp{status: res.StatusCode, header: res.Header, body: b}
}

func (e *env) staffDo(method, path string, body any) resp {
	e.t.Helper()
	j, _ := json.Marshal(body)
	if body == nil {
		j = []byte("{}")
	}
	req, _ := http.NewRequest(method, e.srv.URL()+path, bytes.NewReader(j))
	req.SetBasicAuth("staff", e.srv.StaffPassword())
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return resp{status: res.StatusCode, header: res.Header, body: b}
}

// login signs phone in with the code the portal "sent".
func (e *env) login(phone string) api.TokenPair {
	e.t.Helper()
	r := e.do("POST", api.PathAuthCode, "", api.CodeRequest{Phone: phone})
	if r.status != http.StatusAccepted {
		e.t.Fatalf("code: %d %s", r.status, r.body)
	}
	r = e.do("POST", api.PathAuthLogin, "", api.LoginRequest{Phone: phone, Code: e.srv.DemoCode(phone)})
	if r.status != 200 {
		e.t.Fatalf("login: %d %s", r.status, r.body)
	}
	var tp api.TokenPair
	r.decode(e.t, &tp)
	return tp
}

func tusMeta(m map[string]string) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		parts = append(parts, k+" "+base64.StdEncoding.EncodeToString([]byte(m[k])))
	}
	return strings.Join(parts, ",")
}

func hexSHA(b []byte) string { s := sha256.Sum256(b); return hex.EncodeToString(s[:]) }

// tusCreate creates an upload; it returns the Location (absolute URL).
func (e *env) tusCreate(token string, size int, meta map[string]string) resp {
	e.t.Helper()
	return e.do("POST", api.PathUploads, token, nil, "Tus-Resumable", "1.0.0",
		"Upload-Length", fmt.Sprint(size), "Upload-Metadata", tusMeta(meta))
}

func (e *env) tusPatch(loc, token string, offset int, data []byte) resp {
	e.t.Helper()
	req, _ := http.NewRequest("PATCH", loc, bytes.NewReader(data))
	req.Header.Set("Tus-Resumable", "1.0.0")
	req.Header.Set("Content-Type", "application/offset+octet-stream")
	req.Header.Set("Upload-Offset", fmt.Sprint(offset))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return resp{status: res.StatusCode, header: res.Header, body: b}
}

// upload sends a whole file in two PATCHes and returns its upload ID.
func (e *env) upload(token, material string, data []byte) string {
	e.t.Helper()
	r := e.tusCreate(token, len(data), map[string]string{"filename": material + ".pdf", "sha256": hexSHA(data), "material": material})
	if r.status != http.StatusCreated {
		e.t.Fatalf("create upload: %d %s", r.status, r.body)
	}
	loc := r.header.Get("Location")
	half := len(data) / 2
	if p := e.tusPatch(loc, token, 0, data[:half]); p.status != http.StatusNoContent {
		e.t.Fatalf("patch 1: %d %s", p.status, p.body)
	}
	if p := e.tusPatch(loc, token, half, data[half:]); p.status != http.StatusNoContent {
		e.t.Fatalf("patch 2: %d %s", p.status, p.body)
	}
	return loc[strings.LastIndexByte(loc, '/')+1:]
}

// appRequest builds a valid convenience-store application with one material.
func appRequest(uploadID string, data []byte) api.ApplicationRequest {
	e := Registry[0]
	return api.ApplicationRequest{
		Industry: "convenience-store", Items: []string{"SPJY", "GGWS", "YCLS"},
		Subject: api.Subject{USCC: e.USCC, Name: e.Name, LegalRep: e.LegalRep, Address: e.Address},
		Form:    map[string]any{"business_area": "60", "food_items": []any{"预包装食品", "散装食品"}},
		Answers: map[string]any{"sells_bulk_food": true},
		Materials: []api.MaterialRef{{MaterialID: "floor-plan", UploadID: uploadID, SHA256: hexSHA(data),
			Filename: "floor-plan.pdf"}},
	}
}

func (e *env) createApp(token, key string, req api.ApplicationRequest) api.Application {
	e.t.Helper()
	r := e.do("POST", api.PathApplications, token, req, api.HeaderIdempotencyKey, key)
	if r.status != http.StatusCreated {
		e.t.Fatalf("create application: %d %s", r.status, r.body)
	}
	var a api.Application
	r.decode(e.t, &a)
	return a
}

func (e *env) getApp(token, id string) api.Application {
	e.t.Helper()
	r := e.do("GET", api.PathApplications+"/"+id, token, nil)
	if r.status != 200 {
		e.t.Fatalf("get application: %d %s", r.status, r.body)
	}
	var a api.Application
	r.decode(e.t, &a)
	return a
}

func eventTypes(a api.Application) []string {
	var out []string
	for _, ev := range a.Timeline {
		out = append(out, ev.Type)
	}
	return out
}

// browser is an HTTP client with a cookie jar that does not follow
// redirects, like a staff member's browser.
type browser struct {
	e    *env
	c    *http.Client
	csrf string
}

func (e *env) browser() *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{e: e, c: &http.Client{Jar: jar, Transport: http.DefaultTransport,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

var csrfMetaRE = regexp.MustCompile(`<meta name="csrf-token" content="([^"]+)">`)

// staffBrowser signs in through the login form and reads the CSRF token.
func (e *env) staffBrowser(user, pw string) *browser {
	e.t.Helper()
	b := e.browser()
	r := b.post("/admin/login", url.Values{"username": {user}, "password": {pw}, "next": {"/admin/"}})
	if r.status != http.StatusSeeOther {
		e.t.Fatalf("staff login %s: %d %s", user, r.status, r.body)
	}
	page := b.get("/admin/")
	m := csrfMetaRE.FindSubmatch(page.body)
	if m == nil {
		e.t.Fatalf("no CSRF token on the page: %d", page.status)
	}
	b.csrf = string(m[1])
	return b
}

func (b *browser) send(req *http.Request) resp {
	b.e.t.Helper()
	res, err := b.c.Do(req)
	if err != nil {
		b.e.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return resp{status: res.StatusCode, header: res.Header, body: body}
}

func (b *browser) get(path string) resp {
	req, _ := http.NewRequest("GET", b.e.srv.URL()+path, nil)
	return b.send(req)
}

// post sends a form as a browser does (same-origin Origin header).
func (b *browser) post(path string, form url.Values, hdr ...string) resp {
	req, _ := http.NewRequest("POST", b.e.srv.URL()+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", b.e.srv.URL())
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	return b.send(req)
}

// postJSON calls the JSON back office with the session cookie.
func (b *browser) postJSON(path string, body string, hdr ...string) resp {
	req, _ := http.NewRequest("POST", b.e.srv.URL()+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	return b.send(req)
}

func newRecorder() *httptest.ResponseRecorder { return httptest.NewRecorder() }

package client

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/naiman-yiye/yiye/client/api"
	"github.com/tus/tusd/v2/pkg/filestore"
	tushandler "github.com/tus/tusd/v2/pkg/handler"
	"golang.org/x/exp/slog"
)

// testPortal is a small implementation of the contract's parts the client
// exercises (login/refresh, tus uploads with SHA-256 verification,
// idempotent application creation, listing), on a real tusd handler, for
// unit tests that must not wait for the reference portal binary. The
// end-to-end tests run the real cmd/yiye-portal.
type testPortal struct {
	*httptest.Server
	dir string

	mu       sync.Mutex
	access   map[string]string // token → phone
	refresh  map[string]string
	verified map[string]string // upload id → sha256 (only complete, matching uploads)
	apps     []*api.Application
	byKey    map[string]keyRec
	creates  atomic.Int64 // applications actually created
	posts    atomic.Int64 // POST /applications received
	patched  atomic.Int64 // PATCH body bytes received
	// expireAll makes every access token invalid (to test refresh).
	expireAll atomic.Bool
	// dropCreates loses the answer to this many application creations
	// after they were stored (the connection is closed instead).
	dropCreates atomic.Int64
	// onPatch, if set, runs before each PATCH is handled (n counts from 1).
	onPatch  atomic.Pointer[func(n int64)]
	patchesN atomic.Int64
	// afterCreate, if set, runs after an application was stored and
	// before the answer is written.
	afterCreate atomic.Pointer[func()]
}

func (p *testPortal) setOnPatch(fn func(n int64)) {
	if fn == nil {
		p.onPatch.Store(nil)
		return
	}
	p.onPatch.Store(&fn)
}

func (p *testPortal) setAfterCreate(fn func()) {
	if fn == nil {
		p.afterCreate.Store(nil)
		return
	}
	p.afterCreate.Store(&fn)
}

type keyRec struct {
	bodySum string
	app     *api.Application
}

func newTestPortal(t testing.TB) *testPortal {
	t.Helper()
	p := &testPortal{dir: t.TempDir(), access: map[string]string{}, refresh: map[string]string{},
		verified: map[string]string{}, byKey: map[string]keyRec{}}
	composer := tushandler.NewStoreComposer()
	filestore.New(p.dir).UseIn(composer)
	h, err := tushandler.NewHandler(tushandler.Config{
		BasePath:      api.PathUploads + "/",
		StoreComposer: composer,
		Logger:        slog.New(slog.NewTextHandler(io.Discard, nil)),
		PreUploadCreateCallback: func(ev tushandler.HookEvent) (tushandler.HTTPResponse, tushandler.FileInfoChanges, error) {
			if len(ev.Upload.MetaData[api.MetaSHA256]) != 64 {
				return tushandler.HTTPResponse{}, tushandler.FileInfoChanges{}, tushandler.NewError("upload.sha256", "sha256 metadata required", 400)
			}
			return tushandler.HTTPResponse{}, tushandler.FileInfoChanges{}, nil
		},
		PreFinishResponseCallback: func(ev tushandler.HookEvent) (tushandler.HTTPResponse, error) {
			sum, err := fileSum(filepath.Join(p.dir, ev.Upload.ID))
			if err != nil {
				return tushandler.HTTPResponse{}, err
			}
			if sum != ev.Upload.MetaData[api.MetaSHA256] {
				return tushandler.HTTPResponse{}, tushandler.NewError("upload.checksum", "sha256 mismatch", api.StatusChecksumMismatch)
			}
			p.mu.Lock()
			p.verified[ev.Upload.ID] = sum
			p.mu.Unlock()
			return tushandler.HTTPResponse{}, nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle(api.PathUploads, p.authed(http.StripPrefix(api.PathUploads, h).ServeHTTP))
	mux.Handle(api.PathUploads+"/", p.authed(http.StripPrefix(api.PathUploads+"/", h).ServeHTTP))
	mux.HandleFunc("POST "+api.PathAuthLogin, p.login)
	mux.HandleFunc("POST "+api.PathAuthRefresh, p.doRefresh)
	mux.HandleFunc("POST "+api.PathApplications, p.authed(p.create))
	mux.HandleFunc("GET "+api.PathApplications, p.authed(p.list))
	p.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPatch {
			if n, fn := p.patchesN.Add(1), p.onPatch.Load(); fn != nil {
				(*fn)(n)
			}
			r.Body = &countBody{ReadCloser: r.Body, n: &p.patched}
		}
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(p.Close)
	return p
}

func fileSum(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func writeAPIError(w http.ResponseWriter, status int, code, zh string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(api.Error{Code: code, MessageZH: zh, MessageEN: code})
}

func (p *testPortal) authed(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		tok := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		p.mu.Lock()
		_, ok := p.access[tok]
		p.mu.Unlock()
		if !ok || p.expireAll.Load() {
			writeAPIError(w, http.StatusUnauthorized, "auth.expired", "登录已过期")
			return
		}
		next(w, r)
	}
}

func (p *testPortal) issue(w http.ResponseWriter, phone string) {
	p.mu.Lock()
	a, r := NewIdempotencyKey(), NewIdempotencyKey()
	p.access[a], p.refresh[r] = phone, phone
	p.mu.Unlock()
	json.NewEncoder(w).Encode(api.TokenPair{AccessToken: a, RefreshToken: r, TokenType: "Bearer", ExpiresIn: 900})
}

func (p *testPortal) login(w http.ResponseWriter, r *http.Request) {
	var in api.LoginRequest
	if json.NewDecoder(r.Body).Decode(&in) != nil || in.Code != "123456" {
		writeAPIError(w, http.StatusUnauthorized, "auth.invalid_code", "验证码错误")
		return
	}
	p.issue(w, in.Phone)
}

func (p *testPortal) doRefresh(w http.ResponseWriter, r *http.Request) {
	var in api.RefreshRequest
	json.NewDecoder(r.Body).Decode(&in)
	p.mu.Lock()
	phone, ok := p.refresh[in.RefreshToken]
	delete(p.refresh, in.RefreshToken) // rotation: each refresh token works once
	p.mu.Unlock()
	if !ok {
		writeAPIError(w, http.StatusUnauthorized, "auth.invalid_refresh", "请重新登录")
		return
	}
	p.expireAll.Store(false)
	p.issue(w, phone)
}

func (p *testPortal) create(w http.ResponseWriter, r *http.Request) {
	p.posts.Add(1)
	key := r.Header.Get(api.HeaderIdempotencyKey)
	body, _ := io.ReadAll(r.Body)
	var req api.ApplicationRequest
	if len(key) < 8 || json.Unmarshal(body, &req) != nil {
		writeAPIError(w, http.StatusBadRequest, "request.invalid", "请求无效")
		return
	}
	sum := sha256.Sum256(body)
	p.mu.Lock()
	defer p.mu.Unlock()
	if rec, ok := p.byKey[key]; ok {
		if rec.bodySum != hex.EncodeToString(sum[:]) {
			writeAPIError(w, http.StatusUnprocessableEntity, "idempotency.key_reused", "重复的请求标识")
			return
		}
		w.Header().Set(api.HeaderReplayed, "true")
		json.NewEncoder(w).Encode(rec.app)
		return
	}
	for _, m := range req.Materials {
		if p.verified[m.UploadID] != m.SHA256 || m.SHA256 == "" {
			writeAPIError(w, http.StatusUnprocessableEntity, "materials.unverified", "材料未上传完成")
			return
		}
	}
	n := p.creates.Add(1)
	now := time.Now().UTC()
	app := &api.Application{ApplicationSummary: api.ApplicationSummary{ID: fmt.Sprintf("app-%d", n), Number: fmt.Sprintf("NM%06d", n),
		Industry: req.Industry, SubjectName: req.Subject.Name, Status: api.StatusSubmitted, CreatedAt: now, UpdatedAt: now, ClientRef: req.ClientRef},
		Subject: req.Subject, Form: req.Form, Materials: req.Materials}
	for _, code := range req.Items {
		app.Items = append(app.Items, api.ItemStatus{Code: code, Name: code, Status: api.ItemPending})
	}
	p.apps = append(p.apps, app)
	p.byKey[key] = keyRec{hex.EncodeToString(sum[:]), app}
	if fn := p.afterCreate.Load(); fn != nil {
		p.mu.Unlock()
		(*fn)()
		p.mu.Lock()
	}
	if p.dropCreates.Load() > 0 {
		p.dropCreates.Add(-1)
		c, _, _ := w.(http.Hijacker).Hijack()
		c.Close()
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusCreated)
	json.NewEncoder(w).Encode(app)
}

func (p *testPortal) list(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out api.ApplicationList
	for i := len(p.apps) - 1; i >= 0; i-- {
		out.Applications = append(out.Applications, p.apps[i].ApplicationSummary)
	}
	json.NewEncoder(w).Encode(out)
}

// setStatus changes an application's status (the back office, for watcher tests).
func (p *testPortal) setStatus(id, status string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, a := range p.apps {
		if a.ID == id {
			a.Status = status
			a.UpdatedAt = time.Now().UTC()
		}
	}
}

// setItem changes one item's status (the back office, for watcher tests).
func (p *testPortal) setItem(id, code, status string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, a := range p.apps {
		for i := range a.Items {
			if a.ID == id && a.Items[i].Code == code {
				a.Items[i].Status = status
				a.UpdatedAt = time.Now().UTC()
			}
		}
	}
}

// storedSum is the SHA-256 of the bytes the server holds for an upload.
func (p *testPortal) storedSum(t testing.TB, uploadID string) string {
	t.Helper()
	s, err := fileSum(filepath.Join(p.dir, uploadID))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

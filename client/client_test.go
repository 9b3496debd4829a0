package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/naiman-yiye/yiye/client/api"
	"github.com/naiman-yiye/yiye/usererr"
)

func TestHTTPErrorCodes(t *testing.T) {
	for _, tc := range []struct {
		status    int
		code      string
		transient bool
	}{
		{400, CodeValidation, false},
		{401, CodeUnauthorized, false},
		{403, CodeForbidden, false},
		{404, CodeNotFound, false},
		{409, CodeConflict, false},
		{410, CodeNotFound, false},
		{413, CodeTooLarge, false},
		{422, CodeValidation, false},
		{429, CodeRateLimited, true},
		{460, CodeFileChanged, false},
		{500, CodeServer, false},
		{502, CodeServer, true},
		{503, CodeServer, true},
		{504, CodeServer, true},
	} {
		err := error(httpError(&HTTPError{Status: tc.status, Message: "服务器说明", MessageEN: "server says"}))
		if CodeOf(err) != tc.code || Transient(err) != tc.transient || StatusOf(err) != tc.status {
			t.Errorf("%d: code %s transient %v status %d", tc.status, CodeOf(err), Transient(err), StatusOf(err))
		}
		var ue *usererr.Error
		errors.As(err, &ue)
		if !strings.Contains(ue.ZH, "服务器说明") || !strings.Contains(ue.EN, "server says") {
			t.Errorf("%d: server message lost: %q / %q", tc.status, ue.ZH, ue.EN)
		}
	}
}

func TestTransientTransportErrors(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, tc := range []struct {
		name string
		err  error
		want bool
	}{
		{"reset", transportError(context.Background(), syscall.ECONNRESET), true},
		{"deadline", context.DeadlineExceeded, true},
		{"canceled by caller", transportError(ctx, fmt.Errorf("x: %w", context.Canceled)), false},
		{"plain", errors.New("boom"), false},
		{"nil", nil, false},
	} {
		if got := Transient(tc.err); got != tc.want {
			t.Errorf("%s: %v", tc.name, got)
		}
	}
}

// flaky answers with the given statuses in turn, then 200 {}.
func flaky(t *testing.T, statuses ...int) (*httptest.Server, *atomic.Int64, *sync.Map) {
	var n atomic.Int64
	keys := &sync.Map{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i := n.Add(1) - 1
		keys.Store(r.Header.Get("Idempotency-Key"), true)
		if int(i) < len(statuses) {
			if statuses[i] == 503 {
				w.Header().Set("Retry-After", "0")
			}
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(statuses[i])
			json.NewEncoder(w).Encode(api.Error{Code: "x", MessageZH: "错误", MessageEN: "error"})
			return
		}
		w.Write([]byte(`{"phone":"13800000000"}`))
	}))
	t.Cleanup(srv.Close)
	return srv, &n, keys
}

func TestRetryPolicy(t *testing.T) {
	for _, tc := range []struct {
		name     string
		statuses []int
		calls    int64
		code     string
	}{
		{"transient then ok", []int{503, 502, 504}, 4, ""},
		{"rate limited then ok", []int{429}, 2, ""},
		{"validation is final", []int{422}, 1, CodeValidation},
		{"500 is not retried here", []int{500}, 1, CodeServer},
		{"gives up after the attempts", []int{503, 503, 503, 503, 503}, 4, CodeServer},
	} {
		srv, n, keys := flaky(t, tc.statuses...)
		c := New(Config{BaseURL: srv.URL, Retry: RetryPolicy{Attempts: 4, Backoff: Backoff{Base: time.Millisecond, Max: 2 * time.Millisecond}}})
		var out api.Account
		err := c.do(context.Background(), call{method: http.MethodPost, path: "/x", body: map[string]int{"a": 1}, out: &out, noAuth: true})
		if CodeOf(err) != tc.code || n.Load() != tc.calls {
			t.Errorf("%s: err %v after %d calls", tc.name, err, n.Load())
		}
		if tc.code == "" && out.Phone != "13800000000" {
			t.Errorf("%s: body %+v", tc.name, out)
		}
		count := 0
		keys.Range(func(k, _ any) bool { count++; return k.(string) != "" })
		if count != 1 {
			t.Errorf("%s: %d different Idempotency-Keys across retries", tc.name, count)
		}
	}
}

func TestBackoffBounds(t *testing.T) {
	b := Backoff{Base: 10 * time.Millisecond, Max: 80 * time.Millisecond}
	for attempt := 0; attempt < 10; attempt++ {
		ceil := min(10*time.Millisecond<<attempt, 80*time.Millisecond)
		for i := 0; i < 50; i++ {
			if d := b.Delay(attempt); d < 0 || d > ceil {
				t.Fatalf("attempt %d: %v above %v", attempt, d, ceil)
			}
		}
	}
}

// Several calls that meet an expired access token refresh it once (refresh
// tokens rotate: a second refresh with the old one would fail).
func TestConcurrentRefreshOnce(t *testing.T) {
	p := newTestPortal(t)
	c := loggedIn(t, p.URL)
	var refreshes atomic.Int64
	inner := c.refresher
	c.refresher = func(ctx context.Context, r string) (Tokens, error) {
		refreshes.Add(1)
		return inner(ctx, r)
	}
	p.expireAll.Store(true)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := c.ListApplications(context.Background())
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	if refreshes.Load() != 1 {
		t.Errorf("%d refreshes", refreshes.Load())
	}
}

func TestLoginRefused(t *testing.T) {
	p := newTestPortal(t)
	c := New(Config{BaseURL: p.URL})
	err := c.Login(context.Background(), "13800000000", "000000")
	if CodeOf(err) != CodeValidation || StatusOf(err) != 401 || c.LoggedIn(context.Background()) {
		t.Fatalf("got %v", err)
	}
	if msg := usererr.Message(err, "zh"); !strings.Contains(msg, "验证码") {
		t.Errorf("message %q", msg)
	}
}

func TestReadHTTPErrorShapes(t *testing.T) {
	for _, tc := range []struct{ body, code, msg string }{
		{`{"code":"auth.invalid_code","message_zh":"验证码错误","message_en":"wrong"}`, "auth.invalid_code", "验证码错误"},
		{`{"error":{"code":"x","message":"nested"}}`, "x", "nested"},
		{`{"error":"flat"}`, "", "flat"},
		{`<html>Bad Gateway</html>`, "", "<html>Bad Gateway</html>"},
	} {
		rec := httptest.NewRecorder()
		rec.WriteHeader(502)
		rec.WriteString(tc.body)
		h := readHTTPError(httptest.NewRequest("GET", "/", nil), rec.Result())
		if h.ServerCode != tc.code || h.Message != tc.msg || h.Status != 502 {
			t.Errorf("%s: %+v", tc.body, h)
		}
	}
}

func FuzzReadHTTPError(f *testing.F) {
	for _, s := range []string{`{"code":"a","message_zh":"中","fields":["x"]}`, `{"error":{"code":1}}`, `{"error":"x"}`, "plain", "", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		rec := httptest.NewRecorder()
		rec.WriteHeader(400)
		rec.WriteString(body)
		h := readHTTPError(httptest.NewRequest("GET", "/", nil), rec.Result())
		e := httpError(h)
		if e.Code != CodeValidation || StatusOf(e) != 400 || len(h.Message) > 4<<10+len("…") {
			t.Fatalf("%q → %+v", body, h)
		}
	})
}

// A nil *usererr.Error in an error interface means "no error": it has no
// code, and asking for one must not dereference it (this crashed the app
// when a queued item carried no error).
func TestCodeOfNilUserError(t *testing.T) {
	var none *usererr.Error
	for _, err := range []error{nil, none, errors.New("plain"), fmt.Errorf("wrapped: %w", error(none))} {
		if got := CodeOf(err); got != "" {
			t.Errorf("CodeOf(%#v) = %q, want empty", err, got)
		}
	}
	if got := CodeOf(fmt.Errorf("x: %w", usererr.New(CodeOffline, "离线", "offline"))); got != CodeOffline {
		t.Errorf("CodeOf(wrapped offline) = %q", got)
	}
}

package client

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/go-resty/resty/v2"
	"github.com/naiman-yiye/yiye/usererr"
)

// Config says where the portal is and how patient to be with it.
type Config struct {
	BaseURL   string        // portal root, e.g. "https://portal.example"; API paths are appended
	Timeout   time.Duration // one API request, connect to last byte; default 30s
	Retry     RetryPolicy   // retries of transient failures per request
	ChunkSize int64         // tus PATCH size; DefaultChunkSize if 0
	// StallTimeout cancels an upload request that made no progress for
	// this long (a peer that stopped reading); default 60s.
	StallTimeout time.Duration
	Tokens       TokenStore        // where the session lives; in-memory if nil
	UserAgent    string            // default "yiye-client"
	Transport    http.RoundTripper // for tests; a tuned *http.Transport if nil
}

// Tokens is the login session.
type Tokens struct {
	Access  string    `json:"access_token"`
	Refresh string    `json:"refresh_token"`
	Expires time.Time `json:"expires_at"`
}

// TokenStore keeps the session across restarts; the app backs it with its
// database (see DBTokenStore) so the applicant stays logged in.
type TokenStore interface {
	LoadTokens(ctx context.Context) (Tokens, error)
	SaveTokens(ctx context.Context, t Tokens) error
}

// MemoryTokens is a TokenStore that forgets on exit.
type MemoryTokens struct {
	mu sync.Mutex
	t  Tokens
}

func (m *MemoryTokens) LoadTokens(context.Context) (Tokens, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.t, nil
}

func (m *MemoryTokens) SaveTokens(_ context.Context, t Tokens) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.t = t
	return nil
}

// Client is safe for concurrent use.
type Client struct {
	cfg    Config
	rc     *resty.Client
	upHTTP *http.Client
	tokens TokenStore

	refreshMu sync.Mutex
	refresher func(ctx context.Context, refresh string) (Tokens, error)
}

// NewTransport returns the transport the client uses when Config.Transport
// is nil: bounded connect and header waits, large write buffers for uploads.
func NewTransport(timeout time.Duration) *http.Transport {
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	return &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: timeout,
		ExpectContinueTimeout: time.Second,
		IdleConnTimeout:       90 * time.Second,
		MaxIdleConnsPerHost:   4,
		WriteBufferSize:       256 << 10,
		ReadBufferSize:        64 << 10,
	}
}

// New returns a client for cfg.BaseURL.
func New(cfg Config) *Client {
	if cfg.Timeout <= 0 {
		cfg.Timeout = 30 * time.Second
	}
	if cfg.StallTimeout <= 0 {
		cfg.StallTimeout = 60 * time.Second
	}
	if cfg.UserAgent == "" {
		cfg.UserAgent = "yiye-client"
	}
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	tr := cfg.Transport
	if tr == nil {
		tr = NewTransport(cfg.Timeout)
	}
	tokens := cfg.Tokens
	if tokens == nil {
		tokens = &MemoryTokens{}
	}
	rc := resty.NewWithClient(&http.Client{Transport: tr, Timeout: cfg.Timeout}).
		SetBaseURL(cfg.BaseURL).
		SetHeader("User-Agent", cfg.UserAgent).
		SetHeader("Accept", "application/json").
		SetRetryCount(0) // retries are ours: only transient failures, with jitter
	c := &Client{
		cfg:    cfg,
		rc:     rc,
		upHTTP: &http.Client{Transport: tr}, // no overall timeout: uploads are long; stalls are watched
		tokens: tokens,
	}
	c.refresher = c.refreshTokens
	return c
}

// Uploader returns a tus uploader that shares the client's connections and
// session (the access token goes in Authorization on every tus request).
func (c *Client) Uploader() *Uploader {
	return &Uploader{
		HTTP:      c.upHTTP,
		ChunkSize: c.cfg.ChunkSize,
		Retry:     c.cfg.Retry,
		Stall:     c.cfg.StallTimeout,
		Reauth:    c.refresh,
		Header: func(r *http.Request) {
			if t, err := c.tokens.LoadTokens(r.Context()); err == nil && t.Access != "" {
				r.Header.Set("Authorization", "Bearer "+t.Access)
			}
		},
	}
}

// BaseURL returns the portal root the client talks to.
func (c *Client) BaseURL() string { return c.cfg.BaseURL }

// NewIdempotencyKey returns a fresh random key (128 bits, hex).
func NewIdempotencyKey() string {
	var b [16]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// call describes one logical API request.
type call struct {
	method    string
	path      string
	query     map[string]string
	body      any
	out       any
	header    map[string]string
	idemKey   string // sent as Idempotency-Key on every attempt
	noAuth    bool
	noRefresh bool  // a 401 is final (no token refresh)
	accept    []int // extra statuses treated as success (e.g. 304)
	status    *int  // receives the final status
	headers   *http.Header
	resp      **resty.Response
}

// do runs a call with auth, retries of transient failures (same
// Idempotency-Key on every attempt) and one token refresh on 401.
func (c *Client) do(ctx context.Context, k call) error {
	if k.idemKey == "" && k.method == http.MethodPost {
		k.idemKey = NewIdempotencyKey()
	}
	refreshed := false
	for {
		var used string // the access token the last attempt sent
		err := retry(ctx, c.cfg.Retry, func(int) error { return c.once(ctx, k, &used) })
		if err == nil || k.noAuth || k.noRefresh || refreshed || StatusOf(err) != http.StatusUnauthorized {
			return err
		}
		refreshed = true
		if rerr := c.refreshFrom(ctx, used); rerr != nil {
			return err // the original 401: the UI sends the user to log in
		}
	}
}

func (c *Client) once(ctx context.Context, k call, used *string) error {
	req := c.rc.R().SetContext(ctx)
	if !k.noAuth {
		t, err := c.tokens.LoadTokens(ctx)
		if err != nil {
			return err
		}
		if t.Access != "" {
			req.SetAuthToken(t.Access)
		}
		*used = t.Access
	}
	if k.idemKey != "" {
		req.SetHeader("Idempotency-Key", k.idemKey)
	}
	for h, v := range k.header {
		req.SetHeader(h, v)
	}
	if len(k.query) > 0 {
		req.SetQueryParams(k.query)
	}
	if k.body != nil {
		req.SetHeader("Content-Type", "application/json").SetBody(k.body)
	}
	req.SetDoNotParseResponse(true)
	resp, err := req.Execute(k.method, k.path)
	if err != nil {
		return transportError(ctx, err)
	}
	raw := resp.RawBody()
	defer raw.Close()
	if k.status != nil {
		*k.status = resp.StatusCode()
	}
	if k.resp != nil {
		*k.resp = resp
	}
	if k.headers != nil {
		*k.headers = resp.Header()
	}
	for _, s := range k.accept {
		if resp.StatusCode() == s {
			return nil
		}
	}
	if resp.StatusCode() < 200 || resp.StatusCode() > 299 {
		return httpError(readHTTPError(resp.RawResponse.Request, resp.RawResponse))
	}
	if k.out == nil {
		io.Copy(io.Discard, raw)
		return nil
	}
	if w, ok := k.out.(io.Writer); ok {
		if r, ok := w.(interface{ Reset() }); ok {
			r.Reset() // a retry starts the body over
		}
		if _, err := io.Copy(w, raw); err != nil {
			if errors.Is(err, errTooLarge) {
				return err
			}
			return transportError(ctx, err)
		}
		return nil
	}
	data, err := io.ReadAll(raw)
	if err != nil {
		return transportError(ctx, err)
	}
	if err := json.Unmarshal(data, k.out); err != nil {
		return usererr.New(CodeServer, "政务服务平台返回了无法识别的数据。", "The portal sent an answer the app cannot read.").
			Wrap(&HTTPError{Method: k.method, URL: resp.Request.URL, Status: resp.StatusCode(), Message: err.Error()})
	}
	return nil
}

// readHTTPError reads (a bounded part of) an error answer. It understands
// {"code","message"}, {"error":{"code","message"}} and {"error":"..."}
// bodies and falls back to the text itself.
func readHTTPError(req *http.Request, resp *http.Response) *HTTPError {
	h := &HTTPError{Status: resp.StatusCode, RetryAfter: resp.Header.Get("Retry-After")}
	if req != nil {
		h.Method = req.Method
		if req.URL != nil {
			h.URL = req.URL.Redacted()
		}
	}
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 4<<10))
	data = bytes.TrimSpace(data)
	var flat struct {
		Code      string          `json:"code"`
		Message   string          `json:"message"`
		MessageZH string          `json:"message_zh"`
		MessageEN string          `json:"message_en"`
		Fields    []string        `json:"fields"`
		Error     json.RawMessage `json:"error"`
	}
	if json.Unmarshal(data, &flat) == nil {
		h.ServerCode, h.Message, h.MessageEN, h.Fields = flat.Code, flat.Message, flat.MessageEN, flat.Fields
		if flat.MessageZH != "" {
			h.Message = flat.MessageZH
		}
		var nested struct{ Code, Message string }
		var s string
		switch {
		case json.Unmarshal(flat.Error, &nested) == nil && (nested.Code != "" || nested.Message != ""):
			h.ServerCode, h.Message = nested.Code, nested.Message
		case json.Unmarshal(flat.Error, &s) == nil && s != "" && h.Message == "":
			h.Message = s
		}
		if h.ServerCode != "" || h.Message != "" {
			return h
		}
	}
	msg := string(data)
	if len(msg) > 300 {
		msg = msg[:300] + "…"
	}
	h.Message = msg
	return h
}

// refresh swaps the refresh token for new tokens (used by the uploader
// after a 401).
func (c *Client) refresh(ctx context.Context) error {
	t, err := c.tokens.LoadTokens(ctx)
	if err != nil {
		return err
	}
	return c.refreshFrom(ctx, t.Access)
}

// refreshFrom refreshes the session unless the access token is no longer
// failed (the one a 401 answered): concurrent 401s share one refresh, as
// refresh tokens rotate and work once.
func (c *Client) refreshFrom(ctx context.Context, failed string) error {
	c.refreshMu.Lock()
	defer c.refreshMu.Unlock()
	now, err := c.tokens.LoadTokens(ctx)
	if err != nil {
		return err
	}
	if now.Access != failed && now.Access != "" {
		return nil // someone else refreshed meanwhile
	}
	if now.Refresh == "" || c.refresher == nil {
		return errors.New("client: no refresh token")
	}
	t, err := c.refresher(ctx, now.Refresh)
	if err != nil {
		return err
	}
	return c.tokens.SaveTokens(ctx, t)
}

func fileChanged(path string, cause error) *usererr.Error {
	return usererr.Newf(CodeFileChanged, "附件“%s”已被移动、删除或修改，请重新添加后再提交。",
		"The attachment “%s” was moved, deleted or changed; add it again before submitting.", filepath.Base(path)).Wrap(cause)
}

package client

import (
	"context"
	"crypto/ed25519"
	"database/sql"
	"errors"
	"net/http"
	"sync"
	"time"

	"github.com/naiman-yiye/yiye/bundle"
	"github.com/naiman-yiye/yiye/client/api"
	"github.com/naiman-yiye/yiye/usererr"
)

// CatalogStore is where a verified catalog document goes;
// *catalog.Local satisfies it (Replace parses and validates, and keeps the
// previous copy on any error).
type CatalogStore interface {
	Replace(ctx context.Context, data []byte) error
}

// Syncer keeps the local catalog in step with the portal's signed bundle by
// conditional GET, remembering the ETag of the last bundle it accepted.
type Syncer struct {
	c       *Client
	db      *sql.DB
	local   CatalogStore
	trusted []ed25519.PublicKey
	mu      sync.Mutex // one sync at a time
}

// SyncResult says what a Sync did.
type SyncResult struct {
	NotModified bool   // 304: nothing new on the portal
	Installed   bool   // the bundle was verified and its document is in use (new, or the same as the local copy)
	Version     string // the bundle's version (when downloaded)
	ETag        string
}

// OpenSyncer migrates the client tables and returns a syncer that accepts
// only bundles signed by one of trusted (the pinned bundle keys).
func OpenSyncer(ctx context.Context, db *sql.DB, c *Client, local CatalogStore, trusted []ed25519.PublicKey) (*Syncer, error) {
	if err := migrateClient(ctx, db); err != nil {
		return nil, err
	}
	return &Syncer{c: c, db: db, local: local, trusted: trusted}, nil
}

// ETag returns the entity tag of the last accepted bundle ("" if none).
func (s *Syncer) ETag(ctx context.Context) (string, error) {
	v, _, err := getState(ctx, s.db, "catalog.etag")
	return string(v), err
}

// LicenseKey returns the license-verification key carried by the last
// accepted bundle (nil if none yet), for verifying QR payloads offline.
func (s *Syncer) LicenseKey(ctx context.Context) (ed25519.PublicKey, error) {
	v, ok, err := getState(ctx, s.db, "catalog.license_key")
	if err != nil || !ok || len(v) != ed25519.PublicKeySize {
		return nil, err
	}
	return ed25519.PublicKey(v), nil
}

// LastChecked returns when the portal last answered a sync (zero if never).
func (s *Syncer) LastChecked(ctx context.Context) (time.Time, error) {
	v, ok, err := getState(ctx, s.db, "catalog.checked_at")
	if err != nil || !ok {
		return time.Time{}, err
	}
	return time.Parse(time.RFC3339Nano, string(v))
}

// Sync asks the portal for the bundle with If-None-Match. A bundle that is
// not signed by a pinned key, or whose document the local store refuses
// (schema, older version), is refused with client.bad_bundle and the local
// copy stays as it was; its ETag is not remembered, so the next sync asks
// again.
func (s *Syncer) Sync(ctx context.Context) (SyncResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	etag, err := s.ETag(ctx)
	if err != nil {
		return SyncResult{}, err
	}
	var body limitedBuffer
	body.max = bundle.MaxSize
	var status int
	var hdr http.Header
	k := call{method: http.MethodGet, path: api.PathCatalogBundle, out: &body, noAuth: true,
		accept: []int{http.StatusNotModified}, status: &status,
		header: map[string]string{"Accept": api.MediaTypeBundle}}
	if etag != "" {
		k.header["If-None-Match"] = etag
	}
	k.headers = &hdr
	if err := s.c.do(ctx, k); err != nil {
		if errors.Is(err, errTooLarge) {
			return SyncResult{}, badBundle(err)
		}
		return SyncResult{}, err
	}
	now := []byte(time.Now().UTC().Format(time.RFC3339Nano))
	if status == http.StatusNotModified {
		return SyncResult{NotModified: true, ETag: etag}, setState(ctx, s.db, "catalog.checked_at", now)
	}
	b, err := bundle.Open(body.Bytes(), s.trusted)
	if err != nil {
		return SyncResult{}, badBundle(err)
	}
	if err := s.local.Replace(ctx, b.Document); err != nil {
		return SyncResult{}, badBundle(err)
	}
	newTag := hdr.Get("ETag")
	if newTag == "" {
		newTag = bundle.ETag(body.Bytes())
	}
	for key, v := range map[string][]byte{"catalog.etag": []byte(newTag), "catalog.license_key": b.LicenseKey,
		"catalog.version": []byte(b.Version), "catalog.checked_at": now} {
		if err := setState(ctx, s.db, key, v); err != nil {
			return SyncResult{}, err
		}
	}
	return SyncResult{Installed: true, Version: b.Version, ETag: newTag}, nil
}

func badBundle(cause error) *usererr.Error {
	e := usererr.New(CodeBadBundle, "收到的事项目录未通过校验，已拒绝；继续使用本机现有目录。",
		"The catalog received failed its checks and was refused; the copy on this computer stays in use.")
	var ue *usererr.Error
	if errors.As(cause, &ue) {
		e.ZH += "（" + ue.ZH + "）"
		e.EN += " (" + ue.EN + ")"
	}
	return e.Wrap(cause)
}

var errTooLarge = errors.New("client: answer too large")

// limitedBuffer is an io.Writer that refuses more than max bytes.
type limitedBuffer struct {
	buf []byte
	max int
}

func (l *limitedBuffer) Write(p []byte) (int, error) {
	if len(l.buf)+len(p) > l.max {
		return 0, errTooLarge
	}
	l.buf = append(l.buf, p...)
	return len(p), nil
}

func (l *limitedBuffer) Bytes() []byte { return l.buf }

func (l *limitedBuffer) Reset() { l.buf = l.buf[:0] }

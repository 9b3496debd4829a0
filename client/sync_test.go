package client

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/naiman-yiye/yiye/bundle"
	"github.com/naiman-yiye/yiye/catalog"
	"github.com/naiman-yiye/yiye/client/api"
)

// bundleServer serves whatever bundle bytes it holds, with ETag/304.
type bundleServer struct {
	*httptest.Server
	mu   sync.Mutex
	data []byte
	gets atomic.Int64
	full atomic.Int64 // 200 answers
}

func newBundleServer(t *testing.T) *bundleServer {
	b := &bundleServer{}
	b.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != api.PathCatalogBundle {
			http.NotFound(w, r)
			return
		}
		b.gets.Add(1)
		b.mu.Lock()
		data := b.data
		b.mu.Unlock()
		tag := bundle.ETag(data)
		w.Header().Set("ETag", tag)
		if r.Header.Get("If-None-Match") == tag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		b.full.Add(1)
		w.Header().Set("Content-Type", api.MediaTypeBundle)
		w.Write(data)
	}))
	t.Cleanup(b.Close)
	return b
}

func (b *bundleServer) set(data []byte) { b.mu.Lock(); b.data = data; b.mu.Unlock() }

// docVersion returns the embedded catalog document with another version
// (and, if broken, a schema violation).
func docVersion(t *testing.T, v int, broken bool) []byte {
	var m map[string]any
	if err := json.Unmarshal(catalog.EmbeddedDocument(), &m); err != nil {
		t.Fatal(err)
	}
	m["version"] = v
	if broken {
		m["schema"] = 99
	}
	out, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func signed(t *testing.T, priv ed25519.PrivateKey, doc []byte, lic ed25519.PublicKey) []byte {
	data, err := bundle.Sign(priv, doc, bundle.Meta{LicenseKey: lic})
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestCatalogSync(t *testing.T) {
	ctx := context.Background()
	db := openDB(t, filepath.Join(t.TempDir(), "yiye.db"))
	local, err := catalog.OpenLocal(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	v1 := local.Version()
	pub, priv, _ := ed25519.GenerateKey(nil)
	lic, _, _ := ed25519.GenerateKey(nil)
	_, evil, _ := ed25519.GenerateKey(nil)
	srv := newBundleServer(t)
	c := New(Config{BaseURL: srv.URL, Retry: fastRetry()})
	s, err := OpenSyncer(ctx, db, c, local, []ed25519.PublicKey{pub})
	if err != nil {
		t.Fatal(err)
	}

	// A newer, properly signed catalog is installed and its ETag kept.
	srv.set(signed(t, priv, docVersion(t, v1+1, false), lic))
	res, err := s.Sync(ctx)
	if err != nil || !res.Installed || local.Version() != v1+1 {
		t.Fatalf("sync: %+v %v (version %d)", res, err, local.Version())
	}
	if k, _ := s.LicenseKey(ctx); !k.Equal(lic) {
		t.Errorf("license key %x", k)
	}
	// Nothing new: 304, nothing downloaded.
	res, err = s.Sync(ctx)
	if err != nil || !res.NotModified || srv.full.Load() != 1 {
		t.Fatalf("second sync: %+v %v (%d full answers)", res, err, srv.full.Load())
	}
	good, _ := s.ETag(ctx)

	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"signed by an unknown key", signed(t, evil, docVersion(t, v1+2, false), lic)},
		{"tampered after signing", func() []byte {
			b := signed(t, priv, docVersion(t, v1+2, false), lic)
			var env map[string]any
			json.Unmarshal(b, &env)
			env["version"] = "forged"
			out, _ := json.Marshal(env)
			return out
		}()},
		{"schema violation", signed(t, priv, docVersion(t, v1+2, true), lic)},
		{"older version", signed(t, priv, docVersion(t, v1, false), lic)},
		{"not a bundle", []byte("<html>portal maintenance</html>")},
	} {
		srv.set(tc.data)
		_, err := s.Sync(ctx)
		if CodeOf(err) != CodeBadBundle {
			t.Errorf("%s: got %v", tc.name, err)
		}
		if local.Version() != v1+1 {
			t.Errorf("%s: local copy changed to %d", tc.name, local.Version())
		}
		if tag, _ := s.ETag(ctx); tag != good {
			t.Errorf("%s: ETag changed", tc.name)
		}
	}
	// The local copy survives a reopen of the database.
	again, err := catalog.OpenLocal(ctx, db)
	if err != nil || again.Version() != v1+1 {
		t.Fatalf("reopen: %v, version %d", err, again.Version())
	}
}

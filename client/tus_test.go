package client

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"golang.org/x/exp/slog"
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

	"github.com/tus/tusd/v2/pkg/filestore"
	tushandler "github.com/tus/tusd/v2/pkg/handler"
)

// tusServer is a real tusd handler on 127.0.0.1 with a disk store.
type tusServer struct {
	*httptest.Server
	dir      string
	patched  atomic.Int64 // bytes of PATCH bodies the server received
	patches  atomic.Int64
	inflight atomic.Int64 // PATCHes the server is still handling
	mu       sync.Mutex
	metadata map[string]string // of the last created upload
	// beforePatch, if set, may answer a PATCH itself (fault injection).
	beforePatch func(w http.ResponseWriter, r *http.Request) bool
}

func newTusServer(t testing.TB) *tusServer {
	t.Helper()
	ts := &tusServer{dir: t.TempDir()}
	composer := tushandler.NewStoreComposer()
	filestore.New(ts.dir).UseIn(composer)
	h, err := tushandler.NewHandler(tushandler.Config{
		BasePath:      "/files/",
		Logger:        slog.New(slog.NewTextHandler(io.Discard, nil)),
		StoreComposer: composer,
		PreUploadCreateCallback: func(ev tushandler.HookEvent) (tushandler.HTTPResponse, tushandler.FileInfoChanges, error) {
			ts.mu.Lock()
			ts.metadata = ev.Upload.MetaData
			ts.mu.Unlock()
			return tushandler.HTTPResponse{}, tushandler.FileInfoChanges{}, nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	inner := http.StripPrefix("/files/", h)
	ts.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPatch {
			if ts.beforePatch != nil && ts.beforePatch(w, r) {
				return
			}
			ts.patches.Add(1)
			ts.inflight.Add(1)
			defer ts.inflight.Add(-1)
			r.Body = &countBody{ReadCloser: r.Body, n: &ts.patched}
		}
		inner.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	return ts
}

type countBody struct {
	io.ReadCloser
	n *atomic.Int64
}

func (c *countBody) Read(p []byte) (int, error) {
	n, err := c.ReadCloser.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// settle waits until the server has finished every PATCH it received: a
// client that gave up on a request (cancel) does not wait for the server,
// which may still be writing the chunk that was in flight.
func (ts *tusServer) settle(t testing.TB) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for ts.inflight.Load() > 0 {
		if time.Now().After(deadline) {
			t.Fatal("server still handling a PATCH after 10s")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// stored returns the bytes the server holds for upload location.
func (ts *tusServer) stored(t testing.TB, location string) []byte {
	t.Helper()
	id := location[strings.LastIndex(location, "/")+1:]
	data, err := os.ReadFile(filepath.Join(ts.dir, id))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func randomFile(t testing.TB, size int) (string, []byte) {
	t.Helper()
	data := make([]byte, size)
	rand.Read(data)
	p := filepath.Join(t.TempDir(), "材料.bin")
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p, data
}

func fastRetry() RetryPolicy {
	return RetryPolicy{Attempts: 5, Backoff: Backoff{Base: time.Millisecond, Max: 5 * time.Millisecond}}
}

func TestUploadChunkSizes(t *testing.T) {
	ts := newTusServer(t)
	path, data := randomFile(t, 100_003)
	for _, chunk := range []int64{1 << 10, 33_333, 100_003, 1 << 20} {
		u := &Uploader{ChunkSize: chunk, Retry: fastRetry(), Stall: time.Minute}
		ctx := context.Background()
		sum := sha256.Sum256(data)
		meta := map[string]string{"filename": "材料.bin", "sha256": hex.EncodeToString(sum[:])}
		loc, err := u.Create(ctx, ts.URL+"/files/", int64(len(data)), meta)
		if err != nil {
			t.Fatal(err)
		}
		var last int64
		err = u.Upload(ctx, loc, path, int64(len(data)), func(sent, total int64) {
			if sent < 0 || sent > total || total != int64(len(data)) {
				t.Errorf("progress %d/%d", sent, total)
			}
			last = sent
		})
		if err != nil {
			t.Fatalf("chunk %d: %v", chunk, err)
		}
		if last != int64(len(data)) {
			t.Errorf("chunk %d: final progress %d", chunk, last)
		}
		if !bytes.Equal(ts.stored(t, loc), data) {
			t.Fatalf("chunk %d: server copy differs", chunk)
		}
		ts.mu.Lock()
		if ts.metadata["filename"] != "材料.bin" || ts.metadata["sha256"] != meta["sha256"] {
			t.Errorf("metadata on server: %v", ts.metadata)
		}
		ts.mu.Unlock()
		if want := (int64(len(data)) + chunk - 1) / chunk; ts.patches.Swap(0) != want {
			t.Errorf("chunk %d: want %d PATCHes", chunk, want)
		}
	}
}

// An upload stopped half way (the app quit) continues from the server's
// offset: the second run sends only the rest.
func TestUploadResumesFromServerOffset(t *testing.T) {
	ts := newTusServer(t)
	path, data := randomFile(t, 64<<10)
	u := &Uploader{ChunkSize: 8 << 10, Retry: fastRetry()}
	loc, err := u.Create(context.Background(), ts.URL+"/files/", int64(len(data)), nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	err = u.Upload(ctx, loc, path, int64(len(data)), func(sent, _ int64) {
		if sent >= 24<<10 {
			cancel()
		}
	})
	if CodeOf(err) != CodeCanceled {
		t.Fatalf("want canceled, got %v", err)
	}
	// tusd keeps what it received of the cancelled PATCH and may still be
	// writing it: wait until no PATCH is in flight and the offset holds.
	var off, length int64
	deadline := time.Now().Add(10 * time.Second)
	for prev := int64(-1); ; prev = off {
		ts.settle(t)
		if off, length, err = u.Offset(context.Background(), loc); err != nil {
			t.Fatal(err)
		}
		if off == prev {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("server offset still moving: %d", off)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if length != int64(len(data)) || off == 0 || off == int64(len(data)) {
		t.Fatalf("offset %d length %d", off, length)
	}
	before := ts.patched.Load()
	if err := u.Upload(context.Background(), loc, path, int64(len(data)), nil); err != nil {
		t.Fatal(err)
	}
	if sent := ts.patched.Load() - before; sent != int64(len(data))-off {
		t.Errorf("resume sent %d bytes, want %d", sent, int64(len(data))-off)
	}
	if !bytes.Equal(ts.stored(t, loc), data) {
		t.Fatal("server copy differs")
	}
}

// A PATCH cut mid-body or answered 503/409 is retried from the server's
// offset, and the result is intact.
func TestUploadSurvivesFaults(t *testing.T) {
	ts := newTusServer(t)
	path, data := randomFile(t, 40<<10)
	var n atomic.Int64
	ts.beforePatch = func(w http.ResponseWriter, r *http.Request) bool {
		switch n.Add(1) {
		case 2:
			w.WriteHeader(http.StatusServiceUnavailable)
			return true
		case 3: // read half the body, then drop the connection
			io.CopyN(io.Discard, r.Body, 2<<10)
			hj, _ := w.(http.Hijacker)
			c, _, _ := hj.Hijack()
			c.Close()
			return true
		case 4:
			w.Header().Set("Tus-Resumable", TusVersion)
			w.WriteHeader(http.StatusConflict)
			return true
		}
		return false
	}
	u := &Uploader{ChunkSize: 8 << 10, Retry: fastRetry()}
	loc, err := u.Create(context.Background(), ts.URL+"/files/", int64(len(data)), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := u.Upload(context.Background(), loc, path, int64(len(data)), nil); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(ts.stored(t, loc), data) {
		t.Fatal("server copy differs")
	}
}

func TestUploadRefusals(t *testing.T) {
	ts := newTusServer(t)
	path, data := randomFile(t, 1000)
	u := &Uploader{Retry: fastRetry()}
	ctx := context.Background()
	if _, _, err := u.Offset(ctx, ts.URL+"/files/nope"); !errors.Is(err, ErrUploadGone) {
		t.Errorf("unknown upload: %v", err)
	}
	loc, err := u.Create(ctx, ts.URL+"/files/", int64(len(data)), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := u.Upload(ctx, loc, path, 999, nil); CodeOf(err) != CodeFileChanged {
		t.Errorf("size mismatch: %v", err)
	}
	if err := u.Upload(ctx, loc, path+".gone", 1000, nil); CodeOf(err) != CodeFileChanged {
		t.Errorf("missing file: %v", err)
	}
	// A 4xx on PATCH is not retried.
	var calls atomic.Int64
	ts.beforePatch = func(w http.ResponseWriter, r *http.Request) bool {
		calls.Add(1)
		w.WriteHeader(http.StatusForbidden)
		return true
	}
	if err := u.Upload(ctx, loc, path, 1000, nil); CodeOf(err) != CodeForbidden || calls.Load() != 1 {
		t.Errorf("403: %v after %d calls", err, calls.Load())
	}
}

// A server that stops reading the body trips the stall watchdog, and the
// upload goes on once it reads again.
func TestUploadStallWatchdog(t *testing.T) {
	ts := newTusServer(t)
	path, data := randomFile(t, 8<<20)
	var n atomic.Int64
	release := make(chan struct{})
	ts.beforePatch = func(w http.ResponseWriter, r *http.Request) bool {
		if n.Add(1) == 1 {
			<-release // never read: the client's socket buffer fills up
			return true
		}
		return false
	}
	defer close(release)
	u := &Uploader{ChunkSize: 8 << 20, Retry: RetryPolicy{Attempts: 20, Backoff: fastRetry().Backoff}, Stall: 500 * time.Millisecond}
	loc, err := u.Create(context.Background(), ts.URL+"/files/", int64(len(data)), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := u.Upload(context.Background(), loc, path, int64(len(data)), nil); err != nil {
		t.Fatal(err, errors.Unwrap(err))
	}
	if !bytes.Equal(ts.stored(t, loc), data) {
		t.Fatal("server copy differs")
	}
}

func TestEncodeMetadata(t *testing.T) {
	got := EncodeMetadata(map[string]string{"sha256": "ab", "filename": "营业执照.jpg"})
	want := "filename 6JCl5Lia5omn54WnLmpwZw==,sha256 YWI="
	if got != want {
		t.Errorf("got %q want %q", got, want)
	}
	back := tushandler.ParseMetadataHeader(got)
	if back["filename"] != "营业执照.jpg" || back["sha256"] != "ab" {
		t.Errorf("tusd reads %v", back)
	}
}

func FuzzEncodeMetadata(f *testing.F) {
	f.Add("filename", "营业执照.jpg", "sha256", "ab")
	f.Add("a", "", "b", "x,y z")
	f.Fuzz(func(t *testing.T, k1, v1, k2, v2 string) {
		if k1 == k2 {
			t.Skip()
		}
		back := tushandler.ParseMetadataHeader(EncodeMetadata(map[string]string{k1: v1, k2: v2}))
		for k, v := range map[string]string{k1: v1, k2: v2} {
			if got, ok := back[k]; validMetaKey(k) != ok || (ok && got != v) {
				t.Fatalf("key %q (valid %v): round trip %q", k, validMetaKey(k), back)
			}
		}
		if len(back) > 2 {
			t.Fatalf("extra keys: %q", back)
		}
	})
}

// A server whose offset keeps moving (still writing the body of a request
// whose connection was cut) answers 409 to each PATCH for a while: the
// upload waits and asks again, and if the 409s outlast its attempts it
// ends with a retryable error (the outbox tries again later), never as
// a refusal that fails the submission.
func TestUploadOffsetStillMoving(t *testing.T) {
	for _, c := range []struct {
		name      string
		conflicts int64
		wantCode  string
	}{
		{"settles", 2, ""},
		{"keeps moving", 1 << 30, CodeServer},
	} {
		t.Run(c.name, func(t *testing.T) {
			ts := newTusServer(t)
			path, data := randomFile(t, 20<<10)
			var n atomic.Int64
			ts.beforePatch = func(w http.ResponseWriter, r *http.Request) bool {
				if n.Add(1) > c.conflicts {
					return false
				}
				w.Header().Set("Tus-Resumable", TusVersion)
				w.WriteHeader(http.StatusConflict)
				return true
			}
			u := &Uploader{ChunkSize: 8 << 10, Retry: RetryPolicy{Attempts: 3, Backoff: fastRetry().Backoff}}
			loc, err := u.Create(context.Background(), ts.URL+"/files/", int64(len(data)), nil)
			if err != nil {
				t.Fatal(err)
			}
			err = u.Upload(context.Background(), loc, path, int64(len(data)), nil)
			if c.wantCode == "" {
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(ts.stored(t, loc), data) {
					t.Fatal("server copy differs")
				}
				return
			}
			if CodeOf(err) != c.wantCode {
				t.Fatalf("after endless 409s: %v (code %q), want %q", err, CodeOf(err), c.wantCode)
			}
		})
	}
}

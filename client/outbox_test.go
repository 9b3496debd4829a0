package client

import (
	"context"
	"database/sql"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/naiman-yiye/yiye/client/api"
	"github.com/naiman-yiye/yiye/client/internal/faultproxy"
	"github.com/naiman-yiye/yiye/store"
)

func openDB(t testing.TB, path string) *sql.DB {
	t.Helper()
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func loggedIn(t testing.TB, base string) *Client {
	t.Helper()
	c := New(Config{BaseURL: base, Retry: fastRetry(), ChunkSize: 64 << 10, Timeout: 10 * time.Second})
	if err := c.Login(context.Background(), "13800000000", "123456"); err != nil {
		t.Fatal(err)
	}
	return c
}

func sampleSubmission(t testing.TB, sizes ...int) (Submission, []string) {
	t.Helper()
	s := Submission{Title: "便利店 · 奈曼旗某某商店", Request: api.ApplicationRequest{
		Industry: "convenience-store", Items: []string{"SPJY"}, ClientRef: "draft-1",
		Subject: api.Subject{USCC: "92150525MA0N000000", Name: "奈曼旗某某商店", LegalRep: "张三", Address: "大沁他拉镇"},
		Form:    map[string]any{"area": 60, "name": "奈曼旗某某商店"},
	}}
	var sums []string
	for i, n := range sizes {
		p, _ := randomFile(t, n)
		np := filepath.Join(filepath.Dir(p), "材料"+string(rune('A'+i))+".pdf")
		os.Rename(p, np)
		s.Files = append(s.Files, OutboxFile{MaterialID: "M" + string(rune('A'+i)), Path: np, Filetype: "application/pdf"})
		sum, _, _ := FileSHA256(np)
		sums = append(sums, sum)
	}
	return s, sums
}

// checkOne asserts the portal holds exactly one application and that every
// attachment on it is byte-identical to the queued file.
func checkOne(t *testing.T, p *testPortal, sums []string) *api.Application {
	t.Helper()
	if n := p.creates.Load(); n != 1 {
		t.Fatalf("portal created %d applications, want 1", n)
	}
	app := p.apps[0]
	if len(app.Materials) != len(sums) {
		t.Fatalf("materials %v", app.Materials)
	}
	for i, m := range app.Materials {
		if m.SHA256 != sums[i] || p.storedSum(t, m.UploadID) != sums[i] {
			t.Errorf("material %d: declared %s, stored %s, file %s", i, m.SHA256, p.storedSum(t, m.UploadID), sums[i])
		}
	}
	return app
}

func TestOutboxSendsOnce(t *testing.T) {
	p := newTestPortal(t)
	c := loggedIn(t, p.URL)
	ctx := context.Background()
	ob, err := OpenOutbox(ctx, openDB(t, filepath.Join(t.TempDir(), "yiye.db")), c)
	if err != nil {
		t.Fatal(err)
	}
	s, sums := sampleSubmission(t, 300_000, 1, 70_000)
	var mu sync.Mutex
	var states []State
	var maxSent int64
	defer ob.Subscribe(func(it Item) {
		mu.Lock()
		defer mu.Unlock()
		if len(states) == 0 || states[len(states)-1] != it.State {
			states = append(states, it.State)
		}
		if it.BytesSent < maxSent {
			t.Errorf("progress went back: %d after %d", it.BytesSent, maxSent)
		}
		maxSent = it.BytesSent
	})()
	id, err := ob.Enqueue(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	if err := ob.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	it, err := ob.Get(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	app := checkOne(t, p, sums)
	if it.State != StateSent || it.ApplicationID != app.ID || it.ApplicationNumber != app.Number || it.FilesDone != 3 || it.BytesSent != it.BytesTotal {
		t.Errorf("item %+v", it)
	}
	mu.Lock()
	if got := strings.Trim(strings.Join(strings.Fields(strings.Trim(strings.Join(stateStrings(states), " "), " ")), ">"), ">"); got != "queued>uploading>submitting>sent" {
		t.Errorf("states seen: %v", states)
	}
	mu.Unlock()
	// Draining again sends nothing.
	if err := ob.Drain(ctx); err != nil || p.posts.Load() != 1 {
		t.Errorf("second drain: %v, posts %d", err, p.posts.Load())
	}
}

func stateStrings(s []State) []string {
	out := make([]string, len(s))
	for i, v := range s {
		out[i] = string(v)
	}
	return []string{strings.Join(out, ">")}
}

// Queued while the portal is unreachable: it waits with client.offline and
// goes out once the portal is there.
func TestOutboxOfflineThenOnline(t *testing.T) {
	p := newTestPortal(t)
	c := loggedIn(t, p.URL)
	// The same session, pointed at a port where nothing listens.
	dead := New(Config{BaseURL: "http://127.0.0.1:1", Retry: RetryPolicy{Attempts: 1}, Tokens: c.tokens})
	ctx := context.Background()
	db := openDB(t, filepath.Join(t.TempDir(), "yiye.db"))
	ob, err := OpenOutbox(ctx, db, dead)
	if err != nil {
		t.Fatal(err)
	}
	ob.Backoff = Backoff{Base: time.Millisecond, Max: 2 * time.Millisecond}
	s, sums := sampleSubmission(t, 10_000)
	id, _ := ob.Enqueue(ctx, s)
	if err := ob.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	it, _ := ob.Get(ctx, id)
	if it.State != StateUploading || it.Err == nil || it.Err.Code != CodeOffline || it.Attempts != 1 || it.NextTry.IsZero() {
		t.Fatalf("offline item: %+v", it)
	}
	if n, _ := ob.Pending(ctx); n != 1 {
		t.Errorf("pending %d", n)
	}
	ob2, _ := OpenOutbox(ctx, db, c) // network back (a new process, same database)
	ob2.Start(ctx)
	defer ob2.Stop()
	waitState(t, ob2, id, StateSent)
	checkOne(t, p, sums)
}

func waitState(t *testing.T, ob *Outbox, id int64, want State) Item {
	t.Helper()
	done := make(chan Item, 1)
	cancel := ob.Subscribe(func(it Item) {
		if it.ID == id && it.State == want {
			select {
			case done <- it:
			default:
			}
		}
	})
	defer cancel()
	ob.Kick()
	if it, _ := ob.Get(context.Background(), id); it.State == want {
		return it
	}
	select {
	case it := <-done:
		return it
	case <-time.After(30 * time.Second):
		it, _ := ob.Get(context.Background(), id)
		t.Fatalf("still %s (%v), want %s", it.State, it.Err, want)
		return it
	}
}

// Connections cut mid-request, mid-upload and after the server processed
// the submission: the outbox still creates exactly one application, and
// every attachment is intact.
func TestOutboxThroughFaultyNetwork(t *testing.T) {
	for seed := uint64(1); seed <= 3; seed++ {
		p := newTestPortal(t)
		rng := rand.New(rand.NewPCG(seed, 42))
		var mu sync.Mutex
		proxy, err := faultproxy.Start(strings.TrimPrefix(p.URL, "http://"), func(n int) faultproxy.Fault {
			mu.Lock()
			defer mu.Unlock()
			if n == 0 {
				return faultproxy.Fault{CutUpAfter: 1 + rng.Int64N(300_000)}
			}
			switch rng.IntN(4) {
			case 0:
				return faultproxy.Fault{CutUpAfter: 1 + rng.Int64N(300_000)}
			case 1:
				return faultproxy.Fault{DropResponse: true}
			case 2:
				return faultproxy.Fault{CutDownAfter: 1 + rng.Int64N(3000)}
			}
			return faultproxy.Fault{}
		})
		if err != nil {
			t.Fatal(err)
		}
		direct := loggedIn(t, p.URL)
		c := New(Config{BaseURL: "http://" + proxy.Addr(), Retry: fastRetry(), ChunkSize: 64 << 10, Tokens: direct.tokens})
		ctx := context.Background()
		ob, _ := OpenOutbox(ctx, openDB(t, filepath.Join(t.TempDir(), "yiye.db")), c)
		ob.Backoff = Backoff{Base: time.Millisecond, Max: 5 * time.Millisecond}
		s, sums := sampleSubmission(t, 500_000, 120_000)
		id, _ := ob.Enqueue(ctx, s)
		for i := 0; i < 200; i++ {
			if err := ob.Drain(ctx); err != nil {
				t.Fatal(err)
			}
			it, _ := ob.Get(ctx, id)
			if it.State == StateSent {
				break
			}
			if it.State.Done() {
				t.Fatalf("seed %d: %s: %v", seed, it.State, it.Err)
			}
			time.Sleep(5 * time.Millisecond)
		}
		it, _ := ob.Get(ctx, id)
		if it.State != StateSent {
			t.Fatalf("seed %d: not sent: %+v", seed, it)
		}
		checkOne(t, p, sums)
		t.Logf("seed %d: %d connections, %d cut, %d POSTs, %d PATCH bytes for %d file bytes",
			seed, proxy.Conns(), proxy.Cuts.Load(), p.posts.Load(), p.patched.Load(), it.BytesTotal)
		if proxy.Cuts.Load() == 0 {
			t.Errorf("seed %d: no faults injected", seed)
		}
		proxy.Close()
	}
}

// Pause interrupts an upload; Resume continues it from the server's offset.
func TestOutboxPauseResume(t *testing.T) {
	p := newTestPortal(t)
	c := loggedIn(t, p.URL)
	ctx := context.Background()
	ob, _ := OpenOutbox(ctx, openDB(t, filepath.Join(t.TempDir(), "yiye.db")), c)
	s, sums := sampleSubmission(t, 2<<20)
	id, _ := ob.Enqueue(ctx, s)
	paused := make(chan struct{})
	p.setOnPatch(func(n int64) { // the 4th PATCH is in flight: the applicant presses pause
		if n == 4 {
			ob.Pause(ctx, id)
			close(paused)
		}
	})
	ob.Start(ctx)
	defer ob.Stop()
	<-paused
	time.Sleep(50 * time.Millisecond) // the runner notices the cancel
	it, _ := ob.Get(ctx, id)
	if !it.Paused || it.State != StateUploading || it.FilesDone != 0 {
		t.Fatalf("paused item: %+v", it)
	}
	if it, _ := ob.Get(ctx, id); it.State != StateUploading {
		t.Fatalf("a paused item moved on: %+v", it)
	}
	held := p.patched.Load()
	if err := ob.Resume(ctx, id); err != nil {
		t.Fatal(err)
	}
	waitState(t, ob, id, StateSent)
	checkOne(t, p, sums)
	if total := p.patched.Load(); total >= 2*(2<<20) || held == 0 {
		t.Errorf("sent %d bytes for a %d-byte file (held %d at pause)", total, 2<<20, held)
	}
}

// A file removed after queuing needs the applicant's attention; replacing
// it sends the submission.
func TestOutboxFileChanged(t *testing.T) {
	p := newTestPortal(t)
	c := loggedIn(t, p.URL)
	ctx := context.Background()
	ob, _ := OpenOutbox(ctx, openDB(t, filepath.Join(t.TempDir(), "yiye.db")), c)
	s, _ := sampleSubmission(t, 1000)
	id, _ := ob.Enqueue(ctx, s)
	os.Remove(s.Files[0].Path)
	ob.Drain(ctx)
	it, _ := ob.Get(ctx, id)
	if it.State != StateAttention || it.Err.Code != CodeFileChanged || !strings.Contains(it.Err.ZH, "材料A.pdf") {
		t.Fatalf("item %+v err %v", it, it.Err)
	}
	np, data := randomFile(t, 2000)
	if err := ob.ReplaceFile(ctx, id, "MA", np); err != nil {
		t.Fatal(err)
	}
	ob.Drain(ctx)
	if it, _ = ob.Get(ctx, id); it.State != StateSent {
		t.Fatalf("after replace: %+v", it)
	}
	sum, _, _ := FileSHA256(np)
	checkOne(t, p, []string{sum})
	_ = data
}

// An expired session is refreshed once, transparently, during the send.
func TestOutboxRefreshesSession(t *testing.T) {
	p := newTestPortal(t)
	c := loggedIn(t, p.URL)
	ctx := context.Background()
	ob, _ := OpenOutbox(ctx, openDB(t, filepath.Join(t.TempDir(), "yiye.db")), c)
	s, sums := sampleSubmission(t, 5000)
	id, _ := ob.Enqueue(ctx, s)
	p.expireAll.Store(true)
	ob.Drain(ctx)
	if it, _ := ob.Get(ctx, id); it.State != StateSent {
		t.Fatalf("item %+v (%v)", it, it.Err)
	}
	checkOne(t, p, sums)
	// A session that cannot be refreshed needs a new login.
	c.tokens.SaveTokens(ctx, Tokens{Access: "x", Refresh: "y"})
	s2, _ := sampleSubmission(t, 10)
	id2, _ := ob.Enqueue(ctx, s2)
	ob.Drain(ctx)
	if it, _ := ob.Get(ctx, id2); it.State != StateAttention || it.Err.Code != CodeUnauthorized {
		t.Fatalf("item %+v", it)
	}
	// After a new login the submission goes out.
	if err := c.Login(ctx, "13800000000", "123456"); err != nil {
		t.Fatal(err)
	}
	if err := ob.RetryAfterLogin(ctx); err != nil {
		t.Fatal(err)
	}
	ob.Drain(ctx)
	if it, _ := ob.Get(ctx, id2); it.State != StateSent {
		t.Fatalf("after login: %+v", it)
	}
}

// The portal stored the application but the answer was lost: the retry
// (same Idempotency-Key, same body) gets the same application back.
func TestOutboxLostAnswer(t *testing.T) {
	p := newTestPortal(t)
	c := loggedIn(t, p.URL)
	c.cfg.Retry = RetryPolicy{Attempts: 1} // let the outbox see the failure
	ctx := context.Background()
	ob, _ := OpenOutbox(ctx, openDB(t, filepath.Join(t.TempDir(), "yiye.db")), c)
	ob.Backoff = Backoff{Base: time.Millisecond, Max: time.Millisecond}
	s, sums := sampleSubmission(t, 3000)
	id, _ := ob.Enqueue(ctx, s)
	p.dropCreates.Store(1)
	// The first answer is lost; the retry (by the transport on a reused
	// connection, or by the outbox's next attempt) is answered from the
	// stored application.
	for i := 0; i < 3; i++ {
		ob.Drain(ctx)
		if it, _ := ob.Get(ctx, id); it.State == StateSent {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	it, _ := ob.Get(ctx, id)
	app := checkOne(t, p, sums)
	if it.State != StateSent || it.ApplicationID != app.ID || p.posts.Load() != 2 {
		t.Fatalf("item %+v, %d posts", it, p.posts.Load())
	}
}

// A Retry asked while an attempt runs (a sign-in, the network coming
// back) outlives that attempt's failure: the submission is due at once,
// not after the failure's backoff.
func TestOutboxRetryDuringAttempt(t *testing.T) {
	p := newTestPortal(t)
	c := loggedIn(t, p.URL)
	c.cfg.Retry = RetryPolicy{Attempts: 1}
	ctx := context.Background()
	ob, _ := OpenOutbox(ctx, openDB(t, filepath.Join(t.TempDir(), "yiye.db")), c)
	ob.Backoff = Backoff{Base: time.Hour, Max: time.Hour}
	s, sums := sampleSubmission(t, 3000)
	id, _ := ob.Enqueue(ctx, s)
	retried := make(chan error, 1)
	p.setOnPatch(func(n int64) {
		if n == 1 { // the connection breaks after the Retry was asked for
			retried <- ob.Retry(ctx, id)
			panic(http.ErrAbortHandler)
		}
	})
	if err := ob.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	if err := <-retried; err != nil {
		t.Fatal(err)
	}
	it, _ := ob.Get(ctx, id)
	if it.State == StateSent || time.Until(it.NextTry) > time.Minute {
		t.Fatalf("after the failed attempt: state %s, next try in %s", it.State, time.Until(it.NextTry))
	}
	if err := ob.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	it, _ = ob.Get(ctx, id)
	app := checkOne(t, p, sums)
	if it.State != StateSent || it.ApplicationID != app.ID {
		t.Fatalf("item %+v (%v)", it, it.Err)
	}
}

// The background runner and Drain (or several Drains) working at once must
// not process one submission twice: one application, and each file's bytes
// sent once (two workers would each create an upload for the same file).
func TestOutboxConcurrentWorkersSendOnce(t *testing.T) {
	p := newTestPortal(t)
	c := loggedIn(t, p.URL)
	ctx := context.Background()
	ob, err := OpenOutbox(ctx, openDB(t, filepath.Join(t.TempDir(), "yiye.db")), c)
	if err != nil {
		t.Fatal(err)
	}
	sizes := []int{200_000, 150_000, 90_000}
	s, sums := sampleSubmission(t, sizes...)
	id, err := ob.Enqueue(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	ob.Start(ctx)
	defer ob.Stop()
	var wg sync.WaitGroup
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := ob.Drain(ctx); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	waitState(t, ob, id, StateSent)
	checkOne(t, p, sums)
	total := int64(0)
	for _, n := range sizes {
		total += int64(n)
	}
	if got := p.patched.Load(); got != total {
		t.Errorf("portal received %d PATCH bytes for %d bytes of files", got, total)
	}
	if n := p.posts.Load(); n != 1 {
		t.Errorf("%d POST /applications, want 1", n)
	}
}

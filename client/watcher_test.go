package client

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/naiman-yiye/yiye/client/api"
)

func TestWatcher(t *testing.T) {
	p := newTestPortal(t)
	c := loggedIn(t, p.URL)
	ctx := context.Background()
	dbPath := filepath.Join(t.TempDir(), "yiye.db")
	db := openDB(t, dbPath)
	ob, _ := OpenOutbox(ctx, db, c)
	for i := 0; i < 2; i++ {
		s, _ := sampleSubmission(t, 100)
		ob.Enqueue(ctx, s)
	}
	ob.Drain(ctx)

	w, err := OpenWatcher(ctx, db, c)
	if err != nil {
		t.Fatal(err)
	}
	got, err := w.Poll(ctx)
	if err != nil || len(got) != 2 || got[0].Old != "" || got[0].New != api.StatusSubmitted {
		t.Fatalf("first poll: %+v %v", got, err)
	}
	if got, _ := w.Poll(ctx); len(got) != 0 {
		t.Fatalf("no change, got %+v", got)
	}

	// A change while the watcher runs arrives through Subscribe.
	w.Interval = 20 * time.Millisecond
	events := make(chan []StatusChange, 10)
	defer w.Subscribe(func(ch []StatusChange) { events <- ch })()
	w.Start(ctx)
	p.setStatus("app-2", api.StatusAccepted)
	select {
	case ch := <-events:
		if len(ch) != 1 || ch[0].Application.ID != "app-2" || ch[0].Old != api.StatusSubmitted || ch[0].New != api.StatusAccepted {
			t.Fatalf("event %+v", ch)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no event")
	}
	w.Stop()

	// An item decided without the application's status changing.
	p.setItem("app-2", "SPJY", api.ItemApproved)
	got, err = w.Poll(ctx)
	if err != nil || len(got) != 1 || got[0].Old != got[0].New || len(got[0].Items) != 1 ||
		got[0].Items[0] != (ItemChange{Code: "SPJY", Name: "SPJY", Old: api.ItemPending, New: api.ItemApproved}) {
		t.Fatalf("item change: %+v %v", got, err)
	}

	// A change while the app was closed is reported by a new watcher.
	p.setStatus("app-1", api.StatusCorrectionRequested)
	w2, _ := OpenWatcher(ctx, openDB(t, dbPath), c)
	got, err = w2.Poll(ctx)
	if err != nil || len(got) != 1 || got[0].Application.ID != "app-1" || got[0].New != api.StatusCorrectionRequested {
		t.Fatalf("after restart: %+v %v", got, err)
	}

	// Failed polls are reported, not fatal.
	dead := New(Config{BaseURL: "http://127.0.0.1:1", Retry: RetryPolicy{Attempts: 1}})
	w3, _ := OpenWatcher(ctx, db, dead)
	w3.Interval = 10 * time.Millisecond
	errs := make(chan error, 10)
	defer w3.OnError(func(err error) { errs <- err })()
	w3.Start(ctx)
	defer w3.Stop()
	if err := <-errs; CodeOf(err) != CodeOffline {
		t.Fatalf("error %v", err)
	}
}

func TestDBTokenStore(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "yiye.db")
	s, err := OpenDBTokenStore(ctx, openDB(t, path))
	if err != nil {
		t.Fatal(err)
	}
	if tk, err := s.LoadTokens(ctx); err != nil || tk.Access != "" {
		t.Fatalf("empty store: %+v %v", tk, err)
	}
	want := Tokens{Access: "a", Refresh: "r", Expires: time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)}
	if err := s.SaveTokens(ctx, want); err != nil {
		t.Fatal(err)
	}
	s2, _ := OpenDBTokenStore(ctx, openDB(t, path))
	if got, err := s2.LoadTokens(ctx); err != nil || got != want {
		t.Fatalf("reloaded %+v %v", got, err)
	}
}

package client

import (
	"context"
	"database/sql"
	"encoding/json"
	"sort"
	"sync"
	"time"

	"github.com/naiman-yiye/yiye/client/api"
)

// StatusChange is one application whose status, or one of whose items'
// statuses, changed since the last poll. Old is "" for an application seen
// for the first time.
type StatusChange struct {
	Application api.ApplicationSummary
	Old, New    string
	Items       []ItemChange // items whose status changed (all items for a new application)
}

// ItemChange is one approval item's status change.
type ItemChange struct {
	Code, Name string
	Old, New   string
}

// Watcher polls "my applications" and reports changes. It remembers the
// last statuses in the database, so changes that happened while the app
// was closed are reported on the next start. It has no UI: in Fyne,
// wrap widget updates in fyne.Do.
type Watcher struct {
	c        *Client
	db       *sql.DB
	Interval time.Duration // between polls; default 60s
	// MaxInterval caps the wait after failed polls (it doubles); default 10m.
	MaxInterval time.Duration

	mu      sync.Mutex
	subs    map[int]func([]StatusChange)
	errSubs map[int]func(error)
	next    int
	stop    context.CancelFunc
	done    chan struct{}
	kick    chan struct{}
	pollMu  sync.Mutex
}

// OpenWatcher migrates the client tables and returns a watcher.
func OpenWatcher(ctx context.Context, db *sql.DB, c *Client) (*Watcher, error) {
	if err := migrateClient(ctx, db); err != nil {
		return nil, err
	}
	return &Watcher{c: c, db: db, Interval: time.Minute, MaxInterval: 10 * time.Minute,
		subs: map[int]func([]StatusChange){}, errSubs: map[int]func(error){}, kick: make(chan struct{}, 1)}, nil
}

// Subscribe calls fn with every non-empty batch of changes (from the
// watcher's goroutine, or the caller's for Poll). It returns an unsubscribe.
func (w *Watcher) Subscribe(fn func([]StatusChange)) (cancel func()) {
	w.mu.Lock()
	defer w.mu.Unlock()
	id := w.next
	w.next++
	w.subs[id] = fn
	return func() { w.mu.Lock(); delete(w.subs, id); w.mu.Unlock() }
}

// OnError calls fn when a background poll fails (e.g. client.offline, or
// client.unauthorized: the UI asks the applicant to log in).
func (w *Watcher) OnError(fn func(error)) (cancel func()) {
	w.mu.Lock()
	defer w.mu.Unlock()
	id := w.next
	w.next++
	w.errSubs[id] = fn
	return func() { w.mu.Lock(); delete(w.errSubs, id); w.mu.Unlock() }
}

type seen struct {
	status string
	items  map[string]string
}

// Poll fetches the list once, diffs it with the last statuses seen, stores
// the new ones, tells subscribers and returns the changes.
func (w *Watcher) Poll(ctx context.Context) ([]StatusChange, error) {
	w.pollMu.Lock()
	defer w.pollMu.Unlock()
	apps, err := w.c.ListApplications(ctx)
	if err != nil {
		return nil, err
	}
	last := map[string]seen{}
	rows, err := w.db.QueryContext(ctx, `SELECT application_id, status, items FROM client_status`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id, st, items string
		if err := rows.Scan(&id, &st, &items); err != nil {
			rows.Close()
			return nil, err
		}
		s := seen{status: st, items: map[string]string{}}
		json.Unmarshal([]byte(items), &s.items)
		last[id] = s
	}
	rows.Close()
	var changes []StatusChange
	tx, err := w.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	for _, a := range apps {
		prev, known := last[a.ID]
		ch := StatusChange{Application: a, Old: prev.status, New: a.Status}
		cur := map[string]string{}
		for _, it := range a.Items {
			cur[it.Code] = it.Status
			if old := prev.items[it.Code]; old != it.Status || !known {
				ch.Items = append(ch.Items, ItemChange{Code: it.Code, Name: it.Name, Old: old, New: it.Status})
			}
		}
		if known && prev.status == a.Status && len(ch.Items) == 0 {
			continue
		}
		changes = append(changes, ch)
		items, _ := json.Marshal(cur)
		if _, err := tx.ExecContext(ctx, `INSERT INTO client_status(application_id, status, items, updated_at) VALUES (?, ?, ?, ?)
			ON CONFLICT(application_id) DO UPDATE SET status = excluded.status, items = excluded.items, updated_at = excluded.updated_at`,
			a.ID, a.Status, string(items), a.UpdatedAt.UTC().Format(time.RFC3339Nano)); err != nil {
			return nil, err
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	sort.SliceStable(changes, func(i, j int) bool { return changes[i].Application.UpdatedAt.After(changes[j].Application.UpdatedAt) })
	if len(changes) > 0 {
		w.mu.Lock()
		subs := make([]func([]StatusChange), 0, len(w.subs))
		for _, fn := range w.subs {
			subs = append(subs, fn)
		}
		w.mu.Unlock()
		for _, fn := range subs {
			fn(changes)
		}
	}
	return changes, nil
}

// Start polls in the background now and then every Interval (longer after
// failures) until Stop.
func (w *Watcher) Start(ctx context.Context) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.stop != nil {
		return
	}
	ctx, w.stop = context.WithCancel(ctx)
	w.done = make(chan struct{})
	go w.run(ctx, w.done)
}

// Stop ends background polling and waits for it.
func (w *Watcher) Stop() {
	w.mu.Lock()
	stop, done := w.stop, w.done
	w.stop, w.done = nil, nil
	w.mu.Unlock()
	if stop != nil {
		stop()
		<-done
	}
}

// Refresh asks the background poller to poll now (e.g. on "刷新").
func (w *Watcher) Refresh() {
	select {
	case w.kick <- struct{}{}:
	default:
	}
}

func (w *Watcher) run(ctx context.Context, done chan struct{}) {
	defer close(done)
	interval := w.Interval
	if interval <= 0 {
		interval = time.Minute
	}
	maxI := max(w.MaxInterval, interval)
	wait := interval
	for {
		if _, err := w.Poll(ctx); err != nil {
			if ctx.Err() != nil {
				return
			}
			w.mu.Lock()
			fns := make([]func(error), 0, len(w.errSubs))
			for _, fn := range w.errSubs {
				fns = append(fns, fn)
			}
			w.mu.Unlock()
			for _, fn := range fns {
				fn(err)
			}
			wait = min(wait*2, maxI)
		} else {
			wait = interval
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-w.kick:
		case <-t.C:
		}
		t.Stop()
	}
}

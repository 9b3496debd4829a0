// Package core is the application core of one window, or of one kiosk
// session: one catalog, one drafts store, one portal client with its
// session, the outbox that sends each application exactly once, the status
// watcher, the catalog syncer, the license cache and the online probe, all
// on one database. The composition root (cmd/yiye) opens a Core, hands it
// to the screens' constructors and starts it once the window shows.
//
// Screens call the Core's methods; they never reach into its parts. They
// learn of changes — the catalog replaced, a draft created, submitted or
// deleted, a submission's progress, an application's status, the portal
// reachable or not, the applicant signed in or out — by subscribing to its
// events, which arrive on the UI goroutine through Options.Post.
//
// The rules of an application (its plan, readiness, what is sent) are
// package application's; the Core only applies them to what it stores.
// It imports no Fyne package.
package core

import (
	"context"
	"crypto/ed25519"
	"database/sql"
	"errors"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/naiman-yiye/yiye/application"
	"github.com/naiman-yiye/yiye/catalog"
	"github.com/naiman-yiye/yiye/client"
	"github.com/naiman-yiye/yiye/drafts"
	"github.com/naiman-yiye/yiye/paths"
)

// Options configure Open.
type Options struct {
	// DB is the window's (or kiosk session's) database, opened with
	// store.Open; the caller closes it after Close.
	DB *sql.DB
	// DataDir holds the attachments (paths.AttachmentsDir) and temporary
	// files of corrections.
	DataDir string
	// Portal is where the applicant's portal is; see Portal.
	Portal Portal
	// Post runs f on the UI goroutine (fyne.Do in the app; a queue the
	// test drains in tests). Events are delivered through it.
	Post func(f func())
	// PollInterval is the status watcher's interval (default 60 s).
	PollInterval time.Duration
	// SyncInterval spaces catalog syncs (default 6 h).
	SyncInterval time.Duration
	// ProbeInterval spaces reachability checks (default 15 s).
	ProbeInterval time.Duration
	// ChunkSize is the upload chunk (client default if 0): small chunks
	// give a smoother progress bar.
	ChunkSize int64
	// Backoff overrides the outbox's retry spacing (zero: client default).
	Backoff client.Backoff
	// ReminderInterval spaces the checks for renewals, filings and void
	// licenses to remind of (default 1 h; also after each sign-in).
	ReminderInterval time.Duration
	// Now is the clock of the rules that count days (renewal windows,
	// filing deadlines); nil means time.Now. Tests move it.
	Now func() time.Time
}

// Portal says which portal the core talks to and which keys it trusts.
type Portal struct {
	// URL is the portal's base URL; "" means none is configured: drafts
	// work, submissions wait in the outbox.
	URL string
	// TrustedKeys are the pinned catalog bundle keys; without any, catalog
	// sync is off and licenses cannot be verified offline.
	TrustedKeys []ed25519.PublicKey
}

// Core is the application core of one window. Its methods are safe from
// any goroutine unless they say otherwise; the ones that do disk or
// network work take a context and belong off the UI goroutine.
type Core struct {
	opts    Options
	catalog *catalog.Local
	drafts  *drafts.Store

	events events

	// The parts that talk to the portal, rebuilt by SetPortal.
	mu      sync.Mutex
	net     *network
	online  bool
	known   bool // online has been determined at least once
	started bool
	closed  bool
	stops   []func()
}

// network is everything tied to one portal address.
type network struct {
	portal  Portal
	client  *client.Client
	tokens  *client.DBTokenStore
	outbox  *client.Outbox
	watcher *client.Watcher
	syncer  *client.Syncer // nil without trusted keys
	kick    chan struct{}  // wakes the consultation and filing-report runner
	recheck atomic.Bool    // check reminders at the next wake (a sign-in)
	cancel  context.CancelFunc
	wg      sync.WaitGroup
	stops   []func()
}

// Open opens the stores (migrating their tables, installing the embedded
// catalog on first use) and builds the portal client, outbox, watcher and
// syncer. It does no network I/O; Start begins the background work.
func Open(ctx context.Context, opts Options) (*Core, error) {
	if opts.DB == nil {
		return nil, errors.New("core: no database")
	}
	if opts.Post == nil {
		return nil, errors.New("core: no Post")
	}
	c := &Core{opts: opts}
	c.events.post = opts.Post
	var err error
	if c.catalog, err = catalog.OpenLocal(ctx, opts.DB); err != nil {
		return nil, err
	}
	if c.drafts, err = drafts.Open(ctx, opts.DB, paths.AttachmentsDir(opts.DataDir)); err != nil {
		return nil, err
	}
	c.drafts.SetLimits(func(id string) (drafts.Limits, bool) { return application.Limits(c.catalog.Current(), id) })
	if err := openLicenseCache(ctx, opts.DB); err != nil {
		return nil, err
	}
	if err := openLifecycle(ctx, opts.DB); err != nil {
		return nil, err
	}
	if c.net, err = c.openNetwork(ctx, opts.Portal); err != nil {
		return nil, err
	}
	c.stops = append(c.stops, c.drafts.Watch(func(ch drafts.Change) { c.events.emit(DraftChanged{Change: ch}) }))
	return c, nil
}

func (c *Core) openNetwork(ctx context.Context, p Portal) (*network, error) {
	n := &network{portal: p, kick: make(chan struct{}, 1)}
	var err error
	if n.tokens, err = client.OpenDBTokenStore(ctx, c.opts.DB); err != nil {
		return nil, err
	}
	n.client = client.New(client.Config{BaseURL: p.URL, Tokens: n.tokens, ChunkSize: c.opts.ChunkSize,
		UserAgent: "yiye-desktop"})
	if n.outbox, err = client.OpenOutbox(ctx, c.opts.DB, n.client); err != nil {
		return nil, err
	}
	if c.opts.Backoff != (client.Backoff{}) {
		n.outbox.Backoff = c.opts.Backoff
	}
	if n.watcher, err = client.OpenWatcher(ctx, c.opts.DB, n.client); err != nil {
		return nil, err
	}
	if c.opts.PollInterval > 0 {
		n.watcher.Interval = c.opts.PollInterval
		n.watcher.MaxInterval = max(c.opts.PollInterval*8, time.Minute)
	}
	if len(p.TrustedKeys) > 0 {
		if n.syncer, err = client.OpenSyncer(ctx, c.opts.DB, n.client, c.catalog, p.TrustedKeys); err != nil {
			return nil, err
		}
	}
	return n, nil
}

// network returns the current portal parts.
func (c *Core) network() *network {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.net
}

// Start begins the background work: the outbox runner, the watcher, the
// catalog sync loop and the reachability probe. It also catches up drafts
// whose submission went out while the app was not running to see it.
func (c *Core) Start() {
	c.mu.Lock()
	if c.started || c.closed {
		c.mu.Unlock()
		return
	}
	c.started = true
	n := c.net
	c.mu.Unlock()
	c.startNetwork(n)
}

func (c *Core) startNetwork(n *network) {
	ctx, cancel := context.WithCancel(context.Background())
	n.cancel = cancel
	n.stops = append(n.stops,
		n.outbox.Subscribe(func(it client.Item) {
			c.followDraft(ctx, n, it)
			c.events.emit(SubmissionChanged{Item: it})
		}),
		n.watcher.Subscribe(func(chs []client.StatusChange) { c.events.emit(StatusChanged{Changes: chs}) }),
		n.watcher.OnError(func(err error) {
			switch client.CodeOf(err) {
			case client.CodeOffline:
				c.setOnline(false)
			case client.CodeUnauthorized:
				c.events.emit(SessionChanged{SignedIn: false})
			}
		}),
	)
	c.reconcileDrafts(ctx, n)
	if n.portal.URL == "" {
		c.setOnline(false)
		return
	}
	n.outbox.Start(ctx)
	n.watcher.Start(ctx)
	n.wg.Add(2)
	go c.probeLoop(ctx, n)
	go c.lifecycleLoop(ctx, n)
	if n.syncer != nil {
		n.wg.Add(1)
		go c.syncLoop(ctx, n)
	}
}

func (n *network) stop() {
	for _, f := range n.stops {
		f()
	}
	n.stops = nil
	if n.cancel != nil {
		n.cancel()
	}
	n.outbox.Stop()
	n.watcher.Stop()
	n.wg.Wait()
}

// SetPortal points the core at another portal (or trusts other keys): the
// portal parts are rebuilt on the same database, so queued submissions,
// drafts and the catalog stay; subscribers keep their subscriptions.
func (c *Core) SetPortal(ctx context.Context, p Portal) error {
	n, err := c.openNetwork(ctx, p)
	if err != nil {
		return err
	}
	c.mu.Lock()
	old, started, closed := c.net, c.started, c.closed
	c.net = n
	c.known = false
	c.mu.Unlock()
	old.stop()
	if started && !closed {
		c.startNetwork(n)
	}
	c.events.emit(PortalChanged{URL: p.URL})
	return nil
}

// Portal is the portal the core talks to, with the keys it trusts.
func (c *Core) Portal() Portal { return c.network().portal }

// PortalURL is the portal's address ("" if none is set).
func (c *Core) PortalURL() string { return c.network().portal.URL }

// Close stops the background work and waits for it. It does not close the
// database (the composition root does, after Close) and may be called
// more than once.
func (c *Core) Close() {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return
	}
	c.closed = true
	n := c.net
	stops := c.stops
	c.stops = nil
	c.mu.Unlock()
	for _, f := range stops {
		f()
	}
	n.stop()
	c.events.close()
}

// Catalog is the catalog in use: the newest one installed. Read it at each
// use; a sync may replace it (CatalogReplaced).
func (c *Core) Catalog() *catalog.Catalog { return c.catalog.Current() }

// Online reports whether the portal answered the last probe.
func (c *Core) Online() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.online
}

func (c *Core) setOnline(on bool) {
	c.mu.Lock()
	changed := !c.known || c.online != on
	c.online, c.known = on, true
	n := c.net
	c.mu.Unlock()
	if !changed {
		return
	}
	c.events.emit(Connectivity{Online: on})
	if on {
		// Back online: queued submissions go now (their idempotency keys
		// make a repeat harmless), statuses are fetched.
		c.retryWaiting(n)
		n.outbox.Kick()
		n.watcher.Refresh()
		c.kickOut()
	}
}

// retryWaiting puts submissions that wait out a connection failure back
// in line at once. Refused ones (failed, attention) stay for the applicant.
func (c *Core) retryWaiting(n *network) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	items, err := n.outbox.List(ctx)
	if err != nil {
		return
	}
	for _, it := range items {
		if !it.State.Done() && !it.Paused && it.Err != nil && it.Err.Code == client.CodeOffline {
			_ = n.outbox.Retry(ctx, it.ID)
		}
	}
}

// CheckOnline probes the portal once and updates the online state.
func (c *Core) CheckOnline(ctx context.Context) bool {
	return c.probe(ctx, c.network())
}

var probeClient = &http.Client{Timeout: 4 * time.Second}

func (c *Core) probe(ctx context.Context, n *network) bool {
	if n.portal.URL == "" {
		c.setOnline(false)
		return false
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, n.portal.URL+"/api/v1/verify/PROBE", nil)
	if err != nil {
		c.setOnline(false)
		return false
	}
	resp, err := probeClient.Do(req)
	on := err == nil
	if resp != nil {
		resp.Body.Close()
		on = resp.StatusCode < 500
	}
	if ctx.Err() != nil {
		return on // stopping: the answer says nothing about the portal
	}
	c.setOnline(on)
	return on
}

func (c *Core) probeLoop(ctx context.Context, n *network) {
	defer n.wg.Done()
	every := c.opts.ProbeInterval
	if every <= 0 {
		every = 15 * time.Second
	}
	for {
		c.probe(ctx, n)
		select {
		case <-ctx.Done():
			return
		case <-time.After(every):
		}
	}
}

func (c *Core) syncLoop(ctx context.Context, n *network) {
	defer n.wg.Done()
	every := c.opts.SyncInterval
	if every <= 0 {
		every = 6 * time.Hour
	}
	for {
		_, _ = c.syncWith(ctx, n)
		select {
		case <-ctx.Done():
			return
		case <-time.After(every):
		}
	}
}

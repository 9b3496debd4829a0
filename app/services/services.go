// Package services holds the runtime services of one app window (one
// *shell.Deps): the portal client with its session kept in the database,
// the outbox and its runner, the status watcher, catalog sync on start and
// periodically, and online/offline detection. Screens (app/track,
// app/licenseview) reach them through For(deps); cmd/yiye creates them
// with Open and Register before the window shows.
//
// Catalog sync and offline license verification trust only a pinned
// catalog bundle key (Options.TrustedKeys). Outside demo mode cmd/yiye
// takes it from the environment variable YIYE_BUNDLE_KEY (EnvBundleKey,
// which wins) or else from the fyne preference "portal.bundleKey"
// (PrefBundleKey); both hold the base64 text yiye-portal prints, checked
// with bundle.ParsePublicKey (CheckPinnedKey validates what a settings
// screen lets the user type). Without a key both features stay off.
//
// The last license list fetched (details and QR payloads) is cached in the
// database (licensecache_ tables) for offline viewing; an answered
// correction is written back into the draft the application came from
// (RecordCorrection), after its files passed the draft attachment checks
// (PrepareCorrectionFiles).
//
// Nothing here touches widgets: callbacks run on background goroutines and
// screens wrap their UI updates in Post (fyne.Do in the app).
package services

import (
	"context"
	"crypto/ed25519"
	"database/sql"
	"errors"
	"net/http"
	"sync"
	"time"

	"fyne.io/fyne/v2"

	"github.com/naiman-yiye/yiye/app/shell"
	"github.com/naiman-yiye/yiye/catalog"
	"github.com/naiman-yiye/yiye/client"
	"github.com/naiman-yiye/yiye/drafts"
	"github.com/naiman-yiye/yiye/paths"
	"github.com/naiman-yiye/yiye/usererr"
)

// Options configure Open.
type Options struct {
	DB        *sql.DB
	DataDir   string
	PortalURL string // "" = no portal configured: everything stays offline/queued
	// TrustedKeys are the pinned catalog bundle keys; without any, catalog
	// sync is off and offline license verification has no key.
	TrustedKeys []ed25519.PublicKey
	// PollInterval is the watcher's interval (default 60s; demo uses less).
	PollInterval time.Duration
	// SyncInterval spaces catalog syncs (default 6h).
	SyncInterval time.Duration
	// ProbeInterval spaces reachability checks (default 15s).
	ProbeInterval time.Duration
	// ChunkSize is the tus PATCH size (client default if 0); small chunks
	// give a smoother progress bar.
	ChunkSize int64
	// Backoff overrides the outbox retry spacing (zero: client default).
	Backoff client.Backoff
}

// Services are the runtime services of one window.
type Services struct {
	Client  *client.Client
	Tokens  *client.DBTokenStore
	Outbox  *client.Outbox
	Watcher *client.Watcher
	Syncer  *client.Syncer // nil without trusted keys
	Catalog *catalog.Local
	Drafts  *drafts.Store

	// Post runs f on the UI goroutine; fyne.Do unless a test replaces it
	// (before Start) to run updates on its own goroutine.
	Post func(f func())
	// Notify tells the applicant about a status change (set by cmd/yiye to
	// the shell's banner + OS notification); may be nil.
	Notify func(title, body string)

	opts   Options
	probe  *http.Client
	mu     sync.Mutex
	online bool
	known  bool // online has been determined at least once
	subs   map[int]func(bool)
	nsub   int
	cancel context.CancelFunc
	wg     sync.WaitGroup
	stops  []func()
}

// Open opens the stores and builds the client, outbox, watcher and syncer.
// It does no network I/O; Start begins the background work.
func Open(ctx context.Context, opts Options) (*Services, error) {
	if opts.DB == nil {
		return nil, errors.New("services: no database")
	}
	s := &Services{opts: opts, Post: fyne.Do, subs: map[int]func(bool){},
		probe: &http.Client{Timeout: 4 * time.Second}}
	var err error
	if s.Tokens, err = client.OpenDBTokenStore(ctx, opts.DB); err != nil {
		return nil, err
	}
	s.Client = client.New(client.Config{BaseURL: opts.PortalURL, Tokens: s.Tokens, ChunkSize: opts.ChunkSize,
		UserAgent: "yiye-desktop"})
	if s.Outbox, err = client.OpenOutbox(ctx, opts.DB, s.Client); err != nil {
		return nil, err
	}
	if opts.Backoff != (client.Backoff{}) {
		s.Outbox.Backoff = opts.Backoff
	}
	if s.Watcher, err = client.OpenWatcher(ctx, opts.DB, s.Client); err != nil {
		return nil, err
	}
	if opts.PollInterval > 0 {
		s.Watcher.Interval = opts.PollInterval
		s.Watcher.MaxInterval = max(opts.PollInterval*8, time.Minute)
	}
	if err := openLicenseCache(ctx, opts.DB); err != nil {
		return nil, err
	}
	if s.Catalog, err = catalog.OpenLocal(ctx, opts.DB); err != nil {
		return nil, err
	}
	if len(opts.TrustedKeys) > 0 {
		if s.Syncer, err = client.OpenSyncer(ctx, opts.DB, s.Client, s.Catalog, opts.TrustedKeys); err != nil {
			return nil, err
		}
	}
	if s.Drafts, err = drafts.Open(ctx, opts.DB, paths.AttachmentsDir(opts.DataDir)); err != nil {
		return nil, err
	}
	s.Drafts.SetLimits(func(id string) (drafts.Limits, bool) { return drafts.CatalogLimits(s.Catalog.Current())(id) })
	return s, nil
}

// PortalURL is the portal the services talk to.
func (s *Services) PortalURL() string { return s.opts.PortalURL }

// Start begins the background work: the outbox runner, the watcher, the
// catalog sync loop and the reachability probe. Draft states follow the
// outbox (queued → submitted).
func (s *Services) Start() {
	ctx, cancel := context.WithCancel(context.Background())
	s.cancel = cancel
	s.stops = append(s.stops, s.Outbox.Subscribe(func(it client.Item) { s.followDraft(ctx, it) }))
	s.stops = append(s.stops, s.Watcher.Subscribe(s.notifyChanges))
	s.stops = append(s.stops, s.Watcher.OnError(func(err error) {
		if client.CodeOf(err) == client.CodeOffline {
			s.setOnline(false)
		}
	}))
	s.reconcileDrafts(ctx)
	if s.opts.PortalURL != "" {
		s.Outbox.Start(ctx)
		s.Watcher.Start(ctx)
		s.wg.Add(1)
		go s.probeLoop(ctx)
		if s.Syncer != nil {
			s.wg.Add(1)
			go s.syncLoop(ctx)
		}
	} else {
		s.setOnline(false)
	}
}

// Close stops everything Start began and waits for it.
func (s *Services) Close() {
	for _, f := range s.stops {
		f()
	}
	s.stops = nil
	if s.cancel != nil {
		s.cancel()
	}
	s.Outbox.Stop()
	s.Watcher.Stop()
	s.wg.Wait()
}

// Online reports whether the portal answered the last probe.
func (s *Services) Online() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.online
}

// OnOnline calls fn (from a background goroutine) whenever reachability
// changes, and once at once if it is already known.
func (s *Services) OnOnline(fn func(bool)) (cancel func()) {
	s.mu.Lock()
	id := s.nsub
	s.nsub++
	s.subs[id] = fn
	known, on := s.known, s.online
	s.mu.Unlock()
	if known {
		fn(on)
	}
	return func() {
		s.mu.Lock()
		delete(s.subs, id)
		s.mu.Unlock()
	}
}

func (s *Services) setOnline(on bool) {
	s.mu.Lock()
	changed := !s.known || s.online != on
	s.online, s.known = on, true
	var fns []func(bool)
	if changed {
		for _, f := range s.subs {
			fns = append(fns, f)
		}
	}
	s.mu.Unlock()
	for _, f := range fns {
		f(on)
	}
	if changed && on {
		// Back online: queued submissions go now (their idempotency keys
		// make a repeat harmless), statuses are fetched.
		s.retryWaiting()
		s.Outbox.Kick()
		s.Watcher.Refresh()
	}
}

// retryWaiting puts submissions that wait out a connection failure back
// in line at once. Refused ones (failed, attention) stay for the applicant.
func (s *Services) retryWaiting() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	items, err := s.Outbox.List(ctx)
	if err != nil {
		return
	}
	for _, it := range items {
		// it.Err is a *usererr.Error: nil must not reach CodeOf as a
		// typed-nil error (errors.As would hand back a nil pointer).
		if !it.State.Done() && !it.Paused && it.Err != nil && it.Err.Code == client.CodeOffline {
			_ = s.Outbox.Retry(ctx, it.ID)
		}
	}
}

// CheckOnline probes the portal once and updates the online state.
func (s *Services) CheckOnline(ctx context.Context) bool {
	if s.opts.PortalURL == "" {
		s.setOnline(false)
		return false
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.opts.PortalURL+"/api/v1/verify/PROBE", nil)
	if err != nil {
		s.setOnline(false)
		return false
	}
	resp, err := s.probe.Do(req)
	on := err == nil
	if resp != nil {
		resp.Body.Close()
		on = resp.StatusCode < 500
	}
	s.setOnline(on)
	return on
}

func (s *Services) probeLoop(ctx context.Context) {
	defer s.wg.Done()
	every := s.opts.ProbeInterval
	if every <= 0 {
		every = 15 * time.Second
	}
	for {
		s.CheckOnline(ctx)
		select {
		case <-ctx.Done():
			return
		case <-time.After(every):
		}
	}
}

func (s *Services) syncLoop(ctx context.Context) {
	defer s.wg.Done()
	every := s.opts.SyncInterval
	if every <= 0 {
		every = 6 * time.Hour
	}
	for {
		_, _ = s.SyncCatalog(ctx)
		select {
		case <-ctx.Done():
			return
		case <-time.After(every):
		}
	}
}

// SyncCatalog fetches the signed catalog bundle once (a no-op without
// trusted keys).
func (s *Services) SyncCatalog(ctx context.Context) (client.SyncResult, error) {
	if s.Syncer == nil {
		return client.SyncResult{}, ErrNoTrustedKey
	}
	c, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	return s.Syncer.Sync(c)
}

// ErrNoTrustedKey: no pinned bundle key, so no sync and no offline
// license check.
var ErrNoTrustedKey = usererr.New("services.no_key",
	"尚未取得门户的签名公钥（需要先连接一次门户同步目录），暂不能离线核验。",
	"The portal's signing key is not known yet (connect once to sync the catalog), so offline verification is unavailable.")

// LicenseKey is the license-verification key from the last accepted bundle.
func (s *Services) LicenseKey(ctx context.Context) (ed25519.PublicKey, error) {
	if s.Syncer == nil {
		return nil, ErrNoTrustedKey
	}
	k, err := s.Syncer.LicenseKey(ctx)
	if err == nil && len(k) == 0 {
		return nil, ErrNoTrustedKey
	}
	return k, err
}

// SignIn logs in with phone and one-time code and puts queued
// submissions back in line.
func (s *Services) SignIn(ctx context.Context, phone, code string) error {
	if err := s.Client.Login(ctx, phone, code); err != nil {
		return err
	}
	// The cached licenses may be another applicant's.
	_ = s.forgetLicenses(ctx)
	_ = s.Outbox.RetryAll(ctx)
	s.Watcher.Refresh()
	return nil
}

// followDraft keeps the draft's state in step with its submission.
func (s *Services) followDraft(ctx context.Context, it client.Item) {
	if it.ClientRef == "" || it.State != client.StateSent || it.ApplicationID == "" {
		return
	}
	d, err := s.Drafts.Get(ctx, it.ClientRef)
	if err != nil || d.Status.State == drafts.StateSubmitted {
		return
	}
	_ = s.Drafts.SetStatus(ctx, it.ClientRef, drafts.Status{State: drafts.StateSubmitted, ApplicationID: it.ApplicationID})
	s.Watcher.Refresh()
}

// reconcileDrafts catches up drafts whose submission went out while the
// app was not following (killed between the send and the draft update).
func (s *Services) reconcileDrafts(ctx context.Context) {
	items, err := s.Outbox.List(ctx)
	if err != nil {
		return
	}
	for _, it := range items {
		s.followDraft(ctx, it)
	}
}

func (s *Services) notifyChanges(chs []client.StatusChange) {
	if s.Notify == nil {
		return
	}
	for _, ch := range chs {
		if ch.Old == "" {
			continue // first sight (e.g. the first poll after install): not news
		}
		title, body := ChangeText(ch)
		s.Notify(title, body)
	}
}

// --- registry: one Services per shell.Deps ---

var (
	regMu    sync.Mutex
	registry = map[*shell.Deps]*Services{}
)

// Register makes s the services of deps (replacing any earlier one, which
// the caller closes).
func Register(deps *shell.Deps, s *Services) {
	regMu.Lock()
	defer regMu.Unlock()
	registry[deps] = s
}

// Unregister forgets the services of deps.
func Unregister(deps *shell.Deps) {
	regMu.Lock()
	defer regMu.Unlock()
	delete(registry, deps)
}

// For returns the services of deps, or nil if none were registered.
func For(deps *shell.Deps) *Services {
	regMu.Lock()
	defer regMu.Unlock()
	return registry[deps]
}

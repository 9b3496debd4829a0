// Package portal is the reference "一业一证" portal: a real HTTP server that
// implements client/openapi.yaml faithfully, for Yiye's demo mode, staff
// training and tests. Everything lives in one SQLite file and an uploads
// folder under Options.DataDir, so a restart loses nothing.
//
// Besides the applicant API it serves a Chinese back office (/admin/, HTTP
// Basic auth as "staff") and the same actions as JSON (/api/v1/admin/...),
// and can walk new applications through the workflow by itself
// (Options.AutoAdvance) for demos.
package portal

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/tls"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/naiman-yiye/yiye/bundle"
	"github.com/naiman-yiye/yiye/store"
	tushandler "github.com/tus/tusd/v2/pkg/handler"
)

// Options configure a portal.
type Options struct {
	// DataDir holds portal.db and uploads/; created if missing.
	DataDir string
	// Addr to listen on, e.g. "127.0.0.1:8080"; "127.0.0.1:0" picks a port.
	Addr string
	// PublicURL is the base URL printed into license QR codes; default URL().
	PublicURL string
	// Catalog is the catalog document (catalog.EmbeddedDocument()): served
	// in the signed bundle, and the only source of the industries, items
	// and departments the portal checks requests against and names.
	// Required.
	Catalog []byte
	// WindowDepartment is the catalog code of the department that runs the
	// single window and issues comprehensive licenses (default "zsj").
	WindowDepartment string
	// AutoAdvance > 0 walks applications through acceptance, a joint
	// inspection, approval and license issue, one step per AutoAdvance.
	AutoAdvance time.Duration
	// Demo seeds demo accounts and a licensed demo application, and lets
	// demo accounts sign in with DemoCode.
	Demo bool
	// StaffPassword is the password of the administrator account "staff"
	// (AdminUser), set on every start. Empty keeps the stored one; with
	// no account yet it means "demo" in demo mode, else a random password
	// written to the log. Demo mode also seeds one account per catalog
	// department (user = department code, password "demo").
	StaffPassword string
	// AllowInsecureStaff serves the back office over plain HTTP to other
	// machines too; by default only loopback clients, TLS, or a trusted
	// proxy that forwarded HTTPS reach it.
	AllowInsecureStaff bool
	// TrustedProxies are the reverse proxies whose X-Forwarded-For and
	// X-Forwarded-Proto headers are believed (ParseProxies); from any other
	// peer those headers are ignored.
	TrustedProxies []netip.Prefix
	// TLSCertFile and TLSKeyFile make Start serve HTTPS.
	TLSCertFile, TLSKeyFile string
	// BundleKey signs catalog bundles; nil means a key kept in the database.
	// Production keeps this key offline; the app pins its public half.
	BundleKey ed25519.PrivateKey
	// Logger receives the log, including one-time codes; nil means stderr.
	Logger *slog.Logger
	// Now is the clock; nil means time.Now. Tests move it forward.
	Now func() time.Time
	// AccessTTL and RefreshTTL default to 15 minutes and 30 days.
	AccessTTL, RefreshTTL time.Duration
	// CodeInterval is the minimum time between two codes for one phone (default 30 s).
	CodeInterval time.Duration
	// Limits bound sign-in attempts per phone number and client address.
	Limits LoginLimits
	// MaxUploadSize defaults to 20 MiB.
	MaxUploadSize int64

	// Timeouts of the server Start runs (zero means the default): reading
	// the request headers (10 s); reading a whole request (30 s) and
	// writing the answer (60 s) outside the upload path; keeping an idle
	// keep-alive connection (120 s). Uploads run under UploadTimeout
	// instead (60 s): the longest wait for the next bytes of a tus body,
	// renewed while bytes arrive, so a slow link can send 20 MiB but a
	// stalled client cannot hold the connection.
	ReadHeaderTimeout, ReadTimeout, WriteTimeout, IdleTimeout, UploadTimeout time.Duration
	// MaxBodySize caps request bodies outside the upload path (JSON, forms;
	// default 1 MiB): a larger Content-Length is refused at once with 413.
	MaxBodySize int64
}

// DemoCode is the fixed one-time code that demo accounts may use in demo
// mode only (the app's demo mode signs in without reading logs).
const DemoCode = "246810"

// Demo accounts seeded in demo mode.
const (
	DemoPhone      = "13800000001" // has a licensed convenience store
	DemoPhoneOther = "13800000002" // has nothing yet
)

// Server is a running portal.
type Server struct {
	opts       Options
	db         *sql.DB
	log        *slog.Logger
	bundleKey  ed25519.PrivateKey
	licenseKey ed25519.PrivateKey
	bundleData []byte
	ref        *refData
	tus        *tushandler.UnroutedHandler
	mux        *http.ServeMux
	creds      *credCache

	ln      net.Listener
	httpSrv *http.Server
	url     string

	mu        sync.Mutex
	lastCodes map[string]string

	stop    context.CancelFunc
	wg      sync.WaitGroup
	closeMu sync.Once
}

// New opens (or creates) the portal's data without listening; use Handler
// to serve it. Start is New plus a listener.
func New(ctx context.Context, opts Options) (*Server, error) {
	if opts.DataDir == "" {
		return nil, errors.New("portal: DataDir is required")
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.AccessTTL == 0 {
		opts.AccessTTL = 15 * time.Minute
	}
	if opts.RefreshTTL == 0 {
		opts.RefreshTTL = 30 * 24 * time.Hour
	}
	if opts.CodeInterval == 0 {
		opts.CodeInterval = 30 * time.Second
	}
	if opts.MaxUploadSize == 0 {
		opts.MaxUploadSize = 20 << 20
	}
	opts.Limits.defaults()
	if opts.MaxBodySize <= 0 {
		opts.MaxBodySize = 1 << 20
	}
	for _, d := range []struct {
		v   *time.Duration
		def time.Duration
	}{{&opts.ReadHeaderTimeout, 10 * time.Second}, {&opts.ReadTimeout, 30 * time.Second},
		{&opts.WriteTimeout, 60 * time.Second}, {&opts.IdleTimeout, 120 * time.Second}, {&opts.UploadTimeout, 60 * time.Second}} {
		if *d.v <= 0 {
			*d.v = d.def
		}
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	ref, err := newRefData(opts.Catalog, opts.WindowDepartment)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Join(opts.DataDir, "uploads"), 0o700); err != nil {
		return nil, err
	}
	db, err := store.Open(filepath.Join(opts.DataDir, "portal.db"))
	if err != nil {
		return nil, err
	}
	s := &Server{opts: opts, db: db, log: opts.Logger, ref: ref, creds: newCredCache(), lastCodes: map[string]string{}}
	if err := s.init(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

func (s *Server) init(ctx context.Context) error {
	if err := store.Migrate(ctx, s.db, "portal", migrations); err != nil {
		return err
	}
	var err error
	if s.licenseKey, err = s.key(ctx, "license"); err != nil {
		return err
	}
	s.bundleKey = s.opts.BundleKey
	if s.bundleKey == nil {
		if s.bundleKey, err = s.key(ctx, "bundle"); err != nil {
			return err
		}
	}
	if err := s.setupStaff(ctx); err != nil {
		return err
	}
	if err := s.seedRegistry(ctx); err != nil {
		return err
	}
	if s.bundleData, err = s.signedBundle(ctx, s.opts.Catalog); err != nil {
		return err
	}
	if s.tus, err = s.newTus(); err != nil {
		return err
	}
	s.routes()
	return nil
}

// key loads or creates a named Ed25519 key kept in the database.
func (s *Server) key(ctx context.Context, name string) (ed25519.PrivateKey, error) {
	var seed []byte
	err := s.db.QueryRowContext(ctx, `SELECT seed FROM portal_keys WHERE name = ?`, name).Scan(&seed)
	if errors.Is(err, sql.ErrNoRows) {
		seed = make([]byte, ed25519.SeedSize)
		if _, err := io.ReadFull(rand.Reader, seed); err != nil {
			return nil, err
		}
		if _, err := s.db.ExecContext(ctx, `INSERT INTO portal_keys(name, seed) VALUES (?, ?)
			ON CONFLICT(name) DO NOTHING`, name, seed); err != nil {
			return nil, err
		}
		err = s.db.QueryRowContext(ctx, `SELECT seed FROM portal_keys WHERE name = ?`, name).Scan(&seed)
	}
	if err != nil {
		return nil, err
	}
	if len(seed) != ed25519.SeedSize {
		return nil, fmt.Errorf("portal: key %s corrupt", name)
	}
	return ed25519.NewKeyFromSeed(seed), nil
}

// signedBundle returns the bundle for doc, re-signing only when doc changes,
// so the ETag survives restarts.
func (s *Server) signedBundle(ctx context.Context, doc []byte) ([]byte, error) {
	tag := bundle.ETag(doc) + bundle.KeyID(s.PublicKey()) + bundle.KeyID(s.LicenseKey())
	var data []byte
	err := s.db.QueryRowContext(ctx, `SELECT data FROM portal_bundles WHERE doc_tag = ?`, tag).Scan(&data)
	if err == nil {
		return data, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	data, err = bundle.Sign(s.bundleKey, doc, bundle.Meta{IssuedAt: s.opts.Now(), LicenseKey: s.LicenseKey()})
	if err != nil {
		return nil, err
	}
	_, err = s.db.ExecContext(ctx, `INSERT INTO portal_bundles(doc_tag, data) VALUES (?, ?)`, tag, data)
	return data, err
}

// Start opens the portal and serves it on opts.Addr until Close; ctx
// bounds only the opening (migrations, seeding), not the server's life.
func Start(ctx context.Context, opts Options) (*Server, error) {
	if opts.Addr == "" {
		opts.Addr = "127.0.0.1:0"
	}
	var tlsConf *tls.Config
	if opts.TLSCertFile != "" || opts.TLSKeyFile != "" {
		cert, err := tls.LoadX509KeyPair(opts.TLSCertFile, opts.TLSKeyFile)
		if err != nil {
			return nil, fmt.Errorf("portal: TLS certificate and key: %w", err)
		}
		tlsConf = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	}
	ln, err := net.Listen("tcp", opts.Addr)
	if err != nil {
		return nil, err
	}
	url := "http://" + ln.Addr().String()
	if tlsConf != nil {
		url = "https://" + ln.Addr().String()
	}
	if opts.PublicURL == "" {
		opts.PublicURL = url
	}
	s, err := New(ctx, opts)
	if err != nil {
		ln.Close()
		return nil, err
	}
	s.ln, s.url = ln, url
	s.httpSrv = &http.Server{Handler: s.Handler(), ReadHeaderTimeout: s.opts.ReadHeaderTimeout,
		ReadTimeout: s.opts.ReadTimeout, WriteTimeout: s.opts.WriteTimeout, IdleTimeout: s.opts.IdleTimeout,
		TLSConfig: tlsConf, ErrorLog: slog.NewLogLogger(s.log.Handler(), slog.LevelWarn)}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		serve := s.httpSrv.Serve
		if tlsConf != nil {
			serve = func(ln net.Listener) error { return s.httpSrv.ServeTLS(ln, "", "") }
		}
		if err := serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.log.Error("portal: serve", "err", err)
		}
	}()
	if err := s.afterStart(ctx); err != nil {
		s.Close()
		return nil, err
	}
	s.log.Info("portal listening", "url", url, "data", opts.DataDir)
	return s, nil
}

// afterStart seeds demo data and starts auto-advance.
func (s *Server) afterStart(ctx context.Context) error {
	if s.opts.Demo {
		if err := s.seedDemo(ctx); err != nil {
			return fmt.Errorf("portal: demo seed: %w", err)
		}
	}
	bg, cancel := context.WithCancel(context.Background())
	s.stop = cancel
	if s.opts.AutoAdvance > 0 {
		s.wg.Add(1)
		go s.autoAdvance(bg)
	}
	return nil
}

// Serve starts background work for a Server made by New and served by the
// caller's own listener (e.g. httptest). url is its base URL.
func (s *Server) Serve(ctx context.Context, url string) error {
	s.url = url
	if s.opts.PublicURL == "" {
		s.opts.PublicURL = url
	}
	return s.afterStart(ctx)
}

// URL is the base URL the server listens on, e.g. http://127.0.0.1:41234.
func (s *Server) URL() string { return s.url }

// PublicKey is the bundle signing key: the trust anchor the app pins
// (demo mode trusts this one).
func (s *Server) PublicKey() ed25519.PublicKey { return s.bundleKey.Public().(ed25519.PublicKey) }

// LicenseKey verifies license QR payloads; the signed bundle carries it.
func (s *Server) LicenseKey() ed25519.PublicKey { return s.licenseKey.Public().(ed25519.PublicKey) }

// StaffPassword is the password of the administrator account "staff" set
// at this start ("" if the stored one was kept).
func (s *Server) StaffPassword() string { return s.opts.StaffPassword }

// DemoCode returns the last one-time code sent to phone ("" if none), so
// the demo app and tests sign in without reading the log.
func (s *Server) DemoCode(phone string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lastCodes[phone]
}

// Close stops serving and background work and closes the database.
func (s *Server) Close() error {
	var err error
	s.closeMu.Do(func() {
		if s.stop != nil {
			s.stop()
		}
		if s.httpSrv != nil {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			s.httpSrv.Shutdown(ctx)
			cancel()
		}
		s.wg.Wait()
		err = s.db.Close()
	})
	return err
}

func (s *Server) now() time.Time { return s.opts.Now().UTC().Truncate(time.Second) }

func (s *Server) publicURL() string {
	if s.opts.PublicURL != "" {
		return strings.TrimRight(s.opts.PublicURL, "/")
	}
	return s.url
}

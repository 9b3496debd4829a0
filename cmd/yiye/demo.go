package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/naiman-yiye/yiye/app/shell"
	"github.com/naiman-yiye/yiye/catalog"
	"github.com/naiman-yiye/yiye/portal"
)

// demoAutoAdvance is how long the demo portal lets an application sit
// before moving it one step (accept → joint inspection → approval →
// license): a new submission is licensed within about two minutes.
var demoAutoAdvance = 20 * time.Second

// demoPortals remembers the in-process portal of each demo window, so the
// wiring can trust its bundle key and sign in.
var (
	demoMu      sync.Mutex
	demoPortals = map[*shell.Deps]*portal.Server{}
)

func init() { startDemo = startDemoPortal }

// demoDir is where the demo portal keeps its data, under the app's data
// folder so a demo never touches real data elsewhere.
func demoDir(dataDir string) string { return filepath.Join(dataDir, "demo-portal") }

// startDemoPortal starts the reference portal with demo data on a
// loopback port and points deps at it. It reuses the port of the last
// demo run when that port is free, so upload addresses stored by an
// interrupted submission stay valid; otherwise the system picks one.
func startDemoPortal(deps *shell.Deps) (func(), error) {
	dir := demoDir(deps.DataDir)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	portFile := filepath.Join(dir, "last-addr")
	opts := portal.Options{DataDir: dir, Addr: "127.0.0.1:0", Catalog: catalog.EmbeddedDocument(), Demo: true,
		AutoAdvance: demoAutoAdvance, StaffPassword: "demo",
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if os.Getenv("YIYE_DEMO_LOG") != "" {
		opts.Logger = nil // stderr
	}
	ctx := context.Background()
	var srv *portal.Server
	var err error
	if b, rerr := os.ReadFile(portFile); rerr == nil && strings.HasPrefix(string(b), "127.0.0.1:") {
		o := opts
		o.Addr = strings.TrimSpace(string(b))
		srv, err = portal.Start(ctx, o)
	}
	if srv == nil {
		if srv, err = portal.Start(ctx, opts); err != nil {
			return nil, fmt.Errorf("demo portal: %w", err)
		}
	}
	_ = os.WriteFile(portFile, []byte(strings.TrimPrefix(srv.URL(), "http://")), 0o600)
	deps.PortalURL = srv.URL()
	demoMu.Lock()
	demoPortals[deps] = srv
	demoMu.Unlock()
	return func() {
		demoMu.Lock()
		delete(demoPortals, deps)
		demoMu.Unlock()
		_ = srv.Close()
	}, nil
}

// demoPortal returns the demo portal of deps, or nil. A kiosk session's
// deps (a copy of the window's, see kioskmode) find the window's demo
// portal by its address.
func demoPortal(deps *shell.Deps) *portal.Server {
	demoMu.Lock()
	defer demoMu.Unlock()
	if srv := demoPortals[deps]; srv != nil || !deps.Demo || deps.PortalURL == "" {
		return srv
	}
	for _, srv := range demoPortals {
		if srv.URL() == deps.PortalURL {
			return srv
		}
	}
	return nil
}

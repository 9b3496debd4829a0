package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"

	"github.com/naiman-yiye/yiye/catalog"
	"github.com/naiman-yiye/yiye/core"
	"github.com/naiman-yiye/yiye/portal"
)

// demoAutoAdvance is how long the demo portal lets an application sit
// before moving it one step (accept → joint inspection → approval →
// license): a new submission is licensed within about two minutes.
const demoAutoAdvance = 20 * time.Second

// demoDir is where the demo portal keeps its data, under the app's data
// folder so a demo never touches real data elsewhere.
func demoDir(dataDir string) string { return filepath.Join(dataDir, "demo-portal") }

// demoAddr is the demo portal's stable address: license QR codes printed
// in one demo session verify in the next (a real portal prints its public
// address, yiye-portal --public-url).
const demoAddr = "127.0.0.1:38061"

// startDemoPortal starts the reference portal with demo data on loopback,
// at demoAddr when it is free, else at the last demo run's port (upload
// addresses stored by an interrupted submission stay valid), else where the
// system says. QR codes always carry demoAddr.
func startDemoPortal(dataDir string, advance time.Duration) (*portal.Server, error) {
	dir := demoDir(dataDir)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	if advance <= 0 {
		advance = demoAutoAdvance
	}
	portFile := filepath.Join(dir, "last-addr")
	opts := portal.Options{DataDir: dir, Addr: "127.0.0.1:0", PublicURL: "http://" + demoAddr,
		Catalog: catalog.EmbeddedDocument(), Demo: true,
		AutoAdvance: advance, StaffPassword: "demo",
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if os.Getenv("YIYE_DEMO_LOG") != "" {
		opts.Logger = nil // stderr
	}
	ctx := context.Background()
	addrs := []string{demoAddr}
	if b, err := os.ReadFile(portFile); err == nil && strings.HasPrefix(string(b), "127.0.0.1:") {
		addrs = append(addrs, strings.TrimSpace(string(b)))
	}
	for _, a := range addrs {
		o := opts
		o.Addr = a
		if srv, err := portal.Start(ctx, o); err == nil {
			_ = os.WriteFile(portFile, []byte(a), 0o600)
			return srv, nil
		}
	}
	srv, err := portal.Start(ctx, opts)
	if err != nil {
		return nil, fmt.Errorf("demo portal: %w", err)
	}
	_ = os.WriteFile(portFile, []byte(strings.TrimPrefix(srv.URL(), "http://")), 0o600)
	return srv, nil
}

// demoSignIn signs the demo applicant in (demo accounts accept the fixed
// demo code), so a newcomer sees the whole journey with no set-up.
func demoSignIn(c *core.Core, srv *portal.Server) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := c.SignIn(ctx, portal.DemoPhone, portal.DemoCode); err != nil {
		if _, rerr := c.RequestCode(ctx, portal.DemoPhone); rerr == nil {
			err = c.SignIn(ctx, portal.DemoPhone, srv.DemoCode(portal.DemoPhone))
		}
		if err != nil {
			fyne.LogError("yiye: demo sign-in", err)
		}
	}
}

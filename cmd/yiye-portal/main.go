// Command yiye-portal runs the reference "一业一证" portal that implements
// client/openapi.yaml, for Yiye's demo mode, staff training and tests.
//
//	yiye-portal --addr 127.0.0.1:8080 --data DIR [--auto-advance 30s] [--demo]
//
// One-time login codes are written to the log (there is no SMS gateway).
// The back office is at /admin/ (user "staff", --staff-password).
package main

import (
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/naiman-yiye/yiye/bundle"
	"github.com/naiman-yiye/yiye/catalog"
	"github.com/naiman-yiye/yiye/portal"
)

// Set by the release build (-ldflags -X).
var version, commit = "dev", ""

func main() {
	if err := run(os.Args[1:], os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "yiye-portal:", err)
		os.Exit(1)
	}
}

func run(args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("yiye-portal", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	data := fs.String("data", "", "data directory (SQLite database and uploads); required")
	auto := fs.Duration("auto-advance", 0, "walk new applications through the workflow, one step per DURATION (e.g. 30s); 0 = off")
	demo := fs.Bool("demo", false, "seed demo accounts (13800000001, 13800000002; code "+portal.DemoCode+") and a licensed demo application")
	public := fs.String("public-url", "", "base URL printed in license QR codes (default: the listen URL)")
	staff := fs.String("staff-password", "", "back-office password for user staff (default: random, logged)")
	catalogFile := fs.String("catalog", "", "catalog document to sign and serve (default: the catalog built in)")
	maxUpload := fs.Int64("max-upload", 20<<20, "largest attachment upload in bytes")
	showVersion := fs.Bool("version", false, "print the version and exit")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *showVersion {
		fmt.Fprintf(stderr, "yiye-portal %s %s\n", version, commit)
		return nil
	}
	if *data == "" {
		return fmt.Errorf("--data DIR is required")
	}
	if *maxUpload <= 0 {
		return fmt.Errorf("--max-upload must be a positive number of bytes")
	}
	doc := catalog.EmbeddedDocument()
	if *catalogFile != "" {
		b, err := os.ReadFile(*catalogFile)
		if err != nil {
			return err
		}
		doc = b
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	log := slog.New(slog.NewTextHandler(stderr, nil))
	srv, err := portal.Start(ctx, portal.Options{DataDir: *data, Addr: *addr, PublicURL: *public, Catalog: doc,
		AutoAdvance: *auto, Demo: *demo, StaffPassword: *staff, MaxUploadSize: *maxUpload, Logger: log})
	if err != nil {
		return err
	}
	log.Info("keys", "bundle_key", b64(srv.PublicKey()), "bundle_key_id", bundle.KeyID(srv.PublicKey()),
		"license_key", b64(srv.LicenseKey()))
	<-ctx.Done()
	log.Info("shutting down")
	return srv.Close()
}

func b64(k ed25519.PublicKey) string { return base64.StdEncoding.EncodeToString(k) }

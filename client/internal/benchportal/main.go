// Command benchportal runs the reference portal (package portal) like
// cmd/yiye-portal does, with a configurable upload size limit, for the
// client's upload benchmark (the reference portal caps uploads at 20 MiB).
//
//	benchportal --addr 127.0.0.1:0 --data DIR --max-upload 256MiB-in-bytes
package main

import (
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/naiman-yiye/yiye/catalog"
	"github.com/naiman-yiye/yiye/portal"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "address to listen on")
	data := flag.String("data", "", "data directory; required")
	maxUpload := flag.Int64("max-upload", 256<<20, "largest upload in bytes")
	staff := flag.String("staff-password", "", "back-office password")
	flag.Parse()
	if *data == "" {
		fmt.Fprintln(os.Stderr, "benchportal: --data DIR is required")
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	srv, err := portal.Start(ctx, portal.Options{DataDir: *data, Addr: *addr, Catalog: catalog.EmbeddedDocument(),
		StaffPassword: *staff, MaxUploadSize: *maxUpload, Logger: log})
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchportal:", err)
		os.Exit(1)
	}
	log.Info("keys", "bundle_key", b64(srv.PublicKey()))
	<-ctx.Done()
	srv.Close()
}

func b64(k ed25519.PublicKey) string { return base64.StdEncoding.EncodeToString(k) }

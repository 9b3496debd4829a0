// Command yiye-portal runs the reference "一业一证" portal that implements
// client/openapi.yaml, for Yiye's demo mode, staff training and tests.
//
//	yiye-portal --addr 127.0.0.1:8080 --data DIR [--auto-advance 30s] [--demo]
//	            [--tls-cert FILE --tls-key FILE] [--trusted-proxy CIDR,...]
//	yiye-portal backup --data DIR --out FILE
//	yiye-portal restore --in FILE --data DIR
//	yiye-portal staff --data DIR --user NAME [--name 姓名] (--admin | --department CODE) [--disable]
//	yiye-portal staff --data DIR --list
//
// One-time login codes are written to the log (there is no SMS gateway).
// The back office is at /admin/ (administrator "staff", --staff-password;
// more accounts with the staff command, which reads the password from
// standard input).
package main

import (
	"bufio"
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/naiman-yiye/yiye/bundle"
	"github.com/naiman-yiye/yiye/catalog"
	"github.com/naiman-yiye/yiye/portal"
)

// Set by the release build (-ldflags -X).
var version, commit = "dev", ""

func main() {
	if err := runWith(os.Args[1:], os.Stdin, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "yiye-portal:", err)
		os.Exit(1)
	}
}

func run(args []string, stderr io.Writer) error { return runWith(args, os.Stdin, stderr) }

func runWith(args []string, stdin io.Reader, stderr io.Writer) error {
	if len(args) > 0 {
		switch args[0] {
		case "backup":
			return runBackup(args[1:], stderr)
		case "restore":
			return runRestore(args[1:], stderr)
		case "staff":
			return runStaff(args[1:], stdin, stderr)
		}
	}
	return serve(args, stderr)
}

func serve(args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("yiye-portal", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	data := fs.String("data", "", "data directory (SQLite database and uploads); required")
	auto := fs.Duration("auto-advance", 0, "walk new applications through the workflow, one step per DURATION (e.g. 30s); 0 = off")
	demo := fs.Bool("demo", false, "seed demo accounts (13800000001, 13800000002; code "+portal.DemoCode+") and a licensed demo application")
	public := fs.String("public-url", "", "base URL printed in license QR codes (default: the listen URL)")
	staff := fs.String("staff-password", "", "password of the back-office administrator \"staff\" (default: keep it; on first start random, logged; \"demo\" with --demo)")
	catalogFile := fs.String("catalog", "", "catalog document to sign and serve (default: the catalog built in)")
	maxUpload := fs.Int64("max-upload", 20<<20, "largest attachment upload in bytes")
	tlsCert := fs.String("tls-cert", "", "serve HTTPS with this certificate (PEM; with --tls-key)")
	tlsKey := fs.String("tls-key", "", "private key of --tls-cert (PEM)")
	proxies := fs.String("trusted-proxy", "", "comma-separated addresses or CIDR prefixes of reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed")
	insecure := fs.Bool("allow-insecure-staff", false, "serve the back office over plain HTTP to other machines too (training networks only)")
	var opts portal.Options
	fs.DurationVar(&opts.ReadHeaderTimeout, "read-header-timeout", 10*time.Second, "longest wait for a request's headers")
	fs.DurationVar(&opts.ReadTimeout, "read-timeout", 30*time.Second, "longest time to read a request outside uploads")
	fs.DurationVar(&opts.WriteTimeout, "write-timeout", 60*time.Second, "longest time to write an answer outside uploads")
	fs.DurationVar(&opts.IdleTimeout, "idle-timeout", 120*time.Second, "how long an idle keep-alive connection stays open")
	fs.DurationVar(&opts.UploadTimeout, "upload-timeout", 60*time.Second, "longest wait for the next bytes of an upload")
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
	if (*tlsCert == "") != (*tlsKey == "") {
		return fmt.Errorf("--tls-cert and --tls-key go together")
	}
	trusted, err := portal.ParseProxies(*proxies)
	if err != nil {
		return fmt.Errorf("--trusted-proxy: %w", err)
	}
	doc, err := catalogDoc(*catalogFile)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	log := slog.New(slog.NewTextHandler(stderr, nil))
	opts.DataDir, opts.Addr, opts.PublicURL, opts.Catalog = *data, *addr, *public, doc
	opts.AutoAdvance, opts.Demo, opts.StaffPassword, opts.MaxUploadSize, opts.Logger = *auto, *demo, *staff, *maxUpload, log
	opts.TLSCertFile, opts.TLSKeyFile, opts.TrustedProxies, opts.AllowInsecureStaff = *tlsCert, *tlsKey, trusted, *insecure
	srv, err := portal.Start(ctx, opts)
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

func catalogDoc(file string) ([]byte, error) {
	if file == "" {
		return catalog.EmbeddedDocument(), nil
	}
	return os.ReadFile(file)
}

// runBackup writes a backup of a data folder, also while the portal runs.
func runBackup(args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("yiye-portal backup", flag.ContinueOnError)
	fs.SetOutput(stderr)
	data := fs.String("data", "", "data directory of the portal; required")
	out := fs.String("out", "", "backup file to write (.tar.gz); required")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *data == "" || *out == "" {
		return fmt.Errorf("backup needs --data DIR and --out FILE")
	}
	tmp := *out + ".part"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if err := portal.Backup(context.Background(), *data, f); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, *out); err != nil {
		return err
	}
	fmt.Fprintln(stderr, "backup written:", *out)
	return nil
}

// runRestore unpacks a backup into an empty data folder.
func runRestore(args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("yiye-portal restore", flag.ContinueOnError)
	fs.SetOutput(stderr)
	in := fs.String("in", "", "backup file (.tar.gz); required")
	data := fs.String("data", "", "empty data directory to restore into; required")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *in == "" || *data == "" {
		return fmt.Errorf("restore needs --in FILE and --data DIR")
	}
	f, err := os.Open(*in)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := portal.Restore(context.Background(), f, *data); err != nil {
		return err
	}
	fmt.Fprintln(stderr, "restored into", *data)
	return nil
}

// runStaff creates, changes, disables or lists back-office accounts. The
// password comes from the first line of standard input (empty: keep it).
func runStaff(args []string, stdin io.Reader, stderr io.Writer) error {
	fs := flag.NewFlagSet("yiye-portal staff", flag.ContinueOnError)
	fs.SetOutput(stderr)
	data := fs.String("data", "", "data directory of the portal; required")
	catalogFile := fs.String("catalog", "", "catalog document the portal serves (default: the catalog built in)")
	user := fs.String("user", "", "username (2–32 of a-z 0-9 . _ -)")
	name := fs.String("name", "", "the staff member's name")
	admin := fs.Bool("admin", false, "administrator (all departments)")
	dept := fs.String("department", "", "catalog department code, e.g. zsj, ycj, xfdd, gaj, sthjj")
	disable := fs.Bool("disable", false, "disable the account (ends its sessions)")
	list := fs.Bool("list", false, "list the accounts")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *data == "" {
		return fmt.Errorf("staff needs --data DIR")
	}
	doc, err := catalogDoc(*catalogFile)
	if err != nil {
		return err
	}
	ctx := context.Background()
	srv, err := portal.New(ctx, portal.Options{DataDir: *data, Catalog: doc, Logger: slog.New(slog.NewTextHandler(stderr, nil))})
	if err != nil {
		return err
	}
	defer srv.Close()
	if *list {
		accts, err := srv.StaffAccounts(ctx)
		if err != nil {
			return err
		}
		for _, a := range accts {
			state := ""
			if a.Disabled {
				state = " (disabled)"
			}
			fmt.Fprintf(stderr, "%s\t%s\t%s\t%s%s\n", a.Username, a.Role, a.Department, a.Name, state)
		}
		return nil
	}
	a := portal.StaffAccount{Username: *user, Name: *name, Role: portal.RoleDepartment, Department: *dept, Disabled: *disable}
	if *admin {
		a.Role = portal.RoleAdmin
	}
	pw := ""
	if !*disable {
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return err
		}
		pw = strings.TrimRight(line, "\r\n")
	}
	if err := srv.SetStaff(ctx, a, pw); err != nil {
		return err
	}
	fmt.Fprintln(stderr, "account saved:", a.Username)
	return nil
}

package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/naiman-yiye/yiye/catalog"
	"github.com/naiman-yiye/yiye/portal"
)

// The staff command adds department accounts (password from standard
// input), lists and disables them; a backup made by the command restores
// into a portal that has them.
func TestStaffBackupRestoreCommands(t *testing.T) {
	data := t.TempDir()
	var out bytes.Buffer
	if err := runWith([]string{"staff", "--data", data, "--user", "wang.gaj", "--name", "王五", "--department", "gaj"},
		strings.NewReader("s3cret-pw\n"), &out); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if err := runWith([]string{"staff", "--data", data, "--user", "x", "--department", "nope"}, strings.NewReader("pw12\n"), io.Discard); err == nil {
		t.Fatal("bad account accepted")
	}
	if err := runWith([]string{"staff", "--data", data, "--user", portal.AdminUser, "--disable"}, strings.NewReader(""), io.Discard); err == nil {
		t.Fatal("admin disabled")
	}
	out.Reset()
	if err := runWith([]string{"staff", "--data", data, "--list"}, nil, &out); err != nil || !strings.Contains(out.String(), "wang.gaj\tdepartment\tgaj\t王五") ||
		!strings.Contains(out.String(), portal.AdminUser+"\tadmin") {
		t.Fatalf("list: %v\n%s", err, out.String())
	}
	file := filepath.Join(t.TempDir(), "portal-backup.tar.gz")
	if err := runWith([]string{"backup", "--data", data, "--out", file}, nil, io.Discard); err != nil {
		t.Fatal(err)
	}
	if err := runWith([]string{"staff", "--data", data, "--user", "wang.gaj", "--department", "gaj", "--disable"}, nil, io.Discard); err != nil {
		t.Fatal(err)
	}
	restored := filepath.Join(t.TempDir(), "restored")
	if err := runWith([]string{"restore", "--in", file, "--data", restored}, nil, io.Discard); err != nil {
		t.Fatal(err)
	}
	if err := runWith([]string{"restore", "--in", file, "--data", restored}, nil, io.Discard); err == nil {
		t.Fatal("restored over a portal")
	}
	srv, err := portal.New(context.Background(), portal.Options{DataDir: restored, Catalog: catalog.EmbeddedDocument(),
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	accts, _ := srv.StaffAccounts(context.Background())
	found := false
	for _, a := range accts {
		found = found || (a.Username == "wang.gaj" && !a.Disabled)
	}
	if !found {
		t.Fatalf("restored accounts %+v", accts)
	}
	if _, err := os.Stat(file + ".part"); !os.IsNotExist(err) {
		t.Fatal("temporary backup file left")
	}
}

func TestTLSFlags(t *testing.T) {
	for _, args := range [][]string{
		{"--data", t.TempDir(), "--tls-cert", "cert.pem"},
		{"--data", t.TempDir(), "--tls-cert", "missing.pem", "--tls-key", "missing.key"},
		{"--data", t.TempDir(), "--trusted-proxy", "not-an-address"},
	} {
		if err := run(args, io.Discard); err == nil {
			t.Errorf("%v accepted", args)
		}
	}
}

package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/naiman-yiye/yiye/app/i18n"
	"github.com/naiman-yiye/yiye/app/kioskmode"
	"github.com/naiman-yiye/yiye/app/services"
	"github.com/naiman-yiye/yiye/app/services/servicestest"
	"github.com/naiman-yiye/yiye/app/shell"
	"github.com/naiman-yiye/yiye/catalog"
	"github.com/naiman-yiye/yiye/client"
	"github.com/naiman-yiye/yiye/kiosk"
	"github.com/naiman-yiye/yiye/paths"
	"github.com/naiman-yiye/yiye/portal"
	"github.com/naiman-yiye/yiye/store"
)

// TestKioskSessionServices: a kiosk session gets its own portal services
// on the session database; the applicant signs in and submits a draft to a
// real portal through them; when the session ends the services are gone,
// the portal session is revoked, and nothing of the applicant is left in
// the data folder.
func TestKioskSessionServices(t *testing.T) {
	a := test.NewTempApp(t)
	t.Cleanup(func() { _ = i18n.Apply(i18n.Chinese) })
	srv, err := portal.Start(context.Background(), portal.Options{DataDir: t.TempDir(), Addr: "127.0.0.1:0",
		Catalog: catalog.EmbeddedDocument(), Demo: true, StaffPassword: "demo",
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	dir := t.TempDir()
	db, err := store.Open(paths.DatabaseFile(dir))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	h, err := kiosk.HashPIN("1357")
	if err != nil {
		t.Fatal(err)
	}
	c := kiosk.DefaultConfig
	c.PIN.PIN = h
	if err := kioskmode.SaveConfig(a.Preferences(), c); err != nil {
		t.Fatal(err)
	}
	w := test.NewTempWindow(t, widget.NewLabel(""))
	w.Resize(fyne.NewSize(1280, 800))
	base := &shell.Deps{DB: db, DataDir: dir, Kiosk: true, PortalURL: srv.URL()}
	sh := shell.New(a, w, base)
	k := setupKiosk(sh, w)
	if err := k.Begin(); err != nil {
		t.Fatal(err)
	}
	sdeps, sess := k.SessionDeps(), k.Session()
	svc := services.For(sdeps)
	if svc == nil || services.For(base) != nil {
		t.Fatal("the session has no services of its own")
	}
	if svc.PortalURL() != srv.URL() || svc.Drafts == nil {
		t.Fatalf("session services at %q", svc.PortalURL())
	}

	ctx := context.Background()
	if err := svc.SignIn(ctx, portal.DemoPhoneOther, portal.DemoCode); err != nil {
		t.Fatal(err)
	}
	const name = "奈曼旗自助终端测试便利店"
	d := (&servicestest.Env{T: t, Svc: svc}).ReadyDraft(name)
	if _, err := svc.SubmitDraft(ctx, d.ID); err != nil {
		t.Fatal(err)
	}
	if err := svc.Outbox.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	items, err := svc.Outbox.List(ctx)
	if err != nil || len(items) != 1 || items[0].State != client.StateSent || items[0].ApplicationID == "" {
		t.Fatalf("outbox %+v %v", items, err)
	}
	appID := items[0].ApplicationID
	got, err := svc.Client.GetApplication(ctx, appID)
	if err != nil || got.Subject.Name != name {
		t.Fatalf("portal holds %+v %v", got.Subject, err)
	}
	tok, err := svc.Tokens.LoadTokens(ctx)
	if err != nil || tok.Access == "" {
		t.Fatalf("tokens %v", err)
	}

	k.EndSession()
	if services.For(sdeps) != nil {
		t.Fatal("session services still registered")
	}
	if _, err := os.Stat(sess.Dir); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("session folder left: %v", err)
	}
	// The logout ran before the database closed: the portal revoked the
	// session, so the old tokens open nothing.
	old := client.New(client.Config{BaseURL: srv.URL(), Tokens: &memTokens{t: tok}})
	if _, err := old.GetApplication(ctx, appID); client.CodeOf(err) != client.CodeUnauthorized {
		t.Fatalf("revoked session still works: %v", err)
	}
	// Nothing of the applicant stays anywhere under the data folder.
	needles := [][]byte{[]byte(name), []byte(d.ID), []byte(appID), []byte(tok.Refresh)}
	err = filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, n := range needles {
			if bytes.Contains(b, n) {
				t.Errorf("%s holds %q", strings.TrimPrefix(p, dir), n)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	k.Exit()
}

// memTokens hands a client fixed tokens.
type memTokens struct{ t client.Tokens }

func (m *memTokens) LoadTokens(context.Context) (client.Tokens, error)   { return m.t, nil }
func (m *memTokens) SaveTokens(_ context.Context, t client.Tokens) error { m.t = t; return nil }

package main

import (
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/naiman-yiye/yiye/app/services"
	"github.com/naiman-yiye/yiye/app/shell"
	"github.com/naiman-yiye/yiye/client"
	"github.com/naiman-yiye/yiye/client/api"
	"github.com/naiman-yiye/yiye/paths"
	"github.com/naiman-yiye/yiye/portal"
	"github.com/naiman-yiye/yiye/store"
)

// TestDemoPortalSignInAndAutoAdvance: --demo's portal runs on loopback
// with its data under the data folder, the app signs in by itself and
// sees the licensed sample application, trusts the demo bundle key, and a
// new submission walks to a license on its own with notifications.
func TestDemoPortalSignInAndAutoAdvance(t *testing.T) {
	old := demoAutoAdvance
	demoAutoAdvance = 150 * time.Millisecond
	t.Cleanup(func() { demoAutoAdvance = old })
	dir := t.TempDir()
	db, err := store.Open(paths.DatabaseFile(dir))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	deps := &shell.Deps{DB: db, DataDir: dir, Demo: true}
	stop, err := startDemoPortal(deps)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(deps.PortalURL, "http://127.0.0.1:") {
		t.Fatalf("portal at %q", deps.PortalURL)
	}
	if _, err := filepath.Glob(filepath.Join(demoDir(dir), "*")); err != nil {
		t.Fatal(err)
	}
	srv := demoPortal(deps)
	svc, err := services.Open(context.Background(), servicesOptions(deps))
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var notes []string
	svc.Notify = func(title, body string) { mu.Lock(); notes = append(notes, title+"："+body); mu.Unlock() }
	svc.Start()
	defer svc.Close()
	demoSignIn(svc, srv)
	ctx := context.Background()
	apps, err := svc.Client.ListApplications(ctx)
	if err != nil || len(apps) == 0 || apps[0].Status != api.StatusLicensed {
		t.Fatalf("demo applications %+v %v", apps, err)
	}
	if res, err := svc.SyncCatalog(ctx); err != nil || !res.Installed && !res.NotModified {
		t.Fatalf("sync with the demo bundle key: %+v %v", res, err)
	}
	if k, err := svc.LicenseKey(ctx); err != nil || len(k) == 0 {
		t.Fatalf("license key %v", err)
	}

	// Let the watcher learn the current statuses first, so the new
	// application's steps are news.
	if _, err := svc.Watcher.Poll(ctx); err != nil {
		t.Fatal(err)
	}
	_, err = svc.Outbox.Enqueue(ctx, client.Submission{Title: "演示", Request: api.ApplicationRequest{
		Industry: "convenience-store", Items: []string{"SPJY", "YCLS"},
		Subject: api.Subject{USCC: portal.Registry[0].USCC, Name: portal.Registry[0].Name, LegalRep: "张明（演示）", Address: "奈曼旗"},
		Form:    map[string]any{}}})
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		mu.Lock()
		all := strings.Join(notes, "\n")
		mu.Unlock()
		if strings.Contains(all, "已受理") && strings.Contains(all, "已发证") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("demo application did not reach a license; notifications:\n%s", all)
		}
		svc.Watcher.Refresh()
		time.Sleep(100 * time.Millisecond)
	}
	svc.Close()
	stop()

	// The next demo start reuses the port (stored uploads stay valid).
	url := deps.PortalURL
	stop, err = startDemoPortal(deps)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	if deps.PortalURL != url {
		t.Errorf("demo portal moved from %s to %s", url, deps.PortalURL)
	}
}

package licenseview

import (
	"context"
	"crypto/ed25519"
	"strings"
	"testing"

	"github.com/naiman-yiye/yiye/app/services"
	"github.com/naiman-yiye/yiye/app/services/servicestest"
	"github.com/naiman-yiye/yiye/app/shell"
	"github.com/naiman-yiye/yiye/portal"
)

// TestLicensesOfflineCopy: 我的许可证 caches what the portal sent; with the
// portal gone it shows that copy, marked 离线副本 with its time, QR and
// all, and the QR still verifies with the synced key, also after a
// restart of the services on the same database. Back online the mark goes.
func TestLicensesOfflineCopy(t *testing.T) {
	env := servicestest.New(t)
	rec := record(t)
	var lv *listView
	var cert *licenseView
	testList = func(v *listView) { lv = v }
	testLicense = func(v *licenseView) { cert = v }
	t.Cleanup(func() { testList, testLicense = nil, nil })
	env.SignIn(portal.DemoPhone)
	ctx := context.Background()
	if _, err := env.Svc.SyncCatalog(ctx); err != nil {
		t.Fatal(err)
	}
	env.Shell.Open(shell.ScreenLicenses)
	env.Pump("licenses", func() bool { return lv != nil && len(lv.lics) > 0 })
	online := lv.lics
	if !lv.cachedAt.IsZero() || strings.Contains(texts(env.Window.Content()), "离线副本") {
		t.Fatal("fresh list marked as an offline copy")
	}

	env.StopPortal()
	lv.load()
	env.Pump("offline copy", func() bool { return !lv.cachedAt.IsZero() })
	page := texts(env.Window.Content())
	stamp := lv.cachedAt.Local().Format("2006-01-02 15:04")
	if !strings.Contains(page, "离线副本，联网后更新（获取于 "+stamp+"）") || !strings.Contains(page, online[0].Number) {
		t.Fatalf("offline page:\n%s", page)
	}
	if len(lv.lics) != len(online) || lv.lics[0].QRPayload != online[0].QRPayload || lv.lics[0].QRPayload == "" ||
		lv.lics[0].Items[0].CertificateNo != online[0].Items[0].CertificateNo {
		t.Fatalf("cached licenses differ: %+v", lv.lics[0])
	}
	openLicenseAt(lv.ctx, env.Svc, lv.lics[0], lv.cachedAt)
	if cert == nil || cert.qr == nil || !strings.Contains(texts(env.Window.Content()), "离线副本") {
		t.Fatal("cached certificate without QR or mark")
	}
	if text, err := DecodeQR(env.Window.Canvas().Capture()); err != nil || text != online[0].QRPayload {
		t.Fatalf("QR of the offline copy: %q %v", text, err)
	}
	if r := Check(ctx, env.Svc, lv.lics[0].QRPayload, false); !r.Valid() || r.Offline != nil {
		t.Fatalf("offline check: %+v", r)
	}

	// A restart while offline: new services on the same database still
	// have the copy and the synced key.
	svc2, err := services.Open(ctx, services.Options{DB: env.Deps.DB, DataDir: env.DataDir, PortalURL: "http://" + env.Addr,
		TrustedKeys: []ed25519.PublicKey{env.Portal.PublicKey()}})
	if err != nil {
		t.Fatal(err)
	}
	list, err := svc2.Licenses(ctx)
	if err != nil || !list.Offline || len(list.Licenses) != len(online) || !list.FetchedAt.Equal(lv.cachedAt) {
		t.Fatalf("after restart: %+v %v", list, err)
	}
	if r := Check(ctx, svc2, list.Licenses[0].QRPayload, false); !r.Valid() || r.Offline != nil {
		t.Fatalf("offline check after restart: %+v", r)
	}

	env.RestartPortal()
	env.Shell.Back()
	lv.load()
	env.Pump("online again", func() bool { return lv.cachedAt.IsZero() && len(lv.lics) > 0 })
	if strings.Contains(texts(env.Window.Content()), "离线副本") {
		t.Fatal("online list still marked as an offline copy")
	}
	// Another applicant signing in on this machine does not see the copy.
	env.SignIn(portal.DemoPhoneOther)
	if _, ok, err := env.Svc.CachedLicenses(ctx); ok || err != nil {
		t.Fatalf("cache kept across sign-in: %v %v", ok, err)
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if len(rec.errs) > 0 {
		t.Fatalf("errors shown: %v", rec.errs)
	}
}

package licenseview

import (
	"context"
	"strings"
	"testing"

	"github.com/naiman-yiye/yiye/app/i18n"
	"github.com/naiman-yiye/yiye/portal"
)

// TestLicensesOfflineCopy: 我的许可证 caches what the portal sent; with the
// portal gone it shows that copy, marked 离线副本 with its time, QR and
// all, and the QR still verifies with the synced key, also in a new core
// on the same database (a restart). Back online the mark goes by itself;
// another applicant signing in does not see the copy.
func TestLicensesOfflineCopy(t *testing.T) {
	env := newWorld(t)
	ctx := context.Background()
	lv := env.licenses(t)
	online := lv.lics
	if !lv.cachedAt.IsZero() || strings.Contains(texts(env.Window.Content()), "离线副本") {
		t.Fatal("fresh list marked as an offline copy")
	}

	env.StopPortal()
	lv.load()
	env.Pump("offline copy", func() bool { return !lv.cachedAt.IsZero() })
	page := texts(env.Window.Content())
	stamp := i18n.FormatDateTime(lv.cachedAt)
	if !strings.Contains(page, "离线副本，联网后更新（获取于 "+stamp+"）") || !strings.Contains(page, online[0].Number) {
		t.Fatalf("offline page:\n%s", page)
	}
	if len(lv.lics) != len(online) || lv.lics[0].QRPayload != online[0].QRPayload || lv.lics[0].QRPayload == "" ||
		lv.lics[0].Items[0].CertificateNo != online[0].Items[0].CertificateNo {
		t.Fatalf("cached licenses differ: %+v", lv.lics[0])
	}
	env.lic.openLicense(lv.ctx, lv.lics[0], lv.cachedAt)
	cert := env.lic.cert
	if cert == nil || cert.qr == nil || !strings.Contains(texts(env.Window.Content()), "离线副本") {
		t.Fatal("cached certificate without QR or mark")
	}
	if text, err := DecodeQR(env.Window.Canvas().Capture()); err != nil || text != online[0].QRPayload {
		t.Fatalf("QR of the offline copy: %q %v", text, err)
	}
	if v := env.Core.VerifyLicense(ctx, lv.lics[0].QRPayload); !v.Valid() || v.Signature != nil || !v.Offline {
		t.Fatalf("offline check: %+v", v)
	}

	// A restart while offline: a new core on the same database still has
	// the copy and the synced key.
	c2 := env.Open(env.DB, env.DataDir)
	list, err := c2.Licenses(ctx)
	if err != nil || !list.Offline || len(list.Licenses) != len(online) || !list.FetchedAt.Equal(lv.cachedAt) {
		t.Fatalf("after restart: %+v %v", list, err)
	}
	if v := c2.VerifyLicense(ctx, list.Licenses[0].QRPayload); !v.Valid() || v.Signature != nil || !v.Offline {
		t.Fatalf("offline check after restart: %+v", v)
	}

	// Back online: the core notices, and the copy is replaced unasked.
	env.RestartPortal(nil)
	env.Shell.Back()
	if env.lic.cert != nil {
		t.Error("popped certificate still referenced")
	}
	env.Start()
	env.Pump("online again", func() bool { return lv.cachedAt.IsZero() && !lv.offline && len(lv.lics) > 0 })
	if strings.Contains(texts(env.Window.Content()), "离线副本") {
		t.Fatal("online list still marked as an offline copy")
	}
	// Another applicant signing in on this machine does not see the copy,
	// nor, on screen, the earlier applicant's licenses.
	env.SignIn(portal.DemoPhoneOther)
	if _, ok, err := env.Core.CachedLicenses(ctx); ok || err != nil {
		t.Fatalf("cache kept across sign-in: %v %v", ok, err)
	}
	env.Pump("the other applicant's list", func() bool {
		return !strings.Contains(texts(lv.list), online[0].Number) && strings.Contains(texts(lv.status), "还没有许可证")
	})
}

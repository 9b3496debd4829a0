package main

import (
	"context"
	"crypto/ed25519"
	"os"
	"time"

	"fyne.io/fyne/v2"

	"github.com/naiman-yiye/yiye/app/services"
	"github.com/naiman-yiye/yiye/app/shell"
	"github.com/naiman-yiye/yiye/portal"
)

// EnvBundleKey pins the portal's catalog bundle key (base64, as printed by
// yiye-portal) outside demo mode; the preference services.PrefBundleKey
// does the same from the settings. Without either, catalog sync and
// offline license verification are off.
const EnvBundleKey = services.EnvBundleKey

func init() { beforeShow = append(beforeShow, wireServices) }

// servicesOptions are the services settings for deps.
func servicesOptions(deps *shell.Deps) services.Options {
	o := services.Options{DB: deps.DB, DataDir: deps.DataDir, PortalURL: deps.PortalURL, ChunkSize: 1 << 20}
	if srv := demoPortal(deps); srv != nil {
		o.TrustedKeys = []ed25519.PublicKey{srv.PublicKey()}
		o.PollInterval, o.ProbeInterval, o.SyncInterval = 5*time.Second, 5*time.Second, 10*time.Minute
	} else {
		var prefs fyne.Preferences
		if a := fyne.CurrentApp(); a != nil {
			prefs = a.Preferences()
		}
		keys, err := services.PinnedKeys(prefs, os.Getenv)
		if err != nil {
			fyne.LogError("yiye: pinned bundle key", err)
		}
		o.TrustedKeys = keys
	}
	return o
}

// wireServices starts the window's runtime services before it shows:
// status bar online state, notifications on status changes, the demo
// sign-in, and a restart of the services when the portal address changes.
func wireServices(sh *shell.Shell, w fyne.Window) {
	deps := sh.Deps()
	svc, err := startServices(sh, deps)
	if err != nil {
		fyne.LogError("yiye: services", err)
		sh.ToastError(err.Error())
		return
	}
	prev := sh.OnSettingsChanged
	key := sh.Settings().BundleKey // the pinned key is read when services open
	sh.OnSettingsChanged = func(s shell.Settings) {
		if prev != nil {
			prev(s)
		}
		if deps.Demo || deps.PortalURL == svc.PortalURL() && s.BundleKey == key {
			return
		}
		key = s.BundleKey
		old := svc
		go old.Close()
		if svc, err = startServices(sh, deps); err != nil {
			sh.ToastError(err.Error())
			return
		}
		for _, id := range []string{shell.ScreenApplications, shell.ScreenLicenses, shell.ScreenVerify} {
			sh.Rebuild(id)
		}
	}
	onClosed(func() {
		if cur := services.For(deps); cur != nil {
			cur.Close()
			services.Unregister(deps)
		}
	})
}

func startServices(sh *shell.Shell, deps *shell.Deps) (*services.Services, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	svc, err := services.Open(ctx, servicesOptions(deps))
	if err != nil {
		return nil, err
	}
	svc.Notify = func(title, body string) {
		fyne.Do(func() {
			sh.Toast(title + "：" + body)
			if !deps.Kiosk {
				fyne.CurrentApp().SendNotification(fyne.NewNotification(title, body))
			}
		})
	}
	svc.OnOnline(sh.SetOnline)
	services.Register(deps, svc)
	if headless {
		// The ci driver runs fyne.Do on the calling goroutine, so background
		// work would race with the test's main goroutine: tests start what
		// they need themselves.
		return svc, nil
	}
	svc.Start()
	if srv := demoPortal(deps); srv != nil {
		go demoSignIn(svc, srv)
	}
	return svc, nil
}

// demoSignIn signs the demo applicant in (demo accounts accept the fixed
// demo code), so a newcomer sees the whole journey with no set-up.
func demoSignIn(svc *services.Services, srv *portal.Server) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := svc.SignIn(ctx, portal.DemoPhone, portal.DemoCode); err != nil {
		if _, rerr := svc.Client.RequestCode(ctx, portal.DemoPhone); rerr == nil {
			err = svc.SignIn(ctx, portal.DemoPhone, srv.DemoCode(portal.DemoPhone))
		}
		if err != nil {
			fyne.LogError("yiye: demo sign-in", err)
		}
	}
}

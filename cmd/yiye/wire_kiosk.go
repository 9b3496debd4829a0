package main

import (
	"context"
	"sync"
	"time"

	"fyne.io/fyne/v2"

	"github.com/naiman-yiye/yiye/app/kioskmode"
	"github.com/naiman-yiye/yiye/app/services"
	"github.com/naiman-yiye/yiye/app/shell"
)

func init() { kioskSessionHooks = append(kioskSessionHooks, kioskServices) }

// sessionKiosks maps a running kiosk session's deps to its kiosk, so the
// session's services can reach the session's shell (banner, status bar).
var sessionKiosks sync.Map // *shell.Deps → *kioskmode.Kiosk

// kioskLogoutTimeout bounds the best-effort portal logout when a session
// ends (it runs on the UI goroutine, before the wipe).
const kioskLogoutTimeout = 3 * time.Second

// kioskServices opens, registers and starts app/services on a kiosk
// session's own database and folder. The func it returns signs the
// applicant out (best effort: the tokens live in the session database and
// are wiped with it anyway), stops and unregisters the services, all
// before kioskmode closes the session's database and wipes its folder.
func kioskServices(deps *shell.Deps) func() {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	svc, err := services.Open(ctx, servicesOptions(deps))
	if err != nil {
		fyne.LogError("yiye: kiosk session services", err)
		return nil
	}
	sessionShell := func() *shell.Shell {
		if k, ok := sessionKiosks.Load(deps); ok && k.(*kioskmode.Kiosk).SessionDeps() == deps {
			return k.(*kioskmode.Kiosk).Shell()
		}
		return nil
	}
	// Through svc.Post (not fyne.Do directly), so a test that replaces Post
	// before Start gets these on its own goroutine too. A kiosk never sends
	// OS notifications: the next applicant could read them.
	svc.Notify = func(title, body string) {
		svc.Post(func() {
			if sh := sessionShell(); sh != nil {
				sh.Toast(title + "：" + body)
			}
		})
	}
	svc.OnOnline(func(on bool) {
		svc.Post(func() {
			if sh := sessionShell(); sh != nil {
				sh.SetOnline(on)
			}
		})
	})
	services.Register(deps, svc)
	if !headless { // see startServices: ci tests start what they need
		svc.Start()
	}
	return func() {
		services.Unregister(deps)
		if svc.Client.LoggedIn(context.Background()) {
			c, cancel := context.WithTimeout(context.Background(), kioskLogoutTimeout)
			if err := svc.Client.Logout(c); err != nil {
				fyne.LogError("yiye: kiosk session logout", err)
			}
			cancel()
		}
		svc.Close()
	}
}

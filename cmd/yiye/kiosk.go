package main

import (
	"context"
	"slices"
	"time"

	"fyne.io/fyne/v2"

	"github.com/naiman-yiye/yiye/app/journey"
	"github.com/naiman-yiye/yiye/app/kioskmode"
	"github.com/naiman-yiye/yiye/app/licenseview"
	"github.com/naiman-yiye/yiye/app/shell"
	"github.com/naiman-yiye/yiye/app/track"
	"github.com/naiman-yiye/yiye/core"
)

// kioskLogoutTimeout bounds the best-effort portal logout when a session
// ends (before its database is wiped).
const kioskLogoutTimeout = 3 * time.Second

// newKioskSession builds one applicant's session at a kiosk the same way
// as the window: a core of its own on the session's database and folder,
// the journey, the screens after the draft, the kiosk's hand-over screen,
// and a shell. Closing it flushes the drafts, signs the applicant out and
// stops the core; the kiosk then closes the database and wipes the folder.
func (w *window) newKioskSession(k *kioskmode.Kiosk, env kioskmode.SessionEnv) (kioskmode.Session, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	opts := core.Options{DB: env.DB, DataDir: env.Dir, Post: w.bg.Post, Portal: w.core.Portal(), ChunkSize: 1 << 20}
	c, err := core.Open(ctx, opts)
	if err != nil {
		return kioskmode.Session{}, err
	}
	tr := track.New(c, w.bg)
	j := journey.New(c, w.bg, journey.Options{Window: w.win, Submit: tr.OpenSubmit})
	o := env.Shell
	o.Screens = slices.Concat(j.Screens(), tr.Screens(), licenseview.New(c, w.bg, licenseview.Options{OpenDraft: j.OpenDraft}).Screens(), k.SessionScreens(c))
	o.Demo, o.Version, o.Build = w.demo != nil, version, buildLabel()
	sh := shell.New(w.app, w.win, o)
	follow(c, sh)
	c.Start()
	return kioskmode.Session{Shell: sh, Close: func() {
		j.Close()
		if c.SignedIn(context.Background()) {
			lc, cancel := context.WithTimeout(context.Background(), kioskLogoutTimeout)
			if err := c.SignOut(lc); err != nil {
				fyne.LogError("yiye: kiosk session logout", err)
			}
			cancel()
		}
		c.Close()
	}}, nil
}

package main

// The composition root: everything a window runs is built here, in order,
// and stopped in reverse order. Nothing registers itself; screens get what
// they need through their constructors.
//
//	openWindow   the window with a splash (no disk or network yet)
//	load         off the UI goroutine: database, demo portal, core
//	show         on the UI goroutine: screens, shell, kiosk; start the core
//	close        journey flush → kiosk session → core → demo portal → database

import (
	"context"
	"crypto/ed25519"
	"database/sql"
	"errors"
	"slices"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/naiman-yiye/yiye/app/background"
	"github.com/naiman-yiye/yiye/app/consult"
	"github.com/naiman-yiye/yiye/app/i18n"
	"github.com/naiman-yiye/yiye/app/journey"
	"github.com/naiman-yiye/yiye/app/kioskmode"
	"github.com/naiman-yiye/yiye/app/licenseview"
	"github.com/naiman-yiye/yiye/app/shell"
	"github.com/naiman-yiye/yiye/app/theme"
	"github.com/naiman-yiye/yiye/app/track"
	"github.com/naiman-yiye/yiye/assets"
	"github.com/naiman-yiye/yiye/cmd/yiye-minimal/benchhook"
	"github.com/naiman-yiye/yiye/core"
	"github.com/naiman-yiye/yiye/paths"
	"github.com/naiman-yiye/yiye/portal"
	"github.com/naiman-yiye/yiye/store"
	"github.com/naiman-yiye/yiye/usererr"
)

// config is what the command line and the environment decide.
type config struct {
	DataDir string
	Demo    bool // --demo: the in-process reference portal with sample data
	Kiosk   bool // start as a self-service terminal (--kiosk or the staff setting)
	Getenv  func(string) string
	Bench   *benchhook.Probe // nil unless $YIYE_BENCH_OUT is set
	// DemoAdvance is how long the demo portal lets an application sit
	// before moving it one step (0: demoAutoAdvance).
	DemoAdvance time.Duration
}

// window is one app window with everything it runs.
type window struct {
	app fyne.App
	win fyne.Window
	cfg config
	bg  *background.Runner // screen work off the UI goroutine

	demo     *portal.Server // --demo only
	db       *sql.DB
	core     *core.Core
	journey  *journey.Journey
	track    *track.Track
	licenses *licenseview.Licenses
	shell    *shell.Shell
	kiosk    *kioskmode.Kiosk

	mu        sync.Mutex
	stops     []stop // what close undoes, last built first
	closeOnce sync.Once
	closed    bool // on the UI goroutine: a late show must not run
}

// stop is one step of closing, named for the close-order test.
type stop struct {
	name string
	fn   func()
}

func (w *window) onClose(name string, fn func()) {
	w.mu.Lock()
	w.stops = append(w.stops, stop{name, fn})
	w.mu.Unlock()
}

// openWindow creates the window and shows a splash; post puts work on the
// UI goroutine (fyne.Do). Nothing heavy happens here, so the window can
// appear at once.
func openWindow(a fyne.App, cfg config, post func(func())) (*window, error) {
	if cfg.Getenv == nil {
		return nil, errors.New("yiye: config without Getenv")
	}
	w := &window{app: a, cfg: cfg, bg: background.New(post)}
	st := shell.LoadSettings(a.Preferences())
	a.Settings().SetTheme(theme.New(theme.Options{TextSize: st.TextSize, Kiosk: cfg.Kiosk}))
	if err := i18n.Apply(st.Language); err != nil {
		fyne.LogError("yiye: translations", err)
	}
	a.SetIcon(&fyne.StaticResource{StaticName: "icon.png", StaticContent: assets.Icon})
	w.win = a.NewWindow(i18n.AppName())
	w.win.SetMaster()
	w.win.SetContent(w.splash(""))
	if cfg.Kiosk {
		w.win.SetFullScreen(true)
	} else {
		w.win.Resize(fyne.NewSize(1120, 760))
		w.win.CenterOnScreen()
	}
	return w, nil
}

// splash is what the window shows until the screens are ready, or why
// they could not open.
func (w *window) splash(problem string) fyne.CanvasObject {
	title := widget.NewLabelWithStyle(i18n.AppName(), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	msg := widget.NewLabelWithStyle(i18n.Loading(), fyne.TextAlignCenter, fyne.TextStyle{})
	if problem != "" {
		msg.SetText(problem)
		msg.Importance = widget.DangerImportance
		msg.Wrapping = fyne.TextWrapWord
	}
	return container.NewCenter(container.NewVBox(title, msg))
}

// load opens what the window works on: the data folder's database, the
// demo portal and the application core (migrations, the embedded catalog
// on first run). It runs off the UI goroutine.
func (w *window) load() error {
	db, err := store.Open(paths.DatabaseFile(w.cfg.DataDir))
	if err != nil {
		return usererr.New("yiye.database", "无法打开数据文件："+paths.DatabaseFile(w.cfg.DataDir),
			"Cannot open the data file: "+paths.DatabaseFile(w.cfg.DataDir)).Wrap(err)
	}
	w.db = db
	w.onClose("database", func() { db.Close() })
	p, err := w.portal()
	if err != nil {
		return err
	}
	opts := core.Options{DB: db, DataDir: w.cfg.DataDir, Portal: p, Post: w.bg.Post, ChunkSize: 1 << 20}
	if w.demo != nil {
		opts.PollInterval, opts.ProbeInterval, opts.SyncInterval = 5*time.Second, 5*time.Second, 10*time.Minute
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c, err := core.Open(ctx, opts)
	if err != nil {
		return err
	}
	w.core = c
	w.onClose("core", c.Close)
	return nil
}

// portal is the portal the core talks to: the demo portal (started here),
// or the one in the settings with the pinned keys.
func (w *window) portal() (core.Portal, error) {
	if w.cfg.Demo {
		srv, err := startDemoPortal(w.cfg.DataDir, w.cfg.DemoAdvance)
		if err != nil {
			return core.Portal{}, usererr.New("yiye.demo", "演示门户启动失败。", "The demo portal failed to start.").Wrap(err)
		}
		w.demo = srv
		w.onClose("demo portal", func() { srv.Close() })
		return core.Portal{URL: srv.URL(), TrustedKeys: []ed25519.PublicKey{srv.PublicKey()}}, nil
	}
	st := shell.LoadSettings(w.app.Preferences())
	keys, err := pinnedKeys(st.BundleKey, w.cfg.Getenv)
	if err != nil {
		fyne.LogError("yiye: pinned bundle key", err)
	}
	return core.Portal{URL: st.PortalURL, TrustedKeys: keys}, nil
}

// show builds the screens on the core, in the order the navigation lists
// them, puts the shell in the window and starts the core's background
// work. It runs on the UI goroutine.
func (w *window) show() {
	c := w.core
	// A procedure started on 我的许可证 opens its draft in the journey.
	w.licenses = licenseview.New(c, w.bg, licenseview.Options{OpenDraft: func(id string) { w.journey.OpenDraft(id) }})
	w.track = track.New(c, w.bg)
	w.journey = journey.New(c, w.bg, journey.Options{Window: w.win, Submit: w.track.OpenSubmit})
	w.onClose("journey", w.journey.Close)
	w.kiosk = kioskmode.New(kioskmode.Options{App: w.app, Window: w.win, Run: w.bg, DataDir: w.cfg.DataDir,
		NewSession: w.newKioskSession, OnExit: w.restoreNormal})
	w.onClose("kiosk session", w.kiosk.EndSession)

	screens := slices.Concat(w.journey.Screens(), w.track.Screens(), w.licenses.Screens(), []shell.Screen{
		kioskmode.HandoverScreen(c, w.bg, w.cfg.DataDir),
		kioskmode.SettingScreen(w.app.Preferences(), w.bg, w.kiosk.Enter)})
	o := shell.Options{Screens: screens, Run: w.bg, Demo: w.demo != nil, DataDir: w.cfg.DataDir,
		Version: version, Build: buildLabel(), OnSettingsChanged: w.settingsChanged}
	if w.demo != nil {
		o.DemoPortal = w.demo.URL()
	}
	w.shell = shell.New(w.app, w.win, o)
	follow(c, w.shell)
	content := w.shell.Content()
	if w.cfg.Bench != nil {
		content = w.cfg.Bench.Wrap(content)
		go benchDrive(w.cfg.Bench, w.win, w.onUI)
	}
	w.win.SetContent(content)
	c.Start()
	if w.demo != nil {
		go demoSignIn(c, w.demo)
	}
	if w.cfg.Kiosk {
		w.kiosk.Enter()
	}
}

// onUI runs f on the UI goroutine and waits for it (never call it there).
func (w *window) onUI(f func()) {
	done := make(chan struct{})
	w.bg.Post(func() {
		defer close(done)
		f()
	})
	<-done
}

// follow shows a core's news in sh: connectivity in the status bar, and
// status changes, the hall's answers and reminders (renewals, filings, a
// void license) as news (shell.News: a banner, and outside kiosks an OS
// notification).
func follow(c *core.Core, sh *shell.Shell) {
	c.Subscribe(func(e core.Event) {
		switch e := e.(type) {
		case core.Connectivity:
			sh.SetOnline(e.Online)
		case core.StatusChanged:
			for _, ch := range e.Changes {
				if ch.Old == "" {
					continue // first sight (the first poll after install): not news
				}
				sh.News(track.ChangeText(ch))
			}
		case core.MessagesChanged:
			for _, m := range e.Replies {
				sh.News(consult.ReplyNotice(m))
			}
		case core.RemindersDue:
			for _, r := range e.Reminders {
				sh.News(licenseview.ReminderText(r))
			}
		}
	})
}

// settingsChanged points the core at another portal when its address or
// pinned key changed (off the UI goroutine; screens follow PortalChanged).
func (w *window) settingsChanged(old, now shell.Settings) {
	if w.demo != nil || old.PortalURL == now.PortalURL && old.BundleKey == now.BundleKey {
		return
	}
	c, getenv := w.core, w.cfg.Getenv
	w.bg.Run(func() func() {
		keys, err := pinnedKeys(now.BundleKey, getenv)
		if err == nil {
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			err = c.SetPortal(ctx, core.Portal{URL: now.PortalURL, TrustedKeys: keys})
			cancel()
		}
		if err == nil {
			return nil
		}
		return func() { w.shell.ToastError(usererr.Message(err, string(i18n.Current()))) }
	})
}

// restoreNormal shows the normal shell again after staff left kiosk mode.
func (w *window) restoreNormal() {
	w.app.Settings().SetTheme(theme.New(theme.Options{TextSize: w.shell.Settings().TextSize}))
	w.shell.Rebuild(w.shell.CurrentID()) // settings show the portal address again
	w.win.Resize(fyne.NewSize(1120, 760))
	w.win.CenterOnScreen()
}

// start opens the data off the UI goroutine, then shows the screens (or
// why they could not open).
func (w *window) start() {
	w.bg.Run(func() func() {
		err := w.load()
		return func() {
			switch {
			case w.closed:
			case err != nil:
				w.win.SetContent(w.splash(usererr.Message(err, string(i18n.Current()))))
			default:
				w.show()
			}
		}
	})
}

// run shows the window and runs the app until it quits: the heavy opening
// starts once the first frame is up, and the window closes everything.
func (w *window) run() {
	w.win.SetOnClosed(w.close)
	w.app.Lifecycle().SetOnStarted(w.start)
	if w.cfg.Bench != nil {
		w.win.SetContent(w.cfg.Bench.Wrap(w.win.Content()))
	}
	w.win.ShowAndRun()
	w.close() // a quit that closed no window (App.Quit)
}

// close runs the close sequence once, in reverse order of building: the
// journey writes its last keystrokes, a kiosk session ends (its own
// journey, core and database), the core stops, the demo portal stops, and
// the database closes last.
func (w *window) close() {
	w.closeOnce.Do(func() {
		w.closed = true
		w.bg.Wait() // loading may still be under way
		w.mu.Lock()
		stops := slices.Clone(w.stops)
		w.mu.Unlock()
		for i := len(stops) - 1; i >= 0; i-- {
			stops[i].fn()
		}
	})
}

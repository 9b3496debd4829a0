// Package servicestest sets up what screen tests of app/track and
// app/licenseview need: a real reference portal on 127.0.0.1 with demo
// data, a real SQLite file, the services wired to both, a real shell in a
// headless window, and ready drafts with real files. UI updates posted by
// background work run on the test goroutine in Pump, as they would on the
// app's main goroutine.
package servicestest

import (
	"context"
	"crypto/ed25519"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/naiman-yiye/yiye/app/i18n"
	"github.com/naiman-yiye/yiye/app/services"
	"github.com/naiman-yiye/yiye/app/shell"
	"github.com/naiman-yiye/yiye/app/theme"
	"github.com/naiman-yiye/yiye/catalog"
	"github.com/naiman-yiye/yiye/client"
	"github.com/naiman-yiye/yiye/drafts"
	"github.com/naiman-yiye/yiye/forms"
	"github.com/naiman-yiye/yiye/paths"
	"github.com/naiman-yiye/yiye/pdfdoc"
	"github.com/naiman-yiye/yiye/portal"
	"github.com/naiman-yiye/yiye/store"
)

// Env is one test's world.
type Env struct {
	T         testing.TB
	PortalDir string
	Portal    *portal.Server
	Addr      string // the portal's host:port, reused by Restart
	DataDir   string
	Deps      *shell.Deps
	Svc       *services.Services
	Shell     *shell.Shell
	Window    fyne.Window
	uiq       chan func()
}

// New starts the portal, opens the app's database and services (not yet
// started: call Start) and builds the shell. The app runs in Chinese.
func New(t testing.TB) *Env {
	t.Helper()
	a := test.NewTempApp(t)
	a.Settings().SetTheme(theme.New(theme.Options{}))
	if err := i18n.Apply(i18n.Chinese); err != nil {
		t.Fatal(err)
	}
	e := &Env{T: t, PortalDir: t.TempDir(), DataDir: t.TempDir(), uiq: make(chan func(), 1024)}
	e.startPortal("127.0.0.1:0")
	db, err := store.Open(paths.DatabaseFile(e.DataDir))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	e.Deps = &shell.Deps{DB: db, DataDir: e.DataDir, PortalURL: e.Portal.URL()}
	svc, err := services.Open(context.Background(), services.Options{DB: db, DataDir: e.DataDir,
		PortalURL: e.Portal.URL(), TrustedKeys: []ed25519.PublicKey{e.Portal.PublicKey()},
		PollInterval: 200 * time.Millisecond, ProbeInterval: 100 * time.Millisecond, ChunkSize: 64 << 10,
		Backoff: client.Backoff{Base: 50 * time.Millisecond, Max: 200 * time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	svc.Post = func(f func()) { e.uiq <- f }
	e.Svc = svc
	services.Register(e.Deps, svc)
	t.Cleanup(func() { services.Unregister(e.Deps) })
	// The shell opens 首页 first; journey's home loads in the background
	// with fyne.Do, which the test driver runs on that goroutine (a race
	// with the test). These tests are about other screens, so 首页 is a
	// plain page here.
	shell.Register(shell.Screen{ID: shell.ScreenHome, TitleKey: "nav.home", Title: "首页",
		Build: func(*shell.Context) fyne.CanvasObject { return widget.NewLabel("首页") }})
	e.Window = test.NewTempWindow(t, nil)
	e.Window.Resize(fyne.NewSize(1200, 850))
	e.Shell = shell.New(a, e.Window, e.Deps)
	return e
}

func (e *Env) startPortal(addr string) {
	e.T.Helper()
	srv, err := portal.Start(context.Background(), portal.Options{DataDir: e.PortalDir, Addr: addr,
		Catalog: catalog.EmbeddedDocument(), Demo: true, StaffPassword: "demo",
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		e.T.Fatal(err)
	}
	e.Portal = srv
	e.Addr = strings.TrimPrefix(srv.URL(), "http://")
	e.T.Cleanup(func() { srv.Close() })
}

// StopPortal closes the portal (the applicant goes offline).
func (e *Env) StopPortal() { _ = e.Portal.Close() }

// RestartPortal starts the portal again on the same address and data.
func (e *Env) RestartPortal() {
	e.T.Helper()
	var err error
	for i := 0; i < 50; i++ { // the port may take a moment to be free
		func() {
			defer func() {
				if r := recover(); r != nil {
					err = os.ErrExist
				}
			}()
			srv, serr := portal.Start(context.Background(), portal.Options{DataDir: e.PortalDir, Addr: e.Addr,
				Catalog: catalog.EmbeddedDocument(), Demo: true, StaffPassword: "demo",
				Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
			err = serr
			if serr == nil {
				e.Portal = srv
				e.T.Cleanup(func() { srv.Close() })
			}
		}()
		if err == nil {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	e.T.Fatalf("portal restart: %v", err)
}

// Start starts the services' background work (stopped at cleanup, before
// the database closes).
func (e *Env) Start() {
	e.Svc.Start()
	e.T.Cleanup(func() {
		done := make(chan struct{})
		go func() { e.Svc.Close(); close(done) }()
		for {
			select {
			case <-done:
				return
			case f := <-e.uiq:
				f()
			}
		}
	})
}

// SignIn signs the demo applicant in.
func (e *Env) SignIn(phone string) {
	e.T.Helper()
	if err := e.Svc.SignIn(context.Background(), phone, portal.DemoCode); err != nil {
		e.T.Fatal(err)
	}
}

// Pump runs posted UI updates on the test goroutine until cond holds and
// no screen work is in flight, or fails after 60 s with what.
func (e *Env) Pump(what string, cond func() bool) {
	e.T.Helper()
	deadline := time.After(60 * time.Second)
	for {
		if services.Busy() == 0 && len(e.uiq) == 0 && (cond == nil || cond()) {
			return
		}
		select {
		case f := <-e.uiq:
			f()
		case <-time.After(5 * time.Millisecond):
		case <-deadline:
			e.T.Fatalf("timed out waiting: %s", what)
		}
	}
}

// ReadyDraft creates a convenience-store draft with every required field
// filled and a real file (PDFs rendered by pdfdoc, PNGs) for every
// material asked as a file; it fails the test if the draft is not ready.
func (e *Env) ReadyDraft(name string) *drafts.Draft {
	e.T.Helper()
	ctx := context.Background()
	cat := e.Svc.Catalog.Current()
	answers := map[string]string{"sells_tobacco": "是", "sells_medicine": "否", "food_mode": "仅销售预包装食品"}
	for k, v := range answers {
		nv, err := cat.NormalizeAnswer(k, v)
		if err != nil {
			e.T.Fatalf("answer %s=%s: %v", k, v, err)
		}
		answers[k] = nv
	}
	sel, err := cat.Match(catalog.Request{Industry: "convenience-store", Answers: answers})
	if err != nil {
		e.T.Fatal(err)
	}
	var items []string
	for _, s := range sel.Items {
		items = append(items, s.Item.Code)
	}
	d, err := e.Svc.Drafts.Create(ctx, drafts.New{Title: name, Industry: "convenience-store",
		CatalogVersion: cat.Version, Answers: answers, Items: items})
	if err != nil {
		e.T.Fatal(err)
	}
	sch, err := drafts.FormSchema(cat, d)
	if err != nil {
		e.T.Fatal(err)
	}
	vals := sch.Defaults()
	for pass := 0; pass < 3; pass++ {
		for _, f := range sch.Fields() {
			if !sch.Applies(f.Key, vals) || vals[f.Key] != "" {
				continue
			}
			vals[f.Key] = ValidValue(f)
		}
	}
	vals["entity_name"] = name
	if errs := sch.Validate(vals); len(errs) > 0 {
		e.T.Fatalf("values do not validate: %v", errs)
	}
	if err := e.Svc.Drafts.SetValues(ctx, d.ID, vals); err != nil {
		e.T.Fatal(err)
	}
	n := cat.Notice(sel, time.Now())
	files := e.T.TempDir()
	pdf := filepath.Join(files, "material.pdf")
	f, err := os.Create(pdf)
	if err != nil {
		e.T.Fatal(err)
	}
	if err := pdfdoc.WriteNotice(f, n); err != nil {
		e.T.Fatal(err)
	}
	f.Close()
	for _, m := range n.Materials {
		if slices.Contains(m.Handling, catalog.Shared) || slices.Contains(m.Handling, catalog.Internal) {
			continue
		}
		if _, err := e.Svc.Drafts.AddAttachment(ctx, d.ID, m.ID, pdf); err != nil {
			e.T.Fatalf("attach %s: %v", m.ID, err)
		}
	}
	d, err = e.Svc.Drafts.Get(ctx, d.ID)
	if err != nil {
		e.T.Fatal(err)
	}
	rep, _, _, err := services.Readiness(cat, d)
	if err != nil || !rep.Ready() {
		e.T.Fatalf("draft not ready: %+v %v", rep, err)
	}
	return d
}

// ValidValue is a value each field kind accepts.
func ValidValue(f forms.Field) string {
	if len(f.Options) > 0 {
		return f.Options[0].Value
	}
	switch f.Kind {
	case forms.KindUSCC:
		return "92150525MA0R123448"
	case forms.KindIDNumber:
		return "150525199001011237"
	case forms.KindMobile, forms.KindPhone:
		return "13912345678"
	case forms.KindEmail:
		return "shop@example.cn"
	case forms.KindURL:
		return "https://shop.example.cn"
	case forms.KindArea:
		return "85.5"
	case forms.KindDecimal:
		return "12"
	case forms.KindCount:
		return "3"
	case forms.KindBool:
		return forms.True
	case forms.KindDate:
		if f.DateRule == "past" || strings.Contains(f.Key, "start") {
			return "2026-01-01"
		}
		return "2030-12-31"
	case forms.KindTextarea:
		return "日用百货、预包装食品零售"
	}
	return "奈曼旗大沁他拉镇测试便利店"
}

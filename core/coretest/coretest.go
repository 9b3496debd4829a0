// Package coretest sets up what tests of the application core and of the
// screens need: a real reference portal on 127.0.0.1 with demo data, a real
// SQLite file, a core on both, and ready drafts with real files. Events and
// UI updates posted by background work run on the test goroutine in Pump,
// as they would on the app's main goroutine.
package coretest

import (
	"context"
	"crypto/ed25519"
	"database/sql"
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/naiman-yiye/yiye/application"
	"github.com/naiman-yiye/yiye/catalog"
	"github.com/naiman-yiye/yiye/client"
	"github.com/naiman-yiye/yiye/core"
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
	Addr      string // the portal's host:port, reused by RestartPortal
	DataDir   string
	DB        *sql.DB
	Core      *core.Core
	// Busy, if set, reports UI work still in flight (the screens' runner);
	// Pump waits for it too.
	Busy func() bool
	// Clock is the portal's and the core's clock: real time until moved.
	Clock *Clock
	uiq   chan func()
}

// Clock is real time plus an offset that tests move forward (a license
// item expiring, a filing falling due).
type Clock struct {
	mu     sync.Mutex
	offset time.Duration
}

// Now is the time as the portal and the core see it.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.offset)
}

// Add moves the clock forward by d.
func (c *Clock) Add(d time.Duration) {
	c.mu.Lock()
	c.offset += d
	c.mu.Unlock()
}

// New starts the portal, opens a database in a new folder and a core on
// both (not started: call Start).
func New(t testing.TB) *Env {
	t.Helper()
	e := &Env{T: t, PortalDir: t.TempDir(), DataDir: t.TempDir(), uiq: make(chan func(), 4096), Clock: &Clock{}}
	e.startPortal("127.0.0.1:0")
	db, err := store.Open(paths.DatabaseFile(e.DataDir))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	e.DB = db
	e.Core = e.Open(db, e.DataDir)
	return e
}

// Options are the core options of a test: the test's portal, short
// intervals, small upload chunks, UI work posted to the test's queue.
func (e *Env) Options(db *sql.DB, dataDir string) core.Options {
	return core.Options{DB: db, DataDir: dataDir, Post: e.Post,
		Portal:       core.Portal{URL: e.Portal.URL(), TrustedKeys: []ed25519.PublicKey{e.Portal.PublicKey()}},
		PollInterval: 200 * time.Millisecond, ProbeInterval: 100 * time.Millisecond, ChunkSize: 64 << 10,
		Backoff: client.Backoff{Base: 50 * time.Millisecond, Max: 200 * time.Millisecond}, Now: e.Clock.Now}
}

// Open opens another core with the test's options (e.g. a kiosk
// session's, on its own database); it is closed at cleanup.
func (e *Env) Open(db *sql.DB, dataDir string) *core.Core {
	e.T.Helper()
	c, err := core.Open(context.Background(), e.Options(db, dataDir))
	if err != nil {
		e.T.Fatal(err)
	}
	e.T.Cleanup(func() { e.Stop(c) })
	return c
}

// Post queues f for the test goroutine (see Pump).
func (e *Env) Post(f func()) { e.uiq <- f }

func (e *Env) startPortal(addr string) {
	e.T.Helper()
	srv, err := portal.Start(context.Background(), portal.Options{DataDir: e.PortalDir, Addr: addr,
		Catalog: catalog.EmbeddedDocument(), Demo: true, StaffPassword: "demo", Now: e.Clock.Now,
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

// RestartPortal starts the portal again on the same address, data and
// keys, serving the catalog document doc (nil: the embedded one).
func (e *Env) RestartPortal(doc []byte) {
	e.T.Helper()
	if doc == nil {
		doc = catalog.EmbeddedDocument()
	}
	var err error
	for i := 0; i < 50; i++ { // the port may take a moment to be free
		var srv *portal.Server
		srv, err = portal.Start(context.Background(), portal.Options{DataDir: e.PortalDir, Addr: e.Addr,
			Catalog: doc, Demo: true, StaffPassword: "demo", Now: e.Clock.Now,
			Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err == nil {
			e.Portal = srv
			e.T.Cleanup(func() { srv.Close() })
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	e.T.Fatalf("portal restart: %v", err)
}

// NewerCatalog is the embedded catalog document as the next version, in
// which the convenience store must always have the tobacco licence (a
// change that moves an open draft's items), with edits applied to the
// decoded document.
func NewerCatalog(t testing.TB, edits ...func(doc map[string]any)) []byte {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(catalog.EmbeddedDocument(), &doc); err != nil {
		t.Fatal(err)
	}
	doc["version"] = doc["version"].(float64) + 1
	for _, ind := range doc["industries"].([]any) {
		m := ind.(map[string]any)
		if m["code"] != "convenience-store" {
			continue
		}
		for _, e := range m["entries"].([]any) {
			em := e.(map[string]any)
			if em["item"] == "YCLS" {
				em["mark"], em["on_demand"] = "", false
				delete(em, "when")
			}
		}
	}
	for _, e := range edits {
		e(doc)
	}
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Start starts the core's background work (stopped at cleanup, before
// the database closes).
func (e *Env) Start() { e.Core.Start() }

// Stop closes c while running posted work, as the app's main loop would
// (a subscriber may be waiting for the UI goroutine).
func (e *Env) Stop(c *core.Core) {
	done := make(chan struct{})
	go func() { c.Close(); close(done) }()
	for {
		select {
		case <-done:
			return
		case f := <-e.uiq:
			f()
		}
	}
}

// SignIn signs the demo applicant phone in.
func (e *Env) SignIn(phone string) {
	e.T.Helper()
	if err := e.Core.SignIn(context.Background(), phone, portal.DemoCode); err != nil {
		e.T.Fatal(err)
	}
}

// Pump runs posted work on the test goroutine until cond holds and no
// work is in flight, or fails after 60 s with what.
func (e *Env) Pump(what string, cond func() bool) {
	e.T.Helper()
	deadline := time.After(60 * time.Second)
	for {
		if (e.Busy == nil || !e.Busy()) && len(e.uiq) == 0 && (cond == nil || cond()) {
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

// ReadyDraft creates a convenience-store draft (tobacco, prepackaged food)
// with every required field filled and a real file (a PDF rendered by
// pdfdoc) for every material asked as a file; it fails the test if the
// draft is not ready.
func (e *Env) ReadyDraft(name string) *drafts.Draft {
	e.T.Helper()
	return e.ReadyDraftFor("convenience-store", name,
		map[string]string{"sells_tobacco": "是", "sells_medicine": "否", "food_mode": "仅销售预包装食品"})
}

// ReadyDraftFor creates a ready draft (see ReadyDraft) for an industry
// with the questionnaire's answers (in words or values).
func (e *Env) ReadyDraftFor(industry, name string, answers map[string]string) *drafts.Draft {
	e.T.Helper()
	ctx := context.Background()
	cat := e.Core.Catalog()
	for k, v := range answers {
		nv, err := cat.NormalizeAnswer(k, v)
		if err != nil {
			e.T.Fatalf("answer %s=%s: %v", k, v, err)
		}
		answers[k] = nv
	}
	sel, err := cat.Match(catalog.Request{Industry: industry, Answers: answers})
	if err != nil {
		e.T.Fatal(err)
	}
	st := e.Core.Drafts()
	d, err := st.Create(ctx, drafts.New{Title: name, Industry: industry,
		CatalogVersion: cat.Version, Answers: answers, Items: application.ItemCodes(sel)})
	if err != nil {
		e.T.Fatal(err)
	}
	p, err := application.NewPlan(sel, time.Now())
	if err != nil {
		e.T.Fatal(err)
	}
	vals := Fill(p.Schema)
	vals["entity_name"] = name
	if err := st.SetValues(ctx, d.ID, vals); err != nil {
		e.T.Fatal(err)
	}
	return e.attachAll(d, p, vals)
}

// MakeReady completes a draft (one after issue, say): every field the
// plan asks that is still empty gets a valid value, every material asked
// as a file a real PDF; it fails the test if the draft is still not ready.
func (e *Env) MakeReady(d *drafts.Draft) *drafts.Draft {
	e.T.Helper()
	d, err := e.Core.Drafts().Get(context.Background(), d.ID) // as saved
	if err != nil {
		e.T.Fatal(err)
	}
	p, err := e.Core.Plan(d)
	if err != nil {
		e.T.Fatal(err)
	}
	vals := p.Values(d)
	for k, v := range Fill(p.Schema) {
		if vals[k] == "" {
			vals[k] = v
		}
	}
	for pass := 0; pass < 3; pass++ { // fields a filled one made apply
		for _, f := range p.Schema.Fields() {
			if vals[f.Key] == "" && p.Schema.Applies(f.Key, vals) {
				vals[f.Key] = ValidValue(f)
			}
		}
	}
	if err := e.Core.Drafts().SetValues(context.Background(), d.ID, vals); err != nil {
		e.T.Fatal(err)
	}
	return e.attachAll(d, p, vals)
}

// attachAll attaches a real PDF (the plan's notice) to every material the
// plan asks as a file and checks the draft is ready.
func (e *Env) attachAll(d *drafts.Draft, p *application.Plan, vals forms.Values) *drafts.Draft {
	e.T.Helper()
	ctx := context.Background()
	st := e.Core.Drafts()
	pdf := filepath.Join(e.T.TempDir(), "material.pdf")
	f, err := os.Create(pdf)
	if err != nil {
		e.T.Fatal(err)
	}
	if err := pdfdoc.WriteNotice(f, p.Notice); err != nil {
		e.T.Fatal(err)
	}
	f.Close()
	for _, m := range p.Uploads(vals) {
		if len(d.AttachmentsFor(m.ID)) > 0 {
			continue
		}
		if _, err := st.AddAttachment(ctx, d.ID, m.ID, pdf); err != nil {
			e.T.Fatalf("attach %s: %v", m.ID, err)
		}
	}
	d, err = st.Get(ctx, d.ID)
	if err != nil {
		e.T.Fatal(err)
	}
	if rep := p.Readiness(d); !rep.Ready() {
		e.T.Fatalf("draft not ready: %+v", rep)
	}
	return d
}

// Fill gives every field of sch that applies a valid value.
func Fill(sch *forms.Schema) forms.Values {
	vals := sch.Defaults()
	for pass := 0; pass < 3; pass++ {
		for _, f := range sch.Fields() {
			if !sch.Applies(f.Key, vals) || vals[f.Key] != "" {
				continue
			}
			vals[f.Key] = ValidValue(f)
		}
	}
	return vals
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

// Submit queues a ready draft and waits until the portal took it; it
// returns the application's ID.
func (e *Env) Submit(d *drafts.Draft) string {
	e.T.Helper()
	ctx := context.Background()
	if _, err := e.Core.SubmitDraft(ctx, d.ID); err != nil {
		e.T.Fatal(err)
	}
	var appID string
	e.Pump("submitted "+d.Title, func() bool {
		got, err := e.Core.Drafts().Get(ctx, d.ID)
		if err == nil && got.Status.State == drafts.StateSubmitted {
			appID = got.Status.ApplicationID
		}
		if items, err := e.Core.Submissions(ctx); err == nil {
			for _, it := range items {
				if it.ClientRef == d.ID && (it.State == client.StateFailed || it.State == client.StateAttention) {
					e.T.Fatalf("submission refused: %v", it.Err)
				}
			}
		}
		return appID != ""
	})
	return appID
}

// Walk moves an application through the portal as the window and the
// departments would: accepted; items named in reject refused with that
// reason, the others approved (valid until the date in until, if any);
// completed at the window (issue, re-issue, QR update or cancellation).
func (e *Env) Walk(appID string, reject, until map[string]string) {
	e.T.Helper()
	ctx := context.Background()
	if err := e.Portal.Accept(ctx, appID, "测试受理"); err != nil {
		e.T.Fatal(err)
	}
	app, err := e.Core.Application(ctx, appID)
	if err != nil {
		e.T.Fatal(err)
	}
	for _, it := range app.Items {
		if why, ok := reject[it.Code]; ok {
			err = e.Portal.RejectItem(ctx, appID, it.Code, why)
		} else {
			err = e.Portal.ApproveItem(ctx, appID, it.Code, portal.ApproveSpec{ValidUntil: until[it.Code]})
		}
		if err != nil {
			e.T.Fatalf("decide %s: %v", it.Code, err)
		}
	}
	if _, err := e.Portal.IssueLicense(ctx, appID); err != nil {
		e.T.Fatalf("complete %s: %v", appID, err)
	}
}

package journey

import (
	"context"
	"database/sql"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/naiman-yiye/yiye/app/apptest"
	"github.com/naiman-yiye/yiye/app/shell"
	"github.com/naiman-yiye/yiye/application"
	"github.com/naiman-yiye/yiye/catalog"
	"github.com/naiman-yiye/yiye/core"
	"github.com/naiman-yiye/yiye/core/coretest"
	"github.com/naiman-yiye/yiye/drafts"
	"github.com/naiman-yiye/yiye/forms"
	"github.com/naiman-yiye/yiye/paths"
	"github.com/naiman-yiye/yiye/pdfdoc"
	"github.com/naiman-yiye/yiye/store"
)

// testNow is a fixed working day inside the catalog's calendar.
var testNow = time.Date(2026, 11, 24, 10, 0, 0, 0, time.Local)

// harness is one running journey in a real shell, on a real core over a
// real SQLite file and a real portal on 127.0.0.1 (package apptest).
type harness struct {
	t         testing.TB
	env       *apptest.Env
	core      *core.Core
	db        *sql.DB
	j         *Journey
	w         fyne.Window
	submitted []string
	errs      []error
}

// openHarness starts the portal, the database and the core and builds the
// journey on them, as the composition root does.
func openHarness(t testing.TB) *harness {
	t.Helper()
	env := apptest.New(t)
	return build(t, env, env.Core, env.DB)
}

func build(t testing.TB, env *apptest.Env, c *core.Core, db *sql.DB) *harness {
	t.Helper()
	h := &harness{t: t, env: env, core: c, db: db, w: env.Window}
	h.j = New(c, env.Run, Options{Window: env.Window, Now: func() time.Time { return testNow },
		Submit: func(_ *shell.Context, id string) { h.submitted = append(h.submitted, id) }})
	h.j.onError = func(err error) { h.errs = append(h.errs, err) }
	env.NewShell(shell.Options{Screens: h.j.Screens()})
	h.idle()
	return h
}

// reopen starts the app again on the same folder: a new database handle,
// core and journey. Without close first it is a restart after a kill.
func (h *harness) reopen() *harness {
	h.t.Helper()
	db, err := store.Open(paths.DatabaseFile(h.env.DataDir))
	if err != nil {
		h.t.Fatal(err)
	}
	h.t.Cleanup(func() { db.Close() })
	return build(h.t, h.env, h.env.Open(db, h.env.DataDir), db)
}

// idle waits for background work (saves, loads, attachments) to finish
// and for its UI updates to be applied.
func (h *harness) idle() {
	h.t.Helper()
	h.env.Pump("journey work", nil)
}

// close ends the UI like the window's close does: the journey flushes its
// drafts, then the core stops.
func (h *harness) close() {
	h.idle()
	h.j.Close()
	h.env.Stop(h.core)
}

// home is the home screen's content.
func (h *harness) home() fyne.CanvasObject {
	h.env.Shell.Open(shell.ScreenHome)
	return h.w.Content()
}

// texts lists every label and canvas text under o, in layout order.
func texts(o fyne.CanvasObject) []string {
	var out []string
	for _, x := range test.LaidOutObjects(o) {
		switch v := x.(type) {
		case *widget.Label:
			if v.Visible() {
				out = append(out, v.Text)
			}
		case *canvas.Text:
			if v.Visible() {
				out = append(out, v.Text)
			}
		}
	}
	return out
}

func hasText(o fyne.CanvasObject, sub string) bool {
	for _, s := range texts(o) {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// pick taps the tile of the named industry and waits for its draft.
func (h *harness) pick(name string) *session {
	h.t.Helper()
	for _, o := range h.j.grid.grid.Objects {
		if tl, ok := o.(*tile); ok && tl.title == name {
			n := len(h.j.sessions)
			test.Tap(tl)
			h.idle()
			if len(h.j.sessions) != n+1 {
				h.t.Fatalf("tapping %s opened no draft (errors %v)", name, h.errs)
			}
			return h.j.sessions[n]
		}
	}
	h.t.Fatalf("no tile %q", name)
	return nil
}

func (h *harness) answer(s *session, key, label string) {
	h.t.Helper()
	switch in := s.q.inputs[key].(type) {
	case *widget.RadioGroup:
		in.SetSelected(label)
	case *widget.Entry:
		test.Type(in, label)
	default:
		h.t.Fatalf("question %s has no input (%T)", key, in)
	}
	h.idle()
}

func codes(sel *catalog.Selection) []string { return application.ItemCodes(sel) }

// validValue is a value each field kind accepts.
func validValue(f forms.Field) string { return coretest.ValidValue(f) }

// fillForm fills every shown field of the form through its widget.
func (h *harness) fillForm(s *session) {
	h.t.Helper()
	m := s.form
	for pass := 0; pass < 3; pass++ { // ShowIf may reveal fields
		for _, k := range m.order {
			r := m.rows[k]
			if !r.box.Visible() || strings.TrimSpace(s.draft.Values[k]) != "" && r.f.Kind != forms.KindBool {
				continue
			}
			switch {
			case r.entry != nil:
				r.entry.SetText("")
				if r.date != nil {
					test.Type(r.date, validValue(r.f))
				} else {
					test.Type(r.entry, validValue(r.f))
				}
			case r.sel != nil:
				r.sel.SetSelectedIndex(0)
			case r.multi != nil:
				r.multi.SetSelected(r.multi.Options[:1])
			case r.radio != nil:
				r.radio.SetSelected("否")
			case r.check != nil:
				r.check.SetChecked(true)
			}
		}
	}
	h.idle()
	if errs := s.plan.Schema.Validate(s.draft.Values); len(errs) > 0 {
		h.t.Fatalf("form still has errors after filling: %v", errs)
	}
}

// writePNG writes a w×h photo-like PNG.
func writePNG(t testing.TB, path string, w, hgt int) {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, hgt))
	for y := 0; y < hgt; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), uint8(x ^ y), 255})
		}
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
	f.Close()
}

// writePDF writes a real PDF (a notice rendered by pdfdoc).
func writePDF(t testing.TB, path string, n *catalog.Notice) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := pdfdoc.WriteNotice(f, n); err != nil {
		t.Fatal(err)
	}
	f.Close()
}

// attachAll gives every material slot a file: PDFs and PNGs alternately,
// the first through a drop on the window, the rest as the dialog would.
func (h *harness) attachAll(s *session) {
	h.t.Helper()
	files := h.t.TempDir()
	pdf := filepath.Join(files, "material.pdf")
	writePDF(h.t, pdf, s.plan.Notice)
	for i, sl := range s.mats.slots {
		p := pdf
		if i%2 == 1 && (len(sl.m.FileTypes) == 0 || slices.Contains(sl.m.FileTypes, drafts.TypePNG)) {
			// Larger than MaxImageSide, so drafts scales it down.
			p = filepath.Join(files, fmt.Sprintf("m%d.png", i))
			writePNG(h.t, p, drafts.MaxImageSide+200, 900)
		}
		if i == 0 {
			pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(sl.card).Add(fyne.NewPos(5, 5))
			h.j.dropped(pos, []fyne.URI{storage.NewFileURI(p)})
		} else {
			s.mats.addFile(sl, p)
		}
		h.idle()
		if got := len(s.draft.AttachmentsFor(sl.m.ID)); got != 1 {
			h.t.Fatalf("slot %s has %d files, want 1; status %q", sl.m.ID, got, s.mats.status.Text)
		}
	}
}

func runJourney(t *testing.T, industry string, answers [][2]string, wantItems []string) {
	h := openHarness(t)
	defer h.close()

	s := h.pick(industry)
	if s.step != stepQuestions {
		t.Fatalf("new draft starts at step %d", s.step)
	}
	for _, a := range answers {
		h.answer(s, a[0], a[1])
	}
	if got := codes(s.q.selection()); !slices.Equal(got, wantItems) {
		t.Fatalf("items = %v, want %v", got, wantItems)
	}

	test.Tap(s.next)
	if s.step != stepNotice {
		t.Fatalf("after 下一步 step = %d", s.step)
	}
	var noticeCodes []string
	tabs := s.noticeTabs.Items
	for _, it := range s.plan.Notice.Items {
		noticeCodes = append(noticeCodes, it.Code)
		if !hasText(tabs[0].Content, it.Name) {
			t.Errorf("notice does not show item %s", it.Name)
		}
	}
	if !slices.Equal(noticeCodes, wantItems) {
		t.Fatalf("notice items = %v, want %v", noticeCodes, wantItems)
	}
	for _, m := range s.plan.Notice.Materials {
		if !hasText(tabs[1].Content, m.Name) {
			t.Errorf("notice does not show material %s", m.Name)
		}
		for _, h := range m.Handling {
			if !hasText(tabs[1].Content, catalog.HandlingLabels[h][0]) {
				t.Errorf("material %s lacks its flag %s", m.Name, h)
			}
		}
	}
	if !hasText(s.body, "预计") {
		t.Errorf("notice lacks the expected date: %q", texts(s.body))
	}
	// The flowchart shows every pre-opening item and the license.
	for _, it := range s.plan.Notice.Flow.Lanes {
		if !hasText(tabs[2].Content, string([]rune(it.Name)[:3])) {
			t.Errorf("flowchart lacks lane %s: %q", it.Name, texts(tabs[2].Content))
		}
	}
	if !hasText(tabs[3].Content, "以奈曼旗办事指南为准") {
		t.Errorf("uncertainty notes not shown")
	}

	// Save as PDF: what lands at the chosen path is a real PDF.
	pdfPath := filepath.Join(t.TempDir(), noticeFileName(s.plan.Notice, testNow))
	s.writeNoticePDF(s.plan.Notice, pdfPath, s.noticeSaved)
	h.idle()
	if b, err := os.ReadFile(pdfPath); err != nil || !strings.HasPrefix(string(b), "%PDF-") {
		t.Fatalf("notice PDF not written: %v", err)
	}
	if !strings.Contains(s.noticeSaved.Text, pdfPath) {
		t.Errorf("save message %q does not say where", s.noticeSaved.Text)
	}

	test.Tap(s.next)
	if s.step != stepForm {
		t.Fatalf("step = %d, want form", s.step)
	}
	h.fillForm(s)
	if !strings.HasPrefix(s.saved.Text, "已自动保存 ") {
		t.Errorf("saved indicator = %q", s.saved.Text)
	}

	test.Tap(s.next)
	if s.step != stepMaterials {
		t.Fatalf("step = %d, want materials", s.step)
	}
	if s.mats.report.Ready() {
		t.Fatal("ready before any material was attached")
	}
	if !s.next.Disabled() {
		t.Error("提交申请 enabled while materials are missing")
	}
	if _, asked := s.form.rows["ggws_procedure"]; asked && industry == "书店" {
		t.Error("the bookstore's hygiene filing asks for the licence procedure")
	}
	if !hasText(s.mats.ready, "上传“") {
		t.Errorf("readiness does not list missing uploads: %q", texts(s.mats.ready))
	}
	h.attachAll(s)
	if !s.mats.report.Ready() {
		t.Fatalf("not ready after attaching everything: %+v", s.mats.report)
	}
	if !hasText(s.mats.ready, "全部齐了") {
		t.Errorf("readiness text = %q", texts(s.mats.ready))
	}
	// Previews: a thumbnail for photos, page count for PDFs.
	if !hasText(s.mats.root, "页") {
		t.Errorf("no PDF page count shown: %q", texts(s.mats.root))
	}

	// The state on disk is what the submission checks: ready, by the
	// same rule the screens applied.
	d, err := h.core.Drafts().Get(context.Background(), s.draft.ID)
	if err != nil {
		t.Fatal(err)
	}
	p, err := h.core.Plan(d)
	if err != nil {
		t.Fatal(err)
	}
	if rep := p.Readiness(d); !rep.Ready() {
		t.Fatalf("stored draft is not ready: %+v", rep)
	}

	if s.next.Disabled() || s.next.Text != "提交申请" {
		t.Fatalf("submit button %q disabled=%v", s.next.Text, s.next.Disabled())
	}
	test.Tap(s.next)
	h.idle()
	if !slices.Equal(h.submitted, []string{s.draft.ID}) {
		t.Fatalf("submitted %v, want %s", h.submitted, s.draft.ID)
	}
	if len(h.errs) > 0 {
		t.Errorf("errors shown: %v", h.errs)
	}
}

func TestJourneyConvenienceStore(t *testing.T) {
	runJourney(t, "便利店", [][2]string{
		{"sells_tobacco", "是"},
		{"sells_medicine", "否"},
		{"food_mode", "销售散装食品、现制现售或提供餐饮（含热食、自制饮品、烘焙）"},
	}, []string{"SPJY", "GGWS", "YCLS"})
}

func TestJourneyHotel(t *testing.T) {
	runJourney(t, "宾馆", [][2]string{
		{"food_mode", "销售散装食品、现制现售或提供餐饮（含热食、自制饮品、烘焙）"},
		{"swimming_pool", "否"},
		{"high_risk_sport", "否"},
		{"sewer_discharge", "是"},
		{"own_boiler_or_sensitive_area", "否"},
	}, []string{"TZHY", "GGWS", "SPJY", "XFJC", "PSXK"})
}

// TestJourneyBookstore: the bookstore's hygiene filing asks no licence
// procedure, and the form the applicant fills is the one the submission
// is checked against: the journey ends ready exactly when the stored
// draft is ready for the core.
func TestJourneyBookstore(t *testing.T) {
	runJourney(t, "书店", [][2]string{
		{"online_books", "否"},
		{"food_mode", "不经营食品"},
	}, []string{"CBLS", "GGWS"})
}

func TestTabTitle(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"便利店", "便利店"},
		{"Convenience store", "Convenience store"},
		{"奈曼旗大沁他拉镇测试便利店", "奈曼旗大沁他拉镇测试便利店"},
		{"奈曼旗大沁他拉镇示例街测试便利店", "奈曼旗大沁他拉镇示例街测试…"},
		{"Cinemas, internet cafés and game halls", "Cinemas, internet cafés an…"},
	} {
		t.Run(c.in, func(t *testing.T) {
			if got := tabTitle(c.in); got != c.want {
				t.Errorf("tabTitle(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}

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
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/naiman-yiye/yiye/app/i18n"
	"github.com/naiman-yiye/yiye/app/theme"
	"github.com/naiman-yiye/yiye/catalog"
	"github.com/naiman-yiye/yiye/drafts"
	"github.com/naiman-yiye/yiye/forms"
	"github.com/naiman-yiye/yiye/paths"
	"github.com/naiman-yiye/yiye/pdfdoc"
	"github.com/naiman-yiye/yiye/store"
)

// testNow is a fixed working day inside the catalog's calendar.
var testNow = time.Date(2026, 11, 24, 10, 0, 0, 0, time.Local)

// harness is one running UI over a real SQLite file in dir.
type harness struct {
	t         testing.TB
	dir       string
	db        *sql.DB
	j         *Journey
	w         fyne.Window
	tabs      *container.AppTabs
	submitted []string
	errs      []error
	uiq       chan func() // UI updates posted by background work
}

// newTestApp starts a headless Fyne app with the real theme, in Chinese.
func newTestApp(t testing.TB) fyne.App {
	t.Helper()
	a := test.NewTempApp(t)
	a.Settings().SetTheme(theme.New(theme.Options{}))
	if err := i18n.Apply(i18n.Chinese); err != nil {
		t.Fatal(err)
	}
	return a
}

// openHarness opens (or reopens) the database in dir and builds a new UI
// on it, as a fresh start of the app would.
func openHarness(t testing.TB, dir string, lookup LookupFunc) *harness {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(paths.DatabaseFile(dir))
	if err != nil {
		t.Fatal(err)
	}
	local, err := catalog.OpenLocal(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	st, err := drafts.Open(ctx, db, paths.AttachmentsDir(dir))
	if err != nil {
		t.Fatal(err)
	}
	st.SetLimits(drafts.CatalogLimits(local.Current()))
	h := &harness{t: t, dir: dir, db: db, uiq: make(chan func())}
	h.j = New(Env{Catalog: local, Drafts: st, Lookup: lookup, Now: func() time.Time { return testNow }})
	// UI updates from background work run on the test goroutine inside
	// idle(), one at a time, as they would on the app's main goroutine.
	h.j.bg.post = func(f func()) { h.uiq <- f }
	h.j.onError = func(err error) { h.errs = append(h.errs, err) }
	h.j.onSubmit = func(id string) { h.submitted = append(h.submitted, id) }
	h.tabs = container.NewAppTabs(
		container.NewTabItem("home", h.j.Home()),
		container.NewTabItem("work", h.j.Workspace()))
	h.j.onOpenWorkspace = func() { h.tabs.SelectIndex(1) }
	h.w = test.NewTempWindow(t, h.tabs)
	h.w.Resize(fyne.NewSize(1280, 900))
	h.j.env.Window = h.w
	h.idle()
	return h
}

// idle waits for background work (saves, loads, attachments) to finish
// and for its UI updates to be applied.
func (h *harness) idle() {
	h.t.Helper()
	deadline := time.After(30 * time.Second)
	for {
		// A run posts its UI update before it stops counting as busy, so
		// once nothing is busy nothing is left to apply.
		if h.j.bg.busy() == 0 {
			return
		}
		select {
		case f := <-h.uiq:
			f()
		case <-time.After(2 * time.Millisecond):
		case <-deadline:
			h.t.Fatal("background work did not finish")
		}
	}
}

// close ends the UI like Close in the app does (flushing the savers).
func (h *harness) close() {
	h.idle()
	h.j.Close()
	h.db.Close()
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

func codes(sel *catalog.Selection) []string { return selectionCodes(sel) }

// validValue is a value each field kind accepts.
func validValue(f forms.Field) string {
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
	if errs := s.schema.Validate(s.draft.Values); len(errs) > 0 {
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
	writePDF(h.t, pdf, s.notice)
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
	newTestApp(t)
	h := openHarness(t, t.TempDir(), nil)
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
	for _, it := range s.notice.Items {
		noticeCodes = append(noticeCodes, it.Code)
		if !hasText(tabs[0].Content, it.Name) {
			t.Errorf("notice does not show item %s", it.Name)
		}
	}
	if !slices.Equal(noticeCodes, wantItems) {
		t.Fatalf("notice items = %v, want %v", noticeCodes, wantItems)
	}
	for _, m := range s.notice.Materials {
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
	for _, it := range s.notice.Flow.Lanes {
		if !hasText(tabs[2].Content, string([]rune(it.Name)[:3])) {
			t.Errorf("flowchart lacks lane %s: %q", it.Name, texts(tabs[2].Content))
		}
	}
	if !hasText(tabs[3].Content, "以本地办事指南为准") {
		t.Errorf("uncertainty notes not shown")
	}

	// Save as PDF: what the file dialog's writer gets is a real PDF.
	pdfPath := filepath.Join(t.TempDir(), noticeFileName(s.notice, testNow))
	wc, err := storage.Writer(storage.NewFileURI(pdfPath))
	if err != nil {
		t.Fatal(err)
	}
	s.writeNoticePDF(s.notice, wc, s.noticeSaved)
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

	// The state on disk matches what the screens show.
	d, err := h.j.env.Drafts.Get(context.Background(), s.draft.ID)
	if err != nil {
		t.Fatal(err)
	}
	sch, _ := forms.Build(d.Items)
	if rep := drafts.Readiness(d, sch, drafts.RequirementsFromNotice(s.notice)); !rep.Ready() {
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

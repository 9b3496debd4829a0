package journey

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/naiman-yiye/yiye/app/i18n"
	"github.com/naiman-yiye/yiye/app/shell"
	"github.com/naiman-yiye/yiye/app/theme"
	"github.com/naiman-yiye/yiye/catalog"
	"github.com/naiman-yiye/yiye/client/api"
	"github.com/naiman-yiye/yiye/drafts"
)

// toForm picks an industry, answers and goes to the form.
func toForm(t *testing.T, h *harness, industry string, answers [][2]string) *session {
	t.Helper()
	s := h.pick(industry)
	for _, a := range answers {
		h.answer(s, a[0], a[1])
	}
	test.Tap(s.next)
	test.Tap(s.next)
	if s.step != stepForm || s.form == nil {
		t.Fatalf("not on the form: step %d", s.step)
	}
	return s
}

var storeAnswers = [][2]string{{"sells_tobacco", "否"}, {"sells_medicine", "否"}, {"food_mode", "仅销售预包装食品"}}

// itemsSections splits the questionnaire's item panel texts at the
// "not needed" heading.
func itemsSections(s *session) (in, out string) {
	all := strings.Join(texts(s.q.itemsBox), "\n")
	in, out, _ = strings.Cut(all, "按需办理、目前不需要的事项")
	return in, out
}

func TestQuestionnaireUpdatesItemsLive(t *testing.T) {
	newTestApp(t)
	h := openHarness(t, t.TempDir(), nil)
	defer h.close()
	s := h.pick("便利店")
	const tobacco = "烟草专卖零售许可证核发"

	if !strings.Contains(s.hint.Text, "还有 2 个问题没回答") {
		t.Errorf("hint beside 下一步 = %q", s.hint.Text)
	}
	in, out := itemsSections(s)
	if strings.Contains(in, tobacco) || !strings.Contains(out, tobacco) || !strings.Contains(out, "待回答") {
		t.Fatalf("before answering, tobacco should be open:\nin=%s\nout=%s", in, out)
	}
	h.answer(s, "sells_tobacco", "是")
	in, _ = itemsSections(s)
	if !strings.Contains(in, tobacco) || !strings.Contains(in, "因为您对“店里是否销售卷烟") {
		t.Fatalf("after yes, tobacco should be included with its reason:\n%s", in)
	}
	h.answer(s, "sells_tobacco", "否")
	in, out = itemsSections(s)
	if strings.Contains(in, tobacco) || !strings.Contains(out, "根据您的回答，暂不需要办理") {
		t.Fatalf("after no, tobacco should be out:\nin=%s\nout=%s", in, out)
	}

	// Staff add the pharmacy license explicitly although the answer is no.
	h.answer(s, "sells_medicine", "否")
	var chk *widget.Check
	for _, o := range test.LaidOutObjects(s.q.itemsBox) {
		if c, ok := o.(*widget.Check); ok && c.Text == "办理此事项" && !c.Checked {
			chk = c // the first unchecked on-demand item
			break
		}
	}
	if chk == nil {
		t.Fatal("no staff switch for an on-demand item")
	}
	test.Tap(chk)
	h.idle()
	add, _ := s.q.overrides()
	if len(add) != 1 {
		t.Fatalf("overrides add = %v", add)
	}
	if in, _ := itemsSections(s); !strings.Contains(in, "工作人员手动加入") {
		t.Fatalf("added item lacks its reason:\n%s", in)
	}
	d, err := h.j.env.Drafts.Get(context.Background(), s.draft.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(d.Added, add) || !slices.Contains(d.Items, add[0]) || d.Answers["sells_tobacco"] != "false" {
		t.Fatalf("stored selection = added %v items %v answers %v", d.Added, d.Items, d.Answers)
	}
}

func TestFormValidationShowsChineseReason(t *testing.T) {
	newTestApp(t)
	h := openHarness(t, t.TempDir(), nil)
	defer h.close()
	s := toForm(t, h, "便利店", storeAnswers)
	r := s.form.rows["uscc"]
	if r.msg.Visible() {
		t.Fatal("message shown before any edit")
	}
	test.Type(r.entry, "92150525MA0R123449") // wrong check character
	if !r.msg.Visible() || !strings.Contains(r.msg.Text, "校验") {
		t.Fatalf("bad credit code message = %q (visible %v)", r.msg.Text, r.msg.Visible())
	}
	if err := r.entry.Validate(); err == nil || err.Error() != r.msg.Text {
		t.Fatalf("entry validator = %v, message %q", err, r.msg.Text)
	}
	if !r.entry.AlwaysShowValidationError {
		t.Error("validation error not shown on the entry after the first edit")
	}
	r.entry.SetText("")
	test.Type(r.entry, "92150525MA0R123448")
	if r.msg.Visible() && r.msg.Importance == widget.DangerImportance {
		t.Fatalf("valid code still shows %q", r.msg.Text)
	}

	m := s.form.rows["legal_rep_mobile"]
	test.Type(m.entry, "1234")
	if !m.msg.Visible() || !containsHan(m.msg.Text) {
		t.Fatalf("bad mobile message = %q", m.msg.Text)
	}

	// The readiness check links each missing field back to the form.
	test.Tap(s.steps[stepMaterials])
	h.idle()
	if s.step != stepMaterials {
		t.Fatalf("step = %d", s.step)
	}
	link := s.mats.links["entity_name"]
	if link == nil || !hasText(s.mats.ready, "填写“主体名称”") || link.Text != "去填写" {
		t.Fatalf("no link to the missing entity name: %q", texts(s.mats.ready))
	}
	if !hasText(s.mats.ready, "共同信息") || !hasText(s.mats.ready, "见上方") {
		t.Errorf("shared fields not listed once: %q", texts(s.mats.ready))
	}
	test.Tap(link)
	if s.step != stepForm {
		t.Fatalf("link went to step %d", s.step)
	}
	if got := h.w.Canvas().Focused(); got != s.form.rows["entity_name"].entry {
		t.Errorf("focus on %T, want the entity name entry", got)
	}
}

func TestFormLookupPrefill(t *testing.T) {
	newTestApp(t)
	var asked []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		code, ok := strings.CutPrefix(r.URL.Path, api.PathEnterprises)
		if !ok {
			http.NotFound(w, r)
			return
		}
		asked = append(asked, code)
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(api.Enterprise{USCC: code, Name: "奈曼旗好邻居便利店", EntityType: "个体工商户",
			LegalRep: "王小明", Address: "内蒙古通辽市奈曼旗大沁他拉镇建设路1号", BusinessScope: "日用百货零售"})
	}))
	defer srv.Close()
	h := openHarness(t, t.TempDir(), NewLookup(&shell.Deps{PortalURL: srv.URL}))
	defer h.close()
	s := toForm(t, h, "便利店", storeAnswers)

	test.Tap(s.form.lookup)
	if !strings.Contains(s.form.status.Text, "统一社会信用代码") {
		t.Fatalf("lookup without a code: status %q", s.form.status.Text)
	}
	// The applicant typed their own name first: the lookup must not overwrite it.
	test.Type(s.form.rows["legal_rep_name"].entry, "李四")
	s.form.rows["uscc"].entry.SetText("")
	test.Type(s.form.rows["uscc"].entry, "92150525MA0R123448")
	test.Tap(s.form.lookup)
	h.idle()
	if len(asked) != 1 || asked[0] != "92150525MA0R123448" {
		t.Fatalf("portal asked for %v", asked)
	}
	if got := s.form.rows["entity_name"].entry.Text; got != "奈曼旗好邻居便利店" {
		t.Fatalf("entity_name = %q; status %q", got, s.form.status.Text)
	}
	if got := s.draft.Values["legal_rep_name"]; got != "李四" {
		t.Fatalf("lookup overwrote a typed value: %q", got)
	}
	if got := s.draft.Values["entity_type"]; got != "individual" {
		t.Fatalf("entity_type = %q", got)
	}
	if !strings.Contains(s.form.status.Text, "已按营业执照信息填入") {
		t.Fatalf("status %q", s.form.status.Text)
	}
	if tab := h.j.tabs.Selected(); tab == nil || tab.Text != "奈曼旗好邻居便利店" {
		t.Errorf("tab title not updated to the entity name")
	}
}

func TestDraftSurvivesKill(t *testing.T) {
	newTestApp(t)
	dir := t.TempDir()
	h1 := openHarness(t, dir, nil)
	s := toForm(t, h1, "便利店", storeAnswers)
	test.Type(s.form.rows["entity_name"].entry, "奈曼旗好邻居便利店")
	test.Type(s.form.rows["legal_rep_mobile"].entry, "13912345678")
	h1.idle()
	if !strings.HasPrefix(s.saved.Text, "已自动保存 ") {
		t.Fatalf("indicator = %q", s.saved.Text)
	}
	id := s.draft.ID
	// The app dies here: no Close, no flush; the database handle is left
	// open as a killed process would leave the file.

	h2 := openHarness(t, dir, nil)
	defer h2.close()
	if !hasText(h2.j.homeList, "奈曼旗好邻居便利店") {
		t.Fatalf("home does not list the draft: %q", texts(h2.j.homeList))
	}
	h2.j.OpenDraft(id)
	h2.idle()
	if len(h2.j.sessions) != 1 {
		t.Fatalf("sessions = %d; errors %v", len(h2.j.sessions), h2.errs)
	}
	s2 := h2.j.sessions[0]
	if s2.step != stepForm {
		t.Fatalf("resumed at step %d, want the form", s2.step)
	}
	for k, want := range map[string]string{"entity_name": "奈曼旗好邻居便利店", "legal_rep_mobile": "13912345678"} {
		if got := s2.form.rows[k].entry.Text; got != want {
			t.Errorf("%s = %q after restart, want %q", k, got, want)
		}
	}
	if got := s2.q.answers["food_mode"]; got != "prepackaged_only" {
		t.Errorf("answer food_mode = %q after restart", got)
	}
	test.Tap(s2.steps[stepQuestions])
	if r := s2.q.inputs["food_mode"].(*widget.RadioGroup); r.Selected != "仅销售预包装食品" {
		t.Errorf("food_mode radio shows %q after restart", r.Selected)
	}
	if r := s2.q.inputs["sells_tobacco"].(*widget.RadioGroup); r.Selected != "否" {
		t.Errorf("sells_tobacco radio shows %q after restart", r.Selected)
	}
}

func TestNewerCatalogChangingItemsIsShown(t *testing.T) {
	newTestApp(t)
	dir := t.TempDir()
	h := openHarness(t, dir, nil)
	s := toForm(t, h, "便利店", storeAnswers)
	id := s.draft.ID
	h.close()

	// A newer catalog makes tobacco mandatory for convenience stores.
	h2 := openHarness(t, dir, nil)
	defer h2.close()
	var doc map[string]any
	if err := json.Unmarshal(catalog.EmbeddedDocument(), &doc); err != nil {
		t.Fatal(err)
	}
	started := int(doc["version"].(float64)) // the draft began on the built-in catalog
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
	b, _ := json.Marshal(doc)
	if err := h2.j.env.Catalog.Replace(context.Background(), b); err != nil {
		t.Fatal(err)
	}
	h2.j.OpenDraft(id)
	h2.idle()
	s2 := h2.j.sessions[0]
	banner := strings.Join(texts(s2.banner), "\n")
	if !strings.Contains(banner, fmt.Sprintf("第 %d 版目录", started)) || !strings.Contains(banner, "烟草专卖零售许可证核发") {
		t.Fatalf("banner = %q", banner)
	}
	var accept *widget.Button
	for _, o := range test.LaidOutObjects(s2.banner) {
		if b, ok := o.(*widget.Button); ok {
			accept = b
		}
	}
	test.Tap(accept)
	h2.idle()
	d, err := h2.j.env.Drafts.Get(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if d.CatalogVersion != started+1 || !slices.Contains(d.Items, "YCLS") {
		t.Fatalf("after accepting: version %d items %v", d.CatalogVersion, d.Items)
	}
}

func TestIndustrySearch(t *testing.T) {
	newTestApp(t)
	h := openHarness(t, t.TempDir(), nil)
	defer h.close()
	g := h.j.grid
	if len(g.grid.Objects) != 15 {
		t.Fatalf("%d tiles, want 15", len(g.grid.Objects))
	}
	for q, want := range map[string]string{"bld": "便利店", "宾": "宾馆", "面包": "烘焙房/面包房", "12": "宾馆", "yd": "药店"} {
		g.search.SetText(q)
		if len(g.shown) == 0 || g.shown[0].Name != want {
			var got []string
			for _, i := range g.shown {
				got = append(got, i.Name)
			}
			t.Errorf("search %q shows %v, want %s first", q, got, want)
		}
	}
	g.search.SetText("zzzz")
	if len(g.grid.Objects) != 0 || !g.empty.Visible() {
		t.Error("no-match message not shown")
	}
	g.search.SetText("")
	test.Type(g.search, "bg")
	g.search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.idle()
	if len(h.j.sessions) != 1 || h.j.sessions[0].ind.Code != "hotel" {
		t.Fatalf("Enter in the search did not start a hotel draft")
	}
}

// The file dialogs open over the window (and do not crash, as resizing a
// FileDialog before Show did).
func TestFileDialogsOpen(t *testing.T) {
	newTestApp(t)
	h := openHarness(t, t.TempDir(), nil)
	defer h.close()
	s := toForm(t, h, "便利店", storeAnswers)
	test.Tap(s.steps[stepNotice])
	var pdf *widget.Button
	for _, o := range test.LaidOutObjects(s.body) {
		if b, ok := o.(*widget.Button); ok && b.Text == "保存/打印为 PDF" {
			pdf = b
		}
	}
	if pdf == nil {
		t.Fatal("no PDF button on the notice")
	}
	test.Tap(pdf)
	if h.w.Canvas().Overlays().Top() == nil {
		t.Fatal("save dialog not shown")
	}
	h.w.Canvas().Overlays().Top().Hide()
	h.w.Canvas().Overlays().Remove(h.w.Canvas().Overlays().Top())

	test.Tap(s.steps[stepMaterials])
	var add *widget.Button
	for _, o := range test.LaidOutObjects(s.mats.root) {
		if b, ok := o.(*widget.Button); ok && b.Text == "添加文件" {
			add = b
			break
		}
	}
	if add == nil {
		t.Fatal("no 添加文件 button")
	}
	test.Tap(add)
	if h.w.Canvas().Overlays().Top() == nil {
		t.Fatal("file dialog not shown")
	}
	if !hasText(h.w.Canvas().Overlays().Top(), "选择“") {
		t.Errorf("file dialog title not in Chinese: %q", texts(h.w.Canvas().Overlays().Top()))
	}
}

// A draft handed over for submission closes in the workspace.
func TestSubmittedDraftCloses(t *testing.T) {
	newTestApp(t)
	h := openHarness(t, t.TempDir(), nil)
	defer h.close()
	s := h.pick("宾馆")
	if err := h.j.env.Drafts.SetStatus(context.Background(), s.draft.ID, drafts.Status{State: drafts.StateQueued}); err != nil {
		t.Fatal(err)
	}
	h.j.refreshDraftLists()
	h.idle()
	if len(h.j.sessions) != 0 || len(h.j.tabs.Items) != 0 {
		t.Fatalf("submitted draft still open: %d sessions", len(h.j.sessions))
	}
	if hasText(h.j.homeList, "宾馆（") {
		t.Errorf("submitted draft still offered to continue: %q", texts(h.j.homeList))
	}
}

// After a language change the open drafts are rebuilt in the new language
// with their values, and the English UI has no Chinese of its own.
func TestLanguageSwitchRebuildsDrafts(t *testing.T) {
	newTestApp(t)
	h := openHarness(t, t.TempDir(), nil)
	defer h.close()
	defer i18n.Apply(i18n.Chinese)
	s := toForm(t, h, "便利店", storeAnswers)
	test.Type(s.form.rows["entity_name"].entry, "奈曼旗好邻居便利店")
	h.idle()

	if err := i18n.Apply(i18n.English); err != nil {
		t.Fatal(err)
	}
	h.tabs.Items[0].Content = h.j.Home()
	h.tabs.Items[1].Content = h.j.Workspace()
	h.tabs.Refresh()
	h.idle()
	s2 := h.j.sessions[0]
	if s2 == s || s2.step != stepForm {
		t.Fatalf("draft not rebuilt (same %v, step %d)", s2 == s, s2.step)
	}
	if got := s2.form.rows["entity_name"].entry.Text; got != "奈曼旗好邻居便利店" {
		t.Errorf("value lost in the rebuild: %q", got)
	}
	if s2.next.Text != "Next" || s2.steps[stepNotice].Text != "2 Notice" {
		t.Errorf("buttons not in English: %q, %q", s2.next.Text, s2.steps[stepNotice].Text)
	}
	if h.j.grid.search.PlaceHolder == "" || containsHan(strings.ReplaceAll(h.j.grid.search.PlaceHolder, "便利店", "")) {
		t.Errorf("search placeholder %q", h.j.grid.search.PlaceHolder)
	}
	// Fixed UI text (not catalog data or typed values) is English.
	for _, txt := range texts(s2.root) {
		if containsHan(txt) && !strings.Contains(txt, "奈曼旗好邻居便利店") {
			for _, f := range s2.schema.Fields() {
				if strings.Contains(txt, f.LabelZH) {
					t.Errorf("Chinese field label in the English UI: %q", txt)
				}
			}
		}
	}
}

// Two drafts open side by side as tabs keep their own values.
func TestDraftsSideBySide(t *testing.T) {
	newTestApp(t)
	h := openHarness(t, t.TempDir(), nil)
	defer h.close()
	a := toForm(t, h, "便利店", storeAnswers)
	b := toForm(t, h, "宾馆", [][2]string{{"food_mode", "不经营食品"},
		{"swimming_pool", "否"}, {"high_risk_sport", "否"}, {"sewer_discharge", "否"}, {"own_boiler_or_sensitive_area", "否"}})
	if len(h.j.tabs.Items) != 2 || h.j.tabs.Selected().Content != b.root {
		t.Fatalf("%d tabs; the new draft is not selected", len(h.j.tabs.Items))
	}
	test.Type(b.form.rows["entity_name"].entry, "奈曼旗迎宾宾馆")
	h.j.tabs.Select(h.j.tabs.Items[0])
	test.Type(a.form.rows["entity_name"].entry, "奈曼旗好邻居便利店")
	h.idle()
	ctx := context.Background()
	for s, want := range map[*session]string{a: "奈曼旗好邻居便利店", b: "奈曼旗迎宾宾馆"} {
		d, err := h.j.env.Drafts.Get(ctx, s.draft.ID)
		if err != nil {
			t.Fatal(err)
		}
		if d.Values["entity_name"] != want || d.Title != want {
			t.Errorf("draft %s: entity_name %q title %q, want %q", d.Industry, d.Values["entity_name"], d.Title, want)
		}
	}
	if _, ok := b.form.rows["tzhy_rooms"]; !ok {
		t.Error("hotel form lacks its own 特种行业 fields")
	}
	if _, ok := a.form.rows["tzhy_rooms"]; ok {
		t.Error("convenience-store form shows hotel fields")
	}
	// Reopening an open draft selects its tab instead of opening it twice.
	h.j.OpenDraft(b.draft.ID)
	h.idle()
	if len(h.j.tabs.Items) != 2 || h.j.tabs.Selected().Content != b.root {
		t.Errorf("reopening duplicated or did not select the tab")
	}
}

// The second application pre-fills from the first.
func TestFormPrefillFromEarlierApplication(t *testing.T) {
	newTestApp(t)
	h := openHarness(t, t.TempDir(), nil)
	defer h.close()
	a := toForm(t, h, "便利店", storeAnswers)
	test.Type(a.form.rows["legal_rep_name"].entry, "王小明")
	test.Type(a.form.rows["legal_rep_mobile"].entry, "13912345678")
	h.idle()

	b := toForm(t, h, "宾馆", [][2]string{{"food_mode", "不经营食品"}})
	test.Type(b.form.rows["legal_rep_mobile"].entry, "13800000000")
	var earlier *widget.Button
	for _, o := range test.LaidOutObjects(b.form.root) {
		if btn, ok := o.(*widget.Button); ok && btn.Text == "用以前填过的信息" {
			earlier = btn
		}
	}
	test.Tap(earlier)
	h.idle()
	if got := b.form.rows["legal_rep_name"].entry.Text; got != "王小明" {
		t.Errorf("legal_rep_name = %q, want it from the earlier draft", got)
	}
	if got := b.draft.Values["legal_rep_mobile"]; got != "13800000000" {
		t.Errorf("pre-fill overwrote a typed value: %q", got)
	}
	if !strings.Contains(b.form.status.Text, "已从以前的申请填入") {
		t.Errorf("status %q", b.form.status.Text)
	}
}

// With the largest text size every industry card still fits its text.
func TestTilesGrowWithTextSize(t *testing.T) {
	a := newTestApp(t)
	a.Settings().SetTheme(theme.New(theme.Options{TextSize: theme.TextXLarge, Kiosk: true}))
	h := openHarness(t, t.TempDir(), nil)
	defer h.close()
	for _, o := range h.j.grid.grid.Objects {
		tl := o.(*tile)
		if tl.Size().Width < tl.MinSize().Width || tl.Size().Height < tl.MinSize().Height {
			t.Errorf("tile %s is %v, needs %v", tl.title, tl.Size(), tl.MinSize())
		}
	}
}

// The Chinese UI shows no English words of its own (Fyne's hard-coded
// Submit/Cancel, "(Select one)" and the like). Latin in catalog data
// (e.g. a URL placeholder, file types) is allowed by the list below.
func TestChineseUIHasNoEnglish(t *testing.T) {
	newTestApp(t)
	h := openHarness(t, t.TempDir(), nil)
	defer h.close()
	allowed := map[string]bool{"PDF": true, "JPEG": true, "PNG": true, "MB": true, "KB": true, "bld": true,
		"MA0R123448": true, "https": true, "shop": true, "example": true, "cn": true}
	word := regexp.MustCompile(`[A-Za-z][A-Za-z0-9]{2,}`)
	check := func(where string, o fyne.CanvasObject) {
		for _, s := range texts(o) {
			for _, w := range word.FindAllString(s, -1) {
				if !allowed[w] {
					t.Errorf("%s: English %q in %q", where, w, s)
				}
			}
		}
		for _, x := range test.LaidOutObjects(o) {
			switch v := x.(type) {
			case *widget.Select:
				if v.Selected == "" && v.PlaceHolder != "（请选择）" {
					t.Errorf("%s: select placeholder %q", where, v.PlaceHolder)
				}
			case *widget.Entry:
				for _, w := range word.FindAllString(v.PlaceHolder, -1) {
					if !allowed[w] {
						t.Errorf("%s: entry placeholder %q", where, v.PlaceHolder)
					}
				}
			}
		}
	}
	check("home", h.tabs.Items[0].Content)
	s := h.pick("宾馆")
	check("questions", s.root)
	h.answer(s, "food_mode", "销售散装食品、现制现售或提供餐饮（含热食、自制饮品、烘焙）")
	for step := stepNotice; step < stepCount; step++ {
		test.Tap(s.steps[step])
		h.idle()
		check(stepKeys[step], s.root)
		if step == stepNotice {
			for _, ti := range s.noticeTabs.Items {
				s.noticeTabs.Select(ti)
				if len(texts(ti.Content)) == 0 {
					t.Errorf("notice tab %s shows no text", ti.Text)
				}
				check("notice tab "+ti.Text, ti.Content)
			}
		}
	}
}

// One-line fields keep an entry's height and do not widen the form with
// long text.
func TestFormFieldsKeepTheirSize(t *testing.T) {
	newTestApp(t)
	h := openHarness(t, t.TempDir(), nil)
	defer h.close()
	s := toForm(t, h, "便利店", storeAnswers)
	r := s.form.rows["entity_name"]
	before := s.form.root.MinSize().Width
	test.Type(r.entry, strings.Repeat("很长的名称", 30))
	if got := r.box.MinSize().Height; got < r.entry.MinSize().Height {
		t.Errorf("row height %v is less than the entry's %v", got, r.entry.MinSize().Height)
	}
	if r.entry.Size().Height < r.entry.MinSize().Height || r.entry.Size().Width < 300 || r.entry.Size().Width > h.w.Canvas().Size().Width {
		t.Errorf("entry laid out %v (needs height %v) in a window %v", r.entry.Size(), r.entry.MinSize().Height, h.w.Canvas().Size())
	}
	if after := s.form.root.MinSize().Width; after > before+1 {
		t.Errorf("form min width grew from %v to %v with long text", before, after)
	}
}

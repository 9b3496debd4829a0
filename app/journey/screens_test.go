package journey

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	ftheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/naiman-yiye/yiye/app/i18n"
	"github.com/naiman-yiye/yiye/app/shell"
	"github.com/naiman-yiye/yiye/app/theme"
	"github.com/naiman-yiye/yiye/catalog"
	"github.com/naiman-yiye/yiye/core/coretest"
	"github.com/naiman-yiye/yiye/drafts"
	"github.com/naiman-yiye/yiye/forms"
	"github.com/naiman-yiye/yiye/portal"
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

// TestItemReasons: each chosen item says why, in plain words; the fire
// check a hotel needs whatever its size says the law asks it.
func TestItemReasons(t *testing.T) {
	h := openHarness(t)
	defer h.close()
	s := h.pick("宾馆")
	lines := texts(s.q.itemsBox)
	for _, tc := range []struct{ item, reason string }{
		{"消防安全检查", "法律规定，本行业不论面积大小都要办理。"},
		{"旅馆业", "本行业开业前都要办理。"},
	} {
		t.Run(tc.item, func(t *testing.T) {
			i := slices.IndexFunc(lines, func(l string) bool { return strings.Contains(l, tc.item) })
			if i < 0 {
				t.Fatalf("%s not listed: %q", tc.item, lines)
			}
			// The reason is the item's own: before the next item's name.
			for _, l := range lines[i+1 : min(i+8, len(lines))] {
				if l == tc.reason {
					return
				}
			}
			t.Errorf("%s: reason %q not under it: %q", tc.item, tc.reason, lines[i:min(i+8, len(lines))])
		})
	}
}

func TestQuestionnaireUpdatesItemsLive(t *testing.T) {
	h := openHarness(t)
	defer h.close()
	s := h.pick("便利店")
	const tobacco = "烟草专卖零售许可证核发"

	if n := len(h.core.Catalog().QuestionsFor(s.ind)); n != 3 || !strings.Contains(s.hint.Text, "还有 3 个问题没回答") {
		t.Errorf("%d questions; hint beside 下一步 = %q", n, s.hint.Text)
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
	d, err := h.core.Drafts().Get(context.Background(), s.draft.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(d.Added, add) || !slices.Contains(d.Items, add[0]) || d.Answers["sells_tobacco"] != "false" {
		t.Fatalf("stored selection = added %v items %v answers %v", d.Added, d.Items, d.Answers)
	}
}

func TestFormValidationShowsChineseReason(t *testing.T) {
	h := openHarness(t)
	defer h.close()
	s := toForm(t, h, "便利店", storeAnswers)
	r := s.form.rows["uscc"]
	if r.msg.Visible() {
		t.Fatal("message shown before any edit")
	}
	test.Type(r.focus, "92150525MA0R12344")
	if r.msg.Visible() {
		t.Fatalf("17 of 18 characters called wrong while typing: %q", r.msg.Text)
	}
	test.Type(r.focus, "9") // wrong check character, now complete
	if !r.msg.Visible() || !strings.Contains(r.msg.Text, "校验") {
		t.Fatalf("bad credit code message = %q (visible %v)", r.msg.Text, r.msg.Visible())
	}
	if err := r.entry.Validate(); err == nil || err.Error() != r.msg.Text {
		t.Fatalf("entry validator = %v, message %q", err, r.msg.Text)
	}
	r.focus.FocusLost()
	if !r.entry.AlwaysShowValidationError {
		t.Error("validation error not shown on the entry once it was left")
	}
	r.entry.SetText("")
	test.Type(r.entry, "92150525MA0R123448")
	if r.msg.Visible() && r.msg.Importance == widget.DangerImportance {
		t.Fatalf("valid code still shows %q", r.msg.Text)
	}

	// An unfinished mobile number is not called wrong while typing, only
	// once the field is left; a letter is wrong at once.
	m := s.form.rows["legal_rep_mobile"]
	test.Type(m.focus, "139")
	if m.msg.Visible() {
		t.Fatalf("3 digits called wrong while typing: %q", m.msg.Text)
	}
	test.Type(m.focus, "4")
	m.focus.FocusLost()
	if !m.msg.Visible() || !strings.Contains(m.msg.Text, "11 位") {
		t.Fatalf("short mobile once left = %q", m.msg.Text)
	}
	test.Type(m.focus, "x")
	if !m.msg.Visible() || !containsHan(m.msg.Text) {
		t.Fatalf("bad character = %q", m.msg.Text)
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
	if got := h.w.Canvas().Focused(); got != s.form.rows["entity_name"].focus {
		t.Errorf("focus on %T, want the entity name entry", got)
	}
}

func TestFormLookupPrefill(t *testing.T) {
	h := openHarness(t)
	defer h.close()
	h.env.SignIn(portal.DemoPhone)
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
	if got := s.form.rows["entity_name"].entry.Text; got != "示例便利店（演示）" {
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
	if tab := h.j.tabs.Selected(); tab == nil || tab.Text != "示例便利店（演示）" {
		t.Errorf("tab title not updated to the entity name")
	}

	// An earlier application of the same shop named another legal
	// representative: 用以前填过的信息 must not give his ID number and mobile
	// to the one the lookup found.
	ctx := context.Background()
	if _, err := h.core.Drafts().Create(ctx, drafts.New{Title: "旧申请", Industry: "convenience-store",
		Values: forms.Values{"uscc": "92150525MA0R123448", "entity_name": "示例便利店（演示）", "legal_rep_name": "王五",
			"legal_rep_id_number": "11010519491231002X", "legal_rep_mobile": "13700000000", "contact_name": "赵六"}}); err != nil {
		t.Fatal(err)
	}
	s.form.rows["legal_rep_name"].entry.SetText("张明（演示）")
	test.Tap(s.form.earlier)
	h.idle()
	if v := s.draft.Values; v["legal_rep_id_number"] != "" || v["legal_rep_mobile"] != "" || v["contact_name"] != "赵六" {
		t.Errorf("pre-fill mixed two people: id %q mobile %q contact %q", v["legal_rep_id_number"], v["legal_rep_mobile"], v["contact_name"])
	}
}

func TestDraftSurvivesKill(t *testing.T) {
	h1 := openHarness(t)
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

	h2 := h1.reopen()
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
	h := openHarness(t)
	s := toForm(t, h, "便利店", storeAnswers)
	id := s.draft.ID
	h.close()

	// A newer catalog (synced after the restart) makes tobacco mandatory
	// for convenience stores.
	h2 := h.reopen()
	defer h2.close()
	started := h2.core.Catalog().Version // the draft began on the built-in catalog
	h2.env.StopPortal()
	h2.env.RestartPortal(coretest.NewerCatalog(t))
	if _, err := h2.core.SyncCatalog(context.Background()); err != nil {
		t.Fatal(err)
	}
	h2.idle()
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
	d, err := h2.core.Drafts().Get(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if d.CatalogVersion != started+1 || !slices.Contains(d.Items, "YCLS") {
		t.Fatalf("after accepting: version %d items %v", d.CatalogVersion, d.Items)
	}
}

// A catalog sync while the home screen and a draft are open changes what
// they show at once, without a restart.
func TestCatalogSyncUpdatesOpenScreens(t *testing.T) {
	h := openHarness(t)
	defer h.close()
	s := toForm(t, h, "便利店", storeAnswers)
	home := h.home()
	if hasText(home, "便利店（新目录）") || len(s.banner.Objects) != 0 {
		t.Fatal("new catalog shown before the sync")
	}
	h.env.StopPortal()
	h.env.RestartPortal(coretest.NewerCatalog(t, func(doc map[string]any) {
		for _, ind := range doc["industries"].([]any) {
			if m := ind.(map[string]any); m["code"] == "convenience-store" {
				m["name"] = "便利店（新目录）"
			}
		}
	}))
	if _, err := h.core.SyncCatalog(context.Background()); err != nil {
		t.Fatal(err)
	}
	h.idle()
	if !hasText(h.home(), "便利店（新目录）") {
		t.Errorf("home still shows the old industries: %q", texts(h.home()))
	}
	if s := h.j.sessions[0]; !strings.Contains(strings.Join(texts(s.banner), ""), "烟草专卖零售许可证核发") {
		t.Errorf("open draft not told of its new item: %q", texts(s.banner))
	}
}

func TestIndustrySearch(t *testing.T) {
	h := openHarness(t)
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

// The notice is saved and a material added through the file picker over
// the window, which lists only the types the material takes.
func TestFilePicker(t *testing.T) {
	h := openHarness(t)
	defer h.close()
	dir := t.TempDir()
	h.env.App.Preferences().SetString("filepick.lastDir", dir)
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
	tapPicker(t, h.w, "保存")
	h.idle()
	saved, _ := filepath.Glob(filepath.Join(dir, "*.pdf"))
	if len(saved) != 1 || !strings.Contains(s.noticeSaved.Text, saved[0]) {
		t.Fatalf("notice saved as %v; message %q", saved, s.noticeSaved.Text)
	}
	if err := os.WriteFile(filepath.Join(dir, "说明.txt"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}

	test.Tap(s.steps[stepMaterials])
	h.idle()
	sl := s.mats.slots[0]
	var add *widget.Button
	for _, o := range test.LaidOutObjects(sl.card) {
		if b, ok := o.(*widget.Button); ok && b.Text == "添加文件" {
			add = b
		}
	}
	test.Tap(add)
	if over := h.w.Canvas().Overlays().Top(); over == nil || !hasText(over, "选择“") || hasText(over, "说明.txt") {
		t.Fatalf("picker %q", texts(over))
	}
	name := filepath.Base(saved[0])
	tapPicker(t, h.w, name)
	tapPicker(t, h.w, "添加") // (a double tap chooses too; its timing belongs to filepick's tests)
	h.idle()
	if got := s.draft.AttachmentsFor(sl.m.ID); len(got) != 1 || got[0].OriginalName != name {
		t.Fatalf("attached %+v; status %q", got, s.mats.status.Text)
	}
}

// tapPicker taps what shows text on the file picker over w.
func tapPicker(t *testing.T, w fyne.Window, text string) {
	t.Helper()
	over := w.Canvas().Overlays().Top()
	if over == nil {
		t.Fatal("no file picker over the window")
	}
	var tappable fyne.Tappable
	for _, o := range test.LaidOutObjects(over) {
		if tp, ok := o.(fyne.Tappable); ok && o.Visible() {
			for _, x := range test.LaidOutObjects(o) {
				if l, ok := x.(*widget.Label); ok && l.Text == text {
					tappable = tp
				}
				if c, ok := x.(*canvas.Text); ok && c.Text == text {
					tappable = tp
				}
			}
			if b, ok := o.(*widget.Button); ok && b.Text == text {
				tappable = b
			}
		}
	}
	if tappable == nil {
		t.Fatalf("nothing shows %q on the picker: %q", text, texts(over))
	}
	test.Tap(tappable)
}

// A draft handed over for submission closes in the workspace.
func TestSubmittedDraftCloses(t *testing.T) {
	h := openHarness(t)
	defer h.close()
	s := h.pick("宾馆")
	// Whoever marks it queued (the submission screen, the outbox), the
	// core announces it: no polling, no call into the journey.
	if err := h.core.Drafts().SetStatus(context.Background(), s.draft.ID, drafts.Status{State: drafts.StateQueued}); err != nil {
		t.Fatal(err)
	}
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
	h := openHarness(t)
	defer h.close()
	defer i18n.Apply(i18n.Chinese)
	s := toForm(t, h, "便利店", storeAnswers)
	test.Type(s.form.rows["entity_name"].entry, "奈曼旗好邻居便利店")
	h.idle()

	if err := i18n.Apply(i18n.English); err != nil {
		t.Fatal(err)
	}
	h.env.Shell.Rebuild(shell.ScreenDrafts)
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
	h.home()
	if h.j.grid.search.PlaceHolder == "" || containsHan(strings.ReplaceAll(h.j.grid.search.PlaceHolder, "便利店", "")) {
		t.Errorf("search placeholder %q", h.j.grid.search.PlaceHolder)
	}
	// Fixed UI text (not catalog data or typed values) is English.
	for _, txt := range texts(s2.root) {
		if containsHan(txt) && !strings.Contains(txt, "奈曼旗好邻居便利店") {
			for _, f := range s2.plan.Schema.Fields() {
				if strings.Contains(txt, f.LabelZH) {
					t.Errorf("Chinese field label in the English UI: %q", txt)
				}
			}
		}
	}
}

// Two drafts open side by side as tabs keep their own values.
func TestDraftsSideBySide(t *testing.T) {
	h := openHarness(t)
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
		d, err := h.core.Drafts().Get(ctx, s.draft.ID)
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
	h := openHarness(t)
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

// At every text size, in and out of kiosk mode, every industry card fits
// its whole name: no 现制现售… or 烘焙房/面….
func TestTilesGrowWithTextSize(t *testing.T) {
	h := openHarness(t)
	defer h.close()
	for _, c := range []struct {
		name string
		opts theme.Options
	}{
		{"standard", theme.Options{}},
		{"kiosk", theme.Options{Kiosk: true}},
		{"kiosk, largest text", theme.Options{TextSize: theme.TextXLarge, Kiosk: true}},
	} {
		t.Run(c.name, func(t *testing.T) {
			h.env.App.Settings().SetTheme(theme.New(c.opts))
			h.env.Shell.Rebuild(shell.ScreenHome)
			h.idle()
			pad := fyne.CurrentApp().Settings().Theme().Size(ftheme.SizeNamePadding)
			for _, o := range h.j.grid.grid.Objects {
				tl := o.(*tile)
				if tl.Size().Width < tl.MinSize().Width || tl.Size().Height < tl.MinSize().Height {
					t.Errorf("tile %s is %v, needs %v", tl.title, tl.Size(), tl.MinSize())
				}
				// The title as drawn: a label with its inner padding inside
				// the tile's padding.
				need := widget.NewLabelWithStyle(tl.title, fyne.TextAlignCenter, fyne.TextStyle{Bold: true}).MinSize().Width
				if have := tl.Size().Width - 2*pad; need > have {
					t.Errorf("tile %s leaves its name %v, it needs %v", tl.title, have, need)
				}
			}
		})
	}
}

// The Chinese UI shows no English words of its own (Fyne's hard-coded
// Submit/Cancel, "(Select one)" and the like). Latin in catalog data
// (e.g. a URL placeholder, file types) is allowed by the list below.
func TestChineseUIHasNoEnglish(t *testing.T) {
	h := openHarness(t)
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
	check("home", h.home())
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
	h := openHarness(t)
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

// A field shown at its default (证件类型 居民身份证) is stored, so the printed
// form and the portal get it.
func TestDefaultsAreStored(t *testing.T) {
	h := openHarness(t)
	defer h.close()
	s := toForm(t, h, "便利店", storeAnswers)
	if r := s.form.rows["legal_rep_id_type"]; r == nil || r.sel == nil || r.sel.Selected != "居民身份证" {
		t.Fatalf("证件类型 shows %+v", r)
	}
	h.idle()
	if err := s.saver.Flush(); err != nil {
		t.Fatal(err)
	}
	d, err := h.core.Drafts().Get(context.Background(), s.draft.ID)
	if err != nil || d.Values["legal_rep_id_type"] != "resident_id" {
		t.Fatalf("stored 证件类型 %q (%v)", d.Values["legal_rep_id_type"], err)
	}
}

// One wording for one act: a material replaced by a signed pledge is
// listed as such in the readiness check, not as promised for later.
func TestPromiseWording(t *testing.T) {
	h := openHarness(t)
	defer h.close()
	s := toForm(t, h, "宾馆", [][2]string{{"food_mode", "不经营食品"}})
	test.Tap(s.steps[stepMaterials])
	h.idle()
	var pledge, later *materialSlot
	for _, sl := range s.mats.slots {
		switch {
		case sl.promise == nil:
		case sl.promise.Text == "签告知承诺书代替" && pledge == nil:
			pledge = sl
		case sl.promise.Text == "承诺以后补交" && later == nil:
			later = sl
		}
	}
	if pledge == nil || later == nil {
		t.Fatal("the hotel has no pledge and no deferrable material")
	}
	test.Tap(pledge.promise)
	test.Tap(later.promise)
	h.idle()
	for _, want := range []string{localName(pledge.m.Name, "") + "”（将签告知承诺书代替）", localName(later.m.Name, "") + "”（已承诺以后补交）"} {
		if !hasText(s.mats.ready, want) {
			t.Errorf("readiness lacks %q: %q", want, texts(s.mats.ready))
		}
	}
}

// The same fact is asked once: the questionnaire's answers, the credit-code
// lookup and the legal representative fill the form; a convenience store
// (tobacco and prepackaged food) and a hotel leave few fields to type.
func TestFieldsLeftToType(t *testing.T) {
	for _, tc := range []struct {
		industry string
		answers  [][2]string
		uscc     string
		max      int
	}{
		{"便利店", [][2]string{{"sells_tobacco", "是"}, {"sells_medicine", "否"}, {"food_mode", "仅销售预包装食品"}},
			"92150525MA0R123448", 15},
		{"宾馆", [][2]string{{"food_mode", "不经营食品"}, {"swimming_pool", "否"},
			{"high_risk_sport", "否"}, {"sewer_discharge", "否"}, {"own_boiler_or_sensitive_area", "否"}},
			"91150525MA0R20037U", 15},
	} {
		t.Run(tc.industry, func(t *testing.T) {
			h := openHarness(t)
			defer h.close()
			h.env.SignIn(portal.DemoPhone)
			s := toForm(t, h, tc.industry, tc.answers)
			test.Type(s.form.rows["uscc"].entry, tc.uscc)
			test.Tap(s.form.lookup)
			h.idle()
			test.Type(s.form.rows["legal_rep_mobile"].entry, "13912345678")
			test.Type(s.form.rows["premises_area"].focus, "120")
			h.idle()
			var typed, clicked []string
			for _, k := range s.form.order {
				r := s.form.rows[k]
				if !r.box.Visible() || strings.TrimSpace(s.draft.Values[k]) != "" {
					continue
				}
				if r.entry != nil {
					typed = append(typed, r.f.LabelZH)
				} else {
					clicked = append(clicked, r.f.LabelZH)
				}
			}
			// The applicant typed three: the credit code, the mobile, the area.
			typed = append(typed, "统一社会信用代码", "法定代表人手机", "经营场所面积")
			t.Logf("%s: %d fields typed or left to type %v, %d to choose %v (of %d)", tc.industry, len(typed), typed,
				len(clicked), clicked, len(s.form.order))
			if len(typed) > tc.max {
				t.Errorf("%d fields to type, want at most %d", len(typed), tc.max)
			}
			for _, k := range []string{"contact_name", "contact_phone"} {
				if s.draft.Values[k] == "" {
					t.Errorf("%s not taken from the legal representative", k)
				}
			}
		})
	}
}

// The signed merged form is asked for at the upload step, so it is printed
// there: the slot's 打印申请表 saves this application's form as a PDF.
func TestPrintFormAtUploadStep(t *testing.T) {
	h := openHarness(t)
	defer h.close()
	dir := t.TempDir()
	h.env.App.Preferences().SetString("filepick.lastDir", dir)
	s := toForm(t, h, "便利店", storeAnswers)
	test.Type(s.form.rows["entity_name"].focus, "奈曼旗打印测试便利店")
	test.Tap(s.steps[stepMaterials])
	h.idle()
	var print *widget.Button
	for _, sl := range s.mats.slots {
		for _, o := range test.LaidOutObjects(sl.card) {
			if b, ok := o.(*widget.Button); ok && b.Text == "打印申请表" {
				if sl.m.ID != signedFormMaterial {
					t.Errorf("print button on %s", sl.m.ID)
				}
				print = b
			}
		}
	}
	if print == nil {
		t.Fatal("no 打印申请表 where the signed form is asked for")
	}
	test.Tap(print)
	tapPicker(t, h.w, "保存")
	h.idle()
	got, _ := filepath.Glob(filepath.Join(dir, "*.pdf"))
	if len(got) != 1 || !strings.Contains(filepath.Base(got[0]), "奈曼旗打印测试便利店") {
		t.Fatalf("saved %v; status %q", got, s.mats.status.Text)
	}
	if _, err := exec.LookPath("pdftotext"); err == nil {
		out, err := exec.Command("pdftotext", "-enc", "UTF-8", got[0], "-").Output()
		if err != nil || !strings.Contains(strings.Join(strings.Fields(string(out)), ""), "奈曼旗打印测试便利店") {
			t.Errorf("printed form lacks the business: %v", err)
		}
	}
}

// The mouse wheel over the multi-line 经营范围 box keeps scrolling the page:
// the box grows with its text instead of scrolling inside.
func TestTextareaLetsTheWheelScrollThePage(t *testing.T) {
	h := openHarness(t)
	defer h.close()
	s := toForm(t, h, "便利店", storeAnswers)
	r := s.form.rows["business_scope"]
	before := r.entry.MinSize().Height
	test.Type(r.focus, strings.Repeat("日用百货零售；预包装食品销售；", 40))
	if after := r.entry.MinSize().Height; after <= before {
		t.Errorf("the box did not grow with its text (%v → %v)", before, after)
	}
	// The wheel over the box goes to the page, as the driver routes it: to
	// the last scrollable under the pointer.
	page, ok := s.form.root.(*shell.PageScroll)
	if !ok {
		t.Fatalf("the form scrolls with %T", s.form.root)
	}
	h.w.Resize(fyne.NewSize(1200, 600))
	s.focusField("business_scope")
	h.idle()
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(r.focus.(fyne.CanvasObject)).Add(fyne.NewPos(10, 10))
	var last fyne.Scrollable
	for _, o := range test.LaidOutObjects(h.w.Content()) {
		p := fyne.CurrentApp().Driver().AbsolutePositionForObject(o)
		sz := o.Size()
		if sc, ok := o.(fyne.Scrollable); ok && o.Visible() && pos.X >= p.X && pos.Y >= p.Y && pos.X < p.X+sz.Width && pos.Y < p.Y+sz.Height {
			last = sc
		}
	}
	if last == nil {
		t.Fatal("nothing scrollable under the pointer")
	}
	y := page.Offset.Y
	last.Scrolled(&fyne.ScrollEvent{Scrolled: fyne.NewDelta(0, -25)})
	if page.Offset.Y == y {
		t.Errorf("the wheel over the box (%T) did not scroll the page", last)
	}
}

// TestNoticeItemCards: each card gives the day the item is expected
// decided counting what it waits for (the hotel's special-trade license
// after the fire opinion), and a filing whose time the facts do not give
// says to ask, in both languages.
func TestNoticeItemCards(t *testing.T) {
	h := openHarness(t)
	defer h.close()
	defer i18n.Apply(i18n.Chinese)
	card := func(s *session, code string) string {
		for _, it := range s.plan.Notice.Items {
			if it.Code == code {
				return strings.Join(texts(s.noticeItemCard(it)), "\n")
			}
		}
		t.Fatalf("%s not on the notice", code)
		return ""
	}
	hotel := h.pick("宾馆")
	test.Tap(hotel.next)
	var tzhy catalog.NoticeItem
	for _, it := range hotel.plan.Notice.Items {
		if it.Code == "TZHY" {
			tzhy = it
		}
	}
	due, _ := catalog.ParseDate(tzhy.ExpectedDate)
	start, _ := catalog.ParseDate(hotel.plan.Notice.Start)
	if own := hotel.cat.Calendar.AddWorkdays(start, tzhy.CommittedDays); !due.After(own) {
		t.Fatalf("TZHY expected %s, not after its own limit's %s", tzhy.ExpectedDate, own.Format(time.DateOnly))
	}
	if c := card(hotel, "TZHY"); !strings.Contains(c, longDate(due)) {
		t.Errorf("hotel TZHY card lacks %s:\n%s", longDate(due), c)
	}

	store := toForm(t, h, "便利店", storeAnswers)
	for _, tc := range []struct {
		lang i18n.Language
		want string
	}{
		{i18n.Chinese, "什么时候办：开业前后什么时候办，请在奈曼旗政务服务大厅窗口问清楚"},
		{i18n.English, "When to file: ask the service hall window when to file"},
	} {
		if err := i18n.Apply(tc.lang); err != nil {
			t.Fatal(err)
		}
		if c := card(store, "SPJY"); !strings.Contains(c, tc.want) {
			t.Errorf("prepackaged-food filing card (%s) lacks %q:\n%s", tc.lang, tc.want, c)
		}
	}
}

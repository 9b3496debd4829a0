package kioskmode

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/naiman-yiye/yiye/agent"
	"github.com/naiman-yiye/yiye/app/apptest"
	"github.com/naiman-yiye/yiye/app/shell"
	"github.com/naiman-yiye/yiye/core"
	"github.com/naiman-yiye/yiye/drafts"
	"github.com/naiman-yiye/yiye/handover"
	"github.com/naiman-yiye/yiye/paths"
)

// machine is one copy of the app in normal mode: its own data folder,
// database, core and window, showing the hand-over screen.
type machine struct {
	env  *apptest.Env
	w    fyne.Window
	core *core.Core
	dir  string
	h    *handoverScreen
}

// newMachine shows the hand-over screen of the env's own core; other
// machines get a core on a database of their own and a window of their
// own, in the same app.
func newMachine(t *testing.T, env *apptest.Env, own bool) *machine {
	t.Helper()
	m := &machine{env: env, w: env.Window, core: env.Core, dir: env.DataDir}
	if !own {
		m.dir = t.TempDir()
		m.core = env.Open(openDB(t, m.dir), m.dir)
		m.w = test.NewTempWindow(t, nil)
		m.w.Resize(fyne.NewSize(1200, 850))
	}
	m.h = newHandover(m.core, env.Run, m.dir)
	shell.New(env.App, m.w, shell.Options{Screens: []shell.Screen{m.h.screen()}, Run: env.Run, DataDir: m.dir})
	env.Pump("drafts listed", func() bool { return m.h.view != nil && m.h.view.loaded })
	return m
}

func (m *machine) view() *handoverView { return m.h.view }

func (m *machine) list(t *testing.T) []drafts.Summary {
	t.Helper()
	l, err := m.core.Drafts().List(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// TestExportImportRoundTrip exports a draft with its files through the UI
// (the real passphrase and file dialogs) on one machine and imports it
// through the UI on another, whose lists follow the import by themselves.
func TestExportImportRoundTrip(t *testing.T) {
	env := apptest.New(t)
	home := newMachine(t, env, true)
	ctx := context.Background()
	st := home.core.Drafts()
	d, err := st.Create(ctx, drafts.New{Title: "奈曼旗张三便利店 · 便利店", Industry: "convenience-store",
		CatalogVersion: 1, Items: []string{"SPJY"}, Values: map[string]string{"entity_name": "奈曼旗张三便利店", "legal_rep_mobile": "13800138000"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddAttachment(ctx, d.ID, "floor_plan", writeFile(t, "平面图.pdf", minimalPDF("plan"))); err != nil {
		t.Fatal(err)
	}
	if err := st.SetAgent(ctx, d.ID, &agent.Record{Name: "李四", IDNumber: "11010519491231002X", Principal: "奈曼旗张三便利店",
		Scope: "代为提交申请材料"}); err != nil {
		t.Fatal(err)
	}
	env.Pump("the new draft listed", func() bool { return len(home.view().draftTitles()) == 1 })

	usb := t.TempDir()
	pressButton(t, home.w, "导出草稿（U盘）")
	p := home.view().pass
	test.Type(p.pass, "short")
	if !strings.Contains(p.hint.Text, "口令太短") {
		t.Fatalf("strength hint %q", p.hint.Text)
	}
	press(t, home.w, p.ok)
	if p.err.Text != "口令至少需要 8 个字符。" {
		t.Fatalf("short passphrase: %q", p.err.Text)
	}
	p.pass.SetText("")
	const pass = "Naiman-2026-秋季"
	test.Type(p.pass, pass)
	if p.hint.Text != "口令强度：强" {
		t.Fatalf("strength hint %q", p.hint.Text)
	}
	test.Type(p.conf, "Naiman-2026")
	press(t, home.w, p.ok)
	if p.err.Text != "两次输入的口令不一致，请重新输入。" {
		t.Fatalf("mismatch: %q", p.err.Text)
	}
	p.conf.SetText(pass)
	setFileFolder(env.App, usb)
	press(t, home.w, p.ok)
	suggested := saveFile(t, home.w, "")
	file := filepath.Join(usb, suggested)
	env.Pump("export", func() bool { return strings.Contains(home.view().status.Text, "已导出") })
	st2, err := os.Stat(file)
	if err != nil {
		t.Fatalf("no bundle: %v; status %q", err, home.view().status.Text)
	}
	if !strings.HasPrefix(suggested, "草稿-奈曼旗张三便利店") || !strings.HasSuffix(suggested, handover.Extension) ||
		!strings.Contains(home.view().status.Text, "已导出到 "+file) || !strings.Contains(home.view().status.Text, humanSize(st2.Size())) {
		t.Fatalf("suggested %q, status %q", suggested, home.view().status.Text)
	}
	if es, _ := os.ReadDir(usb); len(es) != 1 {
		t.Fatalf("USB stick holds %v", es)
	}

	hall := newMachine(t, env, false)
	changed := 0
	defer hall.core.Subscribe(func(ev core.Event) {
		if _, ok := ev.(core.DraftChanged); ok {
			changed++
		}
	})()
	setFileFolder(env.App, usb)
	pressButton(t, hall.w, "导入草稿")
	pickFile(t, hall.w, file)
	test.Type(hall.view().pass.pass, pass)
	press(t, hall.w, hall.view().pass.ok)
	env.Pump("import", func() bool { return len(hall.view().draftTitles()) == 1 })
	if changed == 0 {
		t.Fatal("the import was not announced to the other screens")
	}
	if hall.view().status.Text != "已导入草稿“奈曼旗张三便利店 · 便利店”。" || !slices.Equal(hall.view().draftTitles(), []string{d.Title}) {
		t.Fatalf("status %q, drafts %v", hall.view().status.Text, hall.view().draftTitles())
	}
	got := hall.view().items[0]
	want, _ := st.Get(ctx, d.ID)
	if got.ID == want.ID || got.Values["entity_name"] != "奈曼旗张三便利店" || got.Values["legal_rep_mobile"] != "13800138000" ||
		got.Agent == nil || got.Agent.IDNumber != "11010519491231002X" || len(got.Attachments) != 1 ||
		got.Attachments[0].SHA256 != want.Attachments[0].SHA256 {
		t.Fatalf("imported %+v\nwant %+v", got, want)
	}
	if b, err := os.ReadFile(got.Attachments[0].Path); err != nil || string(b) != string(minimalPDF("plan")) {
		t.Fatalf("attachment content differs: %v", err)
	}
	if es, _ := os.ReadDir(filepath.Join(hall.dir, importDirName)); len(es) != 0 {
		t.Fatalf("import leftovers %v", es)
	}
}

// TestBadBundles: each bad file is refused with its own clear message and
// the drafts already on the machine stay exactly as they were.
func TestBadBundles(t *testing.T) {
	env := apptest.New(t)
	hall := newMachine(t, env, true)
	ctx := context.Background()
	st := hall.core.Drafts()
	mine, err := st.Create(ctx, drafts.New{Title: "已有草稿", Industry: "bar", Values: map[string]string{"entity_name": "已有"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddAttachment(ctx, mine.ID, "floor_plan", writeFile(t, "a.pdf", minimalPDF("mine"))); err != nil {
		t.Fatal(err)
	}
	env.Pump("listed", func() bool { return len(hall.view().draftTitles()) == 1 })
	before := tree(t, paths.AttachmentsDir(hall.dir))
	beforeList := hall.list(t)

	src, d := sourceDraft(t, "带来的草稿", map[string]string{"entity_name": "张三"}, "x")
	good := bundleOf(t, src, d, "right passphrase")
	goodBytes, _ := os.ReadFile(good)
	mutate := func(name string, f func(b []byte) []byte) string {
		b := f(append([]byte{}, goodBytes...))
		return writeFile(t, name+handover.Extension, b)
	}
	data, files, _ := src.Export(ctx, d.ID)
	pdf, _ := os.ReadFile(files[0].Path)

	cases := []struct {
		name, file, pass, want string
	}{
		{"wrong passphrase", good, "wrong passphrase", "口令错误或文件已损坏，请核对口令后重试。"},
		{"tampered", mutate("tampered", func(b []byte) []byte { b[len(b)/2] ^= 1; return b }), "right passphrase",
			"草稿文件已损坏或被改动，已拒绝导入，现有草稿未受影响。"},
		{"truncated", mutate("truncated", func(b []byte) []byte { return b[:len(b)-700] }), "right passphrase",
			"草稿文件不完整（可能没有拷贝完），已拒绝导入，请重新拷贝后再试。"},
		{"oversized", mutate("oversized", func(b []byte) []byte { binary.BigEndian.PutUint64(b[24:], 5<<30); return b }), "right passphrase",
			"草稿文件中的材料超过允许的大小，已拒绝导入。"},
		{"path traversal", writeFile(t, "evil"+handover.Extension,
			craftBundle(t, "right passphrase", data, []string{"../../evil.pdf"}, [][]byte{pdf})), "right passphrase",
			"草稿文件中有不安全的文件名“../../evil.pdf”，已拒绝导入。"},
		{"absolute path", writeFile(t, "abs"+handover.Extension,
			craftBundle(t, "right passphrase", data, []string{"/etc/evil.pdf"}, [][]byte{pdf})), "right passphrase",
			"草稿文件中有不安全的文件名“/etc/evil.pdf”，已拒绝导入。"},
		{"not a bundle", writeFile(t, "photo"+handover.Extension, minimalPDF("not a bundle")), "",
			"这不是一业一证申请助手导出的草稿文件。"},
		{"bad draft inside", writeFile(t, "junk"+handover.Extension,
			craftBundle(t, "right passphrase", json.RawMessage(`{"version":99}`), nil, nil)), "right passphrase",
			"草稿交接文件内容有误，已拒绝导入，现有草稿未受影响"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v := hall.view()
			v.status.SetText("")
			setFileFolder(env.App, filepath.Dir(c.file))
			pressButton(t, hall.w, "导入草稿")
			pickFile(t, hall.w, c.file)
			if c.pass != "" {
				v.pass.pass.SetText(c.pass)
				press(t, hall.w, v.pass.ok)
			}
			env.Pump("import refused", func() bool { return strings.HasPrefix(v.status.Text, "导入失败") })
			if want := "导入失败：" + c.want; v.status.Text != want || v.status.Importance != widget.DangerImportance {
				t.Fatalf("status %q, want %q", v.status.Text, want)
			}
			if got := hall.list(t); len(got) != len(beforeList) || got[0].ID != beforeList[0].ID || !got[0].UpdatedAt.Equal(beforeList[0].UpdatedAt) {
				t.Fatalf("drafts changed: %+v", got)
			}
			if after := tree(t, paths.AttachmentsDir(hall.dir)); len(after) != len(before) {
				t.Fatalf("attachments changed: %v", after)
			} else {
				for k, v := range before {
					if after[k] != v {
						t.Fatalf("attachment %s changed", k)
					}
				}
			}
			if es, _ := os.ReadDir(filepath.Join(hall.dir, importDirName)); len(es) != 0 {
				t.Fatalf("import leftovers %v", es)
			}
			if _, err := os.Stat(filepath.Join(filepath.Dir(hall.dir), "evil.pdf")); err == nil {
				t.Fatal("a file was written outside the import folder")
			}
		})
	}
	// After all that, a good bundle still imports.
	setFileFolder(env.App, filepath.Dir(good))
	pressButton(t, hall.w, "导入草稿")
	pickFile(t, hall.w, good)
	hall.view().pass.pass.SetText("right passphrase")
	press(t, hall.w, hall.view().pass.ok)
	env.Pump("good import", func() bool { return len(hall.view().draftTitles()) == 2 })
}

// pdfText is what pdftotext reads from p, without white space.
func pdfText(t *testing.T, p string) string {
	t.Helper()
	b, err := exec.Command("pdftotext", "-enc", "UTF-8", p, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", p, err)
	}
	return strings.Join(strings.Fields(string(b)), "")
}

// TestPrintPDFs writes the notice and the application form (with the
// agent's authorisation) where the user chooses and checks the text
// pdftotext reads back.
func TestPrintPDFs(t *testing.T) {
	env := apptest.New(t)
	m := newMachine(t, env, true)
	d := env.ReadyDraft("奈曼旗张三便利店")
	ctx := context.Background()
	if err := m.core.Drafts().SetAgent(ctx, d.ID, &agent.Record{Name: "李四", IDNumber: "11010519491231002X",
		Principal: "奈曼旗张三便利店", Scope: "代为提交申请材料"}); err != nil {
		t.Fatal(err)
	}
	env.Pump("listed", func() bool { return hasText(m.w, "委托代办：受托人 李四") })
	out := t.TempDir()
	setFileFolder(env.App, out)
	pressButton(t, m.w, "打印告知单")
	notice := saveFile(t, m.w, "")
	env.Pump("notice", func() bool { return strings.Contains(m.view().status.Text, "已生成") })
	pressButton(t, m.w, "打印申请表（供签字）")
	form := saveFile(t, m.w, "")
	env.Pump("form", func() bool { return strings.Contains(m.view().status.Text, form) })
	if !strings.HasPrefix(notice, "告知单-奈曼旗张三便利店") || !strings.HasPrefix(form, "申请表-奈曼旗张三便利店") {
		t.Fatalf("suggested %q and %q", notice, form)
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed")
	}
	p, err := m.core.Plan(d)
	if err != nil {
		t.Fatal(err)
	}
	if txt := pdfText(t, filepath.Join(out, notice)); !strings.Contains(txt, "告知") || !strings.Contains(txt, p.Selection.Items[0].Item.Name) {
		t.Fatalf("notice text: %.300s", txt)
	}
	txt := pdfText(t, filepath.Join(out, form))
	for _, want := range []string{"奈曼旗张三便利店", "李四", "11010519491231002X", "委托事项", "代为提交申请材料"} {
		if !strings.Contains(txt, want) {
			t.Errorf("form lacks %q: %.400s", want, txt)
		}
	}
}

// TestAgentOutsideKiosk: at home the agent is recorded without the staff
// PIN, staff ID or time; a bad ID number is refused in the user's words.
func TestAgentOutsideKiosk(t *testing.T) {
	env := apptest.New(t)
	m := newMachine(t, env, true)
	d, err := m.core.Drafts().Create(context.Background(), drafts.New{Title: "家里的草稿", Industry: "bar",
		Values: map[string]string{"legal_rep_name": "王五"}})
	if err != nil {
		t.Fatal(err)
	}
	env.Pump("listed", func() bool { return len(m.view().draftTitles()) == 1 })
	pressButton(t, m.w, "帮办代办（委托）")
	p := m.h.agent
	if p == nil || p.kiosk || p.draft.ID != d.ID {
		t.Fatalf("agent page %+v", p)
	}
	if p.princ.Text != "王五" {
		t.Fatalf("principal not prefilled: %q", p.princ.Text)
	}
	for _, o := range objects(m.w) {
		if o == fyne.CanvasObject(p.staff) {
			t.Fatal("staff ID asked outside a kiosk")
		}
	}
	test.Type(p.name, "李四")
	test.Type(p.id, "110105194912310021")
	press(t, m.w, p.save)
	env.Pump("refused", nil)
	if !strings.HasPrefix(p.status.Text, "受托人") || p.status.Importance != widget.DangerImportance {
		t.Fatalf("bad ID accepted: %q", p.status.Text)
	}
	p.id.SetText("11010519491231002x")
	press(t, m.w, p.save)
	env.Pump("saved", func() bool { return p.draft.Agent != nil })
	if a := p.draft.Agent; a.IDNumber != "11010519491231002X" || a.StaffID != "" || !a.RecordedAt.IsZero() {
		t.Fatalf("stored %+v", a)
	}
	press(t, m.w, p.remove)
	env.Pump("removed", func() bool { return p.draft.Agent == nil })
	if p.status.Text != "已取消委托登记。" {
		t.Fatalf("status %q", p.status.Text)
	}
}

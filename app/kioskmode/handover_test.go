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

	"github.com/naiman-yiye/yiye/app/shell"
	"github.com/naiman-yiye/yiye/catalog"
	"github.com/naiman-yiye/yiye/drafts"
	"github.com/naiman-yiye/yiye/handover"
	"github.com/naiman-yiye/yiye/paths"
)

// machine is one copy of the app in normal mode: its own data folder,
// database and window, showing the hand-over screen.
type machine struct {
	w    fyne.Window
	deps *shell.Deps
	sh   *shell.Shell
	h    *handoverScreen
}

func newMachine(t *testing.T, a fyne.App) *machine {
	t.Helper()
	dir := t.TempDir()
	m := &machine{deps: &shell.Deps{DB: openDB(t, dir), DataDir: dir}}
	m.w = test.NewTempWindow(t, widget.NewLabel(""))
	m.w.Resize(fyne.NewSize(1280, 900))
	m.sh = shell.New(a, m.w, m.deps)
	test.Tap(button(t, m.w, "草稿交接与打印"))
	m.h = handoverFor(m.deps)
	if m.h == nil || m.h.store == nil {
		t.Fatal("hand-over screen not ready")
	}
	return m
}

func (m *machine) list(t *testing.T) []drafts.Summary {
	t.Helper()
	l, err := m.h.store.List(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// TestExportImportRoundTrip exports a draft with its files through the UI
// on one machine and imports it through the UI on another.
func TestExportImportRoundTrip(t *testing.T) {
	a := newApp(t)
	home := newMachine(t, a)
	ctx := context.Background()
	d, err := home.h.store.Create(ctx, drafts.New{Title: "奈曼旗张三便利店 · 便利店", Industry: "convenience-store",
		CatalogVersion: 1, Items: []string{"SPJY"}, Values: map[string]string{"entity_name": "奈曼旗张三便利店", "legal_rep_mobile": "13800138000"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := home.h.store.AddAttachment(ctx, d.ID, "floor_plan", writeFile(t, "平面图.pdf", minimalPDF("plan"))); err != nil {
		t.Fatal(err)
	}
	if err := home.h.store.SetAgent(ctx, d.ID, &drafts.Agent{Name: "李四", IDNumber: "11010519491231002X"}); err != nil {
		t.Fatal(err)
	}
	test.Tap(button(t, home.w, "刷新"))

	usb := t.TempDir()
	var suggested string
	chooseSave = func(_ fyne.Window, name, ext string, pick func(string)) {
		suggested = name
		pick(filepath.Join(usb, strings.TrimSuffix(name, ext))) // the extension is added back
	}
	test.Tap(button(t, home.w, "导出草稿（U盘）"))
	p := home.h.pass
	test.Type(p.pass, "short")
	if !strings.Contains(p.hint.Text, "口令太短") {
		t.Fatalf("strength hint %q", p.hint.Text)
	}
	test.Tap(p.ok)
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
	test.Tap(p.ok)
	if p.err.Text != "两次输入的口令不一致，请重新输入。" {
		t.Fatalf("mismatch: %q", p.err.Text)
	}
	p.conf.SetText(pass)
	test.Tap(p.ok)
	file := filepath.Join(usb, strings.TrimSuffix(suggested, handover.Extension)) + handover.Extension
	st, err := os.Stat(file)
	if err != nil {
		t.Fatalf("no bundle: %v; status %q", err, home.h.status.Text)
	}
	if !strings.HasPrefix(suggested, "草稿-奈曼旗张三便利店") || !strings.Contains(home.h.status.Text, "已导出到 "+file) ||
		!strings.Contains(home.h.status.Text, humanSize(st.Size())) {
		t.Fatalf("suggested %q, status %q", suggested, home.h.status.Text)
	}

	hall := newMachine(t, a)
	var refreshed []*shell.Deps // the drafts lists are told at once
	DraftImported = func(d *shell.Deps) { refreshed = append(refreshed, d) }
	t.Cleanup(func() { DraftImported = nil })
	chooseOpen = func(_ fyne.Window, _ []string, pick func(string)) { pick(file) }
	test.Tap(button(t, hall.w, "导入草稿"))
	test.Type(hall.h.pass.pass, pass)
	test.Tap(hall.h.pass.ok)
	if len(refreshed) != 1 || refreshed[0] != hall.deps {
		t.Fatalf("DraftImported calls %v, want the hall's deps once", refreshed)
	}
	if hall.h.status.Text != "已导入草稿“奈曼旗张三便利店 · 便利店”。" || !slices.Equal(hall.h.draftTitles(), []string{d.Title}) {
		t.Fatalf("status %q, drafts %v", hall.h.status.Text, hall.h.draftTitles())
	}
	got := hall.h.items[0]
	want, _ := home.h.store.Get(ctx, d.ID)
	if got.ID == want.ID || got.Values["entity_name"] != "奈曼旗张三便利店" || got.Values["legal_rep_mobile"] != "13800138000" ||
		got.Agent == nil || got.Agent.IDNumber != "11010519491231002X" || len(got.Attachments) != 1 ||
		got.Attachments[0].SHA256 != want.Attachments[0].SHA256 {
		t.Fatalf("imported %+v\nwant %+v", got, want)
	}
	if b, err := os.ReadFile(got.Attachments[0].Path); err != nil || string(b) != string(minimalPDF("plan")) {
		t.Fatalf("attachment content differs: %v", err)
	}
	if es, _ := os.ReadDir(filepath.Join(hall.deps.DataDir, importDirName)); len(es) != 0 {
		t.Fatalf("import leftovers %v", es)
	}
}

// TestBadBundles: each bad file is refused with its own clear message and
// the drafts already on the machine stay exactly as they were.
func TestBadBundles(t *testing.T) {
	a := newApp(t)
	hall := newMachine(t, a)
	ctx := context.Background()
	mine, err := hall.h.store.Create(ctx, drafts.New{Title: "已有草稿", Industry: "bar", Values: map[string]string{"entity_name": "已有"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := hall.h.store.AddAttachment(ctx, mine.ID, "floor_plan", writeFile(t, "a.pdf", minimalPDF("mine"))); err != nil {
		t.Fatal(err)
	}
	before := tree(t, paths.AttachmentsDir(hall.deps.DataDir))
	beforeList := hall.list(t)

	src, d := sourceDraft(t, "带来的草稿", map[string]string{"entity_name": "张三"}, "x")
	good := bundleOf(t, src, d, "right passphrase")
	goodBytes, _ := os.ReadFile(good)
	mutate := func(f func(b []byte) []byte) string {
		b := f(append([]byte{}, goodBytes...))
		return writeFile(t, "bad"+handover.Extension, b)
	}
	data, files, _ := src.Export(ctx, d.ID)
	pdf, _ := os.ReadFile(files[0].Path)

	cases := []struct {
		name, file, pass, want string
	}{
		{"wrong passphrase", good, "wrong passphrase", "口令错误或文件已损坏，请核对口令后重试。"},
		{"tampered", mutate(func(b []byte) []byte { b[len(b)/2] ^= 1; return b }), "right passphrase",
			"草稿文件已损坏或被改动，已拒绝导入，现有草稿未受影响。"},
		{"truncated", mutate(func(b []byte) []byte { return b[:len(b)-700] }), "right passphrase",
			"草稿文件不完整（可能没有拷贝完），已拒绝导入，请重新拷贝后再试。"},
		{"oversized", mutate(func(b []byte) []byte { binary.BigEndian.PutUint64(b[24:], 5<<30); return b }), "right passphrase",
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
			hall.h.status.SetText("")
			chooseOpen = func(_ fyne.Window, _ []string, pick func(string)) { pick(c.file) }
			test.Tap(button(t, hall.w, "导入草稿"))
			if c.pass != "" {
				hall.h.pass.pass.SetText(c.pass)
				test.Tap(hall.h.pass.ok)
			}
			if want := "导入失败：" + c.want; hall.h.status.Text != want || hall.h.status.Importance != widget.DangerImportance {
				t.Fatalf("status %q, want %q", hall.h.status.Text, want)
			}
			if got := hall.list(t); len(got) != len(beforeList) || got[0].ID != beforeList[0].ID || !got[0].UpdatedAt.Equal(beforeList[0].UpdatedAt) {
				t.Fatalf("drafts changed: %+v", got)
			}
			if after := tree(t, paths.AttachmentsDir(hall.deps.DataDir)); len(after) != len(before) {
				t.Fatalf("attachments changed: %v", after)
			} else {
				for k, v := range before {
					if after[k] != v {
						t.Fatalf("attachment %s changed", k)
					}
				}
			}
			if es, _ := os.ReadDir(filepath.Join(hall.deps.DataDir, importDirName)); len(es) != 0 {
				t.Fatalf("import leftovers %v", es)
			}
			if _, err := os.Stat(filepath.Join(filepath.Dir(hall.deps.DataDir), "evil.pdf")); err == nil {
				t.Fatal("a file was written outside the import folder")
			}
		})
	}
	// After all that, a good bundle still imports.
	chooseOpen = func(_ fyne.Window, _ []string, pick func(string)) { pick(good) }
	test.Tap(button(t, hall.w, "导入草稿"))
	hall.h.pass.pass.SetText("right passphrase")
	test.Tap(hall.h.pass.ok)
	if len(hall.list(t)) != 2 {
		t.Fatalf("good bundle after bad ones: %q", hall.h.status.Text)
	}
}

// TestPrintPDFs writes the notice and the application form (with the
// agent's authorisation) and checks the text pdftotext reads back.
func TestPrintPDFs(t *testing.T) {
	a := newApp(t)
	m := newMachine(t, a)
	ctx := context.Background()
	cat := m.h.cat.Current()
	sel, err := cat.Match(catalog.Request{Industry: "convenience-store"})
	if err != nil {
		t.Fatal(err)
	}
	var items []string
	for _, s := range sel.Items {
		items = append(items, s.Item.Code)
	}
	d, err := m.h.store.Create(ctx, drafts.New{Title: "打印测试", Industry: "convenience-store", CatalogVersion: cat.Version,
		Items: items, Values: map[string]string{"entity_name": "奈曼旗张三便利店"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := m.h.store.SetAgent(ctx, d.ID, &drafts.Agent{Name: "李四", IDNumber: "11010519491231002X",
		Principal: "奈曼旗张三便利店", Scope: "代为提交申请材料"}); err != nil {
		t.Fatal(err)
	}
	test.Tap(button(t, m.w, "刷新"))
	out := t.TempDir()
	var opened []string
	openFile = func(_ fyne.App, p string) error { opened = append(opened, p); return nil }
	chooseSave = func(_ fyne.Window, name, _ string, pick func(string)) { pick(filepath.Join(out, name)) }
	test.Tap(button(t, m.w, "打印告知单"))
	test.Tap(button(t, m.w, "打印申请表（供签字）"))
	if len(opened) != 2 || !strings.Contains(m.h.status.Text, "已生成") {
		t.Fatalf("opened %v, status %q", opened, m.h.status.Text)
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed")
	}
	read := func(p string) string {
		b, err := exec.Command("pdftotext", "-enc", "UTF-8", p, "-").Output()
		if err != nil {
			t.Fatalf("pdftotext %s: %v", p, err)
		}
		return strings.Join(strings.Fields(string(b)), "")
	}
	if txt := read(opened[0]); !strings.Contains(txt, "告知") || !strings.Contains(txt, sel.Items[0].Item.Name) {
		t.Fatalf("notice text: %.300s", txt)
	}
	txt := read(opened[1])
	for _, want := range []string{"奈曼旗张三便利店", "李四", "11010519491231002X", "委托事项", "代为提交申请材料"} {
		if !strings.Contains(txt, want) {
			t.Errorf("form lacks %q: %.400s", want, txt)
		}
	}
}

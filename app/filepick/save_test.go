package filepick

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/test"
)

func saveHarness(t *testing.T, dir string, o Options) *harness {
	t.Helper()
	o.StartDir = dir
	return newHarness(t, o, harnessOpts{mode: modeSave})
}

func TestSaveSuggestsNameWithStemSelected(t *testing.T) {
	root := makeTree(t)
	h := saveHarness(t, root, Options{Extensions: []string{".pdf"}, FileName: "营业执照.pdf"})
	if h.p.name.Text != "营业执照.pdf" || h.p.name.SelectedText() != "营业执照" {
		t.Fatalf("name %q with %q selected; want 营业执照.pdf with the name part selected", h.p.name.Text, h.p.name.SelectedText())
	}
	if h.w.Canvas().Focused() != h.p.name {
		t.Fatal("the name entry should have the focus")
	}
	if h.p.okBtn.Text != "保存" || h.p.types.Text != "只显示 PDF 文件" {
		t.Errorf("button %q, types line %q", h.p.okBtn.Text, h.p.types.Text)
	}
	// Typing replaces the selected name and keeps the extension.
	test.Type(h.p.name, "食品经营许可证")
	if h.p.name.Text != "食品经营许可证.pdf" {
		t.Fatalf("typed over the selection: %q", h.p.name.Text)
	}
	h.key(fyne.KeyReturn)
	if want := filepath.Join(root, "食品经营许可证.pdf"); !slices.Equal(h.chosen, []string{want}) || h.open() {
		t.Fatalf("Enter: chosen %q, want %q", h.chosen, want)
	}
	if got := h.app.Preferences().String(lastDirKey); got != root {
		t.Errorf("a save should remember its folder: %q", got)
	}
}

func TestSaveAddsExtension(t *testing.T) {
	root := makeTree(t)
	h := saveHarness(t, root, Options{Extensions: []string{".PDF"}})
	if h.p.name.Text != "" {
		t.Fatalf("no suggestion, yet the name is %q", h.p.name.Text)
	}
	test.Type(h.p.name, "  申请表 ")
	test.Tap(h.p.okBtn)
	if want := filepath.Join(root, "申请表.pdf"); !slices.Equal(h.chosen, []string{want}) {
		t.Fatalf("chosen %q, want %q", h.chosen, want)
	}
}

func TestSaveRefusesBadNames(t *testing.T) {
	root := makeTree(t, "已有文件夹.pdf/")
	for _, c := range []struct{ typed, msg string }{
		{"", "请填写文件名。"},
		{"CON", "“CON”是 Windows 保留的名称，不能用作文件名，请换一个名字。"},
		{"申请表?", "文件名里不能有“?”。这些符号都不能用：< > : \" / \\ | ? *"},
		{".pdf", "请填写文件名。"},
		{"已有文件夹", "这里已有名为“已有文件夹.pdf”的文件夹，请换一个文件名。"},
	} {
		t.Run(c.typed, func(t *testing.T) {
			h := saveHarness(t, root, Options{Extensions: []string{".pdf"}})
			h.p.name.SetText(c.typed)
			h.key(fyne.KeyReturn)
			if len(h.chosen) != 0 || !h.open() {
				t.Fatalf("saved %q as %q", c.typed, h.chosen)
			}
			if !h.p.status.Visible() || h.p.status.Text != c.msg {
				t.Fatalf("message %q, want %q", h.p.status.Text, c.msg)
			}
			if h.w.Canvas().Focused() != h.p.name {
				t.Error("the name entry should keep the focus to correct the name")
			}
			test.Type(h.p.name, "x")
			if h.p.status.Visible() {
				t.Error("typing should clear the message")
			}
		})
	}
}

func TestSaveRefusalInEnglish(t *testing.T) {
	h := newHarness(t, Options{StartDir: makeTree(t), Extensions: []string{".pdf"}}, harnessOpts{mode: modeSave, en: true})
	h.p.name.SetText("lpt1")
	test.Tap(h.p.okBtn)
	if want := "\"lpt1\" is a name Windows reserves for devices; please choose another name."; h.p.status.Text != want {
		t.Errorf("message %q, want %q", h.p.status.Text, want)
	}
	if h.p.okBtn.Text != "Save" {
		t.Errorf("button %q", h.p.okBtn.Text)
	}
}

// replaceDialog is the confirmation shown over the picker.
func (h *harness) replaceDialog() *dialog.ConfirmDialog {
	h.t.Helper()
	if h.p.replaceDlg == nil {
		h.t.Fatal("no replace confirmation shown")
	}
	top := h.w.Canvas().Overlays().Top()
	if top == nil || top == h.p.popup {
		h.t.Fatal("the replace confirmation is not on top")
	}
	return h.p.replaceDlg
}

func TestSaveAsksBeforeReplacing(t *testing.T) {
	root := makeTree(t, "通知书.pdf", "其他.pdf")
	h := saveHarness(t, root, Options{Extensions: []string{".pdf"}, FileName: "通知书.pdf"})
	test.Tap(h.p.okBtn)
	d := h.replaceDialog()
	if len(h.chosen) != 0 {
		t.Fatal("saved before the user agreed to replace")
	}
	d.Dismiss() // 取消
	if len(h.chosen) != 0 || !h.open() || h.p.replaceDlg != nil {
		t.Fatalf("after 取消: chosen %q, open %v", h.chosen, h.open())
	}
	if h.w.Canvas().Focused() != h.p.name {
		t.Error("after 取消 the name entry should have the focus back")
	}

	// Tapping an existing file takes its name; a double tap saves over
	// it, still after asking.
	h.tapRow("其他.pdf")
	if h.p.name.Text != "其他.pdf" {
		t.Fatalf("tapping a file should take its name: %q", h.p.name.Text)
	}
	h.wait(100 * time.Millisecond)
	h.tapRow("其他.pdf")
	h.replaceDialog().Confirm() // 替换
	if want := filepath.Join(root, "其他.pdf"); !slices.Equal(h.chosen, []string{want}) || h.open() {
		t.Fatalf("after 替换: chosen %q, want %q", h.chosen, want)
	}
}

func TestSaveIntoFolders(t *testing.T) {
	root := makeTree(t, "U盘/", "U盘/旧.pdf", "说明.txt")
	h := saveHarness(t, root, Options{Extensions: []string{".pdf"}, FileName: "新.pdf"})
	if !slices.Equal(h.listed(), []string{"U盘"}) {
		t.Fatalf("Save lists folders and matching files only: %q", h.listed())
	}
	h.tapRow("U盘")
	if h.p.name.Text != "新.pdf" {
		t.Error("selecting a folder must not change the name")
	}
	h.wait(100 * time.Millisecond)
	h.tapRow("U盘")
	if h.p.dir != filepath.Join(root, "U盘") || len(h.chosen) != 0 {
		t.Fatalf("double tap on a folder in Save: in %q, chosen %q", h.p.dir, h.chosen)
	}
	if h.w.Canvas().Focused() != h.p.list {
		t.Fatal("the tapped list should have the focus")
	}
	// Enter on the list with nothing selected saves the typed name here.
	h.key(fyne.KeyReturn)
	if want := filepath.Join(root, "U盘", "新.pdf"); !slices.Equal(h.chosen, []string{want}) {
		t.Fatalf("chosen %q, want %q", h.chosen, want)
	}
}

func TestSaveEscCancels(t *testing.T) {
	h := saveHarness(t, makeTree(t), Options{FileName: "交接.yiye"})
	h.key(fyne.KeyEscape)
	if !slices.Equal(h.chosen, []string{""}) || h.open() {
		t.Fatalf("Esc in the name entry: chosen %q, open %v", h.chosen, h.open())
	}
}

func TestSaveNotWritable(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root may write anywhere")
	}
	root := makeTree(t, "只读/")
	ro := filepath.Join(root, "只读")
	if err := os.Chmod(ro, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.Chmod(ro, 0o755) })
	h := saveHarness(t, ro, Options{Extensions: []string{".pdf"}, FileName: "a.pdf"})
	test.Tap(h.p.okBtn)
	if len(h.chosen) != 0 || h.p.status.Text != tr("filepick.not_writable") {
		t.Fatalf("read-only folder: chosen %q, message %q", h.chosen, h.p.status.Text)
	}
}

func TestWritable(t *testing.T) {
	dir := t.TempDir()
	if !writable(dir) {
		t.Fatal("a temporary folder is not writable?")
	}
	if es, _ := os.ReadDir(dir); len(es) != 0 {
		t.Fatalf("the check left %d files behind", len(es))
	}
	if writable(filepath.Join(dir, "missing")) {
		t.Error("a missing folder counted as writable")
	}
}

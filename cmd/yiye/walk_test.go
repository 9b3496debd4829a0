package main

import (
	"context"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/naiman-yiye/yiye/app/i18n"
	"github.com/naiman-yiye/yiye/app/kioskmode"
	"github.com/naiman-yiye/yiye/app/shell"
	"github.com/naiman-yiye/yiye/app/track"
	"github.com/naiman-yiye/yiye/drafts"
)

// The walk-through: the applicant's whole journey through the shipped
// wiring in a 1280×800 window, in Chinese and in English, and the kiosk.
// Each step checks that it reached its screen and shows what it should;
// with $YIYE_SHOTS set to a folder, each step is also saved there as a
// PNG of what the window draws (docs/walkthrough.md lists them; docs/walkthrough/ holds the last set).

// walker drives one window and names its screenshots.
type walker struct {
	t    *testing.T
	w    *window
	u    *uiLoop
	dir  string // $YIYE_SHOTS, or "" for no files
	pre  string // file name prefix: the language
	n    int
	shot []string
}

// settle runs posted work until no screen work is in flight and nothing
// has come for a moment, so a screen's background loads have landed (on a
// busy machine a load can take longer than any fixed pause).
func (k *walker) settle() {
	k.t.Helper()
	deadline := time.After(60 * time.Second)
	for {
		select {
		case f := <-k.u.q:
			f()
		case <-time.After(250 * time.Millisecond):
			if !k.w.bg.Busy() {
				return
			}
		case <-deadline:
			k.t.Fatal("the window kept busy for 60 s")
		}
	}
}

// snap checks that the window shows every text of want and saves it.
func (k *walker) snap(name string, want ...string) {
	k.t.Helper()
	k.settle()
	// The test canvas does not re-lay out a container when a child's size
	// or visibility changes (the GL canvas does each frame): refresh it
	// all so the picture is what a real window draws.
	k.w.win.Content().Refresh()
	k.settle()
	all := strings.Join(visibleTexts(k.w.win.Content()), "\n")
	for _, s := range want {
		if !strings.Contains(all, s) {
			k.t.Errorf("%s: %q not on screen:\n%s", name, s, all)
		}
	}
	k.n++
	file := fmt.Sprintf("%s-%02d-%s.png", k.pre, k.n, name)
	k.shot = append(k.shot, file)
	if k.dir == "" {
		return
	}
	f, err := os.Create(filepath.Join(k.dir, file))
	if err != nil {
		k.t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, k.w.win.Canvas().Capture()); err != nil {
		k.t.Fatal(err)
	}
}

// noChineseNames fails the test if the English UI shows an item,
// department or trade by its Chinese name: only holders' names, addresses
// and the staff's own words stay Chinese.
func (k *walker) noChineseNames(l i18n.Language, where string) {
	k.t.Helper()
	if l != i18n.English {
		return
	}
	for _, line := range visibleTexts(k.w.win.Content()) {
		for _, zh := range []string{"许可", "备案", "管理局", "· 便利店", "· 健身房", "· 饭店"} {
			if strings.Contains(line, zh) {
				k.t.Errorf("English %s screen shows %q", where, line)
				break
			}
		}
	}
}

// tap taps the first visible enabled button whose text is or ends with
// label.
func (k *walker) tap(label string) {
	k.t.Helper()
	var b *widget.Button
	k.u.pump("button "+label, func() bool {
		b = findButton(k.w.win.Content(), func(b *widget.Button) bool {
			return !b.Disabled() && (b.Text == label || strings.HasSuffix(b.Text, " "+label))
		})
		return b != nil
	})
	test.Tap(b)
	k.settle()
}

// tapTab selects tab i of the first tab container on screen.
func (k *walker) tapTab(i int) {
	k.t.Helper()
	found := false
	walkVisible(k.w.win.Content(), func(o fyne.CanvasObject) bool {
		if tabs, ok := o.(*container.AppTabs); ok && i < len(tabs.Items) {
			tabs.SelectIndex(i)
			found = true
			return true
		}
		return false
	})
	if !found {
		k.t.Fatalf("no tab %d", i)
	}
	k.settle()
}

// visibleTexts lists the texts of visible labels, rich texts and buttons.
func visibleTexts(root fyne.CanvasObject) []string {
	var out []string
	walkVisible(root, func(o fyne.CanvasObject) bool {
		switch v := o.(type) {
		case *widget.Label:
			out = append(out, v.Text)
		case *widget.Button:
			out = append(out, v.Text)
		case *widget.RichText:
			out = append(out, v.String())
		case *widget.Card:
			out = append(out, v.Title, v.Subtitle)
		}
		return false
	})
	return out
}

func shotsDir(t *testing.T) string {
	dir := os.Getenv("YIYE_SHOTS")
	if dir == "" {
		return ""
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestWalkthrough: home → questions → notice (items, materials, flowchart)
// → form → materials → submit → my applications → an application →
// my licenses → the license → verify → settings, in both languages.
func TestWalkthrough(t *testing.T) {
	if testing.Short() {
		t.Skip("the walk-through opens the whole app twice")
	}
	for _, l := range []i18n.Language{i18n.Chinese, i18n.English} {
		t.Run(string(l), func(t *testing.T) {
			headlessHome(t)
			w, u := openTestWindow(t, t.TempDir())
			defer w.close()
			w.win.Resize(fyne.NewSize(1280, 800))
			k := &walker{t: t, w: w, u: u, dir: shotsDir(t), pre: string(l)}
			ctx := context.Background()
			u.pump("demo sign-in", func() bool { return w.core.SignedIn(ctx) })
			if l != i18n.Chinese {
				st := w.shell.Settings()
				st.Language = l
				if err := w.shell.ApplySettings(st); err != nil {
					t.Fatal(err)
				}
			}
			x := func(key, zh string) string { return lang.X(key, zh) }

			w.shell.Open(shell.ScreenHome)
			k.snap("home", x("journey.home.title", "选择行业"))

			// A first application of a convenience store, from its tile.
			search := findEntry(w.win.Content())
			store := map[i18n.Language]string{i18n.Chinese: "便利店", i18n.English: "Convenience store"}[l]
			search.SetText(store)
			search.OnSubmitted(store)
			k.settle()
			if w.shell.CurrentID() != shell.ScreenDrafts {
				t.Fatalf("searching %s opened %s: %q", store, w.shell.CurrentID(), visibleTexts(w.win.Content()))
			}
			answered := 0
			walkVisible(w.win.Content(), func(o fyne.CanvasObject) bool {
				if r, ok := o.(*widget.RadioGroup); ok && len(r.Options) > 0 && r.Selected == "" {
					r.SetSelected(r.Options[0])
					answered++
				}
				return false
			})
			if answered == 0 {
				t.Fatal("no question to answer")
			}
			k.snap("questions", x("journey.q.items_title", "要办理的事项"))
			k.tap(x("journey.nav.next", "下一步"))
			k.snap("notice-items", x("journey.notice.save_pdf", "保存一次告知单 PDF"))
			k.tapTab(1)
			k.snap("notice-materials")
			k.tapTab(2)
			k.snap("notice-flowchart")

			// The demo shop's draft, filled and with its files, resumed.
			d := readyDemoDraft(t, w)
			w.journey.OpenDraft(d.ID)
			k.settle()
			k.tap(x("journey.step.form", "填写申请表"))
			k.snap("form")
			k.tap(x("journey.step.materials", "上传材料"))
			k.snap("materials", x("journey.nav.submit", "提交申请"))
			k.tap(x("journey.nav.submit", "提交申请"))
			if w.shell.CurrentID() != track.ScreenSubmit {
				t.Fatalf("提交申请 opened %s", w.shell.CurrentID())
			}
			k.snap("submit")
			k.noChineseNames(l, "submit")
			k.tap(x("track.submit.confirm", "确认提交"))
			u.pump("sent", func() bool {
				g, err := w.core.Drafts().Get(ctx, d.ID)
				return err == nil && g.Status.State == drafts.StateSubmitted
			})
			k.snap("submitted")

			w.shell.Open(shell.ScreenApplications)
			k.snap("applications")
			k.noChineseNames(l, "applications")
			k.tap(x("track.apps.open", "查看详情"))
			k.snap("application")
			k.noChineseNames(l, "application")

			w.shell.Open(shell.ScreenLicenses)
			k.snap("licenses")
			k.noChineseNames(l, "licenses")
			k.tap(x("lic.list.open", "查看证书与办理"))
			k.snap("license")
			k.noChineseNames(l, "license")

			w.shell.Open(shell.ScreenVerify)
			k.snap("verify")
			w.shell.Open(shell.ScreenSettings)
			k.snap("settings")
			t.Logf("%d screens: %s", len(k.shot), strings.Join(k.shot, " "))
		})
	}
}

// TestKioskWalkthrough: the kiosk at 1280×800 on a hall's screen: the
// welcome, the staff keypad and menu, and an applicant's session.
func TestKioskWalkthrough(t *testing.T) {
	headlessHome(t)
	w, u := openKioskWindow(t, t.TempDir())
	defer w.close()
	w.win.Resize(fyne.NewSize(1280, 800))
	k := &walker{t: t, w: w, u: u, dir: shotsDir(t), pre: "kiosk"}
	k.snap("welcome")

	// Staff: the keypad, then the menu after the right PIN.
	// (the kiosk wraps its screens in a widget that notes activity, which
	// the walker's tap does not enter)
	for _, o := range test.LaidOutObjects(w.win.Content()) {
		if b, ok := o.(*widget.Button); ok && b.Visible() && b.Text == "工作人员" {
			test.Tap(b)
			break
		}
	}
	k.settle()
	k.snap("staff-pin")
	var kp *kioskmode.Keypad
	for _, o := range test.LaidOutObjects(w.win.Canvas().Overlays().Top()) {
		if v, ok := o.(*kioskmode.Keypad); ok {
			kp = v
		}
	}
	if kp == nil {
		t.Fatal("no keypad in front after 工作人员")
	}
	for _, r := range "1357" {
		test.Tap(kp.Key(string(r)))
	}
	test.Tap(kp.Key("ok"))
	k.settle()
	k.snap("staff-menu")
	var shown []string
	for _, o := range test.LaidOutObjects(w.win.Canvas().Overlays().Top()) {
		if o.Visible() {
			shown = append(shown, visibleTexts(o)...)
		}
	}
	menu := strings.Join(shown, "\n")
	for _, want := range []string{"工作人员菜单", "结束当前办理并清除资料", "退出自助终端模式", "关闭程序"} {
		if !strings.Contains(menu, want) {
			t.Errorf("staff menu lacks %q:\n%s", want, menu)
		}
	}
	k.tapOverlay("关闭")

	if err := w.kiosk.Begin(); err != nil {
		t.Fatal(err)
	}
	k.snap("session-home")
	sh := w.kiosk.Shell()
	sh.Open(kioskmode.ScreenHandover)
	k.snap("handover")
}

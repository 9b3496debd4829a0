package main

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/naiman-yiye/yiye/app/shell"
	"github.com/naiman-yiye/yiye/client/api"
)

// TestLifeWalkthrough: a license's life after issue, with the demo's
// licenses: what each license offers, adding the gym's refused item,
// renewing the noodle shop's food license, changing what the convenience
// store's certificate shows, and the cancellation question. Each path
// ends in a draft of its kind at the step that says what it covers.
func TestLifeWalkthrough(t *testing.T) {
	if testing.Short() {
		t.Skip("the walk-through opens the whole app")
	}
	headlessHome(t)
	w, u := openTestWindow(t, t.TempDir())
	defer w.close()
	w.win.Resize(fyne.NewSize(1280, 800))
	k := &walker{t: t, w: w, u: u, dir: shotsDir(t), pre: "life"}
	ctx := context.Background()
	u.pump("demo sign-in", func() bool { return w.core.SignedIn(ctx) })

	list := func() {
		t.Helper()
		w.shell.Open(shell.ScreenLicenses)
		k.settle()
		// Back from the license shown last to the list.
		for range 3 {
			b := findButton(w.win.Content(), func(b *widget.Button) bool { return b.Text == "返回" })
			if b == nil {
				break
			}
			test.Tap(b)
			k.settle()
		}
	}
	open := func(holder string) {
		t.Helper()
		list()
		k.tapIn(k.card(holder), "查看证书与办理")
	}
	// started checks that a draft of kind now shows at its first step.
	started := func(kind, name string) {
		t.Helper()
		if w.shell.CurrentID() != shell.ScreenDrafts {
			t.Fatalf("%s opened %s", name, w.shell.CurrentID())
		}
		list, err := w.core.Drafts().List(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range list {
			if d.Kind == kind {
				return
			}
		}
		t.Fatalf("no %s draft after %s", kind, name)
	}

	// The gym: one item was not licensed; add it once it qualifies.
	open("示例健身房（演示）")
	k.snap("gym-license", "未获许可：经营高危险性体育项目许可")
	add := "增加事项（换发新证）"
	k.reveal(k.card(add))
	k.snap("gym-actions", add)
	k.tapIn(k.card(add), "开始办理")
	k.snap("add-item-choose", add)
	k.tapOverlay("确定")
	started(api.KindAddItems, add)
	k.snap("add-item-draft", "办理内容")

	// The noodle shop: its food license is in the renewal window.
	open("示例面馆（演示）")
	k.snap("noodle-license", "需要您注意")
	k.tap("延续（有效期快到了）")
	k.snap("renewal-choose")
	k.tapOverlay("确定")
	started(api.KindRenewal, "renewal")
	k.snap("renewal-draft", "办理内容")

	// The convenience store: new premises, a new certificate.
	open("示例便利店（演示）")
	change := "变更证上信息（名称、法定代表人、经营场所）"
	k.reveal(k.card(change))
	k.snap("store-actions", change)
	k.tapIn(k.card(change), "开始办理")
	started(api.KindChange, change)
	k.snap("change-draft", "办理内容")

	// Cancellation asks first; here the holder thinks again.
	open("示例便利店（演示）")
	cancel := "注销（不再经营）"
	k.reveal(k.card(cancel))
	k.tapIn(k.card(cancel), "开始办理")
	k.snap("cancel-confirm", "申请注销")
	k.tapOverlay("取消")
	if w.shell.CurrentID() == shell.ScreenDrafts {
		t.Fatal("cancellation started although the holder said no")
	}

	// Other details change: the license stays, its QR gets a new version.
	open("示例健身房（演示）")
	update := "变更其他信息（更新二维码）"
	k.reveal(k.card(update))
	k.snap("gym-update", update)
	k.tapIn(k.card(update), "开始办理")
	// Nothing is suggested: the applicant ticks the item that changed.
	for _, o := range test.LaidOutObjects(w.win.Canvas().Overlays().Top()) {
		if c, ok := o.(*widget.Check); ok && strings.HasPrefix(c.Text, "公共场所卫生") {
			c.SetChecked(true)
		}
	}
	k.snap("update-choose")
	k.tapOverlay("确定")
	started(api.KindUpdate, update)
	k.snap("update-draft", "办理内容")

	// A department withdraws an item certificate: the license is void, and
	// the page says what to do next.
	if err := w.demo.EndItem(ctx, storeLicense(t, w), "GGWS", api.ItemWithdrawn, "卫生条件不再符合（演示）"); err != nil {
		t.Fatal(err)
	}
	list()
	k.tap("刷新")
	open("示例便利店（演示）")
	k.snap("store-void", "许可证已作废")
	t.Logf("%d screens: %s", len(k.shot), strings.Join(k.shot, " "))
}

// storeLicense is the number of the demo convenience store's license.
func storeLicense(t *testing.T, w *window) string {
	t.Helper()
	list, err := w.core.Licenses(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range list.Licenses {
		if l.Industry == "convenience-store" {
			return l.Number
		}
	}
	t.Fatal("no demo convenience store license")
	return ""
}

// card is the visible card titled title.
func (k *walker) card(title string) *widget.Card {
	k.t.Helper()
	var c *widget.Card
	k.u.pump("card "+title, func() bool {
		walkVisible(k.w.win.Content(), func(o fyne.CanvasObject) bool {
			if v, ok := o.(*widget.Card); ok && v.Title == title {
				c = v
				return true
			}
			return false
		})
		return c != nil
	})
	return c
}

// tapIn taps the enabled button labelled label inside root.
func (k *walker) tapIn(root fyne.CanvasObject, label string) {
	k.t.Helper()
	b := findButton(root, func(b *widget.Button) bool {
		return !b.Disabled() && (b.Text == label || strings.HasSuffix(b.Text, " "+label))
	})
	if b == nil {
		k.t.Fatalf("no button %q in %q", label, visibleTexts(root))
	}
	test.Tap(b)
	k.settle()
}

// tapOverlay taps the button labelled label in the dialog in front.
func (k *walker) tapOverlay(label string) {
	k.t.Helper()
	top := k.w.win.Canvas().Overlays().Top()
	if top == nil {
		k.t.Fatalf("no dialog in front for %q", label)
	}
	for _, o := range test.LaidOutObjects(top) {
		if b, ok := o.(*widget.Button); ok && b.Visible() && !b.Disabled() && b.Text == label {
			test.Tap(b)
			k.settle()
			return
		}
	}
	k.t.Fatalf("no button %q in the dialog in front", label)
}

// reveal scrolls the page so that o starts at the top of its scroll.
func (k *walker) reveal(o fyne.CanvasObject) {
	k.t.Helper()
	var scroll *container.Scroll
	var find func(n fyne.CanvasObject, s *container.Scroll) bool
	find = func(n fyne.CanvasObject, s *container.Scroll) bool {
		if n == nil || !n.Visible() {
			return false
		}
		switch v := n.(type) {
		case *container.Scroll:
			s = v
		case *shell.PageScroll:
			s = &v.Scroll
		}
		if n == o {
			scroll = s
			return true
		}
		for _, c := range children(n) {
			if find(c, s) {
				return true
			}
		}
		return false
	}
	if !find(k.w.win.Content(), nil) || scroll == nil {
		k.t.Fatal("nothing to scroll to")
	}
	d := fyne.CurrentApp().Driver()
	dy := d.AbsolutePositionForObject(o).Y - d.AbsolutePositionForObject(scroll).Y
	scroll.Offset.Y = max(0, min(scroll.Offset.Y+dy, scroll.Content.MinSize().Height-scroll.Size().Height))
	scroll.Refresh()
	k.settle()
}

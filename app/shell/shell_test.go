package shell

import (
	"crypto/ed25519"
	"encoding/base64"
	"errors"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	ftheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/naiman-yiye/yiye/app/i18n"
	"github.com/naiman-yiye/yiye/app/theme"
	"github.com/naiman-yiye/yiye/usererr"
)

// appScreens stand for the app's five screens.
func appScreens() []Screen {
	var out []Screen
	for _, sc := range []struct{ id, key, title string }{{ScreenHome, "nav.home", "首页"}, {ScreenDrafts, "nav.drafts", "我的草稿"},
		{ScreenApplications, "nav.applications", "我的申请"}, {ScreenLicenses, "nav.licenses", "我的许可证"},
		{ScreenVerify, "nav.verify", "核验许可证"}} {
		out = append(out, Screen{ID: sc.id, TitleKey: sc.key, Title: sc.title, IconName: ftheme.IconNameHome,
			Build: func(*Context) fyne.CanvasObject { return widget.NewLabel(sc.title + "内容") }})
	}
	return out
}

func newShell(t *testing.T, o Options) (*Shell, fyne.Window) {
	t.Helper()
	a := test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	w.Resize(fyne.NewSize(1000, 700))
	if o.Screens == nil {
		o.Screens = appScreens()
	}
	s := New(a, w, o)
	s.toastTimeout = 0
	t.Cleanup(func() { _ = i18n.Apply(i18n.Chinese) })
	return s, w
}

func navTexts(s *Shell) []string {
	var out []string
	for _, o := range s.nav.Objects {
		out = append(out, o.(*widget.Button).Text)
	}
	return out
}

func TestNavigationDefaults(t *testing.T) {
	s, w := newShell(t, Options{})
	want := []string{"首页", "我的草稿", "我的申请", "我的许可证", "核验许可证", "设置"}
	if got := navTexts(s); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("nav %v, want %v", got, want)
	}
	if s.CurrentID() != ScreenHome || s.Breadcrumb() != "首页" {
		t.Fatalf("start at %q %q", s.CurrentID(), s.Breadcrumb())
	}
	if !strings.Contains(test.RenderToMarkup(w.Canvas()), "首页内容") {
		t.Fatal("the first screen is not shown")
	}
	if s.back.Visible() {
		t.Fatal("back button on a root page")
	}
	if s.Open("nope") {
		t.Fatal("unknown screen opened")
	}
}

func TestHiddenScreenPushPopEsc(t *testing.T) {
	var ctx *Context
	screens := append(appScreens(), Screen{ID: "zz-detail", TitleKey: "nav.drafts", Title: "我的草稿", Hidden: true,
		Build: func(c *Context) fyne.CanvasObject { ctx = c; return widget.NewLabel("根页面") }})
	s, w := newShell(t, Options{Screens: screens})
	for _, txt := range navTexts(s) {
		if txt == "zz-detail" {
			t.Fatal("hidden screen listed")
		}
	}
	if !s.Open("zz-detail") || ctx == nil {
		t.Fatal("hidden screen not built")
	}
	popped := 0
	ctx.Push("饭店", widget.NewLabel("行业"))
	ctx.PushPage(Page{Title: "回答问题", Content: widget.NewLabel("问卷"), OnPop: func() { popped++ }})
	if got := s.Breadcrumb(); got != "我的草稿 › 饭店 › 回答问题" {
		t.Fatalf("breadcrumb %q", got)
	}
	if !s.back.Visible() || ctx.Depth() != 3 {
		t.Fatalf("back visible %v depth %d", s.back.Visible(), ctx.Depth())
	}
	// Esc goes back one page (when no widget has focus).
	w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if s.Breadcrumb() != "我的草稿 › 饭店" || popped != 1 {
		t.Fatalf("after Esc: %q, popped %d", s.Breadcrumb(), popped)
	}
	// Switching screens keeps each stack.
	s.Open(ScreenHome)
	s.Open("zz-detail")
	if s.Breadcrumb() != "我的草稿 › 饭店" {
		t.Fatalf("stack lost: %q", s.Breadcrumb())
	}
	test.Tap(s.back)
	if s.Breadcrumb() != "我的草稿" || s.back.Visible() {
		t.Fatalf("after back: %q", s.Breadcrumb())
	}
	if ctx.Pop() || s.Back() {
		t.Fatal("popped the root page")
	}
	ctx.Push("a", widget.NewLabel("a"))
	ctx.Push("b", widget.NewLabel("b"))
	ctx.PopToRoot()
	if ctx.Depth() != 1 {
		t.Fatalf("PopToRoot left %d pages", ctx.Depth())
	}
}

func TestScreenIcon(t *testing.T) {
	test.NewTempApp(t)
	if (Screen{IconName: ftheme.IconNameHome}).icon() == nil {
		t.Fatal("IconName not resolved")
	}
	if (Screen{}).icon() != nil {
		t.Fatal("no icon expected")
	}
}

func TestStatusBarAndMessages(t *testing.T) {
	s, w := newShell(t, Options{Demo: true, Version: "1.2.3"})
	markup := test.RenderToMarkup(w.Canvas())
	for _, want := range []string{"演示数据 DEMO", "版本 1.2.3", "离线"} {
		if !strings.Contains(markup, want) {
			t.Errorf("status bar lacks %q", want)
		}
	}
	s.SetOnline(true)
	if s.OnlineText() != "已连接" {
		t.Fatalf("online text %q", s.OnlineText())
	}

	ctx := s.current.ctx
	ctx.Toast("草稿已保存")
	if s.BannerText() != "草稿已保存" {
		t.Fatalf("banner %q", s.BannerText())
	}
	gen := s.bannerGen
	ctx.ShowError(usererr.New("x.y", "上传失败", "Upload failed"))
	if s.BannerText() != "上传失败" {
		t.Fatalf("error banner %q", s.BannerText())
	}
	s.hideBanner(gen) // an older message's timer must not hide the newer one
	if s.BannerText() == "" {
		t.Fatal("stale timer hid the new message")
	}
	s.hideBanner(s.bannerGen)
	if s.BannerText() != "" {
		t.Fatal("banner not hidden")
	}
	ctx.ShowError(errors.New("disk full"))
	if s.BannerText() != "出现错误：disk full" {
		t.Fatalf("plain error banner %q", s.BannerText())
	}

	n := fyne.NewNotification("申请状态", "食品经营许可已受理")
	test.AssertNotificationSent(t, n, func() { ctx.Notify(n.Title, n.Content) })
}

func TestKioskSendsNoOSNotification(t *testing.T) {
	s, _ := newShell(t, Options{Kiosk: true})
	test.AssertNotificationSent(t, nil, func() { s.current.ctx.Notify("标题", "内容") })
	if s.BannerText() != "标题：内容" {
		t.Fatalf("banner %q", s.BannerText())
	}
	if th, ok := s.app.Settings().Theme().(*theme.Theme); !ok || !th.Options().Kiosk {
		t.Fatal("kiosk theme not applied")
	}
}

// Language and text size apply the moment they are chosen (the screen said
// so and did not); the portal is saved with its button, checked first.
func TestSettingsScreenAppliesLive(t *testing.T) {
	var seen []Settings
	s, w := newShell(t, Options{OnSettingsChanged: func(_, ns Settings) { seen = append(seen, ns) }})
	s.Open(ScreenSettings)
	v := s.settingsView
	v.size.SetSelected("特大")
	th, ok := s.app.Settings().Theme().(*theme.Theme)
	if !ok || th.Options().TextSize != theme.TextXLarge || len(seen) != 1 {
		t.Fatalf("text size not applied at once: %#v, %d calls", s.app.Settings().Theme(), len(seen))
	}
	v.lang.SetSelected("English")
	if navTexts(s)[1] != "My drafts" || s.CurrentID() != ScreenSettings || len(seen) != 2 {
		t.Fatalf("language not applied at once: nav %v, screen %s", navTexts(s), s.CurrentID())
	}
	if w.Content() != s.root {
		t.Fatal("window content not replaced")
	}
	v = s.settingsView // rebuilt in English
	test.Type(v.portal, "https://zwfw.example.gov.cn/")
	test.Tap(v.savePortal)
	got := LoadSettings(s.app.Preferences())
	want := Settings{PortalURL: "https://zwfw.example.gov.cn", Language: i18n.English, TextSize: theme.TextXLarge}
	if got != want || seen[len(seen)-1].PortalURL != want.PortalURL {
		t.Fatalf("stored %+v, want %+v", got, want)
	}
	if s.BannerText() != "Portal settings saved." {
		t.Fatalf("banner %q", s.BannerText())
	}
	// A bad address is refused, in the current language, and nothing is saved.
	v.portal.SetText("http://portal.example.com")
	test.Tap(v.savePortal)
	if !strings.Contains(s.BannerText(), "https://") || LoadSettings(s.app.Preferences()).PortalURL != want.PortalURL {
		t.Fatalf("bad URL: banner %q, stored %q", s.BannerText(), LoadSettings(s.app.Preferences()).PortalURL)
	}
	// Every hint wraps: the English screen fits a small window.
	if min := v.root.MinSize(); min.Width > 600 {
		t.Errorf("settings need %v wide in English", min)
	}
}

func TestLoadSettingsDefaults(t *testing.T) {
	a := test.NewTempApp(t)
	got := LoadSettings(a.Preferences())
	if got != (Settings{Language: i18n.Chinese, TextSize: theme.TextStandard}) {
		t.Fatalf("defaults %+v", got)
	}
}

func TestNormalizePortalURL(t *testing.T) {
	cases := []struct{ in, want, code string }{
		{"", "", ""},
		{" https://zwfw.example.gov.cn/ ", "https://zwfw.example.gov.cn", ""},
		{"https://zwfw.example.gov.cn/api/v1/", "https://zwfw.example.gov.cn/api/v1", ""},
		{"http://127.0.0.1:8088", "http://127.0.0.1:8088", ""},
		{"http://localhost:8088/", "http://localhost:8088", ""},
		{"http://zwfw.example.gov.cn", "", "settings.portal_insecure"},
		{"ftp://x", "", "settings.portal_url"},
		{"zwfw.example.gov.cn", "", "settings.portal_url"},
		{"https://user:pw@x.cn", "", "settings.portal_url"},
		{"https://x.cn/?a=1", "", "settings.portal_url"},
		{"https://", "", "settings.portal_url"},
	}
	for _, c := range cases {
		got, err := NormalizePortalURL(c.in)
		var ue *usererr.Error
		switch {
		case c.code == "" && (err != nil || got != c.want):
			t.Errorf("%q → %q, %v; want %q", c.in, got, err, c.want)
		case c.code != "" && (!errors.As(err, &ue) || ue.Code != c.code):
			t.Errorf("%q → %v; want code %s", c.in, err, c.code)
		}
	}
}

func FuzzNormalizePortalURL(f *testing.F) {
	for _, s := range []string{"https://a.cn", "http://127.0.0.1:1/x/", "://", "https://[::1]/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := NormalizePortalURL(s)
		if err != nil || got == "" {
			return
		}
		again, err := NormalizePortalURL(got)
		if err != nil || again != got {
			t.Fatalf("%q → %q not stable: %q %v", s, got, again, err)
		}
		if !strings.HasPrefix(got, "https://") && !strings.HasPrefix(got, "http://") {
			t.Fatalf("%q → %q", s, got)
		}
	})
}

func TestAbout(t *testing.T) {
	s, w := newShell(t, Options{Version: "0.1.0", Build: "7"})
	txt := AboutText("0.1.0", "7")
	for _, want := range []string{"一业一证申请助手", "版本 0.1.0（构建 7）", "OFL"} {
		if !strings.Contains(txt, want) {
			t.Errorf("about lacks %q: %s", want, txt)
		}
	}
	if !strings.Contains(fontLicence, "SIL OPEN FONT LICENSE") {
		t.Fatal("font licence text missing")
	}
	d := ShowAbout(s.app, w, "0.1.0", "7")
	if !strings.Contains(test.RenderToMarkup(w.Canvas()), "版本 0.1.0") {
		t.Fatal("about dialog not shown")
	}
	d.Dismiss()
}

// The pinned portal key is stored under portal.bundleKey when valid, and a
// malformed one is refused with a clear message and not stored; on a kiosk
// neither the portal address nor the key is offered.
func TestSettingsBundleKey(t *testing.T) {
	pub, _, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	good := base64.StdEncoding.EncodeToString(pub)
	s, _ := newShell(t, Options{})
	s.Open(ScreenSettings)
	v := s.settingsView
	key := v.key
	for _, c := range []struct {
		in     string
		ok     bool
		stored string
	}{
		{"  " + good + "\n", true, good},
		{"not a key", false, good},
		{base64.StdEncoding.EncodeToString(pub[:16]), false, good},
		{"", true, ""},
	} {
		if err := key.Validator(c.in); (err == nil) != c.ok {
			t.Errorf("validator(%q) = %v", c.in, err)
		}
		key.SetText(c.in)
		test.Tap(v.savePortal)
		if got := s.app.Preferences().String(PrefBundleKey); got != c.stored {
			t.Errorf("after %q stored %q, want %q", c.in, got, c.stored)
		}
		if !c.ok && !strings.Contains(s.BannerText(), "门户签名公钥格式不正确") {
			t.Errorf("banner %q", s.BannerText())
		}
	}

	k0, _ := newShell(t, Options{Kiosk: true})
	k0.app.Preferences().SetString(PrefPortalURL, "https://zwfw.example.gov.cn")
	k0.app.Preferences().SetString(PrefBundleKey, good)
	k := New(k0.app, test.NewTempWindow(t, nil), k0.opts) // as staff configured it
	k.Open(ScreenSettings)
	if kv := k.settingsView; kv.portal != nil || kv.key != nil || kv.savePortal != nil {
		t.Fatal("kiosk settings offer the portal")
	}
	k.settingsView.size.SetSelected("大")
	if got := LoadSettings(k.app.Preferences()); got.PortalURL != "https://zwfw.example.gov.cn" || got.BundleKey != good {
		t.Fatalf("kiosk save changed the portal to %+v", got)
	}
}

func FuzzNormalizeBundleKey(f *testing.F) {
	f.Add("")
	f.Add("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")
	f.Add("not base64")
	f.Fuzz(func(t *testing.T, s string) {
		k, err := NormalizeBundleKey(s)
		if err != nil {
			return
		}
		if k != strings.TrimSpace(k) {
			t.Fatalf("untrimmed %q", k)
		}
		if k2, err := NormalizeBundleKey(k); err != nil || k2 != k {
			t.Fatalf("not idempotent: %q → %q, %v", k, k2, err)
		}
	})
}

// A message coming or going moves nothing on the page: the banner's place
// is kept. An error stays until closed; a notice goes after a while.
func TestBannerMovesNothing(t *testing.T) {
	s, w := newShell(t, Options{})
	page := s.body
	before := fyne.CurrentApp().Driver().AbsolutePositionForObject(page)
	s.Toast("设置已保存。")
	w.Canvas().Refresh(s.root)
	if s.BannerText() == "" {
		t.Fatal("no message shown")
	}
	if after := fyne.CurrentApp().Driver().AbsolutePositionForObject(page); after != before {
		t.Fatalf("page moved from %v to %v when a message came", before, after)
	}
	s.hideBanner(s.bannerGen)
	if after := fyne.CurrentApp().Driver().AbsolutePositionForObject(page); after != before {
		t.Fatalf("page moved from %v to %v when the message went", before, after)
	}
}

// A mouse-wheel notch moves a page about three lines; a touchpad's small
// steps stay small.
func TestPageScrollWheel(t *testing.T) {
	test.NewTempApp(t)
	box := container.NewVBox()
	for range 200 {
		box.Add(widget.NewLabel("行"))
	}
	s := NewPageScroll(box)
	s.Resize(fyne.NewSize(200, 300))
	s.Scrolled(&fyne.ScrollEvent{Scrolled: fyne.NewDelta(0, -25)})
	if s.Offset.Y != 75 {
		t.Errorf("a notch scrolled %v px, want 75", s.Offset.Y)
	}
	s.Scrolled(&fyne.ScrollEvent{Scrolled: fyne.NewDelta(0, -3)})
	if s.Offset.Y != 78 {
		t.Errorf("a touchpad step scrolled to %v, want 78", s.Offset.Y)
	}
}

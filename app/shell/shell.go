// Package shell is Yiye's main window frame: a left navigation (首页, 我的草稿,
// 我的申请, 我的许可证, 核验许可证, 设置), a back button with a breadcrumb
// title over a stack of pages, an in-app banner for messages and a status
// bar (online/offline, 演示数据 DEMO badge, version).
//
// Screen packages register their screens from init:
//
//	func init() {
//		shell.Register(shell.Screen{ID: shell.ScreenHome, TitleKey: "nav.home", Title: "首页",
//			IconName: theme.IconNameHome, Build: buildHome})
//	}
//
// and push detail pages on the current screen's stack:
//
//	ctx.Push(lang.X("journey.questions", "回答问题"), questionsView)
//
// All methods must be called on the Fyne UI goroutine unless they say
// otherwise (use fyne.Do from your own goroutines).
package shell

import (
	"image/color"
	"sort"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	ftheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/naiman-yiye/yiye/app/i18n"
	"github.com/naiman-yiye/yiye/app/theme"
)

// IDs of the navigation entries, in the order the navigation shows them.
// A screen package registers a Screen with one of these IDs to fill the
// entry; until then the entry shows a "not in this build" page.
const (
	ScreenHome         = "home"         // 首页: choose an industry, start an application
	ScreenDrafts       = "drafts"       // 我的草稿
	ScreenApplications = "applications" // 我的申请
	ScreenLicenses     = "licenses"     // 我的许可证
	ScreenVerify       = "verify"       // 核验许可证
	ScreenSettings     = "settings"     // 设置 (this package)
)

var navOrder = []string{ScreenHome, ScreenDrafts, ScreenApplications, ScreenLicenses, ScreenVerify, ScreenSettings}

// Screen is one top-level page of the app.
type Screen struct {
	// ID is stable: one of the Screen* constants, or a new ID for a screen
	// reached only through Context.Open (set Hidden).
	ID string
	// TitleKey is the translation key of the title (e.g. "nav.drafts");
	// Title is its Chinese fallback.
	TitleKey string
	Title    string
	// IconName is the theme icon shown in the navigation, looked up when
	// the window is built. Prefer it to Icon in init functions: calling
	// theme.HomeIcon() before the app exists logs "Attempt to access
	// current Fyne app when none is started".
	IconName fyne.ThemeIconName
	// Icon, if set, is used instead of IconName.
	Icon fyne.Resource
	// Hidden screens are not listed in the navigation.
	Hidden bool
	// Build creates the screen's root content. It is called when the screen
	// is first shown and again, with a new Context, after the language
	// changes (keep no widgets or Contexts from an earlier call).
	Build func(ctx *Context) fyne.CanvasObject
}

// LocalTitle is the screen's title in the current language.
func (s Screen) LocalTitle() string {
	fallback := s.Title
	if fallback == "" {
		fallback = s.TitleKey
	}
	if s.TitleKey == "" {
		return fallback
	}
	return lang.X(s.TitleKey, fallback)
}

func (s Screen) icon() fyne.Resource {
	if s.Icon != nil || s.IconName == "" {
		return s.Icon
	}
	return ftheme.Icon(s.IconName)
}

var (
	regMu    sync.Mutex
	registry = map[string]Screen{}
)

// Register adds or replaces a screen; call it from an init function.
func Register(s Screen) {
	if s.ID == "" || s.Build == nil {
		panic("shell: Register needs an ID and a Build func")
	}
	regMu.Lock()
	defer regMu.Unlock()
	registry[s.ID] = s
}

// registered returns the screens: the navigation entries in navOrder, then
// any other visible screens by ID, then hidden ones.
func registered() []Screen {
	regMu.Lock()
	defer regMu.Unlock()
	var out []Screen
	seen := map[string]bool{}
	for _, id := range navOrder {
		s, ok := registry[id]
		if !ok {
			s = defaultScreen(id)
		}
		out = append(out, s)
		seen[id] = true
	}
	var extra []Screen
	for id, s := range registry {
		if !seen[id] {
			extra = append(extra, s)
		}
	}
	sort.Slice(extra, func(i, j int) bool {
		if extra[i].Hidden != extra[j].Hidden {
			return !extra[i].Hidden
		}
		return extra[i].ID < extra[j].ID
	})
	return append(out, extra...)
}

// defaultScreen is shown for a navigation entry no package has registered.
func defaultScreen(id string) Screen {
	s := Screen{ID: id, Build: func(*Context) fyne.CanvasObject {
		return container.NewCenter(widget.NewLabel(lang.X("shell.unavailable", "此功能尚未包含在本版本中。")))
	}}
	switch id {
	case ScreenHome:
		s.TitleKey, s.Title, s.Icon = "nav.home", "首页", ftheme.HomeIcon()
	case ScreenDrafts:
		s.TitleKey, s.Title, s.Icon = "nav.drafts", "我的草稿", ftheme.DocumentCreateIcon()
	case ScreenApplications:
		s.TitleKey, s.Title, s.Icon = "nav.applications", "我的申请", ftheme.ListIcon()
	case ScreenLicenses:
		s.TitleKey, s.Title, s.Icon = "nav.licenses", "我的许可证", ftheme.FileTextIcon()
	case ScreenVerify:
		s.TitleKey, s.Title, s.Icon = "nav.verify", "核验许可证", ftheme.SearchIcon()
	case ScreenSettings:
		s.TitleKey, s.Title, s.Icon = "nav.settings", "设置", ftheme.SettingsIcon()
		s.Build = buildSettings
	}
	return s
}

// Page is one level of a screen's stack.
type Page struct {
	// Title is the breadcrumb text, already translated.
	Title   string
	Content fyne.CanvasObject
	// OnPop, if set, is called after the page is popped (by Back, Esc or
	// Context.Pop); use it to save or release things.
	OnPop func()
}

type screenState struct {
	screen Screen
	ctx    *Context
	stack  []Page // stack[0] is the screen's root
	navBtn *widget.Button
}

// Shell is the main window's content. Create it with New.
type Shell struct {
	app  fyne.App
	win  fyne.Window
	deps *Deps

	settings Settings
	// OnSettingsChanged, if set, is called after settings are saved and
	// applied (cmd/yiye uses it to re-create the portal client).
	OnSettingsChanged func(Settings)

	screens []*screenState
	current *screenState

	back       *widget.Button
	crumb      *widget.Label
	body       *fyne.Container
	nav        *fyne.Container
	banner     *fyne.Container
	bannerText *widget.Label
	bannerBG   *canvas.Rectangle
	bannerGen  int
	online     *widget.Label
	onlineDot  *canvas.Circle
	demo       fyne.CanvasObject
	root       *fyne.Container

	// toastTimeout is how long a banner stays; 0 keeps it until closed.
	toastTimeout time.Duration
}

// New builds the shell for w, applies the stored settings (theme, language)
// and shows the home screen. deps may be changed later only through the
// shell (e.g. PortalURL via settings).
func New(a fyne.App, w fyne.Window, deps *Deps) *Shell {
	if deps == nil {
		deps = &Deps{}
	}
	s := &Shell{app: a, win: w, deps: deps, toastTimeout: 5 * time.Second}
	s.settings = LoadSettings(a.Preferences())
	if s.settings.PortalURL != "" && !deps.Demo {
		deps.PortalURL = s.settings.PortalURL
	}
	s.applyTheme()
	if err := i18n.Apply(s.settings.Language); err != nil {
		fyne.LogError("shell: translations", err)
	}
	s.build()
	w.SetContent(s.root)
	s.installKeys()
	s.Open(ScreenHome)
	return s
}

// Content returns the root object (the window content).
func (s *Shell) Content() fyne.CanvasObject { return s.root }

// Settings returns the settings in effect.
func (s *Shell) Settings() Settings { return s.settings }

// Deps returns the shared dependencies.
func (s *Shell) Deps() *Deps { return s.deps }

func (s *Shell) applyTheme() {
	s.app.Settings().SetTheme(theme.New(theme.Options{TextSize: s.settings.TextSize, Kiosk: s.deps.Kiosk}))
}

func (s *Shell) build() {
	s.back = widget.NewButtonWithIcon(lang.X("nav.back", "返回"), ftheme.NavigateBackIcon(), func() { s.Back() })
	s.crumb = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.crumb.Truncation = fyne.TextTruncateEllipsis
	top := container.NewBorder(nil, nil, s.back, nil, s.crumb)

	s.bannerText = widget.NewLabel("")
	s.bannerText.Wrapping = fyne.TextWrapWord
	s.bannerBG = canvas.NewRectangle(color.Transparent)
	s.bannerBG.CornerRadius = 4
	closeBtn := widget.NewButtonWithIcon("", ftheme.CancelIcon(), func() { s.hideBanner(s.bannerGen) })
	closeBtn.Importance = widget.LowImportance
	s.banner = container.NewStack(s.bannerBG, container.NewBorder(nil, nil, nil, closeBtn, s.bannerText))
	s.banner.Hide()

	s.body = container.NewStack()
	main := container.NewBorder(container.NewVBox(top, s.banner, widget.NewSeparator()), nil, nil, nil, container.NewPadded(s.body))

	s.screens = nil
	navItems := []fyne.CanvasObject{}
	for _, sc := range registered() {
		st := &screenState{screen: sc}
		st.ctx = &Context{App: s.app, Window: s.win, Deps: s.deps, shell: s, screen: st}
		s.screens = append(s.screens, st)
		if sc.Hidden {
			continue
		}
		id := sc.ID
		st.navBtn = widget.NewButtonWithIcon(sc.LocalTitle(), sc.icon(), func() { s.Open(id) })
		st.navBtn.Alignment = widget.ButtonAlignLeading
		st.navBtn.Importance = widget.LowImportance
		navItems = append(navItems, st.navBtn)
	}
	about := widget.NewButtonWithIcon(lang.X("about.title", "关于"), ftheme.InfoIcon(), func() { ShowAbout(s.app, s.win, s.deps) })
	about.Alignment = widget.ButtonAlignLeading
	about.Importance = widget.LowImportance
	title := widget.NewLabelWithStyle(lang.X("app.name", "一业一证申请助手"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.nav = container.NewVBox(navItems...)
	navPane := container.NewBorder(container.NewVBox(title, widget.NewSeparator()), about, nil, nil, s.nav)

	s.onlineDot = canvas.NewCircle(theme.SealRed)
	dot := container.NewGridWrap(fyne.NewSquareSize(10), s.onlineDot)
	s.online = widget.NewLabel(lang.X("status.offline", "离线"))
	status := []fyne.CanvasObject{container.NewCenter(dot), s.online}
	if s.deps.Demo {
		s.demo = demoBadge()
		status = append(status, s.demo)
	}
	status = append(status, layout.NewSpacer())
	if s.deps.Version != "" {
		status = append(status, widget.NewLabel(lang.X("status.version", "版本 {{.Version}}", map[string]string{"Version": s.deps.Version})))
	}
	statusBar := container.NewVBox(widget.NewSeparator(), container.NewHBox(status...))

	split := container.NewHSplit(navPane, main)
	split.Offset = 0.2
	s.root = container.NewBorder(nil, statusBar, nil, nil, split)
	s.SetOnline(false)
}

// demoBadge is the red 演示数据 DEMO tag: applicants must never mistake
// sample data for a real application.
func demoBadge() fyne.CanvasObject {
	bg := canvas.NewRectangle(theme.SealRed)
	bg.CornerRadius = 4
	txt := canvas.NewText(" "+lang.X("status.demo", "演示数据 DEMO")+" ", color.White)
	txt.TextStyle.Bold = true
	return container.NewStack(bg, container.NewPadded(txt))
}

func (s *Shell) installKeys() {
	c := s.win.Canvas()
	c.SetOnTypedKey(func(ev *fyne.KeyEvent) {
		if ev.Name == fyne.KeyEscape {
			s.Back()
		}
	})
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyLeft, Modifier: fyne.KeyModifierAlt}, func(fyne.Shortcut) { s.Back() })
}

func (s *Shell) state(id string) *screenState {
	for _, st := range s.screens {
		if st.screen.ID == id {
			return st
		}
	}
	return nil
}

// Open shows screen id (keeping its page stack). It reports false for an
// unknown ID.
func (s *Shell) Open(id string) bool {
	st := s.state(id)
	if st == nil {
		return false
	}
	if len(st.stack) == 0 {
		st.stack = []Page{{Title: st.screen.LocalTitle(), Content: st.screen.Build(st.ctx)}}
	}
	s.current = st
	for _, o := range s.screens {
		if o.navBtn != nil {
			if o == st {
				o.navBtn.Importance = widget.HighImportance
			} else {
				o.navBtn.Importance = widget.LowImportance
			}
			o.navBtn.Refresh()
		}
	}
	s.showTop()
	return true
}

// CurrentID is the ID of the screen shown.
func (s *Shell) CurrentID() string {
	if s.current == nil {
		return ""
	}
	return s.current.screen.ID
}

func (s *Shell) showTop() {
	st := s.current
	top := st.stack[len(st.stack)-1]
	s.body.Objects = []fyne.CanvasObject{top.Content}
	s.body.Refresh()
	titles := make([]string, len(st.stack))
	for i, p := range st.stack {
		titles[i] = p.Title
	}
	s.crumb.SetText(strings.Join(titles, " › "))
	if len(st.stack) > 1 {
		s.back.Show()
	} else {
		s.back.Hide()
	}
}

// Breadcrumb is the title line, e.g. “首页 › 饭店 › 回答问题”.
func (s *Shell) Breadcrumb() string { return s.crumb.Text }

func (s *Shell) push(st *screenState, p Page) {
	st.stack = append(st.stack, p)
	if st == s.current {
		s.showTop()
	}
}

// Back pops the current page; it reports false on a screen's root page.
func (s *Shell) Back() bool {
	if s.current == nil {
		return false
	}
	return s.pop(s.current)
}

func (s *Shell) pop(st *screenState) bool {
	if len(st.stack) <= 1 {
		return false
	}
	top := st.stack[len(st.stack)-1]
	st.stack = st.stack[:len(st.stack)-1]
	if st == s.current {
		s.showTop()
	}
	if top.OnPop != nil {
		top.OnPop()
	}
	return true
}

// Rebuild re-creates the frame and every screen (after a language change),
// then shows screen id. Pushed pages are dropped: their text was built in
// the old language.
func (s *Shell) Rebuild(id string) {
	s.build()
	s.win.SetContent(s.root)
	if !s.Open(id) {
		s.Open(ScreenHome)
	}
}

// Toast shows msg in the banner above the page for a few seconds.
func (s *Shell) Toast(msg string) { s.showBanner(msg, theme.GovBlue) }

// ToastError shows a failure in the banner, in red.
func (s *Shell) ToastError(msg string) { s.showBanner(msg, theme.SealRed) }

func (s *Shell) showBanner(msg string, c color.NRGBA) {
	s.bannerText.SetText(msg)
	s.bannerBG.StrokeColor = c
	s.bannerBG.StrokeWidth = 1.5
	c.A = 0x26
	s.bannerBG.FillColor = c
	s.bannerBG.Refresh()
	s.banner.Show()
	s.bannerGen++
	if s.toastTimeout > 0 {
		gen := s.bannerGen
		time.AfterFunc(s.toastTimeout, func() { fyne.Do(func() { s.hideBanner(gen) }) })
	}
}

// hideBanner hides the banner if it still shows message number gen (a
// newer message restarts the timer).
func (s *Shell) hideBanner(gen int) {
	if gen == s.bannerGen {
		s.banner.Hide()
	}
}

// BannerText is the message in the banner, "" when hidden.
func (s *Shell) BannerText() string {
	if !s.banner.Visible() {
		return ""
	}
	return s.bannerText.Text
}

// SetOnline updates the status bar. Safe to call from any goroutine.
func (s *Shell) SetOnline(online bool) {
	fyne.Do(func() {
		if online {
			s.online.SetText(lang.X("status.online", "已连接"))
			s.onlineDot.FillColor = color.NRGBA{R: 0x2E, G: 0x7D, B: 0x32, A: 0xFF}
		} else {
			s.online.SetText(lang.X("status.offline", "离线"))
			s.onlineDot.FillColor = color.NRGBA{R: 0x9A, G: 0xA5, B: 0xB1, A: 0xFF}
		}
		s.onlineDot.Refresh()
	})
}

// OnlineText is the status bar's connection text.
func (s *Shell) OnlineText() string { return s.online.Text }

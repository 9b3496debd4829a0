// Package shell is Yiye's main window frame: a left navigation (首页, 我的草稿,
// 我的申请, 我的许可证, 核验许可证, 设置), a back button with a breadcrumb
// title over a stack of pages, an in-app banner for messages and a status
// bar (online/offline, 演示数据 DEMO badge, version).
//
// The composition root passes the screens to New (Options.Screens); each
// screen package offers constructors that build its Screen values from
// what they need. A screen pushes detail pages on its own stack:
//
//	ctx.Push(lang.X("journey.questions", "回答问题"), questionsView)
//
// All methods must be called on the Fyne UI goroutine unless they say
// otherwise (use fyne.Do from your own goroutines).
package shell

import (
	"image/color"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	ftheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/naiman-yiye/yiye/app/background"
	"github.com/naiman-yiye/yiye/app/i18n"
	"github.com/naiman-yiye/yiye/app/theme"
)

// IDs of the navigation entries, in the order the navigation shows them
// (Settings, the shell's own, comes last).
const (
	ScreenHome         = "home"         // 首页: choose an industry, start an application
	ScreenDrafts       = "drafts"       // 我的草稿
	ScreenApplications = "applications" // 我的申请
	ScreenLicenses     = "licenses"     // 我的许可证
	ScreenVerify       = "verify"       // 核验许可证
	ScreenSettings     = "settings"     // 设置 (this package)
)

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
	// the window is built (and again after a theme change).
	IconName fyne.ThemeIconName
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
	if s.IconName == "" {
		return nil
	}
	return ftheme.Icon(s.IconName)
}

// settingsScreen is the shell's own 设置 screen.
func settingsScreen() Screen {
	return Screen{ID: ScreenSettings, TitleKey: "nav.settings", Title: "设置", IconName: ftheme.IconNameSettings,
		Build: buildSettings}
}

// Options configure New.
type Options struct {
	// Screens are the window's screens: the visible ones in the order the
	// navigation lists them, then Hidden ones reached through Open. The
	// shell adds its own 设置 screen after the visible ones.
	Screens []Screen
	// Run puts work on the UI goroutine (the banner's timer uses it).
	Run *background.Runner
	// Demo marks sample data: the status bar shows a 演示数据 DEMO badge
	// and settings show the built-in portal's address, not editable.
	Demo bool
	// DemoPortal is the built-in demo portal's address.
	DemoPortal string
	// Kiosk is a self-service terminal session: settings hide the portal
	// address and key, and no OS notifications are sent.
	Kiosk bool
	// DataDir is shown in settings (where drafts and files are kept).
	DataDir string
	// Version and Build identify this binary (status bar, About).
	Version, Build string
	// OnSettingsChanged, if set, is called after settings are saved and
	// applied, with the settings before and after.
	OnSettingsChanged func(old, now Settings)
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
	opts Options

	settings Settings

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
	statusRow  *fyne.Container
	onlineDot  *canvas.Circle
	isOnline   bool

	settingsView *settingsView // the settings screen last built
	demo         fyne.CanvasObject
	root         *fyne.Container

	// toastTimeout is how long a banner stays; 0 keeps it until closed.
	toastTimeout time.Duration
}

// New builds the shell for w, applies the stored settings (theme, language)
// and shows the first screen.
func New(a fyne.App, w fyne.Window, opts Options) *Shell {
	s := &Shell{app: a, win: w, opts: opts, toastTimeout: 10 * time.Second}
	s.settings = LoadSettings(a.Preferences())
	s.applyTheme()
	if err := i18n.Apply(s.settings.Language); err != nil {
		fyne.LogError("shell: translations", err)
	}
	s.build()
	w.SetContent(s.root)
	s.installKeys()
	if len(s.screens) > 0 {
		s.Open(s.screens[0].screen.ID)
	}
	return s
}

// Content returns the root object (the window content).
func (s *Shell) Content() fyne.CanvasObject { return s.root }

// Settings returns the settings in effect.
func (s *Shell) Settings() Settings { return s.settings }

// Kiosk reports whether this is a kiosk session's shell.
func (s *Shell) Kiosk() bool { return s.opts.Kiosk }

func (s *Shell) applyTheme() {
	s.app.Settings().SetTheme(theme.New(theme.Options{TextSize: s.settings.TextSize, Kiosk: s.opts.Kiosk}))
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
	// The banner's place is kept whether or not it shows a message, so
	// nothing on the page moves under the pointer when one comes or goes.
	bannerArea := container.New(fixedLines{lines: 2}, s.banner)

	s.body = container.NewStack()
	main := container.NewBorder(container.NewVBox(top, bannerArea, widget.NewSeparator()), nil, nil, nil, container.NewPadded(s.body))

	s.screens = nil
	navItems := []fyne.CanvasObject{}
	for _, sc := range s.ordered() {
		st := &screenState{screen: sc}
		st.ctx = &Context{App: s.app, Window: s.win, shell: s, screen: st}
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
	about := widget.NewButtonWithIcon(lang.X("about.title", "关于"), ftheme.InfoIcon(), func() { ShowAbout(s.app, s.win, s.opts.Version, s.opts.Build) })
	about.Alignment = widget.ButtonAlignLeading
	about.Importance = widget.LowImportance
	title := widget.NewLabelWithStyle(lang.X("app.name", "一业一证申请助手"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.nav = container.NewVBox(navItems...)
	navPane := container.NewBorder(container.NewVBox(title, widget.NewSeparator()), about, nil, nil, s.nav)

	s.onlineDot = canvas.NewCircle(theme.SealRed)
	dot := container.NewGridWrap(fyne.NewSquareSize(10), s.onlineDot)
	s.online = widget.NewLabel(lang.X("status.offline", "离线"))
	status := []fyne.CanvasObject{container.NewCenter(dot), s.online}
	if s.opts.Demo {
		s.demo = demoBadge()
		status = append(status, s.demo)
	}
	status = append(status, layout.NewSpacer())
	if s.opts.Version != "" {
		status = append(status, widget.NewLabel(lang.X("status.version", "版本 {{.Version}}", map[string]string{"Version": s.opts.Version})))
	}
	s.statusRow = container.NewHBox(status...)
	statusBar := container.NewVBox(widget.NewSeparator(), s.statusRow)

	winTitle := i18n.AppName()
	if s.opts.Demo {
		winTitle += "（" + i18n.DemoLabel() + "）"
	}
	s.win.SetTitle(winTitle) // in the UI language: it follows a switch

	split := container.NewHSplit(navPane, main)
	split.Offset = 0.2
	s.root = container.NewBorder(nil, statusBar, nil, nil, split)
	s.SetOnline(s.isOnline) // a rebuild (language change) keeps what is known
}

// ordered are the screens as the navigation lists them: the visible ones
// in the order given, 设置, then the hidden ones.
func (s *Shell) ordered() []Screen {
	var vis, hidden []Screen
	for _, sc := range s.opts.Screens {
		if sc.Hidden {
			hidden = append(hidden, sc)
		} else {
			vis = append(vis, sc)
		}
	}
	return append(append(vis, settingsScreen()), hidden...)
}

// fixedLines lays its one object over a height of lines lines of text
// (the object's own height if larger), whether the object shows or not.
type fixedLines struct{ lines int }

func (f fixedLines) MinSize(objs []fyne.CanvasObject) fyne.Size {
	h := float32(f.lines)*fyne.MeasureText("国", ftheme.TextSize(), fyne.TextStyle{}).Height + 2*ftheme.Padding()
	w := float32(0)
	for _, o := range objs {
		if o.Visible() {
			m := o.MinSize()
			w, h = max(w, m.Width), max(h, m.Height)
		}
	}
	return fyne.NewSize(w, h)
}

func (fixedLines) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
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

// Toast shows msg in the banner above the page for a while.
func (s *Shell) Toast(msg string) { s.showBanner(msg, theme.GovBlue, s.toastTimeout) }

// News shows news for the applicant (a status change, an answer from the
// hall, a reminder) in the banner as "title：body" and, outside a kiosk,
// as an OS notification: the next applicant at a kiosk must not read it,
// and Windows toasts go through PowerShell, which locked-down terminals
// block.
func (s *Shell) News(title, body string) {
	s.Toast(lang.X("shell.news", "{{.Title}}：{{.Body}}", map[string]string{"Title": title, "Body": body}))
	if !s.opts.Kiosk {
		s.app.SendNotification(fyne.NewNotification(title, body))
	}
}

// ToastError shows a failure in the banner, in red, until the applicant
// closes it or another message comes: it must not vanish unread.
func (s *Shell) ToastError(msg string) { s.showBanner(msg, theme.SealRed, 0) }

func (s *Shell) showBanner(msg string, c color.NRGBA, timeout time.Duration) {
	s.bannerText.SetText(msg)
	s.bannerBG.StrokeColor = c
	s.bannerBG.StrokeWidth = 1.5
	c.A = 0x26
	s.bannerBG.FillColor = c
	s.bannerBG.Refresh()
	s.banner.Show()
	s.bannerGen++
	if timeout > 0 && s.opts.Run != nil {
		gen := s.bannerGen
		time.AfterFunc(timeout, func() { s.opts.Run.Post(func() { s.hideBanner(gen) }) })
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

// SetOnline updates the status bar (on the UI goroutine).
func (s *Shell) SetOnline(online bool) {
	s.isOnline = online
	if online {
		s.online.SetText(lang.X("status.online", "已连接"))
		s.onlineDot.FillColor = color.NRGBA{R: 0x2E, G: 0x7D, B: 0x32, A: 0xFF}
	} else {
		s.online.SetText(lang.X("status.offline", "离线"))
		s.onlineDot.FillColor = color.NRGBA{R: 0x9A, G: 0xA5, B: 0xB1, A: 0xFF}
	}
	s.onlineDot.Refresh()
	s.statusRow.Refresh() // the text's width changed: lay the row out again so the badge moves
}

// OnlineText is the status bar's connection text.
func (s *Shell) OnlineText() string { return s.online.Text }

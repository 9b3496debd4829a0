package kioskmode

import (
	"database/sql"
	"errors"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	ftheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/naiman-yiye/yiye/app/background"
	"github.com/naiman-yiye/yiye/app/filepick"
	"github.com/naiman-yiye/yiye/app/i18n"
	"github.com/naiman-yiye/yiye/app/shell"
	"github.com/naiman-yiye/yiye/app/theme"
	"github.com/naiman-yiye/yiye/kiosk"
)

// Options configure a Kiosk.
type Options struct {
	App    fyne.App
	Window fyne.Window
	// Run is the window's background runner: the idle timer's events and
	// the activity poll reach the UI goroutine through Run.Post.
	Run *background.Runner
	// DataDir is the kiosk's data directory; sessions live under
	// DataDir/sessions.
	DataDir string
	// Clock drives the idle timer and PIN lockout; nil is the system clock.
	Clock kiosk.Clock
	// Lockout is the PIN lockout policy; zero is kiosk.DefaultLockout.
	Lockout kiosk.LockoutPolicy
	// NewSession builds one applicant session's UI on the session's own
	// database and folder: the composition root opens a core on env.DB and
	// env.Dir, builds the screens (including k.SessionScreens(core)) and a
	// shell from env.Shell (options the kiosk prefilled: Kiosk true, Run,
	// DataDir, OnSettingsChanged to reinstall the session frame after a
	// language change) with its Screens added. Session.Close flushes the
	// session's drafts, signs out and closes its core; the kiosk then
	// closes the database and wipes the folder.
	NewSession func(k *Kiosk, env SessionEnv) (Session, error)
	// Quit closes the app (after the staff PIN); nil is App.Quit.
	Quit func()
	// OnExit is called after staff left kiosk mode, to restore the normal
	// window content; nil quits.
	OnExit func()
	// ActivityPoll is how often the window is checked for input the
	// activity wrapper cannot see (typing into a focused field, another
	// page); 0 or less is one second.
	ActivityPoll time.Duration
}

// SessionEnv is what NewSession builds a session on.
type SessionEnv struct {
	// DB is the session's database (closed by the kiosk after Close).
	DB *sql.DB
	// Dir is the session's folder (attachments under paths.AttachmentsDir).
	Dir string
	// Shell are the session shell's options as far as the kiosk knows
	// them; add the Screens (and Version, Build, Demo, DemoPortal).
	Shell shell.Options
}

// Session is one applicant session's UI, as NewSession built it.
type Session struct {
	Shell *shell.Shell
	// Close runs when the session ends, before its database is closed
	// and its folder wiped; may be nil.
	Close func()
}

// Kiosk runs the self-service terminal in one window. All methods are for
// the UI goroutine.
type Kiosk struct {
	opts Options
	pins pins

	active   bool
	mgr      *kiosk.Manager
	cur      *session // the running applicant session, or nil
	starting *session // the session NewSession is building

	welcomeMsg *widget.Label
	overlay    *widget.PopUp
	countdown  *widget.Label
	lastSeen   string
	stopPoll   chan struct{}

	// menu is the open staff menu, if any.
	menu *staffMenu
}

// session is one applicant session.
type session struct {
	ks       *kiosk.Session
	ui       Session
	handover *handoverScreen // from SessionScreens, if the shell has it
	busy     int             // exports or imports running: the applicant waits
}

// New prepares a kiosk; Enter shows it.
func New(o Options) *Kiosk {
	if o.Quit == nil {
		o.Quit = o.App.Quit
	}
	return &Kiosk{opts: o, pins: newPins(o.App.Preferences(), o.Clock, o.Lockout)}
}

// Active reports whether kiosk mode is showing.
func (k *Kiosk) Active() bool { return k.active }

// Shell is the running session's shell, or nil on the welcome screen.
func (k *Kiosk) Shell() *shell.Shell {
	if k.cur == nil {
		return nil
	}
	return k.cur.ui.Shell
}

// Session is the running applicant session, or nil.
func (k *Kiosk) Session() *kiosk.Session {
	if k.cur == nil {
		return nil
	}
	return k.cur.ks
}

// Config is the kiosk configuration in effect.
func (k *Kiosk) Config() kiosk.Config { return k.pins.config() }

// Enter switches the window to kiosk mode: full screen, screen blanking
// off, the kiosk theme, the close button behind the staff PIN, and the
// welcome screen. Without a staff PIN it first asks staff to set one.
func (k *Kiosk) Enter() {
	a, w := k.opts.App, k.opts.Window
	k.active = true
	w.SetFullScreen(true)
	a.Driver().SetDisableScreenBlanking(true)
	w.SetCloseIntercept(k.RequestClose)
	k.applyTheme(true)
	k.showWelcome("")
	if !k.pins.hasPIN() {
		setPIN(w, k.pins, func() { k.showStaffMenu(tr("kioskmode.pin.set_done")) })
	}
	k.startPoll()
}

// startPoll checks for activity the wrapper cannot see, on the UI
// goroutine (through the runner), until kiosk mode ends.
func (k *Kiosk) startPoll() {
	if k.stopPoll != nil {
		return
	}
	every := k.opts.ActivityPoll
	if every <= 0 {
		every = time.Second
	}
	stop := make(chan struct{})
	k.stopPoll = stop
	post := k.opts.Run.Post
	go func() {
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				post(k.PollActivity)
			}
		}
	}()
}

func (k *Kiosk) stopPolling() {
	if k.stopPoll != nil {
		close(k.stopPoll)
		k.stopPoll = nil
	}
}

// Exit leaves kiosk mode (staff only): the running session is wiped, the
// setting is turned off, and OnExit restores the normal window.
func (k *Kiosk) Exit() {
	k.endNow()
	if err := k.pins.update(func(c *kiosk.Config) { c.Enabled = false }); err != nil {
		fyne.LogError("kioskmode: save", err)
	}
	k.active = false
	k.stopPolling()
	w := k.opts.Window
	w.SetCloseIntercept(nil)
	w.SetFullScreen(false)
	k.opts.App.Driver().SetDisableScreenBlanking(false)
	k.applyTheme(false)
	w.Canvas().SetOnTypedKey(nil)
	w.Canvas().SetOnTypedRune(nil)
	if dc, ok := w.Canvas().(desktop.Canvas); ok {
		dc.SetOnKeyDown(nil)
	}
	if k.opts.OnExit != nil {
		k.opts.OnExit()
	} else {
		k.opts.Quit()
	}
}

func (k *Kiosk) applyTheme(kioskOn bool) {
	st := shell.LoadSettings(k.opts.App.Preferences())
	k.opts.App.Settings().SetTheme(theme.New(theme.Options{TextSize: st.TextSize, Kiosk: kioskOn}))
}

// RequestClose is the window's close intercept (the close button, Alt+F4):
// staff enter the PIN, then the session is wiped and the app quits.
func (k *Kiosk) RequestClose() {
	k.askPIN(tr("kioskmode.close.title"), k.quit)
}

func (k *Kiosk) quit() {
	k.endNow()
	k.stopPolling()
	k.opts.Quit()
}

// askPIN opens the staff PIN keypad; onOK runs after the right PIN, once
// the keypad has closed.
func (k *Kiosk) askPIN(title string, onOK func()) {
	askPIN(k.opts.Window, k.pins, title, onOK)
}

// Touch records applicant activity (restarts the idle time).
func (k *Kiosk) Touch() {
	if k.mgr != nil {
		k.mgr.Touch()
	}
}

// PollActivity checks for input the wrapper cannot see: a different
// focused field, new text in it, another page. Any change counts as
// activity, except while the idle countdown shows: its own overlay takes
// the focus, and only the applicant's answer to it counts.
func (k *Kiosk) PollActivity() {
	if k.cur == nil {
		return
	}
	c := k.opts.Window.Canvas()
	seen := fmt.Sprintf("%p", c.Focused())
	if e, ok := c.Focused().(*widget.Entry); ok {
		seen += "|" + e.Text
	}
	if sh := k.cur.ui.Shell; sh != nil {
		seen += "|" + sh.CurrentID() + "|" + sh.Breadcrumb()
	}
	if seen == k.lastSeen {
		return
	}
	k.lastSeen = seen
	if k.overlay == nil {
		k.Touch()
	}
}

// showWelcome replaces the window content with the welcome screen; note
// is a line under the buttons for the applicant (e.g. "your data has been
// removed").
func (k *Kiosk) showWelcome(note string) {
	title := widget.NewLabelWithStyle(tr("kioskmode.welcome.title"), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	title.SizeName = ftheme.SizeNameHeadingText
	sub := widget.NewLabelWithStyle(tr("kioskmode.welcome.subtitle"), fyne.TextAlignCenter, fyne.TextStyle{})
	sub.Wrapping = wrap()
	start := widget.NewButtonWithIcon(tr("kioskmode.welcome.start"), ftheme.MediaPlayIcon(), k.start)
	start.Importance = widget.HighImportance
	imp := widget.NewButtonWithIcon(tr("kioskmode.welcome.import"), ftheme.DownloadIcon(), k.startImport)
	privacy := widget.NewLabelWithStyle(tr("kioskmode.welcome.privacy"), fyne.TextAlignCenter, fyne.TextStyle{})
	privacy.Wrapping = wrap()
	privacy.Importance = widget.LowImportance
	k.welcomeMsg = widget.NewLabelWithStyle(note, fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	k.welcomeMsg.Wrapping = wrap()
	k.welcomeMsg.Importance = widget.SuccessImportance
	staff := widget.NewButtonWithIcon(tr("kioskmode.staff"), ftheme.SettingsIcon(), k.StaffMenu)
	staff.Importance = widget.LowImportance
	buttons := container.NewVBox(touch(fyne.NewSize(420, 96), start), touch(fyne.NewSize(420, 96), imp))
	// The note's room is kept when it is empty, so the buttons stay put
	// when it appears.
	note2 := container.New(fixedHeight(widget.NewLabel("国\n国").MinSize().Height), k.welcomeMsg)
	body := container.NewVBox(title, sub, widget.NewSeparator(), container.NewCenter(buttons), note2, privacy)
	content := container.NewBorder(nil, container.NewHBox(layout.NewSpacer(), staff), nil, nil,
		container.NewCenter(container.New(minWidth(900), body)))
	k.opts.Window.SetContent(newActivity(container.NewPadded(content), func() {}))
	k.installKeys()
}

// WelcomeNote is the message on the welcome screen ("" if none).
func (k *Kiosk) WelcomeNote() string {
	if k.welcomeMsg == nil || k.cur != nil {
		return ""
	}
	return k.welcomeMsg.Text
}

// showProblem puts err (or text) on the welcome screen, in red.
func (k *Kiosk) showProblem(text string) {
	k.welcomeMsg.Importance = widget.DangerImportance
	k.welcomeMsg.SetText(text)
}

func (k *Kiosk) start() {
	if !k.pins.hasPIN() { // nobody could end kiosk mode or close the app
		k.showProblem(tr("kioskmode.pin.needed"))
		return
	}
	if err := k.Begin(); err != nil {
		k.showProblem(msg(err))
	}
}

// startImport begins a session and opens the hand-over screen's import.
func (k *Kiosk) startImport() {
	k.start()
	if k.cur == nil {
		return
	}
	k.cur.ui.Shell.Open(ScreenHandover)
	if h := k.cur.handover; h != nil && h.view != nil {
		h.view.startImport()
	}
}

var errNoShell = errors.New("kioskmode: NewSession returned no shell")

// Begin ends any running session and starts a fresh one: its own database
// and folder under the data directory, its UI from NewSession on them,
// and a new idle timer with the configured times.
func (k *Kiosk) Begin() error {
	k.endNow()
	post := k.opts.Run.Post
	cur := &session{}
	mgr, err := kiosk.NewManager(k.opts.DataDir, k.opts.Clock, k.pins.config().Idle(), kiosk.ManagerHandlers{
		Warn: func(rem time.Duration) {
			post(func() {
				if k.cur == cur {
					k.warn(rem)
				}
			})
		},
		Resume: func() {
			post(func() {
				if k.cur == cur {
					k.hideOverlay()
				}
			})
		},
		Ended: func(s *kiosk.Session, expired bool, err error) { post(func() { k.ended(s, expired, err) }) },
		// Expiry wipes the session on the UI goroutine: Session.Close and
		// the screens use the session's core and database from there.
		Post: post,
	})
	if err != nil {
		return err
	}
	s, err := mgr.Begin()
	if err != nil {
		return err
	}
	cur.ks = s
	db, err := s.OpenDB()
	if err != nil {
		mgr.End()
		return err
	}
	env := SessionEnv{DB: db, Dir: s.Dir, Shell: shell.Options{Kiosk: true, Run: k.opts.Run, DataDir: s.Dir,
		OnSettingsChanged: func(_, _ shell.Settings) {
			if k.cur == cur { // a language change rebuilt the shell's content
				k.installFrame()
			}
		}}}
	k.starting = cur
	ui, err := k.opts.NewSession(k, env)
	k.starting = nil
	if err == nil && ui.Shell == nil {
		err = errNoShell
	}
	if err != nil {
		if ui.Close != nil {
			ui.Close()
		}
		mgr.End()
		return err
	}
	cur.ui = ui
	if ui.Close != nil {
		// Wipe closes in reverse order: the session's UI and core first,
		// then its database.
		s.Track(closerFunc(ui.Close))
	}
	k.mgr, k.cur = mgr, cur
	k.lastSeen = ""
	k.installFrame()
	return nil
}

type closerFunc func()

func (f closerFunc) Close() error { f(); return nil }

// installFrame puts the session toolbar above the session's shell and the
// activity wrapper around both.
func (k *Kiosk) installFrame() {
	if k.cur == nil {
		return
	}
	sh := k.cur.ui.Shell
	end := widget.NewButtonWithIcon(tr("kioskmode.session.end"), ftheme.LogoutIcon(), k.confirmEnd)
	end.Importance = widget.DangerImportance
	take := widget.NewButtonWithIcon(tr("kioskmode.session.take"), ftheme.DocumentSaveIcon(), k.takeDraft)
	pad := NewFocusKeypadButton(k.opts.Window, func() { sh.Toast(tr("kioskmode.keypad.pick_field")) })
	staff := widget.NewButtonWithIcon(tr("kioskmode.staff"), ftheme.SettingsIcon(), k.StaffMenu)
	staff.Importance = widget.LowImportance
	bar := container.NewHBox(end, take, pad, layout.NewSpacer(), staff)
	frame := container.NewBorder(container.NewVBox(bar, widget.NewSeparator()), nil, nil, nil, sh.Content())
	k.opts.Window.SetContent(newActivity(frame, k.Touch))
	k.installKeys()
}

// installKeys: keys typed outside fields count as activity; Esc goes back
// a page and, on a screen's first page, opens the staff PIN (it never
// leaves full screen or the app by itself).
func (k *Kiosk) installKeys() {
	c := k.opts.Window.Canvas()
	c.SetOnTypedKey(func(ev *fyne.KeyEvent) {
		k.Touch()
		if ev.Name == fyne.KeyEscape {
			if sh := k.Shell(); sh == nil || !sh.Back() {
				k.StaffMenu()
			}
		}
	})
	c.SetOnTypedRune(func(rune) { k.Touch() })
	if dc, ok := c.(desktop.Canvas); ok {
		dc.SetOnKeyDown(func(*fyne.KeyEvent) { k.Touch() })
	}
}

func (k *Kiosk) confirmEnd() {
	d := i18n.NewConfirm(tr("kioskmode.session.end_title"), tr("kioskmode.session.end_message"), func(ok bool) {
		if ok {
			k.EndSession()
		}
	}, k.opts.Window)
	d.Show()
}

// EndSession wipes the running session now and returns to the welcome
// screen.
func (k *Kiosk) EndSession() { k.endNow() }

// endNow ends the running session and shows the welcome screen without
// waiting for the manager's Ended event.
func (k *Kiosk) endNow() {
	if k.mgr == nil || k.cur == nil {
		return
	}
	s := k.cur.ks
	err := k.mgr.End()
	k.ended(s, false, err)
}

// takeDraft opens the hand-over screen, where the applicant exports the
// draft to a USB stick before leaving.
func (k *Kiosk) takeDraft() {
	k.Touch()
	k.hideOverlay()
	if k.cur == nil {
		return
	}
	k.cur.ui.Shell.Open(ScreenHandover)
}

func (k *Kiosk) warn(remaining time.Duration) {
	if k.cur == nil || k.mgr == nil {
		return
	}
	if k.cur.busy > 0 { // exporting or importing: the applicant is waiting, not gone
		k.mgr.Touch()
		return
	}
	if k.mgr.Remaining() > time.Duration(k.pins.config().WarnSeconds)*time.Second {
		return // touched just before this tick
	}
	secs := int((remaining + time.Second - 1) / time.Second)
	text := trm("kioskmode.idle.countdown", "Seconds", secs)
	if k.overlay != nil {
		k.countdown.SetText(text)
		return
	}
	q := widget.NewLabelWithStyle(tr("kioskmode.idle.question"), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	q.SizeName = ftheme.SizeNameHeadingText
	k.countdown = widget.NewLabelWithStyle(text, fyne.TextAlignCenter, fyne.TextStyle{})
	k.countdown.Wrapping = wrap()
	cont := widget.NewButtonWithIcon(tr("kioskmode.idle.continue"), ftheme.MediaPlayIcon(), func() {
		k.Touch()
		k.hideOverlay()
	})
	cont.Importance = widget.HighImportance
	take := widget.NewButtonWithIcon(tr("kioskmode.session.take"), ftheme.DocumentSaveIcon(), k.takeDraft)
	end := widget.NewButtonWithIcon(tr("kioskmode.idle.end_now"), ftheme.LogoutIcon(), k.EndSession)
	end.Importance = widget.DangerImportance
	size := fyne.NewSize(260, 80)
	buttons := container.NewHBox(touch(size, cont), touch(size, take), touch(size, end))
	box := container.NewVBox(q, k.countdown, container.NewCenter(buttons))
	// Sized by its content and centred by Fyne: resizing a shown pop-up
	// to the window would keep its old corner and push it off screen.
	k.overlay = widget.NewModalPopUp(container.New(minWidth(820), box), k.opts.Window.Canvas())
	k.overlay.Show()
}

// touch gives o a touch target of exactly size. (One GridWrap per
// object: a GridWrap of several asks for the height of one row only, and
// the rows below spill over whatever follows it.)
func touch(size fyne.Size, o fyne.CanvasObject) fyne.CanvasObject {
	return container.NewGridWrap(size, o)
}

// CountdownText is the countdown overlay's text, "" when it is hidden.
func (k *Kiosk) CountdownText() string {
	if k.overlay == nil {
		return ""
	}
	return k.countdown.Text
}

func (k *Kiosk) hideOverlay() {
	if k.overlay != nil {
		k.overlay.Hide()
		k.overlay = nil
	}
}

// ended runs when a session has been wiped (idle expiry, 结束办理, staff).
func (k *Kiosk) ended(s *kiosk.Session, expired bool, err error) {
	if k.cur == nil || s != k.cur.ks {
		return
	}
	k.cur, k.mgr = nil, nil
	k.hideOverlay()
	// Dialogs of the session (a file picker, an error) must not outlive it.
	c := k.opts.Window.Canvas()
	for o := c.Overlays().Top(); o != nil; o = c.Overlays().Top() {
		c.Overlays().Remove(o)
	}
	k.menu = nil
	// File pickers open where the last one was left: the next applicant
	// must not start in this one's folders.
	filepick.Forget(k.opts.App.Preferences())
	if !k.active {
		return
	}
	note := tr("kioskmode.ended.done")
	if expired {
		note = tr("kioskmode.ended.expired")
	}
	k.showWelcome(note)
	if err != nil {
		k.showProblem(msg(err))
	}
}

package kioskmode

import (
	"fmt"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	ftheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/naiman-yiye/yiye/app/i18n"
	"github.com/naiman-yiye/yiye/app/shell"
	"github.com/naiman-yiye/yiye/app/theme"
	"github.com/naiman-yiye/yiye/kiosk"
)

// Options configure a Kiosk.
type Options struct {
	App    fyne.App
	Window fyne.Window
	// Base are the app's own dependencies: sessions live under
	// Base.DataDir/sessions; PortalURL, Demo, Version and Build are copied
	// into every session's Deps.
	Base *shell.Deps
	// Clock drives the idle timer and PIN lockout; nil is the system clock.
	Clock kiosk.Clock
	// Lockout is the PIN lockout policy; zero is kiosk.DefaultLockout.
	Lockout kiosk.LockoutPolicy
	// OnSession wires per-session services (portal client, outbox...) for
	// a fresh session's deps; the func it returns is called when the
	// session ends, before its files are wiped. May be nil.
	OnSession func(deps *shell.Deps) (end func())
	// Quit closes the app (after the staff PIN); nil is App.Quit.
	Quit func()
	// OnExit is called after staff left kiosk mode, to restore the normal
	// window content; nil quits.
	OnExit func()
	// ActivityPoll is how often the window is checked for input the
	// wrapper cannot see (typing into a focused field, page changes);
	// 0 is one second, negative turns the poll off (tests call
	// PollActivity themselves).
	ActivityPoll time.Duration
}

// Kiosk runs the self-service terminal in one window. All methods are for
// the Fyne goroutine.
type Kiosk struct {
	opts Options
	pins *pinStore

	active bool
	mgr    *kiosk.Manager
	sess   *kiosk.Session
	deps   *shell.Deps
	sh     *shell.Shell

	welcomeMsg *widget.Label
	overlay    *widget.PopUp
	countdown  *widget.Label
	busy       int
	lastSeen   string
	stopPoll   chan struct{}
}

// kiosks maps session deps to their kiosk, so screens built by the
// session's shell (hand-over, assisted filing) find it.
var (
	kiosksMu sync.Mutex
	kiosks   = map[*shell.Deps]*Kiosk{}
)

func kioskFor(d *shell.Deps) *Kiosk {
	kiosksMu.Lock()
	defer kiosksMu.Unlock()
	return kiosks[d]
}

// New prepares a kiosk; Enter shows it.
func New(opts Options) *Kiosk {
	if opts.Base == nil {
		opts.Base = &shell.Deps{}
	}
	if opts.Quit == nil {
		opts.Quit = opts.App.Quit
	}
	return &Kiosk{opts: opts, pins: pinsFor(opts.App.Preferences(), opts.Clock, opts.Lockout)}
}

// Active reports whether kiosk mode is showing.
func (k *Kiosk) Active() bool { return k.active }

// Session is the running applicant session, or nil on the welcome screen.
func (k *Kiosk) Session() *kiosk.Session { return k.sess }

// Shell is the running session's shell, or nil.
func (k *Kiosk) Shell() *shell.Shell { return k.sh }

// SessionDeps are the running session's dependencies, or nil.
func (k *Kiosk) SessionDeps() *shell.Deps { return k.deps }

// Config is the kiosk configuration in effect.
func (k *Kiosk) Config() kiosk.Config { return k.pins.cfg }

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
		setPIN(w, k.pins, func() { k.showWelcome(tr("kioskmode.pin.set_done")) })
	}
	if k.opts.ActivityPoll >= 0 && k.stopPoll == nil {
		every := k.opts.ActivityPoll
		if every == 0 {
			every = time.Second
		}
		stop := make(chan struct{})
		k.stopPoll = stop
		go func() {
			t := time.NewTicker(every)
			defer t.Stop()
			for {
				select {
				case <-stop:
					return
				case <-t.C:
					fyne.Do(k.PollActivity)
				}
			}
		}()
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
	if k.stopPoll != nil {
		close(k.stopPoll)
		k.stopPoll = nil
	}
	w := k.opts.Window
	w.SetCloseIntercept(nil)
	w.SetFullScreen(false)
	k.opts.App.Driver().SetDisableScreenBlanking(false)
	k.applyTheme(false)
	w.Canvas().SetOnTypedKey(nil)
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
	askPIN(k.opts.Window, k.pins, tr("kioskmode.close.title"), k.quit)
}

func (k *Kiosk) quit() {
	k.endNow()
	k.opts.Quit()
}

// Touch records applicant activity (restarts the idle time).
func (k *Kiosk) Touch() {
	if k.mgr != nil {
		k.mgr.Touch()
	}
}

// PollActivity checks for input the wrapper cannot see: a different
// focused field, new text in it, another page. Any change counts as
// activity.
func (k *Kiosk) PollActivity() {
	if k.sess == nil {
		return
	}
	c := k.opts.Window.Canvas()
	seen := fmt.Sprintf("%p", c.Focused())
	if e, ok := c.Focused().(*widget.Entry); ok {
		seen += "|" + e.Text
	}
	if k.sh != nil {
		seen += "|" + k.sh.CurrentID() + "|" + k.sh.Breadcrumb()
	}
	if seen != k.lastSeen {
		k.lastSeen = seen
		k.Touch()
	}
}

// showWelcome replaces the window content with the welcome screen; note
// is a line under the buttons (e.g. "your data has been removed").
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
	if note == "" {
		k.welcomeMsg.Hide()
	}
	staff := widget.NewButtonWithIcon(tr("kioskmode.staff"), ftheme.SettingsIcon(), k.StaffMenu)
	staff.Importance = widget.LowImportance
	buttons := container.NewGridWrap(fyne.NewSize(420, 96), start, imp)
	body := container.NewVBox(layout.NewSpacer(), title, sub, widget.NewSeparator(),
		container.NewCenter(buttons), k.welcomeMsg, privacy, layout.NewSpacer())
	content := container.NewBorder(nil, container.NewHBox(layout.NewSpacer(), staff), nil, nil,
		container.NewCenter(container.NewGridWrap(fyne.NewSize(900, body.MinSize().Height), body)))
	k.opts.Window.SetContent(newActivity(container.NewPadded(content), func() {}))
	k.installKeys()
}

// WelcomeNote is the message on the welcome screen ("" if none).
func (k *Kiosk) WelcomeNote() string {
	if k.welcomeMsg == nil || !k.welcomeMsg.Visible() || k.sess != nil {
		return ""
	}
	return k.welcomeMsg.Text
}

func (k *Kiosk) start() {
	if !k.pins.hasPIN() { // nobody could end kiosk mode or close the app
		k.welcomeMsg.SetText(tr("kioskmode.pin.needed"))
		k.welcomeMsg.Importance = widget.DangerImportance
		k.welcomeMsg.Show()
		return
	}
	if err := k.Begin(); err != nil {
		k.welcomeMsg.SetText(msg(err))
		k.welcomeMsg.Importance = widget.DangerImportance
		k.welcomeMsg.Show()
	}
}

// startImport begins a session and opens the hand-over screen's import.
func (k *Kiosk) startImport() {
	k.start()
	if k.sh == nil {
		return
	}
	k.sh.Open(ScreenHandover)
	if h := handoverFor(k.deps); h != nil {
		h.startImport()
	}
}

// Begin ends any running session and starts a fresh one: its own database
// and attachments folder under the data directory, a new shell on them,
// and a new idle timer with the configured times.
func (k *Kiosk) Begin() error {
	k.endNow()
	cfg := k.pins.cfg
	mgr, err := kiosk.NewManager(k.opts.Base.DataDir, k.opts.Clock, cfg.Idle(), kiosk.ManagerHandlers{
		Warn:   func(rem time.Duration) { fyne.Do(func() { k.warn(rem) }) },
		Resume: func() { fyne.Do(k.hideOverlay) },
		Ended: func(s *kiosk.Session, expired bool, err error) {
			fyne.Do(func() { k.ended(s, expired, err) })
		},
		// Expiry wipes the session on the UI goroutine: the session's
		// closers shut down its journey, services and database, which the
		// screens use from that goroutine.
		Post: fyne.Do,
	})
	if err != nil {
		return err
	}
	s, err := mgr.Begin()
	if err != nil {
		return err
	}
	db, err := s.OpenDB()
	if err != nil {
		mgr.End()
		return err
	}
	b := k.opts.Base
	deps := &shell.Deps{DB: db, DataDir: s.Dir, PortalURL: b.PortalURL, Demo: b.Demo, Kiosk: true,
		Version: b.Version, Build: b.Build}
	kiosksMu.Lock()
	kiosks[deps] = k
	kiosksMu.Unlock()
	// Closed in reverse order by Wipe: services first, then the database.
	s.Track(closerFunc(func() {
		kiosksMu.Lock()
		delete(kiosks, deps)
		kiosksMu.Unlock()
		forgetScreens(deps)
	}))
	if k.opts.OnSession != nil {
		if end := k.opts.OnSession(deps); end != nil {
			s.Track(closerFunc(end))
		}
	}
	k.mgr, k.sess, k.deps = mgr, s, deps
	k.sh = shell.New(k.opts.App, k.opts.Window, deps)
	k.sh.OnSettingsChanged = func(shell.Settings) { k.installFrame() } // a language change rebuilt the shell
	k.lastSeen = ""
	k.installFrame()
	return nil
}

type closerFunc func()

func (f closerFunc) Close() error { f(); return nil }

// installFrame puts the session toolbar above the shell and the activity
// wrapper around both.
func (k *Kiosk) installFrame() {
	if k.sh == nil {
		return
	}
	end := widget.NewButtonWithIcon(tr("kioskmode.session.end"), ftheme.LogoutIcon(), k.confirmEnd)
	end.Importance = widget.DangerImportance
	take := widget.NewButtonWithIcon(tr("kioskmode.session.take"), ftheme.DocumentSaveIcon(), k.takeDraft)
	pad := NewFocusKeypadButton(k.opts.Window, func() { k.sh.Toast(tr("kioskmode.keypad.pick_field")) })
	staff := widget.NewButtonWithIcon(tr("kioskmode.staff"), ftheme.SettingsIcon(), k.StaffMenu)
	staff.Importance = widget.LowImportance
	bar := container.NewHBox(end, take, pad, layout.NewSpacer(), staff)
	frame := container.NewBorder(container.NewVBox(bar, widget.NewSeparator()), nil, nil, nil, k.sh.Content())
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
			if k.sh == nil || !k.sh.Back() {
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
func (k *Kiosk) EndSession() {
	if k.mgr != nil {
		k.mgr.End() // Ended reports the result
	}
}

// endNow ends the session without waiting for the Ended hop (before a new
// session, exit or quit).
func (k *Kiosk) endNow() {
	if k.mgr == nil || k.sess == nil {
		return
	}
	s := k.sess
	err := k.mgr.End()
	k.ended(s, false, err)
}

// takeDraft opens the hand-over screen, where the applicant exports the
// draft to a USB stick before leaving.
func (k *Kiosk) takeDraft() {
	k.Touch()
	k.hideOverlay()
	if k.sh != nil {
		k.sh.Open(ScreenHandover)
		if h := handoverFor(k.deps); h != nil {
			h.reload() // drafts started since the screen was built
		}
	}
}

func (k *Kiosk) warn(remaining time.Duration) {
	if k.sess == nil || k.mgr == nil {
		return
	}
	if k.busy > 0 { // exporting or importing: the applicant is waiting, not gone
		k.mgr.Touch()
		return
	}
	if k.mgr.Remaining() > time.Duration(k.pins.cfg.WarnSeconds)*time.Second {
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
	buttons := container.NewGridWrap(fyne.NewSize(260, 80), cont, take, end)
	box := container.NewVBox(q, k.countdown, container.NewCenter(buttons))
	c := k.opts.Window.Canvas()
	k.overlay = widget.NewModalPopUp(container.NewCenter(container.NewGridWrap(fyne.NewSize(820, box.MinSize().Height), box)), c)
	k.overlay.Show()
	if sz := c.Size(); sz.Width > 0 {
		k.overlay.Resize(sz)
	}
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
	if s != k.sess {
		return
	}
	k.sess, k.sh, k.deps, k.busy = nil, nil, nil, 0
	k.hideOverlay()
	// Dialogs of the session (a file picker, an error) must not outlive it.
	c := k.opts.Window.Canvas()
	for o := c.Overlays().Top(); o != nil; o = c.Overlays().Top() {
		c.Overlays().Remove(o)
	}
	note := tr("kioskmode.ended.done")
	if expired {
		note = tr("kioskmode.ended.expired")
	}
	if !k.active {
		return
	}
	k.showWelcome(note)
	if err != nil {
		k.welcomeMsg.SetText(msg(err))
		k.welcomeMsg.Importance = widget.DangerImportance
		k.welcomeMsg.Refresh()
	}
}

// StaffMenu asks for the staff PIN, then offers: end the current session,
// the idle time, a new PIN, leave kiosk mode, close the app.
func (k *Kiosk) StaffMenu() {
	askPIN(k.opts.Window, k.pins, tr("kioskmode.staff.pin_title"), k.showStaffMenu)
}

func (k *Kiosk) showStaffMenu() {
	w := k.opts.Window
	var d dialog.Dialog
	idleOpts := []int{2, 3, 5, 10, 15, 30}
	names := make([]string, len(idleOpts))
	cur := ""
	for i, m := range idleOpts {
		names[i] = trm("kioskmode.staff.minutes", "Minutes", m)
		if m*60 == k.pins.cfg.IdleSeconds {
			cur = names[i]
		}
	}
	idle := i18n.NewSelect(names, nil)
	idle.Selected = cur
	idle.OnChanged = func(sel string) {
		for i, n := range names {
			if n == sel {
				if err := k.setIdle(idleOpts[i] * 60); err != nil {
					dialog.ShowError(fmt.Errorf("%s", msg(err)), w)
				}
			}
		}
	}
	endBtn := widget.NewButtonWithIcon(tr("kioskmode.staff.end_session"), ftheme.LogoutIcon(), func() {
		d.Hide()
		k.EndSession()
	})
	if k.sess == nil {
		endBtn.Disable()
	}
	pinBtn := widget.NewButtonWithIcon(tr("kioskmode.staff.change_pin"), ftheme.AccountIcon(), func() {
		d.Hide()
		setPIN(w, k.pins, nil)
	})
	exitBtn := widget.NewButtonWithIcon(tr("kioskmode.staff.exit_kiosk"), ftheme.ViewRestoreIcon(), func() {
		d.Hide()
		k.Exit()
	})
	quitBtn := widget.NewButtonWithIcon(tr("kioskmode.staff.quit"), ftheme.CancelIcon(), func() {
		d.Hide()
		k.quit()
	})
	quitBtn.Importance = widget.DangerImportance
	form := widget.NewForm(widget.NewFormItem(tr("kioskmode.staff.idle"), idle))
	content := container.NewVBox(form, endBtn, pinBtn, exitBtn, quitBtn)
	d = dialog.NewCustom(tr("kioskmode.staff.title"), tr("kioskmode.close"), content, w)
	d.Show()
	lastStaffMenu = &staffMenu{d: d, idle: idle, end: endBtn, pin: pinBtn, exit: exitBtn, quit: quitBtn}
}

// staffMenu is the open staff menu (tests drive it).
type staffMenu struct {
	d                    dialog.Dialog
	idle                 *widget.Select
	end, pin, exit, quit *widget.Button
}

var lastStaffMenu *staffMenu

// setIdle changes the idle time (the countdown stays at most a quarter of
// it); it applies from the next session.
func (k *Kiosk) setIdle(secs int) error {
	return k.pins.update(func(c *kiosk.Config) {
		c.IdleSeconds = secs
		c.WarnSeconds = min(kiosk.DefaultConfig.WarnSeconds, secs/4)
		c.WarnSeconds = max(c.WarnSeconds, kiosk.MinWarnSeconds)
	})
}

package shell

import (
	"fyne.io/fyne/v2"

	"github.com/naiman-yiye/yiye/app/i18n"
	"github.com/naiman-yiye/yiye/usererr"
)

// Context is what a screen's Build func gets: the app, the window, and
// navigation and messaging bound to that screen.
type Context struct {
	App    fyne.App
	Window fyne.Window

	shell  *Shell
	screen *screenState
}

// Push shows content as a new page on top of this screen's stack, with
// title (already translated) appended to the breadcrumb and a back button.
func (c *Context) Push(title string, content fyne.CanvasObject) {
	c.PushPage(Page{Title: title, Content: content})
}

// PushPage is Push with an OnPop callback.
func (c *Context) PushPage(p Page) { c.shell.push(c.screen, p) }

// Pop removes this screen's top page (as the back button does); it reports
// false on the root page.
func (c *Context) Pop() bool { return c.shell.pop(c.screen) }

// PopToRoot removes every pushed page of this screen.
func (c *Context) PopToRoot() {
	for c.shell.pop(c.screen) {
	}
}

// Depth is the number of pages on this screen's stack (1 = root only).
func (c *Context) Depth() int { return len(c.screen.stack) }

// Open switches to another screen (e.g. from 首页 to 我的草稿); it reports
// false for an unknown ID.
func (c *Context) Open(screenID string) bool { return c.shell.Open(screenID) }

// Toast shows a short message in the banner above the page.
func (c *Context) Toast(msg string) { c.shell.Toast(msg) }

// ShowError shows err in red in the banner, in the UI language; a
// *usererr.Error shows its own Chinese or English text.
func (c *Context) ShowError(err error) {
	if err == nil {
		return
	}
	c.shell.ToastError(usererr.Message(err, string(i18n.Current())))
}

// Notify tells the applicant something happened while they may be
// elsewhere (a status change): a banner, plus an OS notification except at
// kiosks (Windows toasts go through PowerShell, which locked-down
// terminals block).
func (c *Context) Notify(title, body string) { c.shell.News(title, body) }

// Kiosk reports whether the screen runs in a kiosk session.
func (c *Context) Kiosk() bool { return c.shell.opts.Kiosk }

// Demo reports whether the window shows sample data (--demo).
func (c *Context) Demo() bool { return c.shell.opts.Demo }

// Settings are the user's settings in effect.
func (c *Context) Settings() Settings { return c.shell.settings }

// Language is the UI language in effect.
func (c *Context) Language() i18n.Language { return i18n.Current() }

// Package consult is the conversation with the service hall (一线应答):
// one thread of questions and the staff's answers, about an application,
// a license, or in general, with files attached; questions asked offline
// wait in the core's outbox and go out once. It also says where else help
// is offered (the 12345 hotline and the hall, from the catalog's facts).
//
// The screens that show a thread (app/track for an application, app/
// licenseview for a license) build it with New and call Load when the
// core announces MessagesChanged.
package consult

import (
	"context"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/naiman-yiye/yiye/app/background"
	"github.com/naiman-yiye/yiye/app/filepick"
	"github.com/naiman-yiye/yiye/app/i18n"
	"github.com/naiman-yiye/yiye/app/ime"
	"github.com/naiman-yiye/yiye/app/shell"
	"github.com/naiman-yiye/yiye/catalog"
	"github.com/naiman-yiye/yiye/client/api"
	"github.com/naiman-yiye/yiye/core"
	"github.com/naiman-yiye/yiye/usererr"
)

// Thread is one consultation thread on a screen.
type Thread struct {
	c     *core.Core
	run   *background.Runner
	ctx   *shell.Context
	appID string
	lic   string

	list    *fyne.Container // messages, oldest first
	status  *widget.Label
	entry   *ime.Entry
	files   []string
	fileLbl *widget.Label
	send    *widget.Button
	attach  *widget.Button
	unpick  *widget.Button // removes the chosen files before sending
	root    fyne.CanvasObject
	conv    core.Conversation

	// OnChange, if set, is called after the thread changed height (its
	// screen's scroll must take the new size).
	OnChange func()

	// One load at a time; a change during it asks for one more.
	loading, again bool
}

// New builds the thread about application appID or license number (both
// "": general questions) on ctx's screen; it loads at once.
func New(c *core.Core, run *background.Runner, ctx *shell.Context, appID, number string) *Thread {
	t := &Thread{c: c, run: run, ctx: ctx, appID: appID, lic: number}
	t.list = container.NewVBox()
	t.status = shell.WrapLabel("")
	t.entry = ime.NewMultiLineEntry()
	t.entry.SetPlaceHolder(tr("consult.placeholder"))
	t.entry.SetMinRowsVisible(3)
	t.entry.Wrapping = fyne.TextWrapWord
	// It grows with the question instead of scrolling inside its box.
	t.entry.Scroll = container.ScrollNone
	t.fileLbl = shell.WrapLabel("")
	t.fileLbl.Importance = widget.LowImportance
	t.fileLbl.Hide()
	t.attach = widget.NewButtonWithIcon(tr("consult.attach"), theme.ContentAddIcon(), t.pickFile)
	t.unpick = widget.NewButtonWithIcon(tr("consult.remove_files"), theme.ContentClearIcon(), t.clearFiles)
	t.unpick.Importance = widget.LowImportance
	t.unpick.Hide()
	t.send = widget.NewButtonWithIcon(tr("consult.send"), theme.MailSendIcon(), t.sendNow)
	t.send.Importance = widget.HighImportance
	help := shell.WrapLabel(HelpText(c.Catalog()))
	help.Importance = widget.LowImportance
	// The remove button appears last, so nothing moves under the pointer.
	t.root = container.NewVBox(t.status, t.list, widget.NewSeparator(), t.entry, t.fileLbl,
		container.NewHBox(t.send, t.attach, t.unpick), help)
	t.Load()
	return t
}

// Object is the thread's view.
func (t *Thread) Object() fyne.CanvasObject { return t.root }

// Load fetches the thread (the copy last fetched when offline).
func (t *Thread) Load() {
	if t.loading {
		t.again = true
		return
	}
	t.loading = true
	c, appID, number := t.c, t.appID, t.lic
	t.run.Run(func() func() {
		cx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		conv, err := c.Conversation(cx, appID, number)
		return func() {
			t.loading = false
			t.show(conv, err)
			if t.again {
				t.again = false
				t.Load()
			}
		}
	})
}

func (t *Thread) show(conv core.Conversation, err error) {
	if err != nil {
		t.status.SetText(usererr.Message(err, string(t.ctx.Language())))
		t.status.Importance = widget.DangerImportance
		t.status.Show()
		return
	}
	t.conv = conv
	t.status.Importance = widget.MediumImportance
	switch {
	case conv.Offline:
		t.status.SetText(tr("consult.offline"))
		t.status.Importance = widget.WarningImportance
	case len(conv.Messages) == 0 && len(conv.Pending) == 0:
		t.status.SetText(tr("consult.empty"))
	default:
		t.status.SetText("")
	}
	t.status.Hidden = t.status.Text == ""
	t.status.Refresh()
	var objs []fyne.CanvasObject
	for _, m := range conv.Messages {
		objs = append(objs, messageBox(m))
	}
	for _, p := range conv.Pending {
		objs = append(objs, t.pendingBox(p))
	}
	t.list.Objects = objs
	t.list.Refresh()
	t.changed()
}

func (t *Thread) changed() {
	if t.OnChange != nil {
		t.OnChange()
	}
}

// messageBox is one message: who and when, the text, the files.
func messageBox(m api.Message) fyne.CanvasObject {
	when := i18n.FormatDateTime(m.At)
	var head *widget.Label
	if m.From == api.FromStaff {
		who := m.Department
		if who == "" {
			who = tr("consult.hall")
		}
		head = shell.BoldLabel(trm("consult.from_staff", "Who", who, "At", when))
		head.Importance = widget.SuccessImportance
	} else {
		head = shell.BoldLabel(trm("consult.from_me", "At", when))
	}
	box := container.NewVBox(head, shell.WrapLabel(m.Text))
	if len(m.Attachments) > 0 {
		var names []string
		for _, a := range m.Attachments {
			names = append(names, a.Filename)
		}
		f := shell.WrapLabel(trm("consult.files", "Files", i18n.JoinNames(names)))
		f.Importance = widget.LowImportance
		box.Add(f)
	}
	return box
}

// pendingBox is a message not sent yet, or refused with why.
func (t *Thread) pendingBox(p core.Pending) fyne.CanvasObject {
	head := shell.BoldLabel(trm("consult.pending", "At", i18n.FormatDateTime(p.At)))
	head.Importance = widget.WarningImportance
	box := container.NewVBox(head, shell.WrapLabel(p.Text))
	if len(p.Files) > 0 {
		box.Add(shell.WrapLabel(trm("consult.files", "Files", i18n.JoinNames(p.Files))))
	}
	if p.Err != nil {
		why := shell.WrapLabel(usererr.Message(p.Err, string(t.ctx.Language())))
		why.Importance = widget.DangerImportance
		id := p.ID
		retry := widget.NewButtonWithIcon(tr("consult.retry"), theme.ViewRefreshIcon(), func() {
			t.act(func(cx context.Context) error {
				return t.c.RetryMessage(cx, id)
			})
		})
		drop := widget.NewButtonWithIcon(tr("consult.delete"), theme.DeleteIcon(), func() {
			t.act(func(cx context.Context) error {
				return t.c.DeleteMessage(cx, id)
			})
		})
		box.Add(why)
		box.Add(container.NewHBox(retry, drop))
	}
	return box
}

// act runs f off the UI goroutine and reloads.
func (t *Thread) act(f func(context.Context) error) {
	t.run.Run(func() func() {
		cx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		err := f(cx)
		return func() {
			if err != nil {
				t.ctx.ShowError(err)
			}
			t.Load()
		}
	})
}

func (t *Thread) pickFile() {
	filepick.Open(t.ctx.Window, filepick.Options{Title: tr("consult.pick_title"), Extensions: []string{".pdf", ".jpg", ".jpeg", ".png"}},
		func(path string) {
			if path == "" {
				return
			}
			t.AddFile(path)
		})
}

// AddFile attaches a file to the question being written (a file chosen
// twice counts once; at most api.MaxMessageAttachments).
func (t *Thread) AddFile(path string) {
	for _, f := range t.files {
		if f == path {
			return
		}
	}
	if len(t.files) >= api.MaxMessageAttachments {
		t.ctx.ShowError(core.ErrTooManyFiles)
		return
	}
	t.files = append(t.files, path)
	t.showFiles()
}

// Files are the files chosen for the question being written.
func (t *Thread) Files() []string { return append([]string(nil), t.files...) }

// RemoveFilesButton takes the chosen files off the question.
func (t *Thread) RemoveFilesButton() *widget.Button { return t.unpick }

func (t *Thread) clearFiles() {
	t.files = nil
	t.showFiles()
}

// showFiles says which files go with the question and offers to add or
// remove them.
func (t *Thread) showFiles() {
	var names []string
	for _, f := range t.files {
		names = append(names, baseName(f))
	}
	if len(names) == 0 {
		t.fileLbl.SetText("")
		t.fileLbl.Hide()
		t.unpick.Hide()
	} else {
		t.fileLbl.SetText(trm("consult.files", "Files", i18n.JoinNames(names)))
		t.fileLbl.Show()
		t.unpick.Show()
	}
	if len(t.files) >= api.MaxMessageAttachments {
		t.attach.Disable()
	} else {
		t.attach.Enable()
	}
	t.changed()
}

func baseName(p string) string {
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		return p[i+1:]
	}
	return p
}

// Ask sets the question's text (the entry's content).
func (t *Thread) Ask(text string) { t.entry.SetText(text) }

// sendNow queues the question (it works offline) and clears the entry.
func (t *Thread) sendNow() {
	text, files := t.entry.Text, t.files
	c, appID, number := t.c, t.appID, t.lic
	t.send.Disable()
	t.run.Run(func() func() {
		cx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		err := c.SendMessage(cx, appID, number, text, files)
		return func() {
			t.send.Enable()
			if err != nil {
				t.ctx.ShowError(err)
				return
			}
			t.entry.SetText("")
			t.files = nil
			t.showFiles()
			t.ctx.Toast(tr("consult.queued"))
			t.Load()
		}
	})
}

// Conversation is what the thread shows now (for tests and screens).
func (t *Thread) Conversation() core.Conversation { return t.conv }

// SendButton is the thread's send button.
func (t *Thread) SendButton() *widget.Button { return t.send }

// AttachButton is the thread's button that adds a file.
func (t *Thread) AttachButton() *widget.Button { return t.attach }

// HelpText is where else help is offered: the 12345 hotline and the
// hall, in the catalog's words and the UI language.
func HelpText(cat *catalog.Catalog) string {
	if cat.Help == nil {
		return tr("consult.help_none")
	}
	return trm("consult.help", "Hotline", LocalNote(cat.Help.Hotline), "Hall", LocalNote(cat.Help.Hall))
}

// ReplyNotice is the notification for a staff reply: title and body.
func ReplyNotice(m api.Message) (title, body string) {
	who := m.Department
	if who == "" {
		who = tr("consult.hall")
	}
	title = trm("consult.notify_title", "Who", who)
	body = m.Text
	if r := []rune(body); len(r) > 80 {
		body = string(r[:80]) + "…"
	}
	return title, body
}

func english() bool { return i18n.Current() == i18n.English }

// LocalText picks the UI language's text of a catalog.Text.
func LocalText(t catalog.Text) string {
	if english() && t.EN != "" {
		return t.EN
	}
	return t.ZH
}

// LocalNote is a catalog note in the UI language, with the caveat
// (以奈曼旗办事指南为准) when the fact is uncertain and does not say so.
func LocalNote(n catalog.Note) string {
	if english() {
		return n.PlainEN()
	}
	return n.Plain()
}

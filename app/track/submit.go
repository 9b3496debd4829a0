package track

import (
	"bytes"
	"io"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/naiman-yiye/yiye/app/services"
	"github.com/naiman-yiye/yiye/app/shell"
	"github.com/naiman-yiye/yiye/client"
	"github.com/naiman-yiye/yiye/drafts"
)

// OpenSubmit is journey.Submit: 提交申请 on a ready draft pushes the
// submission page on the current screen.
func OpenSubmit(ctx *shell.Context, draftID string) {
	svc := services.For(ctx.Deps)
	if svc == nil {
		ctx.Push(tr("track.submit.title"), noServices())
		return
	}
	v := newSubmitView(ctx, svc, draftID)
	ctx.PushPage(shell.Page{Title: tr("track.submit.title"), Content: v.root, OnPop: v.close})
}

// submitView: what will be sent, readiness, print, submit, then progress.
type submitView struct {
	ctx     *shell.Context
	svc     *services.Services
	draftID string
	draft   *drafts.Draft

	summary  *fyne.Container
	missing  *widget.Label
	print    *widget.Button
	submit   *widget.Button
	progress *fyne.Container
	panel    *itemPanel
	outboxID int64
	open     *widget.Button
	root     fyne.CanvasObject
	unsub    func()
	closed   bool
}

func newSubmitView(ctx *shell.Context, svc *services.Services, draftID string) *submitView {
	v := &submitView{ctx: ctx, svc: svc, draftID: draftID}
	v.summary = container.NewVBox(widget.NewLabel(tr("track.loading")))
	v.missing = wrapLabel("")
	v.missing.Importance = widget.DangerImportance
	v.missing.Hide()
	v.print = widget.NewButtonWithIcon(tr("track.submit.print"), theme.DocumentPrintIcon(), v.onPrint)
	v.submit = widget.NewButtonWithIcon(tr("track.submit.confirm"), theme.UploadIcon(), v.onSubmit)
	v.submit.Importance = widget.HighImportance
	v.submit.Disable()
	v.open = widget.NewButtonWithIcon(tr("track.submit.open_apps"), theme.ListIcon(), func() { ctx.Open(shell.ScreenApplications) })
	v.open.Hide()
	v.progress = container.NewVBox()
	hint := wrapLabel(tr("track.submit.hint"))
	v.root = container.NewVScroll(container.NewVBox(v.summary, v.missing, hint,
		container.NewHBox(v.print, v.submit), v.progress, v.open))
	v.unsub = svc.Outbox.Subscribe(func(it client.Item) {
		svc.Post(func() {
			if v.panel != nil && it.ID == v.outboxID && !v.closed {
				v.panel.update(it)
				setVisible(v.open, it.State == client.StateSent)
			}
		})
	})
	v.load()
	if testSubmit != nil {
		testSubmit(v)
	}
	return v
}

func (v *submitView) close() {
	v.closed = true
	if v.unsub != nil {
		v.unsub()
	}
}

func (v *submitView) load() {
	v.svc.Run(func() func() {
		c, cancel := bg()
		defer cancel()
		d, err := v.svc.Drafts.Get(c, v.draftID)
		if err != nil {
			return func() { showErr(v.ctx, err) }
		}
		cat := v.svc.Catalog.Current()
		rep, _, _, rerr := services.Readiness(cat, d)
		var it client.Item
		var hasItem bool
		if id, ok := v.svc.OutboxIDFor(c, v.draftID); ok {
			if got, err := v.svc.Outbox.Get(c, id); err == nil {
				it, hasItem = got, true
			}
		}
		sub := services.SubmissionFromDraft(cat, d)
		return func() {
			v.draft = d
			v.showSummary(sub, d)
			if rerr != nil {
				showErr(v.ctx, rerr)
				return
			}
			if hasItem {
				v.showProgress(it)
				return
			}
			if !rep.Ready() {
				v.missing.SetText(trm("track.submit.missing", "N", rep.MissingCount()))
				v.missing.Show()
				v.submit.Disable()
				return
			}
			v.submit.Enable()
		}
	})
}

func (v *submitView) showSummary(sub client.Submission, d *drafts.Draft) {
	cat := v.svc.Catalog.Current()
	var items []string
	for _, c := range d.Items {
		if it, err := cat.Item(c); err == nil {
			items = append(items, "· "+it.Name)
		}
	}
	promised := len(d.Promised)
	rows := []fyne.CanvasObject{
		bold(sub.Title),
		widget.NewLabel(trm("track.submit.subject", "Name", sub.Request.Subject.Name, "USCC", sub.Request.Subject.USCC)),
		widget.NewLabel(tr("track.submit.items")),
	}
	for _, s := range items {
		rows = append(rows, widget.NewLabel(s))
	}
	rows = append(rows, widget.NewLabel(trm("track.submit.files", "N", len(sub.Files), "P", promised)))
	if a := sub.Request.Agent; a != nil {
		for _, l := range agentSummary(a) {
			rows = append(rows, wrapLabel(l))
		}
	}
	v.summary.Objects = rows
	v.summary.Refresh()
}

func (v *submitView) onSubmit() {
	v.submit.Disable()
	v.svc.Run(func() func() {
		c, cancel := bg()
		defer cancel()
		id, err := v.svc.SubmitDraft(c, v.draftID)
		if err != nil {
			return func() { showErr(v.ctx, err); v.submit.Enable() }
		}
		it, err := v.svc.Outbox.Get(c, id)
		if err != nil {
			return func() { showErr(v.ctx, err) }
		}
		online := v.svc.Online()
		return func() {
			v.showProgress(it)
			if online {
				toast(v.ctx, tr("track.submit.sending"))
			} else {
				toast(v.ctx, tr("track.submit.queued_offline"))
			}
		}
	})
}

func (v *submitView) showProgress(it client.Item) {
	v.outboxID = it.ID
	v.panel = newItemPanel(v.ctx, v.svc, it)
	v.progress.Objects = []fyne.CanvasObject{widget.NewSeparator(), bold(tr("track.submit.progress")), v.panel.box}
	v.progress.Refresh()
	v.submit.Hide()
	setVisible(v.open, it.State == client.StateSent)
}

// onPrint asks where to save the application form PDF.
func (v *submitView) onPrint() {
	if v.draft == nil {
		return
	}
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			showErr(v.ctx, err)
			return
		}
		if w == nil {
			return
		}
		v.writeForm(w, func(err error) {
			if err != nil {
				showErr(v.ctx, err)
				return
			}
			toast(v.ctx, trm("track.submit.printed", "File", w.URI().Name()))
		})
	}, v.ctx.Window)
	d.SetFileName(tr("track.submit.form_file") + ".pdf")
	d.SetFilter(storage.NewExtensionFileFilter([]string{".pdf"}))
	d.Show()
}

// writeForm renders the form off the UI goroutine and writes it to w.
func (v *submitView) writeForm(w io.WriteCloser, done func(error)) {
	d, cat := v.draft, v.svc.Catalog.Current()
	v.svc.Run(func() func() {
		var buf bytes.Buffer
		err := services.WriteApplicationForm(&buf, cat, d, time.Now())
		if err == nil {
			_, err = w.Write(buf.Bytes())
		}
		if cerr := w.Close(); err == nil {
			err = cerr
		}
		return func() { done(err) }
	})
}

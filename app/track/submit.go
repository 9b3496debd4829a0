package track

import (
	"io"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/naiman-yiye/yiye/app/filepick"
	"github.com/naiman-yiye/yiye/app/i18n"
	"github.com/naiman-yiye/yiye/app/shell"
	"github.com/naiman-yiye/yiye/application"
	"github.com/naiman-yiye/yiye/catalog"
	"github.com/naiman-yiye/yiye/client"
	"github.com/naiman-yiye/yiye/core"
	"github.com/naiman-yiye/yiye/drafts"
	"github.com/naiman-yiye/yiye/internal/robustio"
)

// buildSubmit builds 提交申请: the draft handed over last, or a pointer
// to 我的草稿 before any was.
func (t *Track) buildSubmit(ctx *shell.Context) fyne.CanvasObject {
	t.submitCtx = ctx
	t.submitRoot = container.NewStack()
	t.submit = nil
	if t.draftID != "" {
		t.showSubmit()
	} else {
		toDrafts := widget.NewButtonWithIcon(tr("track.submit.to_drafts"), theme.DocumentCreateIcon(),
			func() { ctx.Open(shell.ScreenDrafts) })
		t.submitRoot.Objects = []fyne.CanvasObject{container.NewVBox(shell.WrapLabel(tr("track.submit.none")),
			container.NewHBox(toDrafts))}
	}
	return t.submitRoot
}

// showSubmit replaces 提交申请's content with a view of t.draftID.
func (t *Track) showSubmit() {
	v := newSubmitView(t, t.submitCtx, t.draftID)
	t.submit = v
	t.submitRoot.Objects = []fyne.CanvasObject{v.root}
	t.submitRoot.Refresh()
}

// submitView: what will be sent, readiness, print, submit, then progress.
type submitView struct {
	t       *Track
	ctx     *shell.Context
	draftID string
	draft   *drafts.Draft

	summary   *fyne.Container
	missing   *widget.Label
	print     *widget.Button
	submit    *widget.Button
	toDrafts  *widget.Button
	progress  *fyne.Container
	panel     *itemPanel
	outboxID  int64
	open      *widget.Button
	result    *widget.Label   // what became of the submission, in words
	resultBox *fyne.Container // result and 查看我的申请
	root      fyne.CanvasObject
}

func newSubmitView(t *Track, ctx *shell.Context, draftID string) *submitView {
	v := &submitView{t: t, ctx: ctx, draftID: draftID}
	v.summary = container.NewVBox(widget.NewLabel(tr("track.loading")))
	v.missing = shell.WrapLabel("")
	v.missing.Importance = widget.DangerImportance
	v.missing.Hide()
	v.print = widget.NewButtonWithIcon(tr("track.submit.print"), theme.DocumentPrintIcon(), v.onPrint)
	v.submit = widget.NewButtonWithIcon(tr("track.submit.confirm"), theme.UploadIcon(), v.onSubmit)
	v.submit.Importance = widget.HighImportance
	v.submit.Disable()
	v.toDrafts = widget.NewButtonWithIcon(tr("track.submit.to_drafts"), theme.DocumentCreateIcon(),
		func() { ctx.Open(shell.ScreenDrafts) })
	v.open = widget.NewButtonWithIcon(tr("track.submit.open_apps"), theme.ListIcon(), func() { ctx.Open(shell.ScreenApplications) })
	v.open.Importance = widget.HighImportance
	v.result = shell.WrapLabel("")
	v.result.TextStyle.Bold = true
	v.resultBox = container.NewVBox(v.result, container.NewHBox(v.open))
	v.resultBox.Hide()
	v.progress = container.NewVBox()
	hint := shell.WrapLabel(tr("track.submit.hint"))
	// The buttons keep their places (disabled, never hidden) and what
	// happens shows right under them and stays: nothing moves under the
	// pointer, and the outcome is not a banner that goes unread.
	v.root = container.NewVScroll(container.NewVBox(v.summary, v.missing, hint,
		container.NewHBox(v.print, v.submit, v.toDrafts), v.resultBox, v.progress))
	v.load()
	return v
}

// live reports whether v is the view 提交申请 shows (not one replaced by
// another draft or a rebuild), so late answers do not speak for it.
func (v *submitView) live() bool { return v.t.submit == v }

// load reads the draft, its plan and its submission, if queued.
func (v *submitView) load() {
	c := v.t.core
	v.t.run.Run(func() func() {
		cx, cancel := bg()
		defer cancel()
		d, err := c.Drafts().Get(cx, v.draftID)
		if err != nil { // e.g. deleted meanwhile
			return func() {
				if v.live() {
					v.showUnavailable(err)
				}
			}
		}
		p, perr := c.Plan(d)
		var it client.Item
		var hasItem bool
		if id, ok := c.SubmissionFor(cx, v.draftID); ok {
			if got, err := c.Submission(cx, id); err == nil {
				it, hasItem = got, true
			}
		}
		return func() {
			if !v.live() {
				return
			}
			v.draft = d
			if perr != nil {
				v.showUnavailable(perr)
				return
			}
			v.showSummary(p.Submission(d), d)
			if hasItem {
				v.showProgress(it)
				return
			}
			v.clearProgress()
			switch rep := p.Readiness(d); {
			case d.Status.State != drafts.StateDraft:
				// Sent from elsewhere (another machine, before an import).
				v.showMissing(errText(v.ctx, core.ErrAlreadySubmitted))
				v.submit.Disable()
				v.showResult(tr("track.submit.elsewhere"), widget.MediumImportance)
			case !rep.Ready():
				v.showMissing(trm("track.submit.missing", "N", rep.MissingCount()))
				v.submit.Disable()
			default:
				v.missing.Hide()
				v.submit.Enable()
			}
		}
	})
}

// showUnavailable says on the page why the draft cannot be submitted.
func (v *submitView) showUnavailable(err error) {
	l := shell.WrapLabel(errText(v.ctx, err))
	l.Importance = widget.DangerImportance
	v.summary.Objects = []fyne.CanvasObject{l}
	v.summary.Refresh()
	v.submit.Disable()
}

func (v *submitView) showMissing(s string) {
	v.missing.SetText(s)
	v.missing.Show()
}

func (v *submitView) showSummary(sub client.Submission, d *drafts.Draft) {
	cat := v.t.core.Catalog()
	rows := []fyne.CanvasObject{
		shell.BoldLabel(submissionTitle(cat, sub)),
		widget.NewLabel(trm("track.submit.subject", "Name", sub.Request.Subject.Name, "USCC", sub.Request.Subject.USCC)),
		widget.NewLabel(tr("track.submit.items")),
	}
	for _, c := range d.Items {
		if it, err := cat.Item(c); err == nil {
			rows = append(rows, widget.NewLabel("· "+itemName(cat, c, it.Name)))
		}
	}
	rows = append(rows, widget.NewLabel(trm("track.submit.files", "N", len(sub.Files), "P", len(d.Promised))))
	if a := sub.Request.Agent; a != nil {
		for _, l := range agentSummary(a) {
			rows = append(rows, shell.WrapLabel(l))
		}
	}
	v.summary.Objects = rows
	v.summary.Refresh()
}

func (v *submitView) onSubmit() {
	v.submit.Disable()
	c := v.t.core
	v.t.run.Run(func() func() {
		cx, cancel := bg()
		defer cancel()
		id, err := c.SubmitDraft(cx, v.draftID)
		if err != nil {
			return func() { v.ctx.ShowError(err); v.submit.Enable() }
		}
		it, err := c.Submission(cx, id)
		if err != nil {
			return func() { v.ctx.ShowError(err) }
		}
		online := c.Online()
		return func() {
			if !v.live() {
				return
			}
			v.showProgress(it)
			if it.State != client.StateSent {
				if online {
					v.showResult(tr("track.submit.sending"), widget.MediumImportance)
				} else {
					v.showResult(tr("track.submit.queued_offline"), widget.WarningImportance)
				}
			}
		}
	})
}

// submissionChanged follows the submission shown.
func (v *submitView) submissionChanged(it client.Item) {
	if v.panel != nil && it.ID == v.outboxID {
		v.showProgress(it)
	}
}

// showProgress shows the draft's submission (one panel per submission).
func (v *submitView) showProgress(it client.Item) {
	if v.panel == nil || v.panel.id != it.ID {
		v.panel = newItemPanel(v.t, v.ctx, it, v.load)
		v.progress.Objects = []fyne.CanvasObject{widget.NewSeparator(), shell.BoldLabel(tr("track.submit.progress")), v.panel.box}
		v.progress.Refresh()
	} else {
		v.panel.update(it)
	}
	v.outboxID = it.ID
	v.submit.Disable()
	v.toDrafts.Disable() // a queued draft is not edited; withdraw it first
	v.missing.Hide()
	switch {
	case it.State == client.StateSent:
		v.showResult(trm("track.submit.sent", "Number", it.ApplicationNumber), widget.SuccessImportance)
	case it.State == client.StateFailed || it.State == client.StateAttention:
		v.showResult(tr("track.submit.needs_attention"), widget.DangerImportance)
	case !v.resultBox.Visible():
		v.showResult(tr("track.submit.sending"), widget.MediumImportance)
	}
}

// showResult says under the buttons what became of the submission; the
// way to 我的申请 shows once the portal has it.
func (v *submitView) showResult(text string, imp widget.Importance) {
	v.result.SetText(text)
	v.result.Importance = imp
	v.result.Refresh()
	setVisible(v.open, imp == widget.SuccessImportance || v.draft != nil && v.draft.Status.State == drafts.StateSubmitted)
	v.resultBox.Show()
}

// clearProgress: no submission (any more): the draft can be submitted.
func (v *submitView) clearProgress() {
	v.panel, v.outboxID = nil, 0
	v.progress.Objects = nil
	v.progress.Refresh()
	v.toDrafts.Enable()
	v.resultBox.Hide()
}

// onPrint asks where to save the application form PDF.
func (v *submitView) onPrint() {
	if v.draft == nil {
		return
	}
	filepick.Save(v.ctx.Window, filepick.Options{Title: tr("track.submit.print"),
		FileName: tr("track.submit.form_file") + ".pdf", Extensions: []string{".pdf"}}, func(path string) {
		if path == "" {
			return
		}
		v.writeForm(path, func(err error) {
			if err != nil {
				v.ctx.ShowError(err)
				return
			}
			v.ctx.Toast(trm("track.submit.printed", "File", path))
		})
	})
}

// writeForm renders the form into path off the UI goroutine, whole or
// not at all.
func (v *submitView) writeForm(path string, done func(error)) {
	c, id := v.t.core, v.draftID
	v.t.run.Run(func() func() {
		cx, cancel := bg()
		defer cancel()
		err := robustio.WriteFile(path, func(w io.Writer) error { return c.WriteApplicationForm(cx, w, id, time.Now()) })
		return func() { done(err) }
	})
}

// submissionTitle is the queued submission's title in the UI's language:
// the trade (or the procedure after issue) and the applicant's name. The
// outbox keeps the Chinese title it was queued with.
func submissionTitle(cat *catalog.Catalog, sub client.Submission) string {
	r := sub.Request
	return queuedTitle(cat, r.Kind, r.Industry, r.Subject.Name, sub.Title)
}

// queuedTitle is submissionTitle from a queued item's parts; chinese is
// the title it was queued with, shown in Chinese and when the parts are
// unknown to the catalog.
func queuedTitle(cat *catalog.Catalog, kind, industry, name, chinese string) string {
	if i18n.Current() != i18n.English {
		return chinese
	}
	if application.IsLifecycle(kind) {
		return KindLabel(cat, kind) + " · " + name
	}
	if _, err := cat.Industry(industry); err == nil {
		return industryName(cat, industry) + " · " + name
	}
	return chinese
}

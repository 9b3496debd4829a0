package track

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/naiman-yiye/yiye/app/shell"
	"github.com/naiman-yiye/yiye/client"
)

// itemPanel shows one queued submission: its state, an overall progress
// bar, a bar per file, why it waits, and pause/resume/retry/withdraw.
type itemPanel struct {
	t    *Track
	ctx  *shell.Context
	id   int64
	item client.Item
	// withdrawn is called after the submission was withdrawn (its draft
	// is a draft again).
	withdrawn func()

	title    *widget.Label
	state    *widget.Label
	overall  *widget.ProgressBar
	files    *fyne.Container
	fileBar  map[string]*widget.ProgressBar
	errText  *widget.Label
	pause    *widget.Button
	resume   *widget.Button
	retry    *widget.Button
	withdraw *widget.Button
	box      *fyne.Container
}

func newItemPanel(t *Track, ctx *shell.Context, it client.Item, withdrawn func()) *itemPanel {
	p := &itemPanel{t: t, ctx: ctx, id: it.ID, withdrawn: withdrawn, fileBar: map[string]*widget.ProgressBar{}}
	p.title = shell.BoldLabel("")
	p.state = widget.NewLabel("")
	p.overall = widget.NewProgressBar()
	p.overall.TextFormatter = func() string {
		return trm("track.progress.overall", "Done", p.item.FilesDone, "Total", len(p.item.Files),
			"Sent", mb(p.item.BytesSent), "Size", mb(p.item.BytesTotal))
	}
	p.files = container.NewVBox()
	p.errText = shell.WrapLabel("")
	p.errText.Importance = widget.DangerImportance
	c := t.core
	p.pause = widget.NewButtonWithIcon(tr("track.pause"), theme.MediaPauseIcon(), func() { p.act(c.PauseSubmission) })
	p.resume = widget.NewButtonWithIcon(tr("track.resume"), theme.MediaPlayIcon(), func() { p.act(c.ResumeSubmission) })
	p.retry = widget.NewButtonWithIcon(tr("track.retry"), theme.ViewRefreshIcon(), func() { p.act(c.RetrySubmission) })
	p.withdraw = widget.NewButtonWithIcon(tr("track.withdraw"), theme.ContentUndoIcon(), p.onWithdraw)
	p.withdraw.Importance = widget.LowImportance
	p.box = container.NewVBox(p.title, p.state, p.overall, p.files, p.errText,
		container.NewHBox(p.pause, p.resume, p.retry, p.withdraw))
	p.update(it)
	return p
}

func mb(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/(1<<20)) }

// act runs f on the submission and shows it afterwards.
func (p *itemPanel) act(f func(context.Context, int64) error) {
	id, c := p.id, p.t.core
	p.t.run.Run(func() func() {
		cx, cancel := bg()
		defer cancel()
		if err := f(cx, id); err != nil {
			return func() { p.ctx.ShowError(err) }
		}
		it, err := c.Submission(cx, id)
		if err != nil {
			return nil
		}
		return func() { p.update(it) }
	})
}

// onWithdraw takes the submission out of the queue; its draft goes back
// to 我的草稿 to be changed and submitted again.
func (p *itemPanel) onWithdraw() {
	id, c := p.id, p.t.core
	p.t.run.Run(func() func() {
		cx, cancel := bg()
		defer cancel()
		err := c.DeleteSubmission(cx, id)
		return func() {
			if err != nil {
				p.ctx.ShowError(err)
				return
			}
			p.ctx.Toast(tr("track.withdrawn"))
			if p.withdrawn != nil {
				p.withdrawn()
			}
		}
	})
}

// update shows it, unless it is older than what is shown (an answer that
// was overtaken by an event); call on the UI goroutine.
func (p *itemPanel) update(it client.Item) {
	if p.item.ID == it.ID && it.UpdatedAt.Before(p.item.UpdatedAt) {
		return
	}
	p.item = it
	p.title.SetText(queuedTitle(p.t.core.Catalog(), it.Kind, it.Industry, it.SubjectName, it.Title))
	st := OutboxStateLabel(it.State)
	waiting := !it.State.Done() && it.Err != nil // between attempts
	if waiting {
		st = OutboxStateLabel(client.StateQueued)
	}
	if it.Paused {
		st = tr("track.paused")
	}
	if it.State == client.StateSent && it.ApplicationNumber != "" {
		st += " · " + trm("track.app_number", "Number", it.ApplicationNumber)
	}
	p.state.SetText(st)
	p.overall.Max = 1
	switch {
	case it.BytesTotal > 0:
		p.overall.SetValue(float64(it.BytesSent) / float64(it.BytesTotal))
	case it.State == client.StateSent:
		p.overall.SetValue(1)
	default:
		p.overall.SetValue(0)
	}
	cat := p.t.core.Catalog()
	for _, f := range it.Files {
		key := f.MaterialID + "/" + f.Filename
		bar, ok := p.fileBar[key]
		if !ok {
			bar = widget.NewProgressBar()
			p.fileBar[key] = bar
			p.files.Add(container.NewBorder(nil, nil, widget.NewLabel(materialName(cat, f.MaterialID)), nil, bar))
		}
		if f.Size > 0 {
			bar.SetValue(float64(f.Sent) / float64(f.Size))
		}
		if f.Done {
			bar.SetValue(1)
		}
	}
	if it.Err != nil && !it.State.Done() || it.State == client.StateFailed || it.State == client.StateAttention {
		msg := ""
		if it.Err != nil {
			msg = errText(p.ctx, it.Err)
		}
		if waiting && it.Err != nil && it.Err.Code == client.CodeOffline {
			msg = tr("track.offline_wait")
		}
		p.errText.SetText(msg)
		p.errText.Show()
	} else {
		p.errText.Hide()
	}
	active := it.State == client.StateQueued || it.State == client.StateUploading || it.State == client.StateSubmitting
	setVisible(p.pause, active && !it.Paused)
	setVisible(p.resume, it.Paused)
	setVisible(p.retry, it.State == client.StateFailed || it.State == client.StateAttention)
	setVisible(p.withdraw, it.State == client.StateQueued && it.Paused || it.State == client.StateFailed ||
		it.State == client.StateAttention)
}

package track

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/naiman-yiye/yiye/app/services"
	"github.com/naiman-yiye/yiye/app/shell"
	"github.com/naiman-yiye/yiye/client"
)

// itemPanel shows one queued submission: its state, an overall progress
// bar, a bar per file, why it waits, and pause/resume/retry.
type itemPanel struct {
	ctx  *shell.Context
	svc  *services.Services
	id   int64
	item client.Item

	title   *widget.Label
	state   *widget.Label
	overall *widget.ProgressBar
	files   *fyne.Container
	fileBar map[string]*widget.ProgressBar
	errText *widget.Label
	pause   *widget.Button
	resume  *widget.Button
	retry   *widget.Button
	remove  *widget.Button
	box     *fyne.Container
}

func newItemPanel(ctx *shell.Context, svc *services.Services, it client.Item) *itemPanel {
	p := &itemPanel{ctx: ctx, svc: svc, id: it.ID, fileBar: map[string]*widget.ProgressBar{}}
	p.title = bold("")
	p.state = widget.NewLabel("")
	p.overall = widget.NewProgressBar()
	p.overall.TextFormatter = func() string {
		return trm("track.progress.overall", "Done", p.item.FilesDone, "Total", len(p.item.Files),
			"Sent", mb(p.item.BytesSent), "Size", mb(p.item.BytesTotal))
	}
	p.files = container.NewVBox()
	p.errText = wrapLabel("")
	p.errText.Importance = widget.DangerImportance
	p.pause = widget.NewButtonWithIcon(tr("track.pause"), theme.MediaPauseIcon(), func() { p.act(svc.Outbox.Pause) })
	p.resume = widget.NewButtonWithIcon(tr("track.resume"), theme.MediaPlayIcon(), func() { p.act(svc.Outbox.Resume) })
	p.retry = widget.NewButtonWithIcon(tr("track.retry"), theme.ViewRefreshIcon(), func() { p.act(svc.Outbox.Retry) })
	p.remove = widget.NewButtonWithIcon(tr("track.remove"), theme.DeleteIcon(), func() { p.act(svc.Outbox.Delete) })
	p.remove.Importance = widget.LowImportance
	p.box = container.NewVBox(p.title, p.state, p.overall, p.files, p.errText,
		container.NewHBox(p.pause, p.resume, p.retry, p.remove))
	p.update(it)
	return p
}

func mb(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/(1<<20)) }

func (p *itemPanel) act(f func(context.Context, int64) error) {
	id := p.id
	p.svc.Run(func() func() {
		c, cancel := bg()
		defer cancel()
		err := f(c, id)
		if err != nil {
			return func() { showErr(p.ctx, err) }
		}
		it, gerr := p.svc.Outbox.Get(c, id)
		if gerr != nil {
			return nil
		}
		return func() { p.update(it) }
	})
}

// update shows it; call on the UI goroutine.
func (p *itemPanel) update(it client.Item) {
	p.item = it
	p.title.SetText(it.Title)
	st := services.OutboxStateLabel(it.State)
	waiting := !it.State.Done() && it.Err != nil // between attempts
	if waiting {
		st = services.OutboxStateLabel(client.StateQueued)
	}
	if it.Paused {
		st = tr("track.paused")
	}
	if it.State == client.StateSent && it.ApplicationNumber != "" {
		st += " · " + trm("track.app_number", "Number", it.ApplicationNumber)
	}
	p.state.SetText(st)
	p.overall.Max = 1
	if it.BytesTotal > 0 {
		p.overall.SetValue(float64(it.BytesSent) / float64(it.BytesTotal))
	} else if it.State == client.StateSent {
		p.overall.SetValue(1)
	} else {
		p.overall.SetValue(0)
	}
	for _, f := range it.Files {
		key := f.MaterialID + "/" + f.Filename
		bar, ok := p.fileBar[key]
		if !ok {
			bar = widget.NewProgressBar()
			p.fileBar[key] = bar
			name := materialName(p.svc.Catalog.Current(), f.MaterialID)
			p.files.Add(container.NewBorder(nil, nil, widget.NewLabel(name), nil, bar))
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
	setVisible(p.remove, it.State == client.StateQueued && it.Paused || it.State == client.StateFailed ||
		it.State == client.StateAttention)
}

func setVisible(o fyne.CanvasObject, v bool) {
	if v {
		o.Show()
	} else {
		o.Hide()
	}
}

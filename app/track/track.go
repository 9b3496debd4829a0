// Package track is the applicant's side after the draft: 提交申请
// (readiness, 打印申请表, progress per file with pause/resume, the outbox
// while offline), 我的申请 (queued submissions and applications), the
// application detail (per-item status, timeline, working-day deadline,
// joint inspection) and answering a correction (补正).
//
// New builds the screens on one application core; the composition root
// passes Screens to the shell and OpenSubmit to the journey.
package track

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"github.com/naiman-yiye/yiye/app/background"
	"github.com/naiman-yiye/yiye/app/shell"
	"github.com/naiman-yiye/yiye/core"
	"github.com/naiman-yiye/yiye/drafts"
	"github.com/naiman-yiye/yiye/usererr"
)

// ScreenSubmit is the ID of 提交申请, a hidden screen opened with a draft
// through OpenSubmit.
const ScreenSubmit = "submit"

// Track is 提交申请 and 我的申请 of one window. It follows the core's
// events for as long as the core lives and routes them to the views built
// last; a Build after a language change replaces those views.
type Track struct {
	core *core.Core
	run  *background.Runner

	// 提交申请: the draft it shows, its screen's root and context, and
	// the view of that draft.
	draftID    string
	submitRoot *fyne.Container
	submitCtx  *shell.Context
	submit     *submitView

	apps *appsView
	// detail is the application detail on 我的申请's stack (nil when none
	// is shown); correct is the correction page above it.
	detail  *detailView
	correct *correctionView
}

// New builds the screens after the draft: 提交申请 (hidden, opened with a
// draft) and 我的申请. run does their disk and network work.
func New(c *core.Core, run *background.Runner) *Track {
	t := &Track{core: c, run: run}
	c.Subscribe(t.onEvent)
	return t
}

// Screens are 我的申请 (shell.ScreenApplications) and the hidden
// 提交申请 (ScreenSubmit).
func (t *Track) Screens() []shell.Screen {
	return []shell.Screen{
		{ID: shell.ScreenApplications, TitleKey: "nav.applications", Title: "我的申请", IconName: theme.IconNameList,
			Build: t.buildApplications},
		{ID: ScreenSubmit, TitleKey: "track.submit.title", Title: "提交申请", Hidden: true, Build: t.buildSubmit},
	}
}

// OpenSubmit is what 提交申请 in the journey calls: it shows the
// submission screen for the draft.
func (t *Track) OpenSubmit(ctx *shell.Context, draftID string) {
	t.draftID = draftID
	shown := t.submit
	if !ctx.Open(ScreenSubmit) {
		fyne.LogError("track: the shell has no submission screen", nil)
		return
	}
	if t.submit == shown { // the screen was built before: show the draft on it
		t.showSubmit()
	}
}

// onEvent routes the core's events (on the UI goroutine) to the views.
func (t *Track) onEvent(ev core.Event) {
	switch e := ev.(type) {
	case core.SubmissionChanged:
		if t.submit != nil {
			t.submit.submissionChanged(e.Item)
		}
		if t.apps != nil {
			t.apps.outboxChanged(e.Item)
		}
	case core.DraftChanged:
		if t.submit != nil && e.ID == t.submit.draftID {
			t.submit.load()
		}
		if t.apps != nil && e.Kind == drafts.StatusChanged {
			t.apps.reload() // queued, or withdrawn from the queue
		}
	case core.StatusChanged:
		if t.apps != nil {
			t.apps.reload()
		}
		if t.detail != nil {
			for _, ch := range e.Changes {
				if ch.Application.ID == t.detail.id {
					t.detail.load()
					break
				}
			}
		}
	case core.MessagesChanged:
		if t.detail != nil && t.detail.thread != nil {
			t.detail.thread.Load()
		}
	case core.FilingsChanged:
		if t.detail != nil && t.detail.id == e.ApplicationID {
			t.detail.load()
		}
	case core.SessionChanged, core.PortalChanged:
		if t.apps != nil {
			t.apps.reload()
		}
	case core.Connectivity:
		if e.Online && t.apps != nil {
			t.apps.reload()
		}
	case core.CatalogReplaced:
		if t.submit != nil {
			t.submit.load()
		}
		if t.apps != nil {
			t.apps.reload()
		}
	}
}

func bg() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), 2*time.Minute)
}

// errText is err in the UI language.
func errText(ctx *shell.Context, err error) string {
	return usererr.Message(err, string(ctx.Language()))
}

func setVisible(o fyne.CanvasObject, v bool) {
	if v {
		o.Show()
	} else {
		o.Hide()
	}
}

package journey

import (
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"github.com/naiman-yiye/yiye/app/background"
	"github.com/naiman-yiye/yiye/app/shell"
	"github.com/naiman-yiye/yiye/core"
	"github.com/naiman-yiye/yiye/drafts"
)

// New builds the journey of one window (or kiosk session) on its core.
// It follows the core's events from now until Close: a newer catalog
// rebuilds the industries and re-checks open drafts, a draft created,
// deleted or submitted elsewhere updates the draft lists and closes its
// tab — no polling.
func New(c *core.Core, run *background.Runner, opts Options) *Journey {
	j := &Journey{core: c, run: run, opts: opts}
	j.onError = func(err error) {
		if j.ctx != nil {
			j.ctx.ShowError(err)
		} else if opts.Window != nil {
			showError(err, opts.Window)
		}
	}
	j.unsubscribe = c.Subscribe(j.event)
	return j
}

// Screens are the journey's navigation entries: 首页 and 我的草稿.
func (j *Journey) Screens() []shell.Screen {
	return []shell.Screen{
		{ID: shell.ScreenHome, TitleKey: "nav.home", Title: "首页", IconName: theme.IconNameHome,
			Build: func(ctx *shell.Context) fyne.CanvasObject { j.bind(ctx); return j.Home() }},
		{ID: shell.ScreenDrafts, TitleKey: "nav.drafts", Title: "我的草稿", IconName: theme.IconNameDocumentCreate,
			Build: func(ctx *shell.Context) fyne.CanvasObject { j.bind(ctx); return j.Workspace() }},
	}
}

// bind keeps the latest screen context for navigation and messages.
func (j *Journey) bind(ctx *shell.Context) { j.ctx = ctx }

// open shows another screen of the shell.
func (j *Journey) open(id string) {
	if j.ctx != nil {
		j.ctx.Open(id)
	}
}

// event follows the core (on the UI goroutine).
func (j *Journey) event(e core.Event) {
	switch e := e.(type) {
	case core.CatalogReplaced:
		j.catalogReplaced()
	case core.DraftChanged:
		switch e.Kind {
		case drafts.Edited:
			j.draftsChanged()
		case drafts.StatusChanged:
			if e.Status.State != drafts.StateDraft {
				// Handed over for submission: it can no longer be edited.
				for _, s := range slices.Clone(j.sessions) {
					if s.draft.ID == e.ID {
						j.closeSession(s)
					}
				}
			}
			j.refreshDraftLists()
		case drafts.Deleted:
			for _, s := range slices.Clone(j.sessions) {
				if s.draft.ID == e.ID {
					j.closeSession(s)
				}
			}
			j.refreshDraftLists()
		default:
			j.refreshDraftLists()
		}
	case core.PortalChanged:
		for _, s := range j.sessions {
			if s.form != nil {
				s.form.updateLookup()
			}
		}
	}
}

// catalogReplaced rebuilds what shows the catalog: the industries, the
// draft cards and every open draft's check against its items.
func (j *Journey) catalogReplaced() {
	if j.grid != nil {
		j.grid.setIndustries(j.core.Catalog().Industries)
	}
	for _, s := range j.sessions {
		s.catalogReplaced()
	}
	j.refreshDraftLists()
}

// Close writes every open draft's pending values and stops following the
// core; call it when the window closes or the kiosk session ends, before
// the core closes. It waits for the writes.
func (j *Journey) Close() {
	if j.unsubscribe != nil {
		j.unsubscribe()
		j.unsubscribe = nil
	}
	for _, s := range j.sessions {
		s.close()
	}
	j.sessions = nil
	j.run.Wait()
}

// listsEvery is how often the draft cards may reload while the applicant
// types (they show the last save and how complete each draft is).
const listsEvery = 3 * time.Second

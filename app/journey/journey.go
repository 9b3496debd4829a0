package journey

import (
	"errors"
	"fmt"
	"slices"
	"time"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/naiman-yiye/yiye/app/background"
	"github.com/naiman-yiye/yiye/app/i18n"
	"github.com/naiman-yiye/yiye/app/shell"
	"github.com/naiman-yiye/yiye/application"
	"github.com/naiman-yiye/yiye/catalog"
	"github.com/naiman-yiye/yiye/core"
	"github.com/naiman-yiye/yiye/drafts"
	"github.com/naiman-yiye/yiye/usererr"
)

// Journey holds the journey screens of one window: the home screen and the
// workspace where open drafts sit side by side as tabs.
type Journey struct {
	core *core.Core
	run  *background.Runner
	opts Options
	ctx  *shell.Context // the last screen built: navigation and messages

	sessions   []*session
	tabs       *container.DocTabs
	work       *fyne.Container // the workspace: tabs, or the draft list when none is open
	grid       *industryGrid
	homeList   *fyne.Container // draft cards on the home screen
	homeDrafts *fyne.Container // their section, shown when there are drafts
	workList   *fyne.Container // draft cards in the empty workspace

	// onError shows a failure to the user (the shell's banner).
	onError func(error)

	dropInstalled bool
	unsubscribe   func()
	listsAt       time.Time // last reload of the draft cards
}

// Home builds the home screen: industries to choose from, drafts to
// continue, and the way to my applications and my licenses.
func (j *Journey) Home() fyne.CanvasObject {
	cat := j.core.Catalog()
	j.grid = newIndustryGrid(cat.Industries, j.startDraft)

	title := widget.NewLabel(tr("journey.home.title"))
	title.SizeName = theme.SizeNameHeadingText
	title.TextStyle.Bold = true
	hint := widget.NewLabel(tr("journey.home.hint"))
	hint.Wrapping = wrap()
	hint.Importance = widget.LowImportance

	apps := widget.NewButtonWithIcon(tr("journey.home.my_applications"), theme.ListIcon(), func() {
		j.open(shell.ScreenApplications)
	})
	lic := widget.NewButtonWithIcon(tr("journey.home.my_licenses"), theme.FileTextIcon(), func() {
		j.open(shell.ScreenLicenses)
	})
	contTitle := widget.NewLabel(tr("journey.home.continue"))
	contTitle.TextStyle.Bold = true
	j.homeList = container.NewHBox()
	j.homeDrafts = container.NewVBox(contTitle, container.NewHScroll(j.homeList), widget.NewSeparator())
	j.homeDrafts.Hide() // until there is a draft to continue
	j.refreshDraftLists()

	// One page that scrolls as a whole: with large text or drafts to
	// continue, every industry can still be reached.
	return shell.NewPageScroll(container.NewVBox(
		container.NewBorder(nil, nil, nil, container.NewHBox(apps, lic), title),
		hint, j.homeDrafts, j.grid.search, j.grid.empty, j.grid.grid))
}

// Workspace builds the screen with the open drafts as tabs.
func (j *Journey) Workspace() fyne.CanvasObject {
	j.tabs = container.NewDocTabs()
	j.tabs.CloseIntercept = func(ti *container.TabItem) {
		for _, s := range j.sessions {
			if s.root == ti.Content {
				j.closeSession(s)
				return
			}
		}
		j.tabs.Remove(ti)
	}
	j.workList = container.NewGridWrap(fyne.NewSize(260, 150))
	j.work = container.NewStack()
	for i, s := range j.sessions {
		if s.lang != i18n.Current() {
			// Built before a language change: rebuild from the draft in
			// memory (values and attachments are current there).
			s.close()
			ns, err := newSession(j, s.draft, s.fixedPlan())
			if err != nil {
				j.onError(err)
				continue
			}
			ns.show(s.step)
			j.sessions[i] = ns
			s = ns
		}
		j.tabs.Append(container.NewTabItem(tabTitle(s.title()), s.root))
	}
	j.refreshWorkspace()
	j.refreshDraftLists()
	return j.work
}

func (j *Journey) refreshWorkspace() {
	if j.work == nil {
		return
	}
	if len(j.sessions) > 0 {
		j.work.Objects = []fyne.CanvasObject{j.tabs}
	} else {
		t := widget.NewLabel(tr("journey.work.empty"))
		t.Wrapping = wrap()
		start := widget.NewButtonWithIcon(tr("journey.work.start"), theme.ContentAddIcon(), func() { j.open(shell.ScreenHome) })
		start.Importance = widget.HighImportance
		head := container.NewVBox(t, container.NewHBox(start))
		j.work.Objects = []fyne.CanvasObject{container.NewBorder(head, nil, nil, nil, shell.NewPageScroll(j.workList))}
	}
	j.work.Refresh()
}

// startDraft creates a draft for ind (off the UI goroutine) and opens it.
func (j *Journey) startDraft(ind *catalog.Industry) {
	c := j.core
	title := trm("journey.draft.default_title", "Industry", localName(ind.Name, ind.NameEN),
		"Date", longDate(j.now()))
	j.run.Run(func() func() {
		ctx, cancel := storageCtx()
		defer cancel()
		d, err := c.NewDraft(ctx, ind.Code, title)
		return func() {
			if err != nil {
				j.onError(err)
				return
			}
			j.openLoaded(d, nil)
		}
	})
}

// OpenDraft loads draft id (off the UI goroutine) and shows it in the
// workspace, or selects its tab if it is already open.
func (j *Journey) OpenDraft(id string) {
	for _, s := range j.sessions {
		if s.draft.ID == id {
			j.selectSession(s)
			return
		}
	}
	c, store := j.core, j.core.Drafts()
	j.run.Run(func() func() {
		ctx, cancel := storageCtx()
		defer cancel()
		d, err := store.Get(ctx, id)
		var fixed *application.Plan
		if err == nil && application.IsLifecycle(d.Kind) {
			// Its items were chosen on the license: plan them with the
			// license it concerns, not from the questions.
			fixed, err = c.Plan(d)
		}
		return func() {
			if err != nil {
				j.onError(err)
				return
			}
			j.openLoaded(d, fixed)
		}
	})
}

// openLoaded shows draft d; fixed is the plan of a draft after issue (nil
// for a first application, whose plan follows its answers).
func (j *Journey) openLoaded(d *drafts.Draft, fixed *application.Plan) {
	for _, s := range j.sessions {
		if s.draft.ID == d.ID {
			j.selectSession(s)
			return
		}
	}
	s, err := newSession(j, d, fixed)
	if err != nil {
		j.onError(err)
		return
	}
	j.sessions = append(j.sessions, s)
	if j.tabs != nil {
		j.tabs.Append(container.NewTabItem(tabTitle(s.title()), s.root))
	}
	j.refreshWorkspace()
	j.selectSession(s)
}

func (j *Journey) selectSession(s *session) {
	if j.tabs != nil {
		for _, ti := range j.tabs.Items {
			if ti.Content == s.root {
				j.tabs.Select(ti)
			}
		}
	}
	j.open(shell.ScreenDrafts)
}

// retitle updates a session's tab after the entity name changed.
func (j *Journey) retitle(s *session) {
	if j.tabs == nil {
		return
	}
	for _, ti := range j.tabs.Items {
		if ti.Content == s.root && ti.Text != tabTitle(s.title()) {
			ti.Text = tabTitle(s.title())
			j.tabs.Refresh()
		}
	}
}

func (j *Journey) closeSession(s *session) {
	s.close()
	j.sessions = slices.DeleteFunc(j.sessions, func(x *session) bool { return x == s })
	if j.tabs != nil {
		for _, ti := range j.tabs.Items {
			if ti.Content == s.root {
				j.tabs.Remove(ti)
			}
		}
	}
	j.refreshWorkspace()
	j.refreshDraftLists()
}

// draftCard is one draft to continue: title, industry, last saved time and
// how complete it is.
type draftInfo struct {
	drafts.Summary
	Complete float64 // 0..1: required fields filled and materials provided
}

// draftsChanged reloads the draft cards (last saved, completeness) at
// most every few seconds while the applicant types.
func (j *Journey) draftsChanged() {
	if time.Since(j.listsAt) < listsEvery {
		return
	}
	j.refreshDraftLists()
}

// refreshDraftLists reloads the draft cards of the home screen and the
// empty workspace in the background.
func (j *Journey) refreshDraftLists() {
	if j.homeList == nil && j.workList == nil {
		return // no screen shows them yet
	}
	c := j.core
	j.listsAt = time.Now()
	j.run.Run(func() func() {
		ctx, cancel := storageCtx()
		defer cancel()
		list, err := c.Drafts().List(ctx)
		if err != nil {
			return func() { j.onError(err) }
		}
		var infos []draftInfo
		for _, sum := range list {
			if sum.Status.State != drafts.StateDraft {
				continue // handed over for submission: 我的申请 shows it
			}
			info := draftInfo{Summary: sum}
			if d, err := c.Drafts().Get(ctx, sum.ID); err == nil {
				if p, err := c.Plan(d); err == nil {
					info.Complete = p.Completeness(d)
				}
			}
			infos = append(infos, info)
		}
		return func() { j.showDraftLists(infos) }
	})
}

func (j *Journey) showDraftLists(infos []draftInfo) {
	cat := j.core.Catalog()
	cards := func() []fyne.CanvasObject {
		var out []fyne.CanvasObject
		for _, info := range infos {
			out = append(out, j.draftCard(cat, info))
		}
		return out
	}
	if j.homeList != nil {
		j.homeList.Objects = cards()
		j.homeList.Refresh()
		if len(j.homeList.Objects) == 0 {
			j.homeDrafts.Hide()
		} else {
			j.homeDrafts.Show()
		}
	}
	if j.workList != nil {
		j.workList.Objects = cards()
		j.workList.Refresh()
	}
}

func (j *Journey) draftCard(cat *catalog.Catalog, info draftInfo) fyne.CanvasObject {
	indName := info.Industry
	if ind, err := cat.Industry(info.Industry); err == nil {
		indName = localName(ind.Name, ind.NameEN)
	}
	title := widget.NewLabel(info.Title)
	title.TextStyle.Bold = true
	title.Truncation = fyne.TextTruncateEllipsis
	saved := i18n.FormatDateTime(info.UpdatedAt)
	if y, m, d := info.UpdatedAt.Local().Date(); y == j.now().Year() && m == j.now().Month() && d == j.now().Day() {
		saved = trm("journey.draft.today", "Time", info.UpdatedAt.Local().Format("15:04"))
	}
	meta := widget.NewLabel(trm("journey.draft.meta", "Industry", indName, "Saved", saved))
	meta.Importance = widget.LowImportance
	meta.Wrapping = wrap()
	bar := widget.NewProgressBar()
	bar.SetValue(info.Complete)
	bar.TextFormatter = func() string {
		return trm("journey.draft.complete", "Percent", fmt.Sprintf("%.0f", info.Complete*100))
	}
	id := info.ID
	open := widget.NewButtonWithIcon(tr("journey.draft.continue"), theme.DocumentCreateIcon(), func() { j.OpenDraft(id) })
	open.Importance = widget.HighImportance
	del := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() { j.confirmDelete(id, info.Title) })
	del.Importance = widget.LowImportance
	badge := newBadge(glyphFor(info.Industry, indName), 36)
	body := container.NewVBox(title, meta, bar, container.NewBorder(nil, nil, nil, del, open))
	card := widget.NewCard("", "", container.NewBorder(nil, nil, container.NewVBox(badge, layout.NewSpacer()), nil, body))
	return container.NewGridWrap(fyne.NewSize(280, card.MinSize().Height), card)
}

func (j *Journey) confirmDelete(id, title string) {
	if j.opts.Window == nil {
		return
	}
	confirmDialog(tr("journey.draft.delete_title"), trm("journey.draft.delete_message", "Title", title), func(ok bool) {
		if !ok {
			return
		}
		for _, s := range j.sessions {
			if s.draft.ID == id {
				j.closeSession(s)
			}
		}
		store := j.core.Drafts()
		j.run.Run(func() func() {
			ctx, cancel := storageCtx()
			defer cancel()
			if err := store.Delete(ctx, id); err != nil {
				return func() { j.onError(err) }
			}
			return nil // the core announces the deletion
		})
	}, j.opts.Window)
}

// showError shows err in a dialog, in the UI language.
func showError(err error, w fyne.Window) {
	var ue *usererr.Error
	msg := err.Error()
	if errors.As(err, &ue) {
		msg = ue.Message(langCode())
	}
	infoDialog(tr("journey.error_title"), msg, w)
}

// tabTitle shortens a draft's title for its tab, so several drafts fit
// side by side: about 14 Chinese characters, or twice as many Latin
// letters ("Convenience store" stays whole).
func tabTitle(t string) string {
	const budget = 28 // in half-width columns
	width := func(r rune) int {
		if r >= 0x1100 && (unicode.Is(unicode.Han, r) || r >= 0x3000) {
			return 2
		}
		return 1
	}
	used := 0
	for i, r := range t {
		used += width(r)
		if used > budget {
			// Make room for the ellipsis (two columns at most).
			cut := []rune(t[:i])
			for w := 0; w < 2 && len(cut) > 0; {
				w += width(cut[len(cut)-1])
				cut = cut[:len(cut)-1]
			}
			return string(cut) + "…"
		}
	}
	return t
}

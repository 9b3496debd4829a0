package journey

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/naiman-yiye/yiye/app/background"
	"github.com/naiman-yiye/yiye/app/i18n"
	"github.com/naiman-yiye/yiye/app/shell"
	"github.com/naiman-yiye/yiye/application"
	"github.com/naiman-yiye/yiye/catalog"
	"github.com/naiman-yiye/yiye/drafts"
	"github.com/naiman-yiye/yiye/forms"
	"github.com/naiman-yiye/yiye/usererr"
)

// The steps of one draft, in order.
const (
	stepQuestions = iota
	stepNotice
	stepForm
	stepMaterials
	stepCount
)

var stepKeys = [stepCount]string{
	"journey.step.questions", "journey.step.notice", "journey.step.form", "journey.step.materials",
}

// session is one open draft: its data, its autosaver and its step views.
// All fields are touched on the UI goroutine only; background work gets
// copies and reports back through fyne.Do.
type session struct {
	j     *Journey
	draft *drafts.Draft // as loaded; Values and Attachments are kept current
	cat   *catalog.Catalog
	ind   *catalog.Industry

	q           *questionnaire    // nil for a draft after issue: its items come from the license
	plan        *application.Plan // notice and merged form of the chosen items; nil until committed
	lifecycle   bool              // a procedure on an issued license (增加事项, 变更, 延续, 注销 …)
	noticeTabs  *container.AppTabs
	noticeSaved *widget.Label
	form        *mergedForm
	mats        *materialsView
	saver       *drafts.AutoSaver
	writes      *background.Queue

	step      int
	body      *fyne.Container
	steps     []*widget.Button
	saved     *widget.Label
	banner    *fyne.Container
	back      *widget.Button
	next      *widget.Button
	hint      *widget.Label // beside 下一步: what is still open in this step
	root      fyne.CanvasObject
	closed    bool
	origTitle string
	lang      i18n.Language // UI language the widgets were built in
	savedGen  int           // bumps on every change; the indicator shows only the latest
}

// newSession opens draft d. fixed is the plan of a draft after issue,
// made with the license it concerns; a first application's plan follows
// its answers and fixed is nil.
func newSession(j *Journey, d *drafts.Draft, fixed *application.Plan) (*session, error) {
	cat := j.core.Catalog()
	ind, err := cat.Industry(d.Industry)
	if err != nil {
		return nil, err
	}
	lifecycle := application.IsLifecycle(d.Kind)
	if lifecycle && fixed == nil {
		return nil, application.ErrNeedsLicense
	}
	s := &session{j: j, draft: d, cat: cat, ind: ind, writes: j.run.NewQueue(), origTitle: d.Title, lang: i18n.Current(),
		lifecycle: lifecycle}
	if lifecycle {
		s.plan = fixed
	}
	if strings.TrimSpace(d.Values["entity_name"]) == d.Title {
		// Retitled from the entity name earlier; a cleared name falls back
		// to the industry.
		s.origTitle = localName(ind.Name, ind.NameEN)
	}
	if d.Values == nil {
		d.Values = forms.Values{}
	}
	s.saver = j.core.Drafts().AutoSaver(d.ID)
	s.saver.OnError(func(err error) {
		msg := usererr.Message(err, langCode())
		j.run.Post(func() { s.saved.SetText(msg); s.saved.Importance = widget.DangerImportance; s.saved.Refresh() })
	})
	if !lifecycle {
		s.q = newQuestionnaire(cat, ind, catalog.Answers(d.Answers), d.Added, d.Dropped)
		s.q.onChange = s.selectionChanged
	}
	s.build()
	s.checkCatalogVersion()
	start := stepQuestions
	if !lifecycle && len(d.Items) > 0 && len(d.Answers) > 0 {
		start = stepNotice
	}
	if len(d.Values) > 0 && !lifecycle {
		// A draft after issue starts pre-filled from the license: it
		// opens on what it applies for.
		start = stepForm
	}
	if len(d.Attachments) > 0 || len(d.Promised) > 0 {
		start = stepMaterials
	}
	s.show(start)
	return s, nil
}

// title is the tab and list title: the entity's name once typed, else
// the title the draft was created with (industry and date).
func (s *session) title() string {
	if n := strings.TrimSpace(s.draft.Values["entity_name"]); n != "" {
		return n
	}
	if s.origTitle != "" {
		return s.origTitle
	}
	return localName(s.ind.Name, s.ind.NameEN)
}

func (s *session) build() {
	s.saved = widget.NewLabel("")
	s.saved.Importance = widget.SuccessImportance
	var stepBtns []fyne.CanvasObject
	for i := 0; i < stepCount; i++ {
		i := i
		key := stepKeys[i]
		if i == stepQuestions && s.lifecycle {
			key = "journey.step.procedure"
		}
		b := widget.NewButton(trm("journey.step.numbered", "N", i+1, "Name", tr(key)), func() { s.goTo(i) })
		s.steps = append(s.steps, b)
		stepBtns = append(stepBtns, b)
	}
	head := container.NewBorder(nil, nil, nil, s.saved, container.NewHBox(stepBtns...))
	s.banner = container.NewVBox()
	s.body = container.NewStack()
	s.back = widget.NewButtonWithIcon(tr("journey.nav.back"), theme.NavigateBackIcon(), func() { s.goTo(s.step - 1) })
	s.next = widget.NewButtonWithIcon(tr("journey.nav.next"), theme.NavigateNextIcon(), s.onNext)
	s.next.Importance = widget.HighImportance
	s.next.IconPlacement = widget.ButtonIconTrailingText
	s.hint = widget.NewLabel("")
	s.hint.Importance = widget.WarningImportance
	s.hint.Alignment = fyne.TextAlignTrailing
	s.hint.Truncation = fyne.TextTruncateEllipsis
	foot := container.NewBorder(nil, nil, s.back, s.next, s.hint)
	s.root = container.NewBorder(container.NewVBox(head, s.banner, widget.NewSeparator()),
		container.NewVBox(widget.NewSeparator(), foot), nil, nil, s.body)
}

// goTo shows step i if the draft is far enough along for it.
func (s *session) goTo(i int) {
	if i < 0 || i >= stepCount {
		return
	}
	if i > stepQuestions && !s.hasItems() {
		return
	}
	if i > stepQuestions && s.plan == nil {
		s.commitSelection()
	}
	s.show(i)
}

func (s *session) onNext() {
	switch s.step {
	case stepQuestions:
		s.commitSelection()
		s.show(stepNotice)
	case stepMaterials:
		s.submit()
	default:
		s.show(s.step + 1)
	}
}

// show swaps in the view of step i, building it on first use.
func (s *session) show(i int) {
	if i > stepQuestions && s.plan == nil {
		s.commitSelection()
	}
	s.step = i
	var view fyne.CanvasObject
	switch i {
	case stepQuestions:
		if s.lifecycle {
			view = s.procedureView()
		} else {
			view = s.questionsView()
		}
	case stepNotice:
		view = s.noticeView()
	case stepForm:
		view = s.formView()
	case stepMaterials:
		view = s.materialsView()
	}
	s.body.Objects = []fyne.CanvasObject{view}
	s.body.Refresh()
	for k, b := range s.steps {
		switch {
		case k == i:
			b.Importance = widget.HighImportance
		default:
			b.Importance = widget.LowImportance
		}
		b.Refresh()
	}
	if i == stepQuestions {
		s.back.Hide()
	} else {
		s.back.Show()
	}
	s.updateHint()
	if i == stepMaterials {
		s.next.SetText(tr("journey.nav.submit"))
		s.next.SetIcon(theme.MailSendIcon())
		s.refreshSubmit()
	} else {
		s.next.SetText(tr("journey.nav.next"))
		s.next.SetIcon(theme.NavigateNextIcon())
		s.next.Enable()
		if i == stepQuestions && !s.hasItems() {
			s.next.Disable()
		}
	}
}

func (s *session) questionsView() fyne.CanvasObject {
	left := shell.NewPageScroll(container.NewPadded(s.q.questionsContent()))
	head := widget.NewLabel(tr("journey.q.items_title"))
	head.TextStyle.Bold = true
	hint := widget.NewLabel(tr("journey.q.items_hint"))
	hint.Wrapping = wrap()
	hint.Importance = widget.LowImportance
	right := container.NewBorder(container.NewVBox(head, s.q.summary, hint), nil, nil, nil,
		shell.NewPageScroll(s.q.itemsBox))
	split := container.NewHSplit(left, container.NewPadded(right))
	split.Offset = 0.55
	return split
}

// selectionChanged runs on every answer or staff override: the items are
// saved in the background and the later steps are rebuilt on demand.
func (s *session) selectionChanged(sel *catalog.Selection) {
	if s.next != nil && s.step == stepQuestions {
		if len(sel.Items) == 0 {
			s.next.Disable()
		} else {
			s.next.Enable()
		}
		s.updateHint()
	}
	s.plan, s.form, s.mats = nil, nil, nil
	s.saveSelection(sel)
}

// saveSelection writes answers, overrides and items off the UI goroutine.
func (s *session) saveSelection(sel *catalog.Selection) {
	add, drop := s.q.overrides()
	ds := drafts.Selection{CatalogVersion: s.cat.Version, Answers: map[string]string(sel.Answers),
		Added: add, Dropped: drop, Items: application.ItemCodes(sel)}
	s.draft.Answers, s.draft.Added, s.draft.Dropped, s.draft.Items = ds.Answers, add, drop, ds.Items
	s.draft.CatalogVersion = s.cat.Version
	id, store := s.draft.ID, s.j.core.Drafts()
	gen := s.bumpSaved()
	s.writes.Add(func() func() {
		ctx, cancel := storageCtx()
		defer cancel()
		err := store.SetSelection(ctx, id, ds)
		return func() { s.showSaved(gen, err) }
	})
}

// commitSelection builds the plan of the chosen items: the notice and the
// merged form, by the same rule the submission is checked with.
func (s *session) commitSelection() {
	if s.lifecycle {
		return // planned once with its license
	}
	p, err := application.NewPlan(s.q.selection(), s.j.now())
	if err != nil {
		s.j.onError(err)
		return
	}
	s.plan = p
}

// bumpSaved marks a change in flight and returns its generation.
func (s *session) bumpSaved() int {
	s.savedGen++
	return s.savedGen
}

// showSaved updates the “已自动保存 hh:mm:ss” indicator if gen is the latest
// change.
func (s *session) showSaved(gen int, err error) {
	if s.closed {
		return
	}
	if err != nil {
		s.saved.SetText(usererr.Message(err, langCode()))
		s.saved.Importance = widget.DangerImportance
		s.saved.Refresh()
		return
	}
	if gen != s.savedGen {
		return
	}
	s.saved.Importance = widget.SuccessImportance
	s.saved.SetText(trm("journey.saved_at", "Time", clock(s.j.now())))
	s.j.draftsChanged()
}

// valueChanged records a form value: in memory at once, on disk through
// the AutoSaver; the indicator turns to “saved” once the write is flushed.
func (s *session) valueChanged(key, value string) {
	s.draft.Values[key] = value
	s.saver.Set(key, value)
	gen := s.bumpSaved()
	saver := s.saver
	s.writes.Add(func() func() {
		err := saver.Flush()
		return func() { s.showSaved(gen, err) }
	})
	if key == "entity_name" {
		s.j.retitle(s)
		// The draft list shows the title: keep it the business's name.
		title, store, id := s.title(), s.j.core.Drafts(), s.draft.ID
		s.writes.Add(func() func() {
			ctx, cancel := storageCtx()
			defer cancel()
			if err := store.SetTitle(ctx, id, title); err != nil {
				return func() { s.showSaved(gen, err) }
			}
			return nil
		})
	}
}

// checkCatalogVersion warns when the draft was started with another
// catalog version, and says whether the newer catalog changes its items.
func (s *session) checkCatalogVersion() {
	s.banner.Objects = nil
	d := s.draft
	if s.lifecycle || d.CatalogVersion == 0 || d.CatalogVersion == s.cat.Version || len(d.Items) == 0 {
		s.banner.Refresh()
		return
	}
	ch := application.Changes(d, s.q.selection())
	var added, removed []string
	for _, c := range ch.Added {
		added = append(added, s.itemLabel(c))
	}
	for _, c := range ch.Removed {
		removed = append(removed, s.itemLabel(c))
	}
	var msg string
	if len(added) == 0 && len(removed) == 0 {
		msg = trm("journey.catalog.same", "Old", d.CatalogVersion, "New", s.cat.Version)
	} else {
		msg = trm("journey.catalog.changed", "Old", d.CatalogVersion, "New", s.cat.Version,
			"Added", orNone(i18n.JoinNames(added)),
			"Removed", orNone(i18n.JoinNames(removed)))
	}
	l := widget.NewLabel(msg)
	l.Wrapping = wrap()
	l.Importance = widget.WarningImportance
	ok := widget.NewButton(tr("journey.catalog.accept"), func() {
		s.saveSelection(s.q.selection())
		s.banner.Objects = nil
		s.banner.Refresh()
	})
	s.banner.Objects = []fyne.CanvasObject{container.NewBorder(nil, nil, widget.NewIcon(theme.WarningIcon()), ok, l)}
	s.banner.Refresh()
}

// catalogReplaced moves an open draft to the catalog a sync installed:
// the questions are asked under it and the banner says how its items
// would change; nothing is saved until the applicant accepts.
func (s *session) catalogReplaced() {
	cat := s.j.core.Catalog()
	ind, err := cat.Industry(s.draft.Industry)
	if err != nil {
		return // the industry is gone: keep the draft as it was
	}
	s.cat, s.ind = cat, ind
	if s.lifecycle {
		s.replan()
		return
	}
	s.q = newQuestionnaire(cat, ind, catalog.Answers(s.draft.Answers), s.draft.Added, s.draft.Dropped)
	s.q.onChange = s.selectionChanged
	s.plan, s.form, s.mats = nil, nil, nil
	s.checkCatalogVersion()
	s.show(s.step)
}

func orNone(s string) string {
	if s == "" {
		return tr("journey.none")
	}
	return s
}

func (s *session) itemLabel(code string) string {
	if it, err := s.cat.Item(code); err == nil {
		return localName(it.Name, it.NameEN)
	}
	return code
}

// close flushes the saver; the session's widgets are dropped.
func (s *session) close() {
	s.closed = true
	saver := s.saver
	s.j.run.Run(func() func() {
		_ = saver.Close()
		return nil
	})
}

// focusField shows the form and puts the cursor in field key.
func (s *session) focusField(key string) {
	s.show(stepForm)
	r, ok := s.form.rows[key]
	if !ok || r.entry == nil {
		return
	}
	r.touched = true
	r.entry.AlwaysShowValidationError = true
	s.form.showCheck(r)
	if c := fyne.CurrentApp().Driver().CanvasForObject(r.focus.(fyne.CanvasObject)); c != nil {
		c.Focus(r.focus)
	}
	if sc, ok := s.form.root.(*shell.PageScroll); ok {
		p := fyne.CurrentApp().Driver().AbsolutePositionForObject(r.box)
		top := fyne.CurrentApp().Driver().AbsolutePositionForObject(sc)
		sc.Offset.Y += p.Y - top.Y - 20
		if sc.Offset.Y < 0 {
			sc.Offset.Y = 0
		}
		sc.Refresh()
	}
}

// updateHint says beside 下一步 what is still open: questions not answered
// yet (moving on is allowed; the notice lists what they may add).
func (s *session) updateHint() {
	text := ""
	if s.step == stepQuestions && !s.lifecycle {
		if open := s.q.unanswered(); open > 0 {
			text = trm("journey.q.open_hint", "N", open)
		}
	}
	s.hint.SetText(text)
}

// hasItems reports whether the draft applies for any item yet.
func (s *session) hasItems() bool {
	if s.lifecycle {
		return s.plan != nil && len(s.plan.Notice.Items) > 0
	}
	return len(s.q.selection().Items) > 0
}

// fixedPlan is the plan a rebuilt session of this draft starts from: the
// license's plan of a draft after issue, nil for a first application.
func (s *session) fixedPlan() *application.Plan {
	if s.lifecycle {
		return s.plan
	}
	return nil
}

// replan plans a draft after issue again under the catalog in use (off
// the UI goroutine: the license comes from the local cache) and shows
// the step it was on.
func (s *session) replan() {
	c, d := s.j.core, *s.draft // Plan reads the kind, license and items, never the values being typed
	s.j.run.Run(func() func() {
		p, err := c.Plan(&d)
		return func() {
			if s.closed {
				return
			}
			if err != nil {
				s.j.onError(err)
				return
			}
			s.plan, s.form, s.mats = p, nil, nil
			s.show(s.step)
		}
	})
}

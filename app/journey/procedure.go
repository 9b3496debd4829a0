package journey

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/naiman-yiye/yiye/app/i18n"
	"github.com/naiman-yiye/yiye/app/shell"
	"github.com/naiman-yiye/yiye/application"
	"github.com/naiman-yiye/yiye/client/api"
)

// procedureView is the first step of a draft after issue: what it applies
// for on which license, what happens and how long it takes, in the
// catalog's words. The items were chosen on the license page, so there
// are no questions to answer.
func (s *session) procedureView() fyne.CanvasObject {
	p := s.plan
	box := container.NewVBox()
	add := func(text string, imp widget.Importance) {
		l := widget.NewLabel(text)
		l.Wrapping = wrap()
		l.Importance = imp
		box.Add(l)
	}
	title := widget.NewLabel(procedureName(p.Kind))
	if p.Procedure != nil {
		title.SetText(localText(p.Procedure.Name))
	}
	title.TextStyle.Bold = true
	title.SizeName = theme.SizeNameSubHeadingText
	box.Add(title)
	if l := p.License; l != nil {
		add(trm("journey.proc.license", "Number", l.Number, "Holder", l.HolderName), widget.MediumImportance)
	}
	var names []string
	for _, it := range p.Notice.Items {
		names = append(names, localName(it.Name, it.NameEN))
	}
	add(trm("journey.proc.items", "Items", i18n.JoinNames(names)), widget.MediumImportance)
	if pr := p.Procedure; pr != nil {
		add(localNote(pr.What), widget.MediumImportance)
		add(trm("journey.proc.result", "Text", localNote(pr.Result)), widget.MediumImportance)
		t := localNote(pr.Time)
		if p.Kind == api.KindAddItems && p.Notice.CommittedDays > 0 {
			// The new items' committed limit, as the license page says it.
			t = trm("journey.proc.time_days", "Text", t, "Days", p.Notice.CommittedDays)
		}
		add(trm("journey.proc.time", "Text", t), widget.MediumImportance)
		var changes []string
		if p.License != nil {
			changes = application.ChangedOnLicense(*p.License, s.draft.Values)
		}
		for _, n := range pr.NotesFor(p.Items(), changes) {
			add(localNote(n), widget.LowImportance)
		}
	}
	box.Add(widget.NewSeparator())
	add(tr("journey.proc.next"), widget.LowImportance)
	return shell.NewPageScroll(container.NewPadded(box))
}

// procedureName names a kind of application after issue when the catalog
// has no procedure for it.
func procedureName(kind string) string {
	switch kind {
	case api.KindAddItems:
		return tr("journey.proc.kind.add_items")
	case api.KindChange:
		return tr("journey.proc.kind.change")
	case api.KindUpdate:
		return tr("journey.proc.kind.update")
	case api.KindRenewal:
		return tr("journey.proc.kind.renewal")
	case api.KindCancellation:
		return tr("journey.proc.kind.cancellation")
	}
	return kind
}

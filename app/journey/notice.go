package journey

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/naiman-yiye/yiye/app/i18n"
	"github.com/naiman-yiye/yiye/app/shell"
	"github.com/naiman-yiye/yiye/catalog"
	"github.com/naiman-yiye/yiye/flow"
)

// noticeView shows the consolidated notice (一次告知单): the items with
// their departments, kinds and time limits, the expected completion date,
// every material once with its handling flags and the items needing it,
// the uncertainty notes, and the flowchart.
func (s *session) noticeView() fyne.CanvasObject {
	n := s.plan.Notice
	head := []fyne.CanvasObject{}

	title := widget.NewLabel(trm("journey.notice.title", "Industry", localName(n.Industry.Name, n.Industry.NameEN)))
	title.SizeName = theme.SizeNameSubHeadingText
	title.TextStyle.Bold = true
	head = append(head, title)
	if n.CommittedDays > 0 {
		exp, _ := catalog.ParseDate(n.ExpectedDate)
		sum := widget.NewLabel(trm("journey.notice.expected", "Days", n.CommittedDays, "Date", longDate(exp),
			"N", len(n.Items)))
		sum.Wrapping = wrap()
		sum.Importance = widget.HighImportance
		sum.TextStyle.Bold = true
		head = append(head, sum)
	}

	// Items: each with department, kind, limits and expected date.
	items := []fyne.CanvasObject{}
	tn := widget.NewLabel(localNote(n.TimeNote))
	tn.Wrapping = wrap()
	tn.Importance = widget.LowImportance
	for _, it := range n.Items {
		items = append(items, s.noticeItemCard(it))
	}
	items = append(items, tn)

	// Materials: each once, with its handling flags and the items needing it.
	mats := []fyne.CanvasObject{}
	hint := widget.NewLabel(tr("journey.notice.materials_hint"))
	hint.Wrapping = wrap()
	hint.Importance = widget.LowImportance
	mats = append(mats, hint)
	for _, m := range n.Materials {
		mats = append(mats, s.noticeMaterialRow(m))
	}

	notes := []fyne.CanvasObject{}
	for _, w := range n.Warnings {
		l := widget.NewLabel("• " + localNote(w))
		l.Wrapping = wrap()
		if w.Reliability.Uncertain() {
			l.Importance = widget.WarningImportance
		}
		notes = append(notes, l)
	}

	chart := newFlowchart(layoutFlow(flow.FromNotice(n)))
	scroll := func(objs []fyne.CanvasObject) fyne.CanvasObject {
		return shell.NewPageScroll(container.NewPadded(container.NewVBox(objs...)))
	}
	s.noticeTabs = container.NewAppTabs(
		container.NewTabItem(trm("journey.notice.tab_items", "N", len(n.Items)), scroll(items)),
		container.NewTabItem(trm("journey.notice.tab_materials", "N", len(n.Materials)), scroll(mats)),
		container.NewTabItem(tr("journey.notice.flow"), container.NewScroll(container.NewPadded(container.NewCenter(chart)))),
		container.NewTabItem(trm("journey.notice.tab_notes", "N", len(n.Warnings)), scroll(notes)),
	)

	saved := widget.NewLabel("")
	saved.Wrapping = wrap()
	saved.Importance = widget.SuccessImportance
	pdf := widget.NewButtonWithIcon(tr("journey.notice.save_pdf"), theme.DocumentPrintIcon(), func() {
		s.saveNoticePDF(saved)
	})
	saved.Hide() // until a PDF is saved
	s.noticeSaved = saved
	top := container.NewVBox(container.NewBorder(nil, nil, nil, container.NewVBox(pdf), container.NewVBox(head...)), saved)
	return container.NewBorder(container.NewPadded(top), nil, nil, nil, s.noticeTabs)
}

// kindLabel translates an item kind.
func kindLabel(k catalog.Kind) string {
	switch k {
	case catalog.KindLicense:
		return tr("journey.kind.license")
	case catalog.KindRegistration:
		return tr("journey.kind.registration")
	case catalog.KindFiling:
		return tr("journey.kind.filing")
	case catalog.KindInspection:
		return tr("journey.kind.inspection")
	}
	return string(k)
}

func (s *session) noticeItemCard(it catalog.NoticeItem) fyne.CanvasObject {
	name := widget.NewLabel(localName(it.Name, it.NameEN))
	name.TextStyle.Bold = true
	name.Wrapping = wrap()
	kind := widget.NewLabel(kindLabel(it.Kind))
	kind.Importance = widget.HighImportance
	lines := []string{trm("journey.notice.department", "Dept", s.deptName(it.Department))}
	switch {
	case it.Phase == catalog.AfterOpening:
		lines = append(lines, trm("journey.notice.after_opening", "When", localName(it.FilingWithin, it.Filing.WhenEN())))
	case it.Phase == catalog.TimingUnknown:
		lines = append(lines, trm("journey.notice.filing_ask", "When", localName(it.FilingWithin, it.Filing.WhenEN())))
	case it.CommittedDays > 0:
		// The day the catalog expects it decided, counting the items it
		// waits for (the hotel's special-trade license after the fire opinion).
		due, _ := catalog.ParseDate(it.ExpectedDate)
		lines = append(lines, trm("journey.notice.limits", "Committed", it.CommittedDays, "Legal", it.LegalDays,
			"Date", longDate(due)))
		if it.AfterNote.ZH != "" {
			lines = append(lines, localNote(it.AfterNote))
		}
	}
	if it.Inspection {
		l := tr("journey.notice.inspection")
		switch {
		case english() && it.InspectionNoteEN != "":
			l += ": " + it.InspectionNoteEN
		case !english() && it.InspectionNote != "":
			l += "：" + it.InspectionNote
		}
		lines = append(lines, l)
	}
	if it.OnDemand {
		lines = append(lines, tr("journey.notice.on_demand"))
	}
	if it.Validity.ZH != "" {
		lines = append(lines, trm("journey.notice.validity", "V", localNote(it.Validity)))
	}
	body := widget.NewLabel(strings.Join(lines, "\n"))
	body.Wrapping = wrap()
	parts := []fyne.CanvasObject{container.NewBorder(nil, nil, nil, kind, name), body}
	if it.Uncertain {
		u := widget.NewLabel(tr("journey.notice.uncertain_item"))
		u.Wrapping = wrap()
		u.Importance = widget.WarningImportance
		parts = append(parts, u)
	}
	return widget.NewCard("", "", container.NewVBox(parts...))
}

// handlingLabel is the short label of a material handling flag.
func handlingLabel(h catalog.Handling) string {
	if l, ok := catalog.HandlingLabels[h]; ok {
		return localName(l[0], l[1])
	}
	return string(h)
}

func handlingImportance(h catalog.Handling) widget.Importance {
	switch h {
	case catalog.Required:
		return widget.DangerImportance
	case catalog.Shared, catalog.Internal:
		return widget.SuccessImportance
	case catalog.Deferrable, catalog.Pledge:
		return widget.HighImportance
	}
	return widget.WarningImportance
}

// itemNames lists the notice names of item codes.
func (s *session) itemNames(codes []string) string {
	var names []string
	for _, c := range codes {
		found := false
		for _, it := range s.plan.Notice.Items {
			if it.Code == c {
				names = append(names, localName(it.Name, it.NameEN))
				found = true
			}
		}
		if !found {
			names = append(names, s.itemLabel(c))
		}
	}
	return i18n.JoinNames(names)
}

func (s *session) noticeMaterialRow(m catalog.NoticeMaterial) fyne.CanvasObject {
	name := widget.NewLabel(localName(m.Name, m.NameEN))
	name.TextStyle.Bold = true
	name.Wrapping = wrap()
	var tags []fyne.CanvasObject
	for _, h := range m.Handling {
		t := widget.NewLabel(handlingLabel(h))
		t.Importance = handlingImportance(h)
		tags = append(tags, t)
	}
	used := widget.NewLabel(trm("journey.notice.used_by", "Items", s.itemNames(m.Items)))
	used.Wrapping = wrap()
	used.Importance = widget.LowImportance
	parts := []fyne.CanvasObject{container.NewBorder(nil, nil, nil, container.NewHBox(tags...), name), used}
	for _, u := range m.PerItem {
		if u.Note.ZH == "" {
			continue
		}
		l := widget.NewLabel(trm("journey.notice.per_item_note", "Item", s.itemNames([]string{u.Item}), "Note", localNote(u.Note)))
		l.Wrapping = wrap()
		l.Importance = widget.LowImportance
		parts = append(parts, l)
	}
	for _, note := range m.Notes {
		l := widget.NewLabel(localNote(note))
		l.Wrapping = wrap()
		l.Importance = widget.LowImportance
		parts = append(parts, l)
	}
	return widget.NewCard("", "", container.NewVBox(parts...))
}

// noticeFileName suggests a file name for the saved notice.
func noticeFileName(n *catalog.Notice, now time.Time) string {
	return trm("journey.notice.file_name", "Industry", n.Industry.Name, "Date", now.Format("20060102")) + ".pdf"
}

// deptName is a department's name in the UI's language (the official
// Chinese name in Chinese).
func (s *session) deptName(name string) string {
	if english() {
		return s.cat.DepartmentEN(name)
	}
	return name
}

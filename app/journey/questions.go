package journey

import (
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/naiman-yiye/yiye/app/i18n"
	"github.com/naiman-yiye/yiye/catalog"
	"github.com/naiman-yiye/yiye/usererr"
)

// questionnaire asks an industry's questions in plain language and keeps
// the resulting items beside them, updated on every answer. Staff can add
// or drop on-demand items explicitly; those choices override the answers.
type questionnaire struct {
	cat     *catalog.Catalog
	ind     *catalog.Industry
	answers catalog.Answers
	add     map[string]bool // item code → explicitly added (true) / dropped (false)

	sel      *catalog.Selection
	itemsBox *fyne.Container
	summary  *widget.Label
	onChange func(*catalog.Selection)
	inputs   map[string]fyne.CanvasObject // question key → its input, for tests
}

// newQuestionnaire starts from earlier answers and overrides (a resumed
// draft); both may be nil.
func newQuestionnaire(cat *catalog.Catalog, ind *catalog.Industry, answers catalog.Answers, add, drop []string) *questionnaire {
	q := &questionnaire{cat: cat, ind: ind, answers: catalog.Answers{}, add: map[string]bool{},
		inputs: map[string]fyne.CanvasObject{}}
	for k, v := range answers {
		q.answers[k] = v
	}
	for _, c := range add {
		q.add[c] = true
	}
	for _, c := range drop {
		q.add[c] = false
	}
	q.itemsBox = container.NewVBox()
	q.summary = widget.NewLabel("")
	q.summary.Wrapping = wrap()
	q.summary.TextStyle.Bold = true
	q.recompute()
	return q
}

// overrides returns the explicit add and drop lists, sorted.
func (q *questionnaire) overrides() (add, drop []string) {
	for c, in := range q.add {
		if in {
			add = append(add, c)
		} else {
			drop = append(drop, c)
		}
	}
	slices.Sort(add)
	slices.Sort(drop)
	return add, drop
}

// selection is the current outcome.
func (q *questionnaire) selection() *catalog.Selection { return q.sel }

// recompute runs Match and redraws the items panel.
func (q *questionnaire) recompute() {
	add, drop := q.overrides()
	sel, err := q.cat.Match(catalog.Request{Industry: q.ind.Code, Answers: q.answers, Add: add, Drop: drop})
	if err != nil {
		// Overrides that no longer fit (a newer catalog) are forgotten
		// rather than blocking the applicant.
		q.add = map[string]bool{}
		sel, err = q.cat.Match(catalog.Request{Industry: q.ind.Code, Answers: q.answers})
		if err != nil {
			q.summary.SetText(usererr.Message(err, langCode()))
			return
		}
	}
	q.sel = sel
	q.renderItems()
	if q.onChange != nil {
		q.onChange(sel)
	}
}

// unanswered counts the questions on screen without an answer.
func (q *questionnaire) unanswered() int {
	n := 0
	for _, qu := range q.cat.QuestionsFor(q.ind) {
		if q.answers[qu.Key] == "" {
			n++
		}
	}
	return n
}

// questionsContent builds the left side: one card per question.
func (q *questionnaire) questionsContent() fyne.CanvasObject {
	qs := q.cat.QuestionsFor(q.ind)
	box := container.NewVBox()
	if len(qs) == 0 {
		box.Add(widget.NewLabel(tr("journey.q.none")))
	}
	for i, qu := range qs {
		box.Add(q.questionCard(i+1, qu))
	}
	return box
}

func (q *questionnaire) questionCard(n int, qu *catalog.Question) fyne.CanvasObject {
	title := widget.NewLabel(trm("journey.q.number", "N", n) + localText(qu.Text))
	title.Wrapping = wrap()
	title.TextStyle.Bold = true
	why := widget.NewLabel(tr("journey.q.why") + localText(qu.Why))
	why.Wrapping = wrap()
	why.Importance = widget.LowImportance
	parts := []fyne.CanvasObject{title, q.input(qu), why}
	for _, note := range qu.Notes {
		l := widget.NewLabel(localNote(note))
		l.Wrapping = wrap()
		l.Importance = widget.WarningImportance
		parts = append(parts, l)
	}
	return widget.NewCard("", "", container.NewVBox(parts...))
}

func (q *questionnaire) setAnswer(key, value string) {
	if value == "" {
		delete(q.answers, key)
	} else {
		q.answers[key] = value
	}
	q.recompute()
}

func (q *questionnaire) input(qu *catalog.Question) fyne.CanvasObject {
	key := qu.Key
	cur := q.answers[key]
	switch qu.Type {
	case catalog.Bool:
		yes, no := tr("journey.q.yes"), tr("journey.q.no")
		r := widget.NewRadioGroup([]string{yes, no}, nil)
		r.Horizontal = true
		switch cur {
		case "true":
			r.Selected = yes
		case "false":
			r.Selected = no
		}
		r.OnChanged = func(s string) {
			switch s {
			case yes:
				q.setAnswer(key, "true")
			case no:
				q.setAnswer(key, "false")
			default:
				q.setAnswer(key, "")
			}
		}
		q.inputs[key] = r
		return r
	case catalog.Choice:
		labels := make([]string, len(qu.Options))
		selected := ""
		for i, o := range qu.Options {
			labels[i] = localName(o.ZH, o.EN)
			if o.Value == cur {
				selected = labels[i]
			}
		}
		r := widget.NewRadioGroup(labels, nil)
		r.Selected = selected
		r.OnChanged = func(s string) {
			v := ""
			for i, l := range labels {
				if l == s {
					v = qu.Options[i].Value
				}
			}
			q.setAnswer(key, v)
		}
		q.inputs[key] = r
		return r
	default: // catalog.Number
		e := widget.NewEntry()
		e.SetPlaceHolder(tr("journey.q.number_placeholder"))
		e.Text = cur
		msg := widget.NewLabel("")
		msg.Importance = widget.DangerImportance
		msg.Hide()
		e.OnChanged = func(s string) {
			s = strings.TrimSpace(s)
			if s == "" {
				msg.Hide()
				q.setAnswer(key, "")
				return
			}
			v, err := q.cat.NormalizeAnswer(key, s)
			if err != nil {
				msg.SetText(tr("journey.q.number_invalid"))
				msg.Show()
				return
			}
			msg.Hide()
			q.setAnswer(key, v)
		}
		q.inputs[key] = e
		unit := widget.NewLabel(unitName(qu.Unit))
		return container.NewVBox(container.NewBorder(nil, nil, nil, unit, noWheel(e, e)), msg)
	}
}

// conditionQuestions lists the question keys a condition reads.
func conditionQuestions(cd *catalog.Condition, out []string) []string {
	if cd == nil {
		return out
	}
	if cd.Q != "" && !slices.Contains(out, cd.Q) {
		out = append(out, cd.Q)
	}
	for i := range cd.Any {
		out = conditionQuestions(&cd.Any[i], out)
	}
	for i := range cd.All {
		out = conditionQuestions(&cd.All[i], out)
	}
	return conditionQuestions(cd.Not, out)
}

// questionList names the questions of keys for a reason line.
func (q *questionnaire) questionList(keys []string) string {
	var names []string
	for _, k := range keys {
		if qu := q.cat.Question(k); qu != nil {
			names = append(names, trm("journey.quoted", "Q", strings.TrimRight(localText(qu.Text), "？?")))
		}
	}
	return i18n.JoinNames(names)
}

// itemName is the name of an item as the industry uses it.
func itemName(s catalog.Selected) string {
	if s.Variant != nil {
		return localName(s.Variant.Name, s.Variant.NameEN)
	}
	return localName(s.Item.Name, s.Item.NameEN)
}

// reasonText says in words why an item is (or may be) included.
func (q *questionnaire) reasonText(s catalog.Selected) string {
	switch s.Reason {
	case catalog.ReasonMandatory:
		return tr("journey.q.reason_mandatory")
	case catalog.ReasonAnswer:
		return trm("journey.q.reason_answer", "Q", q.questionList(conditionQuestions(s.Entry.When, nil)))
	case catalog.ReasonAdded:
		return tr("journey.q.reason_added")
	case catalog.ReasonAll:
		return tr("journey.q.reason_all")
	case catalog.ReasonLaw:
		return tr("journey.q.reason_law")
	}
	return ""
}

// renderItems redraws the right-hand panel: chosen items, then on-demand
// items still open or left out, each with a staff switch.
func (q *questionnaire) renderItems() {
	sel := q.sel
	var objs []fyne.CanvasObject
	in := map[string]bool{}
	for _, s := range sel.Items {
		in[s.Item.Code] = true
		objs = append(objs, q.itemRow(s, true))
	}
	possible := map[string]bool{}
	for _, s := range sel.Possible {
		possible[s.Item.Code] = true
	}
	var rest []fyne.CanvasObject
	for i := range q.ind.Entries {
		e := &q.ind.Entries[i]
		if in[e.Item] || !e.OnDemand {
			continue
		}
		it, err := q.cat.Item(e.Item)
		if err != nil {
			continue
		}
		s := catalog.Selected{Entry: e, Item: it, Variant: it.Variant(e.Variant)}
		for _, p := range sel.Possible {
			if p.Item.Code == e.Item {
				s = p
			}
		}
		rest = append(rest, q.itemRow(s, false))
	}
	if len(rest) > 0 {
		h := widget.NewLabel(tr("journey.q.not_included"))
		h.TextStyle.Bold = true
		objs = append(objs, widget.NewSeparator(), h)
		objs = append(objs, rest...)
	}
	q.itemsBox.Objects = objs
	q.itemsBox.Refresh()
	if len(sel.Possible) > 0 {
		q.summary.SetText(trm("journey.q.summary", "N", len(sel.Items), "P", len(sel.Possible)))
	} else {
		q.summary.SetText(trm("journey.q.summary_done", "N", len(sel.Items)))
	}
}

// itemRow shows one item; on-demand items get a check staff can use to add
// or drop them explicitly.
func (q *questionnaire) itemRow(s catalog.Selected, included bool) fyne.CanvasObject {
	code := s.Item.Code
	name := widget.NewLabel(itemName(s))
	name.Wrapping = wrap()
	name.TextStyle.Bold = included
	tag := widget.NewLabel(tr("journey.q.tag_mandatory"))
	tag.Importance = widget.HighImportance
	var reason string
	switch {
	case included:
		reason = q.reasonText(s)
		if s.Entry.OnDemand {
			tag.SetText(tr("journey.q.tag_on_demand"))
			tag.Importance = widget.SuccessImportance
		}
	case len(s.Unanswered) > 0:
		tag.SetText(tr("journey.q.tag_open"))
		tag.Importance = widget.WarningImportance
		reason = trm("journey.q.reason_open", "Q", q.questionList(s.Unanswered))
	default:
		tag.SetText(tr("journey.q.tag_out"))
		tag.Importance = widget.LowImportance
		reason = tr("journey.q.reason_out")
		if v, ok := q.add[code]; ok && !v {
			reason = tr("journey.q.reason_dropped")
		}
	}
	why := widget.NewLabel(reason)
	why.Wrapping = wrap()
	why.Importance = widget.LowImportance
	parts := []fyne.CanvasObject{container.NewBorder(nil, nil, nil, tag, name), why}
	if s.Entry.OnDemand {
		chk := widget.NewCheck(tr("journey.q.staff_include"), nil)
		chk.Checked = included
		chk.OnChanged = func(on bool) {
			q.add[code] = on
			q.recompute()
		}
		row := []fyne.CanvasObject{chk}
		if _, explicit := q.add[code]; explicit {
			row = append(row, widget.NewButton(tr("journey.q.staff_auto"), func() {
				delete(q.add, code)
				q.recompute()
			}))
		}
		parts = append(parts, container.NewHBox(row...))
	}
	return widget.NewCard("", "", container.NewVBox(parts...))
}

// unitsEN translates the units the catalog writes in Chinese only.
var unitsEN = map[string]string{"平方米": "m²", "米": "m", "个": "", "人": "people", "间": "rooms", "张": "beds"}

func unitName(u string) string {
	if en, ok := unitsEN[u]; ok && english() {
		return en
	}
	return u
}

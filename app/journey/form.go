package journey

import (
	"errors"
	"math"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/naiman-yiye/yiye/app/i18n"
	"github.com/naiman-yiye/yiye/app/ime"
	"github.com/naiman-yiye/yiye/app/shell"
	"github.com/naiman-yiye/yiye/forms"
	"github.com/naiman-yiye/yiye/usererr"
)

// mergedForm is the one application form for all chosen items: shared
// fields once, then each item's own fields under its name. Every field
// says which items use it, is checked as the user types (the reason in the
// UI language under it), and every change goes to the draft's AutoSaver.
type mergedForm struct {
	s       *session
	schema  *forms.Schema
	rows    map[string]*fieldRow
	order   []string
	status  *widget.Label // result of a pre-fill
	lookup  *widget.Button
	earlier *widget.Button
	// suggested holds what the form filled in from the questionnaire or
	// other fields (application.Plan.Suggest) and the applicant has not
	// changed: such a field follows its source.
	suggested  map[string]string
	suggesting bool
	root       fyne.CanvasObject
}

// fieldRow is one field's widgets.
type fieldRow struct {
	f       forms.Field
	box     *fyne.Container // the whole row, hidden when ShowIf does not hold
	entry   *widget.Entry   // text-like kinds (also the date entry's Entry)
	focus   fyne.Focusable  // the widget that takes the keyboard focus for entry
	focused bool            // the applicant is typing in it
	date    *i18n.DateEntry
	sel     *widget.Select
	radio   *widget.RadioGroup
	check   *widget.Check
	multi   *widget.CheckGroup
	msg     *widget.Label // the validation message, in words
	touched bool          // edited at least once: errors show from then on
	setting bool          // a programmatic set is in progress
}

func (s *session) formView() fyne.CanvasObject {
	if s.form == nil {
		s.form = newMergedForm(s)
	}
	return s.form.root
}

func newMergedForm(s *session) *mergedForm {
	m := &mergedForm{s: s, schema: s.plan.Schema, rows: map[string]*fieldRow{}, suggested: map[string]string{}}
	page := shell.NewPageScroll(nil) // rows hand it the wheel (shell.PassWheel)
	m.root = page
	// An untouched field shows its default, which is the applicant's
	// answer (application.Plan.Values): it is stored with the draft too.
	missing := forms.Values{}
	for k, v := range m.schema.Defaults() {
		if _, ok := s.draft.Values[k]; !ok {
			s.draft.Values[k] = v
			missing[k] = v
		}
	}
	if len(missing) > 0 {
		s.saver.SetValues(missing)
	}

	m.status = widget.NewLabel("")
	m.status.Wrapping = wrap()
	m.status.Hide() // until a pre-fill reports
	m.lookup = widget.NewButtonWithIcon(tr("journey.form.lookup"), theme.SearchIcon(), m.doLookup)
	m.updateLookup()
	m.earlier = widget.NewButtonWithIcon(tr("journey.form.earlier"), theme.HistoryIcon(), m.doEarlier)
	tools := container.NewVBox(container.NewHBox(m.lookup, m.earlier), m.status)

	sections := []fyne.CanvasObject{tools}
	if len(m.schema.Shared) > 0 {
		sections = append(sections, m.section(tr("journey.form.shared"), tr("journey.form.shared_hint"), m.schema.Shared))
	}
	for _, g := range m.schema.Groups {
		if len(g.Fields) == 0 {
			continue
		}
		name := s.itemLabel(g.Item.Code)
		sections = append(sections, m.section(trm("journey.form.group", "Item", name),
			trm("journey.form.group_hint", "Item", name), g.Fields))
	}
	m.applyVisibility()
	page.Content = container.NewPadded(container.NewVBox(sections...))
	page.Refresh()
	m.applySuggestions()
	return m
}

// applySuggestions fills what the applicant already said elsewhere into
// fields that are empty or still hold an earlier suggestion; a field the
// applicant edited keeps what was typed.
func (m *mergedForm) applySuggestions() {
	if m.suggesting {
		return
	}
	m.suggesting = true
	defer func() { m.suggesting = false }()
	for k, x := range m.s.plan.Suggest(m.s.draft.Values) {
		r, ok := m.rows[k]
		if !ok || r.touched {
			continue
		}
		cur := m.s.draft.Values[k]
		if prev, had := m.suggested[k]; strings.TrimSpace(cur) != "" && (!had || cur != prev) {
			continue
		}
		m.suggested[k] = x
		if cur != x {
			m.setValue(k, x)
		}
	}
}

func (m *mergedForm) section(title, hint string, fields []forms.Field) fyne.CanvasObject {
	box := container.NewVBox()
	h := widget.NewLabel(hint)
	h.Wrapping = wrap()
	h.Importance = widget.LowImportance
	box.Add(h)
	for _, f := range fields {
		box.Add(m.row(f))
	}
	return widget.NewCard(title, "", box)
}

// usedBy says which items use a field.
func (m *mergedForm) usedBy(f forms.Field) string {
	if len(f.Items) == len(m.schema.Items) && len(f.Items) > 1 {
		return trm("journey.form.used_by_all", "N", len(f.Items))
	}
	var names []string
	for _, c := range f.Items {
		names = append(names, m.s.itemLabel(c))
	}
	return trm("journey.form.used_by", "Items", i18n.JoinNames(names))
}

func (m *mergedForm) row(f forms.Field) fyne.CanvasObject {
	r := &fieldRow{f: f}
	m.rows[f.Key] = r
	m.order = append(m.order, f.Key)
	label := f.Label(langCode())
	if f.Required {
		label += " *"
	}
	if f.Unit != "" {
		label += "（" + localName(f.Unit, f.UnitEN) + "）"
	}
	title := widget.NewLabel(label)
	title.TextStyle.Bold = true
	title.Wrapping = wrap()
	used := widget.NewLabel(m.usedBy(f))
	used.Importance = widget.LowImportance
	used.SizeName = theme.SizeNameCaptionText
	r.msg = widget.NewLabel("")
	r.msg.Wrapping = wrap()
	r.msg.Importance = widget.DangerImportance
	r.msg.Hide()

	cur := m.s.draft.Values[f.Key]
	input := m.input(r, cur)
	parts := []fyne.CanvasObject{container.NewBorder(nil, nil, nil, used, title), input, r.msg}
	if help := localName(f.HelpZH, f.HelpEN); help != "" {
		hl := widget.NewLabel(help)
		hl.Wrapping = wrap()
		hl.Importance = widget.LowImportance
		parts = append(parts, hl)
	}
	r.box = container.NewVBox(parts...)
	if strings.TrimSpace(cur) != "" {
		m.showCheck(r)
	}
	return r.box
}

// validator is an Entry.Validator for field key: the schema's check with
// the form's other values, the message in the UI language.
func (m *mergedForm) validator(key string) fyne.StringValidator {
	return func(text string) error {
		vals := m.s.draft.Values.Clone()
		vals[key] = text
		if c := m.schema.CheckField(key, vals); c.Err != nil {
			return errors.New(c.Err.Message(langCode()))
		}
		return nil
	}
}

func (m *mergedForm) input(r *fieldRow, cur string) fyne.CanvasObject {
	f := r.f
	switch f.Kind {
	case forms.KindSelect:
		labels := make([]string, len(f.Options))
		for i, o := range f.Options {
			labels[i] = localName(o.ZH, o.EN)
		}
		r.sel = i18n.NewSelect(labels, nil)
		for i, o := range f.Options {
			if o.Value == cur {
				r.sel.Selected = labels[i]
			}
		}
		r.sel.OnChanged = func(l string) {
			for i, x := range labels {
				if x == l {
					m.changed(r, f.Options[i].Value)
				}
			}
		}
		return r.sel
	case forms.KindMultiSelect:
		labels := make([]string, len(f.Options))
		for i, o := range f.Options {
			labels[i] = localName(o.ZH, o.EN)
		}
		r.multi = widget.NewCheckGroup(labels, nil)
		r.multi.Horizontal = len(labels) <= 4
		have := forms.Multi(cur)
		for i, o := range f.Options {
			if slices.Contains(have, o.Value) {
				r.multi.Selected = append(r.multi.Selected, labels[i])
			}
		}
		r.multi.OnChanged = func(sel []string) {
			var vals []string
			for i, l := range labels {
				if slices.Contains(sel, l) {
					vals = append(vals, f.Options[i].Value)
				}
			}
			m.changed(r, forms.JoinMulti(vals))
		}
		return r.multi
	case forms.KindBool:
		if f.MustAgree {
			r.check = widget.NewCheck(tr("journey.form.agree"), nil)
			r.check.Checked = cur == forms.True
			r.check.OnChanged = func(on bool) {
				v := forms.False
				if on {
					v = forms.True
				}
				m.changed(r, v)
			}
			return r.check
		}
		yes, no := tr("journey.q.yes"), tr("journey.q.no")
		r.radio = widget.NewRadioGroup([]string{yes, no}, nil)
		r.radio.Horizontal = true
		switch cur {
		case forms.True:
			r.radio.Selected = yes
		case forms.False:
			r.radio.Selected = no
		}
		r.radio.OnChanged = func(s string) {
			switch s {
			case yes:
				m.changed(r, forms.True)
			case no:
				m.changed(r, forms.False)
			default:
				m.changed(r, "")
			}
		}
		return r.radio
	case forms.KindDate:
		r.date = i18n.NewDateEntry()
		r.entry = &r.date.Entry
		r.focus = r.date
		r.date.Text = cur
	default:
		// Names and addresses are typed in Chinese: the IME's window
		// follows the caret (Windows), and the field is checked once
		// left, not at every keystroke.
		e := ime.NewEntry()
		if f.Kind == forms.KindTextarea {
			e = ime.NewMultiLineEntry()
			e.Wrapping = wrap()
			e.SetMinRowsVisible(3)
		}
		e.OnFocusChanged = func(on bool) {
			r.focused = on
			if !on && strings.TrimSpace(m.s.draft.Values[f.Key]) != "" {
				r.touched = true
				e.AlwaysShowValidationError = true
				e.Refresh()
				m.showCheck(r)
			}
		}
		e.Text = cur
		r.entry, r.focus = &e.Entry, e
	}
	r.entry.SetPlaceHolder(placeholderFor(f))
	r.entry.Validator = m.validator(f.Key)
	prev := r.entry.OnChanged
	r.entry.OnChanged = func(s string) {
		if prev != nil {
			prev(s)
		}
		if !r.touched && !r.setting {
			r.touched = true
		}
		if r.entry.MultiLine {
			fitRows(r.entry)
		}
		m.changed(r, s)
	}
	obj := r.focus.(fyne.CanvasObject)
	if !r.entry.MultiLine {
		return noWheel(r.entry, obj)
	}
	// The box grows with its text, and the wheel over it scrolls the page.
	fitRows(r.entry)
	return shell.PassWheel(obj, m.root.(*shell.PageScroll))
}

// fitRows makes a multi-line entry as tall as its wrapped text (at least
// three rows), so nothing in it is hidden behind its own scrolling.
func fitRows(e *widget.Entry) {
	width := e.Size().Width - 2*theme.InnerPadding()
	if width < 100 {
		width = 600 // not laid out yet: about the form's width
	}
	rows := 0
	for _, line := range strings.Split(e.Text, "\n") {
		w := fyne.MeasureText(line, theme.TextSize(), fyne.TextStyle{}).Width
		rows += max(1, int(math.Ceil(float64(w/width))))
	}
	e.SetMinRowsVisible(max(3, rows))
}

// noWheel makes a one-line entry let mouse-wheel events through to the
// form's scroll: an Entry normally wraps its text in its own scroll, which
// takes every wheel event over it, so the page stops scrolling whenever
// the pointer rests on a field. Without that inner scroll the entry would
// ask for the width of its whole text; fitWidth keeps the row's minimum
// width small, so a very long value runs past the box (rare: fields hold
// at most 100 characters and the form is wide) instead of widening the
// window.
func noWheel(e *widget.Entry, obj fyne.CanvasObject) fyne.CanvasObject {
	e.Wrapping = fyne.TextWrapOff
	e.Scroll = container.ScrollNone
	return container.New(fitWidth{inner: obj}, obj)
}

// fitWidth lays its one child over the whole cell and asks for the
// inner object's height but only a small width, whatever its text.
type fitWidth struct{ inner fyne.CanvasObject }

func (f fitWidth) MinSize([]fyne.CanvasObject) fyne.Size {
	m := f.inner.MinSize()
	return fyne.NewSize(min(m.Width, 160), m.Height)
}

func (fitWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

// placeholderFor gives an example of what to type.
func placeholderFor(f forms.Field) string {
	switch f.Kind {
	case forms.KindUSCC:
		return tr("journey.form.ph_uscc")
	case forms.KindIDNumber:
		return tr("journey.form.ph_id")
	case forms.KindMobile:
		return tr("journey.form.ph_mobile")
	case forms.KindPhone:
		return tr("journey.form.ph_phone")
	case forms.KindArea, forms.KindDecimal:
		return tr("journey.form.ph_number")
	case forms.KindCount:
		return tr("journey.form.ph_count")
	case forms.KindDate:
		return tr("journey.form.ph_date")
	}
	return ""
}

// changed stores a new value, re-checks the field and the fields that
// depend on it, and updates which fields are shown.
func (m *mergedForm) changed(r *fieldRow, v string) {
	if m.s.draft.Values[r.f.Key] == v {
		return
	}
	if !r.setting {
		r.touched = true
	}
	m.s.valueChanged(r.f.Key, v)
	m.showCheck(r)
	for _, k := range m.order {
		o := m.rows[k]
		if o.f.IDTypeKey == r.f.Key && (o.touched || strings.TrimSpace(m.s.draft.Values[k]) != "") {
			if o.entry != nil {
				o.entry.Validate()
			}
			m.showCheck(o)
		}
	}
	m.applyVisibility()
	m.applySuggestions()
}

// showCheck puts the field's current problem (or advisory) under it. While
// the applicant is still typing, a value that is merely not finished yet
// (a mobile number of 3 digits) is not called wrong: that shows once the
// field is left or its length could be complete; characters that can never
// fit show at once.
func (m *mergedForm) showCheck(r *fieldRow) {
	c := m.schema.CheckField(r.f.Key, m.s.draft.Values)
	if c.Err != nil && r.focused && !definitive(c.Err.Code) && !lengthComplete(r.f.Kind, m.s.draft.Values[r.f.Key]) {
		c.Err, c.Warn = nil, nil
	}
	switch {
	case c.Err != nil && (r.touched || strings.TrimSpace(m.s.draft.Values[r.f.Key]) != ""):
		r.msg.SetText(c.Err.Message(langCode()))
		r.msg.Importance = widget.DangerImportance
		r.msg.Show()
	case c.Warn != nil:
		r.msg.SetText(c.Warn.Message(langCode()))
		r.msg.Importance = widget.WarningImportance
		r.msg.Show()
	default:
		r.msg.Hide()
	}
	r.msg.Refresh()
}

// definitive reports whether a check's failure can no longer be mended by
// typing on: a character that does not belong, text too long.
func definitive(code string) bool {
	return strings.HasSuffix(code, ".charset") || strings.HasPrefix(code, "forms.text.")
}

// lengthComplete reports whether a fixed-length value is as long as it can
// be, so its check digit or length can be judged while typing.
func lengthComplete(k forms.Kind, v string) bool {
	n := len([]rune(strings.Join(strings.Fields(v), "")))
	switch k {
	case forms.KindUSCC, forms.KindIDNumber:
		return n >= 18
	case forms.KindMobile:
		return n >= 11
	case forms.KindDate:
		return n >= 10
	}
	return false
}

// applyVisibility shows the fields whose ShowIf holds.
func (m *mergedForm) applyVisibility() {
	for _, k := range m.order {
		r := m.rows[k]
		if r.box == nil {
			continue
		}
		if m.schema.Applies(k, m.s.draft.Values) {
			r.box.Show()
		} else {
			r.box.Hide()
		}
	}
}

// setValue fills a field as if typed, without marking it touched.
func (m *mergedForm) setValue(key, v string) {
	r, ok := m.rows[key]
	if !ok {
		return
	}
	r.setting = true
	defer func() { r.setting = false }()
	switch {
	case r.entry != nil:
		r.entry.SetText(v)
	case r.sel != nil:
		for i, o := range r.f.Options {
			if o.Value == v {
				r.sel.SetSelected(r.sel.Options[i])
			}
		}
	case r.radio != nil:
		if v == forms.True {
			r.radio.SetSelected(tr("journey.q.yes"))
		} else if v == forms.False {
			r.radio.SetSelected(tr("journey.q.no"))
		}
	case r.check != nil:
		r.check.SetChecked(v == forms.True)
	case r.multi != nil:
		var labels []string
		for i, o := range r.f.Options {
			if slices.Contains(forms.Multi(v), o.Value) {
				labels = append(labels, r.multi.Options[i])
			}
		}
		r.multi.SetSelected(labels)
	}
}

// typed are the form's values without the defaults and suggestions
// nobody touched (a pre-fill from a real record may replace those).
func (m *mergedForm) typed() forms.Values {
	v := forms.Values{}
	for _, k := range m.order {
		x := m.s.draft.Values[k]
		if r := m.rows[k]; !r.touched && (r.f.Default != "" && x == r.f.Default || m.suggested[k] == x && x != "") {
			continue
		}
		v[k] = x
	}
	return v
}

// prefill fills the empty fields from src (never overwriting what the
// user typed) and reports how many it filled.
func (m *mergedForm) prefill(src forms.Values) int {
	dst := m.typed()
	filled := forms.Merge(dst, src)
	n := 0
	for _, k := range filled {
		if _, ok := m.rows[k]; ok {
			m.setValue(k, dst[k])
			n++
		}
	}
	return n
}

// doLookup fills the form from the enterprise lookup by credit code; the
// request runs off the UI goroutine.
func (m *mergedForm) doLookup() {
	code := forms.NormalizeUSCC(m.s.draft.Values["uscc"])
	if e := forms.CheckUSCC(code); e != nil {
		m.setStatus(tr("journey.form.lookup_need_uscc")+e.Message(langCode()), widget.DangerImportance)
		if r, ok := m.rows["uscc"]; ok && r.entry != nil {
			r.touched = true
			r.entry.AlwaysShowValidationError = true
			m.showCheck(r)
			if c := fyne.CurrentApp().Driver().CanvasForObject(r.entry); c != nil {
				c.Focus(r.focus)
			}
		}
		return
	}
	c := m.s.j.core
	m.lookup.Disable()
	m.setStatus(tr("journey.form.lookup_busy"), widget.MediumImportance)
	m.s.j.run.Run(func() func() {
		ctx, cancel := storageCtx()
		defer cancel()
		ent, err := c.LookupEnterprise(ctx, code)
		return func() {
			m.lookup.Enable()
			if err != nil {
				m.setStatus(usererr.Message(err, langCode()), widget.DangerImportance)
				return
			}
			n := m.prefill(forms.PrefillFromEnterprise(ent))
			m.setStatus(trm("journey.form.lookup_done", "N", n, "Name", ent.Name), widget.SuccessImportance)
		}
	})
}

// doEarlier fills the form from the applicant's earlier applications.
func (m *mergedForm) doEarlier() {
	store, id, cur := m.s.j.core.Drafts(), m.s.draft.ID, m.typed()
	m.s.j.run.Run(func() func() {
		ctx, cancel := storageCtx()
		defer cancel()
		earlier, err := store.EarlierValues(ctx, id)
		vals := forms.PrefillFromEarlier(cur, earlier)
		return func() {
			if err != nil {
				m.setStatus(usererr.Message(err, langCode()), widget.DangerImportance)
				return
			}
			n := m.prefill(vals)
			if n == 0 {
				m.setStatus(tr("journey.form.earlier_none"), widget.MediumImportance)
				return
			}
			m.setStatus(trm("journey.form.earlier_done", "N", n), widget.SuccessImportance)
		}
	})
}

// updateLookup offers the credit-code lookup only when a portal is set.
func (m *mergedForm) updateLookup() {
	if m.s.j.core.PortalURL() == "" {
		m.lookup.Disable()
	} else {
		m.lookup.Enable()
	}
}

func (m *mergedForm) setStatus(text string, imp widget.Importance) {
	m.status.Show()
	m.status.SetText(text)
	m.status.Importance = imp
	m.status.Refresh()
}

package licenseview

import (
	"context"
	"os"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/naiman-yiye/yiye/app/consult"
	"github.com/naiman-yiye/yiye/app/filepick"
	"github.com/naiman-yiye/yiye/app/i18n"
	"github.com/naiman-yiye/yiye/app/shell"
	"github.com/naiman-yiye/yiye/application"
	"github.com/naiman-yiye/yiye/catalog"
	"github.com/naiman-yiye/yiye/client/api"
	"github.com/naiman-yiye/yiye/drafts"
)

// The license's life after issue, below the certificate: what to do when
// it is void, the validity and renewal of its items, what it allows now,
// the applications in progress for it, the filings after opening, the
// conversation with the hall, and its history.

// lifeParts are the widgets tests reach.
type lifeParts struct {
	actions  map[string]*widget.Button // kind → 开始办理
	void     *fyne.Container           // nil unless the license is void
	renewNow *widget.Button            // the renewal, at the top when it is due
}

func (v *licenseView) lifeSections() []fyne.CanvasObject {
	cat, today, lic := v.l.core.Catalog(), time.Now(), v.lic
	objs := []fyne.CanvasObject{v.validityCard(cat, today)}
	if lic.Status == api.LicenseValid || lic.Status == api.LicenseVoid {
		objs = append(objs, v.actionsCard(cat, today))
	}
	if v.drafts == nil {
		v.drafts = container.NewVBox()
		v.loadDrafts()
	}
	objs = append(objs, widget.NewCard(tr("lic.drafts.title"), "", v.drafts))
	if v.filings == nil {
		v.filings = container.NewVBox(shell.WrapLabel(tr("lic.loading")))
		v.loadFilings()
	}
	objs = append(objs, widget.NewCard(tr("lic.filings.title"), tr("lic.filings.sub"), v.filings))
	if v.ctx.Kiosk() {
		// A kiosk serves one applicant after another: only the application
		// in hand's conversation is shown (in 我的申请).
		objs = append(objs, widget.NewCard(tr("lic.consult.title"), "", shell.WrapLabel(tr("lic.consult.kiosk"))))
	} else {
		if v.thread == nil {
			v.thread = consult.New(v.l.core, v.l.run, v.ctx, "", lic.Number)
			v.thread.OnChange = v.relayout
		}
		objs = append(objs, widget.NewCard(tr("lic.consult.title"), tr("lic.consult.sub"), v.thread.Object()))
	}
	return append(objs, v.historyCard())
}

// voidCard says the license is void, why, and what to do next.
func (v *licenseView) voidCard(cat *catalog.Catalog) fyne.CanvasObject {
	head := shell.BoldLabel(tr("lic.void.head"))
	head.Importance = widget.DangerImportance
	box := container.NewVBox(head)
	if v.lic.StatusReason != "" {
		box.Add(shell.WrapLabel(v.lic.StatusReason))
	}
	if cat.AfterIssue != nil {
		box.Add(shell.WrapLabel(consult.LocalNote(cat.AfterIssue.Void)))
	}
	box.Add(shell.WrapLabel(tr("lic.void.next")))
	v.life.void = box
	return widget.NewCard(tr("lic.void.title"), "", box)
}

// remindersCard is what needs the applicant's attention now (a renewal
// due), at the top, with the way to act on it; nil when nothing does.
func (v *licenseView) remindersCard() fyne.CanvasObject {
	cat, today := v.l.core.Catalog(), time.Now()
	box := container.NewVBox()
	renew := false
	for _, r := range application.LicenseReminders(cat, v.lic, today) {
		if r.Kind == application.RemindVoid {
			continue
		}
		_, body := ReminderText(r)
		l := shell.WrapLabel(body)
		l.Importance = widget.WarningImportance
		box.Add(l)
		renew = renew || r.Kind == application.RemindRenewal && r.Stage != application.RenewExpired
	}
	if len(box.Objects) == 0 {
		return nil
	}
	for _, a := range application.Actions(cat, v.lic, today) {
		if renew && a.Kind == api.KindRenewal && a.Available && a.Procedure != nil {
			act := a
			b := widget.NewButtonWithIcon(consult.LocalText(a.Procedure.Name), theme.DocumentCreateIcon(), func() { v.start(act) })
			b.Importance = widget.HighImportance
			v.life.renewNow = b
			box.Add(container.NewHBox(b))
		}
	}
	return widget.NewCard(tr("lic.attention.title"), "", box)
}

// validityCard lists each item's validity and where it stands with its
// renewal; an item without a date is left to its certificate.
func (v *licenseView) validityCard(cat *catalog.Catalog, today time.Time) fyne.CanvasObject {
	box := container.NewVBox()
	states := application.Renewals(cat, v.lic, today)
	for _, it := range v.lic.Items {
		name := v.l.localItemName(it.Code, it.Name)
		i := slices.IndexFunc(states, func(r application.RenewalState) bool { return r.Code == it.Code })
		if i < 0 {
			box.Add(shell.WrapLabel(trm("lic.validity.none", "Name", name)))
			continue
		}
		r := states[i]
		l := shell.WrapLabel(renewalText(name, r))
		switch r.Stage {
		case application.RenewOpen, application.RenewAsk:
			l.Importance = widget.WarningImportance
		case application.RenewLate, application.RenewExpired:
			l.Importance = widget.DangerImportance
		}
		box.Add(l)
		if r.Note.ZH != "" && r.Stage != application.RenewExpired {
			n := shell.WrapLabel(consult.LocalNote(r.Note))
			n.Importance = widget.LowImportance
			box.Add(n)
		}
	}
	return widget.NewCard(tr("lic.validity.title"), "", box)
}

// renewalText says where one item stands with its renewal.
func renewalText(name string, r application.RenewalState) string {
	until := i18n.FormatDateLong(r.ValidUntil)
	switch r.Stage {
	case application.RenewLater:
		if r.Known {
			return trm("lic.renew.later", "Name", name, "Until", until, "From", i18n.FormatDateLong(r.From),
				"To", i18n.FormatDateLong(r.To))
		}
		return trm("lic.renew.later_unknown", "Name", name, "Until", until)
	case application.RenewOpen:
		return trm("lic.renew.open", "Name", name, "Until", until, "To", i18n.FormatDateLong(r.To))
	case application.RenewLate:
		return trm("lic.renew.late", "Name", name, "Until", until, "To", i18n.FormatDateLong(r.To))
	case application.RenewAsk:
		return trm("lic.renew.ask", "Name", name, "Until", until)
	}
	return trm("lic.renew.expired", "Name", name, "Until", until)
}

// actionsCard lists what the license allows now, each explained.
func (v *licenseView) actionsCard(cat *catalog.Catalog, today time.Time) fyne.CanvasObject {
	box := container.NewVBox()
	for _, a := range application.Actions(cat, v.lic, today) {
		if a.Procedure == nil {
			continue
		}
		p := a.Procedure
		body := container.NewVBox(shell.WrapLabel(consult.LocalNote(p.What)), shell.WrapLabel(trm("lic.action.result", "Text", consult.LocalNote(p.Result))))
		body.Add(shell.WrapLabel(trm("lic.action.time", "Text", v.timeText(cat, a))))
		if names := v.names(a.Items); len(names) > 0 && a.Kind != api.KindChange && a.Kind != api.KindCancellation {
			body.Add(shell.WrapLabel(trm("lic.action.items", "Items", i18n.JoinNames(names))))
		}
		var inForce []string
		for _, it := range v.lic.Items {
			inForce = append(inForce, it.Code)
		}
		for _, n := range p.NotesFor(inForce, nil) {
			nl := shell.WrapLabel(consult.LocalNote(n))
			nl.Importance = widget.LowImportance
			body.Add(nl)
		}
		if a.Available {
			act := a
			b := widget.NewButtonWithIcon(tr("lic.action.start"), theme.DocumentCreateIcon(), func() { v.start(act) })
			if len(a.Suggested) > 0 {
				b.Importance = widget.HighImportance
			}
			v.life.actions[a.Kind] = b
			body.Add(container.NewHBox(b))
		} else {
			why := shell.WrapLabel(a.WhyZH)
			if v.ctx.Language() == i18n.English {
				why.SetText(a.WhyEN)
			}
			why.Importance = widget.LowImportance
			body.Add(why)
		}
		box.Add(widget.NewCard(consult.LocalText(p.Name), "", body))
	}
	return widget.NewCard(tr("lic.actions.title"), tr("lic.actions.sub"), box)
}

// timeText is how long an action takes: for added items their committed
// limits from the catalog, otherwise the procedure's time.
func (v *licenseView) timeText(cat *catalog.Catalog, a application.Action) string {
	t := consult.LocalNote(a.Procedure.Time)
	if a.Kind != api.KindAddItems {
		return t
	}
	items := a.Suggested
	if len(items) == 0 {
		items = a.Items
	}
	var parts []string
	for _, code := range items {
		if d := application.ProcedureDays(cat, v.lic.Industry, []string{code}); d > 0 {
			parts = append(parts, trm("lic.action.days", "Name", v.l.localItemName(code, ""), "Days", d))
		}
	}
	if len(parts) == 0 {
		return t
	}
	return trm("lic.action.time_list", "Text", t, "Items", strings.Join(parts, tr("lic.sep")))
}

func (v *licenseView) names(codes []string) []string {
	var out []string
	for _, c := range codes {
		out = append(out, v.l.localItemName(c, v.recorded(c)))
	}
	return out
}

// recorded is an item's name as the license records it ("" if none).
func (v *licenseView) recorded(code string) string {
	for _, it := range v.lic.Items {
		if it.Code == code {
			return it.Name
		}
	}
	for _, u := range v.lic.Unlicensed {
		if u.Code == code {
			return u.Name
		}
	}
	return ""
}

// start begins an action: the items to cover where there is a choice, a
// confirmation before a cancellation, then a draft the journey opens.
func (v *licenseView) start(a application.Action) {
	switch a.Kind {
	case api.KindAddItems, api.KindRenewal, api.KindUpdate:
		v.chooseItems(a)
	case api.KindCancellation:
		v.chooser = i18n.NewConfirm(tr("lic.cancel.title"), tr("lic.cancel.confirm"), func(ok bool) {
			if ok {
				v.create(a.Kind, nil)
			}
		}, v.ctx.Window)
		v.chooser.Show()
	default:
		v.create(a.Kind, nil)
	}
}

// chooseItems asks which items an action covers (the suggested ones
// ticked) and starts it with them.
func (v *licenseView) chooseItems(a application.Action) {
	checks := map[string]*widget.Check{}
	box := container.NewVBox(widget.NewLabel(tr("lic.choose.hint"))) // short: the dialog is as wide as the line
	for _, code := range a.Items {
		c := widget.NewCheck(v.l.localItemName(code, v.recorded(code)), nil)
		c.SetChecked(slices.Contains(a.Suggested, code) || len(a.Items) == 1)
		checks[code] = c
		box.Add(c)
	}
	d := dialog.NewCustomConfirm(consult.LocalText(a.Procedure.Name), tr("lic.choose.ok"), tr("lic.choose.cancel"), box,
		func(ok bool) {
			if !ok {
				return
			}
			var items []string
			for _, code := range a.Items {
				if checks[code].Checked {
					items = append(items, code)
				}
			}
			if len(items) == 0 {
				v.ctx.Toast(tr("lic.choose.none"))
				return
			}
			v.create(a.Kind, items)
		}, v.ctx.Window)
	v.chooser, v.checks = d, checks
	d.Show()
}

// create starts the draft (off the UI goroutine) and opens it.
func (v *licenseView) create(kind string, items []string) {
	c, number := v.l.core, v.lic.Number
	v.l.run.Run(func() func() {
		cx, cancel := bg()
		defer cancel()
		d, err := c.NewDraftFromLicense(cx, number, kind, items)
		return func() {
			if err != nil {
				v.ctx.ShowError(err)
				return
			}
			v.loadDrafts()
			if v.l.opts.OpenDraft != nil {
				v.l.opts.OpenDraft(d.ID)
				return
			}
			v.ctx.Toast(tr("lic.action.created"))
		}
	})
}

// loadDrafts lists the drafts in progress for this license.
func (v *licenseView) loadDrafts() {
	if v.drafts == nil {
		return
	}
	st, number := v.l.core.Drafts(), v.lic.Number
	v.l.run.Run(func() func() {
		cx, cancel := bg()
		defer cancel()
		list, err := st.List(cx)
		return func() {
			if err != nil {
				v.ctx.ShowError(err)
				return
			}
			var objs []fyne.CanvasObject
			for _, s := range list {
				if s.ForLicense != number || s.Status.State == drafts.StateSubmitted {
					continue
				}
				objs = append(objs, v.draftRow(s))
			}
			if len(objs) == 0 {
				objs = append(objs, shell.WrapLabel(tr("lic.drafts.none")))
			}
			v.drafts.Objects = objs
			v.drafts.Refresh()
			v.relayout()
		}
	})
}

func (v *licenseView) draftRow(s drafts.Summary) fyne.CanvasObject {
	id := s.ID
	line := s.Title
	if s.Status.State == drafts.StateQueued {
		line += "（" + tr("lic.drafts.queued") + "）"
	}
	row := container.NewHBox()
	if s.Status.State == drafts.StateDraft && v.l.opts.OpenDraft != nil {
		row.Add(widget.NewButtonWithIcon(tr("lic.drafts.open"), theme.DocumentCreateIcon(), func() { v.l.opts.OpenDraft(id) }))
	}
	row.Add(widget.NewButtonWithIcon(tr("lic.drafts.print"), theme.DocumentPrintIcon(), func() { v.printForm(id, s.Kind) }))
	return container.NewVBox(shell.WrapLabel(line), row)
}

// printForm saves the draft's application form (change, renewal,
// cancellation …) as a PDF for signature, where the applicant chooses.
func (v *licenseView) printForm(draftID, kind string) {
	name := tr("lic.drafts.form_file")
	if p := v.l.core.Catalog().Procedure(kind); p != nil {
		name = consult.LocalText(p.Name)
	}
	filepick.Save(v.ctx.Window, filepick.Options{Title: tr("lic.drafts.print"), FileName: name + ".pdf", Extensions: []string{".pdf"}},
		func(path string) {
			if path != "" {
				v.writeForm(draftID, path)
			}
		})
}

// writeForm writes the draft's form to path (off the UI goroutine).
func (v *licenseView) writeForm(draftID, path string) {
	c := v.l.core
	v.l.run.Run(func() func() {
		cx, cancel := bg()
		defer cancel()
		f, err := os.Create(path)
		if err == nil {
			err = c.WriteApplicationForm(cx, f, draftID, time.Now())
			if cerr := f.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				os.Remove(path)
			}
		}
		return func() {
			if err != nil {
				v.ctx.ShowError(err)
				return
			}
			v.ctx.Toast(trm("lic.export.saved", "File", path))
		}
	})
}

// loadFilings shows the filings after opening of the license's
// application, with their deadlines (the portal is asked for the
// application; offline there is nothing to show).
func (v *licenseView) loadFilings() {
	if v.filings == nil || v.lic.ApplicationID == "" {
		return
	}
	c, appID := v.l.core, v.lic.ApplicationID
	v.l.run.Run(func() func() {
		cx, cancel := bg()
		defer cancel()
		app, err := c.Application(cx, appID)
		var fs []application.FilingState
		if err == nil {
			fs, err = c.Filings(cx, app)
		}
		return func() {
			if err != nil {
				v.filings.Objects = []fyne.CanvasObject{shell.WrapLabel(tr("lic.filings.offline"))}
				v.filings.Refresh()
				v.relayout()
				return
			}
			v.showFilings(appID, fs)
		}
	})
}

func (v *licenseView) showFilings(appID string, fs []application.FilingState) {
	if len(fs) == 0 {
		v.filings.Objects = []fyne.CanvasObject{shell.WrapLabel(tr("lic.filings.none"))}
		v.filings.Refresh()
		v.relayout()
		return
	}
	var objs []fyne.CanvasObject
	events := map[string]bool{}
	dates := map[string]time.Time{}
	v.events, v.saveEvent, v.mark = map[string]*i18n.DateEntry{}, map[string]*widget.Button{}, map[string]*widget.Button{}
	for _, f := range fs {
		objs = append(objs, v.filingRow(appID, f))
		if f.Stage == application.FilingWaiting || f.HasDue && f.Stage != application.FilingDone {
			events[f.Event] = true
		}
		if !f.EventDate.IsZero() {
			dates[f.Event] = f.EventDate
		}
	}
	for _, ev := range []string{catalog.FilingAfterOpening, catalog.FilingAfterOnlineSales} {
		if events[ev] {
			objs = append(objs, v.eventRow(appID, ev, dates[ev]))
		}
	}
	v.filings.Objects = objs
	v.filings.Refresh()
	v.relayout()
}

// filingRow is one filing: when it is due, or that it is done.
func (v *licenseView) filingRow(appID string, f application.FilingState) fyne.CanvasObject {
	name := consult.LocalText(catalog.Text{ZH: f.Name, EN: f.NameEN})
	head := shell.BoldLabel(name)
	var state *widget.Label
	switch f.Stage {
	case application.FilingDone:
		state = shell.WrapLabel(trm("lic.filing.done", "On", f.FiledOn, "Ref", f.Reference))
		state.Importance = widget.SuccessImportance
	case application.FilingAsk:
		state = shell.WrapLabel(tr("lic.filing.ask"))
	case application.FilingWaiting:
		state = shell.WrapLabel(tr("lic.filing.waiting"))
	case application.FilingOverdue:
		state = shell.WrapLabel(trm("lic.filing.overdue", "Due", i18n.FormatDateLong(f.Due)))
		state.Importance = widget.DangerImportance
	case application.FilingSoon:
		state = shell.WrapLabel(trm("lic.filing.due", "Due", i18n.FormatDateLong(f.Due)))
		state.Importance = widget.WarningImportance
	default:
		state = shell.WrapLabel(trm("lic.filing.due", "Due", i18n.FormatDateLong(f.Due)))
	}
	within := f.Within
	if v.ctx.Language() == i18n.English {
		within = f.WithinEN
	}
	box := container.NewVBox(head, shell.WrapLabel(within), state)
	if f.Stage != application.FilingDone {
		code := f.Code
		b := widget.NewButtonWithIcon(tr("lic.filing.mark"), theme.ConfirmIcon(), func() { v.markDone(appID, code, name) })
		v.mark[code] = b
		box.Add(container.NewHBox(b))
	}
	return box
}

// eventRow asks the date a filing's deadline counts from.
func (v *licenseView) eventRow(appID, event string, recorded time.Time) fyne.CanvasObject {
	label := tr("lic.filing.opened")
	if event == catalog.FilingAfterOnlineSales {
		label = tr("lic.filing.online")
	}
	entry := i18n.NewDateEntry()
	if !recorded.IsZero() {
		entry.SetDate(recorded)
	}
	save := widget.NewButtonWithIcon(tr("lic.filing.save_date"), theme.DocumentSaveIcon(), nil)
	save.OnTapped = func() {
		day, ok := entry.Date()
		if !ok {
			v.ctx.Toast(tr("lic.filing.bad_date"))
			return
		}
		c := v.l.core
		v.l.run.Run(func() func() {
			cx, cancel := bg()
			defer cancel()
			err := c.SetFilingEvent(cx, appID, event, day)
			return func() {
				if err != nil {
					v.ctx.ShowError(err)
				}
			}
		})
	}
	v.events[event], v.saveEvent[event] = entry, save
	return container.NewBorder(nil, nil, widget.NewLabel(label), save, entry)
}

// markDone records a filing made (today by default) with its receipt.
func (v *licenseView) markDone(appID, code, name string) {
	day := i18n.NewDateEntry()
	day.SetDate(time.Now())
	ref := widget.NewEntry()
	ref.SetPlaceHolder(tr("lic.filing.ref"))
	form := container.NewVBox(widget.NewLabel(tr("lic.filing.filed_on")), day, widget.NewLabel(tr("lic.filing.ref")), ref)
	d := dialog.NewCustomConfirm(trm("lic.filing.mark_title", "Name", name), tr("lic.choose.ok"), tr("lic.choose.cancel"), form,
		func(ok bool) {
			if !ok {
				return
			}
			on, valid := day.Date()
			if !valid {
				v.ctx.Toast(tr("lic.filing.bad_date"))
				return
			}
			c, reference := v.l.core, strings.TrimSpace(ref.Text)
			v.l.run.Run(func() func() {
				cx, cancel := context.WithTimeout(context.Background(), time.Minute)
				defer cancel()
				err := c.MarkFilingDone(cx, appID, code, on, reference)
				return func() {
					if err != nil {
						v.ctx.ShowError(err)
						return
					}
					v.ctx.Toast(tr("lic.filing.marked"))
				}
			})
		}, v.ctx.Window)
	v.chooser, v.filedOn, v.reference = d, day, ref
	d.Show()
}

// historyCard is the license's history: issued, QR updates, replaced,
// items ended, cancelled; and the licenses it replaced or was replaced by.
func (v *licenseView) historyCard() fyne.CanvasObject {
	box := container.NewVBox()
	for i := len(v.lic.History) - 1; i >= 0; i-- {
		e := v.lic.History[i]
		txt := i18n.FormatDateLong(e.At.Local()) + "  " + historyText(e)
		if e.Note != "" {
			txt += "（" + e.Note + "）"
		}
		box.Add(shell.WrapLabel(txt))
	}
	for _, other := range []struct{ number, key string }{{v.lic.ReplacedBy, "lic.history.open_new"}, {v.lic.Replaces, "lic.history.open_old"}} {
		if other.number == "" {
			continue
		}
		n := other.number
		box.Add(container.NewHBox(widget.NewButtonWithIcon(trm(other.key, "Number", n), theme.NavigateNextIcon(), func() {
			if l := v.l.list; l != nil {
				for _, lic := range l.lics {
					if lic.Number == n {
						v.l.openLicense(v.ctx, lic, l.cachedAt)
						return
					}
				}
			}
			v.ctx.Toast(tr("lic.history.not_here"))
		})))
	}
	if len(box.Objects) == 0 {
		box.Add(shell.WrapLabel(trm("lic.history.issued_on", "Date", i18n.FormatDay(v.lic.IssuedOn))))
	}
	return widget.NewCard(tr("lic.history.title"), "", box)
}

// historyText names a step of a license's life.
func historyText(e api.LicenseEvent) string {
	switch e.Type {
	case api.HistoryIssued:
		return trm("lic.history.issued", "Number", e.Number)
	case api.HistoryUpdated:
		return trm("lic.history.updated", "N", e.Revision)
	case api.HistoryReplaced:
		return trm("lic.history.replaced", "Number", e.Number)
	case api.HistoryItemEnded:
		return tr("lic.history.item_ended")
	case api.HistoryCancelled:
		return tr("lic.history.cancelled")
	case api.HistoryRevoked:
		return tr("lic.history.revoked")
	}
	return e.Type
}

// ReminderText is a reminder as the applicant reads it (a notification's
// title and body; the body alone on 我的许可证).
func ReminderText(r application.Reminder) (title, body string) {
	title = trm("lic.remind.title", "Holder", r.Holder)
	due := ""
	if !r.Due.IsZero() {
		due = i18n.FormatDateLong(r.Due)
	}
	name := r.Name
	if i18n.Current() == i18n.English && r.NameEN != "" {
		name = r.NameEN
	}
	switch r.Kind {
	case application.RemindVoid:
		body = tr("lic.remind.void")
	case application.RemindFiling:
		if r.Stage == application.FilingOverdue {
			body = trm("lic.remind.filing_overdue", "Name", name, "Due", due)
		} else {
			body = trm("lic.remind.filing_soon", "Name", name, "Due", due)
		}
	default:
		switch r.Stage {
		case application.RenewOpen:
			body = trm("lic.remind.renew_open", "Name", name, "Due", due)
		case application.RenewLate:
			body = trm("lic.remind.renew_late", "Name", name, "Due", due)
		case application.RenewAsk:
			body = trm("lic.remind.renew_ask", "Name", name, "Due", due)
		default:
			body = trm("lic.remind.renew_expired", "Name", name, "Due", due)
		}
	}
	return title, body
}

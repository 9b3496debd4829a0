package track

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/naiman-yiye/yiye/app/consult"
	"github.com/naiman-yiye/yiye/app/i18n"
	"github.com/naiman-yiye/yiye/app/shell"
	"github.com/naiman-yiye/yiye/application"
	"github.com/naiman-yiye/yiye/catalog"
	"github.com/naiman-yiye/yiye/client/api"
)

// detailView is one application: items, deadline, inspection, open
// correction, timeline.
type detailView struct {
	t    *Track
	ctx  *shell.Context
	id   string
	app  api.Application
	body *fyne.Container
	fix  *widget.Button
	// thread is the application's conversation with the hall (一线应答);
	// filings its filings after opening with their deadlines.
	thread  *consult.Thread
	filings *fyne.Container
	scroll  *container.Scroll
}

// openDetail pushes the detail of application id on ctx's screen; it
// follows the application's status changes while it is shown.
func (t *Track) openDetail(ctx *shell.Context, id string) {
	v := &detailView{t: t, ctx: ctx, id: id}
	v.body = container.NewVBox(widget.NewLabel(tr("track.loading")))
	t.detail = v
	v.scroll = container.NewVScroll(v.body)
	ctx.PushPage(shell.Page{Title: tr("track.detail.title"), Content: v.scroll, OnPop: func() {
		if t.detail == v {
			t.detail = nil
		}
	}})
	v.load()
}

func (v *detailView) load() {
	c := v.t.core
	v.t.run.Run(func() func() {
		cx, cancel := bg()
		defer cancel()
		a, err := c.Application(cx, v.id)
		return func() {
			if err != nil {
				if v.t.detail == v {
					v.ctx.ShowError(err)
				}
				return
			}
			v.show(a)
		}
	})
}

func (v *detailView) show(a api.Application) {
	v.app = a
	cat := v.t.core.Catalog()
	ind := industryName(cat, a.Industry)
	objs := []fyne.CanvasObject{
		shell.BoldLabel(a.SubjectName + " · " + ind),
		widget.NewLabel(trm("track.detail.head", "Number", a.Number, "Status", StatusLabel(a.Status))),
	}
	if a.Kind != "" && a.Kind != api.KindNew {
		objs = append(objs, shell.WrapLabel(trm("track.detail.kind", "Kind", KindLabel(cat, a.Kind), "Number", a.ForLicense)))
	}
	if dl := deadlineText(cat, a, time.Now()); dl != "" {
		objs = append(objs, shell.WrapLabel(dl))
	}
	v.fix = nil
	if c := a.OpenCorrection; c != nil {
		txt := trm("track.detail.correction", "Dept", deptName(cat, c.Department), "Note", c.Note)
		var named []string
		for _, f := range c.Fields {
			named = append(named, fieldLabel(f.Key))
		}
		for _, m := range c.Materials {
			named = append(named, materialName(cat, m.MaterialID))
		}
		l := shell.WrapLabel(txt + "\n" + trm("track.detail.correction_named", "List", i18n.JoinNames(named)))
		l.Importance = widget.DangerImportance
		v.fix = widget.NewButtonWithIcon(tr("track.detail.fix"), theme.DocumentCreateIcon(), func() { v.t.openCorrection(v, a) })
		v.fix.Importance = widget.HighImportance
		objs = append(objs, widget.NewCard(tr("track.detail.correction_title"), "", container.NewVBox(l, container.NewHBox(v.fix))))
	}
	// Items: status, certificate, reason.
	items := container.NewVBox()
	for _, it := range a.Items {
		name, dept := itemName(cat, it.Code, it.Name), deptName(cat, it.Department)
		line := trm("track.detail.item", "Name", name, "Dept", dept, "Status", ItemStatusLabel(it.Status))
		lbl := shell.WrapLabel(line)
		items.Add(lbl)
		switch it.Status {
		case api.ItemApproved:
			switch {
			case it.CertificateNo != "" && it.ValidUntil != "":
				items.Add(widget.NewLabel("    " + trm("track.detail.cert", "No", it.CertificateNo, "Until", i18n.FormatDay(it.ValidUntil))))
			case it.CertificateNo != "":
				// No validity date: the fire opinion, or a term the facts do not give.
				items.Add(widget.NewLabel("    " + trm("track.detail.cert_nodate", "No", it.CertificateNo)))
			}
		case api.ItemRejected:
			lbl.Importance = widget.DangerImportance
			items.Add(shell.WrapLabel("    " + trm("track.detail.reason", "Reason", it.Reason)))
		}
	}
	objs = append(objs, widget.NewCard(tr("track.detail.items"), "", items))
	if a.Agent != nil {
		objs = append(objs, agentCard(cat, a.Agent))
	}
	if in := a.Inspection; in != nil {
		var names []string
		for _, c := range in.Items {
			names = append(names, itemName(cat, c, ""))
		}
		txt := trm("track.detail.inspection", "At", i18n.FormatDateTime(in.ScheduledAt),
			"Depts", strings.Join(in.Departments, "、"), "Items", i18n.JoinNames(names), "Address", in.Address)
		if in.Note != "" {
			txt += "\n" + in.Note
		}
		objs = append(objs, widget.NewCard(tr("track.detail.inspection_title"), "", shell.WrapLabel(txt)))
	}
	if a.LicenseNumber != "" {
		open := widget.NewButtonWithIcon(trm("track.detail.license", "Number", a.LicenseNumber), theme.FileTextIcon(),
			func() { v.ctx.Open(shell.ScreenLicenses) })
		objs = append(objs, open)
	}
	tl := container.NewVBox()
	for i := len(a.Timeline) - 1; i >= 0; i-- {
		e := a.Timeline[i]
		txt := i18n.FormatDateTime(e.At) + "  " + EventLabel(e.Type)
		var extra []string
		if e.Department != "" {
			extra = append(extra, deptName(cat, e.Department))
		}
		if len(e.Items) > 0 {
			var n []string
			for _, c := range e.Items {
				n = append(n, itemName(cat, c, ""))
			}
			extra = append(extra, i18n.JoinNames(n))
		}
		// The department's own words stay as written.
		if e.Reason != "" {
			extra = append(extra, e.Reason)
		}
		if e.Note != "" {
			extra = append(extra, e.Note)
		}
		switch {
		case len(extra) > 0 && english():
			txt += " (" + strings.Join(extra, "; ") + ")"
		case len(extra) > 0:
			txt += "（" + strings.Join(extra, "；") + "）"
		}
		tl.Add(shell.WrapLabel(txt))
	}
	objs = append(objs, widget.NewCard(tr("track.detail.timeline"), "", tl))
	if v.filings == nil {
		v.filings = container.NewVBox()
	}
	v.loadFilings(a)
	objs = append(objs, widget.NewCard(tr("track.detail.filings"), "", v.filings))
	// The application in hand's conversation: also at a kiosk.
	if v.thread == nil {
		v.thread = consult.New(v.t.core, v.t.run, v.ctx, a.ID, "")
		v.thread.OnChange = v.scroll.Refresh
	}
	objs = append(objs, widget.NewCard(tr("track.detail.consult"), tr("track.detail.consult_sub"), v.thread.Object()))
	v.body.Objects = objs
	v.body.Refresh()
	v.scroll.Refresh() // the page's new height
}

// loadFilings shows the application's filings (备案) after opening with
// the date to file by, or that the window says when; dates and reports
// are entered on 我的许可证.
func (v *detailView) loadFilings(a api.Application) {
	c := v.t.core
	v.t.run.Run(func() func() {
		cx, cancel := bg()
		defer cancel()
		fs, err := c.Filings(cx, a)
		return func() {
			var objs []fyne.CanvasObject
			if err != nil {
				objs = append(objs, shell.WrapLabel(errText(v.ctx, err)))
			}
			for _, f := range fs {
				objs = append(objs, shell.WrapLabel(filingLine(f)))
			}
			if err == nil && len(fs) == 0 {
				objs = append(objs, shell.WrapLabel(tr("track.filing.none")))
			}
			v.filings.Objects = objs
			v.filings.Refresh()
			v.scroll.Refresh()
		}
	})
}

// filingLine is one filing: what, and by when (or what is missing).
func filingLine(f application.FilingState) string {
	name := f.Name
	within := f.Within
	if i18n.Current() == i18n.English {
		within = f.WithinEN
		if f.NameEN != "" {
			name = f.NameEN
		}
	}
	switch f.Stage {
	case application.FilingDone:
		return trm("track.filing.done", "Name", name, "On", f.FiledOn)
	case application.FilingAsk:
		return trm("track.filing.ask", "Name", name)
	case application.FilingWaiting:
		return trm("track.filing.waiting", "Name", name, "Within", within)
	case application.FilingOverdue:
		return trm("track.filing.overdue", "Name", name, "Due", i18n.FormatDateLong(f.Due))
	}
	return trm("track.filing.due", "Name", name, "Due", i18n.FormatDateLong(f.Due))
}

// deadlineText: committed working days from acceptance, due date, working
// days left as of today.
func deadlineText(cat *catalog.Catalog, a api.Application, today time.Time) string {
	var accepted time.Time
	for _, e := range a.Timeline {
		if e.Type == api.EventAccepted {
			accepted = e.At.Local()
			break
		}
	}
	days := application.CommittedDays(cat, a)
	if days == 0 {
		return ""
	}
	if accepted.IsZero() {
		return trm("track.deadline.pending", "Days", days)
	}
	switch a.Status {
	case api.StatusApproved, api.StatusPartiallyApproved, api.StatusRejected, api.StatusLicensed:
		return trm("track.deadline.done", "Days", days, "Start", i18n.FormatDateLong(accepted))
	}
	cal := cat.Calendar
	due := cal.AddWorkdays(accepted, days)
	left := cal.WorkdaysBetween(today, due)
	txt := trm("track.deadline.running", "Days", days, "Start", i18n.FormatDateLong(accepted),
		"Due", i18n.FormatDateLong(due), "Left", max(left, 0))
	if left < 0 {
		txt = trm("track.deadline.overdue", "Days", days, "Start", i18n.FormatDateLong(accepted),
			"Due", i18n.FormatDateLong(due), "Over", -left)
	}
	if !cal.Covers(due) {
		txt += tr("track.deadline.uncovered")
	}
	return txt
}

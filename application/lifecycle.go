package application

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/naiman-yiye/yiye/catalog"
	"github.com/naiman-yiye/yiye/client/api"
	"github.com/naiman-yiye/yiye/drafts"
	"github.com/naiman-yiye/yiye/forms"
	"github.com/naiman-yiye/yiye/usererr"
)

// After issue (一码联动): a draft of another kind than a first application
// concerns one issued license. Its plan asks only what the kind needs:
// the new items' form and materials (增加事项), the applicant's details
// and the materials the change asks (变更), the concerned items' details
// (其他信息变更), the applicant's details alone (延续, 注销).

// IsLifecycle reports whether kind is a procedure on an issued license.
func IsLifecycle(kind string) bool { return kind != "" && kind != api.KindNew }

// ExactSelection is the selection of exactly these items of the industry
// (codes or names), handled as the answers say (the variant the industry
// uses, e.g. a prepackaged-food filing), in annex order.
func ExactSelection(cat *catalog.Catalog, industry string, items []string, answers map[string]string) (*catalog.Selection, error) {
	ind, err := cat.Industry(industry)
	if err != nil {
		return nil, err
	}
	want := map[string]bool{}
	for _, ref := range items {
		s, err := cat.Treatment(ind.Code, ref, nil)
		if err != nil {
			return nil, err
		}
		want[s.Item.Code] = true
	}
	norm := catalog.Answers{}
	for k, v := range answers {
		if cat.Question(k) == nil {
			continue
		}
		if n, err := cat.NormalizeAnswer(k, v); err == nil {
			norm[k] = n
		}
	}
	sel, err := cat.Match(catalog.Request{Industry: ind.Code, Answers: norm, All: true})
	if err != nil {
		return nil, err
	}
	var keep []catalog.Selected
	for _, list := range [][]catalog.Selected{sel.Items, sel.Exempt} {
		for _, s := range list {
			if want[s.Item.Code] {
				s.Unanswered = nil
				keep = append(keep, s)
			}
		}
	}
	slices.SortStableFunc(keep, func(a, b catalog.Selected) int {
		return annexIndex(ind, a.Item.Code) - annexIndex(ind, b.Item.Code)
	})
	sel.Items, sel.Possible, sel.Exempt = keep, nil, nil
	return sel, nil
}

func annexIndex(ind *catalog.Industry, code string) int {
	for i, e := range ind.Entries {
		if e.Item == code {
			return i
		}
	}
	return len(ind.Entries)
}

// ErrLicenseMismatch: the license given for a draft is not the one it concerns.
var ErrLicenseMismatch = usererr.New("application.license_mismatch",
	"这份草稿对应的许可证信息不一致，请在“我的许可证”刷新后重新开始。",
	"The license does not match this draft; refresh My licenses and start again.")

// ErrNeedsLicense: a draft after issue is planned with the license it
// concerns, which is not known here.
var ErrNeedsLicense = usererr.New("application.needs_license",
	"这份草稿是对已发许可证的申请，需要先联网在“我的许可证”中读取这张许可证。",
	"This draft concerns an issued license; open My licenses online once so the license is known.")

// ErrNothingChanges: a change that changes nothing the license prints.
var ErrNothingChanges = usererr.New("application.nothing_changes",
	"名称、法定代表人和经营场所都没有改动。请改好要变更的内容；证上没印的信息变了，请选“变更其他信息”。",
	"Neither the name, the legal representative nor the premises change. Enter the change; for details the license does not print, choose Change other details.")

// LifecyclePlan is the plan of a draft after issue on lic, the license it
// concerns, counting working days from start.
func LifecyclePlan(cat *catalog.Catalog, d *drafts.Draft, lic api.License, start time.Time) (*Plan, error) {
	if !IsLifecycle(d.Kind) || lic.Number != d.ForLicense {
		return nil, ErrLicenseMismatch
	}
	sel, err := ExactSelection(cat, d.Industry, d.Items, d.Answers)
	if err != nil {
		return nil, err
	}
	p, err := NewPlan(sel, start)
	if err != nil {
		return nil, err
	}
	l := lic
	p.Kind, p.License, p.Procedure = d.Kind, &l, cat.Procedure(d.Kind)
	switch d.Kind {
	case api.KindAddItems, api.KindUpdate:
		// The new items' (or the concerned items') form and materials;
		// the applicant's details are carried over.
		if d.Kind == api.KindUpdate {
			p.Notice.Materials = p.procedureMaterials()
		}
	default:
		p.Schema = p.Schema.Only(func(f forms.Field) bool { return forms.ForEveryItem(f.Key) })
		p.Notice.Materials = p.procedureMaterials()
	}
	return p, nil
}

// procedureMaterials are the procedure's materials as a notice lists them,
// for every item of the plan.
func (p *Plan) procedureMaterials() []catalog.NoticeMaterial {
	out := []catalog.NoticeMaterial{}
	if p.Procedure == nil {
		return out
	}
	items := p.Items()
	for _, pm := range p.Procedure.Materials {
		m := p.Catalog.Material(pm.Material)
		if m == nil {
			continue
		}
		nm := catalog.NoticeMaterial{ID: m.ID, Name: m.Name, NameEN: m.NameEN, Items: items, FileTypes: m.FileTypes,
			MaxMB: m.MaxMB, Handling: slices.Clone(pm.Handling)}
		if len(nm.Handling) == 0 {
			nm.Handling = []catalog.Handling{catalog.Required}
		}
		if pm.Note.ZH != "" {
			nm.Notes = []catalog.Note{pm.Note}
		}
		zh, en := make([]string, len(nm.Handling)), make([]string, len(nm.Handling))
		for i, h := range nm.Handling {
			zh[i], en[i] = catalog.HandlingLabels[h][0], catalog.HandlingLabels[h][1]
		}
		nm.HowZH, nm.HowEN = strings.Join(zh, "；"), strings.Join(en, "; ")
		if pm.When != "" {
			if p.changeWhen == nil {
				p.changeWhen = map[string]string{}
			}
			p.changeWhen[m.ID] = pm.When
		}
		out = append(out, nm)
	}
	return out
}

// applies reports whether material id applies given the form values: the
// form's answer for materials tied to one, and for a change what the
// values change on the license.
func (p *Plan) applies(id string, v forms.Values) bool {
	if !Applies(id, v) {
		return false
	}
	if w, ok := p.changeWhen[id]; ok && p.License != nil {
		return slices.Contains(ChangedOnLicense(*p.License, v), w)
	}
	return true
}

// tied reports whether material id depends on the form values.
func (p *Plan) tied(id string) bool {
	_, form := appliesWhen[id]
	_, change := p.changeWhen[id]
	return form || change
}

// holderAddress is the address the license prints for these values: the
// business premises (经营场所), else the registered address, as
// api.Subject.Place reads what Submission sends.
func holderAddress(v forms.Values) string {
	if a := strings.TrimSpace(v["business_address"]); a != "" {
		return a
	}
	return strings.TrimSpace(v["registered_address"])
}

// ChangedOnLicense lists what the values change of what lic prints of
// its holder (catalog.ChangeName, ChangeLegalRep, ChangePremises), in
// certificate order.
func ChangedOnLicense(lic api.License, v forms.Values) []string {
	t := strings.TrimSpace
	var out []string
	if n := t(v["entity_name"]); n != "" && n != t(lic.HolderName) {
		out = append(out, catalog.ChangeName)
	}
	if n := t(v["legal_rep_name"]); n != "" && n != t(lic.LegalRep) {
		out = append(out, catalog.ChangeLegalRep)
	}
	if a := holderAddress(v); a != "" && a != t(lic.Address) {
		out = append(out, catalog.ChangePremises)
	}
	return out
}

// LifecycleValues pre-fills the form of a draft after issue: what the
// last application concerning the license held (its form values, for
// the fields this schema asks), and the holder's details as the license
// prints them where those are missing.
func LifecycleValues(sch *forms.Schema, lic api.License, earlier map[string]any) forms.Values {
	v := forms.Values{}
	for k, x := range earlier {
		if _, ok := sch.Field(k); !ok {
			continue
		}
		switch x := x.(type) {
		case string:
			v[k] = x
		case bool:
			v[k] = forms.False
			if x {
				v[k] = forms.True
			}
		case []any:
			var parts []string
			for _, p := range x {
				parts = append(parts, fmt.Sprint(p))
			}
			v[k] = forms.JoinMulti(parts)
		case nil:
		default:
			v[k] = fmt.Sprint(x)
		}
	}
	for k, x := range map[string]string{"entity_name": lic.HolderName, "uscc": lic.USCC, "legal_rep_name": lic.LegalRep} {
		if _, ok := sch.Field(k); ok && strings.TrimSpace(v[k]) == "" {
			v[k] = x
		}
	}
	if holderAddress(v) == "" {
		if _, ok := sch.Field("business_address"); ok {
			v["business_address"] = lic.Address
		}
	}
	return v
}

// Action is what a license allows now: one procedure after issue, with
// what happens, the result and the time in the catalog's words.
type Action struct {
	Kind      string // catalog.ProcAddItems, ...
	Procedure *catalog.Procedure
	Available bool
	// Why says why the action is not available (zh, en).
	WhyZH, WhyEN string
	// Items are the items the action covers: for adding, the ones that
	// can be added (refused, ended, or not yet applied for); for a
	// renewal the ones with a validity date; otherwise every item in force.
	Items []string
	// Suggested are the items proposed first: the refused and ended ones
	// (adding), the ones whose renewal window is open or near (renewal).
	Suggested []string
}

// Actions lists the procedures on lic on day today, in catalog order, as
// far as the catalog describes them.
func Actions(cat *catalog.Catalog, lic api.License, today time.Time) []Action {
	var out []Action
	inForce, ended := licenseItems(lic)
	ind, _ := cat.Industry(lic.Industry)
	for _, kind := range catalog.ProcedureKinds() {
		a := Action{Kind: kind, Procedure: cat.Procedure(kind)}
		switch lic.Status {
		case api.LicenseValid:
			a.Available = true
		case api.LicenseVoid:
			a.Available = kind == api.KindAddItems || kind == api.KindCancellation
			if !a.Available {
				a.WhyZH, a.WhyEN = "许可证已作废，不能办理这项。", "The license is void: not possible."
			}
		default:
			a.WhyZH, a.WhyEN = "这张许可证已不再有效。", "This license is no longer in force."
		}
		switch kind {
		case api.KindAddItems:
			for _, u := range lic.Unlicensed {
				if !slices.Contains(inForce, u.Code) {
					a.Suggested = appendNew(a.Suggested, u.Code)
				}
			}
			a.Suggested = append(a.Suggested, ended...)
			a.Items = slices.Clone(a.Suggested)
			if ind != nil {
				for _, e := range ind.Entries {
					tr, err := cat.Treatment(ind.Code, e.Item, nil)
					if err == nil && tr.OnLicense() && !slices.Contains(inForce, e.Item) {
						a.Items = appendNew(a.Items, e.Item)
					}
				}
			}
			if a.Available && len(a.Items) == 0 {
				a.Available = false
				a.WhyZH, a.WhyEN = "这个行业的事项都已在证上。", "Every item of the industry is on the license."
			}
		case api.KindRenewal:
			for _, r := range Renewals(cat, lic, today) {
				a.Items = append(a.Items, r.Code)
				if r.Stage == RenewOpen || r.Stage == RenewLate || r.Stage == RenewAsk {
					a.Suggested = append(a.Suggested, r.Code)
				}
			}
			if a.Available && len(a.Items) == 0 {
				a.Available = false
				a.WhyZH, a.WhyEN = "证上的事项都没有写明有效期，延续以单项证件为准。",
					"No item on the license shows a validity date; the single certificates decide."
			}
		default:
			a.Items = slices.Clone(inForce)
		}
		out = append(out, a)
	}
	return out
}

func appendNew(list []string, s string) []string {
	if slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}

// licenseItems splits a license's items into those in force and those
// that ended (cancelled, annulled, withdrawn, expired).
func licenseItems(lic api.License) (inForce, ended []string) {
	for _, it := range lic.Items {
		if it.Status == "" || it.Status == api.ItemValid {
			inForce = append(inForce, it.Code)
		} else {
			ended = append(ended, it.Code)
		}
	}
	return inForce, ended
}

// Renewal stages of an item with a validity date.
const (
	RenewLater   = "later"   // the window has not opened (or, unknown, is far)
	RenewOpen    = "open"    // apply now: inside the window the facts give
	RenewLate    = "late"    // after the window, before expiry (the item's note says what follows)
	RenewAsk     = "ask"     // the facts give no window and expiry is near: ask the window
	RenewExpired = "expired" // past its last valid day
)

// AskAheadDays is how long before expiry the app reminds to ask about a
// renewal when the facts give no window: a reminder, not a rule of law.
const AskAheadDays = 90

// RenewalState is where one item stands with its renewal.
type RenewalState struct {
	Code, Name, NameEN string
	ValidUntil         time.Time
	// From and To are the window in which to apply (Known); zero when the
	// facts give none.
	From, To time.Time
	Known    bool
	Stage    string
	Note     catalog.Note // the catalog's renewal note, if any
}

// Renewals lists, for every item of lic in force with a validity date,
// where it stands with its renewal on day today.
func Renewals(cat *catalog.Catalog, lic api.License, today time.Time) []RenewalState {
	day := catalog.Date(today.Date())
	var out []RenewalState
	for _, it := range lic.Items {
		if it.ValidUntil == "" || it.Status != "" && it.Status != api.ItemValid && it.Status != api.ItemExpired {
			continue
		}
		until, err := catalog.ParseDate(it.ValidUntil)
		if err != nil {
			continue
		}
		r := RenewalState{Code: it.Code, Name: it.Name, ValidUntil: until}
		var renewal *catalog.Renewal
		if tr, err := cat.Treatment(lic.Industry, it.Code, nil); err == nil {
			renewal = tr.Item.Renewal
			if r.Name == "" {
				r.Name = tr.Name()
			}
			r.NameEN = tr.NameEN()
		}
		if renewal != nil {
			r.From, r.To, r.Known = cat.RenewalWindow(renewal, until)
			r.Note = renewal.Note
		}
		switch {
		case day.After(until):
			r.Stage = RenewExpired
		case r.Known && day.Before(r.From):
			r.Stage = RenewLater
		case r.Known && !day.After(r.To):
			r.Stage = RenewOpen
		case r.Known:
			r.Stage = RenewLate
		case day.Before(until.AddDate(0, 0, -AskAheadDays)):
			r.Stage = RenewLater
		default:
			r.Stage = RenewAsk
		}
		out = append(out, r)
	}
	return out
}

// Filing stages.
const (
	FilingWaiting = "waiting" // the event it counts from (opening, online sales) has no date yet
	FilingOpen    = "open"    // due later
	FilingSoon    = "soon"    // due within FilingSoonDays
	FilingOverdue = "overdue" // past its last day, not reported done
	FilingAsk     = "ask"     // the facts give no deadline: ask the window
	FilingDone    = "done"    // the applicant made it
)

// FilingSoonDays is how many days before its last day a filing is
// reminded of.
const FilingSoonDays = 7

// FilingState is one filing (备案) after opening with its deadline.
type FilingState struct {
	Code, Name, NameEN string
	Within, WithinEN   string    // when, in words (营业之日起30日内, within 30 days of opening)
	Event              string    // catalog.FilingAfterOpening, FilingAfterOnlineSales, or "" (ask)
	EventDate          time.Time // the event's date, when recorded
	Due                time.Time
	HasDue             bool
	Stage              string
	FiledOn, Reference string // once done
}

// FilingInput is what the applicant recorded: the dates of the events
// filings count from, and the filings made.
type FilingInput struct {
	Events map[string]time.Time   // event → date
	Done   map[string]FilingState // item code → FiledOn, Reference
}

// Filings lists the filings of an application (never on the license:
// the bookstore's hygiene filing within 30 days of opening, the online
// publication filing within 15 days of starting online sales) with their
// last day when the event's date is known, on day today.
func Filings(cat *catalog.Catalog, app api.Application, in FilingInput, today time.Time) ([]FilingState, error) {
	n, err := applicationNotice(cat, app, app.CreatedAt)
	if err != nil {
		return nil, err
	}
	day := catalog.Date(today.Date())
	var out []FilingState
	for _, it := range n.Filings() {
		f := FilingState{Code: it.Code, Name: it.Name, NameEN: it.NameEN, Within: it.FilingWithin, WithinEN: it.Filing.WhenEN()}
		if it.Filing != nil {
			f.Event = it.Filing.After
		}
		for _, r := range app.Filings {
			if r.Code == it.Code {
				f.FiledOn, f.Reference = r.FiledOn, r.Reference
			}
		}
		if d, ok := in.Done[it.Code]; ok && f.FiledOn == "" {
			f.FiledOn, f.Reference = d.FiledOn, d.Reference
		}
		if ev, ok := in.Events[f.Event]; ok && it.Filing.Known() {
			f.EventDate = ev
			f.Due, f.HasDue = cat.FilingDeadline(it.Filing, ev)
		}
		switch {
		case f.FiledOn != "":
			f.Stage = FilingDone
		case !it.Filing.Known():
			f.Stage = FilingAsk
		case !f.HasDue:
			f.Stage = FilingWaiting
		case day.After(f.Due):
			f.Stage = FilingOverdue
		case !day.Before(f.Due.AddDate(0, 0, -FilingSoonDays)):
			f.Stage = FilingSoon
		default:
			f.Stage = FilingOpen
		}
		out = append(out, f)
	}
	return out, nil
}

// Reminder kinds.
const (
	RemindRenewal = "renewal"
	RemindFiling  = "filing"
	RemindVoid    = "void"
)

// Reminder is something to tell the applicant once: a renewal to apply
// for, a filing due, a license become void. Key names it and its stage,
// so a reminder is shown once per stage.
type Reminder struct {
	Key           string
	Kind          string // RemindRenewal, RemindFiling, RemindVoid
	Stage         string // the renewal or filing stage
	LicenseNumber string
	ApplicationID string
	Holder        string
	Code, Name    string
	NameEN        string    // the item's English name, if the catalog has one
	Due           time.Time // the last day, if any
}

// LicenseReminders are the reminders of a license in force or void on
// day today: renewals whose window is open, late, near (ask) or past,
// and a license void.
func LicenseReminders(cat *catalog.Catalog, lic api.License, today time.Time) []Reminder {
	var out []Reminder
	switch lic.Status {
	case api.LicenseVoid:
		out = append(out, Reminder{Key: "void/" + lic.Number, Kind: RemindVoid, LicenseNumber: lic.Number, Holder: lic.HolderName})
	case api.LicenseValid:
	default:
		return nil
	}
	for _, r := range Renewals(cat, lic, today) {
		if r.Stage == RenewLater {
			continue
		}
		due := r.To
		if !r.Known || r.Stage != RenewOpen {
			due = r.ValidUntil
		}
		out = append(out, Reminder{Key: "renewal/" + lic.Number + "/" + r.Code + "/" + r.Stage, Kind: RemindRenewal,
			Stage: r.Stage, LicenseNumber: lic.Number, Holder: lic.HolderName, Code: r.Code, Name: r.Name, NameEN: r.NameEN, Due: due})
	}
	return out
}

// FilingReminders are the reminders of an application's filings: due
// soon or overdue.
func FilingReminders(app api.Application, filings []FilingState) []Reminder {
	var out []Reminder
	for _, f := range filings {
		if f.Stage != FilingSoon && f.Stage != FilingOverdue {
			continue
		}
		out = append(out, Reminder{Key: "filing/" + app.ID + "/" + f.Code + "/" + f.Stage, Kind: RemindFiling, Stage: f.Stage,
			ApplicationID: app.ID, Holder: app.SubjectName, Code: f.Code, Name: f.Name, NameEN: f.NameEN, Due: f.Due})
	}
	return out
}

// applicationNotice is the notice of an application's items and answers
// as the catalog in use reads them, counting from start.
func applicationNotice(cat *catalog.Catalog, app api.Application, start time.Time) (*catalog.Notice, error) {
	var items []string
	for _, it := range app.Items {
		items = append(items, it.Code)
	}
	answers := catalog.Answers{}
	for k, v := range app.Answers {
		answers[k] = fmt.Sprint(v)
	}
	return cat.NoticeFor(app.Industry, items, answers, start)
}

// CommittedDays is an application's committed working days from
// acceptance as its notice counts them: the longest path through its
// items, an item waiting for another counted after it (the hotel's
// special-trade license after the fire opinion), filings not counted.
// It is 0 when no committed limit applies: filings only, or a procedure
// after issue other than adding items (the catalog gives its time in
// words), or items the catalog no longer knows.
func CommittedDays(cat *catalog.Catalog, app api.Application) int {
	if IsLifecycle(app.Kind) && app.Kind != api.KindAddItems {
		return 0
	}
	n, err := applicationNotice(cat, app, app.CreatedAt)
	if err != nil {
		return 0
	}
	return n.CommittedDays
}

// ProcedureDays is the committed working days of adding items: the
// longest path of their committed limits (0 when unknown).
func ProcedureDays(cat *catalog.Catalog, industry string, items []string) int {
	if len(items) == 0 {
		return 0
	}
	n, err := cat.NoticeFor(industry, items, nil, time.Now())
	if err != nil {
		return 0
	}
	return n.CommittedDays
}

package catalog

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// MinItemsForComprehensive is the number of single licenses from which a
// comprehensive license (行业综合许可证) is issued (catalog-facts §13).
const MinItemsForComprehensive = 2

// CommittedPercent is the largest committed limit allowed, as a percentage
// of the legal limit: the plan asks for 压缩60%以上.
const CommittedPercent = 40

// Notice is the consolidated notice (一次告知单). Its JSON form is what
// `yiye notice --json` prints.
type Notice struct {
	CatalogVersion int            `json:"catalog_version"`
	Industry       NoticeIndustry `json:"industry"`
	Answers        Answers        `json:"answers"`
	Items          []NoticeItem   `json:"items"`    // all chosen items, annex order (see Phase)
	Possible       []NoticeItem   `json:"possible"` // on-demand items whose questions are unanswered
	// Exempt lists items annex 1 marks mandatory that the answers make
	// unnecessary by law (see Selection.Exempt).
	Exempt        []NoticeItem     `json:"exempt"`
	Materials     []NoticeMaterial `json:"materials"`
	Flow          Flow             `json:"flow"`
	Comprehensive Comprehensive    `json:"comprehensive"` // CommittedDays is the overall committed time of the pre-opening items:
	// they run in parallel except where one waits for another's result
	// (NoticeItem.After), so it is the longest path of committed limits.
	CommittedDays int      `json:"committed_days"`
	Path          []string `json:"path"`       // item codes along that longest path, in order
	LegalDays     int      `json:"legal_days"` // likewise for the legal limits, without extensions
	// LegalMaxDays is the legal latest: the longest path of legal limits
	// plus the extensions the law allows, capped for joint processing at
	// JointLimitDays+JointExtensionDays. LegalNote says what it includes.
	LegalMaxDays int    `json:"legal_max_days"`
	LegalNote    Note   `json:"legal_note"`
	Start        string `json:"start"` // acceptance date, YYYY-MM-DD
	ExpectedDate string `json:"expected_date"`
	LegalDate    string `json:"legal_date"` // Start + LegalMaxDays working days
	TimeNote     Note   `json:"time_note"`
	// QuestionTexts gives the question (in words) of every key in an
	// item's Unanswered, so the notice reads on its own.
	QuestionTexts map[string]string `json:"question_texts"`
	Warnings      []Note            `json:"warnings"` // uncertainty and advice notes
}

// NoticeIndustry names the industry of a notice.
type NoticeIndustry struct {
	Code   string `json:"code"`
	No     int    `json:"no"`
	Name   string `json:"name"`
	NameEN string `json:"name_en"`
}

// NoticeItem is one item on a notice.
type NoticeItem struct {
	Code            string   `json:"code"`
	Name            string   `json:"name"`       // the name to show (variant name when a variant applies)
	AnnexName       string   `json:"annex_name"` // as printed in annex 1
	OfficialName    string   `json:"official_name"`
	NameEN          string   `json:"name_en"`
	Kind            Kind     `json:"kind"`
	Phase           Phase    `json:"phase"`
	Department      string   `json:"department"` // full name
	DepartmentShort string   `json:"department_short"`
	DepartmentCode  string   `json:"department_code"`
	Implementing    Note     `json:"implementing"`
	OnDemand        bool     `json:"on_demand"`
	Mark            string   `json:"mark"`
	Reason          Reason   `json:"reason"`
	Unanswered      []string `json:"unanswered,omitempty"`
	LegalDays       int      `json:"legal_days"`
	ExtensionDays   int      `json:"extension_days"`
	CommittedDays   int      `json:"committed_days"`
	LimitNote       Note     `json:"limit_note"`
	FilingWithin    string   `json:"filing_within,omitempty"`
	// Filing is when a filing is due (nil for approvals): the app counts
	// the deadline from the event with Catalog.FilingDeadline.
	Filing *FilingDue `json:"filing,omitempty"`
	// OnLicense: the item is integrated into the comprehensive license and
	// counts toward issuing one (approvals before opening, never filings).
	OnLicense bool `json:"on_license"`
	// After lists the chosen items whose result this one waits for (the
	// special trade license after the fire opinion); AfterNote says so.
	After     []string `json:"after,omitempty"`
	AfterNote Note     `json:"after_note"`
	// DueDays is the committed working days from acceptance until this
	// item is decided, its prerequisites included; ExpectedDate that day.
	DueDays          int      `json:"due_days"`
	ExpectedDate     string   `json:"expected_date,omitempty"`
	Inspection       bool     `json:"inspection"`
	InspectionNote   string   `json:"inspection_note,omitempty"`
	InspectionNoteEN string   `json:"inspection_note_en,omitempty"`
	Validity         Note     `json:"validity"`
	Term             Term     `json:"term"`
	Renewal          *Renewal `json:"renewal,omitempty"` // when to renew (Catalog.RenewalWindow)
	Fee              string   `json:"fee"`
	Basis            []Basis  `json:"basis"`
	Conditions       []Note   `json:"conditions"`
	Steps            []Step   `json:"steps"`
	Notes            []Note   `json:"notes"`
	ResultDocument   string   `json:"result_document,omitempty"`
	Uncertain        bool     `json:"uncertain"` // some fact of this item is marked 🟡/⚠️
}

// NoticeMaterial is one merged material on a notice.
type NoticeMaterial struct {
	ID        string        `json:"id"`
	Name      string        `json:"name"`
	NameEN    string        `json:"name_en"`
	Items     []string      `json:"items"`    // codes of the chosen items that need it
	Handling  []Handling    `json:"handling"` // what applies to the material as a whole
	HowZH     string        `json:"how_zh"`   // Handling in words
	HowEN     string        `json:"how_en"`
	PerItem   []MaterialUse `json:"per_item"` // each item's own handling and note
	FileTypes []string      `json:"file_types"`
	MaxMB     int           `json:"max_mb"`
	Notes     []Note        `json:"notes"`
}

// Flow is the flowchart of a notice: one window → parallel lanes → joint
// inspection (if ≥2 items inspect on site) → decisions → one license.
type Flow struct {
	Intake          FlowNode   `json:"intake"`
	Lanes           []FlowLane `json:"lanes"`            // parallel per-item review lanes
	JointInspection *FlowNode  `json:"joint_inspection"` // nil unless ≥2 lanes inspect on site
	Decision        FlowNode   `json:"decision"`
	License         FlowNode   `json:"license"`       // comprehensive license, or the single license
	AfterOpening    []FlowLane `json:"after_opening"` // filings, outside the parallel path (after opening or when the window says)
}

// FlowNode is a box in the flowchart.
type FlowNode struct {
	ID    string   `json:"id"`
	ZH    string   `json:"zh"`
	EN    string   `json:"en"`
	Items []string `json:"items,omitempty"` // item codes concerned
	Note  string   `json:"note,omitempty"`
}

// FlowLane is one item's lane.
type FlowLane struct {
	Item          string `json:"item"`
	Name          string `json:"name"`
	Department    string `json:"department"` // short name
	Steps         []Step `json:"steps"`
	Inspection    bool   `json:"inspection"`
	CommittedDays int    `json:"committed_days"`
	FilingWithin  string `json:"filing_within,omitempty"`
	Phase         Phase  `json:"phase,omitempty"` // for filings: after opening, or a time to ask
	// After lists the lanes whose result this one waits for (NoticeItem.After).
	After []string `json:"after,omitempty"`
}

// Comprehensive says whether a comprehensive license is issued.
type Comprehensive struct {
	Issued bool     `json:"issued"`
	Items  []string `json:"items"` // the items it integrates (NoticeItem.OnLicense)
	Note   Note     `json:"note"`
}

// Notice builds the consolidated notice for a selection, with expected dates
// counted in working days from start (the day of acceptance, not counted).
func (c *Catalog) Notice(sel *Selection, start time.Time) *Notice {
	n := &Notice{
		CatalogVersion: c.Version,
		Industry:       NoticeIndustry{sel.Industry.Code, sel.Industry.No, sel.Industry.Name, sel.Industry.NameEN},
		Answers:        sel.Answers,
		Items:          []NoticeItem{},
		Possible:       []NoticeItem{},
		Exempt:         []NoticeItem{},
		Materials:      []NoticeMaterial{},
		Warnings:       []Note{},
	}
	if n.Answers == nil {
		n.Answers = Answers{}
	}
	for _, s := range sel.Items {
		n.Items = append(n.Items, c.noticeItem(s))
	}
	for _, s := range sel.Possible {
		n.Possible = append(n.Possible, c.noticeItem(s))
	}
	for _, s := range sel.Exempt {
		n.Exempt = append(n.Exempt, c.noticeItem(s))
	}
	n.QuestionTexts = map[string]string{}
	for _, list := range [][]NoticeItem{n.Items, n.Possible} {
		for _, it := range list {
			for _, k := range it.Unanswered {
				if q := c.questions[k]; q != nil {
					n.QuestionTexts[k] = q.Text.ZH
				}
			}
		}
	}
	n.Materials = c.mergeMaterials(sel.Items)
	n.Flow, n.Comprehensive = buildFlow(n.Items)
	start = Date(start.Date())
	n.Start = start.Format(time.DateOnly)
	c.schedule(n, start)
	for i := range n.Flow.Lanes {
		if it := n.item(n.Flow.Lanes[i].Item); it != nil {
			n.Flow.Lanes[i].After = it.After
		}
	}
	if !c.Calendar.Covers(start) || !c.Calendar.Covers(c.Calendar.AddWorkdays(start, max(n.LegalMaxDays, n.CommittedDays))) {
		f, l := c.Calendar.CoveredYears()
		n.Warnings = append(n.Warnings, Note{
			ZH:          fmt.Sprintf("日历只含 %d—%d 年的节假日安排，超出部分只扣除周末，日期仅供参考。", f, l),
			EN:          fmt.Sprintf("The calendar only knows the holidays of %d–%d; outside them only weekends are skipped.", f, l),
			Reliability: Unverified,
		})
	}
	if note := c.Calendar.AcceptanceDayNote; note.ZH != "" {
		n.Warnings = append(n.Warnings, note)
	}
	n.Warnings = append(n.Warnings, sel.Industry.Notes...)
	n.Warnings = append(n.Warnings, sel.Advice...)
	var uncertain []string
	for _, it := range n.Items {
		if it.Uncertain {
			uncertain = append(uncertain, it.Name)
		}
	}
	if len(uncertain) > 0 {
		n.Warnings = append(n.Warnings, Note{
			ZH:          "“" + strings.Join(uncertain, "”“") + "”有些时限、材料或条件，" + LocalGuideZH + "；" + AskWindowZH + "。",
			EN:          "Some limits, materials or conditions of these items follow the Naiman Banner service guide; " + AskWindowEN + ".",
			Reliability: Unverified,
			Source:      "这些事项有标为 🟡/⚠️ 的事实，见 yiye notice --sources。",
		})
	}
	for _, it := range n.Items {
		if len(it.Unanswered) > 0 {
			n.Warnings = append(n.Warnings, Note{
				ZH: fmt.Sprintf("“%s”是否需要办理、怎样办理，还要看您的回答，请回答：%s", it.Name, c.questionTexts(it.Unanswered)),
				EN: fmt.Sprintf("Whether and how %s is needed depends on your answers; please answer: %s", it.NameEN, strings.Join(it.Unanswered, ", ")),
			})
		}
	}
	for _, p := range n.Possible {
		n.Warnings = append(n.Warnings, Note{
			ZH: fmt.Sprintf("可能还需办理“%s”（按需办理），请回答：%s", p.Name, c.questionTexts(p.Unanswered)),
			EN: fmt.Sprintf("%s (on demand) may also be needed; please answer: %s", p.NameEN, strings.Join(p.Unanswered, ", ")),
		})
	}
	n.Warnings = append(n.Warnings, c.Notes...)
	return n
}

// questionTexts lists the questions with the given keys, in words.
func (c *Catalog) questionTexts(keys []string) string {
	qs := make([]string, 0, len(keys))
	for _, k := range keys {
		if q := c.questions[k]; q != nil {
			qs = append(qs, q.Text.ZH)
		}
	}
	return strings.Join(qs, "；")
}

// LicenseItems are the items the comprehensive license integrates, in
// annex order (NoticeItem.OnLicense).
func (n *Notice) LicenseItems() []NoticeItem {
	var out []NoticeItem
	for _, it := range n.Items {
		if it.OnLicense {
			out = append(out, it)
		}
	}
	return out
}

// Filings are the chosen filings (备案), in annex order: never on the
// license, each with when it is due (NoticeItem.Filing, FilingWithin).
func (n *Notice) Filings() []NoticeItem {
	var out []NoticeItem
	for _, it := range n.Items {
		if it.Kind == KindFiling {
			out = append(out, it)
		}
	}
	return out
}

// FilingDeadline is the last day to file: f.Days after the event's date
// (opening, or the start of online sales), in calendar days — the day of
// the event not counted — or in working days when f.Workdays. It returns
// false when the facts give no deadline (ask the window).
func (c *Catalog) FilingDeadline(f *FilingDue, event time.Time) (time.Time, bool) {
	if !f.Known() {
		return time.Time{}, false
	}
	if f.Workdays {
		return c.Calendar.AddWorkdays(event, f.Days), true
	}
	return Date(event.Date()).AddDate(0, 0, f.Days), true
}

// RenewalWindow is the period in which to apply to renew a result valid
// until validUntil (its last day): from r.From to r.To working days or
// months before it. It returns false when r is nil.
func (c *Catalog) RenewalWindow(r *Renewal, validUntil time.Time) (from, to time.Time, ok bool) {
	if r == nil {
		return time.Time{}, time.Time{}, false
	}
	if r.Unit == RenewMonths {
		u := Date(validUntil.Date())
		return u.AddDate(0, -r.From, 0), u.AddDate(0, -r.To, 0), true
	}
	return c.Calendar.SubWorkdays(validUntil, r.From), c.Calendar.SubWorkdays(validUntil, r.To), true
}

func (c *Catalog) noticeItem(s Selected) NoticeItem {
	it, e := s.Item, s.Entry
	d := c.departments[e.Department]
	if d == nil { // a selection made with another catalog version
		d = &Department{Code: e.Department, Short: e.Department, Name: e.Department}
	}
	ni := NoticeItem{
		Code: it.Code, Name: it.Name, AnnexName: e.AnnexName, OfficialName: it.Name, NameEN: it.NameEN,
		Kind: it.Kind, Phase: it.Phase,
		Department: d.Name, DepartmentShort: d.Short, DepartmentCode: d.Code, Implementing: it.Implementing,
		OnDemand: e.OnDemand, Mark: e.Mark, Reason: s.Reason, Unanswered: s.Unanswered,
		LegalDays: it.LegalDays, ExtensionDays: it.ExtensionDays, CommittedDays: it.CommittedDays,
		LimitNote: it.LimitNote, FilingWithin: it.FilingWithin, Filing: it.Filing,
		Inspection: it.Inspection, InspectionNote: it.InspectionNote, InspectionNoteEN: it.InspectionNoteEN,
		Validity: it.Validity, Term: it.Term, Renewal: it.Renewal, Fee: it.Fee, Basis: it.Basis, Conditions: it.Conditions,
		Steps: it.Steps, Notes: slices.Clone(it.Notes), ResultDocument: it.ResultDocument,
		After: it.After, AfterNote: it.AfterNote,
	}
	if v := s.Variant; v != nil {
		ni.Name, ni.NameEN, ni.Kind, ni.Phase = v.Name, v.NameEN, v.Kind, v.Phase
		ni.LegalDays, ni.ExtensionDays, ni.CommittedDays = v.LegalDays, 0, v.CommittedDays
		ni.FilingWithin, ni.Filing, ni.Inspection = v.FilingWithin, v.Filing, v.Inspection
		ni.InspectionNote, ni.InspectionNoteEN = v.InspectionNote, v.InspectionNoteEN
		ni.Validity, ni.Term, ni.Renewal, ni.Steps, ni.ResultDocument = v.Validity, v.Term, nil, v.Steps, ""
		ni.Notes, ni.Conditions = v.Notes, v.Conditions
		if v.Implementing.ZH != "" {
			ni.Implementing = v.Implementing
		}
		ni.LimitNote = Note{}
	}
	ni.OnLicense = onLicense(ni.Kind, ni.Phase)
	if !ni.OnLicense {
		ni.CommittedDays, ni.LegalDays, ni.ExtensionDays = 0, 0, 0
	}
	unc := ni.LimitNote.Reliability.Uncertain() || ni.Validity.Reliability.Uncertain() || ni.Implementing.Reliability.Uncertain()
	for _, b := range ni.Basis {
		unc = unc || b.Reliability.Uncertain()
	}
	for _, x := range append(slices.Clone(ni.Notes), ni.Conditions...) {
		unc = unc || x.Reliability.Uncertain()
	}
	ni.Uncertain = unc
	return ni
}

// mergeMaterials lists each material once, with the chosen items needing it.
// A relief (shared, deferrable, pledge, if-applies) holds for the material
// only when every item needing it grants it; otherwise it must be handed in.
func (c *Catalog) mergeMaterials(sel []Selected) []NoticeMaterial {
	type key struct{ item, variant string }
	chosen := map[key]bool{}
	order := map[string]int{}
	for i, s := range sel {
		v := ""
		if s.Variant != nil {
			v = s.Variant.ID
		}
		chosen[key{s.Item.Code, v}] = true
		order[s.Item.Code] = i
	}
	out := []NoticeMaterial{}
	for _, m := range c.Materials {
		var uses []MaterialUse
		for _, u := range m.Uses {
			if chosen[key{u.Item, u.Variant}] {
				uses = append(uses, u)
			}
		}
		if len(uses) == 0 {
			continue
		}
		// List items in the selection's (annex) order, not the data file's.
		slices.SortStableFunc(uses, func(a, b MaterialUse) int { return order[a.Item] - order[b.Item] })
		nm := NoticeMaterial{ID: m.ID, Name: m.Name, NameEN: m.NameEN, PerItem: uses,
			FileTypes: m.FileTypes, MaxMB: m.MaxMB, Notes: m.Notes}
		for _, u := range uses {
			if !slices.Contains(nm.Items, u.Item) {
				nm.Items = append(nm.Items, u.Item)
			}
		}
		for _, h := range []Handling{Shared, Internal, Deferrable, Pledge, IfApplies} {
			all := true
			for _, u := range uses {
				all = all && slices.Contains(u.Handling, h)
			}
			if all {
				nm.Handling = append(nm.Handling, h)
			}
		}
		if len(nm.Handling) == 0 {
			nm.Handling = []Handling{Required}
		}
		zh, en := make([]string, len(nm.Handling)), make([]string, len(nm.Handling))
		for i, h := range nm.Handling {
			zh[i], en[i] = HandlingLabels[h][0], HandlingLabels[h][1]
		}
		nm.HowZH, nm.HowEN = strings.Join(zh, "；"), strings.Join(en, "; ")
		out = append(out, nm)
	}
	return out
}

func buildFlow(items []NoticeItem) (Flow, Comprehensive) {
	f := Flow{
		Intake: FlowNode{ID: "intake", ZH: "一窗受理（旗政务服务大厅企业开办窗口）", EN: "Single-window intake (county service hall)",
			Note: "材料不齐的，当场或 5 日内一次告知需补正的全部内容（《行政许可法》第32条）"},
		Decision: FlowNode{ID: "decision", ZH: "各部门分别作出决定", EN: "Each department decides"},
		Lanes:    []FlowLane{}, AfterOpening: []FlowLane{},
	}
	var pre, inspect []string
	for _, it := range items {
		lane := FlowLane{Item: it.Code, Name: it.Name, Department: it.DepartmentShort, Steps: it.Steps,
			Inspection: it.Inspection, CommittedDays: it.CommittedDays, FilingWithin: it.FilingWithin}
		if !it.OnLicense {
			lane.Phase = it.Phase
			f.AfterOpening = append(f.AfterOpening, lane)
			continue
		}
		f.Lanes = append(f.Lanes, lane)
		pre = append(pre, it.Code)
		if it.Inspection {
			inspect = append(inspect, it.Code)
		}
	}
	f.Decision.Items = pre
	if len(inspect) >= 2 {
		f.JointInspection = &FlowNode{ID: "joint_inspection", ZH: "一同核查（多个事项一次现场核查）",
			EN: "Joint on-site inspection", Items: inspect,
			Note: "多个事项一次核查、整改意见一口告知、整改情况一趟复审"}
	}
	comp := Comprehensive{Items: pre}
	if len(pre) >= MinItemsForComprehensive {
		comp.Issued = true
		comp.Note = Note{ZH: "涉及两个及以上许可事项，颁发一张行业综合许可证，与各单项许可证一并发放；扫描证面二维码可查看各单项许可信息。",
			EN:          "Two or more items: one comprehensive industry license is issued together with the single licenses; its QR code shows each single license.",
			Reliability: Verified}
		f.License = FlowNode{ID: "license", ZH: "颁发行业综合许可证", EN: "Comprehensive industry license issued", Items: pre}
	} else if len(pre) == 1 {
		comp.Note = Note{ZH: "只涉及一个单项许可，不颁发行业综合许可证，只发该单项许可证（行业综合许可证仅在涉及两个及以上单项许可时颁发）。",
			EN:          "Only one item applies, so no comprehensive license is issued, only the single license (a comprehensive license needs two or more items).",
			Reliability: Verified}
		f.License = FlowNode{ID: "license", ZH: "颁发单项许可证", EN: "Single license issued", Items: pre,
			Note: "只涉及一个事项，不发行业综合许可证"}
	} else {
		comp.Note = Note{ZH: "开业前没有需要审批的许可事项，不颁发行业综合许可证（备案不是许可，不纳入许可证）。",
			EN:          "No approval is needed before opening, so no comprehensive license is issued (filings are not licenses).",
			Reliability: Verified}
		f.License = FlowNode{ID: "license", ZH: "无需审批", EN: "No approval needed", Items: pre}
	}
	return f, comp
}

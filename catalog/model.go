// Package catalog holds the 一业一证 catalog: the 15 pilot industries of
// annex 1 of the Naiman Banner plan (奈政办字〔2024〕30号), their approval
// items, the questions that decide on-demand (按需办理) items, the materials
// (each collected once even when several items need it), the working-day
// calendar, and the consolidated notice (一次告知单) built from them.
//
// The default catalog ships as data files in catalog/data (YAML, merged into
// one canonical JSON document, see EmbeddedDocument). A local SQLite copy
// (OpenLocal) can be replaced atomically by a newer signed document.
package catalog

import (
	"fmt"
	"time"
)

// SchemaVersion is the document schema this package understands.
const SchemaVersion = 1

// Kind is what sort of approval an item is.
type Kind string

// The kinds of approval items (values are the Chinese terms used in data).
const (
	KindLicense      Kind = "许可"
	KindRegistration Kind = "登记"
	KindFiling       Kind = "备案"
	KindInspection   Kind = "检查"
)

// Reliability says how well a fact is checked (catalog-facts.md §0).
type Reliability string

// Reliability marks, mirroring catalog-facts.md (✅ 🟢 🟡 ⚠️ ❗).
const (
	Verified   Reliability = "verified"   // ✅ checked against the original text
	Consistent Reliability = "consistent" // 🟢 several third-party sources agree
	Single     Reliability = "single"     // 🟡 one source; check before going live
	Unverified Reliability = "unverified" // ⚠️ unverified or locally different
	Changed    Reliability = "changed"    // ❗ a major change that affects the catalog
)

// Uncertain reports whether the fact must be shown with a caveat.
func (r Reliability) Uncertain() bool { return r == Single || r == Unverified }

// Mark is the symbol used in the facts file.
func (r Reliability) Mark() string {
	switch r {
	case Verified:
		return "✅"
	case Consistent:
		return "🟢"
	case Single:
		return "🟡"
	case Unverified:
		return "⚠️"
	case Changed:
		return "❗"
	}
	return ""
}

// LocalGuideZH is the caveat attached to every uncertain fact shown to
// users: the banner's own service guide decides.
const LocalGuideZH = "以奈曼旗办事指南为准"

// LocalGuideEN translates LocalGuideZH.
const LocalGuideEN = "follow the Naiman Banner service guide"

// AskWindowZH tells applicants where to settle what the catalog cannot.
const AskWindowZH = "办理前可以到奈曼旗政务服务大厅窗口问清楚，或拨打12345政务服务便民热线"

// AskWindowEN translates AskWindowZH.
const AskWindowEN = "ask at the Naiman Banner government service hall or call the 12345 hotline before applying"

// Handling is how a material may be handled instead of being handed in up front.
type Handling string

// Handling flags for materials.
const (
	Shared     Handling = "shared"     // 共享免提交: obtained from shared e-licences, not submitted
	Deferrable Handling = "deferrable" // 可容缺后补: may be handed in later (e.g. at the on-site check)
	Pledge     Handling = "pledge"     // 可告知承诺: a signed pledge may replace it
	IfApplies  Handling = "if_applies" // 仅适用时: only needed in the situation described
	Internal   Handling = "internal"   // 内部流转: passed between departments, never asked for
	Required   Handling = "required"   // 必交: must be submitted with the application
)

// HandlingLabels gives the Chinese and English label of each handling flag.
var HandlingLabels = map[Handling][2]string{
	Required:   {"必交", "required"},
	Shared:     {"共享免提交", "shared, not submitted"},
	Deferrable: {"可容缺后补", "may be handed in later"},
	Pledge:     {"可告知承诺", "a pledge may replace it"},
	IfApplies:  {"仅适用时", "only if it applies"},
	Internal:   {"部门内部流转，免提交", "passed between departments"},
}

// Phase says when an item is handled relative to opening the business.
type Phase string

// Phases of an item.
const (
	BeforeOpening Phase = "before_opening" // in the parallel pre-opening path
	AfterOpening  Phase = "after_opening"  // a filing done after opening (事后备案)
	// TimingUnknown is a filing whose time the facts do not give: the
	// applicant asks the window when to file.
	TimingUnknown Phase = "timing_unknown"
)

// Events a filing's deadline counts from.
const (
	FilingAfterOpening     = "opening"      // 营业之日
	FilingAfterOnlineSales = "online_sales" // the day online sales start (开展网络发行业务)
)

// FilingDue is when a filing (备案) is due: within Days days after the
// event After. Both are zero when the facts do not say.
type FilingDue struct {
	After    string `json:"after,omitempty"`    // FilingAfterOpening, FilingAfterOnlineSales or ""
	Days     int    `json:"days,omitempty"`     // within this many days after the event
	Workdays bool   `json:"workdays,omitempty"` // working days; otherwise calendar days
}

// Known reports whether the deadline can be computed from the event's date.
func (f *FilingDue) Known() bool { return f != nil && f.After != "" && f.Days > 0 }

// WhenEN says in English when the filing is due, as filing_within says
// it in Chinese; without a known rule the applicant asks the window.
func (f *FilingDue) WhenEN() string {
	if !f.Known() {
		return "ask the service hall window when to file"
	}
	unit := "days"
	if f.Workdays {
		unit = "working days"
	}
	event := f.After
	switch f.After {
	case FilingAfterOpening:
		event = "opening"
	case FilingAfterOnlineSales:
		event = "starting online sales"
	}
	return fmt.Sprintf("within %d %s of %s", f.Days, unit, event)
}

// ValidityKind says what the facts tell of how long a result is valid.
type ValidityKind string

// Validity kinds.
const (
	ValidityFixed   ValidityKind = "fixed"   // valid for Term.Years years from issue
	ValidityNone    ValidityKind = "none"    // the result has no validity period (fire opinion, filings, EIA approval)
	ValidityUnknown ValidityKind = "unknown" // the facts do not say; the single certificate shows it
)

// Term is how long an item's result is valid, as far as the facts know:
// a known number of years, no validity at all, or unknown. Nothing else is
// made up: an unknown term prints no date.
type Term struct {
	Kind  ValidityKind `json:"kind"`
	Years int          `json:"years,omitempty"` // only for ValidityFixed
}

// Known reports whether the term gives an expiry date.
func (t Term) Known() bool { return t.Kind == ValidityFixed && t.Years > 0 }

// Until returns the last day of validity of a result issued on issued (the
// day before the anniversary), or false when the term gives no date.
func (t Term) Until(issued time.Time) (time.Time, bool) {
	if !t.Known() {
		return time.Time{}, false
	}
	return Date(issued.Date()).AddDate(t.Years, 0, -1), true
}

// Renewal units.
const (
	RenewWorkdays = "workdays"
	RenewMonths   = "months"
)

// Renewal is when to apply to renew a result: between From and To units
// (working days or months) before it expires.
type Renewal struct {
	From int    `json:"from"` // earliest, before expiry
	To   int    `json:"to"`   // latest, before expiry
	Unit string `json:"unit"` // RenewWorkdays or RenewMonths
	Note Note   `json:"note"` // in words, with its mark and source
}

// Text is a user-facing string in Chinese with its English translation.
type Text struct {
	ZH string `json:"zh"`
	EN string `json:"en"`
}

// Note is a remark with its reliability mark. ZH and EN are what
// applicants read; Source is for the people who maintain the catalog and
// for staff (where the fact comes from, what is still to be checked) and
// is never shown in an applicant's notice.
type Note struct {
	ZH          string      `json:"zh"`
	EN          string      `json:"en,omitempty"`
	Reliability Reliability `json:"reliability,omitempty"`
	Source      string      `json:"source,omitempty"`
}

// Basis is one legal basis of an item. Title is shown to applicants;
// Source (where it was checked, what is still open) only to maintainers
// and staff.
type Basis struct {
	Title       string      `json:"title"` // e.g. 《食品安全法》第35条
	Reliability Reliability `json:"reliability"`
	Note        string      `json:"note,omitempty"` // a plain remark for applicants, if any
	Source      string      `json:"source,omitempty"`
}

// Department is a responsible department as named in the plan.
type Department struct {
	Code   string `json:"code"`    // stable, e.g. "zsj"
	Short  string `json:"short"`   // as printed in annex 1, e.g. 政数局
	Name   string `json:"name"`    // full name, e.g. 旗行政审批政务服务与数据管理局
	NameEN string `json:"name_en"` // English name
}

// Step is one step of an item's own procedure (for the flowchart).
type Step struct {
	ZH         string `json:"zh"`
	EN         string `json:"en"`
	Inspection bool   `json:"inspection,omitempty"` // this step is an on-site check
	Note       string `json:"note,omitempty"`
}

// Item is one approval item (审批事项).
type Item struct {
	Code             string     `json:"code"`               // stable, e.g. "SPJY"
	Name             string     `json:"name"`               // official name as in the plan
	NameEN           string     `json:"name_en"`            //
	Kind             Kind       `json:"kind"`               // 许可 / 登记 / 备案 / 检查
	Phase            Phase      `json:"phase"`              // before or after opening
	Department       string     `json:"department"`         // Department.Code (the plan's department)
	Implementing     Note       `json:"implementing"`       // the facts' implementing body, with its mark
	Basis            []Basis    `json:"basis"`              // legal basis
	LegalDays        int        `json:"legal_days"`         // legal time limit, working days; 0 for filings
	ExtensionDays    int        `json:"extension_days"`     // legal extension, working days
	CommittedDays    int        `json:"committed_days"`     // committed limit (≤ 40% of legal)
	LimitNote        Note       `json:"limit_note"`         // where the limits come from and how sure they are
	FilingWithin     string     `json:"filing_within"`      // for filings: when, in words, e.g. 开展网络发行业务后15日内
	Filing           *FilingDue `json:"filing"`             // for filings (kind 备案): when it is due
	Inspection       bool       `json:"inspection"`         // an on-site check happens before the decision
	InspectionNote   string     `json:"inspection_note"`    // what the on-site check looks at, in plain words
	InspectionNoteEN string     `json:"inspection_note_en"` // the same in English
	Validity         Note       `json:"validity"`           // validity of the result, in words
	Term             Term       `json:"term"`
	Renewal          *Renewal   `json:"renewal"`         // when to renew a fixed-term result, if the facts say
	Fee              string     `json:"fee"`             //
	Conditions       []Note     `json:"conditions"`      // conditions the applicant must meet
	Steps            []Step     `json:"steps"`           // the item's procedure
	Notes            []Note     `json:"notes"`           // other remarks
	ResultDocument   string     `json:"result_document"` // what the applicant receives
	// After lists items whose result this one waits for when both are
	// applied for (the special trade license waits for the fire opinion):
	// they run one after the other, not in parallel.
	After          []string  `json:"after"`
	AfterNote      Note      `json:"after_note"`      // the order in words, with its mark and source
	Variants       []Variant `json:"variants"`        // alternative forms of the item for some industries
	AlternateNames []string  `json:"alternate_names"` // other names accepted by Item(ref)
}

// Variant is an alternative form of an item used by some industries, e.g.
// the bookstore's 公共场所卫生备案 instead of the hygiene license.
type Variant struct {
	ID               string     `json:"id"`   // e.g. "filing"
	Name             string     `json:"name"` // e.g. 公共场所卫生备案
	NameEN           string     `json:"name_en"`
	Kind             Kind       `json:"kind"`
	Phase            Phase      `json:"phase"`
	LegalDays        int        `json:"legal_days"`
	CommittedDays    int        `json:"committed_days"`
	FilingWithin     string     `json:"filing_within"`
	Filing           *FilingDue `json:"filing"`
	Inspection       bool       `json:"inspection"`
	InspectionNote   string     `json:"inspection_note"`
	InspectionNoteEN string     `json:"inspection_note_en"`
	Validity         Note       `json:"validity"`
	Term             Term       `json:"term"`
	Since            string     `json:"since"` // date the variant applies from (YYYY-MM-DD)
	// Implementing replaces the item's implementing body when set.
	Implementing Note `json:"implementing"`
	// Conditions replace the item's conditions (the item's describe the item itself).
	Conditions []Note `json:"conditions"`
	Steps      []Step `json:"steps"`
	Notes      []Note `json:"notes"`
}

// Entry is one row of annex 1: an item within an industry.
type Entry struct {
	Item       string     `json:"item"`       // Item.Code
	AnnexName  string     `json:"annex_name"` // the item name exactly as printed in the annex row
	Department string     `json:"department"` // Department.Code as in the annex row
	Mark       string     `json:"mark"`       // the annex's 备注: "", 按需办理 or 按要求办理
	OnDemand   bool       `json:"on_demand"`  // true when Mark is not empty
	When       *Condition `json:"when"`       // on-demand: applies when this holds
	// Unless exempts a mandatory row when it holds: the law says the item is
	// not needed (a shop that sells no food needs no food license).
	Unless  *Condition `json:"unless"`
	Variant string     `json:"variant"` // Variant.ID used in this industry, "" for the item itself
	// VariantWhen lets answers choose the variant: the first rule whose
	// condition holds wins; otherwise Variant applies.
	VariantWhen []VariantRule `json:"variant_when"`
	Advice      []Advice      `json:"advice"` // notes shown depending on answers
}

// VariantRule picks a variant of an entry's item when its condition holds.
type VariantRule struct {
	When    *Condition `json:"when"`
	Variant string     `json:"variant"` // Variant.ID
}

// Advice is a note shown when its condition holds (or always, if When is nil).
type Advice struct {
	When *Condition `json:"when"`
	Note Note       `json:"note"`
}

// Industry is one pilot industry of annex 1.
type Industry struct {
	Code    string   `json:"code"` // stable, e.g. "convenience-store"
	No      int      `json:"no"`   // annex 1 number
	Name    string   `json:"name"` // as in the plan, e.g. 便利店
	NameEN  string   `json:"name_en"`
	Aliases []string `json:"aliases"`
	Entries []Entry  `json:"entries"` // in annex order
	Notes   []Note   `json:"notes"`
}

// QuestionType is the kind of answer a question expects.
type QuestionType string

// Question types.
const (
	Bool   QuestionType = "bool"
	Choice QuestionType = "choice"
	Number QuestionType = "number"
)

// Option is one choice of a choice question.
type Option struct {
	Value string `json:"value"` // stable snake_case
	ZH    string `json:"zh"`
	EN    string `json:"en"`
}

// Question asks the applicant something that decides on-demand items.
type Question struct {
	Key        string       `json:"key"` // stable snake_case, e.g. sells_tobacco
	Type       QuestionType `json:"type"`
	Text       Text         `json:"text"` // plain-language question
	Why        Text         `json:"why"`  // why we ask
	Unit       string       `json:"unit"` // for numbers, e.g. 平方米
	Options    []Option     `json:"options"`
	Industries []string     `json:"industries"` // industry codes that ask it
	Notes      []Note       `json:"notes"`      // e.g. a threshold that is only a reference value
}

// MaterialUse says that an item needs a material and how it is handled for it.
type MaterialUse struct {
	Item     string     `json:"item"`     // Item.Code
	Variant  string     `json:"variant"`  // only for this variant of the item ("" = the item itself)
	Handling []Handling `json:"handling"` // flags for this item; empty = required
	Note     Note       `json:"note"`
}

// Material is a document the applicant provides, collected once for all items.
type Material struct {
	ID        string        `json:"id"` // stable snake_case
	Name      string        `json:"name"`
	NameEN    string        `json:"name_en"`
	FileTypes []string      `json:"file_types"` // pdf / jpeg / png
	MaxMB     int           `json:"max_mb"`
	Uses      []MaterialUse `json:"uses"`
	Notes     []Note        `json:"notes"`
}

// CalendarYear lists one year's public holidays and make-up workdays.
type CalendarYear struct {
	Holidays       []string `json:"holidays"`        // YYYY-MM-DD
	MakeupWorkdays []string `json:"makeup_workdays"` // YYYY-MM-DD, weekend days worked
	Source         string   `json:"source"`
}

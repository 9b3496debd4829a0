package catalog

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"sort"
	"sync"

	"gopkg.in/yaml.v3"

	"github.com/naiman-yiye/yiye/usererr"
)

// MaxDocumentBytes bounds the size of a catalog document Parse accepts.
const MaxDocumentBytes = 64 << 20

//go:embed data/*.yaml
var dataFS embed.FS

var embedded struct {
	once sync.Once
	doc  []byte
	cat  *Catalog
	err  error
}

func loadEmbedded() {
	e := &embedded
	e.once.Do(func() {
		merged, err := mergeDataFiles()
		if err != nil {
			e.err = err
			return
		}
		raw, err := json.Marshal(merged)
		if err != nil {
			e.err = err
			return
		}
		cat, err := Parse(raw)
		if err != nil {
			e.err = err
			return
		}
		// The canonical form is the parsed catalog re-encoded: stable field order.
		if e.doc, e.err = json.Marshal(cat); e.err == nil {
			e.cat, e.err = Parse(e.doc)
		}
	})
}

// mergeDataFiles reads every data/*.yaml file (each a mapping of top-level
// document keys) into one document; a key defined twice is an error.
func mergeDataFiles() (map[string]any, error) {
	names, err := dataFS.ReadDir("data")
	if err != nil {
		return nil, err
	}
	merged := map[string]any{}
	for _, n := range names {
		b, err := dataFS.ReadFile("data/" + n.Name())
		if err != nil {
			return nil, err
		}
		var part map[string]any
		if err := yaml.Unmarshal(b, &part); err != nil {
			return nil, fmt.Errorf("catalog data %s: %w", n.Name(), err)
		}
		for k, v := range part {
			if _, dup := merged[k]; dup {
				return nil, fmt.Errorf("catalog data %s: key %q defined twice", n.Name(), k)
			}
			merged[k] = v
		}
	}
	return merged, nil
}

// EmbeddedDocument returns the canonical JSON document of the catalog built
// into the binary: what the portal signs and serves and Parse accepts.
// It panics if the embedded data is invalid (a build defect caught by tests).
func EmbeddedDocument() []byte {
	loadEmbedded()
	if embedded.err != nil {
		panic("catalog: embedded data invalid: " + embedded.err.Error())
	}
	return slices.Clone(embedded.doc)
}

// Embedded returns the catalog built into the binary (shared; read-only).
func Embedded() (*Catalog, error) {
	loadEmbedded()
	return embedded.cat, embedded.err
}

// Parse decodes and fully validates a catalog document. Every error is a
// *usererr.Error with code CodeInvalid or CodeTooLarge.
func Parse(data []byte) (*Catalog, error) {
	if len(data) > MaxDocumentBytes {
		return nil, usererr.Newf(CodeTooLarge, "目录数据过大（%d 字节，上限 %d），已拒绝。",
			"The catalog data is too large (%d bytes, limit %d) and was refused.", len(data), MaxDocumentBytes)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	c := &Catalog{}
	if err := dec.Decode(c); err != nil {
		return nil, invalid("JSON: " + err.Error())
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, invalid("trailing data after the document")
	}
	if err := c.validate(); err != nil {
		return nil, invalid(err.Error())
	}
	c.index()
	return c, nil
}

var (
	reItemCode     = regexp.MustCompile(`^[A-Z]{2,8}$`)
	reIndustryCode = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)
	reKey          = regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`)
	reDate         = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
)

func validReliability(r Reliability, allowEmpty bool) bool {
	switch r {
	case Verified, Consistent, Single, Unverified, Changed:
		return true
	case "":
		return allowEmpty
	}
	return false
}

func checkNotes(where string, notes []Note) error {
	for i, n := range notes {
		if n.ZH == "" {
			return fmt.Errorf("%s note %d: empty text", where, i)
		}
		if !validReliability(n.Reliability, true) {
			return fmt.Errorf("%s note %d: unknown reliability %q", where, i, n.Reliability)
		}
	}
	return nil
}

func checkSteps(where string, steps []Step, inspection bool) error {
	if len(steps) < 2 {
		return fmt.Errorf("%s: needs at least 2 steps", where)
	}
	has := false
	for i, s := range steps {
		if s.ZH == "" || s.EN == "" {
			return fmt.Errorf("%s step %d: needs Chinese and English text", where, i)
		}
		has = has || s.Inspection
	}
	if inspection && !has {
		return fmt.Errorf("%s: inspects on site but no step is marked inspection", where)
	}
	return nil
}

// checkLimits enforces the plan's rule: committed ≤ 40% of legal (rounded
// half up, so legal 13 allows 5), and sane values for each phase.
func checkLimits(where string, kind Kind, phase Phase, legal, ext, committed int, filing string) error {
	if legal < 0 || ext < 0 || committed < 0 || legal > 365 || ext > 365 {
		return fmt.Errorf("%s: time limits out of range", where)
	}
	switch phase {
	case AfterOpening, TimingUnknown:
		if filing == "" {
			return fmt.Errorf("%s: a filing needs filing_within", where)
		}
		if kind != KindFiling {
			return fmt.Errorf("%s: only filings (备案) happen after opening or at a time to ask", where)
		}
	case BeforeOpening:
		if legal == 0 || committed == 0 {
			return fmt.Errorf("%s: pre-opening item needs legal_days and committed_days", where)
		}
	default:
		return fmt.Errorf("%s: unknown phase %q", where, phase)
	}
	if committed*100 > legal*CommittedPercent+50 {
		return fmt.Errorf("%s: committed %d working days is more than %d%% of the legal %d", where, committed, CommittedPercent, legal)
	}
	return nil
}

// checkFiling: filings, and only they, say when they are due; an
// after-opening filing counts from a known event, one whose time is
// unknown from none.
func checkFiling(where string, kind Kind, phase Phase, f *FilingDue) error {
	if (kind == KindFiling) != (f != nil) {
		return fmt.Errorf("%s: filings (备案), and only they, need a filing due", where)
	}
	if f == nil {
		return nil
	}
	switch f.After {
	case FilingAfterOpening, FilingAfterOnlineSales, "":
	default:
		return fmt.Errorf("%s: filing counts from unknown event %q", where, f.After)
	}
	if f.Days < 0 || f.Days > 365 || (f.After == "") != (f.Days == 0) {
		return fmt.Errorf("%s: a filing due needs both an event and 1–365 days, or neither", where)
	}
	if (phase == AfterOpening) != f.Known() {
		return fmt.Errorf("%s: an after-opening filing needs a known due (event and days), one at a time to ask none", where)
	}
	return nil
}

// checkTerm: a fixed term has 1–30 years, the others none; a filing has
// no validity of its own.
func checkTerm(where string, kind Kind, t Term) error {
	switch t.Kind {
	case ValidityFixed:
		if t.Years < 1 || t.Years > 30 {
			return fmt.Errorf("%s: a fixed term needs 1–30 years", where)
		}
	case ValidityNone, ValidityUnknown:
		if t.Years != 0 {
			return fmt.Errorf("%s: only a fixed term has years", where)
		}
	default:
		return fmt.Errorf("%s: unknown term kind %q", where, t.Kind)
	}
	if kind == KindFiling && t.Kind != ValidityNone {
		return fmt.Errorf("%s: a filing has no term (kind none)", where)
	}
	return nil
}

func validKind(k Kind) bool {
	return k == KindLicense || k == KindRegistration || k == KindFiling || k == KindInspection
}

func (c *Catalog) validate() error {
	if c.Schema != SchemaVersion {
		return fmt.Errorf("schema %d is not supported (want %d)", c.Schema, SchemaVersion)
	}
	if c.Version <= 0 {
		return errors.New("version must be a positive integer")
	}
	if _, err := ParseDate(c.Published); err != nil || !reDate.MatchString(c.Published) {
		return fmt.Errorf("published %q is not a YYYY-MM-DD date", c.Published)
	}
	if c.Title.ZH == "" {
		return errors.New("title is empty")
	}
	if err := checkNotes("catalog", c.Notes); err != nil {
		return err
	}
	deps := map[string]bool{}
	for i, d := range c.Departments {
		if d == nil || d.Code == "" || d.Short == "" || d.Name == "" || d.NameEN == "" {
			return fmt.Errorf("department %d: code, short, name and name_en are required", i)
		}
		if deps[d.Code] {
			return fmt.Errorf("department %q defined twice", d.Code)
		}
		deps[d.Code] = true
	}
	inds := map[string]*Industry{}
	for i, ind := range c.Industries {
		if ind == nil || !reIndustryCode.MatchString(ind.Code) {
			return fmt.Errorf("industry %d: bad code", i)
		}
		if inds[ind.Code] != nil {
			return fmt.Errorf("industry %q defined twice", ind.Code)
		}
		if ind.No != i+1 {
			return fmt.Errorf("industry %q: number %d, want %d (annex order)", ind.Code, ind.No, i+1)
		}
		if ind.Name == "" || ind.NameEN == "" {
			return fmt.Errorf("industry %q: name and name_en are required", ind.Code)
		}
		inds[ind.Code] = ind
	}
	if len(c.Industries) == 0 {
		return errors.New("no industries")
	}
	qs := map[string]*Question{}
	for i, q := range c.Questions {
		if q == nil || !reKey.MatchString(q.Key) {
			return fmt.Errorf("question %d: key must be snake_case", i)
		}
		if qs[q.Key] != nil {
			return fmt.Errorf("question %q defined twice", q.Key)
		}
		qs[q.Key] = q
		if q.Text.ZH == "" || q.Text.EN == "" || q.Why.ZH == "" || q.Why.EN == "" {
			return fmt.Errorf("question %q: text and why need Chinese and English", q.Key)
		}
		switch q.Type {
		case Choice:
			if len(q.Options) < 2 {
				return fmt.Errorf("question %q: a choice needs at least 2 options", q.Key)
			}
			seen := map[string]bool{}
			for _, o := range q.Options {
				if !reKey.MatchString(o.Value) || o.ZH == "" || o.EN == "" || seen[o.Value] {
					return fmt.Errorf("question %q: option %q is malformed or repeated", q.Key, o.Value)
				}
				seen[o.Value] = true
			}
		case Bool, Number:
			if len(q.Options) != 0 {
				return fmt.Errorf("question %q: only choices have options", q.Key)
			}
		default:
			return fmt.Errorf("question %q: unknown type %q", q.Key, q.Type)
		}
		if len(q.Industries) == 0 {
			return fmt.Errorf("question %q: no industry asks it", q.Key)
		}
		for _, code := range q.Industries {
			if inds[code] == nil {
				return fmt.Errorf("question %q: unknown industry %q", q.Key, code)
			}
		}
		if err := checkNotes("question "+q.Key, q.Notes); err != nil {
			return err
		}
	}
	items := map[string]*Item{}
	names := map[string]string{}
	claim := func(name, owner string) error {
		k := normRef(name)
		if prev, ok := names[k]; ok && prev != owner {
			return fmt.Errorf("name %q is used by both %s and %s", name, prev, owner)
		}
		names[k] = owner
		return nil
	}
	for i, it := range c.Items {
		if it == nil || !reItemCode.MatchString(it.Code) {
			return fmt.Errorf("item %d: code must be 2–8 capital letters", i)
		}
		w := "item " + it.Code
		if items[it.Code] != nil {
			return fmt.Errorf("%s defined twice", w)
		}
		items[it.Code] = it
		if it.Name == "" || it.NameEN == "" || it.Fee == "" || it.Validity.ZH == "" || it.Implementing.ZH == "" {
			return fmt.Errorf("%s: name, name_en, fee, validity and implementing are required", w)
		}
		for _, n := range append([]string{it.Name}, it.AlternateNames...) {
			if err := claim(n, it.Code); err != nil {
				return err
			}
		}
		if !validKind(it.Kind) {
			return fmt.Errorf("%s: unknown kind %q", w, it.Kind)
		}
		if !deps[it.Department] {
			return fmt.Errorf("%s: unknown department %q", w, it.Department)
		}
		if len(it.Basis) == 0 {
			return fmt.Errorf("%s: no legal basis", w)
		}
		for _, b := range it.Basis {
			if b.Title == "" || !validReliability(b.Reliability, false) {
				return fmt.Errorf("%s: legal basis needs a title and a reliability mark", w)
			}
		}
		if !validReliability(it.LimitNote.Reliability, false) || it.LimitNote.ZH == "" {
			return fmt.Errorf("%s: limit_note needs text and a reliability mark", w)
		}
		if !validReliability(it.Validity.Reliability, false) || !validReliability(it.Implementing.Reliability, false) {
			return fmt.Errorf("%s: validity and implementing need a reliability mark", w)
		}
		if err := checkLimits(w, it.Kind, it.Phase, it.LegalDays, it.ExtensionDays, it.CommittedDays, it.FilingWithin); err != nil {
			return err
		}
		if err := checkTerm(w, it.Kind, it.Term); err != nil {
			return err
		}
		if err := checkFiling(w, it.Kind, it.Phase, it.Filing); err != nil {
			return err
		}
		if r := it.Renewal; r != nil && (r.Unit != RenewWorkdays && r.Unit != RenewMonths || r.To < 0 || r.From <= r.To ||
			r.From > 365 || r.Note.ZH == "" || !validReliability(r.Note.Reliability, false) || !it.Term.Known()) {
			return fmt.Errorf("%s: renewal needs a fixed term, from > to ≥ 0 in workdays or months, and a note with a mark", w)
		}
		if err := checkSteps(w, it.Steps, it.Inspection); err != nil {
			return err
		}
		for _, ns := range [][]Note{it.Notes, it.Conditions} {
			if err := checkNotes(w, ns); err != nil {
				return err
			}
		}
		vids := map[string]bool{}
		for _, v := range it.Variants {
			vw := w + " variant " + v.ID
			if !reKey.MatchString(v.ID) || vids[v.ID] || v.Name == "" || v.NameEN == "" || v.Validity.ZH == "" {
				return fmt.Errorf("%s: id (snake_case, unique), name, name_en and validity are required", vw)
			}
			vids[v.ID] = true
			if err := claim(v.Name, it.Code); err != nil {
				return err
			}
			if !validKind(v.Kind) {
				return fmt.Errorf("%s: unknown kind %q", vw, v.Kind)
			}
			if v.Since != "" {
				if _, err := ParseDate(v.Since); err != nil {
					return fmt.Errorf("%s: since %q is not a date", vw, v.Since)
				}
			}
			if err := checkLimits(vw, v.Kind, v.Phase, v.LegalDays, 0, v.CommittedDays, v.FilingWithin); err != nil {
				return err
			}
			if err := checkTerm(vw, v.Kind, v.Term); err != nil {
				return err
			}
			if err := checkFiling(vw, v.Kind, v.Phase, v.Filing); err != nil {
				return err
			}
			if err := checkSteps(vw, v.Steps, v.Inspection); err != nil {
				return err
			}
			for _, ns := range [][]Note{v.Notes, v.Conditions} {
				if err := checkNotes(vw, ns); err != nil {
					return err
				}
			}
			if !validReliability(v.Implementing.Reliability, true) {
				return fmt.Errorf("%s: unknown reliability %q", vw, v.Implementing.Reliability)
			}
		}
	}
	if err := checkAfter(c.Items, items); err != nil {
		return err
	}
	type use struct{ item, variant string }
	used := map[use]bool{}
	mids := map[string]bool{}
	for i, m := range c.Materials {
		if m == nil || !reKey.MatchString(m.ID) {
			return fmt.Errorf("material %d: id must be snake_case", i)
		}
		w := "material " + m.ID
		if mids[m.ID] {
			return fmt.Errorf("%s defined twice", w)
		}
		mids[m.ID] = true
		if m.Name == "" || m.NameEN == "" {
			return fmt.Errorf("%s: name and name_en are required", w)
		}
		if len(m.FileTypes) == 0 || m.MaxMB < 1 || m.MaxMB > 100 {
			return fmt.Errorf("%s: file_types and max_mb (1–100) are required", w)
		}
		for _, ft := range m.FileTypes {
			if ft != "pdf" && ft != "jpeg" && ft != "png" {
				return fmt.Errorf("%s: file type %q (allowed: pdf, jpeg, png)", w, ft)
			}
		}
		if len(m.Uses) == 0 {
			return fmt.Errorf("%s: no item needs it", w)
		}
		seen := map[use]bool{}
		for _, u := range m.Uses {
			it := items[u.Item]
			if it == nil {
				return fmt.Errorf("%s: unknown item %q", w, u.Item)
			}
			if u.Variant != "" && it.Variant(u.Variant) == nil {
				return fmt.Errorf("%s: item %s has no variant %q", w, u.Item, u.Variant)
			}
			k := use{u.Item, u.Variant}
			if seen[k] {
				return fmt.Errorf("%s: item %s listed twice", w, u.Item)
			}
			seen[k], used[k] = true, true
			for _, h := range u.Handling {
				if _, ok := HandlingLabels[h]; !ok {
					return fmt.Errorf("%s: unknown handling %q", w, h)
				}
			}
			if !validReliability(u.Note.Reliability, true) {
				return fmt.Errorf("%s: unknown reliability %q", w, u.Note.Reliability)
			}
		}
		if err := checkNotes(w, m.Notes); err != nil {
			return err
		}
	}
	for _, ind := range c.Industries {
		w := "industry " + ind.Code
		for _, n := range append([]string{ind.Name}, ind.Aliases...) {
			if err := claim(n, ind.Code); err != nil {
				return err
			}
		}
		if len(ind.Entries) == 0 {
			return fmt.Errorf("%s: no items", w)
		}
		if err := checkNotes(w, ind.Notes); err != nil {
			return err
		}
		seen := map[string]bool{}
		for _, e := range ind.Entries {
			ew := w + " item " + e.Item
			it := items[e.Item]
			if it == nil {
				return fmt.Errorf("%s: unknown item", ew)
			}
			if seen[e.Item] {
				return fmt.Errorf("%s: listed twice", ew)
			}
			seen[e.Item] = true
			if e.AnnexName == "" || !deps[e.Department] {
				return fmt.Errorf("%s: annex_name and a known department are required", ew)
			}
			if err := claim(e.AnnexName, it.Code); err != nil {
				return err
			}
			switch e.Mark {
			case "", "按需办理", "按要求办理":
			default:
				return fmt.Errorf("%s: unknown mark %q", ew, e.Mark)
			}
			if e.OnDemand != (e.Mark != "") {
				return fmt.Errorf("%s: on_demand must match the annex mark", ew)
			}
			if e.OnDemand && e.When == nil {
				return fmt.Errorf("%s: on-demand item needs a condition (when)", ew)
			}
			if !e.OnDemand && e.When != nil {
				return fmt.Errorf("%s: mandatory item must not have a condition", ew)
			}
			if e.Variant != "" && it.Variant(e.Variant) == nil {
				return fmt.Errorf("%s: unknown variant %q", ew, e.Variant)
			}
			if !used[use{e.Item, e.Variant}] {
				return fmt.Errorf("%s: no material is listed for it", ew)
			}
			if err := checkCondition(ew, e.When, qs, ind.Code, 0); err != nil {
				return err
			}
			if e.Unless != nil && e.OnDemand {
				return fmt.Errorf("%s: only a mandatory row can have unless", ew)
			}
			if err := checkCondition(ew+" unless", e.Unless, qs, ind.Code, 0); err != nil {
				return err
			}
			for _, r := range e.VariantWhen {
				if r.When == nil || it.Variant(r.Variant) == nil {
					return fmt.Errorf("%s: variant rule needs a condition and a known variant, unknown variant %q", ew, r.Variant)
				}
				if !used[use{e.Item, r.Variant}] {
					return fmt.Errorf("%s variant %s: no material is listed for it", ew, r.Variant)
				}
				if err := checkCondition(ew+" variant rule", r.When, qs, ind.Code, 0); err != nil {
					return err
				}
			}
			for _, a := range e.Advice {
				if err := checkCondition(ew+" advice", a.When, qs, ind.Code, 0); err != nil {
					return err
				}
				if err := checkNotes(ew+" advice", []Note{a.Note}); err != nil {
					return err
				}
			}
		}
	}
	byID := map[string]*Material{}
	for _, m := range c.Materials {
		byID[m.ID] = m
	}
	if err := c.validateAfterIssue(items, byID); err != nil {
		return err
	}
	if c.Calendar == nil || len(c.Calendar.Years) == 0 {
		return errors.New("calendar: no years")
	}
	if err := c.Calendar.build(); err != nil {
		return err
	}
	return nil
}

// checkAfter: an item waits only for other known items, says why, and no
// chain of waits comes back to where it started.
func checkAfter(list []*Item, items map[string]*Item) error {
	for _, it := range list {
		for _, a := range it.After {
			if items[a] == nil || a == it.Code {
				return fmt.Errorf("item %s: after names unknown item or itself %q", it.Code, a)
			}
		}
		if len(it.After) > 0 && (it.AfterNote.ZH == "" || !validReliability(it.AfterNote.Reliability, false)) {
			return fmt.Errorf("item %s: after needs an after_note with text and a reliability mark", it.Code)
		}
	}
	state := map[string]int{} // 1 visiting, 2 done
	var visit func(code string) error
	visit = func(code string) error {
		switch state[code] {
		case 1:
			return fmt.Errorf("items wait for each other in a cycle through %s (after)", code)
		case 2:
			return nil
		}
		state[code] = 1
		for _, a := range items[code].After {
			if err := visit(a); err != nil {
				return err
			}
		}
		state[code] = 2
		return nil
	}
	for _, it := range list {
		if err := visit(it.Code); err != nil {
			return err
		}
	}
	return nil
}

func checkCondition(w string, cd *Condition, qs map[string]*Question, industry string, depth int) error {
	if cd == nil {
		return nil
	}
	if depth > 8 {
		return fmt.Errorf("%s: condition nested too deeply", w)
	}
	forms := 0
	if cd.Always {
		forms++
	}
	if cd.Q != "" {
		forms++
	}
	if len(cd.Any) > 0 {
		forms++
	}
	if len(cd.All) > 0 {
		forms++
	}
	if cd.Not != nil {
		forms++
	}
	if forms != 1 {
		return fmt.Errorf("%s: a condition must be exactly one of q, any, all, not, always", w)
	}
	for _, sub := range slices.Concat(cd.Any, cd.All) {
		if err := checkCondition(w, &sub, qs, industry, depth+1); err != nil {
			return err
		}
	}
	if cd.Not != nil {
		return checkCondition(w, cd.Not, qs, industry, depth+1)
	}
	if cd.Q == "" {
		return nil
	}
	q := qs[cd.Q]
	if q == nil {
		return fmt.Errorf("%s: unknown question %q", w, cd.Q)
	}
	if !slices.Contains(q.Industries, industry) {
		return fmt.Errorf("%s: question %q does not list industry %s", w, cd.Q, industry)
	}
	tests := 0
	if cd.Is != nil {
		tests++
		if q.Type != Bool {
			return fmt.Errorf("%s: 'is' needs a bool question, %q is %s", w, cd.Q, q.Type)
		}
	}
	if cd.In != nil {
		tests++
		if q.Type != Choice || len(cd.In) == 0 {
			return fmt.Errorf("%s: 'in' needs a choice question and values", w)
		}
		for _, v := range cd.In {
			if !slices.ContainsFunc(q.Options, func(o Option) bool { return o.Value == v }) {
				return fmt.Errorf("%s: %q is not an option of %q", w, v, cd.Q)
			}
		}
	}
	if cd.Gte != nil || cd.Lt != nil {
		tests++
		if q.Type != Number {
			return fmt.Errorf("%s: 'gte'/'lt' need a number question", w)
		}
	}
	if tests != 1 {
		return fmt.Errorf("%s: a question test needs exactly one of is, in, gte/lt", w)
	}
	return nil
}

// IndustryCodes lists industry codes in annex order (handy for callers).
func (c *Catalog) IndustryCodes() []string {
	out := make([]string, len(c.Industries))
	for i, ind := range c.Industries {
		out[i] = ind.Code
	}
	return out
}

// ItemCodes lists item codes sorted.
func (c *Catalog) ItemCodes() []string {
	out := make([]string, 0, len(c.Items))
	for _, it := range c.Items {
		out = append(out, it.Code)
	}
	sort.Strings(out)
	return out
}

// Package forms holds the merged application form (一表申请): the fields
// shared by all chosen approval items asked once, the per-item fields grouped
// by item, and validation that tells the applicant, in Chinese and English,
// what is wrong with a value as they type it.
//
// Field definitions live in data/fields.json (embedded); field keys are
// stable snake_case. Values are kept as the text the user typed, so a draft
// never loses input just because it is not valid yet.
package forms

import (
	"embed"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/naiman-yiye/yiye/usererr"
)

//go:embed data/fields.json
var dataFS embed.FS

// Kind is the sort of value a field takes; it decides the validator.
type Kind string

// Field kinds.
const (
	KindText        Kind = "text"        // one line of free text
	KindTextarea    Kind = "textarea"    // several lines of free text
	KindUSCC        Kind = "uscc"        // 统一社会信用代码 (GB 32100)
	KindIDNumber    Kind = "id_number"   // 公民身份号码 (GB 11643) when the ID type is a resident ID
	KindMobile      Kind = "mobile"      // mainland mobile number
	KindPhone       Kind = "phone"       // mobile or landline
	KindEmail       Kind = "email"       //
	KindURL         Kind = "url"         // http(s) address
	KindArea        Kind = "area"        // square metres, > 0, ≤ 2 decimals
	KindDecimal     Kind = "decimal"     // non-negative number, Decimals places
	KindCount       Kind = "count"       // whole number in [Min, Max]
	KindDate        Kind = "date"        // YYYY-MM-DD (Chinese order variants accepted)
	KindSelect      Kind = "select"      // one of Options
	KindMultiSelect Kind = "multiselect" // comma-separated Option values
	KindBool        Kind = "bool"        // "true" or "false"
)

// Bool values as stored in Values.
const (
	True  = "true"
	False = "false"
)

// Option is one choice of a select field.
type Option struct {
	Value string `json:"value"` // stable snake_case, stored in Values
	ZH    string `json:"zh"`
	EN    string `json:"en"`
}

// Condition makes a field apply only when another field's value is in In.
type Condition struct {
	Key string   `json:"key"`
	In  []string `json:"in"`
}

// Field is one question of the merged form.
type Field struct {
	Key       string   `json:"key"` // stable snake_case
	LabelZH   string   `json:"zh"`  //
	LabelEN   string   `json:"en"`  //
	HelpZH    string   `json:"help_zh,omitempty"`
	HelpEN    string   `json:"help_en,omitempty"`
	Kind      Kind     `json:"kind"`
	Required  bool     `json:"required,omitempty"`  // must be filled when shown; a required bool must be true
	Options   []Option `json:"options,omitempty"`   // select / multiselect
	Default   string   `json:"default,omitempty"`   // value to start with
	Unit      string   `json:"unit,omitempty"`      // e.g. 平方米
	UnitEN    string   `json:"unit_en,omitempty"`   // e.g. m²
	Min       *float64 `json:"min,omitempty"`       // count / decimal lower bound
	Max       *float64 `json:"max,omitempty"`       // area / count / decimal upper bound
	Decimals  int      `json:"decimals,omitempty"`  // decimal places for decimal (0 → 2)
	MaxLen    int      `json:"max_len,omitempty"`   // text length in characters (0 → 100)
	DateRule  string   `json:"date_rule,omitempty"` // "future" (today or later) or "past" (today or earlier)
	After     string   `json:"after,omitempty"`     // date fields: key of a date this one must be later than
	IDTypeKey string   `json:"id_type_key,omitempty"`
	// EntityTypeKey names the entity-type select a credit code is checked
	// against (GB 32100's second character); a mismatch is only a warning.
	EntityTypeKey string     `json:"entity_type_key,omitempty"`
	ShowIf        *Condition `json:"show_if,omitempty"`    // applies only when this holds
	MustAgree     bool       `json:"must_agree,omitempty"` // a declaration: a bool that must be true
	Source        string     `json:"source,omitempty"`     // "license": can be pre-filled from the enterprise lookup
	Remember      bool       `json:"remember,omitempty"`   // pre-fill from the applicant's earlier drafts
	// Items are the approval item codes that use the field. In the embedded
	// data "*" means every item; in a built Schema it is the chosen items
	// that use it.
	Items []string `json:"items"`
	// Shared fields are asked once for all items. In a built Schema a field
	// used by two or more chosen items is shared too.
	Shared bool `json:"shared,omitempty"`
	// NotForVariants lists item variants (catalog Variant.ID, e.g. the
	// bookstore's hygiene "filing") for which the field is not asked.
	NotForVariants []string `json:"not_for_variants,omitempty"`
}

// Label returns the label in lang ("en…" → English, otherwise Chinese).
func (f Field) Label(lang string) string {
	if strings.HasPrefix(lang, "en") {
		return f.LabelEN
	}
	return f.LabelZH
}

// OptionLabel returns the Chinese label of option value v, or v itself.
func (f Field) OptionLabel(v string) string {
	for _, o := range f.Options {
		if o.Value == v {
			return o.ZH
		}
	}
	return v
}

// UsedBy reports whether item code uses the field.
func (f Field) UsedBy(item string) bool { return slices.Contains(f.Items, item) }

// ItemInfo names an approval item for group headings.
type ItemInfo struct {
	Code string `json:"code"`
	ZH   string `json:"zh"`
	EN   string `json:"en"`
}

// Group is the per-item part of the form: fields only that item uses.
type Group struct {
	Item   ItemInfo
	Fields []Field
}

// Values are the answers of a form by field key, exactly as typed (select:
// the option value; multiselect: values joined by ","; bool: True/False).
type Values map[string]string

// Clone returns a copy of v.
func (v Values) Clone() Values {
	c := make(Values, len(v))
	for k, x := range v {
		c[k] = x
	}
	return c
}

// Multi splits a multiselect value.
func Multi(s string) []string {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	parts := strings.Split(s, ",")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

// JoinMulti joins multiselect values for storage.
func JoinMulti(vals []string) string { return strings.Join(vals, ",") }

type dataFile struct {
	Version string     `json:"version"`
	Items   []ItemInfo `json:"items"`
	Fields  []Field    `json:"fields"`
}

var data = mustLoad()

func mustLoad() *dataFile {
	b, err := dataFS.ReadFile("data/fields.json")
	if err != nil {
		panic(err)
	}
	d, err := parseData(b)
	if err != nil {
		panic(err)
	}
	return d
}

// parseData decodes and checks field definitions; the embedded file is
// checked at start-up and by tests, so a bad edit cannot ship.
func parseData(b []byte) (*dataFile, error) {
	var d dataFile
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&d); err != nil {
		return nil, fmt.Errorf("forms: data: %w", err)
	}
	items := map[string]bool{}
	for _, it := range d.Items {
		if it.Code == "" || it.ZH == "" || items[it.Code] {
			return nil, fmt.Errorf("forms: data: bad or duplicate item %q", it.Code)
		}
		items[it.Code] = true
	}
	keys := map[string]*Field{}
	for i := range d.Fields {
		f := &d.Fields[i]
		if !validKey(f.Key) || keys[f.Key] != nil {
			return nil, fmt.Errorf("forms: data: bad or duplicate key %q", f.Key)
		}
		keys[f.Key] = f
		if f.LabelZH == "" || f.LabelEN == "" {
			return nil, fmt.Errorf("forms: data: %s: missing label", f.Key)
		}
		if _, ok := validators[f.Kind]; !ok {
			return nil, fmt.Errorf("forms: data: %s: unknown kind %q", f.Key, f.Kind)
		}
		if (f.Kind == KindSelect || f.Kind == KindMultiSelect) != (len(f.Options) > 0) {
			return nil, fmt.Errorf("forms: data: %s: options only and always for selects", f.Key)
		}
		for _, o := range f.Options {
			if !validKey(o.Value) || o.ZH == "" {
				return nil, fmt.Errorf("forms: data: %s: bad option %q", f.Key, o.Value)
			}
		}
		if len(f.Items) == 0 {
			return nil, fmt.Errorf("forms: data: %s: no items", f.Key)
		}
		for _, it := range f.Items {
			if it != "*" && !items[it] {
				return nil, fmt.Errorf("forms: data: %s: unknown item %q", f.Key, it)
			}
		}
		if f.DateRule != "" && f.DateRule != "future" && f.DateRule != "past" {
			return nil, fmt.Errorf("forms: data: %s: bad date_rule", f.Key)
		}
	}
	for _, f := range d.Fields {
		if c := f.ShowIf; c != nil && (keys[c.Key] == nil || len(c.In) == 0) {
			return nil, fmt.Errorf("forms: data: %s: show_if on unknown field %q", f.Key, c.Key)
		}
		if f.After != "" && (f.Kind != KindDate || keys[f.After] == nil || keys[f.After].Kind != KindDate) {
			return nil, fmt.Errorf("forms: data: %s: bad after", f.Key)
		}
		if f.IDTypeKey != "" && (keys[f.IDTypeKey] == nil || keys[f.IDTypeKey].Kind != KindSelect) {
			return nil, fmt.Errorf("forms: data: %s: bad id_type_key", f.Key)
		}
		if f.EntityTypeKey != "" && (f.Kind != KindUSCC || keys[f.EntityTypeKey] == nil || keys[f.EntityTypeKey].Kind != KindSelect) {
			return nil, fmt.Errorf("forms: data: %s: bad entity_type_key", f.Key)
		}
	}
	return &d, nil
}

func validKey(k string) bool {
	if k == "" || k[0] < 'a' || k[0] > 'z' {
		return false
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// DataVersion is the version of the embedded field definitions.
func DataVersion() string { return data.Version }

// Items lists the approval items the form knows, in catalog order.
func Items() []ItemInfo { return slices.Clone(data.Items) }

// ItemName returns the item's Chinese name, or the code if unknown.
func ItemName(code string) string {
	for _, it := range data.Items {
		if it.Code == code {
			return it.ZH
		}
	}
	return code
}

// AllFields returns every field definition as embedded (Items may hold "*").
func AllFields() []Field { return slices.Clone(data.Fields) }

// Schema is the merged form for a set of chosen items.
type Schema struct {
	Version string   // DataVersion at build time
	Items   []string // chosen item codes, in catalog order
	Shared  []Field  // asked once
	Groups  []Group  // per item, in Items order; a group may be empty
	// Now gives today's date for date and ID-number checks; nil = time.Now.
	Now func() time.Time

	byKey map[string]*Field
}

// Build returns the merged form for itemCodes (in any order, duplicates
// ignored). A field is included when a chosen item uses it; it is shared
// when its data says so or when two or more chosen items use it.
func Build(itemCodes []string) (*Schema, error) { return BuildVariants(itemCodes, nil) }

// BuildVariants is Build for items some of which take a variant in the
// industry (item code → catalog Variant.ID, e.g. "GGWS" → "filing" for the
// bookstore's 公共场所卫生备案); fields marked not for that variant are
// left out for that item.
func BuildVariants(itemCodes []string, variants map[string]string) (*Schema, error) {
	chosen := map[string]bool{}
	for _, c := range itemCodes {
		known := false
		for _, it := range data.Items {
			known = known || it.Code == c
		}
		if !known {
			return nil, usererr.Newf("forms.unknown_item", "未知的审批事项代码“%s”", "Unknown approval item code %q", c)
		}
		chosen[c] = true
	}
	s := &Schema{Version: data.Version, byKey: map[string]*Field{}}
	groups := map[string]*Group{}
	for _, it := range data.Items {
		if chosen[it.Code] {
			s.Items = append(s.Items, it.Code)
			s.Groups = append(s.Groups, Group{Item: it})
		}
	}
	for i := range s.Groups {
		groups[s.Groups[i].Item.Code] = &s.Groups[i]
	}
	for _, f := range data.Fields {
		var use []string
		for _, code := range s.Items {
			if v := variants[code]; v != "" && slices.Contains(f.NotForVariants, v) {
				continue
			}
			if slices.Contains(f.Items, "*") || slices.Contains(f.Items, code) {
				use = append(use, code)
			}
		}
		if len(use) == 0 {
			continue
		}
		f.Items = use
		f.Options = slices.Clone(f.Options)
		f.NotForVariants = nil
		if f.Shared || len(use) > 1 {
			f.Shared = true
			s.Shared = append(s.Shared, f)
		} else {
			g := groups[use[0]]
			g.Fields = append(g.Fields, f)
		}
	}
	for i := range s.Shared {
		s.byKey[s.Shared[i].Key] = &s.Shared[i]
	}
	for gi := range s.Groups {
		for fi := range s.Groups[gi].Fields {
			f := &s.Groups[gi].Fields[fi]
			s.byKey[f.Key] = f
		}
	}
	return s, nil
}

// Only is the schema with only the fields keep accepts, for the same
// items (e.g. the applicant's details alone, for a change of them). A
// field another kept field depends on (ShowIf, ID type, entity type, date
// order) is kept with it.
func (s *Schema) Only(keep func(Field) bool) *Schema {
	want := map[string]bool{}
	for _, f := range s.Fields() {
		if keep(f) {
			want[f.Key] = true
		}
	}
	for changed := true; changed; {
		changed = false
		for _, f := range s.Fields() {
			if !want[f.Key] {
				continue
			}
			for _, dep := range []string{f.IDTypeKey, f.EntityTypeKey, f.After} {
				if dep != "" && !want[dep] {
					want[dep], changed = true, true
				}
			}
			if f.ShowIf != nil && !want[f.ShowIf.Key] {
				want[f.ShowIf.Key], changed = true, true
			}
		}
	}
	out := &Schema{Version: s.Version, Items: slices.Clone(s.Items), Now: s.Now, byKey: map[string]*Field{}}
	for _, f := range s.Shared {
		if want[f.Key] {
			out.Shared = append(out.Shared, f)
		}
	}
	for _, g := range s.Groups {
		ng := Group{Item: g.Item}
		for _, f := range g.Fields {
			if want[f.Key] {
				ng.Fields = append(ng.Fields, f)
			}
		}
		out.Groups = append(out.Groups, ng)
	}
	for i := range out.Shared {
		out.byKey[out.Shared[i].Key] = &out.Shared[i]
	}
	for gi := range out.Groups {
		for fi := range out.Groups[gi].Fields {
			f := &out.Groups[gi].Fields[fi]
			out.byKey[f.Key] = f
		}
	}
	return out
}

// ForEveryItem reports whether the embedded data asks field key of every
// item ("*"): the applicant's own details, contact, delivery, pledge.
func ForEveryItem(key string) bool {
	for _, f := range data.Fields {
		if f.Key == key {
			return slices.Contains(f.Items, "*")
		}
	}
	return false
}

// Field returns the field with key.
func (s *Schema) Field(key string) (Field, bool) {
	f, ok := s.byKey[key]
	if !ok {
		return Field{}, false
	}
	return *f, true
}

// Fields returns all fields in display order: shared, then each group.
func (s *Schema) Fields() []Field {
	out := slices.Clone(s.Shared)
	for _, g := range s.Groups {
		out = append(out, g.Fields...)
	}
	return out
}

// FieldsFor returns the fields item uses (shared ones included).
func (s *Schema) FieldsFor(item string) []Field {
	var out []Field
	for _, f := range s.Fields() {
		if f.UsedBy(item) {
			out = append(out, f)
		}
	}
	return out
}

// Defaults returns the default value of every field that has one.
func (s *Schema) Defaults() Values {
	v := Values{}
	for _, f := range s.Fields() {
		if f.Default != "" {
			v[f.Key] = f.Default
		}
	}
	return v
}

// Applies reports whether field key is asked given the other values (its
// ShowIf holds). Unknown keys do not apply.
func (s *Schema) Applies(key string, v Values) bool {
	f, ok := s.byKey[key]
	if !ok {
		return false
	}
	return s.applies(f, v, 0)
}

func (s *Schema) applies(f *Field, v Values, depth int) bool {
	c := f.ShowIf
	if c == nil {
		return true
	}
	if depth > 8 {
		return false
	}
	if dep, ok := s.byKey[c.Key]; ok && !s.applies(dep, v, depth+1) {
		return false
	}
	val := v[c.Key]
	if val == "" {
		if dep, ok := s.byKey[c.Key]; ok {
			val = dep.Default
		}
	}
	return slices.Contains(c.In, strings.TrimSpace(val))
}

// Dependents lists the fields whose check or visibility depends on key (via
// ShowIf, the ID or entity type, or date order): after key changes, the UI should
// re-check them and show or hide them.
func (s *Schema) Dependents(key string) []string {
	var out []string
	for _, f := range s.Fields() {
		if (f.ShowIf != nil && f.ShowIf.Key == key) || f.IDTypeKey == key || f.After == key || f.EntityTypeKey == key {
			out = append(out, f.Key)
		}
	}
	return out
}

func (s *Schema) today() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

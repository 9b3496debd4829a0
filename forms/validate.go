package forms

import (
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/naiman-yiye/yiye/usererr"
)

// Check is the outcome of checking one field.
type Check struct {
	// Err blocks submission: the value is missing or wrong.
	Err *usererr.Error
	// Warn is advisory and never blocks (e.g. a credit code whose body fails
	// the GB 11714 check, which is normal for some individual businesses).
	Warn *usererr.Error
	// Normalized is the value in canonical form (upper-case credit code,
	// 2026-01-05 dates, half-width digits); the UI may store it on blur.
	// It equals the input when the value is invalid.
	Normalized string
}

// ctx carries what a validator needs besides the value.
type ctx struct {
	today  time.Time
	idType string
}

type validator func(f *Field, v string, c ctx) (string, *usererr.Error)

// validators is initialised before the embedded data, which is checked
// against it (package initialisation follows dependencies).
var validators = map[Kind]validator{
	KindText:     checkText,
	KindTextarea: checkText,
	KindUSCC: func(f *Field, v string, c ctx) (string, *usererr.Error) {
		return NormalizeUSCC(v), CheckUSCC(v)
	},
	KindIDNumber: checkIDField,
	KindMobile: func(f *Field, v string, c ctx) (string, *usererr.Error) {
		return NormalizeMobile(v), CheckMobile(v)
	},
	KindPhone: func(f *Field, v string, c ctx) (string, *usererr.Error) {
		return NormalizePhone(v), CheckPhone(v)
	},
	KindEmail: func(f *Field, v string, c ctx) (string, *usererr.Error) {
		return strings.TrimSpace(v), CheckEmail(v)
	},
	KindURL: func(f *Field, v string, c ctx) (string, *usererr.Error) {
		if e := checkLen(f, v); e != nil {
			return v, e
		}
		return strings.TrimSpace(v), CheckURL(v)
	},
	KindArea: func(f *Field, v string, c ctx) (string, *usererr.Error) {
		x, e := ParseArea(v, fmax(f, 0))
		return fmtNum(x), e
	},
	KindDecimal: checkDecimal,
	KindCount:   checkCount,
	KindDate:    checkDate,
	KindSelect: func(f *Field, v string, c ctx) (string, *usererr.Error) {
		v = strings.TrimSpace(v)
		if !hasOption(f, v) {
			return v, badOption(v)
		}
		return v, nil
	},
	KindMultiSelect: checkMulti,
	KindBool: func(f *Field, v string, c ctx) (string, *usererr.Error) {
		v = strings.TrimSpace(v)
		if v != True && v != False {
			return v, usererr.New("forms.bool.value", "请选择“是”或“否”", "Choose yes or no")
		}
		if f.MustAgree && v != True {
			return v, usererr.New("forms.pledge", "须勾选承诺后才能提交", "You must agree to the declaration to submit")
		}
		return v, nil
	},
}

func checkText(f *Field, v string, c ctx) (string, *usererr.Error) {
	if e := checkLen(f, v); e != nil {
		return v, e
	}
	if strings.ContainsFunc(v, func(r rune) bool { return r < 0x20 && r != '\n' && r != '\t' && r != '\r' }) {
		return v, usererr.New("forms.text.control", "含有无法显示的控制字符，请删除后重新输入",
			"Contains invisible control characters; please retype it")
	}
	if f.Kind == KindText && strings.ContainsAny(v, "\n\r") {
		return v, usererr.New("forms.text.newline", "此项只能填写一行", "This field takes one line only")
	}
	if !utf8.ValidString(v) {
		return v, usererr.New("forms.text.encoding", "含有无效字符", "Contains invalid characters")
	}
	return strings.TrimSpace(v), nil
}

func checkLen(f *Field, v string) *usererr.Error {
	max := f.MaxLen
	if max <= 0 {
		max = 100
	}
	if n := utf8.RuneCountInString(v); n > max {
		return usererr.Newf("forms.text.too_long", "最多 %d 个字，现在 %d 个字", "At most %d characters; this has %d", max, n)
	}
	return nil
}

func checkIDField(f *Field, v string, c ctx) (string, *usererr.Error) {
	return NormalizeIDNumber(v), checkIDDocumentAt(c.idType, v, c.today)
}

// CheckIDDocument validates an ID document number of the given type (a
// legal_rep_id_type option value; "" means resident_id). Resident ID
// numbers get the full GB 11643 check; other documents have no national
// check digit, so only their shape is checked.
func CheckIDDocument(idType, number string) *usererr.Error {
	return checkIDDocumentAt(idType, number, time.Now())
}

func checkIDDocumentAt(idType, number string, today time.Time) *usererr.Error {
	if idType == "" || idType == "resident_id" {
		return CheckIDNumberAt(number, today)
	}
	n := NormalizeIDNumber(number)
	if n == "" {
		return errRequired()
	}
	if len(n) < 5 || len(n) > 30 || strings.ContainsFunc(n, func(r rune) bool {
		return !(r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r == '-' || r == '(' || r == ')')
	}) {
		return usererr.New("forms.id.document", "证件号码格式不正确（5–30 位字母或数字）",
			"The document number should be 5–30 letters or digits")
	}
	return nil
}

func fmax(f *Field, def float64) float64 {
	if f.Max != nil {
		return *f.Max
	}
	return def
}

func fmin(f *Field, def float64) float64 {
	if f.Min != nil {
		return *f.Min
	}
	return def
}

func checkDecimal(f *Field, v string, c ctx) (string, *usererr.Error) {
	d := f.Decimals
	if d <= 0 {
		d = 2
	}
	x, e := ParseDecimal(v, d)
	if e != nil {
		return v, e
	}
	lo, hi := fmin(f, 0), fmax(f, 1e12)
	if x < lo || x > hi {
		return v, usererr.Newf("forms.number.range", "数值应在 %s 到 %s 之间", "The value must be between %s and %s",
			fmtNum(lo), fmtNum(hi))
	}
	return strconv.FormatFloat(x, 'f', -1, 64), nil
}

func checkCount(f *Field, v string, c ctx) (string, *usererr.Error) {
	n, e := ParseCount(v, int(fmin(f, 0)), int(fmax(f, 1e9)))
	if e != nil {
		return v, e
	}
	return strconv.Itoa(n), nil
}

func checkDate(f *Field, v string, c ctx) (string, *usererr.Error) {
	t, e := ParseDate(v)
	if e != nil {
		return v, e
	}
	y, m, d := c.today.Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	switch {
	case f.DateRule == "future" && t.Before(today):
		return v, usererr.Newf("forms.date.past", "日期 %s 已过，应为今天或以后", "%s has passed; it must be today or later",
			t.Format("2006-01-02"))
	case f.DateRule == "past" && t.After(today):
		return v, usererr.Newf("forms.date.future", "日期 %s 晚于今天", "%s is in the future", t.Format("2006-01-02"))
	}
	return t.Format("2006-01-02"), nil
}

func hasOption(f *Field, v string) bool {
	for _, o := range f.Options {
		if o.Value == v {
			return true
		}
	}
	return false
}

func badOption(v string) *usererr.Error {
	v = echo(v)
	return usererr.Newf("forms.option.invalid", "“%s”不是可选项，请从列表中选择", "%q is not one of the choices", v)
}

// echo makes user input safe to repeat in a message: valid UTF-8, short.
func echo(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if utf8.RuneCountInString(s) > 20 {
		s = string([]rune(s)[:20]) + "…"
	}
	return s
}

func checkMulti(f *Field, v string, c ctx) (string, *usererr.Error) {
	vals := Multi(v)
	seen := map[string]bool{}
	var out []string
	for _, x := range vals {
		if x == "" {
			continue
		}
		if !hasOption(f, x) {
			return v, badOption(x)
		}
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	if len(out) == 0 {
		return v, errRequired()
	}
	// Store in the options' order so equal choices compare equal.
	slices.SortFunc(out, func(a, b string) int {
		return slices.IndexFunc(f.Options, func(o Option) bool { return o.Value == a }) -
			slices.IndexFunc(f.Options, func(o Option) bool { return o.Value == b })
	})
	return JoinMulti(out), nil
}

func unknownField(key string) *usererr.Error {
	key = echo(key)
	return usererr.Newf("forms.unknown_field", "表单中没有“%s”这一项", "The form has no field %q", key)
}

// CheckField checks field key given all values of the form (the ID-number
// check depends on the chosen ID type, and a field whose ShowIf does not
// hold is never an error). Cheap enough for every keystroke.
func (s *Schema) CheckField(key string, v Values) Check {
	f, ok := s.byKey[key]
	if !ok {
		return Check{Err: unknownField(key), Normalized: v[key]}
	}
	return s.check(f, v[key], v)
}

func (s *Schema) check(f *Field, raw string, all Values) Check {
	out := Check{Normalized: raw}
	if all != nil && !s.applies(f, all, 0) {
		return out
	}
	if strings.TrimSpace(raw) == "" && f.Default != "" {
		raw = f.Default // an untouched field holds its default
	}
	if strings.TrimSpace(raw) == "" {
		if f.Required {
			out.Err = errRequired()
		}
		return out
	}
	c := ctx{today: s.today()}
	if f.IDTypeKey != "" && all != nil {
		c.idType = strings.TrimSpace(all[f.IDTypeKey])
		if c.idType == "" {
			if t, ok := s.byKey[f.IDTypeKey]; ok {
				c.idType = t.Default
			}
		}
	}
	norm, err := validators[f.Kind](f, raw, c)
	if err != nil {
		out.Err = err
		return out
	}
	out.Normalized = norm
	if f.After != "" && all != nil {
		if e := s.checkAfter(f, norm, all); e != nil {
			out.Err = e
			return out
		}
	}
	if f.Kind == KindUSCC {
		if f.EntityTypeKey != "" && all != nil {
			out.Warn = USCCEntityNotice(norm, all[f.EntityTypeKey])
		}
		if out.Warn == nil {
			out.Warn = USCCOrgCodeNotice(norm)
		}
	}
	return out
}

// checkAfter compares a valid date with the date it must follow; an empty
// or invalid other date is that field's own problem.
func (s *Schema) checkAfter(f *Field, norm string, all Values) *usererr.Error {
	other, ok := s.byKey[f.After]
	if !ok {
		return nil
	}
	start, e := ParseDate(all[f.After])
	if e != nil {
		return nil
	}
	end, _ := ParseDate(norm)
	if !end.After(start) {
		return usererr.Newf("forms.date.order", "应晚于“%s”（%s）", "Must be later than %q (%s)",
			other.LabelZH, start.Format("2006-01-02"))
	}
	return nil
}

// ValidateField checks one value on its own (ShowIf ignored; an ID number is
// checked as a resident ID). It returns nil or a *usererr.Error.
func (s *Schema) ValidateField(key, value string) error {
	f, ok := s.byKey[key]
	if !ok {
		return unknownField(key)
	}
	if c := s.check(f, value, nil); c.Err != nil {
		return c.Err
	}
	return nil
}

// Validate checks every field of the schema against v and returns the
// errors by field key (each a *usererr.Error); empty means the form is
// complete. Values for keys the schema does not have are ignored.
func (s *Schema) Validate(v Values) map[string]error {
	errs := map[string]error{}
	for k, f := range s.byKey {
		if c := s.check(f, v[k], v); c.Err != nil {
			errs[k] = c.Err
		}
	}
	return errs
}

// Normalize returns v with every valid value of the schema in canonical
// form; invalid and unknown values are kept as they are, except that ID
// numbers and credit codes are always written half-width and upper case
// (the GB 11643 check character is "X"), which loses nothing.
func (s *Schema) Normalize(v Values) Values {
	out := v.Clone()
	for k, raw := range v {
		if f, ok := s.byKey[k]; ok && strings.TrimSpace(raw) != "" {
			if c := s.check(f, raw, v); c.Err == nil {
				out[k] = c.Normalized
			} else if f.Kind == KindIDNumber || f.Kind == KindUSCC {
				out[k] = fold(raw, true)
			}
		}
	}
	return out
}

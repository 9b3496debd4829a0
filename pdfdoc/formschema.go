package pdfdoc

import (
	"strings"

	"github.com/naiman-yiye/yiye/catalog"
	"github.com/naiman-yiye/yiye/forms"
)

// FormSections turns a merged-form schema and its values into printable
// sections: the shared fields first (共性信息), then one section per item
// with fields of its own. Fields that do not apply to the values (ShowIf)
// are left out; values print in their normalized form (forms.Schema.Normalize),
// options as their Chinese labels, booleans 是/否, numbers with their unit,
// and empty fields as a blank to fill by hand.
func FormSections(s *forms.Schema, v forms.Values) []FormSection {
	if s == nil {
		return nil
	}
	// Print the canonical form: "X" in ID numbers, upper-case credit codes.
	v = s.Normalize(v)
	rows := func(fs []forms.Field) []FormRow {
		var out []FormRow
		for _, f := range fs {
			if !s.Applies(f.Key, v) {
				continue
			}
			out = append(out, FormRow{Label: f.LabelZH, Value: fieldValue(f, v[f.Key])})
		}
		return out
	}
	var secs []FormSection
	if r := rows(s.Shared); len(r) > 0 {
		secs = append(secs, FormSection{Title: "共性信息（各事项共用，一次填写）", Rows: r})
	}
	for _, g := range s.Groups {
		if r := rows(g.Fields); len(r) > 0 {
			secs = append(secs, FormSection{Title: g.Item.ZH + " 个性信息", Rows: r})
		}
	}
	return secs
}

// fieldValue formats one stored value for print.
func fieldValue(f forms.Field, raw string) string {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return "　"
	}
	switch f.Kind {
	case forms.KindBool:
		if raw == forms.True {
			if f.MustAgree {
				return "已阅读并同意"
			}
			return "是"
		}
		return "否"
	case forms.KindSelect:
		return f.OptionLabel(raw)
	case forms.KindDate:
		// Normalize has written valid dates as YYYY-MM-DD.
		return catalog.DateZH(raw)
	case forms.KindMultiSelect:
		var ls []string
		for _, x := range forms.Multi(raw) {
			ls = append(ls, f.OptionLabel(x))
		}
		return strings.Join(ls, "、")
	}
	if f.Unit != "" {
		return raw + " " + f.Unit
	}
	return raw
}

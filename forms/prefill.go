package forms

import "strings"

// Enterprise is what the enterprise lookup (营业执照 / e-licence share)
// returns for a credit code. It is defined here so forms does not depend on
// the portal client's wire types; the client maps its response onto it.
type Enterprise struct {
	USCC     string // 统一社会信用代码
	Name     string // 名称
	Type     string // 主体类型 as registered, e.g. 有限责任公司, 个体工商户
	LegalRep string // 法定代表人（负责人、经营者）
	Address  string // 住所
	Scope    string // 经营范围
}

// EntityType maps a registered 主体类型 (or, failing that, the credit code's
// category characters: 91 enterprise, 92 individual, 93 cooperative) to an
// entity_type option value; "" when unknown.
func EntityType(registeredType, uscc string) string {
	t := registeredType
	switch {
	case strings.Contains(t, "个体"):
		return "individual"
	case strings.Contains(t, "合作社"):
		return "cooperative"
	case strings.Contains(t, "公司") || strings.Contains(t, "企业") || strings.Contains(t, "合伙") ||
		strings.Contains(t, "独资"):
		return "enterprise"
	}
	c := NormalizeUSCC(uscc)
	if len(c) >= 2 && c[0] == '9' {
		switch c[1] {
		case '1':
			return "enterprise"
		case '2':
			return "individual"
		case '3':
			return "cooperative"
		}
	}
	return ""
}

// PrefillFromEnterprise turns a lookup result into form values (only the
// fields it knows; empty results are left out).
func PrefillFromEnterprise(e Enterprise) Values {
	v := Values{}
	set := func(k, x string) {
		if x = strings.TrimSpace(x); x != "" {
			v[k] = x
		}
	}
	set("uscc", NormalizeUSCC(e.USCC))
	set("entity_name", e.Name)
	set("entity_type", EntityType(e.Type, e.USCC))
	set("legal_rep_name", e.LegalRep)
	set("registered_address", e.Address)
	set("business_scope", e.Scope)
	return v
}

// Merge fills dst with src's values for keys that are empty in dst, so a
// pre-fill never overwrites what the applicant typed. It returns the keys
// it filled, for the UI to highlight.
func Merge(dst, src Values) []string {
	var filled []string
	for k, x := range src {
		if strings.TrimSpace(dst[k]) == "" && strings.TrimSpace(x) != "" {
			dst[k] = x
			filled = append(filled, k)
		}
	}
	return filled
}

// PersonGroup is the person a remembered field belongs to: "legal_rep"
// for the legal representative's fields (legal_rep_*), "contact" for the
// contact person's (contact_*), "" for the business itself.
func PersonGroup(key string) string {
	for _, g := range []string{"legal_rep", "contact"} {
		if strings.HasPrefix(key, g+"_") {
			return g
		}
	}
	return ""
}

// PrefillFromEarlier picks what an earlier application may fill into the
// form cur, never combining records of different enterprises or people:
// earlier holds each earlier application's values, newest first. The one
// record used is the newest of the same enterprise (same credit code, or
// same name when cur has no code yet; any record when cur names no
// enterprise). From it, a person's fields are taken only when cur does not
// name another person in that role (a legal representative found by the
// credit-code lookup keeps his own ID number and mobile empty rather than
// get someone else's). Only fields empty in cur are returned.
func PrefillFromEarlier(cur Values, earlier []Values) Values {
	code, name := NormalizeUSCC(cur["uscc"]), strings.TrimSpace(cur["entity_name"])
	var rec Values
	for _, r := range earlier {
		switch {
		case code != "":
			if NormalizeUSCC(r["uscc"]) != code {
				continue
			}
		case name != "":
			if strings.TrimSpace(r["entity_name"]) != name {
				continue
			}
		}
		rec = r
		break
	}
	out := Values{}
	if rec == nil {
		return out
	}
	samePerson := func(g string) bool {
		if g == "" {
			return true
		}
		have := strings.TrimSpace(cur[g+"_name"])
		return have == "" || have == strings.TrimSpace(rec[g+"_name"])
	}
	for k, v := range rec {
		if strings.TrimSpace(v) == "" || strings.TrimSpace(cur[k]) != "" || !samePerson(PersonGroup(k)) {
			continue
		}
		out[k] = v
	}
	return out
}

// RememberedKeys lists the fields worth pre-filling from the applicant's
// earlier applications (entity, legal representative, contact).
func RememberedKeys() []string {
	var out []string
	for _, f := range data.Fields {
		if f.Remember {
			out = append(out, f.Key)
		}
	}
	return out
}

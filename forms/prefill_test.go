package forms

import (
	"maps"
	"strings"
	"testing"
)

// TestPrefillFromEarlier: what an earlier application may fill, never
// combining records of different enterprises or people.
func TestPrefillFromEarlier(t *testing.T) {
	shopA := Values{"uscc": "92150525MA0R123448", "entity_name": "示例便利店", "registered_address": "示例街1号",
		"legal_rep_name": "张明", "legal_rep_id_number": "150525199001011237", "legal_rep_mobile": "13912345678",
		"contact_name": "王芳", "contact_phone": "13800000000"}
	shopB := Values{"uscc": "91150525MA0R200291", "entity_name": "示例超市有限公司", "legal_rep_name": "李华",
		"legal_rep_id_number": "11010519491231002X", "legal_rep_mobile": "13700000000"}
	for _, tc := range []struct {
		name    string
		cur     Values
		earlier []Values
		want    Values
	}{
		{"empty form takes the newest record whole", Values{}, []Values{shopB, shopA}, shopB},
		{"same credit code: that enterprise's record, not the newest", Values{"uscc": "92150525ma0r123448"},
			[]Values{shopB, shopA}, without(shopA, "uscc")},
		{"another enterprise's code: nothing", Values{"uscc": "92150525MA0R20045K"}, []Values{shopB, shopA}, Values{}},
		{"lookup found another legal representative: keep his ID and mobile empty",
			Values{"uscc": "92150525MA0R123448", "entity_name": "示例便利店", "legal_rep_name": "赵强"},
			[]Values{shopA}, Values{"registered_address": "示例街1号", "contact_name": "王芳", "contact_phone": "13800000000"}},
		{"same person: his details fill", Values{"uscc": "92150525MA0R123448", "legal_rep_name": "张明"},
			[]Values{shopA}, without(shopA, "uscc", "legal_rep_name")},
		{"typed values are never replaced", Values{"entity_name": "示例便利店", "contact_phone": "13600000000"},
			[]Values{shopA}, without(shopA, "entity_name", "contact_phone")},
		{"no earlier record", Values{}, nil, Values{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := PrefillFromEarlier(tc.cur, tc.earlier); !maps.Equal(got, tc.want) {
				t.Errorf("got %v\nwant %v", got, tc.want)
			}
		})
	}
}

func without(v Values, keys ...string) Values {
	out := v.Clone()
	for _, k := range keys {
		delete(out, k)
	}
	return out
}

// FuzzPrefillFromEarlier: the result fills only fields empty in cur, with
// the record's own values, and never gives one person's mobile to another.
func FuzzPrefillFromEarlier(f *testing.F) {
	f.Add("92150525MA0R123448", "张明", "92150525MA0R123448", "赵强", "13912345678")
	f.Fuzz(func(t *testing.T, curCode, curRep, recCode, recRep, recMobile string) {
		cur := Values{"uscc": curCode, "legal_rep_name": curRep}
		rec := Values{"uscc": recCode, "legal_rep_name": recRep, "legal_rep_mobile": recMobile, "entity_name": "店"}
		got := PrefillFromEarlier(cur, []Values{rec})
		for k, v := range got {
			if strings.TrimSpace(cur[k]) != "" {
				t.Fatalf("filled %s over %q", k, cur[k])
			}
			if rec[k] != v {
				t.Fatalf("%s = %q not from the record", k, v)
			}
		}
		if _, ok := got["legal_rep_mobile"]; ok && strings.TrimSpace(curRep) != "" &&
			strings.TrimSpace(curRep) != strings.TrimSpace(recRep) {
			t.Fatalf("mobile of %q given to %q", recRep, curRep)
		}
	})
}

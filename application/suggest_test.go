package application

import (
	"maps"
	"testing"

	"github.com/naiman-yiye/yiye/catalog"
	"github.com/naiman-yiye/yiye/forms"
)

func TestSuggest(t *testing.T) {
	cat := embedded(t)
	plan := func(industry string, answers map[string]string) *Plan {
		t.Helper()
		a := catalog.Answers{}
		for k, v := range answers {
			n, err := cat.NormalizeAnswer(k, v)
			if err != nil {
				t.Fatal(err)
			}
			a[k] = n
		}
		sel, err := cat.Match(catalog.Request{Industry: industry, Answers: a, All: true})
		if err != nil {
			t.Fatal(err)
		}
		p, err := NewPlan(sel, day)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	hotel := plan("hotel", map[string]string{"floor_area_m2": "600"})
	got := hotel.Suggest(forms.Values{"legal_rep_name": "赵强", "legal_rep_mobile": "13912345678",
		"registered_address": "示例东街12号", "entity_type": "enterprise"})
	want := map[string]string{"premises_area": "600", "xfjc_building_area": "600", "contact_name": "赵强",
		"contact_phone": "13912345678", "xfjc_safety_responsible": "赵强", "tzhy_security_head": "赵强",
		"ggws_venue_type": "lodging", "xfjc_use": "宾馆"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("hotel %s = %q, want %q", k, got[k], v)
		}
	}
	if _, ok := got["business_address"]; ok {
		t.Error("an enterprise's premises taken from its registered address")
	}
	for k := range got {
		if _, ok := hotel.Schema.Field(k); !ok {
			t.Errorf("suggested %s, which the hotel's form does not have", k)
		}
	}

	shop := plan("convenience-store", nil)
	got = shop.Suggest(forms.Values{"entity_type": "individual", "registered_address": "示例街1号"})
	if got["business_address"] != "示例街1号" {
		t.Errorf("individual business premises %q", got["business_address"])
	}
	if _, ok := got["premises_area"]; ok && got["premises_area"] == "" {
		t.Error("empty suggestion")
	}
	if maps.Equal(shop.Suggest(forms.Values{}), forms.Values{}) {
		t.Error("nothing suggested for a convenience store from its industry")
	}
}

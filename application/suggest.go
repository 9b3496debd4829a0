package application

import (
	"strings"

	"github.com/naiman-yiye/yiye/forms"
)

// The same fact is collected once (一次填报): the merged form is offered
// what the applicant already said — answers to the questionnaire — and
// what follows from the form's other fields. A suggestion fills a field
// only while it is empty or still holds the earlier suggestion; the
// applicant may change it.

// fromAnswer carries questionnaire answers into form fields.
var fromAnswer = map[string]string{
	"premises_area":      "floor_area_m2",
	"xfjc_building_area": "floor_area_m2",
	"cbls_online":        "online_books",
}

// fromField copies another field's value: the contact person is the legal
// representative, and so, in a small business, are the people named
// responsible for fire safety (the law makes the principal responsible:
// Fire Protection Law art. 16), food safety, hygiene and security.
var fromField = map[string]string{
	"contact_name":            "legal_rep_name",
	"contact_phone":           "legal_rep_mobile",
	"xfjc_safety_responsible": "legal_rep_name",
	"xfjc_safety_manager":     "legal_rep_name",
	"spjy_safety_manager":     "legal_rep_name",
	"ggws_hygiene_manager":    "legal_rep_name",
	"tzhy_security_head":      "legal_rep_name",
	"postal_address":          "business_address",
	"xfjc_building_area":      "premises_area", // the fire check asks the premises' area again
	"hpbg_location":           "business_address",
}

// venueByIndustry is the public place's category (场所类别) of an industry.
var venueByIndustry = map[string]string{
	"hotel": "lodging", "bathhouse": "bathing", "beauty-salon": "hair_beauty",
	"convenience-store": "shopping", "supermarket": "shopping", "maternity-baby": "shopping", "bookstore": "shopping",
}

// foodFormByIndustry is the food business's form (主体业态) of an industry.
var foodFormByIndustry = map[string]string{
	"convenience-store": "food_sales", "supermarket": "food_sales", "maternity-baby": "food_sales",
	"pharmacy": "food_sales", "bookstore": "food_sales", "fresh-food": "food_sales", "bakery": "food_sales",
	"restaurant": "catering", "small-catering": "catering", "cafe-teahouse": "catering", "bar": "catering",
}

// Suggest returns values for fields of the plan's form that follow from
// the questionnaire's answers and from values (the form as filled so far).
// Fields not in the form are left out; so are suggestions that would be
// empty.
func (p *Plan) Suggest(values forms.Values) forms.Values {
	out := forms.Values{}
	ind := p.Selection.Industry
	set := func(k, v string) {
		if _, ok := p.Schema.Field(k); ok && strings.TrimSpace(v) != "" {
			out[k] = v
		}
	}
	for k, q := range fromAnswer {
		set(k, p.Selection.Answers[q])
	}
	set("ggws_venue_type", venueByIndustry[ind.Code])
	if p.Selection.Answers["swimming_pool"] == forms.True && ind.Code == "gym" {
		set("ggws_venue_type", "swimming")
	}
	set("spjy_entity_form", foodFormByIndustry[ind.Code])
	set("xfjc_use", ind.Name)
	// Fields copied from fields that are themselves suggested (the postal
	// address from a business address taken from the registered one).
	v := values.Clone()
	if strings.TrimSpace(v["business_address"]) == "" && v["entity_type"] == "individual" {
		// An individual business (个体工商户) is registered at its premises.
		set("business_address", v["registered_address"])
		v["business_address"] = out["business_address"]
	}
	for k, from := range fromField {
		set(k, v[from])
	}
	return out
}

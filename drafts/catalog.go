package drafts

import (
	"slices"

	"github.com/naiman-yiye/yiye/catalog"
	"github.com/naiman-yiye/yiye/forms"
)

// appliesWhen links "only if it applies" materials to the form answer that
// says whether they apply.
var appliesWhen = map[string]*forms.Condition{
	"central_ac_report":    {Key: "ggws_central_ac", In: []string{forms.True}},
	"vending_machine_plan": {Key: "spjy_vending", In: []string{forms.True}},
}

// RequirementsFromNotice lists the materials of a notice the applicant must
// hand in: shared (共享免提交) and internal materials are left out, and so
// is the agent's authorisation, which Readiness asks for only when an agent
// files. Handling comes from the notice (a relief holds only when every item
// needing the material grants it).
func RequirementsFromNotice(n *catalog.Notice) []Requirement {
	var out []Requirement
	for _, m := range n.Materials {
		if m.ID == AgentLetterMaterial || slices.Contains(m.Handling, catalog.Shared) ||
			slices.Contains(m.Handling, catalog.Internal) {
			continue
		}
		out = append(out, Requirement{
			MaterialID: m.ID, NameZH: m.Name, NameEN: m.NameEN, Items: slices.Clone(m.Items),
			Optional:    slices.Contains(m.Handling, catalog.IfApplies),
			Deferrable:  slices.Contains(m.Handling, catalog.Deferrable),
			Pledgeable:  slices.Contains(m.Handling, catalog.Pledge),
			AppliesWhen: appliesWhen[m.ID],
		})
	}
	return out
}

// CatalogLimits returns a SetLimits function taking each material's file
// types and size limit from cat.
func CatalogLimits(cat *catalog.Catalog) func(materialID string) (Limits, bool) {
	return func(id string) (Limits, bool) {
		m := cat.Material(id)
		if m == nil {
			return Limits{}, false
		}
		return LimitsFor(m.FileTypes, m.MaxMB), true
	}
}

// Rematch matches the draft's industry and answers again under cat (a newer
// catalog) with the draft's manual additions and removals, and says how its
// items would change. Additions or removals the new catalog no longer
// allows for the industry are ignored rather than failing the comparison.
func Rematch(cat *catalog.Catalog, d *Draft) (ItemChanges, error) {
	ind, err := cat.Industry(d.Industry)
	if err != nil {
		return ItemChanges{}, err
	}
	keep := func(codes []string, onDemandOnly bool) []string {
		var out []string
		for _, c := range codes {
			if e := ind.Entry(c); e != nil && (!onDemandOnly || e.OnDemand) {
				out = append(out, c)
			}
		}
		return out
	}
	answers := catalog.Answers{}
	for k, v := range d.Answers {
		if cat.Question(k) == nil {
			continue // a question the new catalog no longer asks
		}
		if n, err := cat.NormalizeAnswer(k, v); err == nil {
			answers[k] = n
		}
	}
	add := keep(d.Added, false)
	drop := slices.DeleteFunc(keep(d.Dropped, true), func(c string) bool { return slices.Contains(add, c) })
	sel, err := cat.Match(catalog.Request{Industry: ind.Code, Answers: answers, Add: add, Drop: drop})
	if err != nil {
		return ItemChanges{}, err
	}
	var codes []string
	for _, s := range sel.Items {
		codes = append(codes, s.Item.Code)
	}
	return diffItems(d, cat.Version, codes), nil // Match already applied add and drop
}

// FormSchema builds the merged form for the draft's items with the item
// variants its industry uses under cat (e.g. the bookstore's hygiene
// filing instead of the licence).
func FormSchema(cat *catalog.Catalog, d *Draft) (*forms.Schema, error) {
	variants := map[string]string{}
	if ind, err := cat.Industry(d.Industry); err == nil {
		for _, code := range d.Items {
			if e := ind.Entry(code); e != nil && e.Variant != "" {
				variants[code] = e.Variant
			}
		}
	}
	return forms.BuildVariants(d.Items, variants)
}

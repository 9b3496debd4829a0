package application

import (
	"slices"

	"github.com/naiman-yiye/yiye/agent"
	"github.com/naiman-yiye/yiye/catalog"
	"github.com/naiman-yiye/yiye/drafts"
	"github.com/naiman-yiye/yiye/forms"
)

// NeedsFile reports whether the applicant hands a material in as a file:
// not one the departments share (共享免提交) or pass among themselves
// (内部流转).
func NeedsFile(m catalog.NoticeMaterial) bool {
	return !slices.Contains(m.Handling, catalog.Shared) && !slices.Contains(m.Handling, catalog.Internal)
}

// appliesWhen ties materials needed "only if it applies" to the form
// answer that says whether they apply.
var appliesWhen = map[string]forms.Condition{
	"central_ac_report":    {Key: "ggws_central_ac", In: []string{forms.True}},
	"vending_machine_plan": {Key: "spjy_vending", In: []string{forms.True}},
}

// Applies reports whether material id applies given the form values: a
// material tied to a form answer applies only when the answer says so.
func Applies(id string, v forms.Values) bool {
	c, ok := appliesWhen[id]
	return !ok || slices.Contains(c.In, v[c.Key])
}

// Uploads are the materials of the plan the applicant hands in as files
// given the form values so far, in notice order: materials that do not
// apply (the form says there is no central air conditioning) are left
// out, and so is the agent's authorisation letter, which belongs to
// assisted filing (see Readiness).
func (p *Plan) Uploads(v forms.Values) []catalog.NoticeMaterial {
	var out []catalog.NoticeMaterial
	for _, m := range p.Notice.Materials {
		if NeedsFile(m) && m.ID != agent.LetterMaterial && p.applies(m.ID, v) {
			out = append(out, m)
		}
	}
	return out
}

// NoFile are the plan's materials the applicant does not hand in
// (shared among departments or passed between them).
func (p *Plan) NoFile() []catalog.NoticeMaterial {
	var out []catalog.NoticeMaterial
	for _, m := range p.Notice.Materials {
		if !NeedsFile(m) {
			out = append(out, m)
		}
	}
	return out
}

// Promisable reports whether a material may be promised for later
// (容缺后补) or replaced by a signed pledge (告知承诺).
func Promisable(m catalog.NoticeMaterial) bool {
	return slices.Contains(m.Handling, catalog.Deferrable) || slices.Contains(m.Handling, catalog.Pledge)
}

// Limits are a material's accepted file types and size under cat (the
// drafts store's defaults when the catalog does not know it).
func Limits(cat *catalog.Catalog, materialID string) (drafts.Limits, bool) {
	m := cat.Material(materialID)
	if m == nil {
		return drafts.Limits{}, false
	}
	return drafts.LimitsFor(m.FileTypes, m.MaxMB), true
}

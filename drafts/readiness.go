package drafts

import (
	"errors"
	"slices"

	"github.com/naiman-yiye/yiye/forms"
	"github.com/naiman-yiye/yiye/usererr"
)

// Requirement is one material the notice asks for, as readiness needs it.
// It mirrors the catalog's notice material so this package does not depend
// on the catalog's types (see RequirementsFromNotice for the adapter).
type Requirement struct {
	MaterialID string
	NameZH     string
	NameEN     string
	Items      []string // item codes that need it
	// Optional materials are only needed in some situations (仅适用时) or
	// may be replaced by a pledge: listed, never blocking.
	Optional bool
	// Deferrable materials (容缺后补) may be promised for later; a promised
	// one does not block submission.
	Deferrable bool
	// Pledgeable materials (可告知承诺) may be replaced by the applicant's
	// pledge, recorded with Store.Promise like a deferral.
	Pledgeable bool
	// AppliesWhen ties an optional material to a form answer (e.g. the
	// central air-conditioning report to ggws_central_ac = true): when the
	// answer matches, the material is needed; otherwise it is not listed.
	AppliesWhen *forms.Condition
}

// MissingKind says what sort of thing is missing.
type MissingKind string

// Kinds of missing things.
const (
	MissingField    MissingKind = "field"    // a required field is empty
	InvalidField    MissingKind = "invalid"  // a field's value is wrong
	MissingMaterial MissingKind = "material" // no file for a required material
)

// Missing is one thing that still blocks (or, in Deferred, was put off).
type Missing struct {
	Kind    MissingKind
	Key     string // field key or material ID
	LabelZH string
	LabelEN string
	Reason  *usererr.Error // for invalid fields: what is wrong
}

// ItemReadiness lists what one item still lacks.
type ItemReadiness struct {
	Item     string
	NameZH   string
	Missing  []Missing // blocks submission
	Deferred []Missing // promised for later (容缺后补) or pledged: does not block
	Optional []Missing // needed only if it applies: does not block
}

// Ready reports whether nothing blocks the item.
func (r ItemReadiness) Ready() bool { return len(r.Missing) == 0 }

// Report is the readiness of a whole draft.
type Report struct {
	Items []ItemReadiness // in the schema's item order
	// Common lists what blocks every item, e.g. the agent's authorisation
	// letter when an agent files.
	Common []Missing
}

// Ready reports whether the draft can be submitted.
func (r Report) Ready() bool {
	if len(r.Common) > 0 {
		return false
	}
	for _, it := range r.Items {
		if !it.Ready() {
			return false
		}
	}
	return true
}

// MissingCount is the number of blocking entries (a field shared by several
// items counts once).
func (r Report) MissingCount() int {
	seen := map[string]bool{}
	for _, m := range r.Common {
		seen[string(m.Kind)+":"+m.Key] = true
	}
	for _, it := range r.Items {
		for _, m := range it.Missing {
			seen[string(m.Kind)+":"+m.Key] = true
		}
	}
	return len(seen)
}

// Readiness lists, per item of schema, the required fields still empty or
// wrong and the materials still without a file. Materials promised for
// later count as deferred when they are deferrable; a promise on a
// non-deferrable material is ignored.
func Readiness(d *Draft, schema *forms.Schema, reqs []Requirement) Report {
	errs := schema.Validate(d.Values)
	var rep Report
	for _, code := range schema.Items {
		ir := ItemReadiness{Item: code, NameZH: forms.ItemName(code)}
		for _, f := range schema.FieldsFor(code) {
			err, bad := errs[f.Key]
			if !bad {
				continue
			}
			m := Missing{Kind: InvalidField, Key: f.Key, LabelZH: f.LabelZH, LabelEN: f.LabelEN}
			var ue *usererr.Error
			if errors.As(err, &ue) {
				m.Reason = ue
				if ue.Code == "forms.required" {
					m.Kind = MissingField
				}
			}
			ir.Missing = append(ir.Missing, m)
		}
		for _, r := range reqs {
			if !slices.Contains(r.Items, code) || len(d.AttachmentsFor(r.MaterialID)) > 0 {
				continue
			}
			m := Missing{Kind: MissingMaterial, Key: r.MaterialID, LabelZH: r.NameZH, LabelEN: r.NameEN}
			optional := r.Optional
			if c := r.AppliesWhen; c != nil {
				if !slices.Contains(c.In, d.Values[c.Key]) {
					continue // the form says it does not apply
				}
				optional = false
			}
			switch {
			case (r.Deferrable || r.Pledgeable) && slices.Contains(d.Promised, r.MaterialID):
				ir.Deferred = append(ir.Deferred, m)
			case optional:
				ir.Optional = append(ir.Optional, m)
			default:
				ir.Missing = append(ir.Missing, m)
			}
		}
		rep.Items = append(rep.Items, ir)
	}
	if d.Agent != nil {
		if err := CheckAgent(*d.Agent); err != nil {
			var ue *usererr.Error
			errors.As(err, &ue)
			rep.Common = append(rep.Common, Missing{Kind: InvalidField, Key: "agent", LabelZH: "代理人信息",
				LabelEN: "Agent details", Reason: ue})
		}
		if len(d.AttachmentsFor(AgentLetterMaterial)) == 0 {
			rep.Common = append(rep.Common, Missing{Kind: MissingMaterial, Key: AgentLetterMaterial,
				LabelZH: "授权委托书", LabelEN: "Letter of authorisation"})
		}
	}
	return rep
}

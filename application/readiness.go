package application

import (
	"errors"
	"slices"
	"time"

	"github.com/naiman-yiye/yiye/agent"
	"github.com/naiman-yiye/yiye/catalog"
	"github.com/naiman-yiye/yiye/client/api"
	"github.com/naiman-yiye/yiye/drafts"
	"github.com/naiman-yiye/yiye/usererr"
)

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
	NameEN   string
	Missing  []Missing // blocks submission
	Deferred []Missing // promised for later (容缺后补) or pledged: does not block
	Optional []Missing // needed only if it applies: does not block
}

// Ready reports whether nothing blocks the item.
func (r ItemReadiness) Ready() bool { return len(r.Missing) == 0 }

// Report is the readiness of a whole draft.
type Report struct {
	Items []ItemReadiness // in the plan's item order
	// Common lists what blocks every item, e.g. the agent's authorisation
	// letter when an agent files.
	Common []Missing
	// Stale, when set, says the catalog now gives other items than the
	// draft was saved with: the applicant reviews them before submitting.
	Stale *ItemChanges
}

// Ready reports whether the draft can be submitted.
func (r Report) Ready() bool {
	if len(r.Common) > 0 || r.Stale != nil {
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

// Readiness lists, per item of the plan, the required fields still empty
// or wrong and the materials still without a file. A material promised
// for later counts as deferred when it may be deferred or pledged; a
// promise on any other material is ignored. An agent (委托办理) must be
// valid and needs the authorisation letter.
func (p *Plan) Readiness(d *drafts.Draft) Report {
	vals := p.Values(d)
	errs := p.Schema.Validate(vals)
	var rep Report
	if ch := changes(d, p); ch.Changed() {
		rep.Stale = &ch
	}
	for _, code := range p.Schema.Items {
		ir := ItemReadiness{Item: code, NameZH: code, NameEN: code}
		if it, err := p.Catalog.Item(code); err == nil {
			ir.NameZH, ir.NameEN = it.Name, it.NameEN
		}
		for _, f := range p.Schema.FieldsFor(code) {
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
		for _, nm := range p.Notice.Materials {
			if !NeedsFile(nm) || nm.ID == agent.LetterMaterial || !slices.Contains(nm.Items, code) ||
				len(d.AttachmentsFor(nm.ID)) > 0 {
				continue
			}
			m := Missing{Kind: MissingMaterial, Key: nm.ID, LabelZH: nm.Name, LabelEN: nm.NameEN}
			optional := slices.Contains(nm.Handling, catalog.IfApplies)
			if p.tied(nm.ID) {
				if !p.applies(nm.ID, vals) {
					continue // the form says it does not apply
				}
				optional = false
			}
			switch {
			case Promisable(nm) && slices.Contains(d.Promised, nm.ID):
				ir.Deferred = append(ir.Deferred, m)
			case optional:
				ir.Optional = append(ir.Optional, m)
			default:
				ir.Missing = append(ir.Missing, m)
			}
		}
		rep.Items = append(rep.Items, ir)
	}
	if p.Kind == api.KindChange && p.License != nil && len(ChangedOnLicense(*p.License, vals)) == 0 {
		rep.Common = append(rep.Common, Missing{Kind: InvalidField, Key: "change", LabelZH: "变更内容",
			LabelEN: "What changes", Reason: ErrNothingChanges})
	}
	if d.Agent != nil {
		if err := d.Agent.Check(time.Now()); err != nil {
			var ue *usererr.Error
			errors.As(err, &ue)
			rep.Common = append(rep.Common, Missing{Kind: InvalidField, Key: "agent", LabelZH: "代理人信息",
				LabelEN: "Agent details", Reason: ue})
		}
		if len(d.AttachmentsFor(agent.LetterMaterial)) == 0 {
			rep.Common = append(rep.Common, Missing{Kind: MissingMaterial, Key: agent.LetterMaterial,
				LabelZH: "授权委托书", LabelEN: "Letter of authorisation"})
		}
	}
	return rep
}

// changes is Changes of the draft against the plan's items.
func changes(d *drafts.Draft, p *Plan) ItemChanges { return Changes(d, p.Selection) }

// Completeness is how far a draft is, 0 to 1: the share of required form
// fields that are valid and of required files provided or promised.
func (p *Plan) Completeness(d *drafts.Draft) float64 {
	rep := p.Readiness(d)
	vals := p.Values(d)
	total, open := 0, map[string]bool{}
	for _, f := range p.Schema.Fields() {
		if f.Required && p.Schema.Applies(f.Key, vals) {
			total++
		}
	}
	for _, m := range p.Uploads(vals) {
		if !slices.Contains(m.Handling, catalog.IfApplies) || p.tied(m.ID) {
			total++
		}
	}
	for _, it := range rep.Items {
		for _, m := range it.Missing {
			open[string(m.Kind)+":"+m.Key] = true
		}
	}
	if total == 0 {
		return 1
	}
	done := total - len(open)
	if done < 0 {
		done = 0
	}
	return float64(done) / float64(total)
}

package application

import (
	"slices"
	"time"

	"github.com/naiman-yiye/yiye/catalog"
	"github.com/naiman-yiye/yiye/client/api"
	"github.com/naiman-yiye/yiye/drafts"
	"github.com/naiman-yiye/yiye/forms"
)

// Plan is what one catalog makes of an application: the items chosen, the
// consolidated notice for them and the merged form.
type Plan struct {
	Catalog   *catalog.Catalog
	Selection *catalog.Selection
	Notice    *catalog.Notice
	Schema    *forms.Schema

	// After issue (LifecyclePlan): the kind, the license concerned and the
	// catalog's procedure; nil and "" for a first application.
	Kind      string
	License   *api.License
	Procedure *catalog.Procedure
	// changeWhen ties a change's materials to what changes (name, ...).
	changeWhen map[string]string
}

// NewPlan builds the notice and the merged form for a selection; start is
// the day the notice counts working days from.
func NewPlan(sel *catalog.Selection, start time.Time) (*Plan, error) {
	sch, err := schemaFor(sel)
	if err != nil {
		return nil, err
	}
	return &Plan{Catalog: sel.Catalog, Selection: sel, Notice: sel.Catalog.Notice(sel, start), Schema: sch}, nil
}

// DraftPlan matches the draft again under cat (see Match) and builds its
// plan, counting from the day the draft was created. A draft after issue
// needs the license it concerns: LifecyclePlan.
func DraftPlan(cat *catalog.Catalog, d *drafts.Draft) (*Plan, error) {
	if IsLifecycle(d.Kind) {
		return nil, ErrNeedsLicense
	}
	sel, err := Match(cat, d)
	if err != nil {
		return nil, err
	}
	return NewPlan(sel, d.CreatedAt)
}

// Values are the draft's form values as the form shows them: what was
// typed, and for a field never touched its default (e.g. 证件类型 居民身份证),
// which counts as the applicant's answer everywhere: checks, what is sent,
// what is printed.
func (p *Plan) Values(d *drafts.Draft) forms.Values {
	v := p.Schema.Defaults()
	for k, x := range d.Values {
		v[k] = x
	}
	return v
}

// Items are the plan's item codes, in annex order.
func (p *Plan) Items() []string { return ItemCodes(p.Selection) }

// ItemCodes are the codes of a selection's items, in annex order.
func ItemCodes(sel *catalog.Selection) []string {
	codes := make([]string, 0, len(sel.Items))
	for _, it := range sel.Items {
		codes = append(codes, it.Item.Code)
	}
	return codes
}

// ItemName is an item's official name in the catalog (the code when the
// catalog does not know it).
func ItemName(cat *catalog.Catalog, code string) string {
	if it, err := cat.Item(code); err == nil {
		return it.Name
	}
	return code
}

// schemaFor is the merged form of a selection: every item's fields once,
// in the variant the industry uses (e.g. the bookstore's hygiene filing
// instead of the hygiene licence).
func schemaFor(sel *catalog.Selection) (*forms.Schema, error) {
	variants := map[string]string{}
	for _, s := range sel.Items {
		if s.Entry != nil && s.Entry.Variant != "" {
			variants[s.Item.Code] = s.Entry.Variant
		}
	}
	return forms.BuildVariants(ItemCodes(sel), variants)
}

// Match matches a draft's industry and answers under cat with the
// draft's manual additions and removals (a draft after issue: exactly its
// items, see ExactSelection). It is tolerant of a catalog newer
// than the draft: answers to questions the catalog no longer asks, and
// additions or removals it no longer allows for the industry, are left out
// rather than failing.
func Match(cat *catalog.Catalog, d *drafts.Draft) (*catalog.Selection, error) {
	if IsLifecycle(d.Kind) {
		// A procedure on an issued license covers the items it was started
		// with, whatever the answers would now add.
		return ExactSelection(cat, d.Industry, d.Items, d.Answers)
	}
	ind, err := cat.Industry(d.Industry)
	if err != nil {
		return nil, err
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
			continue
		}
		if n, err := cat.NormalizeAnswer(k, v); err == nil {
			answers[k] = n
		}
	}
	add := keep(d.Added, false)
	drop := slices.DeleteFunc(keep(d.Dropped, true), func(c string) bool { return slices.Contains(add, c) })
	return cat.Match(catalog.Request{Industry: ind.Code, Answers: answers, Add: add, Drop: drop})
}

// ItemChanges is how a catalog's match differs from the items a draft was
// saved with.
type ItemChanges struct {
	FromVersion int
	ToVersion   int
	Added       []string // items the catalog now gives
	Removed     []string // items it no longer gives
}

// Changed reports whether the items differ.
func (c ItemChanges) Changed() bool { return len(c.Added) > 0 || len(c.Removed) > 0 }

// Changes compares the draft's saved items with a match of it (under a
// newer catalog, say).
func Changes(d *drafts.Draft, sel *catalog.Selection) ItemChanges {
	next := ItemCodes(sel)
	c := ItemChanges{FromVersion: d.CatalogVersion, ToVersion: sel.Catalog.Version}
	for _, x := range next {
		if !slices.Contains(d.Items, x) {
			c.Added = append(c.Added, x)
		}
	}
	for _, x := range d.Items {
		if !slices.Contains(next, x) {
			c.Removed = append(c.Removed, x)
		}
	}
	return c
}

// Rematch is Changes of the draft under cat.
func Rematch(cat *catalog.Catalog, d *drafts.Draft) (ItemChanges, error) {
	sel, err := Match(cat, d)
	if err != nil {
		return ItemChanges{}, err
	}
	return Changes(d, sel), nil
}

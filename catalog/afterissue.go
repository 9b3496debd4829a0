package catalog

import (
	"fmt"
	"slices"
)

// Procedures on an issued comprehensive license (一码联动, the plan's
// section 二（七）). The values are the application kinds of the portal
// contract (client/openapi.yaml, ApplicationRequest.kind).
const (
	ProcAddItems     = "add_items"    // 换发: an item refused before, or newly needed, is added
	ProcChange       = "change"       // 变更: the name, legal representative or premises printed on it change
	ProcUpdate       = "update"       // other details change: the QR is updated, the license kept
	ProcRenewal      = "renewal"      // 延续: items with a validity are renewed
	ProcCancellation = "cancellation" // 注销: the holder closes the business
)

// ProcedureKinds lists the procedures in the order the app offers them.
func ProcedureKinds() []string {
	return []string{ProcAddItems, ProcChange, ProcUpdate, ProcRenewal, ProcCancellation}
}

// What a change (ProcChange) changes on the certificate.
const (
	ChangeName     = "name"      // 名称
	ChangeLegalRep = "legal_rep" // 法定代表人（负责人）
	ChangePremises = "premises"  // 经营场所
)

// ChangeKinds lists what a change may change, in certificate order.
func ChangeKinds() []string { return []string{ChangeName, ChangeLegalRep, ChangePremises} }

// AfterIssue is what the catalog says of a license's life after issue.
type AfterIssue struct {
	Procedures []*Procedure `json:"procedures"`
	// Void says what happens when an item certificate ends (注销, 撤销,
	// 吊销, 失效) and what to do next.
	Void Note `json:"void"`
}

// Procedure is one procedure on an issued license: what happens, what the
// applicant gets, how long it takes where the items' own limits do not
// say, what to hand in, and remarks for some items or changes.
type Procedure struct {
	Kind      string              `json:"kind"` // ProcAddItems, ...
	Name      Text                `json:"name"`
	What      Note                `json:"what"`   // what happens, in plain words
	Result    Note                `json:"result"` // what the applicant has in the end
	Time      Note                `json:"time"`   // how long it takes
	Materials []ProcedureMaterial `json:"materials"`
	Notes     []ProcedureNote     `json:"notes"`
}

// ProcedureMaterial is a material a procedure asks for.
type ProcedureMaterial struct {
	Material string     `json:"material"`       // Material.ID
	When     string     `json:"when,omitempty"` // change only: asked when this changes (ChangeName, ...)
	Handling []Handling `json:"handling"`       // as for items; empty = required
	Note     Note       `json:"note"`
}

// ProcedureNote is a remark that applies to every application of the
// procedure, or only when the license has Item, or only when When changes.
type ProcedureNote struct {
	Item string `json:"item,omitempty"`
	When string `json:"when,omitempty"`
	Note Note   `json:"note"`
}

// Help is where applicants get answers (一线应答): the hotline and the hall.
type Help struct {
	Hotline Note `json:"hotline"` // 12345 and its desk for starting a business
	Hall    Note `json:"hall"`    // the service hall's window and its hours
}

// Procedure returns the procedure of a kind, or nil (also when the
// catalog says nothing of procedures after issue).
func (c *Catalog) Procedure(kind string) *Procedure {
	if c.AfterIssue == nil {
		return nil
	}
	for _, p := range c.AfterIssue.Procedures {
		if p.Kind == kind {
			return p
		}
	}
	return nil
}

// NotesFor are the procedure's remarks for a license with these items
// and, for a change, these changes.
func (p *Procedure) NotesFor(items, changes []string) []Note {
	var out []Note
	for _, n := range p.Notes {
		if n.Item != "" && !slices.Contains(items, n.Item) || n.When != "" && !slices.Contains(changes, n.When) {
			continue
		}
		out = append(out, n.Note)
	}
	return out
}

func (c *Catalog) validateAfterIssue(items map[string]*Item, materials map[string]*Material) error {
	if h := c.Help; h != nil {
		if err := checkNotes("help", []Note{h.Hotline, h.Hall}); err != nil {
			return err
		}
		if h.Hotline.ZH == "" || h.Hall.ZH == "" {
			return fmt.Errorf("help: hotline and hall are required")
		}
	}
	a := c.AfterIssue
	if a == nil {
		return nil
	}
	if err := checkNotes("after_issue.void", []Note{a.Void}); err != nil {
		return err
	}
	if a.Void.ZH == "" {
		return fmt.Errorf("after_issue: void is required")
	}
	seen := map[string]bool{}
	for _, p := range a.Procedures {
		w := "procedure " + p.Kind
		if !slices.Contains(ProcedureKinds(), p.Kind) || seen[p.Kind] {
			return fmt.Errorf("%s: unknown or duplicate kind", w)
		}
		seen[p.Kind] = true
		if p.Name.ZH == "" || p.Name.EN == "" || p.What.ZH == "" || p.Result.ZH == "" || p.Time.ZH == "" {
			return fmt.Errorf("%s: name, what, result and time are required", w)
		}
		if err := checkNotes(w, []Note{p.What, p.Result, p.Time}); err != nil {
			return err
		}
		for _, m := range p.Materials {
			if materials[m.Material] == nil {
				return fmt.Errorf("%s: unknown material %q", w, m.Material)
			}
			if m.When != "" && (p.Kind != ProcChange || !slices.Contains(ChangeKinds(), m.When)) {
				return fmt.Errorf("%s: material %s: bad when %q", w, m.Material, m.When)
			}
			for _, h := range m.Handling {
				if _, ok := HandlingLabels[h]; !ok {
					return fmt.Errorf("%s: material %s: unknown handling %q", w, m.Material, h)
				}
			}
			if m.Note != (Note{}) {
				if err := checkNotes(w+" material "+m.Material, []Note{m.Note}); err != nil {
					return err
				}
			}
		}
		for _, n := range p.Notes {
			if n.Item != "" && items[n.Item] == nil {
				return fmt.Errorf("%s: note for unknown item %q", w, n.Item)
			}
			if n.When != "" && (p.Kind != ProcChange || !slices.Contains(ChangeKinds(), n.When)) {
				return fmt.Errorf("%s: note with bad when %q", w, n.When)
			}
			if err := checkNotes(w, []Note{n.Note}); err != nil {
				return err
			}
		}
	}
	if len(seen) != len(ProcedureKinds()) {
		return fmt.Errorf("after_issue: every procedure (%v) is required", ProcedureKinds())
	}
	return nil
}

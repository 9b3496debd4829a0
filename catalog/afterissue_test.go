package catalog

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// TestAfterIssueData: the embedded catalog says, for every procedure on
// an issued license, what happens, the result and the time, and carries
// the hotline and the hall as facts.
func TestAfterIssueData(t *testing.T) {
	c := mustEmbedded(t)
	if c.Help == nil || !strings.Contains(c.Help.Hotline.ZH, "12345") || c.Help.Hotline.Reliability != Verified {
		t.Fatalf("hotline: %+v", c.Help)
	}
	if !c.Help.Hall.Reliability.Uncertain() || !strings.Contains(c.Help.Hall.Plain(), LocalGuideZH) {
		t.Errorf("the hall's hours are not in the facts and must say so: %+v", c.Help.Hall)
	}
	for _, kind := range ProcedureKinds() {
		t.Run(kind, func(t *testing.T) {
			p := c.Procedure(kind)
			if p == nil {
				t.Fatal("missing")
			}
			if p.Name.ZH == "" || p.Name.EN == "" || p.What.ZH == "" || p.Result.ZH == "" || p.Time.ZH == "" {
				t.Errorf("incomplete: %+v", p)
			}
			if !slices.ContainsFunc(p.Materials, func(m ProcedureMaterial) bool { return m.Material == "application_form" }) {
				t.Error("no application form")
			}
		})
	}
	if c.Procedure("nonsense") != nil {
		t.Error("an unknown procedure was found")
	}
}

func TestProcedureNotesFor(t *testing.T) {
	p := mustEmbedded(t).Procedure(ProcChange)
	for _, tc := range []struct {
		name           string
		items, changes []string
		want, not      string
	}{
		{"fire check on the license", []string{"SPJY", "XFJC"}, []string{ChangeName}, "重新申请消防安全检查", "新场所"},
		{"no fire check", []string{"SPJY", "GGWS"}, []string{ChangeName}, "设施布局", "消防"},
		{"premises", []string{"GGWS", "YCLS"}, []string{ChangePremises}, "新场所", "消防"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var all []string
			for _, n := range p.NotesFor(tc.items, tc.changes) {
				all = append(all, n.ZH)
			}
			s := strings.Join(all, "\n")
			if !strings.Contains(s, tc.want) || strings.Contains(s, tc.not) {
				t.Errorf("notes %q: want %q, not %q", s, tc.want, tc.not)
			}
		})
	}
}

// TestAfterIssueValidation: a document with a broken procedure is refused.
func TestAfterIssueValidation(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(doc map[string]any)
	}{
		{"unknown kind", func(d map[string]any) { procs(d)[0].(map[string]any)["kind"] = "merge" }},
		{"duplicate kind", func(d map[string]any) { procs(d)[1].(map[string]any)["kind"] = ProcAddItems }},
		{"missing procedure", func(d map[string]any) {
			ai := d["after_issue"].(map[string]any)
			ai["procedures"] = procs(d)[1:]
		}},
		{"unknown material", func(d map[string]any) {
			ms := procs(d)[0].(map[string]any)["materials"].([]any)
			ms[0].(map[string]any)["material"] = "nothing"
		}},
		{"when outside a change", func(d map[string]any) {
			ms := procs(d)[0].(map[string]any)["materials"].([]any)
			ms[0].(map[string]any)["when"] = ChangeName
		}},
		{"note for an unknown item", func(d map[string]any) {
			p := procs(d)[1].(map[string]any)
			p["notes"] = append(p["notes"].([]any), map[string]any{"item": "ZZZZ", "note": map[string]any{"zh": "x"}})
		}},
		{"no time", func(d map[string]any) { procs(d)[0].(map[string]any)["time"] = map[string]any{"zh": ""} }},
		{"bad reliability", func(d map[string]any) {
			procs(d)[0].(map[string]any)["what"].(map[string]any)["reliability"] = "sure"
		}},
		{"no void note", func(d map[string]any) { d["after_issue"].(map[string]any)["void"] = map[string]any{"zh": ""} }},
		{"no hotline", func(d map[string]any) { d["help"].(map[string]any)["hotline"] = map[string]any{"zh": ""} }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var doc map[string]any
			if err := json.Unmarshal(EmbeddedDocument(), &doc); err != nil {
				t.Fatal(err)
			}
			tc.edit(doc)
			b, _ := json.Marshal(doc)
			if _, err := Parse(b); err == nil {
				t.Fatal("accepted")
			}
		})
	}
	// Without the section the catalog still parses (an older document).
	var doc map[string]any
	json.Unmarshal(EmbeddedDocument(), &doc)
	delete(doc, "after_issue")
	delete(doc, "help")
	b, _ := json.Marshal(doc)
	c, err := Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	if c.Procedure(ProcRenewal) != nil {
		t.Error("procedure without data")
	}
}

func procs(d map[string]any) []any {
	return d["after_issue"].(map[string]any)["procedures"].([]any)
}

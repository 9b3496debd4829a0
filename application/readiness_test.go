package application

import (
	"slices"
	"testing"
	"time"

	"github.com/naiman-yiye/yiye/agent"
	"github.com/naiman-yiye/yiye/catalog"
	"github.com/naiman-yiye/yiye/drafts"
	"github.com/naiman-yiye/yiye/forms"
)

var day = time.Date(2026, 11, 24, 10, 0, 0, 0, time.Local)

func embedded(t testing.TB) *catalog.Catalog {
	t.Helper()
	cat, err := catalog.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

// salonValues completes the beauty salon's form (GGWS only).
func salonValues() forms.Values {
	return forms.Values{
		"entity_name": "奈曼旗示例美发店", "uscc": "92150525MA0R123448", "entity_type": "individual",
		"registered_address": "奈曼旗大沁他拉镇示例街 2 号", "business_address": "奈曼旗大沁他拉镇示例街 2 号",
		"legal_rep_name": "张三", "legal_rep_id_number": "150525199001011237", "legal_rep_mobile": "13912345678",
		"contact_name": "张三", "contact_phone": "13912345678", "premises_area": "60", "premises_floor": "1 层",
		"premises_tenure": "own", "delivery_method": "e_license", "applicant_pledge": "true",
		"ggws_venue_type": "hair_beauty", "ggws_hygiene_manager": "张三", "ggws_central_ac": "false",
		"ggws_health_cert_count": "3", "ggws_procedure": "standard",
	}
}

func keys(ms []Missing) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Key)
	}
	return out
}

func attach(d *drafts.Draft, ids ...string) {
	for _, id := range ids {
		d.Attachments = append(d.Attachments, drafts.Attachment{ID: "a-" + id, MaterialID: id, MIME: "application/pdf"})
	}
}

func salonDraft(t *testing.T) (*Plan, *drafts.Draft) {
	cat := embedded(t)
	d := &drafts.Draft{ID: "d1", Industry: "beauty-salon", CatalogVersion: cat.Version, Items: []string{"GGWS"},
		Values: forms.Values{}, CreatedAt: day}
	p, err := DraftPlan(cat, d)
	if err != nil {
		t.Fatal(err)
	}
	return p, d
}

func TestReadiness(t *testing.T) {
	p, d := salonDraft(t)
	rep := p.Readiness(d)
	if rep.Ready() || len(rep.Items) != 1 || rep.Items[0].Item != "GGWS" || rep.Items[0].NameZH != "公共场所卫生许可" {
		t.Fatalf("empty draft: %+v", rep)
	}
	miss := keys(rep.Items[0].Missing)
	for _, want := range []string{"entity_name", "ggws_venue_type", "application_form", "site_plans", "hygiene_test_report", "hygiene_rules"} {
		if !slices.Contains(miss, want) {
			t.Errorf("missing list %v lacks %s", miss, want)
		}
	}
	for _, never := range []string{"business_license", "legal_rep_id", agent.LetterMaterial, "central_ac_report"} {
		if slices.Contains(miss, never) || slices.Contains(keys(rep.Items[0].Optional), never) {
			t.Errorf("%s asked for (shared, agent-only, or not applicable yet)", never)
		}
	}

	t.Run("promises", func(t *testing.T) {
		_, d := salonDraft(t)
		d.Values = salonValues()
		// site_plans may not be deferred: its promise is ignored.
		d.Promised = []string{"hygiene_test_report", "health_certificates", "hygiene_rules", "site_plans"}
		rep := p.Readiness(d)
		if got := keys(rep.Items[0].Missing); !slices.Equal(got, []string{"application_form", "site_plans"}) {
			t.Errorf("missing %v, want application_form and site_plans", got)
		}
		if got := keys(rep.Items[0].Deferred); !slices.Equal(got, []string{"health_certificates", "hygiene_test_report", "hygiene_rules"}) {
			t.Errorf("deferred %v", got)
		}
		attach(d, "application_form", "site_plans")
		if rep := p.Readiness(d); !rep.Ready() || rep.MissingCount() != 0 {
			t.Errorf("complete draft not ready: %+v", rep.Items[0].Missing)
		}
		if c := p.Completeness(d); c != 1 {
			t.Errorf("completeness of a ready draft %v", c)
		}
	})

	t.Run("central AC answered yes needs its report", func(t *testing.T) {
		_, d := salonDraft(t)
		d.Values = salonValues()
		d.Values["ggws_central_ac"] = forms.True
		d.Promised = []string{"hygiene_test_report", "health_certificates", "hygiene_rules"}
		attach(d, "application_form", "site_plans")
		if rep := p.Readiness(d); rep.Ready() || !slices.Equal(keys(rep.Items[0].Missing), []string{"central_ac_report"}) {
			t.Errorf("central AC: %+v", rep.Items[0].Missing)
		}
		if !slices.ContainsFunc(p.Uploads(d.Values), func(m catalog.NoticeMaterial) bool { return m.ID == "central_ac_report" }) {
			t.Error("no upload slot for the central AC report")
		}
		d.Values["ggws_central_ac"] = forms.False
		if slices.ContainsFunc(p.Uploads(d.Values), func(m catalog.NoticeMaterial) bool { return m.ID == "central_ac_report" }) {
			t.Error("upload slot for a central AC report the applicant said they do not have")
		}
	})

	t.Run("invalid value blocks with its reason", func(t *testing.T) {
		_, d := salonDraft(t)
		d.Values = salonValues()
		d.Values["legal_rep_mobile"] = "1391234567"
		rep := p.Readiness(d)
		var got *Missing
		for i, m := range rep.Items[0].Missing {
			if m.Key == "legal_rep_mobile" {
				got = &rep.Items[0].Missing[i]
			}
		}
		if got == nil || got.Kind != InvalidField || got.Reason.Code != "forms.mobile.length" {
			t.Errorf("invalid mobile: %+v", rep.Items[0].Missing)
		}
	})

	t.Run("agent needs a valid record and the letter", func(t *testing.T) {
		_, d := salonDraft(t)
		d.Values = salonValues()
		d.Promised = []string{"hygiene_test_report", "health_certificates", "hygiene_rules"}
		attach(d, "application_form", "site_plans")
		d.Agent = &agent.Record{Name: "代办员", IDNumber: "11010519491231002X"}
		rep := p.Readiness(d)
		if rep.Ready() || !slices.Equal(keys(rep.Common), []string{"agent", agent.LetterMaterial}) {
			t.Errorf("incomplete agent without letter: %+v", rep.Common)
		}
		d.Agent.Principal, d.Agent.Scope = "奈曼旗示例美发店", "代为提交申请"
		attach(d, agent.LetterMaterial)
		if rep := p.Readiness(d); !rep.Ready() {
			t.Errorf("agent with letter: %+v", rep.Common)
		}
	})
}

// TestSchemaIsTheSubmissionsSchema: the merged form a screen shows for a
// questionnaire's selection and the one the submission is checked against
// are one and the same, variants included (the bookstore's hygiene
// filing asks no licence procedure).
func TestSchemaIsTheSubmissionsSchema(t *testing.T) {
	cat := embedded(t)
	for _, ind := range cat.Industries {
		t.Run(ind.Code, func(t *testing.T) {
			sel, err := cat.Match(catalog.Request{Industry: ind.Code, All: true})
			if err != nil {
				t.Fatal(err)
			}
			onScreen, err := NewPlan(sel, day)
			if err != nil {
				t.Fatal(err)
			}
			d := &drafts.Draft{Industry: ind.Code, Items: onScreen.Items(), Added: onScreen.Items(), CreatedAt: day}
			submitted, err := DraftPlan(cat, d)
			if err != nil {
				t.Fatal(err)
			}
			a, b := requiredKeys(onScreen), requiredKeys(submitted)
			if !slices.Equal(a, b) {
				t.Errorf("screen requires %v, submission %v", a, b)
			}
		})
	}
	book, err := cat.Match(catalog.Request{Industry: "bookstore"})
	if err != nil {
		t.Fatal(err)
	}
	p, _ := NewPlan(book, day)
	if _, ok := p.Schema.Field("ggws_procedure"); ok {
		t.Error("bookstore hygiene filing asks for the licence procedure")
	}
	salon, _ := cat.Match(catalog.Request{Industry: "beauty-salon"})
	p, _ = NewPlan(salon, day)
	if _, ok := p.Schema.Field("ggws_procedure"); !ok {
		t.Error("salon licence lost its procedure field")
	}
}

func requiredKeys(p *Plan) []string {
	var out []string
	for _, f := range p.Schema.Fields() {
		if f.Required {
			out = append(out, f.Key)
		}
	}
	slices.Sort(out)
	return out
}

func TestRematch(t *testing.T) {
	cat := embedded(t)
	sel, err := cat.Match(catalog.Request{Industry: "hotel", Add: []string{"SPJY"}})
	if err != nil {
		t.Fatal(err)
	}
	items := ItemCodes(sel)
	d := &drafts.Draft{Industry: "hotel", CatalogVersion: cat.Version - 1, Added: []string{"SPJY"}, Items: items}
	c, err := Rematch(cat, d)
	if err != nil {
		t.Fatal(err)
	}
	if c.Changed() || c.ToVersion != cat.Version {
		t.Errorf("unchanged catalog reported %+v", c)
	}
	// A draft whose items predate a change (here: lacking a mandatory item,
	// and holding one the industry does not have) is told what changes,
	// and is not ready until the applicant accepts them.
	d.Items = append(slices.DeleteFunc(slices.Clone(items), func(s string) bool { return s == "TZHY" }), "CBLS")
	d.Added = []string{"SPJY", "CBLS"} // CBLS is not a hotel item: ignored
	d.Answers = map[string]string{"no_such_question": "x"}
	c, err = Rematch(cat, d)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(c.Added, []string{"TZHY"}) || !slices.Equal(c.Removed, []string{"CBLS"}) {
		t.Errorf("changes %+v", c)
	}
	p, err := DraftPlan(cat, d)
	if err != nil {
		t.Fatal(err)
	}
	if rep := p.Readiness(d); rep.Stale == nil || rep.Ready() {
		t.Errorf("stale draft: %+v", rep.Stale)
	}
	if _, err := Rematch(cat, &drafts.Draft{Industry: "spaceport"}); err == nil {
		t.Error("unknown industry accepted")
	}
}

// TestDefaultsCount: a field left at its default (证件类型: 居民身份证) is the
// applicant's answer: sent, printed and checked as such.
func TestDefaultsCount(t *testing.T) {
	p, d := salonDraft(t)
	d.Values = salonValues()
	delete(d.Values, "legal_rep_id_type")
	if def := p.Schema.Defaults()["legal_rep_id_type"]; def != "resident_id" {
		t.Fatalf("default %q", def)
	}
	if got := p.Submission(d).Request.Form["legal_rep_id_type"]; got != "resident_id" {
		t.Errorf("sent %v", got)
	}
	found := false
	for _, sec := range p.ApplicationForm(d, day).Sections {
		for _, r := range sec.Rows {
			if r.Label == "证件类型" && r.Value == "居民身份证" {
				found = true
			}
		}
	}
	if !found {
		t.Error("printed form leaves 证件类型 empty")
	}
}

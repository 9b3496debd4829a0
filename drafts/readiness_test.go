package drafts

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/naiman-yiye/yiye/catalog"
	"github.com/naiman-yiye/yiye/forms"
)

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

func TestReadinessWithRealNotice(t *testing.T) {
	ctx := context.Background()
	cat, err := catalog.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	sel, err := cat.Match(catalog.Request{Industry: "beauty-salon"})
	if err != nil {
		t.Fatal(err)
	}
	notice := cat.Notice(sel, time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC))
	reqs := RequirementsFromNotice(notice)
	for _, r := range reqs {
		if r.MaterialID == "business_license" || r.MaterialID == "legal_rep_id" || r.MaterialID == AgentLetterMaterial {
			t.Errorf("shared or agent material %s required", r.MaterialID)
		}
	}
	schema, err := forms.Build([]string{"GGWS"})
	if err != nil {
		t.Fatal(err)
	}
	s, done := openStore(t, t.TempDir())
	defer done()
	s.SetLimits(CatalogLimits(cat))
	d, _ := s.Create(ctx, New{Industry: "beauty-salon", CatalogVersion: cat.Version, Items: []string{"GGWS"}})

	rep := Readiness(d, schema, reqs)
	if rep.Ready() || len(rep.Items) != 1 || rep.Items[0].Item != "GGWS" {
		t.Fatalf("empty draft: %+v", rep)
	}
	miss := keys(rep.Items[0].Missing)
	for _, want := range []string{"entity_name", "ggws_venue_type", "application_form", "site_plans", "hygiene_test_report", "hygiene_rules"} {
		if !slices.Contains(miss, want) {
			t.Errorf("missing list %v lacks %s", miss, want)
		}
	}
	if slices.Contains(miss, "central_ac_report") || slices.Contains(keys(rep.Items[0].Optional), "central_ac_report") {
		t.Error("central AC report listed before the form says there is one")
	}

	// Fill the form; promise the deferrable and pledgeable materials, and
	// (ignored) a material that may not be deferred.
	if err := s.SetValues(ctx, d.ID, salonValues()); err != nil {
		t.Fatal(err)
	}
	for _, m := range []string{"hygiene_test_report", "health_certificates", "hygiene_rules", "site_plans"} {
		if err := s.Promise(ctx, d.ID, m, true); err != nil {
			t.Fatal(err)
		}
	}
	d, _ = s.Get(ctx, d.ID)
	rep = Readiness(d, schema, reqs)
	if got := keys(rep.Items[0].Missing); !slices.Equal(got, []string{"application_form", "site_plans"}) {
		t.Errorf("missing %v, want application_form and site_plans (site plans cannot be deferred)", got)
	}
	if got := keys(rep.Items[0].Deferred); !slices.Equal(got, []string{"health_certificates", "hygiene_test_report", "hygiene_rules"}) {
		t.Errorf("deferred %v", got)
	}

	// Attach the two files: ready. Application form accepts PDF only.
	src := t.TempDir()
	if _, err := s.AddAttachment(ctx, d.ID, "application_form", writeFile(t, src, "form.png", encodePNG(t, testImage(8, 8)))); errCode(err) != "drafts.attach.type" {
		t.Errorf("catalog limits not applied: %v", err)
	}
	for _, m := range []string{"application_form", "site_plans"} {
		if _, err := s.AddAttachment(ctx, d.ID, m, writeFile(t, src, m+".pdf", minimalPDF(1))); err != nil {
			t.Fatal(err)
		}
	}
	d, _ = s.Get(ctx, d.ID)
	if rep = Readiness(d, schema, reqs); !rep.Ready() || rep.MissingCount() != 0 {
		t.Errorf("complete draft not ready: %+v", rep.Items[0].Missing)
	}

	// Saying there is a central AC system makes its report needed.
	s.SetValues(ctx, d.ID, forms.Values{"ggws_central_ac": "true"})
	d, _ = s.Get(ctx, d.ID)
	if rep = Readiness(d, schema, reqs); rep.Ready() || !slices.Equal(keys(rep.Items[0].Missing), []string{"central_ac_report"}) {
		t.Errorf("central AC: %+v", rep.Items[0].Missing)
	}
	s.SetValues(ctx, d.ID, forms.Values{"ggws_central_ac": "false"})

	// An invalid value blocks with its reason.
	s.SetValues(ctx, d.ID, forms.Values{"legal_rep_mobile": "1391234567"})
	d, _ = s.Get(ctx, d.ID)
	rep = Readiness(d, schema, reqs)
	if len(rep.Items[0].Missing) != 1 || rep.Items[0].Missing[0].Kind != InvalidField || rep.Items[0].Missing[0].Reason.Code != "forms.mobile.length" {
		t.Errorf("invalid mobile: %+v", rep.Items[0].Missing)
	}
	s.SetValues(ctx, d.ID, forms.Values{"legal_rep_mobile": "13912345678"})

	// An agent needs the authorisation letter.
	if err := s.SetAgent(ctx, d.ID, &Agent{Name: "代办员", IDNumber: "11010519491231002X"}); err != nil {
		t.Fatal(err)
	}
	d, _ = s.Get(ctx, d.ID)
	rep = Readiness(d, schema, reqs)
	if rep.Ready() || !slices.Equal(keys(rep.Common), []string{AgentLetterMaterial}) {
		t.Errorf("agent without letter: %+v", rep.Common)
	}
	if _, err := s.AddAttachment(ctx, d.ID, AgentLetterMaterial, writeFile(t, src, "委托书.jpg", encodeJPEG(t, testImage(50, 70)))); err != nil {
		t.Fatal(err)
	}
	d, _ = s.Get(ctx, d.ID)
	if rep = Readiness(d, schema, reqs); !rep.Ready() {
		t.Errorf("agent with letter: %+v %+v", rep.Common, rep.Items[0].Missing)
	}
}

func TestFormSchemaUsesIndustryVariants(t *testing.T) {
	cat, err := catalog.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	book, err := FormSchema(cat, &Draft{Industry: "bookstore", Items: []string{"CBLS", "GGWS"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := book.Field("ggws_procedure"); ok {
		t.Error("bookstore hygiene filing asks for the licence procedure")
	}
	salon, _ := FormSchema(cat, &Draft{Industry: "beauty-salon", Items: []string{"GGWS"}})
	if _, ok := salon.Field("ggws_procedure"); !ok {
		t.Error("salon licence lost its procedure field")
	}
}

func TestRematch(t *testing.T) {
	cat, err := catalog.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	sel, err := cat.Match(catalog.Request{Industry: "hotel", Add: []string{"SPJY"}})
	if err != nil {
		t.Fatal(err)
	}
	var items []string
	for _, s := range sel.Items {
		items = append(items, s.Item.Code)
	}
	d := &Draft{Industry: "hotel", CatalogVersion: cat.Version - 1, Added: []string{"SPJY"}, Items: items}
	c, err := Rematch(cat, d)
	if err != nil {
		t.Fatal(err)
	}
	if c.Changed() || c.ToVersion != cat.Version {
		t.Errorf("unchanged catalog reported %+v", c)
	}
	// A draft whose items predate a change (here: lacking a mandatory item,
	// and holding one the industry does not have) is told what changes.
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
	if _, err := Rematch(cat, &Draft{Industry: "spaceport"}); err == nil {
		t.Error("unknown industry accepted")
	}
}

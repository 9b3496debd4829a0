package forms

import (
	"errors"
	"github.com/naiman-yiye/yiye/catalog"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/naiman-yiye/yiye/usererr"
)

// hotelItems are all items of the hotel industry (annex 1, row 12).
var hotelItems = []string{"TZHY", "GGWS", "SPJY", "XFJC", "PSXK", "GWTY", "HPBG"}

// hotelValues is a complete, valid hotel form.
func hotelValues() Values {
	return Values{
		"entity_name": "奈曼旗示例宾馆有限公司", "uscc": "91350100M000100Y43", "entity_type": "enterprise",
		"registered_address": "内蒙古通辽市奈曼旗大沁他拉镇示例路 1 号", "business_address": "内蒙古通辽市奈曼旗大沁他拉镇示例路 1 号",
		"business_scope": "住宿服务；餐饮服务", "legal_rep_name": "张三", "legal_rep_id_type": "resident_id",
		"legal_rep_id_number": "150525199001011237", "legal_rep_mobile": "13912345678", "contact_name": "李四",
		"contact_phone": "0475-4212345", "premises_area": "1200.5", "premises_floor": "1–5 层", "premises_tenure": "lease",
		"lease_start": "2026-01-01", "lease_end": "2031-12-31", "staff_count": "25", "delivery_method": "window",
		"applicant_pledge": "true",
		"spjy_entity_form": "catering", "spjy_projects": "hot_food,cold_food", "spjy_cold_chain": "true",
		"spjy_online": "false", "spjy_vending": "false", "spjy_safety_manager": "王五",
		"ggws_venue_type": "lodging", "ggws_hygiene_manager": "赵六", "ggws_central_ac": "false",
		"ggws_health_cert_count": "20", "ggws_procedure": "standard",
		"xfjc_use": "宾馆", "xfjc_building_name": "示例大厦", "xfjc_building_area": "1500", "xfjc_safety_responsible": "张三",
		"xfjc_safety_manager": "李四", "xfjc_procedure": "commitment",
		"gwty_projects": "swimming", "gwty_facility_statement": "泳池符合 GB 19079.1-2013", "gwty_staff_list": "孙七 123456",
		"gwty_insurance_no": "PICC-2026-001",
		"tzhy_rooms":        "40", "tzhy_beds": "70", "tzhy_tech_security": "cctv,id_reader,info_system", "tzhy_security_head": "周八",
		"psxk_water_use": "30", "psxk_discharge": "25.5", "psxk_outlets": "2", "psxk_outlet_locations": "北侧、东侧",
		"psxk_pretreatment": "隔油池", "psxk_key_discharger": "false", "psxk_works_basis": "commitment", "psxk_quality_basis": "commitment",
		"hpbg_project_name": "示例宾馆燃气锅炉", "hpbg_location": "奈曼旗", "hpbg_longitude": "120.662", "hpbg_latitude": "42.846",
		"hpbg_investment": "80", "hpbg_category": "热力生产和供应工程", "hpbg_preparer": "示例环评公司",
	}
}

func fixedNow() time.Time { return time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC) }

func hotelSchema(t testing.TB) *Schema {
	s, err := Build(hotelItems)
	if err != nil {
		t.Fatal(err)
	}
	s.Now = fixedNow
	return s
}

func TestEmbeddedDataIsConsistent(t *testing.T) {
	if DataVersion() == "" || len(Items()) != 12 || len(AllFields()) < 50 {
		t.Fatalf("data: version %q, %d items, %d fields", DataVersion(), len(Items()), len(AllFields()))
	}
	// Every catalog item code of docs/architecture.md is known.
	for _, c := range []string{"SPJY", "GGWS", "YPLS", "YCLS", "XFJC", "SPDJ", "GWTY", "TZHY", "PSXK", "HPBG", "CBLS", "CBWF"} {
		if ItemName(c) == c {
			t.Errorf("item %s unknown", c)
		}
	}
	// Uncertain facts stay marked in the data.
	f, _ := mustBuild(t, "GGWS").Field("ggws_procedure")
	if !strings.Contains(f.HelpZH, catalog.LocalGuideZH) {
		t.Errorf("ggws_procedure help lost its caveat: %q", f.HelpZH)
	}
}

func mustBuild(t testing.TB, items ...string) *Schema {
	s, err := Build(items)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestParseDataRejectsBadDefinitions(t *testing.T) {
	head := `{"version":"x","items":[{"code":"SPJY","zh":"食品经营许可","en":"F"}],"fields":[`
	for name, f := range map[string]string{
		"bad key":        `{"key":"Bad-Key","zh":"a","en":"a","kind":"text","items":["*"]}`,
		"unknown kind":   `{"key":"a","zh":"a","en":"a","kind":"colour","items":["*"]}`,
		"unknown item":   `{"key":"a","zh":"a","en":"a","kind":"text","items":["ZZZZ"]}`,
		"no items":       `{"key":"a","zh":"a","en":"a","kind":"text","items":[]}`,
		"select no opts": `{"key":"a","zh":"a","en":"a","kind":"select","items":["*"]}`,
		"text with opts": `{"key":"a","zh":"a","en":"a","kind":"text","items":["*"],"options":[{"value":"x","zh":"x","en":"x"}]}`,
		"show_if":        `{"key":"a","zh":"a","en":"a","kind":"text","items":["*"],"show_if":{"key":"nope","in":["x"]}}`,
		"unknown json":   `{"key":"a","zh":"a","en":"a","kind":"text","items":["*"],"colour":"red"}`,
		"no label":       `{"key":"a","zh":"","en":"a","kind":"text","items":["*"]}`,
		"bad after":      `{"key":"a","zh":"a","en":"a","kind":"date","items":["*"],"after":"nope"}`,
		"duplicate":      `{"key":"a","zh":"a","en":"a","kind":"text","items":["*"]},{"key":"a","zh":"a","en":"a","kind":"text","items":["*"]}`,
	} {
		if _, err := parseData([]byte(head + f + `]}`)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if _, err := parseData([]byte(head + `{"key":"a","zh":"a","en":"a","kind":"text","items":["*"]}]}`)); err != nil {
		t.Errorf("good data rejected: %v", err)
	}
}

func TestBuildMergesSharedFields(t *testing.T) {
	s := hotelSchema(t)
	if !slices.Equal(s.Items, []string{"SPJY", "GGWS", "XFJC", "GWTY", "TZHY", "PSXK", "HPBG"}) {
		t.Errorf("items in catalog order: %v", s.Items)
	}
	seen := map[string]int{}
	for _, f := range s.Fields() {
		seen[f.Key]++
	}
	for k, n := range seen {
		if n != 1 {
			t.Errorf("field %s appears %d times", k, n)
		}
	}
	area, ok := s.Field("premises_area")
	if !ok || !area.Shared || !slices.Equal(area.Items, []string{"GGWS", "XFJC", "GWTY", "TZHY"}) {
		t.Errorf("premises_area: shared=%v items=%v", area.Shared, area.Items)
	}
	name, _ := s.Field("entity_name")
	if !slices.Equal(name.Items, s.Items) {
		t.Errorf("entity_name used by %v, want all items", name.Items)
	}
	if len(s.Groups) != 7 {
		t.Fatalf("%d groups", len(s.Groups))
	}
	for _, g := range s.Groups {
		for _, f := range g.Fields {
			if f.Shared || !slices.Equal(f.Items, []string{g.Item.Code}) {
				t.Errorf("group %s field %s: shared=%v items=%v", g.Item.Code, f.Key, f.Shared, f.Items)
			}
		}
	}
	// Items not chosen bring no fields.
	if _, ok := s.Field("ypls_mode"); ok {
		t.Error("pharmacy field in the hotel form")
	}
	// A field only one chosen item uses is grouped with it, even if it is
	// shared among more items in general.
	one := mustBuild(t, "SPDJ")
	if f, _ := one.Field("premises_area"); !f.Shared {
		t.Error("premises_area declared shared must stay shared")
	}
	if _, err := Build([]string{"SPJY", "NOPE"}); !errors.Is(err, usererr.New("forms.unknown_item", "", "")) {
		t.Errorf("unknown item: %v", err)
	}
	// Building never aliases the embedded data.
	s.Shared[0].Options = append(s.Shared[0].Options, Option{Value: "x"})
	if f, _ := mustBuild(t, "SPJY").Field(s.Shared[0].Key); len(f.Options) != len(s.Shared[0].Options)-1 {
		t.Error("schema shares option slices with the embedded data")
	}
}

func TestBuildVariants(t *testing.T) {
	s, err := BuildVariants([]string{"CBLS", "GGWS"}, map[string]string{"GGWS": "filing"})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := s.Field("ggws_procedure"); ok {
		t.Error("a filing asks for the licence procedure")
	}
	if _, ok := s.Field("ggws_venue_type"); !ok {
		t.Error("venue type dropped for the filing")
	}
	if _, ok := mustBuild(t, "GGWS").Field("ggws_procedure"); !ok {
		t.Error("licence lost its procedure field")
	}
	// Only prepackaged food: the filing does not ask which kinds of food
	// business the licence would cover.
	s, err = BuildVariants([]string{"SPJY", "GGWS"}, map[string]string{"SPJY": "prepackaged_filing"})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := s.Field("spjy_projects"); ok {
		t.Error("a prepackaged-food filing asks for the licence's business activities")
	}
	if _, ok := mustBuild(t, "SPJY").Field("spjy_projects"); !ok {
		t.Error("food licence lost its business activities")
	}
}

func TestValidateCompleteHotelForm(t *testing.T) {
	s := hotelSchema(t)
	if errs := s.Validate(hotelValues()); len(errs) != 0 {
		t.Fatalf("complete form has errors: %v", errs)
	}
	v := hotelValues()
	v["uscc"] = "91350100M000100Y44"
	v["premises_area"] = "12.345"
	v["legal_rep_id_number"] = "150525199001011238"
	delete(v, "tzhy_rooms")
	v["lease_end"] = "2026-11-23"
	v["spjy_projects"] = "hot_food,flying_food"
	v["applicant_pledge"] = "false"
	errs := s.Validate(v)
	want := map[string]string{
		"uscc": "forms.uscc.checksum", "premises_area": "forms.number.decimals", "legal_rep_id_number": "forms.id.checksum",
		"tzhy_rooms": "forms.required", "lease_end": "forms.date.past", "spjy_projects": "forms.option.invalid",
		"applicant_pledge": "forms.pledge",
	}
	if len(errs) != len(want) {
		t.Errorf("errors %v, want %v", errs, want)
	}
	for k, c := range want {
		var ue *usererr.Error
		if !errors.As(errs[k], &ue) || ue.Code != c {
			t.Errorf("%s: %v, want %s", k, errs[k], c)
		}
	}
}

func TestShowIf(t *testing.T) {
	s := hotelSchema(t)
	v := hotelValues()
	v["premises_tenure"] = "own"
	delete(v, "lease_start")
	delete(v, "lease_end")
	if errs := s.Validate(v); len(errs) != 0 {
		t.Errorf("lease dates required for an owned place: %v", errs)
	}
	if s.Applies("lease_end", v) {
		t.Error("lease_end applies to an owned place")
	}
	v["spjy_vending"] = "true"
	errs := s.Validate(v)
	if errs["spjy_vending_count"] == nil || errs["spjy_vending_locations"] == nil {
		t.Errorf("vending details not required: %v", errs)
	}
	v["delivery_method"] = "post"
	if s.Validate(v)["postal_address"] == nil {
		t.Error("postal address not required for post")
	}
}

func TestLeaseEndAfterStart(t *testing.T) {
	s := hotelSchema(t)
	v := hotelValues()
	v["lease_start"], v["lease_end"] = "2027-01-01", "2026-12-31"
	c := s.CheckField("lease_end", v)
	if c.Err == nil || c.Err.Code != "forms.date.order" || !strings.Contains(c.Err.ZH, "2027-01-01") {
		t.Errorf("end before start: %v", c.Err)
	}
	v["lease_start"] = "not a date" // the start's own problem, not the end's
	if c := s.CheckField("lease_end", v); c.Err != nil {
		t.Errorf("end blamed for a bad start: %v", c.Err)
	}
	if err := s.ValidateField("lease_end", "2030-01-01"); err != nil {
		t.Errorf("ValidateField without context: %v", err)
	}
}

func TestDependents(t *testing.T) {
	s := hotelSchema(t)
	for key, want := range map[string][]string{
		"premises_tenure":   {"lease_start", "lease_end"},
		"lease_start":       {"lease_end"},
		"legal_rep_id_type": {"legal_rep_id_number"},
		"spjy_vending":      {"spjy_vending_count", "spjy_vending_locations"},
		"entity_name":       nil,
	} {
		if got := s.Dependents(key); !slices.Equal(got, want) {
			t.Errorf("Dependents(%s) = %v, want %v", key, got, want)
		}
	}
}

func TestIDNumberDependsOnType(t *testing.T) {
	s := hotelSchema(t)
	v := Values{"legal_rep_id_type": "passport", "legal_rep_id_number": "E12345678"}
	if c := s.CheckField("legal_rep_id_number", v); c.Err != nil {
		t.Errorf("passport number rejected: %v", c.Err)
	}
	v["legal_rep_id_type"] = ""
	if c := s.CheckField("legal_rep_id_number", v); c.Err == nil {
		t.Error("passport number accepted as a resident ID (default type)")
	}
	if err := s.ValidateField("legal_rep_id_number", "11010519491231002x"); err != nil {
		t.Errorf("ValidateField: %v", err)
	}
}

func TestCheckFieldNormalizes(t *testing.T) {
	s := hotelSchema(t)
	for key, tc := range map[string][2]string{
		"uscc":                {"91350100m000100y43", "91350100M000100Y43"},
		"legal_rep_id_number": {"11010519491231002x", "11010519491231002X"},
		"legal_rep_mobile":    {"+86 139-1234-5678", "13912345678"},
		"premises_area":       {"１２０.50", "120.5"},
		"lease_end":           {"2030年1月5日", "2030-01-05"},
		"tzhy_rooms":          {"０４０", "40"},
		"spjy_projects":       {"cold_food, hot_food,cold_food", "hot_food,cold_food"},
		"entity_name":         {"  奈曼宾馆 ", "奈曼宾馆"},
	} {
		v := hotelValues()
		v[key] = tc[0]
		c := s.CheckField(key, v)
		if c.Err != nil || c.Normalized != tc[1] {
			t.Errorf("%s(%q) = %q, %v; want %q", key, tc[0], c.Normalized, c.Err, tc[1])
		}
	}
	n := s.Normalize(Values{"uscc": "91350100m000100y43", "tzhy_rooms": "x", "other": "y"})
	if n["uscc"] != "91350100M000100Y43" || n["tzhy_rooms"] != "x" || n["other"] != "y" {
		t.Errorf("Normalize = %v", n)
	}
	if c := s.CheckField("nope", nil); c.Err == nil || c.Err.Code != "forms.unknown_field" {
		t.Errorf("unknown field: %v", c.Err)
	}
	if err := s.ValidateField("entity_name", strings.Repeat("名", 101)); err == nil {
		t.Error("over-long name accepted")
	}
	if err := s.ValidateField("entity_name", "一行\n两行"); err == nil {
		t.Error("newline in a one-line field accepted")
	}
	if err := s.ValidateField("hpbg_longitude", "200"); err == nil {
		t.Error("longitude 200 accepted")
	}
	if err := s.ValidateField("hpbg_longitude", "120.6623451"); err == nil {
		t.Error("7 decimals accepted")
	}
}

func TestDefaults(t *testing.T) {
	s := hotelSchema(t)
	if d := s.Defaults(); d["legal_rep_id_type"] != "resident_id" {
		t.Errorf("defaults %v", d)
	}
	// An untouched field with a default is not "missing".
	v := hotelValues()
	delete(v, "legal_rep_id_type")
	if errs := s.Validate(v); len(errs) != 0 {
		t.Errorf("%v", errs)
	}
}

func TestPrefill(t *testing.T) {
	v := PrefillFromEnterprise(Enterprise{USCC: "92150525ma0r123448", Name: "奈曼旗示例便利店", Type: "",
		LegalRep: "张三", Address: "奈曼旗大沁他拉镇", Scope: "食品销售"})
	want := Values{"uscc": "92150525MA0R123448", "entity_name": "奈曼旗示例便利店", "entity_type": "individual",
		"legal_rep_name": "张三", "registered_address": "奈曼旗大沁他拉镇", "business_scope": "食品销售"}
	for k, x := range want {
		if v[k] != x {
			t.Errorf("%s = %q, want %q", k, v[k], x)
		}
	}
	for typ, want := range map[string]string{"有限责任公司(自然人独资)": "enterprise", "个体工商户": "individual",
		"农民专业合作社": "cooperative", "": ""} {
		if got := EntityType(typ, ""); got != want {
			t.Errorf("EntityType(%q) = %q, want %q", typ, got, want)
		}
	}
	dst := Values{"entity_name": "已填写的名称", "uscc": ""}
	filled := Merge(dst, v)
	if dst["entity_name"] != "已填写的名称" || dst["uscc"] != "92150525MA0R123448" || slices.Contains(filled, "entity_name") {
		t.Errorf("Merge overwrote typed input: %v, filled %v", dst, filled)
	}
	if keys := RememberedKeys(); !slices.Contains(keys, "legal_rep_mobile") || slices.Contains(keys, "applicant_pledge") {
		t.Errorf("remembered keys %v", keys)
	}
}

// FuzzCheckField runs arbitrary input through every field of every item.
func FuzzCheckField(f *testing.F) {
	s, err := Build([]string{"SPJY", "GGWS", "YPLS", "YCLS", "XFJC", "SPDJ", "GWTY", "TZHY", "PSXK", "HPBG", "CBLS", "CBWF"})
	if err != nil {
		f.Fatal(err)
	}
	s.Now = fixedNow
	fields := s.Fields()
	for _, v := range hotelValues() {
		f.Add(uint8(0), v)
	}
	f.Add(uint8(3), "")
	f.Fuzz(func(t *testing.T, which uint8, raw string) {
		fd := fields[int(which)%len(fields)]
		v := hotelValues()
		v[fd.Key] = raw
		c := s.CheckField(fd.Key, v)
		if c.Warn != nil {
			checkErr(t, fd.Key, raw, c.Warn)
		}
		// Normalize never loses what was typed: an invalid value stays,
		// an ID number or credit code only changes case and width.
		if n := s.Normalize(v)[fd.Key]; c.Err != nil && n != raw &&
			!((fd.Kind == KindIDNumber || fd.Kind == KindUSCC) && n == fold(raw, true)) {
			t.Fatalf("%s: Normalize changed invalid %q to %q", fd.Key, raw, n)
		}
		if c.Err != nil {
			checkErr(t, fd.Key, raw, c.Err)
			return
		}
		// A valid value's normal form is valid and stable.
		v[fd.Key] = c.Normalized
		c2 := s.CheckField(fd.Key, v)
		if c2.Err != nil || c2.Normalized != c.Normalized {
			t.Fatalf("%s: %q → %q → %q, %v", fd.Key, raw, c.Normalized, c2.Normalized, c2.Err)
		}
	})
}

func BenchmarkValidateHotelForm(b *testing.B) {
	s := hotelSchema(b)
	v := hotelValues()
	b.ReportAllocs()
	for b.Loop() {
		if errs := s.Validate(v); len(errs) != 0 {
			b.Fatal(errs)
		}
	}
}

func BenchmarkCheckFieldKeystroke(b *testing.B) {
	s := hotelSchema(b)
	v := hotelValues()
	b.ReportAllocs()
	for b.Loop() {
		s.CheckField("legal_rep_id_number", v)
	}
}

// TestUSCCWarnsAboutEntityType: the form knows the entity type, so a
// credit code of another type gets a warning that never blocks.
func TestUSCCWarnsAboutEntityType(t *testing.T) {
	s := hotelSchema(t)
	tests := []struct {
		name, code, entity, warn string
	}{
		{"enterprise code for an enterprise", "91350100M000100Y43", "enterprise", "forms.uscc.orgcode?"},
		{"enterprise code for an individual business", "91350100M000100Y43", "individual", "forms.uscc.entity_type"},
		{"individual code for an individual business", "92150525MA0R123448", "individual", ""},
		{"type not chosen yet", "91350100M000100Y43", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v := hotelValues()
			v["uscc"], v["entity_type"] = tc.code, tc.entity
			c := s.CheckField("uscc", v)
			if c.Err != nil {
				t.Fatalf("blocked: %v", c.Err)
			}
			got := ""
			if c.Warn != nil {
				got = c.Warn.Code
			}
			if want := strings.TrimSuffix(tc.warn, "?"); got != want && !(strings.HasSuffix(tc.warn, "?") && got == "") {
				t.Errorf("warning %q (%v), want %q", got, c.Warn, tc.warn)
			}
		})
	}
	if got := s.Dependents("entity_type"); !slices.Contains(got, "uscc") {
		t.Errorf("Dependents(entity_type) = %v, want uscc re-checked", got)
	}
}

// TestNormalizeUpperCasesIDCheckCharacter: the GB 11643 check character is
// stored and printed as "X", even while the rest of the number is wrong.
func TestNormalizeUpperCasesIDCheckCharacter(t *testing.T) {
	s := hotelSchema(t)
	for _, tc := range []struct{ in, want string }{
		{"11010519491231002x", "11010519491231002X"},
		{"11010519491231003x", "11010519491231003X"}, // wrong check character: still upper case
		{" 1101 0519 4912 3100 2x ", "11010519491231002X"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			n := s.Normalize(Values{"legal_rep_id_number": tc.in})
			if n["legal_rep_id_number"] != tc.want {
				t.Errorf("Normalize = %q, want %q", n["legal_rep_id_number"], tc.want)
			}
		})
	}
}

// TestPharmacistAskedForClassBOTC: a pharmacy selling only class-B OTC
// drugs still needs 药师或其他药学技术人员 (Drug Administration Law art. 52);
// only the licensed-pharmacist registration is not required.
func TestPharmacistAskedForClassBOTC(t *testing.T) {
	s := mustBuild(t, "YPLS")
	for _, otc := range []string{True, False} {
		t.Run("otc_b_only="+otc, func(t *testing.T) {
			v := Values{"ypls_otc_b_only": otc}
			if !s.Applies("ypls_pharmacist_name", v) {
				t.Fatal("pharmacist or pharmacy technician not asked")
			}
			if c := s.CheckField("ypls_pharmacist_name", v); c.Err == nil || c.Err.Code != "forms.required" {
				t.Errorf("empty pharmacist accepted: %v", c.Err)
			}
			if got, want := s.Applies("ypls_pharmacist_reg_no", v), otc == False; got != want {
				t.Errorf("registration number asked: %v, want %v", got, want)
			}
		})
	}
	f, _ := s.Field("ypls_pharmacist_name")
	if !strings.Contains(f.LabelZH, "药师或其他药学技术人员") {
		t.Errorf("label %q", f.LabelZH)
	}
}

// TestHelpTextsArePlain: labels and help are what applicants read; no
// research notes (catalog.ResearchPhrases) in them.
func TestHelpTextsArePlain(t *testing.T) {
	for _, f := range AllFields() {
		t.Run(f.Key, func(t *testing.T) {
			texts := []string{f.LabelZH, f.LabelEN, f.HelpZH, f.HelpEN}
			for _, o := range f.Options {
				texts = append(texts, o.ZH, o.EN)
			}
			for _, s := range texts {
				if p := catalog.ResearchNote(s); p != "" {
					t.Errorf("research note %q in %q", p, s)
				}
			}
		})
	}
}

// TestOnly: a schema narrowed to the fields of every item keeps the
// applicant's details and what they depend on, for the same items.
func TestOnly(t *testing.T) {
	full, err := Build([]string{"SPJY", "YCLS", "XFJC"})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name     string
		keep     func(Field) bool
		has, not []string
	}{
		{"every item's fields", func(f Field) bool { return ForEveryItem(f.Key) },
			[]string{"entity_name", "legal_rep_id_number", "legal_rep_id_type", "business_address", "applicant_pledge"},
			[]string{"spjy_projects", "ycls_products", "xfjc_use", "business_scope"}},
		{"a dependent field brings its condition", func(f Field) bool { return f.Key == "legal_rep_id_number" },
			[]string{"legal_rep_id_number", "legal_rep_id_type"}, []string{"entity_name"}},
		{"nothing", func(Field) bool { return false }, nil, []string{"entity_name"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := full.Only(tc.keep)
			if !slices.Equal(s.Items, full.Items) || len(s.Groups) != len(full.Groups) {
				t.Fatalf("items %v groups %d", s.Items, len(s.Groups))
			}
			for _, k := range tc.has {
				if _, ok := s.Field(k); !ok {
					t.Errorf("lost %s", k)
				}
			}
			for _, k := range tc.not {
				if _, ok := s.Field(k); ok {
					t.Errorf("kept %s", k)
				}
			}
			if errs := s.Validate(Values{}); len(errs) > 0 {
				for k := range errs {
					if _, ok := s.Field(k); !ok {
						t.Errorf("validated a field not in the schema: %s", k)
					}
				}
			}
		})
	}
	if ForEveryItem("spjy_projects") || !ForEveryItem("entity_name") || ForEveryItem("nonsense") {
		t.Error("ForEveryItem")
	}
}

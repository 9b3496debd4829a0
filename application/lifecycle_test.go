package application

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/naiman-yiye/yiye/catalog"
	"github.com/naiman-yiye/yiye/client/api"
	"github.com/naiman-yiye/yiye/drafts"
	"github.com/naiman-yiye/yiye/forms"
)

// storeLicense is a convenience store licensed with food and hygiene,
// tobacco refused.
func storeLicense() api.License {
	return api.License{Number: "1505252026010001", HolderName: "示例便利店", USCC: "92150525MA0R123448",
		LegalRep: "张明", Address: "奈曼旗大沁他拉镇示例街1号", Industry: "convenience-store", IndustryName: "便利店",
		Items: []api.LicenseItem{
			{Code: "SPJY", Name: "食品经营许可", CertificateNo: "JY1", ValidUntil: "2031-11-23"},
			{Code: "GGWS", Name: "公共场所卫生许可", CertificateNo: "GG1", ValidUntil: "2030-11-23"},
		},
		Unlicensed: []api.UnlicensedItem{{Code: "YCLS", Name: "烟草专卖零售许可证核发", Reason: "距学校太近"}},
		Status:     api.LicenseValid, Revision: 1,
	}
}

func lifecycleDraft(kind string, items ...string) *drafts.Draft {
	return &drafts.Draft{ID: "d1", Kind: kind, ForLicense: "1505252026010001", Industry: "convenience-store",
		Items: items, Answers: map[string]string{"sells_tobacco": "true", "food_mode": "bulk_or_prepared"},
		Values: forms.Values{}, CreatedAt: day}
}

func TestLifecyclePlans(t *testing.T) {
	cat := embedded(t)
	lic := storeLicense()
	for _, tc := range []struct {
		kind, title      string
		items            []string
		has, not         []string // form fields
		uploads, noFiles []string // material IDs asked as files / not (given all details unchanged)
	}{
		{api.KindAddItems, "增加事项", []string{"YCLS"}, []string{"entity_name", "ycls_products"}, []string{"spjy_projects"},
			[]string{"application_form"}, nil},
		{api.KindChange, "变更申请表", []string{"SPJY", "GGWS"}, []string{"entity_name", "legal_rep_name", "business_address"},
			[]string{"spjy_projects", "ggws_venue_type", "premises_area"}, []string{"application_form"}, []string{"premises_right", "site_plans"}},
		{api.KindUpdate, "更新二维码", []string{"SPJY"}, []string{"entity_name", "spjy_projects"}, []string{"ggws_venue_type"},
			[]string{"application_form"}, []string{"site_plans", "food_equipment_process"}},
		{api.KindRenewal, "延续申请表", []string{"SPJY"}, []string{"entity_name"}, []string{"spjy_projects"}, []string{"application_form"},
			[]string{"food_equipment_process"}},
		{api.KindCancellation, "注销申请表", []string{"SPJY", "GGWS"}, []string{"entity_name"}, []string{"spjy_projects"},
			[]string{"application_form"}, []string{"site_plans"}},
	} {
		t.Run(tc.kind, func(t *testing.T) {
			d := lifecycleDraft(tc.kind, tc.items...)
			p, err := LifecyclePlan(cat, d, lic, day)
			if err != nil {
				t.Fatal(err)
			}
			if p.Kind != tc.kind || p.Procedure == nil || !slices.Equal(p.Items(), tc.items) {
				t.Fatalf("plan kind %q items %v", p.Kind, p.Items())
			}
			for _, k := range tc.has {
				if _, ok := p.Schema.Field(k); !ok {
					t.Errorf("form lacks %s", k)
				}
			}
			for _, k := range tc.not {
				if _, ok := p.Schema.Field(k); ok {
					t.Errorf("form asks %s", k)
				}
			}
			vals := LifecycleValues(p.Schema, lic, nil)
			d.Values = vals
			var up []string
			for _, m := range p.Uploads(p.Values(d)) {
				up = append(up, m.ID)
			}
			for _, id := range tc.uploads {
				if !slices.Contains(up, id) {
					t.Errorf("%s not asked (%v)", id, up)
				}
			}
			for _, id := range tc.noFiles {
				if slices.Contains(up, id) {
					t.Errorf("%s asked (%v)", id, up)
				}
			}
			sub := p.Submission(d)
			if sub.Request.Kind != tc.kind || sub.Request.ForLicense != lic.Number || !slices.Equal(sub.Request.Items, tc.items) {
				t.Fatalf("submission %+v", sub.Request)
			}
			f := p.ApplicationForm(d, day)
			if !strings.Contains(f.Title, tc.title) || f.Sections[0].Title != "申请事项" || f.Sections[0].Rows[0].Value != lic.Number {
				t.Fatalf("form %q %+v", f.Title, f.Sections[0])
			}
		})
	}
	if _, err := DraftPlan(cat, lifecycleDraft(api.KindChange, "SPJY", "GGWS")); err != ErrNeedsLicense {
		t.Fatalf("a draft after issue planned without its license: %v", err)
	}
	other := storeLicense()
	other.Number = "1505252026019999"
	if _, err := LifecyclePlan(cat, lifecycleDraft(api.KindChange, "SPJY", "GGWS"), other, day); err != ErrLicenseMismatch {
		t.Fatalf("another license: %v", err)
	}
}

// TestChangeMaterialsFollowWhatChanges: a new address asks for the new
// premises' papers; a new name alone does not; changing nothing blocks.
func TestChangeMaterialsFollowWhatChanges(t *testing.T) {
	cat := embedded(t)
	lic := storeLicense()
	for _, tc := range []struct {
		name    string
		edit    forms.Values
		changes []string
		asks    []string
		blocked bool
	}{
		{"nothing", nil, nil, nil, true},
		{"name", forms.Values{"entity_name": "新名称便利店"}, []string{catalog.ChangeName}, nil, false},
		{"premises", forms.Values{"business_address": "奈曼旗新址路2号"}, []string{catalog.ChangePremises},
			[]string{"premises_right", "site_plans"}, false},
		{"premises win over the registered address", forms.Values{"business_address": lic.Address, "registered_address": "别处"}, nil, nil, true},
		{"legal rep and premises", forms.Values{"legal_rep_name": "李四", "business_address": "新址"},
			[]string{catalog.ChangeLegalRep, catalog.ChangePremises}, []string{"premises_right"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := lifecycleDraft(api.KindChange, "SPJY", "GGWS")
			p, err := LifecyclePlan(cat, d, lic, day)
			if err != nil {
				t.Fatal(err)
			}
			v := LifecycleValues(p.Schema, lic, nil)
			for k, x := range tc.edit {
				v[k] = x
			}
			if got := ChangedOnLicense(lic, v); !slices.Equal(got, tc.changes) {
				t.Fatalf("changes %v, want %v", got, tc.changes)
			}
			d.Values = v
			var up []string
			for _, m := range p.Uploads(p.Values(d)) {
				up = append(up, m.ID)
			}
			for _, id := range tc.asks {
				if !slices.Contains(up, id) {
					t.Errorf("%s not asked: %v", id, up)
				}
			}
			rep := p.Readiness(d)
			blocked := slices.ContainsFunc(rep.Common, func(m Missing) bool { return m.Key == "change" })
			if blocked != tc.blocked {
				t.Fatalf("blocked %v: %+v", blocked, rep.Common)
			}
		})
	}
}

func TestLifecycleValues(t *testing.T) {
	cat := embedded(t)
	lic := storeLicense()
	p, err := LifecyclePlan(cat, lifecycleDraft(api.KindAddItems, "YCLS"), lic, day)
	if err != nil {
		t.Fatal(err)
	}
	earlier := map[string]any{"entity_name": "登记名称", "contact_phone": "13912345678", "spjy_projects": "bulk",
		"ycls_premises_separate": true, "ycls_products": []any{"cigarettes", "cigars"}, "nothing_known": "x", "staff": 3.0}
	v := LifecycleValues(p.Schema, lic, earlier)
	for k, want := range map[string]string{"entity_name": "登记名称", "contact_phone": "13912345678",
		"ycls_premises_separate": forms.True, "ycls_products": "cigarettes,cigars", "uscc": lic.USCC,
		"legal_rep_name": lic.LegalRep, "business_address": lic.Address} {
		if v[k] != want {
			t.Errorf("%s = %q, want %q", k, v[k], want)
		}
	}
	for _, k := range []string{"spjy_projects", "nothing_known", "staff"} {
		if _, ok := v[k]; ok {
			t.Errorf("%s carried over into a form that does not ask it", k)
		}
	}
}

func TestActions(t *testing.T) {
	cat := embedded(t)
	valid := storeLicense()
	void := storeLicense()
	void.Status = api.LicenseVoid
	void.Items[0].Status = api.ItemExpired
	replaced := storeLicense()
	replaced.Status = api.LicenseReplaced
	for _, tc := range []struct {
		name      string
		lic       api.License
		available []string
		addItems  []string // first the suggested ones
		suggested []string
	}{
		{"valid", valid, catalog.ProcedureKinds(), []string{"YCLS", "YPLS"}, []string{"YCLS"}},
		{"void", void, []string{api.KindAddItems, api.KindCancellation}, []string{"YCLS", "SPJY", "YPLS"}, []string{"YCLS", "SPJY"}},
		{"replaced", replaced, nil, []string{"YCLS", "YPLS"}, []string{"YCLS"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			acts := Actions(cat, tc.lic, day)
			var avail []string
			for _, a := range acts {
				if a.Procedure == nil {
					t.Fatalf("%s without its procedure", a.Kind)
				}
				if a.Available {
					avail = append(avail, a.Kind)
				} else if a.WhyZH == "" || a.WhyEN == "" {
					t.Errorf("%s unavailable without a reason", a.Kind)
				}
				if a.Kind == api.KindAddItems && (!slices.Equal(a.Items, tc.addItems) || !slices.Equal(a.Suggested, tc.suggested)) {
					t.Errorf("add items %v suggested %v", a.Items, a.Suggested)
				}
			}
			if !slices.Equal(avail, tc.available) {
				t.Fatalf("available %v, want %v", avail, tc.available)
			}
		})
	}
}

// TestRenewals: the food business license's window is 90 to 15 working
// days before expiry; the hygiene license's is not in the facts (ask, from
// AskAheadDays before); an item without a date is left to its certificate.
func TestRenewals(t *testing.T) {
	cat := embedded(t)
	lic := storeLicense()
	lic.Items[0].ValidUntil = "2026-12-31"
	lic.Items[1].ValidUntil = "2027-02-10"
	lic.Items = append(lic.Items, api.LicenseItem{Code: "XFJC", Name: "消防检查", CertificateNo: "XF1"})
	for _, tc := range []struct {
		today      string
		spjy, ggws string
	}{
		{"2026-06-01", RenewLater, RenewLater},
		{"2026-08-24", RenewOpen, RenewLater},
		{"2026-12-15", RenewLate, RenewAsk},
		{"2027-01-05", RenewExpired, RenewAsk},
		{"2027-02-11", RenewExpired, RenewExpired},
	} {
		t.Run(tc.today, func(t *testing.T) {
			d, _ := catalog.ParseDate(tc.today)
			rs := Renewals(cat, lic, d)
			if len(rs) != 2 || rs[0].Code != "SPJY" || rs[1].Code != "GGWS" {
				t.Fatalf("%+v", rs)
			}
			if rs[0].Stage != tc.spjy || rs[1].Stage != tc.ggws {
				t.Fatalf("stages %s %s", rs[0].Stage, rs[1].Stage)
			}
			if !rs[0].Known || rs[0].From.After(rs[0].To) || !rs[0].To.Before(rs[0].ValidUntil) || rs[1].Known {
				t.Fatalf("windows %+v", rs)
			}
			if rs[0].Note.ZH == "" {
				t.Error("no renewal note")
			}
		})
	}
	d, _ := catalog.ParseDate("2026-12-15")
	var keys []string
	for _, r := range LicenseReminders(cat, lic, d) {
		keys = append(keys, r.Key)
	}
	want := []string{"renewal/1505252026010001/SPJY/late", "renewal/1505252026010001/GGWS/ask"}
	if !slices.Equal(keys, want) {
		t.Fatalf("reminders %v", keys)
	}
	lic.Status = api.LicenseVoid
	if rs := LicenseReminders(cat, lic, d); rs[0].Kind != RemindVoid {
		t.Fatalf("void license reminders %+v", rs)
	}
}

func TestFilings(t *testing.T) {
	cat := embedded(t)
	app := api.Application{ApplicationSummary: api.ApplicationSummary{ID: "a1", Industry: "bookstore", SubjectName: "示例书屋",
		Items: []api.ItemStatus{{Code: "CBLS"}, {Code: "GGWS"}, {Code: "CBWF"}}, CreatedAt: day},
		Answers: map[string]any{"online_books": true}}
	opened, _ := catalog.ParseDate("2026-12-01")
	online, _ := catalog.ParseDate("2026-12-20")
	for _, tc := range []struct {
		name   string
		in     FilingInput
		today  string
		stages []string // GGWS (hygiene filing, 30 days after opening), CBWF (15 days after online sales)
		due    []string
	}{
		{"nothing known", FilingInput{}, "2026-12-02", []string{FilingWaiting, FilingWaiting}, []string{"", ""}},
		{"opened", FilingInput{Events: map[string]time.Time{catalog.FilingAfterOpening: opened}}, "2026-12-02",
			[]string{FilingOpen, FilingWaiting}, []string{"2026-12-31", ""}},
		{"soon and online", FilingInput{Events: map[string]time.Time{catalog.FilingAfterOpening: opened,
			catalog.FilingAfterOnlineSales: online}}, "2026-12-29", []string{FilingSoon, FilingSoon}, []string{"2026-12-31", "2027-01-04"}},
		{"overdue", FilingInput{Events: map[string]time.Time{catalog.FilingAfterOpening: opened}}, "2027-01-01",
			[]string{FilingOverdue, FilingWaiting}, []string{"2026-12-31", ""}},
		{"done", FilingInput{Events: map[string]time.Time{catalog.FilingAfterOpening: opened},
			Done: map[string]FilingState{"GGWS": {FiledOn: "2026-12-10"}}}, "2027-01-01", []string{FilingDone, FilingWaiting}, []string{"2026-12-31", ""}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			today, _ := catalog.ParseDate(tc.today)
			fs, err := Filings(cat, app, tc.in, today)
			if err != nil {
				t.Fatal(err)
			}
			if len(fs) != 2 || fs[0].Code != "GGWS" || fs[1].Code != "CBWF" {
				t.Fatalf("filings %+v", fs)
			}
			for i, f := range fs {
				due := ""
				if f.HasDue {
					due = f.Due.Format(time.DateOnly)
				}
				if f.Stage != tc.stages[i] || due != tc.due[i] || f.Within == "" {
					t.Errorf("%s: %s due %q, want %s %q", f.Code, f.Stage, due, tc.stages[i], tc.due[i])
				}
			}
			n := 0
			for _, f := range fs {
				if f.Stage == FilingSoon || f.Stage == FilingOverdue {
					n++
				}
			}
			if got := FilingReminders(app, fs); len(got) != n {
				t.Errorf("%d reminders for %d filings due", len(got), n)
			}
		})
	}
	// A filing the facts give no time for: ask the window.
	store := api.Application{ApplicationSummary: api.ApplicationSummary{ID: "a2", Industry: "convenience-store",
		Items: []api.ItemStatus{{Code: "SPJY"}, {Code: "GGWS"}}, CreatedAt: day},
		Answers: map[string]any{"food_mode": "prepackaged_only"}}
	fs, err := Filings(cat, store, FilingInput{}, day)
	if err != nil || len(fs) != 1 || fs[0].Code != "SPJY" || fs[0].Stage != FilingAsk {
		t.Fatalf("prepackaged filing %+v %v", fs, err)
	}
}

// FuzzLifecycleValues: whatever an earlier application's form held, the
// pre-filled values are only fields the form asks, and the license's
// holder details are never left empty.
func FuzzLifecycleValues(f *testing.F) {
	cat, err := catalog.Embedded()
	if err != nil {
		f.Fatal(err)
	}
	lic := storeLicense()
	p, err := LifecyclePlan(cat, lifecycleDraft(api.KindChange, "SPJY", "GGWS"), lic, day)
	if err != nil {
		f.Fatal(err)
	}
	f.Add("entity_name", "名称", "legal_rep_name", "")
	f.Add("business_address", "", "registered_address", "新址")
	f.Add("unknown", "x", "uscc", "   ")
	f.Fuzz(func(t *testing.T, k1, v1, k2, v2 string) {
		v := LifecycleValues(p.Schema, lic, map[string]any{k1: v1, k2: v2})
		for k := range v {
			if _, ok := p.Schema.Field(k); !ok {
				t.Fatalf("pre-filled %q, not in the form", k)
			}
		}
		for _, k := range []string{"entity_name", "uscc", "legal_rep_name"} {
			if strings.TrimSpace(v[k]) == "" {
				t.Fatalf("%s empty", k)
			}
		}
		if holderAddress(v) == "" {
			t.Fatal("no address")
		}
		ch := ChangedOnLicense(lic, v)
		if len(ch) > 3 {
			t.Fatalf("changes %v", ch)
		}
	})
}

// TestLifecycleDraftKeepsItsItems: a newer catalog does not move a draft
// after issue to the items its answers would now give.
func TestLifecycleDraftKeepsItsItems(t *testing.T) {
	cat := embedded(t)
	d := lifecycleDraft(api.KindAddItems, "YCLS")
	d.Items = []string{"YCLS"}
	ch, err := Rematch(cat, d)
	if err != nil || ch.Changed() {
		t.Fatalf("changes %+v %v", ch, err)
	}
	sel, err := Match(cat, d)
	if err != nil || !slices.Equal(ItemCodes(sel), []string{"YCLS"}) {
		t.Fatalf("match %v %v", ItemCodes(sel), err)
	}
}

// TestCommittedDays: an application's committed time is its notice's
// total; procedures after issue other than adding items have none.
func TestCommittedDays(t *testing.T) {
	cat := embedded(t)
	tz, _ := cat.Item("TZHY")
	fire, _ := cat.Item("XFJC")
	sp, _ := cat.Item("SPJY")
	app := func(kind, industry string, codes ...string) api.Application {
		a := api.Application{ApplicationSummary: api.ApplicationSummary{Kind: kind, Industry: industry}}
		for _, c := range codes {
			a.Items = append(a.Items, api.ItemStatus{Code: c})
		}
		return a
	}
	for _, tc := range []struct {
		name string
		app  api.Application
		want int
	}{
		{"restaurant", app("", "restaurant", "SPJY"), sp.CommittedDays},
		{"hotel: fire opinion first", app("", "hotel", "TZHY", "GGWS", "XFJC"), tz.CommittedDays + fire.CommittedDays},
		{"adding an item", app(api.KindAddItems, "restaurant", "SPJY"), sp.CommittedDays},
		{"cancellation", app(api.KindCancellation, "restaurant", "SPJY"), 0},
		{"unknown industry", app("", "nowhere", "SPJY"), 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := CommittedDays(cat, tc.app); got != tc.want {
				t.Errorf("%d, want %d", got, tc.want)
			}
		})
	}
}

package catalog

import (
	"strings"
	"testing"
	"time"
)

func selected(sel *Selection, code string) *Selected {
	for i := range sel.Items {
		if sel.Items[i].Item.Code == code {
			return &sel.Items[i]
		}
	}
	return nil
}

// TestFoodByAnswer: food is licensed, filed or not needed depending on how
// the business handles it (Food Safety Law art. 35), in every industry that
// can sell food — also where annex 1 lists the license as mandatory.
func TestFoodByAnswer(t *testing.T) {
	c := mustEmbedded(t)
	industries := []string{"convenience-store", "supermarket", "bathhouse", "hotel", "pharmacy", "maternity-baby", "bookstore"}
	tests := []struct {
		mode       string
		in         bool   // SPJY among the items
		kind       Kind   // as handled
		variant    string // "" for the license
		onLicense  bool
		unanswered bool
	}{
		{"none", false, "", "", false, false},
		{"prepackaged_only", true, KindFiling, "prepackaged_filing", false, false},
		{"bulk_or_prepared", true, KindLicense, "", true, false},
	}
	for _, ind := range industries {
		for _, tc := range tests {
			t.Run(ind+"/"+tc.mode, func(t *testing.T) {
				sel, err := c.Match(Request{Industry: ind, Answers: Answers{"food_mode": tc.mode}})
				if err != nil {
					t.Fatal(err)
				}
				s := selected(sel, "SPJY")
				if (s != nil) != tc.in {
					t.Fatalf("SPJY chosen: %v, want %v", s != nil, tc.in)
				}
				for _, p := range sel.Possible {
					if p.Item.Code == "SPJY" {
						t.Fatalf("SPJY still possible after food_mode=%s", tc.mode)
					}
				}
				if s == nil {
					return
				}
				v := ""
				if s.Variant != nil {
					v = s.Variant.ID
				}
				if s.Kind() != tc.kind || v != tc.variant || s.OnLicense() != tc.onLicense {
					t.Errorf("SPJY handled as %s (variant %q, on license %v)", s.Kind(), v, s.OnLicense())
				}
			})
		}
	}
	// Annex 1 lists the license as mandatory for shops; with the question
	// unanswered it stays, and the notice asks the question.
	sel, err := c.Match(Request{Industry: "convenience-store"})
	if err != nil {
		t.Fatal(err)
	}
	if s := selected(sel, "SPJY"); s == nil || s.Kind() != KindLicense || strings.Join(s.Unanswered, ",") != "food_mode" {
		t.Errorf("unanswered shop food: %+v", s)
	}
	sel, _ = c.Match(Request{Industry: "convenience-store", Answers: Answers{"food_mode": "none"}})
	if len(sel.Exempt) != 1 || sel.Exempt[0].Item.Code != "SPJY" {
		t.Errorf("exempt: %+v", sel.Exempt)
	}
}

// TestFilingsAreNotOnLicense: filings (备案) are never integrated into the
// comprehensive license nor counted toward issuing one, and the notice
// tells when each is due.
func TestFilingsAreNotOnLicense(t *testing.T) {
	type due struct {
		code, after string
		days        int
	}
	tests := []struct {
		name     string
		req      Request
		license  string
		filings  []due
		issued   bool
		noteText string
	}{
		{"bookstore online, no food", Request{Industry: "bookstore", Answers: Answers{"online_books": "yes", "food_mode": "none"}},
			"CBLS", []due{{"GGWS", FilingAfterOpening, 30}, {"CBWF", FilingAfterOnlineSales, 15}}, false, "不颁发行业综合许可证"},
		{"bookstore with prepared food", Request{Industry: "bookstore", Answers: Answers{"online_books": "no", "food_mode": "bulk_or_prepared"}},
			"CBLS SPJY", []due{{"GGWS", FilingAfterOpening, 30}}, true, "颁发一张行业综合许可证"},
		{"shop with prepackaged food and tobacco", Request{Industry: "convenience-store",
			Answers: Answers{"food_mode": "prepackaged_only", "sells_tobacco": "yes", "sells_medicine": "no"}},
			"GGWS YCLS", []due{{"SPJY", "", 0}}, true, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n := notice(t, tc.req, "2026-03-02")
			var lic []string
			for _, it := range n.LicenseItems() {
				lic = append(lic, it.Code)
				if !it.OnLicense || it.Kind == KindFiling {
					t.Errorf("%s on the license: %+v", it.Code, it)
				}
			}
			if got := strings.Join(lic, " "); got != tc.license {
				t.Errorf("license items %q, want %q", got, tc.license)
			}
			if got := strings.Join(n.Comprehensive.Items, " "); got != tc.license || n.Comprehensive.Issued != tc.issued {
				t.Errorf("comprehensive %+v", n.Comprehensive)
			}
			if !strings.Contains(n.Comprehensive.Note.ZH, tc.noteText) {
				t.Errorf("comprehensive note %q", n.Comprehensive.Note.ZH)
			}
			fs := n.Filings()
			if len(fs) != len(tc.filings) {
				t.Fatalf("filings %+v", fs)
			}
			for i, f := range fs {
				w := tc.filings[i]
				if f.Code != w.code || f.Kind != KindFiling || f.OnLicense || f.Filing == nil ||
					f.Filing.After != w.after || f.Filing.Days != w.days || f.FilingWithin == "" {
					t.Errorf("filing %d: %+v (due %+v), want %+v", i, f, f.Filing, w)
				}
			}
			for _, l := range n.Flow.Lanes {
				for _, f := range fs {
					if l.Item == f.Code {
						t.Errorf("filing %s drawn in the pre-opening lanes", f.Code)
					}
				}
			}
		})
	}
}

func TestFilingDeadline(t *testing.T) {
	c := mustEmbedded(t)
	open := Date(2026, 9, 20)
	tests := []struct {
		name string
		due  *FilingDue
		want string
	}{
		{"30 days after opening", &FilingDue{After: FilingAfterOpening, Days: 30}, "2026-10-20"},
		{"15 days after online sales start", &FilingDue{After: FilingAfterOnlineSales, Days: 15}, "2026-10-05"},
		// Working days skip the Mid-Autumn holiday (2026-09-25 to 09-27).
		{"5 working days", &FilingDue{After: FilingAfterOpening, Days: 5, Workdays: true}, "2026-09-28"},
		{"unknown", &FilingDue{}, ""},
		{"nil", nil, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := c.FilingDeadline(tc.due, open)
			if ok != (tc.want != "") || ok && got.Format(time.DateOnly) != tc.want {
				t.Errorf("deadline %v %v, want %q", got.Format(time.DateOnly), ok, tc.want)
			}
		})
	}
}

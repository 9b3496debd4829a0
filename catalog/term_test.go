package catalog

import (
	"testing"
	"time"
)

// TestItemTerms pins what the facts say of each result's validity: a fixed
// number of years where known, "none" where the result has no validity
// (the fire opinion, filings, the EIA approval), "unknown" where the facts
// could not find it — never a made-up number.
func TestItemTerms(t *testing.T) {
	c := mustEmbedded(t)
	tests := []struct {
		code, variant string
		kind          ValidityKind
		years         int
	}{
		{"SPJY", "", ValidityFixed, 5},
		{"GGWS", "", ValidityFixed, 4},
		{"GGWS", "filing", ValidityNone, 0},
		{"YPLS", "", ValidityFixed, 5},
		{"YCLS", "", ValidityFixed, 5},
		{"XFJC", "", ValidityNone, 0},
		{"SPDJ", "", ValidityUnknown, 0},
		{"GWTY", "", ValidityFixed, 5},
		{"TZHY", "", ValidityUnknown, 0},
		{"PSXK", "", ValidityFixed, 5},
		{"HPBG", "", ValidityNone, 0},
		{"CBLS", "", ValidityUnknown, 0},
		{"CBWF", "", ValidityNone, 0},
	}
	for _, tc := range tests {
		t.Run(tc.code+"/"+tc.variant, func(t *testing.T) {
			it, err := c.Item(tc.code)
			if err != nil {
				t.Fatal(err)
			}
			term := it.Term
			if tc.variant != "" {
				term = it.Variant(tc.variant).Term
			}
			if term.Kind != tc.kind || term.Years != tc.years {
				t.Errorf("term %+v, want %s %d", term, tc.kind, tc.years)
			}
		})
	}
}

func TestTermUntil(t *testing.T) {
	issued := Date(2026, 11, 24)
	tests := []struct {
		term Term
		want string
		ok   bool
	}{
		{Term{Kind: ValidityFixed, Years: 5}, "2031-11-23", true},
		{Term{Kind: ValidityFixed, Years: 4}, "2030-11-23", true},
		{Term{Kind: ValidityNone}, "", false},
		{Term{Kind: ValidityUnknown}, "", false},
		{Term{}, "", false},
	}
	for _, tc := range tests {
		t.Run(string(tc.term.Kind), func(t *testing.T) {
			got, ok := tc.term.Until(issued)
			if ok != tc.ok || ok && got.Format(time.DateOnly) != tc.want {
				t.Errorf("Until = %v %v, want %s %v", got, ok, tc.want, tc.ok)
			}
			if tc.term.Known() != tc.ok {
				t.Errorf("Known = %v", tc.term.Known())
			}
		})
	}
	// Leap day: valid to the day before the anniversary.
	if got, _ := (Term{Kind: ValidityFixed, Years: 4}).Until(Date(2028, 2, 29)); got.Format(time.DateOnly) != "2032-02-28" {
		t.Errorf("leap day: %s", got.Format(time.DateOnly))
	}
}

// TestNoticeCarriesTerm: the notice tells the app which items have a
// known validity.
func TestNoticeCarriesTerm(t *testing.T) {
	n := notice(t, Request{Industry: "hotel", All: true}, "2026-03-02")
	for _, it := range n.Items {
		if it.Code == "XFJC" && it.Term.Kind != ValidityNone || it.Code == "SPJY" && (it.Term.Kind != ValidityFixed || it.Term.Years != 5) {
			t.Errorf("%s term %+v", it.Code, it.Term)
		}
	}
}

// TestTreatment: the portal and the app ask how an industry handles one
// item, variant included.
func TestTreatment(t *testing.T) {
	c := mustEmbedded(t)
	tests := []struct {
		industry, code string
		name           string
		kind           Kind
		term           ValidityKind
		err            string
	}{
		{"bookstore", "GGWS", "公共场所卫生备案", KindFiling, ValidityNone, ""},
		{"beauty-salon", "GGWS", "公共场所卫生许可", KindLicense, ValidityFixed, ""},
		{"hotel", "XFJC", "公众聚集场所投入使用、营业前消防安全检查", KindInspection, ValidityNone, ""},
		{"宾馆", "特种行业经营许可（旅馆业）", "特种行业经营许可（旅馆业）", KindLicense, ValidityUnknown, ""},
		{"bookstore", "TZHY", "", "", "", CodeNotInIndustry},
		{"bookstore", "NOPE", "", "", "", CodeUnknownItem},
		{"zoo", "GGWS", "", "", "", CodeUnknownIndustry},
	}
	for _, tc := range tests {
		t.Run(tc.industry+"/"+tc.code, func(t *testing.T) {
			s, err := c.Treatment(tc.industry, tc.code, nil)
			if tc.err != "" {
				if errCode(err) != tc.err {
					t.Fatalf("error %v, want %s", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if s.Name() != tc.name || s.Kind() != tc.kind || s.Term().Kind != tc.term {
				t.Errorf("got %s %s %+v", s.Name(), s.Kind(), s.Term())
			}
		})
	}
}

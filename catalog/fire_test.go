package catalog

import (
	"slices"
	"strings"
	"testing"
)

// TestFireCheck: the Fire Protection Law (art. 73) counts hotels and public
// entertainment places as public gathering places whatever their size; the
// 200 m² exemption is a reference value from other provinces for small
// shops, supermarkets and restaurants only, and stays marked as such.
func TestFireCheck(t *testing.T) {
	c := mustEmbedded(t)
	tests := []struct {
		industry string
		area     string // "" = unanswered
		in       bool
		reason   Reason
		advice   string // in an advice note, if any
	}{
		{"hotel", "150", true, ReasonLaw, "不论面积大小"},
		{"hotel", "", true, ReasonLaw, "不论面积大小"},
		{"bathhouse", "100", true, ReasonLaw, "不论面积大小"},
		{"gym", "80", true, ReasonLaw, "不论面积大小"},
		{"bar", "60", true, ReasonLaw, "不论面积大小"},
		{"supermarket", "250", true, ReasonAnswer, ""},
		{"supermarket", "150", false, "", "以奈曼旗办事指南为准"},
		{"restaurant", "150", false, "", "以奈曼旗办事指南为准"},
		{"small-catering", "40", false, "", "以奈曼旗办事指南为准"},
		{"cafe-teahouse", "150", false, "", "娱乐"},
		{"cafe-teahouse", "300", true, ReasonAnswer, "娱乐"},
	}
	for _, tc := range tests {
		t.Run(tc.industry+"/"+tc.area, func(t *testing.T) {
			a := Answers{}
			if tc.area != "" {
				a["floor_area_m2"] = tc.area
			}
			sel, err := c.Match(Request{Industry: tc.industry, Answers: a})
			if err != nil {
				t.Fatal(err)
			}
			s := selected(sel, "XFJC")
			if (s != nil) != tc.in {
				t.Fatalf("fire check chosen: %v, want %v (possible %v)", s != nil, tc.in, codes(sel.Possible))
			}
			if s != nil && s.Reason != tc.reason {
				t.Errorf("reason %s, want %s", s.Reason, tc.reason)
			}
			if tc.advice == "" {
				return
			}
			i := slices.IndexFunc(sel.Advice, func(n Note) bool { return strings.Contains(n.ZH, tc.advice) })
			if i < 0 {
				t.Fatalf("no advice mentioning %q: %+v", tc.advice, sel.Advice)
			}
			// The exemption is a reference value: marked uncertain, with its
			// source, and the applicant told to follow the banner's guide.
			if !tc.in {
				j := slices.IndexFunc(sel.Advice, func(n Note) bool { return strings.Contains(n.ZH, "200平方米") })
				if j < 0 || !sel.Advice[j].Reliability.Uncertain() || sel.Advice[j].Source == "" ||
					!strings.Contains(sel.Advice[j].ZH, "以奈曼旗办事指南为准") {
					t.Errorf("threshold advice missing or not marked: %+v", sel.Advice)
				}
			}
		})
	}
	// Only the shops and restaurants are asked for their area.
	q := c.Question("floor_area_m2")
	if got := strings.Join(q.Industries, " "); got != "supermarket restaurant small-catering cafe-teahouse" {
		t.Errorf("area asked of %s", got)
	}
}

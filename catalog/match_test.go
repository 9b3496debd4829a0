package catalog

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/naiman-yiye/yiye/usererr"
)

func codes(ss []Selected) []string {
	out := []string{}
	for _, s := range ss {
		out = append(out, s.Item.Code)
	}
	return out
}

func errCode(err error) string {
	var ue *usererr.Error
	if errors.As(err, &ue) {
		return ue.Code
	}
	return ""
}

// TestMatchConditions covers every question and every on-demand row.
func TestMatchConditions(t *testing.T) {
	c := mustEmbedded(t)
	tests := []struct {
		industry string
		answers  Answers
		items    string // chosen, annex order
		possible string // undecided on-demand items
		advice   string // substring of an advice note, if any
	}{
		{"convenience-store", nil, "SPJY GGWS", "YPLS YCLS", ""},
		{"convenience-store", Answers{"sells_tobacco": "yes", "sells_medicine": "no"}, "SPJY GGWS YCLS", "", ""},
		{"convenience-store", Answers{"sells_tobacco": "否", "sells_medicine": "是"}, "SPJY GGWS YPLS", "", ""},
		{"convenience-store", Answers{"sells_tobacco": "no", "sells_medicine": "no", "food_mode": "prepackaged_only"}, "SPJY GGWS", "", "仅销售预包装食品备案"},
		{"supermarket", Answers{"floor_area_m2": "150"}, "SPJY GGWS", "YPLS YCLS", "200平方米以下"},
		{"supermarket", Answers{"floor_area_m2": "200", "sells_tobacco": "1", "sells_medicine": "0"}, "SPJY GGWS YCLS XFJC", "", ""},
		{"restaurant", Answers{"floor_area_m2": "320.5"}, "SPJY XFJC", "", ""},
		{"restaurant", nil, "SPJY", "XFJC", ""},
		{"small-catering", Answers{"floor_area_m2": "40"}, "SPDJ", "", "以奈曼旗办事指南为准"},
		{"fresh-food", nil, "SPJY", "", ""},
		{"bakery", nil, "SPJY", "", ""},
		{"cafe-teahouse", Answers{"floor_area_m2": "260"}, "SPJY XFJC", "", "音乐茶座"},
		{"bar", nil, "SPJY XFJC", "", "不论面积大小"},
		{"bathhouse", Answers{"food_mode": "bulk_or_prepared", "swimming_pool": "true"}, "GGWS SPJY GWTY XFJC", "", "桑拿"},
		{"bathhouse", Answers{"food_mode": "none", "swimming_pool": "false", "high_risk_sport": "false"}, "GGWS XFJC", "", "不论面积大小"},
		{"bathhouse", Answers{"swimming_pool": "false"}, "GGWS XFJC", "SPJY GWTY", "不论面积大小"},
		{"gym", Answers{"swimming_pool": "no", "high_risk_sport": "yes"}, "GGWS GWTY XFJC", "", "健身场所"},
		{"gym", Answers{"swimming_pool": "yes"}, "GGWS GWTY XFJC", "", "不论面积大小"},
		{"beauty-salon", nil, "GGWS", "", ""},
		{"hotel", Answers{"food_mode": "prepackaged_only", "sewer_discharge": "yes",
			"swimming_pool": "no", "high_risk_sport": "no", "own_boiler_or_sensitive_area": "no"}, "TZHY GGWS SPJY XFJC PSXK", "", "预包装"},
		{"hotel", Answers{"food_mode": "bulk_or_prepared", "sewer_discharge": "no",
			"swimming_pool": "yes", "high_risk_sport": "no", "own_boiler_or_sensitive_area": "yes"}, "TZHY GGWS SPJY XFJC GWTY HPBG", "", "不论面积大小"},
		{"pharmacy", Answers{"food_mode": "bulk_or_prepared"}, "YPLS SPJY", "", "特定全营养配方食品"},
		{"pharmacy", Answers{"food_mode": "prepackaged_only"}, "YPLS SPJY", "", "办备案就行"},
		{"maternity-baby", Answers{"food_mode": "none"}, "", "", ""},
		{"maternity-baby", Answers{"food_mode": "bulk_or_prepared"}, "SPJY", "", ""},
		{"bookstore", Answers{"online_books": "yes", "food_mode": "none"}, "CBLS GGWS CBWF", "", ""},
		{"bookstore", Answers{"online_books": "no"}, "CBLS GGWS", "SPJY", ""},
	}
	for _, tc := range tests {
		sel, err := c.Match(Request{Industry: tc.industry, Answers: tc.answers})
		if err != nil {
			t.Errorf("%s %v: %v", tc.industry, tc.answers, err)
			continue
		}
		if got := strings.Join(codes(sel.Items), " "); got != tc.items {
			t.Errorf("%s %v: items %q, want %q", tc.industry, tc.answers, got, tc.items)
		}
		if got := strings.Join(codes(sel.Possible), " "); got != tc.possible {
			t.Errorf("%s %v: possible %q, want %q", tc.industry, tc.answers, got, tc.possible)
		}
		var adv []string
		for _, a := range sel.Advice {
			adv = append(adv, a.ZH)
		}
		if all := strings.Join(adv, "\n"); tc.advice == "" && all != "" || !strings.Contains(all, tc.advice) {
			t.Errorf("%s %v: advice %q, want %q", tc.industry, tc.answers, all, tc.advice)
		}
		for _, s := range sel.Items {
			if want := s.Entry.OnDemand; (s.Reason != ReasonMandatory) != want {
				t.Errorf("%s: %s reason %s", tc.industry, s.Item.Code, s.Reason)
			}
		}
	}
}

func TestMatchAddDropAll(t *testing.T) {
	c := mustEmbedded(t)
	sel, err := c.Match(Request{Industry: "便利店", Answers: Answers{"sells_medicine": "no"}, Add: []string{"ypls"}})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(codes(sel.Items), " "); got != "SPJY GGWS YPLS" || sel.Items[2].Reason != ReasonAdded {
		t.Errorf("added: %s %s", got, sel.Items[2].Reason)
	}
	sel, err = c.Match(Request{Industry: "12", All: true, Drop: []string{"排水许可证", "hpbg"}})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(codes(sel.Items), " "); got != "TZHY GGWS SPJY XFJC GWTY" || len(sel.Possible) != 0 {
		t.Errorf("all minus dropped: %s", got)
	}
	if sel.Items[2].Reason != ReasonAll {
		t.Errorf("reason %s", sel.Items[2].Reason)
	}
	// An explicit drop wins over a matching answer.
	sel, _ = c.Match(Request{Industry: "convenience-store", Answers: Answers{"sells_tobacco": "yes"}, Drop: []string{"YCLS"}})
	if slices.Contains(codes(sel.Items), "YCLS") || slices.Contains(codes(sel.Possible), "YCLS") {
		t.Error("dropped item still present")
	}

	errs := []struct {
		req  Request
		code string
	}{
		{Request{Industry: "花店"}, CodeUnknownIndustry},
		{Request{Industry: "16"}, CodeUnknownIndustry},
		{Request{Industry: "supermarket", Drop: []string{"SPJY"}}, CodeDropMandatory},
		{Request{Industry: "书店", Drop: []string{"公共卫生场所许可"}}, CodeDropMandatory},
		{Request{Industry: "supermarket", Add: []string{"TZHY"}}, CodeNotInIndustry},
		{Request{Industry: "supermarket", Add: []string{"XYZ"}}, CodeUnknownItem},
		{Request{Industry: "supermarket", Add: []string{"YCLS"}, Drop: []string{"YCLS"}}, CodeBadAnswer},
		{Request{Industry: "supermarket", Answers: Answers{"sells_tobacco": "maybe"}}, CodeBadAnswer},
		{Request{Industry: "supermarket", Answers: Answers{"pets": "yes"}}, CodeUnknownQuestion},
	}
	for _, tc := range errs {
		_, err := c.Match(tc.req)
		if got := errCode(err); got != tc.code {
			t.Errorf("%+v: error %v (code %q), want %s", tc.req, err, got, tc.code)
		}
		var ue *usererr.Error
		if errors.As(err, &ue) && (ue.ZH == "" || ue.EN == "") {
			t.Errorf("%+v: message missing a language: %+v", tc.req, ue)
		}
	}
}

func TestMatchIrrelevantAnswer(t *testing.T) {
	c := mustEmbedded(t)
	sel, err := c.Match(Request{Industry: "supermarket", Answers: Answers{"online_books": "yes"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(sel.Advice) != 1 || !strings.Contains(sel.Advice[0].ZH, "online_books") {
		t.Errorf("advice %+v", sel.Advice)
	}
}

func TestNormalizeAnswer(t *testing.T) {
	c := mustEmbedded(t)
	ok := []struct{ key, in, want string }{
		{"sells_tobacco", "YES", "true"},
		{"sells_tobacco", " 是 ", "true"},
		{"sells_tobacco", "无", "false"},
		{"sells_tobacco", "0", "false"},
		{"food_mode", "Prepackaged_Only", "prepackaged_only"},
		{"food_mode", "仅销售预包装食品", "prepackaged_only"},
		{"floor_area_m2", "120", "120"},
		{"floor_area_m2", "120.50", "120.5"},
		{"floor_area_m2", "85平方米", "85"},
		{"floor_area_m2", "0", "0"},
	}
	for _, tc := range ok {
		got, err := c.NormalizeAnswer(tc.key, tc.in)
		if err != nil || got != tc.want {
			t.Errorf("NormalizeAnswer(%s, %q) = %q, %v; want %q", tc.key, tc.in, got, err, tc.want)
		}
	}
	bad := []struct{ key, in, code string }{
		{"sells_tobacco", "maybe", CodeBadAnswer},
		{"sells_tobacco", "", CodeBadAnswer},
		{"food_mode", "lots", CodeBadAnswer},
		{"floor_area_m2", "-5", CodeBadAnswer},
		{"floor_area_m2", "NaN", CodeBadAnswer},
		{"floor_area_m2", "Inf", CodeBadAnswer},
		{"floor_area_m2", "1e12", CodeBadAnswer},
		{"floor_area_m2", "abc", CodeBadAnswer},
		{"nope", "1", CodeUnknownQuestion},
	}
	for _, tc := range bad {
		_, err := c.NormalizeAnswer(tc.key, tc.in)
		if errCode(err) != tc.code {
			t.Errorf("NormalizeAnswer(%s, %q): %v, want %s", tc.key, tc.in, err, tc.code)
		}
	}
}

func TestParseAnswer(t *testing.T) {
	c := mustEmbedded(t)
	for in, want := range map[string]string{
		"sells_tobacco=yes": "sells_tobacco=true",
		" online_books ＝ 否": "online_books=false",
		"floor_area_m2=1=2": "",
		"=yes":              "",
		"sells_tobacco":     "",
		"":                  "",
	} {
		k, v, err := c.ParseAnswer(in)
		got := ""
		if err == nil {
			got = k + "=" + v
		}
		if got != want {
			t.Errorf("ParseAnswer(%q) = %q (%v), want %q", in, got, err, want)
		}
		if err != nil && errCode(err) == "" {
			t.Errorf("ParseAnswer(%q): not a usererr: %v", in, err)
		}
	}
}

func TestQuestionsFor(t *testing.T) {
	c := mustEmbedded(t)
	// Every question an industry's conditions read is asked for that industry,
	// and every question asked decides something there.
	for _, ind := range c.Industries {
		asked := map[string]bool{}
		for _, q := range c.QuestionsFor(ind) {
			asked[q.Key] = true
		}
		used := map[string]bool{}
		for _, e := range ind.Entries {
			for _, k := range e.When.questions(nil) {
				used[k] = true
			}
			for _, a := range e.Advice {
				for _, k := range a.When.questions(nil) {
					used[k] = true
				}
			}
		}
		for k := range asked {
			if !used[k] {
				t.Errorf("%s asks %s but no rule reads it", ind.Code, k)
			}
		}
		for k := range used {
			if !asked[k] {
				t.Errorf("%s reads %s without asking it", ind.Code, k)
			}
		}
	}
}

func TestConditionEval(t *testing.T) {
	yes, lo, hi := true, 10.0, 20.0
	a := Answers{"b": "true", "c": "x", "n": "15"}
	tests := []struct {
		c    Condition
		want Truth
	}{
		{Condition{Q: "b", Is: &yes}, True},
		{Condition{Q: "missing", Is: &yes}, Unknown},
		{Condition{Q: "c", In: []string{"y"}}, False},
		{Condition{Q: "n", Gte: &lo, Lt: &hi}, True},
		{Condition{Q: "n", Gte: &hi}, False},
		{Condition{Any: []Condition{{Q: "missing", Is: &yes}, {Q: "b", Is: &yes}}}, True},
		{Condition{Any: []Condition{{Q: "missing", Is: &yes}, {Q: "c", In: []string{"y"}}}}, Unknown},
		{Condition{All: []Condition{{Q: "missing", Is: &yes}, {Q: "c", In: []string{"y"}}}}, False},
		{Condition{All: []Condition{{Q: "missing", Is: &yes}, {Q: "b", Is: &yes}}}, Unknown},
		{Condition{Not: &Condition{Q: "b", Is: &yes}}, False},
		{Condition{Not: &Condition{Q: "missing", Is: &yes}}, Unknown},
	}
	for i, tc := range tests {
		if got := tc.c.Eval(a); got != tc.want {
			t.Errorf("case %d: %v, want %v", i, got, tc.want)
		}
	}
}

func asUserErr(err error) *usererr.Error {
	var ue *usererr.Error
	if errors.As(err, &ue) {
		return ue
	}
	return &usererr.Error{}
}

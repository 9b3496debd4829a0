package catalog

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// TestApplicantTextsArePlain: nothing an applicant reads from the catalog
// carries a research note; those live in Source.
func TestApplicantTextsArePlain(t *testing.T) {
	c := mustEmbedded(t)
	check := func(where, s string) {
		t.Helper()
		if p := ResearchNote(s); p != "" {
			t.Errorf("%s: research note %q in %q", where, p, s)
		}
	}
	for _, f := range c.Facts() {
		check(f.Subject+" "+f.Label, f.Note.ZH)
		check(f.Subject+" "+f.Label+" (en)", f.Note.EN)
	}
	for _, q := range c.Questions {
		check("question "+q.Key, q.Text.ZH+q.Text.EN+q.Why.ZH+q.Why.EN)
		for _, o := range q.Options {
			check("option "+o.Value, o.ZH+o.EN)
		}
	}
	for _, it := range c.Items {
		check("item "+it.Code, it.Name+it.NameEN+it.InspectionNote+it.FilingWithin+it.Fee+it.ResultDocument)
		for _, s := range it.Steps {
			check("step of "+it.Code, s.ZH+s.EN+s.Note)
		}
		for _, v := range it.Variants {
			check("variant "+v.ID, v.Name+v.NameEN+v.InspectionNote+v.FilingWithin)
			for _, s := range v.Steps {
				check("step of "+v.ID, s.ZH+s.EN+s.Note)
			}
		}
	}
	for _, m := range c.Materials {
		check("material "+m.ID, m.Name+m.NameEN)
	}
	for _, p := range []string{LocalGuideZH, LocalGuideEN, AskWindowZH, AskWindowEN} {
		check("caveat", p)
	}
}

// TestUncertainFactsKeepMarkAndSource: every uncertain fact says where it
// comes from, and the facts the facts file marks uncertain stay marked.
func TestUncertainFactsKeepMarkAndSource(t *testing.T) {
	c := mustEmbedded(t)
	facts := c.Facts()
	for _, f := range facts {
		if f.Note.Reliability.Uncertain() && f.Note.Source == "" {
			t.Errorf("%s %s: uncertain fact without a source: %q", f.Subject, f.Label, f.Note.ZH)
		}
		if f.Note.Reliability.Uncertain() && !strings.Contains(f.Note.Plain(), LocalGuideZH) {
			t.Errorf("%s %s: applicants are not told to follow the guide", f.Subject, f.Label)
		}
	}
	mark := func(subject, label, contains string) Reliability {
		for _, f := range facts {
			if f.Subject == subject && f.Label == label && strings.Contains(f.Note.ZH, contains) {
				return f.Note.Reliability
			}
		}
		t.Errorf("no fact %s/%s containing %q", subject, label, contains)
		return ""
	}
	for _, tc := range []struct{ subject, label, contains string }{
		{"食品经营许可", "时限", "10个工作日"},                // 2023 measures not seen in the original
		{"食品经营许可", "延续", "90至15个工作日"},             // a single third-party source
		{"食品生产经营登记", "时限", "20个工作日"},              // small-catering limits unverified
		{"食品生产经营登记", "条件", "多大规模"},                // thresholds from other provinces kept out
		{"食品生产经营登记", "注意", "材料"},                  // materials from other provinces kept out
		{"特种行业经营许可（旅馆业）", "有效期", "证书"},            // no national validity found
		{"出版物零售单位设立审批", "有效期", "证书"},              //
		{"公众聚集场所投入使用、营业前消防安全检查", "条件", "可能不用办"},   // the 200 m² reference value
		{"药品零售企业许可", "延续", "6个月"},                 //
		{"公共场所卫生许可", "实施机关", "卫生健康"},              //
		{"问题：经营场所建筑面积有多少平方米？", "说明", "200平方米"},    //
		{"通用规则", "说明", "承诺时限"},                    // the banner's own limits could not be obtained
		{"药品零售企业许可", "依据", "实施条例"},                // a 2026 revision reported, not checked
		{"公共场所卫生许可", "注意", "复核"},                  // whether the two-year review survives
		{"行业：超市（XFJC）", "提示", "200平方米"},           //
		{"材料：公共场所卫生检测或评价报告（GGWS）", "用于该事项", "补交"}, //
	} {
		if r := mark(tc.subject, tc.label, tc.contains); r != "" && !r.Uncertain() {
			t.Errorf("%s/%s lost its uncertain mark: %s", tc.subject, tc.label, r)
		}
	}
}

// TestSourcesViews: staff see each fact with its mark and source; the
// applicant JSON carries none of the sources.
func TestSourcesViews(t *testing.T) {
	n := notice(t, Request{Industry: "small-catering", Answers: Answers{"floor_area_m2": "40"}}, "2026-03-02")
	var b bytes.Buffer
	if err := n.WriteSources(&b); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"资料来源", "食品生产经营登记", "⚠️ 未核实", "同类省份", "浙江杭州", "来源："} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("sources view lacks %q", want)
		}
	}
	b.Reset()
	if err := mustEmbedded(t).WriteSources(&b); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "仅销售预包装食品备案") || !strings.Contains(b.String(), "§17") {
		t.Error("catalog sources view incomplete")
	}
	j, err := n.ApplicantJSON("", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(j, []byte(`"source"`)) {
		t.Error("applicant JSON carries sources")
	}
	var back Notice
	if err := json.Unmarshal(j, &back); err != nil || back.Industry.Code != "small-catering" || len(back.Items) != len(n.Items) {
		t.Errorf("applicant JSON does not decode as a notice: %v", err)
	}
}

// TestSmallCateringLeavesOutOtherProvinces: the facts (§6) say the small
// catering registration's thresholds, limits and materials of other
// provinces must not reach a notice; they stay in the data as sources.
func TestSmallCateringLeavesOutOtherProvinces(t *testing.T) {
	for _, area := range []string{"40", "300"} {
		n := notice(t, Request{Industry: "small-catering", Answers: Answers{"floor_area_m2": area}}, "2026-03-02")
		var b bytes.Buffer
		if err := n.WriteText(&b); err != nil {
			t.Fatal(err)
		}
		j, err := n.ApplicantJSON("", "")
		if err != nil {
			t.Fatal(err)
		}
		for _, out := range []string{b.String(), string(j)} {
			for _, bad := range []string{"30平方米", "50平方米", "浙江", "杭州", "甘肃", "广西", "GXCY", "食品安全承诺书", "同类省份"} {
				if strings.Contains(out, bad) {
					t.Errorf("area %s: notice shows %q", area, bad)
				}
			}
		}
		for _, m := range n.Materials {
			if slices.Contains(m.Items, "SPDJ") && m.ID != "application_form" && m.ID != "proxy_authorization" {
				t.Errorf("area %s: registration asks for %s", area, m.Name)
			}
		}
	}
	var b bytes.Buffer
	n := notice(t, Request{Industry: "small-catering"}, "2026-03-02")
	if err := n.WriteSources(&b); err != nil {
		t.Fatal(err)
	}
	for _, kept := range []string{"浙江杭州", "甘肃", "GXCY", "食品安全承诺书"} {
		if !strings.Contains(b.String(), kept) {
			t.Errorf("maintainer note %q lost from the data", kept)
		}
	}
}

// TestNotePlain: applicants read an uncertain fact with the caveat once,
// in their language; a certain fact reads as written.
func TestNotePlain(t *testing.T) {
	for _, tc := range []struct {
		name   string
		note   Note
		zh, en string
	}{
		{"verified", Note{ZH: "20个工作日", EN: "20 working days", Reliability: Verified}, "20个工作日", "20 working days"},
		{"single source", Note{ZH: "10个工作日", EN: "10 working days", Reliability: Single},
			"10个工作日（以奈曼旗办事指南为准）", "10 working days (follow the Naiman Banner service guide)"},
		{"says so already", Note{ZH: "以奈曼旗办事指南为准", EN: "Follow the Naiman Banner service guide", Reliability: Unverified},
			"以奈曼旗办事指南为准", "Follow the Naiman Banner service guide"},
		{"no English", Note{ZH: "按规定", Reliability: Unverified}, "按规定（以奈曼旗办事指南为准）", "按规定（以奈曼旗办事指南为准）"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.note.Plain(); got != tc.zh {
				t.Errorf("Plain %q, want %q", got, tc.zh)
			}
			if got := tc.note.PlainEN(); got != tc.en {
				t.Errorf("PlainEN %q, want %q", got, tc.en)
			}
		})
	}
}

// TestFilingWhenEN: the English of when a filing is due, from its rule.
func TestFilingWhenEN(t *testing.T) {
	for _, tc := range []struct {
		name string
		due  *FilingDue
		want string
	}{
		{"opening", &FilingDue{After: FilingAfterOpening, Days: 30}, "within 30 days of opening"},
		{"online sales", &FilingDue{After: FilingAfterOnlineSales, Days: 15}, "within 15 days of starting online sales"},
		{"working days", &FilingDue{After: FilingAfterOpening, Days: 5, Workdays: true}, "within 5 working days of opening"},
		{"not known", &FilingDue{}, "ask the service hall window when to file"},
		{"none", nil, "ask the service hall window when to file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.due.WhenEN(); got != tc.want {
				t.Errorf("%q, want %q", got, tc.want)
			}
		})
	}
}

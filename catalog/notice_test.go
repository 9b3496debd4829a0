package catalog

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

func notice(t *testing.T, req Request, start string) *Notice {
	t.Helper()
	c := mustEmbedded(t)
	sel, err := c.Match(req)
	if err != nil {
		t.Fatal(err)
	}
	return c.Notice(sel, d(start))
}

func material(n *Notice, id string) *NoticeMaterial {
	for i := range n.Materials {
		if n.Materials[i].ID == id {
			return &n.Materials[i]
		}
	}
	return nil
}

// TestNoticeMaterialsDeduplicated: a material needed by several items is
// listed once, names exactly the chosen items needing it, and keeps a relief
// only if every such item grants it.
func TestNoticeMaterialsDeduplicated(t *testing.T) {
	n := notice(t, Request{Industry: "hotel", All: true}, "2026-03-02")
	seen := map[string]bool{}
	chosen := map[string]bool{}
	for _, it := range n.Items {
		chosen[it.Code] = true
	}
	for _, m := range n.Materials {
		if seen[m.ID] || seen[m.Name] {
			t.Errorf("material %s listed twice", m.ID)
		}
		seen[m.ID], seen[m.Name] = true, true
		for _, code := range m.Items {
			if !chosen[code] {
				t.Errorf("material %s names unchosen item %s", m.ID, code)
			}
		}
		if len(m.Handling) == 0 || m.HowZH == "" || len(m.FileTypes) == 0 || m.MaxMB == 0 {
			t.Errorf("material %s incomplete: %+v", m.ID, m)
		}
	}
	bl := material(n, "business_license")
	if bl == nil || len(bl.Items) != 7 || !slices.Equal(bl.Handling, []Handling{Shared}) {
		t.Fatalf("business license: %+v", bl)
	}
	// Floor plans: the fire check could take them later, but the others need
	// them up front, so the merged material must be handed in.
	sp := material(n, "site_plans")
	if sp == nil || !slices.Equal(sp.Items, []string{"TZHY", "GGWS", "SPJY", "XFJC"}) || !slices.Equal(sp.Handling, []Handling{Required}) {
		t.Fatalf("site plans: %+v", sp)
	}
	// One combined form serves every item; the fire check's own form is its pledge.
	if ap := material(n, "application_form"); ap == nil || len(ap.Items) != len(n.Items)-1 || slices.Contains(ap.Items, "XFJC") {
		t.Errorf("application form should serve every item but XFJC: %+v", ap)
	}
	// With only the fire check needing them, the plans may come later; the
	// small-catering registration lists no materials other provinces ask
	// for (facts §6), so the fire check alone needs the plans.
	n = notice(t, Request{Industry: "small-catering", Answers: Answers{"floor_area_m2": "300"}}, "2026-03-02")
	if sp := material(n, "site_plans"); sp == nil || !slices.Equal(sp.Items, []string{"XFJC"}) || !slices.Equal(sp.Handling, []Handling{Deferrable}) {
		t.Errorf("small catering plans: %+v", sp)
	}
	n = notice(t, Request{Industry: "restaurant", Answers: Answers{"floor_area_m2": "300"}, Drop: nil}, "2026-03-02")
	if fp := material(n, "fire_safety_plan"); fp == nil || !slices.Equal(fp.Handling, []Handling{Deferrable}) {
		t.Errorf("fire plan: %+v", fp)
	}
	// The fire opinion passes between departments for hotels.
	n = notice(t, Request{Industry: "hotel", All: true}, "2026-03-02")
	if fo := material(n, "fire_opinion"); fo == nil || !slices.Equal(fo.Handling, []Handling{Internal}) {
		t.Errorf("fire opinion: %+v", fo)
	}
}

func TestNoticeFlowAndTime(t *testing.T) {
	n := notice(t, Request{Industry: "convenience-store", Answers: Answers{"sells_tobacco": "true", "sells_medicine": "false"}}, "2026-02-10")
	// The legal latest adds the tobacco license's extension (20 + 10).
	if n.CommittedDays != 8 || n.LegalDays != 20 || n.LegalMaxDays != 30 || n.ExpectedDate != "2026-02-27" || n.LegalDate != "2026-03-30" {
		t.Errorf("time: %d/%d/%d %s %s", n.CommittedDays, n.LegalDays, n.LegalMaxDays, n.ExpectedDate, n.LegalDate)
	}
	if n.Flow.JointInspection == nil || !slices.Equal(n.Flow.JointInspection.Items, []string{"SPJY", "GGWS", "YCLS"}) {
		t.Errorf("joint inspection: %+v", n.Flow.JointInspection)
	}
	if !n.Comprehensive.Issued || len(n.Flow.Lanes) != 3 || n.Flow.License.ID != "license" {
		t.Errorf("comprehensive: %+v", n.Comprehensive)
	}

	// One item: no comprehensive license, and the notice says so.
	n = notice(t, Request{Industry: "beauty-salon"}, "2026-03-02")
	if n.Comprehensive.Issued || !strings.Contains(n.Comprehensive.Note.ZH, "不颁发行业综合许可证") || n.Flow.JointInspection != nil {
		t.Errorf("single item: %+v", n.Comprehensive)
	}
	// Only one of two items inspects: no joint inspection node.
	n = notice(t, Request{Industry: "small-catering", Answers: Answers{"floor_area_m2": "300"}}, "2026-03-02")
	if n.Flow.JointInspection != nil || !n.Comprehensive.Issued {
		t.Errorf("small catering flow: %+v", n.Flow)
	}

	// Bookstore: the hygiene item is a filing after opening, outside the
	// parallel path and the comprehensive license.
	n = notice(t, Request{Industry: "书店", Answers: Answers{"online_books": "yes", "food_mode": "none"}}, "2026-03-02")
	var ggws NoticeItem
	for _, it := range n.Items {
		if it.Code == "GGWS" {
			ggws = it
		}
	}
	if ggws.Kind != KindFiling || ggws.Phase != AfterOpening || ggws.Name != "公共场所卫生备案" ||
		ggws.AnnexName != "公共卫生场所许可" || ggws.FilingWithin != "营业之日起30日内" {
		t.Errorf("bookstore hygiene: %+v", ggws)
	}
	if !slices.ContainsFunc(ggws.Notes, func(x Note) bool { return x.Reliability == Changed && strings.Contains(x.ZH, "2025年1月20日") }) {
		t.Errorf("bookstore hygiene note missing: %+v", ggws.Notes)
	}
	if len(n.Flow.Lanes) != 1 || n.Flow.Lanes[0].Item != "CBLS" || len(n.Flow.AfterOpening) != 2 {
		t.Errorf("bookstore lanes %+v after %+v", n.Flow.Lanes, n.Flow.AfterOpening)
	}
	if n.Comprehensive.Issued || n.CommittedDays != 8 {
		t.Errorf("bookstore comprehensive %+v days %d", n.Comprehensive, n.CommittedDays)
	}
	if m := material(n, "application_form"); m == nil || !slices.Contains(m.Items, "GGWS") {
		t.Errorf("filing form missing: %+v", m)
	}
	if m := material(n, "hygiene_test_report"); m != nil {
		t.Errorf("bookstore must not be asked for the license's hygiene report")
	}

	// No item at all.
	n = notice(t, Request{Industry: "maternity-baby", Answers: Answers{"food_mode": "none"}}, "2026-03-02")
	if len(n.Items) != 0 || n.CommittedDays != 0 || n.ExpectedDate != "2026-03-02" || n.Comprehensive.Issued {
		t.Errorf("empty notice: %+v", n)
	}
}

// TestNoticeUncertainty: facts marked uncertain reach the notice.
func TestNoticeUncertainty(t *testing.T) {
	n := notice(t, Request{Industry: "小餐饮"}, "2026-03-02")
	if len(n.Items) != 1 || !n.Items[0].Uncertain || n.Items[0].LimitNote.Reliability != Unverified {
		t.Fatalf("SPDJ not marked uncertain: %+v", n.Items)
	}
	var buf bytes.Buffer
	if err := n.WriteText(&buf); err != nil {
		t.Fatal(err)
	}
	text := buf.String()
	for _, want := range []string{"食品生产经营登记", "※", "标有※的内容以奈曼旗办事指南为准", "可能还要办", "公众聚集场所投入使用、营业前消防安全检查", "受理当天不算"} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q", want)
		}
	}
	// Beyond the known holiday years the notice warns.
	n = notice(t, Request{Industry: "bakery"}, "2026-12-28")
	if !slices.ContainsFunc(n.Warnings, func(w Note) bool { return strings.Contains(w.ZH, "2025—2026") }) {
		t.Errorf("no calendar warning: %+v", n.Warnings)
	}
}

func TestNoticeJSONShape(t *testing.T) {
	n := notice(t, Request{Industry: "supermarket", All: true}, "2026-03-02")
	b, err := json.Marshal(n)
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Industry struct{ Code string } `json:"industry"`
		Items    []struct {
			Code, Name, Department, Kind string
			OnDemand                     bool `json:"on_demand"`
			LegalDays                    int  `json:"legal_days"`
			CommittedDays                int  `json:"committed_days"`
		} `json:"items"`
		Materials []struct {
			Name  string
			Items []string
		} `json:"materials"`
	}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	if m.Industry.Code != "supermarket" || len(m.Items) != 5 || len(m.Materials) == 0 {
		t.Fatalf("json: %+v", m)
	}
	for _, it := range m.Items {
		if it.Code == "" || it.Name == "" || it.Department == "" || it.Kind == "" || it.LegalDays == 0 || it.CommittedDays == 0 {
			t.Errorf("json item incomplete: %+v", it)
		}
		if it.CommittedDays*100 > it.LegalDays*CommittedPercent+50 {
			t.Errorf("%s committed %d legal %d", it.Code, it.CommittedDays, it.LegalDays)
		}
	}
}

// TestNoticeEveryIndustry builds the notice of every industry with all
// on-demand items and checks the invariants of the flow and the times.
func TestNoticeEveryIndustry(t *testing.T) {
	c := mustEmbedded(t)
	for _, ind := range c.Industries {
		n := notice(t, Request{Industry: ind.Code, All: true}, "2025-09-30")
		if len(n.Items) != len(ind.Entries) {
			t.Errorf("%s: %d items, %d entries", ind.Code, len(n.Items), len(ind.Entries))
		}
		maxC, inspect := 0, 0
		for _, it := range n.Items {
			if it.OnLicense {
				// An item is due no sooner than its own limit after its
				// prerequisites; the notice's time is the latest.
				maxC = max(maxC, it.DueDays)
				if it.DueDays < it.CommittedDays {
					t.Errorf("%s: %s due after %d days, its limit is %d", ind.Code, it.Code, it.DueDays, it.CommittedDays)
				}
				if it.Inspection {
					inspect++
				}
			}
		}
		if n.CommittedDays != maxC {
			t.Errorf("%s: committed %d, longest path %d", ind.Code, n.CommittedDays, maxC)
		}
		if (inspect >= 2) != (n.Flow.JointInspection != nil) {
			t.Errorf("%s: %d inspecting items, joint node %v", ind.Code, inspect, n.Flow.JointInspection)
		}
		if n.Comprehensive.Issued != (len(n.Flow.Lanes) >= 2) {
			t.Errorf("%s: lanes %d, comprehensive %v", ind.Code, len(n.Flow.Lanes), n.Comprehensive.Issued)
		}
		if got := c.Calendar.WorkdaysBetween(d(n.Start), d(n.ExpectedDate)); got != n.CommittedDays {
			t.Errorf("%s: expected date %s is %d workdays after start", ind.Code, n.ExpectedDate, got)
		}
	}
}

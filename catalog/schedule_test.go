package catalog

import (
	"slices"
	"strings"
	"testing"
)

func noticeItem(n *Notice, code string) *NoticeItem {
	for i := range n.Items {
		if n.Items[i].Code == code {
			return &n.Items[i]
		}
	}
	return nil
}

// TestHotelSequence: the fire opinion comes before the special trade
// license (facts §8), so their committed limits add up and the overall
// committed time is the longest path, not the largest single limit.
func TestHotelSequence(t *testing.T) {
	n := notice(t, Request{Industry: "hotel", All: true}, "2026-03-02")
	tz, xf := noticeItem(n, "TZHY"), noticeItem(n, "XFJC")
	if tz == nil || xf == nil {
		t.Fatal("hotel lacks TZHY or XFJC")
	}
	if !slices.Equal(tz.After, []string{"XFJC"}) || tz.AfterNote.ZH == "" || len(xf.After) != 0 {
		t.Errorf("sequence: TZHY after %v (%q), XFJC after %v", tz.After, tz.AfterNote.ZH, xf.After)
	}
	if xf.DueDays != 5 || tz.DueDays != 13 {
		t.Errorf("due days: XFJC %d, TZHY %d; want 5 and 13", xf.DueDays, tz.DueDays)
	}
	if n.CommittedDays != 13 || !slices.Equal(n.Path, []string{"XFJC", "TZHY"}) {
		t.Errorf("committed %d along %v, want 13 along XFJC TZHY", n.CommittedDays, n.Path)
	}
	if n.LegalDays != 33 || n.LegalMaxDays != 43 {
		t.Errorf("legal %d, with extensions %d; want 33 and 43", n.LegalDays, n.LegalMaxDays)
	}
	if tz.ExpectedDate != "2026-03-19" || n.ExpectedDate != tz.ExpectedDate {
		t.Errorf("TZHY expected %s, notice %s", tz.ExpectedDate, n.ExpectedDate)
	}
	if !strings.Contains(n.TimeNote.ZH, "先后") || !strings.Contains(n.TimeNote.ZH, "13") {
		t.Errorf("time note does not explain the order: %q", n.TimeNote.ZH)
	}
	if l := lane(n.Flow.Lanes, "TZHY"); l == nil || !slices.Equal(l.After, []string{"XFJC"}) {
		t.Errorf("flow lane: %+v", l)
	}
	// Without the fire check in the application the special trade license
	// waits for nothing, and the longest item decides.
	n = notice(t, Request{Industry: "hotel", All: true, Drop: []string{"XFJC"}}, "2026-03-02")
	if tz := noticeItem(n, "TZHY"); len(tz.After) != 0 || tz.DueDays != 8 || n.CommittedDays != 12 {
		t.Errorf("without XFJC: TZHY after %v due %d, committed %d", tz.After, tz.DueDays, n.CommittedDays)
	}
}

func lane(ls []FlowLane, code string) *FlowLane {
	for i := range ls {
		if ls[i].Item == code {
			return &ls[i]
		}
	}
	return nil
}

// TestLegalLatest: the legal latest date adds the extensions the law
// allows (TZHY and YCLS +10, SPJY +5 working days) along the longest
// path, capped by the joint-processing limit (45 working days, +15 with
// approval), and the notice says what it includes.
func TestLegalLatest(t *testing.T) {
	c := mustEmbedded(t)
	tests := []struct {
		name    string
		req     Request
		legal   int
		max     int
		date    string
		mention string
	}{
		{"tobacco +10", Request{Industry: "convenience-store", Answers: Answers{"sells_tobacco": "yes", "sells_medicine": "no", "food_mode": "bulk_or_prepared"}},
			20, 30, "2026-03-26", "可延长"},
		{"food +5", Request{Industry: "bakery"}, 10, 15, "2026-03-05", "可延长"},
		{"no extension", Request{Industry: "beauty-salon"}, 20, 20, "2026-03-12", ""},
		{"hotel in sequence", Request{Industry: "hotel", All: true}, 33, 43, "2026-04-15", "45"},
	}
	// 2026-02-06 is a Friday before the Spring Festival (02-15 to 02-23,
	// make-up Saturdays 02-14 and 02-28) and Qingming (04-04 to 04-06).
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sel, err := c.Match(tc.req)
			if err != nil {
				t.Fatal(err)
			}
			n := c.Notice(sel, d("2026-02-06"))
			if n.LegalDays != tc.legal || n.LegalMaxDays != tc.max || n.LegalDate != tc.date {
				t.Errorf("legal %d, max %d, date %s; want %d, %d, %s", n.LegalDays, n.LegalMaxDays, n.LegalDate, tc.legal, tc.max, tc.date)
			}
			if got := c.Calendar.WorkdaysBetween(d(n.Start), d(n.LegalDate)); got != n.LegalMaxDays {
				t.Errorf("legal date is %d working days after the start", got)
			}
			if n.LegalNote.ZH == "" || !strings.Contains(n.LegalNote.ZH, tc.mention) {
				t.Errorf("legal note %q lacks %q", n.LegalNote.ZH, tc.mention)
			}
		})
	}
	// Beyond 45 working days the joint limit (+15 with approval) binds.
	doc := mutated(t, func(d obj) { findItem(d, "TZHY")["extension_days"] = 40 })
	big, err := Parse(doc)
	if err != nil {
		t.Fatal(err)
	}
	sel, _ := big.Match(Request{Industry: "hotel", All: true})
	n := big.Notice(sel, d("2026-02-06"))
	if n.LegalMaxDays != JointLimitDays+JointExtensionDays || !strings.Contains(n.LegalNote.ZH, "45") {
		t.Errorf("joint cap: %d, note %q", n.LegalMaxDays, n.LegalNote.ZH)
	}
}

// TestNoticeFor: the app's tracking screens rebuild the notice of a
// submitted application from its items and answers — same times, same
// filings — without asking the questions again.
func TestNoticeFor(t *testing.T) {
	c := mustEmbedded(t)
	tests := []struct {
		name     string
		industry string
		items    []string
		answers  Answers
		days     int
		license  string
		filings  string
	}{
		{"hotel in sequence", "hotel", []string{"TZHY", "GGWS", "XFJC"}, nil, 13, "TZHY GGWS XFJC", ""},
		{"hotel without the fire check", "hotel", []string{"TZHY", "GGWS"}, nil, 8, "TZHY GGWS", ""},
		{"bookstore", "bookstore", []string{"CBLS", "GGWS", "CBWF"}, Answers{"online_books": "yes"}, 8, "CBLS", "GGWS CBWF"},
		{"prepackaged food", "convenience-store", []string{"SPJY", "GGWS"}, Answers{"food_mode": "prepackaged_only"}, 8, "GGWS", "SPJY"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n, err := c.NoticeFor(tc.industry, tc.items, tc.answers, d("2026-03-02"))
			if err != nil {
				t.Fatal(err)
			}
			var lic, fil []string
			for _, it := range n.LicenseItems() {
				lic = append(lic, it.Code)
			}
			for _, it := range n.Filings() {
				fil = append(fil, it.Code)
			}
			if n.CommittedDays != tc.days || strings.Join(lic, " ") != tc.license || strings.Join(fil, " ") != tc.filings ||
				len(n.Possible) != 0 {
				t.Errorf("days %d, license %v, filings %v, possible %d", n.CommittedDays, lic, fil, len(n.Possible))
			}
		})
	}
	if _, err := c.NoticeFor("hotel", []string{"CBLS"}, nil, d("2026-03-02")); errCode(err) != CodeNotInIndustry {
		t.Errorf("foreign item: %v", err)
	}
	if _, err := c.NoticeFor("zoo", nil, nil, d("2026-03-02")); errCode(err) != CodeUnknownIndustry {
		t.Errorf("unknown industry: %v", err)
	}
}

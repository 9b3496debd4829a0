package catalog

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func d(s string) time.Time {
	t, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestWorkdaysPerYear(t *testing.T) {
	cal := mustEmbedded(t).Calendar
	for _, y := range []int{2025, 2026} {
		n := 0
		for day := Date(y, 1, 1); day.Year() == y; day = day.AddDate(0, 0, 1) {
			if cal.IsWorkday(day) {
				n++
			}
		}
		if n != 248 {
			t.Errorf("%d has %d workdays, want 248", y, n)
		}
		if got := cal.WorkdaysBetween(Date(y-1, 12, 31), Date(y, 12, 31)); got != 248 {
			t.Errorf("WorkdaysBetween over %d = %d", y, got)
		}
	}
}

func TestIsWorkday(t *testing.T) {
	cal := mustEmbedded(t).Calendar
	tests := []struct {
		date string
		want bool
	}{
		{"2025-01-26", true},  // Sunday, make-up workday before Spring Festival
		{"2025-01-28", false}, // New Year's Eve holiday (Tuesday)
		{"2025-02-08", true},  // Saturday make-up
		{"2025-09-28", true},  // Sunday make-up before National Day
		{"2025-10-08", false}, // Wednesday, last National Day holiday
		{"2025-10-09", true},
		{"2025-10-11", true},  // Saturday make-up
		{"2025-10-12", false}, // ordinary Sunday
		{"2026-01-04", true},  // Sunday make-up after New Year
		{"2026-02-14", true},  // Saturday make-up before Spring Festival
		{"2026-02-23", false}, // Monday, last Spring Festival holiday
		{"2026-02-28", true},  // Saturday make-up
		{"2026-05-09", true},
		{"2026-10-10", true},
		{"2026-11-24", true}, // ordinary Tuesday
		{"2027-01-02", false},
	}
	for _, tc := range tests {
		if got := cal.IsWorkday(d(tc.date)); got != tc.want {
			t.Errorf("IsWorkday(%s) = %v", tc.date, got)
		}
	}
}

func TestAddWorkdays(t *testing.T) {
	cal := mustEmbedded(t).Calendar
	tests := []struct {
		start string
		n     int
		want  string
	}{
		{"2025-03-03", 0, "2025-03-03"},
		{"2025-03-03", 1, "2025-03-04"}, // the day of acceptance does not count
		{"2025-03-07", 1, "2025-03-10"}, // over a weekend
		// 2025 National Day: 09-28 (Sun) is worked, 10-01..08 off, 10-11 (Sat) worked.
		{"2025-09-26", 1, "2025-09-28"},
		{"2025-09-30", 1, "2025-10-09"},
		{"2025-09-30", 3, "2025-10-11"},
		{"2025-09-30", 4, "2025-10-13"},
		// 2026 Spring Festival: 02-14 (Sat) worked, 02-15..23 off, 02-28 (Sat) worked.
		{"2026-02-13", 1, "2026-02-14"},
		{"2026-02-13", 2, "2026-02-24"},
		{"2026-02-10", 8, "2026-02-27"},
		{"2026-02-10", 9, "2026-02-28"},
		{"2026-02-10", 20, "2026-03-16"},
		// Across the year boundary into 2026 (01-01..03 off, 01-04 Sunday worked).
		{"2025-12-31", 1, "2026-01-04"},
		{"2025-12-31", 2, "2026-01-05"},
		// A start on a holiday counts from the next workday.
		{"2025-10-01", 1, "2025-10-09"},
	}
	for _, tc := range tests {
		got := cal.AddWorkdays(d(tc.start), tc.n).Format(time.DateOnly)
		if got != tc.want {
			t.Errorf("AddWorkdays(%s, %d) = %s, want %s", tc.start, tc.n, got, tc.want)
		}
		if tc.n > 0 {
			if back := cal.WorkdaysBetween(d(tc.start), d(tc.want)); back != tc.n {
				t.Errorf("WorkdaysBetween(%s, %s) = %d, want %d", tc.start, tc.want, back, tc.n)
			}
		}
	}
	if got := cal.WorkdaysBetween(d("2025-10-13"), d("2025-09-30")); got != -4 {
		t.Errorf("reverse WorkdaysBetween = %d", got)
	}
	// Time of day and zone do not matter.
	late := time.Date(2026, 2, 13, 23, 59, 0, 0, time.FixedZone("CST", 8*3600))
	if got := cal.AddWorkdays(late, 2); !got.Equal(Date(2026, 2, 24)) {
		t.Errorf("zoned AddWorkdays = %v", got)
	}
}

// TestAddWorkdaysInverse checks AddWorkdays and WorkdaysBetween agree for
// every start date in the covered years.
func TestAddWorkdaysInverse(t *testing.T) {
	cal := mustEmbedded(t).Calendar
	for day := Date(2025, 1, 1); day.Year() < 2027; day = day.AddDate(0, 0, 3) {
		for _, n := range []int{1, 4, 13, 30} {
			end := cal.AddWorkdays(day, n)
			if !cal.IsWorkday(end) || cal.WorkdaysBetween(day, end) != n {
				t.Fatalf("start %s n %d end %s", day.Format(time.DateOnly), n, end.Format(time.DateOnly))
			}
		}
	}
}

func TestCalendarCoverage(t *testing.T) {
	cal := mustEmbedded(t).Calendar
	if f, l := cal.CoveredYears(); f != 2025 || l != 2026 {
		t.Errorf("covered %d–%d", f, l)
	}
	if !cal.Covers(d("2026-12-31")) || cal.Covers(d("2027-01-01")) || cal.Covers(d("2024-12-31")) {
		t.Error("Covers wrong at the edges")
	}
	// Outside the covered years only weekends are skipped (and the notice warns).
	if got := cal.AddWorkdays(d("2027-01-01"), 1); !got.Equal(Date(2027, 1, 4)) {
		t.Errorf("2027 AddWorkdays = %v", got)
	}
}

func TestCalendarValidation(t *testing.T) {
	tests := []struct {
		name  string
		years map[string]CalendarYear
		want  string
	}{
		{"bad year", map[string]CalendarYear{"20x5": {}}, "not a year"},
		{"bad date", map[string]CalendarYear{"2025": {Holidays: []string{"2025-02-30"}}}, "not a YYYY-MM-DD"},
		{"wrong year", map[string]CalendarYear{"2025": {Holidays: []string{"2026-01-01"}}}, "not in year"},
		{"weekday make-up", map[string]CalendarYear{"2025": {MakeupWorkdays: []string{"2025-01-27"}}}, "not a weekend"},
		{"twice", map[string]CalendarYear{"2025": {Holidays: []string{"2025-01-01", "2025-01-01"}}}, "twice"},
		{"both", map[string]CalendarYear{"2025": {Holidays: []string{"2025-01-26"}, MakeupWorkdays: []string{"2025-01-26"}}}, "both"},
		{"gap", map[string]CalendarYear{"2025": {}, "2027": {}}, "gaps"},
	}
	for _, tc := range tests {
		c := &Calendar{Years: tc.years}
		err := c.build()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want %q", tc.name, err, tc.want)
		}
	}
}

func FuzzDateZH(f *testing.F) {
	for _, s := range []string{"2026-12-03", "2026-02-30", "", "十二月", "0001-01-01"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := DateZH(s)
		d, err := ParseDate(s)
		if err != nil {
			if got != s {
				t.Fatalf("DateZH(%q) = %q; not a date, it must pass through", s, got)
			}
			return
		}
		want := fmt.Sprintf("%d年%d月%d日", d.Year(), d.Month(), d.Day())
		if got != want {
			t.Fatalf("DateZH(%q) = %q, want %q", s, got, want)
		}
	})
}

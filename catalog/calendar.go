package catalog

import (
	"fmt"
	"sort"
	"strconv"
	"time"
)

// Calendar counts working days: Monday to Friday, minus public holidays,
// plus make-up workdays (调休上班). The holidays are data in the catalog
// document, so a catalog update can add the next year's arrangement.
type Calendar struct {
	Years map[string]CalendarYear `json:"years"` // keyed by "2025", "2026", ...
	// AcceptanceDayNote explains that the day of acceptance does not count.
	AcceptanceDayNote Note `json:"acceptance_day_note"`

	holidays map[civil]bool
	makeup   map[civil]bool
	first    int // first covered year
	last     int // last covered year
}

// civil is a calendar date without time zone.
type civil struct {
	y int
	m time.Month
	d int
}

func civilOf(t time.Time) civil {
	y, m, d := t.Date()
	return civil{y, m, d}
}

// Date builds the date y-m-d at midnight UTC, the form Calendar returns.
func Date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// ParseDate parses YYYY-MM-DD.
func ParseDate(s string) (time.Time, error) { return time.Parse(time.DateOnly, s) }

// build indexes the year lists; it reports malformed or inconsistent dates.
func (c *Calendar) build() error {
	c.holidays = map[civil]bool{}
	c.makeup = map[civil]bool{}
	c.first, c.last = 0, 0
	years := make([]string, 0, len(c.Years))
	for y := range c.Years {
		years = append(years, y)
	}
	sort.Strings(years)
	for _, ys := range years {
		y, err := strconv.Atoi(ys)
		if err != nil || y < 2000 || y > 2200 || len(ys) != 4 {
			return fmt.Errorf("calendar year %q is not a year", ys)
		}
		if c.first == 0 || y < c.first {
			c.first = y
		}
		if y > c.last {
			c.last = y
		}
		cy := c.Years[ys]
		for _, list := range []struct {
			dates  []string
			set    map[civil]bool
			wantWE bool
			name   string
		}{{cy.Holidays, c.holidays, false, "holiday"}, {cy.MakeupWorkdays, c.makeup, true, "make-up workday"}} {
			for _, ds := range list.dates {
				d, err := ParseDate(ds)
				if err != nil {
					return fmt.Errorf("calendar %s %q: not a YYYY-MM-DD date", list.name, ds)
				}
				if d.Year() != y {
					return fmt.Errorf("calendar %s %s is not in year %d", list.name, ds, y)
				}
				wd := d.Weekday()
				if list.wantWE && wd != time.Saturday && wd != time.Sunday {
					return fmt.Errorf("calendar make-up workday %s is not a weekend day", ds)
				}
				if list.set[civilOf(d)] {
					return fmt.Errorf("calendar %s %s listed twice", list.name, ds)
				}
				list.set[civilOf(d)] = true
			}
		}
		for d := range c.makeup {
			if c.holidays[d] {
				return fmt.Errorf("calendar date %04d-%02d-%02d is both holiday and make-up workday", d.y, d.m, d.d)
			}
		}
	}
	// Gaps in the covered range would silently count holidays as workdays.
	if c.first != 0 && c.last-c.first+1 != len(years) {
		return fmt.Errorf("calendar years %d–%d have gaps", c.first, c.last)
	}
	return nil
}

// Covers reports whether the holiday arrangement of t's year is known.
func (c *Calendar) Covers(t time.Time) bool {
	y := t.Year()
	return c.first != 0 && y >= c.first && y <= c.last
}

// CoveredYears returns the first and last year with a known arrangement.
func (c *Calendar) CoveredYears() (first, last int) { return c.first, c.last }

// IsWorkday reports whether t's date is a working day. Outside the covered
// years only weekends are known (see Covers).
func (c *Calendar) IsWorkday(t time.Time) bool {
	d := civilOf(t)
	if c.makeup[d] {
		return true
	}
	if c.holidays[d] {
		return false
	}
	wd := t.Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// AddWorkdays returns the date n working days after start. The start day
// (the day of acceptance) does not count, so AddWorkdays(Mon, 1) is Tue.
// n <= 0 returns start's date.
func (c *Calendar) AddWorkdays(start time.Time, n int) time.Time {
	d := Date(start.Date())
	for n > 0 {
		d = d.AddDate(0, 0, 1)
		if c.IsWorkday(d) {
			n--
		}
	}
	return d
}

// SubWorkdays returns the date n working days before t: the day from which
// AddWorkdays(day, n) reaches t when t is a working day. n <= 0 returns
// t's date.
func (c *Calendar) SubWorkdays(t time.Time, n int) time.Time {
	d := Date(t.Date())
	for n > 0 {
		d = d.AddDate(0, 0, -1)
		if c.IsWorkday(d) {
			n--
		}
	}
	return d
}

// WorkdaysBetween counts working days after a up to and including b
// (the same convention as AddWorkdays: AddWorkdays(a, n) = b gives n).
// It is negative when b is before a.
func (c *Calendar) WorkdaysBetween(a, b time.Time) int {
	a, b = Date(a.Date()), Date(b.Date())
	sign := 1
	if b.Before(a) {
		a, b = b, a
		sign = -1
	}
	n := 0
	for d := a.AddDate(0, 0, 1); !d.After(b); d = d.AddDate(0, 0, 1) {
		if c.IsWorkday(d) {
			n++
		}
	}
	return sign * n
}

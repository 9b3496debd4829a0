package i18n

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

func TestParseDate(t *testing.T) {
	cases := []struct {
		in   string
		want string // "" = invalid
	}{
		{"2026-11-24", "2026-11-24"},
		{" 2026-11-24 ", "2026-11-24"},
		{"２０２６－１１－２４", "2026-11-24"},
		{"2024-02-29", "2024-02-29"},
		{"2026-02-29", ""},
		{"2026-13-01", ""},
		{"2026-1-5", ""},
		{"24/11/2026", ""},
		{"2026/11/24", ""},
		{"1899-12-31", ""},
		{"2101-01-01", ""},
		{"", ""},
		{"二〇二六年", ""},
	}
	for _, c := range cases {
		got, err := ParseDate(c.in)
		if c.want == "" {
			if err == nil {
				t.Errorf("ParseDate(%q) = %v, want error", c.in, got)
			}
			continue
		}
		if err != nil || got.Format(DateLayout) != c.want {
			t.Errorf("ParseDate(%q) = %v, %v; want %s", c.in, got, err, c.want)
		}
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2026-11-24", "２０２６－１１－２４", "2026-02-30", "", "0000-00-00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			return
		}
		if d.Year() < 1900 || d.Year() > 2100 {
			t.Fatalf("%q gave year %d", s, d.Year())
		}
		again, err := ParseDate(d.Format(DateLayout))
		if err != nil || !again.Equal(d) {
			t.Fatalf("%q: round trip %v → %v, %v", s, d, again, err)
		}
	})
}

func TestCalendarHeaderAndPick(t *testing.T) {
	test.NewTempApp(t)
	if err := Apply(Chinese); err != nil {
		t.Fatal(err)
	}
	var picked time.Time
	c := NewCalendar(time.Date(2026, 11, 24, 0, 0, 0, 0, time.Local), func(d time.Time) { picked = d })
	if c.Title() != "2026年11月" {
		t.Fatalf("title %q", c.Title())
	}
	// 2026-11-01 is a Sunday: six blanks after the weekday row when weeks start on Monday.
	if l, ok := c.days.Objects[0].(*widget.Label); !ok || l.Text != "一" {
		t.Fatalf("first weekday %#v", c.days.Objects[0])
	}
	if b, ok := c.days.Objects[7+6].(*widget.Button); !ok || b.Text != "1" {
		t.Fatalf("1 Nov not under 日: %#v", c.days.Objects[7+6])
	}
	test.Tap(c.DayButton(24))
	if picked.Format(DateLayout) != "2026-11-24" {
		t.Fatalf("picked %v", picked)
	}
	c.SetMonth(c.Month().AddDate(0, 1, 0))
	if c.Title() != "2026年12月" {
		t.Fatalf("next month title %q", c.Title())
	}

	if err := Apply(English); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = Apply(Chinese) }()
	if got := MonthTitle(time.Date(2026, 11, 1, 0, 0, 0, 0, time.Local)); got != "November 2026" {
		t.Fatalf("English title %q", got)
	}
	if got := FormatDateLong(time.Date(2026, 11, 24, 0, 0, 0, 0, time.Local)); got != "November 24, 2026" {
		t.Fatalf("English long date %q", got)
	}
}

func TestDateEntry(t *testing.T) {
	test.NewTempApp(t)
	if err := Apply(Chinese); err != nil {
		t.Fatal(err)
	}
	e := NewDateEntry()
	var changed []string
	e.OnDateChanged = func(d time.Time) { changed = append(changed, d.Format(DateLayout)) }
	w := test.NewTempWindow(t, e)
	w.Resize(fyne.NewSize(400, 400))

	if e.Validate() != nil {
		t.Fatal("empty optional date should be valid")
	}
	e.Required = true
	if e.Validate() == nil {
		t.Fatal("empty required date should be invalid")
	}
	test.Type(e, "2026-02-30")
	if err := e.Validate(); err == nil || err.Error() != "请按“年-月-日”填写有效日期，如 2026-11-24" {
		t.Fatalf("validation error %v", err)
	}
	e.SetText("")
	test.Type(e, "2026-11-24")
	if e.Validate() != nil {
		t.Fatal("valid date refused")
	}
	if d, ok := e.Date(); !ok || d.Day() != 24 {
		t.Fatalf("Date() = %v %v", d, ok)
	}
	if len(changed) != 1 || changed[0] != "2026-11-24" {
		t.Fatalf("OnDateChanged calls %v", changed)
	}

	// The calendar opens on the entered month and picking a day fills the entry.
	e.ShowCalendar()
	pop := e.popup
	if pop == nil || !pop.Visible() || w.Canvas().Overlays().Top() == nil {
		t.Fatal("calendar popup not shown")
	}
	cal := pop.Content.(*Calendar)
	if cal.Title() != "2026年11月" {
		t.Fatalf("calendar title %q", cal.Title())
	}
	test.Tap(cal.DayButton(3))
	if e.Text != "2026-11-03" {
		t.Fatalf("entry after pick %q", e.Text)
	}
	if pop.Visible() {
		t.Fatal("popup still open after pick")
	}
}

func TestPopupPosition(t *testing.T) {
	canvas := fyne.NewSize(1200, 760)
	pop := fyne.NewSize(320, 360)
	field := fyne.NewSize(300, 40)
	for _, tc := range []struct {
		name string
		pos  fyne.Position
		want fyne.Position
	}{
		{"room below", fyne.NewPos(100, 100), fyne.NewPos(100, 140)},
		{"near the bottom: above", fyne.NewPos(100, 600), fyne.NewPos(100, 240)},
		{"no room either way: as low as fits", fyne.NewPos(100, 300), fyne.NewPos(100, 400)},
		{"near the right edge", fyne.NewPos(1000, 100), fyne.NewPos(880, 140)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := canvas
			if tc.name == "no room either way: as low as fits" {
				c = fyne.NewSize(1200, 690)
				tc.want = fyne.NewPos(100, 330)
			}
			if got := popupPosition(tc.pos, field, pop, c); got != tc.want {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

// Every month shows six weeks, so the calendar keeps its size.
func TestCalendarKeepsItsSize(t *testing.T) {
	test.NewTempApp(t)
	c := NewCalendar(time.Date(2026, 2, 1, 0, 0, 0, 0, time.Local), nil) // four weeks and a bit
	feb := c.MinSize()
	c.SetMonth(time.Date(2026, 8, 1, 0, 0, 0, 0, time.Local)) // six weeks
	if aug := c.MinSize(); aug != feb {
		t.Errorf("February %v, August %v", feb, aug)
	}
}

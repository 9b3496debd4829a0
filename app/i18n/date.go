package i18n

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// DateLayout is the one date format Yiye reads and writes (GB/T 7408).
const DateLayout = "2006-01-02"

// ErrBadDate is returned by ParseDate; its text is translated at use.
var ErrBadDate = errors.New("date must be YYYY-MM-DD")

// ParseDate reads YYYY-MM-DD. It accepts full-width digits and dashes
// (Chinese IMEs in full-width mode type ２０２６－１１－２４) and
// surrounding spaces, and refuses impossible dates such as 2026-02-30 and
// years outside 1900–2100.
func ParseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(strings.Map(halfWidth, s))
	if len(s) != len(DateLayout) {
		return time.Time{}, ErrBadDate
	}
	t, err := time.ParseInLocation(DateLayout, s, time.Local)
	if err != nil || t.Year() < 1900 || t.Year() > 2100 {
		return time.Time{}, ErrBadDate
	}
	return t, nil
}

func halfWidth(r rune) rune {
	switch {
	case r >= '０' && r <= '９':
		return r - '０' + '0'
	case r == '－' || r == '—' || r == '–':
		return '-'
	case r == '\u3000':
		return ' '
	}
	return r
}

type dateData struct {
	Year, Month, Day int
	MonthName        string
}

func dataFor(t time.Time) dateData {
	return dateData{Year: t.Year(), Month: int(t.Month()), Day: t.Day(), MonthName: t.Month().String()}
}

// FormatDateLong formats t for reading: “2026年11月24日” / “November 24, 2026”.
func FormatDateLong(t time.Time) string {
	return lang.X("date.long", "{{.Year}}年{{.Month}}月{{.Day}}日", dataFor(t))
}

// FormatDay writes a contract date (YYYY-MM-DD) as FormatDateLong does,
// like the printed license (2031年12月2日); other text passes unchanged.
func FormatDay(s string) string {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return s
	}
	return FormatDateLong(t)
}

// FormatDateTime formats a moment for reading: “2026年11月24日 14:05” /
// “November 24, 2026 14:05”, in local time.
func FormatDateTime(t time.Time) string {
	t = t.Local()
	return FormatDateLong(t) + " " + t.Format("15:04")
}

// MonthTitle is a calendar header: “2026年11月” / “November 2026”.
func MonthTitle(t time.Time) string {
	return lang.X("calendar.month", "{{.Year}}年{{.Month}}月", dataFor(t))
}

// DateEntry is an Entry for a YYYY-MM-DD date with a calendar button.
// Fyne's own DateEntry uses DD/MM/YYYY for a Chinese locale.
type DateEntry struct {
	widget.Entry

	// Required makes an empty entry invalid.
	Required bool
	// OnDateChanged is called with each valid date typed or picked.
	OnDateChanged func(time.Time)

	popup *widget.PopUp
}

// NewDateEntry returns an empty date entry.
func NewDateEntry() *DateEntry {
	e := &DateEntry{}
	e.ExtendBaseWidget(e)
	e.SetPlaceHolder(lang.X("date.placeholder", "年-月-日，如 2026-11-24"))
	e.Validator = e.validate
	e.ActionItem = widget.NewButtonWithIcon("", theme.CalendarIcon(), e.ShowCalendar)
	e.OnChanged = func(s string) {
		if t, err := ParseDate(s); err == nil && e.OnDateChanged != nil {
			e.OnDateChanged(t)
		}
	}
	return e
}

func (e *DateEntry) validate(s string) error {
	if strings.TrimSpace(s) == "" && !e.Required {
		return nil
	}
	if _, err := ParseDate(s); err != nil {
		return errors.New(lang.X("date.invalid", "请按“年-月-日”填写有效日期，如 2026-11-24"))
	}
	return nil
}

// Date returns the entered date and whether the text is a valid date.
func (e *DateEntry) Date() (time.Time, bool) {
	t, err := ParseDate(e.Text)
	return t, err == nil
}

// SetDate shows t as YYYY-MM-DD.
func (e *DateEntry) SetDate(t time.Time) { e.SetText(t.Format(DateLayout)) }

// ShowCalendar opens the calendar below the entry; picking a day fills it in.
func (e *DateEntry) ShowCalendar() {
	c := fyne.CurrentApp().Driver().CanvasForObject(e)
	if c == nil {
		return
	}
	start, ok := e.Date()
	if !ok {
		start = time.Now()
	}
	cal := NewCalendar(start, func(t time.Time) {
		e.SetDate(t)
		if e.popup != nil {
			e.popup.Hide()
		}
	})
	if _, ok := e.Date(); ok {
		cal.selected = start
		cal.refreshDays()
	}
	e.popup = widget.NewPopUp(cal, c)
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(e)
	e.popup.ShowAtPosition(popupPosition(pos, e.Size(), e.popup.MinSize(), c.Size()))
}

// popupPosition places a pop-up of size pop for a field at pos with size
// field on a canvas of size canvas: below the field when it fits, else
// above it, else as low as it fits; never past the canvas's edges, so
// every day of the month can be reached.
func popupPosition(pos fyne.Position, field, pop, canvas fyne.Size) fyne.Position {
	p := pos.AddXY(0, field.Height)
	if p.Y+pop.Height > canvas.Height {
		if above := pos.Y - pop.Height; above >= 0 {
			p.Y = above
		} else {
			p.Y = max(0, canvas.Height-pop.Height)
		}
	}
	if p.X+pop.Width > canvas.Width {
		p.X = max(0, canvas.Width-pop.Width)
	}
	return p
}

// Calendar is a month calendar with a Chinese-order header (“2026年11月”),
// weeks starting on Monday (as Chinese calendars do) and one button per day.
type Calendar struct {
	widget.BaseWidget

	// OnSelected is called when a day is tapped.
	OnSelected func(time.Time)

	month    time.Time // first day of the shown month
	selected time.Time
	title    *widget.Label
	days     *fyne.Container
	content  *fyne.Container
}

// NewCalendar shows the month of t.
func NewCalendar(t time.Time, onSelected func(time.Time)) *Calendar {
	c := &Calendar{OnSelected: onSelected}
	c.ExtendBaseWidget(c)
	c.title = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	prev := widget.NewButtonWithIcon("", theme.NavigateBackIcon(), func() { c.SetMonth(c.month.AddDate(0, -1, 0)) })
	next := widget.NewButtonWithIcon("", theme.NavigateNextIcon(), func() { c.SetMonth(c.month.AddDate(0, 1, 0)) })
	today := widget.NewButton(lang.X("calendar.today", "今天"), func() { c.SetMonth(time.Now()) })
	header := container.NewBorder(nil, nil, prev, container.NewHBox(today, next), c.title)
	c.days = container.NewGridWithColumns(7)
	c.content = container.NewVBox(header, c.days)
	c.SetMonth(t)
	return c
}

// CreateRenderer implements fyne.Widget.
func (c *Calendar) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(c.content) }

// Title returns the header text, e.g. “2026年11月”.
func (c *Calendar) Title() string { return c.title.Text }

// Month returns the first day of the month shown.
func (c *Calendar) Month() time.Time { return c.month }

// SetMonth shows the month containing t.
func (c *Calendar) SetMonth(t time.Time) {
	c.month = time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.Local)
	c.title.SetText(MonthTitle(c.month))
	c.refreshDays()
}

var weekdayKeys = []struct{ key, zh string }{
	{"monday.short", "一"}, {"tuesday.short", "二"}, {"wednesday.short", "三"}, {"thursday.short", "四"},
	{"friday.short", "五"}, {"saturday.short", "六"}, {"sunday.short", "日"},
}

func (c *Calendar) refreshDays() {
	objs := make([]fyne.CanvasObject, 0, 49)
	for _, w := range weekdayKeys {
		objs = append(objs, widget.NewLabelWithStyle(lang.X(w.key, w.zh), fyne.TextAlignCenter, fyne.TextStyle{Bold: true}))
	}
	lead := (int(c.month.Weekday()) + 6) % 7 // Monday = 0
	for i := 0; i < lead; i++ {
		objs = append(objs, widget.NewLabel(""))
	}
	now := time.Now()
	for d := c.month; d.Month() == c.month.Month(); d = d.AddDate(0, 0, 1) {
		day := d
		b := widget.NewButton(strconv.Itoa(d.Day()), func() {
			c.selected = day
			c.refreshDays()
			if c.OnSelected != nil {
				c.OnSelected(day)
			}
		})
		b.Importance = widget.LowImportance
		if sameDay(d, now) {
			b.Importance = widget.MediumImportance
		}
		if sameDay(d, c.selected) {
			b.Importance = widget.HighImportance
		}
		objs = append(objs, b)
	}
	// Always six weeks: the calendar keeps its size from month to month,
	// so the arrows do not move under the pointer.
	for len(objs) < 7+6*7 {
		objs = append(objs, widget.NewLabel(""))
	}
	c.days.Objects = objs
	c.days.Refresh()
}

// DayButton returns the button for day d of the shown month (tests tap it).
func (c *Calendar) DayButton(d int) *widget.Button {
	want := strconv.Itoa(d)
	for _, o := range c.days.Objects {
		if b, ok := o.(*widget.Button); ok && b.Text == want {
			return b
		}
	}
	return nil
}

func sameDay(a, b time.Time) bool {
	return a.Year() == b.Year() && a.Month() == b.Month() && a.Day() == b.Day()
}

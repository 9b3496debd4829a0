package track

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/naiman-yiye/yiye/app/i18n"
	"github.com/naiman-yiye/yiye/catalog"
	"github.com/naiman-yiye/yiye/client/api"
)

func TestDeadlineText(t *testing.T) {
	cat, err := catalog.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	it, _ := cat.Item("SPJY")
	days := it.CommittedDays
	accepted := time.Date(2026, 11, 23, 10, 0, 0, 0, time.Local) // a Monday
	due := cat.Calendar.AddWorkdays(accepted, days)
	app := func(status string, acceptedEvent bool, codes ...string) api.Application {
		a := api.Application{ApplicationSummary: api.ApplicationSummary{Status: status, Industry: "restaurant"}}
		if len(codes) == 0 {
			codes = []string{"SPJY"}
		}
		for _, c := range codes {
			a.Items = append(a.Items, api.ItemStatus{Code: c})
		}
		if acceptedEvent {
			a.Timeline = []api.Event{{Type: api.EventSubmitted, At: accepted.Add(-time.Hour)}, {Type: api.EventAccepted, At: accepted}}
		}
		return a
	}
	hotel := app(api.StatusSubmitted, false, "TZHY", "GGWS", "XFJC")
	hotel.Industry = "hotel"
	tz, _ := cat.Item("TZHY")
	fire, _ := cat.Item("XFJC")
	hotelDays := tz.CommittedDays + fire.CommittedDays
	for _, tc := range []struct {
		name  string
		a     api.Application
		today time.Time
		want  []string
	}{
		{"before acceptance", app(api.StatusSubmitted, false), accepted, []string{fmt.Sprintf("受理后 %d 个工作日内办结", days)}},
		{"running", app(api.StatusAccepted, true), accepted.AddDate(0, 0, 1),
			[]string{"自2026年11月23日受理起算", "预计" + i18n.FormatDateLong(due) + "前办结",
				fmt.Sprintf("还剩 %d 个工作日", days-1)}},
		// The special-trade license waits for the fire opinion: the two
		// limits add up, and the hotel's total is longer than either.
		{"hotel", hotel, accepted, []string{fmt.Sprintf("受理后 %d 个工作日内办结", hotelDays)}},
		{"overdue", app(api.StatusInspectionScheduled, true), due.AddDate(0, 0, 7), []string{"已超出 5 个工作日"}},
		{"decided", app(api.StatusLicensed, true), due.AddDate(1, 0, 0), []string{"已办结"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := deadlineText(cat, tc.a, tc.today)
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("%q lacks %q", got, w)
				}
			}
		})
	}
}

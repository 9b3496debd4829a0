package track

import (
	"fmt"
	"strings"
	"testing"
	"time"

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
	app := func(status string, acceptedEvent bool) api.Application {
		a := api.Application{ApplicationSummary: api.ApplicationSummary{Status: status,
			Items: []api.ItemStatus{{Code: "SPJY"}}}}
		if acceptedEvent {
			a.Timeline = []api.Event{{Type: api.EventSubmitted, At: accepted.Add(-time.Hour)}, {Type: api.EventAccepted, At: accepted}}
		}
		return a
	}
	for _, tc := range []struct {
		name  string
		a     api.Application
		today time.Time
		want  []string
	}{
		{"before acceptance", app(api.StatusSubmitted, false), accepted, []string{fmt.Sprintf("受理后 %d 个工作日内办结", days)}},
		{"running", app(api.StatusAccepted, true), accepted.AddDate(0, 0, 1),
			[]string{"自 2026-11-23 受理起算", "预计 " + due.Format("2006-01-02") + " 前办结",
				fmt.Sprintf("还剩 %d 个工作日", days-1)}},
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

package catalog

import (
	"testing"
	"time"
)

// TestRenewalWindow: when to apply to renew a result before it expires,
// as far as the facts tell (food: 90 to 15 working days before, a single
// source; drugs: 6 to 2 months, unverified).
func TestRenewalWindow(t *testing.T) {
	c := mustEmbedded(t)
	tests := []struct {
		code       string
		until      string
		from, to   string
		ok         bool
		uncertain  bool
		checkWorks int // working days from "from" to expiry, when counted in working days
	}{
		{"SPJY", "2026-12-31", "", "2026-12-10", true, true, 90},
		{"YPLS", "2031-11-23", "2031-05-23", "2031-09-23", true, true, 0},
		{"GGWS", "2030-11-23", "", "", false, false, 0},
		{"XFJC", "2030-11-23", "", "", false, false, 0},
	}
	for _, tc := range tests {
		t.Run(tc.code, func(t *testing.T) {
			it, _ := c.Item(tc.code)
			until := d(tc.until)
			from, to, ok := c.RenewalWindow(it.Renewal, until)
			if ok != tc.ok {
				t.Fatalf("window known: %v, want %v", ok, tc.ok)
			}
			if !ok {
				return
			}
			if to.Format(time.DateOnly) != tc.to || tc.from != "" && from.Format(time.DateOnly) != tc.from {
				t.Errorf("window %s – %s, want %s – %s", from.Format(time.DateOnly), to.Format(time.DateOnly), tc.from, tc.to)
			}
			if tc.checkWorks > 0 {
				if got := c.Calendar.WorkdaysBetween(from, until); got != tc.checkWorks {
					t.Errorf("window opens %d working days before expiry, want %d", got, tc.checkWorks)
				}
			}
			if it.Renewal.Note.Reliability.Uncertain() != tc.uncertain || it.Renewal.Note.Source == "" || it.Renewal.Note.ZH == "" {
				t.Errorf("renewal note %+v", it.Renewal.Note)
			}
		})
	}
	if _, _, ok := c.RenewalWindow(nil, d("2030-01-01")); ok {
		t.Error("nil renewal gave a window")
	}
}

func TestSubWorkdays(t *testing.T) {
	c := mustEmbedded(t)
	for _, tc := range []struct {
		from string
		n    int
		want string
	}{
		{"2026-12-31", 15, "2026-12-10"},
		{"2026-10-08", 1, "2026-09-30"}, // back over the National Day holiday
		{"2026-10-12", 1, "2026-10-10"}, // the make-up Saturday counts
		{"2026-03-02", 0, "2026-03-02"},
	} {
		if got := c.Calendar.SubWorkdays(d(tc.from), tc.n); got.Format(time.DateOnly) != tc.want {
			t.Errorf("SubWorkdays(%s, %d) = %s, want %s", tc.from, tc.n, got.Format(time.DateOnly), tc.want)
		}
	}
}

package track

import (
	"strings"
	"testing"

	"github.com/naiman-yiye/yiye/client"
	"github.com/naiman-yiye/yiye/client/api"
)

func TestChangeText(t *testing.T) {
	for _, tc := range []struct {
		name       string
		ch         client.StatusChange
		title, has string
	}{
		{"status", client.StatusChange{Application: api.ApplicationSummary{SubjectName: "某店", Number: "N1"}, Old: "submitted", New: "accepted"},
			"某店（N1）", "办理状态：已受理"},
		{"item", client.StatusChange{Application: api.ApplicationSummary{SubjectName: "某店", Number: "N2"}, Old: "accepted", New: "partially_approved",
			Items: []client.ItemChange{{Code: "YCLS", Name: "烟草专卖零售许可证核发", Old: "accepted", New: "rejected"}}},
			"某店（N2）", "烟草专卖零售许可证核发：未批准"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			title, body := ChangeText(tc.ch)
			if title != tc.title || !strings.Contains(body, tc.has) {
				t.Errorf("%+v: %q / %q", tc.ch, title, body)
			}
		})
	}
}

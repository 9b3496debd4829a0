package journey

import (
	"testing"

	"github.com/naiman-yiye/yiye/app/i18n/i18ntest"
)

// TestTranslationsComplete: see i18ntest.Problems for every check.
func TestTranslationsComplete(t *testing.T) {
	i18ntest.CheckComplete(t, translations, "translations", ".", i18ntest.Options{
		Prefix: "journey.",
		// Formats and punctuation only.
		ZhMayBeLatin: []string{
			"journey.draft.default_title", "journey.mat.pdf_info_nopages",
			"journey.notice.per_item_note", "journey.q.number", "journey.quoted", "journey.step.numbered",
		},
		// The search hint quotes a Chinese example.
		EnMayHaveHan: []string{"journey.home.search_placeholder"},
		MinUsed:      20,
	})
}

// containsHan is i18ntest.HasCJK, for the screen tests' language checks.
func containsHan(s string) bool { return i18ntest.HasCJK(s) }

package track

import (
	"testing"

	"github.com/naiman-yiye/yiye/app/i18n/i18ntest"
)

// TestTranslationsComplete: see i18ntest.Problems for every check.
func TestTranslationsComplete(t *testing.T) {
	i18ntest.CheckComplete(t, translations, "translations", ".", i18ntest.Options{
		Prefix:       "track.",
		ZhMayBeLatin: []string{"track.notify.title", "track.detail.item", "track.apps.item"}, // "{{.Name}}（{{.Number}}）", "{{.Name}}（{{.Dept}}）：{{.Status}}"
		MinUsed:      40,
	})
}

package licenseview

import (
	"embed"
	"time"

	"github.com/naiman-yiye/yiye/app/i18n"
)

// translations holds this package's zh-Hans and en strings ("lic.*").
//
//go:embed translations/*.json
var translations embed.FS

var strs = i18n.NewStrings(translations, "translations")

// tr translates a "lic.*" key; every key used must be in both files
// (TestTranslationsComplete scans the sources).
func tr(key string, data ...any) string { return strs.X(key, data...) }

// trm is tr with template values given as pairs: trm(key, "N", 3).
func trm(key string, kv ...any) string { return strs.M(key, kv...) }

// day writes a contract date (YYYY-MM-DD) as the UI reads dates, like
// the printed license (2031年12月2日); other text passes unchanged.
func day(s string) string {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return s
	}
	return i18n.FormatDateLong(t)
}

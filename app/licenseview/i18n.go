package licenseview

import (
	"embed"

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

package kioskmode

import (
	"embed"

	"fyne.io/fyne/v2"

	"github.com/naiman-yiye/yiye/app/i18n"
	"github.com/naiman-yiye/yiye/usererr"
)

// translations holds this package's zh-Hans and en strings ("kioskmode.*").
//
//go:embed translations/*.json
var translations embed.FS

var strs = i18n.NewStrings(translations, "translations")

// tr translates a "kioskmode.*" key; every key used must be in both files
// (TestTranslationsComplete scans the sources).
func tr(key string, data ...any) string { return strs.X(key, data...) }

// trm is tr with template values given as pairs: trm(key, "N", 3).
func trm(key string, kv ...any) string { return strs.M(key, kv...) }

// langCode is the UI language for usererr messages.
func langCode() string {
	if i18n.Current() == i18n.English {
		return "en"
	}
	return "zh"
}

// msg is err in the UI language (a *usererr.Error shows its own text).
func msg(err error) string { return usererr.Message(err, langCode()) }

// wrap is the wrapping for long labels: Chinese has no spaces, so it
// breaks between characters; English breaks between words.
func wrap() fyne.TextWrap {
	if i18n.Current() == i18n.English {
		return fyne.TextWrapWord
	}
	return fyne.TextWrapBreak
}

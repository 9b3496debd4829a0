package kioskmode

import (
	"embed"
	"encoding/json"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"github.com/naiman-yiye/yiye/app/i18n"
	"github.com/naiman-yiye/yiye/usererr"
)

// translations holds this package's zh-Hans and en strings (keys prefixed
// "kioskmode."); app/i18n merges them when a language is applied.
//
//go:embed translations/*.json
var translations embed.FS

const (
	zhFile = "zh-Hans.json"
	enFile = "en.json"
)

// zhFallback is the Chinese text of every key, so no screen ever shows a
// raw key even before a language is applied.
var zhFallback = map[string]string{}

func init() {
	i18n.Register(translations, "translations")
	if b, err := translations.ReadFile("translations/" + zhFile); err == nil {
		_ = json.Unmarshal(b, &zhFallback) // a bad file fails TestTranslationsComplete
	}
}

// tr translates key (a "kioskmode.*" ID); every key used must be in both
// files (a test scans the sources).
func tr(key string, data ...any) string {
	fb, ok := zhFallback[key]
	if !ok {
		fb = key
	}
	return lang.X(key, fb, data...)
}

// trm is tr with template values given as key/value pairs.
func trm(key string, kv ...any) string {
	m := make(map[string]any, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		if k, ok := kv[i].(string); ok {
			m[k] = kv[i+1]
		}
	}
	return tr(key, m)
}

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

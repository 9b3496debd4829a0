package journey

import (
	"embed"
	"encoding/json"

	"fyne.io/fyne/v2/lang"

	"github.com/naiman-yiye/yiye/app/i18n"
)

// translations holds this package's own zh-Hans and en strings (keys
// prefixed "journey."); app/i18n merges them with the shell's when it
// applies a language.
//
//go:embed translations/*.json
var translations embed.FS

// The translation files, named as app/i18n expects.
const (
	zhFile = "zh-Hans.json"
	enFile = "en.json"
)

// zhFallback is the Chinese text of every key, used as lang's fallback so
// a screen never shows a raw key, even before a language is applied.
var zhFallback = map[string]string{}

func init() {
	i18n.Register(translations, "translations")
	if b, err := translations.ReadFile("translations/" + zhFile); err == nil {
		_ = json.Unmarshal(b, &zhFallback) // a bad file fails TestTranslationsComplete
	}
}

// tr returns the translation of key (a "journey.*" ID), filled from data.
// Every key passed here must exist in both translation files; a test scans
// the sources for tr("...") and trm("...") calls to enforce it.
func tr(key string, data ...any) string {
	fb, ok := zhFallback[key]
	if !ok {
		fb = key
	}
	return lang.X(key, fb, data...)
}

// trm is tr with template values given as pairs: trm("journey.x", "N", 3).
func trm(key string, kv ...any) string {
	m := make(map[string]any, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		if k, ok := kv[i].(string); ok {
			m[k] = kv[i+1]
		}
	}
	return tr(key, m)
}

package services

import (
	"embed"
	"encoding/json"

	"fyne.io/fyne/v2/lang"

	"github.com/naiman-yiye/yiye/app/i18n"
)

// translations holds this package's zh-Hans and en strings (keys prefixed
// "svc."): status names and notification texts shared by the screens.
//
//go:embed translations/*.json
var translations embed.FS

const (
	zhFile = "zh-Hans.json"
	enFile = "en.json"
)

var zhFallback = map[string]string{}

func init() {
	i18n.Register(translations, "translations")
	if b, err := translations.ReadFile("translations/" + zhFile); err == nil {
		_ = json.Unmarshal(b, &zhFallback)
	}
}

// T returns the translation of key (any registered key), with the
// Chinese text of this package's file as fallback.
func T(key string, data ...any) string {
	fb, ok := zhFallback[key]
	if !ok {
		fb = key
	}
	return lang.X(key, fb, data...)
}

// TM is T with template values given as pairs: TM(key, "N", 3).
func TM(key string, kv ...any) string {
	m := make(map[string]any, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		if k, ok := kv[i].(string); ok {
			m[k] = kv[i+1]
		}
	}
	return T(key, m)
}

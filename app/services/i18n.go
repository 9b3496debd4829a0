package services

import (
	"embed"

	"github.com/naiman-yiye/yiye/app/i18n"
)

// translations holds this package's zh-Hans and en strings (keys prefixed
// "svc."): status names and notification texts shared by the screens.
//
//go:embed translations/*.json
var translations embed.FS

var strs = i18n.NewStrings(translations, "translations")

// T returns the translation of key (any registered key), with the
// Chinese text of this package's file as fallback.
func T(key string, data ...any) string { return strs.X(key, data...) }

// TM is T with template values given as pairs: TM(key, "N", 3).
func TM(key string, kv ...any) string { return strs.M(key, kv...) }

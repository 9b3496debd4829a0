package shell

import (
	"embed"

	"github.com/naiman-yiye/yiye/app/i18n"
)

//go:embed translations
var translations embed.FS

var _ = i18n.NewStrings(translations, "translations")

package shell

import (
	"embed"

	"github.com/naiman-yiye/yiye/app/i18n"
)

//go:embed translations
var translations embed.FS

func init() { i18n.Register(translations, "translations") }

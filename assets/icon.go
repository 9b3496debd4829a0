package assets

import _ "embed"

// Icon is the app icon, 512×512 PNG: a seal-red rounded square with a white
// 证. Regenerate it with `go run ./assets/icons/gen -o assets/icon.png`.
//
//go:embed icon.png
var Icon []byte

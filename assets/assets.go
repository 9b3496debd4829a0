// Package assets embeds the files Yiye ships inside its binary: the CJK
// fonts (a GB 2312 subset of Noto Sans SC, SIL OFL 1.1; see fonts/) and icons.
package assets

import _ "embed"

// The fonts cover GB 2312, punctuation and the app's own text; each is a
// single face (not .ttc, which Fyne cannot load). Rebuild them with
// fonts/build_subset.py.
//
// ScreenRegular and ScreenBold keep their CFF outlines, which Fyne reads as
// glyphs are drawn (about 1 MiB of memory each); FontRegular and FontBold
// are the same faces with TrueType outlines, which the PDF writer needs
// (Fyne would parse every glyph of them at load, about 9 MiB each).
var (
	//go:embed fonts/NotoSansSC-Regular-subset.otf
	ScreenRegular []byte
	//go:embed fonts/NotoSansSC-Bold-subset.otf
	ScreenBold []byte
	//go:embed fonts/NotoSansSC-Regular-subset.ttf
	FontRegular []byte
	//go:embed fonts/NotoSansSC-Bold-subset.ttf
	FontBold []byte
)

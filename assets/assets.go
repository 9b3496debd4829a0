// Package assets embeds the files Yiye ships inside its binary: the CJK
// fonts (a GB 2312 subset of Noto Sans SC, SIL OFL 1.1; see fonts/) and icons.
package assets

import _ "embed"

// FontRegular and FontBold are single-face TrueType fonts (not .ttc, which
// Fyne cannot load) covering GB 2312, punctuation and the app's own text.
// Rebuild them with fonts/build_subset.py.
var (
	//go:embed fonts/NotoSansSC-Regular-subset.ttf
	FontRegular []byte
	//go:embed fonts/NotoSansSC-Bold-subset.ttf
	FontBold []byte
)

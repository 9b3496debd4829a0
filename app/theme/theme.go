// Package theme is Yiye's Fyne theme: the embedded Noto Sans SC subset for
// every proportional text style (so Chinese renders the same on every OS,
// with or without system CJK fonts), a calm government-service palette in
// light and dark, three text sizes and a touch-friendly kiosk variant.
//
// Usage:
//
//	a.Settings().SetTheme(theme.New(theme.Options{TextSize: theme.TextLarge}))
package theme

import (
	"image/color"

	"fyne.io/fyne/v2"
	ftheme "fyne.io/fyne/v2/theme"

	"github.com/naiman-yiye/yiye/assets"
)

// TextSize is the user's text-size setting (设置 → 文字大小).
type TextSize int

// The text sizes offered in settings. The zero value is TextStandard.
const (
	TextStandard TextSize = iota // 标准
	TextLarge                    // 大
	TextXLarge                   // 特大
)

// TextSizes lists the settings in the order the settings screen shows them.
var TextSizes = []TextSize{TextStandard, TextLarge, TextXLarge}

// Scale is the factor applied to every text size (and to icons and
// paddings, so controls grow with their labels).
func (s TextSize) Scale() float32 {
	switch s {
	case TextLarge:
		return 1.2
	case TextXLarge:
		return 1.45
	default:
		return 1
	}
}

// Key is the stable value stored in preferences.
func (s TextSize) Key() string {
	switch s {
	case TextLarge:
		return "large"
	case TextXLarge:
		return "xlarge"
	default:
		return "standard"
	}
}

// ParseTextSize reads a value stored by Key; unknown values give TextStandard.
func ParseTextSize(key string) TextSize {
	switch key {
	case "large":
		return TextLarge
	case "xlarge":
		return TextXLarge
	default:
		return TextStandard
	}
}

// kioskScale is applied on top of the text size in kiosk mode: kiosks are
// used standing, at arm's length, by touch.
const kioskScale = 1.3

// kioskMinTarget is the minimum height in Fyne units of a tappable row in
// kiosk mode (≈ 11 mm on a 96-dpi touch screen).
const kioskMinTarget = 44

// Options configure a theme.
type Options struct {
	TextSize TextSize
	// Kiosk makes text larger and every control a comfortable touch target.
	Kiosk bool
	// Variant forces light or dark; nil follows the OS.
	Variant *fyne.ThemeVariant
}

// Fonts shipped with the app, as Fyne resources: the CFF faces, which
// Fyne keeps in far less memory than TrueType ones (see package assets).
var (
	FontRegular fyne.Resource = &fyne.StaticResource{StaticName: "NotoSansSC-Regular-subset.otf", StaticContent: assets.ScreenRegular}
	FontBold    fyne.Resource = &fyne.StaticResource{StaticName: "NotoSansSC-Bold-subset.otf", StaticContent: assets.ScreenBold}
)

// Brand colours, also used by the app icon and badges.
var (
	// GovBlue is the primary colour: buttons, links, the selected nav item.
	GovBlue = color.NRGBA{R: 0x1F, G: 0x5F, B: 0xA8, A: 0xFF}
	// GovBlueDark is the primary colour on dark backgrounds.
	GovBlueDark = color.NRGBA{R: 0x5B, G: 0x9B, B: 0xE6, A: 0xFF}
	// SealRed is the red of an official seal: the icon and the DEMO badge.
	SealRed = color.NRGBA{R: 0xC8, G: 0x1E, B: 0x1E, A: 0xFF}
)

// Theme is Yiye's fyne.Theme. Build it with New.
type Theme struct {
	base fyne.Theme
	opts Options
}

var _ fyne.Theme = (*Theme)(nil)

// New returns the theme for opts.
func New(opts Options) *Theme {
	return &Theme{base: ftheme.DefaultTheme(), opts: opts}
}

// Options returns the options the theme was built with.
func (t *Theme) Options() Options { return t.opts }

// Font returns the embedded CJK font for regular, bold and italic text
// (italic has no CJK face: it falls back to upright) and Fyne's own
// monospace and symbol fonts, which cover code and icons.
func (t *Theme) Font(s fyne.TextStyle) fyne.Resource {
	if s.Monospace || s.Symbol {
		return t.base.Font(s)
	}
	if s.Bold {
		return FontBold
	}
	return FontRegular
}

// Icon returns Fyne's default icons.
func (t *Theme) Icon(n fyne.ThemeIconName) fyne.Resource { return t.base.Icon(n) }

// Color returns the palette colour for n.
func (t *Theme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if t.opts.Variant != nil {
		v = *t.opts.Variant
	}
	pal := lightPalette
	if v == ftheme.VariantDark {
		pal = darkPalette
	}
	if c, ok := pal[n]; ok {
		return c
	}
	return t.base.Color(n, v)
}

// Size scales Fyne's default sizes for the text-size setting and kiosk mode.
func (t *Theme) Size(n fyne.ThemeSizeName) float32 {
	base := t.base.Size(n)
	k := t.opts.TextSize.Scale()
	if t.opts.Kiosk {
		k *= kioskScale
	}
	switch n {
	case ftheme.SizeNameText, ftheme.SizeNameHeadingText, ftheme.SizeNameSubHeadingText,
		ftheme.SizeNameCaptionText, ftheme.SizeNameInlineIcon:
		return base * k
	case ftheme.SizeNamePadding, ftheme.SizeNameLineSpacing:
		if t.opts.Kiosk {
			return base * 1.5
		}
		return base
	case ftheme.SizeNameInnerPadding:
		if t.opts.Kiosk {
			// A button is text + 2×inner padding tall; grow the padding until
			// that reaches kioskMinTarget.
			text := t.base.Size(ftheme.SizeNameText) * k
			if p := (kioskMinTarget - text) / 2; p > base*k {
				return p
			}
		}
		return base * k
	case ftheme.SizeNameScrollBar, ftheme.SizeNameScrollBarSmall:
		if t.opts.Kiosk {
			return base * 2 // draggable with a finger
		}
		return base
	case ftheme.SizeNameInputRadius, ftheme.SizeNameSelectionRadius, ftheme.SizeNameButtonRadius:
		return 4
	}
	return base
}

// MinTouchTarget is the minimum height of a tappable control for the theme
// (Fyne units); screens use it for custom tiles.
func (t *Theme) MinTouchTarget() float32 {
	if t.opts.Kiosk {
		return kioskMinTarget
	}
	return 32
}

func rgb(hex uint32) color.NRGBA {
	return color.NRGBA{R: uint8(hex >> 16), G: uint8(hex >> 8), B: uint8(hex), A: 0xFF}
}

func rgba(hex uint32, a uint8) color.NRGBA {
	c := rgb(hex)
	c.A = a
	return c
}

// The palette: a light grey-blue page, white inputs, dark slate text, one
// blue for action, muted green/amber/red for status. Contrast of text on
// background is above WCAG AA (≥ 4.5:1) in both variants.
var lightPalette = map[fyne.ThemeColorName]color.Color{
	ftheme.ColorNameBackground:          rgb(0xF4F6F9),
	ftheme.ColorNameForeground:          rgb(0x1F2933),
	ftheme.ColorNamePrimary:             GovBlue,
	ftheme.ColorNameHyperlink:           GovBlue,
	ftheme.ColorNameForegroundOnPrimary: rgb(0xFFFFFF),
	ftheme.ColorNameButton:              rgb(0xE3E8EF),
	ftheme.ColorNameDisabledButton:      rgb(0xE9ECF0),
	ftheme.ColorNameDisabled:            rgb(0x9AA5B1),
	ftheme.ColorNameInputBackground:     rgb(0xFFFFFF),
	ftheme.ColorNameInputBorder:         rgb(0xC3CCD6),
	ftheme.ColorNamePlaceHolder:         rgb(0x7B8794),
	ftheme.ColorNameHeaderBackground:    rgb(0xE6ECF3),
	ftheme.ColorNameMenuBackground:      rgb(0xFFFFFF),
	ftheme.ColorNameOverlayBackground:   rgb(0xFFFFFF),
	ftheme.ColorNameSeparator:           rgb(0xD9DEE5),
	ftheme.ColorNameHover:               rgba(0x1F5FA8, 0x14),
	ftheme.ColorNamePressed:             rgba(0x1F5FA8, 0x2A),
	ftheme.ColorNameFocus:               rgba(0x1F5FA8, 0x55),
	ftheme.ColorNameSelection:           rgba(0x1F5FA8, 0x33),
	ftheme.ColorNameSuccess:             rgb(0x2E7D32),
	ftheme.ColorNameWarning:             rgb(0xB26A00),
	ftheme.ColorNameError:               rgb(0xC62828),
	ftheme.ColorNameShadow:              rgba(0x000000, 0x33),
}

var darkPalette = map[fyne.ThemeColorName]color.Color{
	ftheme.ColorNameBackground:          rgb(0x1A1F26),
	ftheme.ColorNameForeground:          rgb(0xE4E7EB),
	ftheme.ColorNamePrimary:             GovBlueDark,
	ftheme.ColorNameHyperlink:           GovBlueDark,
	ftheme.ColorNameForegroundOnPrimary: rgb(0x0B1A2B),
	ftheme.ColorNameButton:              rgb(0x2A313B),
	ftheme.ColorNameDisabledButton:      rgb(0x252B33),
	ftheme.ColorNameDisabled:            rgb(0x616E7C),
	ftheme.ColorNameInputBackground:     rgb(0x232A33),
	ftheme.ColorNameInputBorder:         rgb(0x3E4C59),
	ftheme.ColorNamePlaceHolder:         rgb(0x9AA5B1),
	ftheme.ColorNameHeaderBackground:    rgb(0x222932),
	ftheme.ColorNameMenuBackground:      rgb(0x232A33),
	ftheme.ColorNameOverlayBackground:   rgb(0x232A33),
	ftheme.ColorNameSeparator:           rgb(0x323B46),
	ftheme.ColorNameHover:               rgba(0x5B9BE6, 0x1F),
	ftheme.ColorNamePressed:             rgba(0x5B9BE6, 0x33),
	ftheme.ColorNameFocus:               rgba(0x5B9BE6, 0x66),
	ftheme.ColorNameSelection:           rgba(0x5B9BE6, 0x40),
	ftheme.ColorNameSuccess:             rgb(0x66BB6A),
	ftheme.ColorNameWarning:             rgb(0xFFB74D),
	ftheme.ColorNameError:               rgb(0xEF5350),
	ftheme.ColorNameShadow:              rgba(0x000000, 0x66),
}

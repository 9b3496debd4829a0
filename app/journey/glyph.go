package journey

import (
	"image/color"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// industryGlyph is the small drawn icon of an industry: one telling
// character on a coloured badge. A character reads faster than an abstract
// pictogram for someone who knows their trade by its Chinese name.
type industryGlyph struct {
	char string
	bg   color.NRGBA
}

var (
	colFood    = color.NRGBA{R: 0xE0, G: 0x6C, B: 0x1F, A: 0xFF} // orange: food
	colShop    = color.NRGBA{R: 0x1E, G: 0x78, B: 0xC8, A: 0xFF} // blue: retail
	colService = color.NRGBA{R: 0x2E, G: 0x8B, B: 0x57, A: 0xFF} // green: services
	colLodging = color.NRGBA{R: 0x8E, G: 0x44, B: 0xAD, A: 0xFF} // purple: lodging, night
	colHealth  = color.NRGBA{R: 0xC0, G: 0x39, B: 0x2B, A: 0xFF} // red: medicine
)

// glyphs maps the stable industry codes (architecture.md) to their badge.
var glyphs = map[string]industryGlyph{
	"convenience-store": {"便", colShop},
	"supermarket":       {"超", colShop},
	"restaurant":        {"饭", colFood},
	"small-catering":    {"餐", colFood},
	"fresh-food":        {"食", colFood},
	"bakery":            {"焙", colFood},
	"cafe-teahouse":     {"茶", colFood},
	"bar":               {"酒", colLodging},
	"bathhouse":         {"浴", colService},
	"gym":               {"健", colService},
	"beauty-salon":      {"美", colService},
	"hotel":             {"宿", colLodging},
	"pharmacy":          {"药", colHealth},
	"maternity-baby":    {"婴", colShop},
	"bookstore":         {"书", colShop},
}

// glyphFor returns the badge of an industry; unknown codes get the first
// character of their name on a grey badge.
func glyphFor(code, name string) industryGlyph {
	if g, ok := glyphs[code]; ok {
		return g
	}
	r, _ := utf8.DecodeRuneInString(name)
	if r == utf8.RuneError {
		r = '业'
	}
	return industryGlyph{string(r), color.NRGBA{R: 0x60, G: 0x60, B: 0x60, A: 0xFF}}
}

// newBadge draws g as a rounded square of side size.
func newBadge(g industryGlyph, size float32) fyne.CanvasObject {
	bg := canvas.NewRectangle(g.bg)
	bg.CornerRadius = size / 5
	bg.SetMinSize(fyne.NewSquareSize(size))
	txt := canvas.NewText(g.char, color.White)
	txt.TextSize = size * 0.55
	txt.TextStyle.Bold = true
	txt.Alignment = fyne.TextAlignCenter
	return container.NewStack(bg, container.NewCenter(txt))
}

// tile is a large tappable card: an icon above one or two lines of text.
// Big targets suit a shop owner with a mouse or a touch screen.
type tile struct {
	widget.BaseWidget
	icon     fyne.CanvasObject
	title    string
	subtitle string
	onTap    func()
	hovered  bool
	bg       *canvas.Rectangle
}

func newTile(icon fyne.CanvasObject, title, subtitle string, onTap func()) *tile {
	t := &tile{icon: icon, title: title, subtitle: subtitle, onTap: onTap}
	t.ExtendBaseWidget(t)
	return t
}

func (t *tile) CreateRenderer() fyne.WidgetRenderer {
	t.bg = canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	t.bg.CornerRadius = theme.Size(theme.SizeNameInputRadius)
	t.bg.StrokeColor = theme.Color(theme.ColorNameInputBorder)
	t.bg.StrokeWidth = 1
	title := widget.NewLabelWithStyle(t.title, fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	title.Truncation = fyne.TextTruncateEllipsis // the cell is sized for the name (home.go)
	parts := []fyne.CanvasObject{container.NewCenter(t.icon), title}
	if t.subtitle != "" {
		sub := widget.NewLabelWithStyle(t.subtitle, fyne.TextAlignCenter, fyne.TextStyle{})
		sub.Importance = widget.LowImportance
		sub.SizeName = theme.SizeNameCaptionText
		sub.Truncation = fyne.TextTruncateEllipsis
		parts = append(parts, sub)
	}
	box := container.NewVBox(parts...)
	return widget.NewSimpleRenderer(container.NewStack(t.bg, container.NewPadded(box)))
}

// Tapped runs the tile's action.
func (t *tile) Tapped(*fyne.PointEvent) {
	if t.onTap != nil {
		t.onTap()
	}
}

// Cursor shows a hand over the tile.
func (t *tile) Cursor() desktop.Cursor { return desktop.PointerCursor }

// MouseIn highlights the tile.
func (t *tile) MouseIn(*desktop.MouseEvent) { t.setHover(true) }

// MouseMoved is required by desktop.Hoverable.
func (t *tile) MouseMoved(*desktop.MouseEvent) {}

// MouseOut removes the highlight.
func (t *tile) MouseOut() { t.setHover(false) }

func (t *tile) setHover(h bool) {
	t.hovered = h
	if t.bg == nil {
		return
	}
	if h {
		t.bg.FillColor = theme.Color(theme.ColorNameHover)
		t.bg.StrokeColor = theme.Color(theme.ColorNamePrimary)
	} else {
		t.bg.FillColor = theme.Color(theme.ColorNameInputBackground)
		t.bg.StrokeColor = theme.Color(theme.ColorNameInputBorder)
	}
	t.bg.Refresh()
}

package journey

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/naiman-yiye/yiye/catalog"
)

// tileSize is the smallest size of an industry card on the home grid;
// maxTileWidth the widest it gets for a long name (which then wraps).
var (
	tileSize     = fyne.NewSize(150, 132)
	maxTileWidth = float32(240)
)

// industryGrid is the searchable grid of industries. onPick runs when an
// industry is chosen (tap, or Enter in the search box with one match).
type industryGrid struct {
	industries []*catalog.Industry
	onPick     func(*catalog.Industry)

	search *widget.Entry
	grid   *fyne.Container
	empty  *widget.Label
	shown  []*catalog.Industry
	tiles  map[*catalog.Industry]*tile // built once; the search only picks
	keys   map[*catalog.Industry]searchKey
	cell   fyne.Size
}

func newIndustryGrid(inds []*catalog.Industry, onPick func(*catalog.Industry)) *industryGrid {
	g := &industryGrid{onPick: onPick}
	g.makeTiles(inds)
	g.search = widget.NewEntry()
	g.search.SetPlaceHolder(tr("journey.home.search_placeholder"))
	g.search.ActionItem = widget.NewIcon(theme.SearchIcon())
	g.search.OnChanged = func(string) { g.filter() }
	g.search.OnSubmitted = func(string) {
		if len(g.shown) > 0 && (len(g.shown) == 1 || strings.TrimSpace(g.search.Text) != "") {
			g.onPick(g.shown[0])
		}
	}
	g.grid = container.NewGridWrap(g.cell)
	g.empty = widget.NewLabel(tr("journey.home.search_none"))
	g.empty.Importance = widget.WarningImportance
	g.empty.Hide()
	g.filter()
	return g
}

// makeTiles builds a card per industry and sizes the cells for the
// largest, so large text (settings, kiosk) grows the cards instead of
// clipping them.
func (g *industryGrid) makeTiles(inds []*catalog.Industry) {
	g.industries = inds
	g.tiles = map[*catalog.Industry]*tile{}
	g.keys = map[*catalog.Industry]searchKey{}
	g.cell = tileSize
	for _, ind := range inds {
		g.keys[ind] = newSearchKey(searchTexts(ind)...)
		sub := trm("journey.home.tile_items", "N", len(ind.Entries))
		tl := newTile(newBadge(glyphFor(ind.Code, ind.Name), 52), localName(ind.Name, ind.NameEN), sub,
			func() { g.onPick(ind) })
		g.tiles[ind] = tl
		m := tl.MinSize()
		// The whole name fits (现制现售食品 with large text, long English
		// names), up to a width where it wraps instead.
		// Measured as the tile draws it: the label with its inner padding,
		// inside the tile's padding (both grow in kiosk mode).
		// Rounded up with a pixel to spare: the layout rounds positions to
		// pixels and an exact fit already draws the ellipsis.
		label := widget.NewLabelWithStyle(tl.title, fyne.TextAlignCenter, fyne.TextStyle{Bold: true}).MinSize().Width
		name := float32(math.Ceil(float64(label))) + 1 + 2*theme.Padding()
		g.cell = fyne.NewSize(max(g.cell.Width, m.Width, min(name, maxTileWidth)), max(g.cell.Height, m.Height))
	}
}

// setIndustries shows the industries of a newer catalog, keeping the search.
func (g *industryGrid) setIndustries(inds []*catalog.Industry) {
	g.makeTiles(inds)
	g.grid.Layout = layout.NewGridWrapLayout(g.cell)
	g.filter()
}

// searchTexts are what a query is matched against: the name in the UI's
// language first (the tile's title), the other name, the code, the annex
// number and the aliases (烘焙房 / 面包房).
func searchTexts(ind *catalog.Industry) []string {
	first, second := ind.Name, ind.NameEN
	if english() && ind.NameEN != "" {
		first, second = ind.NameEN, ind.Name
	}
	return append([]string{first, second, ind.Code, fmt.Sprint(ind.No)}, ind.Aliases...)
}

func (g *industryGrid) filter() {
	g.shown = g.shown[:0]
	rank := map[*catalog.Industry]int{}
	for _, ind := range g.industries {
		if r := g.keys[ind].rank(g.search.Text); r >= 0 {
			rank[ind] = r
			g.shown = append(g.shown, ind)
		}
	}
	// Best matches first; annex order within a rank.
	sort.SliceStable(g.shown, func(a, b int) bool { return rank[g.shown[a]] < rank[g.shown[b]] })
	objs := make([]fyne.CanvasObject, 0, len(g.shown))
	for _, ind := range g.shown {
		objs = append(objs, g.tiles[ind])
	}
	g.grid.Objects = objs
	g.grid.Refresh()
	if len(objs) == 0 {
		g.empty.Show()
	} else {
		g.empty.Hide()
	}
}

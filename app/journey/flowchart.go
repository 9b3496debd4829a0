package journey

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/naiman-yiye/yiye/flow"
)

// fyneMeasure measures text with the current theme's font, so boxes laid
// out by flow fit the glyphs the canvas will draw.
func fyneMeasure(text string, size float64) float64 {
	return float64(fyne.MeasureText(text, float32(size), fyne.TextStyle{}).Width)
}

// layoutFlow lays g out in Fyne units. Every text — sublabels, lane
// captions and arrow labels included — is set at the theme's body text
// size, so the chart reads like the rest of the notice (the screen scrolls;
// it need not shrink to fit).
func layoutFlow(g *flow.Graph) *flow.Diagram {
	ts := float64(theme.Size(theme.SizeNameText))
	return flow.Layout(g, flow.Options{
		Measure:     fyneMeasure,
		FontSize:    ts,
		SubFontSize: ts,
		CaptionSize: ts,
		MaxBoxWidth: ts * 12,
		MinBoxWidth: ts * 5,
		ColumnGap:   ts * 1.5,
		RowGap:      ts * 2,
		Padding:     ts * 0.6,
	})
}

// flowchart draws a laid-out flow.Diagram with canvas primitives: lanes as
// tinted columns, boxes by kind (terminals rounded, inspections with a
// double border, decisions as diamonds) and arrows as lines with heads.
type flowchart struct {
	widget.BaseWidget
	d *flow.Diagram
}

func newFlowchart(d *flow.Diagram) *flowchart {
	f := &flowchart{d: d}
	f.ExtendBaseWidget(f)
	return f
}

func (f *flowchart) MinSize() fyne.Size {
	return fyne.NewSize(float32(f.d.W), float32(f.d.H))
}

func (f *flowchart) CreateRenderer() fyne.WidgetRenderer {
	return &flowRenderer{objs: drawDiagram(f.d), min: f.MinSize()}
}

type flowRenderer struct {
	objs []fyne.CanvasObject
	min  fyne.Size
}

func (r *flowRenderer) Destroy()                     {}
func (r *flowRenderer) Layout(fyne.Size)             {}
func (r *flowRenderer) MinSize() fyne.Size           { return r.min }
func (r *flowRenderer) Objects() []fyne.CanvasObject { return r.objs }
func (r *flowRenderer) Refresh()                     {}

func pos(x, y float64) fyne.Position { return fyne.NewPos(float32(x), float32(y)) }

// drawDiagram turns d into positioned canvas objects.
func drawDiagram(d *flow.Diagram) []fyne.CanvasObject {
	fg := theme.Color(theme.ColorNameForeground)
	primary := theme.Color(theme.ColorNamePrimary)
	laneFill := theme.Color(theme.ColorNameHeaderBackground)
	boxFill := theme.Color(theme.ColorNameInputBackground)
	var objs []fyne.CanvasObject

	texts := func(ts []flow.Text, c color.Color) {
		for _, t := range ts {
			txt := canvas.NewText(t.S, c)
			txt.TextSize = float32(t.Size)
			txt.TextStyle.Bold = t.Bold
			// flow centres a line in its H; canvas.Text draws from the top
			// of its own line box, so centre that box in H.
			h := fyne.MeasureText(t.S, txt.TextSize, txt.TextStyle).Height
			txt.Move(pos(t.X, t.Y+(t.H-float64(h))/2))
			txt.Resize(fyne.NewSize(float32(t.W), h))
			objs = append(objs, txt)
		}
	}

	for _, l := range d.Lanes {
		bg := canvas.NewRectangle(laneFill)
		bg.CornerRadius = 6
		bg.Move(pos(l.X, l.Y))
		bg.Resize(fyne.NewSize(float32(l.W), float32(l.H)))
		objs = append(objs, bg)
	}
	for _, b := range d.Boxes {
		size := fyne.NewSize(float32(b.W), float32(b.H))
		switch b.Kind {
		case flow.Decision:
			dia := canvas.NewArbitraryPolygon([]fyne.Position{
				{X: 0.5, Y: 0}, {X: 1, Y: 0.5}, {X: 0.5, Y: 1}, {X: 0, Y: 0.5},
			}, boxFill)
			dia.NormalizedPoints = true
			dia.StrokeColor = primary
			dia.StrokeWidth = 1.5
			dia.Move(pos(b.X, b.Y))
			dia.Resize(size)
			objs = append(objs, dia)
		default:
			r := canvas.NewRectangle(boxFill)
			r.StrokeColor = primary
			r.StrokeWidth = 1.5
			switch b.Kind {
			case flow.Start, flow.End:
				r.CornerRadius = float32(b.H) / 2
				r.FillColor = theme.Color(theme.ColorNameSelection)
			default:
				r.CornerRadius = 3
			}
			r.Move(pos(b.X, b.Y))
			r.Resize(size)
			objs = append(objs, r)
			if b.Kind == flow.Inspection {
				inner := canvas.NewRectangle(color.Transparent)
				inner.StrokeColor = primary
				inner.StrokeWidth = 1
				inner.CornerRadius = 2
				inner.Move(pos(b.X+3, b.Y+3))
				inner.Resize(fyne.NewSize(float32(b.W)-6, float32(b.H)-6))
				objs = append(objs, inner)
			}
		}
		texts(b.Text, fg)
	}
	for _, a := range d.Arrows {
		c := fg
		if a.Back {
			c = theme.Color(theme.ColorNameWarning)
		}
		for i := 1; i < len(a.Points); i++ {
			ln := canvas.NewLine(c)
			ln.StrokeWidth = 1.5
			ln.Position1 = pos(a.Points[i-1].X, a.Points[i-1].Y)
			ln.Position2 = pos(a.Points[i].X, a.Points[i].Y)
			objs = append(objs, ln)
		}
		if n := len(a.Points); n >= 2 {
			objs = append(objs, arrowHead(a.Points[n-2], a.Points[n-1], c))
		}
		if a.Label != "" {
			txt := canvas.NewText(a.Label, c)
			txt.TextSize = float32(a.Size)
			txt.Move(pos(a.LabelAt.X, a.LabelAt.Y))
			objs = append(objs, txt)
		}
	}
	// Lane captions go last, each on a patch of the lane's colour (flow
	// routes arrows around the captions; the patch keeps them legible even
	// where a line would come close).
	for _, l := range d.Lanes {
		for _, t := range l.Text {
			patch := canvas.NewRectangle(laneFill)
			patch.Move(pos(t.X-2, t.Y))
			patch.Resize(fyne.NewSize(float32(t.W)+4, float32(t.H)))
			objs = append(objs, patch)
		}
		texts(l.Text, fg)
	}
	return objs
}

// arrowHead is a small filled triangle at to, pointing away from from.
// flow routes axis-parallel segments, so four directions suffice.
func arrowHead(from, to flow.Point, c color.Color) fyne.CanvasObject {
	const l, w = 8, 5
	var pts []fyne.Position
	var origin flow.Point
	switch {
	case to.Y > from.Y: // down
		origin = flow.Point{X: to.X - w, Y: to.Y - l}
		pts = []fyne.Position{{X: 0, Y: 0}, {X: 2 * w, Y: 0}, {X: w, Y: l}}
	case to.Y < from.Y: // up
		origin = flow.Point{X: to.X - w, Y: to.Y}
		pts = []fyne.Position{{X: w, Y: 0}, {X: 2 * w, Y: l}, {X: 0, Y: l}}
	case to.X > from.X: // right
		origin = flow.Point{X: to.X - l, Y: to.Y - w}
		pts = []fyne.Position{{X: 0, Y: 0}, {X: l, Y: w}, {X: 0, Y: 2 * w}}
	default: // left
		origin = flow.Point{X: to.X, Y: to.Y - w}
		pts = []fyne.Position{{X: l, Y: 0}, {X: l, Y: 2 * w}, {X: 0, Y: w}}
	}
	p := canvas.NewArbitraryPolygon(pts, c)
	p.Move(pos(origin.X, origin.Y))
	if to.Y != from.Y {
		p.Resize(fyne.NewSize(2*w, l))
	} else {
		p.Resize(fyne.NewSize(l, 2*w))
	}
	return p
}

package pdfdoc

import (
	"math"

	"github.com/naiman-yiye/yiye/flow"
	"github.com/signintech/gopdf"
)

// FlowOptions returns layout options measured with the embedded font, for
// charts drawn by Flowchart.
func FlowOptions() flow.Options {
	return flow.Options{Measure: MeasureFunc(true), FontSize: 10, SubFontSize: 9, CaptionSize: 9}
}

// Flowchart lays g out with the embedded font's metrics and draws it,
// shrunk if needed to fit the content width and one page.
func (d *Doc) Flowchart(g *flow.Graph) {
	d.Diagram(flow.Layout(g, FlowOptions()))
}

// Diagram draws a laid-out flowchart at the cursor, centred, scaled down to
// fit the content width and the height of a page.
func (d *Doc) Diagram(dg *flow.Diagram) {
	if d.err != nil || dg == nil || dg.W <= 0 || dg.H <= 0 {
		return
	}
	dg = d.fit(dg)
	d.ensure(dg.H)
	ox := d.left() + (d.ContentWidth()-dg.W)/2
	oy := d.y
	d.drawDiagram(dg, ox, oy)
	d.y = oy + dg.H + 6
}

var (
	inkColor   = [3]uint8{0x33, 0x33, 0x33}
	subColor   = [3]uint8{0x55, 0x55, 0x55}
	laneFill   = [3]uint8{0xf3, 0xf6, 0xfa}
	laneStroke = [3]uint8{0xc5, 0xcf, 0xdc}
)

func fillFor(k flow.Kind) [3]uint8 {
	switch k {
	case flow.Start:
		return [3]uint8{0xe3, 0xee, 0xfb}
	case flow.End:
		return [3]uint8{0xdf, 0xf3, 0xe4}
	case flow.Decision:
		return [3]uint8{0xff, 0xf6, 0xd9}
	case flow.Inspection:
		return [3]uint8{0xfd, 0xec, 0xe4}
	}
	return [3]uint8{0xff, 0xff, 0xff}
}

func (d *Doc) drawDiagram(dg *flow.Diagram, ox, oy float64) {
	p := d.pdf
	for _, l := range dg.Lanes {
		p.SetFillColor(laneFill[0], laneFill[1], laneFill[2])
		p.SetStrokeColor(laneStroke[0], laneStroke[1], laneStroke[2])
		p.SetLineWidth(0.5)
		p.RectFromUpperLeftWithStyle(ox+l.X, oy+l.Y, l.W, l.H, "FD")
	}
	p.SetLineWidth(0.7)
	for _, a := range dg.Arrows {
		p.SetStrokeColor(inkColor[0], inkColor[1], inkColor[2])
		p.SetFillColor(inkColor[0], inkColor[1], inkColor[2])
		pts := a.Points
		for i := 1; i < len(pts); i++ {
			p.Line(ox+pts[i-1].X, oy+pts[i-1].Y, ox+pts[i].X, oy+pts[i].Y)
		}
		if n := len(pts); n >= 2 {
			d.arrowHead(ox, oy, pts[n-2], pts[n-1], math.Max(a.Size*0.55, 2.5))
		}
		if a.Label != "" {
			s := Sanitize(a.Label, false)
			d.text(ox+a.LabelAt.X, oy+a.LabelAt.Y, a.Size*1.3, s, a.Size, false, subColor)
		}
	}
	// Caption bands go over the arrows entering the lanes, so the arrows
	// seem to enter below the department's name.
	for _, l := range dg.Lanes {
		p.SetFillColor(0xe6, 0xec, 0xf4)
		p.SetStrokeColor(laneStroke[0], laneStroke[1], laneStroke[2])
		p.SetLineWidth(0.5)
		p.RectFromUpperLeftWithStyle(ox+l.X, oy+l.Y, l.W, l.CaptionH, "FD")
		d.drawTexts(l.Text, ox, oy, subColor)
	}
	for _, b := range dg.Boxes {
		fc := fillFor(b.Kind)
		p.SetFillColor(fc[0], fc[1], fc[2])
		p.SetStrokeColor(inkColor[0], inkColor[1], inkColor[2])
		p.SetLineWidth(0.8)
		x, y := ox+b.X, oy+b.Y
		switch b.Kind {
		case flow.Decision:
			p.Polygon([]gopdf.Point{{X: x + b.W/2, Y: y}, {X: x + b.W, Y: y + b.H/2},
				{X: x + b.W/2, Y: y + b.H}, {X: x, Y: y + b.H/2}}, "DF")
		case flow.Start, flow.End:
			r := math.Min(b.H/2, b.W/2)
			d.fail(p.Rectangle(x, y, x+b.W, y+b.H, "DF", r, 8))
		case flow.Inspection:
			p.RectFromUpperLeftWithStyle(x, y, b.W, b.H, "FD")
			p.SetLineWidth(0.5)
			p.RectFromUpperLeftWithStyle(x+2, y+2, b.W-4, b.H-4, "D")
		default:
			p.RectFromUpperLeftWithStyle(x, y, b.W, b.H, "FD")
		}
		d.drawTexts(b.Text, ox, oy, inkColor)
	}
}

func (d *Doc) drawTexts(ts []flow.Text, ox, oy float64, c [3]uint8) {
	for _, t := range ts {
		col := c
		if !t.Bold {
			col = subColor
		}
		// Layout measured with the bold face; centre again for the face used.
		w := Measure(t.S, t.Size, t.Bold)
		x := t.X + (t.W-w)/2
		d.text(ox+x, oy+t.Y, t.H, Sanitize(t.S, t.Bold), t.Size, t.Bold, col)
	}
}

// arrowHead draws a filled triangle pointing from a to b, tip at b.
func (d *Doc) arrowHead(ox, oy float64, a, b flow.Point, size float64) {
	dx, dy := b.X-a.X, b.Y-a.Y
	l := math.Hypot(dx, dy)
	if l == 0 {
		return
	}
	dx, dy = dx/l, dy/l
	tip := gopdf.Point{X: ox + b.X, Y: oy + b.Y}
	bx, by := tip.X-dx*size*1.6, tip.Y-dy*size*1.6
	d.pdf.Polygon([]gopdf.Point{tip, {X: bx - dy*size*0.7, Y: by + dx*size*0.7}, {X: bx + dy*size*0.7, Y: by - dx*size*0.7}}, "F")
}

// fit scales dg down to the content width and a page's height.
func (d *Doc) fit(dg *flow.Diagram) *flow.Diagram {
	f := math.Min(1, d.ContentWidth()/dg.W)
	f = math.Min(f, (d.bottom()-d.top()-40)/dg.H)
	if f < 1 {
		return dg.Scale(f)
	}
	return dg
}

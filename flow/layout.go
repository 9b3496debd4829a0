package flow

import (
	"math"
	"sort"
	"unicode/utf8"
)

// Options tune the layout. Zero fields take the defaults noted; Measure
// defaults to ApproxMeasure. All lengths are in the renderer's units.
type Options struct {
	Measure     MeasureFunc
	FontSize    float64 // label size, default 10
	SubFontSize float64 // sublabel size, default 8
	CaptionSize float64 // lane caption size, default 9
	LineHeight  float64 // line height as a multiple of the size, default 1.35
	Padding     float64 // inside boxes, default 6
	MinBoxWidth float64 // default 64
	MaxBoxWidth float64 // labels wrap beyond this, default 150
	// MaxLaneBoxWidth caps boxes inside lanes, so many lanes fit side by
	// side; default MaxBoxWidth.
	MaxLaneBoxWidth float64
	ColumnGap       float64 // between lanes and side-by-side boxes, default 16
	RowGap          float64 // between rows, holds the arrows' elbows, default 24
	Margin          float64 // around the whole diagram, default 12
}

func (o Options) withDefaults() Options {
	def := func(v *float64, d float64) {
		if *v <= 0 || math.IsNaN(*v) || math.IsInf(*v, 0) {
			*v = d
		}
	}
	if o.Measure == nil {
		o.Measure = ApproxMeasure
	} else {
		// A renderer's measure may misbehave on odd text; never let NaN or
		// negative widths into the geometry.
		m := o.Measure
		o.Measure = func(s string, size float64) float64 {
			w := m(s, size)
			if w < 0 || math.IsNaN(w) || math.IsInf(w, 0) {
				return 0
			}
			return w
		}
	}
	def(&o.FontSize, 10)
	def(&o.SubFontSize, 8)
	def(&o.CaptionSize, 9)
	def(&o.LineHeight, 1.35)
	def(&o.Padding, 6)
	def(&o.MinBoxWidth, 64)
	def(&o.MaxBoxWidth, 150)
	def(&o.ColumnGap, 16)
	def(&o.RowGap, 24)
	def(&o.Margin, 12)
	def(&o.MaxLaneBoxWidth, o.MaxBoxWidth)
	if o.MinBoxWidth > o.MaxBoxWidth {
		o.MinBoxWidth = o.MaxBoxWidth
	}
	return o
}

// Point is a position; Y grows downwards.
type Point struct{ X, Y float64 }

// Text is one line of text placed in a box whose top-left is (X, Y), of
// width W (the measured text width) and height H (one line). Renderers set
// the string at size Size, centred vertically in H.
type Text struct {
	S          string
	X, Y, W, H float64
	Size       float64
	Bold       bool
}

// Box is a placed node. (X, Y) is the top-left corner of its bounding box;
// a Decision is the diamond inscribed in it.
type Box struct {
	ID         string
	Kind       Kind
	Lane       string
	X, Y, W, H float64
	Text       []Text
}

// LaneBox is a lane's column, from its caption to below its last node.
type LaneBox struct {
	ID, Caption string
	X, Y, W, H  float64
	CaptionH    float64 // height of the caption band at the top
	Text        []Text  // the caption, wrapped
}

// Arrow is an edge routed as a polyline of axis-parallel segments; the
// arrowhead is at the last point.
type Arrow struct {
	From, To string
	Points   []Point
	Label    string
	LabelAt  Point // top-left of the label text
	Size     float64
	Back     bool // runs against the flow (a loop back)
}

// Diagram is a laid-out flowchart of size W×H.
type Diagram struct {
	W, H   float64
	Boxes  []Box
	Lanes  []LaneBox
	Arrows []Arrow
}

// Box returns the box for node id, or nil.
func (d *Diagram) Box(id string) *Box {
	for i := range d.Boxes {
		if d.Boxes[i].ID == id {
			return &d.Boxes[i]
		}
	}
	return nil
}

// Scale returns a copy of d with every length and text size multiplied by f,
// for fitting a page or a canvas.
func (d *Diagram) Scale(f float64) *Diagram {
	st := func(ts []Text) []Text {
		out := make([]Text, len(ts))
		for i, t := range ts {
			out[i] = Text{S: t.S, X: t.X * f, Y: t.Y * f, W: t.W * f, H: t.H * f, Size: t.Size * f, Bold: t.Bold}
		}
		return out
	}
	c := &Diagram{W: d.W * f, H: d.H * f}
	for _, b := range d.Boxes {
		c.Boxes = append(c.Boxes, Box{ID: b.ID, Kind: b.Kind, Lane: b.Lane, X: b.X * f, Y: b.Y * f, W: b.W * f, H: b.H * f, Text: st(b.Text)})
	}
	for _, l := range d.Lanes {
		c.Lanes = append(c.Lanes, LaneBox{ID: l.ID, Caption: l.Caption, X: l.X * f, Y: l.Y * f, W: l.W * f, H: l.H * f, CaptionH: l.CaptionH * f, Text: st(l.Text)})
	}
	for _, a := range d.Arrows {
		pts := make([]Point, len(a.Points))
		for i, p := range a.Points {
			pts[i] = Point{p.X * f, p.Y * f}
		}
		c.Arrows = append(c.Arrows, Arrow{From: a.From, To: a.To, Points: pts, Label: a.Label,
			LabelAt: Point{a.LabelAt.X * f, a.LabelAt.Y * f}, Size: a.Size * f, Back: a.Back})
	}
	return c
}

// Layout places g's nodes in rows (by longest path from the sources) and
// columns (trunk nodes centred across the whole width, lane nodes in their
// lane's column), then routes every edge. Rows never mix trunk and lane
// nodes, so parallel lanes fan out below a trunk step and join above the
// next one. Edges closing a cycle are routed as back arrows on the left.
// Edges naming unknown nodes are skipped; call Validate first to catch them.
func Layout(g *Graph, opts Options) *Diagram {
	o := opts.withDefaults()
	n := len(g.Nodes)
	idx := make(map[string]int, n)
	for i, nd := range g.Nodes {
		if _, dup := idx[nd.ID]; !dup {
			idx[nd.ID] = i
		}
	}
	laneIdx := map[string]int{}
	for i, l := range g.Lanes {
		if _, dup := laneIdx[l.ID]; !dup {
			laneIdx[l.ID] = i
		}
	}
	laneOf := make([]int, n) // -1: trunk
	for i, nd := range g.Nodes {
		laneOf[i] = -1
		if li, ok := laneIdx[nd.Lane]; ok && nd.Lane != "" {
			laneOf[i] = li
		}
	}
	type edge struct{ from, to, orig int }
	var edges []edge
	for k, e := range g.Edges {
		f, ok1 := idx[e.From]
		t, ok2 := idx[e.To]
		if ok1 && ok2 {
			edges = append(edges, edge{f, t, k})
		}
	}
	back := backEdges(n, edges, func(e edge) (int, int) { return e.from, e.to })

	// Ranks: longest path over forward edges, then push trunk nodes out of
	// rows shared with lane nodes until no row mixes them.
	minRank := make([]int, n)
	rank := make([]int, n)
	order := topoOrder(n, edges, back, func(e edge) (int, int) { return e.from, e.to })
	succ := make([][]int, n)
	for k, e := range edges {
		if !back[k] {
			succ[e.from] = append(succ[e.from], e.to)
		}
	}
	for iter := 0; ; iter++ {
		copy(rank, minRank)
		for _, u := range order {
			for _, v := range succ[u] {
				if rank[u]+1 > rank[v] {
					rank[v] = rank[u] + 1
				}
			}
		}
		laneAt, trunkAt := map[int]bool{}, map[int]bool{}
		for i := range rank {
			if laneOf[i] >= 0 {
				laneAt[rank[i]] = true
			} else {
				trunkAt[rank[i]] = true
			}
		}
		mixed := -1
		for r := range laneAt {
			if trunkAt[r] && (mixed < 0 || r < mixed) {
				mixed = r
			}
		}
		if mixed < 0 || iter > 4*n+4 {
			break
		}
		for i := range rank {
			if laneOf[i] < 0 && rank[i] == mixed {
				minRank[i] = mixed + 1
			}
		}
	}
	nRanks := 0
	for _, r := range rank {
		if r+1 > nRanks {
			nRanks = r + 1
		}
	}

	// Box sizes.
	boxes := make([]Box, n)
	for i, nd := range g.Nodes {
		oi := o
		if laneOf[i] >= 0 {
			oi.MaxBoxWidth = o.MaxLaneBoxWidth
			oi.MinBoxWidth = min(o.MinBoxWidth, o.MaxLaneBoxWidth)
		}
		boxes[i] = sizeBox(nd, oi)
	}

	// Column widths: a lane is as wide as its widest row (side-by-side
	// boxes) or its caption.
	nl := len(g.Lanes)
	colW := make([]float64, nl)
	capLines := make([][]string, nl)
	capH := make([]float64, nl)
	for li, l := range g.Lanes {
		capLines[li] = WrapLabel(l.Caption, o.MaxLaneBoxWidth, o.CaptionSize, o.Measure)
		for _, s := range capLines[li] {
			colW[li] = math.Max(colW[li], o.Measure(s, o.CaptionSize)+o.Padding)
		}
		capH[li] = float64(len(capLines[li]))*o.CaptionSize*o.LineHeight + o.Padding
	}
	byRank := make([][]int, nRanks)
	for i := range g.Nodes {
		byRank[rank[i]] = append(byRank[rank[i]], i)
	}
	rowWidth := func(ids []int) float64 {
		w := 0.0
		for k, i := range ids {
			if k > 0 {
				w += o.ColumnGap
			}
			w += boxes[i].W
		}
		return w
	}
	trunkW := 0.0
	for r := 0; r < nRanks; r++ {
		perLane := make([][]int, nl)
		var trunk []int
		for _, i := range byRank[r] {
			if laneOf[i] >= 0 {
				perLane[laneOf[i]] = append(perLane[laneOf[i]], i)
			} else {
				trunk = append(trunk, i)
			}
		}
		for li := range perLane {
			colW[li] = math.Max(colW[li], rowWidth(perLane[li])+o.Padding)
		}
		trunkW = math.Max(trunkW, rowWidth(trunk))
	}
	laneW := 0.0
	for li := range colW {
		if li > 0 {
			laneW += o.ColumnGap
		}
		laneW += colW[li]
	}
	contentW := math.Max(laneW, trunkW)
	colX := make([]float64, nl)
	x := o.Margin + (contentW-laneW)/2
	for li := range colW {
		colX[li] = x
		x += colW[li] + o.ColumnGap
	}

	// Rows, top to bottom; a lane's caption band sits above its first row.
	laneFirst := make([]int, nl)
	laneLast := make([]int, nl)
	for li := range laneFirst {
		laneFirst[li], laneLast[li] = -1, -1
	}
	for i, r := range rank {
		if li := laneOf[i]; li >= 0 {
			if laneFirst[li] < 0 || r < laneFirst[li] {
				laneFirst[li] = r
			}
			if r > laneLast[li] {
				laneLast[li] = r
			}
		}
	}
	rowTop := make([]float64, nRanks)  // top of the row's boxes
	bandTop := make([]float64, nRanks) // top including a caption band
	rowBot := make([]float64, nRanks)
	y := o.Margin
	for r := 0; r < nRanks; r++ {
		bandTop[r] = y
		band := 0.0
		for li := range g.Lanes {
			if laneFirst[li] == r {
				band = math.Max(band, capH[li])
			}
		}
		y += band
		rowTop[r] = y
		h := 0.0
		for _, i := range byRank[r] {
			h = math.Max(h, boxes[i].H)
		}
		rowBot[r] = y + h
		y += h + o.RowGap
	}
	totalH := y - o.RowGap + o.Margin
	if nRanks == 0 {
		totalH = 2 * o.Margin
	}

	// Place boxes: centre each row group in its column (or across the width).
	place := func(ids []int, left, width float64, r int) {
		x := left + (width-rowWidth(ids))/2
		rh := rowBot[r] - rowTop[r]
		for _, i := range ids {
			b := &boxes[i]
			b.X, b.Y = x, rowTop[r]+(rh-b.H)/2
			for k := range b.Text {
				b.Text[k].X += b.X
				b.Text[k].Y += b.Y
			}
			x += b.W + o.ColumnGap
		}
	}
	for r := 0; r < nRanks; r++ {
		perLane := make([][]int, nl)
		var trunk []int
		for _, i := range byRank[r] {
			if laneOf[i] >= 0 {
				perLane[laneOf[i]] = append(perLane[laneOf[i]], i)
			} else {
				trunk = append(trunk, i)
			}
		}
		for li, ids := range perLane {
			place(ids, colX[li], colW[li], r)
		}
		place(trunk, o.Margin, contentW, r)
	}

	d := &Diagram{W: contentW + 2*o.Margin, H: totalH, Boxes: boxes}
	for li, l := range g.Lanes {
		if laneFirst[li] < 0 {
			continue
		}
		lb := LaneBox{ID: l.ID, Caption: l.Caption, X: colX[li], W: colW[li],
			Y: rowTop[laneFirst[li]] - capH[li], CaptionH: capH[li]}
		lb.H = rowBot[laneLast[li]] + o.Padding - lb.Y
		ty := lb.Y + o.Padding/2
		for _, s := range capLines[li] {
			w := o.Measure(s, o.CaptionSize)
			lb.Text = append(lb.Text, Text{S: s, X: lb.X + (lb.W-w)/2, Y: ty, W: w,
				H: o.CaptionSize * o.LineHeight, Size: o.CaptionSize, Bold: true})
			ty += o.CaptionSize * o.LineHeight
		}
		d.Lanes = append(d.Lanes, lb)
	}

	for k, e := range edges {
		a := Arrow{From: g.Nodes[e.from].ID, To: g.Nodes[e.to].ID, Label: g.Edges[e.orig].Label, Size: o.SubFontSize}
		s, t := &boxes[e.from], &boxes[e.to]
		switch {
		case e.from == e.to:
			x, cy := s.X, s.Y+s.H/2
			a.Points = []Point{{x, cy + 4}, {x - 8, cy + 4}, {x - 8, cy - 4}, {x, cy - 4}}
			a.Back = true
		case back[k] || rank[e.to] <= rank[e.from]:
			lo, hi := rank[e.to], rank[e.from]
			left := math.Min(s.X, t.X)
			for r := lo; r <= hi; r++ {
				for _, i := range byRank[r] {
					left = math.Min(left, boxes[i].X)
				}
			}
			// Leave room for the label on the run out of the source.
			lw := 0.0
			if l := g.Edges[e.orig].Label; l != "" {
				lw = o.Measure(l, o.SubFontSize) + 4
			}
			cx := math.Max(left-o.ColumnGap/2-lw, 1)
			sy, ty := s.Y+s.H/2, t.Y+t.H/2
			a.Points = []Point{{leftEdge(s, sy), sy}, {cx, sy}, {cx, ty}, {leftEdge(t, ty), ty}}
			a.Back = true
		default:
			sx, ex := s.X+s.W/2, t.X+t.W/2
			ya := rowBot[rank[e.from]] + o.RowGap/2
			yb := bandTop[rank[e.to]] - o.RowGap/2
			cx := channel(sx, ex, ya, yb, boxes, o.ColumnGap)
			a.Points = simplify([]Point{{sx, s.Y + s.H}, {sx, ya}, {cx, ya}, {cx, yb}, {ex, yb}, {ex, t.Y}})
			// An arrow into a lane would run down through the department's
			// name: go down the gap beside the lane instead and enter the
			// box from the side.
			// Each lane's own left gap, so no two arrows share one.
			if li := laneOf[e.to]; li >= 0 && crossesAny(a.Points, captionBands(d.Lanes)) {
				gx, ty := colX[li]-o.ColumnGap/2, t.Y+t.H/2
				side := simplify([]Point{{sx, s.Y + s.H}, {sx, ya}, {gx, ya}, {gx, ty}, {t.X, ty}})
				if !crossesAny(side, captionBands(d.Lanes)) {
					a.Points = side
				}
			}
		}
		// Labels sit beside the arrow's last run, near the target, so the
		// branches of one decision do not share a spot.
		end := a.Points[len(a.Points)-1]
		a.LabelAt = Point{end.X + 3, end.Y - a.Size*o.LineHeight - 1}
		if a.Back && len(a.Points) >= 2 {
			// Above the first run, which leaves the source sideways.
			w := o.Measure(a.Label, a.Size)
			p0, p1 := a.Points[0], a.Points[1]
			a.LabelAt = Point{math.Max(p1.X+2, p0.X-w-2), p0.Y - a.Size*o.LineHeight - 1}
		}
		d.Arrows = append(d.Arrows, a)
	}
	return d
}

// captionBands are the lanes' caption bands, where the department's name
// is written; no arrow may run across them.
func captionBands(lanes []LaneBox) []Box {
	out := make([]Box, len(lanes))
	for i, l := range lanes {
		out[i] = Box{X: l.X, Y: l.Y, W: l.W, H: l.CaptionH}
	}
	return out
}

// crossesAny reports whether the polyline runs through the inside of any
// of the boxes (touching an edge does not count).
func crossesAny(pts []Point, boxes []Box) bool {
	const eps = 0.5
	for i := 1; i < len(pts); i++ {
		p, q := pts[i-1], pts[i]
		x0, x1 := math.Min(p.X, q.X), math.Max(p.X, q.X)
		y0, y1 := math.Min(p.Y, q.Y), math.Max(p.Y, q.Y)
		for _, b := range boxes {
			if x0 < b.X+b.W-eps && x1 > b.X+eps && y0 < b.Y+b.H-eps && y1 > b.Y+eps {
				return true
			}
		}
	}
	return false
}

// leftEdge is the x where a horizontal line at y meets the box's outline
// (the diamond's slanted side for decisions).
func leftEdge(b *Box, y float64) float64 {
	if b.Kind != Decision {
		return b.X
	}
	cy := b.Y + b.H/2
	f := math.Abs(y-cy) / (b.H / 2)
	return b.X + f*b.W/2
}

// channel picks the x of a vertical run from ya to yb that crosses no box:
// sx if it is clear, else ex, else the gap beside the nearest blocking box.
func channel(sx, ex, ya, yb float64, boxes []Box, gap float64) float64 {
	blocked := func(x float64) bool {
		for _, b := range boxes {
			if b.Y < yb && b.Y+b.H > ya && x > b.X-1 && x < b.X+b.W+1 {
				return true
			}
		}
		return false
	}
	if !blocked(sx) {
		return sx
	}
	if !blocked(ex) {
		return ex
	}
	var cands []float64
	for _, b := range boxes {
		if b.Y < yb && b.Y+b.H > ya {
			cands = append(cands, b.X-gap/2, b.X+b.W+gap/2)
		}
	}
	sort.Slice(cands, func(i, j int) bool { return math.Abs(cands[i]-sx) < math.Abs(cands[j]-sx) })
	for _, c := range cands {
		if !blocked(c) {
			return c
		}
	}
	return sx
}

// simplify drops zero-length segments and collinear middle points.
func simplify(p []Point) []Point {
	out := []Point{p[0]}
	for _, q := range p[1:] {
		last := out[len(out)-1]
		// Snap rounding noise so segments stay exactly axis-parallel.
		if math.Abs(q.X-last.X) < 1e-6 {
			q.X = last.X
		}
		if math.Abs(q.Y-last.Y) < 1e-6 {
			q.Y = last.Y
		}
		if math.Abs(q.X-last.X) < 1e-9 && math.Abs(q.Y-last.Y) < 1e-9 {
			continue
		}
		if len(out) >= 2 {
			a := out[len(out)-2]
			if (math.Abs(a.X-last.X) < 1e-9 && math.Abs(last.X-q.X) < 1e-9) ||
				(math.Abs(a.Y-last.Y) < 1e-9 && math.Abs(last.Y-q.Y) < 1e-9) {
				out[len(out)-1] = q
				continue
			}
		}
		out = append(out, q)
	}
	if len(out) == 1 {
		out = append(out, out[0])
	}
	return out
}

// maxWholeQuestion is the longest decision label (in characters) kept on
// one line.
const maxWholeQuestion = 8

// sizeBox wraps the node's texts and sizes its box; text positions are
// relative to the box until placement.
func sizeBox(nd Node, o Options) Box {
	b := Box{ID: nd.ID, Kind: nd.Kind, Lane: nd.Lane}
	wrapW := o.MaxBoxWidth - 2*o.Padding
	if nd.Kind == Decision {
		wrapW = o.MaxBoxWidth/2 - o.Padding
		// A short question (核查合格？) stays on one line: the diamond
		// grows with it rather than breaking it in the middle.
		if utf8.RuneCountInString(nd.Label) <= maxWholeQuestion {
			wrapW = math.Max(wrapW, o.Measure(nd.Label, o.FontSize))
		}
	}
	if wrapW < o.FontSize {
		wrapW = o.FontSize
	}
	var ts []Text
	tw, th := 0.0, 0.0
	add := func(s string, size float64, bold bool) {
		if s == "" {
			return
		}
		for _, line := range WrapLabel(s, wrapW, size, o.Measure) {
			w := o.Measure(line, size)
			ts = append(ts, Text{S: line, Y: th, W: w, H: size * o.LineHeight, Size: size, Bold: bold})
			tw = math.Max(tw, w)
			th += size * o.LineHeight
		}
	}
	add(nd.Label, o.FontSize, nd.Kind != Step)
	add(nd.Sublabel, o.SubFontSize, false)
	pad := o.Padding
	if nd.Kind == Inspection {
		pad += 2 // room for the double border
	}
	switch nd.Kind {
	case Decision:
		// A diamond of twice the text's extent holds the text rectangle.
		b.W = math.Max(o.MinBoxWidth, 2*tw+pad)
		b.H = 2*th + pad
	case Start, End:
		b.W = math.Max(o.MinBoxWidth, tw+2*pad+th/2) // room for the round ends
		b.H = th + 2*pad
	default:
		b.W = math.Max(o.MinBoxWidth, tw+2*pad)
		b.H = th + 2*pad
	}
	top := (b.H - th) / 2
	for i := range ts {
		ts[i].X = (b.W - ts[i].W) / 2
		ts[i].Y += top
	}
	b.Text = ts
	return b
}

// backEdges marks edges that close a cycle, found by depth-first search
// from the nodes in order.
func backEdges[E any](n int, edges []E, ends func(E) (int, int)) []bool {
	adj := make([][]int, n)
	for k, e := range edges {
		f, _ := ends(e)
		adj[f] = append(adj[f], k)
	}
	state := make([]int8, n) // 0 new, 1 on stack, 2 done
	back := make([]bool, len(edges))
	type frame struct{ v, next int }
	for root := 0; root < n; root++ {
		if state[root] != 0 {
			continue
		}
		stack := []frame{{root, 0}}
		state[root] = 1
		for len(stack) > 0 {
			top := &stack[len(stack)-1]
			if top.next == len(adj[top.v]) {
				state[top.v] = 2
				stack = stack[:len(stack)-1]
				continue
			}
			k := adj[top.v][top.next]
			top.next++
			_, w := ends(edges[k])
			switch state[w] {
			case 0:
				state[w] = 1
				stack = append(stack, frame{w, 0})
			case 1:
				back[k] = true
			}
		}
	}
	return back
}

// topoOrder orders nodes so forward edges go left to right (Kahn).
func topoOrder[E any](n int, edges []E, back []bool, ends func(E) (int, int)) []int {
	in := make([]int, n)
	adj := make([][]int, n)
	for k, e := range edges {
		if back[k] {
			continue
		}
		f, t := ends(e)
		adj[f] = append(adj[f], t)
		in[t]++
	}
	var q, out []int
	for i := 0; i < n; i++ {
		if in[i] == 0 {
			q = append(q, i)
		}
	}
	for len(q) > 0 {
		u := q[0]
		q = q[1:]
		out = append(out, u)
		for _, v := range adj[u] {
			in[v]--
			if in[v] == 0 {
				q = append(q, v)
			}
		}
	}
	return out
}

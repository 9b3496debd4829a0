package flow

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"unicode/utf8"
)

// sample builds a notice-like chart: apply → accept → one lane per item →
// joint inspection for the inspecting ones → decision → license.
func sample(items int, inspect func(i int) bool) *Graph {
	g := &Graph{Title: "办理流程"}
	g.Nodes = append(g.Nodes,
		Node{ID: "apply", Kind: Start, Label: "一表申请", Sublabel: "线上或窗口提交合并申请表"},
		Node{ID: "accept", Kind: Step, Label: "受理", Sublabel: "材料不齐的 5 个工作日内一次告知"})
	g.Edges = append(g.Edges, Edge{From: "apply", To: "accept"})
	joint := false
	for i := 0; i < items; i++ {
		lane := fmt.Sprintf("L%d", i)
		g.Lanes = append(g.Lanes, Lane{ID: lane, Caption: fmt.Sprintf("第%d审批部门", i+1)})
		id := fmt.Sprintf("item%d", i)
		g.Nodes = append(g.Nodes, Node{ID: id, Kind: Step, Label: strings.Repeat("许可事项", 1+i%3), Sublabel: "法定 20 个工作日", Lane: lane})
		g.Edges = append(g.Edges, Edge{From: "accept", To: id})
		if inspect(i) {
			g.Edges = append(g.Edges, Edge{From: id, To: "joint"})
			joint = true
		} else {
			g.Edges = append(g.Edges, Edge{From: id, To: "decide"})
		}
	}
	if joint {
		g.Nodes = append(g.Nodes, Node{ID: "joint", Kind: Inspection, Label: "一同核查", Sublabel: "各部门同一天到场"})
		g.Edges = append(g.Edges, Edge{From: "joint", To: "decide"})
	}
	g.Nodes = append(g.Nodes,
		Node{ID: "decide", Kind: Decision, Label: "符合条件？"},
		Node{ID: "issue", Kind: End, Label: "颁发行业综合许可证"},
		Node{ID: "fix", Kind: Step, Label: "整改后复查"})
	g.Edges = append(g.Edges, Edge{From: "decide", To: "issue", Label: "是"},
		Edge{From: "decide", To: "fix", Label: "否"}, Edge{From: "fix", To: "decide"})
	return g
}

func overlaps(a, b Box) bool {
	return a.X < b.X+b.W && b.X < a.X+a.W && a.Y < b.Y+b.H && b.Y < a.Y+a.H
}

func checkDiagram(t *testing.T, g *Graph, d *Diagram) {
	t.Helper()
	if len(d.Boxes) != len(g.Nodes) {
		t.Fatalf("%d boxes for %d nodes", len(d.Boxes), len(g.Nodes))
	}
	for i, a := range d.Boxes {
		if a.W <= 0 || a.H <= 0 || a.X < 0 || a.Y < 0 || a.X+a.W > d.W+1e-6 || a.Y+a.H > d.H+1e-6 {
			t.Errorf("box %s %+v outside diagram %vx%v", a.ID, a, d.W, d.H)
		}
		for _, b := range d.Boxes[i+1:] {
			if overlaps(a, b) {
				t.Errorf("boxes %s and %s overlap", a.ID, b.ID)
			}
		}
		for _, tx := range a.Text {
			if tx.X < a.X-1e-6 || tx.X+tx.W > a.X+a.W+1e-6 || tx.Y < a.Y-1e-6 || tx.Y+tx.H > a.Y+a.H+1e-6 {
				t.Errorf("text %q sticks out of box %s", tx.S, a.ID)
			}
		}
	}
	// Lanes are ordered left to right as given and do not overlap.
	for i := 1; i < len(d.Lanes); i++ {
		if d.Lanes[i].X < d.Lanes[i-1].X+d.Lanes[i-1].W {
			t.Errorf("lane %s not right of %s", d.Lanes[i].ID, d.Lanes[i-1].ID)
		}
	}
	for _, b := range d.Boxes {
		if b.Lane == "" {
			continue
		}
		for _, l := range d.Lanes {
			if l.ID == b.Lane && (b.X < l.X || b.X+b.W > l.X+l.W || b.Y < l.Y+l.CaptionH || b.Y+b.H > l.Y+l.H) {
				t.Errorf("box %s outside its lane %s", b.ID, l.ID)
			}
		}
	}
	if len(d.Arrows) != len(g.Edges) {
		t.Errorf("%d arrows for %d edges", len(d.Arrows), len(g.Edges))
	}
	for _, a := range d.Arrows {
		s, e := d.Box(a.From), d.Box(a.To)
		if s == nil || e == nil {
			t.Fatalf("arrow %s->%s names a missing box", a.From, a.To)
		}
		if len(a.Points) < 2 {
			t.Fatalf("arrow %s->%s has %d points", a.From, a.To, len(a.Points))
		}
		near := func(p Point, b *Box) bool {
			return p.X >= b.X-1e-6 && p.X <= b.X+b.W+1e-6 && p.Y >= b.Y-1e-6 && p.Y <= b.Y+b.H+1e-6
		}
		if !near(a.Points[0], s) || !near(a.Points[len(a.Points)-1], e) {
			t.Errorf("arrow %s->%s does not touch its ends: %v", a.From, a.To, a.Points)
		}
		for i := 1; i < len(a.Points); i++ {
			p, q := a.Points[i-1], a.Points[i]
			if p.X != q.X && p.Y != q.Y {
				t.Errorf("arrow %s->%s has a slanted segment %v-%v", a.From, a.To, p, q)
			}
			// No arrow runs across a lane's caption (the department's name).
			seg := Box{X: math.Min(p.X, q.X), Y: math.Min(p.Y, q.Y), W: math.Abs(p.X-q.X) + 1e-9, H: math.Abs(p.Y-q.Y) + 1e-9}
			for _, l := range d.Lanes {
				band := Box{X: l.X + 0.5, Y: l.Y + 0.5, W: l.W - 1, H: l.CaptionH - 1}
				if overlaps(seg, band) {
					t.Errorf("arrow %s->%s crosses the caption of lane %s", a.From, a.To, l.ID)
				}
			}
			// Forward arrows cross no box other than their own ends.
			if a.Back {
				continue
			}
			for _, b := range d.Boxes {
				if b.ID == a.From || b.ID == a.To {
					continue
				}
				seg := Box{X: math.Min(p.X, q.X), Y: math.Min(p.Y, q.Y), W: math.Abs(p.X-q.X) + 1e-9, H: math.Abs(p.Y-q.Y) + 1e-9}
				if overlaps(seg, b) {
					t.Errorf("arrow %s->%s crosses box %s", a.From, a.To, b.ID)
				}
			}
		}
	}
}

func TestLayoutProperties(t *testing.T) {
	cases := []struct {
		name    string
		items   int
		inspect func(int) bool
	}{
		{"one item no inspection", 1, func(int) bool { return false }},
		{"two items both inspect", 2, func(int) bool { return true }},
		{"hotel-like six items mixed", 6, func(i int) bool { return i%3 != 1 }},
		{"ten items", 10, func(i int) bool { return i%2 == 0 }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g := sample(c.items, c.inspect)
			if err := g.Validate(); err != nil {
				t.Fatal(err)
			}
			d := Layout(g, Options{})
			checkDiagram(t, g, d)
			// Every item box sits below accept and above the decision.
			acc, dec := d.Box("accept"), d.Box("decide")
			for i := 0; i < c.items; i++ {
				b := d.Box(fmt.Sprintf("item%d", i))
				if b.Y < acc.Y+acc.H || b.Y+b.H > dec.Y {
					t.Errorf("item%d not between accept and decide", i)
				}
			}
			if j := d.Box("joint"); j != nil && (j.Y < d.Box("item0").Y || j.Y > dec.Y) {
				t.Errorf("joint inspection not between items and decision")
			}
			if iss := d.Box("issue"); iss.Y < dec.Y+dec.H {
				t.Errorf("license not below the decision")
			}
		})
	}
}

func TestSizesGrowWithText(t *testing.T) {
	short := Layout(&Graph{Nodes: []Node{{ID: "a", Kind: Step, Label: "受理"}}}, Options{}).Boxes[0]
	long := Layout(&Graph{Nodes: []Node{{ID: "a", Kind: Step, Label: strings.Repeat("公众聚集场所投入使用营业前消防安全检查", 3)}}}, Options{}).Boxes[0]
	if long.H <= short.H || long.W < short.W {
		t.Fatalf("short %vx%v, long %vx%v", short.W, short.H, long.W, long.H)
	}
	if long.W > 150+1e-6 {
		t.Fatalf("long box %v wider than MaxBoxWidth", long.W)
	}
	big := Layout(&Graph{Nodes: []Node{{ID: "a", Kind: Step, Label: "受理"}}}, Options{FontSize: 20}).Boxes[0]
	if big.H <= short.H {
		t.Fatalf("bigger font did not grow the box")
	}
}

func TestValidate(t *testing.T) {
	bad := []*Graph{
		{Nodes: []Node{{ID: "a"}, {ID: "a"}}},
		{Nodes: []Node{{ID: ""}}},
		{Nodes: []Node{{ID: "a", Lane: "x"}}},
		{Nodes: []Node{{ID: "a"}}, Edges: []Edge{{From: "a", To: "b"}}},
		{Lanes: []Lane{{ID: "x"}, {ID: "x"}}},
	}
	for i, g := range bad {
		if g.Validate() == nil {
			t.Errorf("case %d: want error", i)
		}
	}
	// Layout tolerates what Validate rejects.
	d := Layout(bad[3], Options{})
	if len(d.Boxes) != 1 || len(d.Arrows) != 0 {
		t.Fatalf("got %d boxes %d arrows", len(d.Boxes), len(d.Arrows))
	}
}

func TestCyclesAndSelfLoops(t *testing.T) {
	g := &Graph{Nodes: []Node{{ID: "a"}, {ID: "b"}, {ID: "c"}},
		Edges: []Edge{{From: "a", To: "b"}, {From: "b", To: "c"}, {From: "c", To: "a"}, {From: "b", To: "b"}}}
	d := Layout(g, Options{})
	checkDiagram(t, g, d)
	backs := 0
	for _, a := range d.Arrows {
		if a.Back {
			backs++
		}
	}
	if backs != 2 {
		t.Fatalf("%d back arrows, want 2", backs)
	}
}

func TestScale(t *testing.T) {
	g := sample(3, func(int) bool { return true })
	d := Layout(g, Options{})
	h := d.Scale(0.5)
	if math.Abs(h.W-d.W/2) > 1e-9 || math.Abs(h.Boxes[2].X-d.Boxes[2].X/2) > 1e-9 || h.Arrows[0].Size != d.Arrows[0].Size/2 {
		t.Fatal("scale did not halve")
	}
}

func TestWrap(t *testing.T) {
	m := func(s string, size float64) float64 { return float64(utf8.RuneCountInString(s)) * size }
	cases := []struct {
		in    string
		width float64
		want  []string
	}{
		{"", 5, []string{""}},
		{"一二三四五六", 3, []string{"一二三", "四五六"}},
		{"一二三，四五", 3, []string{"一二", "三，四", "五"}}, // 避头: "，" never starts a line
		{"一二（三四", 3, []string{"一二", "（三四"}},       // 避尾: "（" never ends one
		{"a\nb", 3, []string{"a", "b"}},
		{"abc def", 4, []string{"abc ", "def"}},
		{"abcdefg", 3, []string{"abc", "def", "g"}},
		// One character a line: nothing to carry down, so the closing marks
		// hang at the end of the line before them (悬挂).
		{"一，二", 1, []string{"一，", "二"}},
		{"条）。文", 1, []string{"条）。", "文"}},
		{"GSP）", 3, []string{"GSP）"}},
		{"甲（乙", 1, []string{"甲", "（乙"}},
	}
	for _, c := range cases {
		got := Wrap(c.in, c.width, 1, m)
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("Wrap(%q, %v) = %q, want %q", c.in, c.width, got, c.want)
		}
	}
}

// hasLongClosingRun reports more than maxHang closing marks in a row, which
// Wrap may have to split.
func hasLongClosingRun(s string) bool {
	run := 0
	for _, r := range s {
		if isIn(string(r), noStart) {
			run++
			if run > maxHang {
				return true
			}
		} else {
			run = 0
		}
	}
	return false
}

func firstRune(s string) string {
	for _, r := range s {
		return string(r)
	}
	return ""
}

// TestWrapNeverStartsWithClosingMark wraps Chinese text with every kind
// of closing mark at every width from one character up.
func TestWrapNeverStartsWithClosingMark(t *testing.T) {
	texts := []string{
		"食品经营许可（新办），可延长5个工作日；材料：申请书、营业执照。是否核查？是！",
		"《食品安全法》第35条）。依据「条例」『细则』：仅销售预包装食品的，不需要许可。",
		"承诺 8 个工作日※（可延长 10 个），GSP）。",
	}
	for _, text := range texts {
		for w := 1.0; w <= 30; w++ {
			lines := Wrap(text, w, 1, func(s string, size float64) float64 { return float64(utf8.RuneCountInString(s)) * size })
			if strings.Join(lines, "") != text {
				t.Fatalf("width %v lost text: %q", w, lines)
			}
			for i, l := range lines {
				if i > 0 && strings.ContainsAny(firstRune(l), "，。、；：？！）」』》") {
					t.Errorf("width %v: line %d starts with %q: %q", w, i, firstRune(l), lines)
				}
			}
		}
	}
}

func FuzzWrap(f *testing.F) {
	for _, s := range []string{"", "食品经营许可（新办）。", "abc def\nghi", "，，，，", "（（（（", "\xff\xfe中"} {
		f.Add(s, 30.0)
	}
	f.Fuzz(func(t *testing.T, s string, width float64) {
		lines := Wrap(s, width, 10, ApproxMeasure)
		if got, want := strings.Join(lines, ""), strings.ReplaceAll(s, "\n", ""); got != want {
			t.Fatalf("lost text: %q -> %q", s, lines)
		}
		if !strings.Contains(s, "\n") && !hasLongClosingRun(s) {
			for i, l := range lines {
				if i > 0 && l != "" && isIn(firstRune(l), noStart) {
					t.Fatalf("line %d starts with a closing mark: %q", i, lines)
				}
			}
		}
		if width >= 20 {
			for _, l := range lines {
				// A line may overflow only by trailing spaces or a kept-together
				// punctuation pair; never by more than two characters.
				if ApproxMeasure(strings.TrimRight(l, " "), 10) > width+20.5 {
					t.Fatalf("line %q too wide for %v", l, width)
				}
			}
		}
	})
}

func FuzzLayout(f *testing.F) {
	f.Add("受理", "法定 20 个工作日", "市场监管局", uint8(3), uint8(5))
	f.Fuzz(func(t *testing.T, label, sub, caption string, items, mask uint8) {
		g := sample(int(items%12), func(i int) bool { return mask&(1<<(i%8)) != 0 })
		for i := range g.Nodes {
			g.Nodes[i].Label += label
			g.Nodes[i].Sublabel = sub
		}
		for i := range g.Lanes {
			g.Lanes[i].Caption = caption
		}
		checkDiagram(t, g, Layout(g, Options{}))
	})
}

func BenchmarkLayoutLarge(b *testing.B) {
	g := sample(8, func(i int) bool { return i%3 != 1 })
	b.ReportAllocs()
	for b.Loop() {
		Layout(g, Options{})
	}
}

func TestBadMeasureIsContained(t *testing.T) {
	g := sample(3, func(int) bool { return true })
	d := Layout(g, Options{Measure: func(s string, size float64) float64 { return math.NaN() }})
	checkDiagram(t, g, d)
	if math.IsNaN(d.W) || math.IsNaN(d.H) {
		t.Fatal("NaN diagram size")
	}
}

// TestWrapLabel: chart labels break where a reader would — after a
// pause mark or before a bracket — and a short question stays whole.
func TestWrapLabel(t *testing.T) {
	m := func(s string, size float64) float64 { return float64(utf8.RuneCountInString(s)) * size }
	tests := []struct {
		in    string
		width float64
		want  []string
	}{
		{"核查合格？", 5, []string{"核查合格？"}},
		{"核查合格？", 4, []string{"核查", "合格？"}},
		{"公众聚集场所投入使用、营业前消防安全检查", 12, []string{"公众聚集场所投入使用、", "营业前消防安全检查"}},
		{"一窗受理（旗政务服务大厅企业开办窗口）", 15, []string{"一窗受理", "（旗政务服务大厅企业开办窗口）"}},
		{"特种行业经营许可（旅馆业）", 9, []string{"特种行业经营许可", "（旅馆业）"}},
		{"否：限期整改后复审", 20, []string{"否：限期整改后复审"}},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got := WrapLabel(tc.in, tc.width, 1, m)
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("WrapLabel(%q, %v) = %q, want %q", tc.in, tc.width, got, tc.want)
			}
		})
	}
}

func FuzzWrapLabel(f *testing.F) {
	for _, s := range []string{"核查合格？", "公众聚集场所投入使用、营业前消防安全检查", "a b（c）", "，，（（"} {
		f.Add(s, 40.0)
	}
	f.Fuzz(func(t *testing.T, s string, width float64) {
		if len(s) > 400 {
			return
		}
		lines := WrapLabel(s, width, 10, ApproxMeasure)
		if got, want := strings.Join(lines, ""), strings.ReplaceAll(s, "\n", ""); got != want {
			t.Fatalf("lost text: %q -> %q", s, lines)
		}
		if !hasLongClosingRun(s) {
			for i, l := range lines {
				if i > 0 && l != "" && isIn(firstRune(l), noStart) && !strings.Contains(s, "\n") {
					t.Fatalf("line %d starts with a closing mark: %q", i, lines)
				}
			}
		}
		// Never more lines than plain wrapping needs.
		if n := len(Wrap(s, width, 10, ApproxMeasure)); len(lines) > n {
			t.Fatalf("%d lines, plain wrapping needs %d", len(lines), n)
		}
	})
}

// TestDecisionKeepsShortQuestionWhole: the pass check's question fits on
// one line even in a narrow chart.
func TestDecisionKeepsShortQuestionWhole(t *testing.T) {
	g := &Graph{Nodes: []Node{{ID: "q", Kind: Decision, Label: "核查合格？"}}}
	for _, w := range []float64{60, 80, 150} {
		d := Layout(g, Options{MaxBoxWidth: w, FontSize: 14, Padding: 8})
		if b := d.Box("q"); len(b.Text) != 1 || b.Text[0].S != "核查合格？" {
			t.Errorf("max width %v: %+v", w, b.Text)
		}
	}
}

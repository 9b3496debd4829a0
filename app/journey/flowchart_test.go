package journey

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	ftheme "fyne.io/fyne/v2/theme"

	"github.com/naiman-yiye/yiye/app/theme"
	"github.com/naiman-yiye/yiye/catalog"
	"github.com/naiman-yiye/yiye/flow"
)

func TestFlowchartDrawsEveryBoxAndArrow(t *testing.T) {
	a := test.NewTempApp(t)
	a.Settings().SetTheme(theme.New(theme.Options{}))
	g := &flow.Graph{
		Lanes: []flow.Lane{{ID: "a", Caption: "市场监管局"}, {ID: "b", Caption: "消防救援大队"}},
		Nodes: []flow.Node{
			{ID: "in", Kind: flow.Start, Label: "综合窗口受理"},
			{ID: "sp", Kind: flow.Step, Label: "食品经营许可审查", Lane: "a"},
			{ID: "xf", Kind: flow.Step, Label: "消防安全检查", Lane: "b"},
			{ID: "jc", Kind: flow.Inspection, Label: "联合现场核查"},
			{ID: "ok", Kind: flow.Decision, Label: "符合条件？"},
			{ID: "out", Kind: flow.End, Label: "发放行业综合许可证"},
		},
		Edges: []flow.Edge{{From: "in", To: "sp", Label: ""}, {From: "in", To: "xf", Label: ""}, {From: "sp", To: "jc", Label: ""}, {From: "xf", To: "jc", Label: ""},
			{From: "jc", To: "ok", Label: ""}, {From: "ok", To: "out", Label: "是"}},
	}
	d := layoutFlow(g)
	fc := newFlowchart(d)
	w := test.NewTempWindow(t, fc)
	w.Resize(fyne.NewSize(float32(d.W)+40, float32(d.H)+40))

	objs := test.TempWidgetRenderer(t, fc).Objects()
	var texts, polys, lines int
	seen := map[string]bool{}
	for _, o := range objs {
		switch v := o.(type) {
		case *canvas.Text:
			texts++
			seen[v.Text] = true
			if v.Position().X < 0 || v.Position().X+v.Size().Width > float32(d.W)+1 {
				t.Errorf("text %q outside the diagram: %v %v", v.Text, v.Position(), v.Size())
			}
		case *canvas.ArbitraryPolygon:
			polys++
		case *canvas.Line:
			lines++
		}
	}
	for _, want := range []string{"综合窗口受理", "联合现场核查", "发放行业综合许可证", "市场监管局", "是"} {
		if !seen[want] {
			t.Errorf("text %q not drawn; have %v", want, seen)
		}
	}
	// One diamond plus one head per arrow.
	if polys != 1+len(d.Arrows) {
		t.Errorf("polygons = %d, want %d", polys, 1+len(d.Arrows))
	}
	if lines < len(d.Arrows) {
		t.Errorf("lines = %d, want at least one per arrow (%d)", lines, len(d.Arrows))
	}
	if got := fc.MinSize(); got.Width < 100 || got.Height < 100 {
		t.Errorf("MinSize = %v, too small", got)
	}
}

// TestFlowchartTextAtLeastBodySize: every text of the on-screen chart —
// labels, sublabels, lane captions, arrow labels — is at least the body
// text size, so the chart reads like the rest of the notice.
func TestFlowchartTextAtLeastBodySize(t *testing.T) {
	a := test.NewTempApp(t)
	a.Settings().SetTheme(theme.New(theme.Options{}))
	c, err := catalog.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	sel, err := c.Match(catalog.Request{Industry: "hotel", All: true})
	if err != nil {
		t.Fatal(err)
	}
	d := layoutFlow(flow.FromNotice(c.Notice(sel, catalog.Date(2026, 3, 2))))
	body := ftheme.Size(ftheme.SizeNameText)
	fc := newFlowchart(d)
	texts := 0
	for _, o := range test.TempWidgetRenderer(t, fc).Objects() {
		if tx, ok := o.(*canvas.Text); ok {
			texts++
			if tx.TextSize < body {
				t.Errorf("%q drawn at %.1f, body text is %.1f", tx.Text, tx.TextSize, body)
			}
		}
	}
	if texts < 20 {
		t.Fatalf("only %d texts drawn", texts)
	}
}

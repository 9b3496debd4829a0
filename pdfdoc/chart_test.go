package pdfdoc

import (
	"math"
	"testing"

	"github.com/naiman-yiye/yiye/flow"
)

// TestChartTextReadable: every industry's flowchart, laid out and fitted
// to the page as the notice prints it, sets no text below 9 pt (the body
// is 10.5 pt), and no arrow runs across a department's name.
func TestChartTextReadable(t *testing.T) {
	c := embedded(t)
	d, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, ind := range c.Industries {
		t.Run(ind.Code, func(t *testing.T) {
			g := flow.FromNotice(notice(t, c, ind.Code, true))
			dg := d.fit(flow.Layout(g, d.chartOptions(len(g.Lanes))))
			var texts []flow.Text
			for _, b := range dg.Boxes {
				texts = append(texts, b.Text...)
			}
			for _, l := range dg.Lanes {
				texts = append(texts, l.Text...)
			}
			for _, tx := range texts {
				if tx.Size < 9-1e-9 {
					t.Errorf("%q set at %.1f pt", tx.S, tx.Size)
				}
			}
			for _, a := range dg.Arrows {
				if a.Label != "" && a.Size < 9-1e-9 {
					t.Errorf("arrow label %q at %.1f pt", a.Label, a.Size)
				}
				for i := 1; i < len(a.Points); i++ {
					p, q := a.Points[i-1], a.Points[i]
					for _, l := range dg.Lanes {
						if math.Min(p.X, q.X) < l.X+l.W-0.5 && math.Max(p.X, q.X) > l.X+0.5 &&
							math.Min(p.Y, q.Y) < l.Y+l.CaptionH-0.5 && math.Max(p.Y, q.Y) > l.Y+0.5 {
							t.Errorf("arrow %s→%s crosses the caption of %s", a.From, a.To, l.Caption)
						}
					}
				}
			}
		})
	}
}

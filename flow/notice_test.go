package flow

import (
	"strings"
	"testing"
	"time"

	"github.com/naiman-yiye/yiye/catalog"
)

func notice(t testing.TB, industry string) *catalog.Notice {
	t.Helper()
	c, err := catalog.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	sel, err := c.Match(catalog.Request{Industry: industry, All: true})
	if err != nil {
		t.Fatal(err)
	}
	return c.Notice(sel, time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC))
}

func TestFromNoticeAllIndustries(t *testing.T) {
	c, err := catalog.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	for _, ind := range c.Industries {
		t.Run(ind.Code, func(t *testing.T) {
			n := notice(t, ind.Code)
			g := FromNotice(n)
			if err := g.Validate(); err != nil {
				t.Fatal(err)
			}
			if len(g.Lanes) != len(n.Flow.Lanes) {
				t.Fatalf("%d lanes for %d pre-opening items", len(g.Lanes), len(n.Flow.Lanes))
			}
			for _, l := range n.Flow.Lanes {
				found := false
				for _, nd := range g.Nodes {
					found = found || (nd.Lane == "lane:"+l.Item && nd.Label == l.Name)
				}
				if !found {
					t.Errorf("no node for item %s", l.Item)
				}
			}
			hasJoint := false
			for _, nd := range g.Nodes {
				hasJoint = hasJoint || nd.ID == IDJoint
			}
			if hasJoint != (n.Flow.JointInspection != nil) {
				t.Errorf("joint inspection node %v, notice says %v", hasJoint, n.Flow.JointInspection != nil)
			}
			last := g.Nodes[len(g.Nodes)-1-len(n.Flow.AfterOpening)]
			if last.ID != IDLicense || last.Kind != End {
				t.Errorf("license node is %+v", last)
			}
			if n.Comprehensive.Issued && !strings.Contains(last.Label, "行业综合许可证") {
				t.Errorf("license label %q", last.Label)
			}
			d := Layout(g, Options{MaxLaneBoxWidth: 70})
			checkDiagram(t, g, d)
		})
	}
}

func TestFromNoticeHotelJoinsInspections(t *testing.T) {
	n := notice(t, "hotel")
	if n.Flow.JointInspection == nil {
		t.Fatal("hotel notice has no joint inspection")
	}
	g := FromNotice(n)
	d := Layout(g, Options{})
	joint := d.Box(IDJoint)
	into := 0
	for _, a := range d.Arrows {
		if a.To == IDJoint && strings.HasPrefix(a.From, "item:") {
			into++
			if from := d.Box(a.From); from.Y+from.H > joint.Y {
				t.Errorf("%s is not above the joint inspection", a.From)
			}
		}
	}
	if into != len(n.Flow.JointInspection.Items) {
		t.Fatalf("%d arrows into the joint inspection, want %d", into, len(n.Flow.JointInspection.Items))
	}
	// Inspecting lanes are contiguous.
	first, last := -1, -1
	for i, l := range g.Lanes {
		if contains(n.Flow.JointInspection.Items, strings.TrimPrefix(l.ID, "lane:")) {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	if last-first+1 != len(n.Flow.JointInspection.Items) {
		t.Errorf("inspecting lanes not contiguous: %d..%d", first, last)
	}
}

func BenchmarkLayoutHotelNotice(b *testing.B) {
	n := notice(b, "hotel")
	b.ReportAllocs()
	for b.Loop() {
		Layout(FromNotice(n), Options{MaxLaneBoxWidth: 60})
	}
}

// TestFromNoticeDrawsSequence: the hotel's special trade license is decided
// after the fire opinion, so the chart leads from the inspection through
// the fire opinion to the special trade decision, in that order.
func TestFromNoticeDrawsSequence(t *testing.T) {
	n := notice(t, "hotel")
	g := FromNotice(n)
	if err := g.Validate(); err != nil {
		t.Fatal(err)
	}
	first, then := "seq:XFJC", "seq:TZHY"
	edges := map[[2]string]bool{}
	for _, e := range g.Edges {
		edges[[2]string{e.From, e.To}] = true
	}
	for _, want := range [][2]string{{IDPassed, first}, {first, then}, {then, IDDecision}} {
		if !edges[want] {
			t.Errorf("no arrow %s → %s", want[0], want[1])
		}
	}
	if edges[[2]string{IDPassed, then}] {
		t.Error("the special trade decision is also reached without the fire opinion")
	}
	labels := map[string]string{}
	for _, nd := range g.Nodes {
		labels[nd.ID] = nd.Label + " " + nd.Sublabel
	}
	if !strings.Contains(labels[first], "消防") || !strings.Contains(labels[then], "特种行业") {
		t.Errorf("sequence labels %q, %q", labels[first], labels[then])
	}
	d := Layout(g, Options{MaxLaneBoxWidth: 70})
	checkDiagram(t, g, d)
	if a, b := d.Box(first), d.Box(then); a.Y+a.H > b.Y {
		t.Errorf("fire opinion (y %v) is not above the special trade decision (y %v)", a.Y, b.Y)
	}
	// Industries without an order draw no sequence.
	for _, nd := range FromNotice(notice(t, "supermarket")).Nodes {
		if strings.HasPrefix(nd.ID, "seq:") {
			t.Errorf("supermarket has sequence node %s", nd.ID)
		}
	}
}

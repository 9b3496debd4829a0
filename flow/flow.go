// Package flow models the approval flowchart of a consolidated notice and
// lays it out in abstract units, independent of any output: pdfdoc draws the
// result into PDFs and the app draws it on a Fyne canvas. Text measurement is
// injected (MeasureFunc) so boxes fit whichever font the renderer uses.
package flow

import "fmt"

// Kind is what a node stands for; renderers pick the shape from it.
type Kind int

const (
	Start      Kind = iota // rounded terminal: the application is filed
	Step                   // rectangle: an ordinary step (review, acceptance)
	Decision               // diamond: a yes/no question
	Inspection             // rectangle with a double border: on-site inspection
	End                    // rounded terminal: the license is issued
)

// String returns the kind's English name.
func (k Kind) String() string {
	switch k {
	case Start:
		return "start"
	case Step:
		return "step"
	case Decision:
		return "decision"
	case Inspection:
		return "inspection"
	case End:
		return "end"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Node is one box of the chart.
type Node struct {
	ID       string
	Kind     Kind
	Label    string // main text, e.g. "食品经营许可"
	Sublabel string // smaller second text, e.g. "法定 10 个工作日"
	Lane     string // ID of the lane it runs in; "" for the shared trunk
}

// Lane is a parallel per-item path, drawn as a column with a caption.
type Lane struct {
	ID      string
	Caption string // the department, e.g. "旗市场监督管理局"
}

// Edge is an arrow from one node to another.
type Edge struct {
	From, To string
	Label    string // e.g. "是" / "否"; may be empty
}

// Graph is a flowchart before layout. Lanes are laid out left to right in
// slice order.
type Graph struct {
	Title string
	Nodes []Node
	Lanes []Lane
	Edges []Edge
}

// Validate reports the first structural problem: duplicate or empty IDs,
// nodes in unknown lanes, or edges to unknown nodes.
func (g *Graph) Validate() error {
	lanes := map[string]bool{}
	for _, l := range g.Lanes {
		if l.ID == "" || lanes[l.ID] {
			return fmt.Errorf("flow: empty or duplicate lane id %q", l.ID)
		}
		lanes[l.ID] = true
	}
	nodes := map[string]bool{}
	for _, n := range g.Nodes {
		if n.ID == "" || nodes[n.ID] {
			return fmt.Errorf("flow: empty or duplicate node id %q", n.ID)
		}
		if n.Lane != "" && !lanes[n.Lane] {
			return fmt.Errorf("flow: node %q in unknown lane %q", n.ID, n.Lane)
		}
		nodes[n.ID] = true
	}
	for _, e := range g.Edges {
		if !nodes[e.From] || !nodes[e.To] {
			return fmt.Errorf("flow: edge %q -> %q names an unknown node", e.From, e.To)
		}
	}
	return nil
}

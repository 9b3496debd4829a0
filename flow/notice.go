package flow

import (
	"fmt"
	"strings"

	"github.com/naiman-yiye/yiye/catalog"
)

// Node IDs used by FromNotice (lane nodes add the item code).
const (
	IDApply    = "apply"
	IDIntake   = "intake"
	IDJoint    = "joint_inspection"
	IDPassed   = "inspection_passed"
	IDRectify  = "rectify" // no longer drawn: the rectify loop is the back arrow from IDPassed
	IDDecision = "decision"
	IDLicense  = "license"
)

// FromNotice draws a notice's procedure: the application, the single-window
// intake, one lane per pre-opening item (captioned with its department),
// a joint inspection (一同核查) when several items inspect on site with its
// pass check and rectify loop (a back arrow), the departments' decisions, the license, and the
// filings due after opening. Lanes that inspect sit together in the middle
// so the lanes that skip the inspection run down the sides.
func FromNotice(n *catalog.Notice) *Graph {
	f := n.Flow
	g := &Graph{Title: "办理流程图"}
	add := func(nd Node) { g.Nodes = append(g.Nodes, nd) }
	edge := func(from, to, label string) { g.Edges = append(g.Edges, Edge{From: from, To: to, Label: label}) }

	add(Node{ID: IDApply, Kind: Start, Label: "一表申请", Sublabel: "填写一张合并申请表，材料一次提交"})
	add(Node{ID: IDIntake, Kind: Step, Label: f.Intake.ZH, Sublabel: f.Intake.Note})
	edge(IDApply, IDIntake, "")

	joint := f.JointInspection != nil
	var inspecting, other []catalog.FlowLane
	for _, l := range f.Lanes {
		if l.Inspection && joint && contains(f.JointInspection.Items, l.Item) {
			inspecting = append(inspecting, l)
		} else {
			other = append(other, l)
		}
	}
	half := (len(other) + 1) / 2
	ordered := append(append(append([]catalog.FlowLane{}, other[:half]...), inspecting...), other[half:]...)

	exit := map[string]string{} // lane item → the node its path leaves by
	for _, l := range ordered {
		laneID := "lane:" + l.Item
		g.Lanes = append(g.Lanes, Lane{ID: laneID, Caption: l.Department})
		id := "item:" + l.Item
		sub := ""
		if l.CommittedDays > 0 {
			sub = fmt.Sprintf("承诺 %d 个工作日", l.CommittedDays)
		}
		add(Node{ID: id, Kind: Step, Label: l.Name, Sublabel: sub, Lane: laneID})
		edge(IDIntake, id, "")
		switch {
		case l.Inspection && joint && contains(f.JointInspection.Items, l.Item):
			edge(id, IDJoint, "")
			exit[l.Item] = IDPassed
		case l.Inspection:
			iid := "inspect:" + l.Item
			add(Node{ID: iid, Kind: Inspection, Label: "现场核查", Sublabel: inspectionStep(l), Lane: laneID})
			edge(id, iid, "")
			exit[l.Item] = iid
		default:
			exit[l.Item] = id
		}
	}
	if joint {
		add(Node{ID: IDJoint, Kind: Inspection, Label: f.JointInspection.ZH, Sublabel: f.JointInspection.Note})
		add(Node{ID: IDPassed, Kind: Decision, Label: "核查合格？"})
		edge(IDJoint, IDPassed, "")
		// The rectify loop is a back arrow, so the decision row stays clear
		// for the lanes that skip the inspection.
		edge(IDPassed, IDJoint, "否：限期整改后复审")
	}
	decisionFrom := sequence(ordered, exit, add, edge)
	add(Node{ID: IDDecision, Kind: Step, Label: f.Decision.ZH})
	for _, from := range decisionFrom {
		edge(from, IDDecision, "")
	}
	// Arrows leaving the pass check are its "yes" branch.
	for i := range g.Edges {
		if g.Edges[i].From == IDPassed && g.Edges[i].To != IDJoint {
			g.Edges[i].Label = "是"
		}
	}
	lic := f.License.ZH
	if lic == "" {
		lic = "颁发行业综合许可证"
	}
	var sub []string
	if n.Comprehensive.Issued {
		sub = append(sub, "与各单项许可证一并发放")
	} else if f.License.Note != "" {
		sub = append(sub, f.License.Note)
	}
	switch {
	case n.CommittedDays > 0 && n.ExpectedDate != "":
		sub = append(sub, fmt.Sprintf("承诺 %d 个工作日，预计 %s 前", n.CommittedDays, catalog.DateZH(n.ExpectedDate)))
	case n.CommittedDays > 0:
		sub = append(sub, fmt.Sprintf("承诺 %d 个工作日内", n.CommittedDays))
	}
	add(Node{ID: IDLicense, Kind: End, Label: lic, Sublabel: strings.Join(sub, "；")})
	edge(IDDecision, IDLicense, "")
	for _, l := range f.AfterOpening {
		id := "after:" + l.Item
		sub, label := "开业后办理", "开业后"
		if l.Phase == catalog.TimingUnknown {
			sub, label = "备案", "另办备案"
		}
		if l.FilingWithin != "" {
			sub += "：" + l.FilingWithin
		}
		add(Node{ID: id, Kind: Step, Label: l.Name, Sublabel: sub})
		edge(IDLicense, id, label)
	}
	return g
}

// sequence draws the order of items that wait for another's result (the
// special trade license after the fire opinion) as a chain of trunk nodes
// "先办结：…" → "再决定：…" between the lanes and the decisions, and returns
// the nodes that lead on to the decisions, in lane order and without
// repeats.
func sequence(lanes []catalog.FlowLane, exit map[string]string, add func(Node), edge func(from, to, label string)) []string {
	byItem := map[string]catalog.FlowLane{}
	for _, l := range lanes {
		byItem[l.Item] = l
	}
	first, then := map[string]bool{}, map[string]bool{}
	for _, l := range lanes {
		for _, a := range l.After {
			if _, ok := byItem[a]; ok {
				first[a], then[l.Item] = true, true
			}
		}
	}
	var out []string
	seen := map[string]bool{}
	lead := func(id string) {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	inSeq := func(item string) bool { return first[item] || then[item] }
	for _, l := range lanes {
		if !inSeq(l.Item) {
			lead(exit[l.Item])
			continue
		}
		id := "seq:" + l.Item
		days := fmt.Sprintf("承诺 %d 个工作日", l.CommittedDays)
		if then[l.Item] {
			add(Node{ID: id, Kind: Step, Label: "再决定：" + l.Name, Sublabel: "前一项办结后，" + days})
		} else {
			add(Node{ID: id, Kind: Step, Label: "先办结：" + l.Name, Sublabel: days})
		}
	}
	for _, l := range lanes {
		if !inSeq(l.Item) {
			continue
		}
		id := "seq:" + l.Item
		shared := false // its path leaves by the same node as a prerequisite's
		for _, a := range l.After {
			if _, ok := byItem[a]; ok {
				edge("seq:"+a, id, "")
				shared = shared || exit[a] == exit[l.Item]
			}
		}
		if !shared {
			edge(exit[l.Item], id, "")
		}
		if !first[l.Item] {
			lead(id)
		}
	}
	return out
}

// inspectionStep names the lane's own on-site step, e.g. 实地检查.
func inspectionStep(l catalog.FlowLane) string {
	for _, s := range l.Steps {
		if s.Inspection {
			return s.ZH
		}
	}
	return ""
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

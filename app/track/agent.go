package track

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/naiman-yiye/yiye/agent"
	"github.com/naiman-yiye/yiye/app/i18n"
	"github.com/naiman-yiye/yiye/app/shell"
	"github.com/naiman-yiye/yiye/catalog"
	"github.com/naiman-yiye/yiye/client/api"
)

// Assisted filing (委托代办) on screen. The ID number is always shown
// masked (api.MaskIDNumber is idempotent, so the portal's masked copy
// stays as it is); the full number is on the signed paper form only.

// agentIDLine is the agent's document type and masked number.
func agentIDLine(a *api.Agent) string {
	return trm("track.agent.id", "Type", agent.IDTypeName(a.IDType), "ID", api.MaskIDNumber(a.IDNumber))
}

func orUnfilled(s string) string {
	if strings.TrimSpace(s) == "" {
		return tr("track.agent.unfilled")
	}
	return s
}

// agentSummary are the 提交申请 summary's lines: name, masked ID,
// principal and scope.
func agentSummary(a *api.Agent) []string {
	return []string{
		trm("track.submit.agent", "Name", a.AgentName),
		"    " + agentIDLine(a),
		"    " + trm("track.agent.principal", "Principal", orUnfilled(a.Principal)),
		"    " + trm("track.agent.scope", "Scope", orUnfilled(a.Scope)),
	}
}

// agentCard is the application detail's 委托代办 card.
func agentCard(cat *catalog.Catalog, a *api.Agent) fyne.CanvasObject {
	lines := []string{trm("track.agent.name", "Name", a.AgentName), agentIDLine(a)}
	if a.Mobile != "" {
		lines = append(lines, trm("track.agent.mobile", "Mobile", a.Mobile))
	}
	lines = append(lines, trm("track.agent.principal", "Principal", orUnfilled(a.Principal)),
		trm("track.agent.scope", "Scope", orUnfilled(a.Scope)))
	if a.StaffID != "" {
		lines = append(lines, trm("track.agent.staff", "Staff", a.StaffID))
	}
	if a.RecordedAt != nil {
		lines = append(lines, trm("track.agent.recorded", "At", i18n.FormatDateTime(*a.RecordedAt)))
	}
	if a.LetterMaterialID != "" {
		lines = append(lines, trm("track.agent.letter", "Material", materialName(cat, a.LetterMaterialID)))
	}
	box := container.NewVBox()
	for _, l := range lines {
		box.Add(shell.WrapLabel(l))
	}
	return widget.NewCard(tr("track.detail.agent_title"), "", box)
}

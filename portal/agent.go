package portal

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/naiman-yiye/yiye/agent"
	"github.com/naiman-yiye/yiye/client/api"
	"github.com/naiman-yiye/yiye/forms"
	"github.com/naiman-yiye/yiye/usererr"
)

// Assisted filing (帮办代办): the agent of an application lives in
// portal_agents, one row per application, not in the application's JSON
// document, so staff can find every application one agent filed and the
// full ID number stays out of the document the applicant API serves.

// checkAgent validates a request's agent with package agent's rules (the
// same at the kiosk and in the desktop app) and checks that its letter is
// among the request's materials.
func checkAgent(a *api.Agent, materials []api.MaterialRef, now time.Time) error {
	if a == nil {
		return nil
	}
	if err := agent.FromRequest(*a).Check(now); err != nil {
		var ue *usererr.Error
		if !errors.As(err, &ue) {
			return err
		}
		field := strings.TrimPrefix(ue.Code, "agent.")
		if field == "name" {
			field = "agent_name"
		}
		return errf(422, "application.agent_invalid", "委托代办信息有误："+ue.ZH, "Assisted filing: "+ue.EN, "agent."+field)
	}
	if a.LetterMaterialID == "" || !slices.ContainsFunc(materials, func(m api.MaterialRef) bool { return m.MaterialID == a.LetterMaterialID }) {
		return errf(422, "application.agent_letter_missing",
			"委托代办须随申请提交授权委托书：请上传授权委托书，并在材料中引用它。",
			"Assisted filing needs the authorisation letter: upload it and list it among the materials (letter_material_id).",
			"agent.letter_material_id")
	}
	return nil
}

// forApplicant is the application as the applicant API shows it: the
// agent's ID number masked.
func (rec *appRecord) forApplicant() api.Application {
	app := rec.Application
	if app.Agent != nil {
		a := *app.Agent
		a.IDNumber = api.MaskIDNumber(a.IDNumber)
		app.Agent = &a
	}
	return app
}

func saveAgent(ctx context.Context, tx *sql.Tx, appID string, a *api.Agent) error {
	var at int64
	if a.RecordedAt != nil {
		at = a.RecordedAt.Unix()
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO portal_agents(app_id, agent_name, id_type, id_number, mobile,
		principal, scope, staff_id, recorded_at, letter_material_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		appID, strings.TrimSpace(a.AgentName), a.IDType, forms.NormalizeIDNumber(a.IDNumber), a.Mobile,
		a.Principal, a.Scope, a.StaffID, at, a.LetterMaterialID)
	return err
}

// loadAgent returns the application's agent, nil if it was not filed by one.
func loadAgent(ctx context.Context, q querier, appID string) (*api.Agent, error) {
	var a api.Agent
	var at int64
	err := q.QueryRowContext(ctx, `SELECT agent_name, id_type, id_number, mobile, principal, scope, staff_id,
		recorded_at, letter_material_id FROM portal_agents WHERE app_id = ?`, appID).Scan(
		&a.AgentName, &a.IDType, &a.IDNumber, &a.Mobile, &a.Principal, &a.Scope, &a.StaffID, &at, &a.LetterMaterialID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if at != 0 {
		t := time.Unix(at, 0).UTC()
		a.RecordedAt = &t
	}
	return &a, nil
}

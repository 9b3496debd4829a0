package portal

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/naiman-yiye/yiye/client/api"
	"github.com/naiman-yiye/yiye/forms"
)

// Assisted filing (帮办代办): the agent of an application lives in
// portal_agents, one row per application, not in the application's JSON
// document, so staff can find every application one agent filed and the
// full ID number stays out of the document the applicant API serves.

// checkAgent validates a request's agent against its materials.
func checkAgent(a *api.Agent, materials []api.MaterialRef, now time.Time) error {
	if a == nil {
		return nil
	}
	bad := func(field, zh, en string) error {
		return errf(422, "application.agent_invalid", "委托代办信息有误："+zh, "Assisted filing: "+en, "agent."+field)
	}
	if n := strings.TrimSpace(a.AgentName); n == "" || !plainText(n, 100) {
		return bad("agent_name", "请填写代理人姓名（不超过 100 个字）。", "enter the agent's name (at most 100 characters).")
	}
	if a.IDType != "" && !slices.ContainsFunc(idTypeField().Options, func(o forms.Option) bool { return o.Value == a.IDType }) {
		return bad("id_type", "证件类型不在可选范围内。", "unknown ID document type.")
	}
	if e := forms.CheckIDDocument(a.IDType, a.IDNumber); e != nil {
		return bad("id_number", "代理人"+e.ZH, "the agent's ID: "+e.EN)
	}
	if a.Mobile != "" {
		if e := forms.CheckMobile(a.Mobile); e != nil {
			return bad("mobile", "代理人"+e.ZH, "the agent's mobile: "+e.EN)
		}
	}
	if !plainText(a.Principal, 100) {
		return bad("principal", "委托人不能超过 100 个字，且不能含控制字符。", "the principal must be at most 100 characters, without control characters.")
	}
	if !plainText(a.Scope, 500) {
		return bad("scope", "委托事项不能超过 500 个字，且不能含控制字符。", "the scope must be at most 500 characters, without control characters.")
	}
	if !plainText(a.StaffID, 64) || strings.ContainsAny(a.StaffID, " \t\n") {
		return bad("staff_id", "经办工作人员工号格式不正确。", "the staff ID is malformed.")
	}
	if a.RecordedAt != nil && (a.RecordedAt.IsZero() || a.RecordedAt.After(now.Add(5*time.Minute))) {
		return bad("recorded_at", "委托登记时间无效。", "the time the authorisation was recorded is invalid.")
	}
	if a.LetterMaterialID == "" || !slices.ContainsFunc(materials, func(m api.MaterialRef) bool { return m.MaterialID == a.LetterMaterialID }) {
		return errf(422, "application.agent_letter_missing",
			"委托代办须随申请提交授权委托书：请上传授权委托书，并在材料中引用它。",
			"Assisted filing needs the authorisation letter: upload it and list it among the materials (letter_material_id).",
			"agent.letter_material_id")
	}
	return nil
}

// plainText: s is valid UTF-8 of at most n characters, without control
// characters other than line breaks and tabs.
func plainText(s string, n int) bool {
	if !utf8.ValidString(s) || utf8.RuneCountInString(s) > n {
		return false
	}
	return !strings.ContainsFunc(s, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\t' && r != '\r' })
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

// idTypeField is the form field whose options are the ID document types.
func idTypeField() forms.Field {
	for _, f := range forms.AllFields() {
		if f.Key == "legal_rep_id_type" {
			return f
		}
	}
	return forms.Field{Options: []forms.Option{{Value: "resident_id", ZH: "居民身份证"}}}
}

// idTypeName is the Chinese name of an ID document type ("" = resident ID).
func idTypeName(v string) string {
	if v == "" {
		v = "resident_id"
	}
	return idTypeField().OptionLabel(v)
}

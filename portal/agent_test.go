package portal

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/naiman-yiye/yiye/client/api"
	"github.com/naiman-yiye/yiye/store"
)

const agentID = "150525199001011237"

// agentRequest is appRequest filed by an agent, with the letter uploaded.
func (e *env) agentRequest(token string) api.ApplicationRequest {
	e.t.Helper()
	plan, letter := []byte("plan"), []byte("%PDF-1.4 授权委托书")
	req := appRequest(e.upload(token, "floor-plan", plan), plan)
	req.Materials = append(req.Materials, api.MaterialRef{MaterialID: "proxy_authorization",
		UploadID: e.upload(token, "proxy_authorization", letter), SHA256: hexSHA(letter), Filename: "委托书.pdf"})
	at := time.Date(2026, 11, 24, 1, 30, 0, 0, time.UTC)
	req.Agent = &api.Agent{AgentName: "李代办", IDType: "resident_id", IDNumber: agentID, Mobile: "13800138000",
		Principal: "奈曼旗示例便利店", Scope: "代为办理一业一证申请及领证", StaffID: "NM007", RecordedAt: &at,
		LetterMaterialID: "proxy_authorization"}
	return req
}

func TestAssistedFiling(t *testing.T) {
	dir := t.TempDir()
	e := start(t, dir, nil)
	tok := e.login(phoneA).AccessToken
	req := e.agentRequest(tok)
	const masked = "150525********1237"

	created := e.createApp(tok, "key-agent-0001", req)
	if created.Agent == nil || created.Agent.IDNumber != masked || created.Agent.AgentName != "李代办" ||
		created.Agent.Scope != req.Agent.Scope || created.Agent.LetterMaterialID != "proxy_authorization" ||
		!created.Agent.RecordedAt.Equal(*req.Agent.RecordedAt) {
		t.Fatalf("created agent: %+v", created.Agent)
	}
	if strings.Contains(string(e.do("GET", api.PathApplications+"/"+created.ID, tok, nil).body), agentID) {
		t.Fatal("the applicant API shows the agent's full ID number")
	}
	if got := e.getApp(tok, created.ID).Agent; got == nil || got.IDNumber != masked || got.Principal != req.Agent.Principal {
		t.Fatalf("detail agent: %+v", got)
	}
	// A replay answers the same, masked; another agent under the same key is refused.
	r := e.do("POST", api.PathApplications, tok, req, api.HeaderIdempotencyKey, "key-agent-0001")
	var replay api.Application
	r.decode(t, &replay)
	if r.status != 200 || replay.ID != created.ID || replay.Agent == nil || replay.Agent.IDNumber != masked {
		t.Fatalf("replay: %d %s", r.status, r.body)
	}
	other := req
	oa := *req.Agent
	oa.Scope = "代为领取许可证"
	other.Agent = &oa
	if r := e.do("POST", api.PathApplications, tok, other, api.HeaderIdempotencyKey, "key-agent-0001"); r.status != 422 || r.errCode(t) != "idempotency.key_reused" {
		t.Fatalf("same key, other agent: %d %s", r.status, r.body)
	}
	noAgent := req
	noAgent.Agent = nil
	if r := e.do("POST", api.PathApplications, tok, noAgent, api.HeaderIdempotencyKey, "key-agent-0001"); r.status != 422 || r.errCode(t) != "idempotency.key_reused" {
		t.Fatalf("same key, agent dropped: %d %s", r.status, r.body)
	}

	// Staff see it in full, and it survives a change to the application.
	if s := e.staffDo("POST", api.PathAdmin+"/applications/"+created.ID+"/accept", api.StaffAction{}); s.status != 200 {
		t.Fatalf("accept: %d %s", s.status, s.body)
	}
	var staff api.Application
	e.staffDo("GET", api.PathAdmin+"/applications/"+created.ID, nil).decode(t, &staff)
	if staff.Agent == nil || staff.Agent.IDNumber != agentID || staff.Agent.StaffID != "NM007" || staff.Status != api.StatusAccepted {
		t.Fatalf("staff detail: %+v", staff.Agent)
	}
	page := e.boGet("/admin/app/" + created.ID)
	for _, want := range []string{"委托代办", "李代办", "居民身份证 " + agentID, "奈曼旗示例便利店", "代为办理一业一证申请及领证", "NM007", "proxy_authorization"} {
		if !strings.Contains(page, want) {
			t.Errorf("back-office page lacks %q", want)
		}
	}
	// An application without an agent has no agent, and its page no card.
	plain := []byte("plain")
	app2 := e.createApp(tok, "key-agent-0002", appRequest(e.upload(tok, "floor-plan", plain), plain))
	if app2.Agent != nil || strings.Contains(e.boGet("/admin/app/"+app2.ID), "委托代办") {
		t.Fatalf("agent on a plain application: %+v", app2.Agent)
	}

	// Stored in SQLite: there after a restart.
	if err := e.srv.Close(); err != nil {
		t.Fatal(err)
	}
	e2 := start(t, dir, nil)
	if got := e2.getApp(tok, created.ID).Agent; got == nil || got.IDNumber != masked || got.Mobile != "13800138000" {
		t.Fatalf("agent after restart: %+v", got)
	}
}

func TestAssistedFilingRefusals(t *testing.T) {
	e := start(t, t.TempDir(), nil)
	tok := e.login(phoneA).AccessToken
	base := e.agentRequest(tok)
	future := e.clock.Now().Add(time.Hour)
	for i, tc := range []struct {
		name      string
		mod       func(a *api.Agent, r *api.ApplicationRequest)
		code, fld string
	}{
		{"bad check digit", func(a *api.Agent, _ *api.ApplicationRequest) { a.IDNumber = "150525199001011238" },
			"application.agent_invalid", "agent.id_number"},
		{"no ID", func(a *api.Agent, _ *api.ApplicationRequest) { a.IDNumber = "" }, "application.agent_invalid", "agent.id_number"},
		{"passport shape", func(a *api.Agent, _ *api.ApplicationRequest) { a.IDType, a.IDNumber = "passport", "E1#" },
			"application.agent_invalid", "agent.id_number"},
		{"unknown ID type", func(a *api.Agent, _ *api.ApplicationRequest) { a.IDType = "library_card" },
			"application.agent_invalid", "agent.id_type"},
		{"no name", func(a *api.Agent, _ *api.ApplicationRequest) { a.AgentName = "  " }, "application.agent_invalid", "agent.agent_name"},
		{"bad mobile", func(a *api.Agent, _ *api.ApplicationRequest) { a.Mobile = "12345" }, "application.agent_invalid", "agent.mobile"},
		{"scope too long", func(a *api.Agent, _ *api.ApplicationRequest) { a.Scope = strings.Repeat("办", 501) },
			"application.agent_invalid", "agent.scope"},
		{"recorded in the future", func(a *api.Agent, _ *api.ApplicationRequest) { a.RecordedAt = &future },
			"application.agent_invalid", "agent.recorded_at"},
		{"no letter named", func(a *api.Agent, _ *api.ApplicationRequest) { a.LetterMaterialID = "" },
			"application.agent_letter_missing", "agent.letter_material_id"},
		{"letter not among the materials", func(_ *api.Agent, r *api.ApplicationRequest) { r.Materials = r.Materials[:1] },
			"application.agent_letter_missing", "agent.letter_material_id"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := base
			a := *base.Agent
			req.Materials = slices.Clone(base.Materials)
			tc.mod(&a, &req)
			req.Agent = &a
			r := e.do("POST", api.PathApplications, tok, req, api.HeaderIdempotencyKey, "key-refuse-"+string(rune('a'+i))+"-000")
			var ae api.Error
			r.decode(t, &ae)
			if r.status != 422 || ae.Code != tc.code || !slices.Contains(ae.Fields, tc.fld) || ae.MessageZH == "" || ae.MessageEN == "" {
				t.Fatalf("%d %s", r.status, r.body)
			}
		})
	}
	// Nothing refused was stored.
	var list api.ApplicationList
	e.do("GET", api.PathApplications, tok, nil).decode(t, &list)
	if len(list.Applications) != 0 {
		t.Fatalf("%d applications stored from refused requests", len(list.Applications))
	}
}

// FuzzCheckAgent: the validator never panics, and what it accepts names a
// letter among the materials and masks to the same length.
func FuzzCheckAgent(f *testing.F) {
	f.Add("李代办", "resident_id", agentID, "13800138000", "委托人", "事项", "NM007", "proxy_authorization")
	f.Add("", "passport", "E1234567", "", "", "", "", "")
	f.Add("x\x00", "", "1505251990010112", "1", "\x7f", "", "a b", "floor-plan")
	now := time.Date(2026, 11, 24, 2, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, name, idType, id, mobile, principal, scope, staff, letter string) {
		mats := []api.MaterialRef{{MaterialID: "proxy_authorization"}}
		a := &api.Agent{AgentName: name, IDType: idType, IDNumber: id, Mobile: mobile, Principal: principal,
			Scope: scope, StaffID: staff, LetterMaterialID: letter}
		if checkAgent(a, mats, now) != nil {
			return
		}
		if letter != "proxy_authorization" || strings.TrimSpace(name) == "" {
			t.Fatalf("accepted %+v", a)
		}
		if m := api.MaskIDNumber(id); len([]rune(m)) != len([]rune(id)) || (len(id) > 10 && m == id) {
			t.Fatalf("MaskIDNumber(%q) = %q", id, m)
		}
	})
}

// boGet fetches a back-office page as staff.
func (e *env) boGet(path string) string {
	e.t.Helper()
	r := e.staffBrowser(AdminUser, e.srv.StaffPassword()).get(path)
	if r.status != 200 {
		e.t.Fatalf("%s: %d", path, r.status)
	}
	return string(r.body)
}

// TestAgentMigrationOnOldDatabase: a portal.db made before assisted filing
// (only the first migration step) gains portal_agents on start and keeps
// its applications, which have no agent.
func TestAgentMigrationOnOldDatabase(t *testing.T) {
	dir := t.TempDir()
	db, err := store.Open(filepath.Join(dir, "portal.db"))
	if err != nil {
		t.Fatal(err)
	}
	if err := store.Migrate(context.Background(), db, "portal", migrations[:1]); err != nil {
		t.Fatal(err)
	}
	db.Close()
	e := start(t, dir, nil)
	tok := e.login(phoneA).AccessToken
	app := e.createApp(tok, "key-migrate-01", e.agentRequest(tok))
	if app.Agent == nil || e.getApp(tok, app.ID).Agent == nil {
		t.Fatal("agent not stored after migrating an old database")
	}
}

package drafts

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/naiman-yiye/yiye/agent"
	"github.com/naiman-yiye/yiye/forms"
	"github.com/naiman-yiye/yiye/store"
)

// TestAgentMigration: a database written before Agent had principal,
// scope, staff ID and recorded time (kept as form values then) opens with
// them moved into the agent record; other values and drafts are untouched.
func TestAgentMigration(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, err := store.Open(filepath.Join(dir, "yiye.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := store.Migrate(ctx, db, "drafts", migrations[:1]); err != nil {
		t.Fatal(err)
	}
	now := time.Now().UnixNano()
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := db.ExecContext(ctx, q, args...); err != nil {
			t.Fatal(err)
		}
	}
	exec(`INSERT INTO drafts_drafts (id, title, industry, agent, created_at, updated_at) VALUES
		('a', '有代理', 'hotel', '{"name":"代办员","id_type":"","id_number":"11010519491231002X"}', ?, ?),
		('b', '无代理', 'hotel', '', ?, ?),
		('c', '坏时间', 'hotel', '{"name":"代办员","id_type":"","id_number":"11010519491231002X"}', ?, ?)`,
		now, now, now, now, now, now)
	put := func(id, k, v string) { exec(`INSERT INTO drafts_values VALUES (?, ?, ?, ?)`, id, k, v, now) }
	put("a", "entity_name", "奈曼宾馆")
	put("a", "agent_principal", "奈曼宾馆")
	put("a", "agent_scope", "代为提交申请材料")
	put("a", "agent_staff_id", "NM-007")
	put("a", "agent_recorded_at", "2026-03-02T09:30:00Z")
	put("b", "agent_principal", "")
	put("b", "entity_name", "无代理宾馆")
	put("c", "agent_recorded_at", "not a time")
	put("c", "agent_scope", "")

	s, err := Open(ctx, db, filepath.Join(dir, "attachments"))
	if err != nil {
		t.Fatal(err)
	}
	a, err := s.Get(ctx, "a")
	if err != nil {
		t.Fatal(err)
	}
	want := agent.Record{Name: "代办员", IDNumber: "11010519491231002X", Principal: "奈曼宾馆", Scope: "代为提交申请材料",
		StaffID: "NM-007", RecordedAt: time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)}
	if a.Agent == nil || a.Agent.Principal != want.Principal || a.Agent.Scope != want.Scope ||
		a.Agent.StaffID != want.StaffID || !a.Agent.RecordedAt.Equal(want.RecordedAt) || a.Agent.Name != want.Name {
		t.Fatalf("migrated agent %+v", a.Agent)
	}
	if len(a.Values) != 1 || a.Values["entity_name"] != "奈曼宾馆" {
		t.Fatalf("values %v", a.Values)
	}
	b, err := s.Get(ctx, "b")
	if err != nil || b.Agent != nil || len(b.Values) != 1 {
		t.Fatalf("draft without agent %+v %v", b, err)
	}
	c, err := s.Get(ctx, "c")
	if err != nil || c.Agent == nil || !c.Agent.RecordedAt.IsZero() || len(c.Values) != 0 {
		t.Fatalf("bad legacy time: %+v %v", c, err)
	}
}

// TestAgentFields: SetAgent stores the authorisation, trimmed; bad fields
// are refused in Chinese.
func TestAgentFields(t *testing.T) {
	ctx := context.Background()
	s, done := openStore(t, t.TempDir())
	defer done()
	d, err := s.Create(ctx, New{Title: "t", Industry: "hotel"})
	if err != nil {
		t.Fatal(err)
	}
	rec := time.Date(2026, 5, 1, 8, 0, 0, 123, time.FixedZone("CST", 8*3600))
	if err := s.SetAgent(ctx, d.ID, &agent.Record{Name: "代办员", IDNumber: "11010519491231002x", Principal: " 奈曼宾馆 ",
		Scope: "代为提交\n申请材料", StaffID: "NM-7", RecordedAt: rec}); err != nil {
		t.Fatal(err)
	}
	g, _ := s.Get(ctx, d.ID)
	if g.Agent.Principal != "奈曼宾馆" || g.Agent.Scope != "代为提交\n申请材料" || g.Agent.StaffID != "NM-7" ||
		!g.Agent.RecordedAt.Equal(rec.Truncate(time.Second)) || g.Agent.RecordedAt.Location() != time.UTC {
		t.Fatalf("agent %+v", g.Agent)
	}
	// The rules are package agent's; the store refuses what they refuse.
	base := agent.Record{Name: "代办员", IDNumber: "11010519491231002X", Principal: "奈曼宾馆", Scope: "代为提交"}
	bad := base
	bad.StaffID = "NM 7"
	if err := s.SetAgent(ctx, d.ID, &bad); err == nil || !strings.Contains(err.Error(), "工号") {
		t.Errorf("bad staff ID stored: %v", err)
	}
	// Without a kiosk's staff and time the stored JSON has no empty time.
	if err := s.SetAgent(ctx, d.ID, &base); err != nil {
		t.Fatal(err)
	}
	var raw string
	if err := s.db.QueryRowContext(ctx, `SELECT agent FROM drafts_drafts WHERE id = ?`, d.ID).Scan(&raw); err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(raw), &m); err != nil || m["recorded_at"] != nil || m["staff_id"] != nil {
		t.Fatalf("stored %s", raw)
	}
}

// TestImportLegacyAgentValues: a hand-over file exported before Agent had
// the authorisation fields imports with them moved into the agent.
func TestImportLegacyAgentValues(t *testing.T) {
	ctx := context.Background()
	s, done := openStore(t, t.TempDir())
	defer done()
	p := Portable{Version: PortableVersion, Title: "旧文件", Industry: "hotel", Items: []string{"TZHY"},
		Values: forms.Values{"entity_name": "奈曼宾馆", "agent_principal": "奈曼宾馆", "agent_scope": "代为提交",
			"agent_staff_id": "", "agent_recorded_at": "2026-03-02T09:30:00Z"},
		Agent: &agent.Record{Name: "代办员", IDNumber: "11010519491231002X"}, Files: []PortableFile{}}
	data, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	d, err := s.Import(ctx, data, nil)
	if err != nil {
		t.Fatal(err)
	}
	if d.Agent == nil || d.Agent.Principal != "奈曼宾馆" || d.Agent.Scope != "代为提交" || d.Agent.StaffID != "" ||
		d.Agent.RecordedAt.IsZero() || len(d.Values) != 1 {
		t.Fatalf("imported %+v values %v", d.Agent, d.Values)
	}
}

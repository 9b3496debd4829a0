package portal

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/naiman-yiye/yiye/client/api"
)

// The audit trail records who moved which application: one row per
// timeline event a change adds, with the staff account (or the applicant,
// or the portal itself), its department and address, written in the same
// transaction as the change.

// AuditEntry is one row of an application's audit trail.
type AuditEntry struct {
	At         time.Time
	Actor      string // staff username, "applicant:<phone>" or "system"
	ActorName  string
	Role       string
	Department string // catalog department code
	Action     string // the event type
	Items      []string
	Detail     string
	Addr       string
}

// actorOf names who acts in ctx for the audit trail.
func actorOf(ctx context.Context) (who, name, role, dept, addr string) {
	if a := actorFrom(ctx); a != nil {
		return a.Username, a.Name, a.Role, a.Department, a.Addr
	}
	if o, _ := ctx.Value(ctxOwner).(string); o != "" {
		return "applicant:" + o, "申请人", "applicant", "", ""
	}
	if w, _ := ctx.Value(ctxSystem).(string); w != "" {
		return w, "", "system", "", ""
	}
	return "system", "", "system", "", ""
}

// ctxSystem names the portal's own background work (e.g. auto-advance).
const ctxSystem = ctxKey("system")

func (s *Server) audit(ctx context.Context, tx *sql.Tx, appID string, evs []api.Event) error {
	who, name, role, dept, addr := actorOf(ctx)
	for _, ev := range evs {
		detail := strings.TrimSpace(strings.Join([]string{ev.Note, ev.Reason, ev.LicenseNumber}, " "))
		if _, err := tx.ExecContext(ctx, `INSERT INTO portal_audit(at, app_id, actor, actor_name, role, department, action, items, detail, addr)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, s.now().Unix(), appID, who, name, role, dept, ev.Type,
			strings.Join(ev.Items, ","), detail, addr); err != nil {
			return err
		}
	}
	return nil
}

// AuditTrail lists an application's audit trail, oldest first.
func (s *Server) AuditTrail(ctx context.Context, appID string) ([]AuditEntry, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT at, actor, actor_name, role, department, action, items, detail, addr
		FROM portal_audit WHERE app_id = ? ORDER BY id`, appID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []AuditEntry
	for rows.Next() {
		var e AuditEntry
		var at int64
		var items string
		if err := rows.Scan(&at, &e.Actor, &e.ActorName, &e.Role, &e.Department, &e.Action, &items, &e.Detail, &e.Addr); err != nil {
			return nil, err
		}
		e.At = time.Unix(at, 0).UTC()
		if items != "" {
			e.Items = strings.Split(items, ",")
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

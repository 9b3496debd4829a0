package portal

import (
	"context"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/naiman-yiye/yiye/client/api"
)

// Consultation (一线应答): applicants ask, staff answer in the back office.

func (s *Server) handleSendMessage(w http.ResponseWriter, r *http.Request, owner string) {
	var req api.MessageRequest
	if err := readJSON(r, &req); err != nil {
		s.writeErr(w, err)
		return
	}
	m, err := s.addMessage(r.Context(), owner, req.ApplicationID, "applicant", "", req.Text)
	if err != nil {
		s.writeErr(w, err)
		return
	}
	writeJSON(w, http.StatusCreated, m)
}

// Reply stores a staff answer to an applicant (by phone, or by application).
func (s *Server) Reply(ctx context.Context, phone, appID, department, text string) (api.Message, error) {
	if appID != "" {
		rec, err := loadApp(ctx, s.db, appID)
		if err != nil {
			return api.Message{}, err
		}
		if !s.visible(actorFrom(ctx), rec) {
			return api.Message{}, errNotFound
		}
		if phone != "" && phone != rec.Owner {
			return api.Message{}, errf(422, "message.owner_mismatch", "手机号与申请不符。", "The phone does not own the application.")
		}
		phone = rec.Owner
	}
	if phone == "" {
		return api.Message{}, errf(422, "message.no_recipient", "请指定申请人。", "Name the applicant.", "phone")
	}
	if department == "" {
		department = s.ref.issuer()
		if a := actorFrom(ctx); !a.window(s) {
			department = s.ref.cat.Department(a.Department).Name
		}
	}
	return s.addMessage(ctx, phone, appID, "staff", department, text)
}

func (s *Server) addMessage(ctx context.Context, owner, appID, from, dept, text string) (api.Message, error) {
	text = strings.TrimSpace(text)
	if text == "" || utf8.RuneCountInString(text) > 2000 {
		return api.Message{}, errf(400, "message.bad_text", "留言内容应为 1–2000 字。", "A message has 1–2000 characters.", "text")
	}
	if appID != "" && from == "applicant" {
		if _, err := s.ownedApp(ctx, appID, owner); err != nil {
			return api.Message{}, err
		}
	}
	m := api.Message{ID: randomID(), ApplicationID: appID, From: from, Department: dept, Text: text, At: s.now()}
	_, err := s.db.ExecContext(ctx, `INSERT INTO portal_messages(id, owner, app_id, sender, department, text, at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, m.ID, owner, appID, from, dept, text, m.At.Unix())
	return m, err
}

// messages lists owner's messages (owner "" = all), oldest first.
func (s *Server) messages(ctx context.Context, owner, appID string) ([]api.Message, []string, error) {
	q := `SELECT id, owner, app_id, sender, department, text, at FROM portal_messages WHERE 1=1`
	var args []any
	if owner != "" {
		q += ` AND owner = ?`
		args = append(args, owner)
	}
	if appID != "" {
		q += ` AND app_id = ?`
		args = append(args, appID)
	}
	rows, err := s.db.QueryContext(ctx, q+` ORDER BY at, rowid`, args...)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	out := []api.Message{}
	var owners []string
	for rows.Next() {
		var m api.Message
		var o string
		var at int64
		if err := rows.Scan(&m.ID, &o, &m.ApplicationID, &m.From, &m.Department, &m.Text, &at); err != nil {
			return nil, nil, err
		}
		m.At = time.Unix(at, 0).UTC()
		out = append(out, m)
		owners = append(owners, o)
	}
	return out, owners, rows.Err()
}

func (s *Server) handleListMessages(w http.ResponseWriter, r *http.Request, owner string) {
	appID := r.URL.Query().Get("application_id")
	if appID != "" {
		if _, err := s.ownedApp(r.Context(), appID, owner); err != nil {
			s.writeErr(w, err)
			return
		}
	}
	ms, _, err := s.messages(r.Context(), owner, appID)
	if err != nil {
		s.writeErr(w, err)
		return
	}
	writeJSON(w, 200, api.MessageList{Messages: ms})
}

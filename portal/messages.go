package portal

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/naiman-yiye/yiye/client/api"
)

// Consultation (一线应答): applicants ask about an application, a license
// or anything, staff answer in the back office. A message may carry the
// sender's verified uploads; a retried message with the same
// Idempotency-Key is stored once.

// attachmentMaterial is the material ID under which a message's
// attachments are checked like an application's materials.
const attachmentMaterial = "consultation"

func (s *Server) handleSendMessage(w http.ResponseWriter, r *http.Request, owner string) {
	var req api.MessageRequest
	if err := readJSON(r, &req); err != nil {
		s.writeErr(w, err)
		return
	}
	key := r.Header.Get(api.HeaderIdempotencyKey)
	if key != "" && (len(key) < 8 || len(key) > 128) {
		s.writeErr(w, errf(400, "idempotency.key_invalid", "无效的 Idempotency-Key。", "An Idempotency-Key has 8–128 characters."))
		return
	}
	m, replayed, err := s.send(r.Context(), owner, key, req)
	if err != nil {
		s.writeErr(w, err)
		return
	}
	if replayed {
		w.Header().Set(api.HeaderReplayed, "true")
		writeJSON(w, http.StatusOK, m)
		return
	}
	writeJSON(w, http.StatusCreated, m)
}

// send stores an applicant's message (once per idempotency key).
func (s *Server) send(ctx context.Context, owner, key string, req api.MessageRequest) (api.Message, bool, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return api.Message{}, false, err
	}
	defer tx.Rollback()
	hash := canonicalHash(req)
	if key != "" {
		var stored, id string
		err := tx.QueryRowContext(ctx, `SELECT body_hash, message_id FROM portal_message_keys WHERE owner = ? AND key = ?`,
			owner, key).Scan(&stored, &id)
		if err == nil {
			if stored != hash {
				return api.Message{}, false, errf(422, "idempotency.key_reused", "该编号已用于另一条不同的留言。",
					"This Idempotency-Key was already used with a different message.")
			}
			ms, _, err := s.messages(ctx, tx, messageFilter{id: id})
			if err != nil || len(ms) != 1 {
				return api.Message{}, false, errors.Join(err, errNotFound)
			}
			return ms[0], true, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return api.Message{}, false, err
		}
	}
	if req.ApplicationID != "" {
		if rec, err := loadApp(ctx, tx, req.ApplicationID); err != nil || rec.Owner != owner {
			return api.Message{}, false, errNotFound
		}
	}
	if req.LicenseNumber != "" {
		if row, err := loadLicense(ctx, tx, req.LicenseNumber); err != nil || row.Owner != owner {
			return api.Message{}, false, errNotFound
		}
	}
	if len(req.Attachments) > api.MaxMessageAttachments {
		return api.Message{}, false, errf(422, "message.too_many_attachments", "一条留言最多带5个附件。",
			"A message carries at most 5 attachments.", "attachments")
	}
	refs := make([]api.MaterialRef, len(req.Attachments))
	for i, a := range req.Attachments {
		refs[i] = api.MaterialRef{MaterialID: attachmentMaterial, UploadID: a.UploadID, SHA256: a.SHA256, Filename: a.Filename}
	}
	if err := s.checkMaterials(ctx, tx, owner, refs); err != nil {
		return api.Message{}, false, err
	}
	m, err := s.insertMessage(ctx, tx, owner, req.ApplicationID, req.LicenseNumber, api.FromApplicant, "", req.Text, req.Attachments)
	if err != nil {
		return m, false, err
	}
	if err := markReferenced(ctx, tx, "message:"+m.ID, refs); err != nil {
		return m, false, err
	}
	if key != "" {
		if _, err := tx.ExecContext(ctx, `INSERT INTO portal_message_keys(owner, key, body_hash, message_id) VALUES (?, ?, ?, ?)`,
			owner, key, hash, m.ID); err != nil {
			return m, false, err
		}
	}
	return m, false, tx.Commit()
}

// Reply stores a staff answer to an applicant: by phone, by application
// or by license (the thread it belongs to).
func (s *Server) Reply(ctx context.Context, phone, appID, number, department, text string) (api.Message, error) {
	a := actorFrom(ctx)
	if appID != "" {
		rec, err := loadApp(ctx, s.db, appID)
		if err != nil {
			return api.Message{}, err
		}
		if !s.visible(a, rec) {
			return api.Message{}, errNotFound
		}
		if phone != "" && phone != rec.Owner {
			return api.Message{}, errf(422, "message.owner_mismatch", "手机号与申请不符。", "The phone does not own the application.")
		}
		phone = rec.Owner
	}
	if number != "" {
		row, err := loadLicense(ctx, s.db, number)
		if err != nil {
			return api.Message{}, err
		}
		if !a.window(s) {
			return api.Message{}, errNotFound // license threads are the window's
		}
		if phone != "" && phone != row.Owner {
			return api.Message{}, errf(422, "message.owner_mismatch", "手机号与许可证不符。", "The phone does not hold the license.")
		}
		phone = row.Owner
	}
	if phone == "" {
		return api.Message{}, errf(422, "message.no_recipient", "请指定申请人。", "Name the applicant.", "phone")
	}
	if department == "" {
		department = s.ref.issuer()
		if !a.window(s) {
			department = s.ref.cat.Department(a.Department).Name
		}
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return api.Message{}, err
	}
	defer tx.Rollback()
	m, err := s.insertMessage(ctx, tx, phone, appID, number, api.FromStaff, department, text, nil)
	if err != nil {
		return m, err
	}
	return m, tx.Commit()
}

func (s *Server) insertMessage(ctx context.Context, tx *sql.Tx, owner, appID, number, from, dept, text string,
	atts []api.MessageAttachment) (api.Message, error) {
	text = strings.TrimSpace(text)
	if text == "" || utf8.RuneCountInString(text) > 2000 {
		return api.Message{}, errf(400, "message.bad_text", "留言内容应为 1–2000 字。", "A message has 1–2000 characters.", "text")
	}
	m := api.Message{ID: randomID(), ApplicationID: appID, LicenseNumber: number, From: from, Department: dept, Text: text,
		Attachments: atts, At: s.now().UTC().Truncate(time.Second)}
	raw, _ := json.Marshal(atts)
	if atts == nil {
		raw = []byte("[]")
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO portal_messages(id, owner, app_id, license_number, sender, department, text, attachments, at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, m.ID, owner, appID, number, from, dept, text, string(raw), m.At.Unix())
	return m, err
}

// messageFilter selects messages; empty fields select all.
type messageFilter struct {
	owner, appID, number, id string
}

type rowsQuerier interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}

// messages lists messages, oldest first, with each one's owner.
func (s *Server) messages(ctx context.Context, q rowsQuerier, f messageFilter) ([]api.Message, []string, error) {
	query := `SELECT id, owner, app_id, license_number, sender, department, text, attachments, at FROM portal_messages WHERE 1=1`
	var args []any
	for _, c := range []struct{ col, v string }{{"owner", f.owner}, {"app_id", f.appID}, {"license_number", f.number}, {"id", f.id}} {
		if c.v != "" {
			query += ` AND ` + c.col + ` = ?`
			args = append(args, c.v)
		}
	}
	rows, err := q.QueryContext(ctx, query+` ORDER BY at, rowid`, args...)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	out := []api.Message{}
	var owners []string
	for rows.Next() {
		var m api.Message
		var o, atts string
		var at int64
		if err := rows.Scan(&m.ID, &o, &m.ApplicationID, &m.LicenseNumber, &m.From, &m.Department, &m.Text, &atts, &at); err != nil {
			return nil, nil, err
		}
		if err := json.Unmarshal([]byte(atts), &m.Attachments); err != nil {
			return nil, nil, err
		}
		if len(m.Attachments) == 0 {
			m.Attachments = nil
		}
		m.At = time.Unix(at, 0).UTC()
		out = append(out, m)
		owners = append(owners, o)
	}
	return out, owners, rows.Err()
}

func (s *Server) handleListMessages(w http.ResponseWriter, r *http.Request, owner string) {
	f := messageFilter{owner: owner, appID: r.URL.Query().Get("application_id"), number: r.URL.Query().Get("license_number")}
	if f.appID != "" {
		if _, err := s.ownedApp(r.Context(), f.appID, owner); err != nil {
			s.writeErr(w, err)
			return
		}
	}
	if f.number != "" {
		if row, err := loadLicense(r.Context(), s.db, f.number); err != nil || row.Owner != owner {
			s.writeErr(w, errNotFound)
			return
		}
	}
	ms, _, err := s.messages(r.Context(), s.db, f)
	if err != nil {
		s.writeErr(w, err)
		return
	}
	writeJSONTagged(w, r, api.MessageList{Messages: ms})
}

package portal

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/naiman-yiye/yiye/client/api"
	"github.com/naiman-yiye/yiye/forms"
)

// appRecord is what portal_applications.doc holds.
type appRecord struct {
	api.Application
	Owner        string            `json:"owner"`
	AnswerHashes map[string]string `json:"answer_hashes,omitempty"`
	// Before an open correction: the application's and the named items'
	// statuses, restored when the applicant answers.
	ReturnStatus string            `json:"return_status,omitempty"`
	ReturnItems  map[string]string `json:"return_items,omitempty"`
}

type querier interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}

func loadApp(ctx context.Context, q querier, id string) (*appRecord, error) {
	var doc string
	if err := q.QueryRowContext(ctx, `SELECT doc FROM portal_applications WHERE id = ?`, id).Scan(&doc); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, errNotFound
		}
		return nil, err
	}
	var rec appRecord
	if err := json.Unmarshal([]byte(doc), &rec); err != nil {
		return nil, fmt.Errorf("portal: application %s corrupt: %w", id, err)
	}
	a, err := loadAgent(ctx, q, id)
	if err != nil {
		return nil, err
	}
	rec.Agent = a
	return &rec, nil
}

// docJSON is rec as stored in portal_applications.doc: without the agent,
// which lives in portal_agents.
func docJSON(rec *appRecord) ([]byte, error) {
	c := *rec
	c.Agent = nil
	return json.Marshal(&c)
}

func saveApp(ctx context.Context, tx *sql.Tx, rec *appRecord) error {
	doc, err := docJSON(rec)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE portal_applications SET status = ?, updated_at = ?, doc = ? WHERE id = ?`,
		rec.Status, rec.UpdatedAt.Unix(), doc, rec.ID)
	return err
}

// mutateApp runs fn on the application inside one transaction and saves it.
func (s *Server) mutateApp(ctx context.Context, id string, fn func(tx *sql.Tx, rec *appRecord) error) (*appRecord, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	rec, err := loadApp(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	seen := len(rec.Timeline)
	if err := fn(tx, rec); err != nil {
		return nil, err
	}
	rec.UpdatedAt = s.now()
	if err := saveApp(ctx, tx, rec); err != nil {
		return nil, err
	}
	if err := s.audit(ctx, tx, rec.ID, rec.Timeline[seen:]); err != nil {
		return nil, err
	}
	return rec, tx.Commit()
}

func (s *Server) addEvent(rec *appRecord, ev api.Event) {
	ev.Seq = len(rec.Timeline) + 1
	ev.At = s.now()
	rec.Timeline = append(rec.Timeline, ev)
}

// nextNumber returns the next value of a named counter (inside tx).
func nextNumber(ctx context.Context, tx *sql.Tx, name string) (int64, error) {
	var n int64
	err := tx.QueryRowContext(ctx, `INSERT INTO portal_counters(name, n) VALUES (?, 1)
		ON CONFLICT(name) DO UPDATE SET n = n + 1 RETURNING n`, name).Scan(&n)
	return n, err
}

// validateRequest checks an application request and its uploads (inside tx).
func (s *Server) validateRequest(ctx context.Context, tx *sql.Tx, owner string, req *api.ApplicationRequest) error {
	var fields []string
	ind := s.ref.industry(req.Industry)
	if ind == nil {
		fields = append(fields, "industry")
	}
	if len(req.Items) == 0 {
		fields = append(fields, "items")
	}
	seen := map[string]bool{}
	for _, c := range req.Items {
		// Only items of the industry's annex rows; with an unknown industry
		// the items cannot be judged and only the industry is named.
		if _, ok := s.ref.item(ind, c); ind != nil && (!ok || seen[c]) {
			fields = append(fields, "items")
			break
		}
		seen[c] = true
	}
	if !validUSCC(req.Subject.USCC) {
		fields = append(fields, "subject.uscc")
	}
	for k, v := range map[string]string{"subject.name": req.Subject.Name, "subject.legal_rep": req.Subject.LegalRep,
		"subject.address": req.Subject.Address} {
		if strings.TrimSpace(v) == "" || len(v) > 300 {
			fields = append(fields, k)
		}
	}
	if len(fields) > 0 {
		slices.Sort(fields)
		return errf(422, "application.invalid", "申请信息不完整或有误，请检查标出的项目。",
			"The application is incomplete or wrong; check the named fields.", slices.Compact(fields)...)
	}
	if err := checkAgent(req.Agent, req.Materials, s.now()); err != nil {
		return err
	}
	if err := s.checkKind(ctx, tx, owner, req); err != nil {
		return err
	}
	return s.checkMaterials(ctx, tx, owner, req.Materials)
}

// checkMaterials: every reference must be this owner's verified upload with
// the same SHA-256.
func (s *Server) checkMaterials(ctx context.Context, tx *sql.Tx, owner string, refs []api.MaterialRef) error {
	for i, m := range refs {
		field := fmt.Sprintf("materials[%d]", i)
		if m.MaterialID == "" {
			return errf(422, "application.material_id", "材料缺少编号。", "A material has no material_id.", field)
		}
		u, err := s.upload(ctx, tx, m.UploadID)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && u.Owner != owner) {
			return errf(422, "application.unknown_upload", "引用的附件不存在或不属于当前账号。",
				"A referenced upload does not exist or is not yours.", field)
		}
		if err != nil {
			return err
		}
		if err := s.settleUpload(ctx, tx, u); err != nil {
			return err
		}
		if u.State == uploadTerminated {
			return errf(422, "application.upload_terminated", "引用的附件已被删除，请重新上传该材料。",
				"A referenced upload was deleted (terminated); upload the file again.", field)
		}
		if u.State != uploadVerified {
			return errf(422, "application.upload_not_verified", "附件尚未上传完成或校验未通过。",
				"A referenced upload is unfinished or failed its SHA-256 check.", field)
		}
		if u.SHA256 != m.SHA256 {
			return errf(422, "application.sha256_mismatch", "附件校验值与上传记录不一致。",
				"A material's sha256 differs from its upload's.", field)
		}
		if !s.bytesPresent(u) {
			s.log.Warn("verified upload without its bytes", "id", u.ID)
			return errf(422, "application.upload_missing", "引用的附件文件已不在平台上，请重新上传该材料。",
				"A referenced upload's file is no longer stored; upload the file again.", field)
		}
	}
	return nil
}

// markReferenced records the first application that references each
// upload, which keeps it from being terminated. It runs in the same
// transaction as checkMaterials and requires the upload still verified.
func markReferenced(ctx context.Context, tx *sql.Tx, appID string, refs []api.MaterialRef) error {
	for _, m := range refs {
		res, err := tx.ExecContext(ctx, `UPDATE portal_uploads SET referenced_by = CASE WHEN referenced_by = '' THEN ? ELSE referenced_by END
			WHERE id = ? AND state = ?`, appID, m.UploadID, uploadVerified)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n != 1 {
			return fmt.Errorf("portal: upload %s changed during the submission", m.UploadID)
		}
	}
	return nil
}

func canonicalHash(v any) string {
	b, _ := json.Marshal(v) // maps marshal with sorted keys
	return sha256Hex(b)
}

func (s *Server) handleCreateApp(w http.ResponseWriter, r *http.Request, owner string) {
	key := r.Header.Get(api.HeaderIdempotencyKey)
	if len(key) < 8 || len(key) > 128 {
		s.writeErr(w, errf(400, "idempotency.key_required", "缺少或无效的 Idempotency-Key。",
			"An Idempotency-Key header of 8–128 characters is required."))
		return
	}
	var req api.ApplicationRequest
	if err := readJSON(r, &req); err != nil {
		s.writeErr(w, err)
		return
	}
	rec, replayed, err := s.createApp(r.Context(), owner, key, &req)
	if err != nil {
		s.writeErr(w, err)
		return
	}
	if replayed {
		w.Header().Set(api.HeaderReplayed, "true")
		writeJSON(w, http.StatusOK, rec.forApplicant())
		return
	}
	w.Header().Set("Location", api.PathApplications+"/"+rec.ID)
	writeJSON(w, http.StatusCreated, rec.forApplicant())
}

func (s *Server) createApp(ctx context.Context, owner, key string, req *api.ApplicationRequest) (*appRecord, bool, error) {
	hash := canonicalHash(req)
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, false, err
	}
	defer tx.Rollback()
	var storedHash, appID string
	err = tx.QueryRowContext(ctx, `SELECT body_hash, app_id FROM portal_idempotency WHERE owner = ? AND key = ?`, owner, key).Scan(&storedHash, &appID)
	if err == nil {
		if storedHash != hash {
			return nil, false, errf(422, "idempotency.key_reused", "该提交编号已用于另一份不同的申请。",
				"This Idempotency-Key was already used with a different request body.")
		}
		rec, err := loadApp(ctx, tx, appID)
		return rec, true, err
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return nil, false, err
	}
	if err := s.validateRequest(ctx, tx, owner, req); err != nil {
		return nil, false, err
	}
	n, err := nextNumber(ctx, tx, "application")
	if err != nil {
		return nil, false, err
	}
	now := s.now()
	rec := &appRecord{Owner: owner}
	rec.ID = randomID()
	rec.Number = fmt.Sprintf("NMYY%s%05d", now.Format("20060102"), n)
	rec.Industry, rec.SubjectName, rec.Status = req.Industry, req.Subject.Name, api.StatusSubmitted
	rec.CreatedAt, rec.UpdatedAt, rec.ClientRef = now, now, req.ClientRef
	if req.Kind != api.KindNew {
		rec.Kind, rec.ForLicense = req.Kind, req.ForLicense
	}
	rec.Subject, rec.Form, rec.Answers, rec.Materials = req.Subject, req.Form, req.Answers, req.Materials
	if req.Agent != nil {
		a := *req.Agent
		a.AgentName, a.IDNumber = strings.TrimSpace(a.AgentName), forms.NormalizeIDNumber(a.IDNumber)
		if a.RecordedAt != nil {
			t := a.RecordedAt.UTC().Truncate(time.Second)
			a.RecordedAt = &t
		}
		rec.Agent = &a
	}
	if rec.Form == nil {
		rec.Form = map[string]any{}
	}
	if rec.Materials == nil {
		rec.Materials = []api.MaterialRef{}
	}
	for _, c := range req.Items {
		it, _ := s.ref.itemOf(req.Industry, c) // validated above
		rec.Items = append(rec.Items, api.ItemStatus{Code: c, Name: it.Name, Department: it.Dept.Name, Status: api.ItemPending})
	}
	s.addEvent(rec, api.Event{Type: api.EventSubmitted, Items: req.Items})
	doc, err := docJSON(rec)
	if err != nil {
		return nil, false, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO portal_applications(id, number, owner, status, created_at, updated_at, doc)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, rec.ID, rec.Number, owner, rec.Status, now.Unix(), now.Unix(), doc); err != nil {
		return nil, false, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO portal_idempotency(owner, key, body_hash, app_id) VALUES (?, ?, ?, ?)`,
		owner, key, hash, rec.ID); err != nil {
		return nil, false, err
	}
	if rec.Agent != nil {
		if err := saveAgent(ctx, tx, rec.ID, rec.Agent); err != nil {
			return nil, false, err
		}
	}
	if err := markReferenced(ctx, tx, rec.ID, req.Materials); err != nil {
		return nil, false, err
	}
	if err := s.audit(context.WithValue(ctx, ctxOwner, owner), tx, rec.ID, rec.Timeline); err != nil {
		return nil, false, err
	}
	if err := tx.Commit(); err != nil {
		return nil, false, err
	}
	s.log.Info("application submitted", "id", rec.ID, "number", rec.Number, "owner", owner)
	return rec, false, nil
}

// ownedApp loads an application only if owner may see it.
func (s *Server) ownedApp(ctx context.Context, id, owner string) (*appRecord, error) {
	rec, err := loadApp(ctx, s.db, id)
	if err != nil {
		return nil, err
	}
	if rec.Owner != owner {
		return nil, errNotFound
	}
	return rec, nil
}

func (s *Server) handleGetApp(w http.ResponseWriter, r *http.Request, owner string) {
	rec, err := s.ownedApp(r.Context(), r.PathValue("id"), owner)
	if err != nil {
		s.writeErr(w, err)
		return
	}
	writeJSONTagged(w, r, rec.forApplicant())
}

// listApps returns applications, newest first; owner "" means all (back office).
func (s *Server) listApps(ctx context.Context, owner string) ([]*appRecord, error) {
	q := `SELECT doc FROM portal_applications ORDER BY created_at DESC, number DESC`
	var args []any
	if owner != "" {
		q = `SELECT doc FROM portal_applications WHERE owner = ? ORDER BY created_at DESC, number DESC`
		args = append(args, owner)
	}
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*appRecord
	for rows.Next() {
		var doc string
		if err := rows.Scan(&doc); err != nil {
			return nil, err
		}
		var rec appRecord
		if err := json.Unmarshal([]byte(doc), &rec); err != nil {
			return nil, err
		}
		out = append(out, &rec)
	}
	return out, rows.Err()
}

func (s *Server) handleListApps(w http.ResponseWriter, r *http.Request, owner string) {
	recs, err := s.listApps(r.Context(), owner)
	if err != nil {
		s.writeErr(w, err)
		return
	}
	list := api.ApplicationList{Applications: []api.ApplicationSummary{}}
	for _, rec := range recs {
		list.Applications = append(list.Applications, rec.ApplicationSummary)
	}
	writeJSONTagged(w, r, list)
}

func (s *Server) handleAnswer(w http.ResponseWriter, r *http.Request, owner string) {
	var ans api.CorrectionAnswer
	if err := readJSON(r, &ans); err != nil {
		s.writeErr(w, err)
		return
	}
	rec, err := s.answerCorrection(r.Context(), owner, r.PathValue("id"), r.PathValue("cid"), &ans)
	if err != nil {
		s.writeErr(w, err)
		return
	}
	writeJSON(w, 200, rec.forApplicant())
}

// answerCorrection applies an applicant's answer. Answering twice with the
// same body is a harmless replay; with another body it conflicts.
func (s *Server) answerCorrection(ctx context.Context, owner, id, cid string, ans *api.CorrectionAnswer) (*appRecord, error) {
	hash := canonicalHash(ans)
	var replay *appRecord
	rec, err := s.mutateApp(ctx, id, func(tx *sql.Tx, rec *appRecord) error {
		if rec.Owner != owner {
			return errNotFound
		}
		if h, ok := rec.AnswerHashes[cid]; ok {
			if h == hash {
				replay = rec
				return errReplay
			}
			return errf(409, "correction.already_answered", "该补正已答复。", "This correction has already been answered.")
		}
		c := rec.OpenCorrection
		if c == nil || c.ID != cid {
			return errNotFound
		}
		var missing []string
		for _, f := range c.Fields {
			if _, ok := ans.Form[f.Key]; !ok {
				missing = append(missing, "form."+f.Key)
			}
		}
		for _, m := range c.Materials {
			if !slices.ContainsFunc(ans.Materials, func(r api.MaterialRef) bool { return r.MaterialID == m.MaterialID }) {
				missing = append(missing, "materials."+m.MaterialID)
			}
		}
		if len(missing) > 0 {
			return errf(422, "correction.incomplete", "补正内容不完整：请补齐标出的字段和材料。",
				"The answer is incomplete: supply every named field and material.", missing...)
		}
		if err := s.checkMaterials(ctx, tx, owner, ans.Materials); err != nil {
			return err
		}
		if err := markReferenced(ctx, tx, rec.ID, ans.Materials); err != nil {
			return err
		}
		for k, v := range ans.Form {
			rec.Form[k] = v
		}
		for _, m := range ans.Materials {
			rec.Materials = slices.DeleteFunc(rec.Materials, func(r api.MaterialRef) bool { return r.MaterialID == m.MaterialID })
		}
		rec.Materials = append(rec.Materials, ans.Materials...)
		now := s.now()
		c.AnsweredAt = &now
		if rec.AnswerHashes == nil {
			rec.AnswerHashes = map[string]string{}
		}
		rec.AnswerHashes[cid] = hash
		rec.Status = rec.ReturnStatus
		for i := range rec.Items {
			if back, ok := rec.ReturnItems[rec.Items[i].Code]; ok && rec.Items[i].Status == api.ItemCorrectionRequested {
				rec.Items[i].Status = back
			}
		}
		rec.ReturnStatus, rec.ReturnItems = "", nil
		s.addEvent(rec, api.Event{Type: api.EventCorrectionAnswered, CorrectionID: cid, Items: c.Items,
			Department: c.Department, Note: ans.Note})
		rec.OpenCorrection = nil
		return nil
	})
	if errors.Is(err, errReplay) {
		return replay, nil
	}
	return rec, err
}

var errReplay = errors.New("replay")

// date formats t as YYYY-MM-DD in China time.
func date(t time.Time) string { return t.In(cst).Format(time.DateOnly) }

var cst = time.FixedZone("CST", 8*3600)

package portal

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/naiman-yiye/yiye/client/api"
)

// migrations are only ever appended. Applications and licenses are stored
// as JSON documents (one row each) and changed inside one transaction.
var migrations = []string{
	`CREATE TABLE portal_keys (name TEXT PRIMARY KEY, seed BLOB NOT NULL);
	CREATE TABLE portal_bundles (doc_tag TEXT PRIMARY KEY, data BLOB NOT NULL);
	CREATE TABLE portal_accounts (phone TEXT PRIMARY KEY, name TEXT NOT NULL DEFAULT '', created_at INTEGER NOT NULL);
	CREATE TABLE portal_codes (phone TEXT PRIMARY KEY, code TEXT NOT NULL, sent_at INTEGER NOT NULL,
		expires_at INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 0);
	CREATE TABLE portal_tokens (hash TEXT PRIMARY KEY, phone TEXT NOT NULL, kind TEXT NOT NULL,
		expires_at INTEGER NOT NULL);
	CREATE TABLE portal_enterprises (uscc TEXT PRIMARY KEY, doc TEXT NOT NULL);
	CREATE TABLE portal_uploads (id TEXT PRIMARY KEY, owner TEXT NOT NULL, sha256 TEXT NOT NULL,
		filename TEXT NOT NULL DEFAULT '', filetype TEXT NOT NULL DEFAULT '', material TEXT NOT NULL DEFAULT '',
		size INTEGER NOT NULL, state TEXT NOT NULL, referenced_by TEXT NOT NULL DEFAULT '', created_at INTEGER NOT NULL);
	CREATE TABLE portal_applications (id TEXT PRIMARY KEY, number TEXT NOT NULL UNIQUE, owner TEXT NOT NULL,
		status TEXT NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, doc TEXT NOT NULL);
	CREATE INDEX portal_applications_owner ON portal_applications(owner, created_at);
	CREATE TABLE portal_idempotency (owner TEXT NOT NULL, key TEXT NOT NULL, body_hash TEXT NOT NULL,
		app_id TEXT NOT NULL, PRIMARY KEY (owner, key));
	CREATE TABLE portal_licenses (number TEXT PRIMARY KEY, app_id TEXT NOT NULL, owner TEXT NOT NULL,
		status TEXT NOT NULL, status_reason TEXT NOT NULL DEFAULT '', replaced_by TEXT NOT NULL DEFAULT '',
		qr TEXT NOT NULL, doc TEXT NOT NULL, issued_at INTEGER NOT NULL);
	CREATE TABLE portal_messages (id TEXT PRIMARY KEY, owner TEXT NOT NULL, app_id TEXT NOT NULL DEFAULT '',
		sender TEXT NOT NULL, department TEXT NOT NULL DEFAULT '', text TEXT NOT NULL, at INTEGER NOT NULL);
	CREATE INDEX portal_messages_owner ON portal_messages(owner, at);
	CREATE TABLE portal_counters (name TEXT PRIMARY KEY, n INTEGER NOT NULL);`,
	// Assisted filing (帮办代办): who filed each application on the
	// applicant's behalf, with the full ID number (masked for applicants).
	`CREATE TABLE portal_agents (app_id TEXT PRIMARY KEY, agent_name TEXT NOT NULL, id_type TEXT NOT NULL DEFAULT '',
		id_number TEXT NOT NULL, mobile TEXT NOT NULL DEFAULT '', principal TEXT NOT NULL DEFAULT '',
		scope TEXT NOT NULL DEFAULT '', staff_id TEXT NOT NULL DEFAULT '', recorded_at INTEGER NOT NULL DEFAULT 0,
		letter_material_id TEXT NOT NULL);
	CREATE INDEX portal_agents_id_number ON portal_agents(id_number);`,
	// Sign-in limits across codes and per client address, and the security
	// log staff read.
	`CREATE TABLE portal_guard (subject TEXT PRIMARY KEY, failures INTEGER NOT NULL DEFAULT 0,
		lockouts INTEGER NOT NULL DEFAULT 0, locked_until INTEGER NOT NULL DEFAULT 0, day TEXT NOT NULL DEFAULT '',
		day_failures INTEGER NOT NULL DEFAULT 0, day_codes INTEGER NOT NULL DEFAULT 0);
	CREATE TABLE portal_rate (key TEXT PRIMARY KEY, window_start INTEGER NOT NULL, n INTEGER NOT NULL);
	CREATE TABLE portal_security_log (id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, kind TEXT NOT NULL,
		subject TEXT NOT NULL, addr TEXT NOT NULL DEFAULT '', detail TEXT NOT NULL DEFAULT '');`,
	// Staff accounts (Argon2id password hashes), their sessions, and the
	// audit trail of who moved which application.
	`CREATE TABLE portal_staff (username TEXT PRIMARY KEY, name TEXT NOT NULL DEFAULT '', role TEXT NOT NULL,
		department TEXT NOT NULL DEFAULT '', password_hash TEXT NOT NULL, disabled INTEGER NOT NULL DEFAULT 0,
		created_at INTEGER NOT NULL);
	CREATE TABLE portal_staff_sessions (hash TEXT PRIMARY KEY, username TEXT NOT NULL, csrf TEXT NOT NULL,
		created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL);
	CREATE TABLE portal_audit (id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, app_id TEXT NOT NULL,
		actor TEXT NOT NULL, actor_name TEXT NOT NULL DEFAULT '', role TEXT NOT NULL DEFAULT '',
		department TEXT NOT NULL DEFAULT '', action TEXT NOT NULL, items TEXT NOT NULL DEFAULT '',
		detail TEXT NOT NULL DEFAULT '', addr TEXT NOT NULL DEFAULT '');
	CREATE INDEX portal_audit_app ON portal_audit(app_id, id);`,
	// After issue (一码联动): a license's QR revision, the license it
	// replaced, its history, and item certificates that ended (a void
	// license); consultation per license with attachments, and retried
	// messages stored once.
	`ALTER TABLE portal_licenses ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;
	ALTER TABLE portal_licenses ADD COLUMN revised_at INTEGER NOT NULL DEFAULT 0;
	ALTER TABLE portal_licenses ADD COLUMN replaces TEXT NOT NULL DEFAULT '';
	ALTER TABLE portal_licenses ADD COLUMN history TEXT NOT NULL DEFAULT '[]';
	ALTER TABLE portal_licenses ADD COLUMN ended TEXT NOT NULL DEFAULT '{}';
	ALTER TABLE portal_messages ADD COLUMN license_number TEXT NOT NULL DEFAULT '';
	ALTER TABLE portal_messages ADD COLUMN attachments TEXT NOT NULL DEFAULT '[]';
	CREATE TABLE portal_message_keys (owner TEXT NOT NULL, key TEXT NOT NULL, body_hash TEXT NOT NULL,
		message_id TEXT NOT NULL, PRIMARY KEY (owner, key));`,
}

func randomToken(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand never fails on supported systems
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

func randomID() string {
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}

func sha256Hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// apiError is an error with everything an api.Error answer needs.
type apiError struct {
	status     int
	body       api.Error
	retryAfter int64 // seconds; sent as Retry-After when > 0
}

func (e *apiError) Error() string { return e.body.Code + ": " + e.body.MessageEN }

func errf(status int, code, zh, en string, fields ...string) *apiError {
	return &apiError{status: status, body: api.Error{Code: code, MessageZH: zh, MessageEN: en, Fields: fields}}
}

var (
	errNotFound     = errf(http.StatusNotFound, "not_found", "未找到，或不属于当前账号。", "Not found, or not yours.")
	errUnauthorized = errf(http.StatusUnauthorized, "auth.required", "请先登录。", "Please sign in.")
	errTooLarge     = errf(http.StatusRequestEntityTooLarge, "request.too_large", "请求内容过大。", "The request body is too large.")
)

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// writeJSONTagged answers a GET with an ETag over the body and honours
// If-None-Match, so status polling costs a 304 when nothing changed.
func writeJSONTagged(w http.ResponseWriter, r *http.Request, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, api.Error{Code: "internal", MessageZH: "服务器内部错误。", MessageEN: "Internal error."})
		return
	}
	tag := `"` + sha256Hex(b)[:32] + `"`
	w.Header().Set("ETag", tag)
	w.Header().Set("Cache-Control", "no-cache")
	for _, t := range strings.Split(r.Header.Get("If-None-Match"), ",") {
		if strings.TrimPrefix(strings.TrimSpace(t), "W/") == tag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(append(b, '\n'))
}

// writeErr answers with err as an api.Error; unknown errors are 500s.
func (s *Server) writeErr(w http.ResponseWriter, err error) {
	var ae *apiError
	if errors.As(err, &ae) {
		if ae.retryAfter > 0 {
			w.Header().Set("Retry-After", strconv.FormatInt(ae.retryAfter, 10))
		}
		writeJSON(w, ae.status, ae.body)
		return
	}
	s.log.Error("portal: internal error", "err", err)
	writeJSON(w, http.StatusInternalServerError, api.Error{Code: "internal",
		MessageZH: "服务器内部错误，请稍后重试。", MessageEN: "Internal server error; please retry later."})
}

// readJSON decodes a JSON body (bounded by Handler's limitBodies).
func readJSON(r *http.Request, v any) error {
	dec := json.NewDecoder(r.Body)
	if err := dec.Decode(v); err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			return errTooLarge
		}
		return errf(http.StatusBadRequest, "request.bad_json", "请求格式不正确。", "Malformed JSON body: "+err.Error())
	}
	return nil
}

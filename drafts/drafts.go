// Package drafts keeps applications being prepared in the local SQLite
// database: the chosen items, the merged form's values (saved as the
// applicant types, off the UI thread), attached materials (copied, sniffed,
// size-checked and, for photos, scaled and re-encoded), materials promised
// for later (容缺后补), an agent authorisation, and the readiness check that
// lists what is still missing before submission.
//
// Tables are prefixed drafts_; attachments live under the attachments
// directory in one folder per draft.
package drafts

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/naiman-yiye/yiye/agent"
	"github.com/naiman-yiye/yiye/forms"
	"github.com/naiman-yiye/yiye/internal/robustio"
	"github.com/naiman-yiye/yiye/store"
	"github.com/naiman-yiye/yiye/usererr"
)

// State is where a draft is in its life.
type State string

// Draft states.
const (
	StateDraft     State = "draft"     // being edited
	StateQueued    State = "queued"    // handed to the outbox, waiting to be sent
	StateSubmitted State = "submitted" // accepted by the portal (ApplicationID set)
)

// Status is a draft's state and, once submitted, the portal's application id.
type Status struct {
	State         State  `json:"state"`
	ApplicationID string `json:"application_id,omitempty"`
}

// LegacyAgentValues are the form value keys under which drafts made before
// Agent had Principal, Scope, StaffID and RecordedAt kept them (app/kioskmode
// wrote them). Migration and Import move them into the Agent.
var LegacyAgentValues = [...]string{"agent_principal", "agent_scope", "agent_staff_id", "agent_recorded_at"}

// liftLegacyAgent moves the legacy agent form values of vals into a
// (when a is not nil) and drops them from vals.
func liftLegacyAgent(a *agent.Record, vals forms.Values) {
	if a != nil {
		if v := strings.TrimSpace(vals["agent_principal"]); v != "" && a.Principal == "" {
			a.Principal = v
		}
		if v := strings.TrimSpace(vals["agent_scope"]); v != "" && a.Scope == "" {
			a.Scope = v
		}
		if v := strings.TrimSpace(vals["agent_staff_id"]); v != "" && a.StaffID == "" {
			a.StaffID = v
		}
		if t, err := time.Parse(time.RFC3339, vals["agent_recorded_at"]); err == nil && a.RecordedAt.IsZero() {
			a.RecordedAt = t
		}
	}
	for _, k := range LegacyAgentValues {
		delete(vals, k)
	}
}

// Attachment is one file attached to a material slot of a draft.
type Attachment struct {
	ID           string    `json:"id"`
	DraftID      string    `json:"draft_id"`
	MaterialID   string    `json:"material_id"`
	Path         string    `json:"path"`          // absolute path of the stored copy
	OriginalName string    `json:"original_name"` // base name of the file the user picked
	SHA256       string    `json:"sha256"`        // of the stored copy, hex
	Size         int64     `json:"size"`          // of the stored copy, bytes
	MIME         string    `json:"mime"`          // application/pdf, image/jpeg or image/png
	Pages        int       `json:"pages"`         // PDF pages (0 if it could not be counted)
	Width        int       `json:"width"`         // image pixels after scaling
	Height       int       `json:"height"`        //
	AddedAt      time.Time `json:"added_at"`
}

// Draft is an application being prepared.
type Draft struct {
	ID    string
	Title string
	// Kind is what the application is for: "" (or "new") a first
	// application, else a procedure on an issued license (the contract's
	// application kinds, e.g. add_items) on license ForLicense.
	Kind           string
	ForLicense     string
	Industry       string            // industry code
	CatalogVersion int               // catalog version the items were matched with
	Answers        map[string]string // answers to the catalog's questions
	Added          []string          // item codes the applicant added by hand
	Dropped        []string          // item codes the applicant removed by hand
	Items          []string          // the items applied for (after Added/Dropped)
	Values         forms.Values      // form values as typed
	Attachments    []Attachment      // in the order added
	Promised       []string          // material IDs promised for later (容缺后补)
	Agent          *agent.Record     // nil unless filed by an agent (委托办理)
	Status         Status
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// AttachmentsFor returns the draft's files for materialID.
func (d *Draft) AttachmentsFor(materialID string) []Attachment {
	var out []Attachment
	for _, a := range d.Attachments {
		if a.MaterialID == materialID {
			out = append(out, a)
		}
	}
	return out
}

// New describes a draft to create.
type New struct {
	Title          string
	Kind           string // see Draft.Kind
	ForLicense     string
	Industry       string
	CatalogVersion int
	Answers        map[string]string
	Added          []string
	Dropped        []string
	Items          []string
	Values         forms.Values // initial values, e.g. defaults and pre-fill
}

// Summary is a draft as listed side by side with others.
type Summary struct {
	ID         string
	Title      string
	Kind       string // see Draft.Kind
	ForLicense string
	Industry   string
	Items      []string
	Status     Status
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// Store keeps drafts in a SQLite database and their files on disk.
type Store struct {
	db  *sql.DB
	dir string
	mu  sync.RWMutex

	watchMu   sync.Mutex
	watchers  map[int]func(Change)
	nextWatch int
	limits    func(materialID string) (Limits, bool)
	// saveDelay is how long an AutoSaver gathers changes before writing.
	saveDelay time.Duration
}

var migrations = []string{`
CREATE TABLE drafts_drafts (
	id TEXT PRIMARY KEY,
	title TEXT NOT NULL DEFAULT '',
	industry TEXT NOT NULL DEFAULT '',
	catalog_version INTEGER NOT NULL DEFAULT 0,
	answers TEXT NOT NULL DEFAULT '{}',
	added TEXT NOT NULL DEFAULT '[]',
	dropped TEXT NOT NULL DEFAULT '[]',
	items TEXT NOT NULL DEFAULT '[]',
	promised TEXT NOT NULL DEFAULT '[]',
	agent TEXT NOT NULL DEFAULT '',
	state TEXT NOT NULL DEFAULT 'draft',
	application_id TEXT NOT NULL DEFAULT '',
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);
CREATE TABLE drafts_values (
	draft_id TEXT NOT NULL REFERENCES drafts_drafts(id) ON DELETE CASCADE,
	key TEXT NOT NULL,
	value TEXT NOT NULL,
	updated_at INTEGER NOT NULL,
	PRIMARY KEY (draft_id, key)
) WITHOUT ROWID;
CREATE TABLE drafts_attachments (
	id TEXT PRIMARY KEY,
	draft_id TEXT NOT NULL REFERENCES drafts_drafts(id) ON DELETE CASCADE,
	material_id TEXT NOT NULL,
	rel_path TEXT NOT NULL,
	original_name TEXT NOT NULL,
	sha256 TEXT NOT NULL,
	size INTEGER NOT NULL,
	mime TEXT NOT NULL,
	pages INTEGER NOT NULL DEFAULT 0,
	width INTEGER NOT NULL DEFAULT 0,
	height INTEGER NOT NULL DEFAULT 0,
	added_at INTEGER NOT NULL
);
CREATE INDEX drafts_attachments_by_draft ON drafts_attachments(draft_id, material_id);
`, `
-- Agent gained principal, scope, staff_id and recorded_at: move them from
-- the form values app/kioskmode kept them in into the agent record.
UPDATE drafts_drafts SET agent = json_set(agent, '$.principal', v.value) FROM drafts_values v
	WHERE v.draft_id = drafts_drafts.id AND v.key = 'agent_principal' AND trim(v.value) <> '' AND drafts_drafts.agent <> '';
UPDATE drafts_drafts SET agent = json_set(agent, '$.scope', v.value) FROM drafts_values v
	WHERE v.draft_id = drafts_drafts.id AND v.key = 'agent_scope' AND trim(v.value) <> '' AND drafts_drafts.agent <> '';
UPDATE drafts_drafts SET agent = json_set(agent, '$.staff_id', v.value) FROM drafts_values v
	WHERE v.draft_id = drafts_drafts.id AND v.key = 'agent_staff_id' AND trim(v.value) <> '' AND drafts_drafts.agent <> '';
UPDATE drafts_drafts SET agent = json_set(agent, '$.recorded_at', v.value) FROM drafts_values v
	WHERE v.draft_id = drafts_drafts.id AND v.key = 'agent_recorded_at' AND v.value GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*'
	AND drafts_drafts.agent <> '';
DELETE FROM drafts_values WHERE key IN ('agent_principal', 'agent_scope', 'agent_staff_id', 'agent_recorded_at');
`, `
-- After issue (一码联动): what a draft is for and the license it concerns.
ALTER TABLE drafts_drafts ADD COLUMN kind TEXT NOT NULL DEFAULT '';
ALTER TABLE drafts_drafts ADD COLUMN for_license TEXT NOT NULL DEFAULT '';
`}

// Open migrates the drafts tables of db (opened with store.Open) and keeps
// attachments under attachmentsDir, which is created if needed.
func Open(ctx context.Context, db *sql.DB, attachmentsDir string) (*Store, error) {
	if err := store.Migrate(ctx, db, "drafts", migrations); err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(attachmentsDir)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(abs, 0o700); err != nil {
		return nil, fmt.Errorf("drafts: attachments dir: %w", err)
	}
	return &Store{db: db, dir: abs, saveDelay: DefaultSaveDelay}, nil
}

// SetLimits tells the store the file limits of each material (from the
// catalog); materials it does not know get DefaultLimits.
func (s *Store) SetLimits(f func(materialID string) (Limits, bool)) {
	s.mu.Lock()
	s.limits = f
	s.mu.Unlock()
}

func (s *Store) limitsFor(materialID string) Limits {
	s.mu.RLock()
	f := s.limits
	s.mu.RUnlock()
	if f != nil {
		if l, ok := f(materialID); ok {
			return l
		}
	}
	return DefaultLimits()
}

// ErrNotFound is returned (wrapped in *usererr.Error) for unknown drafts.
var ErrNotFound = usererr.New("drafts.not_found", "找不到这份草稿，可能已被删除", "This draft no longer exists")

func newID() string {
	var b [10]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func toJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// Create stores a new draft in StateDraft.
func (s *Store) Create(ctx context.Context, n New) (*Draft, error) {
	now := time.Now()
	id := newID()
	answers := n.Answers
	if answers == nil {
		answers = map[string]string{}
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	if (n.Kind == "" || n.Kind == "new") != (n.ForLicense == "") {
		return nil, fmt.Errorf("drafts: create: kind %q needs a license exactly when it is not a new application", n.Kind)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO drafts_drafts
		(id, title, kind, for_license, industry, catalog_version, answers, added, dropped, items, state, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		id, n.Title, n.Kind, n.ForLicense, n.Industry, n.CatalogVersion, toJSON(answers), toJSON(nonNil(n.Added)),
		toJSON(nonNil(n.Dropped)), toJSON(nonNil(n.Items)), string(StateDraft), now.UnixNano(), now.UnixNano()); err != nil {
		return nil, fmt.Errorf("drafts: create: %w", err)
	}
	if err := putValues(ctx, tx, id, n.Values, now); err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	s.notify(Change{ID: id, Kind: Created})
	return s.Get(ctx, id)
}

type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

func putValues(ctx context.Context, tx execer, id string, v map[string]string, now time.Time) error {
	for k, x := range v {
		var err error
		if x == "" {
			_, err = tx.ExecContext(ctx, `DELETE FROM drafts_values WHERE draft_id = ? AND key = ?`, id, k)
		} else {
			_, err = tx.ExecContext(ctx, `INSERT INTO drafts_values (draft_id, key, value, updated_at) VALUES (?, ?, ?, ?)
				ON CONFLICT(draft_id, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
				id, k, x, now.UnixNano())
		}
		if err != nil {
			return fmt.Errorf("drafts: save value %s: %w", k, err)
		}
	}
	return nil
}

// Get loads a draft with its values and attachments.
func (s *Store) Get(ctx context.Context, id string) (*Draft, error) {
	d := &Draft{ID: id, Values: forms.Values{}}
	var answers, added, dropped, items, promised, agentJSON, state string
	var created, updated int64
	err := s.db.QueryRowContext(ctx, `SELECT title, kind, for_license, industry, catalog_version, answers, added, dropped, items,
		promised, agent, state, application_id, created_at, updated_at FROM drafts_drafts WHERE id = ?`, id).Scan(
		&d.Title, &d.Kind, &d.ForLicense, &d.Industry, &d.CatalogVersion, &answers, &added, &dropped, &items, &promised, &agentJSON,
		&state, &d.Status.ApplicationID, &created, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("drafts: get: %w", err)
	}
	d.Status.State = State(state)
	d.CreatedAt, d.UpdatedAt = time.Unix(0, created), time.Unix(0, updated)
	for _, p := range []struct {
		src string
		dst any
	}{{answers, &d.Answers}, {added, &d.Added}, {dropped, &d.Dropped}, {items, &d.Items}, {promised, &d.Promised}} {
		if err := json.Unmarshal([]byte(p.src), p.dst); err != nil {
			return nil, fmt.Errorf("drafts: get %s: %w", id, err)
		}
	}
	if agentJSON != "" {
		d.Agent = &agent.Record{}
		if err := json.Unmarshal([]byte(agentJSON), d.Agent); err != nil {
			return nil, fmt.Errorf("drafts: get agent: %w", err)
		}
	}
	rows, err := s.db.QueryContext(ctx, `SELECT key, value FROM drafts_values WHERE draft_id = ?`, id)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			rows.Close()
			return nil, err
		}
		d.Values[k] = v
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	d.Attachments, err = s.attachments(ctx, id)
	if err != nil {
		return nil, err
	}
	return d, nil
}

func (s *Store) attachments(ctx context.Context, draftID string) ([]Attachment, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, material_id, rel_path, original_name, sha256, size, mime,
		pages, width, height, added_at FROM drafts_attachments WHERE draft_id = ? ORDER BY added_at, id`, draftID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Attachment
	for rows.Next() {
		a := Attachment{DraftID: draftID}
		var rel string
		var added int64
		if err := rows.Scan(&a.ID, &a.MaterialID, &rel, &a.OriginalName, &a.SHA256, &a.Size, &a.MIME,
			&a.Pages, &a.Width, &a.Height, &added); err != nil {
			return nil, err
		}
		a.Path = filepath.Join(s.dir, filepath.FromSlash(rel))
		a.AddedAt = time.Unix(0, added)
		out = append(out, a)
	}
	return out, rows.Err()
}

// List returns all drafts, most recently changed first.
func (s *Store) List(ctx context.Context) ([]Summary, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, title, kind, for_license, industry, items, state, application_id, created_at, updated_at
		FROM drafts_drafts ORDER BY updated_at DESC, id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Summary
	for rows.Next() {
		var sm Summary
		var items, state string
		var created, updated int64
		if err := rows.Scan(&sm.ID, &sm.Title, &sm.Kind, &sm.ForLicense, &sm.Industry, &items, &state, &sm.Status.ApplicationID,
			&created, &updated); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(items), &sm.Items); err != nil {
			return nil, err
		}
		sm.Status.State = State(state)
		sm.CreatedAt, sm.UpdatedAt = time.Unix(0, created), time.Unix(0, updated)
		out = append(out, sm)
	}
	return out, rows.Err()
}

// Delete removes a draft, its values and its attached files.
func (s *Store) Delete(ctx context.Context, id string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, q := range []string{`DELETE FROM drafts_values WHERE draft_id = ?`, `DELETE FROM drafts_attachments WHERE draft_id = ?`} {
		if _, err := tx.ExecContext(ctx, q, id); err != nil {
			return err
		}
	}
	res, err := tx.ExecContext(ctx, `DELETE FROM drafts_drafts WHERE id = ?`, id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	err = robustio.RemoveAll(s.draftDir(id))
	s.notify(Change{ID: id, Kind: Deleted})
	return err
}

func (s *Store) draftDir(id string) string { return filepath.Join(s.dir, id) }

// update runs f in a transaction after checking the draft exists, then
// bumps updated_at.
func (s *Store) update(ctx context.Context, id string, f func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `UPDATE drafts_drafts SET updated_at = ? WHERE id = ?`, time.Now().UnixNano(), id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	if err := f(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	s.notify(Change{ID: id, Kind: Edited})
	return nil
}

// updateEditable is update for changes only a draft in StateDraft takes:
// once handed to the outbox, what is sent must not change underneath it.
func (s *Store) updateEditable(ctx context.Context, id string, f func(tx *sql.Tx) error) error {
	return s.update(ctx, id, func(tx *sql.Tx) error {
		var state string
		if err := tx.QueryRowContext(ctx, `SELECT state FROM drafts_drafts WHERE id = ?`, id).Scan(&state); err != nil {
			return err
		}
		if State(state) != StateDraft {
			return errNotEditable
		}
		return f(tx)
	})
}

// SetTitle renames a draft.
func (s *Store) SetTitle(ctx context.Context, id, title string) error {
	return s.update(ctx, id, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE drafts_drafts SET title = ? WHERE id = ?`, title, id)
		return err
	})
}

// Selection is the outcome of matching: catalog version, answers, manual
// additions and removals, and the resulting items.
type Selection struct {
	CatalogVersion int
	Answers        map[string]string
	Added          []string
	Dropped        []string
	Items          []string
}

// SetSelection replaces the draft's catalog version, answers and items
// (e.g. after the applicant accepted a re-match under a newer catalog).
func (s *Store) SetSelection(ctx context.Context, id string, sel Selection) error {
	answers := sel.Answers
	if answers == nil {
		answers = map[string]string{}
	}
	return s.updateEditable(ctx, id, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE drafts_drafts SET catalog_version = ?, answers = ?, added = ?,
			dropped = ?, items = ? WHERE id = ?`, sel.CatalogVersion, toJSON(answers), toJSON(nonNil(sel.Added)),
			toJSON(nonNil(sel.Dropped)), toJSON(nonNil(sel.Items)), id)
		return err
	})
}

// SetValues saves values synchronously (an empty value deletes the key).
// The UI should use an AutoSaver instead. Only drafts in StateDraft change.
func (s *Store) SetValues(ctx context.Context, id string, v forms.Values) error {
	return s.updateEditable(ctx, id, func(tx *sql.Tx) error { return putValues(ctx, tx, id, v, time.Now()) })
}

// Promise records that materialID will be handed in later (容缺后补), or
// withdraws the promise. Readiness honours it only for deferrable materials.
func (s *Store) Promise(ctx context.Context, id, materialID string, promised bool) error {
	return s.updateEditable(ctx, id, func(tx *sql.Tx) error {
		var raw string
		if err := tx.QueryRowContext(ctx, `SELECT promised FROM drafts_drafts WHERE id = ?`, id).Scan(&raw); err != nil {
			return err
		}
		var list []string
		if err := json.Unmarshal([]byte(raw), &list); err != nil {
			return err
		}
		list = slices.DeleteFunc(list, func(m string) bool { return m == materialID })
		if promised {
			list = append(list, materialID)
		}
		_, err := tx.ExecContext(ctx, `UPDATE drafts_drafts SET promised = ? WHERE id = ?`, toJSON(nonNil(list)), id)
		return err
	})
}

// SetAgent records (or, with nil, removes) the agent filing for the
// applicant. The agent's details are validated first.
func (s *Store) SetAgent(ctx context.Context, id string, a *agent.Record) error {
	raw := ""
	if a != nil {
		if err := a.Check(time.Now()); err != nil {
			return err
		}
		raw = toJSON(a.Normalized())
	}
	return s.updateEditable(ctx, id, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE drafts_drafts SET agent = ? WHERE id = ?`, raw, id)
		return err
	})
}

// SetStatus moves a draft to another state (queued when handed to the
// outbox, submitted with the portal's application id).
func (s *Store) SetStatus(ctx context.Context, id string, st Status) error {
	switch st.State {
	case StateDraft, StateQueued:
	case StateSubmitted:
		if st.ApplicationID == "" {
			return fmt.Errorf("drafts: submitted needs an application id")
		}
	default:
		return fmt.Errorf("drafts: unknown state %q", st.State)
	}
	err := s.update(ctx, id, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE drafts_drafts SET state = ?, application_id = ? WHERE id = ?`,
			string(st.State), st.ApplicationID, id)
		return err
	})
	if err == nil {
		s.notify(Change{ID: id, Kind: StatusChanged, Status: st})
	}
	return err
}

// EarlierValues returns, for pre-filling a new form, the remembered fields
// (business, legal representative, contact) of every other draft and
// application, one set per draft, the most recently changed first.
// forms.PrefillFromEarlier decides what of it may be used.
func (s *Store) EarlierValues(ctx context.Context, exceptID string) ([]forms.Values, error) {
	keys := forms.RememberedKeys()
	if len(keys) == 0 {
		return nil, nil
	}
	args := []any{exceptID}
	for _, k := range keys {
		args = append(args, k)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT v.draft_id, v.key, v.value FROM drafts_values v
		JOIN drafts_drafts d ON d.id = v.draft_id
		WHERE v.value != '' AND v.draft_id != ? AND v.key IN (?`+strings.Repeat(",?", len(keys)-1)+`)
		ORDER BY d.updated_at DESC, d.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []forms.Values
	last := ""
	for rows.Next() {
		var id, k, v string
		if err := rows.Scan(&id, &k, &v); err != nil {
			return nil, err
		}
		if id != last || len(out) == 0 {
			out = append(out, forms.Values{})
			last = id
		}
		out[len(out)-1][k] = v
	}
	return out, rows.Err()
}

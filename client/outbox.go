package client

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/naiman-yiye/yiye/client/api"
	"github.com/naiman-yiye/yiye/store"
	"github.com/naiman-yiye/yiye/usererr"
)

// State is where a queued submission stands. Every step is written to the
// database before the next begins, so a killed app continues correctly.
type State string

const (
	StateQueued     State = "queued"     // waiting to be sent (offline, or its turn has not come)
	StateUploading  State = "uploading"  // attachments are being uploaded
	StateSubmitting State = "submitting" // all files are up; the application is being created
	StateSent       State = "sent"       // the portal created the application (ApplicationID)
	StateFailed     State = "failed"     // the portal refused it (Err says why); Retry after fixing
	StateAttention  State = "attention"  // the applicant must act: log in, re-add a file (Err says what)
)

// Done reports whether the runner will not touch the submission again
// without Retry.
func (s State) Done() bool { return s == StateSent || s == StateFailed || s == StateAttention }

// OutboxFile is one attachment to send with a submission.
type OutboxFile struct {
	MaterialID string // material slot, e.g. from catalog data
	Path       string // file on disk (the drafts attachment copy)
	Filetype   string // MIME type, optional
}

// Submission is what the app queues: the application without material
// references (the outbox adds one per uploaded file) and its files.
type Submission struct {
	Title   string // shown in the outbox list, e.g. "便利店 · 某某商店"
	Request api.ApplicationRequest
	Files   []OutboxFile
}

// FileProgress is one attachment's upload state.
type FileProgress struct {
	MaterialID string
	Filename   string
	Size       int64
	Sent       int64 // bytes the server holds (or has been sent during a PATCH)
	Done       bool
}

// Item is a queued submission as the UI shows it.
type Item struct {
	ID    int64
	Title string // as queued, in Chinese
	// Kind, Industry and SubjectName come from the queued request, so the
	// UI can title the item in its own language.
	Kind              string
	Industry          string
	SubjectName       string
	ClientRef         string
	IdempotencyKey    string
	State             State
	Paused            bool
	Files             []FileProgress
	FilesDone         int
	BytesSent         int64
	BytesTotal        int64
	ApplicationID     string // once sent
	ApplicationNumber string // 受理编号, once sent
	// Err is why it failed / needs attention, or, while queued, why the
	// last attempt did not go through (e.g. client.offline).
	Err       *usererr.Error
	Attempts  int       // failed attempts since the last success or Retry
	NextTry   time.Time // when the runner tries again (zero: as soon as possible)
	CreatedAt time.Time
	UpdatedAt time.Time
}

var outboxMigrations = []string{
	`CREATE TABLE outbox_submissions (
		id INTEGER PRIMARY KEY AUTOINCREMENT,
		idem_key TEXT NOT NULL UNIQUE,
		client_ref TEXT NOT NULL DEFAULT '',
		title TEXT NOT NULL DEFAULT '',
		request TEXT NOT NULL,
		state TEXT NOT NULL,
		paused INTEGER NOT NULL DEFAULT 0,
		attempts INTEGER NOT NULL DEFAULT 0,
		next_try INTEGER NOT NULL DEFAULT 0,
		application_id TEXT NOT NULL DEFAULT '',
		application_number TEXT NOT NULL DEFAULT '',
		err_code TEXT NOT NULL DEFAULT '',
		err_zh TEXT NOT NULL DEFAULT '',
		err_en TEXT NOT NULL DEFAULT '',
		created_at INTEGER NOT NULL,
		updated_at INTEGER NOT NULL
	);
	CREATE TABLE outbox_files (
		submission_id INTEGER NOT NULL REFERENCES outbox_submissions(id) ON DELETE CASCADE,
		seq INTEGER NOT NULL,
		material_id TEXT NOT NULL,
		path TEXT NOT NULL,
		filename TEXT NOT NULL,
		filetype TEXT NOT NULL DEFAULT '',
		size INTEGER NOT NULL,
		sha256 TEXT NOT NULL DEFAULT '',
		upload_url TEXT NOT NULL DEFAULT '',
		sent INTEGER NOT NULL DEFAULT 0,
		done INTEGER NOT NULL DEFAULT 0,
		PRIMARY KEY (submission_id, seq)
	);
	CREATE INDEX outbox_submissions_state ON outbox_submissions(state, paused, next_try);`,
}

// Outbox queues applications in the local database and sends each exactly
// once. One Outbox (and one runner) per database.
type Outbox struct {
	db *sql.DB
	c  *Client
	// Backoff spaces attempts of a submission that failed transiently
	// (offline, 5xx): default 2s doubling to 5 minutes, with jitter.
	Backoff Backoff

	// work lets one step run at a time: the background runner, Drain and
	// any other caller must never process the same submission at once
	// (two workers would create two uploads for one file).
	work sync.Mutex

	mu        sync.Mutex
	subs      map[int]func(Item)
	nextSub   int
	current   int64              // submission being worked on
	cancelCur context.CancelFunc // cancels it (pause)
	// retryCur: Retry was asked for the current submission while its
	// attempt ran; a failure of that attempt must not undo the request
	// (e.g. a sign-in during a send that then fails as unauthorized).
	retryCur bool
	kick     chan struct{}
	stop     context.CancelFunc
	stopped  chan struct{}
	lastEmit map[int64]time.Time
	lastSave map[int64]time.Time
	live     map[int64]int64 // (id<<16|seq) → bytes sent, fresher than the database
}

// OpenOutbox migrates the outbox tables in db and returns the outbox that
// sends through c.
func OpenOutbox(ctx context.Context, db *sql.DB, c *Client) (*Outbox, error) {
	if err := store.Migrate(ctx, db, "outbox", outboxMigrations); err != nil {
		return nil, err
	}
	return &Outbox{
		db:       db,
		c:        c,
		Backoff:  Backoff{Base: 2 * time.Second, Max: 5 * time.Minute},
		subs:     map[int]func(Item){},
		kick:     make(chan struct{}, 1),
		lastEmit: map[int64]time.Time{},
		lastSave: map[int64]time.Time{},
		live:     map[int64]int64{},
	}, nil
}

// errInterrupted means the submission changed under the runner (a file
// was replaced); the step is dropped and the next one starts afresh.
var errInterrupted = errors.New("outbox: submission changed while it was being sent")

func nowMS() int64 { return time.Now().UnixMilli() }

// Enqueue stores a submission (its Idempotency-Key generated now, once) and
// wakes the runner. It works offline. Files must exist; they are hashed
// by the runner before uploading.
func (o *Outbox) Enqueue(ctx context.Context, s Submission) (int64, error) {
	if len(s.Request.Materials) == 0 {
		s.Request.Materials = []api.MaterialRef{}
	}
	req, err := json.Marshal(s.Request)
	if err != nil {
		return 0, err
	}
	type fileRow struct {
		f    OutboxFile
		size int64
	}
	rows := make([]fileRow, 0, len(s.Files))
	for _, f := range s.Files {
		st, err := os.Stat(f.Path)
		if err != nil || !st.Mode().IsRegular() {
			if err == nil {
				err = errors.New("not a regular file")
			}
			return 0, fileChanged(f.Path, err)
		}
		rows = append(rows, fileRow{f, st.Size()})
	}
	tx, err := o.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	now := nowMS()
	res, err := tx.ExecContext(ctx, `INSERT INTO outbox_submissions(idem_key, client_ref, title, request, state, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, NewIdempotencyKey(), s.Request.ClientRef, s.Title, string(req), StateQueued, now, now)
	if err != nil {
		return 0, err
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, err
	}
	for i, r := range rows {
		if _, err := tx.ExecContext(ctx, `INSERT INTO outbox_files(submission_id, seq, material_id, path, filename, filetype, size)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, id, i, r.f.MaterialID, r.f.Path, filepath.Base(r.f.Path), r.f.Filetype, r.size); err != nil {
			return 0, err
		}
	}
	if err := tx.Commit(); err != nil {
		return 0, err
	}
	o.Kick()
	o.emit(ctx, id, true)
	return id, nil
}

// Get returns one submission.
func (o *Outbox) Get(ctx context.Context, id int64) (Item, error) {
	items, err := o.query(ctx, `WHERE id = ?`, id)
	if err != nil {
		return Item{}, err
	}
	if len(items) == 0 {
		return Item{}, usererr.New(CodeNotFound, "未找到该待发送申请。", "No such queued submission.")
	}
	return items[0], nil
}

// List returns every submission, newest first.
func (o *Outbox) List(ctx context.Context) ([]Item, error) {
	return o.query(ctx, `ORDER BY id DESC`)
}

// Pending counts submissions not yet sent, failed or needing attention.
func (o *Outbox) Pending(ctx context.Context) (int, error) {
	var n int
	err := o.db.QueryRowContext(ctx, `SELECT count(*) FROM outbox_submissions WHERE state IN (?, ?, ?)`,
		StateQueued, StateUploading, StateSubmitting).Scan(&n)
	return n, err
}

func (o *Outbox) query(ctx context.Context, where string, args ...any) ([]Item, error) {
	rows, err := o.db.QueryContext(ctx, `SELECT id, idem_key, client_ref, title, state, paused, attempts, next_try,
		application_id, application_number, err_code, err_zh, err_en, created_at, updated_at,
		coalesce(json_extract(request, '$.kind'), ''), coalesce(json_extract(request, '$.industry'), ''),
		coalesce(json_extract(request, '$.subject.name'), '')
		FROM outbox_submissions `+where, args...)
	if err != nil {
		return nil, err
	}
	var items []Item
	for rows.Next() {
		var it Item
		var paused int
		var next, created, updated int64
		var code, zh, en string
		if err := rows.Scan(&it.ID, &it.IdempotencyKey, &it.ClientRef, &it.Title, &it.State, &paused, &it.Attempts, &next,
			&it.ApplicationID, &it.ApplicationNumber, &code, &zh, &en, &created, &updated,
			&it.Kind, &it.Industry, &it.SubjectName); err != nil {
			rows.Close()
			return nil, err
		}
		it.Paused = paused != 0
		if next > 0 {
			it.NextTry = time.UnixMilli(next)
		}
		it.CreatedAt, it.UpdatedAt = time.UnixMilli(created), time.UnixMilli(updated)
		if code != "" {
			it.Err = usererr.New(code, zh, en)
		}
		items = append(items, it)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range items {
		files, err := o.files(ctx, items[i].ID)
		if err != nil {
			return nil, err
		}
		o.mu.Lock()
		for j := range files {
			if v, ok := o.live[items[i].ID<<16|int64(files[j].Seq)]; ok && !files[j].Done {
				files[j].Sent = v
			}
		}
		o.mu.Unlock()
		for _, f := range files {
			items[i].Files = append(items[i].Files, FileProgress{MaterialID: f.MaterialID, Filename: f.Filename, Size: f.Size, Sent: f.Sent, Done: f.Done})
			items[i].BytesTotal += f.Size
			items[i].BytesSent += f.Sent
			if f.Done {
				items[i].FilesDone++
			}
		}
	}
	return items, nil
}

type fileRec struct {
	Seq        int
	MaterialID string
	Path       string
	Filename   string
	Filetype   string
	Size       int64
	SHA256     string
	UploadURL  string
	Sent       int64
	Done       bool
}

func (o *Outbox) files(ctx context.Context, id int64) ([]fileRec, error) {
	rows, err := o.db.QueryContext(ctx, `SELECT seq, material_id, path, filename, filetype, size, sha256, upload_url, sent, done
		FROM outbox_files WHERE submission_id = ? ORDER BY seq`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []fileRec
	for rows.Next() {
		var f fileRec
		var done int
		if err := rows.Scan(&f.Seq, &f.MaterialID, &f.Path, &f.Filename, &f.Filetype, &f.Size, &f.SHA256, &f.UploadURL, &f.Sent, &done); err != nil {
			return nil, err
		}
		f.Done = done != 0
		out = append(out, f)
	}
	return out, rows.Err()
}

// Subscribe calls fn (from a background goroutine; in Fyne wrap UI
// updates in fyne.Do; fn must not block) whenever a submission changes: state, errors, and upload
// progress at most ~10 times a second per submission. It returns a
// function that ends the subscription.
func (o *Outbox) Subscribe(fn func(Item)) (cancel func()) {
	o.mu.Lock()
	defer o.mu.Unlock()
	id := o.nextSub
	o.nextSub++
	o.subs[id] = fn
	return func() {
		o.mu.Lock()
		delete(o.subs, id)
		o.mu.Unlock()
	}
}

// emit sends the current item to subscribers; progress-only emits are
// throttled.
func (o *Outbox) emit(ctx context.Context, id int64, important bool) {
	o.mu.Lock()
	if len(o.subs) == 0 {
		o.mu.Unlock()
		return
	}
	if !important && time.Since(o.lastEmit[id]) < 100*time.Millisecond {
		o.mu.Unlock()
		return
	}
	o.lastEmit[id] = time.Now()
	subs := make([]func(Item), 0, len(o.subs))
	for _, fn := range o.subs {
		subs = append(subs, fn)
	}
	o.mu.Unlock()
	it, err := o.Get(context.WithoutCancel(ctx), id)
	if err != nil {
		return
	}
	for _, fn := range subs {
		fn(it)
	}
}

// Pause stops work on a submission (an upload in flight is interrupted and
// later resumes at the server's offset).
func (o *Outbox) Pause(ctx context.Context, id int64) error {
	if err := o.exec(ctx, `UPDATE outbox_submissions SET paused = 1, updated_at = ? WHERE id = ?`, nowMS(), id); err != nil {
		return err
	}
	o.interrupt(id)
	o.emit(ctx, id, true)
	return nil
}

// Resume lets a paused submission go on, at once.
func (o *Outbox) Resume(ctx context.Context, id int64) error {
	if err := o.exec(ctx, `UPDATE outbox_submissions SET paused = 0, next_try = 0, updated_at = ? WHERE id = ?`, nowMS(), id); err != nil {
		return err
	}
	o.Kick()
	o.emit(ctx, id, true)
	return nil
}

// Retry puts a failed or attention submission (or a waiting one) back in
// line at once, keeping its key and finished uploads: after the applicant
// logged in again, re-added a file, or the network came back.
func (o *Outbox) Retry(ctx context.Context, id int64) error {
	err := o.exec(ctx, `UPDATE outbox_submissions SET state = CASE WHEN state IN (?, ?) THEN ? ELSE state END,
		attempts = 0, next_try = 0, err_code = '', err_zh = '', err_en = '', updated_at = ? WHERE id = ? AND state != ?`,
		StateFailed, StateAttention, StateQueued, nowMS(), id, StateSent)
	if err != nil {
		return err
	}
	o.mu.Lock()
	if o.current == id {
		o.retryCur = true
	}
	o.mu.Unlock()
	o.Kick()
	o.emit(ctx, id, true)
	return nil
}

// RetryAll is Retry for every submission that is not sent (e.g. after login).
func (o *Outbox) RetryAll(ctx context.Context) error {
	return o.retryWhere(ctx, `state != ?`, StateSent)
}

// RetryAfterLogin puts every submission that stopped for an expired
// session (client.unauthorized) back in line; call it after Login.
func (o *Outbox) RetryAfterLogin(ctx context.Context) error {
	return o.retryWhere(ctx, `state = ? AND err_code = ?`, StateAttention, CodeUnauthorized)
}

// retryWhere is Retry for every submission matching the SQL condition.
func (o *Outbox) retryWhere(ctx context.Context, cond string, args ...any) error {
	rows, err := o.db.QueryContext(ctx, `SELECT id FROM outbox_submissions WHERE `+cond, args...)
	if err != nil {
		return err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		ids = append(ids, id)
	}
	if err := rows.Close(); err != nil {
		return err
	}
	for _, id := range ids {
		if err := o.Retry(ctx, id); err != nil {
			return err
		}
	}
	return nil
}

// ReplaceFile points a queued attachment at a new file (after a
// client.file_changed); its upload starts over.
func (o *Outbox) ReplaceFile(ctx context.Context, id int64, materialID, path string) error {
	st, err := os.Stat(path)
	if err != nil {
		return fileChanged(path, err)
	}
	o.interrupt(id) // an upload of the old file must not finish over the reset
	res, err := o.db.ExecContext(ctx, `UPDATE outbox_files SET path = ?, filename = ?, size = ?, sha256 = '', upload_url = '', sent = 0, done = 0
		WHERE submission_id = ? AND material_id = ? AND submission_id IN (SELECT id FROM outbox_submissions WHERE state NOT IN (?, ?))`,
		path, filepath.Base(path), st.Size(), id, materialID, StateSent, StateSubmitting)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return usererr.New(CodeConflict, "该申请已提交或不含此材料，无法替换附件。", "This submission was already sent or has no such material.")
	}
	return o.Retry(ctx, id)
}

// Delete removes a submission that has not been sent yet (or a sent one
// from the list). A submission being submitted cannot be deleted: the
// portal may already have it.
func (o *Outbox) Delete(ctx context.Context, id int64) error {
	o.interrupt(id)
	res, err := o.db.ExecContext(ctx, `DELETE FROM outbox_submissions WHERE id = ? AND state != ?`, id, StateSubmitting)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return usererr.New(CodeConflict, "申请正在提交，暂不能删除。", "The application is being submitted and cannot be deleted now.")
	}
	return nil
}

// interrupt cancels the runner's work on id, if it is working on it. It
// does not wait: the runner's writes are conditional on the rows it read
// (see errInterrupted), so a step that finishes anyway cannot undo a reset.
func (o *Outbox) interrupt(id int64) {
	o.mu.Lock()
	if o.current == id && o.cancelCur != nil {
		o.cancelCur()
	}
	o.mu.Unlock()
}

func (o *Outbox) exec(ctx context.Context, q string, args ...any) error {
	_, err := o.db.ExecContext(ctx, q, args...)
	return err
}

// Kick wakes the runner (e.g. when the network comes back).
func (o *Outbox) Kick() {
	select {
	case o.kick <- struct{}{}:
	default:
	}
}

// Start runs the background sender until Stop (or ctx ends). Calling Start
// while running does nothing.
func (o *Outbox) Start(ctx context.Context) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.stop != nil {
		return
	}
	ctx, cancel := context.WithCancel(ctx)
	o.stop = cancel
	o.stopped = make(chan struct{})
	go o.run(ctx, o.stopped)
}

// Stop ends the background sender and waits for it; an upload in flight
// is interrupted and resumes on the next Start.
func (o *Outbox) Stop() {
	o.mu.Lock()
	stop, stopped := o.stop, o.stopped
	o.stop, o.stopped = nil, nil
	o.mu.Unlock()
	if stop == nil {
		return
	}
	stop()
	<-stopped
}

// Running reports whether the background sender is started.
func (o *Outbox) Running() bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.stop != nil
}

func (o *Outbox) run(ctx context.Context, done chan struct{}) {
	defer close(done)
	for {
		worked, err := o.step(ctx)
		if ctx.Err() != nil {
			return
		}
		if worked && err == nil {
			continue
		}
		wait := 30 * time.Second
		if next, ok := o.nextDue(ctx); ok {
			wait = min(wait, max(time.Until(next), 0))
		}
		if err != nil { // the database itself failed; do not spin
			wait = max(wait, time.Second)
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-o.kick:
		case <-t.C:
		}
		t.Stop()
	}
}

func (o *Outbox) nextDue(ctx context.Context) (time.Time, bool) {
	var next sql.NullInt64
	err := o.db.QueryRowContext(ctx, `SELECT min(next_try) FROM outbox_submissions WHERE state IN (?, ?, ?) AND paused = 0`,
		StateQueued, StateUploading, StateSubmitting).Scan(&next)
	if err != nil || !next.Valid {
		return time.Time{}, false
	}
	return time.UnixMilli(next.Int64), true
}

// Drain sends every due submission once, in order, and returns when none
// is left due (those waiting for a retry stay queued). For tests and the
// command line; the app uses Start.
func (o *Outbox) Drain(ctx context.Context) error {
	var after int64
	for {
		id, err := o.stepAfter(ctx, after)
		if err != nil || id == 0 {
			return err
		}
		after = id
	}
}

// step works on the oldest due submission; worked is false if none is due.
func (o *Outbox) step(ctx context.Context) (worked bool, err error) {
	id, err := o.stepAfter(ctx, 0)
	return id != 0, err
}

// stepAfter works on the oldest due submission with an ID above after and
// returns its ID (0 if none is due).
func (o *Outbox) stepAfter(ctx context.Context, after int64) (int64, error) {
	o.work.Lock()
	defer o.work.Unlock()
	var id int64
	err := o.db.QueryRowContext(ctx, `SELECT id FROM outbox_submissions WHERE state IN (?, ?, ?) AND paused = 0 AND next_try <= ?
		AND id > ? ORDER BY id LIMIT 1`, StateQueued, StateUploading, StateSubmitting, nowMS(), after).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	sctx, cancel := context.WithCancel(ctx)
	o.mu.Lock()
	o.current, o.cancelCur, o.retryCur = id, cancel, false
	o.mu.Unlock()
	defer func() {
		o.mu.Lock()
		o.current, o.cancelCur, o.retryCur = 0, nil, false
		o.mu.Unlock()
		cancel()
	}()
	perr := o.process(sctx, id)
	if perr == nil {
		return id, nil
	}
	if sctx.Err() != nil || errors.Is(perr, errInterrupted) { // paused, replaced, deleted or stopping: leave the state as it is
		return id, nil
	}
	if err := o.fail(ctx, id, perr); err != nil {
		return id, err
	}
	o.mu.Lock()
	again := o.retryCur
	o.retryCur = false
	o.mu.Unlock()
	if again { // the error is older than the request to try again
		return id, o.Retry(ctx, id)
	}
	return id, nil
}

// fail records an error: transient ones (offline, 5xx, 429) schedule a
// retry with backoff; the rest stop the submission for the applicant.
func (o *Outbox) fail(ctx context.Context, id int64, perr error) error {
	ue := asUserErr(perr)
	var attempts int
	if err := o.db.QueryRowContext(ctx, `SELECT attempts FROM outbox_submissions WHERE id = ?`, id).Scan(&attempts); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		return err
	}
	now := nowMS()
	var err error
	switch ue.Code {
	case CodeOffline, CodeServer, CodeRateLimited:
		next := time.Now().Add(o.Backoff.Delay(attempts) + o.Backoff.Base/2).UnixMilli()
		err = o.exec(ctx, `UPDATE outbox_submissions SET attempts = attempts + 1, next_try = ?, err_code = ?, err_zh = ?, err_en = ?, updated_at = ?
			WHERE id = ?`, next, ue.Code, ue.ZH, ue.EN, now, id)
	case CodeUnauthorized, CodeFileChanged, CodeTooLarge, CodeForbidden:
		err = o.setState(ctx, id, StateAttention, ue)
	default: // validation, conflict, not found: the portal said no
		err = o.setState(ctx, id, StateFailed, ue)
	}
	o.emit(ctx, id, true)
	return err
}

func asUserErr(err error) *usererr.Error {
	var ue *usererr.Error
	if errors.As(err, &ue) {
		return ue
	}
	return usererr.New(CodeServer, "发送失败："+err.Error(), "Sending failed: "+err.Error()).Wrap(err)
}

func (o *Outbox) setState(ctx context.Context, id int64, s State, ue *usererr.Error) error {
	code, zh, en := "", "", ""
	if ue != nil {
		code, zh, en = ue.Code, ue.ZH, ue.EN
	}
	return o.exec(ctx, `UPDATE outbox_submissions SET state = ?, err_code = ?, err_zh = ?, err_en = ?, updated_at = ? WHERE id = ?`,
		s, code, zh, en, nowMS(), id)
}

// process drives one submission through its remaining steps.
func (o *Outbox) process(ctx context.Context, id int64) error {
	var state State
	var key, reqJSON string
	err := o.db.QueryRowContext(ctx, `SELECT state, idem_key, request FROM outbox_submissions WHERE id = ?`, id).Scan(&state, &key, &reqJSON)
	if err != nil {
		return err
	}
	if state == StateQueued {
		if err := o.setState(ctx, id, StateUploading, nil); err != nil {
			return err
		}
		state = StateUploading
		o.emit(ctx, id, true)
	}
	files, err := o.files(ctx, id)
	if err != nil {
		return err
	}
	if state == StateUploading {
		for _, f := range files {
			if f.Done {
				continue
			}
			if err := o.uploadFile(ctx, id, f); err != nil {
				return err
			}
		}
		res, err := o.db.ExecContext(ctx, `UPDATE outbox_submissions SET state = ?, err_code = '', err_zh = '', err_en = '', updated_at = ?
			WHERE id = ? AND state = ? AND NOT EXISTS (SELECT 1 FROM outbox_files WHERE submission_id = ? AND done = 0)`,
			StateSubmitting, nowMS(), id, StateUploading, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errInterrupted
		}
		o.emit(ctx, id, true)
		if files, err = o.files(ctx, id); err != nil {
			return err
		}
	}
	var req api.ApplicationRequest
	if err := json.Unmarshal([]byte(reqJSON), &req); err != nil {
		return fmt.Errorf("outbox: stored request %d: %w", id, err)
	}
	for _, f := range files {
		req.Materials = append(req.Materials, api.MaterialRef{MaterialID: f.MaterialID, UploadID: UploadID(f.UploadURL), SHA256: f.SHA256, Filename: f.Filename})
	}
	app, _, err := o.c.SubmitApplication(ctx, key, req)
	if err != nil {
		return err
	}
	if err := o.exec(ctx, `UPDATE outbox_submissions SET state = ?, application_id = ?, application_number = ?, attempts = 0, next_try = 0,
		err_code = '', err_zh = '', err_en = '', updated_at = ? WHERE id = ?`, StateSent, app.ID, app.Number, nowMS(), id); err != nil {
		return err
	}
	o.emit(ctx, id, true)
	return nil
}

// uploadFile hashes (once), creates (once, URL persisted) and resumes the
// upload of one attachment.
func (o *Outbox) uploadFile(ctx context.Context, id int64, f fileRec) error {
	st, err := os.Stat(f.Path)
	if err != nil {
		return fileChanged(f.Path, err)
	}
	if st.Size() != f.Size {
		return fileChanged(f.Path, fmt.Errorf("size %d, queued with %d", st.Size(), f.Size))
	}
	if f.SHA256 == "" {
		sum, n, err := FileSHA256(f.Path)
		if err != nil {
			return err
		}
		if n != f.Size {
			return fileChanged(f.Path, fmt.Errorf("size %d while hashing, queued with %d", n, f.Size))
		}
		f.SHA256 = sum
		if err := o.exec(ctx, `UPDATE outbox_files SET sha256 = ? WHERE submission_id = ? AND seq = ?`, sum, id, f.Seq); err != nil {
			return err
		}
	}
	u := o.c.Uploader()
	recreated := false
	for {
		if f.UploadURL == "" {
			loc, err := u.Create(ctx, o.c.UploadsURL(), f.Size, uploadMeta(f.Filename, f.Filetype, f.SHA256, f.MaterialID))
			if err != nil {
				return err
			}
			f.UploadURL = loc
			// Persist before sending a byte, so a restart resumes this upload.
			if err := o.exec(ctx, `UPDATE outbox_files SET upload_url = ?, sent = 0 WHERE submission_id = ? AND seq = ?`, loc, id, f.Seq); err != nil {
				return err
			}
		}
		err := u.Upload(ctx, f.UploadURL, f.Path, f.Size, func(sent, total int64) { o.progress(ctx, id, f.Seq, sent) })
		if err == nil {
			break
		}
		// The server lost the upload, or rejected it for a checksum
		// mismatch (the file may have changed: hash again): start a new
		// one, once per attempt.
		gone, mismatch := errors.Is(err, ErrUploadGone), StatusOf(err) == api.StatusChecksumMismatch
		if recreated || (!gone && !mismatch) {
			return err
		}
		recreated = true
		if mismatch {
			sum, _, herr := FileSHA256(f.Path)
			if herr != nil {
				return herr
			}
			if sum == f.SHA256 { // same file, same hash: the portal keeps refusing it
				return err
			}
			f.SHA256 = sum
		}
		f.UploadURL = ""
		if err := o.exec(ctx, `UPDATE outbox_files SET upload_url = '', sha256 = ?, sent = 0 WHERE submission_id = ? AND seq = ?`, f.SHA256, id, f.Seq); err != nil {
			return err
		}
	}
	res, err := o.db.ExecContext(ctx, `UPDATE outbox_files SET sent = size, done = 1 WHERE submission_id = ? AND seq = ? AND path = ? AND sha256 = ?`,
		id, f.Seq, f.Path, f.SHA256)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errInterrupted // the file was replaced meanwhile
	}
	// Progress was made: the next failure starts the backoff over.
	if err := o.exec(ctx, `UPDATE outbox_submissions SET attempts = 0 WHERE id = ?`, id); err != nil {
		return err
	}
	o.mu.Lock()
	delete(o.live, id<<16|int64(f.Seq))
	delete(o.lastSave, id<<16|int64(f.Seq))
	o.mu.Unlock()
	o.emit(ctx, id, true)
	return nil
}

// progress records upload progress: in the database at most once a second
// (a restart asks the server anyway), to subscribers ~10 times a second.
func (o *Outbox) progress(ctx context.Context, id int64, seq int, sent int64) {
	key := id<<16 | int64(seq)
	o.mu.Lock()
	o.live[key] = sent
	save := time.Since(o.lastSave[key]) >= time.Second
	if save {
		o.lastSave[key] = time.Now()
	}
	o.mu.Unlock()
	if save {
		o.db.ExecContext(context.WithoutCancel(ctx), `UPDATE outbox_files SET sent = ? WHERE submission_id = ? AND seq = ?`, sent, id, seq)
	}
	o.emit(ctx, id, false)
}

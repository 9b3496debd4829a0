package core

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/naiman-yiye/yiye/client"
	"github.com/naiman-yiye/yiye/client/api"
	"github.com/naiman-yiye/yiye/usererr"
)

// Consultation (一线应答) and filing reports go out through a small
// outbox of their own, with the guarantees of a first application: kept
// in the database while offline, sent once the portal is reachable and
// the applicant signed in, each exactly once (a stored idempotency key,
// an idempotent filing report), attachments uploaded resumably (the tus
// location is kept). Staff replies are polled and announced.

// Kinds of outgoing requests.
const (
	outMessage = "message"
	outFiling  = "filing"
)

// States of an outgoing request.
const (
	outQueued = "queued"
	outSent   = "sent"
	outFailed = "failed" // the portal refused it (Err); not retried
)

type filingRequest struct {
	ApplicationID string           `json:"application_id"`
	Code          string           `json:"code"`
	Report        api.FilingReport `json:"report"`
}

// outFile is an attachment of a queued message, prepared under the data
// folder, with the upload's progress.
type outFile struct {
	Path     string `json:"path"`
	Name     string `json:"name"`
	MIME     string `json:"mime"`
	Size     int64  `json:"size"`
	SHA256   string `json:"sha256"`
	Location string `json:"location,omitempty"` // tus upload, once created
	Done     bool   `json:"done,omitempty"`
}

// messageFiles is where queued messages' attachments wait (inside the
// data folder, so a kiosk session's wipe takes them).
const messageFiles = "message-files"

func enqueueOut(ctx context.Context, tx *sql.Tx, kind string, req any, files []outFile, now time.Time) error {
	r, err := json.Marshal(req)
	if err != nil {
		return err
	}
	if files == nil {
		files = []outFile{}
	}
	f, _ := json.Marshal(files)
	_, err = tx.ExecContext(ctx, `INSERT INTO lifecycle_outbox (idem_key, kind, request, files, state, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, client.NewIdempotencyKey(), kind, string(r), string(f), outQueued, now.UnixNano(), now.UnixNano())
	return err
}

// Pending is a message of the applicant not sent yet (or refused).
type Pending struct {
	ID            int64
	ApplicationID string
	LicenseNumber string
	Text          string
	Files         []string // names
	At            time.Time
	Err           *usererr.Error // why the portal refused it; nil while waiting
}

// Conversation is one consultation thread: the portal's messages (as last
// fetched when offline) and the applicant's messages still to go out.
type Conversation struct {
	Messages []api.Message
	Pending  []Pending
	Offline  bool // the portal could not be asked: Messages are the copy last fetched
}

// ErrMessageText: a message is 1–2000 characters.
var ErrMessageText = usererr.New("core.message_text", "留言内容应为1–2000个字。", "A message has 1 to 2000 characters.")

// ErrTooManyFiles bounds a message's attachments.
var ErrTooManyFiles = usererr.Newf("core.message_files", "一条留言最多带%d个附件。", "A message carries at most %d attachments.",
	api.MaxMessageAttachments)

// SendMessage queues a question to the hall about an application or a
// license (or, both "", in general) with files (paths; checked and
// prepared like materials: type sniffed, photos re-encoded). It works
// offline; the message goes out once, when the portal is reachable.
func (c *Core) SendMessage(ctx context.Context, appID, number, text string, files []string) error {
	text = strings.TrimSpace(text)
	if text == "" || utf8.RuneCountInString(text) > 2000 {
		return ErrMessageText
	}
	if len(files) > api.MaxMessageAttachments {
		return ErrTooManyFiles
	}
	dir := filepath.Join(c.opts.DataDir, messageFiles, client.NewIdempotencyKey())
	var out []outFile
	for _, p := range files {
		pf, err := c.drafts.PrepareFile("consultation", p, dir)
		if err != nil {
			os.RemoveAll(dir)
			return err
		}
		out = append(out, outFile{Path: pf.Path, Name: pf.OriginalName, MIME: pf.MIME, Size: pf.Size, SHA256: pf.SHA256})
	}
	tx, err := c.opts.DB.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	req := api.MessageRequest{ApplicationID: appID, LicenseNumber: number, Text: text}
	if err := enqueueOut(ctx, tx, outMessage, req, out, c.now()); err != nil {
		os.RemoveAll(dir)
		return err
	}
	if err := tx.Commit(); err != nil {
		os.RemoveAll(dir)
		return err
	}
	c.events.emit(MessagesChanged{})
	c.kickOut()
	return nil
}

// Conversation is the thread about appID or license number (both "": the
// general questions), oldest first.
func (c *Core) Conversation(ctx context.Context, appID, number string) (Conversation, error) {
	var conv Conversation
	ms, err := c.network().client.Messages(ctx, appID, number)
	switch {
	case err == nil:
		if err := c.cacheMessages(ctx, ms); err != nil {
			return conv, err
		}
		conv.Messages = threadOf(ms, appID, number)
	case client.CodeOf(err) == client.CodeOffline || client.Transient(err) || client.CodeOf(err) == client.CodeUnauthorized:
		conv.Offline = true
		if conv.Messages, err = c.cachedThread(ctx, appID, number); err != nil {
			return conv, err
		}
	default:
		return conv, err
	}
	conv.Pending, err = c.pending(ctx, appID, number)
	return conv, err
}

// threadOf keeps the messages of one thread.
func threadOf(ms []api.Message, appID, number string) []api.Message {
	out := []api.Message{}
	for _, m := range ms {
		if m.ApplicationID == appID && m.LicenseNumber == number {
			out = append(out, m)
		}
	}
	return out
}

func (c *Core) cacheMessages(ctx context.Context, ms []api.Message) error {
	tx, err := c.opts.DB.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, m := range ms {
		b, _ := json.Marshal(m)
		if _, err := tx.ExecContext(ctx, `INSERT INTO lifecycle_messages (id, application_id, license_number, at, data)
			VALUES (?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET data = excluded.data`,
			m.ID, m.ApplicationID, m.LicenseNumber, m.At.UnixNano(), string(b)); err != nil {
			return err
		}
	}
	return tx.Commit()
}

func (c *Core) cachedThread(ctx context.Context, appID, number string) ([]api.Message, error) {
	rows, err := c.opts.DB.QueryContext(ctx, `SELECT data FROM lifecycle_messages WHERE application_id = ? AND license_number = ?
		ORDER BY at, id`, appID, number)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []api.Message{}
	for rows.Next() {
		var raw string
		var m api.Message
		if err := rows.Scan(&raw); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(raw), &m); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// pending lists the thread's messages not sent yet.
func (c *Core) pending(ctx context.Context, appID, number string) ([]Pending, error) {
	rows, err := c.opts.DB.QueryContext(ctx, `SELECT id, request, files, state, err_code, err_zh, err_en, created_at
		FROM lifecycle_outbox WHERE kind = ? AND state != ? ORDER BY id`, outMessage, outSent)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Pending
	for rows.Next() {
		var p Pending
		var req, files, state, code, zh, en string
		var at int64
		if err := rows.Scan(&p.ID, &req, &files, &state, &code, &zh, &en, &at); err != nil {
			return nil, err
		}
		var r api.MessageRequest
		var fs []outFile
		if json.Unmarshal([]byte(req), &r) != nil || json.Unmarshal([]byte(files), &fs) != nil {
			continue
		}
		if r.ApplicationID != appID || r.LicenseNumber != number {
			continue
		}
		p.ApplicationID, p.LicenseNumber, p.Text, p.At = r.ApplicationID, r.LicenseNumber, r.Text, time.Unix(0, at)
		for _, f := range fs {
			p.Files = append(p.Files, f.Name)
		}
		if state == outFailed {
			p.Err = usererr.New(code, zh, en)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// RetryMessage puts a refused message back in line (after fixing the cause).
func (c *Core) RetryMessage(ctx context.Context, id int64) error {
	if _, err := c.opts.DB.ExecContext(ctx, `UPDATE lifecycle_outbox SET state = ?, err_code = '', err_zh = '', err_en = ''
		WHERE id = ? AND state = ?`, outQueued, id, outFailed); err != nil {
		return err
	}
	c.kickOut()
	return nil
}

// DeleteMessage drops a message that was not sent.
func (c *Core) DeleteMessage(ctx context.Context, id int64) error {
	var files string
	err := c.opts.DB.QueryRowContext(ctx, `SELECT files FROM lifecycle_outbox WHERE id = ? AND state != ?`, id, outSent).Scan(&files)
	if err != nil {
		return err
	}
	if _, err := c.opts.DB.ExecContext(ctx, `DELETE FROM lifecycle_outbox WHERE id = ? AND state != ?`, id, outSent); err != nil {
		return err
	}
	removeOutFiles(files)
	c.events.emit(MessagesChanged{})
	return nil
}

func removeOutFiles(raw string) {
	var fs []outFile
	if json.Unmarshal([]byte(raw), &fs) == nil && len(fs) > 0 {
		os.RemoveAll(filepath.Dir(fs[0].Path))
	}
}

// kickOut wakes the outgoing runner.
func (c *Core) kickOut() {
	select {
	case c.network().kick <- struct{}{}:
	default:
	}
}

// lifecycleLoop runs the outgoing requests, polls for replies and checks
// reminders, for as long as the network parts live.
func (c *Core) lifecycleLoop(ctx context.Context, n *network) {
	defer n.wg.Done()
	poll := c.opts.PollInterval
	if poll <= 0 {
		poll = time.Minute
	}
	every := c.opts.ReminderInterval
	if every <= 0 {
		every = time.Hour
	}
	var lastCheck time.Time
	for {
		c.drainOut(ctx, n)
		c.pollReplies(ctx, n)
		if (n.recheck.Swap(false) || time.Since(lastCheck) >= every) && n.client.LoggedIn(ctx) {
			if _, err := c.CheckReminders(ctx); err == nil {
				lastCheck = time.Now()
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-n.kick:
		case <-time.After(poll):
		}
	}
}

// drainOut sends the queued requests in order while the portal takes them.
func (c *Core) drainOut(ctx context.Context, n *network) {
	if !n.client.LoggedIn(ctx) {
		return
	}
	for ctx.Err() == nil {
		var id int64
		var key, kind, req, files string
		err := c.opts.DB.QueryRowContext(ctx, `SELECT id, idem_key, kind, request, files FROM lifecycle_outbox
			WHERE state = ? ORDER BY id LIMIT 1`, outQueued).Scan(&id, &key, &kind, &req, &files)
		if err != nil {
			return // none left (or the database is closing)
		}
		err = c.sendOut(ctx, n, id, key, kind, req, files)
		switch {
		case err == nil:
			if _, err := c.opts.DB.ExecContext(ctx, `UPDATE lifecycle_outbox SET state = ?, updated_at = ? WHERE id = ?`,
				outSent, time.Now().UnixNano(), id); err != nil {
				return
			}
			removeOutFiles(files)
		case client.Transient(err) || client.CodeOf(err) == client.CodeOffline || client.CodeOf(err) == client.CodeUnauthorized ||
			client.CodeOf(err) == client.CodeCanceled || ctx.Err() != nil:
			return // again later: reachable, signed in
		default:
			ue := asUserErr(err)
			if _, err := c.opts.DB.ExecContext(ctx, `UPDATE lifecycle_outbox SET state = ?, err_code = ?, err_zh = ?, err_en = ?,
				updated_at = ? WHERE id = ?`, outFailed, ue.Code, ue.ZH, ue.EN, time.Now().UnixNano(), id); err != nil {
				return
			}
		}
		switch kind {
		case outMessage:
			c.events.emit(MessagesChanged{})
		case outFiling:
			var r filingRequest
			_ = json.Unmarshal([]byte(req), &r)
			c.events.emit(FilingsChanged{ApplicationID: r.ApplicationID})
		}
	}
}

func asUserErr(err error) *usererr.Error {
	var ue *usererr.Error
	if errors.As(err, &ue) && ue != nil {
		return ue
	}
	return usererr.New("core.send", "发送失败："+err.Error(), "Sending failed: "+err.Error())
}

// sendOut sends one queued request: a filing report, or a message after
// its files (resumed where an earlier attempt stopped).
func (c *Core) sendOut(ctx context.Context, n *network, id int64, key, kind, raw, filesRaw string) error {
	switch kind {
	case outFiling:
		var r filingRequest
		if err := json.Unmarshal([]byte(raw), &r); err != nil {
			return err
		}
		_, err := n.client.ReportFiling(ctx, r.ApplicationID, r.Code, r.Report)
		return err
	case outMessage:
		var r api.MessageRequest
		var files []outFile
		if err := json.Unmarshal([]byte(raw), &r); err != nil {
			return err
		}
		if err := json.Unmarshal([]byte(filesRaw), &files); err != nil {
			return err
		}
		r.Attachments = nil
		for i := range files {
			f := &files[i]
			if f.Location == "" {
				loc, err := n.client.StartUpload(ctx, "consultation", f.Name, f.MIME, f.SHA256, f.Size)
				if err != nil {
					return err
				}
				f.Location = loc
				if err := c.saveOutFiles(ctx, id, files); err != nil {
					return err
				}
			}
			if !f.Done {
				if err := n.client.ContinueUpload(ctx, f.Location, f.Path, f.Size, nil); err != nil {
					if client.CodeOf(err) == client.CodeNotFound || client.CodeOf(err) == client.CodeFileChanged {
						f.Location = "" // gone or rejected: upload it afresh next time
						_ = c.saveOutFiles(ctx, id, files)
					}
					return err
				}
				f.Done = true
				if err := c.saveOutFiles(ctx, id, files); err != nil {
					return err
				}
			}
			r.Attachments = append(r.Attachments, api.MessageAttachment{UploadID: client.UploadID(f.Location), SHA256: f.SHA256,
				Filename: f.Name})
		}
		m, err := n.client.SendMessage(ctx, key, r)
		if err == nil {
			err = c.cacheMessages(ctx, []api.Message{m})
		}
		return err
	}
	return errors.New("core: unknown outgoing kind " + kind)
}

func (c *Core) saveOutFiles(ctx context.Context, id int64, files []outFile) error {
	b, _ := json.Marshal(files)
	_, err := c.opts.DB.ExecContext(ctx, `UPDATE lifecycle_outbox SET files = ?, updated_at = ? WHERE id = ?`, string(b),
		time.Now().UnixNano(), id)
	return err
}

// pollReplies fetches the applicant's messages and announces the staff
// replies not seen before (none on the very first fetch: old news).
func (c *Core) pollReplies(ctx context.Context, n *network) {
	if !n.client.LoggedIn(ctx) {
		return
	}
	ms, err := n.client.Messages(ctx, "", "")
	if err != nil {
		return
	}
	var synced string
	first := c.opts.DB.QueryRowContext(ctx, `SELECT value FROM lifecycle_state WHERE key = 'messages_synced'`).Scan(&synced) != nil
	var fresh []api.Message
	for _, m := range ms {
		if m.From != api.FromStaff {
			continue
		}
		var one int
		if c.opts.DB.QueryRowContext(ctx, `SELECT 1 FROM lifecycle_messages WHERE id = ?`, m.ID).Scan(&one) != nil {
			fresh = append(fresh, m)
		}
	}
	if err := c.cacheMessages(ctx, ms); err != nil {
		return
	}
	if first {
		_, _ = c.opts.DB.ExecContext(ctx, `INSERT INTO lifecycle_state (key, value) VALUES ('messages_synced', '1')
			ON CONFLICT(key) DO NOTHING`)
		return
	}
	if len(fresh) > 0 {
		c.events.emit(MessagesChanged{Replies: slices.Clip(fresh)})
	}
}

// forgetConversation drops the cached messages and what was told (another
// applicant signed in).
func (c *Core) forgetConversation(ctx context.Context) error {
	_, err := c.opts.DB.ExecContext(ctx, `DELETE FROM lifecycle_messages; DELETE FROM lifecycle_state WHERE key = 'messages_synced';
		DELETE FROM lifecycle_reminders;`)
	return err
}

package core

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/naiman-yiye/yiye/application"
	"github.com/naiman-yiye/yiye/catalog"
	"github.com/naiman-yiye/yiye/client/api"
	"github.com/naiman-yiye/yiye/drafts"
	"github.com/naiman-yiye/yiye/store"
	"github.com/naiman-yiye/yiye/usererr"
)

// A license's life after issue (一码联动): drafts of the other application
// kinds, filings after opening with their deadlines, reminders told once,
// and the consultation with the hall (conversation.go). Local state lives
// in lifecycle_ tables.
var lifecycleSteps = []string{`
CREATE TABLE lifecycle_events (
	application_id TEXT NOT NULL,
	event TEXT NOT NULL,
	day TEXT NOT NULL,
	PRIMARY KEY (application_id, event)
);
CREATE TABLE lifecycle_filings (
	application_id TEXT NOT NULL,
	code TEXT NOT NULL,
	filed_on TEXT NOT NULL,
	reference TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (application_id, code)
);
CREATE TABLE lifecycle_reminders (
	key TEXT PRIMARY KEY,
	shown_at INTEGER NOT NULL
);
CREATE TABLE lifecycle_messages (
	id TEXT PRIMARY KEY,
	application_id TEXT NOT NULL DEFAULT '',
	license_number TEXT NOT NULL DEFAULT '',
	at INTEGER NOT NULL,
	data TEXT NOT NULL
);
CREATE TABLE lifecycle_outbox (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	idem_key TEXT NOT NULL UNIQUE,
	kind TEXT NOT NULL,
	request TEXT NOT NULL,
	files TEXT NOT NULL DEFAULT '[]',
	state TEXT NOT NULL,
	err_code TEXT NOT NULL DEFAULT '',
	err_zh TEXT NOT NULL DEFAULT '',
	err_en TEXT NOT NULL DEFAULT '',
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);
CREATE TABLE lifecycle_state (
	key TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
`}

func openLifecycle(ctx context.Context, db *sql.DB) error {
	return store.Migrate(ctx, db, "lifecycle", lifecycleSteps)
}

// now is the core's clock (Options.Now).
func (c *Core) now() time.Time {
	if c.opts.Now != nil {
		return c.opts.Now()
	}
	return time.Now()
}

// ErrLicenseUnknown: the license is neither cached nor at the portal.
var ErrLicenseUnknown = usererr.New("core.license_unknown",
	"找不到这张许可证。请联网后在“我的许可证”中刷新。",
	"This license is not known here; refresh My licenses while online.")

// ErrNotAllowed: the license does not allow the procedure now.
var ErrNotAllowed = usererr.New("core.not_allowed",
	"这张许可证现在不能办理这项申请。", "This license does not allow this application now.")

// License is one of the applicant's licenses as last fetched (the cached
// list), else as the portal has it now.
func (c *Core) License(ctx context.Context, number string) (api.License, error) {
	var raw string
	err := c.opts.DB.QueryRowContext(ctx, `SELECT data FROM licensecache_licenses WHERE number = ?`, number).Scan(&raw)
	if err == nil {
		var l api.License
		if err := json.Unmarshal([]byte(raw), &l); err != nil {
			return api.License{}, fmt.Errorf("core: cached license: %w", err)
		}
		return l, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return api.License{}, err
	}
	l, err := c.network().client.GetLicense(ctx, number)
	if err != nil {
		return api.License{}, ErrLicenseUnknown.Wrap(err)
	}
	return l, nil
}

// Plan is what the catalog in use makes of a draft: a first application
// by application.DraftPlan, one after issue by application.LifecyclePlan
// with the license it concerns (from the cached list).
func (c *Core) Plan(d *drafts.Draft) (*application.Plan, error) {
	if !application.IsLifecycle(d.Kind) {
		return application.DraftPlan(c.Catalog(), d)
	}
	lic, err := c.License(context.Background(), d.ForLicense)
	if err != nil {
		return nil, application.ErrNeedsLicense.Wrap(err)
	}
	return application.LifecyclePlan(c.Catalog(), d, lic, d.CreatedAt)
}

// NewDraftFromLicense starts a draft of kind (an application kind after
// issue, e.g. api.KindAddItems) for license number: items are the items
// it covers (nil: what application.Actions suggests, or every item for a
// change or cancellation); the form is pre-filled from the license and
// the applications behind it (their form values and answers), so only
// what is new is asked. A draft of the same kind for the license that is
// still being edited is returned instead of a second one.
func (c *Core) NewDraftFromLicense(ctx context.Context, number, kind string, items []string) (*drafts.Draft, error) {
	lic, err := c.License(ctx, number)
	if err != nil {
		return nil, err
	}
	cat := c.Catalog()
	var act *application.Action
	for _, a := range application.Actions(cat, lic, c.now()) {
		if a.Kind == kind {
			act = &a
			break
		}
	}
	if act == nil || !act.Available {
		if act != nil {
			return nil, usererr.New(ErrNotAllowed.Code, act.WhyZH, act.WhyEN)
		}
		return nil, ErrNotAllowed
	}
	switch {
	case kind == api.KindChange || kind == api.KindCancellation:
		items = act.Items
	case len(items) == 0 && len(act.Suggested) > 0:
		items = act.Suggested
	case len(items) == 0:
		items = act.Items
	}
	for _, it := range items {
		if !slices.Contains(act.Items, it) {
			return nil, usererr.Newf(ErrNotAllowed.Code, "事项 %s 不能这样办理。", "Item %s cannot be applied for this way.", it)
		}
	}
	if d := c.openDraftFor(ctx, number, kind); d != nil {
		return d, nil
	}
	form, answers := c.earlierApplications(ctx, lic)
	title := lic.HolderName
	if p := cat.Procedure(kind); p != nil {
		title = p.Name.ZH + " · " + lic.HolderName
	}
	d, err := c.drafts.Create(ctx, drafts.New{Title: title, Kind: kind, ForLicense: number, Industry: lic.Industry,
		CatalogVersion: cat.Version, Answers: answers, Items: items})
	if err != nil {
		return nil, err
	}
	p, err := application.LifecyclePlan(cat, d, lic, d.CreatedAt)
	if err != nil {
		_ = c.drafts.Delete(ctx, d.ID)
		return nil, err
	}
	if err := c.drafts.SetValues(ctx, d.ID, application.LifecycleValues(p.Schema, lic, form)); err != nil {
		return nil, err
	}
	return c.drafts.Get(ctx, d.ID)
}

// openDraftFor finds a draft of kind for license number still being edited.
func (c *Core) openDraftFor(ctx context.Context, number, kind string) *drafts.Draft {
	list, err := c.drafts.List(ctx)
	if err != nil {
		return nil
	}
	for _, s := range list {
		if s.ForLicense == number && s.Kind == kind && s.Status.State == drafts.StateDraft {
			if d, err := c.drafts.Get(ctx, s.ID); err == nil {
				return d
			}
		}
	}
	return nil
}

// maxChain bounds how many licenses back a license's history is followed.
const maxChain = 8

// earlierApplications merges the form values and answers of the
// applications behind lic and the licenses it replaced, the latest last
// (so it wins): from the portal, else from the drafts they were submitted
// from on this machine.
func (c *Core) earlierApplications(ctx context.Context, lic api.License) (map[string]any, map[string]string) {
	var chain []string
	for l, n := lic, 0; n < maxChain; n++ {
		if l.ApplicationID != "" {
			chain = append(chain, l.ApplicationID)
		}
		if l.Replaces == "" {
			break
		}
		prev, err := c.License(ctx, l.Replaces)
		if err != nil {
			break
		}
		l = prev
	}
	form, answers := map[string]any{}, map[string]string{}
	for i := len(chain) - 1; i >= 0; i-- {
		if app, err := c.network().client.GetApplication(ctx, chain[i]); err == nil {
			for k, v := range app.Form {
				form[k] = v
			}
			for k, v := range app.Answers {
				answers[k] = fmt.Sprint(v)
			}
			continue
		}
		if d := c.draftForApplication(ctx, api.Application{ApplicationSummary: api.ApplicationSummary{ID: chain[i]}}); d != nil {
			for k, v := range d.Values {
				form[k] = v
			}
			for k, v := range d.Answers {
				answers[k] = v
			}
		}
	}
	return form, answers
}

// Filings lists an application's filings (备案) with their deadlines as
// the applicant recorded the events they count from and the filings made.
func (c *Core) Filings(ctx context.Context, app api.Application) ([]application.FilingState, error) {
	in, err := c.filingInput(ctx, app.ID)
	if err != nil {
		return nil, err
	}
	return application.Filings(c.Catalog(), app, in, c.now())
}

func (c *Core) filingInput(ctx context.Context, appID string) (application.FilingInput, error) {
	in := application.FilingInput{Events: map[string]time.Time{}, Done: map[string]application.FilingState{}}
	rows, err := c.opts.DB.QueryContext(ctx, `SELECT event, day FROM lifecycle_events WHERE application_id = ?`, appID)
	if err != nil {
		return in, err
	}
	for rows.Next() {
		var ev, day string
		if err := rows.Scan(&ev, &day); err != nil {
			rows.Close()
			return in, err
		}
		if d, err := catalog.ParseDate(day); err == nil {
			in.Events[ev] = d
		}
	}
	rows.Close()
	rows, err = c.opts.DB.QueryContext(ctx, `SELECT code, filed_on, reference FROM lifecycle_filings WHERE application_id = ?`, appID)
	if err != nil {
		return in, err
	}
	defer rows.Close()
	for rows.Next() {
		var f application.FilingState
		if err := rows.Scan(&f.Code, &f.FiledOn, &f.Reference); err != nil {
			return in, err
		}
		in.Done[f.Code] = f
	}
	return in, rows.Err()
}

// ErrBadDate: a date in the future where a past one is needed.
var ErrBadDate = usererr.New("core.bad_date", "日期不能晚于今天。", "The date cannot be later than today.")

// SetFilingEvent records the day an event filings count from happened
// (catalog.FilingAfterOpening: the shop opened; FilingAfterOnlineSales:
// online sales started) for an application.
func (c *Core) SetFilingEvent(ctx context.Context, appID, event string, day time.Time) error {
	if catalog.Date(day.Date()).After(catalog.Date(c.now().Date())) {
		return ErrBadDate
	}
	if event != catalog.FilingAfterOpening && event != catalog.FilingAfterOnlineSales {
		return fmt.Errorf("core: unknown filing event %q", event)
	}
	if _, err := c.opts.DB.ExecContext(ctx, `INSERT INTO lifecycle_events (application_id, event, day) VALUES (?, ?, ?)
		ON CONFLICT(application_id, event) DO UPDATE SET day = excluded.day`, appID, event, day.Format(time.DateOnly)); err != nil {
		return err
	}
	c.events.emit(FilingsChanged{ApplicationID: appID})
	return nil
}

// MarkFilingDone records that the applicant made a filing of an
// application (kept here at once) and queues the report to the portal,
// sent when it is reachable, once.
func (c *Core) MarkFilingDone(ctx context.Context, appID, code string, filedOn time.Time, reference string) error {
	if catalog.Date(filedOn.Date()).After(catalog.Date(c.now().Date())) {
		return ErrBadDate
	}
	day := filedOn.Format(time.DateOnly)
	tx, err := c.opts.DB.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `INSERT INTO lifecycle_filings (application_id, code, filed_on, reference) VALUES (?, ?, ?, ?)
		ON CONFLICT(application_id, code) DO UPDATE SET filed_on = excluded.filed_on, reference = excluded.reference`,
		appID, code, day, reference); err != nil {
		return err
	}
	req := filingRequest{ApplicationID: appID, Code: code, Report: api.FilingReport{FiledOn: day, Reference: reference}}
	if err := enqueueOut(ctx, tx, outFiling, req, nil, c.now()); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	c.events.emit(FilingsChanged{ApplicationID: appID})
	c.kickOut()
	return nil
}

// Reminders are what the applicant should be told now: renewals due, a
// void license, filings due soon or overdue, on the licenses as last
// fetched (and their applications, when the portal answers).
func (c *Core) Reminders(ctx context.Context) ([]application.Reminder, error) {
	list, err := c.Licenses(ctx)
	if err != nil {
		cached, ok, cerr := c.CachedLicenses(ctx)
		if cerr != nil || !ok {
			return nil, err
		}
		list = cached
	}
	cat, today := c.Catalog(), c.now()
	var out []application.Reminder
	seen := map[string]bool{}
	for _, lic := range list.Licenses {
		out = append(out, application.LicenseReminders(cat, lic, today)...)
		if lic.ApplicationID == "" || seen[lic.ApplicationID] || list.Offline {
			continue
		}
		seen[lic.ApplicationID] = true
		app, err := c.Application(ctx, lic.ApplicationID)
		if err != nil {
			continue
		}
		fs, err := c.Filings(ctx, app)
		if err == nil {
			out = append(out, application.FilingReminders(app, fs)...)
		}
	}
	return out, nil
}

// CheckReminders finds the reminders not told yet, records them as told
// and announces them (RemindersDue); it returns them.
func (c *Core) CheckReminders(ctx context.Context) ([]application.Reminder, error) {
	all, err := c.Reminders(ctx)
	if err != nil {
		return nil, err
	}
	var fresh []application.Reminder
	for _, r := range all {
		res, err := c.opts.DB.ExecContext(ctx, `INSERT INTO lifecycle_reminders (key, shown_at) VALUES (?, ?)
			ON CONFLICT(key) DO NOTHING`, r.Key, c.now().Unix())
		if err != nil {
			return fresh, err
		}
		if n, _ := res.RowsAffected(); n == 1 {
			fresh = append(fresh, r)
		}
	}
	if len(fresh) > 0 {
		c.events.emit(RemindersDue{Reminders: fresh})
	}
	return fresh, nil
}

package core

import (
	"context"
	"io"
	"time"

	"github.com/naiman-yiye/yiye/application"
	"github.com/naiman-yiye/yiye/catalog"
	"github.com/naiman-yiye/yiye/client"
	"github.com/naiman-yiye/yiye/drafts"
	"github.com/naiman-yiye/yiye/pdfdoc"
	"github.com/naiman-yiye/yiye/usererr"
)

// Drafts is the drafts store: screens read drafts and edit their values,
// files, promises and agent through it. Every committed change is
// announced as a DraftChanged event, whoever made it.
func (c *Core) Drafts() *drafts.Store { return c.drafts }

// NewDraft starts a draft for an industry with the items it always needs
// (the questionnaire adds the on-demand ones).
func (c *Core) NewDraft(ctx context.Context, industry, title string) (*drafts.Draft, error) {
	cat := c.Catalog()
	sel, err := cat.Match(catalog.Request{Industry: industry})
	if err != nil {
		return nil, err
	}
	return c.drafts.Create(ctx, drafts.New{Title: title, Industry: sel.Industry.Code, CatalogVersion: cat.Version,
		Items: application.ItemCodes(sel)})
}

// AcceptCatalog moves a draft to the items the catalog in use gives it
// (after a sync changed them and the applicant reviewed the change).
func (c *Core) AcceptCatalog(ctx context.Context, id string) error {
	d, err := c.drafts.Get(ctx, id)
	if err != nil {
		return err
	}
	cat := c.Catalog()
	sel, err := application.Match(cat, d)
	if err != nil {
		return err
	}
	return c.drafts.SetSelection(ctx, id, drafts.Selection{CatalogVersion: cat.Version, Answers: map[string]string(sel.Answers),
		Added: d.Added, Dropped: d.Dropped, Items: application.ItemCodes(sel)})
}

// ErrNotReady: the draft still lacks something required.
var ErrNotReady = usererr.New("core.not_ready",
	"这份申请还有必填的信息或材料没有准备好，请回到草稿补齐后再提交。",
	"This application still lacks required information or materials; complete the draft before submitting.")

// ErrAlreadySubmitted: the draft was handed to the outbox before.
var ErrAlreadySubmitted = usererr.New("core.already_submitted",
	"这份草稿已经提交过了，请在“我的申请”中查看进度。",
	"This draft was already submitted; follow it under My applications.")

// SubmitDraft checks the draft with the rules of package application,
// queues it in the outbox (this works offline: it is sent once the portal
// is reachable, exactly once) and marks the draft queued. It returns the
// outbox ID; submitting the same draft again returns the same ID.
func (c *Core) SubmitDraft(ctx context.Context, id string) (int64, error) {
	d, err := c.drafts.Get(ctx, id)
	if err != nil {
		return 0, err
	}
	n := c.network()
	if d.Status.State != drafts.StateDraft {
		if sid, ok := c.SubmissionFor(ctx, id); ok {
			return sid, nil
		}
		return 0, ErrAlreadySubmitted
	}
	p, err := c.Plan(d)
	if err != nil {
		return 0, err
	}
	if !p.Readiness(d).Ready() {
		return 0, ErrNotReady
	}
	sid, err := n.outbox.Enqueue(ctx, p.Submission(d))
	if err != nil {
		return 0, err
	}
	if err := c.drafts.SetStatus(ctx, id, drafts.Status{State: drafts.StateQueued}); err != nil {
		return sid, err
	}
	// A quick portal may have taken it before the draft was marked
	// queued, and that mark must not hide it: follow the submission now.
	if it, err := n.outbox.Get(ctx, sid); err == nil {
		c.followDraft(ctx, n, it)
	}
	return sid, nil
}

// SubmissionFor finds the outbox entry queued for a draft.
func (c *Core) SubmissionFor(ctx context.Context, draftID string) (int64, bool) {
	items, err := c.network().outbox.List(ctx)
	if err != nil {
		return 0, false
	}
	for _, it := range items {
		if it.ClientRef == draftID {
			return it.ID, true
		}
	}
	return 0, false
}

// WriteApplicationForm prints the draft as the merged application form
// (一表申请) for signature.
func (c *Core) WriteApplicationForm(ctx context.Context, w io.Writer, draftID string, now time.Time) error {
	d, err := c.drafts.Get(ctx, draftID)
	if err != nil {
		return err
	}
	p, err := c.Plan(d)
	if err != nil {
		return err
	}
	return pdfdoc.WriteApplicationForm(w, p.ApplicationForm(d, now))
}

// followDraft keeps a draft's state in step with its submission: once the
// portal took it, the draft is submitted (and leaves the workspace).
func (c *Core) followDraft(ctx context.Context, n *network, it client.Item) {
	if it.ClientRef == "" || it.State != client.StateSent || it.ApplicationID == "" {
		return
	}
	d, err := c.drafts.Get(ctx, it.ClientRef)
	if err != nil || d.Status.State == drafts.StateSubmitted {
		return
	}
	_ = c.drafts.SetStatus(ctx, it.ClientRef, drafts.Status{State: drafts.StateSubmitted, ApplicationID: it.ApplicationID})
	n.watcher.Refresh()
}

// reconcileDrafts catches up drafts whose submission went out while the
// app was not following (killed between the send and the draft update).
func (c *Core) reconcileDrafts(ctx context.Context, n *network) {
	items, err := n.outbox.List(ctx)
	if err != nil {
		return
	}
	for _, it := range items {
		c.followDraft(ctx, n, it)
	}
}

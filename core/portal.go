package core

import (
	"context"
	"crypto/ed25519"
	"time"

	"github.com/naiman-yiye/yiye/client"
	"github.com/naiman-yiye/yiye/client/api"
	"github.com/naiman-yiye/yiye/drafts"
	"github.com/naiman-yiye/yiye/forms"
	"github.com/naiman-yiye/yiye/usererr"
)

// RequestCode asks the portal to send a one-time login code to phone.
func (c *Core) RequestCode(ctx context.Context, phone string) (api.CodeSent, error) {
	return c.network().client.RequestCode(ctx, phone)
}

// SignIn logs in with phone and one-time code and puts queued
// submissions back in line.
func (c *Core) SignIn(ctx context.Context, phone, code string) error {
	n := c.network()
	if err := n.client.Login(ctx, phone, code); err != nil {
		return err
	}
	// The cached licenses and messages may be another applicant's.
	_ = c.forgetLicenses(ctx)
	_ = c.forgetConversation(ctx)
	_ = n.outbox.RetryAll(ctx)
	n.watcher.Refresh()
	n.recheck.Store(true)
	c.kickOut()
	c.events.emit(SessionChanged{SignedIn: true})
	return nil
}

// SignOut ends the portal session (best effort at the portal; the local
// tokens go in any case).
func (c *Core) SignOut(ctx context.Context) error {
	err := c.network().client.Logout(ctx)
	c.events.emit(SessionChanged{SignedIn: false})
	return err
}

// SignedIn reports whether a portal session is stored.
func (c *Core) SignedIn(ctx context.Context) bool { return c.network().client.LoggedIn(ctx) }

// LookupEnterprise asks the portal what the market registration knows of
// a credit code, for pre-filling the form.
func (c *Core) LookupEnterprise(ctx context.Context, uscc string) (forms.Enterprise, error) {
	e, err := c.network().client.LookupEnterprise(ctx, uscc)
	if err != nil {
		return forms.Enterprise{}, err
	}
	return forms.Enterprise{USCC: e.USCC, Name: e.Name, Type: e.EntityType, LegalRep: e.LegalRep,
		Address: e.Address, Scope: e.BusinessScope}, nil
}

// Applications lists the applicant's applications at the portal.
func (c *Core) Applications(ctx context.Context) ([]api.ApplicationSummary, error) {
	return c.network().client.ListApplications(ctx)
}

// Application fetches one application with its items and timeline.
func (c *Core) Application(ctx context.Context, id string) (api.Application, error) {
	return c.network().client.GetApplication(ctx, id)
}

// RefreshStatus asks the watcher to poll the portal now.
func (c *Core) RefreshStatus() { c.network().watcher.Refresh() }

// Submissions lists the outbox: submissions waiting, going out, or sent.
func (c *Core) Submissions(ctx context.Context) ([]client.Item, error) {
	return c.network().outbox.List(ctx)
}

// Submission is one outbox entry.
func (c *Core) Submission(ctx context.Context, id int64) (client.Item, error) {
	return c.network().outbox.Get(ctx, id)
}

// PauseSubmission stops sending a submission until ResumeSubmission.
func (c *Core) PauseSubmission(ctx context.Context, id int64) error {
	return c.network().outbox.Pause(ctx, id)
}

// ResumeSubmission sends a paused submission again.
func (c *Core) ResumeSubmission(ctx context.Context, id int64) error {
	return c.network().outbox.Resume(ctx, id)
}

// RetrySubmission tries a failed or waiting submission again at once.
func (c *Core) RetrySubmission(ctx context.Context, id int64) error {
	return c.network().outbox.Retry(ctx, id)
}

// DeleteSubmission removes a submission that was not sent; its draft goes
// back to being a draft.
func (c *Core) DeleteSubmission(ctx context.Context, id int64) error {
	n := c.network()
	it, err := n.outbox.Get(ctx, id)
	if err != nil {
		return err
	}
	if err := n.outbox.Delete(ctx, id); err != nil {
		return err
	}
	if it.ClientRef != "" && it.State != client.StateSent {
		if d, err := c.drafts.Get(ctx, it.ClientRef); err == nil && d.Status.State == drafts.StateQueued {
			_ = c.drafts.SetStatus(ctx, d.ID, drafts.Status{State: drafts.StateDraft})
		}
	}
	return nil
}

// ErrNoTrustedKey: no pinned bundle key, so no sync and no offline
// license check.
var ErrNoTrustedKey = usererr.New("core.no_key",
	"尚未取得门户的签名公钥（需要先连接一次门户同步目录），暂不能离线核验。",
	"The portal's signing key is not known yet (connect once to sync the catalog), so offline verification is unavailable.")

// SyncCatalog fetches the portal's signed catalog bundle once; a newer
// catalog replaces the one in use (CatalogReplaced).
func (c *Core) SyncCatalog(ctx context.Context) (client.SyncResult, error) {
	return c.syncWith(ctx, c.network())
}

func (c *Core) syncWith(ctx context.Context, n *network) (client.SyncResult, error) {
	if n.syncer == nil {
		return client.SyncResult{}, ErrNoTrustedKey
	}
	sc, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	before := c.catalog.Digest()
	res, err := n.syncer.Sync(sc)
	if err == nil && c.catalog.Digest() != before {
		c.events.emit(CatalogReplaced{Version: c.catalog.Version()})
	}
	return res, err
}

// LicenseKey is the license-verification key from the last accepted
// catalog bundle.
func (c *Core) LicenseKey(ctx context.Context) (ed25519.PublicKey, error) {
	n := c.network()
	if n.syncer == nil {
		return nil, ErrNoTrustedKey
	}
	k, err := n.syncer.LicenseKey(ctx)
	if err == nil && len(k) == 0 {
		return nil, ErrNoTrustedKey
	}
	return k, err
}

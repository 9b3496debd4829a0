package core

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/naiman-yiye/yiye/client"
	"github.com/naiman-yiye/yiye/client/api"
	"github.com/naiman-yiye/yiye/store"
)

// licensecache keeps the last license list fetched from the portal (with
// every license's details and QR payload), so 我的许可证 works offline.
var licenseCacheSteps = []string{`
CREATE TABLE licensecache_licenses (
	number TEXT PRIMARY KEY,
	position INTEGER NOT NULL,
	data TEXT NOT NULL
);
CREATE TABLE licensecache_fetched (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	fetched_at INTEGER NOT NULL
);
`}

func openLicenseCache(ctx context.Context, db *sql.DB) error {
	return store.Migrate(ctx, db, "licensecache", licenseCacheSteps)
}

// LicenseList is the applicant's licenses as last known.
type LicenseList struct {
	Licenses  []api.License
	FetchedAt time.Time // when the portal sent this list
	// Offline: the portal could not be reached and this is the cached
	// copy (shown marked “离线副本，联网后更新”).
	Offline bool
}

// Licenses fetches the applicant's licenses from the portal and caches
// them. When the portal cannot be reached it returns the cached copy
// (Offline set) if there is one, else the connection error. Other errors
// (signed out, refused) are returned as they are.
func (c *Core) Licenses(ctx context.Context) (LicenseList, error) {
	lics, err := c.network().client.ListLicenses(ctx)
	if err == nil {
		now := time.Now()
		// A failed cache write still shows the fresh list; the next
		// fetch writes again.
		_ = c.cacheLicenses(ctx, lics, now)
		return LicenseList{Licenses: lics, FetchedAt: now}, nil
	}
	if client.CodeOf(err) != client.CodeOffline && !client.Transient(err) {
		return LicenseList{}, err
	}
	cached, ok, cerr := c.CachedLicenses(ctx)
	if cerr != nil || !ok {
		return LicenseList{}, err
	}
	return cached, nil
}

// CachedLicenses returns the cached list (Offline set); ok is false when
// nothing was cached yet.
func (c *Core) CachedLicenses(ctx context.Context) (list LicenseList, ok bool, err error) {
	var at int64
	err = c.opts.DB.QueryRowContext(ctx, `SELECT fetched_at FROM licensecache_fetched WHERE id = 1`).Scan(&at)
	if err == sql.ErrNoRows {
		return LicenseList{}, false, nil
	}
	if err != nil {
		return LicenseList{}, false, err
	}
	rows, err := c.opts.DB.QueryContext(ctx, `SELECT data FROM licensecache_licenses ORDER BY position`)
	if err != nil {
		return LicenseList{}, false, err
	}
	defer rows.Close()
	list = LicenseList{FetchedAt: time.Unix(0, at), Offline: true, Licenses: []api.License{}}
	for rows.Next() {
		var raw string
		if err := rows.Scan(&raw); err != nil {
			return LicenseList{}, false, err
		}
		var l api.License
		if err := json.Unmarshal([]byte(raw), &l); err != nil {
			return LicenseList{}, false, fmt.Errorf("core: cached license: %w", err)
		}
		list.Licenses = append(list.Licenses, l)
	}
	return list, true, rows.Err()
}

// cacheLicenses replaces the cached list with lics, fetched at at.
func (c *Core) cacheLicenses(ctx context.Context, lics []api.License, at time.Time) error {
	tx, err := c.opts.DB.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DELETE FROM licensecache_licenses`); err != nil {
		return err
	}
	for i, l := range lics {
		b, err := json.Marshal(l)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO licensecache_licenses (number, position, data) VALUES (?, ?, ?)
			ON CONFLICT(number) DO UPDATE SET position = excluded.position, data = excluded.data`, l.Number, i, string(b)); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO licensecache_fetched (id, fetched_at) VALUES (1, ?)
		ON CONFLICT(id) DO UPDATE SET fetched_at = excluded.fetched_at`, at.UnixNano()); err != nil {
		return err
	}
	return tx.Commit()
}

// forgetLicenses drops the cache (another applicant signed in).
func (c *Core) forgetLicenses(ctx context.Context) error {
	_, err := c.opts.DB.ExecContext(ctx, `DELETE FROM licensecache_licenses; DELETE FROM licensecache_fetched;`)
	return err
}

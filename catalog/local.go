package catalog

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"sync"
	"time"

	"github.com/naiman-yiye/yiye/store"
	"github.com/naiman-yiye/yiye/usererr"
)

// migrations of the catalog_ tables; append only.
var migrations = []string{
	`CREATE TABLE catalog_document (
		id           INTEGER PRIMARY KEY CHECK (id = 1),
		version      INTEGER NOT NULL,
		sha256       TEXT    NOT NULL,
		body         BLOB    NOT NULL,
		installed_at TEXT    NOT NULL
	)`,
}

// Local is the local copy of the catalog kept in SQLite. It is safe for
// concurrent use; Current always returns a fully valid catalog.
type Local struct {
	db  *sql.DB
	mu  sync.RWMutex
	cat *Catalog
	sum string
}

// OpenLocal migrates the catalog tables and loads the local copy. On first
// run, or when the embedded catalog is newer than the stored one (or of the
// same version with other content), the embedded catalog is installed. A stored copy that no longer parses (a
// damaged file) is replaced by the embedded one.
func OpenLocal(ctx context.Context, db *sql.DB) (*Local, error) {
	if err := store.Migrate(ctx, db, "catalog", migrations); err != nil {
		return nil, storageErr(err)
	}
	l := &Local{db: db}
	emb, err := Embedded()
	if err != nil {
		return nil, err
	}
	var body []byte
	err = db.QueryRowContext(ctx, `SELECT body FROM catalog_document WHERE id = 1`).Scan(&body)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return nil, storageErr(err)
	default:
		// At equal versions the binary's own data wins (the same version must
		// mean the same content; this also repairs a copy left by a dev build).
		sum := digest(body)
		if cat, perr := Parse(body); perr == nil &&
			(cat.Version > emb.Version || cat.Version == emb.Version && sum == digest(EmbeddedDocument())) {
			l.cat, l.sum = cat, sum
			return l, nil
		}
	}
	if err := l.install(ctx, EmbeddedDocument(), emb); err != nil {
		return nil, err
	}
	return l, nil
}

// Current returns the catalog in use.
func (l *Local) Current() *Catalog {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.cat
}

// Version returns the version of the catalog in use.
func (l *Local) Version() int { return l.Current().Version }

// Digest returns the SHA-256 (hex) of the stored document bytes.
func (l *Local) Digest() string {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.sum
}

// Replace installs a downloaded catalog document if it is valid and newer
// than the one in use; the swap is one transaction, so a failure leaves the
// previous copy in place. The same version with the same bytes is a no-op;
// an older version, or the same version with different content, is refused
// (CodeStale). Invalid data is refused with CodeInvalid / CodeTooLarge.
func (l *Local) Replace(ctx context.Context, data []byte) error {
	cat, err := Parse(data)
	if err != nil {
		return err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	cur := l.cat
	if cat.Version < cur.Version || (cat.Version == cur.Version && digest(data) != l.sum) {
		return usererr.Newf(CodeStale,
			"收到的目录版本 %d 不比当前版本 %d 新，未替换。",
			"The received catalog version %d is not newer than the current version %d; nothing was replaced.",
			cat.Version, cur.Version)
	}
	if cat.Version == cur.Version {
		return nil
	}
	return l.install(ctx, data, cat)
}

// install stores data as the local copy in one transaction and switches to
// cat. The caller holds l.mu (or has the only reference to l).
func (l *Local) install(ctx context.Context, data []byte, cat *Catalog) error {
	sum := digest(data)
	tx, err := l.db.BeginTx(ctx, nil)
	if err != nil {
		return storageErr(err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `INSERT INTO catalog_document (id, version, sha256, body, installed_at)
		VALUES (1, ?, ?, ?, ?)
		ON CONFLICT(id) DO UPDATE SET version = excluded.version, sha256 = excluded.sha256,
			body = excluded.body, installed_at = excluded.installed_at`,
		cat.Version, sum, data, time.Now().UTC().Format(time.RFC3339)); err != nil {
		return storageErr(err)
	}
	if err := tx.Commit(); err != nil {
		return storageErr(err)
	}
	l.cat, l.sum = cat, sum
	return nil
}

func digest(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func storageErr(err error) error {
	return usererr.New(CodeStorage, "无法读写本地目录副本，请检查磁盘空间和文件权限。",
		"Could not read or write the local catalog copy; check disk space and file permissions.").Wrap(err)
}

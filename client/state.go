package client

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"github.com/naiman-yiye/yiye/store"
)

// client_ tables: small key/value state (session, catalog ETag and license
// key) and the last statuses seen by the Watcher. Append-only migrations.
var clientMigrations = []string{
	`CREATE TABLE client_state (key TEXT PRIMARY KEY, value BLOB NOT NULL);
	CREATE TABLE client_status (
		application_id TEXT PRIMARY KEY,
		status TEXT NOT NULL,
		items TEXT NOT NULL,
		updated_at TEXT NOT NULL
	);`,
}

func migrateClient(ctx context.Context, db *sql.DB) error {
	return store.Migrate(ctx, db, "client", clientMigrations)
}

func getState(ctx context.Context, db *sql.DB, key string) ([]byte, bool, error) {
	var v []byte
	err := db.QueryRowContext(ctx, `SELECT value FROM client_state WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	return v, err == nil, err
}

func setState(ctx context.Context, db *sql.DB, key string, value []byte) error {
	_, err := db.ExecContext(ctx, `INSERT INTO client_state(key, value) VALUES (?, ?)
		ON CONFLICT(key) DO UPDATE SET value = excluded.value`, key, value)
	return err
}

// DBTokenStore keeps the session in the local database, so the applicant
// stays logged in across restarts (a kiosk wipes it with the database).
type DBTokenStore struct{ db *sql.DB }

// OpenDBTokenStore migrates the client tables and returns the store.
func OpenDBTokenStore(ctx context.Context, db *sql.DB) (*DBTokenStore, error) {
	if err := migrateClient(ctx, db); err != nil {
		return nil, err
	}
	return &DBTokenStore{db: db}, nil
}

func (s *DBTokenStore) LoadTokens(ctx context.Context) (Tokens, error) {
	var t Tokens
	v, ok, err := getState(ctx, s.db, "session.tokens")
	if err != nil || !ok {
		return t, err
	}
	return t, json.Unmarshal(v, &t)
}

func (s *DBTokenStore) SaveTokens(ctx context.Context, t Tokens) error {
	v, err := json.Marshal(t)
	if err != nil {
		return err
	}
	return setState(ctx, s.db, "session.tokens", v)
}

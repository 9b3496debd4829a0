package shell

import "database/sql"

// Deps are the services the app wires in before the window opens; every
// screen reads them through Context.Deps. It is a plain struct (no
// interfaces, no any) so each field's type documents what it is.
//
// Adding a field: ask the owner of app/shell (or add it in a follow-up
// commit to this file) and set it in cmd/yiye. Until a field exists, build
// what you need from DB and DataDir inside your screen package.
type Deps struct {
	// DB is the one SQLite database (paths.DatabaseFile(DataDir), opened
	// with store.Open). Nil in tests that do not need it.
	DB *sql.DB
	// DataDir is the folder for the database and attachments (paths.DataDir,
	// or --data-dir).
	DataDir string
	// PortalURL is the 一网通办 portal base URL: from settings, or the
	// in-process reference portal's URL in demo mode. Kept current when
	// settings change.
	PortalURL string
	// Demo is true when running against the built-in demo portal with
	// sample data (--demo); the status bar shows a 演示数据 DEMO badge.
	Demo bool
	// Kiosk is true on self-service terminals (--kiosk): large touch
	// targets, full screen, no OS notifications.
	Kiosk bool
	// Version and Build identify this binary (shown in About).
	Version string
	Build   string
}

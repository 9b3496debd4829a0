package portal

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/netip"
	"time"
)

// One-time codes have six digits, so guessing must stay expensive across
// codes, not only within one: wrong guesses count per phone number however
// many codes it asks for, lock-outs grow, each number has a daily cap, and
// each client address a limited number of codes and wrong guesses per hour.
// Everything is counted in SQLite inside the login's transaction (which
// takes the write lock at BEGIN), so parallel guesses are counted one by
// one, and on Options.Now, so tests move a clock instead of sleeping.

// LoginLimits bound sign-in attempts; zero fields take the defaults.
type LoginLimits struct {
	// FailuresPerLock wrong codes for one phone number lock it (5).
	FailuresPerLock int
	// LockBase is the first lock-out (5 min); each further one in a row
	// lasts twice the one before, at most a day. A sign-in ends the row.
	LockBase time.Duration
	// DailyFailures wrong codes for one number lock it until midnight,
	// China time (20).
	DailyFailures int
	// DailyCodes codes one number may ask for per day (10).
	DailyCodes int
	// AddrCodesPerHour codes one client address may ask for per hour (30).
	AddrCodesPerHour int
	// AddrFailuresPerHour wrong codes one client address may send per hour
	// (30); after that its guesses are not even checked.
	AddrFailuresPerHour int
}

func (l *LoginLimits) defaults() {
	for _, f := range []struct {
		v   *int
		def int
	}{{&l.FailuresPerLock, 5}, {&l.DailyFailures, 20}, {&l.DailyCodes, 10}, {&l.AddrCodesPerHour, 30}, {&l.AddrFailuresPerHour, 30}} {
		if *f.v <= 0 {
			*f.v = f.def
		}
	}
	if l.LockBase <= 0 {
		l.LockBase = 5 * time.Minute
	}
}

const maxLock = 24 * time.Hour

// Security event kinds (portal_security_log), shown to staff.
const (
	secLocked        = "login.locked"        // a phone number (or staff user) locked after wrong guesses
	secDailyFailures = "login.daily_limit"   // a phone number reached its daily cap of wrong guesses
	secDailyCodes    = "codes.daily_limit"   // a phone number reached its daily cap of codes
	secAddrCodes     = "addr.codes_limit"    // a client address asked for too many codes
	secAddrFailures  = "addr.failures_limit" // a client address sent too many wrong codes
)

// SecurityEvent is one entry of the security log staff see.
type SecurityEvent struct {
	At      time.Time
	Kind    string
	Subject string // phone number or staff user
	Addr    string // client address (IPv6: its /64)
	Detail  string
}

func (s *Server) logSecurity(ctx context.Context, tx *sql.Tx, kind, subject, addr, detail string) error {
	s.log.Warn("security", "kind", kind, "subject", subject, "addr", addr, "detail", detail)
	_, err := tx.ExecContext(ctx, `INSERT INTO portal_security_log(at, kind, subject, addr, detail) VALUES (?, ?, ?, ?, ?)`,
		s.now().Unix(), kind, subject, addr, detail)
	return err
}

// securityEvents lists the latest events, newest first.
func (s *Server) securityEvents(ctx context.Context, n int) ([]SecurityEvent, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT at, kind, subject, addr, detail FROM portal_security_log ORDER BY id DESC LIMIT ?`, n)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []SecurityEvent
	for rows.Next() {
		var ev SecurityEvent
		var at int64
		if err := rows.Scan(&at, &ev.Kind, &ev.Subject, &ev.Addr, &ev.Detail); err != nil {
			return nil, err
		}
		ev.At = time.Unix(at, 0).UTC()
		out = append(out, ev)
	}
	return out, rows.Err()
}

// addrKey is the unit an address is limited by: an IPv4 address, or the
// /64 an IPv6 host can pick addresses from.
func addrKey(a netip.Addr) string {
	a = a.Unmap()
	if a.Is6() {
		p, _ := a.Prefix(64)
		return p.String()
	}
	return a.String()
}

// rate is a fixed-window counter: used reports how many of limit were
// spent in the window and when it ends.
type rate struct {
	key     string
	start   int64
	n       int
	limit   int
	window  int64
	existed bool
}

func (s *Server) loadRate(ctx context.Context, tx *sql.Tx, key string, limit int, window time.Duration) (*rate, error) {
	r := &rate{key: key, limit: limit, window: int64(window / time.Second)}
	err := tx.QueryRowContext(ctx, `SELECT window_start, n FROM portal_rate WHERE key = ?`, key).Scan(&r.start, &r.n)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return nil, err
	default:
		r.existed = true
	}
	if now := s.now().Unix(); now >= r.start+r.window {
		r.start, r.n = now, 0
	}
	return r, nil
}

// full reports whether the window's allowance is spent, and for how long.
func (r *rate) full(now int64) (bool, int64) { return r.n >= r.limit, r.start + r.window - now }

func (r *rate) save(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO portal_rate(key, window_start, n) VALUES (?, ?, ?)
		ON CONFLICT(key) DO UPDATE SET window_start = excluded.window_start, n = excluded.n`, r.key, r.start, r.n)
	return err
}

// refuse answers a spent allowance: the first refusal in a window is
// logged for staff (the count goes one past the limit to remember that).
func (s *Server) refuse(ctx context.Context, tx *sql.Tx, r *rate, kind, subject, addr string) error {
	_, wait := r.full(s.now().Unix())
	if r.n == r.limit {
		r.n++
		if err := r.save(ctx, tx); err != nil {
			return err
		}
		if err := s.logSecurity(ctx, tx, kind, subject, addr, fmt.Sprintf("limit %d per %s", r.limit, time.Duration(r.window)*time.Second)); err != nil {
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return errTooMany(wait)
}

func errTooMany(wait int64) error {
	e := errf(429, "auth.too_many_requests", "来自您网络的请求过于频繁，请稍后再试。", "Too many requests from your network; try again later.")
	e.retryAfter = wait
	return e
}

// guard is the per-subject (phone number or staff user) record of wrong
// guesses and lock-outs.
type guard struct {
	subject               string
	failures, lockouts    int
	lockedUntil           int64
	day                   string
	dayFailures, dayCodes int
}

// today is the China-time date that daily caps count in.
func (s *Server) today() string { return s.now().In(cst).Format(time.DateOnly) }

// nextMidnight is the next midnight, China time, as a Unix time.
func (s *Server) nextMidnight() int64 {
	t := s.now().In(cst)
	return time.Date(t.Year(), t.Month(), t.Day()+1, 0, 0, 0, 0, cst).Unix()
}

func (s *Server) loadGuard(ctx context.Context, tx *sql.Tx, subject string) (*guard, error) {
	g := &guard{subject: subject}
	err := tx.QueryRowContext(ctx, `SELECT failures, lockouts, locked_until, day, day_failures, day_codes FROM portal_guard
		WHERE subject = ?`, subject).Scan(&g.failures, &g.lockouts, &g.lockedUntil, &g.day, &g.dayFailures, &g.dayCodes)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	if d := s.today(); g.day != d {
		g.day, g.dayFailures, g.dayCodes = d, 0, 0
	}
	return g, nil
}

func (g *guard) save(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO portal_guard(subject, failures, lockouts, locked_until, day, day_failures, day_codes)
		VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(subject) DO UPDATE SET failures = excluded.failures, lockouts = excluded.lockouts,
		locked_until = excluded.locked_until, day = excluded.day, day_failures = excluded.day_failures, day_codes = excluded.day_codes`,
		g.subject, g.failures, g.lockouts, g.lockedUntil, g.day, g.dayFailures, g.dayCodes)
	return err
}

// locked returns the lock-out error while the subject is locked.
func (s *Server) locked(g *guard) error {
	if wait := g.lockedUntil - s.now().Unix(); wait > 0 {
		e := errf(429, "auth.locked", "错误次数过多，已暂时锁定，请稍后再试。", "Too many wrong attempts: locked for now; try again later.")
		e.retryAfter = wait
		return e
	}
	return nil
}

// fail counts a wrong guess; it returns the security event to log if the
// guess locked the subject ("" if not).
func (s *Server) fail(g *guard) string {
	lim := s.opts.Limits
	g.failures++
	g.dayFailures++
	now := s.now()
	switch {
	case g.dayFailures >= lim.DailyFailures:
		g.failures, g.lockouts = 0, g.lockouts+1
		g.lockedUntil = s.nextMidnight()
		return secDailyFailures
	case g.failures >= lim.FailuresPerLock:
		g.failures, g.lockouts = 0, g.lockouts+1
		d := lim.LockBase << min(g.lockouts-1, 20)
		g.lockedUntil = now.Add(min(d, maxLock)).Unix()
		return secLocked
	}
	return ""
}

// succeed ends a series of wrong guesses (daily counts stay).
func (g *guard) succeed() { g.failures, g.lockouts, g.lockedUntil = 0, 0, 0 }

package kiosk

import (
	"sync"
	"time"
)

// ManagerHandlers receive a Manager's events (any may be nil); like
// IdleHandlers they run on the clock's goroutine.
type ManagerHandlers struct {
	Warn   func(remaining time.Duration) // countdown tick, see IdleHandlers.Warn
	Resume func()                        // the applicant touched the screen during the countdown
	// Ended is called after a session has been wiped, because it sat idle
	// (expired) or because End or Begin ended it; err is Wipe's result and,
	// when not nil, must be shown to staff (ErrWipe).
	Ended func(s *Session, expired bool, err error)
	// Post, if set, runs the end of an expired session (closing what the
	// session tracks, wiping it, Ended) through it instead of on the
	// clock's goroutine; a UI passes the way onto its goroutine (the
	// runner's Post) so screens and stores the session's closers touch are
	// not raced.
	Post func(func())
}

// Manager runs one applicant session at a time on a kiosk: Begin starts a
// fresh session and its idle timer, the timer's expiry or End wipes it.
type Manager struct {
	root  string
	clock Clock
	cfg   IdleConfig
	h     ManagerHandlers

	mu   sync.Mutex
	cur  *Session
	idle *IdleTimer
}

// NewManager wipes sessions a crash left under root and returns a Manager
// with no session running.
func NewManager(root string, clock Clock, cfg IdleConfig, h ManagerHandlers) (*Manager, error) {
	if clock == nil {
		clock = SystemClock{}
	}
	if err := WipeStale(root); err != nil {
		return nil, err
	}
	return &Manager{root: root, clock: clock, cfg: cfg, h: h}, nil
}

// Begin ends (wipes) the current session, if any, and starts a new one.
func (m *Manager) Begin() (*Session, error) {
	if err := m.End(); err != nil {
		return nil, err
	}
	s, err := NewSession(m.root)
	if err != nil {
		return nil, err
	}
	s.StartedAt = m.clock.Now()
	m.mu.Lock()
	defer m.mu.Unlock()
	m.cur = s
	m.idle = NewIdleTimer(m.clock, m.cfg, IdleHandlers{
		Warn:   m.h.Warn,
		Resume: m.h.Resume,
		Expire: func() {
			if m.h.Post != nil {
				m.h.Post(func() { m.finish(s, true) })
				return
			}
			m.finish(s, true)
		},
	})
	return s, nil
}

// Current returns the running session, or nil.
func (m *Manager) Current() *Session {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.cur
}

// Touch records applicant activity (call it on every tap and key press).
func (m *Manager) Touch() {
	m.mu.Lock()
	idle := m.idle
	m.mu.Unlock()
	if idle != nil {
		idle.Touch()
	}
}

// Remaining returns the time until the running session expires (0: none).
func (m *Manager) Remaining() time.Duration {
	m.mu.Lock()
	idle := m.idle
	m.mu.Unlock()
	if idle == nil {
		return 0
	}
	return idle.Remaining()
}

// End wipes the running session now: the applicant submitted, took the
// draft away, or staff ended it. Without a session it does nothing.
func (m *Manager) End() error {
	m.mu.Lock()
	s := m.cur
	m.mu.Unlock()
	if s == nil {
		return nil
	}
	return m.finish(s, false)
}

// finish wipes s if it is still the current session.
func (m *Manager) finish(s *Session, expired bool) error {
	m.mu.Lock()
	if m.cur != s {
		m.mu.Unlock()
		return nil
	}
	m.cur = nil
	if m.idle != nil {
		m.idle.Stop()
		m.idle = nil
	}
	m.mu.Unlock()
	err := s.Wipe()
	if m.h.Ended != nil {
		m.h.Ended(s, expired, err)
	}
	return err
}

package kiosk

import (
	"math"
	"sync"
	"time"
)

// IdleConfig sets when an idle session is warned and ended.
type IdleConfig struct {
	Timeout   time.Duration // idle time after which the session ends
	Countdown time.Duration // how long before the end the warning shows
}

// DefaultIdle ends a session after 5 idle minutes, warning for the last 60 s.
var DefaultIdle = IdleConfig{Timeout: 5 * time.Minute, Countdown: 60 * time.Second}

// IdleHandlers receive the idle timer's events. Any may be nil. They run
// on the clock's goroutine, never while the timer's lock is held, so they
// may call the timer back. With the system clock a tick can race a Touch
// from the UI goroutine and arrive just after Resume; a UI that cares
// checks State() when it handles Warn.
type IdleHandlers struct {
	// Warn is called when the countdown starts and then once a second,
	// with the time left rounded up to whole seconds.
	Warn func(remaining time.Duration)
	// Resume is called when a Touch during the countdown cancels it.
	Resume func()
	// Expire is called once, when the session has been idle for Timeout.
	Expire func()
}

// IdleState is where an IdleTimer is.
type IdleState int

// The idle timer's states.
const (
	Active IdleState = iota
	Warning
	Expired
	Stopped
)

func (s IdleState) String() string {
	switch s {
	case Active:
		return "active"
	case Warning:
		return "warning"
	case Expired:
		return "expired"
	case Stopped:
		return "stopped"
	}
	return "unknown"
}

// IdleTimer ends an applicant's session after a period without input.
// Touch is cheap (it records the time; no timer is re-armed), so the UI
// can call it on every tap and key press.
type IdleTimer struct {
	clock Clock
	cfg   IdleConfig
	h     IdleHandlers

	mu    sync.Mutex
	last  time.Time // last activity
	state IdleState
	timer Timer
	gen   int // invalidates timers armed before Stop/Restart
}

// NewIdleTimer starts an idle timer counting from now.
func NewIdleTimer(clock Clock, cfg IdleConfig, h IdleHandlers) *IdleTimer {
	if clock == nil {
		clock = SystemClock{}
	}
	if cfg.Countdown > cfg.Timeout {
		cfg.Countdown = cfg.Timeout
	}
	if cfg.Countdown < 0 {
		cfg.Countdown = 0
	}
	t := &IdleTimer{clock: clock, cfg: cfg, h: h}
	t.Restart()
	return t
}

// Restart begins a fresh period (a new applicant), whatever the state.
func (t *IdleTimer) Restart() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.gen++
	if t.timer != nil {
		t.timer.Stop()
	}
	t.last = t.clock.Now()
	t.state = Active
	t.armLocked(t.cfg.Timeout - t.cfg.Countdown)
}

// Touch records user activity. During the countdown it cancels the warning
// (calling Resume); after expiry or Stop it does nothing.
func (t *IdleTimer) Touch() {
	t.mu.Lock()
	t.last = t.clock.Now()
	if t.state != Warning {
		t.mu.Unlock()
		return
	}
	t.state = Active
	t.gen++
	t.timer.Stop()
	t.armLocked(t.cfg.Timeout - t.cfg.Countdown)
	resume := t.h.Resume
	t.mu.Unlock()
	if resume != nil {
		resume()
	}
}

// Stop stops the timer without expiring (e.g. the applicant submitted).
func (t *IdleTimer) Stop() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.gen++
	if t.timer != nil {
		t.timer.Stop()
	}
	if t.state != Expired {
		t.state = Stopped
	}
}

// State returns the current state.
func (t *IdleTimer) State() IdleState {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.state
}

// Remaining returns how long until expiry if nothing happens.
func (t *IdleTimer) Remaining() time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.state == Expired || t.state == Stopped {
		return 0
	}
	return max(0, t.last.Add(t.cfg.Timeout).Sub(t.clock.Now()))
}

func (t *IdleTimer) armLocked(d time.Duration) {
	gen := t.gen
	t.timer = t.clock.AfterFunc(max(d, 0), func() { t.fire(gen) })
}

// fire runs at each scheduled moment and decides what is due.
func (t *IdleTimer) fire(gen int) {
	t.mu.Lock()
	if gen != t.gen || t.state == Expired || t.state == Stopped {
		t.mu.Unlock()
		return
	}
	now := t.clock.Now()
	deadline := t.last.Add(t.cfg.Timeout)
	warnAt := deadline.Add(-t.cfg.Countdown)
	var call func()
	switch {
	case !now.Before(deadline):
		t.state = Expired
		t.gen++
		call = t.h.Expire
	case now.Before(warnAt):
		// Touched since this was armed: sleep until the new warning time.
		t.armLocked(warnAt.Sub(now))
	default:
		t.state = Warning
		left := deadline.Sub(now)
		secs := time.Duration(math.Ceil(left.Seconds())) * time.Second
		// Next tick when the rounded-up count drops by one, or at the deadline.
		next := left - (secs - time.Second)
		if next <= 0 || next > left {
			next = left
		}
		t.armLocked(next)
		if w := t.h.Warn; w != nil {
			call = func() { w(secs) }
		}
	}
	t.mu.Unlock()
	if call != nil {
		call()
	}
}

package kiosk

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

type idleLog struct{ events []string }

func (l *idleLog) handlers() IdleHandlers {
	return IdleHandlers{
		Warn:   func(r time.Duration) { l.events = append(l.events, fmt.Sprintf("warn %v", r)) },
		Resume: func() { l.events = append(l.events, "resume") },
		Expire: func() { l.events = append(l.events, "expire") },
	}
}

func (l *idleLog) take() string {
	s := strings.Join(l.events, ",")
	l.events = nil
	return s
}

var t0 = time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)

func TestIdleTimerCountdownAndExpire(t *testing.T) {
	clock := NewManualClock(t0)
	var log idleLog
	it := NewIdleTimer(clock, IdleConfig{Timeout: 2 * time.Minute, Countdown: 5 * time.Second}, log.handlers())

	clock.Advance(115*time.Second - time.Millisecond)
	if got := log.take(); got != "" || it.State() != Active {
		t.Fatalf("before the countdown: %q %v", got, it.State())
	}
	clock.Advance(time.Millisecond)
	if got := log.take(); got != "warn 5s" || it.State() != Warning {
		t.Fatalf("at the countdown: %q", got)
	}
	if r := it.Remaining(); r != 5*time.Second {
		t.Fatalf("Remaining = %v", r)
	}
	clock.Advance(4 * time.Second)
	if got := log.take(); got != "warn 4s,warn 3s,warn 2s,warn 1s" {
		t.Fatalf("ticks: %q", got)
	}
	clock.Advance(time.Second)
	if got := log.take(); got != "expire" || it.State() != Expired {
		t.Fatalf("at the deadline: %q %v", got, it.State())
	}
	// Expired is final: no more events, Touch does not revive it.
	it.Touch()
	clock.Advance(time.Hour)
	if got := log.take(); got != "" || it.State() != Expired || clock.Pending() != 0 {
		t.Fatalf("after expiry: %q %v, %d timers", got, it.State(), clock.Pending())
	}
	// A new applicant restarts it.
	it.Restart()
	clock.Advance(2 * time.Minute)
	if got := log.take(); !strings.HasPrefix(got, "warn 5s,") || !strings.HasSuffix(got, ",expire") {
		t.Fatalf("after Restart: %q", got)
	}
}

func TestIdleTimerTouchPostpones(t *testing.T) {
	clock := NewManualClock(t0)
	var log idleLog
	it := NewIdleTimer(clock, IdleConfig{Timeout: 60 * time.Second, Countdown: 10 * time.Second}, log.handlers())
	// Activity every 30 s keeps the session alive; Touch arms no timers.
	for range 10 {
		clock.Advance(30 * time.Second)
		for range 100 {
			it.Touch()
		}
		if clock.Pending() != 1 {
			t.Fatalf("%d timers pending", clock.Pending())
		}
	}
	if got := log.take(); got != "" {
		t.Fatalf("active session got %q", got)
	}
	// Idle: warned 50 s after the last touch.
	clock.Advance(50 * time.Second)
	if got := log.take(); got != "warn 10s" {
		t.Fatalf("got %q", got)
	}
	clock.Advance(3500 * time.Millisecond)
	it.Touch() // the applicant taps "继续"
	if got := log.take(); got != "warn 9s,warn 8s,warn 7s,resume" || it.State() != Active {
		t.Fatalf("got %q, %v", got, it.State())
	}
	if r := it.Remaining(); r != 60*time.Second {
		t.Fatalf("Remaining after resume = %v", r)
	}
	clock.Advance(49 * time.Second)
	if got := log.take(); got != "" {
		t.Fatalf("early: %q", got)
	}
	clock.Advance(11 * time.Second)
	if got := log.take(); got != "warn 10s,warn 9s,warn 8s,warn 7s,warn 6s,warn 5s,warn 4s,warn 3s,warn 2s,warn 1s,expire" {
		t.Fatalf("got %q", got)
	}
}

func TestIdleTimerStop(t *testing.T) {
	clock := NewManualClock(t0)
	var log idleLog
	it := NewIdleTimer(clock, IdleConfig{Timeout: time.Minute, Countdown: 10 * time.Second}, log.handlers())
	clock.Advance(55 * time.Second)
	it.Stop() // the applicant submitted
	clock.Advance(time.Hour)
	if got := log.take(); got != "warn 10s,warn 9s,warn 8s,warn 7s,warn 6s,warn 5s" || it.State() != Stopped || it.Remaining() != 0 {
		t.Fatalf("got %q %v", got, it.State())
	}
}

func TestIdleTimerNoCountdown(t *testing.T) {
	clock := NewManualClock(t0)
	var log idleLog
	// Countdown longer than the timeout is clamped; zero countdown just expires.
	NewIdleTimer(clock, IdleConfig{Timeout: 3 * time.Second, Countdown: time.Hour}, log.handlers())
	clock.Advance(3 * time.Second)
	if got := log.take(); got != "warn 3s,warn 2s,warn 1s,expire" {
		t.Fatalf("clamped: %q", got)
	}
	NewIdleTimer(clock, IdleConfig{Timeout: 3 * time.Second}, log.handlers())
	clock.Advance(3 * time.Second)
	if got := log.take(); got != "expire" {
		t.Fatalf("no countdown: %q", got)
	}
}

// TestIdleTimerRealClock runs the timer on the system clock with tiny
// durations only to check that callbacks arrive and the race detector is
// quiet; it asserts the order of events, not their timing.
func TestIdleTimerRealClock(t *testing.T) {
	done := make(chan struct{})
	warned := make(chan struct{}, 100)
	it := NewIdleTimer(nil, IdleConfig{Timeout: 30 * time.Millisecond, Countdown: 20 * time.Millisecond}, IdleHandlers{
		Warn:   func(time.Duration) { warned <- struct{}{} },
		Expire: func() { close(done) },
	})
	go func() {
		for range 50 {
			it.Touch()
			_ = it.Remaining()
		}
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("never expired")
	}
	if len(warned) == 0 {
		t.Error("expired without a warning")
	}
	if it.State() != Expired {
		t.Errorf("state %v", it.State())
	}
}

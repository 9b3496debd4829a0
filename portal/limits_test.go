package portal

import (
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/naiman-yiye/yiye/client/api"
)

func (e *env) requestCode(phone string) resp {
	e.t.Helper()
	return e.do("POST", api.PathAuthCode, "", api.CodeRequest{Phone: phone})
}

func (e *env) guess(phone, code string) resp {
	e.t.Helper()
	return e.do("POST", api.PathAuthLogin, "", api.LoginRequest{Phone: phone, Code: code})
}

// wrongFor returns a code that is not phone's current one.
func (e *env) wrongFor(phone string) string {
	if e.srv.DemoCode(phone) == "000000" {
		return "111111"
	}
	return "000000"
}

func retryAfter(t *testing.T, r resp) time.Duration {
	t.Helper()
	n, err := strconv.Atoi(r.header.Get("Retry-After"))
	if err != nil {
		t.Fatalf("Retry-After %q", r.header.Get("Retry-After"))
	}
	return time.Duration(n) * time.Second
}

func securityKinds(t *testing.T, s *Server) []string {
	t.Helper()
	evs, err := s.securityEvents(t.Context(), 100)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, ev := range evs {
		out = append(out, ev.Kind)
	}
	return out
}

// Wrong guesses count per phone number across codes: asking for a new
// code does not reset them. Five lock the number; each lock-out lasts
// twice the one before; a right code ends the series.
func TestGuessesCountAcrossCodes(t *testing.T) {
	e := start(t, t.TempDir(), nil)
	lim := e.srv.opts.Limits
	e.requestCode(phoneA)
	for i := 0; i < lim.FailuresPerLock-1; i++ {
		if r := e.guess(phoneA, e.wrongFor(phoneA)); r.status != 401 {
			t.Fatalf("guess %d: %d", i, r.status)
		}
	}
	e.clock.Add(e.srv.opts.CodeInterval)
	if r := e.requestCode(phoneA); r.status != 202 {
		t.Fatalf("new code: %d %s", r.status, r.body)
	}
	if r := e.guess(phoneA, e.wrongFor(phoneA)); r.status != 401 {
		t.Fatalf("fifth guess: %d", r.status)
	}
	// Locked: even the right code is refused, and no new code is sent.
	r := e.guess(phoneA, e.srv.DemoCode(phoneA))
	if r.status != http.StatusTooManyRequests || r.errCode(t) != "auth.locked" || retryAfter(t, r) != lim.LockBase {
		t.Fatalf("right code while locked: %d %s %v", r.status, r.body, r.header)
	}
	if r := e.requestCode(phoneA); r.status != http.StatusTooManyRequests || r.errCode(t) != "auth.locked" {
		t.Fatalf("code while locked: %d %s", r.status, r.body)
	}
	// Another number is not affected.
	e.requestCode(phoneB)
	if r := e.guess(phoneB, e.srv.DemoCode(phoneB)); r.status != 200 {
		t.Fatalf("other phone: %d %s", r.status, r.body)
	}
	// The next lock-out lasts twice as long.
	e.clock.Add(lim.LockBase)
	e.requestCode(phoneA)
	for i := 0; i < lim.FailuresPerLock; i++ {
		e.guess(phoneA, e.wrongFor(phoneA))
	}
	r = e.guess(phoneA, e.srv.DemoCode(phoneA))
	if r.status != http.StatusTooManyRequests || retryAfter(t, r) != 2*lim.LockBase {
		t.Fatalf("second lock-out: %d %v", r.status, r.header.Get("Retry-After"))
	}
	// After it, the right code signs in and ends the series.
	e.clock.Add(2 * lim.LockBase)
	e.requestCode(phoneA)
	if r := e.guess(phoneA, e.srv.DemoCode(phoneA)); r.status != 200 {
		t.Fatalf("after the lock-out: %d %s", r.status, r.body)
	}
	e.clock.Add(e.srv.opts.CodeInterval)
	e.requestCode(phoneA)
	for i := 0; i < lim.FailuresPerLock; i++ {
		e.guess(phoneA, e.wrongFor(phoneA))
	}
	if r := e.guess(phoneA, e.srv.DemoCode(phoneA)); retryAfter(t, r) != lim.LockBase {
		t.Fatalf("series not reset by a sign-in: Retry-After %v", r.header.Get("Retry-After"))
	}
	if kinds := securityKinds(t, e.srv); len(kinds) != 3 || kinds[0] != "login.locked" {
		t.Fatalf("security log %v", kinds)
	}
}

// A phone number gets a limited number of wrong guesses and of codes per
// day (China time); the next day it starts again.
func TestDailyCaps(t *testing.T) {
	e := start(t, t.TempDir(), func(o *Options) {
		o.Limits = LoginLimits{FailuresPerLock: 5, LockBase: time.Minute, DailyFailures: 12, DailyCodes: 6,
			AddrCodesPerHour: 1000, AddrFailuresPerHour: 1000}
	})
	for n := 0; n < 12; n++ {
		if n%5 == 0 {
			e.clock.Add(time.Hour) // past any lock-out
		}
		e.guess(phoneA, "000000")
	}
	r := e.guess(phoneA, "000000")
	if r.status != http.StatusTooManyRequests || r.errCode(t) != "auth.locked" {
		t.Fatalf("after the daily cap: %d %s", r.status, r.body)
	}
	// 2026-11-24 02:00 UTC + 3 h = 13:00 China time: locked until midnight.
	if got := retryAfter(t, r); got != 11*time.Hour {
		t.Fatalf("locked for %v", got)
	}
	e.clock.Add(11 * time.Hour)
	e.requestCode(phoneA)
	if r := e.guess(phoneA, e.srv.DemoCode(phoneA)); r.status != 200 {
		t.Fatalf("next day: %d %s", r.status, r.body)
	}
	for i := 0; i < 6; i++ {
		e.clock.Add(e.srv.opts.CodeInterval)
		if r := e.requestCode(phoneB); r.status != 202 {
			t.Fatalf("code %d: %d", i, r.status)
		}
	}
	e.clock.Add(e.srv.opts.CodeInterval)
	if r := e.requestCode(phoneB); r.status != http.StatusTooManyRequests || r.errCode(t) != "auth.daily_limit" {
		t.Fatalf("seventh code: %d %s", r.status, r.body)
	}
	kinds := securityKinds(t, e.srv)
	if len(kinds) < 2 || kinds[0] != "codes.daily_limit" || kinds[1] != "login.daily_limit" {
		t.Fatalf("security log %v", kinds)
	}
}

// One client address gets a limited number of codes and wrong guesses per
// hour, whichever phone numbers it tries.
func TestLimitsPerClientAddress(t *testing.T) {
	e := start(t, t.TempDir(), func(o *Options) {
		o.Limits = LoginLimits{FailuresPerLock: 5, LockBase: time.Minute, DailyFailures: 100, DailyCodes: 100,
			AddrCodesPerHour: 3, AddrFailuresPerHour: 4}
	})
	phones := []string{"13900000011", "13900000012", "13900000013", "13900000014"}
	for _, p := range phones[:3] {
		if r := e.requestCode(p); r.status != 202 {
			t.Fatalf("code for %s: %d", p, r.status)
		}
	}
	r := e.requestCode(phones[3])
	if r.status != http.StatusTooManyRequests || r.errCode(t) != "auth.too_many_requests" || retryAfter(t, r) != time.Hour {
		t.Fatalf("fourth code from one address: %d %s", r.status, r.body)
	}
	for i, p := range []string{phones[0], phones[1], phones[2], phones[0]} {
		if r := e.guess(p, e.wrongFor(p)); r.status != 401 {
			t.Fatalf("guess %d: %d", i, r.status)
		}
	}
	// Four wrong guesses from this address: a right one is not even tried.
	if r := e.guess(phones[1], e.srv.DemoCode(phones[1])); r.status != http.StatusTooManyRequests || r.errCode(t) != "auth.too_many_requests" {
		t.Fatalf("fifth guess from one address: %d %s", r.status, r.body)
	}
	e.clock.Add(time.Hour)
	e.requestCode(phones[1])
	if r := e.guess(phones[1], e.srv.DemoCode(phones[1])); r.status != 200 {
		t.Fatalf("an hour later: %d %s", r.status, r.body)
	}
	if r := e.requestCode(phones[3]); r.status != 202 {
		t.Fatalf("code an hour later: %d", r.status)
	}
	kinds := securityKinds(t, e.srv)
	if len(kinds) != 2 || kinds[0] != "addr.failures_limit" || kinds[1] != "addr.codes_limit" {
		t.Fatalf("security log %v", kinds)
	}
}

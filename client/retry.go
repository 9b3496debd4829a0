package client

import (
	"context"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"
)

// Backoff is an exponential backoff with full jitter: attempt n (0-based)
// waits a random time in [0, min(Max, Base·2ⁿ)], so many clients coming
// back online at once do not hit the portal together.
type Backoff struct {
	Base time.Duration // first ceiling; default 300ms
	Max  time.Duration // ceiling cap; default 30s
}

// Delay returns the wait before retry number attempt (0-based).
func (b Backoff) Delay(attempt int) time.Duration {
	base, max := b.Base, b.Max
	if base <= 0 {
		base = 300 * time.Millisecond
	}
	if max <= 0 {
		max = 30 * time.Second
	}
	ceil := base
	for i := 0; i < attempt && ceil < max; i++ {
		ceil *= 2
	}
	if ceil > max {
		ceil = max
	}
	return time.Duration(rand.Int64N(int64(ceil) + 1))
}

// RetryPolicy bounds how often one logical request is retried.
type RetryPolicy struct {
	Attempts int // total tries including the first; default 4
	Backoff  Backoff
}

func (p RetryPolicy) attempts() int {
	if p.Attempts <= 0 {
		return 4
	}
	return p.Attempts
}

// retry runs op until it succeeds, fails with a non-transient error, the
// attempts are spent, or ctx ends. A Retry-After on 429/503 is honoured
// (capped at Backoff.Max).
func retry(ctx context.Context, p RetryPolicy, op func(attempt int) error) error {
	var err error
	for attempt := 0; attempt < p.attempts(); attempt++ {
		err = op(attempt)
		if err == nil || !Transient(err) || attempt == p.attempts()-1 {
			return err
		}
		d := p.Backoff.Delay(attempt)
		if ra := retryAfter(err); ra > 0 {
			d = ra
			if max := p.Backoff.Max; max > 0 && d > max {
				d = max
			}
		}
		if werr := sleep(ctx, d); werr != nil {
			return err
		}
	}
	return err
}

func retryAfter(err error) time.Duration {
	var h *HTTPError
	if !asHTTP(err, &h) || h.RetryAfter == "" {
		return 0
	}
	if s, e := strconv.Atoi(h.RetryAfter); e == nil && s >= 0 {
		return time.Duration(s) * time.Second
	}
	if t, e := http.ParseTime(h.RetryAfter); e == nil {
		return time.Until(t)
	}
	return 0
}

func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

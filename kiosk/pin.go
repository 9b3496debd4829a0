package kiosk

import (
	"crypto/rand"
	"crypto/subtle"
	"errors"
	"fmt"
	"math"
	"sync"
	"time"

	"golang.org/x/crypto/argon2"

	"github.com/naiman-yiye/yiye/usererr"
)

// Errors of the staff PIN.
var (
	ErrPINFormat = usererr.New("kiosk.pin_format",
		"PIN 须为 4 到 12 位数字。", "The PIN must be 4 to 12 digits.")
	ErrPINWrong = usererr.New("kiosk.pin_wrong",
		"PIN 不正确。", "Wrong PIN.")
	ErrPINLocked = usererr.New("kiosk.pin_locked",
		"PIN 错误次数过多，请稍后再试。", "Too many wrong PINs; try again later.")
	ErrPINNotSet = usererr.New("kiosk.pin_not_set",
		"尚未设置工作人员 PIN。", "No staff PIN has been set.")
)

// PINHash is a salted Argon2id hash of the staff PIN, stored in settings as JSON.
type PINHash struct {
	Algo      string `json:"algo"` // "argon2id"
	Time      uint32 `json:"t"`
	MemoryKiB uint32 `json:"m"`
	Threads   uint8  `json:"p"`
	Salt      []byte `json:"salt"`
	Hash      []byte `json:"hash"`
}

// pinKDF makes one guess cost ~0.1 s and 32 MiB; the lockout, not the hash,
// is what stops guessing at the kiosk, the hash slows offline guessing of a
// copied settings file.
var pinKDF = PINHash{Algo: "argon2id", Time: 2, MemoryKiB: 32 * 1024, Threads: 2}

// Bounds for a stored hash, so an edited settings file cannot make the
// kiosk hang or exhaust memory on every unlock attempt.
const (
	maxPINMemoryKiB = 256 * 1024
	maxPINTime      = 16
)

// CheckPINFormat reports whether pin is 4 to 12 ASCII digits (what the
// on-screen keypad can type).
func CheckPINFormat(pin string) error {
	if len(pin) < 4 || len(pin) > 12 {
		return ErrPINFormat
	}
	for i := 0; i < len(pin); i++ {
		if pin[i] < '0' || pin[i] > '9' {
			return ErrPINFormat
		}
	}
	return nil
}

// HashPIN checks pin's format and returns its salted hash.
func HashPIN(pin string) (PINHash, error) {
	if err := CheckPINFormat(pin); err != nil {
		return PINHash{}, err
	}
	h := pinKDF
	h.Salt = make([]byte, 16)
	if _, err := rand.Read(h.Salt); err != nil {
		return PINHash{}, err
	}
	h.Hash = argon2.IDKey([]byte(pin), h.Salt, h.Time, h.MemoryKiB, h.Threads, 32)
	return h, nil
}

// IsSet reports whether h holds a hash.
func (h PINHash) IsSet() bool { return len(h.Hash) > 0 }

// VerifyPIN reports whether pin matches h, comparing in constant time. A
// malformed or out-of-bounds h never matches.
func VerifyPIN(h PINHash, pin string) bool {
	if h.Algo != "argon2id" || len(h.Salt) < 8 || len(h.Hash) < 16 || len(h.Hash) > 64 ||
		h.Time < 1 || h.Time > maxPINTime || h.Threads < 1 ||
		h.MemoryKiB < 8*uint32(h.Threads) || h.MemoryKiB > maxPINMemoryKiB {
		return false
	}
	got := argon2.IDKey([]byte(pin), h.Salt, h.Time, h.MemoryKiB, h.Threads, uint32(len(h.Hash)))
	return subtle.ConstantTimeCompare(got, h.Hash) == 1
}

// PINState is the persisted lock state: the hash and the failure count.
// Store it as JSON in the app's settings; it is not secret but must survive
// restarts, or a restart would reset the lockout.
type PINState struct {
	PIN         PINHash   `json:"pin"`
	Failures    int       `json:"failures"`
	LockedUntil time.Time `json:"locked_until,omitzero"`
}

// LockoutPolicy says how quickly wrong PINs lock the kiosk.
type LockoutPolicy struct {
	FreeTries int           // wrong tries allowed without delay
	BaseDelay time.Duration // delay after the first try past FreeTries; doubles after each further one
	MaxDelay  time.Duration
}

// DefaultLockout allows 3 slips, then waits 30 s, 1 min, 2 min, ... up to 15 min.
var DefaultLockout = LockoutPolicy{FreeTries: 3, BaseDelay: 30 * time.Second, MaxDelay: 15 * time.Minute}

func (p LockoutPolicy) delay(failures int) time.Duration {
	if failures <= p.FreeTries {
		return 0
	}
	shift := failures - p.FreeTries - 1
	if shift > 30 {
		return p.MaxDelay
	}
	d := p.BaseDelay << shift
	if d > p.MaxDelay || d <= 0 || p.BaseDelay > math.MaxInt64>>shift {
		return p.MaxDelay
	}
	return d
}

// PINGuard checks PIN entries against a PINState with lockout. Save is
// called with the new state after every attempt that changes it, before
// the result is returned, so killing the app cannot reset the count.
type PINGuard struct {
	mu     sync.Mutex
	state  PINState
	clock  Clock
	policy LockoutPolicy
	save   func(PINState) error
}

// NewPINGuard returns a guard over state. save may be nil (nothing persisted).
func NewPINGuard(state PINState, clock Clock, policy LockoutPolicy, save func(PINState) error) *PINGuard {
	if clock == nil {
		clock = SystemClock{}
	}
	return &PINGuard{state: state, clock: clock, policy: policy, save: save}
}

// State returns a copy of the current state.
func (g *PINGuard) State() PINState {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.state
}

// Wait returns how long until the next attempt is allowed (0: now).
func (g *PINGuard) Wait() time.Duration {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.wait(g.clock.Now())
}

func (g *PINGuard) wait(now time.Time) time.Duration {
	d := g.state.LockedUntil.Sub(now)
	if d <= 0 {
		return 0
	}
	// The system clock was set back: do not lock for longer than the policy allows.
	if d > g.policy.MaxDelay {
		g.state.LockedUntil = now.Add(g.policy.MaxDelay)
		return g.policy.MaxDelay
	}
	return d
}

// Verify checks pin. While locked it refuses without looking at pin and
// returns ErrPINLocked wrapped with the wait; a wrong PIN returns
// ErrPINWrong (locking further tries once FreeTries are used up); the
// right PIN resets the failure count and returns nil.
func (g *PINGuard) Verify(pin string) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if !g.state.PIN.IsSet() {
		return ErrPINNotSet
	}
	now := g.clock.Now()
	if w := g.wait(now); w > 0 {
		return lockedErr(w)
	}
	if VerifyPIN(g.state.PIN, pin) {
		if g.state.Failures == 0 && g.state.LockedUntil.IsZero() {
			return nil
		}
		g.state.Failures = 0
		g.state.LockedUntil = time.Time{}
		return g.persist()
	}
	g.state.Failures++
	if d := g.policy.delay(g.state.Failures); d > 0 {
		g.state.LockedUntil = now.Add(d)
	}
	if err := g.persist(); err != nil {
		return err
	}
	if w := g.wait(now); w > 0 {
		return lockedErr(w)
	}
	return ErrPINWrong
}

// SetPIN replaces the PIN (after the staff member proved the old one, which
// is the caller's job) and clears the failure count.
func (g *PINGuard) SetPIN(pin string) error {
	h, err := HashPIN(pin)
	if err != nil {
		return err
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	g.state = PINState{PIN: h}
	return g.persist()
}

func (g *PINGuard) persist() error {
	if g.save == nil {
		return nil
	}
	if err := g.save(g.state); err != nil {
		return fmt.Errorf("kiosk: save PIN state: %w", err)
	}
	return nil
}

// LockedFor returns the wait carried by an ErrPINLocked error (0 otherwise).
func LockedFor(err error) time.Duration {
	var l *lockedError
	if errors.As(err, &l) {
		return l.wait
	}
	return 0
}

type lockedError struct{ wait time.Duration }

func (l *lockedError) Error() string { return "locked for " + l.wait.String() }

func lockedErr(w time.Duration) error {
	secs := int(math.Ceil(w.Seconds()))
	e := usererr.Newf(ErrPINLocked.Code,
		"PIN 错误次数过多，请 %d 秒后再试。", "Too many wrong PINs; try again in %d seconds.", secs)
	return e.Wrap(&lockedError{w})
}

package kioskmode

import (
	"encoding/json"
	"sync"

	"fyne.io/fyne/v2"

	"github.com/naiman-yiye/yiye/kiosk"
)

// PrefConfig is the preferences key holding kiosk.Config as JSON (kiosk
// mode on/off, idle times, the staff PIN hash and its lockout state).
const PrefConfig = "kiosk.config"

// LoadConfig reads the kiosk settings; missing or damaged settings give
// kiosk.DefaultConfig (a damaged file is logged).
func LoadConfig(p fyne.Preferences) kiosk.Config {
	raw := p.String(PrefConfig)
	if raw == "" {
		return kiosk.DefaultConfig
	}
	c, err := kiosk.ParseConfig([]byte(raw))
	if err != nil {
		fyne.LogError("kioskmode: kiosk settings", err)
		return kiosk.DefaultConfig
	}
	return c
}

// SaveConfig stores c after validating it.
func SaveConfig(p fyne.Preferences, c kiosk.Config) error {
	if err := c.Validate(); err != nil {
		return err
	}
	b, err := json.Marshal(c)
	if err != nil {
		return err
	}
	p.SetString(PrefConfig, string(b))
	return nil
}

// pinStore keeps the staff PIN guard and the config in step: every change
// of the PIN state (a failure, a lockout, a new PIN) is saved at once, so
// restarting the app cannot reset the lockout.
type pinStore struct {
	prefs fyne.Preferences
	cfg   kiosk.Config
	guard *kiosk.PINGuard
}

func newPINStore(p fyne.Preferences, clock kiosk.Clock, policy kiosk.LockoutPolicy) *pinStore {
	ps := &pinStore{prefs: p, cfg: LoadConfig(p)}
	if policy == (kiosk.LockoutPolicy{}) {
		policy = kiosk.DefaultLockout
	}
	ps.guard = kiosk.NewPINGuard(ps.cfg.PIN, clock, policy, func(st kiosk.PINState) error {
		c := ps.cfg
		c.PIN = st
		if err := SaveConfig(ps.prefs, c); err != nil {
			return err
		}
		ps.cfg = c
		return nil
	})
	return ps
}

// One pinStore per preferences, shared by the kiosk and the setting
// screen, so both count the same failures.
var (
	pinsMu sync.Mutex
	pins   = map[fyne.Preferences]*pinStore{}
)

func pinsFor(p fyne.Preferences, clock kiosk.Clock, policy kiosk.LockoutPolicy) *pinStore {
	pinsMu.Lock()
	defer pinsMu.Unlock()
	if ps, ok := pins[p]; ok {
		return ps
	}
	ps := newPINStore(p, clock, policy)
	pins[p] = ps
	return ps
}

// hasPIN reports whether a staff PIN has been set.
func (ps *pinStore) hasPIN() bool { return ps.guard.State().PIN.IsSet() }

// update saves a changed config (idle times, enabled), keeping the PIN state.
func (ps *pinStore) update(f func(c *kiosk.Config)) error {
	c := ps.cfg
	c.PIN = ps.guard.State()
	f(&c)
	if err := SaveConfig(ps.prefs, c); err != nil {
		return err
	}
	ps.cfg = c
	return nil
}

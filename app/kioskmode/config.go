package kioskmode

import (
	"encoding/json"

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

// pins is the staff PIN and the rest of the kiosk settings as stored in
// the preferences. It keeps no state of its own: every check reads the
// stored state and writes the new one back at once, so the kiosk and the
// setting screen count the same failures and a restart cannot reset a
// lockout.
type pins struct {
	prefs  fyne.Preferences
	clock  kiosk.Clock
	policy kiosk.LockoutPolicy
}

func newPins(p fyne.Preferences, clock kiosk.Clock, policy kiosk.LockoutPolicy) pins {
	if policy == (kiosk.LockoutPolicy{}) {
		policy = kiosk.DefaultLockout
	}
	return pins{prefs: p, clock: clock, policy: policy}
}

// config is the stored configuration.
func (ps pins) config() kiosk.Config { return LoadConfig(ps.prefs) }

// guard is a PIN guard over the stored PIN state that saves every change.
func (ps pins) guard() *kiosk.PINGuard {
	return kiosk.NewPINGuard(ps.config().PIN, ps.clock, ps.policy, func(st kiosk.PINState) error {
		c := ps.config()
		c.PIN = st
		return SaveConfig(ps.prefs, c)
	})
}

// hasPIN reports whether a staff PIN has been set.
func (ps pins) hasPIN() bool { return ps.config().PIN.PIN.IsSet() }

// verify checks a PIN entry (kiosk.ErrPINWrong, kiosk.ErrPINLocked).
func (ps pins) verify(pin string) error { return ps.guard().Verify(pin) }

// setPIN stores a new PIN and clears the failure count.
func (ps pins) setPIN(pin string) error { return ps.guard().SetPIN(pin) }

// update saves a changed configuration (idle times, enabled), keeping the
// PIN state.
func (ps pins) update(f func(c *kiosk.Config)) error {
	c := ps.config()
	f(&c)
	return SaveConfig(ps.prefs, c)
}

package kiosk

import (
	"bytes"
	"encoding/json"
	"time"

	"github.com/naiman-yiye/yiye/usererr"
)

// Config is the kiosk part of the app's settings, stored as JSON. Changing
// it (or leaving kiosk mode) requires the staff PIN in the UI.
type Config struct {
	Enabled     bool     `json:"enabled"`
	IdleSeconds int      `json:"idle_seconds"`      // session ends after this idle time
	WarnSeconds int      `json:"countdown_seconds"` // countdown shown before that
	TextScale   float64  `json:"text_scale"`        // larger text for the hall, 1.0-2.0
	PIN         PINState `json:"pin"`
}

// DefaultConfig: 5 idle minutes with a 60 s countdown, text 1.3× as large.
var DefaultConfig = Config{IdleSeconds: 300, WarnSeconds: 60, TextScale: 1.3}

// Bounds for Config.
const (
	MinIdleSeconds = 60
	MaxIdleSeconds = 3600
	MinWarnSeconds = 10
	MaxWarnSeconds = 300
)

// Idle returns the idle timer settings.
func (c Config) Idle() IdleConfig {
	return IdleConfig{Timeout: time.Duration(c.IdleSeconds) * time.Second, Countdown: time.Duration(c.WarnSeconds) * time.Second}
}

// Validate checks the bounds, and that kiosk mode has a staff PIN (without
// one nobody could leave kiosk mode).
func (c Config) Validate() error {
	if c.IdleSeconds < MinIdleSeconds || c.IdleSeconds > MaxIdleSeconds {
		return usererr.Newf("kiosk.config.idle", "无操作自动结束时间须在 %d 到 %d 秒之间。",
			"The idle time must be between %d and %d seconds.", MinIdleSeconds, MaxIdleSeconds)
	}
	if c.WarnSeconds < MinWarnSeconds || c.WarnSeconds > MaxWarnSeconds || c.WarnSeconds >= c.IdleSeconds {
		return usererr.Newf("kiosk.config.countdown", "倒计时提醒须在 %d 到 %d 秒之间，且短于无操作时间。",
			"The countdown must be between %d and %d seconds and shorter than the idle time.", MinWarnSeconds, MaxWarnSeconds)
	}
	if !(c.TextScale >= 1 && c.TextScale <= 2) {
		return usererr.New("kiosk.config.text_scale", "字体放大倍数须在 1.0 到 2.0 之间。",
			"The text scale must be between 1.0 and 2.0.")
	}
	if c.Enabled && !c.PIN.PIN.IsSet() {
		return usererr.New("kiosk.config.no_pin", "启用自助机模式前，请先设置工作人员 PIN。",
			"Set a staff PIN before turning on kiosk mode.")
	}
	return nil
}

// ParseConfig decodes settings JSON over DefaultConfig (missing fields keep
// their defaults) and validates the result.
func ParseConfig(b []byte) (Config, error) {
	c := DefaultConfig
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil || dec.More() {
		return Config{}, usererr.New("kiosk.config.json", "自助机设置已损坏。",
			"The kiosk settings are damaged.").Wrap(err)
	}
	if err := c.Validate(); err != nil {
		return Config{}, err
	}
	return c, nil
}

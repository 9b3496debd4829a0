package services

import (
	"crypto/ed25519"
	"strings"

	"fyne.io/fyne/v2"

	"github.com/naiman-yiye/yiye/bundle"
	"github.com/naiman-yiye/yiye/usererr"
)

// Where a pinned catalog bundle key comes from outside demo mode (see the
// package doc). Both hold the key as base64, as printed by yiye-portal.
const (
	EnvBundleKey  = "YIYE_BUNDLE_KEY"
	PrefBundleKey = "portal.bundleKey"
)

// ErrBadPinnedKey: the pinned key is not a valid Ed25519 public key.
var ErrBadPinnedKey = usererr.New("services.bad_key",
	"设置中的门户签名公钥格式不正确，请核对后重新填写（应为门户提供的 Base64 文本）。",
	"The portal signing key in the settings is malformed; check it and enter it again (the Base64 text the portal provides).")

// CheckPinnedKey validates a key as typed into the settings ("" is valid:
// no key pinned). The settings screen can use it as the entry's validator.
func CheckPinnedKey(s string) error {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	if _, err := bundle.ParsePublicKey(strings.TrimSpace(s)); err != nil {
		return ErrBadPinnedKey.Wrap(err)
	}
	return nil
}

// PinnedKeys returns the pinned catalog bundle keys: the environment
// variable EnvBundleKey when set (it overrides, e.g. for a test portal),
// otherwise the preference PrefBundleKey. A malformed key is reported and
// not trusted; none set gives no keys and no error.
func PinnedKeys(prefs fyne.Preferences, getenv func(string) string) ([]ed25519.PublicKey, error) {
	s := ""
	if getenv != nil {
		s = strings.TrimSpace(getenv(EnvBundleKey))
	}
	if s == "" && prefs != nil {
		s = strings.TrimSpace(prefs.String(PrefBundleKey))
	}
	if s == "" {
		return nil, nil
	}
	k, err := bundle.ParsePublicKey(s)
	if err != nil {
		return nil, ErrBadPinnedKey.Wrap(err)
	}
	return []ed25519.PublicKey{k}, nil
}

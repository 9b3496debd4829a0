package main

import (
	"crypto/ed25519"
	"strings"

	"github.com/naiman-yiye/yiye/bundle"
	"github.com/naiman-yiye/yiye/usererr"
)

// EnvBundleKey pins the portal's catalog bundle key (base64, as printed by
// yiye-portal) outside demo mode; it wins over the key in the settings.
// Without a pinned key, catalog sync and offline license verification are
// off.
const EnvBundleKey = "YIYE_BUNDLE_KEY"

// errBadPinnedKey: the pinned key is not a valid Ed25519 public key.
var errBadPinnedKey = usererr.New("yiye.bad_key",
	"门户签名公钥格式不正确，请核对后重新填写（应为门户提供的 Base64 文本）。",
	"The portal signing key is malformed; check it and enter it again (the Base64 text the portal provides).")

// pinnedKeys returns the pinned catalog bundle keys: $YIYE_BUNDLE_KEY when
// set, else the key saved in the settings. A malformed key is reported and
// not trusted; none set gives no keys and no error.
func pinnedKeys(fromSettings string, getenv func(string) string) ([]ed25519.PublicKey, error) {
	s := strings.TrimSpace(getenv(EnvBundleKey))
	if s == "" {
		s = strings.TrimSpace(fromSettings)
	}
	if s == "" {
		return nil, nil
	}
	k, err := bundle.ParsePublicKey(s)
	if err != nil {
		return nil, errBadPinnedKey.Wrap(err)
	}
	return []ed25519.PublicKey{k}, nil
}

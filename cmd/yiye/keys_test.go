package main

import (
	"crypto/ed25519"
	"encoding/base64"
	"errors"
	"testing"

	"github.com/naiman-yiye/yiye/usererr"
)

func TestPinnedKeys(t *testing.T) {
	envKey, _, _ := ed25519.GenerateKey(nil)
	prefKey, _, _ := ed25519.GenerateKey(nil)
	b64 := base64.StdEncoding.EncodeToString
	for name, c := range map[string]struct {
		env, pref string
		want      ed25519.PublicKey
		bad       bool
	}{
		"none":              {},
		"env only":          {env: b64(envKey), want: envKey},
		"settings only":     {pref: " " + b64(prefKey) + "\n", want: prefKey},
		"env wins":          {env: b64(envKey), pref: b64(prefKey), want: envKey},
		"bad settings":      {pref: "not a key", bad: true},
		"short settings":    {pref: b64(prefKey[:31]), bad: true},
		"bad env wins":      {env: "xyz", pref: b64(prefKey), bad: true},
		"blank env ignored": {env: "  ", pref: b64(prefKey), want: prefKey},
	} {
		t.Run(name, func(t *testing.T) {
			getenv := func(k string) string {
				if k == EnvBundleKey {
					return c.env
				}
				return ""
			}
			keys, err := pinnedKeys(c.pref, getenv)
			if c.bad {
				var ue *usererr.Error
				if !errors.As(err, &ue) || ue.Code != "yiye.bad_key" || len(keys) != 0 {
					t.Fatalf("got %v, %v; want yiye.bad_key", keys, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.want == nil && len(keys) != 0 || c.want != nil && (len(keys) != 1 || !keys[0].Equal(c.want)) {
				t.Fatalf("keys %v, want %v", keys, c.want)
			}
		})
	}
}

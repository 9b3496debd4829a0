package services_test

import (
	"crypto/ed25519"
	"encoding/base64"
	"errors"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/naiman-yiye/yiye/app/services"
	"github.com/naiman-yiye/yiye/usererr"
)

func TestPinnedKeys(t *testing.T) {
	envKey, _, _ := ed25519.GenerateKey(nil)
	prefKey, _, _ := ed25519.GenerateKey(nil)
	b64 := base64.StdEncoding.EncodeToString
	cases := map[string]struct {
		env, pref string
		want      ed25519.PublicKey
		bad       bool
	}{
		"none":              {},
		"env only":          {env: b64(envKey), want: envKey},
		"preference only":   {pref: " " + b64(prefKey) + "\n", want: prefKey},
		"env wins":          {env: b64(envKey), pref: b64(prefKey), want: envKey},
		"bad preference":    {pref: "not a key", bad: true},
		"short preference":  {pref: b64(prefKey[:31]), bad: true},
		"bad env wins":      {env: "xyz", pref: b64(prefKey), bad: true},
		"blank env ignored": {env: "  ", pref: b64(prefKey), want: prefKey},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			a := test.NewTempApp(t)
			if c.pref != "" {
				a.Preferences().SetString(services.PrefBundleKey, c.pref)
			}
			getenv := func(k string) string {
				if k == services.EnvBundleKey {
					return c.env
				}
				return ""
			}
			keys, err := services.PinnedKeys(a.Preferences(), getenv)
			if c.bad {
				var ue *usererr.Error
				if !errors.As(err, &ue) || ue.Code != "services.bad_key" || len(keys) != 0 {
					t.Fatalf("got %v, %v; want services.bad_key", keys, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.want == nil {
				if len(keys) != 0 {
					t.Fatalf("keys %v", keys)
				}
				return
			}
			if len(keys) != 1 || !keys[0].Equal(c.want) {
				t.Fatalf("keys %v, want %v", keys, c.want)
			}
			if services.CheckPinnedKey(c.pref) != nil && c.pref != "" && c.want.Equal(prefKey) {
				t.Fatal("CheckPinnedKey refused the preference that was used")
			}
		})
	}
}

func FuzzCheckPinnedKey(f *testing.F) {
	k, _, _ := ed25519.GenerateKey(nil)
	f.Add(base64.StdEncoding.EncodeToString(k))
	f.Add("")
	f.Add("@@@")
	f.Fuzz(func(t *testing.T, s string) {
		err := services.CheckPinnedKey(s)
		keys, perr := services.PinnedKeys(nil, func(string) string { return s })
		if (err == nil) != (perr == nil) {
			t.Fatalf("CheckPinnedKey %v vs PinnedKeys %v", err, perr)
		}
		if err == nil && len(keys) == 1 && len(keys[0]) != ed25519.PublicKeySize {
			t.Fatalf("key of %d bytes", len(keys[0]))
		}
	})
}

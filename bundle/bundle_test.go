package bundle

import (
	"bytes"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"errors"
	"testing"
	"time"
)

func key(seed byte) ed25519.PrivateKey {
	return ed25519.NewKeyFromSeed(bytes.Repeat([]byte{seed}, 32))
}

func pub(k ed25519.PrivateKey) ed25519.PublicKey { return k.Public().(ed25519.PublicKey) }

var doc = []byte(`{"industries":[{"code":"convenience-store","name":"便利店"}]}`)

func TestSignVerify(t *testing.T) {
	bk, lk := key(1), key(2)
	at := time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC)
	data, err := Sign(bk, doc, Meta{Version: "2026.11", IssuedAt: at, LicenseKey: pub(lk)})
	if err != nil {
		t.Fatal(err)
	}
	got, lic, err := Verify(data, []ed25519.PublicKey{pub(key(9)), pub(bk)})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, doc) || !lic.Equal(pub(lk)) {
		t.Fatal("document or license key changed")
	}
	b, err := Open(data, []ed25519.PublicKey{pub(bk)})
	if err != nil || b.Version != "2026.11" || !b.IssuedAt.Equal(at) || b.KeyID != KeyID(pub(bk)) {
		t.Fatalf("%v %+v", err, b)
	}
	// Default version is content-derived, so the same document gives the same version.
	d1, _ := Sign(bk, doc, Meta{LicenseKey: pub(lk)})
	b1, err := Open(d1, []ed25519.PublicKey{pub(bk)})
	if err != nil || len(b1.Version) != 12 {
		t.Fatalf("default version: %v %q", err, b1.Version)
	}
}

func TestRejects(t *testing.T) {
	bk, lk := key(1), key(2)
	data, err := Sign(bk, doc, Meta{LicenseKey: pub(lk)})
	if err != nil {
		t.Fatal(err)
	}
	trusted := []ed25519.PublicKey{pub(bk)}
	if _, _, err := Verify(data, []ed25519.PublicKey{pub(lk)}); !errors.Is(err, ErrUntrusted) {
		t.Errorf("untrusted key: %v", err)
	}
	if _, _, err := Verify(data, nil); !errors.Is(err, ErrNoKeys) {
		t.Errorf("no keys: %v", err)
	}
	// Change each field in turn: the signature must fail.
	mutations := map[string]func(*Bundle){
		"document": func(b *Bundle) { b.Document = append([]byte{}, b.Document...); b.Document[3] ^= 1 },
		"version":  func(b *Bundle) { b.Version = "x" },
		"issued":   func(b *Bundle) { b.IssuedAt = b.IssuedAt.Add(time.Second) },
		"licKey":   func(b *Bundle) { b.LicenseKey = pub(key(7)) },
		"keyID":    func(b *Bundle) { b.KeyID = KeyID(pub(key(7))) },
		"sig":      func(b *Bundle) { b.Signature = append([]byte{}, b.Signature...); b.Signature[0] ^= 1 },
		"format":   func(b *Bundle) { b.Format = "other" },
	}
	for name, mut := range mutations {
		var b Bundle
		if err := json.Unmarshal(data, &b); err != nil {
			t.Fatal(err)
		}
		mut(&b)
		out, _ := json.Marshal(&b)
		if _, _, err := Verify(out, trusted); err == nil {
			t.Errorf("%s: tampered bundle verifies", name)
		}
	}
	// Flip every byte of the raw envelope: none may verify with changed content.
	for i := range data {
		c := bytes.Clone(data)
		c[i] ^= 0x20
		if d, lic, err := Verify(c, trusted); err == nil && (!bytes.Equal(d, doc) || !lic.Equal(pub(lk))) {
			t.Fatalf("byte %d: changed content verifies", i)
		}
	}
	for _, bad := range []string{"", "{}", "[]", `{"format":"yiye-catalog-bundle/1"}`, string(data) + "{}"} {
		if _, _, err := Verify([]byte(bad), trusted); err == nil {
			t.Errorf("%q verifies", bad)
		}
	}
	if _, err := Sign(bk, doc, Meta{}); err == nil {
		t.Error("signed without a license key")
	}
	if _, err := Sign(bk, nil, Meta{LicenseKey: pub(lk)}); err == nil {
		t.Error("signed an empty document")
	}
}

func TestETag(t *testing.T) {
	a, b := ETag([]byte("a")), ETag([]byte("b"))
	if a == b || a[0] != '"' || a[len(a)-1] != '"' || ETag([]byte("a")) != a {
		t.Fatal(a, b)
	}
}

func FuzzVerify(f *testing.F) {
	bk, lk := key(1), key(2)
	good, _ := Sign(bk, doc, Meta{LicenseKey: pub(lk)})
	f.Add(good)
	f.Add([]byte("{}"))
	trusted := []ed25519.PublicKey{pub(bk)}
	f.Fuzz(func(t *testing.T, data []byte) {
		d, lic, err := Verify(data, trusted)
		if err != nil {
			return
		}
		// Anything that verifies carries exactly what was signed.
		if !bytes.Equal(d, doc) || !lic.Equal(pub(lk)) {
			t.Fatalf("forged bundle verifies: %q", data)
		}
	})
}

// BenchmarkVerify1MB verifies a bundle with a 1 MB document (the catalog is smaller).
func BenchmarkVerify1MB(b *testing.B) {
	bk, lk := key(1), key(2)
	big := bytes.Repeat([]byte(`{"k":"奈曼旗"}`), 1<<20/16)
	data, err := Sign(bk, big, Meta{LicenseKey: pub(lk)})
	if err != nil {
		b.Fatal(err)
	}
	trusted := []ed25519.PublicKey{pub(bk)}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, _, err := Verify(data, trusted); err != nil {
			b.Fatal(err)
		}
	}
}

func TestParsePublicKey(t *testing.T) {
	k := pub(key(3))
	got, err := ParsePublicKey(" " + base64.StdEncoding.EncodeToString(k) + "\n")
	if err != nil || !got.Equal(k) {
		t.Fatal(err)
	}
	for _, bad := range []string{"", "abc", base64.StdEncoding.EncodeToString(k[:31])} {
		if _, err := ParsePublicKey(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

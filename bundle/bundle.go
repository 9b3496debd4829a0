// Package bundle is the signed catalog bundle: the envelope in which a
// portal ships the catalog document to Yiye.
//
// The envelope (JSON, media type application/vnd.yiye.catalog-bundle+json)
// holds the catalog document bytes, a version, the issue time, the portal's
// Ed25519 license key (the key that signs license QR payloads, package
// license) and an Ed25519 signature by a bundle signing key.
//
// Trust anchor: the app pins the bundle signing key(s) it trusts (compiled
// in for the production portal, or configured by an administrator); it
// never learns a bundle key from the network. The license key is trusted
// only because a pinned key signed the bundle that carries it, so the
// portal can rotate its license key by publishing a new bundle, and a
// compromised license key is replaced the same way. Demo mode trusts the
// in-process reference portal's bundle key (portal.Server.PublicKey).
// Several pinned keys allow a rotation of the bundle key itself: ship an
// app that trusts old and new, then switch the portal.
package bundle

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Format names this envelope version.
const Format = "yiye-catalog-bundle/1"

// MaxSize bounds the bundle bytes Verify accepts.
const MaxSize = 32 << 20

// Bundle is the envelope as sent on the wire.
type Bundle struct {
	Format     string    `json:"format"`
	Version    string    `json:"version"`
	IssuedAt   time.Time `json:"issued_at"`
	Document   []byte    `json:"document"`    // base64 in JSON
	LicenseKey []byte    `json:"license_key"` // Ed25519 public key, 32 bytes
	KeyID      string    `json:"key_id"`      // KeyID of the signing key
	Signature  []byte    `json:"signature"`
}

// Meta is what Sign puts beside the document.
type Meta struct {
	// Version of the catalog; empty means the first 12 hex digits of the
	// document's SHA-256.
	Version string
	// IssuedAt; zero means now.
	IssuedAt time.Time
	// LicenseKey is the public key that verifies license QR payloads.
	LicenseKey ed25519.PublicKey
}

// KeyID names a public key: hex of the first 8 bytes of its SHA-256.
func KeyID(pub ed25519.PublicKey) string {
	s := sha256.Sum256(pub)
	return hex.EncodeToString(s[:8])
}

// signingInput is what the signature covers: a domain tag, then every
// field length-prefixed, so no two envelopes share an input.
func (b *Bundle) signingInput() []byte {
	var buf bytes.Buffer
	buf.WriteString("yiye-catalog-bundle/1\x00")
	for _, f := range [][]byte{[]byte(b.Format), []byte(b.Version),
		[]byte(b.IssuedAt.UTC().Format(time.RFC3339Nano)), b.LicenseKey, []byte(b.KeyID), b.Document} {
		var n [8]byte
		binary.BigEndian.PutUint64(n[:], uint64(len(f)))
		buf.Write(n[:])
		buf.Write(f)
	}
	return buf.Bytes()
}

// Sign wraps doc into a signed bundle and returns its bytes.
func Sign(priv ed25519.PrivateKey, doc []byte, meta Meta) ([]byte, error) {
	if len(priv) != ed25519.PrivateKeySize {
		return nil, errors.New("bundle: bad private key")
	}
	if len(meta.LicenseKey) != ed25519.PublicKeySize {
		return nil, errors.New("bundle: license key missing or not Ed25519")
	}
	if len(doc) == 0 {
		return nil, errors.New("bundle: empty document")
	}
	if meta.Version == "" {
		s := sha256.Sum256(doc)
		meta.Version = hex.EncodeToString(s[:6])
	}
	if meta.IssuedAt.IsZero() {
		meta.IssuedAt = time.Now()
	}
	b := &Bundle{Format: Format, Version: meta.Version, IssuedAt: meta.IssuedAt.UTC().Truncate(time.Second),
		Document: doc, LicenseKey: meta.LicenseKey,
		KeyID: KeyID(priv.Public().(ed25519.PublicKey))}
	b.Signature = ed25519.Sign(priv, b.signingInput())
	out, err := json.MarshalIndent(b, "", " ")
	if err != nil {
		return nil, err
	}
	if len(out) > MaxSize {
		return nil, fmt.Errorf("bundle: %d bytes, over the %d limit", len(out), MaxSize)
	}
	return out, nil
}

// Errors from Open and Verify.
var (
	ErrMalformed  = errors.New("bundle: malformed")
	ErrUntrusted  = errors.New("bundle: not signed by a trusted key")
	ErrNoKeys     = errors.New("bundle: no trusted keys")
	ErrBadLicense = errors.New("bundle: license key is not an Ed25519 public key")
)

// Open verifies the bundle against the trusted keys and returns it whole.
func Open(data []byte, trusted []ed25519.PublicKey) (*Bundle, error) {
	if len(trusted) == 0 {
		return nil, ErrNoKeys
	}
	if len(data) > MaxSize {
		return nil, fmt.Errorf("%w: too large", ErrMalformed)
	}
	var b Bundle
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&b); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	if dec.More() {
		return nil, fmt.Errorf("%w: trailing data", ErrMalformed)
	}
	if b.Format != Format {
		return nil, fmt.Errorf("%w: format %q", ErrMalformed, b.Format)
	}
	if len(b.Signature) != ed25519.SignatureSize {
		return nil, fmt.Errorf("%w: signature size", ErrMalformed)
	}
	in := b.signingInput()
	for _, k := range trusted {
		if len(k) == ed25519.PublicKeySize && KeyID(k) == b.KeyID && ed25519.Verify(k, in, b.Signature) {
			if len(b.LicenseKey) != ed25519.PublicKeySize {
				return nil, ErrBadLicense
			}
			if len(b.Document) == 0 {
				return nil, fmt.Errorf("%w: empty document", ErrMalformed)
			}
			return &b, nil
		}
	}
	return nil, ErrUntrusted
}

// Verify checks bundle bytes against the trusted keys and returns the
// catalog document and the license key it vouches for.
func Verify(data []byte, trusted []ed25519.PublicKey) (doc []byte, licenseKey ed25519.PublicKey, err error) {
	b, err := Open(data, trusted)
	if err != nil {
		return nil, nil, err
	}
	return b.Document, ed25519.PublicKey(b.LicenseKey), nil
}

// ETag is the strong entity tag for bundle bytes (quoted hex SHA-256 prefix).
func ETag(data []byte) string {
	s := sha256.Sum256(data)
	return `"` + hex.EncodeToString(s[:16]) + `"`
}

// ParsePublicKey reads a pinned key as printed by yiye-portal (standard
// base64 of the 32 key bytes), for configuration files and flags.
func ParsePublicKey(s string) (ed25519.PublicKey, error) {
	b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(s))
	if err != nil || len(b) != ed25519.PublicKeySize {
		return nil, fmt.Errorf("bundle: %q is not a base64 Ed25519 public key", s)
	}
	return ed25519.PublicKey(b), nil
}

package core

import (
	"context"
	"errors"
	"strings"

	"github.com/naiman-yiye/yiye/client/api"
	"github.com/naiman-yiye/yiye/license"
	"github.com/naiman-yiye/yiye/usererr"
)

// Outcomes of checking a license QR payload's signature, for people.
var (
	ErrMalformed = usererr.New("license.malformed",
		"这不是有效的行业综合许可证二维码内容：格式不对或内容不完整。请重新扫描或粘贴完整内容。",
		"This is not a valid comprehensive license QR payload: wrong format or incomplete. Scan or paste it again in full.")
	ErrTampered = usererr.New("license.tampered",
		"核验不通过：二维码内容与发证机关的签名不符，许可证信息可能被篡改，或者不是本地政务部门签发的。",
		"Verification failed: the QR content does not match the issuer's signature; the license may have been altered or was not issued here.")
)

// Verification is the outcome of checking a license QR payload: its
// signature here, and the portal's live record when it could be asked.
type Verification struct {
	Payload *license.Payload // nil when the text is not a license payload
	// Signature is nil when the signature verified with the license key of
	// the synced catalog bundle; else ErrMalformed, ErrTampered or
	// ErrNoTrustedKey.
	Signature error
	// Portal is the portal's answer (live status), when it was asked.
	Portal *api.Verification
	// PortalErr says why asking the portal failed.
	PortalErr error
	// Offline: the portal could not be reached, so only the signature was
	// checked. Never set for a payload whose signature is refused: that
	// result needs no portal.
	Offline bool
}

// Valid reports whether the license checks out: the signature verifies
// (or no key is known yet) and the portal, if asked, says it is valid.
func (v Verification) Valid() bool {
	if v.Payload == nil || v.Signature != nil && !errors.Is(v.Signature, ErrNoTrustedKey) {
		return false
	}
	if v.Portal != nil {
		return v.Portal.Valid
	}
	return v.Signature == nil
}

// VerifyLicense checks a QR payload: the signature offline, then, when
// the portal answers, its live status (revoked, replaced, void).
func (c *Core) VerifyLicense(ctx context.Context, text string) Verification {
	var v Verification
	p, err := license.Parse(strings.TrimSpace(text))
	if err != nil {
		v.Signature = ErrMalformed
		return v
	}
	v.Payload = p
	key, kerr := c.LicenseKey(ctx)
	switch {
	case kerr != nil:
		v.Signature = kerr
	case license.Verify(p, key) != nil:
		v.Signature = ErrTampered
		return v
	}
	if !c.CheckOnline(ctx) {
		v.Offline = true
		return v
	}
	pv, err := c.network().client.VerifyPayload(ctx, strings.TrimSpace(text))
	if err != nil {
		v.PortalErr = err
	} else {
		v.Portal = &pv
	}
	return v
}

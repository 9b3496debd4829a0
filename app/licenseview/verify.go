package licenseview

import (
	"context"
	"errors"
	"strings"

	"github.com/naiman-yiye/yiye/app/services"
	"github.com/naiman-yiye/yiye/client/api"
	"github.com/naiman-yiye/yiye/license"
	"github.com/naiman-yiye/yiye/usererr"
)

// Result is the outcome of checking a license QR payload.
type Result struct {
	Payload *license.Payload // nil when the text is not a license payload
	// Offline is nil when the signature verified with the license key of
	// the synced catalog bundle.
	Offline error
	// Online is the portal's answer (live status), when it could be asked.
	Online    *api.Verification
	OnlineErr error
}

// Errors of an offline check, for people.
var (
	ErrMalformed = usererr.New("license.malformed",
		"这不是有效的行业综合许可证二维码内容：格式不对或内容不完整。请重新扫描或粘贴完整内容。",
		"This is not a valid comprehensive license QR payload: wrong format or incomplete. Scan or paste it again in full.")
	ErrTampered = usererr.New("license.tampered",
		"核验不通过：二维码内容与发证机关的签名不符，许可证信息可能被篡改，或者不是本地政务部门签发的。",
		"Verification failed: the QR content does not match the issuer's signature; the license may have been altered or was not issued here.")
)

// Check verifies text offline (signature, with the bundle's license key)
// and, if online, asks the portal for the live status.
func Check(ctx context.Context, svc *services.Services, text string, online bool) Result {
	text = strings.TrimSpace(text)
	var r Result
	p, err := license.Parse(text)
	if err != nil {
		r.Offline = ErrMalformed
		return r
	}
	r.Payload = p
	key, kerr := svc.LicenseKey(ctx)
	switch {
	case kerr != nil:
		r.Offline = kerr
	case license.Verify(p, key) != nil:
		r.Offline = ErrTampered
	}
	if online && !errors.Is(r.Offline, ErrTampered) {
		v, err := svc.Client.VerifyPayload(ctx, text)
		if err != nil {
			r.OnlineErr = err
		} else {
			r.Online = &v
		}
	}
	return r
}

// Valid reports whether the license checks out: the signature verifies,
// and the portal (if asked) says it is valid and matches its record.
func (r Result) Valid() bool {
	if r.Payload == nil || r.Offline != nil && !errors.Is(r.Offline, services.ErrNoTrustedKey) {
		return false
	}
	if r.Online != nil {
		return r.Online.Valid
	}
	return r.Offline == nil
}

// toLicense converts the portal's license to the model pdfdoc prints.
func toLicense(l api.License) license.License {
	out := license.License{Number: l.Number, HolderName: l.HolderName, USCC: l.USCC, LegalRep: l.LegalRep,
		Address: l.Address, Industry: l.Industry, IndustryName: l.IndustryName, Issuer: l.Issuer, IssuedOn: l.IssuedOn}
	for _, it := range l.Items {
		out.Items = append(out.Items, license.Item{Code: it.Code, Name: it.Name, CertificateNo: it.CertificateNo,
			Department: it.Department, ValidUntil: it.ValidUntil})
	}
	for _, u := range l.Unlicensed {
		out.Unlicensed = append(out.Unlicensed, license.Unlicensed{Code: u.Code, Name: u.Name, Reason: u.Reason})
	}
	return out
}

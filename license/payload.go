package license

import (
	"crypto/ed25519"
	"encoding/binary"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"
)

// Format versions (the first byte of the binary record): format 1 is a
// license's first QR; format 2 adds the QR revision, which a change of
// details not printed on the certificate raises (一码联动: the QR is
// updated, the paper stays). Revision 1 is always written as format 1, so
// every payload has one encoding.
const (
	formatVersion  = 1
	formatRevision = 2
)

// maxRevision keeps a hostile revision number small.
const maxRevision = 10000

// Limits keep a hostile payload from costing anything and keep real ones small.
const (
	maxString = 200
	maxItems  = 24
	// MaxPayloadText bounds the payload text Parse accepts.
	MaxPayloadText = 4096
)

// domain separates license signatures from every other use of the key.
const domain = "yiye-license/1\x00"

// PayloadItem is one item as carried in the QR. Certificate numbers and
// departments are not carried (they can be long Chinese strings); the
// record digest covers them.
type PayloadItem struct {
	Code       string
	ValidUntil string // YYYY-MM-DD, or "" when the item has no date
}

// Payload is the content of a license QR code.
type Payload struct {
	VerifyURL  string // everything before '#': <base>/V/<number>
	Number     string // the last path segment of VerifyURL
	USCC       string
	HolderName string // the first MaxHolderRunes characters; the digest covers the whole name
	Industry   string
	IssuedOn   string // YYYY-MM-DD
	// Revision is the QR's revision: 1 when issued, raised by every update
	// of details the certificate does not print. An older revision of a
	// license still verifies; the portal says that a newer one exists.
	Revision   int
	Items      []PayloadItem
	Unlicensed []string // codes of items applied for and not granted
	// Digest is RecordDigest of the full license: whoever holds the license
	// record (the app, the portal) can check every printed field offline.
	Digest    [DigestSize]byte
	Signature []byte // Ed25519, over domain ‖ VerifyURL ‖ 0 ‖ Encode()
}

// MaxHolderRunes bounds the holder name carried in the QR, so a long
// company name does not push the symbol past version 10 (3 cm).
const MaxHolderRunes = 16

func shortName(s string) string {
	r := []rune(s)
	if len(r) > MaxHolderRunes {
		return string(r[:MaxHolderRunes-1]) + "…"
	}
	return s
}

// VerifyURL returns the verification URL for a license number under the
// portal's public base URL. Scheme and host are upper-cased (they are
// case-insensitive) so the QR stays alphanumeric; the path keeps its case
// and the portal answers both /V/ and /v/.
func VerifyURL(base, number string) (string, error) {
	u, err := url.Parse(strings.TrimRight(base, "/"))
	if err != nil || u.Scheme == "" || u.Host == "" {
		return "", fmt.Errorf("license: bad base URL %q", base)
	}
	if !ValidNumber(number) {
		return "", fmt.Errorf("license: bad number %q", number)
	}
	return strings.ToUpper(u.Scheme) + "://" + strings.ToUpper(u.Host) + u.EscapedPath() + "/V/" + number, nil
}

// NewPayload builds the unsigned payload of l, verified at base.
func NewPayload(l License, base string) (*Payload, error) {
	if err := l.Validate(); err != nil {
		return nil, err
	}
	vu, err := VerifyURL(base, l.Number)
	if err != nil {
		return nil, err
	}
	p := &Payload{VerifyURL: vu, Number: l.Number, USCC: l.USCC, HolderName: shortName(l.HolderName),
		Industry: l.Industry, IssuedOn: l.IssuedOn, Revision: max(l.Revision, 1)}
	for _, it := range l.Items {
		p.Items = append(p.Items, PayloadItem{Code: it.Code, ValidUntil: it.ValidUntil})
	}
	for _, u := range l.Unlicensed {
		p.Unlicensed = append(p.Unlicensed, u.Code)
	}
	p.Digest = RecordDigest(l)
	if _, err := p.Encode(); err != nil {
		return nil, err
	}
	return p, nil
}

// Encode returns the compact binary record (without signature):
// version, issued-on day, the revision (format 2 only), USCC, holder,
// industry, items (code, valid-until day; 0 for none), unlicensed codes,
// record digest. Strings are uvarint-length prefixed UTF-8; days count
// from 2000-01-01; industry and item codes from the stable tables are one
// byte (index+1), others 0 and the string.
func (p *Payload) Encode() ([]byte, error) {
	if p.Revision < 0 || p.Revision > maxRevision {
		return nil, fmt.Errorf("license: revision %d out of range", p.Revision)
	}
	b := []byte{formatVersion}
	if p.Revision > 1 {
		b[0] = formatRevision
	}
	day, err := parseDate(p.IssuedOn)
	if err != nil {
		return nil, fmt.Errorf("license: issued on: %w", err)
	}
	b = binary.AppendUvarint(b, day)
	if p.Revision > 1 {
		b = binary.AppendUvarint(b, uint64(p.Revision))
	}
	for _, s := range []string{p.USCC, p.HolderName} {
		if b, err = appendString(b, s); err != nil {
			return nil, err
		}
	}
	if b, err = appendCode(b, p.Industry, Industries); err != nil {
		return nil, err
	}
	if len(p.Items) == 0 || len(p.Items) > maxItems || len(p.Unlicensed) > maxItems {
		return nil, fmt.Errorf("license: %d items, %d unlicensed: out of range", len(p.Items), len(p.Unlicensed))
	}
	b = binary.AppendUvarint(b, uint64(len(p.Items)))
	for _, it := range p.Items {
		if b, err = appendCode(b, it.Code, ItemCodes); err != nil {
			return nil, err
		}
		d, err := validUntilDay(it.ValidUntil)
		if err != nil {
			return nil, fmt.Errorf("license: item %s: %w", it.Code, err)
		}
		b = binary.AppendUvarint(b, d)
	}
	b = binary.AppendUvarint(b, uint64(len(p.Unlicensed)))
	for _, c := range p.Unlicensed {
		if b, err = appendCode(b, c, ItemCodes); err != nil {
			return nil, err
		}
	}
	return append(b, p.Digest[:]...), nil
}

func appendCode(b []byte, code string, table []string) ([]byte, error) {
	if code == "" {
		return nil, errors.New("license: empty code")
	}
	for i, c := range table {
		if c == code {
			return binary.AppendUvarint(b, uint64(i+1)), nil
		}
	}
	return appendString(append(b, 0), code)
}

func appendString(b []byte, s string) ([]byte, error) {
	if len(s) > maxString || !utf8.ValidString(s) {
		return nil, fmt.Errorf("license: string %.20q too long or not UTF-8", s)
	}
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...), nil
}

func (p *Payload) signedMessage(body []byte) []byte {
	m := make([]byte, 0, len(domain)+len(p.VerifyURL)+1+len(body))
	m = append(m, domain...)
	m = append(m, p.VerifyURL...)
	m = append(m, 0)
	return append(m, body...)
}

// Sign signs p with the portal's key and returns the QR text.
func (p *Payload) Sign(priv ed25519.PrivateKey) (string, error) {
	if len(priv) != ed25519.PrivateKeySize {
		return "", errors.New("license: bad private key")
	}
	body, err := p.Encode()
	if err != nil {
		return "", err
	}
	p.Signature = ed25519.Sign(priv, p.signedMessage(body))
	return p.String()
}

// Sign is the one-step form: the QR text of l, verified at base, signed by priv.
func Sign(priv ed25519.PrivateKey, l License, base string) (string, error) {
	p, err := NewPayload(l, base)
	if err != nil {
		return "", err
	}
	return p.Sign(priv)
}

// String returns the QR text of a signed payload.
func (p *Payload) String() (string, error) {
	body, err := p.Encode()
	if err != nil {
		return "", err
	}
	if len(p.Signature) != ed25519.SignatureSize {
		return "", errors.New("license: payload not signed")
	}
	return p.VerifyURL + "#" + bytesToDigits(append(body, p.Signature...)), nil
}

// Errors from Parse and Verify.
var (
	ErrMalformed = errors.New("license: malformed payload")
	ErrSignature = errors.New("license: signature does not verify")
)

// Parse reads QR text into a Payload without checking the signature (see
// Verify). It accepts only the canonical encoding, so any changed byte
// either fails here or fails Verify.
func Parse(text string) (*Payload, error) {
	if len(text) > MaxPayloadText {
		return nil, fmt.Errorf("%w: too long", ErrMalformed)
	}
	i := strings.LastIndexByte(text, '#')
	if i < 0 {
		return nil, fmt.Errorf("%w: no '#'", ErrMalformed)
	}
	vu, digits := text[:i], text[i+1:]
	j := strings.LastIndex(vu, "/V/")
	if j < 0 || !strings.Contains(vu[:j], "://") {
		return nil, fmt.Errorf("%w: not a verification URL", ErrMalformed)
	}
	p := &Payload{VerifyURL: vu, Number: vu[j+3:]}
	if !ValidNumber(p.Number) {
		return nil, fmt.Errorf("%w: bad license number", ErrMalformed)
	}
	raw, err := digitsToBytes(digits)
	if err != nil {
		return nil, err
	}
	if len(raw) < ed25519.SignatureSize+2 {
		return nil, fmt.Errorf("%w: too short", ErrMalformed)
	}
	body := raw[:len(raw)-ed25519.SignatureSize]
	p.Signature = raw[len(body):]
	if err := p.decode(body); err != nil {
		return nil, err
	}
	again, err := p.Encode()
	if err != nil || string(again) != string(body) {
		return nil, fmt.Errorf("%w: not canonical", ErrMalformed)
	}
	return p, nil
}

type reader struct {
	b   []byte
	err error
}

func (r *reader) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.err = fmt.Errorf("%w: bad number", ErrMalformed)
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) code(table []string) string {
	n := r.uvarint()
	switch {
	case r.err != nil:
		return ""
	case n == 0:
		s := r.str()
		if r.err == nil && s == "" {
			r.err = fmt.Errorf("%w: empty code", ErrMalformed)
		}
		return s
	case n > uint64(len(table)):
		r.err = fmt.Errorf("%w: unknown code index", ErrMalformed)
		return ""
	}
	return table[n-1]
}

func (r *reader) str() string {
	n := r.uvarint()
	if r.err != nil {
		return ""
	}
	if n > maxString || n > uint64(len(r.b)) {
		r.err = fmt.Errorf("%w: bad string length", ErrMalformed)
		return ""
	}
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}

// maxDays keeps dates within year 2000 + ~270, far from overflow.
const maxDays = 100000

func (r *reader) day() string {
	d := r.uvarint()
	if r.err == nil && d > maxDays {
		r.err = fmt.Errorf("%w: date out of range", ErrMalformed)
	}
	return formatDate(d)
}

func (p *Payload) decode(body []byte) error {
	if body[0] != formatVersion && body[0] != formatRevision {
		return fmt.Errorf("%w: unknown version %d", ErrMalformed, body[0])
	}
	r := &reader{b: body[1:]}
	p.IssuedOn = r.day()
	p.Revision = 1
	if body[0] == formatRevision {
		// Revision 1 is written as format 1: a 2 here that re-encodes
		// differently is refused as not canonical.
		n := r.uvarint()
		if r.err == nil && (n < 2 || n > maxRevision) {
			return fmt.Errorf("%w: revision out of range", ErrMalformed)
		}
		p.Revision = int(n)
	}
	p.USCC = r.str()
	p.HolderName = r.str()
	p.Industry = r.code(Industries)
	n := r.uvarint()
	if r.err == nil && (n == 0 || n > maxItems) {
		return fmt.Errorf("%w: item count", ErrMalformed)
	}
	for k := uint64(0); k < n && r.err == nil; k++ {
		code := r.code(ItemCodes)
		until := ""
		if d := r.uvarint(); r.err == nil && d > maxDays {
			r.err = fmt.Errorf("%w: date out of range", ErrMalformed)
		} else if d > 0 {
			until = formatDate(d)
		}
		p.Items = append(p.Items, PayloadItem{Code: code, ValidUntil: until})
	}
	m := r.uvarint()
	if r.err == nil && m > maxItems {
		return fmt.Errorf("%w: unlicensed count", ErrMalformed)
	}
	for k := uint64(0); k < m && r.err == nil; k++ {
		p.Unlicensed = append(p.Unlicensed, r.code(ItemCodes))
	}
	if r.err != nil {
		return r.err
	}
	if len(r.b) < DigestSize {
		return fmt.Errorf("%w: no digest", ErrMalformed)
	}
	copy(p.Digest[:], r.b)
	r.b = r.b[DigestSize:]
	if len(r.b) != 0 {
		return fmt.Errorf("%w: trailing bytes", ErrMalformed)
	}
	return nil
}

// Verify checks p's signature with the portal's license key.
func Verify(p *Payload, key ed25519.PublicKey) error {
	if len(key) != ed25519.PublicKeySize {
		return errors.New("license: bad public key")
	}
	body, err := p.Encode()
	if err != nil {
		return err
	}
	if len(p.Signature) != ed25519.SignatureSize || !ed25519.Verify(key, p.signedMessage(body), p.Signature) {
		return ErrSignature
	}
	return nil
}

// VerifyText parses and verifies QR text in one step.
func VerifyText(text string, key ed25519.PublicKey) (*Payload, error) {
	p, err := Parse(text)
	if err != nil {
		return nil, err
	}
	if err := Verify(p, key); err != nil {
		return nil, err
	}
	return p, nil
}

// Matches reports whether the payload was made from exactly l: number,
// holder, USCC, dates, items, the revision and, through the digest, every
// other field.
func (p *Payload) Matches(l License) bool {
	q, err := NewPayload(l, "http://x")
	if err != nil {
		return false
	}
	a, err1 := p.Encode()
	b, err2 := q.Encode()
	return err1 == nil && err2 == nil && string(a) == string(b) && p.Number == l.Number
}

// Package license models the comprehensive industry license (行业综合许可证)
// and its signed QR payload.
//
// The payload is text that starts with the license's verification URL, so
// a phone camera opens the live page, and carries after '#' (a fragment,
// never sent to the server) a compact binary record of the license plus an
// Ed25519 signature, written as decimal digits:
//
//	HTTP://127.0.0.1:8080/V/1505252026010001#0123456789...
//
// The URL is upper case and the tail is digits so the QR code uses its
// alphanumeric and numeric modes (about 5.5 and 3.3 bits a character); a
// three-item license fits a version 10 symbol at ECC level M, which prints
// at 3 cm with modules of about 0.5 mm. Yiye verifies the payload offline
// with the portal's license key, which the signed catalog bundle carries
// (package bundle); revocation is only visible online, on the verify page.
package license

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"regexp"
	"time"
)

// Item is one integrated single-item license.
type Item struct {
	Code          string `json:"code"` // approval item code, e.g. SPJY
	Name          string `json:"name"`
	CertificateNo string `json:"certificate_no"`
	Department    string `json:"department"`
	// ValidUntil is the last day of validity (YYYY-MM-DD), or "" when the
	// item has no fixed validity or its validity is not known (the single
	// certificate shows it); a date is never made up.
	ValidUntil string `json:"valid_until"`
}

// Unlicensed is an applied-for item that was not granted, with the reason.
type Unlicensed struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	Reason string `json:"reason"`
}

// License is the comprehensive license as issued.
type License struct {
	Number       string       `json:"number"`
	HolderName   string       `json:"holder_name"`
	USCC         string       `json:"uscc"`
	LegalRep     string       `json:"legal_rep"`
	Address      string       `json:"address"`
	Industry     string       `json:"industry"` // industry code, e.g. convenience-store
	IndustryName string       `json:"industry_name"`
	Items        []Item       `json:"items"`
	Unlicensed   []Unlicensed `json:"unlicensed,omitempty"`
	Issuer       string       `json:"issuer"`
	IssuedOn     string       `json:"issued_on"` // YYYY-MM-DD
	// Revision is the QR's revision (0 or 1: the first). It is carried
	// and signed in the payload itself, not in the record digest: a
	// change of details the certificate does not print raises it and
	// leaves every printed field, and the digest, as they were.
	Revision int `json:"-"`
}

// ItemNames maps the stable approval item codes to their official names,
// so an offline verifier can name the items a payload carries.
var ItemNames = map[string]string{
	"SPJY": "食品经营许可",
	"GGWS": "公共场所卫生许可",
	"YPLS": "药品零售企业许可",
	"YCLS": "烟草专卖零售许可证核发",
	"XFJC": "公众聚集场所投入使用、营业前消防安全检查",
	"SPDJ": "食品生产经营登记",
	"GWTY": "经营高危险性体育项目许可",
	"TZHY": "特种行业经营许可（旅馆业）",
	"PSXK": "排水许可证",
	"HPBG": "环境影响报告表审批",
	"CBLS": "出版物零售单位设立审批",
	"CBWF": "出版物网上发行备案",
}

var numberRE = regexp.MustCompile(`^[0-9A-Z][0-9A-Z-]{2,38}[0-9A-Z]$`)

// ValidNumber reports whether s can be a license number: 4–40 characters of
// 0-9, A-Z and inner '-', so it stays in the QR alphanumeric set.
func ValidNumber(s string) bool { return numberRE.MatchString(s) }

// Validate checks what the payload needs: a valid number, an 18-character
// USCC, dates as YYYY-MM-DD (an item's valid-until may be empty) and at
// least one item.
func (l *License) Validate() error {
	if !ValidNumber(l.Number) {
		return fmt.Errorf("license: bad number %q", l.Number)
	}
	if len(l.USCC) != 18 {
		return fmt.Errorf("license: USCC must have 18 characters, got %q", l.USCC)
	}
	if l.HolderName == "" {
		return fmt.Errorf("license: holder name missing")
	}
	if _, err := parseDate(l.IssuedOn); err != nil {
		return fmt.Errorf("license: issued on: %w", err)
	}
	if len(l.Items) == 0 {
		return fmt.Errorf("license: no items")
	}
	for _, it := range l.Items {
		if it.Code == "" || it.CertificateNo == "" {
			return fmt.Errorf("license: item without code or certificate number")
		}
		if _, err := validUntilDay(it.ValidUntil); err != nil {
			return fmt.Errorf("license: item %s valid until: %w", it.Code, err)
		}
	}
	return nil
}

// epoch is day 0 of the payload's day counts.
var epoch = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

func parseDate(s string) (uint64, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return 0, err
	}
	if t.Before(epoch) {
		return 0, fmt.Errorf("date %s before 2000-01-01", s)
	}
	return uint64(t.Sub(epoch).Hours() / 24), nil
}

// validUntilDay is the payload's day count of a valid-until date: 0 for
// "" (no date), so a real date must be after 2000-01-01.
func validUntilDay(s string) (uint64, error) {
	if s == "" {
		return 0, nil
	}
	d, err := parseDate(s)
	if err == nil && d == 0 {
		err = fmt.Errorf("date %s not after 2000-01-01", s)
	}
	return d, err
}

func formatDate(days uint64) string {
	return epoch.AddDate(0, 0, int(days)).Format(time.DateOnly)
}

// Industries lists the stable industry codes in annex 1 order; the payload
// writes a listed code as its index+1 (one byte).
var Industries = []string{"convenience-store", "supermarket", "restaurant", "small-catering",
	"fresh-food", "bakery", "cafe-teahouse", "bar", "bathhouse", "gym", "beauty-salon",
	"hotel", "pharmacy", "maternity-baby", "bookstore"}

// ItemCodes lists the stable approval item codes; never reorder, only append.
var ItemCodes = []string{"SPJY", "GGWS", "YPLS", "YCLS", "XFJC", "SPDJ", "GWTY", "TZHY",
	"PSXK", "HPBG", "CBLS", "CBWF"}

// DigestSize is the length of the record digest carried in the payload.
const DigestSize = 8

// RecordDigest is the first 8 bytes of SHA-256 over l's canonical JSON
// (struct field order, no maps), binding every printed field to the QR.
func RecordDigest(l License) [DigestSize]byte {
	b, _ := json.Marshal(l) // cannot fail: only strings and slices
	sum := sha256.Sum256(append([]byte("yiye-license-record/1\x00"), b...))
	var d [DigestSize]byte
	copy(d[:], sum[:])
	return d
}

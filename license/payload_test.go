package license

import (
	"crypto/ed25519"
	"encoding/binary"
	"errors"
	"image"
	"os"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	zxqr "github.com/makiuchi-d/gozxing/qrcode"
	qrcode "github.com/skip2/go-qrcode"
)

// testKey is deterministic so failures reproduce.
func testKey() ed25519.PrivateKey {
	return ed25519.NewKeyFromSeed([]byte("yiye-license-test-seed-32-bytes!"))
}

func demoLicense() License {
	return License{
		Number: "1505252026010001", HolderName: "示例便利店（演示）", USCC: "92150525MA0R123448",
		LegalRep: "张三（演示）", Address: "内蒙古自治区通辽市奈曼旗大沁他拉镇示例路1号（演示）",
		Industry: "convenience-store", IndustryName: "便利店",
		Items: []Item{
			{Code: "SPJY", Name: ItemNames["SPJY"], CertificateNo: "JY11505250012345", Department: "奈曼旗市场监督管理局（演示）", ValidUntil: "2031-11-23"},
			{Code: "GGWS", Name: ItemNames["GGWS"], CertificateNo: "蒙卫公证字〔2026〕第150525000123号", Department: "奈曼旗卫生健康委员会（演示）", ValidUntil: "2030-11-23"},
			{Code: "YCLS", Name: ItemNames["YCLS"], CertificateNo: "150525202600123", Department: "奈曼旗烟草专卖局（演示）", ValidUntil: "2031-11-23"},
		},
		Issuer: "奈曼旗政务服务局（演示）", IssuedOn: "2026-11-24",
	}
}

const base = "http://127.0.0.1:8080"

func TestSignParseVerify(t *testing.T) {
	priv := testKey()
	pub := priv.Public().(ed25519.PublicKey)
	l := demoLicense()
	text, err := Sign(priv, l, base)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(text, "HTTP://127.0.0.1:8080/V/1505252026010001#") {
		t.Fatalf("payload does not start with the verify URL: %s", text)
	}
	p, err := VerifyText(text, pub)
	if err != nil {
		t.Fatal(err)
	}
	if p.Number != l.Number || p.HolderName != l.HolderName || p.USCC != l.USCC || len(p.Items) != 3 ||
		p.Items[2].ValidUntil != "2031-11-23" || p.IssuedOn != l.IssuedOn {
		t.Fatalf("round trip lost data: %+v", p)
	}
	if !p.Matches(l) {
		t.Fatal("payload should match its license")
	}
	l2 := l
	l2.Items = append([]Item(nil), l.Items...)
	l2.Items[0].ValidUntil = "2032-01-01"
	if p.Matches(l2) {
		t.Fatal("payload matched a different license")
	}
	l3 := l
	l3.Items = append([]Item(nil), l.Items...)
	l3.Items[1].CertificateNo += "X" // not carried itself, but covered by the digest
	if p.Matches(l3) {
		t.Fatal("digest missed a changed certificate number")
	}
	if p.Items[0].Code != "SPJY" || p.Industry != "convenience-store" {
		t.Fatalf("codes: %+v", p)
	}
	other := ed25519.NewKeyFromSeed(make([]byte, 32)).Public().(ed25519.PublicKey)
	if err := Verify(p, other); !errors.Is(err, ErrSignature) {
		t.Fatalf("wrong key: got %v", err)
	}
}

// Every single-character change must fail Parse or Verify.
func TestTamperAnyByte(t *testing.T) {
	priv := testKey()
	pub := priv.Public().(ed25519.PublicKey)
	l := demoLicense()
	l.Unlicensed = []Unlicensed{{Code: "XFJC", Reason: "示例"}}
	text, err := Sign(priv, l, base)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < len(text); i++ {
		for _, repl := range []byte{'0', '9', 'A', '/', '#'} {
			if text[i] == repl {
				continue
			}
			b := []byte(text)
			b[i] = repl
			if _, err := VerifyText(string(b), pub); err == nil {
				t.Fatalf("changing byte %d (%q→%q) still verifies", i, text[i], repl)
			}
		}
	}
	// Dropping or adding characters also fails.
	for _, s := range []string{text[:len(text)-1], text + "0", text[1:], strings.Replace(text, "/V/", "/v/", 1)} {
		if _, err := VerifyText(s, pub); err == nil {
			t.Fatalf("altered payload verifies: %q", s)
		}
	}
}

func TestQRSizeAndScan(t *testing.T) {
	text, err := Sign(testKey(), demoLicense(), "https://yiye.naiman.example.gov.cn")
	if err != nil {
		t.Fatal(err)
	}
	q, err := qrcode.New(text, qrcode.Medium)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("payload %d chars, QR version %d at ECC M", len(text), q.VersionNumber)
	if q.VersionNumber > 10 {
		t.Fatalf("QR version %d > 10: too dense for 3 cm", q.VersionNumber)
	}
	// 3 cm at 300 dpi is 354 pixels: about 5 pixels a module at version 10.
	img := q.Image(354)
	got := scan(t, img)
	if got != text {
		t.Fatalf("scanned text differs:\n got %q\nwant %q", got, text)
	}
	if _, err := VerifyText(got, testKey().Public().(ed25519.PublicKey)); err != nil {
		t.Fatal(err)
	}
}

// A long name, five items, an unlicensed one and a long URL still fit version 10.
func TestQRWorstCase(t *testing.T) {
	l := demoLicense()
	l.HolderName = "奈曼旗示例餐饮管理有限责任公司第一分店（演示）"
	for _, c := range []string{"XFJC", "PSXK"} {
		l.Items = append(l.Items, Item{Code: c, CertificateNo: "1", ValidUntil: "2031-01-01"})
	}
	l.Unlicensed = []Unlicensed{{Code: "HPBG", Reason: "x"}}
	text, err := Sign(testKey(), l, "https://zwfw.naiman.example.gov.cn/yiye")
	if err != nil {
		t.Fatal(err)
	}
	q, err := qrcode.New(text, qrcode.Medium)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("worst case: %d chars, version %d", len(text), q.VersionNumber)
	if q.VersionNumber > 10 {
		t.Fatalf("version %d", q.VersionNumber)
	}
	p, err := VerifyText(scan(t, q.Image(354)), testKey().Public().(ed25519.PublicKey))
	if err != nil {
		t.Fatal(err)
	}
	if p.HolderName != "奈曼旗示例餐饮管理有限责任公司…" || !p.Matches(l) || len(p.Items) != 5 {
		t.Fatalf("%q %v", p.HolderName, p.Matches(l))
	}
}

func scan(t *testing.T, img image.Image) string {
	t.Helper()
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := zxqr.NewQRCodeReader().Decode(bmp, nil)
	if err != nil {
		t.Fatal(err)
	}
	return res.GetText()
}

func TestDigitsRoundTrip(t *testing.T) {
	for n := 0; n < 40; n++ {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(255 - i*7)
		}
		got, err := digitsToBytes(bytesToDigits(b))
		if err != nil || string(got) != string(b) {
			t.Fatalf("n=%d: %v %x", n, err, got)
		}
	}
	for _, bad := range []string{"1", "99999999999999999", "256", "12a", "65536"} {
		if _, err := digitsToBytes(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestValidate(t *testing.T) {
	cases := map[string]func(*License){
		"number":  func(l *License) { l.Number = "no/slash" },
		"uscc":    func(l *License) { l.USCC = "123" },
		"holder":  func(l *License) { l.HolderName = "" },
		"issued":  func(l *License) { l.IssuedOn = "2026-13-01" },
		"items":   func(l *License) { l.Items = nil },
		"until":   func(l *License) { l.Items = []Item{{Code: "SPJY", CertificateNo: "1", ValidUntil: "x"}} },
		"oldDate": func(l *License) { l.IssuedOn = "1999-12-31" },
	}
	for name, mut := range cases {
		l := demoLicense()
		mut(&l)
		if _, err := Sign(testKey(), l, base); err == nil {
			t.Errorf("%s: invalid license signed", name)
		}
	}
}

func FuzzParse(f *testing.F) {
	good, _ := Sign(testKey(), demoLicense(), base)
	f.Add(good)
	revised := demoLicense()
	revised.Revision = 3
	good3, _ := Sign(testKey(), revised, base)
	f.Add(good3)
	f.Add("HTTP://X/V/ABCD#123")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		p, err := Parse(s)
		if err != nil {
			return
		}
		// A parsed payload re-serialises to exactly the same text.
		again, err := p.String()
		if err != nil || again != s {
			t.Fatalf("not canonical: %q → %q (%v)", s, again, err)
		}
		if s != good && s != good3 {
			if Verify(p, testKey().Public().(ed25519.PublicKey)) == nil {
				t.Fatalf("forged payload verifies: %q", s)
			}
		}
	})
}

func BenchmarkSign(b *testing.B) {
	priv, l := testKey(), demoLicense()
	for b.Loop() {
		if _, err := Sign(priv, l, base); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVerifyText(b *testing.B) {
	priv := testKey()
	pub := priv.Public().(ed25519.PublicKey)
	text, _ := Sign(priv, demoLicense(), base)
	for b.Loop() {
		if _, err := VerifyText(text, pub); err != nil {
			b.Fatal(err)
		}
	}
}

// TestGoldenPayload pins format 1: a change to the encoding breaks every
// printed license, so it must be deliberate (a new version byte).
func TestGoldenPayload(t *testing.T) {
	text, err := Sign(testKey(), demoLicense(), base)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("testdata/golden-v1.txt")
	if os.IsNotExist(err) && os.Getenv("YIYE_WRITE_GOLDEN") != "" {
		os.WriteFile("testdata/golden-v1.txt", []byte(text+"\n"), 0o644)
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	if strings.TrimSpace(string(want)) != text {
		t.Fatalf("payload format changed:\n got %s\nwant %s", text, want)
	}
}

// TestItemWithoutValidity: an item whose validity is not fixed (the fire
// opinion, or one the facts do not know) carries no date; it round-trips
// as "" and never becomes a made-up day.
func TestItemWithoutValidity(t *testing.T) {
	priv := testKey()
	pub := priv.Public().(ed25519.PublicKey)
	l := demoLicense()
	l.Items = append([]Item(nil), l.Items...)
	l.Items = append(l.Items, Item{Code: "XFJC", Name: ItemNames["XFJC"], CertificateNo: "XF2026-0001", Department: "奈曼旗消防救援大队（演示）"})
	text, err := Sign(priv, l, base)
	if err != nil {
		t.Fatal(err)
	}
	p, err := VerifyText(text, pub)
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Items[3]; got.Code != "XFJC" || got.ValidUntil != "" {
		t.Fatalf("item without validity came back as %+v", got)
	}
	if !p.Matches(l) {
		t.Fatal("payload does not match its license")
	}
	l2 := l
	l2.Items = append([]Item(nil), l.Items...)
	l2.Items[3].ValidUntil = "2031-11-23"
	if p.Matches(l2) {
		t.Fatal("a dated item matched an undated one")
	}
	for _, bad := range []string{"2000-01-01", "1999-12-31", "someday"} {
		l2.Items[3].ValidUntil = bad
		if err := l2.Validate(); err == nil {
			t.Errorf("valid until %q accepted", bad)
		}
	}
}

// TestRevisions: a license's QR can be re-issued with a higher revision
// (details not printed on it changed). Revision 1 keeps format 1 byte for
// byte; later ones use format 2; each verifies and matches only the
// revision it was made for, and the digest is the same for all.
func TestRevisions(t *testing.T) {
	priv := testKey()
	pub := priv.Public().(ed25519.PublicKey)
	first, err := Sign(priv, demoLicense(), base)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name     string
		revision int
		format   byte
	}{
		{"unset is the first", 0, formatVersion},
		{"first", 1, formatVersion},
		{"second", 2, formatRevision},
		{"large", maxRevision, formatRevision},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := demoLicense()
			l.Revision = tc.revision
			text, err := Sign(priv, l, base)
			if err != nil {
				t.Fatal(err)
			}
			p, err := VerifyText(text, pub)
			if err != nil {
				t.Fatal(err)
			}
			want := max(tc.revision, 1)
			if p.Revision != want {
				t.Fatalf("revision %d, want %d", p.Revision, want)
			}
			body, _ := p.Encode()
			if body[0] != tc.format {
				t.Fatalf("format %d, want %d", body[0], tc.format)
			}
			if (text == first) != (want == 1) {
				t.Fatalf("revision %d payload equal to the first: %v", want, text == first)
			}
			if !p.Matches(l) {
				t.Fatal("payload does not match its license")
			}
			other := l
			other.Revision = want + 1
			if p.Matches(other) {
				t.Fatal("payload matched another revision")
			}
			if p.Digest != RecordDigest(demoLicense()) {
				t.Fatal("the revision changed the record digest")
			}
		})
	}
	l := demoLicense()
	l.Revision = maxRevision + 1
	if _, err := Sign(priv, l, base); err == nil {
		t.Fatal("a revision out of range was signed")
	}
}

// TestRevisionOneInFormatTwoRefused: format 2 must not carry revision 1
// (that payload has a format 1 encoding), so each payload has one text.
func TestRevisionOneInFormatTwoRefused(t *testing.T) {
	l := demoLicense()
	l.Revision = 2
	p, err := NewPayload(l, base)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := p.Encode()
	// The revision varint follows the version byte and the issued-on day.
	_, n := binary.Uvarint(body[1:])
	forged := append([]byte{}, body...)
	forged[1+n] = 1
	p.Signature = make([]byte, ed25519.SignatureSize)
	text := p.VerifyURL + "#" + bytesToDigits(append(forged, p.Signature...))
	if _, err := Parse(text); !errors.Is(err, ErrMalformed) {
		t.Fatalf("revision 1 in format 2: %v", err)
	}
}

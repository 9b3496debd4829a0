package forms

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/naiman-yiye/yiye/usererr"
)

func code(e *usererr.Error) string {
	if e == nil {
		return ""
	}
	return e.Code
}

func TestCheckUSCC(t *testing.T) {
	tests := []struct {
		in, code, msg string
	}{
		{"91350100M000100Y43", "", ""},      // GB 32100 standard example (facts §15.1)
		{"92150525MA0R123448", "", ""},      // synthetic Naiman individual business
		{"91350100m000100y43", "", ""},      // lower case accepted
		{" 9135 0100 M000 100Y43 ", "", ""}, // spaces accepted
		{"９１３５０１００Ｍ０００１００Ｙ４３", "", ""},      // full-width input
		{"91350100M000100Y44", "forms.uscc.checksum", "应为 3"},
		{"92150525MA0R123447", "forms.uscc.checksum", "应为 8"},
		{"91350100M000100Y4", "forms.uscc.length", "17 位"},
		{"91350100M000100Y433", "forms.uscc.length", "19 位"},
		{"91350100I000100Y43", "forms.uscc.charset", "第 9 位“I”"},
		{"91350100M000100Y4中", "forms.uscc.charset", "第 18 位“中”"},
		{"91350100M0001-0Y43", "forms.uscc.charset", "第 14 位"},
		{"", "forms.required", ""},
	}
	for _, tc := range tests {
		e := CheckUSCC(tc.in)
		if code(e) != tc.code {
			t.Errorf("CheckUSCC(%q) = %v (%s), want %s", tc.in, e, code(e), tc.code)
			continue
		}
		if e != nil && (!strings.Contains(e.ZH, tc.msg) || e.EN == "") {
			t.Errorf("CheckUSCC(%q) message %q / %q, want it to mention %q", tc.in, e.ZH, e.EN, tc.msg)
		}
	}
}

// A code can pass GB 32100 yet fail GB 11714 (bodies not assigned as
// organisation codes); it must be accepted with an advisory notice only.
func TestUSCCOrgCodeIsAdvisoryOnly(t *testing.T) {
	for _, c := range []string{"91350100M000100Y43", "92150525MA0R123448"} {
		if CheckOrgCode(c[8:17]) != nil || USCCOrgCodeNotice(c) != nil {
			t.Errorf("%s: GB 11714 should pass", c)
		}
	}
	// Build a code whose body breaks GB 11714, then give it a correct
	// GB 32100 check character.
	body := "92150525MA0R12340" // last body char changed
	sum := 0
	for i := 0; i < 17; i++ {
		sum += strings.IndexByte(usccCharset, body[i]) * usccWeights[i]
	}
	c := body + string(usccCharset[(31-sum%31)%31])
	if e := CheckUSCC(c); e != nil {
		t.Fatalf("CheckUSCC(%s) = %v; the GB 32100 check alone decides validity", c, e)
	}
	if CheckOrgCode(c[8:17]) == nil {
		t.Fatalf("test code %s should fail GB 11714", c)
	}
	if n := USCCOrgCodeNotice(c); n == nil || n.Code != "forms.uscc.orgcode" {
		t.Errorf("USCCOrgCodeNotice(%s) = %v, want advisory notice", c, n)
	}
	s, _ := Build([]string{"SPJY"})
	ck := s.CheckField("uscc", Values{"uscc": c})
	if ck.Err != nil || ck.Warn == nil {
		t.Errorf("CheckField: err %v warn %v; want no error and a warning", ck.Err, ck.Warn)
	}
	if USCCOrgCodeNotice("garbage") != nil {
		t.Error("notice on an invalid code")
	}
}

func TestCheckOrgCode(t *testing.T) {
	for in, want := range map[string]string{
		"M000100Y4":  "",
		"MA0R12344":  "",
		"M000100-Y4": "", // hyphenated as printed on old certificates
		"M000100Y5":  "forms.orgcode.checksum",
		"M00010*Y4":  "forms.orgcode.charset",
		"M000100Y":   "forms.orgcode.length",
	} {
		if got := code(CheckOrgCode(in)); got != want {
			t.Errorf("CheckOrgCode(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCheckIDNumber(t *testing.T) {
	today := time.Date(2026, 11, 24, 15, 0, 0, 0, time.UTC)
	tests := []struct{ in, code, msg string }{
		{"11010519491231002X", "", ""}, // GB 11643 standard example (facts §15.2)
		{"11010519491231002x", "", ""}, // lower-case x
		{"150525199001011237", "", ""}, // synthetic Naiman number
		{"150525199001011238", "forms.id.checksum", "应为 7"},
		{"110105194912310021", "forms.id.checksum", "应为 X"},
		{"990525199001011237", "forms.id.region", "“99”"},
		{"000525199001011237", "forms.id.region", ""},
		{"150525199002301234", "forms.id.birth_date", "1990-02-30"},
		{"150525199013011234", "forms.id.birth_date", ""},
		{"150525189912311234", "forms.id.birth_date", ""},
		{"150525202611251234", "forms.id.birth_future", "2026-11-25"},
		{"15052519900101123", "forms.id.length", "17 位"},
		{"150525900101123", "forms.id.old15", "15 位"},
		{"1505251990010112A7", "forms.id.charset", ""},
		{"15052519900101123Y", "forms.id.charset", ""},
		{"15052519900101123中", "forms.id.charset", ""},
		{"", "forms.required", ""},
	}
	for _, tc := range tests {
		e := CheckIDNumberAt(tc.in, today)
		if code(e) != tc.code {
			t.Errorf("CheckIDNumberAt(%q) = %v (%s), want %s", tc.in, e, code(e), tc.code)
			continue
		}
		if e != nil && (!strings.Contains(e.ZH, tc.msg) || e.EN == "") {
			t.Errorf("CheckIDNumberAt(%q) message %q, want it to mention %q", tc.in, e.ZH, tc.msg)
		}
	}
	// Born today is fine.
	if e := CheckIDNumberAt("150525202611241230", today); code(e) == "forms.id.birth_future" {
		t.Errorf("born today rejected: %v", e)
	}
}

func TestCheckIDDocument(t *testing.T) {
	for _, tc := range []struct{ typ, in, code string }{
		{"", "150525199001011237", ""},
		{"resident_id", "150525199001011238", "forms.id.checksum"},
		{"passport", "E12345678", ""},
		{"hk_macao_permit", "H1234567801", ""},
		{"passport", "E1", "forms.id.document"},
		{"passport", "E12 345 678", ""},
		{"passport", "护照123456", "forms.id.document"},
		{"passport", "", "forms.required"},
	} {
		if got := code(CheckIDDocument(tc.typ, tc.in)); got != tc.code {
			t.Errorf("CheckIDDocument(%s, %q) = %q, want %q", tc.typ, tc.in, got, tc.code)
		}
	}
}

func TestCheckMobileAndPhone(t *testing.T) {
	for in, want := range map[string]string{
		"13912345678":     "",
		"139 1234 5678":   "",
		"139-1234-5678":   "",
		"+86 13912345678": "",
		"008613912345678": "",
		"8613912345678":   "",
		"１３９１２３４５６７８":     "",
		"1391234567":      "forms.mobile.length",
		"139123456789":    "forms.mobile.length",
		"12912345678":     "forms.mobile.prefix",
		"23912345678":     "forms.mobile.prefix",
		"1391234567a":     "forms.mobile.charset",
		"":                "forms.required",
		"0475-4212345":    "forms.mobile.prefix", // a landline is not a mobile
	} {
		if got := code(CheckMobile(in)); got != want {
			t.Errorf("CheckMobile(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"0475-4212345":     "",
		"04754212345":      "",
		"010-12345678":     "",
		"0475-4212345-801": "",
		"13912345678":      "",
		"0475-42":          "forms.phone.length",
		"0475-421234a":     "forms.phone.format",
		"0475-1-2-3":       "forms.phone.format",
		"+86 0475-4212345": "",
		"1391234567":       "forms.mobile.length",
	} {
		if got := code(CheckPhone(in)); got != want {
			t.Errorf("CheckPhone(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCheckEmailURL(t *testing.T) {
	for in, want := range map[string]string{
		"a@example.com": "", "li.ming@naiman.gov.cn": "", "a@b": "forms.email.format",
		"Li <a@example.com>": "forms.email.format", "not an email": "forms.email.format",
	} {
		if got := code(CheckEmail(in)); got != want {
			t.Errorf("CheckEmail(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"https://shop.example.com/x": "", "http://a.cn": "", "shop.example.com": "forms.url.format",
		"ftp://a.cn": "forms.url.format", "https://": "forms.url.format", "https://a b.cn": "forms.url.format",
	} {
		if got := code(CheckURL(in)); got != want {
			t.Errorf("CheckURL(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseArea(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		code string
	}{
		{"120", 120, ""}, {"120.5", 120.5, ""}, {"120.55", 120.55, ""}, {"０.５", 0.5, ""}, {" 85 ", 85, ""},
		{"120。5", 120.5, ""}, // Chinese full stop typed as the decimal point
		{"120.555", 0, "forms.number.decimals"}, {"0", 0, "forms.area.zero"}, {"0.00", 0, "forms.area.zero"},
		{"-5", 0, "forms.number.negative"}, {"1e3", 0, "forms.number.format"}, {"1,200", 0, "forms.number.format"},
		{".5", 0, "forms.number.format"}, {"5.", 0, "forms.number.format"}, {"abc", 0, "forms.number.format"},
		{"100001", 0, "forms.area.range"}, {"", 0, "forms.required"}, {"NaN", 0, "forms.number.format"},
		{"99999999999999", 0, "forms.number.range"},
	}
	for _, tc := range tests {
		got, e := ParseArea(tc.in, 100000)
		if code(e) != tc.code || (e == nil && got != tc.want) {
			t.Errorf("ParseArea(%q) = %v, %v; want %v, %s", tc.in, got, e, tc.want, tc.code)
		}
	}
}

func TestParseCount(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
		code string
	}{
		{"12", 12, ""}, {"１２", 12, ""}, {"0", 0, "forms.count.range"}, {"1.5", 0, "forms.count.format"},
		{"-1", 0, "forms.number.negative"}, {"100001", 0, "forms.count.range"}, {"9999999999999", 0, "forms.count.range"},
		{"", 0, "forms.required"}, {"十二", 0, "forms.count.format"},
	} {
		got, e := ParseCount(tc.in, 1, 100000)
		if code(e) != tc.code || got != tc.want {
			t.Errorf("ParseCount(%q) = %d, %v; want %d, %s", tc.in, got, e, tc.want, tc.code)
		}
	}
}

func TestParseDate(t *testing.T) {
	for _, tc := range []struct{ in, want, code string }{
		{"2026-01-05", "2026-01-05", ""}, {"2026/1/5", "2026-01-05", ""}, {"2026.1.5", "2026-01-05", ""},
		{"2026年1月5日", "2026-01-05", ""}, {"２０２６－０１－０５", "2026-01-05", ""}, {"2028-02-29", "2028-02-29", ""},
		{"2026-02-29", "", "forms.date.invalid"}, {"2026-13-01", "", "forms.date.invalid"}, {"2026-04-31", "", "forms.date.invalid"},
		{"05-01-2026", "", "forms.date.format"}, {"01/05/2026", "", "forms.date.format"}, {"20260105", "", "forms.date.format"},
		{"2026-1", "", "forms.date.format"}, {"1800-01-01", "", "forms.date.range"}, {"", "", "forms.required"},
	} {
		got, e := ParseDate(tc.in)
		if code(e) != tc.code || (e == nil && got.Format("2006-01-02") != tc.want) {
			t.Errorf("ParseDate(%q) = %v, %v; want %s, %s", tc.in, got, e, tc.want, tc.code)
		}
	}
}

// Every validator must return nil or a complete bilingual error, never
// panic, and accept only what its normal form also accepts.
func checkErr(t *testing.T, what, in string, e *usererr.Error) {
	if e != nil && (e.Code == "" || e.ZH == "" || e.EN == "" || !utf8.ValidString(e.ZH)) {
		t.Fatalf("%s(%q): incomplete error %+v", what, in, e)
	}
}

func FuzzCheckUSCC(f *testing.F) {
	for _, s := range []string{"91350100M000100Y43", "92150525MA0R123448", "", "9135010", "ｉ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e := CheckUSCC(s)
		checkErr(t, "CheckUSCC", s, e)
		if e == nil && CheckUSCC(NormalizeUSCC(s)) != nil {
			t.Fatalf("normal form of valid %q rejected", s)
		}
		checkErr(t, "USCCOrgCodeNotice", s, USCCOrgCodeNotice(s))
		checkErr(t, "CheckOrgCode", s, CheckOrgCode(s))
	})
}

func FuzzCheckIDNumber(f *testing.F) {
	for _, s := range []string{"11010519491231002X", "150525199001011237", "", "15052519900230123X", "中"} {
		f.Add(s)
	}
	today := time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		e := CheckIDNumberAt(s, today)
		checkErr(t, "CheckIDNumber", s, e)
		if e == nil {
			n := NormalizeIDNumber(s)
			if len(n) != 18 || CheckIDNumberAt(n, today) != nil {
				t.Fatalf("valid %q has bad normal form %q", s, n)
			}
		}
		checkErr(t, "CheckIDDocument", s, CheckIDDocument("passport", s))
	})
}

func FuzzPhones(f *testing.F) {
	for _, s := range []string{"13912345678", "+86 139-1234-5678", "0475-4212345", "", "a@b.cn", "https://x.cn"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e := CheckMobile(s)
		checkErr(t, "CheckMobile", s, e)
		if e == nil && len(NormalizeMobile(s)) != 11 {
			t.Fatalf("valid mobile %q normalizes to %q", s, NormalizeMobile(s))
		}
		checkErr(t, "CheckPhone", s, CheckPhone(s))
		checkErr(t, "CheckEmail", s, CheckEmail(s))
		checkErr(t, "CheckURL", s, CheckURL(s))
	})
}

func FuzzNumbers(f *testing.F) {
	for _, s := range []string{"120.5", "0", "-1", "1e9", "１２", "99999999999", ".", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, e := ParseArea(s, 100000)
		checkErr(t, "ParseArea", s, e)
		if e == nil && (v <= 0 || v > 100000) {
			t.Fatalf("ParseArea(%q) = %v out of range", s, v)
		}
		n, e := ParseCount(s, 0, 1000)
		checkErr(t, "ParseCount", s, e)
		if e == nil && (n < 0 || n > 1000) {
			t.Fatalf("ParseCount(%q) = %d out of range", s, n)
		}
		_, e = ParseDecimal(s, 6)
		checkErr(t, "ParseDecimal", s, e)
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2026-01-05", "2026年1月5日", "2026/2/30", "", "0000-00-00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, e := ParseDate(s)
		checkErr(t, "ParseDate", s, e)
		if e == nil {
			// The canonical form parses back to the same day.
			d2, e2 := ParseDate(d.Format("2006-01-02"))
			if e2 != nil || !d2.Equal(d) {
				t.Fatalf("ParseDate(%q) = %v does not round-trip", s, d)
			}
		}
	})
}

// TestUSCCEntityNotice: GB 32100's first two characters name the
// registration authority (9: market regulation) and the entity type (1
// enterprise, 2 individual business, 3 farmers' cooperative). A code that
// does not match the chosen entity type is warned about, never refused.
func TestUSCCEntityNotice(t *testing.T) {
	tests := []struct {
		code, entity string
		warn         bool
		mention      string
	}{
		{"91350100M000100Y43", "enterprise", false, ""},
		{"92150525MA0R123448", "individual", false, ""},
		{"91350100M000100Y43", "individual", true, "92"},
		{"92150525MA0R123448", "enterprise", true, "91"},
		{"91350100M000100Y43", "cooperative", true, "93"},
		{"91350100m000100y43", "individual", true, "92"}, // typed in lower case
		{"91350100M000100Y43", "", false, ""},            // type not known yet
		{"91350100M000100Y43", "unknown_type", false, ""},
		{"91350100M000100Y44", "individual", false, ""}, // invalid code: its own error, no notice
		{"", "individual", false, ""},
	}
	for _, tc := range tests {
		t.Run(tc.code+"/"+tc.entity, func(t *testing.T) {
			e := USCCEntityNotice(tc.code, tc.entity)
			if (e != nil) != tc.warn {
				t.Fatalf("USCCEntityNotice = %v, want warning %v", e, tc.warn)
			}
			if e == nil {
				return
			}
			if e.Code != "forms.uscc.entity_type" || !strings.Contains(e.ZH, tc.mention) || !strings.Contains(e.EN, tc.mention) || e.EN == "" {
				t.Errorf("message %q / %q, want both to mention %q", e.ZH, e.EN, tc.mention)
			}
		})
	}
}

func FuzzUSCCEntityNotice(f *testing.F) {
	for _, s := range []string{"91350100M000100Y43", "92150525MA0R123448", "", "9"} {
		f.Add(s, "individual")
		f.Add(s, "enterprise")
	}
	f.Fuzz(func(t *testing.T, code, entity string) {
		e := USCCEntityNotice(code, entity)
		checkErr(t, "USCCEntityNotice", code, e)
		if e != nil && CheckUSCC(code) != nil {
			t.Fatalf("notice for invalid code %q", code)
		}
	})
}

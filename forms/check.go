package forms

import (
	"fmt"
	"math"
	"net/mail"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/naiman-yiye/yiye/usererr"
)

// The validators below take what the user typed and say what is wrong in
// Chinese and English. They are pure, allocation-light and safe to call on
// every keystroke. A nil result means the value is acceptable.

// usccCharset is GB 32100's 31-character set; a character's value is its index.
const usccCharset = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// usccWeights are 3^(i-1) mod 31 for i = 1..17 (GB 32100-2015).
var usccWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// orgWeights are GB 11714's weights for the 8 body characters.
var orgWeights = [8]int{3, 7, 9, 10, 5, 8, 4, 2}

// idWeights are 2^(18-i) mod 11 for i = 1..17 (GB 11643-1999).
var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// idCheckChars maps S mod 11 to the check character.
const idCheckChars = "10X98765432"

// provinceCodes are the valid first two digits of a 公民身份号码 address code
// (GB/T 2260 provinces; 71 Taiwan, 81 Hong Kong, 82 Macao; 83 is used by the
// residence permits of Taiwan residents).
var provinceCodes = map[string]string{
	"11": "北京", "12": "天津", "13": "河北", "14": "山西", "15": "内蒙古",
	"21": "辽宁", "22": "吉林", "23": "黑龙江",
	"31": "上海", "32": "江苏", "33": "浙江", "34": "安徽", "35": "福建", "36": "江西", "37": "山东",
	"41": "河南", "42": "湖北", "43": "湖南", "44": "广东", "45": "广西", "46": "海南",
	"50": "重庆", "51": "四川", "52": "贵州", "53": "云南", "54": "西藏",
	"61": "陕西", "62": "甘肃", "63": "青海", "64": "宁夏", "65": "新疆",
	"71": "台湾", "81": "香港", "82": "澳门", "83": "台湾（居住证）",
}

// fold converts full-width ASCII (what Chinese input methods often produce,
// e.g. "１２０．５") to half-width, drops spaces, and upper-cases when upper.
func fold(s string, upper bool) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == ' ' || r == '\t' || r == '\u3000' || r == '\n' || r == '\r':
			continue
		case r >= '！' && r <= '～':
			r = r - '！' + '!'
		case r == '。':
			r = '.'
		}
		if upper && r >= 'a' && r <= 'z' {
			r -= 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// NormalizeUSCC returns s the way a credit code is stored: half-width,
// upper case, without spaces.
func NormalizeUSCC(s string) string { return fold(s, true) }

// CheckUSCC validates a 统一社会信用代码 (GB 32100-2015): 18 characters from
// the code's character set and a correct check character. Lower-case letters,
// full-width characters and spaces are accepted (see NormalizeUSCC).
//
// It never applies the GB 11714 organisation-code check: that one only holds
// for codes whose body was assigned under GB 11714, so failing it does not
// make a code invalid. See USCCOrgCodeNotice for that advisory check.
func CheckUSCC(s string) *usererr.Error {
	c := NormalizeUSCC(s)
	if c == "" {
		return errRequired()
	}
	n := utf8.RuneCountInString(c)
	if n != 18 {
		return usererr.Newf("forms.uscc.length",
			"统一社会信用代码应为 18 位，现在是 %d 位", "A unified social credit code has 18 characters; this one has %d", n)
	}
	sum, i := 0, -1
	for _, ch := range c {
		i++
		v := -1
		if ch < utf8.RuneSelf {
			v = strings.IndexByte(usccCharset, byte(ch))
		}
		if v < 0 {
			extra, extraEN := "", ""
			switch ch {
			case 'I', 'O', 'Z', 'S', 'V':
				extra, extraEN = "（代码中不使用字母 I、O、Z、S、V）", " (the letters I, O, Z, S and V are never used)"
			}
			return &usererr.Error{Code: "forms.uscc.charset",
				ZH: fmt.Sprintf("统一社会信用代码第 %d 位“%c”不是有效字符%s", i+1, ch, extra),
				EN: fmt.Sprintf("Character %d (%q) is not allowed in a credit code%s", i+1, ch, extraEN)}
		}
		if i < 17 {
			sum += v * usccWeights[i]
		} else {
			want := (31 - sum%31) % 31
			if v != want {
				return usererr.Newf("forms.uscc.checksum",
					"统一社会信用代码校验位错误，应为 %c，请核对是否有字符输错",
					"The check character of the credit code is wrong (should be %c); please check for a typo",
					rune(usccCharset[want]))
			}
		}
	}
	return nil
}

// USCCOrgCodeNotice runs GB 11714's check on characters 9–17 of a credit code
// that already passed CheckUSCC. The result is advisory only: codes whose
// body was not assigned under GB 11714 (some individual businesses) fail it
// yet are valid. It returns nil when the check passes or does not apply.
func USCCOrgCodeNotice(s string) *usererr.Error {
	c := NormalizeUSCC(s)
	if CheckUSCC(c) != nil {
		return nil
	}
	if CheckOrgCode(c[8:17]) == nil {
		return nil
	}
	return usererr.New("forms.uscc.orgcode",
		"提示：代码第 9–17 位未通过组织机构代码（GB 11714）校验。个体工商户等主体可能属正常情况，请与营业执照核对",
		"Note: characters 9–17 fail the organisation-code (GB 11714) check. This can be normal (e.g. for individual businesses); please compare with the business license")
}

// usccEntityPrefix is the first two characters GB 32100 gives a code
// registered by market regulation (9) for each entity type of the form.
func usccEntityPrefix(entityType string) (prefix, zh, en string) {
	switch entityType {
	case "enterprise":
		return "91", "企业", "an enterprise"
	case "individual":
		return "92", "个体工商户", "an individual business"
	case "cooperative":
		return "93", "农民专业合作社", "a farmers' cooperative"
	}
	return "", "", ""
}

// usccPrefixOwner names the entity type GB 32100 gives a prefix, if any.
func usccPrefixOwner(prefix string) (zh, en string) {
	for _, t := range []string{"enterprise", "individual", "cooperative"} {
		if p, z, e := usccEntityPrefix(t); p == prefix {
			return z, e
		}
	}
	return "", ""
}

// USCCEntityNotice compares a valid credit code with the entity type the
// applicant chose (an entity_type option: enterprise, individual,
// cooperative). Under GB 32100 the first character is the registration
// authority (9: market regulation) and the second the entity type (1
// enterprise, 2 individual business, 3 farmers' cooperative), so an
// individual business's code starts with 92. A mismatch is advisory — the
// licence is what counts — and nil is returned when the code is invalid
// (CheckUSCC reports that), the type is unknown, or they agree.
func USCCEntityNotice(code, entityType string) *usererr.Error {
	c := NormalizeUSCC(code)
	want, zh, en := usccEntityPrefix(strings.TrimSpace(entityType))
	if want == "" || CheckUSCC(c) != nil || c[:2] == want {
		return nil
	}
	got := c[:2]
	ownerZH, ownerEN := usccPrefixOwner(got)
	if ownerZH == "" {
		ownerZH, ownerEN = "其他类型的主体", "another kind of entity"
	}
	return &usererr.Error{Code: "forms.uscc.entity_type",
		ZH: fmt.Sprintf("提示：%s的统一社会信用代码通常以“%s”开头，这个代码以“%s”开头，是%s的代码。请与营业执照核对主体类型和代码。",
			zh, want, got, ownerZH),
		EN: fmt.Sprintf("Note: the credit code of %s usually starts with %s; this one starts with %s, which is the code of %s. Please check the entity type and the code against the business license.",
			en, want, got, ownerEN)}
}

// CheckOrgCode validates a 9-character 组织机构代码 (GB 11714): 8 body
// characters (digits or capital letters) and a check character (0–9 or X).
func CheckOrgCode(s string) *usererr.Error {
	c := fold(strings.ReplaceAll(s, "-", ""), true)
	if len(c) != 9 {
		return usererr.New("forms.orgcode.length", "组织机构代码应为 9 位", "An organisation code has 9 characters")
	}
	sum := 0
	for i := 0; i < 8; i++ {
		ch := c[i]
		var v int
		switch {
		case ch >= '0' && ch <= '9':
			v = int(ch - '0')
		case ch >= 'A' && ch <= 'Z':
			v = int(ch-'A') + 10
		default:
			return usererr.Newf("forms.orgcode.charset", "组织机构代码第 %d 位不是数字或大写字母",
				"Character %d of the organisation code is not a digit or capital letter", i+1)
		}
		sum += v * orgWeights[i]
	}
	var want byte
	switch d := 11 - sum%11; d {
	case 10:
		want = 'X'
	case 11:
		want = '0'
	default:
		want = byte('0' + d)
	}
	if c[8] != want {
		return usererr.Newf("forms.orgcode.checksum", "组织机构代码校验位错误，应为 %c",
			"The organisation code's check character is wrong (should be %c)", rune(want))
	}
	return nil
}

// NormalizeIDNumber returns s half-width, upper case (x → X), without spaces.
func NormalizeIDNumber(s string) string { return fold(s, true) }

// CheckIDNumberAt validates an 18-digit 公民身份号码: the province part of
// the address code, the birth date (a real date, not after today and not
// before 1900) and the check character.
func CheckIDNumberAt(s string, today time.Time) *usererr.Error {
	c := NormalizeIDNumber(s)
	if c == "" {
		return errRequired()
	}
	n := utf8.RuneCountInString(c)
	if n == 15 && isDigits(c) {
		return usererr.New("forms.id.old15", "15 位旧身份证号码已停止使用，请填写 18 位号码",
			"15-digit ID numbers are no longer in use; enter the 18-digit number")
	}
	if n != 18 {
		return usererr.Newf("forms.id.length", "身份证号码应为 18 位，现在是 %d 位",
			"An ID number has 18 characters; this one has %d", n)
	}
	if !isDigits(c[:17]) {
		return usererr.New("forms.id.charset", "身份证号码前 17 位只能是数字",
			"The first 17 characters of an ID number must be digits")
	}
	if last := c[17]; !(last >= '0' && last <= '9') && last != 'X' {
		return usererr.New("forms.id.charset", "身份证号码最后一位只能是数字或 X",
			"The last character of an ID number must be a digit or X")
	}
	if _, ok := provinceCodes[c[:2]]; !ok {
		return usererr.Newf("forms.id.region", "身份证号码前两位“%s”不是有效的省级行政区划代码",
			"The first two digits (%s) are not a valid province code", c[:2])
	}
	y, _ := strconv.Atoi(c[6:10])
	m, _ := strconv.Atoi(c[10:12])
	d, _ := strconv.Atoi(c[12:14])
	birth := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if m < 1 || m > 12 || d < 1 || birth.Day() != d || y < 1900 {
		return usererr.Newf("forms.id.birth_date", "身份证号码中的出生日期 %s 不是有效日期",
			"The birth date in the ID number (%s) is not a real date", c[6:10]+"-"+c[10:12]+"-"+c[12:14])
	}
	ty, tm, td := today.Date()
	if birth.After(time.Date(ty, tm, td, 0, 0, 0, 0, time.UTC)) {
		return usererr.Newf("forms.id.birth_future", "身份证号码中的出生日期 %s 晚于今天",
			"The birth date in the ID number (%s) is in the future", birth.Format("2006-01-02"))
	}
	sum := 0
	for i := 0; i < 17; i++ {
		sum += int(c[i]-'0') * idWeights[i]
	}
	if want := idCheckChars[sum%11]; c[17] != want {
		return usererr.Newf("forms.id.checksum", "身份证号码校验位错误，应为 %c，请核对是否有数字输错",
			"The ID number's check character is wrong (should be %c); please check for a typo", rune(want))
	}
	return nil
}

// NormalizeMobile strips spaces, hyphens and a +86/0086 prefix.
func NormalizeMobile(s string) string {
	c := strings.ReplaceAll(fold(s, false), "-", "")
	for _, p := range []string{"+86", "0086"} {
		if strings.HasPrefix(c, p) {
			return c[len(p):]
		}
	}
	if len(c) == 13 && strings.HasPrefix(c, "86") {
		return c[2:]
	}
	return c
}

// CheckMobile validates a mainland mobile number: 11 digits starting 13–19.
func CheckMobile(s string) *usererr.Error {
	c := NormalizeMobile(s)
	if c == "" {
		return errRequired()
	}
	if !isDigits(c) {
		return usererr.New("forms.mobile.charset", "手机号码只能包含数字", "A mobile number may only contain digits")
	}
	if len(c) != 11 {
		return usererr.Newf("forms.mobile.length", "手机号码应为 11 位，现在是 %d 位",
			"A mobile number has 11 digits; this one has %d", len(c))
	}
	if c[0] != '1' || c[1] < '3' {
		return usererr.New("forms.mobile.prefix", "手机号码应以 13–19 开头", "A mobile number starts with 13–19")
	}
	return nil
}

// NormalizePhone strips spaces and a +86 prefix; hyphens are kept.
func NormalizePhone(s string) string {
	c := fold(s, false)
	if strings.HasPrefix(c, "+86") {
		c = strings.TrimPrefix(c[3:], "-")
	}
	return c
}

// CheckPhone accepts a mainland mobile number or a landline with area code
// (e.g. 0475-4212345, optionally with an extension after another hyphen).
func CheckPhone(s string) *usererr.Error {
	c := NormalizePhone(s)
	if c == "" {
		return errRequired()
	}
	if !strings.HasPrefix(c, "0") {
		return CheckMobile(c)
	}
	parts := strings.Split(c, "-")
	digits := strings.Join(parts, "")
	if !isDigits(digits) || len(parts) > 3 {
		return usererr.New("forms.phone.format", "电话号码格式不正确，应为手机号或“区号-号码”，如 0475-4212345",
			"Enter a mobile number or area code and number, e.g. 0475-4212345")
	}
	local := digits
	if len(parts) >= 2 {
		local = parts[0] + parts[1]
	}
	if len(local) < 10 || len(local) > 12 {
		return usererr.New("forms.phone.length", "固定电话应为区号加 7–8 位号码，如 0475-4212345",
			"A landline is the area code plus 7–8 digits, e.g. 0475-4212345")
	}
	return nil
}

// CheckEmail validates a plain e-mail address (no display name).
func CheckEmail(s string) *usererr.Error {
	c := strings.TrimSpace(s)
	if c == "" {
		return errRequired()
	}
	a, err := mail.ParseAddress(c)
	if err != nil || a.Address != c || a.Name != "" || !strings.Contains(c[strings.LastIndexByte(c, '@')+1:], ".") {
		return usererr.New("forms.email.format", "电子邮箱格式不正确，如 name@example.com",
			"Not a valid e-mail address, e.g. name@example.com")
	}
	return nil
}

// CheckURL validates an http(s) web address.
func CheckURL(s string) *usererr.Error {
	c := strings.TrimSpace(s)
	if c == "" {
		return errRequired()
	}
	u, err := url.Parse(c)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || strings.ContainsAny(c, " \t") {
		return usererr.New("forms.url.format", "网址格式不正确，应以 http:// 或 https:// 开头",
			"Not a valid web address; it should start with http:// or https://")
	}
	return nil
}

// ParseDecimal parses a non-negative decimal number with at most decimals
// digits after the point (full-width digits allowed; no signs, exponents or
// thousands separators).
func ParseDecimal(s string, decimals int) (float64, *usererr.Error) {
	c := fold(s, false)
	if c == "" {
		return 0, errRequired()
	}
	intPart, frac, hasPoint := strings.Cut(c, ".")
	if intPart == "" || !isDigits(intPart) || (hasPoint && (frac == "" || !isDigits(frac))) {
		if strings.HasPrefix(c, "-") {
			return 0, usererr.New("forms.number.negative", "不能填写负数", "Negative numbers are not allowed")
		}
		return 0, usererr.New("forms.number.format", "请填写数字，如 120 或 120.5", "Enter a number, e.g. 120 or 120.5")
	}
	if len(frac) > decimals {
		if decimals == 0 {
			return 0, usererr.New("forms.number.integer", "请填写整数", "Enter a whole number")
		}
		return 0, usererr.Newf("forms.number.decimals", "最多保留 %d 位小数", "At most %d decimal places", decimals)
	}
	if len(intPart) > 12 {
		return 0, usererr.New("forms.number.range", "数值过大", "The number is too large")
	}
	v, err := strconv.ParseFloat(c, 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, usererr.New("forms.number.format", "请填写数字，如 120 或 120.5", "Enter a number, e.g. 120 or 120.5")
	}
	return v, nil
}

// ParseArea parses an area in square metres: positive, at most 2 decimals,
// not above max (max ≤ 0 means 1,000,000 m²).
func ParseArea(s string, max float64) (float64, *usererr.Error) {
	if max <= 0 {
		max = 1e6
	}
	v, e := ParseDecimal(s, 2)
	if e != nil {
		return 0, e
	}
	if v <= 0 {
		return 0, usererr.New("forms.area.zero", "面积应大于 0", "The area must be greater than 0")
	}
	if v > max {
		return 0, usererr.Newf("forms.area.range", "面积 %s 平方米超出合理范围（不超过 %s 平方米），请核对单位",
			"%s m² is beyond the sane range (at most %s m²); please check the unit", fmtNum(v), fmtNum(max))
	}
	return v, nil
}

// ParseCount parses a whole number between min and max inclusive.
func ParseCount(s string, min, max int) (int, *usererr.Error) {
	c := fold(s, false)
	if c == "" {
		return 0, errRequired()
	}
	if strings.HasPrefix(c, "-") {
		return 0, usererr.New("forms.number.negative", "不能填写负数", "Negative numbers are not allowed")
	}
	if !isDigits(c) {
		return 0, usererr.New("forms.count.format", "请填写整数，如 12", "Enter a whole number, e.g. 12")
	}
	if len(c) > 9 {
		return 0, usererr.Newf("forms.count.range", "数量应在 %d 到 %d 之间", "The number must be between %d and %d", min, max)
	}
	n, _ := strconv.Atoi(c)
	if n < min || n > max {
		return 0, usererr.Newf("forms.count.range", "数量应在 %d 到 %d 之间", "The number must be between %d and %d", min, max)
	}
	return n, nil
}

// ParseDate parses a calendar date written in Chinese order: 2026-01-05,
// 2026/1/5, 2026.1.5 or 2026年1月5日. It returns the date at midnight UTC.
func ParseDate(s string) (time.Time, *usererr.Error) {
	c := fold(s, false)
	if c == "" {
		return time.Time{}, errRequired()
	}
	c = strings.TrimSuffix(c, "日")
	r := strings.NewReplacer("年", "-", "月", "-", "/", "-", ".", "-")
	parts := strings.Split(r.Replace(c), "-")
	bad := usererr.New("forms.date.format", "日期格式应为“年-月-日”，如 2026-01-05",
		"Write the date as year-month-day, e.g. 2026-01-05")
	if len(parts) != 3 || len(parts[0]) != 4 || len(parts[1]) < 1 || len(parts[1]) > 2 ||
		len(parts[2]) < 1 || len(parts[2]) > 2 || !isDigits(parts[0]+parts[1]+parts[2]) {
		return time.Time{}, bad
	}
	y, _ := strconv.Atoi(parts[0])
	m, _ := strconv.Atoi(parts[1])
	d, _ := strconv.Atoi(parts[2])
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if m < 1 || m > 12 || d < 1 || t.Day() != d || t.Month() != time.Month(m) {
		return time.Time{}, usererr.Newf("forms.date.invalid", "%04d 年 %d 月没有 %d 日，请核对",
			"%04d-%02d has no day %d", y, m, d)
	}
	if y < 1900 || y > 2200 {
		return time.Time{}, usererr.Newf("forms.date.range", "年份 %d 超出合理范围", "The year %d is out of range", y)
	}
	return t, nil
}

func errRequired() *usererr.Error {
	return usererr.New("forms.required", "此项为必填项", "This field is required")
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func fmtNum(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

package kiosk

import (
	"strings"
	"time"

	"github.com/naiman-yiye/yiye/usererr"
)

// Local GB 11643-1999 check, used until the forms package's validator is
// committed; the rules and codes follow it.

var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

const idCheckChars = "10X98765432"

func normalizeIDNumber(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == ' ' || r == '\u3000' || r == '\t':
			continue
		case r >= '０' && r <= '９':
			r = r - '０' + '0'
		case r == 'x' || r == 'ｘ' || r == 'Ｘ':
			r = 'X'
		}
		b.WriteRune(r)
	}
	return b.String()
}

func checkIDNumber(s string, today time.Time) *usererr.Error {
	c := normalizeIDNumber(s)
	if len(c) != 18 {
		return usererr.New("kiosk.id.length", "身份证号码应为 18 位", "An ID number has 18 characters")
	}
	for i := 0; i < 17; i++ {
		if c[i] < '0' || c[i] > '9' {
			return usererr.New("kiosk.id.charset", "身份证号码前 17 位只能是数字",
				"The first 17 characters of an ID number must be digits")
		}
	}
	if c[0] < '1' || c[0] > '9' {
		return usererr.New("kiosk.id.region", "身份证号码的地区代码无效", "The region code is invalid")
	}
	y := atoi(c[6:10])
	m := atoi(c[10:12])
	d := atoi(c[12:14])
	birth := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if m < 1 || m > 12 || d < 1 || birth.Day() != d || y < 1900 || birth.After(today) {
		return usererr.New("kiosk.id.birth_date", "身份证号码中的出生日期无效",
			"The birth date in the ID number is not valid")
	}
	sum := 0
	for i := 0; i < 17; i++ {
		sum += int(c[i]-'0') * idWeights[i]
	}
	if idCheckChars[sum%11] != c[17] {
		return usererr.New("kiosk.id.checksum", "身份证号码校验位错误，请核对是否有数字输错",
			"The ID number's check character is wrong; please check for a typo")
	}
	return nil
}

func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

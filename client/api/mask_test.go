package api

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestMaskIDNumber(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"150525199001011237", "150525********1237"},
		{"11010519491231002X", "110105********002X"},
		{"H12345678", "*******78"},
		{"AB", "**"},
		{"", ""},
	} {
		if got := MaskIDNumber(tc.in); got != tc.want {
			t.Errorf("MaskIDNumber(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// FuzzMaskIDNumber: same length, never the whole number when it is long,
// and the kept ends are the number's own.
func FuzzMaskIDNumber(f *testing.F) {
	f.Add("150525199001011237")
	f.Add("护照E1234567")
	f.Fuzz(func(t *testing.T, s string) {
		m := MaskIDNumber(s)
		r := []rune(s)
		if utf8.RuneCountInString(m) != len(r) {
			t.Fatalf("%q → %q: length changed", s, m)
		}
		if len(r) > 10 && (!strings.HasPrefix(m, string(r[:6])) || !strings.HasSuffix(m, string(r[len(r)-4:])) ||
			strings.Count(m, "*") < len(r)-10) {
			t.Fatalf("%q → %q", s, m)
		}
	})
}

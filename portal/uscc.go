package portal

import "strings"

// usccChars are the 31 characters of GB 32100-2015 (no I, O, Z, S, V).
const usccChars = "0123456789ABCDEFGHJKLMNPQRTUWXY"

var usccWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// validUSCC checks a unified social credit code: 18 characters from the
// GB 32100 set, a 6-digit area code, and the mod-31 check character.
// (The forms package has the public validator with user messages.)
func validUSCC(s string) bool {
	if len(s) != 18 {
		return false
	}
	sum := 0
	for i := 0; i < 18; i++ {
		v := strings.IndexByte(usccChars, s[i])
		if v < 0 {
			return false
		}
		if i >= 2 && i < 8 && (s[i] < '0' || s[i] > '9') {
			return false
		}
		if i < 17 {
			sum += v * usccWeights[i]
		}
	}
	return usccChars[(31-sum%31)%31] == s[17]
}

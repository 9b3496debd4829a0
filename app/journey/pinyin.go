package journey

import (
	"strings"
	"unicode"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// gbInitials are the first GB 2312 codes of each pinyin initial. Level-1
// hanzi in GB 2312 (0xB0A1–0xD7F9) are ordered by pinyin, so the code of a
// character alone tells its initial; this needs no pinyin dictionary.
var gbInitials = []struct {
	code   int
	letter byte
}{
	{0xB0A1, 'a'}, {0xB0C5, 'b'}, {0xB2C1, 'c'}, {0xB4EE, 'd'}, {0xB6EA, 'e'},
	{0xB7A2, 'f'}, {0xB8C1, 'g'}, {0xB9FE, 'h'}, {0xBBF7, 'j'}, {0xBFA6, 'k'},
	{0xC0AC, 'l'}, {0xC2E8, 'm'}, {0xC4C3, 'n'}, {0xC5B6, 'o'}, {0xC5BE, 'p'},
	{0xC6DA, 'q'}, {0xC8BB, 'r'}, {0xC8F6, 's'}, {0xCBFA, 't'}, {0xCDDA, 'w'},
	{0xCEF4, 'x'}, {0xD1B9, 'y'}, {0xD4D1, 'z'},
}

const gbLevel1End = 0xD7F9

// pinyinInitial returns the lower-case pinyin initial of a common hanzi, the
// lower-cased rune itself for ASCII letters and digits, and 0 otherwise
// (punctuation, rare level-2 characters).
func pinyinInitial(r rune) byte {
	if r < unicode.MaxASCII {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return byte(unicode.ToLower(r))
		}
		return 0
	}
	b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(string(r)))
	if err != nil || len(b) != 2 {
		return 0
	}
	code := int(b[0])<<8 | int(b[1])
	if code < gbInitials[0].code || code > gbLevel1End {
		return 0
	}
	letter := gbInitials[0].letter
	for _, g := range gbInitials {
		if code < g.code {
			break
		}
		letter = g.letter
	}
	return letter
}

// PinyinInitials returns the pinyin initials of s, e.g. "便利店" → "bld".
// Characters without a known initial are skipped.
func PinyinInitials(s string) string {
	var sb strings.Builder
	for _, r := range s {
		if c := pinyinInitial(r); c != 0 {
			sb.WriteByte(c)
		}
	}
	return sb.String()
}

// searchKey is an industry's searchable texts prepared once (the tiles
// are matched on every keystroke): lower case without spaces, and the
// pinyin initials of those with hanzi ("" for Latin text, whose initials
// are just its letters).
type searchKey struct {
	texts, initials []string
}

func newSearchKey(texts ...string) searchKey {
	k := searchKey{texts: make([]string, len(texts)), initials: make([]string, len(texts))}
	for i, t := range texts {
		k.texts[i] = squash(t)
		if hasHan(t) {
			k.initials[i] = PinyinInitials(t)
		}
	}
	return k
}

// squash is s in lower case without white space, so "Convenience store"
// and "conveniencestore" match alike.
func squash(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), "")) }

// rank says how well what the user typed matches: 0 for a substring of
// the first text (the Chinese name), 1 for the start of its pinyin
// initials ("bld" finds 便利店), 2 for any other text or initials, -1 for
// no match. An empty query ranks 0.
func (k searchKey) rank(query string) int {
	q := squash(query)
	if q == "" {
		return 0
	}
	best := -1
	better := func(r int) {
		if best < 0 || r < best {
			best = r
		}
	}
	for i, t := range k.texts {
		if strings.Contains(t, q) {
			if i == 0 {
				better(0)
			} else {
				better(2)
			}
		}
		ini := k.initials[i]
		switch {
		case ini == "":
		case i == 0 && strings.HasPrefix(ini, q):
			better(1)
		case strings.Contains(ini, q):
			better(2)
		}
	}
	return best
}

// matchRank ranks query against texts (see searchKey.rank).
func matchRank(query string, texts ...string) int { return newSearchKey(texts...).rank(query) }

// matchesQuery reports whether matchRank finds a match.
func matchesQuery(query string, texts ...string) bool { return matchRank(query, texts...) >= 0 }

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

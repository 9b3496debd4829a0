package flow

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MeasureFunc returns the advance width of text set at font size size, in
// the same abstract units as the layout (points for PDF, Fyne units on screen).
type MeasureFunc func(text string, size float64) float64

// ApproxMeasure is a font-free estimate: full width for CJK and other wide
// runes, a little over half width for the rest. Tests and callers without a
// font use it; real renderers inject their font's metrics.
func ApproxMeasure(text string, size float64) float64 {
	w := 0.0
	for _, r := range text {
		switch {
		case r == '\n':
		case isWide(r):
			w += size
		default:
			w += 0.55 * size
		}
	}
	return w
}

func isWide(r rune) bool {
	return r >= 0x1100 && (unicode.Is(unicode.Han, r) ||
		(r >= 0x3000 && r <= 0x30FF) || // CJK punctuation, kana
		(r >= 0xFF00 && r <= 0xFF60) || // full-width forms
		(r >= 0xAC00 && r <= 0xD7A3) || // Hangul
		(r >= 0x2E80 && r <= 0x2FFF))
}

// noStart holds punctuation that must not begin a line (避头) and noEnd the
// openers that must not end one (避尾), per common Chinese typesetting.
const (
	noStart = "，。、；：？！）》」』】〕〉”’…—％·,.;:?!)]}%"
	noEnd   = "（《「『【〔〈“‘([{"
)

// Wrap breaks text into lines no wider than width at font size size.
// Chinese breaks between any two characters; runs of Latin letters and
// digits break at spaces and only split when a word alone is too wide.
// Line-start punctuation is kept off line starts by carrying the previous
// character down (避头尾). "\n" forces a break and is dropped; every other
// byte of text appears in the result in order, so
// strings.Join(lines, "") == strings.ReplaceAll(text, "\n", "").
// A zero or negative width puts each character on its own line.
func Wrap(text string, width, size float64, measure MeasureFunc) []string {
	if measure == nil {
		measure = ApproxMeasure
	}
	var lines []string
	for _, para := range strings.Split(text, "\n") {
		if para == "" {
			lines = append(lines, "")
			continue
		}
		lines = append(lines, wrapPara(para, width, size, measure)...)
	}
	return lines
}

// tokens splits a paragraph into unbreakable units: a single wide rune, a
// run of narrow non-space runes (a word), or a single space.
func tokens(s string) []string {
	var out []string
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if isWide(r) || r == ' ' || strings.ContainsRune(noStart+noEnd, r) {
			out = append(out, s[i:i+n])
			i += n
			continue
		}
		j := i + n
		for j < len(s) {
			r2, n2 := utf8.DecodeRuneInString(s[j:])
			if isWide(r2) || r2 == ' ' || strings.ContainsRune(noStart+noEnd, r2) {
				break
			}
			j += n2
		}
		out = append(out, s[i:j])
		i = j
	}
	return out
}

// splitWord cuts a too-wide word into pieces that fit (at least one rune each).
func splitWord(w string, width, size float64, measure MeasureFunc) []string {
	var out []string
	for len(w) > 0 {
		end := 0
		for end < len(w) {
			_, n := utf8.DecodeRuneInString(w[end:])
			if end > 0 && measure(w[:end+n], size) > width {
				break
			}
			end += n
		}
		out = append(out, w[:end])
		w = w[end:]
	}
	return out
}

// atoms are a paragraph's unbreakable units, words too wide for a line
// already split.
func atoms(p string, width, size float64, measure MeasureFunc) []string {
	var toks []string
	for _, t := range tokens(p) {
		if utf8.RuneCountInString(t) > 1 && measure(t, size) > width {
			toks = append(toks, splitWord(t, width, size, measure)...)
		} else {
			toks = append(toks, t)
		}
	}
	return toks
}

func wrapPara(p string, width, size float64, measure MeasureFunc) []string {
	toks := atoms(p, width, size, measure)
	var lines []string
	start := 0
	for start < len(toks) {
		w := 0.0
		end := start
		for end < len(toks) {
			tw := measure(toks[end], size)
			// Trailing spaces may overhang; they are invisible.
			if end > start && w+tw > width && toks[end] != " " {
				break
			}
			w += tw
			end++
		}
		if end < len(toks) {
			end = kinsoku(toks, start, end)
		}
		lines = append(lines, strings.Join(toks[start:end], ""))
		start = end
	}
	return lines
}

// WrapLabel wraps a short chart label (a box's name, a lane's department)
// into as few lines as Wrap, but chooses where to break: after a pause
// (、，；：。) or before a bracket where it can, into lines of even length
// otherwise, never leaving a short last line when a better split exists.
// So 公众聚集场所投入使用、营业前消防安全检查 breaks after 、 and
// 特种行业经营许可（旅馆业） before （. Like Wrap it keeps every byte but
// "\n" and never starts a line with a closing mark.
func WrapLabel(text string, width, size float64, measure MeasureFunc) []string {
	if measure == nil {
		measure = ApproxMeasure
	}
	var lines []string
	for _, para := range strings.Split(text, "\n") {
		if para == "" {
			lines = append(lines, "")
			continue
		}
		lines = append(lines, wrapLabelPara(para, width, size, measure)...)
	}
	return lines
}

// labelPause ends a phrase: a line may well end after it.
const labelPause = "、，；：。！？）》」』】"

func wrapLabelPara(p string, width, size float64, measure MeasureFunc) []string {
	greedy := wrapPara(p, width, size, measure)
	toks := atoms(p, width, size, measure)
	n := len(toks)
	if len(greedy) <= 1 || n > 120 {
		return greedy
	}
	canBreak := func(j int) bool { return !isIn(toks[j], noStart) && !isIn(toks[j-1], noEnd) }
	good := func(j int) bool {
		return isIn(toks[j-1], labelPause) || isIn(toks[j], "（《「『【") || toks[j-1] == " "
	}
	// best[j] is the cheapest way to set toks[:j] as whole lines: first the
	// fewest lines, then a penalty for each break that is not at a pause,
	// then the raggedness (of two even splits, the one with the longer last
	// line, so a label does not end on a stub).
	const lineCost = 1e12
	penalty := width * width / 2
	inf := math.Inf(1)
	best := make([]float64, n+1)
	from := make([]int, n+1)
	for j := 1; j <= n; j++ {
		best[j] = inf
		for i := j - 1; i >= 0; i-- {
			if i > 0 && (best[i] == inf || !canBreak(i)) {
				continue
			}
			w := measure(strings.TrimRight(strings.Join(toks[i:j], ""), " "), size)
			if w > width+1e-9 && j-i > 1 {
				break // wider still as i moves left
			}
			slack := math.Max(width-w, 0)
			c := best[i] + lineCost + slack*slack
			if j == n {
				c += slack / 100 // of two even splits, the longer last line
			} else if !good(j) {
				c += penalty
			}
			if c < best[j] {
				best[j], from[j] = c, i
			}
		}
	}
	if best[n] == inf || best[n] >= float64(len(greedy)+1)*lineCost {
		return greedy
	}
	var lines []string
	for j := n; j > 0; j = from[j] {
		lines = append([]string{strings.Join(toks[from[j]:j], "")}, lines...)
	}
	return lines
}

// maxHang is how many closing marks a line may take beyond its width when
// no earlier break point exists (hanging punctuation, 悬挂).
const maxHang = 2

// kinsoku moves a break at toks[end] so that no closing mark starts the
// next line and no opener ends this one (避头尾). It first carries
// characters down (推出); when this line would be left empty it instead
// hangs up to maxHang closing marks at its end (悬挂) — or keeps a lone
// opener with the character after it — so even a column one character
// wide never starts a line with "，" or "）".
func kinsoku(toks []string, start, end int) int {
	bad := func(j int) bool { return isIn(toks[j], noStart) || isIn(toks[j-1], noEnd) }
	j := end
	for j > start+1 && bad(j) {
		j--
	}
	if !bad(j) {
		return j
	}
	// Keep together instead: hang the closing marks on this line, and let a
	// lone opener take the character it opens.
	j = end
	for j < len(toks) && j-end <= maxHang && bad(j) {
		j++
	}
	if j < len(toks) && bad(j) {
		return end // a longer run of marks: break inside it
	}
	return j
}

func isIn(tok, set string) bool {
	r, n := utf8.DecodeRuneInString(tok)
	return n == len(tok) && r != utf8.RuneError && strings.ContainsRune(set, r)
}

package pdfdoc

import (
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/naiman-yiye/yiye/assets"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// face caches the advance widths of one embedded font so text can be
// measured without a PDF in hand (and concurrently).
type face struct {
	data []byte
	once sync.Once
	f    *sfnt.Font
	upem float64
	err  error

	mu  sync.Mutex
	buf sfnt.Buffer
	adv map[rune]float64 // advance in em; <0 when the font lacks the glyph
}

var (
	regularFace = &face{data: assets.FontRegular}
	boldFace    = &face{data: assets.FontBold}
)

func faceFor(bold bool) *face {
	if bold {
		return boldFace
	}
	return regularFace
}

func (fc *face) load() error {
	fc.once.Do(func() {
		fc.f, fc.err = sfnt.Parse(fc.data)
		if fc.err == nil {
			fc.upem = float64(fc.f.UnitsPerEm())
		}
		fc.adv = map[rune]float64{}
	})
	return fc.err
}

// advance returns r's advance width in em and whether the font has r.
func (fc *face) advance(r rune) (float64, bool) {
	if fc.load() != nil {
		return 0.5, false
	}
	fc.mu.Lock()
	defer fc.mu.Unlock()
	if a, ok := fc.adv[r]; ok {
		return max(a, 0), a >= 0
	}
	a := -1.0
	if gi, err := fc.f.GlyphIndex(&fc.buf, r); err == nil && gi != 0 {
		ppem := fixed.Int26_6(fc.upem * 64)
		if adv, err := fc.f.GlyphAdvance(&fc.buf, gi, ppem, 0); err == nil {
			a = float64(adv) / 64 / fc.upem
		}
	}
	fc.adv[r] = a
	return max(a, 0), a >= 0
}

// Measure returns the width in points of text set in the embedded regular
// (or bold) font at size points. Runes the font lacks count as the
// replacement mark that Sanitize substitutes for them.
func Measure(text string, size float64, bold bool) float64 {
	fc := faceFor(bold)
	w := 0.0
	for _, r := range text {
		a, ok := fc.advance(r)
		if !ok {
			a, _ = fc.advance(missingMark(fc))
		}
		w += a
	}
	return w * size
}

// MeasureFunc adapts Measure for flow.Layout.
func MeasureFunc(bold bool) func(string, float64) float64 {
	return func(s string, size float64) float64 { return Measure(s, size, bold) }
}

func missingMark(fc *face) rune {
	if _, ok := fc.advance('□'); ok {
		return '□'
	}
	return '?'
}

// Sanitize makes text printable with the embedded font without losing a
// character: CRLF and CR become "\n", tabs a space, invalid UTF-8, control
// characters and runes the font lacks become "□". Every other rune is kept,
// so the rune count only shrinks by collapsed CRLFs.
func Sanitize(text string, bold bool) string {
	fc := faceFor(bold)
	out := make([]rune, 0, len(text))
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		i += n
		switch {
		case r == '\r':
			if i < len(text) && text[i] == '\n' {
				continue
			}
			out = append(out, '\n')
		case r == '\n':
			out = append(out, r)
		case r == '\t':
			out = append(out, ' ')
		case r == utf8.RuneError && n <= 1, unicode.IsControl(r), r == 0xFEFF, !unicode.IsPrint(r) && r != ' ' && r != '\u3000':
			out = append(out, missingMark(fc))
		default:
			if _, ok := fc.advance(r); !ok {
				r = missingMark(fc)
			}
			out = append(out, r)
		}
	}
	return string(out)
}

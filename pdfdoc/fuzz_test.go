package pdfdoc

import (
	"bytes"
	"io"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

func runesNoNL(s string) int { return utf8.RuneCountInString(strings.ReplaceAll(s, "\n", "")) }

// FuzzTextLayout feeds arbitrary text to paragraphs and table cells: the
// builder must not panic, must produce a PDF, and must draw every
// (sanitized) character exactly once, across wraps and page breaks.
func FuzzTextLayout(f *testing.F) {
	f.Add("食品经营许可（新办）。", "旗市场监督管理局", 12.0, uint8(3))
	f.Add(strings.Repeat("长", 1500), "a b c", 10.5, uint8(1))
	f.Add("\xff\x00\t\r\n，，，（（（", "😀🀄", 0.0, uint8(0))
	f.Add("", "", -5.0, uint8(7))
	f.Fuzz(func(t *testing.T, text, cell string, size float64, cols uint8) {
		if len(text) > 20000 || len(cell) > 20000 {
			return
		}
		d := fuzzDoc(t)
		st := Style{Size: size}
		before := d.runes
		d.Paragraph(text, st)
		if got, want := d.runes-before, runesNoNL(Sanitize(text, false)); got != want {
			t.Fatalf("paragraph drew %d runes, want %d", got, want)
		}
		if j := strings.Join(Lines(text, 100, st), ""); j != strings.ReplaceAll(Sanitize(text, false), "\n", "") {
			t.Fatalf("Lines lost text: %q", j)
		}
		n := int(cols%6) + 1
		tb := Table{Size: size}
		want := 0
		for i := 0; i < n; i++ {
			h := ""
			if i == 0 {
				h = cell
			}
			tb.Columns = append(tb.Columns, Column{Header: h, Weight: float64(i)})
			want += runesNoNL(Sanitize(h, true))
		}
		for r := 0; r < 3; r++ {
			row := make([]string, n)
			for i := range row {
				row[i] = text
				want += runesNoNL(Sanitize(text, false))
			}
			tb.Rows = append(tb.Rows, row)
		}
		before = d.runes
		d.Table(tb)
		got := d.runes - before
		// The header may repeat on later pages: count at least once.
		if got < want || (cell == "" && got != want) {
			t.Fatalf("table drew %d runes, want %d", got, want)
		}
		if err := d.Err(); err != nil {
			t.Fatal(err)
		}
	})
}

// fuzzShared is reused across fuzz inputs in one process: loading the
// fonts costs far more than laying out one input. It is written out and
// replaced every few hundred pages, which checks WriteTo too.
var fuzzShared *Doc

func fuzzDoc(t *testing.T) *Doc {
	if fuzzShared != nil && fuzzShared.Pages() < 300 {
		fuzzShared.PageBreak()
		return fuzzShared
	}
	if fuzzShared != nil {
		if _, err := fuzzShared.WriteTo(io.Discard); err != nil {
			t.Fatal(err)
		}
	}
	d, err := New(Options{Title: "fuzz"})
	if err != nil {
		t.Fatal(err)
	}
	fuzzShared = d
	return d
}

// A cell longer than a page splits across pages and every character still
// reaches the PDF text.
func TestTallCellSplitsAcrossPages(t *testing.T) {
	var sb strings.Builder
	for i := 0; i < 400; i++ {
		sb.WriteString("第")
		sb.WriteString(strings.Repeat("许", i%7))
		sb.WriteString("段落内容，")
	}
	long := sb.String()
	d, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	d.Table(Table{Columns: []Column{{Header: "标题甲"}, {Header: "标题乙"}}, Rows: [][]string{{long, "短"}}})
	var b bytes.Buffer
	if _, err := d.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	path := writePDF(t, b.Bytes())
	if n := pdfPages(t, path); n < 2 {
		t.Fatalf("%d pages, want the cell split over several", n)
	}
	text := squash(pdfText(t, path))
	// Page breaks put the footer and repeated header between parts of the
	// cell, so compare with those removed.
	for _, junk := range []string{"标题甲", "标题乙", "短"} {
		text = strings.ReplaceAll(text, junk, "")
	}
	text = regexpFooter.ReplaceAllString(text, "")
	if !strings.Contains(text, long) {
		t.Fatalf("cell text lost across pages")
	}
	if c := strings.Count(squash(pdfText(t, path)), "标题甲"); c != d.Pages() {
		t.Errorf("header drawn %d times on %d pages", c, d.Pages())
	}
}

var regexpFooter = regexp.MustCompile(`第\d+页/共\d+页`)

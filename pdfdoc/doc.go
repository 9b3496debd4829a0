// Package pdfdoc writes Yiye's printable documents — the consolidated notice
// (一次告知单), the per-industry service guides (办事指南), the e-license
// certificate and the filled application form — as PDF with the embedded
// Noto Sans SC subset. gopdf subsets the font and writes a ToUnicode map, so
// the Chinese text stays selectable and searchable.
//
// Doc is a small flowing-layout builder over gopdf: A4 pages, headings,
// wrapped paragraphs (per character for Chinese, with 避头尾), tables with
// wrapped cells and repeated headers, images, flowcharts from package flow,
// and a "第 n 页 / 共 m 页" footer. Errors are sticky: the first one stops
// further drawing and is returned by WriteTo.
package pdfdoc

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // DecodeConfig for JPEG images
	_ "image/png"  // DecodeConfig for PNG images
	"io"
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/naiman-yiye/yiye/assets"
	"github.com/naiman-yiye/yiye/flow"
	"github.com/signintech/gopdf"
)

// A4 size in points.
const (
	PageWidth  = 595.28
	PageHeight = 841.89
)

const (
	famRegular = "noto"
	famBold    = "noto-bold"
)

// Options configure a new Doc.
type Options struct {
	Title   string // document title (PDF metadata, footer)
	Subject string
	Author  string // default "一业一证申请助手 Yiye"
	Margin  float64
	// NoFooter leaves out the "第 n 页 / 共 m 页" footer.
	NoFooter bool
	// Created is written to the PDF metadata (default: now). Set it for
	// reproducible output.
	Created time.Time
}

// Align is horizontal text alignment.
type Align int

// Alignments.
const (
	Left Align = iota
	Center
	Right
)

// Style is how a run of text is set.
type Style struct {
	Size   float64 // points; default 10.5
	Bold   bool
	Color  [3]uint8 // RGB; zero is black
	Align  Align
	Indent float64 // left indent in points
	// LineHeight is a multiple of Size; default 1.5.
	LineHeight float64
	// After is the space below the block in points; default Size*0.6.
	After float64
}

func (s Style) norm() Style {
	if s.Size <= 0 || math.IsNaN(s.Size) || s.Size > 200 {
		s.Size = 10.5
	}
	if s.LineHeight <= 0 || math.IsNaN(s.LineHeight) || s.LineHeight > 10 {
		s.LineHeight = 1.5
	}
	if s.After < 0 || math.IsNaN(s.After) {
		s.After = 0
	} else if s.After == 0 {
		s.After = s.Size * 0.6
	}
	return s
}

// Doc is a PDF being built top to bottom.
type Doc struct {
	pdf    *gopdf.GoPdf
	opts   Options
	margin float64
	y      float64 // cursor, top of the next block
	pages  int
	err    error
	font   struct {
		bold bool
		size float64
		set  bool
	}
	color [3]uint8
	runes int // runes drawn so far, for tests that check nothing is lost
}

// New starts a document with one empty A4 page.
func New(opts Options) (*Doc, error) {
	d := &Doc{pdf: &gopdf.GoPdf{}, opts: opts, margin: opts.Margin}
	if d.margin <= 0 {
		d.margin = 50
	}
	if d.opts.Author == "" {
		d.opts.Author = "一业一证申请助手 Yiye"
	}
	d.pdf.Start(gopdf.Config{PageSize: *gopdf.PageSizeA4, Unit: gopdf.UnitPT})
	d.pdf.SetCompressLevel(6)
	if err := d.pdf.AddTTFFontData(famRegular, assets.FontRegular); err != nil {
		return nil, fmt.Errorf("pdfdoc: load regular font: %w", err)
	}
	if err := d.pdf.AddTTFFontData(famBold, assets.FontBold); err != nil {
		return nil, fmt.Errorf("pdfdoc: load bold font: %w", err)
	}
	created := opts.Created
	if created.IsZero() {
		created = time.Now()
	}
	d.pdf.SetInfo(gopdf.PdfInfo{Title: opts.Title, Subject: opts.Subject, Author: d.opts.Author,
		Creator: "Yiye pdfdoc", Producer: "gopdf", CreationDate: created})
	d.newPage()
	return d, nil
}

// Err returns the first error met while drawing.
func (d *Doc) Err() error { return d.err }

func (d *Doc) fail(err error) {
	if d.err == nil && err != nil {
		d.err = err
	}
}

// ContentWidth is the width between the margins.
func (d *Doc) ContentWidth() float64 { return PageWidth - 2*d.margin }

func (d *Doc) left() float64   { return d.margin }
func (d *Doc) top() float64    { return d.margin }
func (d *Doc) bottom() float64 { return PageHeight - d.margin - 14 } // room for the footer

// Pages is the number of pages so far.
func (d *Doc) Pages() int { return d.pages }

func (d *Doc) newPage() {
	d.pdf.AddPage()
	d.pages++
	d.y = d.top()
	d.font.set = false
	d.color = [3]uint8{}
}

// PageBreak starts a new page unless the current one is still empty.
func (d *Doc) PageBreak() {
	if d.y > d.top() {
		d.newPage()
	}
}

// Space adds vertical space, breaking the page if it runs out.
func (d *Doc) Space(h float64) {
	if d.y+h > d.bottom() {
		d.newPage()
		return
	}
	d.y += h
}

// ensure breaks the page if fewer than h points remain.
func (d *Doc) ensure(h float64) {
	if d.y+h > d.bottom() && d.y > d.top() {
		d.newPage()
	}
}

func (d *Doc) setFont(bold bool, size float64) {
	if d.font.set && d.font.bold == bold && d.font.size == size {
		return
	}
	fam := famRegular
	if bold {
		fam = famBold
	}
	d.fail(d.pdf.SetFont(fam, "", size))
	d.font.bold, d.font.size, d.font.set = bold, size, true
}

func (d *Doc) setColor(c [3]uint8) {
	d.pdf.SetTextColor(c[0], c[1], c[2])
	d.color = c
}

// text draws one line with its box's top-left at (x, y), vertically centred
// in a box of height h. s must be sanitized.
func (d *Doc) text(x, y, h float64, s string, size float64, bold bool, c [3]uint8) {
	if d.err != nil || s == "" {
		return
	}
	d.setFont(bold, size)
	d.setColor(c)
	d.runes += utf8.RuneCountInString(s)
	d.pdf.SetXY(x, y)
	w := Measure(s, size, bold)
	d.fail(d.pdf.CellWithOption(&gopdf.Rect{W: w + 1, H: h}, s, gopdf.CellOption{Align: gopdf.Left | gopdf.Middle}))
}

// Lines wraps text for the given width and style, as Paragraph would.
func Lines(text string, width float64, st Style) []string {
	st = st.norm()
	return flow.Wrap(Sanitize(text, st.Bold), width, st.Size, MeasureFunc(st.Bold))
}

// Paragraph sets wrapped text across the content width, breaking pages
// between lines.
func (d *Doc) Paragraph(text string, st Style) {
	st = st.norm()
	width := d.ContentWidth() - st.Indent
	lh := st.Size * st.LineHeight
	for _, line := range Lines(text, width, st) {
		d.ensure(lh)
		x := d.left() + st.Indent
		switch st.Align {
		case Center:
			x += (width - Measure(line, st.Size, st.Bold)) / 2
		case Right:
			x += width - Measure(line, st.Size, st.Bold)
		}
		d.text(x, d.y, lh, line, st.Size, st.Bold, st.Color)
		d.y += lh
	}
	d.y += st.After
}

// Heading sets a bold title: level 0 is the document title (centred), 1 a
// section, 2 a subsection. It keeps at least a few lines of room below so a
// heading never ends a page.
func (d *Doc) Heading(level int, text string) { d.HeadingKeep(level, text, 100) }

// HeadingKeep is Heading that keeps at least keep points of room below the
// heading on its page, for a block (a figure) that must follow it.
func (d *Doc) HeadingKeep(level int, text string, keep float64) {
	st := Style{Bold: true}
	switch level {
	case 0:
		st.Size, st.Align, st.After = 20, Center, 12
	case 1:
		st.Size, st.After = 14, 6
		d.Space(6)
		st.Color = [3]uint8{0x1f, 0x3a, 0x68}
	default:
		st.Size, st.After = 11.5, 4
		d.Space(3)
	}
	d.ensure(st.Size*st.norm().LineHeight + min(keep, d.bottom()-d.top()-60))
	d.Paragraph(text, st)
}

// Bullets sets each item as a paragraph with a leading mark.
func (d *Doc) Bullets(items []string, st Style) {
	st = st.norm()
	for _, it := range items {
		lines := Lines(it, d.ContentWidth()-st.Indent-st.Size*1.2, st)
		lh := st.Size * st.LineHeight
		for i, line := range lines {
			d.ensure(lh)
			if i == 0 {
				d.text(d.left()+st.Indent, d.y, lh, "•", st.Size, st.Bold, st.Color)
			}
			d.text(d.left()+st.Indent+st.Size*1.2, d.y, lh, line, st.Size, st.Bold, st.Color)
			d.y += lh
		}
		d.y += st.After / 2
	}
	d.y += st.After / 2
}

// Image places a PNG or JPEG image of the given width (points; 0 = natural
// size at 72 dpi, capped to the content width), centred.
func (d *Doc) Image(data []byte, width float64) {
	if d.err != nil {
		return
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		d.fail(fmt.Errorf("pdfdoc: image: %w", err))
		return
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		d.fail(errors.New("pdfdoc: image has no pixels"))
		return
	}
	if width <= 0 {
		width = float64(cfg.Width)
	}
	width = math.Min(width, d.ContentWidth())
	h := width * float64(cfg.Height) / float64(cfg.Width)
	if h > d.bottom()-d.top() {
		h = d.bottom() - d.top()
		width = h * float64(cfg.Width) / float64(cfg.Height)
	}
	d.ensure(h)
	d.ImageAt(data, d.left()+(d.ContentWidth()-width)/2, d.y, width, h)
	d.y += h + 6
}

// ImageAt draws an image into the given rectangle without moving the cursor.
func (d *Doc) ImageAt(data []byte, x, y, w, h float64) {
	if d.err != nil {
		return
	}
	holder, err := gopdf.ImageHolderByBytes(data)
	if err != nil {
		d.fail(fmt.Errorf("pdfdoc: image: %w", err))
		return
	}
	d.fail(d.pdf.ImageByHolder(holder, x, y, &gopdf.Rect{W: w, H: h}))
}

// WriteTo adds the page footers and writes the PDF.
func (d *Doc) WriteTo(w io.Writer) (int64, error) {
	if d.err != nil {
		return 0, d.err
	}
	if !d.opts.NoFooter {
		d.footers()
	}
	if d.err != nil {
		return 0, d.err
	}
	n, err := d.pdf.WriteTo(w)
	if err != nil {
		return n, fmt.Errorf("pdfdoc: write: %w", err)
	}
	return n, nil
}

// footers writes "第 n 页 / 共 m 页" (and the title) on every page.
func (d *Doc) footers() {
	const size = 8.5
	grey := [3]uint8{0x66, 0x66, 0x66}
	y := PageHeight - d.margin + 4
	title := strings.ReplaceAll(Sanitize(strings.TrimSpace(d.opts.Title), false), "\n", " ")
	for p := 1; p <= d.pages; p++ {
		if err := d.pdf.SetPage(p); err != nil {
			d.fail(err)
			return
		}
		d.font.set = false
		s := fmt.Sprintf("第 %d 页 / 共 %d 页", p, d.pages)
		w := Measure(s, size, false)
		d.text(d.left()+d.ContentWidth()-w, y, 12, s, size, false, grey)
		if title != "" {
			d.text(d.left(), y, 12, truncate(title, d.ContentWidth()-w-20, size), size, false, grey)
		}
		d.pdf.SetStrokeColor(0xbb, 0xbb, 0xbb)
		d.pdf.SetLineWidth(0.5)
		d.pdf.Line(d.left(), y-2, d.left()+d.ContentWidth(), y-2)
	}
}

// truncate shortens s to fit width at size, ending it with "…" if cut.
func truncate(s string, width, size float64) string {
	if Measure(s, size, false) <= width {
		return s
	}
	limit := width - Measure("…", size, false)
	w := 0.0
	for i, r := range s {
		w += Measure(string(r), size, false)
		if w > limit {
			return s[:i] + "…"
		}
	}
	return s
}

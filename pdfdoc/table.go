package pdfdoc

import (
	"math"
)

// Column is a table column: its header text and relative width.
type Column struct {
	Header string
	Weight float64 // share of the table width; <=0 counts as 1
	Align  Align
}

// Table is a grid of wrapped text cells. If every header is empty no header
// row is drawn; otherwise the header repeats at the top of each page the
// table spans.
type Table struct {
	Columns []Column
	Rows    [][]string // short rows are padded; extra cells are ignored
	Size    float64    // text size, default 9.5
	// Shade fills the first column like a header (for label/value tables).
	Shade bool
	// Width is the table's width from the left margin; 0 or more than the
	// content width means the content width.
	Width float64
}

const cellPad = 4

type tableRow struct {
	cells [][]string // wrapped lines per cell
	bold  bool
}

// Table draws t across the content width. Rows that do not fit move to the
// next page; a row taller than a page is split between lines.
func (d *Doc) Table(t Table) {
	if len(t.Columns) == 0 || d.err != nil {
		return
	}
	size := t.Size
	if size <= 0 || math.IsNaN(size) || size > 100 {
		size = 9.5
	}
	lh := size * 1.4
	total := 0.0
	for _, c := range t.Columns {
		total += weight(c)
	}
	tw := d.ContentWidth()
	if t.Width > 0 && t.Width < tw {
		tw = t.Width
	}
	widths := make([]float64, len(t.Columns))
	for i, c := range t.Columns {
		widths[i] = tw * weight(c) / total
	}
	wrap := func(cells []string, bold bool) tableRow {
		r := tableRow{cells: make([][]string, len(t.Columns)), bold: bold}
		for i := range t.Columns {
			s := ""
			if i < len(cells) {
				s = cells[i]
			}
			r.cells[i] = Lines(s, widths[i]-2*cellPad, Style{Size: size, Bold: bold || (t.Shade && i == 0)})
		}
		return r
	}
	var header *tableRow
	for _, c := range t.Columns {
		if c.Header != "" {
			hs := make([]string, len(t.Columns))
			for i, c := range t.Columns {
				hs[i] = c.Header
			}
			h := wrap(hs, true)
			header = &h
			break
		}
	}
	height := func(r tableRow, from int) float64 {
		n := 0
		for _, c := range r.cells {
			n = max(n, len(c)-from)
		}
		return float64(max(n, 1))*lh + 2*cellPad
	}
	drawHeader := func() {
		if header != nil {
			d.drawRow(*header, 0, len2(*header), widths, lh, t, true)
		}
	}
	headerH := 0.0
	var lead *tableRow
	if header != nil {
		headerH = height(*header, 0)
		if headerH > (d.bottom()-d.top())/2 {
			// Too tall to repeat: set it once, splittable like a body row.
			lead, header, headerH = header, nil, 0
		}
	}
	// Keep the header with at least the first row.
	first := 0.0
	if len(t.Rows) > 0 {
		first = math.Min(height(wrap(t.Rows[0], false), 0), d.bottom()-d.top()-headerH)
	}
	d.ensure(headerH + first)
	drawHeader()

	rows := make([]tableRow, 0, len(t.Rows)+1)
	if lead != nil {
		rows = append(rows, *lead)
	}
	for _, cells := range t.Rows {
		rows = append(rows, wrap(cells, false))
	}
	for _, r := range rows {
		from := 0
		for {
			h := height(r, from)
			if d.y+h > d.bottom() {
				full := d.bottom() - d.top() - headerH
				if h <= full || d.y+2*cellPad+lh > d.bottom() {
					// Fits on a fresh page, or not a single line fits here.
					d.newPage()
					drawHeader()
					continue
				}
				// Taller than a page: draw what fits, continue overleaf.
				n := int((d.bottom() - d.y - 2*cellPad) / lh)
				d.drawRow(r, from, from+n, widths, lh, t, false)
				from += n
				d.newPage()
				drawHeader()
				continue
			}
			d.drawRow(r, from, len2(r), widths, lh, t, false)
			break
		}
		if d.err != nil {
			return
		}
	}
	d.y += 8
}

func weight(c Column) float64 {
	if c.Weight <= 0 || math.IsNaN(c.Weight) || math.IsInf(c.Weight, 0) {
		return 1
	}
	return c.Weight
}

// len2 is the number of lines of the tallest cell.
func len2(r tableRow) int {
	n := 0
	for _, c := range r.cells {
		n = max(n, len(c))
	}
	return n
}

// drawRow draws lines [from, to) of each cell of r at the cursor.
func (d *Doc) drawRow(r tableRow, from, to int, widths []float64, lh float64, t Table, header bool) {
	size := lh / 1.4
	n := max(to-from, 1)
	h := float64(n)*lh + 2*cellPad
	x := d.left()
	d.pdf.SetLineWidth(0.5)
	d.pdf.SetStrokeColor(0x88, 0x88, 0x88)
	for i, w := range widths {
		shaded := header || (t.Shade && i == 0)
		if shaded {
			d.pdf.SetFillColor(0xee, 0xf1, 0xf6)
			d.pdf.RectFromUpperLeftWithStyle(x, d.y, w, h, "FD")
		} else {
			d.pdf.RectFromUpperLeftWithStyle(x, d.y, w, h, "D")
		}
		lines := r.cells[i]
		for k := from; k < to && k < len(lines); k++ {
			ly := d.y + cellPad + float64(k-from)*lh
			lx := x + cellPad
			bold := header || r.bold || (t.Shade && i == 0)
			switch t.Columns[i].Align {
			case Center:
				lx = x + (w-Measure(lines[k], size, bold))/2
			case Right:
				lx = x + w - cellPad - Measure(lines[k], size, bold)
			}
			d.text(lx, ly, lh, lines[k], size, bold, [3]uint8{})
		}
		x += w
	}
	d.y += h
}

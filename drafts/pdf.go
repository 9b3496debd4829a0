package drafts

import (
	"bytes"
	"regexp"
	"strconv"

	"github.com/naiman-yiye/yiye/usererr"
)

var (
	pdfPageRe   = regexp.MustCompile(`/Type\s*/Page[^s]`)
	pdfHeaderRe = regexp.MustCompile(`%PDF-[12]\.[0-9]`)
)

// checkPDF checks that data is a complete PDF, not merely one that starts
// with "%PDF-": a version header (within the first 1024 bytes, as readers
// allow), an end-of-file marker, and a startxref offset that leads to a
// cross-reference table or stream. Readers repair slightly wrong offsets,
// so a cross-reference near the stated offset is accepted too. It returns
// the number of pages it can see (0 when they sit in object streams).
func checkPDF(data []byte) (int, error) {
	bad := usererr.New("drafts.attach.corrupt", "PDF 文件已损坏或不完整，无法打开，请重新导出或扫描",
		"The PDF file is damaged or incomplete; please export or scan it again")
	loc := pdfHeaderRe.FindIndex(data[:min(len(data), 1024+8)])
	if loc == nil || loc[0] > 1024 {
		return 0, bad
	}
	tail := data[max(0, len(data)-2048):]
	eof := bytes.LastIndex(tail, []byte("%%EOF"))
	sx := bytes.LastIndex(tail, []byte("startxref"))
	if eof < 0 || sx < 0 || sx > eof {
		return 0, bad
	}
	off, err := strconv.Atoi(string(bytes.TrimSpace(tail[sx+len("startxref") : eof])))
	if err != nil || off <= 0 || off >= len(data) {
		return 0, bad
	}
	if !xrefAt(data[off:]) && !xrefAt(data[min(len(data), off+loc[0]):]) && !xrefNear(data, off) {
		return 0, bad
	}
	return len(pdfPageRe.FindAllIndex(data, -1)), nil
}

// xrefAt reports whether b starts with a cross-reference table ("xref") or
// stream ("N G obj").
func xrefAt(b []byte) bool {
	if bytes.HasPrefix(b, []byte("xref")) {
		return true
	}
	f := bytes.Fields(b[:min(len(b), 40)])
	if len(f) < 3 || !bytes.HasPrefix(f[2], []byte("obj")) {
		return false
	}
	for _, x := range f[:2] {
		if _, err := strconv.Atoi(string(x)); err != nil {
			return false
		}
	}
	return true
}

// xrefNear looks for a cross-reference within 1 KB of off.
func xrefNear(data []byte, off int) bool {
	lo, hi := max(0, off-1024), min(len(data), off+1024)
	w := data[lo:hi]
	return bytes.Contains(w, []byte("\nxref")) || bytes.Contains(w, []byte("\rxref")) ||
		bytes.Contains(w, []byte("/XRef"))
}

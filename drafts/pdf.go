package drafts

import (
	"bytes"
	"regexp"
	"strconv"

	"github.com/naiman-yiye/yiye/usererr"
)

var (
	pdfPageRe   = regexp.MustCompile(`/Type\s*/Page[^s]`)
	pdfHeaderRe = regexp.MustCompile(`^%PDF-[12]\.[0-9]`)
)

// checkPDF checks that data is a complete PDF, not merely one that starts
// with "%PDF-": a version header, an end-of-file marker and a startxref
// offset that points at a cross-reference table or stream. It returns the
// number of pages it can see (0 when they sit in compressed object streams).
func checkPDF(data []byte) (int, error) {
	bad := usererr.New("drafts.attach.corrupt", "PDF 文件已损坏或不完整，无法打开，请重新导出或扫描",
		"The PDF file is damaged or incomplete; please export or scan it again")
	if !pdfHeaderRe.Match(data) {
		return 0, bad
	}
	tail := data[max(0, len(data)-2048):]
	eof := bytes.LastIndex(tail, []byte("%%EOF"))
	sx := bytes.LastIndex(tail, []byte("startxref"))
	if eof < 0 || sx < 0 || sx > eof {
		return 0, bad
	}
	num := bytes.TrimSpace(tail[sx+len("startxref") : eof])
	off, err := strconv.Atoi(string(num))
	if err != nil || off <= 0 || off >= len(data) {
		return 0, bad
	}
	at := data[off:]
	if !bytes.HasPrefix(at, []byte("xref")) && !startsWithObject(at) {
		return 0, bad
	}
	return len(pdfPageRe.FindAllIndex(data, -1)), nil
}

// startsWithObject reports whether b starts with "N G obj" (an xref stream).
func startsWithObject(b []byte) bool {
	b = b[:min(len(b), 40)]
	f := bytes.Fields(b)
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

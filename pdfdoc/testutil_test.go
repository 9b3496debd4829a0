package pdfdoc

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// tool finds a poppler tool; in CI its absence is a failure, elsewhere a skip.
// Windows test binaries (run under Wine in CI) skip: poppler is a Linux
// package there, and the Linux run reads the same PDFs back.
func tool(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if runtime.GOOS == "windows" {
			t.Skipf("%s (poppler-utils) is not installed on this Windows machine; the Linux run reads this PDF back", name)
		}
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s not installed (poppler-utils): %v", name, err)
		}
		t.Skipf("%s not installed (poppler-utils)", name)
	}
	return p
}

// writePDF saves pdf into a temp dir and returns the path.
func writePDF(t testing.TB, pdf []byte) string {
	t.Helper()
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %q", pdf[:min(len(pdf), 16)])
	}
	p := filepath.Join(t.TempDir(), "out.pdf")
	if err := os.WriteFile(p, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// pdfText extracts the text of a PDF with pdftotext (layout off).
func pdfText(t testing.TB, path string) string {
	t.Helper()
	out, err := exec.Command(tool(t, "pdftotext"), "-raw", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// pdfPages returns the page count pdfinfo reports.
func pdfPages(t testing.TB, path string) int {
	t.Helper()
	out, err := exec.Command(tool(t, "pdfinfo"), path).CombinedOutput()
	if err != nil {
		t.Fatalf("pdfinfo: %v: %s", err, out)
	}
	m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("pdfinfo: no page count in %s", out)
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}

// squash removes whitespace so text split across lines or cells still matches.
func squash(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '\n' || r == '\t' || r == '\f' || r == '\r' {
			return -1
		}
		return r
	}, s)
}

// wantText fails for every want missing from the PDF's text.
func wantText(t testing.TB, text string, wants ...string) {
	t.Helper()
	sq := squash(text)
	for _, w := range wants {
		if !strings.Contains(sq, squash(w)) {
			t.Errorf("PDF text lacks %q", w)
		}
	}
}

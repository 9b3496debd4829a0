package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/naiman-yiye/yiye/catalog"
	"github.com/naiman-yiye/yiye/paths"
	"github.com/naiman-yiye/yiye/pdfdoc"
)

// popplerTool finds a poppler tool; missing is a failure in CI, a skip elsewhere.
func popplerTool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s not installed (poppler-utils): %v", name, err)
		}
		t.Skipf("%s not installed (poppler-utils)", name)
	}
	return p
}

func guideCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	t.Setenv(paths.EnvDataDir, t.TempDir())
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestGuideWritesFifteenPDFs(t *testing.T) {
	pdfinfo, pdftotext := popplerTool(t, "pdfinfo"), popplerTool(t, "pdftotext")
	dir := filepath.Join(t.TempDir(), "guides")
	code, out, errs := guideCLI(t, "guide", "--out", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	cat, err := catalog.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 15 {
		t.Fatalf("%d files in %s, want 15 (stdout %s)", len(entries), dir, out)
	}
	pagesRE := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`)
	for _, ind := range cat.Industries {
		path := filepath.Join(dir, "guide-"+twoDigits(ind.No)+"-"+ind.Code+".pdf")
		info, err := exec.Command(pdfinfo, path).CombinedOutput()
		if err != nil {
			t.Errorf("%s: pdfinfo: %v %s", ind.Code, err, info)
			continue
		}
		if m := pagesRE.FindSubmatch(info); m == nil || string(m[1]) == "0" || string(m[1]) == "1" {
			t.Errorf("%s: pages %q", ind.Code, m)
		}
		txt, err := exec.Command(pdftotext, "-raw", "-enc", "UTF-8", path, "-").Output()
		if err != nil {
			t.Fatalf("pdftotext: %v", err)
		}
		flat := strings.Join(strings.Fields(string(txt)), "")
		for _, want := range []string{"办事指南", ind.Name, "办理流程图", "12345", pdfdoc.GuideAppendixTitle} {
			if !strings.Contains(flat, want) {
				t.Errorf("%s: guide lacks %q", ind.Code, want)
			}
		}
		// What applicants read is plain; the sources are in the appendix.
		body, appendix, _ := strings.Cut(flat, pdfdoc.GuideAppendixTitle)
		checkPlain(t, ind.Code+" guide", body, true)
		if !strings.Contains(appendix, "catalog-facts") || !strings.Contains(appendix, "可信度") {
			t.Errorf("%s: appendix lacks sources", ind.Code)
		}
		if !strings.Contains(out, path) {
			t.Errorf("stdout does not name %s", path)
		}
	}
}

func twoDigits(n int) string { return fmt.Sprintf("%02d", n) }

func TestGuideSelectedIndustriesAndErrors(t *testing.T) {
	dir := t.TempDir()
	code, _, errs := guideCLI(t, "guide", "宾馆", "--out", dir, "1")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, name := range []string{"guide-12-hotel.pdf", "guide-01-convenience-store.pdf"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil || !bytes.HasPrefix(b, []byte("%PDF-")) || !bytes.Contains(b[len(b)-64:], []byte("%%EOF")) {
			t.Errorf("%s: not a complete PDF (%v)", name, err)
		}
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".guide-*")); len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"guide"}, 2, "--out"},
		{[]string{"guide", "--out", dir, "火锅城"}, 2, "错误"},
	} {
		code, _, errs := guideCLI(t, tc.args...)
		if code != tc.code || !strings.Contains(errs, tc.msg) {
			t.Errorf("%v: exit %d, stderr %q", tc.args, code, errs)
		}
	}
}

func TestNoticePDFWritesRealPDF(t *testing.T) {
	pdftotext := popplerTool(t, "pdftotext")
	target := filepath.Join(t.TempDir(), "notice.pdf")
	code, _, errs := guideCLI(t, "notice", "宾馆", "--all", "--start", "2026-11-24", "--pdf", target)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	txt, err := exec.Command(pdftotext, "-raw", "-enc", "UTF-8", target, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	flat := strings.Join(strings.Fields(string(txt)), "")
	for _, want := range []string{"一次告知单", "宾馆", "特种行业经营许可（旅馆业）", "一同核查", "2026年11月24日"} {
		if !strings.Contains(flat, want) {
			t.Errorf("notice PDF lacks %q", want)
		}
	}
}

package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/naiman-yiye/yiye/cmd/yiye-minimal/benchhook"
)

// writeRun lays out one run as scripts/bench-startup.sh does.
func writeRun(t *testing.T, dir, label string, n int, frameMS, rssMiB float64, cpuMS float64, errText string) {
	t.Helper()
	d := filepath.Join(dir, label, strconv.Itoa(n))
	if err := os.MkdirAll(d, 0o755); err != nil {
		t.Fatal(err)
	}
	const t0 = int64(1_000_000_000_000)
	rep := benchhook.Report{Binary: label, FirstFrameUnixNS: t0 + int64(frameMS*1e6), StartToFirstFrameMS: frameMS,
		RSSSettledKB: int64(rssMiB * 1024), RSSAnonKB: int64(rssMiB * 512), HWMKB: int64(rssMiB * 1024),
		HeapAllocMB: rssMiB / 4, CPUFirstFrameMS: cpuMS, CPUSettledMS: cpuMS * 2, Error: errText,
		Marks: map[string]float64{"hotel_form_shown": 300}}
	b, _ := json.Marshal(rep)
	for name, data := range map[string][]byte{"out.json": b, "t0": []byte(strconv.FormatInt(t0, 10) + "\n"),
		"visible": []byte(strconv.FormatInt(t0+int64(frameMS*1e6/2), 10))} {
		if err := os.WriteFile(filepath.Join(d, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestReportMediansAndRatios(t *testing.T) {
	dir := t.TempDir()
	for i, f := range []float64{900, 1000, 5000} { // one outlier: the median ignores it
		writeRun(t, dir, "yiye", i+1, f, 280, 800, "")
	}
	for i, f := range []float64{500, 480, 520} {
		writeRun(t, dir, "minimal-cjk", i+1, f, 200, 400, "")
		writeRun(t, dir, "minimal-default", i+1, f+100, 140, 300, "")
	}
	// A failed run: no report at all.
	if err := os.MkdirAll(filepath.Join(dir, "minimal-default", "4"), 0o755); err != nil {
		t.Fatal(err)
	}
	runs, err := load(dir)
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(t.TempDir(), "bin")
	if err := os.WriteFile(bin, make([]byte, 3<<20), 0o644); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := report(&out, runs, sizes{"yiye=" + bin}); err != nil {
		t.Fatal(err)
	}
	s := out.String()
	for _, want := range []string{
		"yiye                       3/3      1000 ms", // median of 900, 1000, 5000
		"minimal-default            3/4",
		"yiye ÷ minimal-cjk                              2.00×      2.00×     1.40×", // 1000/500, 800/400, 280/200
		"yiye ÷ minimal-default                          1.67×",                      // 1000/600
		"yiye                    3.0 MiB",
		"300 ms", // →form mark
	} {
		if !strings.Contains(s, want) {
			t.Errorf("missing %q in:\n%s", want, s)
		}
	}
	if strings.Index(s, "yiye ") > strings.Index(s, "minimal-cjk ") {
		t.Error("yiye is not listed first")
	}
}

func TestReportShowsErrors(t *testing.T) {
	dir := t.TempDir()
	writeRun(t, dir, "yiye", 1, 900, 280, 800, "bench: no home search box after 30s")
	writeRun(t, dir, "yiye", 2, 900, 280, 800, "bench: no home search box after 30s")
	runs, err := load(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := report(&out, runs, nil); err != nil {
		t.Fatal(err)
	}
	if c := strings.Count(out.String(), "! yiye: bench: no home search box"); c != 1 {
		t.Fatalf("error listed %d times:\n%s", c, out.String())
	}
	if !strings.Contains(out.String(), "0/2") {
		t.Fatalf("failed runs counted as ok:\n%s", out.String())
	}
}

func TestLoadRefusesBadInput(t *testing.T) {
	if _, err := load(t.TempDir()); err == nil {
		t.Fatal("no error for an empty folder")
	}
	dir := t.TempDir()
	d := filepath.Join(dir, "yiye", "1")
	if err := os.MkdirAll(d, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(d, "out.json"), []byte("{half"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := load(dir); err == nil {
		t.Fatal("no error for a corrupt report")
	}
	var out bytes.Buffer
	if err := report(&out, map[string][]run{"yiye": nil}, sizes{"nameonly"}); err == nil {
		t.Fatal("no error for a -size without =")
	}
}

func TestMedian(t *testing.T) {
	for _, tc := range []struct {
		in   []float64
		want float64
	}{
		{nil, -1}, {[]float64{-1, -1}, -1}, {[]float64{3}, 3}, {[]float64{4, 1, 3}, 3}, {[]float64{4, 1, 3, 2}, 2.5}, {[]float64{-1, 2, 4}, 3},
	} {
		if got := median(tc.in); got != tc.want {
			t.Errorf("median(%v) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

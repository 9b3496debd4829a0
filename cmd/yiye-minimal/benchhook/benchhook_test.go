package benchhook

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

func TestParseStatus(t *testing.T) {
	const full = "Name:\tyiye\nVmPeak:\t 2000 kB\nVmHWM:\t  300 kB\nVmRSS:\t  250 kB\nRssAnon:\t 150 kB\nRssFile:\t  90 kB\nThreads:\t9\n"
	for _, tc := range []struct {
		name, in string
		want     memStatus
		ok       bool
	}{
		{"full", full, memStatus{RSS: 250, HWM: 300, Anon: 150, File: 90}, true},
		{"no anon/file (old kernels)", "VmHWM:\t 10 kB\nVmRSS:\t 9 kB\n", memStatus{RSS: 9, HWM: 10}, true},
		{"missing HWM", "VmRSS:\t 9 kB\n", memStatus{}, false},
		{"empty", "", memStatus{}, false},
		{"not kB", "VmHWM:\t 10 MB\nVmRSS:\t 9 kB\n", memStatus{}, false},
		{"negative", "VmHWM:\t -10 kB\nVmRSS:\t 9 kB\n", memStatus{}, false},
		{"junk number", "VmHWM:\t x kB\nVmRSS:\t 9 kB\n", memStatus{}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := parseStatus(tc.in)
			if (err == nil) != tc.ok || got != tc.want {
				t.Fatalf("parseStatus = %+v, %v; want %+v ok=%v", got, err, tc.want, tc.ok)
			}
		})
	}
}

func TestParseStartTicks(t *testing.T) {
	// Field 22 after a command name holding ") (" and spaces.
	stat := "1234 (we(ird) )name) S 1 1234 1234 0 -1 4194304 100 0 0 0 5 2 0 0 20 0 9 0 987654 1000000 300 18446744073709551615"
	for _, tc := range []struct {
		name, in string
		want     uint64
		ok       bool
	}{
		{"odd comm", stat, 987654, true},
		{"plain", "1 (yiye) R 0 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 42 0 0", 42, true},
		{"no paren", "1 yiye R 0", 0, false},
		{"short", "1 (yiye) R 0 1", 0, false},
		{"not a number", "1 (yiye) R 0 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 x 0 0", 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := parseStartTicks(tc.in)
			if (err == nil) != tc.ok || got != tc.want {
				t.Fatalf("parseStartTicks = %d, %v; want %d ok=%v", got, err, tc.want, tc.ok)
			}
		})
	}
}

func FuzzParseStatus(f *testing.F) {
	f.Add("VmHWM:\t 10 kB\nVmRSS:\t 9 kB\nRssAnon:\t 5 kB\n")
	f.Add("VmRSS: 1 kB")
	f.Fuzz(func(t *testing.T, s string) {
		st, err := parseStatus(s)
		if err == nil && (st.RSS < 0 || st.HWM < 0 || st.Anon < 0 || st.File < 0) {
			t.Fatalf("negative memory accepted: %+v", st)
		}
	})
}

func FuzzParseStartTicks(f *testing.F) {
	f.Add("1 (yiye) R 0 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 42 0 0")
	f.Add("1 (a) b) R")
	f.Fuzz(func(t *testing.T, s string) {
		_, _ = parseStartTicks(s) // must not panic
	})
}

// On Linux the probe reads the real /proc of this process.
func TestProcReadings(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("reads /proc")
	}
	st, err := procStatus()
	if err != nil || st.RSS <= 0 || st.HWM < st.RSS {
		t.Fatalf("procStatus = %+v, %v", st, err)
	}
	p := Start("x") // no env: nil, but processStart works on its own
	if p != nil {
		t.Fatal("probe without " + EnvOut)
	}
	if cpu, ok := cpuTime(); !ok || cpu <= 0 {
		t.Fatalf("cpuTime = %v, %v", cpu, ok)
	}
}

func TestNilProbeIsFree(t *testing.T) {
	t.Setenv(EnvOut, "")
	if Enabled() {
		t.Fatal("enabled with an empty " + EnvOut)
	}
	p := Start("yiye")
	if p != nil {
		t.Fatal("probe without " + EnvOut)
	}
	content := widget.NewLabel("x")
	if p.Wrap(content) != content {
		t.Fatal("nil probe wrapped the content")
	}
	p.SetVariant("v")
	p.Mark("m")
	if p.FirstFrame() != nil || p.Finish(nil) != nil || p.Report().Binary != "" {
		t.Fatal("nil probe did something")
	}
}

// The whole path: a real (headless) window paints the marker, the probe
// writes its JSON report and quits.
func TestProbeWritesReport(t *testing.T) {
	out := filepath.Join(t.TempDir(), "r.json")
	t.Setenv(EnvOut, out)
	t.Setenv(EnvStay, "")
	heap := filepath.Join(t.TempDir(), "heap.pprof")
	t.Setenv(EnvHeapProfile, heap)
	a := test.NewTempApp(t)
	p := Start("yiye-minimal")
	p.SetVariant("cjk-theme")
	quit := 0
	p.Quit = func() { quit++ }

	w := a.NewWindow("t")
	w.SetContent(p.Wrap(widget.NewLabel("一业一证")))
	w.Resize(fyne.NewSize(200, 100))
	select {
	case <-p.FirstFrame():
		t.Fatal("first frame before any painting")
	default:
	}
	w.Canvas().Capture()
	<-p.FirstFrame()
	p.Mark("after")
	w.Canvas().Capture() // a second frame changes nothing
	first := p.Report().FirstFrameUnixNS

	if err := p.Finish(errors.New("step x missing")); err != nil {
		t.Fatal(err)
	}
	if err := p.Finish(nil); err != nil { // runs once
		t.Fatal(err)
	}
	if quit != 1 {
		t.Fatalf("quit called %d times", quit)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var rep Report
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Binary != "yiye-minimal" || rep.Variant != "cjk-theme" || rep.Error != "step x missing" {
		t.Fatalf("report %+v", rep)
	}
	if rep.FirstFrameUnixNS != first || first < rep.MainUnixNS || rep.SettledUnixNS < first {
		t.Fatalf("times: main %d first %d (%d) settled %d", rep.MainUnixNS, rep.FirstFrameUnixNS, first, rep.SettledUnixNS)
	}
	if v, ok := rep.Marks["after"]; !ok || v < 0 {
		t.Fatalf("marks %v", rep.Marks)
	}
	if runtime.GOOS == "linux" && (rep.RSSSettledKB <= 0 || rep.HWMKB < rep.RSSSettledKB || rep.ProcStartUnixNS == 0 ||
		rep.ProcStartUnixNS > rep.MainUnixNS || rep.CPUFirstFrameMS <= 0) {
		t.Fatalf("proc readings missing: %+v", rep)
	}
	if fi, err := os.Stat(heap); err != nil || fi.Size() == 0 {
		t.Fatalf("heap profile: %v", err)
	}
	if _, err := os.Stat(out + ".part"); !os.IsNotExist(err) {
		t.Fatal("temporary file left behind")
	}
}

// With EnvStay the app keeps running after the report.
func TestProbeStays(t *testing.T) {
	t.Setenv(EnvOut, filepath.Join(t.TempDir(), "r.json"))
	t.Setenv(EnvStay, "1")
	test.NewTempApp(t)
	p := Start("x")
	p.Quit = func() { t.Fatal("quit despite " + EnvStay) }
	if err := p.Finish(nil); err != nil {
		t.Fatal(err)
	}
}

// An unwritable report path is an error from Finish, not a crash.
func TestProbeBadPath(t *testing.T) {
	t.Setenv(EnvOut, filepath.Join(t.TempDir(), "missing", "r.json"))
	t.Setenv(EnvStay, "1")
	test.NewTempApp(t)
	if err := Start("x").Finish(nil); err == nil {
		t.Fatal("no error for a missing folder")
	}
}

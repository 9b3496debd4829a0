// Command benchreport prints the table of scripts/bench-startup.sh from
// its work folder: RUNS/LABEL/N/ holds out.json (a benchhook.Report), t0
// (exec time, Unix ns) and, if the window was seen mapped, visible (Unix ns).
//
//	benchreport [-size NAME=FILE]... RUNS
//
// Medians over the runs of each label; ratios are yiye over each
// yiye-minimal variant with the same tag suffix.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/naiman-yiye/yiye/cmd/yiye-minimal/benchhook"
)

// run is one launch as the script recorded it.
type run struct {
	rep       benchhook.Report
	t0        int64 // exec time, Unix ns
	visibleNS int64 // window mapped, Unix ns; 0 if not seen
}

// launchToFrame is exec → first painted frame in ms, from the script's
// clock (finer than /proc's 10 ms ticks).
func (r run) launchToFrame() float64 {
	if r.rep.FirstFrameUnixNS == 0 || r.t0 == 0 {
		return -1
	}
	return float64(r.rep.FirstFrameUnixNS-r.t0) / 1e6
}

func (r run) launchToVisible() float64 {
	if r.visibleNS == 0 || r.t0 == 0 {
		return -1
	}
	return float64(r.visibleNS-r.t0) / 1e6
}

type sizes []string

func (s *sizes) String() string     { return strings.Join(*s, ",") }
func (s *sizes) Set(v string) error { *s = append(*s, v); return nil }

func main() {
	var sz sizes
	flag.Var(&sz, "size", "NAME=FILE: print the size of FILE as NAME (repeatable)")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: benchreport [-size NAME=FILE]... RUNS")
		os.Exit(2)
	}
	runs, err := load(flag.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchreport:", err)
		os.Exit(1)
	}
	if err := report(os.Stdout, runs, sz); err != nil {
		fmt.Fprintln(os.Stderr, "benchreport:", err)
		os.Exit(1)
	}
}

// load reads every RUNS/LABEL/N/ folder. A run without a report counts as
// failed (kept with a zero report so the table shows ok/total).
func load(dir string) (map[string][]run, error) {
	labels, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	out := map[string][]run{}
	for _, l := range labels {
		if !l.IsDir() {
			continue
		}
		ns, err := os.ReadDir(filepath.Join(dir, l.Name()))
		if err != nil {
			return nil, err
		}
		for _, n := range ns {
			d := filepath.Join(dir, l.Name(), n.Name())
			var r run
			if b, err := os.ReadFile(filepath.Join(d, "out.json")); err == nil {
				if err := json.Unmarshal(b, &r.rep); err != nil {
					return nil, fmt.Errorf("%s: %w", d, err)
				}
			}
			r.t0, _ = readNS(filepath.Join(d, "t0"))
			r.visibleNS, _ = readNS(filepath.Join(d, "visible"))
			out[l.Name()] = append(out[l.Name()], r)
		}
	}
	if len(out) == 0 {
		return nil, errors.New("no runs in " + dir)
	}
	return out, nil
}

func readNS(path string) (int64, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	return strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
}

// median of the values ≥ 0 (negative means "not measured"); -1 if none.
func median(vs []float64) float64 {
	var ok []float64
	for _, v := range vs {
		if v >= 0 {
			ok = append(ok, v)
		}
	}
	if len(ok) == 0 {
		return -1
	}
	sort.Float64s(ok)
	m := len(ok) / 2
	if len(ok)%2 == 1 {
		return ok[m]
	}
	return (ok[m-1] + ok[m]) / 2
}

// summary is one label's medians.
type summary struct {
	ok, total                 int
	frame, frameProc, visible float64 // ms
	cpuFrame, cpuSettled      float64 // ms of CPU time
	rss, anon, hwm, heap      float64 // MiB
	homeReady, formShown      float64 // ms after first frame
	errs                      []string
}

func summarize(rs []run) summary {
	s := summary{total: len(rs)}
	var frame, proc, vis, rss, anon, hwm, heap, home, form, cpuF, cpuS []float64
	for _, r := range rs {
		if r.rep.FirstFrameUnixNS == 0 {
			continue
		}
		if r.rep.Error != "" {
			s.errs = append(s.errs, r.rep.Error)
		} else {
			s.ok++
		}
		frame = append(frame, r.launchToFrame())
		proc = append(proc, r.rep.StartToFirstFrameMS)
		vis = append(vis, r.launchToVisible())
		if r.rep.CPUFirstFrameMS > 0 { // 0: not measured (not Unix)
			cpuF = append(cpuF, r.rep.CPUFirstFrameMS)
			cpuS = append(cpuS, r.rep.CPUSettledMS)
		}
		rss = append(rss, float64(r.rep.RSSSettledKB)/1024)
		anon = append(anon, float64(r.rep.RSSAnonKB)/1024)
		hwm = append(hwm, float64(r.rep.HWMKB)/1024)
		heap = append(heap, r.rep.HeapAllocMB)
		if v, ok := r.rep.Marks["home_ready"]; ok {
			home = append(home, v)
		}
		if v, ok := r.rep.Marks["hotel_form_shown"]; ok {
			form = append(form, v)
		}
	}
	s.frame, s.frameProc, s.visible = median(frame), median(proc), median(vis)
	s.rss, s.anon, s.hwm, s.heap = median(rss), median(anon), median(hwm), median(heap)
	s.homeReady, s.formShown = median(home), median(form)
	s.cpuFrame, s.cpuSettled = median(cpuF), median(cpuS)
	return s
}

func num(v float64, unit string) string {
	if v < 0 {
		return "–"
	}
	return fmt.Sprintf("%.0f%s", v, unit)
}

func ratio(a, b float64) string {
	if a < 0 || b <= 0 {
		return "–"
	}
	return fmt.Sprintf("%.2f×", a/b)
}

func report(w io.Writer, runs map[string][]run, sz sizes) error {
	labels := make([]string, 0, len(runs))
	for l := range runs {
		labels = append(labels, l)
	}
	sort.Slice(labels, func(i, j int) bool {
		// yiye first, then the minimal variants; plain before +suffix.
		ki, kj := labelKey(labels[i]), labelKey(labels[j])
		if ki != kj {
			return ki < kj
		}
		return labels[i] < labels[j]
	})
	sum := map[string]summary{}
	fmt.Fprintln(w, "\nMedians (ms: from exec; MiB: /proc/self/status after settling and a GC)")
	fmt.Fprintf(w, "%-24s %5s %12s %9s %10s %9s %9s %9s %8s %8s %10s %10s\n",
		"binary", "ok", "→1st frame", "(in-app)", "→visible", "CPU→frame", "RSS", "RSS anon", "RSS HWM", "Go heap", "→form", "CPU total")
	for _, l := range labels {
		s := summarize(runs[l])
		sum[l] = s
		fmt.Fprintf(w, "%-24s %5s %12s %9s %10s %9s %9s %9s %8s %8s %10s %10s\n", l, fmt.Sprintf("%d/%d", s.ok, s.total),
			num(s.frame, " ms"), num(s.frameProc, ""), num(s.visible, " ms"), num(s.cpuFrame, " ms"), num(s.rss, " MiB"),
			num(s.anon, ""), num(s.hwm, ""), num(s.heap, ""), num(s.formShown, " ms"), num(s.cpuSettled, " ms"))
	}
	fmt.Fprintln(w, "(→visible: X reports the window mapped, polled with xdotool every ~10 ms; CPU: user+system time of all threads;")
	fmt.Fprintln(w, " →form: hotel form shown, after the first frame; CPU total: at the memory reading, ≥1 s after the last step)")

	fmt.Fprintln(w, "\nRatios yiye ÷ minimal (medians)")
	fmt.Fprintf(w, "%-40s %12s %10s %9s %9s %9s\n", "", "→1st frame", "CPU→frame", "RSS", "RSS anon", "Go heap")
	for _, l := range labels {
		if !strings.HasPrefix(l, "yiye") {
			continue
		}
		suffix := strings.TrimPrefix(l, "yiye")
		y := sum[l]
		for _, m := range []string{"minimal-cjk", "minimal-default"} {
			ms, ok := sum[m+suffix]
			if !ok {
				continue
			}
			fmt.Fprintf(w, "%-40s %12s %10s %9s %9s %9s\n", l+" ÷ "+m+suffix,
				ratio(y.frame, ms.frame), ratio(y.cpuFrame, ms.cpuFrame), ratio(y.rss, ms.rss), ratio(y.anon, ms.anon), ratio(y.heap, ms.heap))
		}
	}
	for _, l := range labels {
		for _, e := range uniq(sum[l].errs) {
			fmt.Fprintf(w, "! %s: %s\n", l, e)
		}
	}
	if len(sz) > 0 {
		fmt.Fprintln(w, "\nBinary sizes")
		for _, s := range sz {
			name, file, ok := strings.Cut(s, "=")
			if !ok {
				return fmt.Errorf("-size %q: want NAME=FILE", s)
			}
			fi, err := os.Stat(file)
			if err != nil {
				return err
			}
			fmt.Fprintf(w, "  %-20s %6.1f MiB\n", name, float64(fi.Size())/(1<<20))
		}
	}
	return nil
}

func labelKey(l string) int {
	switch {
	case strings.HasPrefix(l, "yiye"):
		return 0
	case strings.HasPrefix(l, "minimal-cjk"):
		return 1
	default:
		return 2
	}
}

func uniq(ss []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

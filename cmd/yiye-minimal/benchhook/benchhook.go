// Package benchhook measures a Fyne app's start-up for
// scripts/bench-startup.sh: the time from process start to the first frame
// actually painted, and resident memory once a chosen screen has settled.
// Both yiye and yiye-minimal use it, so the two are measured by the same
// code.
//
// It does nothing unless $YIYE_BENCH_OUT names a file: Enabled reports
// false, Start returns nil, and every method of a nil *Probe is a no-op.
package benchhook

import (
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"os"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
)

// EnvOut names the JSON file a probe writes; unset or empty disables it.
const EnvOut = "YIYE_BENCH_OUT"

// EnvStay keeps the app running after the report is written (for an
// external look at its memory); by default the probe quits the app.
const EnvStay = "YIYE_BENCH_STAY"

// EnvCPUProfile and EnvHeapProfile name pprof files: a CPU profile from
// Start to Finish, and a heap profile (after the GC) at Finish. They work
// only together with EnvOut.
const (
	EnvCPUProfile  = "YIYE_BENCH_CPUPROFILE"
	EnvHeapProfile = "YIYE_BENCH_HEAPPROFILE"
)

// Report is what a probe writes. Times are milliseconds; memory is KiB
// (from /proc/self/status) or MiB (Go runtime).
type Report struct {
	Binary string `json:"binary"`
	// Variant says what was built or shown, e.g. "cjk-theme" or "hotel-form".
	Variant string `json:"variant"`
	GoOS    string `json:"goos"`

	// ProcStartUnixNS is the kernel's process start time (10 ms ticks on
	// Linux; 0 where unknown). The script also keeps its own exec time.
	ProcStartUnixNS  int64 `json:"proc_start_unix_ns"`
	MainUnixNS       int64 `json:"main_unix_ns"`
	FirstFrameUnixNS int64 `json:"first_frame_unix_ns"`
	SettledUnixNS    int64 `json:"settled_unix_ns"`

	StartToMainMS       float64 `json:"start_to_main_ms"`
	StartToFirstFrameMS float64 `json:"start_to_first_frame_ms"`
	FirstFrameToSettled float64 `json:"first_frame_to_settled_ms"`
	// CPU time used (user + system, every thread) up to the first frame
	// and up to settling: less sensitive to a busy machine than wall time.
	CPUFirstFrameMS float64 `json:"cpu_first_frame_ms"`
	CPUSettledMS    float64 `json:"cpu_settled_ms"`

	// Marks are named moments in milliseconds after the first frame.
	Marks map[string]float64 `json:"marks,omitempty"`

	RSSFirstFrameKB int64 `json:"rss_first_frame_kb"`
	RSSSettledKB    int64 `json:"rss_settled_kb"`
	HWMKB           int64 `json:"hwm_kb"`
	// RSSAnonKB is private memory (Go heap, C heap, GL buffers); RSSFileKB
	// is mapped files (the binary, Mesa/LLVM and other shared libraries).
	RSSAnonKB   int64   `json:"rss_anon_kb"`
	RSSFileKB   int64   `json:"rss_file_kb"`
	HeapAllocMB float64 `json:"heap_alloc_mb"`
	HeapSysMB   float64 `json:"heap_sys_mb"`
	GoSysMB     float64 `json:"go_sys_mb"`

	// Error is set when the settled screen could not be reached; the
	// other fields are still filled as far as they got.
	Error string `json:"error,omitempty"`
}

// Enabled reports whether $YIYE_BENCH_OUT is set.
func Enabled() bool { return os.Getenv(EnvOut) != "" }

// Probe collects one run's measurements. Create it with Start as early as
// possible in main.
type Probe struct {
	out  string
	mu   sync.Mutex
	rep  Report
	done chan struct{} // closed at the first painted frame
	once sync.Once
	fin  sync.Once
	cpu  *os.File // open while a CPU profile runs
	// Quit ends the app after the report is written; nil means
	// fyne.CurrentApp().Quit on the UI goroutine.
	Quit func()
}

// Start returns a probe writing to $YIYE_BENCH_OUT, or nil when that is
// unset.
func Start(binary string) *Probe {
	out := os.Getenv(EnvOut)
	if out == "" {
		return nil
	}
	now := time.Now()
	p := &Probe{out: out, done: make(chan struct{})}
	p.rep = Report{Binary: binary, GoOS: runtime.GOOS, MainUnixNS: now.UnixNano()}
	if path := os.Getenv(EnvCPUProfile); path != "" {
		if f, err := os.Create(path); err == nil {
			if pprof.StartCPUProfile(f) == nil {
				p.cpu = f
			} else {
				f.Close()
			}
		}
	}
	if st, err := processStart(now); err == nil {
		p.rep.ProcStartUnixNS = st.UnixNano()
		p.rep.StartToMainMS = ms(now.Sub(st))
	}
	return p
}

// SetVariant records what is measured (theme, screen).
func (p *Probe) SetVariant(v string) {
	if p == nil {
		return
	}
	p.mu.Lock()
	p.rep.Variant = v
	p.mu.Unlock()
}

// Wrap returns content with an invisible 1×1 raster on top whose generator
// runs when the GL painter first draws it: that moment is the first
// frame. Call it on the window's content before the window shows.
func (p *Probe) Wrap(content fyne.CanvasObject) fyne.CanvasObject {
	if p == nil {
		return content
	}
	r := canvas.NewRaster(func(w, h int) image.Image {
		p.frame()
		return image.NewNRGBA(image.Rect(0, 0, 1, 1)) // transparent
	})
	r.Resize(fyne.NewSquareSize(1))
	return container.NewStack(content, container.NewWithoutLayout(r))
}

// frame records the first painted frame.
func (p *Probe) frame() {
	p.once.Do(func() {
		now := time.Now()
		st, _ := procStatus()
		cpu, _ := cpuTime()
		p.mu.Lock()
		p.rep.FirstFrameUnixNS = now.UnixNano()
		if p.rep.ProcStartUnixNS != 0 {
			p.rep.StartToFirstFrameMS = ms(now.Sub(time.Unix(0, p.rep.ProcStartUnixNS)))
		}
		p.rep.RSSFirstFrameKB = st.RSS
		p.rep.CPUFirstFrameMS = ms(cpu)
		p.mu.Unlock()
		close(p.done)
	})
}

// Mark records a named moment, relative to the first frame.
func (p *Probe) Mark(name string) {
	if p == nil {
		return
	}
	now := time.Now()
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.rep.Marks == nil {
		p.rep.Marks = map[string]float64{}
	}
	if p.rep.FirstFrameUnixNS != 0 {
		p.rep.Marks[name] = ms(now.Sub(time.Unix(0, p.rep.FirstFrameUnixNS)))
	}
}

// FirstFrame is closed when the first frame has been painted.
func (p *Probe) FirstFrame() <-chan struct{} {
	if p == nil {
		return nil
	}
	return p.done
}

// Finish records settled memory (after a GC), writes the report and, unless
// $YIYE_BENCH_STAY is set, quits the app. err, if not nil, says why the
// screen to measure was not reached. Call it from a goroutine of your own,
// never from the UI goroutine (it waits for the UI queue). It runs once.
func (p *Probe) Finish(err error) error {
	if p == nil {
		return nil
	}
	var werr error
	p.fin.Do(func() {
		fyne.DoAndWait(func() {}) // let queued UI work run first
		if p.cpu != nil {
			pprof.StopCPUProfile()
			p.cpu.Close()
		}
		runtime.GC()
		if path := os.Getenv(EnvHeapProfile); path != "" {
			if f, err := os.Create(path); err == nil {
				_ = pprof.WriteHeapProfile(f)
				f.Close()
			}
		}
		now := time.Now()
		st, serr := procStatus()
		cpu, _ := cpuTime()
		var ms2 runtime.MemStats
		runtime.ReadMemStats(&ms2)
		p.mu.Lock()
		p.rep.SettledUnixNS = now.UnixNano()
		if p.rep.FirstFrameUnixNS != 0 {
			p.rep.FirstFrameToSettled = ms(now.Sub(time.Unix(0, p.rep.FirstFrameUnixNS)))
		}
		p.rep.RSSSettledKB, p.rep.HWMKB = st.RSS, st.HWM
		p.rep.CPUSettledMS = ms(cpu)
		p.rep.RSSAnonKB, p.rep.RSSFileKB = st.Anon, st.File
		p.rep.HeapAllocMB = mib(ms2.HeapAlloc)
		p.rep.HeapSysMB = mib(ms2.HeapSys)
		p.rep.GoSysMB = mib(ms2.Sys)
		if err == nil && serr != nil {
			err = serr
		}
		if err != nil {
			p.rep.Error = err.Error()
		}
		rep := p.rep
		p.mu.Unlock()
		werr = writeJSON(p.out, rep)
		if os.Getenv(EnvStay) == "" {
			quit := p.Quit
			if quit == nil {
				quit = func() { fyne.CurrentApp().Quit() }
			}
			fyne.Do(quit)
		}
	})
	return werr
}

// Report returns a copy of what has been measured so far.
func (p *Probe) Report() Report {
	if p == nil {
		return Report{}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.rep
}

// writeJSON writes the report next to out and renames it into place, so a
// reader never sees half a file.
func writeJSON(out string, rep Report) error {
	b, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return err
	}
	tmp := out + ".part"
	if err := os.WriteFile(tmp, append(b, '\n'), 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, out)
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func mib(n uint64) float64 { return float64(n) / (1 << 20) }

// memStatus is the memory part of /proc/self/status, in KiB.
type memStatus struct{ RSS, HWM, Anon, File int64 }

// procStatus reads /proc/self/status.
func procStatus() (memStatus, error) {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return memStatus{}, err
	}
	return parseStatus(string(b))
}

// parseStatus reads VmRSS, VmHWM, RssAnon and RssFile; the first two are
// required.
func parseStatus(s string) (memStatus, error) {
	var st memStatus
	fields := map[string]*int64{"VmRSS": &st.RSS, "VmHWM": &st.HWM, "RssAnon": &st.Anon, "RssFile": &st.File}
	seen := map[string]bool{}
	for _, line := range strings.Split(s, "\n") {
		k, v, ok := strings.Cut(line, ":")
		dst, want := fields[k]
		if !ok || !want {
			continue
		}
		f := strings.Fields(v)
		if len(f) != 2 || f[1] != "kB" {
			return memStatus{}, fmt.Errorf("benchhook: bad %s line %q", k, line)
		}
		n, err := strconv.ParseInt(f[0], 10, 64)
		if err != nil || n < 0 {
			return memStatus{}, fmt.Errorf("benchhook: bad %s line %q", k, line)
		}
		*dst = n
		seen[k] = true
	}
	if !seen["VmRSS"] || !seen["VmHWM"] {
		return memStatus{}, errors.New("benchhook: VmRSS/VmHWM missing from /proc/self/status")
	}
	return st, nil
}

// processStart is when the kernel started this process: now minus
// (uptime − starttime), both from /proc, so 10 ms resolution.
func processStart(now time.Time) (time.Time, error) {
	stat, err := os.ReadFile("/proc/self/stat")
	if err != nil {
		return time.Time{}, err
	}
	up, err := os.ReadFile("/proc/uptime")
	if err != nil {
		return time.Time{}, err
	}
	ticks, err := parseStartTicks(string(stat))
	if err != nil {
		return time.Time{}, err
	}
	f := strings.Fields(string(up))
	if len(f) == 0 {
		return time.Time{}, errors.New("benchhook: empty /proc/uptime")
	}
	upSec, err := strconv.ParseFloat(f[0], 64)
	if err != nil {
		return time.Time{}, err
	}
	const userHZ = 100 // sysconf(_SC_CLK_TCK) on every Linux Go supports
	age := time.Duration((upSec - float64(ticks)/userHZ) * float64(time.Second))
	if age < 0 {
		age = 0
	}
	return now.Add(-age), nil
}

// parseStartTicks returns field 22 (starttime) of /proc/PID/stat. The
// command name (field 2) may hold spaces and parentheses, so fields are
// counted after its last ')'.
func parseStartTicks(stat string) (uint64, error) {
	i := strings.LastIndexByte(stat, ')')
	if i < 0 {
		return 0, errors.New("benchhook: bad /proc/self/stat")
	}
	f := strings.Fields(stat[i+1:])
	// f[0] is field 3 (state), so field 22 is f[19].
	if len(f) < 20 {
		return 0, errors.New("benchhook: short /proc/self/stat")
	}
	return strconv.ParseUint(f[19], 10, 64)
}

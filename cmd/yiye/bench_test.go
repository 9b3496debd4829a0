package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/naiman-yiye/yiye/cmd/yiye-minimal/benchhook"
)

// Without $YIYE_BENCH_OUT the bench costs nothing: no probe.
func TestBenchOffByDefault(t *testing.T) {
	if os.Getenv(benchhook.EnvOut) != "" {
		t.Skip(benchhook.EnvOut + " is set for this test run")
	}
	if benchhook.Start("yiye") != nil {
		t.Fatal("probe created without " + benchhook.EnvOut)
	}
}

// With $YIYE_BENCH_OUT the window marks its first painted frame, drives
// the real journey to the hotel form (search 宾馆, Enter, 下一步 until
// 填写申请表) and writes a complete report, then quits.
func TestBenchDrivesToTheHotelForm(t *testing.T) {
	headlessHome(t)
	out := filepath.Join(t.TempDir(), "bench.json")
	t.Setenv(benchhook.EnvOut, out)
	t.Setenv(benchhook.EnvStay, "")
	p := benchhook.Start("yiye")
	if p == nil {
		t.Fatal("no probe with " + benchhook.EnvOut + " set")
	}
	quit := make(chan struct{})
	p.Quit = func() { close(quit) }
	a := test.NewTempApp(t)
	u := newUILoop(t)
	w, err := openWindow(a, config{DataDir: t.TempDir(), Demo: true, DemoAdvance: time.Hour, Getenv: noEnv, Bench: p}, u.post)
	if err != nil {
		t.Fatal(err)
	}
	w.start()
	u.pump("the screens", func() bool { return w.shell != nil })
	w.win.Canvas().Capture() // the software painter draws a frame
	u.pump("the report", func() bool {
		select {
		case <-quit:
			return true
		default:
			return false
		}
	})
	w.close()

	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var rep benchhook.Report
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatalf("report is not JSON: %v\n%s", err, b)
	}
	if rep.Error != "" || rep.Binary != "yiye" || rep.Variant != "hotel-form" || rep.GoOS != runtime.GOOS {
		t.Fatalf("report %q %q %q, error %q", rep.Binary, rep.Variant, rep.GoOS, rep.Error)
	}
	for _, want := range []string{"home_ready", "hotel_form_shown"} {
		if _, ok := rep.Marks[want]; !ok {
			t.Errorf("marks %v lack %s", rep.Marks, want)
		}
	}
	if rep.FirstFrameUnixNS < rep.MainUnixNS || rep.SettledUnixNS < rep.FirstFrameUnixNS {
		t.Fatalf("times out of order: main %d, frame %d, settled %d", rep.MainUnixNS, rep.FirstFrameUnixNS, rep.SettledUnixNS)
	}
	if runtime.GOOS == "linux" && (rep.RSSSettledKB <= 0 || rep.HWMKB < rep.RSSSettledKB) {
		t.Errorf("memory not read: %+v", rep)
	}
}

// The walker finds widgets through the shell's containers (split, border,
// stacks), skips hidden ones and the unselected tabs' content.
func TestBenchWalkerFindsWidgets(t *testing.T) {
	headlessHome(t)
	w, _ := openTestWindow(t, t.TempDir())
	defer w.close()
	root := w.win.Content()
	settings := lang.X("nav.settings", "设置")
	if b := findButton(root, func(b *widget.Button) bool { return b.Text == settings }); b == nil {
		t.Fatalf("no %q button in the shell", settings)
	}
	back := lang.X("nav.back", "返回")
	if b := findButton(root, func(b *widget.Button) bool { return b.Text == back }); b != nil {
		t.Fatal("found the hidden back button")
	}
	inner := widget.NewEntry()
	inner.OnSubmitted = func(string) {}
	plain := widget.NewEntry()
	tabs := container.NewAppTabs(container.NewTabItem("a", plain), container.NewTabItem("b", inner))
	if e := findEntry(tabs); e != nil {
		t.Fatal("found an entry without OnSubmitted, or one in an unselected tab")
	}
	tabs.SelectIndex(1)
	if e := findEntry(tabs); e != inner {
		t.Fatal("did not find the entry in the selected tab")
	}
}

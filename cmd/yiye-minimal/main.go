// Command yiye-minimal is the yardstick for yiye's start-up benchmark
// (scripts/bench-startup.sh, docs/performance.md): one window of yiye's
// size with one Chinese label, built the same way as yiye (same Go flags,
// same tags, same GL driver, same app ID), so the ratio yiye/minimal shows
// what yiye's own code, data and screens cost on top of Fyne itself.
//
//	yiye-minimal                 Yiye's CJK theme (embedded Noto Sans SC)
//	yiye-minimal --theme default Fyne's default theme (Chinese through system fonts)
//
// With $YIYE_BENCH_OUT set it writes the first-frame time and resident
// memory there (see package benchhook) and quits.
package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"

	"github.com/naiman-yiye/yiye/app/theme"
	"github.com/naiman-yiye/yiye/cmd/yiye-minimal/benchhook"
)

// settle is how long the window stays up after its first frame before
// memory is read, as yiye waits for its form to settle.
const settle = time.Second

func main() {
	probe := benchhook.Start("yiye-minimal")
	themeName := flag.String("theme", "cjk", "cjk: Yiye's theme with its embedded CJK font; default: Fyne's default theme")
	flag.Parse()
	if *themeName != "cjk" && *themeName != "default" {
		fmt.Fprintf(os.Stderr, "unknown --theme %q (cjk or default)\n", *themeName)
		os.Exit(2)
	}
	probe.SetVariant(*themeName + "-theme")

	a := app.NewWithID("cn.gov.naiman.yiye")
	if *themeName == "cjk" {
		a.Settings().SetTheme(theme.New(theme.Options{}))
	}
	w := a.NewWindow("一业一证申请助手")
	w.SetMaster()
	w.SetContent(probe.Wrap(widget.NewLabel("一业一证申请助手 Yiye")))
	w.Resize(fyne.NewSize(1120, 760))
	w.CenterOnScreen()
	if probe != nil {
		go func() {
			<-probe.FirstFrame()
			time.Sleep(settle)
			if err := probe.Finish(nil); err != nil {
				fyne.LogError("yiye-minimal: bench", err)
			}
		}()
	}
	w.ShowAndRun()
}

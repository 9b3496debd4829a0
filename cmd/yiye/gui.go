package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"github.com/naiman-yiye/yiye/app/kioskmode"
	"github.com/naiman-yiye/yiye/cmd/yiye-minimal/benchhook"
	"github.com/naiman-yiye/yiye/paths"
)

// AppID is the Fyne application ID (also in FyneApp.toml): it names Fyne's
// preferences folder and the macOS bundle ID, so it must never change.
const AppID = "cn.gov.naiman.yiye"

// appVersion and appBuild mirror FyneApp.toml's [Details] (a test checks);
// release builds may override them with
// -ldflags "-X main.version=1.2.3 -X main.build=45".
const (
	appVersion = "0.1.0"
	appBuild   = "1"
)

var (
	version = appVersion
	build   = appBuild
	commit  = "" // -X main.commit=...; else from the Go build info
)

// versionString is what `yiye --version` prints, e.g.
// "yiye 0.1.0 (build 1, commit 1a2b3c4d5e6f, go1.26.8)".
func versionString() string {
	gover := ""
	if bi, ok := debug.ReadBuildInfo(); ok {
		gover = bi.GoVersion
	}
	return fmt.Sprintf("yiye %s (build %s, commit %s, %s)", version, build, revision(), gover)
}

// revision is the git commit: -X main.commit, else the Go build info's
// vcs stamp (+dirty for uncommitted changes), else "unknown".
func revision() string {
	rev := commit
	if rev == "" {
		if bi, ok := debug.ReadBuildInfo(); ok {
			dirty := false
			for _, s := range bi.Settings {
				switch s.Key {
				case "vcs.revision":
					rev = s.Value
				case "vcs.modified":
					dirty = s.Value == "true"
				}
			}
			if len(rev) > 12 {
				rev = rev[:12]
			}
			if rev != "" && dirty {
				rev += "+dirty"
			}
		}
	}
	if rev == "" {
		return "unknown"
	}
	return rev
}

// buildLabel is the build shown in About: "1 · 1a2b3c4d5e6f".
func buildLabel() string {
	if r := revision(); r != "unknown" {
		return build + " · " + r
	}
	return build
}

// gui opens the desktop app: it reads the flags, opens the window (see
// openWindow, the composition root), runs it until it closes and shuts
// everything down in reverse order.
func gui(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("yiye", flag.ContinueOnError)
	fs.SetOutput(stderr)
	demo := fs.Bool("demo", false, "演示模式：使用内置演示门户和示例数据 / demo mode: built-in portal with sample data")
	kiosk := fs.Bool("kiosk", false, "自助终端模式：全屏、大字、触摸 / kiosk mode: full screen, large text, touch")
	dataDir := fs.String("data-dir", "", "数据目录（默认按操作系统）/ data folder (default: per OS, or $"+paths.EnvDataDir+")")
	showVersion := fs.Bool("version", false, "显示版本并退出 / print the version and exit")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "多余的参数 %q（unexpected arguments）\n", fs.Args())
		return 2
	}
	if *showVersion {
		fmt.Fprintln(stdout, versionString())
		return 0
	}
	if msg := noDisplay(runtime.GOOS, os.Getenv); msg != "" {
		fmt.Fprintln(stderr, msg)
		return 1
	}
	dir, err := resolveDataDir(*dataDir)
	if err != nil {
		fmt.Fprintf(stderr, "无法创建数据目录（cannot create the data folder）：%v\n", err)
		return 1
	}
	a := app.NewWithID(AppID)
	w, err := openWindow(a, config{DataDir: dir, Demo: *demo, Kiosk: kioskAtStart(*kiosk, a.Preferences()),
		Getenv: os.Getenv, Bench: benchhook.Start("yiye")}, fyne.Do)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	w.run()
	return 0
}

// noDisplay returns the message for a Linux/BSD desktop session without a
// graphical display (Fyne would panic with a stack trace), "" otherwise.
func noDisplay(goos string, getenv func(string) string) string {
	switch goos {
	case "linux", "freebsd", "openbsd", "netbsd", "dragonfly":
	default:
		return ""
	}
	if getenv("DISPLAY") != "" || getenv("WAYLAND_DISPLAY") != "" {
		return ""
	}
	return "未找到图形显示（no display found）：$DISPLAY 和 $WAYLAND_DISPLAY 都未设置。\n" +
		"请在桌面环境中运行，或使用不需要窗口的命令，如 yiye --version、yiye catalog、yiye guide、yiye notice。\n" +
		"(Run yiye from a desktop session, or use a command that needs no window, e.g. yiye --version, yiye catalog, yiye guide, yiye notice.)"
}

// resolveDataDir picks --data-dir, else $YIYE_DATA_DIR, else the OS folder.
func resolveDataDir(flagDir string) (string, error) {
	if flagDir == "" {
		return paths.DataDir()
	}
	dir, err := filepath.Abs(flagDir)
	if err != nil {
		return "", err
	}
	return dir, os.MkdirAll(dir, 0o700)
}

// kioskAtStart reports whether Yiye starts as a kiosk: --kiosk, or the
// staff setting 自助终端模式 saved in the preferences.
func kioskAtStart(flag bool, prefs fyne.Preferences) bool {
	return flag || kioskmode.LoadConfig(prefs).Enabled
}

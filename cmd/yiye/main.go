// Command yiye is the 一业一证申请助手 desktop app and its command-line tools.
//
// With no arguments (or only flags such as --demo) it opens the GUI; the
// first argument may instead name a subcommand (catalog, notice, guide),
// each in its own cmd_*.go file and listed in commands below.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

// subcommand is one `yiye NAME ...` tool.
type subcommand struct {
	summary string // one line, Chinese / English
	run     func(args []string, stdout, stderr io.Writer) int
}

// commands are the subcommands, by name.
var commands = map[string]subcommand{
	"catalog": {"查看行业与审批事项目录 / list industries and approval items", runCatalog},
	"notice":  {"生成一次告知单 / consolidated notice for an industry", runNotice},
	"guide":   {"生成各行业办事指南 PDF / printable service guides (PDF) per industry", runGuide},
}

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		if sc, ok := commands[args[0]]; ok {
			return sc.run(args[1:], stdout, stderr)
		}
		if args[0] == "help" {
			usage(stdout)
			return 0
		}
		fmt.Fprintf(stderr, "未知命令 %q（unknown command）。运行 yiye help 查看可用命令。\n", args[0])
		return 2
	}
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
		usage(stdout)
		return 0
	}
	return gui(args, stdout, stderr)
}

// parseInterspersed parses fs from args with flags allowed before, between
// and after positional arguments (yiye notice 宾馆 --json), which the flag
// package alone stops at. When parsing fails or help was asked for, ok is
// false and code is the exit code.
func parseInterspersed(fs *flag.FlagSet, args []string) (pos []string, code int, ok bool) {
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, 0, false
			}
			return nil, 2, false
		}
		if fs.NArg() == 0 {
			return pos, 0, true
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "一业一证申请助手 Yiye\n\n用法 Usage:\n  yiye [--demo] [--kiosk]      打开图形界面 / open the app")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  yiye %-22s %s\n", n+" ...", commands[n].summary)
	}
}

package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/naiman-yiye/yiye/catalog"
	"github.com/naiman-yiye/yiye/pdfdoc"
	"github.com/naiman-yiye/yiye/usererr"
)

// multiFlag collects a repeatable string flag.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

const noticeUsage = `用法 Usage: yiye notice INDUSTRY [--answer KEY=VALUE]... [--item CODE_OR_NAME]...
                   [--drop CODE_OR_NAME]... [--all] [--start YYYY-MM-DD] [--json | --pdf FILE] [--sources]
  INDUSTRY  行业名称、代码或序号（例如 便利店、convenience-store、1）
  --sources 工作人员核对用：每条内容的可信度和资料来源（与 --json 一起用时 JSON 带 source 字段）
`

func runNotice(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("notice", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, noticeUsage); fs.PrintDefaults() }
	var answers, items, drops multiFlag
	fs.Var(&answers, "answer", "回答问题 KEY=VALUE，可重复 / answer a question (repeatable)")
	fs.Var(&items, "item", "加入按需办理事项，可重复 / add an on-demand item (repeatable)")
	fs.Var(&drops, "drop", "去掉按需办理事项，可重复 / drop an on-demand item (repeatable)")
	all := fs.Bool("all", false, "包含全部按需办理事项 / include every on-demand item")
	start := fs.String("start", "", "受理日 YYYY-MM-DD，默认今天 / acceptance date, default today")
	asJSON := fs.Bool("json", false, "以 JSON 输出 / print JSON")
	pdf := fs.String("pdf", "", "写入 PDF 文件 / write a PDF file")
	sources := fs.Bool("sources", false, "工作人员视图：可信度与资料来源 / staff view: reliability marks and sources")

	pos, code, ok := parseInterspersed(fs, args)
	if !ok {
		return code
	}
	if len(pos) != 1 {
		fmt.Fprint(stderr, "请指定一个行业（specify exactly one industry）。\n"+noticeUsage)
		return 2
	}
	if *asJSON && *pdf != "" {
		fmt.Fprintln(stderr, "--json 与 --pdf 只能选一个（choose either --json or --pdf）。")
		return 2
	}
	if *sources && *pdf != "" {
		fmt.Fprintln(stderr, "--sources 不能与 --pdf 一起用；资料来源见 yiye guide 的附录（--sources cannot be combined with --pdf; the guide's appendix lists the sources）。")
		return 2
	}
	day := time.Now()
	if *start != "" {
		d, err := catalog.ParseDate(*start)
		if err != nil {
			printErr(stderr, usererr.Newf("cli.bad_date", "受理日 %q 应为 YYYY-MM-DD 格式的有效日期。",
				"The start date %q must be a valid YYYY-MM-DD date.", *start))
			return 2
		}
		day = d
	}

	cat, err := catalogForCLI(stderr)
	if err != nil {
		printErr(stderr, err)
		return 1
	}
	req := catalog.Request{Industry: pos[0], Answers: catalog.Answers{}, Add: items, Drop: drops, All: *all}
	for _, kv := range answers {
		k, v, err := cat.ParseAnswer(kv)
		if err != nil {
			printErr(stderr, err)
			return 2
		}
		req.Answers[k] = v
	}
	sel, err := cat.Match(req)
	if err != nil {
		printErr(stderr, err)
		return 2
	}
	n := cat.Notice(sel, day)

	switch {
	case *asJSON && *sources:
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(n); err != nil {
			printErr(stderr, err)
			return 1
		}
	case *asJSON:
		b, err := n.ApplicantJSON("", "  ")
		if err == nil {
			_, err = stdout.Write(append(b, '\n'))
		}
		if err != nil {
			printErr(stderr, err)
			return 1
		}
	case *sources:
		if err := n.WriteSources(stdout); err != nil {
			printErr(stderr, err)
			return 1
		}
	case *pdf != "":
		if err := writePDFAtomically(*pdf, n); err != nil {
			printErr(stderr, err)
			return 1
		}
		fmt.Fprintf(stdout, "已写入 %s（written）\n", *pdf)
	default:
		if err := n.WriteText(stdout); err != nil {
			printErr(stderr, err)
			return 1
		}
	}
	return 0
}

// writePDFAtomically renders into a temporary file next to path and renames
// it, so a failed render never leaves a truncated PDF behind.
func writePDFAtomically(path string, n *catalog.Notice) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".notice-*.pdf")
	if err != nil {
		return usererr.Newf("cli.write_failed", "无法写入 %s：%v", "Cannot write %s: %v", path, err)
	}
	defer os.Remove(tmp.Name())
	if err := pdfdoc.WriteNotice(tmp, n); err != nil {
		tmp.Close()
		return err
	}
	// CreateTemp makes the file private; the notice is an ordinary document.
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

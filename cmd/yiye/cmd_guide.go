package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sync"

	"github.com/naiman-yiye/yiye/catalog"
	"github.com/naiman-yiye/yiye/pdfdoc"
	"github.com/naiman-yiye/yiye/usererr"
)

const guideUsage = `用法 Usage: yiye guide --out DIR [INDUSTRY]...
  为每个行业生成一份办事指南 PDF（guide-01-convenience-store.pdf 等）；
  指定 INDUSTRY（名称、代码或序号）时只生成这些行业的指南。
  Writes one printable guide per industry into DIR (all 15 unless INDUSTRY is given).
`

func runGuide(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("guide", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, guideUsage); fs.PrintDefaults() }
	out := fs.String("out", "", "输出目录 / output folder")
	pos, code, ok := parseInterspersed(fs, args)
	if !ok {
		return code
	}
	if *out == "" {
		fmt.Fprint(stderr, "请用 --out 指定输出目录（--out DIR is required）。\n"+guideUsage)
		return 2
	}
	cat, err := catalogForCLI(stderr)
	if err != nil {
		printErr(stderr, err)
		return 1
	}
	var inds []*catalog.Industry
	for _, ref := range pos {
		ind, err := cat.Industry(ref)
		if err != nil {
			printErr(stderr, err)
			return 2
		}
		inds = append(inds, ind)
	}
	if len(inds) == 0 {
		inds = cat.Industries
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		printErr(stderr, usererr.Newf("cli.write_failed", "无法创建目录 %s：%v", "Cannot create folder %s: %v", *out, err))
		return 1
	}
	// Render in parallel (each guide is independent), report in order.
	paths := make([]string, len(inds))
	errs := make([]error, len(inds))
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for i, ind := range inds {
		paths[i] = filepath.Join(*out, pdfdoc.GuideFileName(ind))
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			errs[i] = writeGuideAtomically(paths[i], cat, ind.Code)
		}()
	}
	wg.Wait()
	code = 0
	for i, p := range paths {
		if errs[i] != nil {
			printErr(stderr, errs[i])
			code = 1
			continue
		}
		fmt.Fprintf(stdout, "已写入 %s（written）\n", p)
	}
	return code
}

// writeGuideAtomically renders into a temporary file beside path and
// renames it, so a failure never leaves a truncated PDF.
func writeGuideAtomically(path string, cat *catalog.Catalog, industry string) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".guide-*.pdf")
	if err != nil {
		return usererr.Newf("cli.write_failed", "无法写入 %s：%v", "Cannot write %s: %v", path, err)
	}
	defer os.Remove(tmp.Name())
	if err := pdfdoc.WriteGuide(tmp, cat, industry); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return usererr.Newf("cli.write_failed", "无法写入 %s：%v", "Cannot write %s: %v", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return usererr.Newf("cli.write_failed", "无法写入 %s：%v", "Cannot write %s: %v", path, err)
	}
	return nil
}

package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/naiman-yiye/yiye/catalog"
	"github.com/naiman-yiye/yiye/paths"
	"github.com/naiman-yiye/yiye/store"
	"github.com/naiman-yiye/yiye/usererr"
)

// catalogForCLI returns the local catalog copy (creating it from the
// embedded catalog on first run). If the data folder cannot be used, it
// warns and falls back to the embedded catalog, so read-only tools still work.
func catalogForCLI(stderr io.Writer) (*catalog.Catalog, error) {
	cat, err := localCatalog()
	if err == nil {
		return cat, nil
	}
	fmt.Fprintf(stderr, "提示：无法打开本地目录副本，改用程序内置目录（%v）。\nNote: using the built-in catalog; the local copy could not be opened.\n", err)
	return catalog.Embedded()
}

func localCatalog() (*catalog.Catalog, error) {
	dir, err := paths.DataDir()
	if err != nil {
		return nil, err
	}
	db, err := store.Open(paths.DatabaseFile(dir))
	if err != nil {
		return nil, err
	}
	defer db.Close()
	l, err := catalog.OpenLocal(context.Background(), db)
	if err != nil {
		return nil, err
	}
	return l.Current(), nil
}

// printErr writes an error for people: Chinese, then English.
func printErr(w io.Writer, err error) {
	var ue *usererr.Error
	if errors.As(err, &ue) {
		fmt.Fprintf(w, "错误：%s\nError: %s\n", ue.ZH, ue.EN)
		return
	}
	fmt.Fprintf(w, "错误（error）：%v\n", err)
}

// catalogListJSON is the --json shape of `yiye catalog list`.
type catalogListJSON struct {
	Version    int                   `json:"version"`
	Published  string                `json:"published"`
	Industries []catalogIndustryJSON `json:"industries"`
	Items      []catalogItemJSON     `json:"items"`
	Questions  []*catalog.Question   `json:"questions"`
}

type catalogIndustryJSON struct {
	Code   string             `json:"code"`
	No     int                `json:"no"`
	Name   string             `json:"name"`
	NameEN string             `json:"name_en"`
	Items  []catalogEntryJSON `json:"items"`
}

type catalogEntryJSON struct {
	Code       string `json:"code"`
	Name       string `json:"name"`
	AnnexName  string `json:"annex_name"`
	Department string `json:"department"`
	Mark       string `json:"mark"`
	OnDemand   bool   `json:"on_demand"`
}

type catalogItemJSON struct {
	Code          string       `json:"code"`
	Name          string       `json:"name"`
	NameEN        string       `json:"name_en"`
	Kind          catalog.Kind `json:"kind"`
	Department    string       `json:"department"`
	LegalDays     int          `json:"legal_days"`
	CommittedDays int          `json:"committed_days"`
	Inspection    bool         `json:"inspection"`
	Uncertain     bool         `json:"limits_uncertain"`
}

func runCatalog(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "list" {
		fmt.Fprintln(stderr, "用法 Usage: yiye catalog list [--json] [--sources]")
		if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
			return 0
		}
		return 2
	}
	fs := flag.NewFlagSet("catalog list", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "以 JSON 输出 / print JSON")
	sources := fs.Bool("sources", false, "工作人员视图：每条内容的可信度与资料来源 / staff view: reliability marks and sources")
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "多余的参数 %q（unexpected arguments）。\n", fs.Args())
		return 2
	}
	cat, err := catalogForCLI(stderr)
	if err != nil {
		printErr(stderr, err)
		return 1
	}
	if *sources && *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(cat.Facts()); err != nil {
			printErr(stderr, err)
			return 1
		}
		return 0
	}
	if *sources {
		if err := cat.WriteSources(stdout); err != nil {
			printErr(stderr, err)
			return 1
		}
		return 0
	}
	if *asJSON {
		out := catalogListJSON{Version: cat.Version, Published: cat.Published, Questions: cat.Questions}
		for _, ind := range cat.Industries {
			ij := catalogIndustryJSON{Code: ind.Code, No: ind.No, Name: ind.Name, NameEN: ind.NameEN}
			for _, e := range ind.Entries {
				it, _ := cat.Item(e.Item)
				ij.Items = append(ij.Items, catalogEntryJSON{Code: e.Item, Name: it.Name, AnnexName: e.AnnexName,
					Department: cat.Department(e.Department).Short, Mark: e.Mark, OnDemand: e.OnDemand})
			}
			out.Industries = append(out.Industries, ij)
		}
		for _, it := range cat.Items {
			out.Items = append(out.Items, catalogItemJSON{Code: it.Code, Name: it.Name, NameEN: it.NameEN, Kind: it.Kind,
				Department: cat.Department(it.Department).Name, LegalDays: it.LegalDays, CommittedDays: it.CommittedDays,
				Inspection: it.Inspection, Uncertain: it.LimitNote.Reliability.Uncertain()})
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(out); err != nil {
			printErr(stderr, err)
			return 1
		}
		return 0
	}
	fmt.Fprintf(stdout, "%s（目录版本 %d，%s）\n%s\n\n", cat.Title.ZH, cat.Version, catalog.DateZH(cat.Published), catalog.UncertainMarkNote)
	for _, ind := range cat.Industries {
		fmt.Fprintf(stdout, "%2d. %s  %s\n", ind.No, ind.Name, ind.Code)
		for _, e := range ind.Entries {
			mark := ""
			if e.Mark != "" {
				mark = "  [" + e.Mark + "]"
			}
			fmt.Fprintf(stdout, "      %-5s %s（%s）%s\n", e.Item, e.AnnexName, cat.Department(e.Department).Short, mark)
		}
	}
	fmt.Fprintln(stdout, "\n审批事项（法定/承诺时限，工作日）：")
	for _, it := range cat.Items {
		limits := fmt.Sprintf("%d/%d", it.LegalDays, it.CommittedDays)
		if it.Phase == catalog.AfterOpening {
			limits = it.FilingWithin
		}
		unc := ""
		if it.LimitNote.Reliability.Uncertain() {
			unc = " " + catalog.UncertainMark
		}
		fmt.Fprintf(stdout, "  %-5s %s · %s · %s%s\n", it.Code, it.Name, it.Kind, limits, unc)
	}
	qs := make([]string, len(cat.Questions))
	for i, q := range cat.Questions {
		qs[i] = q.Key
	}
	fmt.Fprintf(stdout, "\n问题（--answer KEY=VALUE）：%s\n", strings.Join(qs, ", "))
	return 0
}

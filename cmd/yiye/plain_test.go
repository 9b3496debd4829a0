package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/naiman-yiye/yiye/catalog"
	"github.com/naiman-yiye/yiye/pdfdoc"
)

// isoDate finds a YYYY-MM-DD date; Chinese text writes 2026年12月3日.
var isoDate = regexp.MustCompile(`\b\d{4}-\d{2}-\d{2}\b`)

// answerSets lists, for an industry, one set of CLI answers per distinct
// outcome over every combination of its questions (each unanswered or
// answered every way; areas on both sides of the 200 m² reference value):
// what is chosen, possible or exempt, with which variant, and which notes.
func answerSets(t *testing.T, cat *catalog.Catalog, ind *catalog.Industry) [][]string {
	t.Helper()
	qs := cat.QuestionsFor(ind)
	values := make([][]string, len(qs))
	for i, q := range qs {
		values[i] = []string{""}
		switch q.Type {
		case catalog.Bool:
			values[i] = append(values[i], "true", "false")
		case catalog.Choice:
			for _, o := range q.Options {
				values[i] = append(values[i], o.Value)
			}
		case catalog.Number:
			values[i] = append(values[i], "150", "250")
		}
	}
	seen := map[string]bool{}
	var out [][]string
	idx := make([]int, len(qs))
	for {
		answers := catalog.Answers{}
		var args []string
		for i, q := range qs {
			if v := values[i][idx[i]]; v != "" {
				answers[q.Key] = v
				args = append(args, "--answer", q.Key+"="+v)
			}
		}
		sel, err := cat.Match(catalog.Request{Industry: ind.Code, Answers: answers})
		if err != nil {
			t.Fatal(err)
		}
		var sig []string
		for _, list := range [][]catalog.Selected{sel.Items, sel.Possible, sel.Exempt} {
			for _, s := range list {
				sig = append(sig, s.Item.Code+"/"+s.Name()+"/"+strings.Join(s.Unanswered, ","))
			}
			sig = append(sig, "|")
		}
		for _, a := range sel.Advice {
			sig = append(sig, a.ZH)
		}
		if k := strings.Join(sig, "\n"); !seen[k] {
			seen[k] = true
			out = append(out, args)
		}
		// Next combination (odometer).
		i := 0
		for ; i < len(idx); i++ {
			idx[i]++
			if idx[i] < len(values[i]) {
				break
			}
			idx[i] = 0
		}
		if i == len(idx) {
			return out
		}
	}
}

// checkPlain fails for research notes and ISO dates in what applicants read.
func checkPlain(t *testing.T, what, text string, dates bool) {
	t.Helper()
	if p := catalog.ResearchNote(text); p != "" {
		i := strings.Index(text, p)
		t.Errorf("%s: research note %q in …%s…", what, p, text[max(0, i-60):min(len(text), i+60)])
	}
	if dates {
		if d := isoDate.FindString(text); d != "" {
			t.Errorf("%s: ISO date %s beside Chinese dates", what, d)
		}
	}
}

// jsonStrings collects the strings of a JSON document that are text:
// every value but the reliability codes (verified, unverified, …), which
// the app turns into its own words.
func jsonStrings(v any, out *[]string) {
	switch x := v.(type) {
	case string:
		*out = append(*out, x)
	case []any:
		for _, e := range x {
			jsonStrings(e, out)
		}
	case map[string]any:
		for k, e := range x {
			if k != "reliability" {
				jsonStrings(e, out)
			}
		}
	}
}

// pieces names what a notice is made of — each item as chosen, possible
// or exempt (variant included), each note of the data the answers bring, and
// the comprehensive-license and sequence cases — so that a set of notices
// covering every piece prints every text some notice can print.
func pieces(n *catalog.Notice) []string {
	var out []string
	for _, x := range []struct {
		tag  string
		list []catalog.NoticeItem
	}{{"item", n.Items}, {"possible", n.Possible}, {"exempt", n.Exempt}} {
		for _, it := range x.list {
			out = append(out, x.tag+":"+it.Name)
		}
	}
	for _, w := range n.Warnings {
		// Notes from the data carry a mark; the ones the notice words
		// itself (请回答…) are the same text with other questions.
		if w.Reliability != "" {
			out = append(out, "note:"+w.ZH)
		}
	}
	out = append(out, fmt.Sprintf("license:%v/%d", n.Comprehensive.Issued, len(n.Comprehensive.Items)),
		fmt.Sprintf("path:%d", len(n.Path)))
	return out
}

// TestApplicantOutputsArePlain renders the notice of all 15 industries
// under every combination of answers that changes the outcome — as text
// and as the applicant JSON for every outcome, and as PDF read back with
// pdftotext for a set of outcomes that together print every piece of text
// a notice can hold — and fails on any research phrase
// (catalog.ResearchPhrases) or ISO date in them. One outcome per industry
// goes through the CLI (text, --json, --pdf); the staff view (--sources)
// still carries the sources.
func TestApplicantOutputsArePlain(t *testing.T) {
	pdftotext := popplerTool(t, "pdftotext")
	withDataDir(t)
	cat, err := catalog.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	readPDF := func(t *testing.T, path string) string {
		t.Helper()
		txt, err := exec.Command(pdftotext, "-enc", "UTF-8", path, "-").Output()
		if err != nil {
			t.Fatalf("pdftotext: %v", err)
		}
		return string(txt)
	}
	outcomes, pdfs := 0, 0
	for _, ind := range cat.Industries {
		t.Run(ind.Code, func(t *testing.T) {
			type outcome struct {
				args   []string
				n      *catalog.Notice
				pieces []string
			}
			var rendered []outcome
			for _, args := range answerSets(t, cat, ind) {
				outcomes++
				what := fmt.Sprintf("%s %v", ind.Code, args)
				answers := catalog.Answers{}
				for k := 1; k < len(args); k += 2 {
					key, v, _ := strings.Cut(args[k], "=")
					answers[key] = v
				}
				sel, err := cat.Match(catalog.Request{Industry: ind.Code, Answers: answers})
				if err != nil {
					t.Fatal(err)
				}
				n := cat.Notice(sel, catalog.Date(2026, 11, 25))
				var b bytes.Buffer
				if err := n.WriteText(&b); err != nil {
					t.Fatal(err)
				}
				checkPlain(t, what+" (text)", b.String(), true)
				j, err := n.ApplicantJSON("", "")
				if err != nil {
					t.Fatal(err)
				}
				var doc any
				if err := json.Unmarshal(j, &doc); err != nil {
					t.Fatal(err)
				}
				var strs []string
				jsonStrings(doc, &strs)
				// JSON dates are machine-readable YYYY-MM-DD on purpose.
				checkPlain(t, what+" (json)", strings.Join(strs, "\n"), false)

				rendered = append(rendered, outcome{args, n, pieces(n)})
			}
			// PDFs for a smallest set of outcomes (greedy cover) that
			// together hold every piece.
			covered := map[string]bool{}
			for first := true; ; first = false {
				best, gain := -1, 0
				for k, o := range rendered {
					g := 0
					for _, p := range o.pieces {
						if !covered[p] {
							g++
						}
					}
					if g > gain {
						best, gain = k, g
					}
				}
				if best < 0 {
					break
				}
				o := rendered[best]
				for _, p := range o.pieces {
					covered[p] = true
				}
				pdfs++
				what := fmt.Sprintf("%s %v", ind.Code, o.args)
				pdf := filepath.Join(dir, fmt.Sprintf("%s-%d.pdf", ind.Code, pdfs))
				if first {
					// The CLI prints what the catalog renders.
					var b bytes.Buffer
					if err := o.n.WriteText(&b); err != nil {
						t.Fatal(err)
					}
					base := append([]string{"notice", ind.Code, "--start", "2026-11-25"}, o.args...)
					code, out, errs := runCLI(t, base...)
					if code != 0 || out != b.String() {
						t.Fatalf("%s: CLI text differs (exit %d): %s", what, code, errs)
					}
					if code, out, _ := runCLI(t, append(slices.Clone(base), "--json")...); code != 0 || strings.Contains(out, `"source"`) {
						t.Errorf("%s: CLI JSON (exit %d) carries sources", what, code)
					}
					if code, _, errs := runCLI(t, append(slices.Clone(base), "--pdf", pdf)...); code != 0 {
						t.Fatalf("%s --pdf: exit %d: %s", what, code, errs)
					}
				} else {
					var out bytes.Buffer
					if err := pdfdoc.WriteNotice(&out, o.n); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(pdf, out.Bytes(), 0o600); err != nil {
						t.Fatal(err)
					}
				}
				txt := readPDF(t, pdf)
				checkPlain(t, what+" (pdf)", txt, true)
				if strings.Contains(txt, "□") {
					t.Errorf("%s (pdf): characters the font lacks", what)
				}
				os.Remove(pdf)
			}
		})
	}
	t.Logf("%d outcomes, %d PDFs", outcomes, pdfs)
	if outcomes < 300 || pdfs < 15 {
		t.Errorf("only %d outcomes and %d PDFs rendered", outcomes, pdfs)
	}
	// Staff still see where every uncertain fact comes from.
	code, out, _ := runCLI(t, "notice", "小餐饮", "--answer", "floor_area_m2=40", "--sources")
	if code != 0 || !strings.Contains(out, "来源：") || !strings.Contains(out, "同类省份") {
		t.Errorf("notice --sources: exit %d\n%s", code, out)
	}
	code, out, _ = runCLI(t, "notice", "小餐饮", "--json", "--sources")
	if code != 0 || !strings.Contains(out, `"source"`) {
		t.Errorf("notice --json --sources carries no sources: exit %d", code)
	}
	code, out, _ = runCLI(t, "catalog", "list", "--sources")
	if code != 0 || !strings.Contains(out, "未见原文") || !strings.Contains(out, "可信度：") {
		t.Errorf("catalog list --sources: exit %d", code)
	}
	code, out, _ = runCLI(t, "catalog", "list", "--sources", "--json")
	var facts []catalog.Fact
	if code != 0 || json.Unmarshal([]byte(out), &facts) != nil || len(facts) < 100 {
		t.Errorf("catalog list --sources --json: exit %d, %d facts", code, len(facts))
	}
	if code, _, errs := runCLI(t, "notice", "小餐饮", "--sources", "--pdf", filepath.Join(dir, "x.pdf")); code != 2 || errs == "" {
		t.Errorf("--sources with --pdf: exit %d", code)
	}
}

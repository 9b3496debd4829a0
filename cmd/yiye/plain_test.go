package main

import (
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

// TestApplicantOutputsArePlain renders the notice of all 15 industries
// under every combination of answers that changes the outcome — as text,
// as the applicant JSON and as PDF read back with pdftotext — and fails on
// any research phrase (catalog.ResearchPhrases) or ISO date in them. The
// staff view (--sources) still carries the sources.
func TestApplicantOutputsArePlain(t *testing.T) {
	pdftotext := popplerTool(t, "pdftotext")
	withDataDir(t)
	cat, err := catalog.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	total := 0
	for _, ind := range cat.Industries {
		t.Run(ind.Code, func(t *testing.T) {
			sets := answerSets(t, cat, ind)
			total += len(sets)
			for i, answers := range sets {
				base := append([]string{"notice", ind.Code, "--start", "2026-11-25"}, answers...)
				what := fmt.Sprintf("%s %v", ind.Code, answers)
				code, out, errs := runCLI(t, base...)
				if code != 0 {
					t.Fatalf("%s: exit %d: %s", what, code, errs)
				}
				checkPlain(t, what+" (text)", out, true)

				code, out, errs = runCLI(t, append(slices.Clone(base), "--json")...)
				if code != 0 {
					t.Fatalf("%s --json: exit %d: %s", what, code, errs)
				}
				var doc any
				if err := json.Unmarshal([]byte(out), &doc); err != nil {
					t.Fatal(err)
				}
				var strs []string
				jsonStrings(doc, &strs)
				// JSON dates are machine-readable YYYY-MM-DD on purpose.
				checkPlain(t, what+" (json)", strings.Join(strs, "\n"), false)

				pdf := filepath.Join(dir, fmt.Sprintf("%s-%d.pdf", ind.Code, i))
				if code, _, errs := runCLI(t, append(slices.Clone(base), "--pdf", pdf)...); code != 0 {
					t.Fatalf("%s --pdf: exit %d: %s", what, code, errs)
				}
				txt, err := exec.Command(pdftotext, "-enc", "UTF-8", pdf, "-").Output()
				if err != nil {
					t.Fatalf("pdftotext: %v", err)
				}
				checkPlain(t, what+" (pdf)", string(txt), true)
				if strings.Contains(string(txt), "□") {
					t.Errorf("%s (pdf): characters the font lacks", what)
				}
				os.Remove(pdf)
			}
		})
	}
	if total < 60 {
		t.Errorf("only %d outcomes rendered", total)
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

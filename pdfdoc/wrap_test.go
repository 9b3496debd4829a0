package pdfdoc

import (
	"encoding/json"
	"strings"
	"testing"
)

// closingMarks must never start a printed line (避头).
const closingMarks = "，。、；：？！）」』》"

// noticeStrings collects every distinct string of the notices of all
// industries with all on-demand items: the text our PDFs print.
func noticeStrings(t *testing.T) []string {
	t.Helper()
	c := embedded(t)
	seen := map[string]bool{}
	var out []string
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case string:
			if !seen[x] && strings.ContainsAny(x, closingMarks) {
				seen[x] = true
				out = append(out, x)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		case map[string]any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	for _, ind := range c.Industries {
		b, err := json.Marshal(notice(t, c, ind.Code, true))
		if err != nil {
			t.Fatal(err)
		}
		var v any
		if err := json.Unmarshal(b, &v); err != nil {
			t.Fatal(err)
		}
		walk(v)
	}
	return out
}

// TestLinesKinsoku wraps every notice text at the widths of our narrow
// table columns and flowchart boxes: no line may start with a closing mark,
// and nothing is lost.
func TestLinesKinsoku(t *testing.T) {
	texts := noticeStrings(t)
	if len(texts) < 50 {
		t.Fatalf("only %d texts", len(texts))
	}
	for _, size := range []float64{8.5, 10.5} {
		for _, w := range []float64{12, 22, 31, 45, 64, 97, 150} {
			st := Style{Size: size}
			for _, s := range texts {
				lines := Lines(s, w, st)
				if strings.Join(lines, "") != strings.ReplaceAll(Sanitize(s, false), "\n", "") {
					t.Fatalf("size %v width %v lost text of %q", size, w, s)
				}
				for i, l := range lines {
					if i > 0 && l != "" && strings.ContainsRune(closingMarks, []rune(l)[0]) {
						t.Errorf("size %v width %v: line %d of %q starts with %q (after %q)", size, w, i, s, l, lines[i-1])
					}
				}
			}
		}
	}
}

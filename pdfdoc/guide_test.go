package pdfdoc

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/naiman-yiye/yiye/catalog"
)

func TestWriteGuideAllIndustries(t *testing.T) {
	c := embedded(t)
	if len(c.Industries) != 15 {
		t.Fatalf("%d industries", len(c.Industries))
	}
	for _, ind := range c.Industries {
		t.Run(ind.Code, func(t *testing.T) {
			t.Parallel()
			var b bytes.Buffer
			if err := WriteGuide(&b, c, ind.Code); err != nil {
				t.Fatal(err)
			}
			if p := os.Getenv("PDFDOC_KEEP"); p != "" {
				os.WriteFile(p+GuideFileName(ind), b.Bytes(), 0o644)
			}
			path := writePDF(t, b.Bytes())
			pages := pdfPages(t, path)
			text := pdfText(t, path)
			wants := []string{"办事指南", ind.Name, "什么是“一业一证”", "办理流程图", "设定依据", "企业开办窗口", "12345",
				catalog.LocalGuideZH, fmt.Sprintf("第 %d 页 / 共 %d 页", pages, pages)}
			n := notice(t, c, ind.Code, true)
			for _, it := range n.Items {
				wants = append(wants, it.Name)
				if it.OnDemand {
					wants = append(wants, "【"+it.Mark+"】")
				}
			}
			for _, q := range c.QuestionsFor(ind) {
				wants = append(wants, q.Text.ZH, q.Why.ZH)
			}
			wantText(t, text, wants...)
			// The embedded font covers every character of the catalog.
			if strings.Contains(text, "□") {
				t.Errorf("guide has characters the font lacks (printed as □)")
			}
		})
	}
	if err := WriteGuide(io.Discard, c, "no-such-industry"); err == nil {
		t.Error("unknown industry accepted")
	}
}

func TestDescribeCondition(t *testing.T) {
	c := embedded(t)
	yes, no := true, false
	ten := 10.0
	var q *catalog.Question
	for _, x := range c.Questions {
		if x.Type == catalog.Bool {
			q = x
			break
		}
	}
	if q == nil {
		t.Skip("catalog has no bool question")
	}
	cases := []struct {
		cd   *catalog.Condition
		want string
	}{
		{nil, ""},
		{&catalog.Condition{Q: q.Key, Is: &yes}, "「" + q.Text.ZH + "」回答“是”"},
		{&catalog.Condition{Not: &catalog.Condition{Q: q.Key, Is: &no}}, "不属于以下情形：「" + q.Text.ZH + "」回答“否”"},
		{&catalog.Condition{Any: []catalog.Condition{{Q: "x", Gte: &ten}, {Q: "y", Lt: &ten}}}, "「x」不少于 10；或 「y」少于 10"},
	}
	for _, tc := range cases {
		if got := DescribeCondition(c, tc.cd); got != tc.want {
			t.Errorf("got %q, want %q", got, tc.want)
		}
	}
}

package pdfdoc

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"testing"
	"time"

	"github.com/naiman-yiye/yiye/catalog"
)

func embedded(t testing.TB) *catalog.Catalog {
	t.Helper()
	c, err := catalog.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func notice(t testing.TB, c *catalog.Catalog, industry string, all bool) *catalog.Notice {
	t.Helper()
	sel, err := c.Match(catalog.Request{Industry: industry, All: all})
	if err != nil {
		t.Fatal(err)
	}
	return c.Notice(sel, time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC))
}

func TestWriteNotice(t *testing.T) {
	c := embedded(t)
	for _, tc := range []struct {
		industry string
		all      bool
		answers  catalog.Answers
	}{{"hotel", true, nil}, {"convenience-store", false, nil}, {"bookstore", true, nil},
		{"supermarket", false, catalog.Answers{"food_mode": "none"}}} {
		t.Run(tc.industry, func(t *testing.T) {
			sel, err := c.Match(catalog.Request{Industry: tc.industry, All: tc.all, Answers: tc.answers})
			if err != nil {
				t.Fatal(err)
			}
			n := c.Notice(sel, time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC))
			var b bytes.Buffer
			if err := WriteNotice(&b, n); err != nil {
				t.Fatal(err)
			}
			if p := os.Getenv("PDFDOC_KEEP"); p != "" {
				os.WriteFile(p+tc.industry+".pdf", b.Bytes(), 0o644)
			}
			path := writePDF(t, b.Bytes())
			pages := pdfPages(t, path)
			text := pdfText(t, path)
			wants := []string{"一次告知单", "行业：" + n.Industry.Name, "办理事项", "申请材料", "办理流程图",
				"12345", "企业开办窗口", fmt.Sprintf("第 %d 页 / 共 %d 页", pages, pages)}
			for _, it := range n.Items {
				wants = append(wants, it.Name, it.Department)
			}
			for _, it := range n.Possible {
				wants = append(wants, it.Name)
			}
			for _, m := range n.Materials {
				wants = append(wants, m.Name)
			}
			if n.CommittedDays > 0 {
				wants = append(wants, catalog.DateZH(n.ExpectedDate))
			}
			if n.Comprehensive.Issued {
				wants = append(wants, "颁发行业综合许可证")
			}
			for _, it := range n.Exempt {
				wants = append(wants, "按您的回答不用办："+it.Name)
			}
			wantText(t, text, wants...)
		})
	}
	if err := WriteNotice(io.Discard, nil); err == nil {
		t.Error("nil notice accepted")
	}
}

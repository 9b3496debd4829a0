package pdfdoc

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/naiman-yiye/yiye/flow"
)

func sampleGraph() *flow.Graph {
	g := &flow.Graph{}
	g.Nodes = []flow.Node{
		{ID: "apply", Kind: flow.Start, Label: "一表申请", Sublabel: "线上或窗口"},
		{ID: "accept", Kind: flow.Step, Label: "受理", Sublabel: "不齐全的 5 日内一次告知"},
	}
	g.Edges = []flow.Edge{{From: "apply", To: "accept"}}
	for i, it := range []string{"食品经营许可", "烟草专卖零售许可证核发", "公众聚集场所投入使用、营业前消防安全检查"} {
		lane := fmt.Sprint("L", i)
		g.Lanes = append(g.Lanes, flow.Lane{ID: lane, Caption: []string{"旗市场监督管理局", "旗烟草专卖局", "旗消防救援大队"}[i]})
		id := fmt.Sprint("i", i)
		g.Nodes = append(g.Nodes, flow.Node{ID: id, Kind: flow.Step, Label: it, Sublabel: "承诺 4 个工作日", Lane: lane})
		g.Edges = append(g.Edges, flow.Edge{From: "accept", To: id})
		if i != 1 {
			g.Edges = append(g.Edges, flow.Edge{From: id, To: "joint"})
		} else {
			g.Edges = append(g.Edges, flow.Edge{From: id, To: "decide"})
		}
	}
	g.Nodes = append(g.Nodes,
		flow.Node{ID: "joint", Kind: flow.Inspection, Label: "一同核查", Sublabel: "相关部门同一天到场"},
		flow.Node{ID: "decide", Kind: flow.Decision, Label: "符合条件？"},
		flow.Node{ID: "issue", Kind: flow.End, Label: "颁发行业综合许可证"},
		flow.Node{ID: "no", Kind: flow.Step, Label: "书面说明不予许可的理由"})
	g.Edges = append(g.Edges, flow.Edge{From: "joint", To: "decide"},
		flow.Edge{From: "decide", To: "issue", Label: "是"}, flow.Edge{From: "decide", To: "no", Label: "否"})
	return g
}

func TestDocBuilderRoundTrip(t *testing.T) {
	d, err := New(Options{Title: "测试文档 Test", Created: time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	d.Heading(0, "奈曼旗“一业一证”测试文档")
	d.Paragraph(strings.Repeat("申请人只需填写一张合并申请表，各部门并联审批，符合条件的颁发行业综合许可证。", 4), Style{})
	d.Heading(1, "一、事项清单")
	rows := [][]string{}
	for i := 0; i < 60; i++ {
		rows = append(rows, []string{fmt.Sprint(i + 1), fmt.Sprintf("第%d行事项名称比较长需要换行显示的内容", i+1), "旗市场监督管理局"})
	}
	d.Table(Table{Columns: []Column{{Header: "序号", Weight: 0.5, Align: Center}, {Header: "事项名称", Weight: 3}, {Header: "部门", Weight: 1.5}}, Rows: rows})
	d.Heading(1, "二、办理流程")
	d.Flowchart(sampleGraph())
	img := image.NewRGBA(image.Rect(0, 0, 40, 20))
	for x := 0; x < 40; x++ {
		img.Set(x, 10, color.Black)
	}
	var pb bytes.Buffer
	png.Encode(&pb, img)
	d.Image(pb.Bytes(), 120)
	var jb bytes.Buffer
	if err := jpeg.Encode(&jb, img, nil); err != nil {
		t.Fatal(err)
	}
	d.Image(jb.Bytes(), 0)
	var out bytes.Buffer
	if _, err := d.WriteTo(&out); err != nil {
		t.Fatal(err)
	}
	if p := os.Getenv("PDFDOC_KEEP"); p != "" {
		os.WriteFile(p, out.Bytes(), 0o644)
	}
	path := writePDF(t, out.Bytes())
	n := pdfPages(t, path)
	if n < 2 || n != d.Pages() {
		t.Fatalf("pdfinfo says %d pages, doc %d", n, d.Pages())
	}
	text := pdfText(t, path)
	wantText(t, text, "奈曼旗“一业一证”测试文档", "事项名称", "第60行事项名称", "颁发行业综合许可证", "一同核查",
		fmt.Sprintf("第 1 页 / 共 %d 页", n), fmt.Sprintf("第 %d 页 / 共 %d 页", n, n))
	// The header row repeats on the table's later pages.
	if c := strings.Count(squash(text), "事项名称部门"); c < 2 {
		t.Errorf("table header appears %d times", c)
	}
}

func TestTruncateAndSanitize(t *testing.T) {
	long := strings.Repeat("一业一证", 50)
	got := truncate(long, 100, 10)
	if !strings.HasSuffix(got, "…") || Measure(got, 10, false) > 100+1e-9 || !strings.HasPrefix(long, strings.TrimSuffix(got, "…")) {
		t.Fatalf("truncate = %q", got)
	}
	if truncate("短", 100, 10) != "短" {
		t.Fatal("short text truncated")
	}
	cases := map[string]string{
		"a\r\nb":  "a\nb",
		"a\rb":    "a\nb",
		"a\tb":    "a b",
		"x\x00y":  "x□y",
		"\xffz":   "□z",
		"许可证":     "许可证",
		"全角　空格":   "全角　空格",
		"emoji😀!": "emoji□!",
	}
	for in, want := range cases {
		if got := Sanitize(in, false); got != want {
			t.Errorf("Sanitize(%q) = %q, want %q", in, got, want)
		}
	}
}

// The fonts are embedded as glyph subsets with a ToUnicode map, so the
// Chinese text is selectable and searchable (pdftotext above reads it back)
// and the files stay small.
func TestFontsEmbeddedSubsetWithToUnicode(t *testing.T) {
	d, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	d.Heading(1, "行业综合许可证")
	d.Paragraph("食品经营许可、烟草专卖零售许可证核发。", Style{})
	var b bytes.Buffer
	if _, err := d.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	if b.Len() > 300<<10 {
		t.Errorf("PDF is %d bytes: the 4 MB fonts were not subset", b.Len())
	}
	path := writePDF(t, b.Bytes())
	out, err := exec.Command(tool(t, "pdffonts"), path).CombinedOutput()
	if err != nil {
		t.Fatalf("pdffonts: %v %s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != 4 {
		t.Fatalf("want 2 fonts:\n%s", out)
	}
	for _, l := range lines[2:] {
		f := strings.Fields(l)
		// name type... encoding emb sub uni objID gen
		if n := len(f); n < 6 || f[n-5] != "yes" || f[n-3] != "yes" {
			t.Errorf("font not embedded with ToUnicode: %q", l)
		}
	}
	wantText(t, pdfText(t, path), "行业综合许可证", "烟草专卖零售许可证核发。")
}

func TestBadImageIsAnError(t *testing.T) {
	d, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	d.Image([]byte("not an image"), 100)
	d.Paragraph("后续内容不再绘制", Style{})
	if _, err := d.WriteTo(io.Discard); err == nil {
		t.Fatal("bad image accepted")
	}
}

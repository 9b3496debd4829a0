package catalog

import (
	"os"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// annexRow is one row of annex 1 as printed in the plan.
type annexRow struct {
	no       int
	industry string
	item     string // as printed
	dept     string // short name as printed
	mark     string
}

// parseAnnex reads annex 1 from the plan's text (testdata/annex1.txt is the
// annex copied verbatim from the seed): cells start with a tab, a line
// without a tab continues the previous cell, five cells make a row, and
// empty number/industry cells repeat the row above.
func parseAnnex(t *testing.T) []annexRow {
	t.Helper()
	b, err := os.ReadFile("testdata/annex1.txt")
	if err != nil {
		t.Fatal(err)
	}
	var cells []string
	for _, line := range strings.Split(string(b), "\n") {
		switch {
		case strings.HasPrefix(line, "\t"):
			cells = append(cells, line[1:])
		case len(cells) > 0 && strings.TrimSpace(line) != "":
			cells[len(cells)-1] += line
		}
	}
	for i := range cells {
		cells[i] = strings.TrimFunc(cells[i], unicode.IsSpace)
	}
	if len(cells)%5 != 0 {
		t.Fatalf("annex has %d cells, not a multiple of 5", len(cells))
	}
	if got := strings.Join(cells[:5], "|"); got != "序号|行业名称|审批事项|责任部门|备注" {
		t.Fatalf("annex header %q", got)
	}
	var rows []annexRow
	var cur annexRow
	for i := 5; i < len(cells); i += 5 {
		c := cells[i : i+5]
		if c[0] != "" {
			n, err := strconv.Atoi(c[0])
			if err != nil {
				t.Fatalf("annex number %q", c[0])
			}
			cur = annexRow{no: n, industry: c[1]}
		}
		rows = append(rows, annexRow{no: cur.no, industry: cur.industry, item: c[2], dept: c[3], mark: c[4]})
	}
	return rows
}

// TestAnnex1 checks every row of annex 1 against the embedded catalog:
// industries in order with their names, each item under its printed name,
// its department and its 按需办理/按要求办理 mark, and nothing extra.
func TestAnnex1(t *testing.T) {
	c := mustEmbedded(t)
	rows := parseAnnex(t)
	if len(rows) != 41 {
		t.Fatalf("annex rows = %d, want 41", len(rows))
	}
	byNo := map[int][]annexRow{}
	for _, r := range rows {
		byNo[r.no] = append(byNo[r.no], r)
	}
	if len(byNo) != 15 || len(c.Industries) != 15 {
		t.Fatalf("annex industries %d, catalog %d", len(byNo), len(c.Industries))
	}
	for _, ind := range c.Industries {
		want := byNo[ind.No]
		if len(want) == 0 || want[0].industry != ind.Name {
			t.Errorf("industry %d: catalog %q, annex %+v", ind.No, ind.Name, want)
			continue
		}
		if len(ind.Entries) != len(want) {
			t.Errorf("%s: %d entries, annex has %d", ind.Name, len(ind.Entries), len(want))
			continue
		}
		for i, r := range want {
			e := ind.Entries[i]
			d := c.Department(e.Department)
			if e.AnnexName != r.item || d.Short != r.dept || e.Mark != r.mark {
				t.Errorf("%s row %d: catalog (%s, %s, %q), annex (%s, %s, %q)",
					ind.Name, i+1, e.AnnexName, d.Short, e.Mark, r.item, r.dept, r.mark)
			}
			// The printed name must resolve to the item (公共卫生场所许可 → GGWS).
			it, err := c.Item(r.item)
			if err != nil || it.Code != e.Item {
				t.Errorf("%s: Item(%q) = %v, %v; want %s", ind.Name, r.item, it, err, e.Item)
			}
			if got, _ := c.Industry(strconv.Itoa(r.no)); got != ind {
				t.Errorf("Industry(%d) did not find %s", r.no, ind.Name)
			}
		}
	}
}

// TestArchitectureCodes pins the shared codes of docs/architecture.md.
func TestArchitectureCodes(t *testing.T) {
	c := mustEmbedded(t)
	industries := []string{"convenience-store", "supermarket", "restaurant", "small-catering", "fresh-food",
		"bakery", "cafe-teahouse", "bar", "bathhouse", "gym", "beauty-salon", "hotel", "pharmacy",
		"maternity-baby", "bookstore"}
	if got := strings.Join(c.IndustryCodes(), " "); got != strings.Join(industries, " ") {
		t.Errorf("industry codes %s", got)
	}
	items := map[string]string{
		"SPJY": "食品经营许可", "GGWS": "公共场所卫生许可", "YPLS": "药品零售企业许可",
		"YCLS": "烟草专卖零售许可证核发", "XFJC": "公众聚集场所投入使用、营业前消防安全检查",
		"SPDJ": "食品生产经营登记", "GWTY": "经营高危险性体育项目许可", "TZHY": "特种行业经营许可（旅馆业）",
		"PSXK": "排水许可证", "HPBG": "环境影响报告表审批", "CBLS": "出版物零售单位设立审批", "CBWF": "出版物网上发行备案",
	}
	if len(c.Items) != len(items) {
		t.Errorf("%d items", len(c.Items))
	}
	for code, name := range items {
		it, err := c.Item(code)
		if err != nil || it.Name != name {
			t.Errorf("item %s: %v %v", code, it, err)
		}
	}
}

package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/naiman-yiye/yiye/paths"
)

func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, &out, &errb)
	return code, out.String(), errb.String()
}

// withDataDir points the CLI at a fresh data folder.
func withDataDir(t *testing.T) string {
	dir := t.TempDir()
	t.Setenv(paths.EnvDataDir, dir)
	return dir
}

type noticeJSON struct {
	Industry struct {
		Code string `json:"code"`
		Name string `json:"name"`
	} `json:"industry"`
	Items []struct {
		Code          string `json:"code"`
		Name          string `json:"name"`
		Department    string `json:"department"`
		Kind          string `json:"kind"`
		Phase         string `json:"phase"`
		OnDemand      bool   `json:"on_demand"`
		LegalDays     int    `json:"legal_days"`
		CommittedDays int    `json:"committed_days"`
	} `json:"items"`
	Materials []struct {
		ID    string   `json:"id"`
		Name  string   `json:"name"`
		Items []string `json:"items"`
	} `json:"materials"`
	CommittedDays int    `json:"committed_days"`
	ExpectedDate  string `json:"expected_date"`
	Comprehensive struct {
		Issued bool `json:"issued"`
	} `json:"comprehensive"`
}

func itemCodes(n noticeJSON) string {
	var cs []string
	for _, it := range n.Items {
		cs = append(cs, it.Code)
	}
	return strings.Join(cs, " ")
}

func TestNoticeJSON(t *testing.T) {
	dir := withDataDir(t)
	code, out, errs := runCLI(t, "notice", "超市", "--answer", "sells_tobacco=是", "--answer", "sells_medicine=no",
		"--answer", "floor_area_m2=350", "--start", "2026-02-10", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var n noticeJSON
	if err := json.Unmarshal([]byte(out), &n); err != nil {
		t.Fatalf("json: %v\n%s", err, out)
	}
	if n.Industry.Code != "supermarket" || itemCodes(n) != "SPJY GGWS YCLS XFJC" || !n.Comprehensive.Issued {
		t.Fatalf("notice: %+v", n)
	}
	if n.CommittedDays != 8 || n.ExpectedDate != "2026-02-27" {
		t.Errorf("time %d %s", n.CommittedDays, n.ExpectedDate)
	}
	for _, it := range n.Items {
		if it.Name == "" || it.Department == "" || it.Kind == "" || it.LegalDays == 0 || it.CommittedDays == 0 {
			t.Errorf("item incomplete: %+v", it)
		}
		if it.OnDemand != (it.Code == "YCLS" || it.Code == "XFJC") {
			t.Errorf("%s on_demand %v", it.Code, it.OnDemand)
		}
	}
	seen := map[string]bool{}
	for _, m := range n.Materials {
		if seen[m.Name] || len(m.Items) == 0 {
			t.Errorf("material %s duplicated or unused", m.Name)
		}
		seen[m.Name] = true
		if m.ID == "business_license" && strings.Join(m.Items, " ") != "SPJY GGWS YCLS XFJC" {
			t.Errorf("business licence items %v", m.Items)
		}
	}
	// The first run created the local catalog copy in the data folder.
	if _, err := os.Stat(paths.DatabaseFile(dir)); err != nil {
		t.Errorf("no local copy: %v", err)
	}
}

func TestNoticeOptions(t *testing.T) {
	withDataDir(t)
	tests := []struct {
		args  []string
		items string
	}{
		{[]string{"notice", "12", "--all", "--json", "--start", "2026-03-02"}, "TZHY GGWS SPJY XFJC PSXK GWTY HPBG"},
		{[]string{"notice", "--json", "--all", "--drop", "HPBG", "--drop", "排水许可证", "hotel"}, "TZHY GGWS SPJY XFJC GWTY"},
		{[]string{"notice", "convenience-store", "--item", "烟草专卖零售许可证核发", "--json"}, "SPJY GGWS YCLS"},
		{[]string{"notice", "书店", "--answer", "online_books=yes", "--json"}, "CBLS GGWS CBWF"},
		{[]string{"notice", "烘焙房", "--json"}, "SPJY"},
	}
	for _, tc := range tests {
		code, out, errs := runCLI(t, tc.args...)
		if code != 0 {
			t.Errorf("%v: exit %d: %s", tc.args, code, errs)
			continue
		}
		var n noticeJSON
		if err := json.Unmarshal([]byte(out), &n); err != nil {
			t.Errorf("%v: %v", tc.args, err)
			continue
		}
		if got := itemCodes(n); got != tc.items {
			t.Errorf("%v: items %q, want %q", tc.args, got, tc.items)
		}
	}
}

func TestNoticeText(t *testing.T) {
	withDataDir(t)
	code, out, errs := runCLI(t, "notice", "美容美发店", "--start", "2026-03-02")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"一次告知单 · 美容美发店", "公共场所卫生许可 · 许可", "二、材料清单", "三、办理流程",
		"不颁发行业综合许可证", "2026年3月12日", "以奈曼旗办事指南为准"} {
		if !strings.Contains(out, want) {
			t.Errorf("text lacks %q:\n%s", want, out)
		}
	}
	code, out, _ = runCLI(t, "notice", "书店", "--answer", "online_books=yes")
	if code != 0 || !strings.Contains(out, "备案事项（备案不是许可，不纳入行业综合许可证）") || !strings.Contains(out, "公共场所卫生备案") || !strings.Contains(out, "营业之日起30日内") {
		t.Errorf("bookstore text:\n%s", out)
	}
}

func TestNoticeErrors(t *testing.T) {
	withDataDir(t)
	tests := []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"notice"}, 2, "请指定一个行业"},
		{[]string{"notice", "花店"}, 2, "未找到行业"},
		{[]string{"notice", "便利店", "超市"}, 2, "请指定一个行业"},
		{[]string{"notice", "便利店", "--item", "XYZ"}, 2, "未找到审批事项"},
		{[]string{"notice", "便利店", "--item", "TZHY"}, 2, "不涉及事项"},
		{[]string{"notice", "便利店", "--drop", "SPJY"}, 2, "不能去掉"},
		{[]string{"notice", "便利店", "--answer", "sells_tobacco"}, 2, "KEY=VALUE"},
		{[]string{"notice", "便利店", "--answer", "sells_tobacco=maybe"}, 2, "是/否"},
		{[]string{"notice", "便利店", "--answer", "pets=yes"}, 2, "没有名为"},
		{[]string{"notice", "超市", "--answer", "floor_area_m2=-3"}, 2, "数字"},
		{[]string{"notice", "便利店", "--start", "2026-02-30"}, 2, "YYYY-MM-DD"},
		{[]string{"notice", "便利店", "--json", "--pdf", "x.pdf"}, 2, "只能选一个"},
		{[]string{"notice", "便利店", "--bogus"}, 2, "bogus"},
	}
	for _, tc := range tests {
		code, out, errs := runCLI(t, tc.args...)
		if code != tc.code || !strings.Contains(errs, tc.msg) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", tc.args, code, errs, tc.code, tc.msg)
		}
		if out != "" {
			t.Errorf("%v: wrote to stdout on error: %q", tc.args, out)
		}
	}
	// Messages come in both languages.
	_, _, errs := runCLI(t, "notice", "花店")
	if !strings.Contains(errs, "Error: Unknown industry") {
		t.Errorf("no English message: %q", errs)
	}
}

// TestNoticePDF: --pdf writes the notice that --json would print as a
// real PDF (read back with pdftotext); a place that cannot be written
// leaves nothing behind.
func TestNoticePDF(t *testing.T) {
	withDataDir(t)
	dir := t.TempDir()
	if code, _, errs := runCLI(t, "notice", "便利店", "--pdf", filepath.Join(dir, "no", "such", "notice.pdf")); code == 0 || errs == "" {
		t.Errorf("unwritable target: exit %d, %q", code, errs)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("leftover files: %v", entries)
	}
	target := filepath.Join(dir, "notice.pdf")
	code, out, errs := runCLI(t, "notice", "宾馆", "--all", "--pdf", target)
	if code != 0 || !strings.Contains(out, target) {
		t.Fatalf("exit %d: %s", code, errs)
	}
	b, err := os.ReadFile(target)
	if err != nil || !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %v", err)
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed")
	}
	txt, err := exec.Command("pdftotext", "-enc", "UTF-8", target, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	flat := strings.Join(strings.Fields(string(txt)), "")
	for _, want := range []string{"宾馆", "特种行业", "公共场所卫生许可"} {
		if !strings.Contains(flat, want) {
			t.Errorf("notice PDF lacks %q", want)
		}
	}
}

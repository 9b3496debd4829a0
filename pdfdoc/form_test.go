package pdfdoc

import (
	"bytes"
	"os"
	"testing"
	"time"
)

func sampleForm() ApplicationForm {
	return ApplicationForm{
		Industry:  "便利店",
		Items:     []string{"食品经营许可", "烟草专卖零售许可证核发", "公众聚集场所投入使用、营业前消防安全检查"},
		Reference: "YY-2026-000123",
		Sections: []FormSection{
			{Title: "主体信息（共性信息，一次填写）", Rows: []FormRow{
				{"主体名称", "奈曼旗青龙山便利店"}, {"统一社会信用代码", "92150525MA0R123448"},
				{"经营场所", "内蒙古自治区通辽市奈曼旗大沁他拉镇育新街 18 号"}, {"法定代表人（经营者）", "张三"},
				{"身份证号码", "150525199001011237"}, {"联系电话", "13800000000"}, {"经营场所面积", "86 平方米"}}},
			{Title: "食品经营许可 个性信息", Rows: []FormRow{{"经营项目", "预包装食品销售（含冷藏冷冻食品）、散装食品销售"}},
				Note: "仅销售预包装食品的办理备案，不需许可。"},
		},
		Materials: []FormMaterial{
			{"经营场所使用权证明（租赁合同）", "烟草专卖零售许可证核发", "必交", "已上传"},
			{"营业执照", "全部事项", "共享免提交", "共享"},
			{"场所平面布置图、消防设施平面图", "公众聚集场所投入使用、营业前消防安全检查", "可容缺后补", "承诺后补"},
		},
		Agent: []FormRow{{"代理人姓名", "李四"}, {"代理人身份证号码", "11010519491231002X"}},
		Date:  time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC),
	}
}

func TestWriteApplicationForm(t *testing.T) {
	var b bytes.Buffer
	if err := WriteApplicationForm(&b, sampleForm()); err != nil {
		t.Fatal(err)
	}
	if p := os.Getenv("PDFDOC_KEEP"); p != "" {
		os.WriteFile(p, b.Bytes(), 0o644)
	}
	path := writePDF(t, b.Bytes())
	n := pdfPages(t, path)
	text := pdfText(t, path)
	wantText(t, text, "行业综合许可合并申请表", "行业：便利店", "奈曼旗青龙山便利店", "92150525MA0R123448",
		"烟草专卖零售许可证核发", "场所平面布置图、消防设施平面图", "可容缺后补", "授权委托", "李四",
		"申请人承诺", "代理人签字", "2026 年 11 月 24 日", "第 1 页 / 共")
	if n < 1 {
		t.Fatalf("%d pages", n)
	}
	// Without an agent there is no authorisation and no agent signature.
	f := sampleForm()
	f.Agent = nil
	f.Date = time.Time{}
	b.Reset()
	if err := WriteApplicationForm(&b, f); err != nil {
		t.Fatal(err)
	}
	text = squash(pdfText(t, writePDF(t, b.Bytes())))
	if bytes.Contains([]byte(text), []byte("代理人签字")) || bytes.Contains([]byte(text), []byte("授权委托")) {
		t.Error("agent parts printed without an agent")
	}
	wantText(t, text, "申请人（法定代表人/负责人）签字（盖章）", "年月日")
}

package catalog

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// caveat returns " ⚠️以本地办事指南为准" for uncertain facts, with the mark
// of the facts file for others (so a reader sees how sure each line is).
func caveat(r Reliability) string {
	switch {
	case r.Uncertain():
		return " " + r.Mark() + LocalGuideZH
	case r == Changed:
		return " ❗"
	}
	return ""
}

func yesNo(b bool) string {
	if b {
		return "是"
	}
	return "否"
}

// WriteText writes the notice as readable Chinese text (the default output
// of `yiye notice`).
func (n *Notice) WriteText(w io.Writer) error {
	b := bufio.NewWriter(w)
	p := func(format string, args ...any) { fmt.Fprintf(b, format+"\n", args...) }
	p("一次告知单 · %s（第%d项 %s）", n.Industry.Name, n.Industry.No, n.Industry.Code)
	p("目录版本 %d · 受理日 %s", n.CatalogVersion, n.Start)
	p("")

	pre, filings := n.LicenseItems(), n.Filings()
	p("一、开业前需办理的事项（共 %d 项，并联办理）", len(pre))
	if len(pre) == 0 {
		p("  按目前的回答，本行业开业前无需办理目录内的审批事项。")
	}
	for i, it := range pre {
		writeItem(p, i+1, it)
	}
	if len(filings) > 0 {
		p("")
		p("  备案事项（备案不是许可，不纳入行业综合许可证）：")
		for i, it := range filings {
			writeItem(p, i+1, it)
		}
	}
	if len(n.Exempt) > 0 {
		p("")
		p("  按您的回答不需要办理：")
		for _, it := range n.Exempt {
			p("  - %s", it.Name)
		}
	}
	if len(n.Possible) > 0 {
		p("")
		p("  可能还需办理（按需办理，请回答相关问题后确定）：")
		for _, it := range n.Possible {
			p("  - %s [%s] %s · 待回答：%s", it.Name, it.Code, it.DepartmentShort, strings.Join(it.Unanswered, "、"))
		}
	}

	p("")
	p("二、材料清单（合并去重，共 %d 份；一份材料供多个事项共用）", len(n.Materials))
	for i, m := range n.Materials {
		p("  %d. %s", i+1, m.Name)
		p("     办理方式：%s · 用于：%s · 格式：%s，不超过 %d MB", m.HowZH, strings.Join(m.Items, "、"),
			strings.Join(m.FileTypes, "/"), m.MaxMB)
		for _, u := range m.PerItem {
			if u.Note.ZH == "" && len(u.Handling) == 0 {
				continue
			}
			how := make([]string, 0, len(u.Handling))
			for _, h := range u.Handling {
				how = append(how, HandlingLabels[h][0])
			}
			if len(how) == 0 {
				how = append(how, HandlingLabels[Required][0])
			}
			line := "     - " + u.Item + "：" + strings.Join(how, "、")
			if u.Note.ZH != "" {
				line += "；" + u.Note.ZH
			}
			p("%s%s", line, caveat(u.Note.Reliability))
		}
	}

	p("")
	p("三、办理流程")
	f := n.Flow
	p("  1. %s", f.Intake.ZH)
	if len(f.Lanes) > 0 {
		lanes := make([]string, len(f.Lanes))
		for i, l := range f.Lanes {
			after := ""
			if len(l.After) > 0 {
				var names []string
				for _, a := range l.After {
					if it := n.item(a); it != nil {
						names = append(names, it.Name)
					}
				}
				after = "，在" + strings.Join(names, "、") + "办结之后"
			}
			lanes[i] = fmt.Sprintf("%s（%s，承诺%d个工作日%s）", l.Name, l.Department, l.CommittedDays, after)
		}
		p("  2. 并联审查：%s", strings.Join(lanes, "；"))
	}
	step := 3
	if f.JointInspection != nil {
		p("  %d. %s：%s（%s）", step, f.JointInspection.ZH, strings.Join(f.JointInspection.Items, "、"), f.JointInspection.Note)
		step++
	}
	p("  %d. %s", step, f.Decision.ZH)
	p("  %d. %s", step+1, f.License.ZH)
	for _, l := range f.AfterOpening {
		when := "开业后"
		if l.Phase == TimingUnknown {
			when = "另办备案"
		}
		p("  %s：%s（%s）", when, l.Name, l.FilingWithin)
	}
	p("  %s", n.Comprehensive.Note.ZH)

	p("")
	p("四、办理时间")
	if n.CommittedDays > 0 {
		p("  总承诺时限 %d 个工作日：自 %s 受理，预计 %s 前办结；法定最迟 %s（%d 个工作日）。",
			n.CommittedDays, n.Start, n.ExpectedDate, n.LegalDate, n.LegalMaxDays)
		p("  %s", n.LegalNote.ZH)
	} else {
		p("  开业前无审批事项，无需等待。")
	}
	p("  %s", n.TimeNote.ZH)

	if len(n.Warnings) > 0 {
		p("")
		p("五、提示与待核实事项")
		for _, w := range n.Warnings {
			mark := w.Reliability.Mark()
			if mark != "" {
				mark += " "
			}
			p("  - %s%s", mark, w.ZH)
		}
	}
	return b.Flush()
}

func writeItem(p func(string, ...any), i int, it NoticeItem) {
	demand := "必办"
	if it.OnDemand {
		demand = it.Mark
	}
	p("  %d. %s [%s] · %s · %s（%s）· %s", i, it.Name, it.Code, it.Kind, it.Department, it.DepartmentShort, demand)
	if it.Name != it.AnnexName {
		p("     目录名称：%s", it.AnnexName)
	}
	if !it.OnLicense {
		p("     办理期限：%s%s · 现场核查：%s", it.FilingWithin, caveat(it.LimitNote.Reliability), yesNo(it.Inspection))
	} else {
		ext := ""
		if it.ExtensionDays > 0 {
			ext = fmt.Sprintf("（可延长 %d 个工作日）", it.ExtensionDays)
		}
		p("     法定时限 %d 个工作日%s · 承诺时限 %d 个工作日%s · 现场核查：%s",
			it.LegalDays, ext, it.CommittedDays, caveat(it.LimitNote.Reliability), yesNo(it.Inspection))
		if it.LimitNote.Reliability.Uncertain() {
			p("     时限说明：%s", it.LimitNote.ZH)
		}
	}
	if it.InspectionNote != "" {
		p("     核查说明：%s", it.InspectionNote)
	}
	p("     有效期：%s%s · 收费：%s", it.Validity.ZH, caveat(it.Validity.Reliability), it.Fee)
	p("     实施机关：%s%s", it.Implementing.ZH, caveat(it.Implementing.Reliability))
	basis := make([]string, len(it.Basis))
	for i, b := range it.Basis {
		basis[i] = b.Title + caveat(b.Reliability)
	}
	p("     依据：%s", strings.Join(basis, "；"))
	for _, c := range it.Conditions {
		p("     条件：%s%s", c.ZH, caveat(c.Reliability))
	}
	for _, nt := range it.Notes {
		p("     注意：%s%s", nt.ZH, caveat(nt.Reliability))
	}
}

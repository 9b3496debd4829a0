package catalog

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"
)

// UncertainMark flags an uncertain fact in what applicants read; the
// notice explains it once (UncertainMarkNote).
const UncertainMark = "※"

// UncertainMarkNote explains UncertainMark in one plain sentence.
const UncertainMarkNote = "标有" + UncertainMark + "的内容" + LocalGuideZH + "；" + AskWindowZH + "。"

// caveat marks an uncertain fact with UncertainMark, unless its text says
// already that the banner's guide decides.
func caveat(n Note) string {
	if n.Reliability.Uncertain() && !strings.Contains(n.ZH, LocalGuideZH) {
		return UncertainMark
	}
	return ""
}

func yesNo(b bool) string {
	if b {
		return "是"
	}
	return "否"
}

// DateZH writes a YYYY-MM-DD date the way Chinese text does, 2026年12月3日;
// anything else is returned as it is.
func DateZH(s string) string {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return s
	}
	return fmt.Sprintf("%d年%d月%d日", t.Year(), t.Month(), t.Day())
}

// WriteText writes the notice as plain Chinese for applicants (the default
// output of `yiye notice`): uncertain facts are marked ※ and explained
// once; sources and reliability marks are left to WriteSources.
func (n *Notice) WriteText(w io.Writer) error {
	b := bufio.NewWriter(w)
	p := func(format string, args ...any) { fmt.Fprintf(b, format+"\n", args...) }
	names := map[string]string{}
	for _, list := range [][]NoticeItem{n.Items, n.Possible} {
		for _, it := range list {
			names[it.Code] = it.Name
		}
	}
	p("一次告知单 · %s（第%d项）", n.Industry.Name, n.Industry.No)
	p("目录版本 %d · 受理日 %s", n.CatalogVersion, DateZH(n.Start))
	p("%s", UncertainMarkNote)
	p("")

	pre, filings := n.LicenseItems(), n.Filings()
	p("一、开业前需办理的事项（共 %d 项，同时办理）", len(pre))
	if len(pre) == 0 {
		p("  按目前的回答，开业前不用办目录里的审批事项。")
	}
	for i, it := range pre {
		writeItem(p, i+1, it, names)
	}
	if len(filings) > 0 {
		p("")
		p("  备案事项（备案不是许可，不纳入行业综合许可证）：")
		for i, it := range filings {
			writeItem(p, i+1, it, names)
		}
	}
	if len(n.Exempt) > 0 {
		p("")
		p("  按您的回答不用办：")
		for _, it := range n.Exempt {
			p("  - %s", it.Name)
		}
	}
	if len(n.Possible) > 0 {
		p("")
		p("  可能还要办（按需办理，回答下面的问题后确定）：")
		for _, it := range n.Possible {
			p("  - %s（%s）：%s", it.Name, it.DepartmentShort, n.questions(it.Unanswered))
		}
	}

	p("")
	p("二、材料清单（合并去重，共 %d 份；一份材料供几个事项共用）", len(n.Materials))
	for i, m := range n.Materials {
		p("  %d. %s", i+1, m.Name)
		used := make([]string, len(m.Items))
		for k, c := range m.Items {
			used[k] = nameOr(names, c)
		}
		p("     办理方式：%s · 用于：%s · 格式：%s，不超过 %d MB", m.HowZH, strings.Join(used, "、"),
			strings.Join(m.FileTypes, "/"), m.MaxMB)
		for _, u := range m.PerItem {
			if u.Note.ZH == "" && len(u.Handling) == 0 && !u.Note.Reliability.Uncertain() {
				continue
			}
			how := make([]string, 0, len(u.Handling))
			for _, h := range u.Handling {
				how = append(how, HandlingLabels[h][0])
			}
			if len(how) == 0 {
				how = append(how, HandlingLabels[Required][0])
			}
			line := "     - " + nameOr(names, u.Item) + "：" + strings.Join(how, "、")
			if u.Note.ZH != "" {
				line += "；" + u.Note.ZH
			}
			p("%s%s", line, caveat(u.Note))
		}
		for _, nt := range m.Notes {
			p("     说明：%s%s", nt.ZH, caveat(nt))
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
				var ns []string
				for _, a := range l.After {
					ns = append(ns, nameOr(names, a))
				}
				after = "，等" + strings.Join(ns, "、") + "办结后再决定"
			}
			lanes[i] = fmt.Sprintf("%s（%s，承诺%d个工作日%s）", l.Name, l.Department, l.CommittedDays, after)
		}
		p("  2. 各部门同时审查：%s", strings.Join(lanes, "；"))
	}
	step := 3
	if f.JointInspection != nil {
		var ns []string
		for _, c := range f.JointInspection.Items {
			ns = append(ns, nameOr(names, c))
		}
		p("  %d. %s：%s（%s）", step, f.JointInspection.ZH, strings.Join(ns, "、"), f.JointInspection.Note)
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
	p("  %s", n.Comprehensive.Note.Plain())

	p("")
	p("四、办理时间")
	if n.CommittedDays > 0 {
		p("  总承诺时限 %d 个工作日：%s受理，预计 %s 前办结；法定最迟 %s（%d 个工作日）。",
			n.CommittedDays, DateZH(n.Start), DateZH(n.ExpectedDate), DateZH(n.LegalDate), n.LegalMaxDays)
		p("  %s", n.TimeNote.Plain())
		p("  %s", n.LegalNote.Plain())
	} else {
		p("  开业前没有要审批的事项，不用等。")
	}

	if len(n.Warnings) > 0 {
		p("")
		p("五、注意事项")
		for _, w := range n.Warnings {
			p("  - %s", w.Plain())
		}
	}
	return b.Flush()
}

func nameOr(names map[string]string, code string) string {
	if n, ok := names[code]; ok {
		return n
	}
	return code
}

// questions lists the questions with the given keys, in words.
func (n *Notice) questions(keys []string) string {
	qs := make([]string, 0, len(keys))
	for _, k := range keys {
		if q, ok := n.QuestionTexts[k]; ok {
			qs = append(qs, q)
		} else {
			qs = append(qs, k)
		}
	}
	return "请回答：" + strings.Join(qs, "；")
}

func writeItem(p func(string, ...any), i int, it NoticeItem, names map[string]string) {
	demand := "必办"
	if it.OnDemand {
		demand = it.Mark
	}
	p("  %d. %s · %s · %s（%s）· %s", i, it.Name, it.Kind, it.Department, it.DepartmentShort, demand)
	if it.Name != it.AnnexName {
		p("     方案里的名称：%s", it.AnnexName)
	}
	if !it.OnLicense {
		p("     办理时间：%s%s · 现场核查：%s", it.FilingWithin, caveat(it.LimitNote), yesNo(it.Inspection))
	} else {
		ext := ""
		if it.ExtensionDays > 0 {
			ext = fmt.Sprintf("（可延长 %d 个工作日）", it.ExtensionDays)
		}
		p("     法定时限 %d 个工作日%s · 承诺时限 %d 个工作日%s · 预计 %s 前办结 · 现场核查：%s",
			it.LegalDays, ext, it.CommittedDays, caveat(it.LimitNote), DateZH(it.ExpectedDate), yesNo(it.Inspection))
		if it.LimitNote.Reliability.Uncertain() {
			p("     时限说明：%s", it.LimitNote.ZH)
		}
	}
	if len(it.After) > 0 {
		p("     办理顺序：%s%s", it.AfterNote.ZH, caveat(it.AfterNote))
	}
	if it.InspectionNote != "" {
		p("     核查说明：%s", it.InspectionNote)
	}
	p("     有效期：%s%s · 收费：%s", it.Validity.ZH, caveat(it.Validity), it.Fee)
	if it.Renewal != nil {
		p("     延续：%s%s", it.Renewal.Note.ZH, caveat(it.Renewal.Note))
	}
	p("     实施机关：%s%s", it.Implementing.ZH, caveat(it.Implementing))
	basis := make([]string, len(it.Basis))
	for i, b := range it.Basis {
		basis[i] = b.Title + caveat(basisNote(b))
	}
	p("     依据：%s", strings.Join(basis, "；"))
	for _, c := range it.Conditions {
		p("     条件：%s%s", c.ZH, caveat(c))
	}
	for _, nt := range it.Notes {
		p("     注意：%s%s", nt.ZH, caveat(nt))
	}
}

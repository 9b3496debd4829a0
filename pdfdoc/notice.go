package pdfdoc

import (
	"fmt"
	"io"
	"strings"

	"github.com/naiman-yiye/yiye/catalog"
	"github.com/naiman-yiye/yiye/flow"
)

// Where to apply and whom to ask (the plan, 主要任务（一）（五）).
const (
	whereZH       = "奈曼旗政务服务大厅 企业开办窗口（“一业一证”专窗）：一窗受理，提供政策咨询、提前辅导、全程帮办。"
	hotlineZH     = "12345 政务服务便民热线（企业开办专席）：咨询、投诉、求助、建议和在线办理指导。"
	uncertainMark = "※"
)

// noteText is a note as applicants read it (catalog.Note.Plain): research
// notes and sources stay in the data.
func noteText(n catalog.Note) string { return n.Plain() }

func kindLabel(k catalog.Kind) string { return string(k) }

// legalLimit describes an item's legal time limit.
func legalLimit(it catalog.NoticeItem) string {
	switch {
	case it.Phase == catalog.AfterOpening && it.FilingWithin != "":
		return "开业后办理：" + it.FilingWithin
	case it.Phase == catalog.AfterOpening:
		return "开业后办理"
	case it.LegalDays == 0:
		return "即办"
	case it.ExtensionDays > 0:
		return fmt.Sprintf("%d 个工作日（可延长 %d 个）", it.LegalDays, it.ExtensionDays)
	}
	return fmt.Sprintf("%d 个工作日", it.LegalDays)
}

func committedLimit(it catalog.NoticeItem) string {
	if it.Phase == catalog.AfterOpening {
		return "—"
	}
	if it.CommittedDays == 0 {
		return "即办"
	}
	s := fmt.Sprintf("%d 个工作日", it.CommittedDays)
	if it.LimitNote.Reliability.Uncertain() {
		s += uncertainMark
	}
	return s
}

// itemName is the item's shown name with its on-demand mark and, for the
// guide, the condition that triggers it.
func itemName(it catalog.NoticeItem, cond string) string {
	s := it.Name
	if it.AnnexName != "" && it.AnnexName != it.Name {
		s += "（方案原称：" + it.AnnexName + "）"
	}
	if it.OnDemand {
		mark := it.Mark
		if mark == "" {
			mark = "按需办理"
		}
		s += "\n【" + mark + "】"
		if cond != "" {
			s += cond
		}
	}
	if it.Uncertain {
		s += uncertainMark
	}
	return s
}

// itemsTable lists the items; cond gives each on-demand item's condition
// text (nil for none). Long remarks (implementing body still to be
// confirmed, how the on-site check works) follow the table as notes so the
// table stays readable.
func (d *Doc) itemsTable(items []catalog.NoticeItem, cond func(catalog.NoticeItem) string) {
	rows := make([][]string, len(items))
	var notes []string
	for i, it := range items {
		c := ""
		if cond != nil {
			c = cond(it)
		}
		insp := "否"
		if it.Inspection {
			insp = "是"
		}
		rows[i] = []string{fmt.Sprint(i + 1), itemName(it, c), it.Department, kindLabel(it.Kind),
			legalLimit(it), committedLimit(it), insp}
		var parts []string
		if it.Implementing.ZH != "" && it.Implementing.Reliability.Uncertain() {
			parts = append(parts, "实施机关："+noteText(it.Implementing))
		}
		if it.InspectionNote != "" {
			parts = append(parts, "现场核查："+it.InspectionNote)
		}
		if len(parts) > 0 {
			notes = append(notes, fmt.Sprintf("%d. %s — %s", i+1, it.Name, strings.Join(parts, "；")))
		}
	}
	d.Table(Table{Size: 9, Rows: rows, Columns: []Column{{Header: "序号", Weight: 0.45, Align: Center},
		{Header: "事项名称", Weight: 2.5}, {Header: "审批部门", Weight: 1.7}, {Header: "类别", Weight: 0.55, Align: Center},
		{Header: "法定时限", Weight: 1.35}, {Header: "承诺时限", Weight: 1.05}, {Header: "现场核查", Weight: 0.9, Align: Center}}})
	for _, n := range notes {
		d.Paragraph(n, Style{Size: 8.5, Color: subColor, After: 2})
	}
	d.Space(4)
}

func (d *Doc) materialsTable(mats []catalog.NoticeMaterial, names map[string]string) {
	rows := make([][]string, len(mats))
	for i, m := range mats {
		var its []string
		for _, c := range m.Items {
			if n, ok := names[c]; ok {
				its = append(its, n)
			} else {
				its = append(its, c)
			}
		}
		var notes []string
		name := m.Name
		for _, u := range m.PerItem {
			if u.Note.ZH == "" && u.Note.Reliability.Uncertain() && !strings.HasSuffix(name, uncertainMark) {
				name += uncertainMark
			}
			if u.Note.ZH != "" {
				n := u.Note.ZH
				if nm, ok := names[u.Item]; ok && len(m.PerItem) > 1 {
					n = nm + "：" + n
				}
				notes = append(notes, noteText(catalog.Note{ZH: n, Reliability: u.Note.Reliability}))
			}
		}
		for _, n := range m.Notes {
			notes = append(notes, noteText(n))
		}
		how := m.HowZH
		if how == "" {
			how = "必交"
		}
		rows[i] = []string{fmt.Sprint(i + 1), name, strings.Join(its, "、"), how, strings.Join(notes, "；")}
	}
	d.Table(Table{Size: 8.5, Rows: rows, Columns: []Column{{Header: "序号", Weight: 0.45, Align: Center},
		{Header: "材料名称", Weight: 2.2}, {Header: "所需事项", Weight: 2}, {Header: "办理方式", Weight: 1.1}, {Header: "说明", Weight: 2.6}}})
}

// chartOptions lays out a notice's chart of k lanes for the page.
func (d *Doc) chartOptions(k int) flow.Options {
	o := FlowOptions()
	if k > 0 {
		o.ColumnGap = 10
		if k >= 5 {
			// Many lanes: narrower boxes, so 9 pt (tables' size) fits
			// five characters a line.
			o.FontSize, o.ColumnGap, o.Padding, o.RowGap = 9, 6, 4, 18
		}
		o.MaxLaneBoxWidth = max(56, (d.ContentWidth()-24-float64(k-1)*o.ColumnGap)/float64(k)-6)
	}
	return o
}

// chart draws the notice's flowchart under a heading kept on its page.
func (d *Doc) chart(title string, n *catalog.Notice) {
	g := flow.FromNotice(n)
	dg := d.fit(flow.Layout(g, d.chartOptions(len(g.Lanes))))
	d.HeadingKeep(1, title, dg.H+6)
	d.Diagram(dg)
	d.Paragraph("图例：圆角框为开始与结果，方框为办理环节，双线框为现场核查，菱形为判断；浅色竖栏为各审批部门并联办理的事项。",
		Style{Size: 8, Color: subColor})
}

// WriteNotice prints the consolidated notice (一次告知单): the items with
// department, kind, legal and committed limits and on-site inspection; the
// merged materials with the items needing each and how each is handled; the
// expected completion date; uncertainty notes; and the flowchart.
func WriteNotice(w io.Writer, n *catalog.Notice) error {
	if n == nil {
		return fmt.Errorf("pdfdoc: no notice")
	}
	d, err := New(Options{Title: "“一业一证”一次告知单 · " + n.Industry.Name, Subject: n.Industry.Code})
	if err != nil {
		return err
	}
	d.Heading(0, "奈曼旗“一业一证”一次告知单")
	d.Paragraph(fmt.Sprintf("行业：%s（目录第 %d 类）　　受理日期：%s　　目录版本：%d",
		n.Industry.Name, n.Industry.No, catalog.DateZH(n.Start), n.CatalogVersion), Style{Align: Center, Color: subColor, Size: 9.5})

	pre := 0
	for _, it := range n.Items {
		if it.Phase != catalog.AfterOpening {
			pre++
		}
	}
	summary := fmt.Sprintf("您开办%s需要办理 %d 个事项（开业前 %d 个并联办理", n.Industry.Name, len(n.Items), pre)
	if len(n.Items) > pre {
		summary += fmt.Sprintf("，开业后 %d 个", len(n.Items)-pre)
	}
	summary += "）。"
	if n.CommittedDays > 0 {
		summary += fmt.Sprintf("材料齐全、符合法定形式的，承诺 %d 个工作日内办结，预计 %s 前办结；法定最迟 %s（%d 个工作日）。",
			n.CommittedDays, catalog.DateZH(n.ExpectedDate), catalog.DateZH(n.LegalDate), n.LegalMaxDays)
	}
	d.Paragraph(summary, Style{Size: 11})
	if n.Comprehensive.Note.ZH != "" {
		d.Paragraph(noteText(n.Comprehensive.Note), Style{})
	}

	d.Heading(1, "一、办理事项")
	d.itemsTable(n.Items, nil)
	if len(n.Exempt) > 0 {
		var names []string
		for _, it := range n.Exempt {
			names = append(names, it.Name)
		}
		d.Paragraph("按您的回答不用办："+strings.Join(names, "、")+"。", Style{})
	}
	d.Paragraph(catalog.UncertainMarkNote, Style{Size: 8, Color: subColor})

	if len(n.Possible) > 0 {
		d.Heading(1, "可能还需办理的事项")
		d.Paragraph("以下按需办理的事项取决于尚未回答的问题，回答后即可确定是否需要办理：", Style{})
		d.itemsTable(n.Possible, nil)
	}

	names := map[string]string{}
	for _, it := range append(append([]catalog.NoticeItem{}, n.Items...), n.Possible...) {
		names[it.Code] = it.Name
	}
	d.Heading(1, "二、申请材料（一套材料，一次提交）")
	d.materialsTable(n.Materials, names)

	d.Heading(1, "三、办理时限")
	d.Paragraph(noteText(n.TimeNote), Style{})
	if n.LegalNote.ZH != "" {
		d.Paragraph(noteText(n.LegalNote), Style{})
	}

	d.chart("四、办理流程图", n)

	if len(n.Warnings) > 0 {
		d.Heading(1, "五、注意事项")
		var ws []string
		for _, w := range n.Warnings {
			ws = append(ws, noteText(w))
		}
		d.Bullets(ws, Style{Size: 9.5})
	}
	d.Heading(1, "六、办理地点与咨询")
	d.Bullets([]string{whereZH, hotlineZH}, Style{Size: 9.5})
	d.Paragraph("本告知单由“一业一证”申请助手依据奈曼旗“一业一证”改革行业目录生成，仅供申请参考；具体要求"+catalog.LocalGuideZH+"。",
		Style{Size: 8, Color: subColor})
	_, err = d.WriteTo(w)
	return err
}

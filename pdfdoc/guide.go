package pdfdoc

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/naiman-yiye/yiye/catalog"
)

// GuideFileName is the file name of an industry's guide, e.g.
// guide-01-convenience-store.pdf.
func GuideFileName(ind *catalog.Industry) string {
	return fmt.Sprintf("guide-%02d-%s.pdf", ind.No, ind.Code)
}

// reformIntro summarises the plan (奈政办字〔2024〕30号, 总体目标 and 主要任务).
var reformIntro = []string{
	"一窗受理：旗政务服务大厅将一个行业准入涉及的所有事项全部纳入企业开办窗口集中办理，提供政策咨询、提前辅导、全程帮办。",
	"一次告知：多个许可事项的审批要件集成为一张申报告知单和一张办理流程图；承诺办结时限在法定办结时限基础上压缩 60% 以上。",
	"一次填报：共用信息共享应用、个性信息单独填报，多个事项的申请材料归集为“一套材料”，申请表合并为一张。",
	"一证准营：多张许可证整合为一张行业综合许可证，在全旗范围内互认通用；行业综合许可证不替代单项审批证件，单项证件由相关部门按规定发放，并可通过证面二维码查询和展示。",
	"一码联动：对单项业务不符合条件的，可先颁发行业综合许可证并注明未许可事项，待该项业务符合条件后再换发新证。",
	"一线应答：12345 政务服务便民热线设企业开办专席，受理咨询、投诉、求助和在线办理指导。",
}

// DescribeCondition renders an on-demand condition in words, using the
// catalog's question texts, e.g. 「是否销售烟草制品？」回答“是”.
func DescribeCondition(c *catalog.Catalog, cd *catalog.Condition) string {
	return describe(c, cd, 0)
}

func describe(c *catalog.Catalog, cd *catalog.Condition, depth int) string {
	if cd == nil || depth > 16 {
		return ""
	}
	join := func(cs []catalog.Condition, sep string) string {
		parts := make([]string, 0, len(cs))
		for i := range cs {
			if s := describe(c, &cs[i], depth+1); s != "" {
				parts = append(parts, s)
			}
		}
		return strings.Join(parts, sep)
	}
	switch {
	case cd.Always:
		return "不论怎么回答，依法都要办理"
	case cd.Not != nil:
		return "不属于以下情形：" + describe(c, cd.Not, depth+1)
	case len(cd.Any) > 0:
		return join(cd.Any, "；或 ")
	case len(cd.All) > 0:
		return join(cd.All, "，且 ")
	}
	q := c.Question(cd.Q)
	text, unit := cd.Q, ""
	if q != nil {
		text, unit = q.Text.ZH, q.Unit
	}
	subject := "「" + text + "」"
	switch {
	case cd.Is != nil && *cd.Is:
		return subject + "回答“是”"
	case cd.Is != nil:
		return subject + "回答“否”"
	case cd.In != nil:
		var labels []string
		for _, v := range cd.In {
			l := v
			if q != nil {
				for _, o := range q.Options {
					if o.Value == v {
						l = o.ZH
					}
				}
			}
			labels = append(labels, "“"+l+"”")
		}
		return subject + "选择" + strings.Join(labels, "或")
	case cd.Gte != nil && cd.Lt != nil:
		return fmt.Sprintf("%s在 %s 至 %s%s之间（不含上限）", subject, num(*cd.Gte), num(*cd.Lt), unit)
	case cd.Gte != nil:
		return fmt.Sprintf("%s不少于 %s%s", subject, num(*cd.Gte), unit)
	case cd.Lt != nil:
		return fmt.Sprintf("%s少于 %s%s", subject, num(*cd.Lt), unit)
	}
	return subject
}

func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// WriteGuide prints the service guide (办事指南) of one industry: the
// reform, the questions asked (and why), the notice with every on-demand
// item included and marked with its condition, materials, the flowchart,
// legal bases, where to apply, and the uncertainty notes.
func WriteGuide(w io.Writer, cat *catalog.Catalog, industry string) error {
	if cat == nil {
		return fmt.Errorf("pdfdoc: no catalog")
	}
	ind, err := cat.Industry(industry)
	if err != nil {
		return err
	}
	sel, err := cat.Match(catalog.Request{Industry: ind.Code, All: true})
	if err != nil {
		return err
	}
	n := cat.Notice(sel, time.Now())
	// A guide is not dated by an application: no expected dates.
	n.ExpectedDate, n.LegalDate, n.Start = "", "", ""

	d, err := New(Options{Title: "“一业一证”办事指南 · " + ind.Name, Subject: ind.Code})
	if err != nil {
		return err
	}
	d.Heading(0, "奈曼旗“一业一证”办事指南")
	d.Paragraph(fmt.Sprintf("%s（%s）　目录第 %d 类　目录版本 %d（%s）", ind.Name, ind.NameEN, ind.No, cat.Version, catalog.DateZH(cat.Published)),
		Style{Align: Center, Size: 12, Bold: true, After: 10})

	d.Heading(1, "一、什么是“一业一证”")
	d.Paragraph("依据《奈曼旗“一业一证”改革实施方案》（奈政办字〔2024〕30号），奈曼旗建立行业综合许可制度，"+
		"将一个行业准入涉及的多张许可证整合为一张许可证，实现“一窗受理、一次告知、一次填报、一网通办、一线应答、一证准营、一码联动”。", Style{})
	d.Bullets(reformIntro, Style{Size: 9.5})
	if n.Comprehensive.Note.ZH != "" {
		d.Paragraph(noteText(n.Comprehensive.Note), Style{})
	}

	qs := cat.QuestionsFor(ind)
	d.Heading(1, "二、申请前需要回答的问题")
	if len(qs) == 0 {
		d.Paragraph("本行业没有按需办理的事项，无需回答问题。", Style{})
	} else {
		d.Paragraph("以下问题决定您是否需要办理标注“按需办理”的事项。申请助手会逐一询问，并据此生成您的一次告知单。", Style{})
		rows := make([][]string, len(qs))
		for i, q := range qs {
			ask := q.Text.ZH
			switch {
			case len(q.Options) > 0:
				var opts []string
				for _, o := range q.Options {
					opts = append(opts, o.ZH)
				}
				ask += "\n选项：" + strings.Join(opts, "／")
			case q.Type == catalog.Number && q.Unit != "":
				ask += "\n（填写数值，单位：" + q.Unit + "）"
			case q.Type == catalog.Bool:
				ask += "\n（是／否）"
			}
			why := q.Why.ZH
			for _, nt := range q.Notes {
				why += "\n" + noteText(nt)
			}
			rows[i] = []string{fmt.Sprint(i + 1), ask, why}
		}
		d.Table(Table{Size: 9, Rows: rows, Columns: []Column{{Header: "序号", Weight: 0.45, Align: Center},
			{Header: "问题", Weight: 3}, {Header: "为什么问", Weight: 4}}})
	}

	d.Heading(1, "三、办理事项")
	d.Paragraph("下表列出本行业全部事项；标注“按需办理”的事项只在符合所列情形时办理。", Style{})
	d.itemsTable(n.Items, func(it catalog.NoticeItem) string {
		if e := ind.Entry(it.Code); e != nil && e.When != nil {
			return "适用情形：" + DescribeCondition(cat, e.When)
		}
		return ""
	})
	d.Paragraph(catalog.UncertainMarkNote, Style{Size: 8, Color: subColor})

	names := map[string]string{}
	for _, it := range n.Items {
		names[it.Code] = it.Name
	}
	d.Heading(1, "四、申请材料（一套材料，一次提交）")
	d.materialsTable(n.Materials, names)

	d.chart("五、办理流程图", n)

	d.Heading(1, "六、办理时限")
	d.Paragraph(noteText(n.TimeNote), Style{})

	d.Heading(1, "七、设定依据")
	var basis [][]string
	for _, it := range n.Items {
		var bs []string
		for _, b := range it.Basis {
			s := b.Title
			if b.Note != "" {
				s += "（" + b.Note + "）"
			}
			if b.Reliability.Uncertain() {
				s += uncertainMark
			}
			bs = append(bs, s)
		}
		basis = append(basis, []string{it.Name, strings.Join(bs, "\n")})
	}
	d.Table(Table{Size: 8.5, Rows: basis, Columns: []Column{{Header: "事项", Weight: 2}, {Header: "法律依据", Weight: 5}}})

	d.Heading(1, "八、办理地点与咨询")
	d.Bullets([]string{whereZH, hotlineZH,
		"网上办理：通辽市“一业一证”审批系统及内蒙古政务服务网（旗级事项），具体入口" + catalog.LocalGuideZH + "。"}, Style{Size: 9.5})

	d.Heading(1, "九、注意事项")
	var ws []string
	for _, w := range n.Warnings {
		ws = append(ws, noteText(w))
	}
	ws = append(ws, "本指南由“一业一证”申请助手依据奈曼旗改革行业目录生成，所列时限与材料仅供参考，"+catalog.LocalGuideZH+"。")
	d.Bullets(ws, Style{Size: 9})

	d.sourcesAppendix(cat, ind, n)
	_, err = d.WriteTo(w)
	return err
}

// GuideAppendixTitle heads the guide's appendix for staff and the people
// who maintain the catalog: every fact with its reliability and source.
// Applicants need not read it; everything before it is plain language.
const GuideAppendixTitle = "附录：资料来源与可信度（供工作人员核对）"

// sourcesAppendix lists the facts the guide prints with their reliability
// marks and sources, on a page of its own.
func (d *Doc) sourcesAppendix(cat *catalog.Catalog, ind *catalog.Industry, n *catalog.Notice) {
	d.PageBreak()
	d.Heading(1, GuideAppendixTitle)
	d.Paragraph("本附录给工作人员和目录维护人员核对用：每条内容的可信度和资料来源（法律条文、政府页面或其他资料）。"+
		"可信度：已核对原文；多个来源一致；单一来源；未核实或各地不同；重大变化。申请人看正文即可。", Style{Size: 8.5, Color: subColor})
	facts := n.Facts()
	for _, q := range cat.QuestionsFor(ind) {
		for _, nt := range q.Notes {
			facts = append(facts, catalog.Fact{Subject: "问题：" + q.Text.ZH, Label: "说明", Note: nt})
		}
	}
	rows := make([][]string, 0, len(facts))
	for _, f := range facts {
		rows = append(rows, []string{f.Subject + "\n" + f.Label, f.Note.ZH, reliabilityText(f.Note.Reliability), markWords(f.Note.Source)})
	}
	d.Table(Table{Size: 7.5, Rows: rows, Columns: []Column{{Header: "事项", Weight: 1.6}, {Header: "内容", Weight: 3},
		{Header: "可信度", Weight: 1}, {Header: "来源", Weight: 3.4}}})
}

// markWords spells out the facts file's marks, which the embedded font
// cannot draw.
func markWords(s string) string {
	return strings.NewReplacer("✅", "〔已核对〕", "🟢", "〔多源一致〕", "🟡", "〔单一来源〕",
		"⚠️", "〔未核实〕", "⚠", "〔未核实〕", "❗", "〔重大变化〕", "\uFE0F", "").Replace(s)
}

// reliabilityText names a reliability mark in words (the embedded font
// has no emoji).
func reliabilityText(r catalog.Reliability) string {
	switch r {
	case catalog.Verified:
		return "已核对原文"
	case catalog.Consistent:
		return "多个来源一致"
	case catalog.Single:
		return "单一来源，待核对"
	case catalog.Unverified:
		return "未核实或各地不同"
	case catalog.Changed:
		return "重大变化"
	}
	return "—"
}

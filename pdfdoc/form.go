package pdfdoc

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// FormRow is one filled field of the application form.
type FormRow struct {
	Label string
	Value string
}

// FormSection is a titled group of fields, e.g. 主体信息 or one item's
// own fields (食品经营许可 个性信息).
type FormSection struct {
	Title string
	Rows  []FormRow
	Note  string // optional remark printed under the section
}

// FormMaterial is one line of the materials list.
type FormMaterial struct {
	Name     string // material name
	Items    string // which items need it, e.g. "食品经营许可、烟草专卖零售许可证核发"
	Handling string // e.g. 必交 / 共享免提交 / 可容缺后补
	Status   string // e.g. 已上传 / 承诺后补 / 未提供
}

// ApplicationForm is the merged application form (一表申请) as plain data,
// filled from a draft by the caller.
type ApplicationForm struct {
	Title     string // default "行业综合许可合并申请表"
	Industry  string // e.g. 便利店
	Items     []string
	Reference string // draft or application number, if any
	Sections  []FormSection
	Materials []FormMaterial
	// Agent holds the authorised agent's fields; empty when the applicant
	// files in person. With an agent the authorisation text and both
	// signatures are printed.
	Agent  []FormRow
	Pledge string    // applicant's pledge; a standard text when empty
	Date   time.Time // printed date; zero leaves a blank to fill by hand
}

// DefaultPledge is the applicant's standard declaration.
const DefaultPledge = "本申请人承诺：所填信息及所附材料真实、合法、有效，复印件与原件一致；" +
	"对以告知承诺方式办理的事项，已知晓相关条件和要求，将在规定期限内达到条件、补齐材料；" +
	"如有虚假，愿意承担相应法律责任。"

// WriteApplicationForm prints the filled merged application form for
// signature: shared fields, per-item fields, the materials list, the agent's
// authorisation if any, and signature and date lines.
func WriteApplicationForm(w io.Writer, f ApplicationForm) error {
	title := f.Title
	if title == "" {
		title = "行业综合许可合并申请表"
	}
	d, err := New(Options{Title: title, Subject: f.Industry, Created: f.Date})
	if err != nil {
		return err
	}
	d.Heading(0, title)
	meta := []string{}
	if f.Industry != "" {
		meta = append(meta, "行业："+f.Industry)
	}
	if f.Reference != "" {
		meta = append(meta, "编号："+f.Reference)
	}
	if len(meta) > 0 {
		d.Paragraph(strings.Join(meta, "　　"), Style{Align: Center, Color: subColor})
	}
	if len(f.Items) > 0 {
		d.Heading(1, "申请事项")
		rows := make([][]string, len(f.Items))
		for i, it := range f.Items {
			rows[i] = []string{fmt.Sprint(i + 1), it}
		}
		d.Table(Table{Columns: []Column{{Header: "序号", Weight: 0.5, Align: Center}, {Header: "事项名称", Weight: 6}}, Rows: rows})
	}
	for _, s := range f.Sections {
		d.Heading(1, s.Title)
		d.Table(fieldTable(s.Rows))
		if s.Note != "" {
			d.Paragraph(s.Note, Style{Size: 9, Color: subColor})
		}
	}
	if len(f.Materials) > 0 {
		d.Heading(1, "申请材料清单")
		rows := make([][]string, len(f.Materials))
		for i, m := range f.Materials {
			rows[i] = []string{fmt.Sprint(i + 1), m.Name, m.Items, m.Handling, m.Status}
		}
		d.Table(Table{Columns: []Column{{Header: "序号", Weight: 0.5, Align: Center}, {Header: "材料名称", Weight: 3},
			{Header: "所需事项", Weight: 2.6}, {Header: "办理方式", Weight: 1.2}, {Header: "状态", Weight: 1}}, Rows: rows})
	}
	if len(f.Agent) > 0 {
		d.Heading(1, "授权委托")
		d.Table(fieldTable(f.Agent))
		d.Paragraph("本人（单位）委托上述代理人代为办理本申请表所列事项的申请、补正材料、领取证照等手续，"+
			"代理人在授权范围内所作行为的法律后果由委托人承担。", Style{})
	}
	d.Heading(1, "申请人承诺")
	pledge := f.Pledge
	if pledge == "" {
		pledge = DefaultPledge
	}
	d.Paragraph(pledge, Style{})
	d.Space(10)
	date := "　　　　年　　月　　日"
	if !f.Date.IsZero() {
		date = fmt.Sprintf("%d年%d月%d日", f.Date.Year(), f.Date.Month(), f.Date.Day())
	}
	sig := [][]string{{"申请人（法定代表人/负责人）签字（盖章）：", "日期：" + date}}
	if len(f.Agent) > 0 {
		sig = append(sig, []string{"代理人签字：", "日期：" + date})
	}
	for _, s := range sig {
		d.ensure(40)
		d.text(d.left(), d.y+16, 16, Sanitize(s[0], false), 10.5, false, [3]uint8{})
		d.pdf.SetLineWidth(0.6)
		d.pdf.SetStrokeColor(0x33, 0x33, 0x33)
		lx := d.left() + Measure(s[0], 10.5, false) + 4
		d.pdf.Line(lx, d.y+31, d.left()+d.ContentWidth()*0.62, d.y+31)
		d.text(d.left()+d.ContentWidth()*0.66, d.y+16, 16, Sanitize(s[1], false), 10.5, false, [3]uint8{})
		d.y += 40
	}
	_, err = d.WriteTo(w)
	return err
}

// fieldTable is a two-column label/value table.
func fieldTable(rows []FormRow) Table {
	t := Table{Columns: []Column{{Weight: 1.3}, {Weight: 3.7}}, Shade: true}
	for _, r := range rows {
		t.Rows = append(t.Rows, []string{r.Label, r.Value})
	}
	return t
}

package catalog

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// ResearchPhrases lists the wording of research notes: provenance,
// reliability marks and what is still to check. It belongs in Note.Source
// for the people who maintain the catalog and for staff, never in what an
// applicant reads; every applicant output is tested against this one list.
func ResearchPhrases() []string {
	return []string{
		"未见原文", "待核", "未查到", "未能取得", "同类省份", "未核实", "未经核实", "未核", "第三方", "据称",
		"外省", "其他省", "多地", "部分地方", "旧办法", "旧规", "参考值", "原文", "catalog-facts", "LRB", "http",
		"✅", "🟢", "🟡", "⚠", "❗",
		"unverified", "not seen in the original", "reportedly", "third-party", "third party", "other provinces",
	}
}

// ResearchNote returns the first research phrase found in s, or "".
func ResearchNote(s string) string {
	for _, p := range ResearchPhrases() {
		if strings.Contains(s, p) {
			return p
		}
	}
	return ""
}

// Fact is one statement of the catalog with its reliability mark and its
// source: what staff check against the law and what the guide's appendix
// lists for maintainers.
type Fact struct {
	Subject string `json:"subject"` // what it is about, e.g. 食品经营许可 or 材料：营业执照
	Label   string `json:"label"`   // which fact, e.g. 法定时限, 依据, 条件
	Note    Note   `json:"note"`    // the applicant text, its mark and its source
}

// Plain is a note as applicants read it: the text, and for an uncertain
// fact that does not say so already, "（以奈曼旗办事指南为准）".
func (n Note) Plain() string {
	if n.Reliability.Uncertain() && !strings.Contains(n.ZH, LocalGuideZH) {
		return n.ZH + "（" + LocalGuideZH + "）"
	}
	return n.ZH
}

// PlainEN is Plain in English: the English text (the Chinese where the
// note has none) with " (follow the Naiman Banner service guide)" for an
// uncertain fact that does not say so already.
func (n Note) PlainEN() string {
	if n.EN == "" {
		return n.Plain()
	}
	if n.Reliability.Uncertain() && !strings.Contains(n.EN, LocalGuideEN) && !strings.Contains(n.ZH, LocalGuideZH) {
		return n.EN + " (" + LocalGuideEN + ")"
	}
	return n.EN
}

func basisNote(b Basis) Note {
	zh := b.Title
	if b.Note != "" {
		zh += "（" + b.Note + "）"
	}
	return Note{ZH: zh, Reliability: b.Reliability, Source: b.Source}
}

func itemFacts(subject string, it NoticeItem) []Fact {
	var out []Fact
	add := func(label string, n Note) {
		if n.ZH != "" || n.Source != "" {
			out = append(out, Fact{subject, label, n})
		}
	}
	add("实施机关", it.Implementing)
	for _, b := range it.Basis {
		add("依据", basisNote(b))
	}
	add("时限", it.LimitNote)
	add("有效期", it.Validity)
	if it.Renewal != nil {
		add("延续", it.Renewal.Note)
	}
	add("办理顺序", it.AfterNote)
	for _, c := range it.Conditions {
		add("条件", c)
	}
	for _, n := range it.Notes {
		add("注意", n)
	}
	return out
}

// Facts lists every fact of the catalog: general rules, questions, items
// and their variants, materials and industry advice.
func (c *Catalog) Facts() []Fact {
	var out []Fact
	for _, n := range c.Notes {
		out = append(out, Fact{"通用规则", "说明", n})
	}
	if c.Calendar != nil && c.Calendar.AcceptanceDayNote.ZH != "" {
		out = append(out, Fact{"通用规则", "工作日", c.Calendar.AcceptanceDayNote})
	}
	for _, q := range c.Questions {
		for _, n := range q.Notes {
			out = append(out, Fact{"问题：" + q.Text.ZH, "说明", n})
		}
	}
	for _, it := range c.Items {
		ni := NoticeItem{Implementing: it.Implementing, Basis: it.Basis, LimitNote: it.LimitNote, Validity: it.Validity,
			Renewal: it.Renewal, AfterNote: it.AfterNote, Conditions: it.Conditions, Notes: it.Notes}
		out = append(out, itemFacts(it.Name, ni)...)
		for _, v := range it.Variants {
			vi := NoticeItem{Implementing: v.Implementing, Validity: v.Validity, Conditions: v.Conditions, Notes: v.Notes}
			out = append(out, itemFacts(v.Name, vi)...)
		}
	}
	for _, m := range c.Materials {
		for _, n := range m.Notes {
			out = append(out, Fact{"材料：" + m.Name, "说明", n})
		}
		for _, u := range m.Uses {
			if u.Note.ZH == "" && u.Note.Source == "" {
				continue
			}
			subject := "材料：" + m.Name + "（" + u.Item
			if u.Variant != "" {
				subject += "/" + u.Variant
			}
			out = append(out, Fact{subject + "）", "用于该事项", u.Note})
		}
	}
	if h := c.Help; h != nil {
		out = append(out, Fact{"咨询", "热线", h.Hotline}, Fact{"咨询", "窗口", h.Hall})
	}
	if a := c.AfterIssue; a != nil {
		out = append(out, Fact{"发证以后", "作废", a.Void})
		for _, p := range a.Procedures {
			subject := "发证以后：" + p.Name.ZH
			out = append(out, Fact{subject, "办理", p.What}, Fact{subject, "结果", p.Result}, Fact{subject, "时间", p.Time})
			for _, m := range p.Materials {
				if m.Note.ZH != "" {
					out = append(out, Fact{subject + "（材料 " + m.Material + "）", "材料", m.Note})
				}
			}
			for _, n := range p.Notes {
				out = append(out, Fact{subject, "注意", n.Note})
			}
		}
	}
	for _, ind := range c.Industries {
		for _, n := range ind.Notes {
			out = append(out, Fact{"行业：" + ind.Name, "说明", n})
		}
		for _, e := range ind.Entries {
			for _, a := range e.Advice {
				out = append(out, Fact{"行业：" + ind.Name + "（" + e.Item + "）", "提示", a.Note})
			}
		}
	}
	return out
}

// Facts lists the facts a notice prints: each item's (chosen and possible),
// the materials', the times and the notes.
func (n *Notice) Facts() []Fact {
	var out []Fact
	for _, list := range [][]NoticeItem{n.Items, n.Possible} {
		for _, it := range list {
			out = append(out, itemFacts(it.Name, it)...)
		}
	}
	for _, m := range n.Materials {
		for _, nt := range m.Notes {
			out = append(out, Fact{"材料：" + m.Name, "说明", nt})
		}
		for _, u := range m.PerItem {
			if u.Note.ZH != "" || u.Note.Source != "" {
				out = append(out, Fact{"材料：" + m.Name + "（" + u.Item + "）", "用于该事项", u.Note})
			}
		}
	}
	for _, x := range []struct {
		label string
		note  Note
	}{{"承诺时限", n.TimeNote}, {"法定最迟", n.LegalNote}, {"行业综合许可证", n.Comprehensive.Note}} {
		if x.note.ZH != "" {
			out = append(out, Fact{"办理时间与证照", x.label, x.note})
		}
	}
	for _, w := range n.Warnings {
		out = append(out, Fact{"注意事项", "提示", w})
	}
	return out
}

// reliabilityZH names a reliability mark in words for staff.
func reliabilityZH(r Reliability) string {
	switch r {
	case Verified:
		return "✅ 已核对原文"
	case Consistent:
		return "🟢 多个来源一致"
	case Single:
		return "🟡 单一来源，上线前核对"
	case Unverified:
		return "⚠️ 未核实或各地不同"
	case Changed:
		return "❗ 重大变化"
	}
	return "（未标注）"
}

// WriteFacts writes facts for staff: each with its mark in words and its
// source, grouped by subject.
func WriteFacts(w io.Writer, title string, facts []Fact) error {
	b := bufio.NewWriter(w)
	fmt.Fprintf(b, "%s\n（供工作人员和目录维护人员核对：可信度标记与资料来源，不给申请人看）\n", title)
	last := ""
	for _, f := range facts {
		if f.Subject != last {
			fmt.Fprintf(b, "\n%s\n", f.Subject)
			last = f.Subject
		}
		fmt.Fprintf(b, "  - %s：%s\n    可信度：%s\n", f.Label, f.Note.ZH, reliabilityZH(f.Note.Reliability))
		if f.Note.Source != "" {
			fmt.Fprintf(b, "    来源：%s\n", f.Note.Source)
		}
	}
	return b.Flush()
}

// WriteSources writes the staff view of a notice (`yiye notice --sources`).
func (n *Notice) WriteSources(w io.Writer) error {
	return WriteFacts(w, fmt.Sprintf("资料来源 · %s一次告知单（第%d项 %s）", n.Industry.Name, n.Industry.No, n.Industry.Code), n.Facts())
}

// WriteSources writes the staff view of the whole catalog
// (`yiye catalog list --sources`).
func (c *Catalog) WriteSources(w io.Writer) error {
	return WriteFacts(w, fmt.Sprintf("资料来源 · %s（目录版本 %d）", c.Title.ZH, c.Version), c.Facts())
}

// ApplicantJSON is the notice as JSON for applicants (`yiye notice
// --json`): every field but the maintainers' sources.
func (n *Notice) ApplicantJSON(prefix, indent string) ([]byte, error) {
	raw, err := json.Marshal(n)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	dropSources(v)
	return json.MarshalIndent(v, prefix, indent)
}

func dropSources(v any) {
	switch x := v.(type) {
	case map[string]any:
		delete(x, "source")
		for _, e := range x {
			dropSources(e)
		}
	case []any:
		for _, e := range x {
			dropSources(e)
		}
	}
}

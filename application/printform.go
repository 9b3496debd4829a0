package application

import (
	"slices"
	"strings"
	"time"

	"github.com/naiman-yiye/yiye/agent"
	"github.com/naiman-yiye/yiye/catalog"
	"github.com/naiman-yiye/yiye/client/api"
	"github.com/naiman-yiye/yiye/drafts"
	"github.com/naiman-yiye/yiye/pdfdoc"
)

// ApplicationForm is the merged application form (一表申请) of d under the
// plan, as printed for signature: the items, the form's sections, every
// material with its state and, for assisted filing, the authorisation.
func (p *Plan) ApplicationForm(d *drafts.Draft, now time.Time) pdfdoc.ApplicationForm {
	vals := p.Values(d)
	f := pdfdoc.ApplicationForm{Reference: d.ID, Sections: pdfdoc.FormSections(p.Schema, vals), Date: now}
	if ind := p.Selection.Industry; ind != nil {
		f.Industry = ind.Name
	}
	for _, code := range p.Items() {
		f.Items = append(f.Items, ItemName(p.Catalog, code))
	}
	for _, m := range p.Notice.Materials {
		if m.ID == agent.LetterMaterial && d.Agent == nil {
			continue
		}
		if !p.applies(m.ID, vals) {
			continue
		}
		names := make([]string, 0, len(m.Items))
		for _, c := range m.Items {
			names = append(names, ItemName(p.Catalog, c))
		}
		f.Materials = append(f.Materials, pdfdoc.FormMaterial{Name: m.Name, Items: strings.Join(names, "、"),
			Handling: m.HowZH, Status: MaterialState(m, d).ZH()})
	}
	if p.License != nil && p.Procedure != nil {
		f.Title = formTitles[p.Kind]
		f.Reference = d.ID
		f.Sections = append([]pdfdoc.FormSection{p.procedureSection(vals)}, f.Sections...)
	}
	if d.Agent != nil {
		for _, r := range d.Agent.Rows(false, len(d.AttachmentsFor(agent.LetterMaterial)) > 0) {
			f.Agent = append(f.Agent, pdfdoc.FormRow{Label: r.LabelZH, Value: r.Value})
		}
	}
	return f
}

// FileState is where a material stands in a draft.
type FileState string

// Material states.
const (
	FileAttached  FileState = "attached"   // 已上传
	FilePromised  FileState = "promised"   // 承诺后补 (容缺受理): handed in later
	FilePledged   FileState = "pledged"    // 告知承诺书代替: a signed pledge replaces it
	FileNotNeeded FileState = "not_needed" // 无需提交: shared or passed between departments
	FileMissing   FileState = "missing"    // 未提供
)

// ZH is the state in Chinese, one wording for one act everywhere.
func (s FileState) ZH() string {
	switch s {
	case FileAttached:
		return "已上传"
	case FilePromised:
		return "承诺后补"
	case FilePledged:
		return "告知承诺书代替"
	case FileNotNeeded:
		return "无需提交"
	}
	return "未提供"
}

// MaterialState is where material m stands in d.
func MaterialState(m catalog.NoticeMaterial, d *drafts.Draft) FileState {
	switch {
	case len(d.AttachmentsFor(m.ID)) > 0:
		return FileAttached
	case Promisable(m) && slices.Contains(d.Promised, m.ID):
		if slices.Contains(m.Handling, catalog.Deferrable) {
			return FilePromised
		}
		return FilePledged
	case !NeedsFile(m):
		return FileNotNeeded
	}
	return FileMissing
}

// formTitles are the printed titles of the applications after issue.
var formTitles = map[string]string{
	api.KindAddItems:     "行业综合许可证增加事项（换发）申请表",
	api.KindChange:       "行业综合许可证变更申请表",
	api.KindUpdate:       "行业综合许可证信息变更（更新二维码）申请表",
	api.KindRenewal:      "行业综合许可证延续申请表",
	api.KindCancellation: "行业综合许可证注销申请表",
}

// procedureSection heads a form after issue: the license concerned, what
// is applied for and, for a change, what it was and what it becomes.
func (p *Plan) procedureSection(vals map[string]string) pdfdoc.FormSection {
	lic := p.License
	names := make([]string, 0, len(p.Items()))
	for _, c := range p.Items() {
		names = append(names, ItemName(p.Catalog, c))
	}
	sec := pdfdoc.FormSection{Title: "申请事项", Rows: []pdfdoc.FormRow{
		{Label: "行业综合许可证编号", Value: lic.Number},
		{Label: "持证主体", Value: lic.HolderName + "（" + lic.USCC + "）"},
		{Label: "申请办理", Value: p.Procedure.Name.ZH},
		{Label: "涉及事项", Value: strings.Join(names, "、")},
	}}
	if p.Kind == api.KindChange {
		was := map[string]string{catalog.ChangeName: lic.HolderName, catalog.ChangeLegalRep: lic.LegalRep, catalog.ChangePremises: lic.Address}
		now := map[string]string{catalog.ChangeName: vals["entity_name"], catalog.ChangeLegalRep: vals["legal_rep_name"],
			catalog.ChangePremises: holderAddress(vals)}
		label := map[string]string{catalog.ChangeName: "名称", catalog.ChangeLegalRep: "法定代表人（负责人）", catalog.ChangePremises: "经营场所"}
		for _, c := range ChangedOnLicense(*lic, vals) {
			sec.Rows = append(sec.Rows, pdfdoc.FormRow{Label: label[c] + "变更", Value: "原：" + was[c] + "；变更为：" + now[c]})
		}
	}
	sec.Note = p.Procedure.Result.Plain()
	return sec
}

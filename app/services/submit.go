package services

import (
	"context"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/naiman-yiye/yiye/catalog"
	"github.com/naiman-yiye/yiye/client"
	"github.com/naiman-yiye/yiye/client/api"
	"github.com/naiman-yiye/yiye/drafts"
	"github.com/naiman-yiye/yiye/forms"
	"github.com/naiman-yiye/yiye/kiosk"
	"github.com/naiman-yiye/yiye/pdfdoc"
	"github.com/naiman-yiye/yiye/usererr"
)

// Form keys under which a submission carries what the contract has no
// field of its own for: materials promised for later (容缺后补).
//
// FormAgent is where the agent (委托办理) travelled before the contract had
// api.ApplicationRequest.Agent; it is no longer sent, because the portal
// keeps the form verbatim and hands it back to the applicant, which would
// show the agent's full ID number past the contract's masking.
const (
	FormPromised = "promised_materials"
	FormAgent    = "agent"
)

// ErrNotReady: the draft still lacks something required.
var ErrNotReady = usererr.New("services.not_ready",
	"这份申请还有必填的信息或材料没有准备好，请回到草稿补齐后再提交。",
	"This application still lacks required information or materials; complete the draft before submitting.")

// ErrAlreadySubmitted: the draft was handed to the outbox before.
var ErrAlreadySubmitted = usererr.New("services.already_submitted",
	"这份草稿已经提交过了，请在“我的申请”中查看进度。",
	"This draft was already submitted; follow it under My applications.")

// Selection re-runs matching for a draft (its answers and manual changes).
func Selection(cat *catalog.Catalog, d *drafts.Draft) (*catalog.Selection, *catalog.Notice, error) {
	sel, err := cat.Match(catalog.Request{Industry: d.Industry, Answers: d.Answers, Add: d.Added, Drop: d.Dropped})
	if err != nil {
		return nil, nil, err
	}
	return sel, cat.Notice(sel, d.CreatedAt), nil
}

// Readiness is the draft's readiness against the current catalog.
func Readiness(cat *catalog.Catalog, d *drafts.Draft) (drafts.Report, *forms.Schema, *catalog.Notice, error) {
	sch, err := drafts.FormSchema(cat, d)
	if err != nil {
		return drafts.Report{}, nil, nil, err
	}
	_, n, err := Selection(cat, d)
	if err != nil {
		return drafts.Report{}, nil, nil, err
	}
	return drafts.Readiness(d, sch, drafts.RequirementsFromNotice(n)), sch, n, nil
}

// SubmissionFromDraft converts a draft into what the outbox sends:
// questionnaire answers, chosen items, form values, one file per
// attachment, promised materials and the agent (api.Agent) if any. Subject comes from
// the form's licence fields.
func SubmissionFromDraft(cat *catalog.Catalog, d *drafts.Draft) client.Submission {
	v := d.Values
	addr := strings.TrimSpace(v["registered_address"])
	if addr == "" {
		addr = strings.TrimSpace(v["business_address"])
	}
	subj := api.Subject{
		USCC:       forms.NormalizeUSCC(v["uscc"]),
		Name:       strings.TrimSpace(v["entity_name"]),
		LegalRep:   strings.TrimSpace(v["legal_rep_name"]),
		Address:    addr,
		EntityType: entityTypeName(v["entity_type"]),
		Phone:      forms.NormalizeMobile(v["legal_rep_mobile"]),
	}
	form := make(map[string]any, len(v)+2)
	for k, x := range v {
		form[k] = x
	}
	if len(d.Promised) > 0 {
		p := slices.Clone(d.Promised)
		slices.Sort(p)
		form[FormPromised] = p
	}
	answers := make(map[string]any, len(d.Answers))
	for k, x := range d.Answers {
		answers[k] = x
	}
	var files []client.OutboxFile
	for _, a := range d.Attachments {
		files = append(files, client.OutboxFile{MaterialID: a.MaterialID, Path: a.Path, Filetype: a.MIME})
	}
	title := subj.Name
	if ind, err := cat.Industry(d.Industry); err == nil {
		title = ind.Name + " · " + subj.Name
	}
	return client.Submission{Title: title, Files: files, Request: api.ApplicationRequest{
		Industry: d.Industry, Items: slices.Clone(d.Items), Subject: subj, Form: form,
		Answers: answers, ClientRef: d.ID, Agent: AgentRequest(d),
	}}
}

func entityTypeName(v string) string {
	switch v {
	case "enterprise":
		return "企业"
	case "individual":
		return "个体工商户"
	case "cooperative":
		return "农民专业合作社"
	}
	return v
}

// SubmitDraft checks the draft, queues it in the outbox (works offline)
// and marks the draft queued. It returns the outbox ID.
func (s *Services) SubmitDraft(ctx context.Context, draftID string) (int64, error) {
	d, err := s.Drafts.Get(ctx, draftID)
	if err != nil {
		return 0, err
	}
	if d.Status.State != drafts.StateDraft {
		if id, ok := s.OutboxIDFor(ctx, draftID); ok {
			return id, nil
		}
		return 0, ErrAlreadySubmitted
	}
	cat := s.Catalog.Current()
	rep, _, _, err := Readiness(cat, d)
	if err != nil {
		return 0, err
	}
	if !rep.Ready() {
		return 0, ErrNotReady
	}
	id, err := s.Outbox.Enqueue(ctx, SubmissionFromDraft(cat, d))
	if err != nil {
		return 0, err
	}
	if err := s.Drafts.SetStatus(ctx, draftID, drafts.Status{State: drafts.StateQueued}); err != nil {
		return id, err
	}
	return id, nil
}

// OutboxIDFor finds the outbox entry queued for a draft.
func (s *Services) OutboxIDFor(ctx context.Context, draftID string) (int64, bool) {
	items, err := s.Outbox.List(ctx)
	if err != nil {
		return 0, false
	}
	for _, it := range items {
		if it.ClientRef == draftID {
			return it.ID, true
		}
	}
	return 0, false
}

// WriteApplicationForm prints the draft as the merged application form
// (一表申请) for signature.
func WriteApplicationForm(w io.Writer, cat *catalog.Catalog, d *drafts.Draft, now time.Time) error {
	f, err := ApplicationFormData(cat, d, now)
	if err != nil {
		return err
	}
	return pdfdoc.WriteApplicationForm(w, f)
}

// ApplicationFormData fills the merged application form from d: items,
// the form sections, the materials with their state and, for assisted
// filing, the agent's authorisation (the authorisation letter is listed
// only when there is an agent).
func ApplicationFormData(cat *catalog.Catalog, d *drafts.Draft, now time.Time) (pdfdoc.ApplicationForm, error) {
	sch, err := drafts.FormSchema(cat, d)
	if err != nil {
		return pdfdoc.ApplicationForm{}, err
	}
	f := pdfdoc.ApplicationForm{Reference: d.ID, Sections: pdfdoc.FormSections(sch, d.Values), Date: now}
	if ind, err := cat.Industry(d.Industry); err == nil {
		f.Industry = ind.Name
	}
	for _, code := range d.Items {
		if it, err := cat.Item(code); err == nil {
			f.Items = append(f.Items, it.Name)
		} else {
			f.Items = append(f.Items, code)
		}
	}
	if _, n, err := Selection(cat, d); err == nil {
		for _, m := range n.Materials {
			if m.ID == drafts.AgentLetterMaterial && d.Agent == nil {
				continue
			}
			var names []string
			for _, c := range m.Items {
				if it, err := cat.Item(c); err == nil {
					names = append(names, it.Name)
				}
			}
			st := "未提供"
			switch {
			case len(d.AttachmentsFor(m.ID)) > 0:
				st = "已上传"
			case slices.Contains(d.Promised, m.ID):
				st = "承诺后补"
			case slices.Contains(m.Handling, catalog.Shared) || slices.Contains(m.Handling, catalog.Internal):
				st = "无需提交"
			}
			f.Materials = append(f.Materials, pdfdoc.FormMaterial{Name: m.Name, Items: strings.Join(names, "、"),
				Handling: m.HowZH, Status: st})
		}
	}
	f.Agent = AgentFormRows(d)
	return f, nil
}

// AgentAuthorisation is d's agent (委托办理) as a kiosk.Authorisation: the
// agent, the principal, the scope, the letter if attached, and at a kiosk
// the staff member and when it was recorded.
func AgentAuthorisation(d *drafts.Draft) kiosk.Authorisation {
	if d.Agent == nil {
		return kiosk.Authorisation{}
	}
	a := kiosk.Authorisation{AgentName: d.Agent.Name, AgentID: d.Agent.IDNumber, Principal: d.Agent.Principal,
		Scope: d.Agent.Scope, StaffID: d.Agent.StaffID, RecordedAt: d.Agent.RecordedAt}
	if len(d.AttachmentsFor(drafts.AgentLetterMaterial)) > 0 {
		a.LetterMaterialID = drafts.AgentLetterMaterial
	}
	return a
}

// AgentRequest is d's agent as the contract carries it (nil without one):
// the whole authorisation, the letter named by its material when attached.
func AgentRequest(d *drafts.Draft) *api.Agent {
	a := d.Agent
	if a == nil {
		return nil
	}
	out := &api.Agent{AgentName: strings.TrimSpace(a.Name), IDType: a.IDType, IDNumber: forms.NormalizeIDNumber(a.IDNumber),
		Mobile: forms.NormalizeMobile(a.Mobile), Principal: a.Principal, Scope: a.Scope, StaffID: a.StaffID}
	if !a.RecordedAt.IsZero() {
		t := a.RecordedAt.UTC().Truncate(time.Second)
		out.RecordedAt = &t
	}
	if len(d.AttachmentsFor(drafts.AgentLetterMaterial)) > 0 {
		out.LetterMaterialID = drafts.AgentLetterMaterial
	}
	return out
}

// IDTypeName is the Chinese name of an ID document type (a
// legal_rep_id_type option; "" means resident_id).
func IDTypeName(v string) string {
	if v == "" {
		v = "resident_id"
	}
	for _, f := range forms.AllFields() {
		if f.Key == "legal_rep_id_type" {
			return f.OptionLabel(v)
		}
	}
	return v
}

// AgentFormRows are the authorisation's rows on the printed application
// form (nil without an agent); time and staff only when recorded.
func AgentFormRows(d *drafts.Draft) []pdfdoc.FormRow {
	if d.Agent == nil {
		return nil
	}
	a := AgentAuthorisation(d)
	var rows []pdfdoc.FormRow
	for _, fl := range a.Fields(false) {
		v := fl.Value
		switch fl.LabelZH {
		case "授权委托书":
			v = "未上传"
			if a.LetterMaterialID != "" {
				v = "已上传"
			}
		case "登记时间":
			if a.RecordedAt.IsZero() {
				continue
			}
		case "经办人员":
			if a.StaffID == "" {
				continue
			}
		case "委托人", "委托事项":
			if strings.TrimSpace(v) == "" {
				v = "（未填写）"
			}
		}
		rows = append(rows, pdfdoc.FormRow{Label: fl.LabelZH, Value: v})
		if fl.LabelZH == "受托人身份证号码" && d.Agent.Mobile != "" {
			rows = append(rows, pdfdoc.FormRow{Label: "受托人联系电话", Value: d.Agent.Mobile})
		}
	}
	return rows
}

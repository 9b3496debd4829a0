package application

import (
	"slices"
	"strings"

	"github.com/naiman-yiye/yiye/agent"
	"github.com/naiman-yiye/yiye/client"
	"github.com/naiman-yiye/yiye/client/api"
	"github.com/naiman-yiye/yiye/drafts"
	"github.com/naiman-yiye/yiye/forms"
)

// FormPromised is the form key under which a submission lists the
// materials promised for later (容缺后补): the contract has no field of its
// own for them.
const FormPromised = "promised_materials"

// Submission is what the outbox sends for a draft under the plan: the
// plan's items, the subject from the form's license fields, every form
// value, the questionnaire answers, one file per attachment, the promised
// materials and the agent (委托办理) if any.
func (p *Plan) Submission(d *drafts.Draft) client.Submission {
	v := p.Values(d)
	addr := strings.TrimSpace(v["registered_address"])
	if addr == "" {
		addr = strings.TrimSpace(v["business_address"])
	}
	subj := api.Subject{
		USCC:       forms.NormalizeUSCC(v["uscc"]),
		Name:       strings.TrimSpace(v["entity_name"]),
		LegalRep:   strings.TrimSpace(v["legal_rep_name"]),
		Address:    addr,
		Premises:   strings.TrimSpace(v["business_address"]),
		EntityType: p.optionLabel("entity_type", v["entity_type"]),
		Phone:      forms.NormalizeMobile(v["legal_rep_mobile"]),
	}
	form := make(map[string]any, len(v)+1)
	for k, x := range v {
		form[k] = x
	}
	if len(d.Promised) > 0 {
		pr := slices.Clone(d.Promised)
		slices.Sort(pr)
		form[FormPromised] = pr
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
	if ind := p.Selection.Industry; ind != nil {
		title = ind.Name + " · " + subj.Name
	}
	req := api.ApplicationRequest{Industry: p.Selection.Industry.Code, Items: p.Items(), Subject: subj, Form: form,
		Answers: answers, ClientRef: d.ID, Agent: AgentRequest(d)}
	if IsLifecycle(d.Kind) {
		req.Kind, req.ForLicense = d.Kind, d.ForLicense
		if p.Procedure != nil {
			title = p.Procedure.Name.ZH + " · " + subj.Name
		}
	}
	return client.Submission{Title: title, Files: files, Request: req}
}

// optionLabel is the Chinese label of a choice field's value (the value
// itself when the field or option is unknown).
func (p *Plan) optionLabel(key, value string) string {
	if f, ok := p.Schema.Field(key); ok {
		return f.OptionLabel(value)
	}
	return value
}

// AgentRequest is d's agent as the contract carries it (nil without one),
// the letter named by its material once attached.
func AgentRequest(d *drafts.Draft) *api.Agent {
	if d.Agent == nil {
		return nil
	}
	letter := ""
	if len(d.AttachmentsFor(agent.LetterMaterial)) > 0 {
		letter = agent.LetterMaterial
	}
	return d.Agent.Request(letter)
}

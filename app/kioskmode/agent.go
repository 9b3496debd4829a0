package kioskmode

import (
	"errors"
	"strings"
	"time"

	"fyne.io/fyne/v2/container"
	ftheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/naiman-yiye/yiye/app/services"
	"github.com/naiman-yiye/yiye/drafts"
	"github.com/naiman-yiye/yiye/forms"
	"github.com/naiman-yiye/yiye/kiosk"
	"github.com/naiman-yiye/yiye/usererr"
)

// agentRecord is d's agent as a kiosk.Authorisation (for display and print).
func agentRecord(d *drafts.Draft) kiosk.Authorisation { return services.AgentAuthorisation(d) }

// agentPage is the 帮办代办 page for one draft.
type agentPage struct {
	h       *handoverScreen
	draft   *drafts.Draft
	kiosk   bool
	name    *widget.Entry
	id      *widget.Entry
	mobile  *widget.Entry
	princ   *widget.Entry
	scope   *widget.Entry
	staff   *widget.Entry
	letter  *widget.Label
	status  *widget.Label
	save    *widget.Button
	remove  *widget.Button
	attachB *widget.Button
}

// openAgent shows the assisted-filing page; at a kiosk staff confirm
// with the PIN first (帮办代办 is staff work).
func (h *handoverScreen) openAgent(d *drafts.Draft) {
	if k := kioskFor(h.ctx.Deps); k != nil {
		askPIN(h.ctx.Window, k.pins, tr("kioskmode.agent.pin_title"), func() { h.showAgent(d, true) })
		return
	}
	h.showAgent(d, false)
}

func (h *handoverScreen) showAgent(d *drafts.Draft, atKiosk bool) {
	p := &agentPage{h: h, draft: d, kiosk: atKiosk}
	w := h.ctx.Window
	a := agentRecord(d)
	p.name = widget.NewEntry()
	p.name.SetText(a.AgentName)
	p.id = widget.NewEntry()
	p.id.SetPlaceHolder(tr("kioskmode.agent.id_placeholder"))
	p.id.SetText(a.AgentID)
	p.id.Validator = func(s string) error {
		if e := forms.CheckIDNumberAt(s, time.Now()); e != nil {
			return errors.New(e.Message(langCode()))
		}
		return nil
	}
	p.mobile = widget.NewEntry()
	if d.Agent != nil {
		p.mobile.SetText(d.Agent.Mobile)
	}
	p.princ = widget.NewEntry()
	p.princ.SetText(a.Principal)
	if p.princ.Text == "" {
		p.princ.SetText(firstNonEmpty(d.Values["entity_name"], d.Values["legal_rep_name"]))
	}
	p.scope = widget.NewMultiLineEntry()
	p.scope.Wrapping = wrap()
	p.scope.SetText(a.Scope)
	if p.scope.Text == "" {
		p.scope.SetText(tr("kioskmode.agent.default_scope"))
	}
	p.staff = widget.NewEntry()
	p.staff.SetText(a.StaffID)
	p.letter = widget.NewLabel("")
	p.letter.Wrapping = wrap()
	p.attachB = widget.NewButtonWithIcon(tr("kioskmode.agent.attach"), ftheme.FileIcon(), p.attach)
	p.status = widget.NewLabel("")
	p.status.Wrapping = wrap()
	p.status.Hide()
	p.save = widget.NewButtonWithIcon(tr("kioskmode.agent.save"), ftheme.DocumentSaveIcon(), p.store)
	p.save.Importance = widget.HighImportance
	p.remove = widget.NewButtonWithIcon(tr("kioskmode.agent.remove"), ftheme.DeleteIcon(), p.clear)
	if d.Agent == nil {
		p.remove.Disable()
	}
	p.showLetter()

	items := []*widget.FormItem{
		{Text: tr("kioskmode.agent.name"), Widget: p.name},
		{Text: tr("kioskmode.agent.id"), Widget: AttachKeypad(w, p.id, tr("kioskmode.agent.id"), kiosk.KeypadIDNumber, 18),
			HintText: tr("kioskmode.agent.id_hint")},
		{Text: tr("kioskmode.agent.mobile"), Widget: AttachKeypad(w, p.mobile, tr("kioskmode.agent.mobile"), kiosk.KeypadDigits, 11)},
		{Text: tr("kioskmode.agent.principal"), Widget: p.princ},
		{Text: tr("kioskmode.agent.scope"), Widget: p.scope},
	}
	if atKiosk {
		items = append(items, &widget.FormItem{Text: tr("kioskmode.agent.staff"), Widget: p.staff})
	}
	items = append(items, &widget.FormItem{Text: tr("kioskmode.agent.letter"),
		Widget: container.NewBorder(nil, nil, nil, p.attachB, p.letter)})
	form := widget.NewForm(items...)
	intro := widget.NewLabel(tr("kioskmode.agent.intro"))
	intro.Wrapping = wrap()
	body := container.NewVBox(intro, form, p.status, container.NewHBox(p.save, p.remove))
	h.ctx.Push(tr("kioskmode.agent.title"), container.NewVScroll(body))
	lastAgentPage = p
}

// lastAgentPage is the page opened last (tests drive it).
var lastAgentPage *agentPage

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if strings.TrimSpace(x) != "" {
			return strings.TrimSpace(x)
		}
	}
	return ""
}

func (p *agentPage) showLetter() {
	if n := len(p.draft.AttachmentsFor(drafts.AgentLetterMaterial)); n > 0 {
		p.letter.SetText(trm("kioskmode.agent.letter_ok", "Name", p.draft.AttachmentsFor(drafts.AgentLetterMaterial)[n-1].OriginalName))
		p.letter.Importance = widget.SuccessImportance
	} else {
		p.letter.SetText(tr("kioskmode.agent.letter_missing"))
		p.letter.Importance = widget.WarningImportance
	}
	p.letter.Refresh()
}

func (p *agentPage) fail(err error) {
	p.status.SetText(msg(err))
	p.status.Importance = widget.DangerImportance
	p.status.Show()
	p.status.Refresh()
}

// attach adds the signed authorisation letter as the proxy_authorization
// material of the draft.
func (p *agentPage) attach() {
	store, id := p.h.store, p.draft.ID
	chooseOpen(p.h.ctx.Window, []string{".pdf", ".jpg", ".jpeg", ".png"}, func(path string) {
		run(func() func() {
			c, cancel := storageCtx()
			defer cancel()
			_, err := store.AddAttachment(c, id, drafts.AgentLetterMaterial, path)
			var d *drafts.Draft
			if err == nil {
				d, err = store.Get(c, id)
			}
			return func() {
				if err != nil {
					p.fail(err)
					return
				}
				p.draft = d
				p.showLetter()
			}
		})
	})
}

// record is the page's content as an authorisation.
func (p *agentPage) record() kiosk.Authorisation {
	a := kiosk.Authorisation{AgentName: p.name.Text, AgentID: p.id.Text, Principal: p.princ.Text,
		Scope: p.scope.Text, StaffID: p.staff.Text, RecordedAt: time.Now()}
	if len(p.draft.AttachmentsFor(drafts.AgentLetterMaterial)) > 0 {
		a.LetterMaterialID = drafts.AgentLetterMaterial
	}
	return a.Normalized()
}

// store validates and saves the agent on the draft.
func (p *agentPage) store() {
	a := p.record()
	if err := a.Validate(); err != nil {
		var ue *usererr.Error
		// Outside a kiosk nobody from the staff records the case.
		if p.kiosk || !errors.As(err, &ue) || ue.Code != "kiosk.authorisation.staff_id" {
			p.fail(err)
			return
		}
	}
	agent := &drafts.Agent{Name: a.AgentName, IDNumber: a.AgentID, Mobile: strings.TrimSpace(p.mobile.Text),
		Principal: a.Principal, Scope: a.Scope, RecordedAt: a.RecordedAt}
	if p.kiosk {
		agent.StaffID = a.StaffID
	}
	if err := drafts.CheckAgent(*agent); err != nil {
		p.fail(err)
		return
	}
	p.write(agent, tr("kioskmode.agent.saved"))
}

// clear removes the agent from the draft (the letter stays attached; the
// applicant removes it in the materials step if it is no longer wanted).
func (p *agentPage) clear() {
	p.write(nil, tr("kioskmode.agent.removed"))
}

func (p *agentPage) write(agent *drafts.Agent, done string) {
	store, id := p.h.store, p.draft.ID
	run(func() func() {
		c, cancel := storageCtx()
		defer cancel()
		err := store.SetAgent(c, id, agent)
		var d *drafts.Draft
		if err == nil {
			d, err = store.Get(c, id)
		}
		return func() {
			if err != nil {
				p.fail(err)
				return
			}
			p.draft = d
			if agent == nil {
				p.remove.Disable()
			} else {
				p.remove.Enable()
			}
			p.status.SetText(done)
			p.status.Importance = widget.SuccessImportance
			p.status.Show()
			p.status.Refresh()
			p.h.reload()
		}
	})
}

package kioskmode

import (
	"errors"
	"strings"
	"time"

	"fyne.io/fyne/v2/container"
	ftheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/naiman-yiye/yiye/agent"
	"github.com/naiman-yiye/yiye/drafts"
	"github.com/naiman-yiye/yiye/forms"
	"github.com/naiman-yiye/yiye/kiosk"
	"github.com/naiman-yiye/yiye/usererr"
)

// errStaffID: at a kiosk the staff member who checked the letter and the
// IDs is recorded with the authorisation.
var errStaffID = usererr.New("kioskmode.agent.staff_id", "请填写经办工作人员工号。",
	"Enter the staff ID of the staff member handling this case.")

// agentPage is the 帮办代办 page for one draft.
type agentPage struct {
	v       *handoverView
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
func (v *handoverView) openAgent(d *drafts.Draft) {
	if k := v.h.kiosk; k != nil {
		k.askPIN(tr("kioskmode.agent.pin_title"), func() { v.showAgent(d, true) })
		return
	}
	v.showAgent(d, false)
}

func (v *handoverView) showAgent(d *drafts.Draft, atKiosk bool) {
	p := &agentPage{v: v, draft: d, kiosk: atKiosk}
	w := v.ctx.Window
	var a agent.Record
	if d.Agent != nil {
		a = *d.Agent
	}
	p.name = widget.NewEntry()
	p.name.SetText(a.Name)
	p.id = widget.NewEntry()
	p.id.SetPlaceHolder(tr("kioskmode.agent.id_placeholder"))
	p.id.SetText(a.IDNumber)
	p.id.Validator = func(s string) error {
		if e := forms.CheckIDNumberAt(s, time.Now()); e != nil {
			return errors.New(e.Message(langCode()))
		}
		return nil
	}
	p.mobile = widget.NewEntry()
	p.mobile.SetText(a.Mobile)
	p.princ = widget.NewEntry()
	p.princ.SetText(firstNonEmpty(a.Principal, d.Values["entity_name"], d.Values["legal_rep_name"]))
	p.scope = widget.NewMultiLineEntry()
	p.scope.Wrapping = wrap()
	p.scope.SetText(firstNonEmpty(a.Scope, tr("kioskmode.agent.default_scope")))
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
	// The buttons and the result stay in view below the scrolling form.
	foot := container.NewVBox(widget.NewSeparator(), p.status, container.NewHBox(p.save, p.remove))
	v.ctx.Push(tr("kioskmode.agent.title"), container.NewBorder(nil, foot, nil, nil,
		container.NewVScroll(container.NewVBox(intro, form))))
	v.h.agent = p
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if strings.TrimSpace(x) != "" {
			return strings.TrimSpace(x)
		}
	}
	return ""
}

func (p *agentPage) showLetter() {
	if l := p.draft.AttachmentsFor(agent.LetterMaterial); len(l) > 0 {
		p.letter.SetText(trm("kioskmode.agent.letter_ok", "Name", l[len(l)-1].OriginalName))
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

// attach adds the signed authorisation letter as the draft's
// agent.LetterMaterial.
func (p *agentPage) attach() {
	store, id, run := p.v.h.core.Drafts(), p.draft.ID, p.v.h.run
	chooseOpen(p.v.ctx.Window, tr("kioskmode.agent.letter_title"), []string{".pdf", ".jpg", ".jpeg", ".png"}, func(path string) {
		run.Run(func() func() {
			c, cancel := storageCtx()
			defer cancel()
			_, err := store.AddAttachment(c, id, agent.LetterMaterial, path)
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

// record is the page's content as an authorisation. At a kiosk it names
// the staff member and the time; elsewhere nobody from the staff records
// the case.
func (p *agentPage) record(now time.Time) agent.Record {
	r := agent.Record{Name: p.name.Text, IDNumber: p.id.Text, Mobile: p.mobile.Text, Principal: p.princ.Text,
		Scope: p.scope.Text}
	if p.kiosk {
		r.StaffID, r.RecordedAt = p.staff.Text, now
	}
	return r.Normalized()
}

// store validates and saves the agent on the draft.
func (p *agentPage) store() {
	now := time.Now()
	r := p.record(now)
	if err := r.Check(now); err != nil {
		p.fail(err)
		return
	}
	if p.kiosk && r.StaffID == "" {
		p.fail(errStaffID)
		return
	}
	p.write(&r, tr("kioskmode.agent.saved"))
}

// clear removes the agent from the draft (the letter stays attached; the
// applicant removes it in the materials step if it is no longer wanted).
func (p *agentPage) clear() {
	p.write(nil, tr("kioskmode.agent.removed"))
}

func (p *agentPage) write(a *agent.Record, done string) {
	store, id := p.v.h.core.Drafts(), p.draft.ID
	p.v.h.run.Run(func() func() {
		c, cancel := storageCtx()
		defer cancel()
		err := store.SetAgent(c, id, a)
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
			if a == nil {
				p.remove.Disable()
			} else {
				p.remove.Enable()
			}
			p.status.SetText(done)
			p.status.Importance = widget.SuccessImportance
			p.status.Show()
			p.status.Refresh()
		}
	})
}

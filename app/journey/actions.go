package journey

import (
	"io"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/naiman-yiye/yiye/app/filepick"
	"github.com/naiman-yiye/yiye/app/i18n"
	"github.com/naiman-yiye/yiye/catalog"
	"github.com/naiman-yiye/yiye/internal/robustio"
	"github.com/naiman-yiye/yiye/pdfdoc"
	"github.com/naiman-yiye/yiye/usererr"
)

func confirmDialog(title, message string, onResult func(bool), w fyne.Window) {
	i18n.NewConfirm(title, message, onResult, w).Show()
}

func infoDialog(title, message string, w fyne.Window) {
	l := widget.NewLabel(message)
	l.Wrapping = wrap()
	d := dialog.NewCustom(title, tr("journey.ok"), l, w)
	d.Resize(fyne.NewSize(420, 200))
	d.Show()
}

// saveNoticePDF asks where to save the notice and writes it there off the
// UI goroutine; the label then says where it went.
func (s *session) saveNoticePDF(out *widget.Label) {
	w := s.j.opts.Window
	if w == nil {
		return
	}
	n := s.plan.Notice
	filepick.Save(w, filepick.Options{Title: tr("journey.notice.save_title"), Confirm: tr("journey.notice.save_ok"),
		FileName: noticeFileName(n, s.j.now()), Extensions: []string{".pdf"}}, func(path string) {
		if path != "" {
			s.writeNoticePDF(n, path, out)
		}
	})
}

// writeNoticePDF renders n into path in the background and reports where.
func (s *session) writeNoticePDF(n *catalog.Notice, path string, out *widget.Label) {
	out.SetText(tr("journey.notice.saving"))
	out.Importance = widget.MediumImportance
	out.Show()
	out.Refresh()
	s.j.run.Run(func() func() {
		err := robustio.WriteFile(path, func(w io.Writer) error { return pdfdoc.WriteNotice(w, n) })
		return func() {
			if err != nil {
				out.SetText(trm("journey.notice.save_failed", "Reason", usererr.Message(err, langCode())))
				out.Importance = widget.DangerImportance
			} else {
				out.SetText(trm("journey.notice.saved_to", "Path", path))
				out.Importance = widget.SuccessImportance
			}
			out.Refresh()
		}
	})
}

// refreshSubmit enables 提交申请 when the readiness check passes.
func (s *session) refreshSubmit() {
	if s.step != stepMaterials {
		return
	}
	if s.mats != nil && s.mats.report.Ready() && s.j.opts.Submit != nil {
		s.next.Enable()
	} else {
		s.next.Disable()
	}
}

// submit writes pending values, then hands the draft to the submission
// screen.
func (s *session) submit() {
	if s.mats == nil || !s.mats.report.Ready() {
		return
	}
	saver, id := s.saver, s.draft.ID
	s.next.Disable()
	s.j.run.Run(func() func() {
		err := saver.Flush()
		return func() {
			s.next.Enable()
			if err != nil {
				s.j.onError(err)
				return
			}
			if s.j.opts.Submit != nil && s.j.ctx != nil {
				s.j.opts.Submit(s.j.ctx, id)
			}
		}
	})
}

// installDrop routes files dropped on the window to the material slot
// under the pointer in the draft on screen (or its first empty slot).
func (j *Journey) installDrop() {
	if j.dropInstalled || j.opts.Window == nil {
		return
	}
	j.dropInstalled = true
	j.opts.Window.SetOnDropped(j.dropped)
}

func (s *session) installDrop() { s.j.installDrop() }

// activeSession is the draft whose tab is selected.
func (j *Journey) activeSession() *session {
	if j.tabs == nil || j.tabs.Selected() == nil {
		return nil
	}
	for _, s := range j.sessions {
		if s.root == j.tabs.Selected().Content {
			return s
		}
	}
	return nil
}

func (j *Journey) dropped(pos fyne.Position, uris []fyne.URI) {
	s := j.activeSession()
	if s == nil || s.step != stepMaterials || s.mats == nil || len(s.mats.slots) == 0 || !s.root.Visible() {
		return
	}
	target := s.mats.slotAt(pos)
	if target == nil && !within(s.mats.root, pos) {
		return // dropped on another part of the window (navigation, another screen)
	}
	if target == nil {
		for _, sl := range s.mats.slots {
			if len(s.draft.AttachmentsFor(sl.m.ID)) == 0 {
				target = sl
				break
			}
		}
	}
	if target == nil {
		target = s.mats.slots[0]
	}
	for _, u := range uris {
		if u.Scheme() == "file" {
			s.mats.addFile(target, u.Path())
		}
	}
}

// within reports whether window position pos falls on o.
func within(o fyne.CanvasObject, pos fyne.Position) bool {
	if !o.Visible() {
		return false
	}
	p := fyne.CurrentApp().Driver().AbsolutePositionForObject(o)
	sz := o.Size()
	return pos.X >= p.X && pos.Y >= p.Y && pos.X < p.X+sz.Width && pos.Y < p.Y+sz.Height
}

// slotAt finds the slot whose card contains the window position pos.
func (v *materialsView) slotAt(pos fyne.Position) *materialSlot {
	for _, sl := range v.slots {
		if within(sl.card, pos) {
			return sl
		}
	}
	return nil
}

package journey

import (
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/naiman-yiye/yiye/app/filepick"
	"github.com/naiman-yiye/yiye/app/i18n"
	"github.com/naiman-yiye/yiye/app/shell"
	"github.com/naiman-yiye/yiye/application"
	"github.com/naiman-yiye/yiye/catalog"
	"github.com/naiman-yiye/yiye/drafts"
	"github.com/naiman-yiye/yiye/internal/robustio"
	"github.com/naiman-yiye/yiye/usererr"
)

// materialsView has one slot per material of the notice that is handed in
// as a file, and the readiness check listing, per item, what is missing.
type materialsView struct {
	s        *session
	slots    []*materialSlot
	slotsBox *fyne.Container
	ready    *fyne.Container
	status   *widget.Label
	report   application.Report
	links    map[string]*widget.Button // readiness: field key → its 去填写 button
	root     fyne.CanvasObject
}

// materialSlot is one material: its files with previews, the buttons to
// add files, and the promise to hand it in later where that is allowed.
type materialSlot struct {
	m       catalog.NoticeMaterial
	card    *widget.Card
	files   *fyne.Container
	promise *widget.Check
	busy    *widget.ProgressBarInfinite
}

func (s *session) materialsView() fyne.CanvasObject {
	if s.mats == nil {
		s.mats = newMaterialsView(s)
	}
	s.installDrop()
	s.mats.refreshReadiness()
	return s.mats.root
}

func newMaterialsView(s *session) *materialsView {
	v := &materialsView{s: s}
	v.status = widget.NewLabel("")
	v.status.Wrapping = wrap()
	v.status.Hide() // until a file is added or refused
	hint := widget.NewLabel(tr("journey.mat.hint"))
	hint.Wrapping = wrap()
	hint.Importance = widget.LowImportance
	list := container.NewVBox(hint, v.status)
	var shared []string
	for _, m := range s.plan.NoFile() {
		shared = append(shared, localName(m.Name, m.NameEN))
	}
	v.slotsBox = container.NewVBox()
	list.Add(v.slotsBox)
	v.syncSlots()
	if len(shared) > 0 {
		l := widget.NewLabel(trm("journey.mat.shared", "List", i18n.JoinNames(shared)))
		l.Wrapping = wrap()
		l.Importance = widget.SuccessImportance
		list.Add(l)
	}
	v.ready = container.NewVBox()
	readyTitle := widget.NewLabel(tr("journey.mat.ready_title"))
	readyTitle.TextStyle.Bold = true
	right := container.NewBorder(readyTitle, nil, nil, nil, shell.NewPageScroll(v.ready))
	split := container.NewHSplit(shell.NewPageScroll(container.NewPadded(list)), container.NewPadded(right))
	split.Offset = 0.6
	v.root = split
	return v
}

func (v *materialsView) newSlot(m catalog.NoticeMaterial) *materialSlot {
	sl := &materialSlot{m: m}
	var tags []fyne.CanvasObject
	for _, h := range m.Handling {
		t := widget.NewLabel(handlingLabel(h))
		t.Importance = handlingImportance(h)
		tags = append(tags, t)
	}
	used := widget.NewLabel(trm("journey.notice.used_by", "Items", v.s.itemNames(m.Items)))
	used.Wrapping = wrap()
	used.Importance = widget.LowImportance
	types := widget.NewLabel(trm("journey.mat.types", "Types", typesText(m.FileTypes), "MB", maxMB(m.MaxMB)))
	types.Importance = widget.LowImportance
	types.SizeName = theme.SizeNameCaptionText
	sl.files = container.NewVBox()
	add := widget.NewButtonWithIcon(tr("journey.mat.add"), theme.ContentAddIcon(), func() { v.pickFile(sl) })
	add.Importance = widget.HighImportance
	sl.busy = widget.NewProgressBarInfinite()
	sl.busy.Hide()
	buttons := container.NewHBox(add)
	if application.Promisable(m) {
		text := tr("journey.mat.promise")
		if !slices.Contains(m.Handling, catalog.Deferrable) {
			text = tr("journey.mat.pledge") // a signed pledge replaces the document
		}
		sl.promise = widget.NewCheck(text, func(on bool) { v.setPromise(sl, on) })
		sl.promise.Checked = slices.Contains(v.s.draft.Promised, m.ID)
		buttons.Add(sl.promise)
	}
	if m.ID == signedFormMaterial {
		// The signed merged form is this very application printed: offer
		// it here, where it is asked for.
		print := widget.NewButtonWithIcon(tr("journey.mat.print_form"), theme.DocumentPrintIcon(), v.printForm)
		buttons.Add(print)
	}
	name := widget.NewLabel(localName(m.Name, m.NameEN))
	name.TextStyle.Bold = true
	name.Wrapping = wrap()
	body := container.NewVBox(container.NewBorder(nil, nil, nil, container.NewHBox(tags...), name),
		used, sl.files, sl.busy, buttons, types)
	sl.card = widget.NewCard("", "", body)
	v.renderFiles(sl)
	return sl
}

func typesText(ts []string) string {
	if len(ts) == 0 {
		ts = []string{drafts.TypePDF, drafts.TypeJPEG, drafts.TypePNG}
	}
	up := make([]string, len(ts))
	for i, t := range ts {
		up[i] = strings.ToUpper(t)
	}
	return strings.Join(up, "/")
}

func maxMB(n int) int {
	if n <= 0 {
		return int(drafts.DefaultLimits().MaxBytes >> 20)
	}
	return n
}

// signedFormMaterial is the merged application form (一表申请), printed,
// signed and handed back as a file.
const signedFormMaterial = "application_form"

// printForm saves the merged form as filled so far as a PDF to print and
// sign (after the last keystrokes are on disk).
func (v *materialsView) printForm() {
	s := v.s
	w := s.j.opts.Window
	if w == nil {
		return
	}
	name := trm("journey.mat.form_file", "Name", s.title()) + ".pdf"
	filepick.Save(w, filepick.Options{Title: tr("journey.mat.print_form"), FileName: name, Extensions: []string{".pdf"}},
		func(path string) {
			if path == "" {
				return
			}
			c, saver, id, now := s.j.core, s.saver, s.draft.ID, s.j.now()
			v.setStatus(tr("journey.notice.saving"), widget.MediumImportance)
			s.j.run.Run(func() func() {
				err := saver.Flush()
				if err == nil {
					err = robustio.WriteFile(path, func(w io.Writer) error {
						ctx, cancel := storageCtx()
						defer cancel()
						return c.WriteApplicationForm(ctx, w, id, now)
					})
				}
				return func() {
					if err != nil {
						v.setStatus(trm("journey.notice.save_failed", "Reason", usererr.Message(err, langCode())), widget.DangerImportance)
						return
					}
					v.setStatus(trm("journey.mat.form_saved", "Path", path), widget.SuccessImportance)
				}
			})
		})
}

// syncSlots shows one slot per material handed in as a file, given the
// form's answers so far (no slot for central air conditioning the
// applicant said there is none of); slots keep their widgets.
func (v *materialsView) syncSlots() {
	have := map[string]*materialSlot{}
	for _, sl := range v.slots {
		have[sl.m.ID] = sl
	}
	var slots []*materialSlot
	var objs []fyne.CanvasObject
	for _, m := range v.s.plan.Uploads(v.s.draft.Values) {
		sl := have[m.ID]
		if sl == nil {
			sl = v.newSlot(m)
		}
		slots = append(slots, sl)
		objs = append(objs, sl.card)
	}
	v.slots = slots
	v.slotsBox.Objects = objs
	v.slotsBox.Refresh()
}

// renderFiles shows the slot's files with a preview each.
func (v *materialsView) renderFiles(sl *materialSlot) {
	var objs []fyne.CanvasObject
	for _, a := range v.s.draft.AttachmentsFor(sl.m.ID) {
		objs = append(objs, v.fileRow(a))
	}
	if len(objs) == 0 {
		none := widget.NewLabel(tr("journey.mat.no_file"))
		none.Importance = widget.WarningImportance
		if slices.Contains(v.s.draft.Promised, sl.m.ID) {
			none.SetText(tr("journey.mat.promised"))
			if !slices.Contains(sl.m.Handling, catalog.Deferrable) {
				none.SetText(tr("journey.mat.pledged"))
			}
			none.Importance = widget.HighImportance
		}
		objs = []fyne.CanvasObject{none}
	}
	sl.files.Objects = objs
	sl.files.Refresh()
}

// fileRow is one attached file: a thumbnail for photos, an icon with the
// page count for PDFs, the name and size, and a remove button.
func (v *materialsView) fileRow(a drafts.Attachment) fyne.CanvasObject {
	var preview fyne.CanvasObject
	var info string
	if a.MIME == "application/pdf" {
		icon := widget.NewIcon(theme.FileTextIcon())
		preview = container.NewGridWrap(fyne.NewSquareSize(64), icon)
		if a.Pages > 0 {
			info = trm("journey.mat.pdf_info", "Pages", a.Pages, "Size", humanSize(a.Size))
		} else {
			info = trm("journey.mat.pdf_info_nopages", "Size", humanSize(a.Size))
		}
	} else {
		img := canvas.NewImageFromFile(a.Path)
		img.FillMode = canvas.ImageFillContain
		img.ScaleMode = canvas.ImageScaleFastest
		img.SetMinSize(fyne.NewSquareSize(64))
		preview = img
		info = trm("journey.mat.image_info", "W", a.Width, "H", a.Height, "Size", humanSize(a.Size))
	}
	name := widget.NewLabel(a.OriginalName)
	name.Truncation = fyne.TextTruncateEllipsis
	meta := widget.NewLabel(info)
	meta.Importance = widget.LowImportance
	id := a.ID
	rm := widget.NewButtonWithIcon(tr("journey.mat.remove"), theme.DeleteIcon(), func() { v.remove(id) })
	rm.Importance = widget.LowImportance
	return container.NewBorder(nil, nil, preview, rm, container.NewVBox(name, meta))
}

func humanSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// pickFile opens the file picker for a slot, showing only the types the
// material takes.
func (v *materialsView) pickFile(sl *materialSlot) {
	w := v.s.j.opts.Window
	if w == nil {
		return
	}
	types := sl.m.FileTypes
	if len(types) == 0 {
		types = []string{drafts.TypePDF, drafts.TypeJPEG, drafts.TypePNG}
	}
	var exts []string
	for _, t := range types {
		exts = append(exts, "."+t)
		if t == drafts.TypeJPEG {
			exts = append(exts, ".jpg")
		}
	}
	filepick.Open(w, filepick.Options{Title: trm("journey.mat.dialog_title", "Name", localName(sl.m.Name, sl.m.NameEN)),
		Confirm: tr("journey.mat.dialog_ok"), Extensions: exts}, func(path string) {
		if path != "" {
			v.addFile(sl, path)
		}
	})
}

// addFile copies, checks and records a file for a slot off the UI
// goroutine (photos are scaled and re-encoded, which takes a while).
func (v *materialsView) addFile(sl *materialSlot, path string) {
	s := v.s
	store, id, mat := s.j.core.Drafts(), s.draft.ID, sl.m.ID
	sl.busy.Show()
	sl.busy.Start()
	v.setStatus(trm("journey.mat.adding", "Name", filepath.Base(path)), widget.MediumImportance)
	s.j.run.Run(func() func() {
		ctx, cancel := storageCtx()
		defer cancel()
		a, err := store.AddAttachment(ctx, id, mat, path)
		return func() {
			sl.busy.Stop()
			sl.busy.Hide()
			if err != nil {
				v.setStatus(trm("journey.mat.refused", "Name", filepath.Base(path), "Reason", usererr.Message(err, langCode())),
					widget.DangerImportance)
				return
			}
			if !slices.ContainsFunc(s.draft.Attachments, func(x drafts.Attachment) bool { return x.ID == a.ID }) {
				s.draft.Attachments = append(s.draft.Attachments, a)
			}
			v.setStatus(trm("journey.mat.added", "Name", a.OriginalName, "Material", localName(sl.m.Name, sl.m.NameEN)),
				widget.SuccessImportance)
			v.renderFiles(sl)
			v.refreshReadiness()
			s.showSaved(s.bumpSaved(), nil)
		}
	})
}

func (v *materialsView) remove(attID string) {
	s := v.s
	store, id := s.j.core.Drafts(), s.draft.ID
	s.j.run.Run(func() func() {
		ctx, cancel := storageCtx()
		defer cancel()
		err := store.RemoveAttachment(ctx, id, attID)
		return func() {
			if err != nil {
				v.setStatus(usererr.Message(err, langCode()), widget.DangerImportance)
				return
			}
			s.draft.Attachments = slices.DeleteFunc(s.draft.Attachments, func(a drafts.Attachment) bool { return a.ID == attID })
			for _, sl := range v.slots {
				v.renderFiles(sl)
			}
			v.refreshReadiness()
			s.showSaved(s.bumpSaved(), nil)
		}
	})
}

func (v *materialsView) setPromise(sl *materialSlot, on bool) {
	s := v.s
	mat := sl.m.ID
	s.draft.Promised = slices.DeleteFunc(s.draft.Promised, func(x string) bool { return x == mat })
	if on {
		s.draft.Promised = append(s.draft.Promised, mat)
	}
	v.renderFiles(sl)
	v.refreshReadiness()
	store, id := s.j.core.Drafts(), s.draft.ID
	gen := s.bumpSaved()
	s.writes.Add(func() func() {
		ctx, cancel := storageCtx()
		defer cancel()
		err := store.Promise(ctx, id, mat, on)
		return func() { s.showSaved(gen, err) }
	})
}

func (v *materialsView) setStatus(text string, imp widget.Importance) {
	v.status.Show()
	v.status.SetText(text)
	v.status.Importance = imp
	v.status.Refresh()
}

// refreshReadiness recomputes the readiness check from the draft in memory
// (values and attachments are kept current there) and updates the submit
// button.
func (v *materialsView) refreshReadiness() {
	s := v.s
	v.syncSlots()
	v.report = s.plan.Readiness(s.draft)
	v.links = map[string]*widget.Button{}
	var objs []fyne.CanvasObject
	if v.report.Ready() {
		ok := widget.NewLabel(tr("journey.ready.ok"))
		ok.Importance = widget.SuccessImportance
		ok.TextStyle.Bold = true
		ok.Wrapping = wrap()
		objs = append(objs, ok)
	} else {
		n := widget.NewLabel(trm("journey.ready.missing_count", "N", v.report.MissingCount()))
		n.Importance = widget.DangerImportance
		n.TextStyle.Bold = true
		n.Wrapping = wrap()
		objs = append(objs, n)
	}
	for _, m := range v.report.Common {
		objs = append(objs, v.missingRow(m, widget.DangerImportance, ""))
	}
	// Shared fields are asked once, so their problems are listed once, and
	// each item refers to them.
	sharedMissing := map[string]bool{}
	var shared []fyne.CanvasObject
	for _, ir := range v.report.Items {
		for _, m := range ir.Missing {
			if m.Kind == application.MissingMaterial || sharedMissing[m.Key] {
				continue
			}
			if f, ok := s.plan.Schema.Field(m.Key); ok && f.Shared {
				sharedMissing[m.Key] = true
				shared = append(shared, v.missingRow(m, widget.DangerImportance, ""))
			}
		}
	}
	if len(shared) > 0 {
		head := widget.NewLabel(tr("journey.ready.shared"))
		head.TextStyle.Bold = true
		head.Wrapping = wrap()
		objs = append(objs, widget.NewSeparator(), head)
		objs = append(objs, shared...)
	}
	for _, ir := range v.report.Items {
		head := widget.NewLabel(s.itemLabel(ir.Item))
		head.TextStyle.Bold = true
		head.Wrapping = wrap()
		state := widget.NewLabel(tr("journey.ready.item_ok"))
		state.Importance = widget.SuccessImportance
		if !ir.Ready() {
			state.SetText(trm("journey.ready.item_missing", "N", len(ir.Missing)))
			state.Importance = widget.DangerImportance
		}
		objs = append(objs, widget.NewSeparator(), container.NewBorder(nil, nil, nil, state, head))
		nShared := 0
		for _, m := range ir.Missing {
			if sharedMissing[m.Key] && m.Kind != application.MissingMaterial {
				nShared++
				continue
			}
			objs = append(objs, v.missingRow(m, widget.DangerImportance, ""))
		}
		if nShared > 0 {
			l := widget.NewLabel(trm("journey.ready.shared_ref", "N", nShared))
			l.Wrapping = wrap()
			l.Importance = widget.DangerImportance
			objs = append(objs, l)
		}
		for _, m := range ir.Deferred {
			objs = append(objs, v.missingRow(m, widget.HighImportance, v.promiseSuffix(m.Key)))
		}
		for _, m := range ir.Optional {
			objs = append(objs, v.missingRow(m, widget.LowImportance, tr("journey.ready.optional_suffix")))
		}
	}
	v.ready.Objects = objs
	v.ready.Refresh()
	s.refreshSubmit()
}

// promiseSuffix names what was promised for a material, in the words of
// its card's check box: handed in later (容缺后补), or replaced by a
// signed pledge (告知承诺).
func (v *materialsView) promiseSuffix(id string) string {
	for _, m := range v.s.plan.Notice.Materials {
		if m.ID == id && application.MaterialState(m, v.s.draft) == application.FilePledged {
			return tr("journey.ready.pledged_suffix")
		}
	}
	return tr("journey.ready.promised_suffix")
}

// missingText is one entry of the readiness list in words.
func missingText(m application.Missing) string {
	label := localName(m.LabelZH, m.LabelEN)
	switch m.Kind {
	case application.MissingMaterial:
		return trm("journey.ready.need_file", "Name", label)
	case application.MissingField:
		return trm("journey.ready.need_field", "Name", label)
	}
	reason := ""
	if m.Reason != nil {
		reason = m.Reason.Message(langCode())
	}
	return trm("journey.ready.bad_field", "Name", label, "Reason", reason)
}

// missingRow shows an entry; a field entry is a link to the field.
func (v *materialsView) missingRow(m application.Missing, imp widget.Importance, suffix string) fyne.CanvasObject {
	l := widget.NewLabel("• " + missingText(m) + suffix)
	l.Wrapping = wrap()
	l.Importance = imp
	if m.Kind != application.MissingMaterial {
		if _, ok := v.s.plan.Schema.Field(m.Key); ok {
			key := m.Key
			b := widget.NewButtonWithIcon(tr("journey.ready.go"), theme.NavigateNextIcon(), func() { v.s.focusField(key) })
			b.Importance = widget.LowImportance
			b.IconPlacement = widget.ButtonIconTrailingText
			v.links[key] = b
			return container.NewBorder(nil, nil, nil, b, l)
		}
	}
	return l
}

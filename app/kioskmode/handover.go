package kioskmode

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	ftheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/naiman-yiye/yiye/app/background"
	"github.com/naiman-yiye/yiye/app/i18n"
	"github.com/naiman-yiye/yiye/app/shell"
	"github.com/naiman-yiye/yiye/client/api"
	"github.com/naiman-yiye/yiye/core"
	"github.com/naiman-yiye/yiye/drafts"
	"github.com/naiman-yiye/yiye/handover"
)

// Screen IDs of this package.
const (
	// ScreenHandover is 草稿交接与打印: export/import, printing, assisted filing.
	ScreenHandover = "handover"
	// ScreenKioskSetting is the staff setting 自助终端模式.
	ScreenKioskSetting = "kiosk"
)

// importDirName is where bundles are unpacked before the draft store
// copies the files (inside the data or session directory).
const importDirName = "handover-import"

// HandoverScreen is 草稿交接与打印 for a normal window: a draft with its
// files is exported to one encrypted file and imported from one (the file
// dialogs choose where), the notice and the application form are printed
// as PDFs saved where the user chooses, and assisted filing is recorded.
// Bundles are unpacked under dataDir before the store copies the files.
func HandoverScreen(c *core.Core, run *background.Runner, dataDir string) shell.Screen {
	return newHandover(c, run, dataDir).screen()
}

// SessionScreens are the screens the kiosk adds to an applicant session's
// shell, all on the session's core c: 草稿交接与打印, where at a kiosk the
// PDFs go to the session's folder (wiped with it) before the system viewer
// opens them, and assisted filing needs the staff PIN and records the
// staff member and the time. Call it from Options.NewSession.
func (k *Kiosk) SessionScreens(c *core.Core) []shell.Screen {
	s := k.starting
	if s == nil {
		// Outside NewSession there is no session folder to keep files in.
		fyne.LogError("kioskmode: SessionScreens called outside NewSession", nil)
		return nil
	}
	h := newHandover(c, k.opts.Run, s.ks.Dir)
	h.kiosk, h.sess = k, s
	s.handover = h
	return []shell.Screen{h.screen()}
}

// handover is the 草稿交接与打印 screen on one core.
type handoverScreen struct {
	core    *core.Core
	run     *background.Runner
	dataDir string
	kiosk   *Kiosk   // nil in a normal window
	sess    *session // the kiosk session the screen belongs to, or nil

	view  *handoverView // the screen as built last (nil before)
	unsub func()
	agent *agentPage // the assisted-filing page opened last
}

func newHandover(c *core.Core, run *background.Runner, dataDir string) *handoverScreen {
	return &handoverScreen{core: c, run: run, dataDir: dataDir}
}

func (h *handoverScreen) screen() shell.Screen {
	return shell.Screen{ID: ScreenHandover, TitleKey: "kioskmode.nav.handover", Title: "草稿交接与打印",
		IconName: ftheme.IconNameDocumentSave, Build: h.build}
}

// handoverView is the screen's widgets from one Build.
type handoverView struct {
	h        *handoverScreen
	ctx      *shell.Context
	list     *fyne.Container
	status   *widget.Label
	progress *widget.ProgressBarInfinite
	importB  *widget.Button
	items    []*drafts.Draft
	err      error
	loaded   bool
	gen      int // of the last reload started; older results are dropped
	// pass is the open passphrase dialog.
	pass *passDialog
}

func (h *handoverScreen) build(ctx *shell.Context) fyne.CanvasObject {
	v := &handoverView{h: h, ctx: ctx}
	title := widget.NewLabel(tr("kioskmode.handover.title"))
	title.TextStyle.Bold = true
	title.SizeName = ftheme.SizeNameSubHeadingText
	hint := widget.NewLabel(tr("kioskmode.handover.hint"))
	hint.Wrapping = wrap()
	hint.Importance = widget.LowImportance
	v.importB = widget.NewButtonWithIcon(tr("kioskmode.import.button"), ftheme.DownloadIcon(), v.startImport)
	v.importB.Importance = widget.HighImportance
	v.status = widget.NewLabel("")
	v.status.Wrapping = wrap()
	v.status.Hide()
	v.progress = widget.NewProgressBarInfinite()
	v.progress.Stop()
	v.progress.Hide()
	v.list = container.NewVBox()
	head := container.NewVBox(title, hint, container.NewHBox(v.importB), v.progress, v.status, widget.NewSeparator())
	h.view = v
	if h.unsub == nil {
		// Drafts created, imported or edited anywhere (the application
		// screens, an import, the outbox) show here without a refresh.
		h.unsub = h.core.Subscribe(func(ev core.Event) {
			switch ev.(type) {
			case core.DraftChanged, core.CatalogReplaced:
				if h.view != nil {
					h.view.reload()
				}
			}
		})
	}
	v.showList()
	v.reload()
	return container.NewBorder(head, nil, nil, nil, container.NewVScroll(v.list))
}

// reload lists the drafts that can still be edited.
func (v *handoverView) reload() {
	store := v.h.core.Drafts()
	v.gen++
	gen := v.gen
	v.h.run.Run(func() func() {
		c, cancel := storageCtx()
		defer cancel()
		sums, err := store.List(c)
		var items []*drafts.Draft
		for _, s := range sums {
			if err != nil || s.Status.State != drafts.StateDraft {
				continue
			}
			if d, gerr := store.Get(c, s.ID); gerr == nil {
				items = append(items, d)
			}
		}
		return func() {
			if gen != v.gen {
				return
			}
			v.err, v.items, v.loaded = err, items, true
			v.showList()
		}
	})
}

func (v *handoverView) showList() {
	var objs []fyne.CanvasObject
	switch {
	case v.err != nil:
		l := widget.NewLabel(msg(v.err))
		l.Importance = widget.DangerImportance
		l.Wrapping = wrap()
		objs = append(objs, l)
	case !v.loaded:
		objs = append(objs, widget.NewLabel(tr("kioskmode.loading")))
	case len(v.items) == 0:
		l := widget.NewLabel(tr("kioskmode.handover.empty"))
		l.Wrapping = wrap()
		objs = append(objs, l)
	}
	for _, d := range v.items {
		objs = append(objs, v.card(d))
	}
	v.list.Objects = objs
	v.list.Refresh()
}

// draftTitles lists the drafts shown.
func (v *handoverView) draftTitles() []string {
	var out []string
	for _, d := range v.items {
		out = append(out, d.Title)
	}
	return out
}

func (v *handoverView) card(d *drafts.Draft) fyne.CanvasObject {
	indName := d.Industry
	if ind, err := v.h.core.Catalog().Industry(d.Industry); err == nil {
		indName = ind.Name
		if i18n.Current() == i18n.English && ind.NameEN != "" {
			indName = ind.NameEN
		}
	}
	meta := widget.NewLabel(trm("kioskmode.handover.meta", "Industry", indName,
		"Saved", i18n.FormatDateTime(d.UpdatedAt), "Files", len(d.Attachments)))
	meta.Importance = widget.LowImportance
	meta.Wrapping = wrap()
	rows := []fyne.CanvasObject{meta}
	if a := d.Agent; a != nil {
		l := widget.NewLabel(trm("kioskmode.agent.summary", "Name", a.Name, "ID", api.MaskIDNumber(a.IDNumber),
			"Principal", a.Principal))
		l.Wrapping = wrap()
		l.Importance = widget.WarningImportance
		rows = append(rows, l)
	}
	exp := widget.NewButtonWithIcon(tr("kioskmode.export.button"), ftheme.UploadIcon(), func() { v.startExport(d) })
	exp.Importance = widget.HighImportance
	notice := widget.NewButtonWithIcon(tr("kioskmode.print.notice"), ftheme.DocumentPrintIcon(), func() { v.printNotice(d) })
	form := widget.NewButtonWithIcon(tr("kioskmode.print.form"), ftheme.DocumentPrintIcon(), func() { v.printForm(d) })
	agentB := widget.NewButtonWithIcon(tr("kioskmode.agent.button"), ftheme.AccountIcon(), func() { v.openAgent(d) })
	rows = append(rows, container.NewGridWithColumns(2, exp, notice, agentB, form))
	return widget.NewCard(d.Title, "", container.NewVBox(rows...))
}

// setStatus shows a line under the buttons; imp marks success or failure.
func (v *handoverView) setStatus(text string, imp widget.Importance) {
	v.status.SetText(text)
	v.status.Importance = imp
	v.status.Show()
	v.status.Refresh()
}

// busy shows the progress bar while a file is written or read; at a kiosk
// the applicant is waiting, not gone, so the idle countdown holds off.
func (v *handoverView) busy(on bool) {
	if on {
		v.progress.Show()
		v.progress.Start()
	} else {
		v.progress.Stop()
		v.progress.Hide()
	}
	if s := v.h.sess; s != nil {
		if on {
			s.busy++
		} else {
			s.busy = max(0, s.busy-1)
		}
		v.h.kiosk.Touch()
	}
}

// --- export ---

// startExport asks for the passphrase (twice), then where to write.
func (v *handoverView) startExport(d *drafts.Draft) {
	w := v.ctx.Window
	v.pass = showPassphrase(w, tr("kioskmode.export.title"), true, func(pass string) {
		chooseSave(w, tr("kioskmode.export.file_title"), exportFileName(d.Title, time.Now()), handover.Extension,
			func(path string) { v.export(d, pass, path) })
	})
}

func exportFileName(title string, now time.Time) string {
	clean := strings.Map(func(r rune) rune {
		if r < 32 || strings.ContainsRune(`<>:"/\|?*`, r) {
			return '_'
		}
		return r
	}, title)
	if utf8.RuneCountInString(clean) > 40 {
		clean = string([]rune(clean)[:40])
	}
	return fmt.Sprintf("草稿-%s-%s%s", strings.TrimSpace(clean), now.Format("20060102-1504"), handover.Extension)
}

// export writes the bundle in the background.
func (v *handoverView) export(d *drafts.Draft, pass, path string) {
	store := v.h.core.Drafts()
	id, label := d.ID, d.Title
	v.setStatus(tr("kioskmode.export.working"), widget.MediumImportance)
	v.busy(true)
	v.h.run.Run(func() func() {
		c, cancel := storageCtx()
		defer cancel()
		data, files, err := store.Export(c, id)
		if err == nil {
			hf := make([]handover.File, len(files))
			for i, f := range files {
				hf[i] = handover.File{Name: f.Name, Path: f.Path}
			}
			err = handover.ExportFile(path, pass, handover.Manifest{Draft: data, Label: label}, hf)
		}
		var size int64
		if err == nil {
			if st, serr := os.Stat(path); serr == nil {
				size = st.Size()
			}
		}
		return func() {
			v.busy(false)
			if err != nil {
				v.setStatus(trm("kioskmode.export.failed", "Reason", msg(err)), widget.DangerImportance)
				return
			}
			v.setStatus(trm("kioskmode.export.done", "Path", path, "Size", humanSize(size)), widget.SuccessImportance)
		}
	})
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

// --- import ---

// startImport asks for the file, checks its header at once, then asks for
// the passphrase.
func (v *handoverView) startImport() {
	w := v.ctx.Window
	chooseOpen(w, tr("kioskmode.import.file_title"), []string{handover.Extension}, func(path string) {
		f, err := os.Open(path)
		if err == nil {
			err = handover.Probe(f)
			f.Close()
		} else {
			err = handover.ErrRead.Wrap(err)
		}
		if err != nil {
			v.setStatus(trm("kioskmode.import.failed", "Reason", msg(err)), widget.DangerImportance)
			return
		}
		v.pass = showPassphrase(w, tr("kioskmode.import.title"), false, func(pass string) {
			v.importFile(path, pass)
		})
	})
}

// importFile decrypts, verifies and unpacks the bundle, then adds it as a
// new draft. Any failure leaves the existing drafts as they were. The
// list (and every other screen showing drafts) follows the core's
// DraftChanged event.
func (v *handoverView) importFile(path, pass string) {
	store := v.h.core.Drafts()
	dir := filepath.Join(v.h.dataDir, importDirName)
	v.setStatus(tr("kioskmode.import.working"), widget.MediumImportance)
	v.busy(true)
	v.h.run.Run(func() func() {
		_ = handover.RemoveStale(dir)
		im, err := handover.ImportFile(path, pass, dir, handover.Limits{})
		var d *drafts.Draft
		if err == nil {
			files := make(map[string]string, len(im.Files))
			for _, f := range im.Files {
				files[f.Name] = f.Path
			}
			c, cancel := storageCtx()
			d, err = store.Import(c, im.Manifest.Draft, files)
			cancel()
			im.Remove()
		}
		return func() {
			v.busy(false)
			if err != nil {
				v.setStatus(trm("kioskmode.import.failed", "Reason", msg(err)), widget.DangerImportance)
				return
			}
			v.setStatus(trm("kioskmode.import.done", "Title", d.Title), widget.SuccessImportance)
		}
	})
}

// --- passphrase dialog ---

// passDialog asks for a passphrase; for export twice, with a strength hint.
type passDialog struct {
	d          dialog.Dialog
	pass, conf *widget.Entry
	hint, err  *widget.Label
	ok         *widget.Button
}

func showPassphrase(w fyne.Window, title string, confirm bool, done func(pass string)) *passDialog {
	p := &passDialog{pass: widget.NewPasswordEntry(), conf: widget.NewPasswordEntry()}
	p.hint = widget.NewLabel(" ")
	var errArea fyne.CanvasObject
	p.err, errArea = newMessageArea(2)
	intro := tr("kioskmode.pass.import_hint")
	if confirm {
		intro = tr("kioskmode.pass.export_hint")
		p.pass.OnChanged = func(s string) {
			text, imp := strength(s)
			p.hint.SetText(text)
			p.hint.Importance = imp
			p.hint.Refresh()
		}
	}
	introL := widget.NewLabel(intro)
	introL.Wrapping = wrap()
	items := []*widget.FormItem{widget.NewFormItem(tr("kioskmode.pass.label"), p.pass)}
	if confirm {
		items = append(items, widget.NewFormItem("", p.hint), widget.NewFormItem(tr("kioskmode.pass.repeat"), p.conf))
	}
	form := widget.NewForm(items...)
	p.ok = widget.NewButtonWithIcon(tr("kioskmode.ok"), ftheme.ConfirmIcon(), func() {
		if confirm {
			if err := handover.CheckPassphrase(p.pass.Text); err != nil {
				p.fail(msg(err))
				return
			}
			if p.conf.Text != p.pass.Text {
				p.fail(tr("kioskmode.pass.mismatch"))
				return
			}
		} else if p.pass.Text == "" {
			p.fail(tr("kioskmode.pass.empty"))
			return
		}
		p.d.Hide()
		done(p.pass.Text)
	})
	p.ok.Importance = widget.HighImportance
	cancel := widget.NewButtonWithIcon(tr("kioskmode.cancel"), ftheme.CancelIcon(), func() { p.d.Hide() })
	content := container.NewVBox(introL, form, errArea, container.NewGridWithColumns(2, cancel, p.ok))
	p.d = dialog.NewCustomWithoutButtons(title, container.New(minWidth(560), content), w)
	p.d.Show()
	w.Canvas().Focus(p.pass)
	return p
}

func (p *passDialog) fail(text string) {
	p.err.SetText(text)
}

// strength is a rough hint: length and the kinds of characters used.
func strength(s string) (string, widget.Importance) {
	n := utf8.RuneCountInString(s)
	if n < handover.MinPassphraseRunes {
		return trm("kioskmode.pass.too_short", "Min", handover.MinPassphraseRunes), widget.DangerImportance
	}
	var lower, upper, digit, other bool
	for _, r := range s {
		switch {
		case unicode.IsLower(r):
			lower = true
		case unicode.IsUpper(r):
			upper = true
		case unicode.IsDigit(r):
			digit = true
		default:
			other = true // punctuation, Chinese characters
		}
	}
	kinds := 0
	for _, b := range []bool{lower, upper, digit, other} {
		if b {
			kinds++
		}
	}
	switch {
	case n >= 16 && kinds >= 2, n >= 12 && kinds >= 3:
		return tr("kioskmode.pass.strong"), widget.SuccessImportance
	case n >= 10 && kinds >= 2:
		return tr("kioskmode.pass.medium"), widget.MediumImportance
	}
	return tr("kioskmode.pass.weak"), widget.WarningImportance
}

// minWidth stacks its objects and asks for at least this width (wrapped
// text then has room, and the dialog keeps its size as messages change).
type minWidth float32

func (m minWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	s := fyne.NewSize(float32(m), 0)
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	return s
}

func (m minWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.Position{})
		o.Resize(size)
	}
}

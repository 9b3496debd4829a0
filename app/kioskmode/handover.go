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

	"github.com/naiman-yiye/yiye/app/i18n"
	"github.com/naiman-yiye/yiye/app/shell"
	"github.com/naiman-yiye/yiye/catalog"
	"github.com/naiman-yiye/yiye/drafts"
	"github.com/naiman-yiye/yiye/handover"
	"github.com/naiman-yiye/yiye/paths"
	"github.com/naiman-yiye/yiye/usererr"
)

// Screen IDs of this package.
const (
	// ScreenHandover is 草稿交接与打印: export/import, printing, assisted filing.
	ScreenHandover = "handover"
	// ScreenKioskSetting is the staff setting 自助终端模式.
	ScreenKioskSetting = "kiosk"
)

func init() {
	shell.Register(shell.Screen{ID: ScreenHandover, TitleKey: "kioskmode.nav.handover", Title: "草稿交接与打印",
		IconName: ftheme.IconNameDocumentSave, Build: buildHandover})
	shell.Register(shell.Screen{ID: ScreenKioskSetting, TitleKey: "kioskmode.nav.kiosk", Title: "自助终端模式",
		IconName: ftheme.IconNameComputer, Build: buildKioskSetting})
}

// importDirName is where bundles are unpacked before the draft store
// copies the files (inside the data or session directory).
const importDirName = "handover-import"

// importLimits bound what an import accepts (handover's defaults).
var importLimits = handover.Limits{}

// handoverScreen is the 草稿交接与打印 screen of one shell.
type handoverScreen struct {
	ctx   *shell.Context
	store *drafts.Store
	cat   *catalog.Local
	err   error

	list     *fyne.Container
	status   *widget.Label
	progress *widget.ProgressBarInfinite
	importB  *widget.Button
	items    []*drafts.Draft
	// pass is the open passphrase dialog (tests drive it).
	pass *passDialog
}

func buildHandover(ctx *shell.Context) fyne.CanvasObject {
	h := &handoverScreen{ctx: ctx}
	screensMu.Lock()
	screens[ctx.Deps] = h
	screensMu.Unlock()

	title := widget.NewLabel(tr("kioskmode.handover.title"))
	title.TextStyle.Bold = true
	title.SizeName = ftheme.SizeNameSubHeadingText
	hint := widget.NewLabel(tr("kioskmode.handover.hint"))
	hint.Wrapping = wrap()
	hint.Importance = widget.LowImportance
	h.importB = widget.NewButtonWithIcon(tr("kioskmode.import.button"), ftheme.DownloadIcon(), h.startImport)
	h.importB.Importance = widget.HighImportance
	refresh := widget.NewButtonWithIcon(tr("kioskmode.handover.refresh"), ftheme.ViewRefreshIcon(), h.reload)
	h.status = widget.NewLabel("")
	h.status.Wrapping = wrap()
	h.status.Hide()
	h.progress = widget.NewProgressBarInfinite()
	h.progress.Stop()
	h.progress.Hide()
	h.list = container.NewVBox()
	head := container.NewVBox(title, hint, container.NewHBox(h.importB, refresh), h.progress, h.status, widget.NewSeparator())
	h.open()
	return container.NewBorder(head, nil, nil, nil, container.NewVScroll(h.list))
}

// open opens the stores on the shell's database, then lists the drafts.
func (h *handoverScreen) open() {
	deps := h.ctx.Deps
	run(func() func() {
		if deps.DB == nil {
			return func() { h.err = errNoDB; h.showList() }
		}
		c, cancel := storageCtx()
		defer cancel()
		local, err := catalog.OpenLocal(c, deps.DB)
		if err != nil {
			return func() { h.err = err; h.showList() }
		}
		store, err := drafts.Open(c, deps.DB, paths.AttachmentsDir(deps.DataDir))
		if err != nil {
			return func() { h.err = err; h.showList() }
		}
		store.SetLimits(func(id string) (drafts.Limits, bool) { return drafts.CatalogLimits(local.Current())(id) })
		return func() {
			h.store, h.cat = store, local
			h.reload()
		}
	})
}

// reload lists the drafts that can still be edited.
func (h *handoverScreen) reload() {
	store := h.store
	if store == nil {
		h.showList()
		return
	}
	run(func() func() {
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
			h.err = err
			h.items = items
			h.showList()
		}
	})
}

func (h *handoverScreen) showList() {
	var objs []fyne.CanvasObject
	switch {
	case h.err != nil:
		l := widget.NewLabel(msg(h.err))
		l.Importance = widget.DangerImportance
		l.Wrapping = wrap()
		objs = append(objs, l)
	case h.store == nil:
		objs = append(objs, widget.NewLabel(tr("kioskmode.loading")))
	case len(h.items) == 0:
		l := widget.NewLabel(tr("kioskmode.handover.empty"))
		l.Wrapping = wrap()
		objs = append(objs, l)
	}
	for _, d := range h.items {
		objs = append(objs, h.card(d))
	}
	h.list.Objects = objs
	h.list.Refresh()
}

// DraftTitles lists the drafts shown (tests check the list).
func (h *handoverScreen) draftTitles() []string {
	var out []string
	for _, d := range h.items {
		out = append(out, d.Title)
	}
	return out
}

func (h *handoverScreen) card(d *drafts.Draft) fyne.CanvasObject {
	indName := d.Industry
	if h.cat != nil {
		if ind, err := h.cat.Current().Industry(d.Industry); err == nil {
			indName = ind.Name
			if i18n.Current() == i18n.English && ind.NameEN != "" {
				indName = ind.NameEN
			}
		}
	}
	meta := widget.NewLabel(trm("kioskmode.handover.meta", "Industry", indName,
		"Saved", d.UpdatedAt.Local().Format("2006-01-02 15:04"), "Files", len(d.Attachments)))
	meta.Importance = widget.LowImportance
	meta.Wrapping = wrap()
	rows := []fyne.CanvasObject{meta}
	if d.Agent != nil {
		a := agentRecord(d)
		l := widget.NewLabel(trm("kioskmode.agent.summary", "Name", a.AgentName, "ID", a.MaskedAgentID(),
			"Principal", a.Principal))
		l.Wrapping = wrap()
		l.Importance = widget.WarningImportance
		rows = append(rows, l)
	}
	exp := widget.NewButtonWithIcon(tr("kioskmode.export.button"), ftheme.UploadIcon(), func() { h.startExport(d) })
	exp.Importance = widget.HighImportance
	notice := widget.NewButtonWithIcon(tr("kioskmode.print.notice"), ftheme.DocumentPrintIcon(), func() { h.printNotice(d) })
	form := widget.NewButtonWithIcon(tr("kioskmode.print.form"), ftheme.DocumentPrintIcon(), func() { h.printForm(d) })
	agent := widget.NewButtonWithIcon(tr("kioskmode.agent.button"), ftheme.AccountIcon(), func() { h.openAgent(d) })
	rows = append(rows, container.NewGridWithColumns(2, exp, notice, agent, form))
	return widget.NewCard(d.Title, "", container.NewVBox(rows...))
}

// setStatus shows a line under the buttons; danger marks a failure.
func (h *handoverScreen) setStatus(text string, imp widget.Importance) {
	h.status.SetText(text)
	h.status.Importance = imp
	h.status.Show()
	h.status.Refresh()
}

func (h *handoverScreen) busy(on bool) {
	k := kioskFor(h.ctx.Deps)
	if on {
		h.progress.Show()
		h.progress.Start()
		if k != nil {
			k.busy++
			k.Touch()
		}
		return
	}
	h.progress.Stop()
	h.progress.Hide()
	if k != nil {
		k.busy = max(0, k.busy-1)
		k.Touch()
	}
}

// --- export ---

// startExport asks for the passphrase (twice), then where to write.
func (h *handoverScreen) startExport(d *drafts.Draft) {
	h.pass = showPassphrase(h.ctx.Window, tr("kioskmode.export.title"), true, func(pass string) {
		name := exportFileName(d.Title, time.Now())
		chooseSave(h.ctx.Window, name, handover.Extension, func(path string) {
			if !strings.HasSuffix(strings.ToLower(path), handover.Extension) {
				path += handover.Extension
			}
			h.export(d, pass, path)
		})
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
func (h *handoverScreen) export(d *drafts.Draft, pass, path string) {
	store := h.store
	id, label := d.ID, d.Title
	h.setStatus(tr("kioskmode.export.working"), widget.MediumImportance)
	h.busy(true)
	run(func() func() {
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
			h.busy(false)
			if err != nil {
				h.setStatus(trm("kioskmode.export.failed", "Reason", msg(err)), widget.DangerImportance)
				return
			}
			h.setStatus(trm("kioskmode.export.done", "Path", path, "Size", humanSize(size)), widget.SuccessImportance)
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

// DraftImported, if set, is called on the UI goroutine after a draft was
// imported for deps, so the drafts lists (首页, 我的草稿) show it without a
// restart; cmd/yiye sets it to journey.DraftsChanged.
var DraftImported func(deps *shell.Deps)

// startImport asks for the file, checks its header at once, then asks for
// the passphrase.
func (h *handoverScreen) startImport() {
	chooseOpen(h.ctx.Window, []string{handover.Extension}, func(path string) {
		f, err := os.Open(path)
		if err == nil {
			err = handover.Probe(f)
			f.Close()
		} else {
			err = handover.ErrRead.Wrap(err)
		}
		if err != nil {
			h.setStatus(trm("kioskmode.import.failed", "Reason", msg(err)), widget.DangerImportance)
			return
		}
		h.pass = showPassphrase(h.ctx.Window, tr("kioskmode.import.title"), false, func(pass string) {
			h.importFile(path, pass)
		})
	})
}

// importFile decrypts, verifies and unpacks the bundle, then adds it as a
// new draft. Any failure leaves the existing drafts as they were.
func (h *handoverScreen) importFile(path, pass string) {
	store := h.store
	if store == nil {
		return
	}
	dir := filepath.Join(h.ctx.Deps.DataDir, importDirName)
	h.setStatus(tr("kioskmode.import.working"), widget.MediumImportance)
	h.busy(true)
	run(func() func() {
		_ = handover.RemoveStale(dir)
		im, err := handover.ImportFile(path, pass, dir, importLimits)
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
			h.busy(false)
			if err != nil {
				h.setStatus(trm("kioskmode.import.failed", "Reason", msg(err)), widget.DangerImportance)
				return
			}
			h.setStatus(trm("kioskmode.import.done", "Title", d.Title), widget.SuccessImportance)
			h.reload()
			if DraftImported != nil {
				DraftImported(h.ctx.Deps)
			}
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
	p.err = widget.NewLabel("")
	p.err.Importance = widget.DangerImportance
	p.err.Wrapping = wrap()
	p.err.Hide()
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
	content := container.NewVBox(introL, form, p.err, container.NewGridWithColumns(2, cancel, p.ok))
	p.d = dialog.NewCustomWithoutButtons(title, container.NewGridWrap(fyne.NewSize(560, content.MinSize().Height), content), w)
	p.d.Show()
	w.Canvas().Focus(p.pass)
	return p
}

func (p *passDialog) fail(text string) {
	p.err.SetText(text)
	p.err.Show()
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

var errNoDB = usererr.New("kioskmode.no_database", "没有打开数据库，无法读取草稿。", "No database is open; drafts cannot be read.")

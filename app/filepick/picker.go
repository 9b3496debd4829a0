package filepick

import (
	"os"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/naiman-yiye/yiye/app/i18n"
	"github.com/naiman-yiye/yiye/usererr"
)

type mode int

const (
	modeOpen mode = iota
	modeSave
)

// tapMark remembers the first tap of a possible double tap: which entry
// (by path, not by row: list rows are reused widgets), in which listing,
// and when.
type tapMark struct {
	path string
	gen  int
	at   time.Time
}

// picker is one open dialog. All of it runs on the UI goroutine.
type picker struct {
	win      fyne.Window
	opts     Options
	mode     mode
	exts     []string
	onChosen func(string)
	env      env

	dir     string
	entries []entry
	readErr error
	gen     int // bumped by every listing, so taps on an older one never pair
	sel     int // selected entry, -1 for none
	lastTap tapMark
	places  []place
	done    bool

	popup      *widget.PopUp
	root       *root
	cols       columns
	list       *fileList
	message    *widget.Label
	crumbs     *fyne.Container
	crumbBar   *container.Scroll
	placeBox   *fyne.Container
	placeBtns  []*widget.Button
	up         *widget.Button
	openBtn    *widget.Button
	okBtn      *widget.Button
	cancelBtn  *widget.Button
	types      *widget.Label
	status     *widget.Label
	name       *nameEntry // Save only
	replaceDlg *dialog.ConfirmDialog
}

// show builds the picker, lists its start folder and shows it on w.
func show(w fyne.Window, o Options, m mode, onChosen func(string), e env) *picker {
	p := &picker{win: w, opts: o, mode: m, exts: normalizeExts(o.Extensions), onChosen: onChosen, env: e, sel: -1}
	p.build()
	p.loadPlaces()
	p.navigate(p.startDir(), "")
	p.popup = widget.NewModalPopUp(p.root, w.Canvas())
	p.popup.Resize(fitSize(w.Canvas().Size(), p.root.MinSize()))
	p.popup.Show()
	p.scrollCrumbs() // the path bar has its width only now
	if m == modeSave {
		if o.FileName != "" {
			p.name.SetText(filepath.Base(o.FileName))
		}
		w.Canvas().Focus(p.name)
		p.name.selectStem()
	} else {
		p.focus()
	}
	return p
}

// fitSize is the dialog's size on a canvas: 88 % of it (at most
// 1400×1000, where wider rows only get harder to read), never smaller
// than the content needs nor larger than the canvas.
func fitSize(canvas, minSize fyne.Size) fyne.Size {
	if canvas.IsZero() {
		return minSize
	}
	w := max(min(canvas.Width*0.88, 1400), minSize.Width)
	h := max(min(canvas.Height*0.88, 1000), minSize.Height)
	return fyne.NewSize(min(w, canvas.Width), min(h, canvas.Height))
}

func (p *picker) build() {
	title := p.opts.Title
	confirm := p.opts.Confirm
	if title == "" {
		title = tr("filepick.title.open")
		if p.mode == modeSave {
			title = tr("filepick.title.save")
		}
	}
	if confirm == "" {
		confirm = tr("filepick.choose")
		if p.mode == modeSave {
			confirm = tr("filepick.save")
		}
	}
	heading := widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	heading.Truncation = fyne.TextTruncateEllipsis

	p.up = widget.NewButtonWithIcon(tr("filepick.up"), theme.MoveUpIcon(), func() { p.goUp(); p.focus() })
	refresh := widget.NewButtonWithIcon(tr("filepick.refresh"), theme.ViewRefreshIcon(), func() { p.reload(); p.focus() })
	p.crumbs = container.NewHBox()
	p.crumbBar = container.NewHScroll(p.crumbs)
	pathBar := container.NewBorder(nil, nil, container.NewHBox(p.up, refresh), nil, p.crumbBar)

	p.cols = measureColumns()
	p.list = newFileList(p)
	p.message = widget.NewLabel("")
	p.message.Wrapping = fyne.TextWrapWord
	p.message.Hide()
	center := container.NewBorder(container.NewVBox(pathBar, newHeader(p.cols)), nil, nil, nil,
		container.NewStack(p.list, container.NewVBox(p.message)))

	p.placeBox = container.NewVBox()
	left := container.NewBorder(nil, nil, nil, widget.NewSeparator(), container.NewVScroll(p.placeBox))

	p.types = widget.NewLabel(typesLine(p.exts))
	p.types.Truncation = fyne.TextTruncateEllipsis
	p.status = widget.NewLabel("")
	p.status.Wrapping = fyne.TextWrapWord
	p.status.Importance = widget.DangerImportance
	p.status.Hide()
	p.cancelBtn = widget.NewButton(tr("filepick.cancel"), func() { p.finish("") })
	p.openBtn = widget.NewButtonWithIcon(tr("filepick.open"), theme.FolderOpenIcon(), func() { p.openSelected(); p.focus() })
	p.okBtn = widget.NewButtonWithIcon(confirm, theme.ConfirmIcon(), p.confirm)
	p.okBtn.Importance = widget.HighImportance
	buttons := container.NewBorder(nil, nil, nil, container.NewHBox(p.cancelBtn, p.openBtn, p.okBtn), p.types)
	// The status line sits on top of the bottom block: when a message
	// appears, the block grows upward into the list's bottom, and the
	// list rows, the name entry and the buttons all stay where they are.
	bottom := container.NewVBox(widget.NewSeparator(), p.status)
	if p.mode == modeSave {
		p.name = newNameEntry(p)
		bottom.Add(container.NewBorder(nil, nil, widget.NewLabel(tr("filepick.file_name")), nil, p.name))
	}
	bottom.Add(buttons)

	p.root = newRoot(p, container.NewBorder(container.NewVBox(heading, widget.NewSeparator()), bottom, left, nil, center))
}

// startDir is the first existing folder of: the caller's, the last used,
// the desktop, documents, home, the working directory.
func (p *picker) startDir() string {
	cands := []string{p.opts.StartDir}
	if p.env.prefs != nil {
		cands = append(cands, p.env.prefs.String(lastDirKey))
	}
	for _, k := range []placeKind{placeDesktop, placeDocuments, placeHome} {
		for _, pl := range p.places {
			if pl.kind == k {
				cands = append(cands, pl.path)
			}
		}
	}
	if h, err := os.UserHomeDir(); err == nil {
		cands = append(cands, h)
	}
	if wd, err := os.Getwd(); err == nil {
		cands = append(cands, wd)
	}
	for _, c := range cands {
		if c != "" && isDir(c) {
			return filepath.Clean(c)
		}
	}
	return string(filepath.Separator)
}

// loadPlaces (re)detects the places: a USB stick plugged in while the
// dialog is open appears on 刷新.
func (p *picker) loadPlaces() {
	p.places = p.env.places()
	p.placeBtns = p.placeBtns[:0]
	objs := make([]fyne.CanvasObject, 0, len(p.places)+1)
	for i, pl := range p.places {
		if i > 0 && pl.kind >= placeComputer && p.places[i-1].kind < placeComputer {
			objs = append(objs, widget.NewSeparator())
		}
		b := widget.NewButtonWithIcon(shorten(pl.label, 16), pl.icon, func() { p.navigate(pl.path, ""); p.focus() })
		b.Alignment = widget.ButtonAlignLeading
		b.Importance = widget.LowImportance
		p.placeBtns = append(p.placeBtns, b)
		objs = append(objs, b)
	}
	p.placeBox.Objects = objs
	p.placeBox.Refresh()
	p.markPlace()
}

// shorten cuts s to n characters with an ellipsis (a USB stick's volume
// name can be long; the places column should not be).
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// markPlace gives the place we are in a button background. Importance
// changes only the colour, so the column does not move.
func (p *picker) markPlace() {
	for i, b := range p.placeBtns {
		imp := widget.LowImportance
		if p.dir != "" && samePath(p.places[i].path, p.dir) {
			imp = widget.MediumImportance
		}
		if b.Importance != imp {
			b.Importance = imp
			b.Refresh()
		}
	}
}

// navigate lists dir and shows it; selectPath, if in it, is selected
// (going up selects the folder we came from).
func (p *picker) navigate(dir, selectPath string) {
	dir = filepath.Clean(dir)
	p.entries, p.readErr = readDir(dir, p.exts)
	p.dir = dir
	p.gen++
	p.lastTap = tapMark{}
	p.sel = -1
	p.setStatus("")
	p.list.Refresh()
	p.list.ScrollToOffset(0)
	p.showCrumbs()
	p.markPlace()
	if filepath.Dir(dir) == dir {
		p.up.Disable()
	} else {
		p.up.Enable()
	}
	switch {
	case p.readErr != nil:
		p.message.SetText(tr("filepick.unreadable"))
		p.message.Show()
	case len(p.entries) == 0 && len(p.exts) > 0:
		p.message.SetText(trm("filepick.empty_types", "Types", typeNames(p.exts)))
		p.message.Show()
	case len(p.entries) == 0:
		p.message.SetText(tr("filepick.empty"))
		p.message.Show()
	default:
		p.message.Hide()
	}
	for i, e := range p.entries {
		if selectPath != "" && samePath(e.path, selectPath) {
			p.selectIndex(i, true)
			break
		}
	}
	p.updateButtons()
}

// reload lists the current folder again (and the places), keeping the
// selection if the entry is still there.
func (p *picker) reload() {
	keep := ""
	if p.sel >= 0 {
		keep = p.entries[p.sel].path
	}
	p.loadPlaces()
	p.navigate(p.dir, keep)
}

func (p *picker) goUp() {
	if parent := filepath.Dir(p.dir); parent != p.dir {
		p.navigate(parent, p.dir)
	}
}

func (p *picker) showCrumbs() {
	cs := crumbsOf(p.dir)
	objs := make([]fyne.CanvasObject, 0, 2*len(cs))
	for i, c := range cs {
		if i > 0 {
			objs = append(objs, widget.NewLabel("›"))
		}
		b := widget.NewButton(c.label, nil)
		b.Importance = widget.LowImportance
		if i == len(cs)-1 {
			b.Importance = widget.MediumImportance
		}
		child := ""
		if i+1 < len(cs) {
			child = cs[i+1].path
		}
		b.OnTapped = func() { p.navigate(c.path, child); p.focus() }
		objs = append(objs, b)
	}
	p.crumbs.Objects = objs
	p.crumbs.Refresh()
	p.scrollCrumbs()
}

// scrollCrumbs keeps the end of the path, the current folder, in view.
func (p *picker) scrollCrumbs() {
	over := max(0, p.crumbs.MinSize().Width-p.crumbBar.Size().Width)
	p.crumbBar.ScrollToOffset(fyne.NewPos(over, 0))
}

// tapped handles a tap on the row showing entry id (path, when the row was
// last filled). Two taps make a double tap only on the same entry of the
// same listing within the double-tap delay: a row reused for another
// entry, or a listing changed by the first tap, starts afresh.
func (p *picker) tapped(id int, path string) {
	if id < 0 || id >= len(p.entries) || p.entries[id].path != path {
		return
	}
	p.win.Canvas().Focus(p.list)
	now := p.env.now()
	first := p.lastTap
	if first.path == path && first.gen == p.gen && !now.Before(first.at) && now.Sub(first.at) <= p.env.doubleTap {
		p.lastTap = tapMark{}
		p.activate(id)
		return
	}
	p.lastTap = tapMark{path: path, gen: p.gen, at: now}
	// No scrolling on a tap: the row stays under the pointer for the
	// second tap of a double tap.
	p.selectIndex(id, false)
}

// selectIndex selects entry i, scrolling it into view if scroll (keys).
// In Save, selecting a file puts its name in the name entry.
func (p *picker) selectIndex(i int, scroll bool) {
	old := p.sel
	p.sel = i
	if old >= 0 && old != i {
		p.list.RefreshItem(old)
	}
	p.list.RefreshItem(i)
	if scroll {
		p.list.ScrollTo(i)
	}
	if e := p.entries[i]; p.mode == modeSave && !e.dir {
		p.name.SetText(e.name)
	}
	p.updateButtons()
}

func (p *picker) updateButtons() {
	folder := p.sel >= 0 && p.entries[p.sel].dir
	file := p.sel >= 0 && !p.entries[p.sel].dir
	setEnabled(p.openBtn, folder)
	if p.mode == modeOpen {
		setEnabled(p.okBtn, file)
	}
}

func setEnabled(b *widget.Button, on bool) {
	if on {
		b.Enable()
	} else {
		b.Disable()
	}
}

// activate opens a folder or chooses a file: a double tap, Enter, 打开.
func (p *picker) activate(i int) {
	e := p.entries[i]
	if e.dir {
		p.navigate(e.path, "")
		return
	}
	if p.mode == modeSave {
		p.name.SetText(e.name)
		p.save()
		return
	}
	if fi, err := os.Stat(e.path); err != nil || fi.IsDir() {
		p.reload()
		p.setStatus(trm("filepick.file_gone", "Name", e.name))
		return
	}
	p.finish(e.path)
}

func (p *picker) openSelected() {
	if p.sel >= 0 && p.entries[p.sel].dir {
		p.activate(p.sel)
	}
}

// confirm is the 选择/保存 button.
func (p *picker) confirm() {
	if p.mode == modeSave {
		p.save()
		return
	}
	if p.sel >= 0 && !p.entries[p.sel].dir {
		p.activate(p.sel)
	}
}

// typedKey handles the keys of the focused list.
func (p *picker) typedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyDown:
		p.moveSelection(1)
	case fyne.KeyUp:
		p.moveSelection(-1)
	case fyne.KeyPageDown:
		p.moveSelection(10)
	case fyne.KeyPageUp:
		p.moveSelection(-10)
	case fyne.KeyHome:
		p.moveSelection(-len(p.entries))
	case fyne.KeyEnd:
		p.moveSelection(len(p.entries))
	case fyne.KeyReturn, fyne.KeyEnter:
		if p.sel >= 0 {
			p.activate(p.sel)
		} else if p.mode == modeSave {
			p.save()
		}
	case fyne.KeyBackspace:
		p.goUp()
	case fyne.KeyEscape:
		p.finish("")
	}
}

func (p *picker) moveSelection(d int) {
	n := len(p.entries)
	if n == 0 {
		return
	}
	i := p.sel + d
	if p.sel < 0 && d < 0 {
		i = n + d
	}
	i = max(0, min(i, n-1))
	p.lastTap = tapMark{}
	p.selectIndex(i, true)
}

// langCode is the UI language as usererr.Message expects it.
func langCode() string {
	if i18n.Current() == i18n.English {
		return "en"
	}
	return "zh"
}

// save checks the typed name and finishes with its path, asking first
// if that replaces a file.
func (p *picker) save() {
	name, err := saveName(p.name.Text, p.exts)
	if err != nil {
		p.setStatus(usererr.Message(err, langCode()))
		p.win.Canvas().Focus(p.name)
		return
	}
	path := filepath.Join(p.dir, name)
	fi, err := os.Stat(path)
	switch {
	case err == nil && fi.IsDir():
		p.setStatus(trm("filepick.is_folder", "Name", name))
	case !writable(p.dir):
		p.setStatus(tr("filepick.not_writable"))
	case err == nil:
		msg := widget.NewLabel(trm("filepick.replace.message", "Name", name))
		msg.Wrapping = fyne.TextWrapWord
		p.replaceDlg = dialog.NewCustomConfirm(tr("filepick.replace.title"), tr("filepick.replace.ok"), tr("filepick.cancel"),
			msg, func(ok bool) {
				p.replaceDlg = nil
				if ok {
					p.finish(path)
				} else {
					p.focus()
				}
			}, p.win)
		p.replaceDlg.Show()
		if sz := p.win.Canvas().Size(); sz.Width > 0 {
			p.replaceDlg.Resize(fyne.NewSize(min(sz.Width*0.8, 520), p.replaceDlg.MinSize().Height))
		}
	default:
		p.name.SetText(name)
		p.finish(path)
	}
}

// writable reports whether a file can be created in dir, by creating and
// removing one: permissions, ACLs, read-only sticks and discs all answer
// the same way, which no mode bit check does on every system.
func writable(dir string) bool {
	f, err := os.CreateTemp(dir, ".yiye-write-check-*")
	if err != nil {
		return false
	}
	name := f.Name()
	_ = f.Close()
	return os.Remove(name) == nil
}

// setStatus shows msg above the buttons ("" hides it).
func (p *picker) setStatus(msg string) {
	if msg == p.status.Text {
		return
	}
	p.status.SetText(msg)
	if msg == "" {
		p.status.Hide()
	} else {
		p.status.Show()
	}
}

// focus gives the keyboard back to the list (Open) or the name (Save)
// after a button or an empty spot took it.
func (p *picker) focus() {
	if p.done {
		return
	}
	if p.mode == modeSave {
		p.win.Canvas().Focus(p.name)
		return
	}
	p.win.Canvas().Focus(p.list)
}

// finish closes the picker and reports path ("" = cancelled). It runs
// once.
func (p *picker) finish(path string) {
	if p.done {
		return
	}
	p.done = true
	if path != "" && p.env.prefs != nil {
		p.env.prefs.SetString(lastDirKey, filepath.Dir(path))
	}
	p.popup.Hide()
	if p.onChosen != nil {
		p.onChosen(path)
	}
}

package filepick

import (
	"image/color"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// root holds the dialog's content; a tap on an empty spot (which takes
// the keyboard focus away) gives the focus back, so Esc and the arrows
// keep working.
type root struct {
	widget.BaseWidget
	p       *picker
	content fyne.CanvasObject
}

func newRoot(p *picker, content fyne.CanvasObject) *root {
	r := &root{p: p, content: content}
	r.ExtendBaseWidget(r)
	return r
}

// CreateRenderer implements fyne.Widget.
func (r *root) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(r.content) }

// Tapped implements fyne.Tappable.
func (r *root) Tapped(*fyne.PointEvent) { r.p.focus() }

// fileList is a widget.List whose keys are the picker's and whose
// selection is the picker's: List.Select scrolls the tapped row into
// view, which would move a half-visible row away from under the pointer
// between the two taps of a double tap.
type fileList struct {
	widget.List
	p *picker
}

func newFileList(p *picker) *fileList {
	l := &fileList{p: p}
	l.Length = func() int { return len(p.entries) }
	l.CreateItem = func() fyne.CanvasObject { return newRow(p) }
	l.UpdateItem = func(id widget.ListItemID, o fyne.CanvasObject) { o.(*row).show(id) }
	l.ExtendBaseWidget(l)
	return l
}

// TypedKey implements fyne.Focusable: arrows, Home/End, PageUp/PageDown
// select; Enter opens or chooses; Backspace goes up; Esc cancels.
func (l *fileList) TypedKey(ev *fyne.KeyEvent) { l.p.typedKey(ev) }

// FocusGained implements fyne.Focusable; the selection shows where the
// keys act, so List's own highlight is not used.
func (l *fileList) FocusGained() {}

// FocusLost implements fyne.Focusable.
func (l *fileList) FocusLost() {}

// row shows one entry. It is Tappable but deliberately not
// DoubleTappable: the driver would then hold every single tap back for
// the double-tap delay. The picker pairs taps itself (picker.tapped).
type row struct {
	widget.BaseWidget
	p    *picker
	id   int
	path string

	bg   *canvas.Rectangle
	icon *widget.Icon
	name *widget.Label
	size *widget.Label
	mod  *widget.Label
}

func newRow(p *picker) *row {
	r := &row{p: p, id: -1,
		bg:   canvas.NewRectangle(color.Transparent),
		icon: widget.NewIcon(theme.FileIcon()),
		name: widget.NewLabel(""),
		size: widget.NewLabel(""),
		mod:  widget.NewLabel(""),
	}
	r.name.Truncation = fyne.TextTruncateEllipsis
	r.size.Alignment = fyne.TextAlignTrailing
	r.size.Truncation = fyne.TextTruncateClip
	r.mod.Truncation = fyne.TextTruncateClip
	r.ExtendBaseWidget(r)
	return r
}

// CreateRenderer implements fyne.Widget.
func (r *row) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(&fyne.Container{Layout: &rowLayout{cols: &r.p.cols},
		Objects: []fyne.CanvasObject{r.bg, r.icon, r.name, r.size, r.mod}})
}

// Tapped implements fyne.Tappable.
func (r *row) Tapped(*fyne.PointEvent) { r.p.tapped(r.id, r.path) }

// show fills the row with entry id.
func (r *row) show(id int) {
	e := r.p.entries[id]
	r.id, r.path = id, e.path
	r.icon.SetResource(entryIcon(e))
	r.name.SetText(e.name)
	if e.dir {
		r.size.SetText("")
	} else {
		r.size.SetText(formatSize(e.size))
	}
	r.mod.SetText(formatTime(e.mod))
	if id == r.p.sel {
		r.bg.FillColor = r.Theme().Color(theme.ColorNameSelection, fyne.CurrentApp().Settings().ThemeVariant())
	} else {
		r.bg.FillColor = color.Transparent
	}
	r.bg.Refresh()
}

// entryIcon picks an icon by kind; no file is opened to sniff its type.
func entryIcon(e entry) fyne.Resource {
	if e.dir {
		return theme.FolderIcon()
	}
	switch strings.ToLower(filepath.Ext(e.name)) {
	case ".jpg", ".jpeg", ".png", ".gif", ".bmp", ".tif", ".tiff", ".webp", ".heic":
		return theme.FileImageIcon()
	case ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ofd":
		return theme.FileApplicationIcon()
	case ".txt", ".csv", ".json":
		return theme.FileTextIcon()
	}
	return theme.FileIcon()
}

// columns are the widths of the size and modified columns, measured once
// from the widest text they can hold, so no row or header ever resizes
// them.
type columns struct{ size, mod float32 }

func measureColumns() columns {
	width := func(texts ...string) float32 {
		var w float32
		for _, t := range texts {
			w = max(w, widget.NewLabel(t).MinSize().Width)
		}
		return w
	}
	return columns{
		size: width("999.9 MB", "1023 KB", tr("filepick.col.size")),
		mod: width(tr("filepick.col.modified"),
			formatTime(time.Date(2026, time.September, 30, 23, 59, 0, 0, time.Local)),
			formatTime(time.Date(2026, time.December, 31, 23, 59, 0, 0, time.Local))),
	}
}

// rowLayout places a row's background, icon, name, size and modified
// time; the header uses it too, so the columns line up.
type rowLayout struct{ cols *columns }

func (l *rowLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	pad := theme.Padding()
	icon := theme.IconInlineSize()
	objs[0].Resize(size)
	objs[0].Move(fyne.Position{})
	objs[1].Resize(fyne.NewSquareSize(icon))
	objs[1].Move(fyne.NewPos(pad, (size.Height-icon)/2))
	x := 2*pad + icon
	nameW := max(0, size.Width-x-l.cols.size-l.cols.mod)
	objs[2].Resize(fyne.NewSize(nameW, size.Height))
	objs[2].Move(fyne.NewPos(x, 0))
	objs[3].Resize(fyne.NewSize(l.cols.size, size.Height))
	objs[3].Move(fyne.NewPos(x+nameW, 0))
	objs[4].Resize(fyne.NewSize(l.cols.mod, size.Height))
	objs[4].Move(fyne.NewPos(x+nameW+l.cols.size, 0))
}

func (l *rowLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	pad := theme.Padding()
	icon := theme.IconInlineSize()
	h := icon
	for _, o := range objs[2:] {
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(2*pad+icon+objs[2].MinSize().Width+l.cols.size+l.cols.mod, h)
}

// newHeader is the column titles above the list.
func newHeader(cols columns) fyne.CanvasObject {
	label := func(key string, a fyne.TextAlign) *widget.Label {
		l := widget.NewLabelWithStyle(tr(key), a, fyne.TextStyle{Bold: true})
		l.Truncation = fyne.TextTruncateClip
		return l
	}
	c := cols
	return &fyne.Container{Layout: &rowLayout{cols: &c}, Objects: []fyne.CanvasObject{
		canvas.NewRectangle(color.Transparent), canvas.NewRectangle(color.Transparent),
		label("filepick.col.name", fyne.TextAlignLeading),
		label("filepick.col.size", fyne.TextAlignTrailing),
		label("filepick.col.modified", fyne.TextAlignLeading),
	}}
}

// nameEntry is the Save name field: Enter saves, Esc cancels.
type nameEntry struct {
	widget.Entry
	p *picker
}

func newNameEntry(p *picker) *nameEntry {
	e := &nameEntry{p: p}
	e.ExtendBaseWidget(e)
	e.OnSubmitted = func(string) { p.save() }
	e.OnChanged = func(string) { p.setStatus("") }
	return e
}

// TypedKey implements fyne.Focusable.
func (e *nameEntry) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyEscape {
		e.p.finish("")
		return
	}
	e.Entry.TypedKey(ev)
}

// selectStem selects the name without its extension, so typing replaces
// the name and keeps ".pdf". Entry has no API to select a range; this is
// what a user does: from the start, Shift+Right over the name.
func (e *nameEntry) selectStem() {
	n := utf8.RuneCountInString(strings.TrimSuffix(e.Text, filepath.Ext(e.Text)))
	if n == 0 {
		return
	}
	e.CursorRow, e.CursorColumn = 0, 0
	shift := &fyne.KeyEvent{Name: desktop.KeyShiftLeft}
	e.KeyDown(shift)
	for range n {
		e.Entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyRight})
	}
	e.KeyUp(shift)
}

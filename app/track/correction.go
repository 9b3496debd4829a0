package track

import (
	"fmt"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/naiman-yiye/yiye/app/filepick"
	"github.com/naiman-yiye/yiye/app/i18n"
	"github.com/naiman-yiye/yiye/app/shell"
	"github.com/naiman-yiye/yiye/client"
	"github.com/naiman-yiye/yiye/client/api"
	"github.com/naiman-yiye/yiye/core"
	"github.com/naiman-yiye/yiye/forms"
	"github.com/naiman-yiye/yiye/usererr"
)

// correctionView answers an open correction: every field the department
// named is shown with its current value and editable here; every named
// material gets a file chooser. Sending checks and uploads the files (with
// progress) and answers through the core; a retry reuses the same key, so
// it counts once. Why a send failed stays under the button.
type correctionView struct {
	d       *detailView
	app     api.Application
	corr    api.Correction
	idem    string
	values  map[string]func() string
	files   map[string]string // material ID → chosen file
	labels  map[string]*widget.Label
	entries map[string]*widget.Entry // field key → its entry (text fields)
	bar     *widget.ProgressBar
	note    *widget.Entry
	send    *widget.Button
	problem *widget.Label
}

func (t *Track) openCorrection(d *detailView, a api.Application) {
	c := *a.OpenCorrection
	v := &correctionView{d: d, app: a, corr: c, idem: client.NewIdempotencyKey(),
		values: map[string]func() string{}, files: map[string]string{}, labels: map[string]*widget.Label{},
		entries: map[string]*widget.Entry{}}
	lang := string(d.ctx.Language())
	objs := []fyne.CanvasObject{shell.WrapLabel(trm("track.correct.intro", "Dept", deptName(v.d.t.core.Catalog(), c.Department), "Note", c.Note))}
	if len(c.Fields) > 0 {
		form := container.NewVBox(shell.BoldLabel(tr("track.correct.fields")))
		for _, fn := range c.Fields {
			f, _ := fieldDef(fn.Key)
			cur := fmt.Sprint(a.Form[fn.Key])
			if a.Form[fn.Key] == nil {
				cur = ""
			}
			label := fieldLabel(fn.Key)
			var w fyne.CanvasObject
			if len(f.Options) > 0 {
				var opts []string
				byLabel := map[string]string{}
				sel := ""
				for _, o := range f.Options {
					l := o.ZH
					if lang == "en" && o.EN != "" {
						l = o.EN
					}
					opts = append(opts, l)
					byLabel[l] = o.Value
					if o.Value == cur {
						sel = l
					}
				}
				s := i18n.NewSelect(opts, nil)
				s.SetSelected(sel)
				v.values[fn.Key] = func() string { return byLabel[s.Selected] }
				w = s
			} else {
				e := widget.NewEntry()
				if f.Kind == forms.KindTextarea {
					e = widget.NewMultiLineEntry()
				}
				e.SetText(cur)
				v.entries[fn.Key] = e
				v.values[fn.Key] = func() string { return e.Text }
				w = e
			}
			hint := trm("track.correct.current", "Value", orDash(cur))
			if fn.Note != "" {
				hint = fn.Note + " · " + hint
			}
			l := shell.WrapLabel(hint)
			l.Importance = widget.WarningImportance
			form.Add(shell.BoldLabel(label))
			form.Add(l)
			form.Add(w)
		}
		objs = append(objs, form)
	}
	if len(c.Materials) > 0 {
		box := container.NewVBox(shell.BoldLabel(tr("track.correct.materials")))
		cat := t.core.Catalog()
		for _, mn := range c.Materials {
			id := mn.MaterialID
			cur := ""
			for _, r := range a.Materials {
				if r.MaterialID == id {
					cur = r.Filename
				}
			}
			txt := labelled(materialName(cat, id), trm("track.correct.current_file", "File", orDash(cur)))
			if mn.Note != "" {
				txt += "\n" + mn.Note
			}
			chosen := widget.NewLabel(tr("track.correct.no_file"))
			v.labels[id] = chosen
			pick := widget.NewButtonWithIcon(tr("track.correct.pick"), theme.FolderOpenIcon(), func() { v.pick(id) })
			box.Add(shell.WrapLabel(txt))
			box.Add(container.NewBorder(nil, nil, pick, nil, chosen))
		}
		objs = append(objs, box)
	}
	v.note = widget.NewMultiLineEntry()
	v.note.SetPlaceHolder(tr("track.correct.note"))
	v.bar = widget.NewProgressBar()
	v.bar.Hide()
	v.send = widget.NewButtonWithIcon(tr("track.correct.send"), theme.MailSendIcon(), v.onSend)
	v.send.Importance = widget.HighImportance
	v.problem = shell.WrapLabel("")
	v.problem.Importance = widget.DangerImportance
	v.problem.Hide()
	objs = append(objs, v.note, v.bar, container.NewHBox(v.send), v.problem)
	t.correct = v
	d.ctx.PushPage(shell.Page{Title: tr("track.correct.title"), Content: container.NewVScroll(container.NewVBox(objs...)),
		OnPop: func() {
			if t.correct == v {
				t.correct = nil
			}
		}})
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}

func (v *correctionView) pick(id string) {
	name := materialName(v.d.t.core.Catalog(), id)
	filepick.Open(v.d.ctx.Window, filepick.Options{Title: trm("track.correct.pick_title", "Name", name),
		Extensions: []string{".pdf", ".jpg", ".jpeg", ".png"}}, func(path string) {
		if path != "" {
			v.setFile(id, path)
		}
	})
}

// setFile chooses the file for a material (the dialog's result).
func (v *correctionView) setFile(id, path string) {
	v.files[id] = path
	if l := v.labels[id]; l != nil {
		l.SetText(filepath.Base(path))
	}
}

var errMissing = usererr.New("correction.incomplete_local", "请填写每一项标出的内容，并为每份标出的材料选择文件。",
	"Fill in every named field and choose a file for every named material.")

// fail shows why the answer did not go, in the banner and under the
// button, and lets the applicant try again.
func (v *correctionView) fail(err error) {
	v.send.Enable()
	v.bar.Hide()
	v.problem.SetText(errText(v.d.ctx, err))
	v.problem.Show()
	v.d.ctx.ShowError(err)
}

func (v *correctionView) onSend() {
	r := core.CorrectionReply{Values: map[string]string{}, Files: map[string]string{}, Note: strings.TrimSpace(v.note.Text)}
	for k, get := range v.values {
		val := strings.TrimSpace(get())
		if val == "" {
			v.fail(errMissing)
			return
		}
		r.Values[k] = val
	}
	for _, m := range v.corr.Materials {
		if v.files[m.MaterialID] == "" {
			v.fail(errMissing)
			return
		}
		r.Files[m.MaterialID] = v.files[m.MaterialID]
	}
	t, app, corrID, key := v.d.t, v.app, v.corr.ID, v.idem
	v.send.Disable()
	v.problem.Hide()
	v.bar.SetValue(0)
	v.bar.Show()
	t.run.Run(func() func() {
		cx, cancel := bg()
		defer cancel()
		err := t.core.AnswerCorrection(cx, app, corrID, key, r, func(frac float64) {
			t.run.Post(func() { v.bar.SetValue(frac) })
		})
		return func() {
			if err != nil {
				v.fail(err)
				return
			}
			v.bar.SetValue(1)
			v.d.ctx.Toast(tr("track.correct.sent"))
			v.d.ctx.Pop()
			v.d.load()
		}
	})
}

func fieldDef(key string) (forms.Field, bool) {
	for _, f := range forms.AllFields() {
		if f.Key == key {
			return f, true
		}
	}
	return forms.Field{}, false
}

// fieldLabel is a form field's label in the UI language.
func fieldLabel(key string) string {
	f, ok := fieldDef(key)
	if !ok {
		return key
	}
	if i18n.Current() == i18n.English && f.LabelEN != "" {
		return f.LabelEN
	}
	return f.LabelZH
}

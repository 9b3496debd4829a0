package licenseview

import (
	"image"
	"io"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/naiman-yiye/yiye/app/consult"
	"github.com/naiman-yiye/yiye/app/filepick"
	"github.com/naiman-yiye/yiye/app/i18n"
	"github.com/naiman-yiye/yiye/app/shell"
	"github.com/naiman-yiye/yiye/client/api"
	"github.com/naiman-yiye/yiye/internal/robustio"
	"github.com/naiman-yiye/yiye/license"
	"github.com/naiman-yiye/yiye/pdfdoc"
)

// licenseView is one certificate, laid out like the paper one, with its
// life after issue below it (life.go).
type licenseView struct {
	l        *Licenses
	ctx      *shell.Context
	lic      api.License
	cachedAt time.Time // non-zero: shown from the offline copy fetched then
	qr       *canvas.Image
	img      image.Image

	root    *fyne.Container // the page's content
	scroll  *container.Scroll
	life    *lifeParts
	thread  *consult.Thread // the license's conversation (nil in kiosks)
	filings *fyne.Container
	drafts  *fyne.Container
	// The dialog last shown and its fields, and the filing rows' widgets
	// (tests answer and tap them).
	chooser   *dialog.ConfirmDialog
	checks    map[string]*widget.Check
	filedOn   *i18n.DateEntry
	reference *widget.Entry
	events    map[string]*i18n.DateEntry
	saveEvent map[string]*widget.Button
	mark      map[string]*widget.Button
}

// openLicense pushes a license on ctx's screen; cachedAt non-zero marks it
// as the offline copy fetched then.
func (l *Licenses) openLicense(ctx *shell.Context, lic api.License, cachedAt time.Time) {
	v := &licenseView{l: l, ctx: ctx, lic: lic, cachedAt: cachedAt}
	l.cert = v
	ctx.PushPage(shell.Page{Title: trm("lic.view.title", "Number", lic.Number), Content: v.build(), OnPop: func() {
		if l.cert == v {
			l.cert = nil
		}
	}})
}

func (v *licenseView) build() fyne.CanvasObject {
	v.root = container.NewVBox()
	v.scroll = container.NewVScroll(v.root)
	v.fill()
	return v.scroll
}

// relayout lets the page's scroll take a section's new height (a child's
// refresh does not reach it).
func (v *licenseView) relayout() {
	if v.scroll != nil {
		v.scroll.Refresh()
	}
}

// update shows a newer record of the license (after a list reload).
func (v *licenseView) update(lic api.License, cachedAt time.Time) {
	v.lic, v.cachedAt = lic, cachedAt
	v.fill()
}

// fill lays the page out for v.lic.
func (v *licenseView) fill() {
	v.life = &lifeParts{actions: map[string]*widget.Button{}}
	var objs []fyne.CanvasObject
	if v.lic.Status == api.LicenseVoid {
		objs = append(objs, v.voidCard(v.l.core.Catalog())) // what happened and what to do, first
	}
	if c := v.remindersCard(); c != nil {
		objs = append(objs, c)
	}
	objs = append(objs, v.certificate()...)
	v.root.Objects = append(objs, v.lifeSections()...)
	v.root.Refresh()
	v.relayout()
}

// certificate is the status, the certificate and its exports.
func (v *licenseView) certificate() []fyne.CanvasObject {
	l := v.lic
	title := canvas.NewText(tr("lic.cert.title"), theme.Color(theme.ColorNameForeground))
	title.TextSize = theme.TextHeadingSize() * 1.4
	title.TextStyle.Bold = true
	title.Alignment = fyne.TextAlignCenter
	facts := widget.NewForm(
		widget.NewFormItem(tr("lic.cert.number"), widget.NewLabel(l.Number)),
		widget.NewFormItem(tr("lic.cert.holder"), shell.WrapLabel(l.HolderName)),
		widget.NewFormItem(tr("lic.cert.uscc"), widget.NewLabel(l.USCC)),
		widget.NewFormItem(tr("lic.cert.legal_rep"), widget.NewLabel(l.LegalRep)),
		widget.NewFormItem(tr("lic.cert.address"), shell.WrapLabel(l.Address)),
		widget.NewFormItem(tr("lic.cert.industry"), widget.NewLabel(v.l.localIndustryName(l))),
	)
	items := container.NewVBox(shell.BoldLabel(tr("lic.cert.items")))
	for i, it := range l.Items {
		items.Add(shell.BoldLabel(trm("lic.cert.item", "N", i+1, "Name", v.l.localItemName(it.Code, it.Name))))
		if it.ValidUntil == "" {
			items.Add(shell.WrapLabel(trm("lic.cert.item_detail_nodate", "No", it.CertificateNo, "Dept", v.l.localDepartment(it.Department))))
		} else {
			items.Add(shell.WrapLabel(trm("lic.cert.item_detail", "No", it.CertificateNo, "Dept", v.l.localDepartment(it.Department), "Until", i18n.FormatDay(it.ValidUntil))))
		}
		if it.Status != "" && it.Status != api.ItemValid {
			ended := shell.WrapLabel(trm("lic.cert.item_ended", "State", itemStateText(it.Status), "On", it.EndedOn, "Reason", it.EndReason))
			ended.Importance = widget.DangerImportance
			items.Add(ended)
		}
	}
	for _, u := range l.Unlicensed {
		lb := shell.WrapLabel(trm("lic.cert.unlicensed", "Name", v.l.localItemName(u.Code, u.Name), "Reason", u.Reason))
		lb.Importance = widget.WarningImportance
		items.Add(lb)
	}
	issuer := widget.NewLabelWithStyle(trm("lic.cert.issuer", "Issuer", v.l.localDepartment(l.Issuer), "Date", i18n.FormatDay(l.IssuedOn)),
		fyne.TextAlignTrailing, fyne.TextStyle{})
	note := shell.WrapLabel(tr("lic.cert.note"))
	note.Importance = widget.LowImportance

	var qrBox fyne.CanvasObject = widget.NewLabel(tr("lic.qr_missing"))
	if img, err := QRImage(l.QRPayload, QRSize); err == nil && l.QRPayload != "" {
		v.img = img
		v.qr = canvas.NewImageFromImage(img)
		v.qr.ScaleMode = canvas.ImageScalePixels
		v.qr.FillMode = canvas.ImageFillContain
		v.qr.SetMinSize(fyne.NewSquareSize(QRSize))
		qrBox = container.NewVBox(v.qr, widget.NewLabelWithStyle(tr("lic.qr_hint"), fyne.TextAlignCenter, fyne.TextStyle{}))
	}
	status := shell.BoldLabel(trm("lic.view.status", "Status", statusText(l.Status, l.ReplacedBy)))
	if l.Revision > 1 {
		status.SetText(status.Text + "  " + trm("lic.view.revision", "N", l.Revision, "On", i18n.FormatDay(l.RevisedOn)))
	}
	if l.Status != api.LicenseValid {
		status.Importance = widget.DangerImportance
		if l.StatusReason != "" {
			status.SetText(status.Text + "（" + l.StatusReason + "）")
		}
	}
	pdfBtn := widget.NewButtonWithIcon(tr("lic.export.pdf"), theme.DocumentSaveIcon(), func() {
		v.save(tr("lic.export.pdf_title"), tr("lic.cert.title")+"-"+l.Number, ".pdf", v.writePDF)
	})
	pngBtn := widget.NewButtonWithIcon(tr("lic.export.png"), theme.FileImageIcon(), func() {
		v.save(tr("lic.export.png_title"), tr("lic.export.qr_file")+"-"+l.Number, ".png", v.writePNG)
	})
	border := canvas.NewRectangle(theme.Color(theme.ColorNameBackground))
	border.StrokeColor = theme.Color(theme.ColorNameError)
	border.StrokeWidth = 3
	cert := container.NewStack(border, container.NewPadded(container.NewVBox(title,
		container.NewBorder(nil, nil, nil, container.NewCenter(qrBox), facts), items, issuer, note)))
	head := []fyne.CanvasObject{status}
	if !v.cachedAt.IsZero() {
		c := shell.WrapLabel(cachedNote(v.cachedAt))
		c.Importance = widget.WarningImportance
		head = append(head, c)
	}
	return append(head, cert, container.NewHBox(pdfBtn, pngBtn), shell.WrapLabel(tr("lic.export.png_note")))
}

// itemStateText names how an item certificate ended.
func itemStateText(s string) string {
	switch s {
	case api.ItemExpired:
		return tr("lic.item.expired")
	case api.ItemCancelled:
		return tr("lic.item.cancelled")
	case api.ItemAnnulled:
		return tr("lic.item.annulled")
	case api.ItemWithdrawn:
		return tr("lic.item.withdrawn")
	}
	return s
}

// save asks where to save name+ext (the picker headed title) and writes
// it there with write, whole or not at all.
func (v *licenseView) save(title, name, ext string, write func(io.Writer) error) {
	filepick.Save(v.ctx.Window, filepick.Options{Title: title, FileName: name + ext, Extensions: []string{ext}},
		func(path string) {
			if path == "" {
				return
			}
			v.writeFile(path, write, func(err error) {
				if err != nil {
					v.ctx.ShowError(err)
					return
				}
				v.ctx.Toast(trm("lic.export.saved", "File", path))
			})
		})
}

// writeFile renders with write into path off the UI goroutine, then
// calls done on the UI goroutine.
func (v *licenseView) writeFile(path string, write func(io.Writer) error, done func(error)) {
	v.l.run.Run(func() func() {
		err := robustio.WriteFile(path, write)
		return func() { done(err) }
	})
}

// writePDF is the certificate as a PDF, QR code and all.
func (v *licenseView) writePDF(w io.Writer) error {
	return pdfdoc.WriteLicense(w, v.l.toLicense(v.lic), v.lic.QRPayload)
}

// writePNG is the QR code alone, to put up in the shop.
func (v *licenseView) writePNG(w io.Writer) error { return WriteQRPNG(w, v.lic.QRPayload, 600) }

// toLicense converts the portal's license to the model pdfdoc prints,
// every item named (from the record, else the catalog).
func (l *Licenses) toLicense(lic api.License) license.License {
	out := license.License{Number: lic.Number, HolderName: lic.HolderName, USCC: lic.USCC, LegalRep: lic.LegalRep,
		Address: lic.Address, Industry: lic.Industry, IndustryName: l.industryName(lic), Issuer: lic.Issuer, IssuedOn: lic.IssuedOn}
	for _, it := range lic.Items {
		out.Items = append(out.Items, license.Item{Code: it.Code, Name: l.itemName(it.Code, it.Name),
			CertificateNo: it.CertificateNo, Department: it.Department, ValidUntil: it.ValidUntil})
	}
	for _, u := range lic.Unlicensed {
		out.Unlicensed = append(out.Unlicensed, license.Unlicensed{Code: u.Code, Name: l.itemName(u.Code, u.Name), Reason: u.Reason})
	}
	return out
}

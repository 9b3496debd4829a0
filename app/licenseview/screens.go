// Package licenseview shows the comprehensive industry license (行业综合许可证)
// laid out like the certificate with a scannable QR code, exports it (PDF
// certificate; PNG of the QR code alone), and verifies a license from its
// QR text or a picture of the QR code: offline with the license key of the
// synced catalog bundle, and online for the live status when possible.
package licenseview

import (
	"bytes"
	"context"
	"image"
	"io"
	"os"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/naiman-yiye/yiye/app/services"
	"github.com/naiman-yiye/yiye/app/shell"
	"github.com/naiman-yiye/yiye/client"
	"github.com/naiman-yiye/yiye/client/api"
	"github.com/naiman-yiye/yiye/license"
	"github.com/naiman-yiye/yiye/pdfdoc"
	"github.com/naiman-yiye/yiye/usererr"
)

func init() {
	shell.Register(shell.Screen{ID: shell.ScreenLicenses, TitleKey: "nav.licenses", Title: "我的许可证",
		IconName: theme.IconNameFileText, Build: buildLicenses})
	shell.Register(shell.Screen{ID: shell.ScreenVerify, TitleKey: "nav.verify", Title: "核验许可证",
		IconName: theme.IconNameSearch, Build: buildVerify})
}

// test hooks
var (
	testList    func(*listView)
	testLicense func(*licenseView)
	testVerify  func(*verifyView)
)

func bg() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), time.Minute)
}

func wrapLabel(s string) *widget.Label {
	l := widget.NewLabel(s)
	l.Wrapping = fyne.TextWrapWord
	return l
}

func bold(s string) *widget.Label {
	l := widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.Wrapping = fyne.TextWrapWord
	return l
}

func noServices() fyne.CanvasObject {
	return container.NewCenter(wrapLabel(tr("lic.no_services")))
}

// --- 我的许可证 ---

type listView struct {
	ctx      *shell.Context
	svc      *services.Services
	list     *fyne.Container
	status   *widget.Label
	lics     []api.License
	cachedAt time.Time // non-zero: lics is the offline copy fetched then
}

// cachedNote marks an offline copy with the time it was fetched.
func cachedNote(at time.Time) string {
	return trm("lic.cached", "Time", at.Local().Format("2006-01-02 15:04"))
}

func buildLicenses(ctx *shell.Context) fyne.CanvasObject {
	svc := services.For(ctx.Deps)
	if svc == nil {
		return noServices()
	}
	v := &listView{ctx: ctx, svc: svc, list: container.NewVBox(), status: wrapLabel(tr("lic.loading"))}
	refresh := widget.NewButtonWithIcon(tr("lic.refresh"), theme.ViewRefreshIcon(), v.load)
	v.load()
	if testList != nil {
		testList(v)
	}
	return container.NewBorder(container.NewHBox(heading(tr("lic.list.heading")), refresh), nil, nil, nil,
		container.NewVScroll(container.NewVBox(v.status, v.list)))
}

func (v *listView) load() {
	v.svc.Run(func() func() {
		c, cancel := bg()
		defer cancel()
		if !v.svc.Client.LoggedIn(c) {
			return func() { v.status.SetText(tr("lic.list.login")) }
		}
		list, err := v.svc.Licenses(c)
		return func() {
			v.status.Importance = widget.MediumImportance
			switch {
			case client.CodeOf(err) == client.CodeOffline:
				v.status.SetText(tr("lic.list.offline"))
			case err != nil:
				v.status.SetText(usererr.Message(err, string(v.ctx.Language())))
			case list.Offline:
				// The last copy fetched, marked, with its time.
				v.status.Importance = widget.WarningImportance
				v.status.SetText(cachedNote(list.FetchedAt))
				if len(list.Licenses) == 0 {
					v.status.SetText(v.status.Text + "\n" + tr("lic.list.empty"))
				}
			case len(list.Licenses) == 0:
				v.status.SetText(tr("lic.list.empty"))
			default:
				v.status.SetText("")
			}
			v.status.Hidden = v.status.Text == ""
			v.status.Refresh()
			if err == nil {
				v.cachedAt = time.Time{}
				if list.Offline {
					v.cachedAt = list.FetchedAt
				}
				v.show(list.Licenses)
			}
		}
	})
}

func (v *listView) show(lics []api.License) {
	v.lics = lics
	var objs []fyne.CanvasObject
	for _, l := range lics {
		l := l
		var names []string
		for _, it := range l.Items {
			names = append(names, it.Name)
		}
		st := statusText(l.Status, l.ReplacedBy)
		cachedAt := v.cachedAt
		open := widget.NewButtonWithIcon(tr("lic.list.open"), theme.NavigateNextIcon(), func() {
			openLicenseAt(v.ctx, v.svc, l, cachedAt)
		})
		objs = append(objs, widget.NewCard(l.HolderName, trm("lic.list.line", "Number", l.Number, "Industry", l.IndustryName, "Status", st),
			container.NewVBox(wrapLabel(strings.Join(names, "、")), container.NewHBox(open))))
	}
	v.list.Objects = objs
	v.list.Refresh()
}

func statusText(status, replacedBy string) string {
	switch status {
	case api.LicenseValid:
		return tr("lic.status.valid")
	case api.LicenseRevoked:
		return tr("lic.status.revoked")
	case api.LicenseReplaced:
		return trm("lic.status.replaced", "New", replacedBy)
	}
	return tr("lic.status.unknown")
}

// --- the certificate ---

type licenseView struct {
	ctx      *shell.Context
	svc      *services.Services
	lic      api.License
	cachedAt time.Time // non-zero: shown from the offline copy fetched then
	qr       *canvas.Image
	img      image.Image
}

func openLicense(ctx *shell.Context, svc *services.Services, l api.License) {
	openLicenseAt(ctx, svc, l, time.Time{})
}

// openLicenseAt shows a license; cachedAt non-zero marks it as the offline
// copy fetched then.
func openLicenseAt(ctx *shell.Context, svc *services.Services, l api.License, cachedAt time.Time) {
	v := &licenseView{ctx: ctx, svc: svc, lic: l, cachedAt: cachedAt}
	ctx.Push(trm("lic.view.title", "Number", l.Number), v.build())
	if testLicense != nil {
		testLicense(v)
	}
}

func (v *licenseView) build() fyne.CanvasObject {
	l := v.lic
	title := canvas.NewText(tr("lic.cert.title"), theme.Color(theme.ColorNameForeground))
	title.TextSize = theme.TextHeadingSize() * 1.4
	title.TextStyle.Bold = true
	title.Alignment = fyne.TextAlignCenter
	facts := widget.NewForm(
		widget.NewFormItem(tr("lic.cert.number"), widget.NewLabel(l.Number)),
		widget.NewFormItem(tr("lic.cert.holder"), wrapLabel(l.HolderName)),
		widget.NewFormItem(tr("lic.cert.uscc"), widget.NewLabel(l.USCC)),
		widget.NewFormItem(tr("lic.cert.legal_rep"), widget.NewLabel(l.LegalRep)),
		widget.NewFormItem(tr("lic.cert.address"), wrapLabel(l.Address)),
		widget.NewFormItem(tr("lic.cert.industry"), widget.NewLabel(l.IndustryName)),
	)
	items := container.NewVBox(bold(tr("lic.cert.items")))
	for i, it := range l.Items {
		items.Add(bold(trm("lic.cert.item", "N", i+1, "Name", it.Name)))
		items.Add(wrapLabel(trm("lic.cert.item_detail", "No", it.CertificateNo, "Dept", it.Department, "Until", it.ValidUntil)))
	}
	for _, u := range l.Unlicensed {
		lb := wrapLabel(trm("lic.cert.unlicensed", "Name", u.Name, "Reason", u.Reason))
		lb.Importance = widget.WarningImportance
		items.Add(lb)
	}
	issuer := widget.NewLabelWithStyle(trm("lic.cert.issuer", "Issuer", l.Issuer, "Date", l.IssuedOn),
		fyne.TextAlignTrailing, fyne.TextStyle{})
	note := wrapLabel(tr("lic.cert.note"))
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
	status := bold(trm("lic.view.status", "Status", statusText(l.Status, l.ReplacedBy)))
	if l.Status != api.LicenseValid {
		status.Importance = widget.DangerImportance
		if l.StatusReason != "" {
			status.SetText(status.Text + "（" + l.StatusReason + "）")
		}
	}
	pdfBtn := widget.NewButtonWithIcon(tr("lic.export.pdf"), theme.DocumentSaveIcon(), v.exportPDF)
	pngBtn := widget.NewButtonWithIcon(tr("lic.export.png"), theme.FileImageIcon(), v.exportPNG)
	border := canvas.NewRectangle(theme.Color(theme.ColorNameBackground))
	border.StrokeColor = theme.Color(theme.ColorNameError)
	border.StrokeWidth = 3
	cert := container.NewStack(border, container.NewPadded(container.NewVBox(title,
		container.NewBorder(nil, nil, nil, container.NewCenter(qrBox), facts), items, issuer, note)))
	head := []fyne.CanvasObject{status}
	if !v.cachedAt.IsZero() {
		c := wrapLabel(cachedNote(v.cachedAt))
		c.Importance = widget.WarningImportance
		head = append(head, c)
	}
	return container.NewVScroll(container.NewVBox(append(head, cert,
		container.NewHBox(pdfBtn, pngBtn), wrapLabel(tr("lic.export.png_note")))...))
}

func (v *licenseView) save(name, ext string, write func(w io.Writer) error) {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			showErr(v.ctx, err)
			return
		}
		if w == nil {
			return
		}
		v.svc.Run(func() func() {
			var buf bytes.Buffer
			err := write(&buf)
			if err == nil {
				_, err = w.Write(buf.Bytes())
			}
			if cerr := w.Close(); err == nil {
				err = cerr
			}
			return func() {
				if err != nil {
					showErr(v.ctx, err)
					return
				}
				toast(v.ctx, trm("lic.export.saved", "File", w.URI().Name()))
			}
		})
	}, v.ctx.Window)
	d.SetFileName(name + ext)
	d.SetFilter(storage.NewExtensionFileFilter([]string{ext}))
	d.Show()
}

func (v *licenseView) exportPDF() {
	lic, payload := toLicense(v.lic), v.lic.QRPayload
	v.save(tr("lic.cert.title")+"-"+v.lic.Number, ".pdf", func(w io.Writer) error {
		return pdfdoc.WriteLicense(w, lic, payload)
	})
}

func (v *licenseView) exportPNG() {
	payload := v.lic.QRPayload
	v.save(tr("lic.export.qr_file")+"-"+v.lic.Number, ".png", func(w io.Writer) error {
		return WriteQRPNG(w, payload, 600)
	})
}

// --- 核验许可证 ---

type verifyView struct {
	ctx    *shell.Context
	svc    *services.Services
	input  *widget.Entry
	result *fyne.Container
	check  *widget.Button
	last   Result
}

func buildVerify(ctx *shell.Context) fyne.CanvasObject {
	svc := services.For(ctx.Deps)
	if svc == nil {
		return noServices()
	}
	v := &verifyView{ctx: ctx, svc: svc, result: container.NewVBox()}
	v.input = widget.NewMultiLineEntry()
	v.input.SetPlaceHolder(tr("lic.verify.placeholder"))
	v.input.SetMinRowsVisible(4)
	v.input.Wrapping = fyne.TextWrapBreak
	v.check = widget.NewButtonWithIcon(tr("lic.verify.check"), theme.ConfirmIcon(), func() { v.verify(v.input.Text) })
	v.check.Importance = widget.HighImportance
	img := widget.NewButtonWithIcon(tr("lic.verify.image"), theme.FileImageIcon(), v.pickImage)
	if testVerify != nil {
		testVerify(v)
	}
	return container.NewVScroll(container.NewVBox(wrapLabel(tr("lic.verify.intro")), v.input,
		container.NewHBox(v.check, img), v.result))
}

func (v *verifyView) pickImage() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			showErr(v.ctx, err)
			return
		}
		if r == nil {
			return
		}
		p := r.URI().Path()
		r.Close()
		v.verifyImage(p)
	}, v.ctx.Window)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".png", ".jpg", ".jpeg"}))
	d.Show()
}

// verifyImage decodes the QR code in the picture at path and checks it.
func (v *verifyView) verifyImage(path string) {
	v.svc.Run(func() func() {
		data, err := os.ReadFile(path)
		var text string
		if err == nil {
			text, err = DecodeQRFile(data)
		}
		return func() {
			if err != nil {
				v.showError(err)
				return
			}
			v.input.SetText(text)
			v.verify(text)
		}
	})
}

func (v *verifyView) showError(err error) {
	l := wrapLabel(usererr.Message(err, string(v.ctx.Language())))
	l.Importance = widget.DangerImportance
	v.result.Objects = []fyne.CanvasObject{l}
	v.result.Refresh()
}

func (v *verifyView) verify(text string) {
	if strings.TrimSpace(text) == "" {
		v.showError(ErrMalformed)
		return
	}
	v.check.Disable()
	v.result.Objects = []fyne.CanvasObject{widget.NewLabel(tr("lic.verify.busy"))}
	v.result.Refresh()
	v.svc.Run(func() func() {
		c, cancel := bg()
		defer cancel()
		online := v.svc.CheckOnline(c)
		r := Check(c, v.svc, text, online)
		return func() {
			v.check.Enable()
			v.last = r
			v.showResult(r)
		}
	})
}

func (v *verifyView) showResult(r Result) {
	lang := string(v.ctx.Language())
	var objs []fyne.CanvasObject
	head := bold("")
	switch {
	case r.Valid():
		head.SetText(tr("lic.verify.ok"))
		head.Importance = widget.SuccessImportance
	case r.Online != nil && (r.Online.Status == api.LicenseRevoked || r.Online.Status == api.LicenseReplaced):
		head.SetText(trm("lic.verify.not_valid", "Status", statusText(r.Online.Status, r.Online.ReplacedBy)))
		head.Importance = widget.DangerImportance
	default:
		head.SetText(tr("lic.verify.fail"))
		head.Importance = widget.DangerImportance
	}
	objs = append(objs, head)
	switch {
	case r.Offline == nil:
		objs = append(objs, wrapLabel(tr("lic.verify.sig_ok")))
	default:
		l := wrapLabel(usererr.Message(r.Offline, lang))
		l.Importance = widget.DangerImportance
		objs = append(objs, l)
	}
	switch {
	case r.Online != nil:
		txt := trm("lic.verify.online", "Status", statusText(r.Online.Status, r.Online.ReplacedBy))
		if r.Online.StatusReason != "" {
			txt += "（" + r.Online.StatusReason + "）"
		}
		if r.Online.MatchesRecord != nil && !*r.Online.MatchesRecord {
			txt += "\n" + tr("lic.verify.mismatch")
		}
		objs = append(objs, wrapLabel(txt))
	case r.OnlineErr != nil:
		objs = append(objs, wrapLabel(tr("lic.verify.online_failed")+usererr.Message(r.OnlineErr, lang)))
	case r.Payload != nil:
		objs = append(objs, wrapLabel(tr("lic.verify.offline_only")))
	}
	if p := r.Payload; p != nil && (r.Offline == nil || r.Online != nil) {
		var items []string
		for _, it := range p.Items {
			name := license.ItemNames[it.Code]
			if name == "" {
				name = it.Code
			}
			items = append(items, name)
		}
		objs = append(objs, widget.NewCard(tr("lic.verify.content"), "", wrapLabel(trm("lic.verify.facts",
			"Number", p.Number, "Holder", p.HolderName, "USCC", p.USCC, "Date", p.IssuedOn, "Items", strings.Join(items, "、")))))
	}
	v.result.Objects = objs
	v.result.Refresh()
}

// toast and showErr put a message in the shell's banner; tests record
// them instead (the banner's hide timer would run on another goroutine).
var (
	toast   = func(ctx *shell.Context, msg string) { ctx.Toast(msg) }
	showErr = func(ctx *shell.Context, err error) { ctx.ShowError(err) }
)

// heading is a one-line bold title (no wrapping: it sits in a row).
func heading(s string) *widget.Label {
	return widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

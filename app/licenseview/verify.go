package licenseview

import (
	"os"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/naiman-yiye/yiye/app/filepick"
	"github.com/naiman-yiye/yiye/app/i18n"
	"github.com/naiman-yiye/yiye/app/shell"
	"github.com/naiman-yiye/yiye/client/api"
	"github.com/naiman-yiye/yiye/core"
	"github.com/naiman-yiye/yiye/usererr"
)

// verifyView is 核验许可证: paste (or scan) a QR payload, or pick a picture
// of the code; the answer says whether the signature holds, what the
// portal says now, and what the code carries.
type verifyView struct {
	l      *Licenses
	ctx    *shell.Context
	input  *widget.Entry
	result *fyne.Container
	check  *widget.Button
	last   core.Verification
}

func (l *Licenses) buildVerify(ctx *shell.Context) fyne.CanvasObject {
	v := &verifyView{l: l, ctx: ctx, result: container.NewVBox()}
	v.input = widget.NewMultiLineEntry()
	v.input.SetPlaceHolder(tr("lic.verify.placeholder"))
	v.input.SetMinRowsVisible(4)
	v.input.Wrapping = fyne.TextWrapBreak
	v.check = widget.NewButtonWithIcon(tr("lic.verify.check"), theme.ConfirmIcon(), func() { v.verify(v.input.Text) })
	v.check.Importance = widget.HighImportance
	img := widget.NewButtonWithIcon(tr("lic.verify.image"), theme.FileImageIcon(), v.pickImage)
	l.verify = v
	return container.NewVScroll(container.NewVBox(shell.WrapLabel(tr("lic.verify.intro")), v.input,
		container.NewHBox(v.check, img), v.result))
}

func (v *verifyView) pickImage() {
	filepick.Open(v.ctx.Window, filepick.Options{Title: tr("lic.verify.image_title"),
		Extensions: []string{".png", ".jpg", ".jpeg"}}, func(path string) {
		if path != "" {
			v.verifyImage(path)
		}
	})
}

// verifyImage decodes the QR code in the picture at path and checks it.
func (v *verifyView) verifyImage(path string) {
	v.l.run.Run(func() func() {
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
	l := shell.WrapLabel(usererr.Message(err, string(v.ctx.Language())))
	l.Importance = widget.DangerImportance
	v.result.Objects = []fyne.CanvasObject{l}
	v.result.Refresh()
}

func (v *verifyView) verify(text string) {
	if strings.TrimSpace(text) == "" {
		v.showError(core.ErrMalformed)
		return
	}
	v.check.Disable()
	v.result.Objects = []fyne.CanvasObject{widget.NewLabel(tr("lic.verify.busy"))}
	v.result.Refresh()
	c := v.l.core
	v.l.run.Run(func() func() {
		cx, cancel := bg()
		defer cancel()
		r := c.VerifyLicense(cx, text)
		return func() {
			v.check.Enable()
			v.last = r
			v.showResult(r)
		}
	})
}

// showResult: the verdict, the signature, the live status (or why there
// is none), and what the code carries when it can be trusted.
func (v *verifyView) showResult(r core.Verification) {
	lang := string(v.ctx.Language())
	head := shell.BoldLabel("")
	switch {
	case r.Valid():
		head.SetText(tr("lic.verify.ok"))
		head.Importance = widget.SuccessImportance
	case r.Portal != nil && (r.Portal.Status == api.LicenseRevoked || r.Portal.Status == api.LicenseReplaced ||
		r.Portal.Status == api.LicenseVoid || r.Portal.Status == api.LicenseCancelled):
		head.SetText(trm("lic.verify.not_valid", "Status", statusText(r.Portal.Status, r.Portal.ReplacedBy)))
		head.Importance = widget.DangerImportance
	default:
		head.SetText(tr("lic.verify.fail"))
		head.Importance = widget.DangerImportance
	}
	objs := []fyne.CanvasObject{head}
	if r.Signature == nil {
		objs = append(objs, shell.WrapLabel(tr("lic.verify.sig_ok")))
	} else {
		l := shell.WrapLabel(usererr.Message(r.Signature, lang))
		l.Importance = widget.DangerImportance
		objs = append(objs, l)
	}
	switch {
	case r.Portal != nil:
		txt := trm("lic.verify.online", "Status", statusText(r.Portal.Status, r.Portal.ReplacedBy))
		if r.Portal.StatusReason != "" {
			txt += "（" + r.Portal.StatusReason + "）"
		}
		if r.Portal.MatchesRecord != nil && !*r.Portal.MatchesRecord {
			txt += "\n" + tr("lic.verify.mismatch")
		}
		if pv := r.Portal; pv.Revision > 0 && pv.LatestRevision > pv.Revision {
			txt += "\n" + trm("lic.verify.older", "N", pv.Revision, "Latest", pv.LatestRevision)
		}
		objs = append(objs, shell.WrapLabel(txt))
	case r.PortalErr != nil:
		objs = append(objs, shell.WrapLabel(tr("lic.verify.online_failed")+usererr.Message(r.PortalErr, lang)))
	case r.Offline:
		// Only then: a refused signature needs no portal and says nothing
		// about being offline.
		objs = append(objs, shell.WrapLabel(tr("lic.verify.offline_only")))
	}
	if p := r.Payload; p != nil && (r.Signature == nil || r.Portal != nil) {
		var items []string
		for _, it := range p.Items {
			items = append(items, v.l.localItemName(it.Code, recordedName(r.Portal, it.Code)))
		}
		objs = append(objs, widget.NewCard(tr("lic.verify.content"), "", shell.WrapLabel(trm("lic.verify.facts",
			"Number", p.Number, "Holder", p.HolderName, "USCC", p.USCC, "Date", i18n.FormatDay(p.IssuedOn), "Items", i18n.JoinNames(items)))))
	}
	v.result.Objects = objs
	v.result.Refresh()
}

// recordedName is an item's name in the portal's record, "" without one.
func recordedName(pv *api.Verification, code string) string {
	if pv == nil {
		return ""
	}
	for _, it := range pv.Items {
		if it.Code == code {
			return it.Name
		}
	}
	return ""
}

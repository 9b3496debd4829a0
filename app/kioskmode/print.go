package kioskmode

import (
	"io"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2/widget"

	"github.com/naiman-yiye/yiye/drafts"
	"github.com/naiman-yiye/yiye/internal/robustio"
	"github.com/naiman-yiye/yiye/pdfdoc"
)

// printNotice writes the consolidated notice (告知单) of d as a PDF.
func (v *handoverView) printNotice(d *drafts.Draft) {
	c := v.h.core
	v.printPDF(tr("kioskmode.print.notice"), pdfName("告知单", d.Title), func(w io.Writer) error {
		p, err := c.Plan(d)
		if err != nil {
			return err
		}
		return pdfdoc.WriteNotice(w, p.Notice)
	})
}

// printForm writes the filled application form of d for signature.
func (v *handoverView) printForm(d *drafts.Draft) {
	c, id := v.h.core, d.ID
	v.printPDF(tr("kioskmode.print.form"), pdfName("申请表", d.Title), func(w io.Writer) error {
		ctx, cancel := storageCtx()
		defer cancel()
		return c.WriteApplicationForm(ctx, w, id, time.Now())
	})
}

func pdfName(kind, title string) string {
	return strings.TrimSuffix(exportFileName(kind+"-"+title, time.Now()), ".yiyedraft")[len("草稿-"):] + ".pdf"
}

// printPDF writes the PDF in the background and opens it with the
// system's viewer, from which the hall's printer prints. At a kiosk it
// goes to the session's folder (wiped with the session); elsewhere the
// user chooses where to save it, in a picker headed title.
func (v *handoverView) printPDF(title, name string, write func(io.Writer) error) {
	app := v.ctx.App
	do := func(path string) {
		v.setStatus(tr("kioskmode.print.working"), widget.MediumImportance)
		v.h.run.Run(func() func() {
			err := robustio.WriteFile(path, write)
			return func() {
				if err != nil {
					v.setStatus(trm("kioskmode.print.failed", "Reason", msg(err)), widget.DangerImportance)
					return
				}
				if oerr := openFile(app, path); oerr != nil {
					v.setStatus(trm("kioskmode.print.saved_only", "Path", path), widget.WarningImportance)
					return
				}
				v.setStatus(trm("kioskmode.print.done", "Path", path), widget.SuccessImportance)
			}
		})
	}
	if s := v.h.sess; s != nil {
		do(filepath.Join(s.ks.CacheDir(), name))
		return
	}
	chooseSave(v.ctx.Window, title, name, ".pdf", do)
}

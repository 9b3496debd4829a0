package kioskmode

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2/widget"

	"github.com/naiman-yiye/yiye/app/services"
	"github.com/naiman-yiye/yiye/catalog"
	"github.com/naiman-yiye/yiye/drafts"
	"github.com/naiman-yiye/yiye/pdfdoc"
)

// printNotice writes the consolidated notice (告知单) of d as a PDF.
func (h *handoverScreen) printNotice(d *drafts.Draft) {
	h.printPDF(pdfName("告知单", d.Title), func(w io.Writer, cat *catalog.Catalog) error {
		sel, err := cat.Match(catalog.Request{Industry: d.Industry, Answers: d.Answers, Add: d.Added, Drop: d.Dropped})
		if err != nil {
			return err
		}
		return pdfdoc.WriteNotice(w, cat.Notice(sel, d.CreatedAt))
	})
}

// printForm writes the filled application form of d for signature.
func (h *handoverScreen) printForm(d *drafts.Draft) {
	h.printPDF(pdfName("申请表", d.Title), func(w io.Writer, cat *catalog.Catalog) error {
		f, err := ApplicationForm(cat, d, time.Now())
		if err != nil {
			return err
		}
		return pdfdoc.WriteApplicationForm(w, f)
	})
}

func pdfName(kind, title string) string {
	return strings.TrimSuffix(exportFileName(kind+"-"+title, time.Now()), ".yiyedraft")[len("草稿-"):] + ".pdf"
}

// printPDF asks where to save (at a kiosk: the session's cache, wiped with
// it), writes the PDF in the background and opens it with the OS viewer,
// from which the hall's printer prints.
func (h *handoverScreen) printPDF(name string, write func(io.Writer, *catalog.Catalog) error) {
	if h.cat == nil {
		return
	}
	cat := h.cat.Current()
	app := h.ctx.App
	do := func(path string) {
		h.setStatus(tr("kioskmode.print.working"), widget.MediumImportance)
		run(func() func() {
			err := writePDFFile(path, func(w io.Writer) error { return write(w, cat) })
			return func() {
				if err != nil {
					h.setStatus(trm("kioskmode.print.failed", "Reason", msg(err)), widget.DangerImportance)
					return
				}
				if oerr := openFile(app, path); oerr != nil {
					h.setStatus(trm("kioskmode.print.saved_only", "Path", path), widget.WarningImportance)
					return
				}
				h.setStatus(trm("kioskmode.print.done", "Path", path), widget.SuccessImportance)
			}
		})
	}
	if k := kioskFor(h.ctx.Deps); k != nil && k.sess != nil {
		do(filepath.Join(k.sess.CacheDir(), name))
		return
	}
	chooseSave(h.ctx.Window, name, ".pdf", func(path string) {
		if !strings.HasSuffix(strings.ToLower(path), ".pdf") {
			path += ".pdf"
		}
		do(path)
	})
}

// writePDFFile writes through path+".part" so a failure leaves no half PDF.
func writePDFFile(path string, write func(io.Writer) error) error {
	part := path + ".part"
	f, err := os.OpenFile(part, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		os.Remove(part)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(part)
		return err
	}
	return os.Rename(part, path)
}

// ApplicationForm fills the merged application form (一表申请) from d,
// the same way the submission screen prints it (services.ApplicationFormData).
func ApplicationForm(cat *catalog.Catalog, d *drafts.Draft, now time.Time) (pdfdoc.ApplicationForm, error) {
	return services.ApplicationFormData(cat, d, now)
}

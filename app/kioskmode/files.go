package kioskmode

import (
	"context"
	"net/url"
	"os"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
)

// fileDialogFolderPref is the preference in which Fyne's file dialogs
// remember the folder they were last left in.
const fileDialogFolderPref = "fyne:fileDialogLastFolder"

// storageCtx bounds one piece of disk work.
func storageCtx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), 30*time.Second)
}

// chooseSave asks where to save a file suggested as name (with extension
// ext); pick gets the path, and is not called when the user cancels.
func chooseSave(w fyne.Window, name, ext string, pick func(path string)) {
	d := dialog.NewFileSave(func(wc fyne.URIWriteCloser, err error) {
		if err != nil || wc == nil {
			return
		}
		path := wc.URI().Path()
		// The writers write path.part and rename it over path; the empty
		// file the dialog created goes now.
		wc.Close()
		os.Remove(path)
		pick(path)
	}, w)
	d.SetFileName(name)
	d.SetFilter(storage.NewExtensionFileFilter([]string{ext}))
	d.SetConfirmText(tr("kioskmode.save"))
	d.SetDismissText(tr("kioskmode.cancel"))
	d.Show()
	sizeDialog(d, w)
}

// chooseOpen asks for a file with one of exts.
func chooseOpen(w fyne.Window, exts []string, pick func(path string)) {
	d := dialog.NewFileOpen(func(rc fyne.URIReadCloser, err error) {
		if err != nil || rc == nil {
			return
		}
		path := rc.URI().Path()
		rc.Close()
		pick(path)
	}, w)
	d.SetFilter(storage.NewExtensionFileFilter(exts))
	d.SetConfirmText(tr("kioskmode.open"))
	d.SetDismissText(tr("kioskmode.cancel"))
	d.Show()
	sizeDialog(d, w)
}

// sizeDialog makes a shown file dialog nearly as large as the window: on
// a kiosk screen the default is small for fingers. (Fyne's FileDialog
// cannot be resized before it is shown: it has no widgets yet.)
func sizeDialog(d *dialog.FileDialog, w fyne.Window) {
	if sz := w.Canvas().Size(); sz.Width > 0 {
		d.Resize(fyne.NewSize(sz.Width*0.9, sz.Height*0.9))
	}
}

// openFile shows path with the system's viewer (from which the hall's
// printer prints).
func openFile(a fyne.App, path string) error {
	u, err := url.Parse(storage.NewFileURI(path).String())
	if err != nil {
		return err
	}
	return a.OpenURL(u)
}

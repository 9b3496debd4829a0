package kioskmode

import (
	"context"
	"net/url"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
)

// syncRun makes run call work and its UI part on the calling goroutine;
// tests set it so the UI is only touched from the test goroutine.
var syncRun = false

// run calls work off the UI goroutine; the func it returns (if any) runs
// on the UI goroutine.
func run(work func() func()) {
	if syncRun {
		if ui := work(); ui != nil {
			ui()
		}
		return
	}
	go func() {
		if ui := work(); ui != nil {
			fyne.Do(ui)
		}
	}()
}

func storageCtx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), 30*time.Second)
}

// chooseSave asks where to save a file named name (with extension ext);
// pick gets the path, or is not called when the applicant cancels. Tests
// replace it.
var chooseSave = func(w fyne.Window, name, ext string, pick func(path string)) {
	d := dialog.NewFileSave(func(wc fyne.URIWriteCloser, err error) {
		if err != nil || wc == nil {
			return
		}
		path := wc.URI().Path()
		wc.Close() // the exporter writes path.part and renames it over path
		pick(path)
	}, w)
	d.SetFileName(name)
	d.SetFilter(storage.NewExtensionFileFilter([]string{ext}))
	d.SetConfirmText(tr("kioskmode.save"))
	d.SetDismissText(tr("kioskmode.cancel"))
	sizeDialog(d, w)
	d.Show()
}

// chooseOpen asks for a file with one of exts. Tests replace it.
var chooseOpen = func(w fyne.Window, exts []string, pick func(path string)) {
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
	sizeDialog(d, w)
	d.Show()
}

func sizeDialog(d *dialog.FileDialog, w fyne.Window) {
	if sz := w.Canvas().Size(); sz.Width > 0 {
		d.Resize(fyne.NewSize(sz.Width*0.9, sz.Height*0.9))
	}
}

// openFile shows path with the OS viewer (for printing).
var openFile = func(a fyne.App, path string) error {
	u := storage.NewFileURI(path)
	pu, err := url.Parse(u.String())
	if err != nil {
		return err
	}
	return a.OpenURL(pu)
}

// screens holds the hand-over screen of each shell (by deps).
var (
	screensMu sync.Mutex
	screens   = map[any]*handoverScreen{}
)

func handoverFor(d any) *handoverScreen {
	screensMu.Lock()
	defer screensMu.Unlock()
	return screens[d]
}

// forgetScreens drops what was kept for a session's deps when it ends.
func forgetScreens(d any) {
	screensMu.Lock()
	defer screensMu.Unlock()
	delete(screens, d)
}

package kioskmode

import (
	"context"
	"net/url"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"

	"github.com/naiman-yiye/yiye/app/filepick"
)

// storageCtx bounds one piece of disk work.
func storageCtx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), 30*time.Second)
}

// chooseSave asks, under title, where to save a file suggested as name
// (with extension ext, added if the user leaves it out); pick gets the
// path, and is not called when the user cancels.
func chooseSave(w fyne.Window, title, name, ext string, pick func(path string)) {
	filepick.Save(w, filepick.Options{Title: title, FileName: name, Extensions: []string{ext}}, func(path string) {
		if path != "" {
			pick(path)
		}
	})
}

// chooseOpen asks, under title, for a file with one of exts.
func chooseOpen(w fyne.Window, title string, exts []string, pick func(path string)) {
	filepick.Open(w, filepick.Options{Title: title, Extensions: exts}, func(path string) {
		if path != "" {
			pick(path)
		}
	})
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

// Package filepick is Yiye's file picker: a modal dialog to choose a file
// to open (materials, a hand-over file, a QR picture) or a place and name
// to save one (notices, forms, licenses, hand-over files).
//
// It replaces Fyne's file dialog, which in fyne v2.8.1 picks the wrong
// file when a folder is double-clicked (a single click already opens the
// folder, and the reused list row takes the second click as a double
// click on the file that moved under the pointer), names its places in
// English only and is awkward on touch kiosks. Here a single tap only
// selects; a double tap opens or chooses only when both taps landed on
// the same entry of the same listing; nothing in the dialog changes size
// or scrolls while the user taps.
//
// The folder of the last file chosen or saved is kept in the app's
// preferences under "filepick.lastDir" (fyne.CurrentApp().Preferences():
// a fyne.Window does not expose its app), and the next picker starts
// there.
package filepick

import (
	"time"

	"fyne.io/fyne/v2"
)

// Options configure a picker.
type Options struct {
	// Title heads the dialog, already translated, e.g. 选择“营业执照”的文件;
	// "" gives 选择文件 or 保存文件.
	Title string
	// Confirm is the confirm button's text, translated; "" gives 选择 or 保存.
	Confirm string
	// Extensions are the accepted extensions, e.g. {".pdf", ".jpg"}, in
	// any case; nil accepts every file. Save adds the first one to a name
	// that has none of them.
	Extensions []string
	// StartDir is the folder to show first; "" (or a folder that no
	// longer exists) means the last folder used, else the desktop,
	// documents or home folder.
	StartDir string
	// FileName is the name Save suggests, e.g. 营业执照.pdf.
	FileName string
}

// lastDirKey is the preference holding the folder of the last file chosen
// or saved. (Not a translation key: it has a capital letter.)
const lastDirKey = "filepick.lastDir"

// Open shows the picker on w; onChosen gets the chosen file's path, or ""
// when cancelled. It is called on the UI goroutine, after the picker has
// closed.
func Open(w fyne.Window, o Options, onChosen func(path string)) {
	show(w, o, modeOpen, onChosen, appEnv())
}

// Save shows the save picker; onChosen gets the path to write ("" when
// cancelled). The name is checked so that Windows, macOS and Linux can
// all take it, the extension is added if missing, and the user is asked
// before an existing file is replaced.
func Save(w fyne.Window, o Options, onChosen func(path string)) {
	show(w, o, modeSave, onChosen, appEnv())
}

// env is what a picker takes from its surroundings; tests give their own.
type env struct {
	prefs     fyne.Preferences // may be nil: nothing remembered
	places    func() []place
	now       func() time.Time
	doubleTap time.Duration // longest gap between the taps of a double tap
}

func appEnv() env {
	a := fyne.CurrentApp()
	return env{prefs: a.Preferences(), places: systemPlaces, now: time.Now, doubleTap: a.Driver().DoubleTapDelay()}
}

// Forget drops the folder pickers remember, so the next one starts at the
// desktop: a service-hall kiosk forgets it when an applicant's session
// ends, so the next applicant does not start in the last one's folder.
func Forget(prefs fyne.Preferences) {
	prefs.RemoveValue(lastDirKey)
}

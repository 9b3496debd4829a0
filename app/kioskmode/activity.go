package kioskmode

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// activity wraps the window content and reports input it can see, so the
// idle timer restarts while the applicant works. Fyne has no global input
// hook: pointer events go to the top-most widget that wants them, so this
// wrapper sees moves, hovers and taps over everything that does not take
// them itself (labels, backgrounds, gaps) and the hover changes at every
// widget border; taps on buttons and typing into fields reach it only
// indirectly (see Kiosk.pollActivity and the canvas key hooks).
type activity struct {
	widget.BaseWidget
	content fyne.CanvasObject
	touch   func()
}

func newActivity(content fyne.CanvasObject, touch func()) *activity {
	a := &activity{content: content, touch: touch}
	a.ExtendBaseWidget(a)
	return a
}

func (a *activity) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(a.content) }

// Tapped implements fyne.Tappable (a tap on a background area).
func (a *activity) Tapped(*fyne.PointEvent) { a.touch() }

// MouseIn implements desktop.Hoverable.
func (a *activity) MouseIn(*desktop.MouseEvent) { a.touch() }

// MouseMoved implements desktop.Hoverable.
func (a *activity) MouseMoved(*desktop.MouseEvent) { a.touch() }

// MouseOut implements desktop.Hoverable (the pointer moved onto a widget).
func (a *activity) MouseOut() { a.touch() }

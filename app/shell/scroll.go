package shell

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// PageScroll is the vertical scroll of a long page (a form, a notice).
// Fyne moves a page about 25 pixels per mouse-wheel notch, less than one
// line of text; a notch here moves about three lines, as desktop apps do.
// Touchpads, which report fractions of a notch, keep their fine steps.
type PageScroll struct {
	container.Scroll
}

// wheelNotch is the smallest scroll a whole mouse-wheel notch reports
// (Fyne: 25 px on Windows and Linux, 10 on macOS).
const wheelNotch = 10

// NewPageScroll scrolls content vertically.
func NewPageScroll(content fyne.CanvasObject) *PageScroll {
	s := &PageScroll{}
	s.Direction = container.ScrollVerticalOnly
	s.Content = content
	s.ExtendBaseWidget(s)
	return s
}

// Scrolled moves three times as far per whole wheel notch.
func (s *PageScroll) Scrolled(ev *fyne.ScrollEvent) {
	e := *ev
	if e.Scrolled.DY >= wheelNotch || e.Scrolled.DY <= -wheelNotch {
		e.Scrolled.DY *= 3
	}
	s.Scroll.Scrolled(&e)
}

// PassWheel lays a transparent layer over obj that hands mouse-wheel
// events to page (the page's scroll) instead of obj: a multi-line Entry
// scrolls inside itself even when all its text shows, so without this
// the page stops scrolling whenever the pointer rests on one. Taps, the
// text cursor and typing still go to obj: the layer takes only the wheel.
func PassWheel(obj fyne.CanvasObject, page fyne.Scrollable) fyne.CanvasObject {
	l := &wheelLayer{page: page}
	l.ExtendBaseWidget(l)
	return container.NewStack(obj, l)
}

type wheelLayer struct {
	widget.BaseWidget
	page fyne.Scrollable
}

func (l *wheelLayer) Scrolled(ev *fyne.ScrollEvent) { l.page.Scrolled(ev) }

func (l *wheelLayer) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(canvas.NewRectangle(color.Transparent))
}

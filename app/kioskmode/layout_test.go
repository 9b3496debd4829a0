package kioskmode

import (
	"fmt"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// box is where an object is on the screen.
type box struct {
	name     string
	pos, end fyne.Position
}

func (b box) overlaps(o box) bool {
	return b.pos.X < o.end.X && o.pos.X < b.end.X && b.pos.Y < o.end.Y && o.pos.Y < b.end.Y
}

// controls lists the buttons, selects and entries in front, and the
// labels with text outside them, with where they are.
func controls(w fyne.Window) (ctrls, labels []box) {
	d := fyne.CurrentApp().Driver()
	at := func(name string, o fyne.CanvasObject) box {
		p := d.AbsolutePositionForObject(o)
		return box{name: name, pos: p, end: p.Add(fyne.NewPos(o.Size().Width, o.Size().Height))}
	}
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if o == nil || !o.Visible() {
			return
		}
		switch x := o.(type) {
		case *widget.Button:
			ctrls = append(ctrls, at("["+x.Text+"]", x))
			return
		case *widget.Select:
			ctrls = append(ctrls, at("select", x))
			return
		case *widget.Entry:
			ctrls = append(ctrls, at("entry", x))
			return
		case *widget.Label:
			if x.Text != "" {
				labels = append(labels, at(x.Text, x))
			}
			return
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(x).Objects() {
				walk(c)
			}
		}
	}
	if top := w.Canvas().Overlays().Top(); top != nil {
		walk(top)
	} else {
		walk(w.Canvas().Content())
	}
	return ctrls, labels
}

// fits fails unless every control and text in front is wholly on the
// screen, and no control covers another or any text.
func fits(t *testing.T, w fyne.Window, what string) {
	t.Helper()
	size := w.Canvas().Size()
	ctrls, labels := controls(w)
	if len(ctrls) == 0 {
		t.Fatalf("%s: no controls found", what)
	}
	for _, b := range append(append([]box{}, ctrls...), labels...) {
		if b.pos.X < 0 || b.pos.Y < 0 || b.end.X > size.Width+0.5 || b.end.Y > size.Height+0.5 {
			t.Errorf("%s: %q is cut off (%v–%v on a %v screen)", what, b.name, b.pos, b.end, size)
		}
	}
	for i, a := range ctrls {
		for _, b := range ctrls[i+1:] {
			if a.overlaps(b) {
				t.Errorf("%s: %q and %q overlap", what, a.name, b.name)
			}
		}
		for _, l := range labels {
			if a.overlaps(l) {
				t.Errorf("%s: %q covers the text %q", what, a.name, l.name)
			}
		}
	}
}

// TestKioskScreensFit: on the common kiosk screens, full screen, the
// welcome screen with its note, the PIN keypad with a message, the staff
// menu and the idle countdown show every control and text whole, none
// over another.
func TestKioskScreensFit(t *testing.T) {
	for _, sz := range []fyne.Size{{Width: 1280, Height: 800}, {Width: 1920, Height: 1080}} {
		t.Run(fmt.Sprintf("%.0fx%.0f", sz.Width, sz.Height), func(t *testing.T) {
			r := newRig(t, true)
			r.w.Resize(sz)
			r.k.Enter()
			pressButton(t, r.w, "开始办理")
			pressButton(t, r.w, "结束办理")
			pressButton(t, r.w, "确定")
			if r.k.WelcomeNote() == "" {
				t.Fatal("no note after the session")
			}
			fits(t, r.w, "welcome screen with its note")
			pressButton(t, r.w, "工作人员")
			pressKeys(t, r.w, "1111")
			fits(t, r.w, "PIN keypad with a message")
			pressKeys(t, r.w, staffPIN)
			press(t, r.w, r.k.menu.idle)
			pressText(t, r.w, "10 分钟")
			fits(t, r.w, "staff menu with its note")
			pressButton(t, r.w, "关闭")
			pressButton(t, r.w, "开始办理")
			r.clock.Advance(9*time.Minute + 30*time.Second)
			r.pump("countdown", func() bool { return r.k.CountdownText() != "" })
			fits(t, r.w, "idle countdown")
		})
	}
}

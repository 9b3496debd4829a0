package main

// Start-up benchmark hook for scripts/bench-startup.sh (docs/performance.md).
// With $YIYE_BENCH_OUT set, yiye records when its first frame is painted,
// then drives the real UI to the hotel (宾馆) application form the way an
// applicant would (search 宾馆 on the home screen, Enter, 下一步 until
// 填写申请表), lets it settle, writes resident memory to that file and quits.
// Without the variable nothing here runs.

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"github.com/naiman-yiye/yiye/app/shell"
	"github.com/naiman-yiye/yiye/cmd/yiye-minimal/benchhook"
)

// Bench tuning: how often to look, how long the form stays up before
// memory is read (as in yiye-minimal), and the industry searched for.
const (
	benchPoll     = 50 * time.Millisecond
	benchSettle   = time.Second
	benchIndustry = "宾馆"
	// benchStepTimeout bounds the wait for each step.
	benchStepTimeout = 30 * time.Second
)

// benchDrive waits for the first frame, drives to the hotel form and
// writes the report. onUI runs a func on the UI goroutine and waits for it.
func benchDrive(p *benchhook.Probe, w fyne.Window, onUI func(func())) {
	p.SetVariant("hotel-form")
	<-p.FirstFrame()
	err := driveToHotelForm(w, p.Mark, onUI)
	if err == nil {
		time.Sleep(benchSettle)
	}
	if ferr := p.Finish(err); ferr != nil {
		fyne.LogError("yiye: bench report", ferr)
	}
}

// driveToHotelForm goes from the home screen to the hotel's merged form
// through the widgets an applicant uses. It runs on its own goroutine and
// touches widgets only inside onUI.
func driveToHotelForm(w fyne.Window, mark func(string), onUI func(func())) error {
	// 1. The home screen's search box (the journey loads its stores in the
	// background first).
	var search *widget.Entry
	if err := benchWait("home search box", onUI, func() bool {
		search = findEntry(w.Content())
		return search != nil
	}); err != nil {
		return err
	}
	mark("home_ready")
	onUI(func() {
		search.SetText(benchIndustry)
		if search.OnSubmitted != nil {
			search.OnSubmitted(benchIndustry) // Enter with one match opens it
		}
	})
	// 2. Next until the form step is the current one.
	formStep := lang.X("journey.step.form", "填写申请表")
	nextText := lang.X("journey.nav.next", "下一步")
	deadline := time.Now().Add(benchStepTimeout)
	for {
		var onForm, tapped bool
		var seen string
		onUI(func() {
			root := w.Content()
			if b := findButton(root, func(b *widget.Button) bool { return strings.HasSuffix(b.Text, formStep) }); b != nil {
				seen = "steps"
				if b.Importance == widget.HighImportance {
					onForm = true
					return
				}
			}
			if b := findButton(root, func(b *widget.Button) bool { return b.Text == nextText }); b != nil && !b.Disabled() {
				b.Tapped(&fyne.PointEvent{})
				tapped = true
			}
		})
		if onForm {
			break
		}
		if time.Now().After(deadline) {
			if seen == "" {
				return errors.New("bench: the hotel draft did not open (no step buttons)")
			}
			return fmt.Errorf("bench: could not reach the %s step", formStep)
		}
		if tapped {
			mark("next_tapped")
		}
		time.Sleep(benchPoll)
	}
	mark("hotel_form_shown")
	return nil
}

// benchWait polls cond on the UI goroutine until it holds.
func benchWait(what string, onUI func(func()), cond func() bool) error {
	deadline := time.Now().Add(benchStepTimeout)
	for {
		var ok bool
		onUI(func() { ok = cond() })
		if ok {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("bench: no %s after %s", what, benchStepTimeout)
		}
		time.Sleep(benchPoll)
	}
}

// findEntry returns the first visible entry that acts on Enter.
func findEntry(root fyne.CanvasObject) *widget.Entry {
	var found *widget.Entry
	walkVisible(root, func(o fyne.CanvasObject) bool {
		if e, ok := o.(*widget.Entry); ok && e.OnSubmitted != nil && !e.Disabled() {
			found = e
			return true
		}
		return false
	})
	return found
}

// findButton returns the first visible button that match accepts.
func findButton(root fyne.CanvasObject, match func(*widget.Button) bool) *widget.Button {
	var found *widget.Button
	walkVisible(root, func(o fyne.CanvasObject) bool {
		if b, ok := o.(*widget.Button); ok && match(b) {
			found = b
			return true
		}
		return false
	})
	return found
}

// walkVisible visits visible objects depth first through the containers'
// public structure (widgets' private renderers are not entered) until f
// returns true; it reports whether f did.
func walkVisible(o fyne.CanvasObject, f func(fyne.CanvasObject) bool) bool {
	if o == nil || !o.Visible() {
		return false
	}
	if f(o) {
		return true
	}
	for _, k := range children(o) {
		if walkVisible(k, f) {
			return true
		}
	}
	return false
}

// children are o's parts reachable through public fields: container
// objects, scroll content, split panes, card content, the selected tab.
func children(o fyne.CanvasObject) []fyne.CanvasObject {
	switch v := o.(type) {
	case *fyne.Container:
		return v.Objects
	case *container.Scroll:
		return []fyne.CanvasObject{v.Content}
	case *shell.PageScroll:
		return []fyne.CanvasObject{v.Content}
	case *container.Split:
		return []fyne.CanvasObject{v.Leading, v.Trailing}
	case *widget.Card:
		return []fyne.CanvasObject{v.Content}
	case *container.AppTabs:
		if t := v.Selected(); t != nil {
			return []fyne.CanvasObject{t.Content}
		}
	case *container.DocTabs:
		if t := v.Selected(); t != nil {
			return []fyne.CanvasObject{t.Content}
		}
	}
	return nil
}

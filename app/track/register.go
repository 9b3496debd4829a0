// Package track is the applicant's side after the draft: the submission
// screen (readiness, 打印申请表, progress per file with pause/resume, the
// outbox while offline), 我的申请 (queued submissions and applications),
// the application detail (per-item status, timeline, working-day
// deadline, joint inspection) and answering a correction (补正).
package track

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/naiman-yiye/yiye/app/journey"
	"github.com/naiman-yiye/yiye/app/shell"
	"github.com/naiman-yiye/yiye/usererr"
)

func init() {
	shell.Register(shell.Screen{ID: shell.ScreenApplications, TitleKey: "nav.applications", Title: "我的申请",
		IconName: theme.IconNameList, Build: buildApplications})
	journey.Submit = OpenSubmit
}

// noServices is shown when cmd/yiye did not wire services for this window.
func noServices() fyne.CanvasObject {
	l := widget.NewLabel(tr("track.no_services"))
	l.Wrapping = fyne.TextWrapWord
	return container.NewCenter(l)
}

func bg() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), 2*time.Minute)
}

// errText is err in the UI language.
func errText(ctx *shell.Context, err error) string {
	return usererr.Message(err, string(ctx.Language()))
}

func wrapLabel(s string) *widget.Label {
	l := widget.NewLabel(s)
	l.Wrapping = fyne.TextWrapWord
	return l
}

func bold(s string) *widget.Label {
	l := widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.Wrapping = fyne.TextWrapWord
	return l
}

// hooks for tests: the views as they are built.
var (
	testSubmit  func(*submitView)
	testApps    func(*appsView)
	testDetail  func(*detailView)
	testCorrect func(*correctionView)
)

// toast and showErr put a message in the shell's banner; tests record
// them instead (the banner's hide timer would run on another goroutine).
var (
	toast   = func(ctx *shell.Context, msg string) { ctx.Toast(msg) }
	showErr = func(ctx *shell.Context, err error) { ctx.ShowError(err) }
)

// heading is a one-line bold title (no wrapping: it sits in a row).
func heading(s string) *widget.Label {
	return widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

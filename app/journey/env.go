package journey

import (
	"context"
	"time"

	"fyne.io/fyne/v2"

	"github.com/naiman-yiye/yiye/app/shell"
)

// Options configure New.
type Options struct {
	// Window is the main window: dialogs and file drops use it.
	Window fyne.Window
	// Submit hands a ready draft to the submission screen (track.OpenSubmit);
	// nil leaves 提交申请 disabled.
	Submit func(ctx *shell.Context, draftID string)
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

func (j *Journey) now() time.Time {
	if j.opts.Now != nil {
		return j.opts.Now()
	}
	return time.Now()
}

// storageCtx is the timeout for one background storage or portal call.
func storageCtx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), 30*time.Second)
}

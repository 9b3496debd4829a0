//go:build !ci

package main

// The screens that use the runtime services. They load in the background
// and post to the UI with fyne.Do, which the headless ci driver runs on
// the calling goroutine (a race with the test's main goroutine), so the
// ci build of the binary leaves them out; their packages test them
// headless themselves.

import (
	"context"

	"github.com/naiman-yiye/yiye/app/journey"
	"github.com/naiman-yiye/yiye/app/kioskmode"
	_ "github.com/naiman-yiye/yiye/app/licenseview" // 我的许可证, 核验许可证
	"github.com/naiman-yiye/yiye/app/services"
	"github.com/naiman-yiye/yiye/app/shell"
	_ "github.com/naiman-yiye/yiye/app/track" // 提交申请, 我的申请
	"github.com/naiman-yiye/yiye/forms"
)

func init() {
	fallbackLookup = journey.NewLookup
	journey.NewLookup = sharedLookup
}

// fallbackLookup is journey's own lookup, used before services are wired.
var fallbackLookup func(deps *shell.Deps) journey.LookupFunc

// sharedLookup looks enterprises up through the window's shared client
// (its session and connection pool) once the services are wired.
func sharedLookup(deps *shell.Deps) journey.LookupFunc {
	return func(ctx context.Context, uscc string) (forms.Enterprise, error) {
		svc := services.For(deps)
		if svc == nil {
			return fallbackLookup(deps)(ctx, uscc)
		}
		e, err := svc.Client.LookupEnterprise(ctx, uscc)
		if err != nil {
			return forms.Enterprise{}, err
		}
		return forms.Enterprise{USCC: e.USCC, Name: e.Name, Type: e.EntityType, LegalRep: e.LegalRep,
			Address: e.Address, Scope: e.BusinessScope}, nil
	}
}

// The journey's drafts are flushed first when the window closes and when a
// kiosk session ends, while services and database are still open; an
// imported draft shows in 我的草稿 at once.
func init() {
	shutdownScreens = journey.Shutdown
	kioskmode.DraftImported = journey.DraftsChanged
}

package journey

import (
	"context"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/naiman-yiye/yiye/app/shell"
	"github.com/naiman-yiye/yiye/catalog"
	"github.com/naiman-yiye/yiye/client"
	"github.com/naiman-yiye/yiye/drafts"
	"github.com/naiman-yiye/yiye/forms"
	"github.com/naiman-yiye/yiye/paths"
)

// Screen IDs the journey uses. Home and the drafts workspace are the
// shell's navigation entries; the others belong to other packages.
const (
	ScreenHome         = shell.ScreenHome
	ScreenWorkspace    = shell.ScreenDrafts
	ScreenApplications = shell.ScreenApplications
	ScreenLicenses     = shell.ScreenLicenses
	// ScreenSubmit is the submission screen's ID; it receives the draft ID
	// through Submit (below).
	ScreenSubmit = "submit"
)

// Submit hands a ready draft to the submission screen. The submission
// package sets it from its init (it can call ctx.Open itself); while it is
// nil, 提交申请 opens ScreenSubmit if one is registered and remembers the
// draft for PendingSubmit.
var Submit func(ctx *shell.Context, draftID string)

var (
	pendingMu sync.Mutex
	pending   string
)

// PendingSubmit returns (and forgets) the draft ID last handed over by
// 提交申请 when Submit is nil.
func PendingSubmit() string {
	pendingMu.Lock()
	defer pendingMu.Unlock()
	id := pending
	pending = ""
	return id
}

// NewLookup builds the enterprise lookup for the shell's dependencies. The
// default asks the portal at deps.PortalURL (read at each call, so a
// settings change applies); demo wiring may replace it.
var NewLookup = func(deps *shell.Deps) LookupFunc {
	return func(ctx context.Context, uscc string) (forms.Enterprise, error) {
		c := client.New(client.Config{BaseURL: deps.PortalURL})
		e, err := c.LookupEnterprise(ctx, uscc)
		if err != nil {
			return forms.Enterprise{}, err
		}
		return forms.Enterprise{USCC: e.USCC, Name: e.Name, Type: e.EntityType, LegalRep: e.LegalRep,
			Address: e.Address, Scope: e.BusinessScope}, nil
	}
}

func init() {
	shell.Register(shell.Screen{ID: shell.ScreenHome, TitleKey: "nav.home", Title: "首页",
		IconName: theme.IconNameHome, Build: func(ctx *shell.Context) fyne.CanvasObject { return build(ctx, false) }})
	shell.Register(shell.Screen{ID: shell.ScreenDrafts, TitleKey: "nav.drafts", Title: "我的草稿",
		IconName: theme.IconNameDocumentCreate, Build: func(ctx *shell.Context) fyne.CanvasObject { return build(ctx, true) }})
}

// One Journey per shell (per Deps): home and workspace share its drafts.
var (
	regMu    sync.Mutex
	journeys = map[*shell.Deps]*journeyHolder{}
)

type journeyHolder struct {
	once  sync.Once
	j     *Journey
	err   error
	ready chan struct{}
}

// build returns the home screen or the workspace for ctx. The catalog and
// drafts stores are opened in the background on first use (opening may
// install the embedded catalog, a disk write); the screen shows a short
// loading line meanwhile.
func build(ctx *shell.Context, workspace bool) fyne.CanvasObject {
	regMu.Lock()
	h, ok := journeys[ctx.Deps]
	if !ok {
		h = &journeyHolder{ready: make(chan struct{})}
		journeys[ctx.Deps] = h
	}
	regMu.Unlock()

	holder := container.NewStack(container.NewCenter(widget.NewLabel(tr("journey.loading"))))
	show := func() {
		if h.err != nil {
			l := widget.NewLabel(tr("journey.load_failed") + h.err.Error())
			l.Wrapping = wrap()
			holder.Objects = []fyne.CanvasObject{l}
		} else {
			h.j.bind(ctx)
			if workspace {
				holder.Objects = []fyne.CanvasObject{h.j.Workspace()}
			} else {
				holder.Objects = []fyne.CanvasObject{h.j.Home()}
			}
		}
		holder.Refresh()
	}
	select {
	case <-h.ready:
		show()
		return holder
	default:
	}
	go func() {
		h.once.Do(func() {
			h.j, h.err = openJourney(ctx)
			close(h.ready)
		})
		<-h.ready
		fyne.Do(show)
	}()
	return holder
}

// openJourney opens the stores the journey needs from the shell's deps.
func openJourney(ctx *shell.Context) (*Journey, error) {
	deps := ctx.Deps
	if deps.DB == nil {
		return nil, errNoDatabase
	}
	c, cancel := storageCtx()
	defer cancel()
	local, err := catalog.OpenLocal(c, deps.DB)
	if err != nil {
		return nil, err
	}
	store, err := drafts.Open(c, deps.DB, paths.AttachmentsDir(deps.DataDir))
	if err != nil {
		return nil, err
	}
	store.SetLimits(func(id string) (drafts.Limits, bool) { return drafts.CatalogLimits(local.Current())(id) })
	env := Env{Window: ctx.Window, Catalog: local, Drafts: store}
	if NewLookup != nil {
		env.Lookup = NewLookup(deps)
	}
	return New(env), nil
}

// bind connects the journey to the shell: navigation, errors, hand-over.
func (j *Journey) bind(ctx *shell.Context) {
	j.env.Window = ctx.Window
	j.env.Navigate = func(id string, _ any) { ctx.Open(id) }
	j.onError = ctx.ShowError
	j.onOpenWorkspace = func() { ctx.Open(ScreenWorkspace) }
	j.watch(10 * time.Second)
	j.onSubmit = func(id string) {
		if Submit != nil {
			Submit(ctx, id)
			return
		}
		pendingMu.Lock()
		pending = id
		pendingMu.Unlock()
		if !ctx.Open(ScreenSubmit) {
			ctx.Toast(tr("journey.submit_unavailable"))
		}
	}
}

// DraftsChanged reloads the draft cards of deps' home screen and 我的草稿
// on the UI goroutine, e.g. after a draft was imported by another screen,
// so it shows without a restart. Safe from any goroutine; a no-op while
// the journey of deps is not open.
func DraftsChanged(deps *shell.Deps) {
	regMu.Lock()
	h, ok := journeys[deps]
	regMu.Unlock()
	if !ok {
		return
	}
	select {
	case <-h.ready:
	default:
		return // still opening: it lists the drafts when it is ready
	}
	if h.j == nil {
		return
	}
	fyne.Do(h.j.refreshDraftLists)
}

// Shutdown writes every open draft's pending values, stops the journey of
// deps and forgets it (so an ended kiosk session's journey is not kept);
// call it when the window closes or the session ends, before the database
// closes (values are normally on disk within milliseconds of typing, this
// closes the last gap).
func Shutdown(deps *shell.Deps) {
	regMu.Lock()
	h, ok := journeys[deps]
	delete(journeys, deps)
	regMu.Unlock()
	if !ok {
		return
	}
	select {
	case <-h.ready:
		if h.j != nil {
			h.j.Close()
		}
	default:
	}
}

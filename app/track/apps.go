package track

import (
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/naiman-yiye/yiye/app/services"
	"github.com/naiman-yiye/yiye/app/shell"
	"github.com/naiman-yiye/yiye/client"
	"github.com/naiman-yiye/yiye/client/api"
)

// appsView is 我的申请: submissions waiting to go out, then the portal's
// list of applications; a sign-in panel when there is no session.
type appsView struct {
	ctx *shell.Context
	svc *services.Services

	login   *fyne.Container
	outbox  *fyne.Container
	panels  map[int64]*itemPanel
	list    *fyne.Container
	status  *widget.Label
	refresh *widget.Button
	apps    []api.ApplicationSummary
}

// One subscription set per Deps: a rebuilt screen (language change)
// replaces the previous one's.
var (
	subsMu sync.Mutex
	subs   = map[*shell.Deps][]func(){}
)

func buildApplications(ctx *shell.Context) fyne.CanvasObject {
	svc := services.For(ctx.Deps)
	if svc == nil {
		return noServices()
	}
	v := &appsView{ctx: ctx, svc: svc, panels: map[int64]*itemPanel{}}
	v.login = container.NewVBox()
	v.outbox = container.NewVBox()
	v.list = container.NewVBox()
	v.status = wrapLabel("")
	v.refresh = widget.NewButtonWithIcon(tr("track.refresh"), theme.ViewRefreshIcon(), func() {
		svc.Watcher.Refresh()
		v.reload()
	})
	root := container.NewBorder(container.NewHBox(heading(tr("track.apps.heading")), v.refresh), nil, nil, nil,
		container.NewVScroll(container.NewVBox(v.login, v.outbox, v.status, v.list)))

	cancelOut := svc.Outbox.Subscribe(func(it client.Item) {
		svc.Post(func() { v.outboxChanged(it) })
	})
	cancelWatch := svc.Watcher.Subscribe(func([]client.StatusChange) { v.reload() })
	subsMu.Lock()
	for _, f := range subs[ctx.Deps] {
		f()
	}
	subs[ctx.Deps] = []func(){cancelOut, cancelWatch}
	subsMu.Unlock()

	v.reload()
	if testApps != nil {
		testApps(v)
	}
	return root
}

// reload fetches the outbox and the application list.
func (v *appsView) reload() {
	v.svc.Run(func() func() {
		c, cancel := bg()
		defer cancel()
		items, oerr := v.svc.Outbox.List(c)
		loggedIn := v.svc.Client.LoggedIn(c)
		var apps []api.ApplicationSummary
		var lerr error
		if loggedIn {
			apps, lerr = v.svc.Client.ListApplications(c)
		}
		return func() {
			if oerr == nil {
				v.showOutbox(items)
			}
			v.showLogin(!loggedIn || client.CodeOf(lerr) == client.CodeUnauthorized)
			switch {
			case lerr != nil && client.CodeOf(lerr) == client.CodeOffline:
				v.status.SetText(tr("track.apps.offline"))
			case lerr != nil:
				v.status.SetText(errText(v.ctx, lerr))
			case loggedIn && len(apps) == 0:
				v.status.SetText(tr("track.apps.empty"))
			default:
				v.status.SetText("")
			}
			setVisible(v.status, v.status.Text != "")
			if lerr == nil && loggedIn {
				v.showApps(apps)
			}
		}
	})
}

func (v *appsView) showOutbox(items []client.Item) {
	var objs []fyne.CanvasObject
	for _, it := range items {
		if it.State == client.StateSent {
			continue // it is in the portal's list now
		}
		p, ok := v.panels[it.ID]
		if !ok {
			p = newItemPanel(v.ctx, v.svc, it)
			v.panels[it.ID] = p
		} else {
			p.update(it)
		}
		objs = append(objs, p.box, widget.NewSeparator())
	}
	if len(objs) > 0 {
		objs = append([]fyne.CanvasObject{bold(tr("track.apps.outbox"))}, objs...)
	}
	v.outbox.Objects = objs
	v.outbox.Refresh()
}

func (v *appsView) outboxChanged(it client.Item) {
	p, ok := v.panels[it.ID]
	if ok {
		p.update(it)
	}
	if !ok || it.State.Done() {
		v.reload() // a new item, or one that left the queue
	}
}

func (v *appsView) showApps(apps []api.ApplicationSummary) {
	v.apps = apps
	cat := v.svc.Catalog.Current()
	var objs []fyne.CanvasObject
	for _, a := range apps {
		a := a
		ind := a.Industry
		if i, err := cat.Industry(a.Industry); err == nil {
			ind = i.Name
		}
		head := bold(a.SubjectName + " · " + ind)
		line := widget.NewLabel(trm("track.apps.line", "Number", a.Number, "Status", services.StatusLabel(a.Status),
			"Date", a.CreatedAt.Local().Format("2006-01-02")))
		var itemTexts []fyne.CanvasObject
		for _, it := range a.Items {
			itemTexts = append(itemTexts, widget.NewLabel("· "+it.Name+"："+services.ItemStatusLabel(it.Status)))
		}
		open := widget.NewButtonWithIcon(tr("track.apps.open"), theme.NavigateNextIcon(), func() { openDetail(v.ctx, v.svc, a.ID) })
		if a.OpenCorrection != nil {
			open.SetText(tr("track.apps.open_correction"))
			open.Importance = widget.DangerImportance
		}
		card := container.NewVBox(head, line)
		card.Objects = append(card.Objects, itemTexts...)
		card.Add(container.NewHBox(open))
		objs = append(objs, widget.NewCard("", "", card))
	}
	v.list.Objects = objs
	v.list.Refresh()
}

// showLogin shows the sign-in panel (phone + one-time code).
func (v *appsView) showLogin(show bool) {
	if !show {
		v.login.Objects = nil
		v.login.Refresh()
		return
	}
	if len(v.login.Objects) > 0 {
		return
	}
	phone := widget.NewEntry()
	phone.SetPlaceHolder(tr("track.login.phone"))
	code := widget.NewEntry()
	code.SetPlaceHolder(tr("track.login.code"))
	send := widget.NewButton(tr("track.login.send"), nil)
	send.OnTapped = func() {
		p := phone.Text
		v.svc.Run(func() func() {
			c, cancel := bg()
			defer cancel()
			_, err := v.svc.Client.RequestCode(c, p)
			return func() {
				if err != nil {
					showErr(v.ctx, err)
					return
				}
				toast(v.ctx, tr("track.login.sent"))
			}
		})
	}
	do := widget.NewButton(tr("track.login.do"), nil)
	do.Importance = widget.HighImportance
	do.OnTapped = func() {
		p, k := phone.Text, code.Text
		v.svc.Run(func() func() {
			c, cancel := bg()
			defer cancel()
			err := v.svc.SignIn(c, p, k)
			return func() {
				if err != nil {
					showErr(v.ctx, err)
					return
				}
				toast(v.ctx, tr("track.login.done"))
				v.reload()
			}
		})
	}
	v.login.Objects = []fyne.CanvasObject{widget.NewCard(tr("track.login.title"), tr("track.login.hint"),
		container.NewVBox(container.NewBorder(nil, nil, nil, send, phone), code, do))}
	v.login.Refresh()
}

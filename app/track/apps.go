package track

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/naiman-yiye/yiye/app/i18n"
	"github.com/naiman-yiye/yiye/app/shell"
	"github.com/naiman-yiye/yiye/client"
	"github.com/naiman-yiye/yiye/client/api"
)

// appsView is 我的申请: submissions waiting to go out, then the portal's
// list of applications; a sign-in panel when there is no session.
type appsView struct {
	t   *Track
	ctx *shell.Context

	login   *fyne.Container
	outbox  *fyne.Container
	panels  map[int64]*itemPanel
	list    *fyne.Container
	status  *widget.Label
	refresh *widget.Button
	apps    []api.ApplicationSummary

	// One reload at a time; events during it ask for one more.
	loading, again bool
}

func (t *Track) buildApplications(ctx *shell.Context) fyne.CanvasObject {
	v := &appsView{t: t, ctx: ctx, panels: map[int64]*itemPanel{}}
	v.login = container.NewVBox()
	v.outbox = container.NewVBox()
	v.list = container.NewVBox()
	v.status = shell.WrapLabel("")
	v.refresh = widget.NewButtonWithIcon(tr("track.refresh"), theme.ViewRefreshIcon(), func() {
		t.core.RefreshStatus()
		v.reload()
	})
	root := container.NewBorder(container.NewHBox(shell.Heading(tr("track.apps.heading")), v.refresh), nil, nil, nil,
		container.NewVScroll(container.NewVBox(v.login, v.outbox, v.status, v.list)))
	// A new root page: the pages pushed on an earlier one are gone.
	t.apps, t.detail, t.correct = v, nil, nil
	v.reload()
	return root
}

// reload fetches the outbox and the application list.
func (v *appsView) reload() {
	if v.loading {
		v.again = true
		return
	}
	v.loading = true
	c := v.t.core
	v.t.run.Run(func() func() {
		cx, cancel := bg()
		defer cancel()
		items, oerr := c.Submissions(cx)
		loggedIn := c.SignedIn(cx)
		var apps []api.ApplicationSummary
		var lerr error
		if loggedIn {
			apps, lerr = c.Applications(cx)
		}
		return func() {
			v.loading = false
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
			if v.again {
				v.again = false
				v.reload()
			}
		}
	})
}

func (v *appsView) showOutbox(items []client.Item) {
	var objs []fyne.CanvasObject
	panels := map[int64]*itemPanel{}
	for _, it := range items {
		if it.State == client.StateSent {
			continue // it is in the portal's list now
		}
		p, ok := v.panels[it.ID]
		if !ok {
			p = newItemPanel(v.t, v.ctx, it, v.reload)
		} else {
			p.update(it)
		}
		panels[it.ID] = p
		objs = append(objs, p.box, widget.NewSeparator())
	}
	v.panels = panels
	if len(objs) > 0 {
		objs = append([]fyne.CanvasObject{shell.BoldLabel(tr("track.apps.outbox"))}, objs...)
	}
	v.outbox.Objects = objs
	v.outbox.Refresh()
}

func (v *appsView) outboxChanged(it client.Item) {
	p, ok := v.panels[it.ID]
	if ok {
		p.update(it)
	}
	if !ok && it.State != client.StateSent || ok && it.State.Done() {
		v.reload() // a new submission, or one that left the queue
	}
}

func (v *appsView) showApps(apps []api.ApplicationSummary) {
	v.apps = apps
	cat := v.t.core.Catalog()
	var objs []fyne.CanvasObject
	for _, a := range apps {
		head := shell.BoldLabel(a.SubjectName + " · " + industryName(cat, a.Industry))
		if a.Kind != "" && a.Kind != api.KindNew {
			head.SetText(head.Text + " · " + KindLabel(cat, a.Kind))
		}
		line := widget.NewLabel(trm("track.apps.line", "Number", a.Number, "Status", StatusLabel(a.Status),
			"Date", i18n.FormatDateLong(a.CreatedAt.Local())))
		card := container.NewVBox(head, line)
		for _, it := range a.Items {
			card.Add(widget.NewLabel("· " + trm("track.apps.item", "Name", itemName(cat, it.Code, it.Name), "Status", ItemStatusLabel(it.Status))))
		}
		id := a.ID
		open := widget.NewButtonWithIcon(tr("track.apps.open"), theme.NavigateNextIcon(), func() { v.t.openDetail(v.ctx, id) })
		if a.OpenCorrection != nil {
			open.SetText(tr("track.apps.open_correction"))
			open.Importance = widget.DangerImportance
		}
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
	c := v.t.core
	phone := widget.NewEntry()
	phone.SetPlaceHolder(tr("track.login.phone"))
	code := widget.NewEntry()
	code.SetPlaceHolder(tr("track.login.code"))
	send := widget.NewButton(tr("track.login.send"), nil)
	send.OnTapped = func() {
		p := phone.Text
		v.t.run.Run(func() func() {
			cx, cancel := bg()
			defer cancel()
			_, err := c.RequestCode(cx, p)
			return func() {
				if err != nil {
					v.ctx.ShowError(err)
					return
				}
				v.ctx.Toast(tr("track.login.sent"))
			}
		})
	}
	do := widget.NewButton(tr("track.login.do"), nil)
	do.Importance = widget.HighImportance
	do.OnTapped = func() {
		p, k := phone.Text, code.Text
		v.t.run.Run(func() func() {
			cx, cancel := bg()
			defer cancel()
			err := c.SignIn(cx, p, k)
			return func() {
				if err != nil {
					v.ctx.ShowError(err)
					return
				}
				// The core announces the session; the list reloads then.
				v.ctx.Toast(tr("track.login.done"))
			}
		})
	}
	v.login.Objects = []fyne.CanvasObject{widget.NewCard(tr("track.login.title"), tr("track.login.hint"),
		container.NewVBox(container.NewBorder(nil, nil, nil, send, phone), code, do))}
	v.login.Refresh()
}

package licenseview

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/naiman-yiye/yiye/app/i18n"
	"github.com/naiman-yiye/yiye/app/shell"
	"github.com/naiman-yiye/yiye/application"
	"github.com/naiman-yiye/yiye/client"
	"github.com/naiman-yiye/yiye/client/api"
	"github.com/naiman-yiye/yiye/core"
	"github.com/naiman-yiye/yiye/usererr"
)

// listView is 我的许可证: the applicant's licenses, fresh from the portal
// or, offline, the copy last fetched, marked with its time.
type listView struct {
	l        *Licenses
	ctx      *shell.Context
	list     *fyne.Container
	status   *widget.Label
	lics     []api.License
	cachedAt time.Time // non-zero: lics is the offline copy fetched then
	// offline: the portal could not be reached at the last load.
	offline bool

	// One load at a time; events during it ask for one more.
	loading, again bool
}

// cachedNote marks an offline copy with the time it was fetched.
func cachedNote(at time.Time) string {
	return trm("lic.cached", "Time", i18n.FormatDateTime(at))
}

func (l *Licenses) buildList(ctx *shell.Context) fyne.CanvasObject {
	v := &listView{l: l, ctx: ctx, list: container.NewVBox(), status: shell.WrapLabel(tr("lic.loading"))}
	refresh := widget.NewButtonWithIcon(tr("lic.refresh"), theme.ViewRefreshIcon(), v.load)
	// A new root page: a certificate pushed on an earlier one is gone.
	l.list, l.cert = v, nil
	v.load()
	return container.NewBorder(container.NewHBox(shell.Heading(tr("lic.list.heading")), refresh), nil, nil, nil,
		container.NewVScroll(container.NewVBox(v.status, v.list)))
}

func (v *listView) load() {
	if v.loading {
		v.again = true
		return
	}
	v.loading = true
	c := v.l.core
	v.l.run.Run(func() func() {
		cx, cancel := bg()
		defer cancel()
		signedIn := c.SignedIn(cx)
		var list core.LicenseList
		var err error
		if signedIn {
			list, err = c.Licenses(cx)
		}
		return func() {
			v.loading = false
			v.show(signedIn, list, err)
			if v.again {
				v.again = false
				v.load()
			}
		}
	})
}

func (v *listView) show(signedIn bool, list core.LicenseList, err error) {
	v.status.Importance = widget.MediumImportance
	v.offline = client.CodeOf(err) == client.CodeOffline || list.Offline
	switch {
	case !signedIn:
		v.status.SetText(tr("lic.list.login"))
	case client.CodeOf(err) == client.CodeOffline:
		v.status.SetText(tr("lic.list.offline"))
	case err != nil:
		v.status.SetText(usererr.Message(err, string(v.ctx.Language())))
	case list.Offline:
		// The last copy fetched, marked, with its time.
		v.status.Importance = widget.WarningImportance
		v.status.SetText(cachedNote(list.FetchedAt))
		if len(list.Licenses) == 0 {
			v.status.SetText(v.status.Text + "\n" + tr("lic.list.empty"))
		}
	case len(list.Licenses) == 0:
		v.status.SetText(tr("lic.list.empty"))
	default:
		v.status.SetText("")
	}
	v.status.Hidden = v.status.Text == ""
	v.status.Refresh()
	switch {
	case !signedIn:
		v.cachedAt = time.Time{}
		v.showLicenses(nil) // nobody's licenses
	case err == nil:
		v.cachedAt = time.Time{}
		if list.Offline {
			v.cachedAt = list.FetchedAt
		}
		v.showLicenses(list.Licenses)
	}
}

func (v *listView) showLicenses(lics []api.License) {
	v.lics = lics
	var objs []fyne.CanvasObject
	cat, today := v.l.core.Catalog(), time.Now()
	for _, lic := range lics {
		var names []string
		for _, it := range lic.Items {
			names = append(names, v.l.localItemName(it.Code, it.Name))
		}
		st := statusText(lic.Status, lic.ReplacedBy)
		cachedAt := v.cachedAt
		open := widget.NewButtonWithIcon(tr("lic.list.open"), theme.NavigateNextIcon(), func() {
			v.l.openLicense(v.ctx, lic, cachedAt)
		})
		body := container.NewVBox(shell.WrapLabel(i18n.JoinNames(names)))
		if lic.Status != api.LicenseValid {
			sl := shell.WrapLabel(st)
			if lic.StatusReason != "" {
				sl.SetText(st + "：" + lic.StatusReason)
			}
			sl.Importance = widget.DangerImportance
			if lic.Status == api.LicenseReplaced {
				sl.Importance = widget.LowImportance
			}
			body.Add(sl)
		}
		if len(lic.Unlicensed) > 0 && lic.Status == api.LicenseValid {
			var un []string
			for _, u := range lic.Unlicensed {
				un = append(un, v.l.localItemName(u.Code, u.Name))
			}
			ul := shell.WrapLabel(trm("lic.list.unlicensed", "Items", i18n.JoinNames(un)))
			ul.Importance = widget.WarningImportance
			body.Add(ul)
		}
		for _, r := range application.LicenseReminders(cat, lic, today) {
			_, text := ReminderText(r)
			rl := shell.WrapLabel(text)
			rl.Importance = widget.WarningImportance
			body.Add(rl)
		}
		body.Add(container.NewHBox(open))
		objs = append(objs, widget.NewCard(lic.HolderName, trm("lic.list.line", "Number", lic.Number, "Industry", v.l.localIndustryName(lic), "Status", st),
			body))
	}
	v.list.Objects = objs
	v.list.Refresh()
	if c := v.l.cert; c != nil {
		for _, lic := range lics {
			if lic.Number == c.lic.Number {
				c.update(lic, v.cachedAt)
			}
		}
	}
}

// industryName is the license's industry as recorded, else as the
// catalog names it.
func (l *Licenses) industryName(lic api.License) string {
	if lic.IndustryName != "" {
		return lic.IndustryName
	}
	if ind, err := l.core.Catalog().Industry(lic.Industry); err == nil {
		return ind.Name
	}
	return lic.Industry
}

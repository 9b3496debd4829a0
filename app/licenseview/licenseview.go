// Package licenseview shows the comprehensive industry license (行业综合许可证)
// laid out like the certificate with a scannable QR code, exports it (PDF
// certificate; PNG of the QR code alone), and verifies a license from its
// QR text or a picture of the QR code: offline with the license key of the
// synced catalog bundle, and online for the live status when possible.
//
// New builds 我的许可证 and 核验许可证 on one application core; the
// composition root passes Screens to the shell.
//
// After issue (一码联动) 我的许可证 shows, per license, what it allows now
// (增加事项/换发, 变更, 其他信息变更, 延续, 注销), each explained from the
// catalog and started as a draft the journey opens (Options.OpenDraft);
// the validity and renewal of its items, the filings after opening with
// their deadlines, the conversation with the hall (outside kiosks: a
// kiosk session shows only the application in hand's, in app/track), the
// license's history, and what to do when it is void.
package licenseview

import (
	"context"
	"time"

	"fyne.io/fyne/v2/theme"

	"github.com/naiman-yiye/yiye/app/background"
	"github.com/naiman-yiye/yiye/app/i18n"
	"github.com/naiman-yiye/yiye/app/shell"
	"github.com/naiman-yiye/yiye/client/api"
	"github.com/naiman-yiye/yiye/core"
)

// Licenses is 我的许可证 and 核验许可证 of one window. It follows the
// core's events for as long as the core lives and routes them to the
// views built last; a Build after a language change replaces those views.
type Licenses struct {
	core *core.Core
	run  *background.Runner
	opts Options

	list *listView
	// cert is the certificate on 我的许可证's stack (nil when none).
	cert   *licenseView
	verify *verifyView
}

// Options are what the license screens need from other screens.
type Options struct {
	// OpenDraft shows a draft in the journey's workspace (journey.OpenDraft):
	// a procedure started from a license opens there. Nil: the applicant
	// is told to find it under 我的草稿.
	OpenDraft func(id string)
}

// New builds the license screens on c; run does their disk and network
// work.
func New(c *core.Core, run *background.Runner, opts Options) *Licenses {
	l := &Licenses{core: c, run: run, opts: opts}
	c.Subscribe(l.onEvent)
	return l
}

// Screens are 我的许可证 (shell.ScreenLicenses) and 核验许可证
// (shell.ScreenVerify).
func (l *Licenses) Screens() []shell.Screen {
	return []shell.Screen{
		{ID: shell.ScreenLicenses, TitleKey: "nav.licenses", Title: "我的许可证", IconName: theme.IconNameFileText,
			Build: l.buildList},
		{ID: shell.ScreenVerify, TitleKey: "nav.verify", Title: "核验许可证", IconName: theme.IconNameSearch,
			Build: l.buildVerify},
	}
}

// onEvent routes the core's events (on the UI goroutine) to the views.
func (l *Licenses) onEvent(ev core.Event) {
	switch e := ev.(type) {
	case core.SessionChanged, core.PortalChanged:
		if l.list != nil {
			l.list.load()
		}
	case core.Connectivity:
		if e.Online && l.list != nil && l.list.offline {
			l.list.load() // replace the offline copy
		}
	case core.StatusChanged:
		for _, ch := range e.Changes {
			if (ch.New == api.StatusLicensed || ch.New == api.StatusCompleted) && l.list != nil {
				l.list.load() // a new license, or one changed (QR, cancelled)
				break
			}
		}
	case core.MessagesChanged:
		if v := l.cert; v != nil && v.thread != nil {
			v.thread.Load()
		}
	case core.FilingsChanged:
		if v := l.cert; v != nil {
			v.loadFilings()
		}
	case core.DraftChanged:
		if v := l.cert; v != nil {
			v.loadDrafts()
		}
	case core.RemindersDue:
		if l.list != nil {
			l.list.load()
		}
	case core.CatalogReplaced:
		if v := l.verify; v != nil && v.last.Payload != nil {
			v.showResult(v.last) // item names as the new catalog has them
		}
	}
}

// itemName is an item's name as the license record has it, else as the
// catalog in use has it, else its code.
func (l *Licenses) itemName(code, recorded string) string {
	if recorded != "" {
		return recorded
	}
	if it, err := l.core.Catalog().Item(code); err == nil {
		return it.Name
	}
	return code
}

// localItemName is itemName in the UI's language, for the screens; the
// certificate's PDF and picture keep the official Chinese names.
func (l *Licenses) localItemName(code, recorded string) string {
	n := l.itemName(code, recorded)
	if i18n.Current() == i18n.English {
		return l.core.Catalog().ItemNameEN(code, n)
	}
	return n
}

// localDepartment is a department's name in the UI's language.
func (l *Licenses) localDepartment(name string) string {
	if i18n.Current() == i18n.English {
		return l.core.Catalog().DepartmentEN(name)
	}
	return name
}

// localIndustryName is industryName in the UI's language.
func (l *Licenses) localIndustryName(lic api.License) string {
	if i18n.Current() == i18n.English {
		if ind, err := l.core.Catalog().Industry(lic.Industry); err == nil && ind.NameEN != "" {
			return ind.NameEN
		}
	}
	return l.industryName(lic)
}

func bg() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), time.Minute)
}

func statusText(status, replacedBy string) string {
	switch status {
	case api.LicenseValid:
		return tr("lic.status.valid")
	case api.LicenseRevoked:
		return tr("lic.status.revoked")
	case api.LicenseReplaced:
		return trm("lic.status.replaced", "New", replacedBy)
	case api.LicenseVoid:
		return tr("lic.status.void")
	case api.LicenseCancelled:
		return tr("lic.status.cancelled")
	case api.LicenseTampered:
		return tr("lic.status.tampered")
	}
	return tr("lic.status.unknown")
}

package track

import (
	"strings"

	"github.com/naiman-yiye/yiye/app/i18n"
	"github.com/naiman-yiye/yiye/catalog"
	"github.com/naiman-yiye/yiye/client"
	"github.com/naiman-yiye/yiye/client/api"
)

// StatusLabel names an application status in the UI language.
func StatusLabel(s string) string {
	switch s {
	case api.StatusSubmitted:
		return tr("track.status.submitted")
	case api.StatusAccepted:
		return tr("track.status.accepted")
	case api.StatusCorrectionRequested:
		return tr("track.status.correction_requested")
	case api.StatusInspectionScheduled:
		return tr("track.status.inspection_scheduled")
	case api.StatusApproved:
		return tr("track.status.approved")
	case api.StatusPartiallyApproved:
		return tr("track.status.partially_approved")
	case api.StatusRejected:
		return tr("track.status.rejected")
	case api.StatusLicensed:
		return tr("track.status.licensed")
	case api.StatusCompleted:
		return tr("track.status.completed")
	}
	return s
}

// KindLabel names what an application is for (the catalog's name of a
// procedure after issue; 新办 for a first application).
func KindLabel(cat *catalog.Catalog, kind string) string {
	if p := cat.Procedure(kind); p != nil {
		if i18n.Current() == i18n.English {
			return p.Name.EN
		}
		return p.Name.ZH
	}
	return tr("track.kind.new")
}

// ItemStatusLabel names an approval item's status.
func ItemStatusLabel(s string) string {
	switch s {
	case api.ItemPending:
		return tr("track.item.pending")
	case api.ItemAccepted:
		return tr("track.item.accepted")
	case api.ItemCorrectionRequested:
		return tr("track.item.correction_requested")
	case api.ItemInspectionScheduled:
		return tr("track.item.inspection_scheduled")
	case api.ItemApproved:
		return tr("track.item.approved")
	case api.ItemRejected:
		return tr("track.item.rejected")
	}
	return s
}

// EventLabel names a timeline event.
func EventLabel(t string) string {
	switch t {
	case api.EventSubmitted:
		return tr("track.event.submitted")
	case api.EventAccepted:
		return tr("track.event.accepted")
	case api.EventCorrectionRequested:
		return tr("track.event.correction_requested")
	case api.EventCorrectionAnswered:
		return tr("track.event.correction_answered")
	case api.EventInspectionScheduled:
		return tr("track.event.inspection_scheduled")
	case api.EventItemApproved:
		return tr("track.event.item_approved")
	case api.EventItemRejected:
		return tr("track.event.item_rejected")
	case api.EventApproved:
		return tr("track.event.approved")
	case api.EventPartiallyApproved:
		return tr("track.event.partially_approved")
	case api.EventRejected:
		return tr("track.event.rejected")
	case api.EventLicenseIssued:
		return tr("track.event.license_issued")
	case api.EventLicenseRevoked:
		return tr("track.event.license_revoked")
	case api.EventLicenseReplaced:
		return tr("track.event.license_replaced")
	case api.EventLicenseUpdated:
		return tr("track.event.license_updated")
	case api.EventLicenseCancelled:
		return tr("track.event.license_cancelled")
	case api.EventFilingReported:
		return tr("track.event.filing_reported")
	case api.EventLicenseVoid:
		return tr("track.event.license_void")
	}
	return t
}

// OutboxStateLabel names a queued submission's state.
func OutboxStateLabel(s client.State) string {
	switch s {
	case client.StateQueued:
		return tr("track.outbox.queued")
	case client.StateUploading:
		return tr("track.outbox.uploading")
	case client.StateSubmitting:
		return tr("track.outbox.submitting")
	case client.StateSent:
		return tr("track.outbox.sent")
	case client.StateFailed:
		return tr("track.outbox.failed")
	case client.StateAttention:
		return tr("track.outbox.attention")
	}
	return string(s)
}

// ChangeText is the notification for a status change: a title naming the
// business and application number, a body with the new status and the
// items that changed. A change with Old == "" is the first sight of an
// application (e.g. the first poll after install), not news: notify only
// the others.
func ChangeText(ch client.StatusChange) (title, body string) {
	title = trm("track.notify.title", "Name", ch.Application.SubjectName, "Number", ch.Application.Number)
	var items []string
	for _, it := range ch.Items {
		items = append(items, labelled(it.Name, ItemStatusLabel(it.New)))
	}
	body = trm("track.notify.body", "Status", StatusLabel(ch.New))
	if len(items) > 0 {
		body += "（" + strings.Join(items, "；") + "）"
	}
	return title, body
}

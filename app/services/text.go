package services

import (
	"strings"

	"github.com/naiman-yiye/yiye/client"
	"github.com/naiman-yiye/yiye/client/api"
)

// StatusLabel names an application status in the UI language.
func StatusLabel(s string) string {
	switch s {
	case api.StatusSubmitted:
		return T("svc.status.submitted")
	case api.StatusAccepted:
		return T("svc.status.accepted")
	case api.StatusCorrectionRequested:
		return T("svc.status.correction_requested")
	case api.StatusInspectionScheduled:
		return T("svc.status.inspection_scheduled")
	case api.StatusApproved:
		return T("svc.status.approved")
	case api.StatusPartiallyApproved:
		return T("svc.status.partially_approved")
	case api.StatusRejected:
		return T("svc.status.rejected")
	case api.StatusLicensed:
		return T("svc.status.licensed")
	}
	return s
}

// ItemStatusLabel names an approval item's status.
func ItemStatusLabel(s string) string {
	switch s {
	case api.ItemPending:
		return T("svc.item.pending")
	case api.ItemAccepted:
		return T("svc.item.accepted")
	case api.ItemCorrectionRequested:
		return T("svc.item.correction_requested")
	case api.ItemInspectionScheduled:
		return T("svc.item.inspection_scheduled")
	case api.ItemApproved:
		return T("svc.item.approved")
	case api.ItemRejected:
		return T("svc.item.rejected")
	}
	return s
}

// EventLabel names a timeline event.
func EventLabel(t string) string {
	switch t {
	case api.EventSubmitted:
		return T("svc.event.submitted")
	case api.EventAccepted:
		return T("svc.event.accepted")
	case api.EventCorrectionRequested:
		return T("svc.event.correction_requested")
	case api.EventCorrectionAnswered:
		return T("svc.event.correction_answered")
	case api.EventInspectionScheduled:
		return T("svc.event.inspection_scheduled")
	case api.EventItemApproved:
		return T("svc.event.item_approved")
	case api.EventItemRejected:
		return T("svc.event.item_rejected")
	case api.EventApproved:
		return T("svc.event.approved")
	case api.EventPartiallyApproved:
		return T("svc.event.partially_approved")
	case api.EventRejected:
		return T("svc.event.rejected")
	case api.EventLicenseIssued:
		return T("svc.event.license_issued")
	case api.EventLicenseRevoked:
		return T("svc.event.license_revoked")
	case api.EventLicenseReplaced:
		return T("svc.event.license_replaced")
	}
	return t
}

// OutboxStateLabel names a queued submission's state.
func OutboxStateLabel(s client.State) string {
	switch s {
	case client.StateQueued:
		return T("svc.outbox.queued")
	case client.StateUploading:
		return T("svc.outbox.uploading")
	case client.StateSubmitting:
		return T("svc.outbox.submitting")
	case client.StateSent:
		return T("svc.outbox.sent")
	case client.StateFailed:
		return T("svc.outbox.failed")
	case client.StateAttention:
		return T("svc.outbox.attention")
	}
	return string(s)
}

// ChangeText is the notification for a status change: a title naming the
// business and application number, a body with the new status and the
// items that changed.
func ChangeText(ch client.StatusChange) (title, body string) {
	title = TM("svc.notify.title", "Name", ch.Application.SubjectName, "Number", ch.Application.Number)
	var items []string
	for _, it := range ch.Items {
		items = append(items, it.Name+"："+ItemStatusLabel(it.New))
	}
	body = TM("svc.notify.body", "Status", StatusLabel(ch.New))
	if len(items) > 0 {
		body += "（" + strings.Join(items, "；") + "）"
	}
	return title, body
}

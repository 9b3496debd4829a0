package portal

import (
	"context"
	"database/sql"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/naiman-yiye/yiye/catalog"
	"github.com/naiman-yiye/yiye/client/api"
	"github.com/naiman-yiye/yiye/license"
)

// After issue (一码联动): applications of the other kinds name one of the
// applicant's licenses and go through the same workflow; the window's
// "issue" completes them (IssueLicense). An item certificate that ends
// voids the license (EndItem; expiry by its date).

// kindsOn lists the license states each kind may act on.
var kindsOn = map[string][]string{
	api.KindAddItems:     {api.LicenseValid, api.LicenseVoid},
	api.KindChange:       {api.LicenseValid},
	api.KindUpdate:       {api.LicenseValid},
	api.KindRenewal:      {api.LicenseValid},
	api.KindCancellation: {api.LicenseValid, api.LicenseVoid},
}

// openStatuses are the application statuses still in the workflow.
var openStatuses = []string{api.StatusSubmitted, api.StatusAccepted, api.StatusCorrectionRequested,
	api.StatusInspectionScheduled, api.StatusApproved, api.StatusPartiallyApproved}

// checkKind checks what an application of a kind after issue asks of its
// license (inside tx): the applicant's license of the same industry and
// holder, in a state the kind acts on, with no other open application,
// and items that fit the kind.
func (s *Server) checkKind(ctx context.Context, tx *sql.Tx, owner string, req *api.ApplicationRequest) error {
	switch req.Kind {
	case "", api.KindNew:
		if req.ForLicense != "" {
			return errf(422, "application.invalid", "新申请不能指定许可证。", "A new application names no license.", "for_license")
		}
		return nil
	}
	allowed, ok := kindsOn[req.Kind]
	if !ok {
		return errf(422, "application.invalid", "申请类型不正确。", "Unknown application kind.", "kind")
	}
	row, err := loadLicense(ctx, tx, req.ForLicense)
	if err == errNotFound || err == nil && row.Owner != owner {
		return errf(422, "application.license_not_found", "没有找到您名下的这张许可证。",
			"No such license of yours.", "for_license")
	}
	if err != nil {
		return err
	}
	if row.lic.Industry != req.Industry || row.lic.USCC != req.Subject.USCC {
		return errf(422, "application.invalid", "申请的行业或统一社会信用代码与许可证不一致。",
			"The industry or credit code differs from the license's.", "industry", "subject.uscc")
	}
	status, _ := row.liveStatus(date(s.now()))
	if !slices.Contains(allowed, status) {
		return errf(422, "application.license_state", "这张许可证目前"+statusZH[status]+"，不能办理这项申请。",
			"The license is "+status+": this application cannot be made for it.", "for_license")
	}
	if err := s.checkKindItems(row, req); err != nil {
		return err
	}
	if req.Kind == api.KindChange && !changes(row.lic, req.Subject) {
		return errf(422, "application.nothing_changes", "名称、法定代表人和经营场所都没有变化；其他信息变更请选“变更其他信息”。",
			"Neither the name, the legal representative nor the premises change; use an update for other details.",
			"subject.name", "subject.legal_rep", "subject.address")
	}
	rows, err := tx.QueryContext(ctx, `SELECT doc FROM portal_applications WHERE owner = ?`, owner)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var doc string
		var rec appRecord
		if err := rows.Scan(&doc); err != nil {
			return err
		}
		if json.Unmarshal([]byte(doc), &rec) == nil && rec.ForLicense == req.ForLicense && slices.Contains(openStatuses, rec.Status) {
			return errf(409, "application.license_busy", "这张许可证还有一份申请（受理编号 "+rec.Number+"）正在办理，办结后再申请。",
				"Another application for this license ("+rec.Number+") is still open.", "for_license")
		}
	}
	return rows.Err()
}

// checkKindItems: items that fit the kind (see api.ApplicationRequest).
func (s *Server) checkKindItems(row *licenseRow, req *api.ApplicationRequest) error {
	today := date(s.now())
	var current, dated []string // items in force; those with a validity date
	for _, it := range row.lic.Items {
		if st, _, _ := row.itemState(it, today); st == api.ItemValid {
			current = append(current, it.Code)
			if it.ValidUntil != "" {
				dated = append(dated, it.Code)
			}
		}
	}
	bad := len(req.Items) == 0
	for _, c := range req.Items {
		switch req.Kind {
		case api.KindAddItems:
			bad = bad || slices.Contains(current, c)
		case api.KindUpdate, api.KindChange, api.KindCancellation:
			bad = bad || !slices.Contains(current, c)
		case api.KindRenewal:
			bad = bad || !slices.Contains(dated, c)
		}
	}
	if req.Kind == api.KindChange || req.Kind == api.KindCancellation {
		bad = bad || len(req.Items) != len(current)
	}
	if bad {
		return errf(422, "application.invalid", "所选事项与这项申请不符。", "The items do not fit this application.", "items")
	}
	return nil
}

// changes reports whether subj changes what the license prints of its
// holder: name, legal representative or premises (经营场所).
func changes(l license.License, subj api.Subject) bool {
	t := strings.TrimSpace
	return t(subj.Name) != t(l.HolderName) || t(subj.LegalRep) != t(l.LegalRep) || t(subj.Place()) != t(l.Address)
}

// lifecycleDefaults gives an approval of an item of an application after
// issue the certificate the license records: the same number and date, a
// renewal's date moved on by the catalog's term from the old expiry.
func (s *Server) lifecycleDefaults(ctx context.Context, tx *sql.Tx, rec *appRecord, code string, spec *ApproveSpec) error {
	switch rec.Kind {
	case api.KindChange, api.KindUpdate, api.KindRenewal, api.KindCancellation:
	default:
		return nil
	}
	row, err := loadLicense(ctx, tx, rec.ForLicense)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(row.lic.Items, func(it license.Item) bool { return it.Code == code })
	if i < 0 {
		return nil
	}
	it := row.lic.Items[i]
	if spec.CertificateNo == "" {
		spec.CertificateNo = it.CertificateNo
	}
	if spec.ValidUntil != "" {
		return nil
	}
	spec.ValidUntil = it.ValidUntil
	if rec.Kind == api.KindRenewal {
		tr, _ := s.onLicense(rec, code)
		old, err := time.Parse(time.DateOnly, it.ValidUntil)
		if tr.Item == nil || err != nil || !tr.Term().Known() {
			return errf(422, "workflow.valid_until_required", "这个事项的有效期要由部门写明（YYYY-MM-DD）。",
				"Give this item's new validity (valid_until, YYYY-MM-DD).", "valid_until")
		}
		d, _ := tr.Term().Until(old.AddDate(0, 0, 1))
		spec.ValidUntil = d.Format(time.DateOnly)
	}
	if spec.ValidUntil == "" {
		spec.ValidUntil = noDate
	}
	return nil
}

// noDate marks an approval that carries no validity (kept as "").
const noDate = "-"

// canIssue reports whether the window can complete rec now (auto-advance).
func (s *Server) canIssue(rec *appRecord) bool {
	approved := 0
	for _, it := range rec.Items {
		if _, on := s.onLicense(rec, it.Code); it.Status == api.ItemApproved && (on || rec.Kind != "" && rec.Kind != api.KindNew) {
			approved++
		}
	}
	switch rec.Kind {
	case "", api.KindNew:
		ok := rec.Status == api.StatusApproved || rec.Status == api.StatusPartiallyApproved
		return ok && approved >= catalog.MinItemsForComprehensive
	case api.KindAddItems, api.KindRenewal:
		return (rec.Status == api.StatusApproved || rec.Status == api.StatusPartiallyApproved) && approved > 0
	}
	return rec.Status == api.StatusApproved
}

var reissueReason = map[string]string{
	api.KindAddItems: "换发：增加事项", api.KindChange: "换发：变更证面信息", api.KindRenewal: "换发：延续有效期",
}

// reissue issues the license that replaces the one rec concerns (inside
// tx): add_items adds the approved items (and notes the refused ones as
// not licensed), change prints the holder's new name, legal
// representative and address, renewal the new validity dates.
func (s *Server) reissue(ctx context.Context, tx *sql.Tx, rec *appRecord, issuedAt time.Time) (license.License, error) {
	var out license.License
	old, err := loadLicense(ctx, tx, rec.ForLicense)
	if err != nil {
		return out, err
	}
	if !s.canIssue(rec) {
		return out, errState("事项全部作出结论、且有可以换发的批准事项后才能换发。",
			"Re-issue once every item is decided and what may be re-issued is approved.")
	}
	if st, _ := old.liveStatus(date(s.now())); !slices.Contains(kindsOn[rec.Kind], st) {
		return out, errState("原许可证目前"+statusZH[st]+"，不能换发。", "The license concerned is "+st+": it cannot be re-issued.")
	}
	decided := map[string]api.ItemStatus{}
	for _, it := range rec.Items {
		decided[it.Code] = it
	}
	l := old.lic
	l.Items, l.Unlicensed, l.Revision = nil, nil, 0
	today := date(s.now())
	for _, it := range old.lic.Items {
		st, _, _ := old.itemState(it, today)
		d, asked := decided[it.Code]
		switch {
		case rec.Kind == api.KindAddItems && asked:
			continue // applied for again: as decided below
		case st != api.ItemValid:
			continue // ended: no longer licensed
		case rec.Kind == api.KindRenewal && asked && d.Status == api.ItemApproved:
			it.ValidUntil = d.ValidUntil
		}
		l.Items = append(l.Items, it)
	}
	if rec.Kind == api.KindAddItems {
		for _, it := range rec.Items {
			tr, on := s.onLicense(rec, it.Code)
			switch {
			case !on:
			case it.Status == api.ItemApproved:
				l.Items = append(l.Items, license.Item{Code: it.Code, Name: it.Name, CertificateNo: it.CertificateNo,
					Department: it.Department, ValidUntil: s.itemValidUntil(tr, it.ValidUntil)})
			case it.Status == api.ItemRejected:
				l.Unlicensed = append(l.Unlicensed, license.Unlicensed{Code: it.Code, Name: it.Name, Reason: it.Reason})
			}
		}
	}
	for _, u := range old.lic.Unlicensed {
		if _, again := decided[u.Code]; !again || rec.Kind != api.KindAddItems {
			l.Unlicensed = append(l.Unlicensed, u)
		}
	}
	if rec.Kind == api.KindChange {
		l.HolderName, l.LegalRep, l.Address = strings.TrimSpace(rec.Subject.Name), strings.TrimSpace(rec.Subject.LegalRep),
			strings.TrimSpace(rec.Subject.Place())
	}
	ind := s.ref.industry(rec.Industry)
	byAnnex := func(code string) int {
		if ind != nil {
			for i, e := range ind.Entries {
				if e.Item == code {
					return i
				}
			}
		}
		return 1 << 20
	}
	slices.SortStableFunc(l.Items, func(a, b license.Item) int { return byAnnex(a.Code) - byAnnex(b.Code) })
	slices.SortStableFunc(l.Unlicensed, func(a, b license.Unlicensed) int { return byAnnex(a.Code) - byAnnex(b.Code) })
	if len(l.Items) < catalog.MinItemsForComprehensive {
		return out, errSingleItem
	}
	l.Issuer = s.ref.issuer()
	if out, err = s.insertLicense(ctx, tx, rec, l, issuedAt, old.lic.Number); err != nil {
		return out, err
	}
	if err := s.markReplaced(ctx, tx, old.lic.Number, out.Number, reissueReason[rec.Kind]+"（受理编号 "+rec.Number+"）", rec.ID); err != nil {
		return out, err
	}
	rec.Status, rec.LicenseNumber = api.StatusLicensed, out.Number
	s.addEvent(rec, api.Event{Type: api.EventLicenseIssued, Department: s.ref.issuer(), LicenseNumber: out.Number,
		Items: codes(rec.Items), Note: "原证 " + old.lic.Number + " 作废"})
	return out, nil
}

// updateQR gives the license rec concerns its next QR revision (inside
// tx): details it does not print changed; number and paper stay.
func (s *Server) updateQR(ctx context.Context, tx *sql.Tx, rec *appRecord) (license.License, error) {
	row, err := loadLicense(ctx, tx, rec.ForLicense)
	if err != nil {
		return license.License{}, err
	}
	if !s.canIssue(rec) {
		return license.License{}, errState("全部事项批准后才能更新二维码。", "Update the QR once every item is approved.")
	}
	if st, _ := row.liveStatus(date(s.now())); st != api.LicenseValid {
		return license.License{}, errState("原许可证目前"+statusZH[st]+"，不能更新二维码。", "The license is "+st+": its QR cannot be updated.")
	}
	l := row.lic
	l.Revision = max(row.Revision, 1) + 1
	qr, err := license.Sign(s.licenseKey, l, s.publicURL())
	if err != nil {
		return l, err
	}
	now := s.now()
	if _, err := tx.ExecContext(ctx, `UPDATE portal_licenses SET qr = ?, revision = ?, revised_at = ? WHERE number = ?`,
		qr, l.Revision, now.Unix(), l.Number); err != nil {
		return l, err
	}
	note := "二维码更新为第 " + itoa(int64(l.Revision)) + " 版（受理编号 " + rec.Number + "）"
	if err := s.addHistory(ctx, tx, l.Number, api.LicenseEvent{Type: api.HistoryUpdated, Revision: l.Revision,
		Items: codes(rec.Items), Note: "受理编号 " + rec.Number, ApplicationID: rec.ID}); err != nil {
		return l, err
	}
	rec.Status = api.StatusCompleted
	s.addEvent(rec, api.Event{Type: api.EventLicenseUpdated, Department: s.ref.issuer(), LicenseNumber: l.Number,
		Items: codes(rec.Items), Note: note})
	return l, nil
}

// cancelLicense cancels the license rec concerns (inside tx), at the
// holder's request.
func (s *Server) cancelLicense(ctx context.Context, tx *sql.Tx, rec *appRecord) (license.License, error) {
	row, err := loadLicense(ctx, tx, rec.ForLicense)
	if err != nil {
		return license.License{}, err
	}
	if !s.canIssue(rec) {
		return row.lic, errState("全部事项批准注销后才能注销许可证。", "Cancel the license once every item's cancellation is approved.")
	}
	reason := "持证人申请注销（受理编号 " + rec.Number + "）"
	res, err := tx.ExecContext(ctx, `UPDATE portal_licenses SET status = ?, status_reason = ? WHERE number = ? AND status = ?`,
		api.LicenseCancelled, reason, row.lic.Number, api.LicenseValid)
	if err != nil {
		return row.lic, err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return row.lic, errState("只有有效或作废的许可证可以注销。", "Only a valid or void license can be cancelled.")
	}
	if err := s.addHistory(ctx, tx, row.lic.Number, api.LicenseEvent{Type: api.HistoryCancelled, Note: reason,
		Items: codes(rec.Items), ApplicationID: rec.ID}); err != nil {
		return row.lic, err
	}
	rec.Status = api.StatusCompleted
	s.addEvent(rec, api.Event{Type: api.EventLicenseCancelled, Department: s.ref.issuer(), LicenseNumber: row.lic.Number,
		Items: codes(rec.Items), Note: reason})
	return row.lic, nil
}

// EndItem records that an item certificate of a license was cancelled
// (注销), annulled (撤销) or withdrawn (吊销): the comprehensive license is
// void from then on. Staff of the item's department or of the window.
func (s *Server) EndItem(ctx context.Context, number, code, status, reason string) error {
	if !slices.Contains([]string{api.ItemCancelled, api.ItemAnnulled, api.ItemWithdrawn}, status) {
		return errf(422, "workflow.bad_item_status", "请选择注销、撤销或吊销。", "item_status must be cancelled, annulled or withdrawn.", "item_status")
	}
	if strings.TrimSpace(reason) == "" {
		return errf(422, "workflow.reason_required", "必须写明理由。", "A reason is required.", "reason")
	}
	r, err := loadLicense(ctx, s.db, number)
	if err != nil {
		return err
	}
	_, err = s.mutateApp(ctx, r.AppID, func(tx *sql.Tx, rec *appRecord) error {
		row, err := loadLicense(ctx, tx, number)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(row.lic.Items, func(it license.Item) bool { return it.Code == code })
		if i < 0 {
			return errNotFound
		}
		dept := ""
		if it, ok := s.ref.itemOf(row.lic.Industry, code); ok {
			dept = it.Dept.Code
		}
		if a := actorFrom(ctx); !a.window(s) && !a.decides(dept) {
			return errForbidden
		}
		if st, _ := row.liveStatus(date(s.now())); st != api.LicenseValid && st != api.LicenseVoid {
			return errState("这张许可证已"+statusZH[st]+"。", "The license is already "+st+".")
		}
		if st, _, _ := row.itemState(row.lic.Items[i], date(s.now())); st != api.ItemValid {
			return errState("这个单项证件已经"+itemEndZH[st]+"。", "This item certificate already ended.")
		}
		if row.Ended == nil {
			row.Ended = map[string]itemEnd{}
		}
		now := s.now()
		row.Ended[code] = itemEnd{Status: status, On: date(now), Reason: strings.TrimSpace(reason), At: now.UTC()}
		ended, _ := json.Marshal(row.Ended)
		if _, err := tx.ExecContext(ctx, `UPDATE portal_licenses SET ended = ? WHERE number = ?`, string(ended), number); err != nil {
			return err
		}
		note := row.lic.Items[i].Name + itemEndZH[status] + "：" + strings.TrimSpace(reason) + "；行业综合许可证同时作废"
		if err := s.addHistory(ctx, tx, number, api.LicenseEvent{Type: api.HistoryItemEnded, Items: []string{code}, Note: note}); err != nil {
			return err
		}
		s.addEvent(rec, api.Event{Type: api.EventLicenseVoid, LicenseNumber: number, Items: []string{code},
			Department: row.lic.Items[i].Department, Reason: note})
		return nil
	})
	return err
}

package portal

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/naiman-yiye/yiye/catalog"
	"github.com/naiman-yiye/yiye/client/api"
	"github.com/naiman-yiye/yiye/license"
)

type licenseRow struct {
	lic                               license.License
	AppID, Owner, Status, Reason, New string
	QR                                string
	Revision                          int
	RevisedAt, IssuedAt               int64
	Replaces                          string
	History                           []api.LicenseEvent
	// Ended holds the item certificates staff recorded as cancelled,
	// annulled or withdrawn; expiry is read from the dates.
	Ended map[string]itemEnd
}

// itemEnd is how an item certificate ended.
type itemEnd struct {
	Status string    `json:"status"` // api.ItemCancelled, ItemAnnulled, ItemWithdrawn
	On     string    `json:"on"`     // YYYY-MM-DD
	Reason string    `json:"reason"`
	At     time.Time `json:"at"`
}

// itemState is an item certificate's state on day today (YYYY-MM-DD):
// valid, ended by staff, or expired after its last valid day.
func (r *licenseRow) itemState(it license.Item, today string) (status, on, reason string) {
	if e, ok := r.Ended[it.Code]; ok {
		return e.Status, e.On, e.Reason
	}
	if it.ValidUntil != "" && it.ValidUntil < today {
		d, _ := time.Parse(time.DateOnly, it.ValidUntil)
		return api.ItemExpired, d.AddDate(0, 0, 1).Format(time.DateOnly), "有效期至 " + it.ValidUntil + "，未延续"
	}
	return api.ItemValid, "", ""
}

var itemEndZH = map[string]string{api.ItemExpired: "到期失效", api.ItemCancelled: "已注销", api.ItemAnnulled: "已撤销",
	api.ItemWithdrawn: "已吊销"}

// liveStatus is the license's status on day today: as recorded, except
// that a valid license with an ended item certificate is void.
func (r *licenseRow) liveStatus(today string) (status, reason string) {
	if r.Status != api.LicenseValid {
		return r.Status, r.Reason
	}
	var why []string
	for _, it := range r.lic.Items {
		if st, _, rs := r.itemState(it, today); st != api.ItemValid {
			why = append(why, it.Name+itemEndZH[st]+"（"+rs+"）")
		}
	}
	if len(why) > 0 {
		return api.LicenseVoid, strings.Join(why, "；") + "，行业综合许可证同时作废"
	}
	return api.LicenseValid, ""
}

// licenseAPI is the license as the contract shows it, on the portal's
// today: live status, item states, history.
func (s *Server) licenseAPI(r *licenseRow) api.License {
	l := r.lic
	today := date(s.now())
	status, reason := r.liveStatus(today)
	out := api.License{Number: l.Number, ApplicationID: r.AppID, HolderName: l.HolderName, USCC: l.USCC,
		LegalRep: l.LegalRep, Address: l.Address, Industry: l.Industry, IndustryName: l.IndustryName,
		Issuer: l.Issuer, IssuedOn: l.IssuedOn, Status: status, StatusReason: reason, ReplacedBy: r.New,
		Replaces: r.Replaces, Revision: max(r.Revision, 1), QRPayload: r.QR, Items: []api.LicenseItem{}}
	if r.RevisedAt > 0 {
		out.RevisedOn = date(time.Unix(r.RevisedAt, 0))
	}
	out.VerifyURL, _ = license.VerifyURL(s.publicURL(), l.Number)
	if i := strings.IndexByte(r.QR, '#'); i > 0 {
		out.VerifyURL = r.QR[:i] // the URL actually printed in the QR
	}
	out.History = slices.Clone(r.History)
	if len(out.History) == 0 && r.IssuedAt > 0 { // issued before licenses kept a history
		out.History = []api.LicenseEvent{{At: time.Unix(r.IssuedAt, 0).UTC(), Type: api.HistoryIssued, Number: l.Number,
			ApplicationID: r.AppID}}
	}
	for _, it := range l.Items {
		li := api.LicenseItem{Code: it.Code, Name: it.Name, CertificateNo: it.CertificateNo,
			Department: it.Department, ValidUntil: it.ValidUntil}
		if st, on, rs := r.itemState(it, today); st != api.ItemValid {
			li.Status, li.EndedOn, li.EndReason = st, on, rs
			if st == api.ItemExpired {
				at, _ := time.ParseInLocation(time.DateOnly, on, cst)
				out.History = append(out.History, api.LicenseEvent{At: at.UTC(), Type: api.HistoryItemEnded,
					Items: []string{it.Code}, Note: it.Name + "有效期届满，未延续"})
			}
		}
		out.Items = append(out.Items, li)
	}
	for _, u := range l.Unlicensed {
		out.Unlicensed = append(out.Unlicensed, api.UnlicensedItem{Code: u.Code, Name: u.Name, Reason: u.Reason})
	}
	slices.SortStableFunc(out.History, func(a, b api.LicenseEvent) int { return a.At.Compare(b.At) })
	return out
}

const licenseColumns = `app_id, owner, status, status_reason, replaced_by, qr, doc, revision, revised_at, replaces, history, ended, issued_at`

func loadLicense(ctx context.Context, q querier, number string) (*licenseRow, error) {
	var r licenseRow
	var doc, history, ended string
	err := q.QueryRowContext(ctx, `SELECT `+licenseColumns+` FROM portal_licenses WHERE number = ?`, number).Scan(
		&r.AppID, &r.Owner, &r.Status, &r.Reason, &r.New, &r.QR, &doc, &r.Revision, &r.RevisedAt, &r.Replaces,
		&history, &ended, &r.IssuedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNotFound
	}
	if err != nil {
		return nil, err
	}
	for _, x := range []struct {
		src string
		dst any
	}{{doc, &r.lic}, {history, &r.History}, {ended, &r.Ended}} {
		if err := json.Unmarshal([]byte(x.src), x.dst); err != nil {
			return nil, fmt.Errorf("portal: license %s corrupt: %w", number, err)
		}
	}
	r.lic.Revision = max(r.Revision, 1)
	return &r, nil
}

// addHistory appends ev to a license's history (inside tx).
func (s *Server) addHistory(ctx context.Context, tx *sql.Tx, number string, ev api.LicenseEvent) error {
	r, err := loadLicense(ctx, tx, number)
	if err != nil {
		return err
	}
	if ev.At.IsZero() {
		ev.At = s.now().UTC()
	}
	h, _ := json.Marshal(append(r.History, ev))
	_, err = tx.ExecContext(ctx, `UPDATE portal_licenses SET history = ? WHERE number = ?`, string(h), number)
	return err
}

// insertLicense numbers, signs and stores a license for rec (inside tx),
// issued on issuedAt's China date (the portal's today when zero);
// replaces names the license it replaces, if any.
func (s *Server) insertLicense(ctx context.Context, tx *sql.Tx, rec *appRecord, l license.License, issuedAt time.Time,
	replaces string) (license.License, error) {
	now := s.now()
	if issuedAt.IsZero() {
		issuedAt = now
	}
	year := issuedAt.In(cst).Format("2006")
	n, err := nextNumber(ctx, tx, "license-"+year)
	if err != nil {
		return l, err
	}
	no := 0
	if ind := s.ref.industry(rec.Industry); ind != nil {
		no = ind.No
	}
	l.Number = fmt.Sprintf("150525%s%02d%04d", year, no, n)
	l.IssuedOn = date(issuedAt)
	l.Revision = 1
	qr, err := license.Sign(s.licenseKey, l, s.publicURL())
	if err != nil {
		return l, err
	}
	doc, _ := json.Marshal(l)
	at := now
	if issuedAt.Before(now) {
		at = issuedAt // demo data issued in the past
	}
	ev := api.LicenseEvent{At: at.UTC(), Type: api.HistoryIssued, Number: l.Number, ApplicationID: rec.ID}
	if replaces != "" {
		ev.Note = "换发，原证 " + replaces + " 作废"
	}
	history, _ := json.Marshal([]api.LicenseEvent{ev})
	_, err = tx.ExecContext(ctx, `INSERT INTO portal_licenses(number, app_id, owner, status, qr, doc, issued_at, replaces, history)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, l.Number, rec.ID, rec.Owner, api.LicenseValid, qr, doc, issuedAt.Unix(),
		replaces, string(history))
	return l, err
}

// IssueLicense completes an approved (or partially approved) application
// at the window. For a first application it issues the comprehensive
// license: as the reform prescribes, it integrates two or more single-item
// licenses (one approved item gets no comprehensive license); filings
// (备案) are neither printed on it nor counted, and each item's validity is
// what the catalog knows. For the kinds after issue (一码联动) it issues the
// license that replaces the one concerned (add_items, change, renewal),
// gives that license's QR a new revision (update) or cancels it
// (cancellation); it returns the resulting license.
func (s *Server) IssueLicense(ctx context.Context, appID string) (license.License, error) {
	return s.issue(ctx, appID, time.Time{})
}

// issue is IssueLicense with the issue date of a new license (demo data
// backdates one; zero is today).
func (s *Server) issue(ctx context.Context, appID string, issuedAt time.Time) (license.License, error) {
	var out license.License
	kind := ""
	_, err := s.mutateApp(ctx, appID, func(tx *sql.Tx, rec *appRecord) error {
		if !actorFrom(ctx).window(s) {
			return errForbidden
		}
		var err error
		kind = rec.Kind
		switch rec.Kind {
		case "", api.KindNew:
			out, err = s.issueNew(ctx, tx, rec, issuedAt)
		case api.KindAddItems, api.KindChange, api.KindRenewal:
			out, err = s.reissue(ctx, tx, rec, issuedAt)
		case api.KindUpdate:
			out, err = s.updateQR(ctx, tx, rec)
		case api.KindCancellation:
			out, err = s.cancelLicense(ctx, tx, rec)
		default:
			err = errState("未知的申请类型。", "Unknown application kind.")
		}
		return err
	})
	if err == nil {
		s.log.Info("application completed", "kind", kind, "license", out.Number, "revision", out.Revision, "app", appID)
	}
	return out, err
}

func (s *Server) issueNew(ctx context.Context, tx *sql.Tx, rec *appRecord, issuedAt time.Time) (license.License, error) {
	if rec.Status != api.StatusApproved && rec.Status != api.StatusPartiallyApproved {
		return license.License{}, errState("全部事项作出结论且有批准事项后才能发证。", "Issue after every item is decided and some are approved.")
	}
	l := license.License{HolderName: rec.Subject.Name, USCC: rec.Subject.USCC, LegalRep: rec.Subject.LegalRep,
		Address: rec.Subject.Place(), Industry: rec.Industry, IndustryName: s.industryName(rec.Industry), Issuer: s.ref.issuer()}
	for _, it := range rec.Items {
		tr, onLicense := s.onLicense(rec, it.Code)
		if !onLicense {
			continue // a filing (备案): never on the license, never counted
		}
		switch it.Status {
		case api.ItemApproved:
			l.Items = append(l.Items, license.Item{Code: it.Code, Name: it.Name, CertificateNo: it.CertificateNo,
				Department: it.Department, ValidUntil: s.itemValidUntil(tr, it.ValidUntil)})
		case api.ItemRejected:
			l.Unlicensed = append(l.Unlicensed, license.Unlicensed{Code: it.Code, Name: it.Name, Reason: it.Reason})
		}
	}
	if len(l.Items) < catalog.MinItemsForComprehensive {
		return l, errSingleItem
	}
	out, err := s.insertLicense(ctx, tx, rec, l, issuedAt, "")
	if err != nil {
		return out, err
	}
	rec.Status, rec.LicenseNumber = api.StatusLicensed, out.Number
	s.addEvent(rec, api.Event{Type: api.EventLicenseIssued, Department: s.ref.issuer(), LicenseNumber: out.Number,
		Items: codes(rec.Items)})
	return out, nil
}

var errSingleItem = errf(422, "workflow.single_item", "只批准了一个事项，不颁发行业综合许可证（由该部门发单项许可证）。",
	"Only one item approved: no comprehensive license (the department issues the single license).")

// onLicense reports whether an application's item belongs on the
// comprehensive license (not a filing), with its treatment; an item the
// catalog no longer knows counts as it was filed.
func (s *Server) onLicense(rec *appRecord, code string) (catalog.Selected, bool) {
	tr, err := s.ref.cat.Treatment(rec.Industry, code, catalogAnswers(s.ref.cat, rec.Answers))
	if err != nil {
		return tr, true
	}
	return tr, tr.OnLicense()
}

// itemValidUntil is an item's expiry on the license: the approval's date
// when the catalog gives the item a fixed term, and none for results
// without a fixed or known validity (the fire opinion, an item the facts
// have no term for); an item the catalog no longer knows keeps its date.
func (s *Server) itemValidUntil(tr catalog.Selected, approved string) string {
	if tr.Item == nil {
		return approved
	}
	return validUntil(tr.Term(), approved, s.now())
}

// catalogAnswers keeps the application's answers the catalog understands,
// in its normal form (true/false, option values, numbers).
func catalogAnswers(cat *catalog.Catalog, in map[string]any) catalog.Answers {
	out := catalog.Answers{}
	for k, v := range in {
		if n, err := cat.NormalizeAnswer(k, fmt.Sprint(v)); err == nil {
			out[k] = n
		}
	}
	return out
}

// validUntil is an issued item's expiry as the catalog knows it: the date
// the approval recorded (or, if none, the catalog's years from today) for
// a fixed term, and none for results without a fixed or known validity —
// the fire opinion, filings, or an item the facts have no term for.
func validUntil(term catalog.Term, approved string, now time.Time) string {
	if !term.Known() {
		return ""
	}
	if _, err := time.Parse(time.DateOnly, approved); err == nil {
		return approved
	}
	d, _ := term.Until(now.In(cst))
	return d.Format(time.DateOnly)
}

// RevokeLicense revokes a valid license; the verify page shows it as revoked.
func (s *Server) RevokeLicense(ctx context.Context, number, reason string) error {
	if reason == "" {
		return errf(422, "workflow.reason_required", "注销必须写明理由。", "A revocation needs a reason.", "reason")
	}
	r, err := loadLicense(ctx, s.db, number)
	if err != nil {
		return err
	}
	_, err = s.mutateApp(ctx, r.AppID, func(tx *sql.Tx, rec *appRecord) error {
		if !actorFrom(ctx).window(s) {
			return errForbidden
		}
		res, err := tx.ExecContext(ctx, `UPDATE portal_licenses SET status = ?, status_reason = ? WHERE number = ? AND status = ?`,
			api.LicenseRevoked, reason, number, api.LicenseValid)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errState("只有有效的许可证可以注销。", "Only a valid license can be revoked.")
		}
		if err := s.addHistory(ctx, tx, number, api.LicenseEvent{Type: api.HistoryRevoked, Note: reason}); err != nil {
			return err
		}
		s.addEvent(rec, api.Event{Type: api.EventLicenseRevoked, LicenseNumber: number, Reason: reason, Department: s.ref.issuer()})
		return nil
	})
	return err
}

// ReplaceLicense replaces a valid license by a new one (换发) with the same
// content and a new number; the old one shows as replaced, pointing to the new.
func (s *Server) ReplaceLicense(ctx context.Context, number, reason string) (license.License, error) {
	var out license.License
	r, err := loadLicense(ctx, s.db, number)
	if err != nil {
		return out, err
	}
	_, err = s.mutateApp(ctx, r.AppID, func(tx *sql.Tx, rec *appRecord) error {
		if !actorFrom(ctx).window(s) {
			return errForbidden
		}
		old, err := loadLicense(ctx, tx, number)
		if err != nil {
			return err
		}
		if old.Status != api.LicenseValid {
			return errState("只有有效的许可证可以换发。", "Only a valid license can be replaced.")
		}
		if out, err = s.insertLicense(ctx, tx, rec, old.lic, time.Time{}, number); err != nil {
			return err
		}
		if err := s.markReplaced(ctx, tx, number, out.Number, reason, rec.ID); err != nil {
			return err
		}
		rec.LicenseNumber = out.Number
		s.addEvent(rec, api.Event{Type: api.EventLicenseReplaced, LicenseNumber: out.Number, Reason: reason,
			Note: "原证 " + number + " 作废", Department: s.ref.issuer()})
		return nil
	})
	return out, err
}

// markReplaced records that license number was replaced by the new one.
func (s *Server) markReplaced(ctx context.Context, tx *sql.Tx, number, by, reason, appID string) error {
	if _, err := tx.ExecContext(ctx, `UPDATE portal_licenses SET status = ?, status_reason = ?, replaced_by = ? WHERE number = ?`,
		api.LicenseReplaced, reason, by, number); err != nil {
		return err
	}
	return s.addHistory(ctx, tx, number, api.LicenseEvent{Type: api.HistoryReplaced, Number: by, Note: reason,
		ApplicationID: appID})
}

func (s *Server) listLicenses(ctx context.Context, owner string) ([]*licenseRow, error) {
	q := `SELECT number FROM portal_licenses ORDER BY issued_at DESC, number DESC`
	var args []any
	if owner != "" {
		q = `SELECT number FROM portal_licenses WHERE owner = ? ORDER BY issued_at DESC, number DESC`
		args = append(args, owner)
	}
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	var nums []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return nil, err
		}
		nums = append(nums, n)
	}
	rows.Close()
	var out []*licenseRow
	for _, n := range nums {
		r, err := loadLicense(ctx, s.db, n)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func (s *Server) handleListLicenses(w http.ResponseWriter, r *http.Request, owner string) {
	rows, err := s.listLicenses(r.Context(), owner)
	if err != nil {
		s.writeErr(w, err)
		return
	}
	list := api.LicenseList{Licenses: []api.License{}}
	for _, row := range rows {
		list.Licenses = append(list.Licenses, s.licenseAPI(row))
	}
	writeJSON(w, 200, list)
}

func (s *Server) handleGetLicense(w http.ResponseWriter, r *http.Request, owner string) {
	row, err := loadLicense(r.Context(), s.db, r.PathValue("number"))
	if err == nil && row.Owner != owner {
		err = errNotFound
	}
	if err != nil {
		s.writeErr(w, err)
		return
	}
	writeJSON(w, 200, s.licenseAPI(row))
}

// verification is the public view of a license: no legal rep or address.
func (s *Server) verification(ctx context.Context, number string) (api.Verification, error) {
	v := api.Verification{Number: number, Status: "unknown", CheckedAt: s.now()}
	if !license.ValidNumber(number) {
		return v, errf(400, "verify.bad_number", "许可证编号格式不正确。", "Malformed license number.")
	}
	row, err := loadLicense(ctx, s.db, number)
	if errors.Is(err, errNotFound) {
		return v, nil
	}
	if err != nil {
		return v, err
	}
	a := s.licenseAPI(row)
	v.Status, v.Valid, v.LatestRevision = a.Status, a.Status == api.LicenseValid, a.Revision
	v.HolderName, v.USCC, v.IndustryName, v.Items = a.HolderName, a.USCC, a.IndustryName, a.Items
	v.Issuer, v.IssuedOn, v.StatusReason, v.ReplacedBy = a.Issuer, a.IssuedOn, a.StatusReason, a.ReplacedBy
	return v, nil
}

func (s *Server) handleVerifyNumber(w http.ResponseWriter, r *http.Request) {
	v, err := s.verification(r.Context(), r.PathValue("number"))
	if err != nil {
		s.writeErr(w, err)
		return
	}
	writeJSON(w, 200, v)
}

// handleVerifyPayload checks a scanned payload: signature, equality with
// the record, and live status.
func (s *Server) handleVerifyPayload(w http.ResponseWriter, r *http.Request) {
	var req api.VerifyRequest
	if err := readJSON(r, &req); err != nil {
		s.writeErr(w, err)
		return
	}
	p, err := license.Parse(strings.TrimSpace(req.Payload))
	if err != nil {
		s.writeErr(w, errf(400, "verify.malformed", "二维码内容无法识别，不是本系统签发的许可证。",
			"The QR content is not a license payload from this portal."))
		return
	}
	v, err := s.verification(r.Context(), p.Number)
	if err != nil {
		s.writeErr(w, err)
		return
	}
	sig := license.Verify(p, s.LicenseKey()) == nil
	match, onRecord := false, false
	if row, err := loadLicense(r.Context(), s.db, p.Number); err == nil {
		// The current revision or an earlier one of the same record: the
		// QR of a license whose details not printed changed since.
		l := row.lic
		l.Revision = p.Revision
		match, onRecord = p.Revision <= max(row.Revision, 1) && p.Matches(l), true
	}
	v.SignatureValid, v.MatchesRecord, v.Revision = &sig, &match, p.Revision
	// Status describes the scanned payload, so it agrees with Valid: a
	// payload whose signature fails, or that differs from the license on
	// record, is tampered whatever that license's own status.
	if !sig || (onRecord && !match) {
		v.Status = api.LicenseTampered
	}
	v.Valid = v.Status == api.LicenseValid
	writeJSON(w, 200, v)
}

// handleVerifyPage serves /V/{number} (and /v/): HTML for phones, JSON on request.
func (s *Server) handleVerifyPage(w http.ResponseWriter, r *http.Request) {
	v, err := s.verification(r.Context(), r.PathValue("number"))
	if strings.Contains(r.Header.Get("Accept"), "application/json") {
		if err != nil {
			s.writeErr(w, err)
			return
		}
		if v.Status == "unknown" {
			s.writeErr(w, errNotFound)
			return
		}
		writeJSON(w, 200, v)
		return
	}
	status := 200
	if err != nil || v.Status == "unknown" {
		status = 404
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Security-Policy", verifyCSP)
	w.WriteHeader(status)
	if err := verifyPage.Execute(w, v); err != nil {
		s.log.Warn("verify page", "err", err)
	}
}

// verifyStyle and verifyScript are the page's only style and script,
// allowed by their hashes in its Content-Security-Policy. The QR's signed
// part is the URL fragment, which never reaches the server: the script
// sends it back to check the signature and that it matches the record.
// (No comments inside: html/template drops them, which would change the
// hash.)
const verifyStyle = `body{font-family:system-ui,"PingFang SC","Noto Sans CJK SC",sans-serif;margin:0;background:#f4f6f8;color:#1d2733}
main{max-width:34rem;margin:auto;padding:1rem}
.banner{padding:1rem;border-radius:.5rem;font-size:1.3rem;font-weight:bold;color:#fff}
.valid{background:#1f7a3d}.revoked{background:#b3261e}.replaced{background:#a15c00}.unknown{background:#5b6470}
table{width:100%;border-collapse:collapse;background:#fff;margin-top:1rem}
td,th{border:1px solid #d5dbe1;padding:.45rem;text-align:left;vertical-align:top}
small{color:#5b6470}
`

const verifyScript = `(function(){var h=location.hash;if(!h||h.length<2)return;
var p=location.protocol.replace(':','').toUpperCase()+'://'+location.host.toUpperCase()+location.pathname+h;
fetch('../api/v1/verify',{method:'POST',headers:{'Content-Type':'application/json'},body:JSON.stringify({payload:p})})
.then(function(r){return r.json()}).then(function(v){var e=document.getElementById('qr');
if(v.signature_valid&&v.matches_record&&v.revision<v.latest_revision){e.textContent='✔ 二维码签名有效。这是旧版二维码（第'+v.revision+'版），已有新版（第'+v.latest_revision+'版），许可证状态以上方为准';}
else if(v.signature_valid&&v.matches_record){e.textContent='✔ 二维码签名有效，内容与登记信息一致';}
else{e.textContent='✘ 二维码签名无效或内容与登记信息不一致，请谨慎核对';e.style.color='#b3261e';}}).catch(function(){});})();
`

var verifyCSP = "default-src 'none'; style-src " + cspHash(verifyStyle) + "; script-src " + cspHash(verifyScript) +
	"; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

var verifyPage = template.Must(template.New("v").Funcs(template.FuncMap{
	"when":    func(v api.Verification) string { return v.CheckedAt.In(cst).Format("2006-01-02 15:04") },
	"itemEnd": func(s string) string { return itemEndZH[s] },
}).Parse(`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>行业综合许可证核验 {{.Number}}</title>
<style>` + verifyStyle + `</style></head><body><main>
<h1 style="font-size:1.2rem">行业综合许可证核验</h1>
{{if eq .Status "valid"}}<div class="banner valid">✔ 有效 Valid</div>
{{else if eq .Status "revoked"}}<div class="banner revoked">✘ 已注销 Revoked</div>
{{else if eq .Status "replaced"}}<div class="banner replaced">✘ 已换发，本证作废 Replaced</div>
{{else if eq .Status "void"}}<div class="banner revoked">✘ 已作废（单项证件已终止）Void</div>
{{else if eq .Status "cancelled"}}<div class="banner revoked">✘ 已注销 Cancelled</div>
{{else}}<div class="banner unknown">未找到该许可证 Not found</div>{{end}}
{{if .StatusReason}}<p>原因：{{.StatusReason}}</p>{{end}}
{{if .ReplacedBy}}<p>新证：<a href="/V/{{.ReplacedBy}}">{{.ReplacedBy}}</a></p>{{end}}
{{if .HolderName}}
<table>
<tr><th>许可证编号</th><td>{{.Number}}</td></tr>
<tr><th>名称</th><td>{{.HolderName}}</td></tr>
<tr><th>统一社会信用代码</th><td>{{.USCC}}</td></tr>
<tr><th>行业类别</th><td>{{.IndustryName}}</td></tr>
<tr><th>发证机关</th><td>{{.Issuer}}</td></tr>
<tr><th>发证日期</th><td>{{.IssuedOn}}</td></tr>
</table>
<table><tr><th>许可项目</th><th>证号</th><th>发证部门</th><th>有效期至</th></tr>
{{range .Items}}<tr><td>{{.Name}}{{with .Status}}{{if ne . "valid"}}（{{itemEnd .}}）{{end}}{{end}}</td><td>{{.CertificateNo}}</td><td>{{.Department}}</td><td>{{if .ValidUntil}}{{.ValidUntil}}{{else}}以单项证件为准{{end}}</td></tr>{{end}}
</table>
{{if gt .LatestRevision 1}}<p><small>证面二维码当前为第 {{.LatestRevision}} 版（证上未印的信息变更后更新，证号不变）。</small></p>{{end}}{{end}}
<p id="qr"></p>
<script>` + verifyScript + `</script>
<p><small>核验时间 {{when .}}（北京时间）。证上信息以本页实时信息为准。本系统为演示与培训用参考门户（非正式政务系统），所列主体均为虚构。</small></p>
</main></body></html>`))

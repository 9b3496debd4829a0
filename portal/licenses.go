package portal

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"net/http"
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
}

func (r *licenseRow) api(base string) api.License {
	l := r.lic
	out := api.License{Number: l.Number, ApplicationID: r.AppID, HolderName: l.HolderName, USCC: l.USCC,
		LegalRep: l.LegalRep, Address: l.Address, Industry: l.Industry, IndustryName: l.IndustryName,
		Issuer: l.Issuer, IssuedOn: l.IssuedOn, Status: r.Status, StatusReason: r.Reason, ReplacedBy: r.New,
		QRPayload: r.QR, Items: []api.LicenseItem{}}
	out.VerifyURL, _ = license.VerifyURL(base, l.Number)
	if i := strings.IndexByte(r.QR, '#'); i > 0 {
		out.VerifyURL = r.QR[:i] // the URL actually printed in the QR
	}
	for _, it := range l.Items {
		out.Items = append(out.Items, api.LicenseItem{Code: it.Code, Name: it.Name, CertificateNo: it.CertificateNo,
			Department: it.Department, ValidUntil: it.ValidUntil})
	}
	for _, u := range l.Unlicensed {
		out.Unlicensed = append(out.Unlicensed, api.UnlicensedItem{Code: u.Code, Name: u.Name, Reason: u.Reason})
	}
	return out
}

func loadLicense(ctx context.Context, q querier, number string) (*licenseRow, error) {
	var r licenseRow
	var doc string
	err := q.QueryRowContext(ctx, `SELECT app_id, owner, status, status_reason, replaced_by, qr, doc FROM portal_licenses
		WHERE number = ?`, number).Scan(&r.AppID, &r.Owner, &r.Status, &r.Reason, &r.New, &r.QR, &doc)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNotFound
	}
	if err != nil {
		return nil, err
	}
	return &r, json.Unmarshal([]byte(doc), &r.lic)
}

// insertLicense numbers, signs and stores a license for rec (inside tx).
func (s *Server) insertLicense(ctx context.Context, tx *sql.Tx, rec *appRecord, l license.License) (license.License, error) {
	now := s.now()
	year := now.In(cst).Format("2006")
	n, err := nextNumber(ctx, tx, "license-"+year)
	if err != nil {
		return l, err
	}
	no := 0
	if ind := s.ref.industry(rec.Industry); ind != nil {
		no = ind.No
	}
	l.Number = fmt.Sprintf("150525%s%02d%04d", year, no, n)
	l.IssuedOn = date(now)
	qr, err := license.Sign(s.licenseKey, l, s.publicURL())
	if err != nil {
		return l, err
	}
	doc, _ := json.Marshal(l)
	_, err = tx.ExecContext(ctx, `INSERT INTO portal_licenses(number, app_id, owner, status, qr, doc, issued_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, l.Number, rec.ID, rec.Owner, api.LicenseValid, qr, doc, now.Unix())
	return l, err
}

// IssueLicense issues the comprehensive license for an approved or partially
// approved application. As the reform prescribes, it integrates two or more
// single-item licenses; one approved item gets no comprehensive license.
// Filings (备案, e.g. the bookstore's hygiene filing) are neither printed on
// it nor counted, and each item's validity is what the catalog knows.
func (s *Server) IssueLicense(ctx context.Context, appID string) (license.License, error) {
	var out license.License
	_, err := s.mutateApp(ctx, appID, func(tx *sql.Tx, rec *appRecord) error {
		if !actorFrom(ctx).window(s) {
			return errForbidden
		}
		if rec.Status != api.StatusApproved && rec.Status != api.StatusPartiallyApproved {
			return errState("全部事项作出结论且有批准事项后才能发证。", "Issue after every item is decided and some are approved.")
		}
		l := license.License{HolderName: rec.Subject.Name, USCC: rec.Subject.USCC, LegalRep: rec.Subject.LegalRep,
			Address: rec.Subject.Place(), Industry: rec.Industry, IndustryName: s.industryName(rec.Industry), Issuer: s.ref.issuer()}
		cat := s.ref.cat
		answers := catalogAnswers(cat, rec.Answers)
		for _, it := range rec.Items {
			tr, inCatalog := cat.Treatment(rec.Industry, it.Code, answers)
			if inCatalog == nil && !tr.OnLicense() {
				continue // a filing (备案): never on the license, never counted
			}
			switch it.Status {
			case api.ItemApproved:
				until := it.ValidUntil
				if inCatalog == nil {
					until = validUntil(tr.Term(), it.ValidUntil, s.now())
				}
				l.Items = append(l.Items, license.Item{Code: it.Code, Name: it.Name, CertificateNo: it.CertificateNo,
					Department: it.Department, ValidUntil: until})
			case api.ItemRejected:
				l.Unlicensed = append(l.Unlicensed, license.Unlicensed{Code: it.Code, Name: it.Name, Reason: it.Reason})
			}
		}
		if len(l.Items) < 2 {
			return errf(422, "workflow.single_item", "只批准了一个事项，不颁发行业综合许可证（由该部门发单项许可证）。",
				"Only one item approved: no comprehensive license (the department issues the single license).")
		}
		var err error
		if out, err = s.insertLicense(ctx, tx, rec, l); err != nil {
			return err
		}
		rec.Status, rec.LicenseNumber = api.StatusLicensed, out.Number
		s.addEvent(rec, api.Event{Type: api.EventLicenseIssued, Department: s.ref.issuer(), LicenseNumber: out.Number,
			Items: codes(rec.Items)})
		return nil
	})
	if err == nil {
		s.log.Info("license issued", "number", out.Number, "app", appID)
	}
	return out, err
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
		if out, err = s.insertLicense(ctx, tx, rec, old.lic); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE portal_licenses SET status = ?, status_reason = ?, replaced_by = ? WHERE number = ?`,
			api.LicenseReplaced, reason, out.Number, number); err != nil {
			return err
		}
		rec.LicenseNumber = out.Number
		s.addEvent(rec, api.Event{Type: api.EventLicenseReplaced, LicenseNumber: out.Number, Reason: reason,
			Note: "原证 " + number + " 作废", Department: s.ref.issuer()})
		return nil
	})
	return out, err
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
		list.Licenses = append(list.Licenses, row.api(s.publicURL()))
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
	writeJSON(w, 200, row.api(s.publicURL()))
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
	a := row.api(s.publicURL())
	v.Status, v.Valid = a.Status, a.Status == api.LicenseValid
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
		match, onRecord = p.Matches(row.lic), true
	}
	v.SignatureValid, v.MatchesRecord = &sig, &match
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
if(v.signature_valid&&v.matches_record){e.textContent='✔ 二维码签名有效，内容与登记信息一致';}
else{e.textContent='✘ 二维码签名无效或内容与登记信息不一致，请谨慎核对';e.style.color='#b3261e';}}).catch(function(){});})();
`

var verifyCSP = "default-src 'none'; style-src " + cspHash(verifyStyle) + "; script-src " + cspHash(verifyScript) +
	"; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

var verifyPage = template.Must(template.New("v").Funcs(template.FuncMap{
	"when": func(v api.Verification) string { return v.CheckedAt.In(cst).Format("2006-01-02 15:04") },
}).Parse(`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>行业综合许可证核验 {{.Number}}</title>
<style>` + verifyStyle + `</style></head><body><main>
<h1 style="font-size:1.2rem">行业综合许可证核验</h1>
{{if eq .Status "valid"}}<div class="banner valid">✔ 有效 Valid</div>
{{else if eq .Status "revoked"}}<div class="banner revoked">✘ 已注销 Revoked</div>
{{else if eq .Status "replaced"}}<div class="banner replaced">✘ 已换发，本证作废 Replaced</div>
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
{{range .Items}}<tr><td>{{.Name}}</td><td>{{.CertificateNo}}</td><td>{{.Department}}</td><td>{{if .ValidUntil}}{{.ValidUntil}}{{else}}以单项证件为准{{end}}</td></tr>{{end}}
</table>{{end}}
<p id="qr"></p>
<script>` + verifyScript + `</script>
<p><small>核验时间 {{when .}}（北京时间）。证上信息以本页实时信息为准。本系统为演示与培训用参考门户（非正式政务系统），所列主体均为虚构。</small></p>
</main></body></html>`))

package portal

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/naiman-yiye/yiye/bundle"
	"github.com/naiman-yiye/yiye/client/api"
	"github.com/naiman-yiye/yiye/forms"
	"github.com/naiman-yiye/yiye/license"
)

// Handler serves the whole portal.
func (s *Server) Handler() http.Handler { return s.securityHeaders(s.limitBodies(s.mux)) }

// securityHeaders sets what every answer carries: no MIME sniffing, no
// referrer, no framing, and a CSP that allows nothing (HTML pages replace
// it with their own); HSTS when the client came over TLS.
func (s *Server) securityHeaders(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Referrer-Policy", "no-referrer")
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
		hd.Set("Cross-Origin-Opener-Policy", "same-origin")
		if s.secure(r) {
			hd.Set("Strict-Transport-Security", "max-age=31536000")
		}
		h.ServeHTTP(w, r)
	})
}

// cspHash is the CSP source expression allowing one inline block.
func cspHash(block string) string {
	sum := sha256.Sum256([]byte(block))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}

// limitBodies caps every request body outside the upload path (tusd checks
// upload lengths itself): a declared length over the cap is answered at
// once with 413 and the connection closed, without waiting for bytes that
// may never come; a body that grows past the cap while being read fails
// the read (readJSON answers 413 too).
func (s *Server) limitBodies(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != api.PathUploads && !strings.HasPrefix(r.URL.Path, api.PathUploads+"/") {
			if r.ContentLength > s.opts.MaxBodySize {
				w.Header().Set("Connection", "close")
				s.writeErr(w, errTooLarge)
				return
			}
			r.Body = http.MaxBytesReader(w, r.Body, s.opts.MaxBodySize)
		}
		h.ServeHTTP(w, r)
	})
}

func (s *Server) routes() {
	m := http.NewServeMux()
	p := api.PathPrefix
	m.HandleFunc("POST "+api.PathAuthCode, s.handleCode)
	m.HandleFunc("POST "+api.PathAuthLogin, s.handleLogin)
	m.HandleFunc("POST "+api.PathAuthRefresh, s.handleRefresh)
	m.HandleFunc("POST "+api.PathAuthLogout, s.authed(s.handleLogout))
	m.HandleFunc("GET "+api.PathMe, s.authed(s.handleMe))
	m.HandleFunc("GET "+api.PathCatalogBundle, s.handleBundle)
	m.HandleFunc("GET "+api.PathEnterprises+"{uscc}", s.authed(s.handleEnterprise))
	up := s.uploadsHandler()
	m.Handle(api.PathUploads, up)
	m.Handle(api.PathUploads+"/", up)
	m.HandleFunc("POST "+api.PathApplications, s.authed(s.handleCreateApp))
	m.HandleFunc("GET "+api.PathApplications, s.authed(s.handleListApps))
	m.HandleFunc("GET "+api.PathApplications+"/{id}", s.authed(s.handleGetApp))
	m.HandleFunc("POST "+api.PathApplications+"/{id}/corrections/{cid}/answer", s.authed(s.handleAnswer))
	m.HandleFunc("PUT "+api.PathApplications+"/{id}/filings/{code}", s.authed(s.handleReportFiling))
	m.HandleFunc("GET "+api.PathLicenses, s.authed(s.handleListLicenses))
	m.HandleFunc("GET "+api.PathLicenses+"/{number}", s.authed(s.handleGetLicense))
	m.HandleFunc("GET "+api.PathVerify+"/{number}", s.handleVerifyNumber)
	m.HandleFunc("POST "+api.PathVerify, s.handleVerifyPayload)
	m.HandleFunc("GET /V/{number}", s.handleVerifyPage)
	m.HandleFunc("GET /v/{number}", s.handleVerifyPage)
	m.HandleFunc("GET "+api.PathMessages, s.authed(s.handleListMessages))
	m.HandleFunc("POST "+api.PathMessages, s.authed(s.handleSendMessage))

	// Back office: JSON API (session or Basic) and HTML pages (session).
	p = api.PathAdmin
	m.HandleFunc("GET "+p+"/applications", s.staffAPI(s.adminListApps))
	m.HandleFunc("GET "+p+"/applications/{id}", s.staffAPI(s.adminGetApp))
	m.HandleFunc("POST "+p+"/applications/{id}/{action}", s.staffAPI(s.adminAppAction))
	m.HandleFunc("POST "+p+"/applications/{id}/items/{code}/{action}", s.staffAPI(s.adminItemAction))
	m.HandleFunc("POST "+p+"/licenses/{number}/{action}", s.staffAPI(s.adminLicenseAction))
	m.HandleFunc("POST "+p+"/licenses/{number}/items/{code}/end", s.staffAPI(s.adminEndItem))
	m.HandleFunc("POST "+p+"/messages", s.staffAPI(s.adminReply))
	m.HandleFunc("POST "+p+"/advance", s.staffAPI(s.adminAdvance))
	s.backOffice(m)
	m.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/admin/", http.StatusFound)
	})
	s.mux = m
}

func (s *Server) handleBundle(w http.ResponseWriter, r *http.Request) {
	if s.bundleData == nil {
		s.writeErr(w, errf(404, "catalog.unavailable", "目录暂不可用。", "No catalog is published."))
		return
	}
	tag := bundle.ETag(s.bundleData)
	w.Header().Set("ETag", tag)
	w.Header().Set("Cache-Control", "no-cache")
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		for _, t := range strings.Split(inm, ",") {
			if t = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(t), "W/")); t == tag || t == "*" {
				w.WriteHeader(http.StatusNotModified)
				return
			}
		}
	}
	w.Header().Set("Content-Type", api.MediaTypeBundle)
	w.Write(s.bundleData)
}

func (s *Server) handleEnterprise(w http.ResponseWriter, r *http.Request, _ string) {
	code := forms.NormalizeUSCC(r.PathValue("uscc"))
	if ue := forms.CheckUSCC(code); ue != nil {
		// The forms validator says exactly what is wrong, in both languages.
		s.writeErr(w, errf(400, "enterprise.bad_uscc", ue.ZH, ue.EN, "uscc"))
		return
	}
	var doc string
	if err := s.db.QueryRowContext(r.Context(), `SELECT doc FROM portal_enterprises WHERE uscc = ?`, code).Scan(&doc); err != nil {
		s.writeErr(w, errf(404, "enterprise.not_found", "未查到该主体的登记信息，请手工填写。",
			"No registration found for this code; fill the form by hand."))
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write([]byte(doc))
}

func (s *Server) adminListApps(w http.ResponseWriter, r *http.Request) {
	recs, err := s.listApps(r.Context(), "")
	if err != nil {
		s.writeErr(w, err)
		return
	}
	list := api.ApplicationList{Applications: []api.ApplicationSummary{}}
	a := actorFrom(r.Context())
	for _, rec := range recs {
		if s.visible(a, rec) {
			list.Applications = append(list.Applications, rec.ApplicationSummary)
		}
	}
	writeJSON(w, 200, list)
}

// staffApp loads an application the acting staff member may see.
func (s *Server) staffApp(ctx context.Context, id string) (*appRecord, error) {
	rec, err := loadApp(ctx, s.db, id)
	if err == nil && !s.visible(actorFrom(ctx), rec) {
		err = errNotFound
	}
	return rec, err
}

func (s *Server) adminGetApp(w http.ResponseWriter, r *http.Request) {
	rec, err := s.staffApp(r.Context(), r.PathValue("id"))
	if err != nil {
		s.writeErr(w, err)
		return
	}
	writeJSON(w, 200, rec.Application)
}

// readAdmin decodes a staff action: a JSON object, even if empty ({}), so
// that no body a cross-site form or beacon can send is an action.
func readAdmin(r *http.Request) (api.StaffAction, error) {
	var b api.StaffAction
	body, err := io.ReadAll(r.Body)
	if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
		return b, errTooLarge
	}
	bad := errf(400, "request.bad_json", "请求须为 JSON 对象（可为 {}）。", "The body must be a JSON object (it may be {}).")
	if err != nil || !bytes.HasPrefix(bytes.TrimSpace(body), []byte("{")) {
		return b, bad
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&b); err != nil {
		return b, bad
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return b, bad
	}
	return b, nil
}

// adminAppAction: accept, correction, inspection, issue.
func (s *Server) adminAppAction(w http.ResponseWriter, r *http.Request) {
	b, err := readAdmin(r)
	if err != nil {
		s.writeErr(w, err)
		return
	}
	id := r.PathValue("id")
	var out any
	switch r.PathValue("action") {
	case "accept":
		err = s.Accept(r.Context(), id, b.Note)
	case "correction":
		out, err = s.RequestCorrection(r.Context(), id, CorrectionSpec{Department: b.Department, Items: b.Items,
			Fields: b.Fields, Materials: b.Materials, Note: b.Note})
	case "inspection":
		spec := InspectionSpec{Items: b.Items, Note: b.Note}
		if b.ScheduledAt != nil {
			spec.At = *b.ScheduledAt
		}
		out, err = s.ScheduleInspection(r.Context(), id, spec)
	case "issue":
		var l license.License
		if l, err = s.IssueLicense(r.Context(), id); err == nil {
			var row *licenseRow
			if row, err = loadLicense(r.Context(), s.db, l.Number); err == nil {
				out = s.licenseAPI(row)
			}
		}
	default:
		err = errNotFound
	}
	s.adminAnswer(w, r, id, out, err)
}

func (s *Server) adminAnswer(w http.ResponseWriter, r *http.Request, id string, out any, err error) {
	if err != nil {
		s.writeErr(w, err)
		return
	}
	if out != nil {
		writeJSON(w, 200, out)
		return
	}
	rec, err := loadApp(r.Context(), s.db, id)
	if err != nil {
		s.writeErr(w, err)
		return
	}
	writeJSON(w, 200, rec.Application)
}

func (s *Server) adminItemAction(w http.ResponseWriter, r *http.Request) {
	b, err := readAdmin(r)
	if err != nil {
		s.writeErr(w, err)
		return
	}
	id, code := r.PathValue("id"), r.PathValue("code")
	switch r.PathValue("action") {
	case "approve":
		err = s.ApproveItem(r.Context(), id, code, ApproveSpec{CertificateNo: b.CertificateNo, ValidUntil: b.ValidUntil})
	case "reject":
		err = s.RejectItem(r.Context(), id, code, b.Reason)
	default:
		err = errNotFound
	}
	s.adminAnswer(w, r, id, nil, err)
}

func (s *Server) adminLicenseAction(w http.ResponseWriter, r *http.Request) {
	b, err := readAdmin(r)
	if err != nil {
		s.writeErr(w, err)
		return
	}
	number := r.PathValue("number")
	switch r.PathValue("action") {
	case "revoke":
		err = s.RevokeLicense(r.Context(), number, b.Reason)
	case "replace":
		var nl license.License
		if nl, err = s.ReplaceLicense(r.Context(), number, b.Reason); err == nil {
			number = nl.Number
		}
	default:
		err = errNotFound
	}
	if err != nil {
		s.writeErr(w, err)
		return
	}
	row, err := loadLicense(r.Context(), s.db, number)
	if err != nil {
		s.writeErr(w, err)
		return
	}
	writeJSON(w, 200, s.licenseAPI(row))
}

func (s *Server) adminEndItem(w http.ResponseWriter, r *http.Request) {
	b, err := readAdmin(r)
	if err == nil {
		err = s.EndItem(r.Context(), r.PathValue("number"), r.PathValue("code"), b.ItemStatus, b.Reason)
	}
	var row *licenseRow
	if err == nil {
		row, err = loadLicense(r.Context(), s.db, r.PathValue("number"))
	}
	if err != nil {
		s.writeErr(w, err)
		return
	}
	writeJSON(w, 200, s.licenseAPI(row))
}

func (s *Server) adminReply(w http.ResponseWriter, r *http.Request) {
	b, err := readAdmin(r)
	if err != nil {
		s.writeErr(w, err)
		return
	}
	m, err := s.Reply(r.Context(), b.Phone, b.ApplicationID, b.LicenseNumber, b.Department, b.Text)
	if err != nil {
		s.writeErr(w, err)
		return
	}
	writeJSON(w, 201, m)
}

// adminAdvance runs one auto-advance pass now, regardless of idle time.
func (s *Server) adminAdvance(w http.ResponseWriter, r *http.Request) {
	if _, err := readAdmin(r); err != nil {
		s.writeErr(w, err)
		return
	}
	if err := s.Advance(r.Context(), 0); err != nil {
		s.writeErr(w, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

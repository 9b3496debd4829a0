package portal

import (
	"context"
	"crypto/subtle"
	"database/sql"
	"errors"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Back-office authentication. Browsers get a session: a login form sets an
// HttpOnly, SameSite=Strict cookie (Secure under TLS) that names a server
// row holding the user and a per-session CSRF token; pages carry the token
// in forms and in <meta name="csrf-token">. Scripts may use HTTP Basic
// with a staff account on the JSON API. Every state-changing request must
// be one a browser cannot send cross-site without permission: a foreign
// Origin or Sec-Fetch-Site is refused; JSON actions need Content-Type
// application/json (which a cross-site page cannot send without a CORS
// preflight the portal never grants) and a JSON object body, plus the
// X-CSRF-Token header when the credentials are a session cookie; forms
// need the session's token.

const (
	sessionCookie = "yiye_staff"
	sessionTTL    = 8 * time.Hour
	ctxActor      = ctxKey("actor")
	// HeaderCSRF carries the session's CSRF token on JSON requests.
	HeaderCSRF = "X-CSRF-Token"
)

// actor is who does something in the back office.
type actor struct {
	Username, Name, Role string
	Department           string // catalog department code (RoleDepartment)
	Addr                 string
	csrf                 string // session's token; "" for Basic auth
	session              string // session token hash; "" for Basic auth
}

func actorFrom(ctx context.Context) *actor {
	a, _ := ctx.Value(ctxActor).(*actor)
	return a
}

// admin: a nil actor is the portal itself (Go API, auto-advance, seeding).
func (a *actor) admin() bool { return a == nil || a.Role == RoleAdmin }

// window reports whether a may do the single window's work: accept,
// schedule the joint inspection, issue, revoke and replace licenses.
func (a *actor) window(s *Server) bool { return a.admin() || a.Department == s.ref.window.Code }

// decides reports whether a may decide items of department dept.
func (a *actor) decides(dept string) bool { return a.admin() || a.Department == dept }

var errForbidden = errf(http.StatusForbidden, "staff.forbidden", "无权办理：只能办理本部门的事项。",
	"Not allowed: staff act on their own department's items only.")

// secure reports whether the client reached the portal over TLS (directly,
// or through a trusted proxy that says so).
func (s *Server) secure(r *http.Request) bool {
	return r.TLS != nil || s.forwardedHTTPS(r)
}

// staffTransport refuses the back office over plain HTTP from anywhere but
// this machine, unless the operator allowed it.
func (s *Server) staffTransport(r *http.Request) error {
	if s.secure(r) || s.opts.AllowInsecureStaff || s.clientIP(r).IsLoopback() {
		return nil
	}
	return errf(http.StatusForbidden, "staff.tls_required", "后台只能在本机访问，或通过 HTTPS 访问。",
		"The back office is only served on this machine or over HTTPS.")
}

// sameOrigin: no Origin (not a browser, or a same-origin GET), or the
// portal's own origin; a browser's Sec-Fetch-Site must not say cross-site.
func (s *Server) sameOrigin(r *http.Request) bool {
	if sfs := r.Header.Get("Sec-Fetch-Site"); sfs != "" && sfs != "same-origin" && sfs != "none" {
		return false
	}
	o := r.Header.Get("Origin")
	if o == "" {
		return true
	}
	u, err := url.Parse(o)
	if err != nil || u.Host == "" {
		return false // includes "null"
	}
	scheme := "http"
	if s.secure(r) {
		scheme = "https"
	}
	if strings.EqualFold(u.Scheme, scheme) && strings.EqualFold(u.Host, r.Host) {
		return true
	}
	if pu, err := url.Parse(s.opts.PublicURL); err == nil && pu.Host != "" {
		return strings.EqualFold(u.Scheme, pu.Scheme) && strings.EqualFold(u.Host, pu.Host)
	}
	return false
}

var errCrossSite = errf(http.StatusForbidden, "staff.cross_site", "请求来源不是本系统，已拒绝。",
	"The request does not come from the back office's own pages; refused.")

// newSession starts a session for username; it returns the cookie value.
func (s *Server) newSession(ctx context.Context, username string) (string, error) {
	tok, csrf := randomToken(32), randomToken(24)
	now := s.now()
	if _, err := s.db.ExecContext(ctx, `DELETE FROM portal_staff_sessions WHERE expires_at < ?`, now.Unix()); err != nil {
		return "", err
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO portal_staff_sessions(hash, username, csrf, created_at, expires_at)
		VALUES (?, ?, ?, ?, ?)`, sha256Hex([]byte(tok)), username, csrf, now.Unix(), now.Add(sessionTTL).Unix())
	return tok, err
}

func (s *Server) setSessionCookie(w http.ResponseWriter, r *http.Request, tok string, maxAge int) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: tok, Path: "/", MaxAge: maxAge, HttpOnly: true,
		Secure: s.secure(r), SameSite: http.SameSiteStrictMode})
}

// sessionActor returns the actor of the request's session cookie, or nil.
func (s *Server) sessionActor(r *http.Request) (*actor, error) {
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" || len(c.Value) > 100 {
		return nil, nil
	}
	h := sha256Hex([]byte(c.Value))
	a := &actor{session: h, Addr: s.clientAddr(r)}
	var disabled bool
	err = s.db.QueryRowContext(r.Context(), `SELECT st.username, st.name, st.role, st.department, st.disabled, se.csrf
		FROM portal_staff_sessions se JOIN portal_staff st ON st.username = se.username
		WHERE se.hash = ? AND se.expires_at > ?`, h, s.now().Unix()).Scan(&a.Username, &a.Name, &a.Role, &a.Department, &disabled, &a.csrf)
	if errors.Is(err, sql.ErrNoRows) || disabled {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return a, nil
}

func withActor(r *http.Request, a *actor) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), ctxActor, a))
}

// staffAPI guards the JSON back office (/api/v1/admin/...).
func (s *Server) staffAPI(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := s.staffTransport(r); err != nil {
			s.writeErr(w, err)
			return
		}
		a, err := s.sessionActor(r)
		if err != nil {
			s.writeErr(w, err)
			return
		}
		if a == nil {
			u, p, ok := r.BasicAuth()
			if !ok {
				w.Header().Set("WWW-Authenticate", `Basic realm="yiye back office", charset="UTF-8"`)
				s.writeErr(w, errf(401, "staff.required", "需要工作人员登录。", "Staff sign-in required."))
				return
			}
			row, err := s.staffLogin(r.Context(), u, p, s.clientAddr(r))
			if err != nil {
				if ae, ok := errors.AsType[*apiError](err); ok && ae.status == 401 {
					w.Header().Set("WWW-Authenticate", `Basic realm="yiye back office", charset="UTF-8"`)
				}
				s.writeErr(w, err)
				return
			}
			a = &actor{Username: row.Username, Name: row.Name, Role: row.Role, Department: row.Department, Addr: s.clientAddr(r)}
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			if !s.sameOrigin(r) {
				s.writeErr(w, errCrossSite)
				return
			}
			if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
				s.writeErr(w, errf(http.StatusUnsupportedMediaType, "request.content_type", "请求须为 JSON（application/json）。",
					"Send the body as application/json."))
				return
			}
			if a.session != "" && (a.csrf == "" || subtle.ConstantTimeCompare([]byte(r.Header.Get(HeaderCSRF)), []byte(a.csrf)) != 1) {
				s.writeErr(w, errf(http.StatusForbidden, "staff.csrf", "缺少或错误的防伪令牌，请刷新页面后重试。",
					"Missing or wrong "+HeaderCSRF+"; reload the page and retry."))
				return
			}
		}
		h(w, withActor(r, a))
	}
}

// staffPage guards the HTML back office (/admin/...): a session, or a
// redirect to the login form; forms need the session's token.
func (s *Server) staffPage(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := s.staffTransport(r); err != nil {
			s.pageErr(w, r, err)
			return
		}
		a, err := s.sessionActor(r)
		if err != nil {
			s.pageErr(w, r, err)
			return
		}
		if a == nil {
			if r.Method == http.MethodGet {
				http.Redirect(w, r, "/admin/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			s.pageErr(w, r, errf(401, "staff.required", "登录已过期，请重新登录。", "Session expired; sign in again."))
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			if !s.sameOrigin(r) {
				s.pageErr(w, r, errCrossSite)
				return
			}
			if subtle.ConstantTimeCompare([]byte(r.PostFormValue("csrf")), []byte(a.csrf)) != 1 {
				s.pageErr(w, r, errf(http.StatusForbidden, "staff.csrf", "表单已过期，请刷新页面后重试。",
					"The form has expired; reload the page and retry."))
				return
			}
		}
		h(w, withActor(r, a))
	}
}

// localNext keeps a post-login redirect inside the back office.
func localNext(next string) string {
	if strings.HasPrefix(next, "/admin/") && !strings.HasPrefix(next, "/admin//") && !strings.ContainsAny(next, "\\\r\n") {
		return next
	}
	return "/admin/"
}

func (s *Server) boLoginForm(w http.ResponseWriter, r *http.Request) {
	if err := s.staffTransport(r); err != nil {
		s.pageErr(w, r, err)
		return
	}
	s.renderStatus(w, r, http.StatusOK, boLoginTmpl, map[string]any{"Next": localNext(r.URL.Query().Get("next"))})
}

func (s *Server) boLogin(w http.ResponseWriter, r *http.Request) {
	if err := s.staffTransport(r); err != nil {
		s.pageErr(w, r, err)
		return
	}
	if !s.sameOrigin(r) {
		s.pageErr(w, r, errCrossSite)
		return
	}
	next := localNext(r.PostFormValue("next"))
	user := strings.TrimSpace(r.PostFormValue("username"))
	row, err := s.staffLogin(r.Context(), user, r.PostFormValue("password"), s.clientAddr(r))
	if err != nil {
		status, msg := http.StatusInternalServerError, "服务器内部错误。"
		if ae, ok := errors.AsType[*apiError](err); ok {
			status, msg = ae.status, ae.body.MessageZH
			if ae.retryAfter > 0 {
				w.Header().Set("Retry-After", itoa(ae.retryAfter))
			}
		} else {
			s.log.Error("staff login", "err", err)
		}
		s.renderStatus(w, r, status, boLoginTmpl, map[string]any{"Next": next, "Msg": msg, "User": user})
		return
	}
	tok, err := s.newSession(r.Context(), row.Username)
	if err != nil {
		s.pageErr(w, r, err)
		return
	}
	s.log.Info("staff signed in", "user", row.Username, "addr", s.clientAddr(r))
	s.setSessionCookie(w, r, tok, int(sessionTTL.Seconds()))
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *Server) boLogout(w http.ResponseWriter, r *http.Request) {
	a := actorFrom(r.Context())
	if _, err := s.db.ExecContext(r.Context(), `DELETE FROM portal_staff_sessions WHERE hash = ?`, a.session); err != nil {
		s.pageErr(w, r, err)
		return
	}
	s.setSessionCookie(w, r, "", -1)
	http.Redirect(w, r, "/admin/login", http.StatusSeeOther)
}

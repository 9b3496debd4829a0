package portal

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"database/sql"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/naiman-yiye/yiye/client/api"
)

var phoneRE = regexp.MustCompile(`^1[3-9][0-9]{9}$`)

const (
	codeTTL     = 5 * 60 // seconds
	kindAccess  = "access"
	kindRefresh = "refresh"
	ctxOwner    = ctxKey("owner")
)

type ctxKey string

func (s *Server) handleCode(w http.ResponseWriter, r *http.Request) {
	var req api.CodeRequest
	if err := readJSON(r, &req); err != nil {
		s.writeErr(w, err)
		return
	}
	if !phoneRE.MatchString(req.Phone) {
		s.writeErr(w, errf(400, "auth.bad_phone", "请输入 11 位手机号码。", "Enter an 11-digit mobile number.", "phone"))
		return
	}
	code, err := s.sendCode(r.Context(), req.Phone, s.clientAddr(r))
	if err != nil {
		s.writeErr(w, err)
		return
	}
	s.mu.Lock()
	s.lastCodes[req.Phone] = code
	s.mu.Unlock()
	// The reference portal has no SMS gateway: the code goes to the log.
	s.log.Info("one-time login code", "phone", req.Phone, "code", code)
	writeJSON(w, http.StatusAccepted, api.CodeSent{ExpiresIn: codeTTL, ResendAfter: int(s.opts.CodeInterval.Seconds())})
}

// sendCode makes a new code for phone unless a limit says no: the
// address's hourly allowance, a lock-out, the resend interval, the
// number's daily allowance.
func (s *Server) sendCode(ctx context.Context, phone, addr string) (string, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return "", err
	}
	defer tx.Rollback()
	now := s.now().Unix()
	lim := s.opts.Limits
	ar, err := s.loadRate(ctx, tx, "code:"+addr, lim.AddrCodesPerHour, time.Hour)
	if err != nil {
		return "", err
	}
	if full, _ := ar.full(now); full {
		return "", s.refuse(ctx, tx, ar, secAddrCodes, phone, addr)
	}
	ar.n++
	if err := ar.save(ctx, tx); err != nil {
		return "", err
	}
	g, err := s.loadGuard(ctx, tx, "phone:"+phone)
	if err != nil {
		return "", err
	}
	if err := s.locked(g); err != nil {
		return "", s.commitThen(tx, err)
	}
	interval := int64(s.opts.CodeInterval.Seconds())
	var sentAt int64
	err = tx.QueryRowContext(ctx, `SELECT sent_at FROM portal_codes WHERE phone = ?`, phone).Scan(&sentAt)
	if err == nil && now-sentAt < interval {
		e := errf(429, "auth.too_many_codes", "验证码发送过于频繁，请稍后再试。", "Codes requested too often; wait and retry.")
		e.retryAfter = interval - (now - sentAt)
		return "", s.commitThen(tx, e)
	}
	if g.dayCodes >= lim.DailyCodes {
		if g.dayCodes == lim.DailyCodes {
			g.dayCodes++ // log once a day
			if err := g.save(ctx, tx); err != nil {
				return "", err
			}
			if err := s.logSecurity(ctx, tx, secDailyCodes, phone, addr, fmt.Sprintf("limit %d a day", lim.DailyCodes)); err != nil {
				return "", err
			}
		}
		e := errf(429, "auth.daily_limit", "今天获取验证码的次数已达上限，请明天再试。", "Daily limit of codes reached; try again tomorrow.")
		e.retryAfter = s.nextMidnight() - now
		return "", s.commitThen(tx, e)
	}
	g.dayCodes++
	if err := g.save(ctx, tx); err != nil {
		return "", err
	}
	n, err := rand.Int(rand.Reader, big.NewInt(1000000))
	if err != nil {
		return "", err
	}
	code := fmt.Sprintf("%06d", n.Int64())
	if _, err := tx.ExecContext(ctx, `INSERT INTO portal_codes(phone, code, sent_at, expires_at, attempts)
		VALUES (?, ?, ?, ?, 0) ON CONFLICT(phone) DO UPDATE SET code = excluded.code, sent_at = excluded.sent_at,
		expires_at = excluded.expires_at, attempts = 0`, phone, code, now, now+codeTTL); err != nil {
		return "", err
	}
	return code, tx.Commit()
}

// commitThen commits what tx counted and returns refusal.
func (s *Server) commitThen(tx *sql.Tx, refusal error) error {
	if err := tx.Commit(); err != nil {
		return err
	}
	return refusal
}

var errBadCode = errf(401, "auth.invalid_code", "验证码错误或已过期，请重新获取。", "Wrong or expired code; request a new one.", "code")

func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) {
	var req api.LoginRequest
	if err := readJSON(r, &req); err != nil {
		s.writeErr(w, err)
		return
	}
	if !phoneRE.MatchString(req.Phone) {
		s.writeErr(w, errf(400, "auth.bad_phone", "请输入 11 位手机号码。", "Enter an 11-digit mobile number.", "phone"))
		return
	}
	if err := s.checkCode(r.Context(), req.Phone, req.Code, s.clientAddr(r)); err != nil {
		s.writeErr(w, err)
		return
	}
	if _, err := s.db.ExecContext(r.Context(), `INSERT INTO portal_accounts(phone, created_at) VALUES (?, ?)
		ON CONFLICT(phone) DO NOTHING`, req.Phone, s.now().Unix()); err != nil {
		s.writeErr(w, err)
		return
	}
	pair, err := s.issueTokens(r.Context(), req.Phone)
	if err != nil {
		s.writeErr(w, err)
		return
	}
	writeJSON(w, 200, pair)
}

// checkCode consumes a valid code. Before looking at the code it checks
// the address's hourly allowance of wrong guesses and the number's
// lock-out; a wrong code counts against both.
func (s *Server) checkCode(ctx context.Context, phone, code, addr string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	ar, err := s.loadRate(ctx, tx, "fail:"+addr, s.opts.Limits.AddrFailuresPerHour, time.Hour)
	if err != nil {
		return err
	}
	if full, _ := ar.full(s.now().Unix()); full {
		return s.refuse(ctx, tx, ar, secAddrFailures, phone, addr)
	}
	g, err := s.loadGuard(ctx, tx, "phone:"+phone)
	if err != nil {
		return err
	}
	if err := s.locked(g); err != nil {
		return err
	}
	ok := s.opts.Demo && isDemoPhone(phone) && code == DemoCode
	if !ok {
		var want string
		var exp int64
		err = tx.QueryRowContext(ctx, `SELECT code, expires_at FROM portal_codes WHERE phone = ?`, phone).Scan(&want, &exp)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		ok = err == nil && exp >= s.now().Unix() && subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1
	}
	if !ok {
		ar.n++
		if err := ar.save(ctx, tx); err != nil {
			return err
		}
		if kind := s.fail(g); kind != "" {
			// Locked: the current code dies too, so the next try needs a new one.
			if _, err := tx.ExecContext(ctx, `UPDATE portal_codes SET expires_at = 0 WHERE phone = ?`, phone); err != nil {
				return err
			}
			detail := "locked until " + time.Unix(g.lockedUntil, 0).In(cst).Format("2006-01-02 15:04")
			if err := s.logSecurity(ctx, tx, kind, phone, addr, detail); err != nil {
				return err
			}
		}
		if err := g.save(ctx, tx); err != nil {
			return err
		}
		return s.commitThen(tx, errBadCode)
	}
	g.succeed()
	if err := g.save(ctx, tx); err != nil {
		return err
	}
	// One use only: keep sent_at for the resend interval, expire the code.
	if _, err := tx.ExecContext(ctx, `UPDATE portal_codes SET expires_at = 0 WHERE phone = ?`, phone); err != nil {
		return err
	}
	return tx.Commit()
}

func (s *Server) issueTokens(ctx context.Context, phone string) (api.TokenPair, error) {
	access, refresh := randomToken(32), randomToken(32)
	now := s.now()
	// Expired tokens are useless; drop them so the table stays small.
	if _, err := s.db.ExecContext(ctx, `DELETE FROM portal_tokens WHERE expires_at < ?`, now.Unix()); err != nil {
		return api.TokenPair{}, err
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO portal_tokens(hash, phone, kind, expires_at) VALUES (?, ?, ?, ?), (?, ?, ?, ?)`,
		sha256Hex([]byte(access)), phone, kindAccess, now.Add(s.opts.AccessTTL).Unix(),
		sha256Hex([]byte(refresh)), phone, kindRefresh, now.Add(s.opts.RefreshTTL).Unix())
	if err != nil {
		return api.TokenPair{}, err
	}
	return api.TokenPair{AccessToken: access, RefreshToken: refresh, TokenType: "Bearer",
		ExpiresIn: int(s.opts.AccessTTL.Seconds())}, nil
}

func (s *Server) handleRefresh(w http.ResponseWriter, r *http.Request) {
	var req api.RefreshRequest
	if err := readJSON(r, &req); err != nil {
		s.writeErr(w, err)
		return
	}
	bad := errf(401, "auth.invalid_refresh", "登录已过期，请重新登录。", "Session expired; sign in again.")
	h := sha256Hex([]byte(req.RefreshToken))
	var phone string
	var exp int64
	err := s.db.QueryRowContext(r.Context(), `DELETE FROM portal_tokens WHERE hash = ? AND kind = ? RETURNING phone, expires_at`,
		h, kindRefresh).Scan(&phone, &exp)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && exp < s.now().Unix()) {
		s.writeErr(w, bad)
		return
	}
	if err != nil {
		s.writeErr(w, err)
		return
	}
	pair, err := s.issueTokens(r.Context(), phone)
	if err != nil {
		s.writeErr(w, err)
		return
	}
	writeJSON(w, 200, pair)
}

// owner returns the phone of the access token in r, or "".
func (s *Server) owner(r *http.Request) string {
	tok, ok := bearerToken(r.Header.Get("Authorization"))
	if !ok {
		return ""
	}
	var phone string
	err := s.db.QueryRowContext(r.Context(), `SELECT phone FROM portal_tokens WHERE hash = ? AND kind = ? AND expires_at >= ?`,
		sha256Hex([]byte(tok)), kindAccess, s.now().Unix()).Scan(&phone)
	if err != nil {
		return ""
	}
	return phone
}

// authed wraps a handler that needs a signed-in applicant.
func (s *Server) authed(h func(w http.ResponseWriter, r *http.Request, owner string)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		o := s.owner(r)
		if o == "" {
			w.Header().Set("WWW-Authenticate", `Bearer realm="yiye"`)
			s.writeErr(w, errUnauthorized)
			return
		}
		h(w, r.WithContext(context.WithValue(r.Context(), ctxOwner, o)), o)
	}
}

// handleLogout revokes the calling access token and the given refresh token.
func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request, owner string) {
	var req api.RefreshRequest
	if r.ContentLength != 0 {
		if err := readJSON(r, &req); err != nil {
			s.writeErr(w, err)
			return
		}
	}
	access, _ := bearerToken(r.Header.Get("Authorization"))
	if _, err := s.db.ExecContext(r.Context(), `DELETE FROM portal_tokens WHERE phone = ? AND (hash = ? OR hash = ?)`,
		owner, sha256Hex([]byte(access)), sha256Hex([]byte(req.RefreshToken))); err != nil {
		s.writeErr(w, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) handleMe(w http.ResponseWriter, r *http.Request, owner string) {
	var a api.Account
	err := s.db.QueryRowContext(r.Context(), `SELECT phone, name FROM portal_accounts WHERE phone = ?`, owner).Scan(&a.Phone, &a.Name)
	if err != nil {
		s.writeErr(w, err)
		return
	}
	writeJSON(w, 200, a)
}

func isDemoPhone(p string) bool { return p == DemoPhone || p == DemoPhoneOther }

// bearerToken reads the token of an "Authorization: Bearer <token>" header.
// The scheme is case-insensitive (RFC 9110 §11.1); the token is one
// token68 word, separated from the scheme by spaces.
func bearerToken(h string) (string, bool) {
	scheme, rest, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	tok := strings.TrimLeft(rest, " ")
	if tok == "" || len(tok) > 512 || strings.ContainsFunc(tok, func(r rune) bool { return r <= ' ' || r >= 0x7f }) {
		return "", false
	}
	return tok, true
}

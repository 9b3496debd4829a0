package client

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"time"

	"github.com/go-resty/resty/v2"
	"github.com/naiman-yiye/yiye/client/api"
	"github.com/naiman-yiye/yiye/usererr"
)

// RequestCode asks the portal to send a one-time login code to phone.
func (c *Client) RequestCode(ctx context.Context, phone string) (api.CodeSent, error) {
	var out api.CodeSent
	err := c.do(ctx, call{method: http.MethodPost, path: api.PathAuthCode, body: api.CodeRequest{Phone: phone}, out: &out, noAuth: true})
	return out, err
}

// Login exchanges phone + one-time code for a session and stores it in the
// TokenStore; later calls are authenticated and refreshed automatically.
func (c *Client) Login(ctx context.Context, phone, code string) error {
	var tp api.TokenPair
	if err := c.do(ctx, call{method: http.MethodPost, path: api.PathAuthLogin, body: api.LoginRequest{Phone: phone, Code: code}, out: &tp, noAuth: true}); err != nil {
		if StatusOf(err) == http.StatusUnauthorized {
			return loginRefused(err)
		}
		return err
	}
	return c.tokens.SaveTokens(ctx, tokensFrom(tp))
}

func loginRefused(err error) *usererr.Error {
	e := usererr.New(CodeValidation, "验证码不正确或已过期，请重新获取。", "The code is wrong or expired; request a new one.")
	if h := (*HTTPError)(nil); asHTTP(err, &h) && h.Message != "" {
		e = usererr.New(CodeValidation, h.Message, h.MessageEN)
		if e.EN == "" {
			e.EN = "The code was refused."
		}
	}
	return e.Wrap(err)
}

func tokensFrom(tp api.TokenPair) Tokens {
	t := Tokens{Access: tp.AccessToken, Refresh: tp.RefreshToken}
	if tp.ExpiresIn > 0 {
		t.Expires = time.Now().Add(time.Duration(tp.ExpiresIn) * time.Second)
	}
	return t
}

// refreshTokens is the Client's refresher: POST /auth/refresh.
func (c *Client) refreshTokens(ctx context.Context, refresh string) (Tokens, error) {
	var tp api.TokenPair
	if err := c.do(ctx, call{method: http.MethodPost, path: api.PathAuthRefresh, body: api.RefreshRequest{RefreshToken: refresh}, out: &tp, noAuth: true}); err != nil {
		return Tokens{}, err
	}
	return tokensFrom(tp), nil
}

// Logout ends the session: the portal revokes both tokens (best effort:
// offline, the tokens are still forgotten locally) and the TokenStore is
// cleared. A kiosk calls it when a session ends.
func (c *Client) Logout(ctx context.Context) error {
	t, err := c.tokens.LoadTokens(ctx)
	if err == nil && t.Access != "" {
		rerr := c.do(ctx, call{method: http.MethodPost, path: api.PathAuthLogout, body: api.RefreshRequest{RefreshToken: t.Refresh}, noRefresh: true})
		if rerr != nil && Transient(rerr) {
			err = rerr // reported, but the local session still ends
		}
	}
	if serr := c.tokens.SaveTokens(ctx, Tokens{}); serr != nil {
		return serr
	}
	return err
}

// LoggedIn reports whether a session is stored (it may still have expired;
// the next call refreshes it or fails with client.unauthorized).
func (c *Client) LoggedIn(ctx context.Context) bool {
	t, err := c.tokens.LoadTokens(ctx)
	return err == nil && (t.Access != "" || t.Refresh != "")
}

// Me returns the signed-in applicant.
func (c *Client) Me(ctx context.Context) (api.Account, error) {
	var out api.Account
	return out, c.do(ctx, call{method: http.MethodGet, path: api.PathMe, out: &out})
}

// LookupEnterprise finds a registered market entity by its unified social
// credit code, to pre-fill forms.
func (c *Client) LookupEnterprise(ctx context.Context, uscc string) (api.Enterprise, error) {
	var out api.Enterprise
	return out, c.do(ctx, call{method: http.MethodGet, path: api.PathEnterprises + url.PathEscape(uscc), out: &out})
}

// ListApplications returns the applicant's applications, newest first.
func (c *Client) ListApplications(ctx context.Context) ([]api.ApplicationSummary, error) {
	var out api.ApplicationList
	return out.Applications, c.do(ctx, call{method: http.MethodGet, path: api.PathApplications, out: &out})
}

// GetApplication returns one application with its timeline.
func (c *Client) GetApplication(ctx context.Context, id string) (api.Application, error) {
	var out api.Application
	return out, c.do(ctx, call{method: http.MethodGet, path: api.PathApplications + "/" + url.PathEscape(id), out: &out})
}

// SubmitApplication creates an application. idemKey must be generated once
// per submission and reused on every retry (the outbox does this): the
// portal then creates one application however often the request repeats.
// replayed is true when the portal answered from an earlier attempt.
func (c *Client) SubmitApplication(ctx context.Context, idemKey string, req api.ApplicationRequest) (app api.Application, replayed bool, err error) {
	if idemKey == "" {
		return app, false, fmt.Errorf("client: SubmitApplication needs an idempotency key")
	}
	var resp *resty.Response
	err = c.do(ctx, call{method: http.MethodPost, path: api.PathApplications, body: req, out: &app, idemKey: idemKey, resp: &resp})
	if err == nil && resp != nil {
		replayed = resp.Header().Get(api.HeaderReplayed) == "true"
	}
	return app, replayed, err
}

// AnswerCorrection answers a correction request (补正). idemKey makes a
// retried answer count once; pass "" to have one generated per call.
func (c *Client) AnswerCorrection(ctx context.Context, idemKey, appID, correctionID string, ans api.CorrectionAnswer) (api.Application, error) {
	var out api.Application
	p := api.PathApplications + "/" + url.PathEscape(appID) + "/corrections/" + url.PathEscape(correctionID) + "/answer"
	return out, c.do(ctx, call{method: http.MethodPost, path: p, body: ans, out: &out, idemKey: idemKey})
}

// ListLicenses returns the applicant's licenses.
func (c *Client) ListLicenses(ctx context.Context) ([]api.License, error) {
	var out api.LicenseList
	return out.Licenses, c.do(ctx, call{method: http.MethodGet, path: api.PathLicenses, out: &out})
}

// GetLicense returns one license by its number.
func (c *Client) GetLicense(ctx context.Context, number string) (api.License, error) {
	var out api.License
	return out, c.do(ctx, call{method: http.MethodGet, path: api.PathLicenses + "/" + url.PathEscape(number), out: &out})
}

// VerifyNumber asks the portal for the live status of a license (public).
func (c *Client) VerifyNumber(ctx context.Context, number string) (api.Verification, error) {
	var out api.Verification
	return out, c.do(ctx, call{method: http.MethodGet, path: api.PathVerify + "/" + url.PathEscape(number), out: &out, noAuth: true})
}

// VerifyPayload asks the portal to check a scanned QR payload: signature,
// match with its record, live status (public).
func (c *Client) VerifyPayload(ctx context.Context, payload string) (api.Verification, error) {
	var out api.Verification
	return out, c.do(ctx, call{method: http.MethodPost, path: api.PathVerify, body: api.VerifyRequest{Payload: payload}, out: &out, noAuth: true})
}

// Messages lists consultation messages, oldest first: those about
// application appID, or about license number, or (both "") all of them.
func (c *Client) Messages(ctx context.Context, appID, number string) ([]api.Message, error) {
	var out api.MessageList
	q := map[string]string{}
	if appID != "" {
		q["application_id"] = appID
	}
	if number != "" {
		q["license_number"] = number
	}
	return out.Messages, c.do(ctx, call{method: http.MethodGet, path: api.PathMessages, query: q, out: &out})
}

// SendMessage sends a consultation message. idemKey makes every retry of
// it (also after a restart) count once; "" has one made per call.
func (c *Client) SendMessage(ctx context.Context, idemKey string, req api.MessageRequest) (api.Message, error) {
	var out api.Message
	return out, c.do(ctx, call{method: http.MethodPost, path: api.PathMessages, body: req, out: &out, idemKey: idemKey})
}

// ReportFiling tells the portal that a filing (备案) of an application was
// made; reporting the same again changes nothing.
func (c *Client) ReportFiling(ctx context.Context, appID, code string, rep api.FilingReport) (api.Application, error) {
	var out api.Application
	p := api.PathApplications + "/" + url.PathEscape(appID) + "/filings/" + url.PathEscape(code)
	return out, c.do(ctx, call{method: http.MethodPut, path: p, body: rep, out: &out})
}

// UploadsURL is the tus creation endpoint.
func (c *Client) UploadsURL() string { return c.cfg.BaseURL + api.PathUploads }

// UploadID is the upload's ID as an application references it: the last
// path segment of its tus URL.
func UploadID(location string) string {
	if u, err := url.Parse(location); err == nil {
		return path.Base(u.Path)
	}
	return path.Base(location)
}

// FileSHA256 hashes a file as a stream (hex, lowercase) and returns its size.
func FileSHA256(p string) (string, int64, error) {
	f, err := os.Open(p)
	if err != nil {
		return "", 0, fileChanged(p, err)
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return "", 0, fileChanged(p, err)
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

// UploadFile hashes and uploads one file outside the outbox (e.g. for a
// correction answer) and returns the reference to put in a request.
func (c *Client) UploadFile(ctx context.Context, materialID, p, filetype string, progress Progress) (api.MaterialRef, error) {
	sum, size, err := FileSHA256(p)
	if err != nil {
		return api.MaterialRef{}, err
	}
	name := filepath.Base(p)
	loc, err := c.StartUpload(ctx, materialID, name, filetype, sum, size)
	if err != nil {
		return api.MaterialRef{}, err
	}
	if err := c.ContinueUpload(ctx, loc, p, size, progress); err != nil {
		return api.MaterialRef{}, err
	}
	return api.MaterialRef{MaterialID: materialID, UploadID: UploadID(loc), SHA256: sum, Filename: name}, nil
}

// StartUpload creates the tus upload of a file (name, type, SHA-256 and
// size as hashed) and returns its location: keep it to resume the upload
// with ContinueUpload after a failure or a restart.
func (c *Client) StartUpload(ctx context.Context, materialID, name, filetype, sum string, size int64) (string, error) {
	return c.Uploader().Create(ctx, c.UploadsURL(), size, uploadMeta(name, filetype, sum, materialID))
}

// ContinueUpload sends what the portal does not hold yet of the file at p
// to the upload at location (from StartUpload).
func (c *Client) ContinueUpload(ctx context.Context, location, p string, size int64, progress Progress) error {
	return c.Uploader().Upload(ctx, location, p, size, progress)
}

func uploadMeta(name, filetype, sum, material string) map[string]string {
	m := map[string]string{api.MetaFilename: name, api.MetaSHA256: sum}
	if filetype != "" {
		m[api.MetaFiletype] = filetype
	}
	if material != "" {
		m[api.MetaMaterial] = material
	}
	return m
}

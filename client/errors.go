package client

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"syscall"

	"github.com/naiman-yiye/yiye/usererr"
)

// Stable error codes returned (inside *usererr.Error) by this package.
const (
	CodeOffline      = "client.offline"      // no connection, DNS failure, reset, timeout
	CodeUnauthorized = "client.unauthorized" // not logged in, or the session expired
	CodeForbidden    = "client.forbidden"    // logged in but not allowed
	CodeNotFound     = "client.not_found"    // the thing asked for does not exist
	CodeValidation   = "client.validation"   // the server refused the input (400/422)
	CodeConflict     = "client.conflict"     // state conflict (409), e.g. already answered
	CodeTooLarge     = "client.too_large"    // upload exceeds the server limit (413)
	CodeRateLimited  = "client.rate_limited" // too many requests (429)
	CodeServer       = "client.server"       // 5xx or an unreadable answer
	CodeFileChanged  = "client.file_changed" // a queued attachment changed or vanished on disk
	CodeBadBundle    = "client.bad_bundle"   // a catalog bundle failed its signature or schema check
	CodeCanceled     = "client.canceled"     // the caller gave up (context canceled)
)

// HTTPError is the cause inside a *usererr.Error for an HTTP answer that was
// not a success: it keeps the status and the server's own message.
type HTTPError struct {
	Method     string
	URL        string
	Status     int
	ServerCode string   // the "code" field of the server's error body, if any
	Message    string   // the server's Chinese message (or the raw body, shortened)
	MessageEN  string   // the server's English message, if any
	Fields     []string // offending form field keys, if the server named them
	RetryAfter string   // the Retry-After header, if any
}

func (e *HTTPError) Error() string {
	msg := e.Message
	if e.ServerCode != "" {
		msg = e.ServerCode + ": " + msg
	}
	return fmt.Sprintf("%s %s: HTTP %d: %s", e.Method, e.URL, e.Status, msg)
}

// StatusOf returns the HTTP status carried by err (0 if none).
func StatusOf(err error) int {
	var h *HTTPError
	if errors.As(err, &h) {
		return h.Status
	}
	return 0
}

// CodeOf returns the usererr code of err ("" if it is not a *usererr.Error).
func CodeOf(err error) string {
	var u *usererr.Error
	// A nil *usererr.Error stored in an error interface is non-nil to
	// errors.As; it means "no error" and has no code.
	if errors.As(err, &u) && u != nil {
		return u.Code
	}
	return ""
}

// httpError turns a non-2xx answer into a *usererr.Error with a code a UI can
// act on; the server's message rides along (shown after the Chinese text).
func httpError(h *HTTPError) *usererr.Error {
	var e *usererr.Error
	detail := h.Message
	switch {
	case h.Status == http.StatusUnauthorized:
		e = usererr.New(CodeUnauthorized, "登录已失效，请重新登录。", "Your session has expired; please log in again.")
	case h.Status == http.StatusForbidden:
		e = usererr.New(CodeForbidden, "没有权限执行此操作。", "You are not allowed to do this.")
	case h.Status == http.StatusNotFound || h.Status == http.StatusGone:
		e = usererr.New(CodeNotFound, "未找到相关记录。", "Not found.")
	case h.Status == http.StatusConflict || h.Status == http.StatusPreconditionFailed:
		e = usererr.New(CodeConflict, "当前状态不允许此操作，请刷新后重试。", "The item changed in the meantime; refresh and try again.")
	case h.Status == http.StatusRequestEntityTooLarge:
		e = usererr.New(CodeTooLarge, "文件超过平台允许的大小。", "The file is larger than the portal allows.")
	case h.Status == 460: // tus checksum mismatch: the bytes received are not the file declared
		e = usererr.New(CodeFileChanged, "附件在上传过程中发生变化或损坏，将重新上传。", "The attachment changed or was damaged during upload; it will be sent again.")
	case h.Status == http.StatusTooManyRequests:
		e = usererr.New(CodeRateLimited, "请求过于频繁，请稍后再试。", "Too many requests; please try again later.")
	case h.Status >= 500:
		e = usererr.New(CodeServer, "政务服务平台暂时无法处理，请稍后再试。", "The portal could not handle the request; please try again later.")
	default: // 400, 422 and other 4xx: the input was refused
		e = usererr.New(CodeValidation, "提交的信息未通过平台校验。", "The portal refused the data.")
	}
	if detail != "" {
		e.ZH += "（" + detail + "）"
		en := h.MessageEN
		if en == "" {
			en = detail
		}
		e.EN += " (" + en + ")"
	}
	return e.Wrap(h)
}

// transportError classifies an error that happened before any HTTP answer.
func transportError(ctx context.Context, err error) *usererr.Error {
	if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
		return usererr.New(CodeCanceled, "操作已取消。", "The operation was canceled.").Wrap(err)
	}
	return usererr.New(CodeOffline, "无法连接政务服务平台，请检查网络后重试；已保存的内容不会丢失。",
		"Cannot reach the portal; check the network and try again. Nothing you saved is lost.").Wrap(err)
}

// Transient reports whether err is worth retrying: connection failures,
// timeouts, 429, 502, 503, 504. Never a 4xx refusal of the input, never a
// plain 500 (the server understood the request and failed on it).
func Transient(err error) bool {
	if err == nil {
		return false
	}
	var u *usererr.Error
	if errors.As(err, &u) {
		switch u.Code {
		case CodeCanceled:
			return false
		case CodeOffline: // classified at the source (a stall watchdog looks like a cancel)
			return true
		}
	}
	if s := StatusOf(err); s != 0 {
		return transientStatus(s)
	}
	if errors.Is(err, context.Canceled) {
		return false
	}
	return isNetError(err)
}

func transientStatus(s int) bool {
	switch s {
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

func isNetError(err error) bool {
	var ne net.Error
	var ue *url.Error
	var oe *net.OpError
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return true
	case errors.As(err, &oe), errors.As(err, &ne):
		return true
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.EPIPE):
		return true
	case errors.As(err, &ue):
		return true // transport-level failure (EOF mid-response, TLS, ...)
	}
	var u *usererr.Error
	return errors.As(err, &u) && u.Code == CodeOffline
}

func asHTTP(err error, h **HTTPError) bool { return errors.As(err, h) }

package client

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/naiman-yiye/yiye/usererr"
)

// TusVersion is the only tus protocol version this client speaks.
const TusVersion = "1.0.0"

// DefaultChunkSize is the body size of one PATCH. Each PATCH streams its
// chunk from disk, so the size costs no memory; it bounds how much a proxy
// that buffers bodies must hold and how much one failed request can waste.
const DefaultChunkSize = 16 << 20

// ErrUploadGone means the server no longer knows the upload (404/410 on
// HEAD, e.g. it expired); the caller must create a new one.
var ErrUploadGone = errors.New("tus: upload no longer exists on the server")

// Uploader is a tus 1.0.0 client (core protocol + creation extension) that
// streams files from disk and resumes at the server's offset.
type Uploader struct {
	HTTP      *http.Client
	ChunkSize int64               // bytes per PATCH; DefaultChunkSize if 0
	Retry     RetryPolicy         // consecutive failures without progress before giving up
	Header    func(*http.Request) // adds auth headers; may be nil
	// Stall cancels a PATCH whose body was not read for this long (a peer
	// that stopped reading); 0 means no watchdog.
	Stall time.Duration
	// Reauth, if set, is called once after a 401 (e.g. to refresh the
	// session) before the request is tried again.
	Reauth func(ctx context.Context) error
}

// Progress reports bytes sent so far out of total; after each PATCH (and
// after the HEAD that starts a resume) sent is the server's confirmed offset.
type Progress func(sent, total int64)

func (u *Uploader) chunk() int64 {
	if u.ChunkSize > 0 {
		return u.ChunkSize
	}
	return DefaultChunkSize
}

func (u *Uploader) http() *http.Client {
	if u.HTTP != nil {
		return u.HTTP
	}
	return http.DefaultClient
}

func (u *Uploader) newRequest(ctx context.Context, method, target string, body io.Reader) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, method, target, body)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Tus-Resumable", TusVersion)
	if u.Header != nil {
		u.Header(req)
	}
	return req, nil
}

func (u *Uploader) send(ctx context.Context, req *http.Request, want ...int) (*http.Response, error) {
	resp, err := u.sendOnce(ctx, req, want...)
	if StatusOf(err) == http.StatusUnauthorized && u.Reauth != nil && (req.Body == nil || req.GetBody != nil) {
		if rerr := u.Reauth(ctx); rerr == nil {
			r2 := req.Clone(req.Context())
			if req.GetBody != nil {
				if r2.Body, rerr = req.GetBody(); rerr != nil {
					return nil, err
				}
			}
			if u.Header != nil {
				u.Header(r2)
			}
			return u.sendOnce(ctx, r2, want...)
		}
	}
	return resp, err
}

func (u *Uploader) sendOnce(ctx context.Context, req *http.Request, want ...int) (*http.Response, error) {
	resp, err := u.http().Do(req)
	if err != nil {
		return nil, transportError(ctx, err)
	}
	for _, w := range want {
		if resp.StatusCode == w {
			return resp, nil
		}
	}
	defer resp.Body.Close()
	return nil, httpError(readHTTPError(req, resp))
}

// EncodeMetadata renders tus Upload-Metadata: "key base64(value)" pairs,
// comma separated, keys sorted for a stable header. Keys must be printable
// ASCII without spaces or commas (tus creation); others are left out.
func EncodeMetadata(meta map[string]string) string {
	keys := make([]string, 0, len(meta))
	for k := range meta {
		if validMetaKey(k) {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, k+" "+base64.StdEncoding.EncodeToString([]byte(meta[k])))
	}
	return strings.Join(parts, ",")
}

// Create announces an upload of size bytes at endpoint (POST, creation
// extension) and returns its absolute URL. Transient failures are retried:
// a lost answer only leaves an orphan upload on the server, which nothing
// references. The caller persists the URL before sending any data.
func (u *Uploader) Create(ctx context.Context, endpoint string, size int64, meta map[string]string) (string, error) {
	var loc string
	err := retry(ctx, u.Retry, func(int) error {
		var err error
		loc, err = u.create(ctx, endpoint, size, meta)
		return err
	})
	return loc, err
}

func (u *Uploader) create(ctx context.Context, endpoint string, size int64, meta map[string]string) (string, error) {
	req, err := u.newRequest(ctx, http.MethodPost, endpoint, nil)
	if err != nil {
		return "", err
	}
	req.Header.Set("Upload-Length", strconv.FormatInt(size, 10))
	if len(meta) > 0 {
		req.Header.Set("Upload-Metadata", EncodeMetadata(meta))
	}
	resp, err := u.send(ctx, req, http.StatusCreated)
	if err != nil {
		return "", err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	loc := resp.Header.Get("Location")
	if loc == "" {
		return "", httpError(&HTTPError{Method: "POST", URL: endpoint, Status: resp.StatusCode, Message: "tus: no Location in creation answer"})
	}
	base, err := url.Parse(endpoint)
	if err != nil {
		return "", err
	}
	ref, err := url.Parse(loc)
	if err != nil {
		return "", fmt.Errorf("tus: bad Location %q: %w", loc, err)
	}
	return base.ResolveReference(ref).String(), nil
}

// Offset asks the server how many bytes of the upload it holds (HEAD).
func (u *Uploader) Offset(ctx context.Context, location string) (offset, length int64, err error) {
	req, err := u.newRequest(ctx, http.MethodHead, location, nil)
	if err != nil {
		return 0, 0, err
	}
	resp, err := u.send(ctx, req, http.StatusOK, http.StatusNoContent)
	if err != nil {
		if s := StatusOf(err); s == http.StatusNotFound || s == http.StatusGone || s == http.StatusForbidden {
			return 0, 0, fmt.Errorf("%w: %w", ErrUploadGone, err)
		}
		return 0, 0, err
	}
	resp.Body.Close()
	offset, err = strconv.ParseInt(resp.Header.Get("Upload-Offset"), 10, 64)
	if err != nil || offset < 0 {
		return 0, 0, httpError(&HTTPError{Method: "HEAD", URL: location, Status: resp.StatusCode, Message: "tus: bad Upload-Offset"})
	}
	length = -1
	if l := resp.Header.Get("Upload-Length"); l != "" {
		if length, err = strconv.ParseInt(l, 10, 64); err != nil {
			return 0, 0, httpError(&HTTPError{Method: "HEAD", URL: location, Status: resp.StatusCode, Message: "tus: bad Upload-Length"})
		}
	}
	return offset, length, nil
}

// patch sends data[offset:offset+n) from f and returns the new server offset.
func (u *Uploader) patch(ctx context.Context, location string, f *os.File, offset, n, total int64, progress Progress) (int64, error) {
	body := &countingReader{r: io.NewSectionReader(f, offset, n), base: offset, total: total, progress: progress}
	rctx := ctx
	if u.Stall > 0 {
		var cancel context.CancelFunc
		rctx, cancel = context.WithCancel(ctx)
		defer cancel()
		body.watchdog = time.AfterFunc(u.Stall, cancel)
		body.stall = u.Stall
		defer body.watchdog.Stop()
	}
	req, err := u.newRequest(rctx, http.MethodPatch, location, body)
	if err != nil {
		return 0, err
	}
	req.ContentLength = n
	req.Header.Set("Content-Type", "application/offset+octet-stream")
	req.Header.Set("Upload-Offset", strconv.FormatInt(offset, 10))
	resp, err := u.send(ctx, req, http.StatusNoContent, http.StatusOK)
	if err != nil {
		return 0, err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	next, err := strconv.ParseInt(resp.Header.Get("Upload-Offset"), 10, 64)
	if err != nil || next < offset || next > total {
		return 0, httpError(&HTTPError{Method: "PATCH", URL: location, Status: resp.StatusCode, Message: "tus: bad Upload-Offset in answer"})
	}
	return next, nil
}

// Upload sends the file at path (of size bytes) to location, starting at the
// server's offset, one streamed PATCH per chunk. A transient failure or a
// 409 offset mismatch makes it ask the server's offset again (HEAD) and go
// on from there; Retry.Attempts consecutive failures without progress end
// it. It never reads more than one small buffer of the file into memory.
func (u *Uploader) Upload(ctx context.Context, location, path string, size int64, progress Progress) error {
	f, err := os.Open(path)
	if err != nil {
		return fileChanged(path, err)
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil || st.Size() != size {
		return fileChanged(path, fmt.Errorf("size changed: now %d, queued %d", statSize(st), size))
	}
	failures := 0
	reauthed := false
	var offset int64 = -1
	for {
		if offset < 0 {
			off, length, err := u.Offset(ctx, location)
			if err != nil {
				if u.giveUp(ctx, err, &failures) {
					return err
				}
				continue
			}
			if length >= 0 && length != size {
				return fmt.Errorf("%w: server expects %d bytes, file has %d", ErrUploadGone, length, size)
			}
			offset = off
			if progress != nil {
				progress(offset, size)
			}
		}
		if offset >= size {
			return nil
		}
		n := min(u.chunk(), size-offset)
		next, err := u.patch(ctx, location, f, offset, n, size, progress)
		if err != nil {
			offset = -1 // ask the server where it stands
			if StatusOf(err) == http.StatusUnauthorized && u.Reauth != nil && !reauthed {
				reauthed = true
				if u.Reauth(ctx) == nil {
					continue
				}
			}
			if StatusOf(err) == http.StatusConflict {
				// The offset moved under us: the server may still be
				// writing the body of a request whose connection was cut.
				// Ask again after a pause; if it keeps moving, leave it to
				// the caller's next attempt rather than fail the upload.
				failures++
				if failures < u.Retry.attempts() && sleep(ctx, u.Retry.Backoff.Delay(failures-1)) == nil {
					continue
				}
				if ctx.Err() != nil {
					return err
				}
				return usererr.New(CodeServer, "上传被打断，稍后会自动接着传。",
					"The upload was interrupted; it will go on by itself shortly.").Wrap(err)
			}
			if u.giveUp(ctx, err, &failures) {
				return err
			}
			continue
		}
		if next > offset {
			failures = 0
		}
		offset = next
		if progress != nil {
			progress(offset, size)
		}
	}
}

// giveUp counts a failure and sleeps the backoff; true means stop.
func (u *Uploader) giveUp(ctx context.Context, err error, failures *int) bool {
	if !Transient(err) {
		return true
	}
	*failures++
	if *failures >= u.Retry.attempts() {
		return true
	}
	return sleep(ctx, u.Retry.Backoff.Delay(*failures-1)) != nil
}

func statSize(st os.FileInfo) int64 {
	if st == nil {
		return -1
	}
	return st.Size()
}

// countingReader reports progress as the transport reads the body.
type countingReader struct {
	r        io.Reader
	base     int64
	read     int64
	total    int64
	progress Progress
	watchdog *time.Timer
	stall    time.Duration
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if c.watchdog != nil {
		if err != nil {
			c.watchdog.Stop() // body done; ResponseHeaderTimeout bounds the wait for the answer
		} else {
			c.watchdog.Reset(c.stall)
		}
	}
	c.read += int64(n)
	if c.progress != nil && n > 0 {
		c.progress(c.base+c.read, c.total)
	}
	return n, err
}

func validMetaKey(k string) bool {
	if k == "" {
		return false
	}
	for i := 0; i < len(k); i++ {
		if c := k[i]; c <= ' ' || c > '~' || c == ',' {
			return false
		}
	}
	return true
}

package portal

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/naiman-yiye/yiye/client/api"
)

// These tests talk raw HTTP/1.1 over real TCP connections on 127.0.0.1 to
// a portal with short timeouts. The long read deadline on the client side
// only keeps a broken server from hanging the test; nothing is timed.

const patience = 20 * time.Second

func dial(t *testing.T, e *env) net.Conn {
	t.Helper()
	c, err := net.Dial("tcp", strings.TrimPrefix(e.srv.URL(), "http://"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	c.SetDeadline(time.Now().Add(patience))
	return c
}

// closedByServer reads until the server closes the connection and returns
// what it sent; a client-side timeout fails the test.
func closedByServer(t *testing.T, c net.Conn) string {
	t.Helper()
	b, err := io.ReadAll(c)
	if errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("the server kept the connection open (got %q)", b)
	}
	return string(b)
}

func statusOf(t *testing.T, c net.Conn) int {
	t.Helper()
	res, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatalf("no answer: %v", err)
	}
	res.Body.Close()
	return res.StatusCode
}

func TestSlowHeadersAreCut(t *testing.T) {
	e := start(t, t.TempDir(), func(o *Options) { o.ReadHeaderTimeout = 200 * time.Millisecond })
	c := dial(t, e)
	fmt.Fprintf(c, "GET %s HTTP/1.1\r\nHost: x\r\nX-Slow: ", api.PathCatalogBundle)
	closedByServer(t, c)
}

func TestSlowBodyIsCut(t *testing.T) {
	e := start(t, t.TempDir(), func(o *Options) { o.ReadTimeout = 300 * time.Millisecond })
	c := dial(t, e)
	fmt.Fprintf(c, "POST %s HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"phone\":", api.PathAuthCode)
	if out := closedByServer(t, c); out != "" && !strings.HasPrefix(out, "HTTP/1.1 4") {
		t.Fatalf("answer %q", out)
	}
}

func TestIdleConnectionIsClosed(t *testing.T) {
	e := start(t, t.TempDir(), func(o *Options) { o.IdleTimeout = 200 * time.Millisecond })
	c := dial(t, e)
	fmt.Fprintf(c, "GET %s HTTP/1.1\r\nHost: x\r\n\r\n", api.PathVerify+"/1505252026010001")
	br := bufio.NewReader(c)
	res, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if _, err := br.ReadByte(); !errors.Is(err, io.EOF) {
		t.Fatalf("idle keep-alive connection not closed: %v", err)
	}
}

// A Content-Length of 10¹² with a 9-byte body is answered at once with
// 413, not after a read timeout (the server's is a minute here).
func TestHugeContentLengthAnsweredPromptly(t *testing.T) {
	e := start(t, t.TempDir(), func(o *Options) { o.ReadTimeout = time.Minute; o.WriteTimeout = time.Minute })
	tok := e.login(phoneA).AccessToken
	loc := e.tusCreate(tok, 100, map[string]string{"sha256": hexSHA(make([]byte, 100))}).header.Get("Location")
	patch := strings.TrimPrefix(loc, e.srv.URL())
	for _, c := range []struct{ name, head string }{
		{"json", "POST " + api.PathAuthCode + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"},
		{"json-authed", "POST " + api.PathApplications + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nAuthorization: Bearer " + tok + "\r\nIdempotency-Key: huge-body-1\r\n"},
		{"verify", "POST " + api.PathVerify + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"},
		{"staff", "POST " + api.PathAdmin + "/advance HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"},
		{"form", "POST /admin/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"},
		{"tus-patch", "PATCH " + patch + " HTTP/1.1\r\nHost: x\r\nTus-Resumable: 1.0.0\r\nUpload-Offset: 0\r\nContent-Type: application/offset+octet-stream\r\nAuthorization: Bearer " + tok + "\r\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			conn := dial(t, e)
			fmt.Fprintf(conn, "%sContent-Length: 1000000000000\r\n\r\n{\"a\":\"b\"}", c.head)
			if s := statusOf(t, conn); s != http.StatusRequestEntityTooLarge {
				t.Fatalf("status %d", s)
			}
		})
	}
	// A JSON body over the cap without a Content-Length (chunked) is refused too.
	conn := dial(t, e)
	big := `{"phone":"` + strings.Repeat("1", 2<<20) + `"}`
	fmt.Fprintf(conn, "POST %s HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n%x\r\n%s\r\n0\r\n\r\n", api.PathAuthCode, len(big), big)
	if s := statusOf(t, conn); s != http.StatusRequestEntityTooLarge {
		t.Fatalf("chunked over the cap: %d", s)
	}
}

// Uploads are outside the server-wide read and write timeouts: a PATCH
// that keeps sending outlives them; one that stalls is cut after the
// upload timeout, keeping what arrived.
func TestUploadDeadlines(t *testing.T) {
	e := start(t, t.TempDir(), func(o *Options) {
		o.ReadTimeout, o.WriteTimeout, o.UploadTimeout = 300*time.Millisecond, 300*time.Millisecond, 5*time.Second
	})
	tok := e.login(phoneA).AccessToken
	data := []byte(strings.Repeat("slow but steady ", 8))
	loc := e.tusCreate(tok, len(data), map[string]string{"sha256": hexSHA(data)}).header.Get("Location")
	c := dial(t, e)
	fmt.Fprintf(c, "PATCH %s HTTP/1.1\r\nHost: x\r\nTus-Resumable: 1.0.0\r\nUpload-Offset: 0\r\nContent-Type: application/offset+octet-stream\r\nAuthorization: Bearer %s\r\nContent-Length: %d\r\n\r\n",
		strings.TrimPrefix(loc, e.srv.URL()), tok, len(data))
	for i := 0; i < 4; i++ { // 4 × 200 ms: longer than both server timeouts
		c.Write(data[i*len(data)/4 : (i+1)*len(data)/4])
		time.Sleep(200 * time.Millisecond)
	}
	if s := statusOf(t, c); s != http.StatusNoContent {
		t.Fatalf("slow upload: %d", s)
	}

	e2 := start(t, t.TempDir(), func(o *Options) { o.UploadTimeout = 300 * time.Millisecond })
	tok = e2.login(phoneA).AccessToken
	loc = e2.tusCreate(tok, len(data), map[string]string{"sha256": hexSHA(data)}).header.Get("Location")
	c = dial(t, e2)
	fmt.Fprintf(c, "PATCH %s HTTP/1.1\r\nHost: x\r\nTus-Resumable: 1.0.0\r\nUpload-Offset: 0\r\nContent-Type: application/offset+octet-stream\r\nAuthorization: Bearer %s\r\nContent-Length: %d\r\n\r\n%s",
		strings.TrimPrefix(loc, e2.srv.URL()), tok, len(data), data[:10])
	closedByServer(t, c)
	if h := e2.do("HEAD", loc, tok, nil, "Tus-Resumable", "1.0.0"); h.header.Get("Upload-Offset") != "10" {
		t.Fatalf("stalled upload kept %s bytes", h.header.Get("Upload-Offset"))
	}
}

//go:build unix

package main

import (
	"bytes"
	"crypto/ed25519"
	"encoding/base64"
	"io"
	"net"
	"net/http"
	"os"
	"regexp"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/naiman-yiye/yiye/bundle"
	"github.com/naiman-yiye/yiye/catalog"
	"github.com/naiman-yiye/yiye/client/api"
)

type syncBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuf) Write(p []byte) (int, error) { s.mu.Lock(); defer s.mu.Unlock(); return s.b.Write(p) }
func (s *syncBuf) String() string              { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// TestServesAndStops runs the real command on a free port, checks the signed
// catalog bundle against the key it logs, and stops it with SIGINT.
func TestServesAndStops(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	var log syncBuf
	done := make(chan error, 1)
	go func() { done <- run([]string{"--addr", addr, "--data", t.TempDir(), "--demo"}, &log) }()
	base := "http://" + addr
	keyRE := regexp.MustCompile(`bundle_key="?([A-Za-z0-9+/=]+)`)
	var res *http.Response
	for i := 0; i < 400; i++ {
		if keyRE.MatchString(log.String()) { // logged once serving and seeded
			res, err = http.Get(base + api.PathCatalogBundle)
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if res == nil && err == nil {
		t.Fatalf("portal did not start:\n%s", log.String())
	}
	if err != nil {
		t.Fatalf("portal did not come up: %v\n%s", err, log.String())
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	m := keyRE.FindStringSubmatch(log.String())
	if m == nil {
		t.Fatalf("no bundle key logged:\n%s", log.String())
	}
	key, err := base64.StdEncoding.DecodeString(m[1])
	if err != nil {
		t.Fatal(err)
	}
	doc, _, err := bundle.Verify(body, []ed25519.PublicKey{key})
	if err != nil || !bytes.Equal(doc, catalog.EmbeddedDocument()) {
		t.Fatalf("bundle: %v", err)
	}
	if err := syscall.Kill(os.Getpid(), syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("did not stop on SIGINT")
	}
}

package faultproxy

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

func TestFaults(t *testing.T) {
	var served atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		served.Add(1)
		io.WriteString(w, "ok")
	}))
	defer srv.Close()
	faults := []Fault{{}, {CutUpAfter: 100}, {DropResponse: true}}
	p, err := Start(strings.TrimPrefix(srv.URL, "http://"), func(n int) Fault { return faults[n%len(faults)] })
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	body := strings.Repeat("x", 10_000)
	var got []string
	for range faults {
		resp, err := client.Post("http://"+p.Addr(), "text/plain", strings.NewReader(body))
		if err != nil {
			got = append(got, "error")
			continue
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		got = append(got, string(b))
	}
	if strings.Join(got, ",") != "ok,error,error" {
		t.Errorf("got %v", got)
	}
	// The cut request never reached the handler; the dropped one did.
	if served.Load() != 2 || p.Cuts.Load() != 2 || p.Conns() != 3 {
		t.Errorf("served %d cuts %d conns %d", served.Load(), p.Cuts.Load(), p.Conns())
	}
}

package portal

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/naiman-yiye/yiye/client/api"
)

// selfSigned writes a certificate for 127.0.0.1 and its key.
func selfSigned(t *testing.T, dir string) (certFile, keyFile string, pool *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "yiye test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kb, _ := x509.MarshalECPrivateKey(key)
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}), 0o600)
	c, _ := x509.ParseCertificate(der)
	pool = x509.NewCertPool()
	pool.AddCert(c)
	return certFile, keyFile, pool
}

// Over TLS the portal serves HTTPS, sends HSTS, and the staff cookie is Secure.
func TestTLS(t *testing.T) {
	dir := t.TempDir()
	cert, key, pool := selfSigned(t, t.TempDir())
	e := start(t, dir, func(o *Options) { o.TLSCertFile, o.TLSKeyFile = cert, key })
	if !strings.HasPrefix(e.srv.URL(), "https://127.0.0.1:") {
		t.Fatalf("URL %s", e.srv.URL())
	}
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, _ := http.NewRequest("POST", e.srv.URL()+"/admin/login", strings.NewReader(url.Values{"username": {AdminUser}, "password": {"pw"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", e.srv.URL())
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || !strings.Contains(res.Header.Get("Set-Cookie"), "Secure") ||
		!strings.HasPrefix(res.Header.Get("Strict-Transport-Security"), "max-age=") {
		t.Fatalf("login over TLS: %d %v", res.StatusCode, res.Header)
	}
	// An http:// Origin is not the portal's origin any more.
	req, _ = http.NewRequest("POST", e.srv.URL()+api.PathAdmin+"/advance", strings.NewReader("{}"))
	req.SetBasicAuth(AdminUser, "pw")
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", strings.Replace(e.srv.URL(), "https", "http", 1))
	if res, err := c.Do(req); err != nil || res.StatusCode != 403 {
		t.Fatalf("http origin against https: %v %v", err, res)
	}
	if _, err := Start(t.Context(), Options{DataDir: t.TempDir(), Catalog: testDoc, TLSCertFile: cert}); err == nil {
		t.Fatal("a certificate without its key was accepted")
	}
}

// Behind trusted proxies the client address and scheme come from the
// forwarded headers; from anyone else those headers are ignored.
func TestTrustedProxies(t *testing.T) {
	proxies, err := ParseProxies("10.0.0.0/8, 192.0.2.1")
	if err != nil {
		t.Fatal(err)
	}
	e := start(t, t.TempDir(), func(o *Options) { o.TrustedProxies = proxies })
	for _, c := range []struct {
		remote, xff, proto string
		addr               string
		https              bool
	}{
		{"192.0.2.1:4000", "203.0.113.9", "https", "203.0.113.9", true},
		{"192.0.2.1:4000", "198.51.100.1, 203.0.113.9, 10.1.2.3", "http,https", "203.0.113.9", true},
		{"192.0.2.1:4000", "", "", "192.0.2.1", false},
		{"192.0.2.1:4000", "garbage, 203.0.113.9", "http", "203.0.113.9", false},
		{"192.0.2.1:4000", "203.0.113.9, garbage", "", "192.0.2.1", false},
		{"192.0.2.1:4000", "2001:db8:1:2:3::9", "", "2001:db8:1:2::/64", false},
		{"198.51.100.7:4000", "203.0.113.9", "https", "198.51.100.7", false}, // not a proxy: headers ignored
		{"[::ffff:10.9.9.9]:4000", "[2001:db8::1]:443", "HTTPS", "2001:db8::/64", true},
	} {
		req, _ := http.NewRequest("GET", "/", nil)
		req.RemoteAddr = c.remote
		if c.xff != "" {
			req.Header.Set("X-Forwarded-For", c.xff)
		}
		if c.proto != "" {
			req.Header.Set("X-Forwarded-Proto", c.proto)
		}
		if got := e.srv.clientAddr(req); got != c.addr {
			t.Errorf("%s %q: address %s, want %s", c.remote, c.xff, got, c.addr)
		}
		if got := e.srv.secure(req); got != c.https {
			t.Errorf("%s %q: https %v", c.remote, c.proto, got)
		}
	}
	// Staff pages through a proxy that forwarded HTTPS are served and the
	// cookie is Secure; plain HTTP through it from afar is not.
	for _, c := range []struct {
		proto string
		want  int
	}{{"https", http.StatusSeeOther}, {"http", http.StatusForbidden}} {
		req, _ := http.NewRequest("POST", "/admin/login", strings.NewReader(url.Values{"username": {AdminUser}, "password": {"pw"}}.Encode()))
		req.RemoteAddr = "10.0.0.2:555"
		req.Header.Set("X-Forwarded-For", "203.0.113.50")
		req.Header.Set("X-Forwarded-Proto", c.proto)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		rec := newRecorder()
		e.srv.Handler().ServeHTTP(rec, req)
		if rec.Code != c.want || (c.want == http.StatusSeeOther && !strings.Contains(rec.Header().Get("Set-Cookie"), "Secure")) {
			t.Errorf("via proxy (%s): %d %v", c.proto, rec.Code, rec.Header())
		}
	}
	if _, err := ParseProxies("10.0.0.0/8, nonsense"); err == nil {
		t.Error("bad proxy list accepted")
	}
	if p, _ := ParseProxies("::ffff:10.0.0.1"); len(p) != 1 || p[0] != netip.MustParsePrefix("10.0.0.1/32") {
		t.Errorf("mapped address: %v", p)
	}
}

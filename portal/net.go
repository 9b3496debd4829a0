package portal

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// Behind a reverse proxy every connection comes from the proxy. Only when
// the peer is one of Options.TrustedProxies are its X-Forwarded-For and
// X-Forwarded-Proto headers believed; from anyone else they are ignored,
// so a client cannot pick the address its limits are counted against or
// claim HTTPS.

// clientAddr is the address limits count a request against.
func (s *Server) clientAddr(r *http.Request) string {
	return addrKey(s.clientIP(r))
}

func (s *Server) trusted(a netip.Addr) bool {
	a = a.Unmap()
	for _, p := range s.opts.TrustedProxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// clientIP is the client's address: the peer, or behind trusted proxies
// the nearest untrusted address in X-Forwarded-For.
func (s *Server) clientIP(r *http.Request) netip.Addr {
	peer := remoteAddr(r)
	if !s.trusted(peer) {
		return peer
	}
	if a, ok := forwardedFor(r.Header.Values("X-Forwarded-For"), s.trusted); ok {
		return a
	}
	return peer
}

// forwardedHTTPS reports whether a trusted proxy says the client used HTTPS.
func (s *Server) forwardedHTTPS(r *http.Request) bool {
	if !s.trusted(remoteAddr(r)) {
		return false
	}
	return forwardedProto(r.Header.Values("X-Forwarded-Proto")) == "https"
}

// forwardedFor walks X-Forwarded-For from the right (the entries the
// trusted proxies appended) and returns the first address that is not a
// trusted proxy; if all are, the leftmost. A malformed entry ends the walk:
// what lies left of it cannot be trusted.
func forwardedFor(values []string, trusted func(netip.Addr) bool) (netip.Addr, bool) {
	var hops []string
	for _, v := range values {
		hops = append(hops, strings.Split(v, ",")...)
	}
	if len(hops) > 64 {
		hops = hops[len(hops)-64:]
	}
	var last netip.Addr
	found := false
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := parseHop(hops[i])
		if err != nil {
			break
		}
		last, found = a, true
		if !trusted(a) {
			return a, true
		}
	}
	return last, found
}

// parseHop reads one X-Forwarded-For entry: an address, optionally with a
// port or in brackets.
func parseHop(h string) (netip.Addr, error) {
	h = strings.TrimSpace(h)
	if ap, err := netip.ParseAddrPort(h); err == nil {
		return ap.Addr().Unmap(), nil
	}
	a, err := netip.ParseAddr(strings.TrimSuffix(strings.TrimPrefix(h, "["), "]"))
	if err != nil || a.Zone() != "" {
		return netip.Addr{}, net.InvalidAddrError(h)
	}
	return a.Unmap(), nil
}

// forwardedProto is the scheme the nearest proxy saw (the last value).
func forwardedProto(values []string) string {
	if len(values) == 0 {
		return ""
	}
	v := values[len(values)-1]
	if i := strings.LastIndexByte(v, ','); i >= 0 {
		v = v[i+1:]
	}
	return strings.ToLower(strings.TrimSpace(v))
}

// remoteAddr is the peer address of the connection.
func remoteAddr(r *http.Request) netip.Addr {
	if ap, err := netip.ParseAddrPort(r.RemoteAddr); err == nil {
		return ap.Addr().Unmap()
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	a, _ := netip.ParseAddr(host)
	return a.Unmap()
}

// ParseProxies reads a comma-separated list of addresses and CIDR
// prefixes (e.g. "127.0.0.1,10.0.0.0/8") for Options.TrustedProxies.
func ParseProxies(list string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(list, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if p, err := netip.ParsePrefix(f); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return nil, err
		}
		a = a.Unmap()
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}

package portal

import (
	"net"
	"net/http"
	"net/netip"
)

// clientAddr is the address limits count a request against.
func (s *Server) clientAddr(r *http.Request) string {
	return addrKey(s.clientIP(r))
}

// clientIP is the client's address.
func (s *Server) clientIP(r *http.Request) netip.Addr {
	return remoteAddr(r)
}

// forwardedHTTPS reports whether a trusted proxy says the client used HTTPS.
func (s *Server) forwardedHTTPS(r *http.Request) bool {
	return false
}

// remoteAddr is the peer address of the connection.
func remoteAddr(r *http.Request) netip.Addr {
	if ap, err := netip.ParseAddrPort(r.RemoteAddr); err == nil {
		return ap.Addr()
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	a, _ := netip.ParseAddr(host)
	return a
}

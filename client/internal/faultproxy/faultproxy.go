// Package faultproxy is a TCP proxy for tests that breaks connections on
// purpose: mid-request (after some bytes from the client) or right when the
// server starts answering (the request was processed, the answer is lost).
package faultproxy

import (
	"io"
	"net"
	"sync"
	"sync/atomic"
)

// Fault is what happens to one connection.
type Fault struct {
	CutUpAfter   int64 // close after this many client→server bytes; 0 = never
	CutDownAfter int64 // close after this many server→client bytes; 0 = never
	DropResponse bool  // close when the first server→client byte arrives
}

// Proxy forwards 127.0.0.1:port to a target address.
type Proxy struct {
	ln     net.Listener
	target string
	plan   func(conn int) Fault
	n      atomic.Int64
	Cuts   atomic.Int64 // connections broken on purpose
	wg     sync.WaitGroup
	mu     sync.Mutex
	open   map[net.Conn]struct{}
}

// Start listens on a free loopback port; plan decides each connection's
// fault (conn counts from 0). A nil plan never breaks anything.
func Start(target string, plan func(conn int) Fault) (*Proxy, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	p := &Proxy{ln: ln, target: target, plan: plan, open: map[net.Conn]struct{}{}}
	p.wg.Add(1)
	go p.accept()
	return p, nil
}

// Addr is the proxy's host:port.
func (p *Proxy) Addr() string { return p.ln.Addr().String() }

// Conns is how many connections were accepted.
func (p *Proxy) Conns() int64 { return p.n.Load() }

// Close stops the proxy and breaks every open connection.
func (p *Proxy) Close() error {
	err := p.ln.Close()
	p.mu.Lock()
	for c := range p.open {
		c.Close()
	}
	p.mu.Unlock()
	p.wg.Wait()
	return err
}

func (p *Proxy) track(c net.Conn, add bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if add {
		p.open[c] = struct{}{}
	} else {
		delete(p.open, c)
	}
}

func (p *Proxy) accept() {
	defer p.wg.Done()
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		var f Fault
		if p.plan != nil {
			f = p.plan(int(p.n.Load()))
		}
		p.n.Add(1)
		p.wg.Add(1)
		go p.serve(c, f)
	}
}

func (p *Proxy) serve(c net.Conn, f Fault) {
	defer p.wg.Done()
	up, err := net.Dial("tcp", p.target)
	if err != nil {
		c.Close()
		return
	}
	p.track(c, true)
	p.track(up, true)
	defer func() {
		c.Close()
		up.Close()
		p.track(c, false)
		p.track(up, false)
	}()
	var once sync.Once
	cut := func() { once.Do(func() { p.Cuts.Add(1) }); c.Close(); up.Close() }
	done := make(chan struct{}, 2)
	go func() { // client → server
		defer func() { done <- struct{}{} }()
		if f.CutUpAfter > 0 {
			if _, err := io.CopyN(up, c, f.CutUpAfter); err == nil {
				cut()
				return
			}
		} else {
			io.Copy(up, c)
		}
		if tc, ok := up.(*net.TCPConn); ok {
			tc.CloseWrite()
		}
	}()
	go func() { // server → client
		defer func() { done <- struct{}{} }()
		if f.DropResponse {
			var b [1]byte
			if n, _ := up.Read(b[:]); n > 0 {
				cut()
			}
			return
		}
		if f.CutDownAfter > 0 {
			if _, err := io.CopyN(c, up, f.CutDownAfter); err == nil {
				cut()
			}
			return
		}
		io.Copy(c, up)
		if tc, ok := c.(*net.TCPConn); ok {
			tc.CloseWrite()
		}
	}()
	<-done
	<-done
}

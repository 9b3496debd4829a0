package handover

import (
	"bufio"
	"crypto/cipher"
	"encoding/binary"
	"errors"
	"io"
	"math"

	"golang.org/x/crypto/chacha20poly1305"
)

// sealWriter encrypts everything written to it in chunks (STREAM). Close
// seals the final chunk, which may be empty.
type sealWriter struct {
	w       io.Writer
	aead    cipher.AEAD
	ad      []byte
	prefix  []byte
	counter uint64
	buf     []byte // plaintext, up to chunk size
	out     []byte
	chunk   int
	closed  bool
	err     error // first write error from w, sticky
}

func newSealWriter(w io.Writer, key, ad, prefix []byte, chunk int) (*sealWriter, error) {
	aead, err := chacha20poly1305.NewX(key)
	if err != nil {
		return nil, err
	}
	return &sealWriter{w: w, aead: aead, ad: ad, prefix: prefix, chunk: chunk,
		buf: make([]byte, 0, chunk), out: make([]byte, 0, chunk+tagSize)}, nil
}

func chunkNonce(prefix []byte, counter uint64, last bool) []byte {
	n := make([]byte, chacha20poly1305.NonceSizeX)
	copy(n, prefix)
	binary.BigEndian.PutUint32(n[prefixSize:], uint32(counter))
	if last {
		n[prefixSize+4] = 1
	}
	return n
}

func (s *sealWriter) Write(p []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	n := 0
	for len(p) > 0 {
		// A full buffer is flushed only when more data follows, so the
		// final chunk is always sealed by Close with the last flag.
		if len(s.buf) == s.chunk {
			if err := s.flush(false); err != nil {
				return n, err
			}
		}
		k := copy(s.buf[len(s.buf):s.chunk], p)
		s.buf = s.buf[:len(s.buf)+k]
		p = p[k:]
		n += k
	}
	return n, nil
}

func (s *sealWriter) flush(last bool) error {
	if s.counter > math.MaxUint32 {
		return errors.New("handover: too many chunks")
	}
	s.out = s.aead.Seal(s.out[:0], chunkNonce(s.prefix, s.counter, last), s.buf, s.ad)
	s.counter++
	s.buf = s.buf[:0]
	if _, err := s.w.Write(s.out); err != nil {
		s.err = ErrWrite.Wrap(err)
	}
	return s.err
}

func (s *sealWriter) Close() error {
	if s.closed {
		return nil
	}
	s.closed = true
	return s.flush(true)
}

// openReader decrypts a STREAM written by sealWriter. It reports ErrTruncated
// when the stream ends before a chunk sealed as last, and ErrTampered when a
// chunk fails authentication.
type openReader struct {
	r       *bufio.Reader
	aead    cipher.AEAD
	ad      []byte
	prefix  []byte
	counter uint64
	in      []byte
	plain   []byte // decrypted, not yet read
	buf     []byte
	chunk   int
	done    bool // the last chunk has been opened
	err     error
	// want is the plaintext length the caller expects (-1: unknown); a
	// final chunk that fails and falls short of it was cut off, not altered.
	want int64
	// consumed counts plaintext bytes handed out by Read.
	consumed int64
}

func newOpenReader(r io.Reader, key, ad, prefix []byte, chunk int) (*openReader, error) {
	aead, err := chacha20poly1305.NewX(key)
	if err != nil {
		return nil, err
	}
	return &openReader{r: bufio.NewReaderSize(r, chunk+tagSize+1), aead: aead, ad: ad, prefix: prefix,
		chunk: chunk, in: make([]byte, chunk+tagSize), buf: make([]byte, 0, chunk), want: -1}, nil
}

func (o *openReader) Read(p []byte) (int, error) {
	for len(o.plain) == 0 {
		if o.err != nil {
			return 0, o.err
		}
		if o.done {
			return 0, io.EOF
		}
		o.err = o.next()
	}
	n := copy(p, o.plain)
	o.plain = o.plain[n:]
	o.consumed += int64(n)
	return n, nil
}

// next reads and opens one chunk.
func (o *openReader) next() error {
	n, err := io.ReadFull(o.r, o.in)
	last := false
	switch {
	case err == io.EOF || err == io.ErrUnexpectedEOF:
		last = true
	case err != nil:
		return err
	default:
		// A full-size chunk is the last one only if nothing follows it.
		if _, perr := o.r.Peek(1); perr == io.EOF {
			last = true
		} else if perr != nil {
			return perr
		}
	}
	if n < tagSize {
		return ErrTruncated
	}
	if o.counter > math.MaxUint32 {
		return ErrTampered
	}
	pt, oerr := o.aead.Open(o.buf[:0], chunkNonce(o.prefix, o.counter, last), o.in[:n], o.ad)
	if oerr != nil {
		if last {
			// A chunk that opens as a middle chunk means the rest was cut off.
			if _, e := o.aead.Open(o.buf[:0], chunkNonce(o.prefix, o.counter, false), o.in[:n], o.ad); e == nil {
				return ErrTruncated
			}
			if o.want >= 0 && int64(o.counter)*int64(o.chunk)+int64(n-tagSize) < o.want {
				return ErrTruncated
			}
		}
		return ErrTampered
	}
	o.counter++
	o.plain = pt
	o.done = last
	return nil
}

package handover

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/binary"
	"fmt"

	"golang.org/x/crypto/argon2"
)

const (
	magic         = "\x89YIYEHO\n"
	formatVersion = 1
	kdfArgon2id   = 1
	headerSize    = 83
	saltSize      = 16
	prefixSize    = 19
	checkSize     = 16
	tagSize       = 16 // Poly1305
)

// KDFParams are the Argon2id cost parameters stored in a file's header.
type KDFParams struct {
	Time      uint32 // passes over memory
	MemoryKiB uint32 // memory in KiB
	Threads   uint8  // lanes
}

// DefaultKDF is Argon2id with RFC 9106's second recommended time and
// memory (t=3, 64 MiB) but 2 lanes, as kiosk PCs have 2-4 cores.
// BenchmarkKDF: 0.42-0.62 s on a shared, loaded 2-core EPYC VM. Offline
// guessing of a lost USB stick's passphrase pays that per guess.
var DefaultKDF = KDFParams{Time: 3, MemoryKiB: 64 * 1024, Threads: 2}

// Bounds applied to a file's header on import: anything outside is refused
// before the KDF runs, so a hostile file cannot demand more than 64 MiB or
// a minute of CPU.
const (
	MaxKDFMemoryKiB = 64 * 1024
	MaxKDFTime      = 16
	MaxKDFThreads   = 8
	MinChunkSize    = 1 << 10
	MaxChunkSize    = 1 << 20
	// DefaultChunkSize balances per-chunk overhead (16-byte tag) against buffer size.
	DefaultChunkSize = 64 << 10
)

// The bounds in force; FuzzImport lowers them so each input stays cheap.
var (
	maxMemoryKiB uint32 = MaxKDFMemoryKiB
	maxTime      uint32 = MaxKDFTime
)

func (p KDFParams) valid() bool {
	return p.Time >= 1 && p.Time <= maxTime &&
		p.Threads >= 1 && p.Threads <= MaxKDFThreads &&
		p.MemoryKiB >= 8*uint32(p.Threads) && p.MemoryKiB <= maxMemoryKiB
}

type header struct {
	kdf       KDFParams
	chunkSize uint32
	plainLen  uint64 // total plaintext bytes in the stream
	salt      [saltSize]byte
	prefix    [prefixSize]byte
	check     [checkSize]byte
}

func (h *header) marshal() []byte {
	b := make([]byte, headerSize)
	copy(b, magic)
	binary.BigEndian.PutUint16(b[8:], formatVersion)
	b[10] = kdfArgon2id
	b[11] = h.kdf.Threads
	binary.BigEndian.PutUint32(b[12:], h.kdf.Time)
	binary.BigEndian.PutUint32(b[16:], h.kdf.MemoryKiB)
	binary.BigEndian.PutUint32(b[20:], h.chunkSize)
	binary.BigEndian.PutUint64(b[24:], h.plainLen)
	copy(b[32:], h.salt[:])
	copy(b[48:], h.prefix[:])
	copy(b[67:], h.check[:])
	return b
}

// parseHeader checks b (headerSize bytes) before any expensive work.
func parseHeader(b []byte) (*header, error) {
	if len(b) < len(magic) || string(b[:len(magic)]) != magic {
		return nil, ErrNotBundle
	}
	if len(b) < headerSize {
		return nil, ErrTruncated
	}
	if v := binary.BigEndian.Uint16(b[8:]); v != formatVersion {
		if v > formatVersion {
			return nil, ErrUnsupportedVersion
		}
		return nil, ErrNotBundle
	}
	if b[10] != kdfArgon2id {
		return nil, ErrBadParams.Wrap(fmt.Errorf("kdf id %d", b[10]))
	}
	h := &header{
		kdf: KDFParams{
			Threads:   b[11],
			Time:      binary.BigEndian.Uint32(b[12:]),
			MemoryKiB: binary.BigEndian.Uint32(b[16:]),
		},
		chunkSize: binary.BigEndian.Uint32(b[20:]),
		plainLen:  binary.BigEndian.Uint64(b[24:]),
	}
	if !h.kdf.valid() {
		return nil, ErrBadParams.Wrap(fmt.Errorf("kdf params %+v", h.kdf))
	}
	if h.chunkSize < MinChunkSize || h.chunkSize > MaxChunkSize {
		return nil, ErrBadParams.Wrap(fmt.Errorf("chunk size %d", h.chunkSize))
	}
	copy(h.salt[:], b[32:])
	copy(h.prefix[:], b[48:])
	copy(h.check[:], b[67:])
	return h, nil
}

// deriveKeys returns the AEAD key and the key check for passphrase.
func deriveKeys(passphrase string, salt []byte, p KDFParams) (key []byte, check [checkSize]byte) {
	k := argon2.IDKey([]byte(passphrase), salt, p.Time, p.MemoryKiB, p.Threads, 64)
	copy(check[:], k[48:])
	return k[:32], check
}

func newHeader(passphrase string, p KDFParams, chunkSize int, plainLen uint64) (*header, []byte, error) {
	h := &header{kdf: p, chunkSize: uint32(chunkSize), plainLen: plainLen}
	if _, err := rand.Read(h.salt[:]); err != nil {
		return nil, nil, err
	}
	if _, err := rand.Read(h.prefix[:]); err != nil {
		return nil, nil, err
	}
	key, check := deriveKeys(passphrase, h.salt[:], p)
	h.check = check
	return h, key, nil
}

// openKey derives the key for h and checks the passphrase against the key check.
func openKey(h *header, passphrase string) ([]byte, error) {
	key, check := deriveKeys(passphrase, h.salt[:], h.kdf)
	if subtle.ConstantTimeCompare(check[:], h.check[:]) != 1 {
		return nil, ErrWrongPassphrase
	}
	return key, nil
}

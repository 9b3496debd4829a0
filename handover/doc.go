// Package handover moves a draft and its attachments between machines in one
// passphrase-encrypted file ("草稿交接文件"), e.g. from a home PC to a kiosk in
// the government service hall on a USB stick.
//
// It does not know the drafts package: the caller passes the draft as JSON
// bytes (Manifest.Draft) and its attachments as a list of files, and on import
// gets them back in a fresh directory to hand to the draft store.
//
// Wiring: export with ExportFile(path, passphrase, Manifest{Draft: json},
// files) — it never leaves a half-written file under the real name. To
// import, optionally Probe the chosen file, call RemoveStale(dir) then
// ImportFile(path, passphrase, dir, Limits{...}); give Imported.Manifest.Draft
// and Imported.Files to the draft store as a new draft (never over an
// existing one), then Imported.Remove(). Every error is a *usererr.Error.
//
// # File format (version 1)
//
// A fixed 83-byte header, then the ciphertext stream:
//
//	off len field
//	  0   8 magic "\x89YIYEHO\n"
//	  8   2 format version (big endian), 1
//	 10   1 KDF id, 1 = Argon2id
//	 11   1 Argon2 threads
//	 12   4 Argon2 time (passes)
//	 16   4 Argon2 memory in KiB
//	 20   4 plaintext chunk size
//	 24   8 plaintext length
//	 32  16 salt
//	 48  19 nonce prefix
//	 67  16 key check (Argon2id output bytes 48..64, see below)
//
// Argon2id(passphrase, salt) yields 64 bytes: the first 32 are the
// XChaCha20-Poly1305 key, bytes 48..64 are the key check that lets Import tell
// "wrong passphrase" from "damaged file". The KDF parameters are read from the
// header but bounded (MaxKDFMemoryKiB, ...), so a hostile file cannot make the
// importer burn memory or time.
//
// The plaintext is cut into chunks of the header's chunk size, each sealed
// with the whole header as associated data and the nonce
// prefix‖counter(4, big endian)‖last(1) (the STREAM construction), so chunks
// cannot be reordered, dropped or cut off without the importer noticing, and
// neither side needs the whole file in memory.
//
// The plaintext length in the header lets Import refuse an oversized file
// before running the KDF and tell a cut-off file ("truncated") from an
// altered one ("tampered").
//
// The plaintext itself is: uint32 length + index JSON (format, creation
// time, Manifest, and the name and size of every file), then each file's
// bytes followed by its SHA-256. The index comes first so Import can check
// names, counts and sizes against its Limits before it writes anything.
package handover

package handover

import (
	"io"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkKDF measures the default Argon2id cost paid once per export and
// once per import (target: about 0.5 s, 64 MiB).
func BenchmarkKDF(b *testing.B) {
	salt := make([]byte, saltSize)
	for b.Loop() {
		deriveKeys(pass, salt, DefaultKDF)
	}
}

func bench50MB(b *testing.B) (src string, files []File) {
	dir := b.TempDir()
	src = filepath.Join(dir, "scan.pdf")
	if err := os.WriteFile(src, randBytes(b, 50<<20), 0o600); err != nil {
		b.Fatal(err)
	}
	return dir, []File{{Name: "M001/scan.pdf", Path: src}}
}

// BenchmarkExport50MB exports a 50 MB attachment with the default KDF and
// chunk size, to a file as onto a USB stick.
func BenchmarkExport50MB(b *testing.B) {
	dir, files := bench50MB(b)
	out := filepath.Join(dir, "out.yiye")
	b.SetBytes(50 << 20)
	for b.Loop() {
		f, err := os.Create(out)
		if err != nil {
			b.Fatal(err)
		}
		if err := Export(f, pass, Manifest{Draft: testDraft}, files); err != nil {
			b.Fatal(err)
		}
		f.Close()
	}
}

// BenchmarkImport50MB imports that bundle (decrypt, verify, write, rename).
func BenchmarkImport50MB(b *testing.B) {
	dir, files := bench50MB(b)
	bundle := filepath.Join(dir, "in.yiye")
	f, err := os.Create(bundle)
	if err != nil {
		b.Fatal(err)
	}
	if err := Export(f, pass, Manifest{Draft: testDraft}, files); err != nil {
		b.Fatal(err)
	}
	f.Close()
	dest := filepath.Join(dir, "dest")
	b.SetBytes(50 << 20)
	for b.Loop() {
		in, err := os.Open(bundle)
		if err != nil {
			b.Fatal(err)
		}
		im, err := Import(in, pass, dest, Limits{})
		in.Close()
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		im.Remove()
		b.StartTimer()
	}
}

// BenchmarkStream50MB is the cipher alone (no KDF, no disk).
func BenchmarkStream50MB(b *testing.B) {
	key := make([]byte, 32)
	data := randBytes(b, 50<<20)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		pr, pw := io.Pipe()
		go func() {
			sw, _ := newSealWriter(pw, key, nil, make([]byte, prefixSize), DefaultChunkSize)
			sw.Write(data)
			sw.Close()
			pw.Close()
		}()
		or, _ := newOpenReader(pr, key, nil, make([]byte, prefixSize), DefaultChunkSize)
		if n, err := io.Copy(io.Discard, or); err != nil || n != int64(len(data)) {
			b.Fatal(n, err)
		}
	}
}

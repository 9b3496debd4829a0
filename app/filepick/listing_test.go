package filepick

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

func names(es []entry) []string {
	var out []string
	for _, e := range es {
		n := e.name
		if e.dir {
			n += "/"
		}
		out = append(out, n)
	}
	return out
}

func TestReadDir(t *testing.T) {
	root := makeTree(t,
		"b.PDF", "a.jpg", "c.txt", "营业执照.Jpeg", "上海.pdf", "北京.png", "第10页.pdf", "第2页.pdf",
		".hidden.pdf", ".git/", "Zeta/", "alpha/", "上海分店/", "安达/", "noext",
	)
	cases := []struct {
		name string
		exts []string
		want []string
	}{
		{"materials", []string{".pdf", ".jpg", ".jpeg", ".png"}, []string{
			"alpha/", "Zeta/", "安达/", "上海分店/",
			"a.jpg", "b.PDF", "北京.png", "第2页.pdf", "第10页.pdf", "上海.pdf", "营业执照.Jpeg",
		}},
		{"hand-over files", []string{".yiye"}, []string{"alpha/", "Zeta/", "安达/", "上海分店/"}},
		{"all files", nil, []string{
			"alpha/", "Zeta/", "安达/", "上海分店/",
			"a.jpg", "b.PDF", "c.txt", "noext", "北京.png", "第2页.pdf", "第10页.pdf", "上海.pdf", "营业执照.Jpeg",
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			es, err := readDir(root, normalizeExts(c.exts))
			if err != nil {
				t.Fatal(err)
			}
			if got := names(es); !slices.Equal(got, c.want) {
				t.Errorf("listed\n %q\nwant\n %q", got, c.want)
			}
		})
	}
}

func TestReadDirSizesAndTimes(t *testing.T) {
	root := t.TempDir()
	p := filepath.Join(root, "申请表.pdf")
	if err := os.WriteFile(p, make([]byte, 1234), 0o644); err != nil {
		t.Fatal(err)
	}
	mod := time.Date(2026, 12, 3, 14, 5, 0, 0, time.Local)
	if err := os.Chtimes(p, mod, mod); err != nil {
		t.Fatal(err)
	}
	es, err := readDir(root, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != 1 || es[0].size != 1234 || !es[0].mod.Equal(mod) || es[0].path != p || es[0].dir {
		t.Fatalf("entry = %+v", es)
	}
}

func TestReadDirLinks(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links need a privilege on Windows")
	}
	root := makeTree(t, "real/", "real/x.pdf", "doc.pdf")
	for link, target := range map[string]string{
		"to-dir":     filepath.Join(root, "real"),
		"to-pdf.pdf": filepath.Join(root, "doc.pdf"),
		"dead.pdf":   filepath.Join(root, "missing.pdf"),
	} {
		if err := os.Symlink(target, filepath.Join(root, link)); err != nil {
			t.Fatal(err)
		}
	}
	es, err := readDir(root, []string{".pdf"})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"real/", "to-dir/", "doc.pdf", "to-pdf.pdf"}
	if got := names(es); !slices.Equal(got, want) {
		t.Errorf("listed %q, want %q (links as their targets, broken ones left out)", got, want)
	}
}

func TestReadDirUnreadable(t *testing.T) {
	_, err := readDir(filepath.Join(t.TempDir(), "unplugged"), nil)
	if err == nil {
		t.Fatal("a missing folder listed without error")
	}
}

func TestNormalizeExts(t *testing.T) {
	got := normalizeExts([]string{".PDF", "jpg", " .png ", "", ".", ".pdf"})
	if want := []string{".pdf", ".jpg", ".png"}; !slices.Equal(got, want) {
		t.Errorf("normalizeExts = %q, want %q", got, want)
	}
	if normalizeExts(nil) != nil || normalizeExts([]string{""}) != nil {
		t.Error("no extensions should mean all files (nil)")
	}
}

// BenchmarkReadDir measures listing a folder of 1000 files, the case for
// keeping the listing on the UI goroutine.
func BenchmarkReadDir(b *testing.B) {
	root := b.TempDir()
	for i := range 1000 {
		name := fmt.Sprintf("材料%04d.pdf", i)
		if i%3 == 0 {
			name = fmt.Sprintf("photo-%d.JPG", i)
		}
		if err := os.WriteFile(filepath.Join(root, name), nil, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	exts := normalizeExts([]string{".pdf", ".jpg"})
	for b.Loop() {
		if es, err := readDir(root, exts); err != nil || len(es) != 1000 {
			b.Fatal(len(es), err)
		}
	}
}

// makeTree creates a temporary folder holding paths: a name ending in "/"
// is a folder, anything else a file whose content is its own name.
func makeTree(t testing.TB, paths ...string) string {
	t.Helper()
	root := t.TempDir()
	for _, p := range paths {
		full := filepath.Join(root, filepath.FromSlash(p))
		if strings.HasSuffix(p, "/") {
			if err := os.MkdirAll(full, 0o755); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(p), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

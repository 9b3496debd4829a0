package i18ntest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// TestProblems feeds each kind of fault through Problems and checks it is
// the one reported, so every check in CheckComplete can fail.
func TestProblems(t *testing.T) {
	const (
		zhOK = `{"p.a": "你好 {{.N}}", "p.b": "{{.N}}.", "p.c": "再见"}`
		enOK = `{"p.a": "Hello {{.N}}", "p.b": "{{.N}}.", "p.c": "Bye"}`
		src  = "package x\n\nvar _ = tr(\"p.a\")\nvar _ = []string{\"p.b\", \"p.c\"}\n"
	)
	base := Options{Prefix: "p.", ZhMayBeLatin: []string{"p.b"}, MinUsed: 3}
	cases := []struct {
		name     string
		zh, en   string
		src      string
		opt      func(*Options)
		want     string // substring of the one problem; "" means none
		problems int
	}{
		{name: "complete", zh: zhOK, en: enOK, src: src},
		{name: "missing in en", zh: zhOK, en: `{"p.a": "Hello {{.N}}", "p.b": "{{.N}}."}`, src: src, want: `"p.c" in zh-Hans.json but not en.json`},
		{name: "missing in zh", zh: `{"p.a": "你好 {{.N}}", "p.b": "{{.N}}."}`, en: enOK, src: src, want: `"p.c" in en.json but not zh-Hans.json`, problems: 2},
		{name: "used but missing", zh: zhOK, en: enOK, src: src + "var _ = tr(\"p.d\")\n", want: `"p.d" used`},
		{name: "used in a comment", zh: zhOK, en: enOK, src: src + "// see \"p.e\"\n", want: `"p.e" used`},
		{name: "not a key", zh: zhOK, en: enOK, src: src + "var _ = \"p.code\"\n", opt: func(o *Options) { o.NotKeys = []string{"p.code"} }},
		{name: "empty zh", zh: `{"p.a": "你好 {{.N}}", "p.b": "{{.N}}.", "p.c": " "}`, en: enOK, src: src, want: `zh "p.c" is empty`},
		{name: "empty en", zh: zhOK, en: `{"p.a": "Hello {{.N}}", "p.b": "{{.N}}.", "p.c": ""}`, src: src, want: `en "p.c" is empty`},
		{name: "no prefix", zh: `{"p.a": "你好 {{.N}}", "p.b": "{{.N}}.", "p.c": "再见", "q": "好"}`, en: `{"p.a": "Hello {{.N}}", "p.b": "{{.N}}.", "p.c": "Bye", "q": "OK"}`, src: src, want: `"q" lacks the p. prefix`},
		{name: "zh without Han", zh: `{"p.a": "你好 {{.N}}", "p.b": "{{.N}}.", "p.c": "“Bye”"}`, en: enOK, src: src, want: `zh "p.c" = "“Bye”" has no Chinese`},
		{name: "zh format not listed", zh: zhOK, en: enOK, src: src, opt: func(o *Options) { o.ZhMayBeLatin = nil }, want: `zh "p.b"`},
		{name: "en with CJK punctuation", zh: zhOK, en: `{"p.a": "Hello {{.N}}", "p.b": "{{.N}}.", "p.c": "Bye。"}`, src: src, want: `en "p.c" = "Bye。" contains Chinese`},
		{name: "en may quote Chinese", zh: zhOK, en: `{"p.a": "Hello {{.N}}", "p.b": "{{.N}}.", "p.c": "Bye 再见"}`, src: src, opt: func(o *Options) { o.EnMayHaveHan = []string{"p.c"} }},
		{name: "field renamed", zh: zhOK, en: `{"p.a": "Hello {{.M}}", "p.b": "{{.N}}.", "p.c": "Bye"}`, src: src, want: `"p.a": template fields differ`},
		{name: "field dropped", zh: zhOK, en: `{"p.a": "Hello", "p.b": "{{.N}}.", "p.c": "Bye"}`, src: src, want: `"p.a": template fields differ`},
		{name: "fields reordered", zh: `{"p.a": "{{.A}}你好{{.B}}", "p.b": "{{.N}}.", "p.c": "再见"}`, en: `{"p.a": "{{.B}} hello {{.A}}", "p.b": "{{.N}}.", "p.c": "Bye"}`, src: src},
		{name: "scanner finds too few", zh: zhOK, en: enOK, src: "package x\n", want: "scanner is broken"},
		{name: "bad json", zh: `{"p.a": 1}`, en: enOK, src: src, want: "zh-Hans.json"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fsys := fstest.MapFS{
				"tr/zh-Hans.json": {Data: []byte(c.zh)},
				"tr/en.json":      {Data: []byte(c.en)},
			}
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "x.go"), []byte(c.src), 0o644); err != nil {
				t.Fatal(err)
			}
			// A test file naming a missing key is not scanned.
			if err := os.WriteFile(filepath.Join(dir, "x_test.go"), []byte(`package x; var _ = "p.zz"`), 0o644); err != nil {
				t.Fatal(err)
			}
			o := base
			if c.opt != nil {
				c.opt(&o)
			}
			got := Problems(fsys, "tr", dir, o)
			n := c.problems
			if c.want != "" && n == 0 {
				n = 1
			}
			if len(got) != n {
				t.Fatalf("got %d problems, want %d: %q", len(got), n, got)
			}
			if c.want != "" && !strings.Contains(strings.Join(got, "\n"), c.want) {
				t.Errorf("problems %q do not mention %q", got, c.want)
			}
		})
	}
}

func TestHasCJK(t *testing.T) {
	for s, want := range map[string]bool{"abc": false, "a，b": true, "「x」": true, "便利店": true, "“x”": false, "": false} {
		if HasCJK(s) != want {
			t.Errorf("HasCJK(%q) = %v", s, !want)
		}
	}
}

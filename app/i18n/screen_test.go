package i18n

import (
	"testing"
	"testing/fstest"

	"fyne.io/fyne/v2/test"
)

func TestStrings(t *testing.T) {
	test.NewTempApp(t)
	s := NewStrings(fstest.MapFS{
		"tr/zh-Hans.json": {Data: []byte(`{"strtest.hi": "你好，{{.Name}}", "strtest.n": "{{.N}} 项"}`)},
		"tr/en.json":      {Data: []byte(`{"strtest.hi": "Hello, {{.Name}}", "strtest.n": "{{.N}} items"}`)},
	}, "tr")
	t.Cleanup(func() { _ = Apply(Chinese) })

	// Registered but not yet applied: the Chinese file is the fallback.
	if got := s.M("strtest.hi", "Name", "王"); got != "你好，王" {
		t.Errorf("before Apply = %q", got)
	}
	if got := s.X("strtest.unknown"); got != "strtest.unknown" {
		t.Errorf("unknown key = %q, want the key itself", got)
	}
	if err := Apply(English); err != nil {
		t.Fatal(err)
	}
	if got := s.M("strtest.hi", "Name", "Wang"); got != "Hello, Wang" {
		t.Errorf("English = %q", got)
	}
	// A dangling name or a non-string name is ignored, not a panic.
	if got := s.M("strtest.n", "N", 3, 7, "x", "dangling"); got != "3 items" {
		t.Errorf("English pairs = %q", got)
	}
	if got := s.X("strtest.n", map[string]any{"N": 2}); got != "2 items" {
		t.Errorf("English X = %q", got)
	}
	if err := Apply(Chinese); err != nil {
		t.Fatal(err)
	}
	if got := s.M("strtest.n", "N", 4); got != "4 项" {
		t.Errorf("Chinese = %q", got)
	}
}

// A screen package without a readable Chinese file still registers and
// falls back to the key.
func TestStringsMissingFile(t *testing.T) {
	s := NewStrings(fstest.MapFS{"none/en.json": {Data: []byte(`{}`)}}, "none")
	if got := s.X("strtest.absent"); got != "strtest.absent" {
		t.Errorf("X = %q", got)
	}
}

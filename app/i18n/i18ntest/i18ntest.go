// Package i18ntest checks a screen package's translations from its tests:
// both languages complete and alike, and every key the package's Go
// source names present.
package i18ntest

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/naiman-yiye/yiye/app/i18n"
)

// Options describe one package's translations.
type Options struct {
	// Prefix starts every key of the package, e.g. "journey.".
	Prefix string
	// ZhMayBeLatin lists keys whose Chinese text may have no Han
	// character (pure formats such as "{{.N}}.").
	ZhMayBeLatin []string
	// EnMayHaveHan lists keys whose English text quotes Chinese on purpose.
	EnMayHaveHan []string
	// NotKeys lists strings in the sources that look like keys but are
	// not translations (e.g. usererr codes sharing the prefix).
	NotKeys []string
	// MinUsed is how many distinct keys the source scan must find at
	// least; fewer means the scanner is broken. Zero means 1.
	MinUsed int
}

// CheckComplete reports, as test errors, every Problem of the
// translations in fsys/dir (i18n.ZhFile and i18n.EnFile) against the
// non-test Go files in srcDir (usually ".").
func CheckComplete(t testing.TB, fsys fs.FS, dir, srcDir string, o Options) {
	t.Helper()
	for _, p := range Problems(fsys, dir, srcDir, o) {
		t.Error(p)
	}
}

// field is one template field, {{.Name}}.
var field = regexp.MustCompile(`\{\{\s*\.[A-Za-z0-9_]+\s*\}\}`)

// Problems lists what is wrong with the translations: a file that does
// not parse as a flat string map; a key in one language only; an empty
// value; a key without o.Prefix; Chinese text without Han characters or
// English text with CJK characters (unless listed in o); different
// template fields in the two languages; a key named in the sources but
// missing; or a source scan finding fewer than o.MinUsed keys.
func Problems(fsys fs.FS, dir, srcDir string, o Options) []string {
	var out []string
	bad := func(format string, a ...any) { out = append(out, fmt.Sprintf(format, a...)) }
	zh, err := load(fsys, path.Join(dir, i18n.ZhFile))
	if err != nil {
		return []string{err.Error()}
	}
	en, err := load(fsys, path.Join(dir, i18n.EnFile))
	if err != nil {
		return []string{err.Error()}
	}
	for _, k := range sortedKeys(zh) {
		v := zh[k]
		e, ok := en[k]
		if !ok {
			bad("key %q in %s but not %s", k, i18n.ZhFile, i18n.EnFile)
		}
		if !strings.HasPrefix(k, o.Prefix) {
			bad("key %q lacks the %s prefix", k, o.Prefix)
		}
		if strings.TrimSpace(v) == "" {
			bad("zh %q is empty", k)
		} else if !hasHan(v) && !slices.Contains(o.ZhMayBeLatin, k) {
			bad("zh %q = %q has no Chinese", k, v)
		}
		if ok {
			a, b := fields(v), fields(e)
			if !slices.Equal(a, b) {
				bad("%q: template fields differ: zh %v en %v", k, a, b)
			}
		}
	}
	for _, k := range sortedKeys(en) {
		v := en[k]
		if _, ok := zh[k]; !ok {
			bad("key %q in %s but not %s", k, i18n.EnFile, i18n.ZhFile)
		}
		if strings.TrimSpace(v) == "" {
			bad("en %q is empty", k)
		} else if HasCJK(v) && !slices.Contains(o.EnMayHaveHan, k) {
			bad("en %q = %q contains Chinese", k, v)
		}
	}

	used, err := UsedKeys(srcDir, o.Prefix)
	if err != nil {
		return append(out, err.Error())
	}
	if n := max(o.MinUsed, 1); len(used) < n {
		bad("found only %d %s keys in %s (want at least %d); the scanner is broken", len(used), o.Prefix, srcDir, n)
	}
	for _, k := range used {
		if _, ok := zh[k]; !ok && !slices.Contains(o.NotKeys, k) {
			bad("key %q used in %s but missing from %s", k, srcDir, i18n.ZhFile)
		}
	}
	return out
}

// UsedKeys returns, sorted, every quoted string "<prefix>[a-z0-9_.]+" in
// the non-test Go files of srcDir, comments included: whatever names a
// key must name one that exists.
func UsedKeys(srcDir, prefix string) ([]string, error) {
	files, err := filepath.Glob(filepath.Join(srcDir, "*.go"))
	if err != nil {
		return nil, err
	}
	re := regexp.MustCompile(`"(` + regexp.QuoteMeta(prefix) + `[a-z0-9_.]+)"`)
	set := map[string]bool{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		for _, m := range re.FindAllStringSubmatch(string(src), -1) {
			set[m[1]] = true
		}
	}
	return sortedKeys(set), nil
}

func load(fsys fs.FS, name string) (map[string]string, error) {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, err
	}
	m := map[string]string{}
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return m, nil
}

// fields returns v's template fields, sorted, so order may differ
// between languages but not the set or the count.
func fields(v string) []string {
	f := field.FindAllString(v, -1)
	for i, s := range f {
		f[i] = strings.Join(strings.Fields(s), "")
	}
	slices.Sort(f)
	return f
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func hasHan(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) }) >= 0
}

// HasCJK reports a Han character, CJK punctuation (、。「」) or a
// full-width form (，：（）) in s: what English text must not carry.
func HasCJK(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool {
		return unicode.Is(unicode.Han, r) || (r >= 0x3000 && r <= 0x303F) || (r >= 0xFF00 && r <= 0xFFEF)
	}) >= 0
}

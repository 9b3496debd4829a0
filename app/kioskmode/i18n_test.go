package kioskmode

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"
)

func loadFile(t *testing.T, name string) map[string]string {
	t.Helper()
	b, err := translations.ReadFile("translations/" + name)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]string{}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return m
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// TestTranslationsComplete: both files have the same keys, Chinese in
// Chinese, no Chinese in English, the same template fields, and every key
// the sources use.
func TestTranslationsComplete(t *testing.T) {
	zh, en := loadFile(t, zhFile), loadFile(t, enFile)
	field := regexp.MustCompile(`\{\{\.[A-Za-z]+\}\}`)
	for k, v := range zh {
		e, ok := en[k]
		if !ok {
			t.Errorf("%q missing in en", k)
			continue
		}
		if !strings.HasPrefix(k, "kioskmode.") || !hasHan(v) || strings.TrimSpace(e) == "" || hasHan(e) {
			t.Errorf("%q: zh %q en %q", k, v, e)
		}
		if strings.Join(field.FindAllString(v, -1), ",") != strings.Join(field.FindAllString(e, -1), ",") &&
			len(field.FindAllString(v, -1)) != len(field.FindAllString(e, -1)) {
			t.Errorf("%q: template fields differ: %q / %q", k, v, e)
		}
	}
	for k := range en {
		if _, ok := zh[k]; !ok {
			t.Errorf("%q missing in zh", k)
		}
	}
	used := regexp.MustCompile(`(?:trm?\(|TitleKey: )"(kioskmode\.[a-z_.]+)"`)
	files, _ := filepath.Glob("*.go")
	n := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range used.FindAllStringSubmatch(string(b), -1) {
			n++
			if _, ok := zh[m[1]]; !ok {
				t.Errorf("%s uses %q, not in the translation files", f, m[1])
			}
		}
	}
	if n < 50 {
		t.Fatalf("found only %d uses; the scanner is broken", n)
	}
}

package services

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"
)

func loadTranslationFile(t *testing.T, name string) map[string]string {
	t.Helper()
	data, err := translations.ReadFile("translations/" + name)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]string{}
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return m
}

// TestTranslationsComplete: zh and en have the same keys, none empty,
// Chinese in the Chinese file and none in the English one, the same
// template fields in both, and every key the code uses is present.
func TestTranslationsComplete(t *testing.T) {
	zh := loadTranslationFile(t, zhFile)
	en := loadTranslationFile(t, enFile)
	field := regexp.MustCompile(`\{\{\.[A-Za-z]+\}\}`)
	for k, v := range zh {
		e, ok := en[k]
		if !ok {
			t.Errorf("key %q in zh but not en", k)
		}
		if !strings.HasPrefix(k, "svc.") {
			t.Errorf("key %q lacks the svc. prefix", k)
		}
		if strings.TrimSpace(v) == "" || !containsHan(v) && !zhMayBeLatin(v) {
			t.Errorf("zh %q = %q is empty or has no Chinese", k, v)
		}
		a, b := field.FindAllString(v, -1), field.FindAllString(e, -1)
		if strings.Join(sorted(a), ",") != strings.Join(sorted(b), ",") {
			t.Errorf("%q: template fields differ: zh %v en %v", k, a, b)
		}
	}
	for k, v := range en {
		if _, ok := zh[k]; !ok {
			t.Errorf("key %q in en but not zh", k)
		}
		if strings.TrimSpace(v) == "" || containsHan(v) {
			t.Errorf("en %q = %q is empty or contains Chinese", k, v)
		}
	}
	used := usedKeys(t)
	if len(used) < 20 {
		t.Fatalf("found only %d keys in the sources; the scanner is broken", len(used))
	}
	for _, k := range used {
		if _, ok := zh[k]; !ok {
			t.Errorf("key %q used in code but missing from %s", k, zhFile)
		}
	}
}

// zhMayBeLatin: values that are only template fields and punctuation.
func zhMayBeLatin(v string) bool {
	return strings.Trim(regexp.MustCompile(`\{\{\.[A-Za-z]+\}\}`).ReplaceAllString(v, ""), " ./·0123456789") == ""
}

func sorted(s []string) []string {
	out := append([]string(nil), s...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

func containsHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) || (r >= 0x3000 && r <= 0x303F) || (r >= 0xFF00 && r <= 0xFFEF) {
			return true
		}
	}
	return false
}

func usedKeys(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`"(svc\.[a-z0-9_.]+)"`)
	set := map[string]bool{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(src), -1) {
			set[m[1]] = true
		}
	}
	var keys []string
	for k := range set {
		keys = append(keys, k)
	}
	return keys
}

package journey

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"sort"
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

// TestTranslationsComplete checks that zh and en have the same keys, no
// empty values, Chinese text in the Chinese file, and every key the code
// uses through tr/trm.
func TestTranslationsComplete(t *testing.T) {
	zh := loadTranslationFile(t, zhFile)
	en := loadTranslationFile(t, enFile)
	for k, v := range zh {
		if _, ok := en[k]; !ok {
			t.Errorf("key %q in zh but not en", k)
		}
		if strings.TrimSpace(v) == "" {
			t.Errorf("zh %q is empty", k)
		}
		if !strings.HasPrefix(k, "journey.") {
			t.Errorf("key %q lacks the journey. prefix", k)
		}
		if !containsHan(v) && !zhMayBeLatin[k] {
			t.Errorf("zh %q = %q has no Chinese", k, v)
		}
	}
	for k, v := range en {
		if _, ok := zh[k]; !ok {
			t.Errorf("key %q in en but not zh", k)
		}
		if strings.TrimSpace(v) == "" {
			t.Errorf("en %q is empty", k)
		}
		if containsHan(v) && !enMayHaveHan[k] {
			t.Errorf("en %q = %q contains Chinese", k, v)
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

// zhMayBeLatin lists Chinese values that are legitimately Latin (formats).
var zhMayBeLatin = map[string]bool{
	"journey.q.number": true, "journey.step.numbered": true, "journey.mat.pdf_info_nopages": true,
	"journey.quoted": true,
}

// enMayHaveHan lists English values that quote Chinese on purpose.
var enMayHaveHan = map[string]bool{"journey.home.search_placeholder": true}

func containsHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) || (r >= 0x3000 && r <= 0x303F) || (r >= 0xFF00 && r <= 0xFFEF) {
			return true
		}
	}
	return false
}

var keyCall = regexp.MustCompile(`"(journey\.[a-z0-9_.]+)"`)

func usedKeys(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	set := map[string]bool{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(src), "\n") {
			if strings.HasPrefix(strings.TrimSpace(line), "//") {
				continue
			}
			for _, m := range keyCall.FindAllStringSubmatch(line, -1) {
				set[m[1]] = true
			}
		}
	}
	keys := make([]string, 0, len(set))
	for k := range set {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

package kioskmode

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/naiman-yiye/yiye/handover"
)

// FuzzExportFileName: whatever the draft title, the suggested file name is
// one safe path element ending in the bundle extension.
func FuzzExportFileName(f *testing.F) {
	for _, s := range []string{"奈曼旗张三便利店 · 便利店", "../../etc/passwd", `a\b:c*d?e"f<g>h|i`, "\x00\x1f", strings.Repeat("长", 100), ""} {
		f.Add(s)
	}
	now := time.Date(2026, 11, 24, 9, 30, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, title string) {
		if !utf8.ValidString(title) {
			return
		}
		n := exportFileName(title, now)
		if !strings.HasSuffix(n, handover.Extension) || strings.ContainsAny(n, `/\:*?"<>|`) {
			t.Fatalf("unsafe name %q", n)
		}
		for _, r := range n {
			if r < 32 {
				t.Fatalf("control character in %q", n)
			}
		}
		if utf8.RuneCountInString(n) > 80 {
			t.Fatalf("name too long: %q", n)
		}
	})
}

// FuzzStrength: the hint never calls a passphrase the exporter refuses
// anything but too short, and always has text.
func FuzzStrength(f *testing.F) {
	for _, s := range []string{"", "short", "password", "Naiman-2026-秋季", "一业一证申请助手口令"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		text, _ := strength(s)
		if text == "" {
			t.Fatal("empty hint")
		}
		short := handover.CheckPassphrase(s) != nil
		if short != strings.Contains(text, "太短") {
			t.Fatalf("%q: hint %q, exporter refuses: %v", s, text, short)
		}
	})
}

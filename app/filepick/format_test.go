package filepick

import (
	"testing"
	"time"

	"github.com/naiman-yiye/yiye/app/i18n"
	ytheme "github.com/naiman-yiye/yiye/app/theme"
)

func TestFormatSize(t *testing.T) {
	for n, want := range map[int64]string{
		0: "0 B", 532: "532 B", 999: "999 B", 1000: "1.0 KB", 4608: "4.5 KB", 18 * 1024: "18 KB",
		1258291: "1.2 MB", 15 << 20: "15 MB", 1023 << 20: "1.0 GB", 3 << 40: "3.0 TB",
	} {
		if got := formatSize(n); got != want {
			t.Errorf("formatSize(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestFormatTimeAndTypes(t *testing.T) {
	newTestApp(t, ytheme.Options{})
	mod := time.Date(2026, 12, 3, 14, 5, 0, 0, time.Local)
	exts := normalizeExts([]string{".pdf", ".jpg", ".jpeg", ".png"})
	if got, want := formatTime(mod), "2026年12月3日 14:05"; got != want {
		t.Errorf("zh time %q, want %q", got, want)
	}
	if got, want := typesLine(exts), "只显示 PDF、JPG、PNG 文件"; got != want {
		t.Errorf("zh types %q, want %q", got, want)
	}
	if got, want := typesLine(normalizeExts([]string{".jpeg"})), "只显示 JPEG 文件"; got != want {
		t.Errorf("JPEG alone: %q, want %q", got, want)
	}
	if typesLine(nil) != "" {
		t.Error("all files need no types line")
	}
	if err := i18n.Apply(i18n.English); err != nil {
		t.Fatal(err)
	}
	if got, want := formatTime(mod), "December 3, 2026 14:05"; got != want {
		t.Errorf("en time %q, want %q", got, want)
	}
	if got, want := typesLine(exts), "Showing PDF, JPG, PNG files only"; got != want {
		t.Errorf("en types %q, want %q", got, want)
	}
}

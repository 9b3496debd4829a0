package filepick

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/naiman-yiye/yiye/app/i18n"
)

// formatSize writes a file size plainly: 532 B, 4.5 KB, 18 KB, 1.2 MB.
// Units are 1024-based (as Windows Explorer shows them); one decimal
// below 10.
func formatSize(n int64) string {
	if n < 1000 {
		return fmt.Sprintf("%d B", n)
	}
	v := float64(n)
	units := []string{"B", "KB", "MB", "GB", "TB"}
	u := 0
	for v >= 1000 && u < len(units)-1 {
		v /= 1024
		u++
	}
	if v < 9.95 {
		return fmt.Sprintf("%.1f %s", v, units[u])
	}
	return fmt.Sprintf("%.0f %s", v, units[u])
}

// formatTime writes a modification time in the UI language:
// 2026年12月3日 14:05 / December 3, 2026 14:05.
func formatTime(t time.Time) string {
	return i18n.FormatDateTime(t)
}

// typeNames lists exts for people: PDF、JPG、PNG (JPEG is left out when
// JPG is there, and TIFF when TIF is: the same kind of file).
func typeNames(exts []string) string {
	var names []string
	for _, e := range exts {
		names = append(names, strings.ToUpper(strings.TrimPrefix(e, ".")))
	}
	for long, short := range map[string]string{"JPEG": "JPG", "TIFF": "TIF"} {
		if slices.Contains(names, short) {
			names = slices.DeleteFunc(names, func(n string) bool { return n == long })
		}
	}
	return strings.Join(names, tr("filepick.list_sep"))
}

// typesLine says which files the list shows, or "" for all files.
func typesLine(exts []string) string {
	if len(exts) == 0 {
		return ""
	}
	return trm("filepick.types", "Types", typeNames(exts))
}

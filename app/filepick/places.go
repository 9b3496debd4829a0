package filepick

import (
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// placeKind says what a place is; the start folder prefers some kinds.
type placeKind int

const (
	placeDesktop placeKind = iota
	placeDocuments
	placeDownloads
	placeHome
	placeComputer // "/" on Linux and macOS
	placeDrive    // a Windows drive letter
	placeMedia    // a mounted USB stick, SD card or disc
)

// place is one shortcut in the left column.
type place struct {
	kind  placeKind
	label string
	path  string
	icon  fyne.Resource
}

// standardIcon is the icon of the four places every system has.
func standardIcon(k placeKind) fyne.Resource {
	switch k {
	case placeDesktop:
		return theme.DesktopIcon()
	case placeDocuments:
		return theme.DocumentIcon()
	case placeDownloads:
		return theme.DownloadIcon()
	}
	return theme.HomeIcon()
}

// standardLabel is the translated name of the four standard places.
func standardLabel(k placeKind) string {
	switch k {
	case placeDesktop:
		return tr("filepick.place.desktop")
	case placeDocuments:
		return tr("filepick.place.documents")
	case placeDownloads:
		return tr("filepick.place.downloads")
	}
	return tr("filepick.place.home")
}

// addPlace appends a place for path if it is an existing folder not
// already listed.
func addPlace(ps []place, k placeKind, label, path string, icon fyne.Resource) []place {
	if path == "" || !isDir(path) {
		return ps
	}
	path = filepath.Clean(path)
	for _, p := range ps {
		if samePath(p.path, path) {
			return ps
		}
	}
	return append(ps, place{kind: k, label: label, path: path, icon: icon})
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

// samePath compares cleaned paths; Windows paths ignore case.
func samePath(a, b string) bool {
	a, b = filepath.Clean(a), filepath.Clean(b)
	if filepath.Separator == '\\' {
		return strings.EqualFold(a, b)
	}
	return a == b
}

// crumb is one folder of the path bar.
type crumb struct{ label, path string }

// crumbsOf splits dir into its folders from the root: / → 计算机,
// C:\ → C:.
func crumbsOf(dir string) []crumb {
	var out []crumb
	for d := filepath.Clean(dir); ; {
		parent := filepath.Dir(d)
		if parent == d {
			label := filepath.VolumeName(d)
			if label == "" {
				label = tr("filepick.place.computer")
			}
			out = append(out, crumb{label, d})
			break
		}
		out = append(out, crumb{filepath.Base(d), d})
		d = parent
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}

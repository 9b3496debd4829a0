package handover

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxNameBytes bounds a file name in a bundle (whole path, UTF-8 bytes).
const (
	MaxNameBytes = 255
	maxNameDepth = 4
)

// CheckName reports whether name is safe to create inside a fresh directory
// on every OS the app runs on: a relative, slash-separated path of at most
// four elements, none of them ".", "..", empty, a Windows device name, or
// holding a backslash, colon, NUL, control character, or trailing dot/space.
// Drive letters ("C:"), UNC paths ("\\srv\share") and absolute paths are
// refused by these rules.
func CheckName(name string) error {
	bad := func(why string) error { return badName(name, why) }
	if name == "" {
		return bad("empty")
	}
	if len(name) > MaxNameBytes {
		return bad("too long")
	}
	if !utf8.ValidString(name) {
		return bad("not UTF-8")
	}
	if strings.HasPrefix(name, "/") {
		return bad("absolute")
	}
	parts := strings.Split(name, "/")
	if len(parts) > maxNameDepth {
		return bad("too deep")
	}
	for _, p := range parts {
		if p == "" || p == "." || p == ".." {
			return bad("empty, . or .. element")
		}
		for _, r := range p {
			if r == '\\' || r == ':' || r == 0 || unicode.IsControl(r) ||
				strings.ContainsRune(`<>"|?*`, r) {
				return bad(fmt.Sprintf("character %q", r))
			}
		}
		if strings.HasSuffix(p, ".") || strings.HasSuffix(p, " ") || strings.HasPrefix(p, " ") {
			return bad("leading space or trailing dot/space")
		}
		if windowsReserved(p) {
			return bad("Windows device name")
		}
	}
	return nil
}

func windowsReserved(elem string) bool {
	base := strings.ToUpper(elem)
	if i := strings.IndexByte(base, '.'); i >= 0 {
		base = base[:i]
	}
	switch base {
	case "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$":
		return true
	}
	if len(base) == 4 && (strings.HasPrefix(base, "COM") || strings.HasPrefix(base, "LPT")) {
		c := base[3]
		return c >= '0' && c <= '9'
	}
	// COM¹..COM³, LPT¹..LPT³ are devices too.
	if strings.HasPrefix(base, "COM") || strings.HasPrefix(base, "LPT") {
		switch base[3:] {
		case "¹", "²", "³":
			return true
		}
	}
	return false
}

// nameSet detects names that would collide on a case-insensitive file
// system (Windows, macOS), including a file whose name is another's folder.
type nameSet struct {
	files map[string]bool
	dirs  map[string]bool
}

func newNameSet() *nameSet {
	return &nameSet{files: map[string]bool{}, dirs: map[string]bool{}}
}

func foldName(s string) string { return strings.ToLower(strings.ToUpper(s)) }

func (s *nameSet) add(name string) error {
	k := foldName(name)
	if s.files[k] || s.dirs[k] {
		return badName(name, "collides with another file")
	}
	parts := strings.Split(k, "/")
	for i := 1; i < len(parts); i++ {
		d := strings.Join(parts[:i], "/")
		if s.files[d] {
			return badName(name, "collides with another file")
		}
	}
	for i := 1; i < len(parts); i++ {
		s.dirs[strings.Join(parts[:i], "/")] = true
	}
	s.files[k] = true
	return nil
}

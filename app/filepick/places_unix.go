//go:build !windows

package filepick

import (
	"os"
	"os/user"
	"path/filepath"
	"runtime"
	"strings"

	"fyne.io/fyne/v2/theme"
)

// systemPlaces lists this computer's places: the XDG user folders
// (localized on a Chinese desktop: ~/桌面), home, "/" and mounted media.
func systemPlaces() []place {
	home, _ := os.UserHomeDir()
	cfg := os.Getenv("XDG_CONFIG_HOME")
	if cfg == "" && home != "" {
		cfg = filepath.Join(home, ".config")
	}
	var userDirs map[string]string
	if b, err := os.ReadFile(filepath.Join(cfg, "user-dirs.dirs")); err == nil {
		userDirs = parseUserDirs(string(b), home)
	}
	return unixPlaces(home, userDirs, mediaParents(runtime.GOOS, userName()))
}

// unixPlaces builds the place list from home, the XDG user folders
// (key DESKTOP → path) and the folders holding mounted media.
func unixPlaces(home string, userDirs map[string]string, media []string) []place {
	var ps []place
	for _, s := range []struct {
		kind     placeKind
		xdg      string
		fallback []string
	}{
		{placeDesktop, "DESKTOP", []string{"Desktop", "桌面"}},
		{placeDocuments, "DOCUMENTS", []string{"Documents", "文档"}},
		{placeDownloads, "DOWNLOAD", []string{"Downloads", "下载"}},
	} {
		cands := []string{userDirs[s.xdg]}
		for _, f := range s.fallback {
			if home != "" {
				cands = append(cands, filepath.Join(home, f))
			}
		}
		for _, c := range cands {
			// XDG points a folder the user removed at home itself.
			if c != "" && !samePath(c, home) && isDir(c) {
				ps = addPlace(ps, s.kind, standardLabel(s.kind), c, standardIcon(s.kind))
				break
			}
		}
	}
	ps = addPlace(ps, placeHome, standardLabel(placeHome), home, standardIcon(placeHome))
	ps = addPlace(ps, placeComputer, tr("filepick.place.computer"), "/", theme.ComputerIcon())
	for _, parent := range media {
		des, err := os.ReadDir(parent)
		if err != nil {
			continue
		}
		for _, de := range des {
			if strings.HasPrefix(de.Name(), ".") {
				continue
			}
			p := filepath.Join(parent, de.Name())
			// macOS lists the start-up disk in /Volumes as a link to "/".
			if r, err := filepath.EvalSymlinks(p); err != nil || r == "/" {
				continue
			}
			ps = addPlace(ps, placeMedia, de.Name(), p, theme.StorageIcon())
		}
	}
	return ps
}

// mediaParents are the folders under which goos mounts USB sticks: udisks
// uses /media/$USER (Debian, Ubuntu) or /run/media/$USER (Fedora, Arch),
// macOS /Volumes.
func mediaParents(goos, user string) []string {
	if goos == "darwin" {
		return []string{"/Volumes"}
	}
	if user == "" {
		return nil
	}
	return []string{filepath.Join("/media", user), filepath.Join("/run/media", user)}
}

func userName() string {
	if u := os.Getenv("USER"); u != "" {
		return u
	}
	if u, err := user.Current(); err == nil {
		return u.Username
	}
	return ""
}

// parseUserDirs reads an XDG user-dirs.dirs file: lines such as
// XDG_DESKTOP_DIR="$HOME/桌面" give DESKTOP → /home/u/桌面. Values must
// be "$HOME/…" or absolute (as xdg-user-dirs writes them); others are
// ignored.
func parseUserDirs(data, home string) map[string]string {
	out := map[string]string{}
	for _, line := range strings.Split(data, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, val, ok := strings.Cut(line, "=")
		if !ok {
			continue
		}
		name, xdg := strings.CutPrefix(strings.TrimSpace(key), "XDG_")
		name, dir := strings.CutSuffix(name, "_DIR")
		if !xdg || !dir || name == "" {
			continue
		}
		val = strings.TrimSpace(val)
		if len(val) >= 2 && val[0] == '"' && val[len(val)-1] == '"' {
			val = val[1 : len(val)-1]
		}
		val = unescapeShell(val)
		if rest, ok := strings.CutPrefix(val, "$HOME"); ok {
			if home == "" || (rest != "" && rest[0] != '/') {
				continue
			}
			val = home + rest
		}
		if !filepath.IsAbs(val) {
			continue
		}
		out[name] = filepath.Clean(val)
	}
	return out
}

// unescapeShell drops the backslash of \" \\ \$ \` as a shell would inside
// double quotes.
func unescapeShell(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) && strings.IndexByte("\"\\$`", s[i+1]) >= 0 {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

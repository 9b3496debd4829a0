//go:build !windows

package filepick

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	ytheme "github.com/naiman-yiye/yiye/app/theme"
)

func TestParseUserDirs(t *testing.T) {
	// As xdg-user-dirs writes it on a Chinese desktop, plus odd lines.
	data := `# This file is written by xdg-user-dirs-update
XDG_DESKTOP_DIR="$HOME/桌面"
XDG_DOWNLOAD_DIR="$HOME/下载"
XDG_DOCUMENTS_DIR="/data/文档"
XDG_MUSIC_DIR="$HOME"
XDG_VIDEOS_DIR="$HOMEvideos"
XDG_PICTURES_DIR="relative/图片"
XDG_TEMPLATES_DIR="$HOME/a \"b\""
  XDG_PUBLICSHARE_DIR = "$HOME/公共的"
XDG__DIR="$HOME/x"
NOT_XDG="$HOME/y"
FOO_DIR="$HOME/z"
garbage
`
	got := parseUserDirs(data, "/home/张三")
	want := map[string]string{
		"DESKTOP":     "/home/张三/桌面",
		"DOWNLOAD":    "/home/张三/下载",
		"DOCUMENTS":   "/data/文档",
		"MUSIC":       "/home/张三",
		"TEMPLATES":   `/home/张三/a "b"`,
		"PUBLICSHARE": "/home/张三/公共的",
	}
	if !maps.Equal(got, want) {
		t.Errorf("parseUserDirs =\n %q\nwant\n %q", got, want)
	}
}

func FuzzParseUserDirs(f *testing.F) {
	f.Add(`XDG_DESKTOP_DIR="$HOME/桌面"`, "/home/u")
	f.Add("XDG_X_DIR=\"/a\\\\b\\\"\"\n#c\nXDG_Y_DIR=$HOME", "")
	f.Fuzz(func(t *testing.T, data, home string) {
		for k, v := range parseUserDirs(data, home) {
			if k == "" || !filepath.IsAbs(v) || filepath.Clean(v) != v {
				t.Fatalf("parseUserDirs gave %q → %q, not a clean absolute path", k, v)
			}
		}
	})
}

func TestUnixPlaces(t *testing.T) {
	newTestApp(t, ytheme.Options{})
	root := makeTree(t,
		"home/桌面/", "home/Documents/", "home/文档/", "home/Downloads/",
		"media/u/KINGSTON/", "media/u/.hidden/", "run/u/SD卡/", "volumes/Untitled/")
	home := filepath.Join(root, "home")
	if err := os.Symlink("/", filepath.Join(root, "volumes", "Macintosh HD")); err != nil {
		t.Fatal(err)
	}
	media := []string{filepath.Join(root, "media/u"), filepath.Join(root, "run/u"), filepath.Join(root, "volumes"), filepath.Join(root, "nowhere")}
	ps := unixPlaces(home, map[string]string{"DESKTOP": filepath.Join(home, "桌面"), "DOWNLOAD": home}, media)

	var got []string
	for _, p := range ps {
		got = append(got, p.label+"="+strings.TrimPrefix(p.path, root))
	}
	want := []string{
		"桌面=/home/桌面", "文档=/home/Documents", "下载=/home/Downloads", "主目录=/home", "计算机=/",
		"KINGSTON=/media/u/KINGSTON", "SD卡=/run/u/SD卡", "Untitled=/volumes/Untitled",
	}
	if !slices.Equal(got, want) {
		t.Errorf("places\n %q\nwant\n %q", got, want)
	}
	if ps[0].kind != placeDesktop || ps[3].kind != placeHome || ps[4].kind != placeComputer || ps[5].kind != placeMedia {
		t.Errorf("kinds %v", ps)
	}

	// Without user-dirs.dirs, a Chinese desktop's own folder names count.
	if err := os.Remove(filepath.Join(home, "Documents")); err != nil {
		t.Fatal(err)
	}
	ps = unixPlaces(home, nil, nil)
	if ps[1].kind != placeDocuments || ps[1].path != filepath.Join(home, "文档") {
		t.Errorf("documents place %+v", ps[1])
	}
}

func TestMediaParents(t *testing.T) {
	if got := mediaParents("linux", "shop"); !slices.Equal(got, []string{"/media/shop", "/run/media/shop"}) {
		t.Errorf("linux: %q", got)
	}
	if got := mediaParents("darwin", "shop"); !slices.Equal(got, []string{"/Volumes"}) {
		t.Errorf("darwin: %q", got)
	}
	if got := mediaParents("linux", ""); got != nil {
		t.Errorf("no user: %q", got)
	}
}

func TestSystemPlaces(t *testing.T) {
	newTestApp(t, ytheme.Options{})
	home := makeTree(t, "Desktop/", ".config/")
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", "")
	if err := os.WriteFile(filepath.Join(home, ".config", "user-dirs.dirs"), []byte(`XDG_DESKTOP_DIR="$HOME/Desktop"`), 0o644); err != nil {
		t.Fatal(err)
	}
	ps := systemPlaces()
	if len(ps) < 3 || ps[0].path != filepath.Join(home, "Desktop") || ps[1].kind != placeHome || ps[2].path != "/" {
		t.Errorf("places %+v", ps)
	}
}

func TestCrumbsOf(t *testing.T) {
	newTestApp(t, ytheme.Options{})
	got := crumbsOf("/home/张三/桌面/")
	want := []crumb{{"计算机", "/"}, {"home", "/home"}, {"张三", "/home/张三"}, {"桌面", "/home/张三/桌面"}}
	if !slices.Equal(got, want) {
		t.Errorf("crumbsOf = %q, want %q", got, want)
	}
	if got := crumbsOf("/"); !slices.Equal(got, want[:1]) {
		t.Errorf("crumbsOf(/) = %q", got)
	}
}

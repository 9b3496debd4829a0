package filepicktest

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/naiman-yiye/yiye/app/filepick"
)

// window is a test window whose pickers start in a fresh folder holding
// files.
func window(t *testing.T, files ...string) (fyne.Window, string) {
	t.Helper()
	a := test.NewTempApp(t)
	dir := t.TempDir()
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(dir, f), []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	a.Preferences().SetString(LastDirPref, dir)
	w := test.NewTempWindow(t, widget.NewLabel("背景"))
	w.Resize(fyne.NewSize(1200, 800))
	return w, dir
}

func TestChoose(t *testing.T) {
	w, dir := window(t, "营业执照.pdf", "照片.png", "说明.txt")
	var got []string
	filepick.Open(w, filepick.Options{Title: "选择营业执照", Extensions: []string{".pdf", ".png"}},
		func(p string) { got = append(got, p) })
	if !Showing(w) || !slices.Contains(Texts(w), "选择营业执照") || slices.Contains(Texts(w), "说明.txt") {
		t.Fatalf("picker shows %q", Texts(w))
	}
	Choose(t, w, "照片.png")
	if want := filepath.Join(dir, "照片.png"); !slices.Equal(got, []string{want}) || Showing(w) {
		t.Fatalf("chose %q (picker showing: %v), want %q", got, Showing(w), want)
	}
}

func TestTapCancel(t *testing.T) {
	w, _ := window(t, "a.pdf")
	var got []string
	filepick.Open(w, filepick.Options{}, func(p string) { got = append(got, p) })
	Tap(t, w, "取消")
	if !slices.Equal(got, []string{""}) || Showing(w) {
		t.Fatalf("cancel gave %q (picker showing: %v)", got, Showing(w))
	}
}

func TestSave(t *testing.T) {
	for _, c := range []struct{ typed, want string }{
		{"", "一次告知单.pdf"},
		{"告知单-副本", "告知单-副本.pdf"},
	} {
		t.Run(c.want, func(t *testing.T) {
			w, dir := window(t)
			var got []string
			filepick.Save(w, filepick.Options{FileName: "一次告知单.pdf", Extensions: []string{".pdf"}},
				func(p string) { got = append(got, p) })
			if s := Save(t, w, c.typed); s != "一次告知单.pdf" {
				t.Errorf("suggested %q", s)
			}
			if want := filepath.Join(dir, c.want); !slices.Equal(got, []string{want}) {
				t.Fatalf("saved as %q, want %q", got, want)
			}
		})
	}
}

// Forget makes the next picker start elsewhere than the last folder.
func TestForget(t *testing.T) {
	w, dir := window(t)
	filepick.Forget(fyne.CurrentApp().Preferences())
	if got := fyne.CurrentApp().Preferences().String(LastDirPref); got != "" {
		t.Fatalf("still remembered: %q", got)
	}
	filepick.Open(w, filepick.Options{}, func(string) {})
	if slices.Contains(Texts(w), filepath.Base(dir)) {
		t.Fatalf("the picker still opens in %s: %q", dir, Texts(w))
	}
}

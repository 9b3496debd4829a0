package filepick

import (
	"os"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/naiman-yiye/yiye/app/i18n"
	ytheme "github.com/naiman-yiye/yiye/app/theme"
)

// TestMain runs every test in one headless app: a new app would empty
// Fyne's font cache, and parsing the CJK font again for each test made
// the suite several times slower (most of all under -race).
func TestMain(m *testing.M) {
	test.NewApp()
	os.Exit(m.Run())
}

// newTestApp gives the test the shared headless app with Yiye's theme
// (its CJK font) for o, in Chinese; what pickers remember is forgotten
// when the test ends.
func newTestApp(t testing.TB, o ytheme.Options) fyne.App {
	t.Helper()
	a := fyne.CurrentApp()
	if th, ok := a.Settings().Theme().(*ytheme.Theme); !ok || th.Options() != o {
		a.Settings().SetTheme(ytheme.New(o))
	}
	if err := i18n.Apply(i18n.Chinese); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = i18n.Apply(i18n.Chinese)
		a.Preferences().RemoveValue(lastDirKey)
	})
	return a
}

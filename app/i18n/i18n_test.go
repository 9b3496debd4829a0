package i18n

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// appRoot is the app/ directory holding every UI package.
const appRoot = ".."

// translationDirs finds every translations/ directory under app/.
func translationDirs(t *testing.T) []string {
	t.Helper()
	var dirs []string
	err := filepath.WalkDir(appRoot, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == "translations" {
			dirs = append(dirs, p)
		}
		return nil
	})
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no translations found: %v", err)
	}
	return dirs
}

// Every translation file must have exactly the same keys as its other
// language ([prefix.]zh-Hans.json vs [prefix.]en.json in the same
// directory), so a screen that adds a key cannot forget one language.
func TestSameKeysInBothLanguages(t *testing.T) {
	for _, dir := range translationDirs(t) {
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		// prefix → language → keys
		groups := map[string]map[Language][]string{}
		for _, e := range entries {
			l, ok := FileLanguage(e.Name())
			if !ok {
				t.Errorf("%s: %s is not a zh or en translation file", dir, e.Name())
				continue
			}
			prefix := strings.TrimSuffix(e.Name(), ".json")
			if i := strings.LastIndexByte(prefix, '.'); i >= 0 {
				prefix = prefix[:i]
			} else {
				prefix = ""
			}
			keys, err := Keys(os.DirFS(dir), e.Name())
			if err != nil {
				t.Fatal(err)
			}
			if groups[prefix] == nil {
				groups[prefix] = map[Language][]string{}
			}
			groups[prefix][l] = keys
		}
		for prefix, g := range groups {
			zh, en := g[Chinese], g[English]
			if zh == nil || en == nil {
				t.Errorf("%s: %q has only one language", dir, prefix)
				continue
			}
			for _, k := range zh {
				if _, ok := slices.BinarySearch(en, k); !ok {
					t.Errorf("%s: key %q in Chinese but not in English", dir, k)
				}
			}
			for _, k := range en {
				if _, ok := slices.BinarySearch(zh, k); !ok {
					t.Errorf("%s: key %q in English but not in Chinese", dir, k)
				}
			}
		}
	}
}

// usedKeys scans the Go source under app/ for translation keys: the first
// argument of lang.L/N/X/XN and Localize*, and Screen{TitleKey: "..."}.
func usedKeys(t *testing.T) map[string]string {
	t.Helper()
	keys := map[string]string{}
	fset := token.NewFileSet()
	err := filepath.WalkDir(appRoot, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(fset, p, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				sel, ok := n.Fun.(*ast.SelectorExpr)
				if !ok || len(n.Args) == 0 {
					return true
				}
				if x, ok := sel.X.(*ast.Ident); !ok || x.Name != "lang" {
					return true
				}
				switch sel.Sel.Name {
				case "L", "N", "X", "XN", "Localize", "LocalizePlural", "LocalizeKey", "LocalizePluralKey":
				default:
					return true
				}
				if lit, ok := n.Args[0].(*ast.BasicLit); ok && lit.Kind == token.STRING {
					if k, err := strconv.Unquote(lit.Value); err == nil {
						keys[k] = fset.Position(lit.Pos()).String()
					}
				}
			case *ast.KeyValueExpr:
				if id, ok := n.Key.(*ast.Ident); ok && id.Name == "TitleKey" {
					if lit, ok := n.Value.(*ast.BasicLit); ok && lit.Kind == token.STRING {
						if k, err := strconv.Unquote(lit.Value); err == nil && k != "" {
							keys[k] = fset.Position(lit.Pos()).String()
						}
					}
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return keys
}

func TestEveryUsedKeyIsTranslated(t *testing.T) {
	have := map[string]map[string]bool{}
	for _, l := range Languages {
		have[string(l)] = map[string]bool{}
		for _, dir := range translationDirs(t) {
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				if fl, ok := FileLanguage(e.Name()); !ok || fl != l {
					continue
				}
				ks, err := Keys(os.DirFS(dir), e.Name())
				if err != nil {
					t.Fatal(err)
				}
				for _, k := range ks {
					have[string(l)][k] = true
				}
			}
		}
	}
	used := usedKeys(t)
	if len(used) < 10 {
		t.Fatalf("found only %d keys in app/: scanner broken?", len(used))
	}
	for k, where := range used {
		for _, l := range Languages {
			if !have[string(l)][k] {
				t.Errorf("%s: key %q missing from %s.json", where, k, l)
			}
		}
	}
}

func TestApplyForcesLanguage(t *testing.T) {
	test.NewTempApp(t)
	for _, osLang := range []string{"C", "en_US.UTF-8", "zh_CN.UTF-8", "de_DE.UTF-8"} {
		t.Run(osLang, func(t *testing.T) {
			t.Setenv("LANGUAGE", "")
			t.Setenv("LC_ALL", "")
			t.Setenv("LC_MESSAGES", "")
			t.Setenv("LANG", osLang)
			if err := Apply(English); err != nil {
				t.Fatal(err)
			}
			if got := lang.X("form.submit", "?"); got != "Submit" {
				t.Fatalf("English submit = %q", got)
			}
			if got := lang.L("OK"); got != "OK" {
				t.Fatalf("English OK = %q", got)
			}
			if err := Apply(Chinese); err != nil {
				t.Fatal(err)
			}
			if got := lang.X("form.submit", "?"); got != "提交" {
				t.Fatalf("Chinese submit = %q", got)
			}
			// Fyne's own keys are overridden too (its zh says 好 for OK).
			if got := lang.L("OK"); got != "确定" {
				t.Fatalf("Chinese OK = %q", got)
			}
			if Current() != Chinese {
				t.Fatal("Current not updated")
			}
		})
	}
}

func TestParseLanguage(t *testing.T) {
	for in, want := range map[string]Language{
		"en": English, "en-US": English, "English": English, " en_GB ": English,
		"zh-Hans": Chinese, "zh": Chinese, "": Chinese, "fr": Chinese,
	} {
		if got := ParseLanguage(in); got != want {
			t.Errorf("ParseLanguage(%q) = %s, want %s", in, got, want)
		}
	}
	if English.DisplayName() != "English" || Chinese.DisplayName() != "简体中文" {
		t.Fatal("display names")
	}
}

func TestWidgetsTranslated(t *testing.T) {
	test.NewTempApp(t)
	if err := Apply(Chinese); err != nil {
		t.Fatal(err)
	}
	f := NewForm(widget.NewFormItem("姓名", widget.NewEntry()))
	f.OnSubmit = func() {}
	f.OnCancel = func() {}
	f.Refresh()
	w := test.NewTempWindow(t, f)
	markup := test.RenderToMarkup(w.Canvas())
	for _, want := range []string{"提交", "取消"} {
		if !strings.Contains(markup, want) {
			t.Errorf("form markup lacks %q", want)
		}
	}
	if strings.Contains(markup, "Submit") {
		t.Error("form still says Submit")
	}
	if s := NewSelect([]string{"甲"}, nil); s.PlaceHolder != "（请选择）" {
		t.Errorf("select placeholder %q", s.PlaceHolder)
	}

	if err := Apply(English); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = Apply(Chinese) }()
	if s := NewSelect(nil, nil); s.PlaceHolder != "(Select one)" {
		t.Errorf("English placeholder %q", s.PlaceHolder)
	}
}

func TestFileLanguage(t *testing.T) {
	for name, want := range map[string]Language{
		"zh-Hans.json": Chinese, "journey.zh_Hans.json": Chinese, "zh-CN.json": Chinese, "zh.json": Chinese,
		"en.json": English, "x.en_US.json": English,
	} {
		if got, ok := FileLanguage(name); !ok || got != want {
			t.Errorf("FileLanguage(%q) = %s %v", name, got, ok)
		}
	}
	for _, name := range []string{"de.json", "README.md", "zhx.json", "enx.json"} {
		if _, ok := FileLanguage(name); ok {
			t.Errorf("FileLanguage(%q) accepted", name)
		}
	}
}

func TestJoinNames(t *testing.T) {
	test.NewTempApp(t)
	defer Apply(Chinese)
	for _, c := range []struct {
		l    Language
		in   []string
		want string
	}{
		{Chinese, []string{"食品经营许可", "公共场所卫生许可"}, "食品经营许可、公共场所卫生许可"},
		{English, []string{"Food business license", "Public place hygiene license"}, "Food business license, Public place hygiene license"},
		{English, []string{"One"}, "One"},
		{Chinese, nil, ""},
	} {
		t.Run(string(c.l)+"/"+c.want, func(t *testing.T) {
			if err := Apply(c.l); err != nil {
				t.Fatal(err)
			}
			if got := JoinNames(c.in); got != c.want {
				t.Errorf("JoinNames(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}

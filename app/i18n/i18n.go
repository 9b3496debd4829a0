// Package i18n loads Yiye's translations into Fyne's lang package, lets the
// settings screen force the language regardless of the OS locale, and
// provides Chinese-friendly replacements for the Fyne widgets whose English
// text is hard-coded (Form buttons, Select placeholder, Calendar header,
// DateEntry's DD/MM/YYYY order).
//
// Screens use fyne's lang directly with a stable key and a Chinese fallback:
//
//	lang.X("drafts.empty", "还没有草稿")
//
// and put the key in both translation files. A package under app/ may keep
// its own files in translations/zh-Hans.json and translations/en.json and
// call Register from an init function; the test in this package checks that
// every key used under app/ is present in both languages.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
)

// Language is a UI language Yiye ships.
type Language string

// The languages Yiye ships. The file names in translations/ are these
// values plus ".json".
const (
	Chinese Language = "zh-Hans" // 简体中文, the default
	English Language = "en"
)

// Languages lists the choices in the order settings shows them.
var Languages = []Language{Chinese, English}

// DisplayName is the language's own name, shown untranslated in settings.
func (l Language) DisplayName() string {
	if l == English {
		return "English"
	}
	return "简体中文"
}

// ParseLanguage reads a stored or user-typed language; anything that is not
// English (en, en-US, English) means Chinese, the app's default.
func ParseLanguage(s string) Language {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "english" || s == "en" || strings.HasPrefix(s, "en-") || strings.HasPrefix(s, "en_") {
		return English
	}
	return Chinese
}

//go:embed translations
var own embed.FS

type source struct {
	fsys fs.FS
	dir  string
}

var (
	mu      sync.Mutex
	sources = []source{{own, "translations"}}
	current = Chinese
)

// Register adds a package's translation directory to those Apply loads.
// The directory holds one file per language named as Fyne expects,
// "[prefix.]lang.json" (zh-Hans.json and en.json, or journey.zh_Hans.json
// and journey.en.json). Use it instead of lang.AddTranslationsFS, which
// would not follow the language chosen in settings. Call it from an init function; it takes
// effect at the next Apply.
func Register(fsys fs.FS, dir string) {
	mu.Lock()
	defer mu.Unlock()
	sources = append(sources, source{fsys, dir})
}

// localeTags are every locale Fyne's matcher can pick from the OS locale
// list: Fyne's own built-in translations (fyne v2.8.1 lang/translations)
// plus ours. Apply writes the chosen language under all of them, which is
// how a language is forced: lang has no public "set locale" in 2.8.1.
var localeTags = []fyne.Locale{
	"en", "zh-Hans", "cs", "de", "el", "es", "fr", "ja", "pl", "pt", "pt-BR", "ru", "sv", "ta", "uk",
}

// Apply loads the registered translations and makes lang.L/X return l,
// whatever the OS locale. Call it on the UI goroutine, before building
// widgets; widgets already built keep their text until rebuilt.
func Apply(l Language) error {
	mu.Lock()
	defer mu.Unlock()
	msgs, err := mergedMessages(l)
	if err != nil {
		return err
	}
	data, err := json.Marshal(msgs)
	if err != nil {
		return err
	}
	for _, tag := range localeTags {
		if err := lang.AddTranslationsForLocale(data, tag); err != nil {
			return fmt.Errorf("i18n: load %s as %s: %w", l, tag, err)
		}
	}
	current = l
	return nil
}

// Current returns the language last applied (Chinese before any Apply).
func Current() Language {
	mu.Lock()
	defer mu.Unlock()
	return current
}

// mergedMessages unions every registered file for l; a key defined twice
// with different text is an error, so two packages cannot fight over it.
func mergedMessages(l Language) (map[string]json.RawMessage, error) {
	out := map[string]json.RawMessage{}
	for _, s := range sources {
		entries, err := fs.ReadDir(s.fsys, s.dir)
		if err != nil {
			return nil, fmt.Errorf("i18n: %w", err)
		}
		for _, e := range entries {
			if fl, ok := FileLanguage(e.Name()); !ok || fl != l {
				continue
			}
			m, err := readFile(s.fsys, path.Join(s.dir, e.Name()))
			if err != nil {
				return nil, err
			}
			for k, v := range m {
				if prev, dup := out[k]; dup && string(prev) != string(v) {
					return nil, fmt.Errorf("i18n: key %q defined differently in %s/%s", k, s.dir, e.Name())
				}
				out[k] = v
			}
		}
	}
	return out, nil
}

// FileLanguage says which language a translation file holds, from its
// name as Fyne reads it, "[prefix.]lang.json": zh-Hans.json,
// journey.zh_Hans.json and zh-CN.json are Chinese; en.json, x.en_US.json
// are English. Other files are not Yiye's.
func FileLanguage(name string) (Language, bool) {
	base, ok := strings.CutSuffix(name, ".json")
	if !ok {
		return "", false
	}
	if i := strings.LastIndexByte(base, '.'); i >= 0 {
		base = base[i+1:]
	}
	tag := strings.ToLower(strings.ReplaceAll(base, "_", "-"))
	switch {
	case tag == "zh" || strings.HasPrefix(tag, "zh-"):
		return Chinese, true
	case tag == "en" || strings.HasPrefix(tag, "en-"):
		return English, true
	}
	return "", false
}

func readFile(fsys fs.FS, name string) (map[string]json.RawMessage, error) {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("i18n: %w", err)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("i18n: %s: %w", name, err)
	}
	return m, nil
}

// Keys returns the sorted keys of one translation file; tests use it.
func Keys(fsys fs.FS, name string) ([]string, error) {
	m, err := readFile(fsys, name)
	if err != nil {
		return nil, err
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys, nil
}

// AppName is the app's name in the UI language (window title, About).
func AppName() string { return lang.X("app.name", "一业一证申请助手") }

// Loading is the line shown while the window opens its data.
func Loading() string { return lang.X("app.loading", "正在打开…") }

// DemoLabel marks sample data (the window title in demo mode).
func DemoLabel() string { return lang.X("app.demo", "演示 DEMO") }

// JoinNames lists names as the UI's language does: 甲、乙 in Chinese,
// "a, b" in English.
func JoinNames(names []string) string {
	if Current() == English {
		return strings.Join(names, ", ")
	}
	return strings.Join(names, "、")
}

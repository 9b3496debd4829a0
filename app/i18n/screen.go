package i18n

import (
	"encoding/json"
	"io/fs"
	"path"

	"fyne.io/fyne/v2/lang"
)

// The translation files a screen package keeps in its translations
// directory, named as Apply and Fyne expect.
const (
	ZhFile = "zh-Hans.json"
	EnFile = "en.json"
)

// Strings is one screen package's translations: registered for Apply,
// with the package's Chinese text as lang's fallback so a screen never
// shows a raw key, even before a language is applied.
type Strings struct {
	zh map[string]string
}

// NewStrings registers fsys/dir (holding ZhFile and EnFile) with Register
// and loads its Chinese file as the fallback. Call it once per package,
// from a package-level var or init. A malformed file leaves the fallback
// empty; the package's i18ntest.CheckComplete test reports it.
func NewStrings(fsys fs.FS, dir string) *Strings {
	Register(fsys, dir)
	s := &Strings{zh: map[string]string{}}
	if b, err := fs.ReadFile(fsys, path.Join(dir, ZhFile)); err == nil {
		_ = json.Unmarshal(b, &s.zh)
	}
	return s
}

// X returns the translation of key filled from data (as lang.X), falling
// back to the package's Chinese text, then to the key itself.
func (s *Strings) X(key string, data ...any) string {
	fb, ok := s.zh[key]
	if !ok {
		fb = key
	}
	return lang.X(key, fb, data...)
}

// M is X with template values given as pairs: M("journey.x", "N", 3).
// A non-string name or a missing last value is ignored.
func (s *Strings) M(key string, kv ...any) string {
	m := make(map[string]any, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		if k, ok := kv[i].(string); ok {
			m[k] = kv[i+1]
		}
	}
	return s.X(key, m)
}

package journey

import (
	"time"

	"fyne.io/fyne/v2"

	"github.com/naiman-yiye/yiye/app/i18n"
	"github.com/naiman-yiye/yiye/catalog"
)

// english reports whether the UI is in English; domain data then shows its
// English text where the catalog has one.
func english() bool { return i18n.Current() == i18n.English }

// localName picks the Chinese or English form of a catalog text.
func localName(zh, en string) string {
	if english() && en != "" {
		return en
	}
	return zh
}

// localText picks from a catalog.Text.
func localText(t catalog.Text) string { return localName(t.ZH, t.EN) }

// localNote renders a note as applicants read it, with the local-guide
// caveat when it is uncertain.
func localNote(n catalog.Note) string {
	if english() {
		return n.PlainEN()
	}
	return n.Plain()
}

// clock formats a time of day as hh:mm:ss (the same in both languages).
func clock(t time.Time) string { return t.Local().Format("15:04:05") }

// longDate formats a date in the UI language's order (2026年11月24日).
func longDate(t time.Time) string { return i18n.FormatDateLong(t) }

// langCode is the UI language for usererr messages ("zh" or "en").
func langCode() string {
	if english() {
		return "en"
	}
	return "zh"
}

// wrap is the label wrapping for the UI language: Chinese may break
// between any two characters (word wrapping would keep a run such as
// “最大值（8” together and leave ragged lines); English breaks at spaces.
func wrap() fyne.TextWrap {
	if english() {
		return fyne.TextWrapWord
	}
	return fyne.TextWrapBreak
}

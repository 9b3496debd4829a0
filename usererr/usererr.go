// Package usererr carries errors meant for the applicant: a stable code for
// programs and tests, and the message in Simplified Chinese and English.
package usererr

import (
	"errors"
	"fmt"
)

// Error is an error a person can act on.
type Error struct {
	Code string // stable, e.g. "catalog.unknown_industry"
	ZH   string // message in Simplified Chinese
	EN   string // the same message in English
	Err  error  // the underlying cause, if any
}

// New returns an Error with the given code and messages.
func New(code, zh, en string) *Error { return &Error{Code: code, ZH: zh, EN: en} }

// Newf is New with fmt-style arguments applied to both messages.
func Newf(code, zh, en string, args ...any) *Error {
	return &Error{Code: code, ZH: fmt.Sprintf(zh, args...), EN: fmt.Sprintf(en, args...)}
}

// Wrap returns a copy of e that wraps cause.
func (e *Error) Wrap(cause error) *Error {
	c := *e
	c.Err = cause
	return &c
}

// Error returns the Chinese message; the product is Chinese first.
func (e *Error) Error() string { return e.ZH }

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Is matches another *Error by code.
func (e *Error) Is(target error) bool {
	var t *Error
	return errors.As(target, &t) && t.Code == e.Code
}

// Message returns the message in language lang ("zh" or "en" prefixes).
func (e *Error) Message(lang string) string {
	if len(lang) >= 2 && lang[:2] == "en" && e.EN != "" {
		return e.EN
	}
	return e.ZH
}

// Message returns the user-facing message for any error: the *Error's text in
// lang, or fallbackZH/fallbackEN for errors that are not meant for users.
func Message(err error, lang string) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message(lang)
	}
	if len(lang) >= 2 && lang[:2] == "en" {
		return "Something went wrong: " + err.Error()
	}
	return "出现错误：" + err.Error()
}

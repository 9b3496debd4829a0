package kiosk

import "strings"

// KeypadMode says what an on-screen keypad types.
type KeypadMode int

// Keypad modes.
const (
	KeypadDigits   KeypadMode = iota // PINs, mobile numbers, counts
	KeypadIDNumber                   // 公民身份号码: 17 digits, then a digit or X
)

// Keypad keys besides the digits.
const (
	KeyX         = "X"
	KeyBackspace = "⌫"
	KeyClear     = "清除"
)

// Keypad is the state behind an on-screen keypad for touch screens: the
// UI draws Keys() as large buttons, forwards each tap to Press and shows
// Value(). It refuses keys that cannot lead to a valid entry, so the
// applicant cannot type a 19th digit or an X in the middle of an ID number.
type Keypad struct {
	mode KeypadMode
	max  int
	buf  []byte
}

// NewKeypad returns an empty keypad; max is the longest entry in digits
// mode (ignored for ID numbers, which have 18 characters).
func NewKeypad(mode KeypadMode, max int) *Keypad {
	if mode == KeypadIDNumber {
		max = 18
	}
	if max <= 0 {
		max = 1
	}
	return &Keypad{mode: mode, max: max}
}

// Keys returns the keys in layout order, three per row.
func (k *Keypad) Keys() []string {
	keys := []string{"1", "2", "3", "4", "5", "6", "7", "8", "9"}
	if k.mode == KeypadIDNumber {
		return append(keys, KeyX, "0", KeyBackspace)
	}
	return append(keys, KeyClear, "0", KeyBackspace)
}

// Enabled reports whether pressing key now would change the entry; the UI
// greys out the others.
func (k *Keypad) Enabled(key string) bool {
	switch key {
	case KeyBackspace:
		return len(k.buf) > 0
	case KeyClear:
		return k.mode == KeypadDigits && len(k.buf) > 0
	case KeyX:
		return k.mode == KeypadIDNumber && len(k.buf) == 17
	}
	return len(key) == 1 && key[0] >= '0' && key[0] <= '9' && len(k.buf) < k.max
}

// Press applies key and reports whether it was accepted.
func (k *Keypad) Press(key string) bool {
	if !k.Enabled(key) {
		return false
	}
	switch key {
	case KeyBackspace:
		k.buf = k.buf[:len(k.buf)-1]
	case KeyClear:
		k.buf = k.buf[:0]
	default:
		k.buf = append(k.buf, key[0])
	}
	return true
}

// Value returns what has been typed.
func (k *Keypad) Value() string { return string(k.buf) }

// Masked returns one dot per character, for PIN entry.
func (k *Keypad) Masked() string { return strings.Repeat("●", len(k.buf)) }

// Complete reports whether the entry has its full length (ID numbers) or
// is not empty (digits). It does not validate the check digit.
func (k *Keypad) Complete() bool {
	if k.mode == KeypadIDNumber {
		return len(k.buf) == 18
	}
	return len(k.buf) > 0
}

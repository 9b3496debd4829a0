package kiosk

import (
	"strings"
	"testing"
	"time"

	"github.com/naiman-yiye/yiye/forms"
)

func TestKeypadIDNumber(t *testing.T) {
	k := NewKeypad(KeypadIDNumber, 0)
	if len(k.Keys()) != 12 || k.Enabled(KeyX) || k.Enabled(KeyBackspace) {
		t.Fatalf("fresh keypad: keys %v", k.Keys())
	}
	if k.Press(KeyX) {
		t.Fatal("X accepted as first key")
	}
	for _, c := range "11010519491231002" {
		if !k.Press(string(c)) {
			t.Fatalf("digit %c refused", c)
		}
	}
	if !k.Enabled(KeyX) || k.Complete() {
		t.Fatal("X should be enabled at place 18")
	}
	if !k.Press(KeyX) || !k.Complete() || k.Value() != "11010519491231002X" {
		t.Fatalf("value %q", k.Value())
	}
	if err := forms.CheckIDNumberAt(k.Value(), time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)); err != nil {
		t.Fatalf("typed a valid number, got %v", err)
	}
	if k.Press("1") || k.Press(KeyX) || k.Press(KeyClear) {
		t.Fatal("19th character or clear accepted in ID mode")
	}
	k.Press(KeyBackspace)
	if k.Value() != "11010519491231002" || !k.Enabled("0") {
		t.Fatalf("after backspace %q", k.Value())
	}
}

func TestKeypadDigits(t *testing.T) {
	k := NewKeypad(KeypadDigits, 6)
	if k.Enabled(KeyX) || !strings.Contains(strings.Join(k.Keys(), ","), KeyClear) {
		t.Fatal("digits keypad offers X or lacks clear")
	}
	for _, key := range []string{"1", "2", "a", "", "12", "3", "4", "5", "6", "7"} {
		k.Press(key)
	}
	if k.Value() != "123456" || k.Masked() != "●●●●●●" || !k.Complete() {
		t.Fatalf("value %q masked %q", k.Value(), k.Masked())
	}
	k.Press(KeyClear)
	if k.Value() != "" || k.Complete() {
		t.Fatal("clear")
	}
}

func FuzzKeypad(f *testing.F) {
	f.Add(true, "11010519491231002X⌫X")
	f.Add(false, "123清除45")
	f.Fuzz(func(t *testing.T, id bool, presses string) {
		mode := KeypadDigits
		if id {
			mode = KeypadIDNumber
		}
		k := NewKeypad(mode, 11)
		for _, r := range presses {
			key := string(r)
			if r == 'c' {
				key = KeyClear
			}
			k.Press(key)
		}
		v := k.Value()
		if len(v) > 18 || (!id && len(v) > 11) {
			t.Fatalf("too long: %q", v)
		}
		for i, c := range v {
			if !(c >= '0' && c <= '9' || id && c == 'X' && i == 17) {
				t.Fatalf("bad value %q", v)
			}
		}
	})
}

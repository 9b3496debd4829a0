package usererr

import (
	"errors"
	"fmt"
	"testing"
)

func TestMessage(t *testing.T) {
	base := New("x.bad", "输入有误", "bad input")
	wrapped := fmt.Errorf("ctx: %w", base.Wrap(errors.New("io")))
	tests := []struct {
		err  error
		lang string
		want string
	}{
		{wrapped, "zh-CN", "输入有误"},
		{wrapped, "en", "bad input"},
		{errors.New("boom"), "zh", "出现错误：boom"},
		{errors.New("boom"), "en-US", "Something went wrong: boom"},
	}
	for _, tc := range tests {
		if got := Message(tc.err, tc.lang); got != tc.want {
			t.Errorf("Message(%v,%s) = %q, want %q", tc.err, tc.lang, got, tc.want)
		}
	}
	if !errors.Is(wrapped, New("x.bad", "", "")) {
		t.Error("errors.Is by code failed")
	}
	if errors.Is(wrapped, New("x.other", "", "")) {
		t.Error("errors.Is matched another code")
	}
	if got := Newf("c", "第%d项", "item %d", 3); got.ZH != "第3项" || got.EN != "item 3" {
		t.Errorf("Newf = %+v", got)
	}
}

package main

import (
	"bytes"
	"io"
	"strings"
	"testing"
)

func TestUnknownCommand(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"frobnicate"}, &out, &errb); code != 2 {
		t.Fatalf("exit %d", code)
	}
	if !strings.Contains(errb.String(), "未知命令") {
		t.Fatalf("stderr %q", errb.String())
	}
}

func TestHelpListsSubcommands(t *testing.T) {
	register("zz-test", "测试 / test", func([]string, io.Writer, io.Writer) int { return 0 })
	defer delete(subcommands, "zz-test")
	var out bytes.Buffer
	if code := run([]string{"help"}, &out, io.Discard); code != 0 || !strings.Contains(out.String(), "zz-test") {
		t.Fatalf("exit %d, out %q", code, out.String())
	}
}

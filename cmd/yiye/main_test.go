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
	var out bytes.Buffer
	if code := run([]string{"help"}, &out, io.Discard); code != 0 {
		t.Fatalf("exit %d", code)
	}
	for name := range commands {
		if !strings.Contains(out.String(), "yiye "+name+" ...") {
			t.Errorf("help does not list %s: %q", name, out.String())
		}
	}
}

package main

import (
	"bytes"
	"io"
	"strings"
	"testing"
)

func TestRequiresData(t *testing.T) {
	if err := run([]string{"--addr", "127.0.0.1:0"}, io.Discard); err == nil {
		t.Fatal("ran without --data")
	}
}

func TestVersion(t *testing.T) {
	var out bytes.Buffer
	if err := run([]string{"--version"}, &out); err != nil || !strings.HasPrefix(out.String(), "yiye-portal dev") {
		t.Fatalf("%v %q", err, out.String())
	}
}

func TestRejectsNonPositiveMaxUpload(t *testing.T) {
	err := run([]string{"--data", t.TempDir(), "--max-upload", "0"}, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "--max-upload") {
		t.Fatalf("err = %v", err)
	}
}

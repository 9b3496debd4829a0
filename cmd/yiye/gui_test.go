package main

import (
	"bytes"
	"io"
	"os"
	"regexp"
	"strconv"
	"testing"

	"github.com/BurntSushi/toml"
)

func TestVersionFlag(t *testing.T) {
	var out bytes.Buffer
	if code := run([]string{"--version"}, &out, io.Discard); code != 0 {
		t.Fatalf("exit %d", code)
	}
	if !regexp.MustCompile(`^yiye \d+\.\d+\.\d+ \(build \d+, commit \S+, go\S*\)\n$`).MatchString(out.String()) {
		t.Fatalf("version line %q", out.String())
	}
}

func TestBadFlags(t *testing.T) {
	var errb bytes.Buffer
	if code := run([]string{"--no-such-flag"}, io.Discard, &errb); code != 2 {
		t.Fatalf("exit %d", code)
	}
	if code := run([]string{"--demo", "extra"}, io.Discard, &errb); code != 2 {
		t.Fatalf("extra args: exit %d", code)
	}
}

// FyneApp.toml (read by `fyne package`) and the constants compiled into
// the binary must agree, or About and --version would lie.
func TestFyneAppTomlMatchesBinary(t *testing.T) {
	var meta struct {
		Details struct {
			Icon, Name, ID, Version string
			Build                   int
		}
		Languages  []string
		Migrations map[string]bool
	}
	if _, err := toml.DecodeFile("../../FyneApp.toml", &meta); err != nil {
		t.Fatal(err)
	}
	d := meta.Details
	if d.ID != AppID || d.Version != appVersion || strconv.Itoa(d.Build) != appBuild {
		t.Fatalf("FyneApp.toml %+v vs AppID %s, version %s, build %s", d, AppID, appVersion, appBuild)
	}
	if _, err := os.Stat("../../" + d.Icon); err != nil {
		t.Fatalf("icon: %v", err)
	}
	if len(meta.Languages) != 2 || meta.Languages[0] != "zh-Hans" || meta.Languages[1] != "en" {
		t.Fatalf("languages %v", meta.Languages)
	}
	if !meta.Migrations["fyneDo"] {
		t.Fatal("fyneDo migration not declared")
	}
}

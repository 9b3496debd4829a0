//go:build ci

package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/naiman-yiye/yiye/app/shell"
	"github.com/naiman-yiye/yiye/paths"
)

// With -tags ci Fyne uses its headless driver and ShowAndRun returns at
// once, so the whole start-up path runs: flags, data folder, database,
// app, theme, translations, shell.
func TestGUIStartsHeadless(t *testing.T) {
	headlessHome(t)
	dir := filepath.Join(t.TempDir(), "data")

	var built *shell.Shell
	beforeShow = append(beforeShow, func(sh *shell.Shell, w fyne.Window) { built = sh })
	defer func() { beforeShow = beforeShow[:len(beforeShow)-1] }()

	var errb bytes.Buffer
	if code := run([]string{"--demo", "--data-dir", dir}, &bytes.Buffer{}, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if _, err := os.Stat(paths.DatabaseFile(dir)); err != nil {
		t.Fatalf("database not created: %v", err)
	}
	if built == nil || !built.Deps().Demo || built.Deps().DataDir != dir || built.Deps().DB == nil {
		t.Fatalf("shell deps %+v", built)
	}
	if built.CurrentID() != shell.ScreenHome {
		t.Fatalf("opened on %q", built.CurrentID())
	}
	if startDemo == nil && !strings.Contains(errb.String(), "演示门户") {
		t.Fatalf("missing demo portal not reported: %q", errb.String())
	}
}

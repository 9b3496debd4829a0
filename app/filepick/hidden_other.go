//go:build !windows

package filepick

import "io/fs"

// hiddenAttr is false: outside Windows only dot files are hidden.
func hiddenAttr(fs.FileInfo) bool { return false }

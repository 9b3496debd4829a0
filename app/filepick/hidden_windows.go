//go:build windows

package filepick

import (
	"io/fs"
	"syscall"
)

// hiddenAttr reports the Windows hidden attribute (desktop.ini,
// $Recycle.Bin, System Volume Information and the like).
func hiddenAttr(info fs.FileInfo) bool {
	d, ok := info.Sys().(*syscall.Win32FileAttributeData)
	return ok && d.FileAttributes&syscall.FILE_ATTRIBUTE_HIDDEN != 0
}

//go:build !windows

package robustio

// transient is false: Unix lets open files be renamed over and unlinked.
func transient(error) bool { return false }

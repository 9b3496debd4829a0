// Package robustio renames and removes files the way Windows needs.
//
// On Windows a file that any process holds open without FILE_SHARE_DELETE
// (Go's os.Open does not share delete) can be neither replaced by a rename
// nor deleted, and virus scanners, the search indexer and Explorer's
// thumbnailer open freshly written files for a moment. Such a failure is
// usually over within a second, so Rename and RemoveAll retry these
// errors, with growing pauses, for up to Timeout. On other systems they
// are os.Rename and os.RemoveAll.
package robustio

import (
	"os"
	"time"
)

// Timeout bounds the retries of one call.
const Timeout = 2 * time.Second

// Rename is os.Rename, retried while Windows reports a transient sharing
// or access error.
func Rename(oldpath, newpath string) error {
	return retry(func() error { return os.Rename(oldpath, newpath) })
}

// RemoveAll is os.RemoveAll, retried while Windows reports a transient
// sharing or access error.
func RemoveAll(path string) error {
	return retry(func() error { return os.RemoveAll(path) })
}

func retry(op func() error) error {
	start := time.Now()
	pause := 10 * time.Millisecond
	for {
		err := op()
		if err == nil || !transient(err) || time.Since(start)+pause > Timeout {
			return err
		}
		time.Sleep(pause)
		pause = min(2*pause, 250*time.Millisecond)
	}
}

package robustio

import (
	"errors"
	"syscall"
)

// Windows error codes (winerror.h) that another process's open handle
// causes; none is in package syscall under this name.
const (
	errorSharingViolation syscall.Errno = 32
	errorLockViolation    syscall.Errno = 33
)

// transient reports whether err is what an open handle elsewhere causes.
// Access denied is included: replacing or deleting a file that is open, or
// still pending deletion, reports it.
func transient(err error) bool {
	var errno syscall.Errno
	if !errors.As(err, &errno) {
		return false
	}
	switch errno {
	case syscall.ERROR_ACCESS_DENIED, errorSharingViolation, errorLockViolation:
		return true
	}
	return false
}

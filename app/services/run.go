package services

import "sync/atomic"

// inflight counts work started by Run that has not finished (including
// posting its UI update), so tests can wait for the screens to settle.
var inflight atomic.Int64

// Run calls work on a new goroutine; the func it returns (if any) runs on
// the UI goroutine through Post. Screens use it for disk and network work.
func (s *Services) Run(work func() func()) {
	inflight.Add(1)
	go func() {
		defer inflight.Add(-1)
		if ui := work(); ui != nil {
			s.Post(ui)
		}
	}()
}

// Busy is the number of Run calls in flight (all services).
func Busy() int64 { return inflight.Load() }

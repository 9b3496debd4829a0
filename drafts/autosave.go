package drafts

import (
	"context"
	"database/sql"
	"errors"
	"sync"
	"time"

	"github.com/naiman-yiye/yiye/forms"
	"github.com/naiman-yiye/yiye/usererr"
)

// DefaultSaveDelay is how long an AutoSaver gathers keystrokes before it
// writes them in one transaction. With a commit taking a few milliseconds,
// a value is on disk well within 300 ms of being typed.
const DefaultSaveDelay = 150 * time.Millisecond

// ErrSaverClosed is returned by Flush after Close.
var ErrSaverClosed = errors.New("drafts: auto-saver closed")

// AutoSaver saves one draft's form values in the background. Set is called
// from the UI goroutine on every change and never waits for the disk:
// changes are coalesced and written by the saver's own goroutine within
// the save delay. Failed writes are kept and retried.
type AutoSaver struct {
	s       *Store
	draftID string
	delay   time.Duration

	mu      sync.Mutex
	pending map[string]string
	err     error
	onError func(error)
	closed  bool
	saves   int

	kick  chan struct{} // a change is waiting (capacity 1)
	flush chan chan error
	quit  chan struct{}
	done  chan struct{}
}

// AutoSaver starts a background saver for draft id. Close it when the
// form closes; values set before Close are written by Close.
func (s *Store) AutoSaver(id string) *AutoSaver {
	a := &AutoSaver{
		s: s, draftID: id, delay: s.saveDelay,
		pending: map[string]string{},
		kick:    make(chan struct{}, 1),
		flush:   make(chan chan error),
		quit:    make(chan struct{}),
		done:    make(chan struct{}),
	}
	go a.run()
	return a
}

// Set records a changed value (an empty value clears it). It only touches
// memory, so it is safe on the UI goroutine and from any other.
func (a *AutoSaver) Set(key, value string) {
	a.mu.Lock()
	if a.closed {
		a.mu.Unlock()
		return
	}
	a.pending[key] = value
	a.mu.Unlock()
	select {
	case a.kick <- struct{}{}:
	default:
	}
}

// SetValues records several changed values at once (e.g. a pre-fill).
func (a *AutoSaver) SetValues(v forms.Values) {
	a.mu.Lock()
	if a.closed {
		a.mu.Unlock()
		return
	}
	for k, x := range v {
		a.pending[k] = x
	}
	a.mu.Unlock()
	select {
	case a.kick <- struct{}{}:
	default:
	}
}

// OnError registers f to be called, on the saver's goroutine, when a write
// fails (the values stay pending and are retried). In a Fyne UI, f should
// use fyne.Do to show the problem.
func (a *AutoSaver) OnError(f func(error)) {
	a.mu.Lock()
	a.onError = f
	a.mu.Unlock()
}

// Err returns the error of the last write, nil once a write succeeds.
func (a *AutoSaver) Err() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.err
}

// Pending reports how many changed values are not yet written.
func (a *AutoSaver) Pending() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.pending)
}

// Flush writes pending values now and waits for the result.
func (a *AutoSaver) Flush() error {
	ch := make(chan error, 1)
	select {
	case a.flush <- ch:
		return <-ch
	case <-a.done:
		return ErrSaverClosed
	}
}

// Close writes pending values, stops the saver and returns the last error.
// Calling it again is harmless.
func (a *AutoSaver) Close() error {
	a.mu.Lock()
	if !a.closed {
		a.closed = true
		close(a.quit)
	}
	a.mu.Unlock()
	<-a.done
	return a.Err()
}

func (a *AutoSaver) run() {
	defer close(a.done)
	for {
		select {
		case <-a.kick:
			t := time.NewTimer(a.delay)
			select {
			case <-t.C:
				a.write()
			case ch := <-a.flush:
				t.Stop()
				ch <- a.write()
			case <-a.quit:
				t.Stop()
				a.write()
				return
			}
		case ch := <-a.flush:
			ch <- a.write()
		case <-a.quit:
			a.write()
			return
		}
	}
}

// write saves everything pending in one transaction. On failure the batch
// goes back to pending, under any newer value typed meanwhile.
func (a *AutoSaver) write() error {
	a.mu.Lock()
	batch := a.pending
	if len(batch) == 0 {
		err := a.err
		a.mu.Unlock()
		return err
	}
	a.pending = map[string]string{}
	a.mu.Unlock()

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	err := a.s.updateEditable(ctx, a.draftID, func(tx *sql.Tx) error { return putValues(ctx, tx, a.draftID, batch, time.Now()) })
	cancel()

	a.mu.Lock()
	a.saves++
	// A deleted or submitted draft takes no more values: retrying is futile.
	gone := errors.Is(err, ErrNotFound) || errors.Is(err, errNotEditable)
	if err != nil && !gone {
		for k, v := range batch {
			if _, newer := a.pending[k]; !newer {
				a.pending[k] = v
			}
		}
	}
	if err != nil && !gone {
		err = usererr.New("drafts.autosave", "自动保存失败，正在重试；请勿关闭程序",
			"Auto-save failed and is being retried; please keep the app open").Wrap(err)
	}
	a.err = err
	f := a.onError
	retry := err != nil && !gone && !a.closed
	a.mu.Unlock()
	if err != nil && f != nil {
		f(err)
	}
	if retry {
		select {
		case a.kick <- struct{}{}:
		default:
		}
	}
	return err
}

package journey

import (
	"context"
	"sync"
	"time"

	"fyne.io/fyne/v2"

	"github.com/naiman-yiye/yiye/catalog"
	"github.com/naiman-yiye/yiye/drafts"
	"github.com/naiman-yiye/yiye/forms"
	"github.com/naiman-yiye/yiye/usererr"
)

// LookupFunc finds a registered market entity by credit code (the portal's
// enterprise lookup). Errors should be *usererr.Error.
type LookupFunc func(ctx context.Context, uscc string) (forms.Enterprise, error)

// Env is what the journey screens need. The shell fills it once.
type Env struct {
	// Window is the main window: dialogs and file drops use it.
	Window fyne.Window
	// Catalog is the local catalog copy; Current() is read at each use so a
	// sync that installs a newer catalog is noticed by open drafts.
	Catalog *catalog.Local
	// Drafts stores drafts, values and attachments.
	Drafts *drafts.Store
	// Lookup pre-fills the form from a credit code; nil hides the button.
	Lookup LookupFunc
	// Navigate shows another screen of the shell by its ID (my applications,
	// licenses, the submission screen with a draft ID as arg).
	Navigate func(screen string, arg any)
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

func (e *Env) now() time.Time {
	if e.Now != nil {
		return e.Now()
	}
	return time.Now()
}

func (e *Env) navigate(screen string, arg any) {
	if e.Navigate != nil {
		e.Navigate(screen, arg)
	}
}

// background runs disk and network work off the UI goroutine and applies
// the result to widgets on the UI goroutine (fyne.Do). It counts the work
// in flight so Close (and tests) can wait for it.
type background struct {
	mu   sync.Mutex
	n    int
	zero *sync.Cond
	// post runs a func on the UI goroutine; nil means fyne.Do. Tests set it
	// to run UI updates on the test goroutine, as the app's main loop would.
	post func(func())
}

func (b *background) cond() *sync.Cond {
	if b.zero == nil {
		b.zero = sync.NewCond(&b.mu)
	}
	return b.zero
}

// run calls work in a new goroutine; the func it returns (if any) runs on
// the UI goroutine.
func (b *background) run(work func() func()) {
	b.mu.Lock()
	b.n++
	b.mu.Unlock()
	go func() {
		defer func() {
			b.mu.Lock()
			b.n--
			if b.n == 0 {
				b.cond().Broadcast()
			}
			b.mu.Unlock()
		}()
		if ui := work(); ui != nil {
			b.ui(ui)
		}
	}()
}

// ui runs f on the UI goroutine.
func (b *background) ui(f func()) {
	if b.post != nil {
		b.post(f)
		return
	}
	fyne.Do(f)
}

// busy is the number of runs in flight.
func (b *background) busy() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.n
}

// idle waits until no work started by run is in flight. Not for the UI
// goroutine of a test whose post needs it.
func (b *background) idle() {
	b.mu.Lock()
	for b.n > 0 {
		b.cond().Wait()
	}
	b.mu.Unlock()
}

// serial runs jobs one after another on its own goroutine, in the order
// queued, so successive saves of the same draft cannot overtake each other.
type serial struct {
	bg   *background
	mu   sync.Mutex
	jobs []func() func()
	busy bool
}

func (s *serial) queue(job func() func()) {
	s.mu.Lock()
	s.jobs = append(s.jobs, job)
	if s.busy {
		s.mu.Unlock()
		return
	}
	s.busy = true
	s.mu.Unlock()
	s.bg.run(func() func() {
		var uis []func()
		for {
			s.mu.Lock()
			if len(s.jobs) == 0 {
				s.busy = false
				s.mu.Unlock()
				break
			}
			j := s.jobs[0]
			s.jobs = s.jobs[1:]
			s.mu.Unlock()
			if ui := j(); ui != nil {
				uis = append(uis, ui)
			}
		}
		if len(uis) == 0 {
			return nil
		}
		return func() {
			for _, ui := range uis {
				ui()
			}
		}
	})
}

// ctx is the timeout for one background storage call.
func storageCtx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), 30*time.Second)
}

var errNoDatabase = usererr.New("app.journey.no_database", "没有打开数据库，无法保存草稿", "No database is open; drafts cannot be saved")

// Package background runs the screens' disk and network work off the UI
// goroutine and hands each result back to it, so a screen never freezes
// while SQLite writes or the portal answers, and never touches a widget
// from another goroutine.
//
// One Runner serves a window; the composition root creates it with
// fyne.Do as the way onto the UI goroutine (tests give it a queue they
// drain themselves).
package background

import "sync"

// Runner runs work off the UI goroutine and posts results back.
type Runner struct {
	post func(func())

	mu   sync.Mutex
	n    int
	zero *sync.Cond
}

// New returns a runner that puts UI work on the UI goroutine with post.
func New(post func(func())) *Runner {
	r := &Runner{post: post}
	r.zero = sync.NewCond(&r.mu)
	return r
}

// Post runs f on the UI goroutine. Safe from any goroutine.
func (r *Runner) Post(f func()) { r.post(f) }

// Run calls work on a new goroutine; the func it returns, if any, runs on
// the UI goroutine. The work counts as in flight until it returned and its
// UI func was posted (so Wait may be called on the UI goroutine).
func (r *Runner) Run(work func() (ui func())) {
	r.add(1)
	go func() {
		defer r.add(-1)
		if ui := work(); ui != nil {
			r.post(ui)
		}
	}()
}

func (r *Runner) add(d int) {
	r.mu.Lock()
	r.n += d
	if r.n == 0 {
		r.zero.Broadcast()
	}
	r.mu.Unlock()
}

// Busy reports whether work started by Run (or a Queue) is in flight.
func (r *Runner) Busy() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.n > 0
}

// Wait blocks until no work started by Run is in flight; UI funcs it
// posted may not have run yet.
func (r *Runner) Wait() {
	r.mu.Lock()
	for r.n > 0 {
		r.zero.Wait()
	}
	r.mu.Unlock()
}

// Queue runs jobs one after another, in the order queued, so successive
// saves of one draft cannot overtake each other. Each job returns UI work
// (or nil), run on the UI goroutine in the order queued too.
type Queue struct {
	r    *Runner
	mu   sync.Mutex
	jobs []func() func()
	busy bool // a worker runs; it stays busy until its UI work is posted
}

// NewQueue returns an empty queue on r.
func (r *Runner) NewQueue() *Queue { return &Queue{r: r} }

// Add queues job.
func (q *Queue) Add(job func() (ui func())) {
	q.mu.Lock()
	q.jobs = append(q.jobs, job)
	if q.busy {
		q.mu.Unlock()
		return
	}
	q.busy = true
	q.mu.Unlock()
	q.r.Run(func() func() {
		for {
			q.mu.Lock()
			jobs := q.jobs
			q.jobs = nil
			if len(jobs) == 0 {
				// Only now may another worker start: its UI work must
				// not be posted before this one's.
				q.busy = false
				q.mu.Unlock()
				return nil
			}
			q.mu.Unlock()
			var uis []func()
			for _, j := range jobs {
				if ui := j(); ui != nil {
					uis = append(uis, ui)
				}
			}
			if len(uis) > 0 {
				q.r.post(func() {
					for _, ui := range uis {
						ui()
					}
				})
			}
		}
	})
}

package background

import (
	"slices"
	"sync"
	"testing"
	"time"
)

// uiLoop stands for the app's UI goroutine: posted funcs run in order on
// the test goroutine.
type uiLoop struct{ q chan func() }

func (u *uiLoop) post(f func()) { u.q <- f }

func (u *uiLoop) until(t *testing.T, r *Runner, cond func() bool) {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for r.Busy() || !cond() {
		select {
		case f := <-u.q:
			f()
		case <-time.After(5 * time.Millisecond):
		case <-deadline:
			t.Fatal("timed out")
		}
	}
}

func TestRunPostsResultsToTheUI(t *testing.T) {
	u := &uiLoop{q: make(chan func(), 16)}
	r := New(u.post)
	var got []int // touched on the "UI goroutine" only
	for i := range 5 {
		r.Run(func() func() { return func() { got = append(got, i) } })
	}
	r.Run(func() func() { return nil })
	u.until(t, r, func() bool { return len(got) == 5 })
	slices.Sort(got)
	if !slices.Equal(got, []int{0, 1, 2, 3, 4}) {
		t.Errorf("got %v", got)
	}
}

func TestQueueKeepsOrder(t *testing.T) {
	u := &uiLoop{q: make(chan func(), 16)}
	r := New(u.post)
	q := r.NewQueue()
	var mu sync.Mutex
	var ran, shown []int
	for i := range 50 {
		q.Add(func() func() {
			mu.Lock()
			ran = append(ran, i)
			mu.Unlock()
			return func() { shown = append(shown, i) }
		})
	}
	u.until(t, r, func() bool { return len(shown) == 50 })
	for i := range 50 {
		if ran[i] != i || shown[i] != i {
			t.Fatalf("order broken: ran %v shown %v", ran, shown)
		}
	}
	done := make(chan struct{})
	go func() { r.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Wait does not return when idle")
	}
}

// TestQueueOrderWhenPostIsSlow: a job queued while the previous batch's
// UI work is still on its way to the UI goroutine (a preempted worker)
// shows after it, not before.
func TestQueueOrderWhenPostIsSlow(t *testing.T) {
	q0 := make(chan func(), 16)
	var first sync.Once
	post := func(f func()) {
		first.Do(func() { time.Sleep(100 * time.Millisecond) })
		q0 <- f
	}
	u := &uiLoop{q: q0}
	r := New(post)
	q := r.NewQueue()
	var shown []int
	ran0 := make(chan struct{})
	q.Add(func() func() { close(ran0); return func() { shown = append(shown, 0) } })
	<-ran0
	time.Sleep(10 * time.Millisecond) // the first worker is past its job, posting
	q.Add(func() func() { return func() { shown = append(shown, 1) } })
	u.until(t, r, func() bool { return len(shown) == 2 })
	if !slices.Equal(shown, []int{0, 1}) {
		t.Fatalf("shown %v", shown)
	}
}

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

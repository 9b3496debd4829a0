package drafts

// ChangeKind says what happened to a draft.
type ChangeKind int

// Kinds of change.
const (
	Created       ChangeKind = iota // created or imported
	Edited                          // a value, the items, a file, a promise, the agent or the title
	StatusChanged                   // queued for submission, or submitted
	Deleted
)

// Change is one committed change to a draft.
type Change struct {
	ID   string
	Kind ChangeKind
	// Status is the draft's status after a StatusChanged.
	Status Status
}

// Watch calls fn after every committed change, on the goroutine that made
// it, until cancel is called. fn must not call back into the store's
// writing methods.
func (s *Store) Watch(fn func(Change)) (cancel func()) {
	s.watchMu.Lock()
	defer s.watchMu.Unlock()
	id := s.nextWatch
	s.nextWatch++
	if s.watchers == nil {
		s.watchers = map[int]func(Change){}
	}
	s.watchers[id] = fn
	return func() {
		s.watchMu.Lock()
		delete(s.watchers, id)
		s.watchMu.Unlock()
	}
}

func (s *Store) notify(c Change) {
	s.watchMu.Lock()
	fns := make([]func(Change), 0, len(s.watchers))
	for _, f := range s.watchers {
		fns = append(fns, f)
	}
	s.watchMu.Unlock()
	for _, f := range fns {
		f(c)
	}
}

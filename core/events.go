package core

import (
	"slices"
	"sync"

	"github.com/naiman-yiye/yiye/application"
	"github.com/naiman-yiye/yiye/client"
	"github.com/naiman-yiye/yiye/client/api"
	"github.com/naiman-yiye/yiye/drafts"
)

// Event is something the core announces to its subscribers; the concrete
// types below are all there is.
type Event interface{ event() }

// CatalogReplaced: a sync installed a newer catalog; screens showing
// industries, items or notices rebuild from Core.Catalog.
type CatalogReplaced struct{ Version int }

// DraftChanged: a draft was created, edited, queued or submitted, or
// deleted (by any screen, an import or the outbox following a submission).
type DraftChanged struct{ drafts.Change }

// SubmissionChanged: a queued submission moved (progress, sent, failed).
type SubmissionChanged struct{ Item client.Item }

// StatusChanged: the portal reports new statuses for applications.
type StatusChanged struct{ Changes []client.StatusChange }

// Connectivity: the portal became reachable or unreachable.
type Connectivity struct{ Online bool }

// SessionChanged: the applicant signed in or out (or the session expired).
type SessionChanged struct{ SignedIn bool }

// PortalChanged: the core now talks to another portal (settings).
type PortalChanged struct{ URL string }

// MessagesChanged: a consultation message was queued, sent or refused,
// or staff replied (Replies: the replies not seen before).
type MessagesChanged struct{ Replies []api.Message }

// RemindersDue: renewals, filings or a void license to tell the
// applicant of now, each once.
type RemindersDue struct{ Reminders []application.Reminder }

// FilingsChanged: an application's filing dates or reports changed.
type FilingsChanged struct{ ApplicationID string }

func (CatalogReplaced) event()   {}
func (DraftChanged) event()      {}
func (SubmissionChanged) event() {}
func (StatusChanged) event()     {}
func (Connectivity) event()      {}
func (SessionChanged) event()    {}
func (PortalChanged) event()     {}
func (MessagesChanged) event()   {}
func (RemindersDue) event()      {}
func (FilingsChanged) event()    {}

type subscriber struct {
	id int
	fn func(Event)
}

// events fans events out to subscribers on the UI goroutine.
type events struct {
	post   func(func())
	mu     sync.Mutex
	subs   []subscriber // in the order subscribed
	next   int
	closed bool
}

// Subscribe calls fn on the UI goroutine with every event from now on,
// until cancel is called (or the core closes).
func (c *Core) Subscribe(fn func(Event)) (cancel func()) {
	e := &c.events
	e.mu.Lock()
	defer e.mu.Unlock()
	id := e.next
	e.next++
	e.subs = append(e.subs, subscriber{id, fn})
	return func() {
		e.mu.Lock()
		e.subs = slices.DeleteFunc(e.subs, func(s subscriber) bool { return s.id == id })
		e.mu.Unlock()
	}
}

// emit delivers ev to the subscribers present when it is delivered.
func (e *events) emit(ev Event) {
	e.mu.Lock()
	closed := e.closed
	e.mu.Unlock()
	if closed {
		return
	}
	e.post(func() {
		e.mu.Lock()
		if e.closed {
			e.mu.Unlock()
			return
		}
		subs := slices.Clone(e.subs)
		e.mu.Unlock()
		for _, s := range subs {
			s.fn(ev)
		}
	})
}

func (e *events) close() {
	e.mu.Lock()
	e.closed = true
	e.subs = nil
	e.mu.Unlock()
}

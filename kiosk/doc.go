// Package kiosk holds the non-UI parts of kiosk mode for the government
// service hall (issue 5): the staff PIN with lockout, the idle timer that
// warns and then ends an applicant's session, per-applicant session
// directories that are wiped when the session ends, and the record of an
// agent's authorisation (委托) for assisted filing (帮办代办).
//
// Nothing here imports Fyne. Time comes from a Clock so tests drive it with
// a ManualClock instead of sleeping; callbacks run on the clock's goroutine,
// so the UI must hop back with fyne.Do.
package kiosk

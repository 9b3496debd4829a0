// Package kiosk holds the non-UI parts of kiosk mode for the government
// service hall: the staff PIN with lockout, the idle timer that warns and
// then ends an applicant's session, per-applicant session directories that
// are wiped when the session ends, and the on-screen keypad's state.
//
// Nothing here imports Fyne. Time comes from a Clock so tests drive it with
// a ManualClock instead of sleeping; callbacks run on the clock's goroutine,
// so the UI must hop back to its goroutine (the window's runner's Post).
//
// # Wiring (for app/ and cmd/)
//
//   - Settings hold a Config (JSON). `yiye --kiosk` or Config.Enabled turns
//     kiosk mode on; Validate refuses it without a staff PIN.
//   - At start: m, err := NewManager(dataDir, SystemClock{}, cfg.Idle(), handlers)
//     (this wipes sessions a crash left behind). For each applicant:
//     s, err := m.Begin(); open the database with s.OpenDB() (or open it
//     yourself and s.Track it), keep attachments in s.AttachmentsDir(), the
//     portal token in s.TokenFile(), anything else in s.CacheDir().
//   - Call m.Touch() on every tap and key press. ManagerHandlers.Warn shows
//     the countdown, Resume hides it, Ended returns to the welcome screen
//     (and shows ErrWipe to staff if the wipe failed). After submitting or
//     exporting the draft (package handover) call m.End().
//   - Leaving full screen, closing the app or changing settings asks for
//     the PIN through a PINGuard whose save callback writes Config.PIN.
//   - Assisted filing (委托办理) is package agent's: the same rules at the
//     kiosk, in the desktop app and at the portal.
package kiosk

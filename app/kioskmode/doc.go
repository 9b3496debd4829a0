// Package kioskmode is the UI of Yiye on a self-service terminal in the
// government service hall (issue 5), and the draft tools every copy has:
//
//   - Kiosk runs the terminal: full screen, the kiosk theme, a welcome
//     screen with 开始办理, one wiped-on-exit applicant session at a time
//     (kiosk.Manager) shown in its own shell (a fresh *shell.Deps whose DB
//     and DataDir are the session's), the idle countdown overlay, and the
//     staff menu and window close behind the staff PIN.
//   - Keypad is the on-screen keypad for PINs, ID numbers and phone numbers.
//   - The 草稿交接与打印 screen (ScreenHandover) exports a draft with its
//     attachments to one encrypted file and imports one, prints the notice
//     and the application form, and records assisted filing (帮办代办).
//   - The 自助终端模式 screen (ScreenKioskSetting) is the staff setting
//     that turns kiosk mode on behind a PIN.
//
// Widgets are touched on the Fyne goroutine only; kiosk.Manager callbacks
// and background work come back through fyne.Do.
package kioskmode

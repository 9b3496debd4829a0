// Package kioskmode is the UI of Yiye on a self-service terminal in the
// government service hall, and the draft tools every copy has:
//
//   - Kiosk runs the terminal: full screen, the kiosk theme, a welcome
//     screen with 开始办理, one wiped-on-exit applicant session at a time
//     (kiosk.Manager) whose UI the composition root builds on the
//     session's own database and folder (Options.NewSession), the idle
//     countdown overlay, and the staff menu and window close behind the
//     staff PIN.
//   - Keypad is the on-screen keypad for PINs, ID numbers and phone numbers.
//   - 草稿交接与打印 (HandoverScreen in a normal window, Kiosk.SessionScreens
//     in a session) exports a draft with its attachments to one encrypted
//     file and imports one, prints the notice and the application form,
//     and records assisted filing (帮办代办) as an agent.Record.
//   - 自助终端模式 (SettingScreen) is the staff setting that turns kiosk
//     mode on behind a PIN.
//
// Widgets are touched on the UI goroutine only: disk work runs through
// the window's background.Runner, and the idle timer's events and the
// activity poll come back through its Post.
package kioskmode

// Package journey holds the applicant's journey screens of Yiye: choosing
// an industry on the home screen, the questionnaire that decides the
// on-demand items, the consolidated notice with its flowchart, the merged
// application form, and the materials with the readiness check, ending in
// the hand-over of a complete draft to the submission screen.
//
// The screens are written for a shop owner who is not at ease with
// computers (large targets, plain Chinese, one step at a time, nothing lost)
// and for service-hall staff who use them all day (search by pinyin
// initials, explicit add/drop of on-demand items, several drafts open side
// by side). Text goes through fyne's lang with this package's own
// translation files; disk and network work runs off the UI goroutine and
// reports back through fyne.Do.
//
// The composition root builds the journey with New on the window's core
// (or a kiosk session's) and places its Screens (首页, 我的草稿) in the
// shell; Options.Submit receives the draft when 提交申请 is tapped. The
// journey follows the core's events instead of polling, and Close flushes
// open drafts when the window closes or the session ends.
package journey

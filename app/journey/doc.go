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
// In the app the package registers itself as the shell's 首页 (home) and
// 我的草稿 (workspace) screens from init; it opens the catalog and drafts
// stores from the shell's Deps. The wiring may replace NewLookup (the
// enterprise lookup) and sets Submit, which receives the draft ID when
// 提交申请 is tapped; Shutdown flushes open drafts when the window closes.
// Tests and other hosts build a Journey directly with New(Env) and place
// Home() and Workspace() themselves.
package journey

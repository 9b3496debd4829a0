//go:build windows

package ime

import (
	"unsafe"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver"
	"golang.org/x/sys/windows"
)

const placeSupported = true

var (
	imm32                   = windows.NewLazySystemDLL("imm32.dll")
	procImmGetContext       = imm32.NewProc("ImmGetContext")
	procImmReleaseContext   = imm32.NewProc("ImmReleaseContext")
	procImmSetCompositionWn = imm32.NewProc("ImmSetCompositionWindow")
	procImmSetCandidateWn   = imm32.NewProc("ImmSetCandidateWindow")
)

// Values from imm.h.
const (
	cfsPoint   = 0x0002
	cfsExclude = 0x0080
)

type point struct{ X, Y int32 }

type rect struct{ Left, Top, Right, Bottom int32 }

// compositionForm is COMPOSITIONFORM.
type compositionForm struct {
	Style   uint32
	Pos     point
	AreaRec rect
}

// candidateForm is CANDIDATEFORM.
type candidateForm struct {
	Index   uint32
	Style   uint32
	Pos     point
	AreaRec rect
}

// place puts the composition window at (x, y) and the candidate list just
// below the caret line, in client pixels of w. It runs on the UI goroutine
// (RunNative calls back synchronously on Windows), which owns the HWND.
func place(w fyne.Window, x, y, line int32) {
	nw, ok := w.(driver.NativeWindow)
	if !ok || procImmGetContext.Find() != nil {
		return
	}
	nw.RunNative(func(ctx any) {
		wc, ok := ctx.(driver.WindowsWindowContext)
		if !ok || wc.HWND == 0 {
			return
		}
		himc, _, _ := procImmGetContext.Call(wc.HWND)
		if himc == 0 {
			return // no IME on this thread/window
		}
		defer procImmReleaseContext.Call(wc.HWND, himc)
		cf := compositionForm{Style: cfsPoint, Pos: point{x, y}}
		procImmSetCompositionWn.Call(himc, uintptr(unsafe.Pointer(&cf)))
		// Exclude the caret line so the list opens below it, not over it.
		cand := candidateForm{Index: 0, Style: cfsExclude, Pos: point{x, y + line},
			AreaRec: rect{Left: x, Top: y, Right: x + 1, Bottom: y + line}}
		procImmSetCandidateWn.Call(himc, uintptr(unsafe.Pointer(&cand)))
	})
}

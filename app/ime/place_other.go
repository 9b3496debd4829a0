//go:build !windows

package ime

import "fyne.io/fyne/v2"

// placeSupported: only Windows exposes an IME positioning API we can reach
// (macOS asks GLFW's view, which answers with its own frame origin; X11 XIM
// runs in root-window style).
const placeSupported = false

func place(fyne.Window, int32, int32, int32) {}

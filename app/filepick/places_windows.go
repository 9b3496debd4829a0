//go:build windows

package filepick

import (
	"golang.org/x/sys/windows"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// systemPlaces lists the user's known folders (where Windows really keeps
// them: a Desktop moved to OneDrive included) and the drive letters.
//
// Drives come from GetLogicalDrives and GetDriveType, which need no disk
// access: os.Stat on A:\ or on a disconnected network drive can block for
// seconds, and the picker lists places on the UI goroutine.
func systemPlaces() []place {
	var ps []place
	for _, k := range []struct {
		kind placeKind
		id   *windows.KNOWNFOLDERID
	}{
		{placeDesktop, windows.FOLDERID_Desktop},
		{placeDocuments, windows.FOLDERID_Documents},
		{placeDownloads, windows.FOLDERID_Downloads},
		{placeHome, windows.FOLDERID_Profile},
	} {
		if p, err := windows.KnownFolderPath(k.id, windows.KF_FLAG_DEFAULT); err == nil {
			ps = addPlace(ps, k.kind, standardLabel(k.kind), p, standardIcon(k.kind))
		}
	}
	mask, err := windows.GetLogicalDrives()
	if err != nil {
		return ps
	}
	for i := 0; i < 26; i++ {
		if mask&(1<<i) == 0 {
			continue
		}
		drive := string(rune('A'+i)) + ":"
		root := drive + `\`
		p, err := windows.UTF16PtrFromString(root)
		if err != nil {
			continue
		}
		var key string
		var icon fyne.Resource = theme.StorageIcon()
		kind := placeDrive
		switch windows.GetDriveType(p) {
		case windows.DRIVE_REMOVABLE:
			key, kind = "filepick.place.removable", placeMedia
		case windows.DRIVE_REMOTE:
			key = "filepick.place.network"
		case windows.DRIVE_CDROM:
			key, kind = "filepick.place.cdrom", placeMedia
			icon = theme.MediaRecordIcon()
		case windows.DRIVE_FIXED, windows.DRIVE_RAMDISK:
			key, icon = "filepick.place.drive", theme.ComputerIcon()
		default: // no root directory, or unknown
			continue
		}
		ps = append(ps, place{kind: kind, label: trm(key, "Drive", drive), path: root, icon: icon})
	}
	return ps
}

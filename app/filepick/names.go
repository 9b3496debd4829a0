package filepick

import (
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/naiman-yiye/yiye/usererr"
)

// Codes of the errors checkName returns (usererr codes, not translation keys).
const (
	codeNameEmpty    = "filepick.name_empty"
	codeNameChars    = "filepick.name_chars"
	codeNameTrailing = "filepick.name_trailing"
	codeNameDot      = "filepick.name_leading_dot"
	codeNameReserved = "filepick.name_reserved"
	codeNameTooLong  = "filepick.name_too_long"
	codeNameEncoding = "filepick.name_encoding"
)

// forbiddenChars are the characters Windows refuses in a file name; "/"
// is also the separator everywhere else.
const forbiddenChars = `<>:"/\|?*`

// maxNameLen is the longest name every file system we meet takes: 255
// bytes (ext4, APFS) and 255 UTF-16 units (NTFS, exFAT, FAT32 long names).
const maxNameLen = 255

// reservedNames are Windows device names: no file may be called so, with
// or without an extension (NUL.pdf is the device too).
var reservedNames = []string{
	"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
	"COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "COM¹", "COM²", "COM³",
	"LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9", "LPT¹", "LPT²", "LPT³",
}

// checkName reports why name cannot be a file's name on Windows, macOS or
// Linux, as a usererr; nil means any of them can take it. The rules are
// Windows' (the strictest): a file saved on a kiosk's USB stick must open
// on the applicant's Windows PC.
func checkName(name string) error {
	switch {
	case strings.TrimSpace(name) == "":
		return errNameEmpty()
	case !utf8.ValidString(name):
		return usererr.New(codeNameEncoding, "文件名里有无法识别的字符，请重新输入。",
			"The file name has characters that cannot be read; please type it again.")
	}
	for _, r := range name {
		if r < 0x20 || r == 0x7f {
			return usererr.New(codeNameChars, "文件名里有看不见的控制字符，请重新输入。",
				"The file name contains invisible control characters; please type it again.")
		}
		if strings.ContainsRune(forbiddenChars, r) {
			return usererr.Newf(codeNameChars, "文件名里不能有“%c”。这些符号都不能用：< > : \" / \\ | ? *",
				"A file name cannot contain \"%c\". None of these can be used: < > : \" / \\ | ? *", r)
		}
	}
	if stem := strings.TrimSuffix(name, filepath.Ext(name)); strings.TrimSpace(stem) == "" {
		return errNameEmpty() // only an extension, such as ".pdf"
	}
	if strings.HasSuffix(name, ".") || strings.HasSuffix(name, " ") {
		return usererr.New(codeNameTrailing, "文件名不能以点或空格结尾。",
			"A file name cannot end with a dot or a space.")
	}
	if strings.HasPrefix(name, ".") {
		return usererr.New(codeNameDot, "文件名不能以点开头（这样的文件会被隐藏）。",
			"A file name cannot start with a dot (such files are hidden).")
	}
	device, _, _ := strings.Cut(name, ".")
	if device = strings.TrimRight(device, " "); slices.Contains(reservedNames, strings.ToUpper(device)) {
		return usererr.Newf(codeNameReserved, "“%s”是 Windows 保留的名称，不能用作文件名，请换一个名字。",
			"\"%s\" is a name Windows reserves for devices; please choose another name.", device)
	}
	if len(name) > maxNameLen || len(utf16.Encode([]rune(name))) > maxNameLen {
		return usererr.New(codeNameTooLong, "文件名太长了，请缩短一些。",
			"The file name is too long; please shorten it.")
	}
	return nil
}

func errNameEmpty() error {
	return usererr.New(codeNameEmpty, "请填写文件名。", "Please enter a file name.")
}

// saveName turns what the user typed into the name to save under: spaces
// around it dropped (never meant, and Windows drops trailing ones anyway),
// the first of exts added when it has none of them ("营业执照" →
// "营业执照.pdf"; a typed trailing dot is taken as the start of that
// extension), then checked with checkName.
func saveName(typed string, exts []string) (string, error) {
	n := strings.TrimSpace(typed)
	if len(exts) > 0 && !hasExt(n, exts) {
		n = strings.TrimRight(n, ". ")
		if n == "" {
			return "", errNameEmpty()
		}
		n += exts[0]
	}
	if err := checkName(n); err != nil {
		return "", err
	}
	return n, nil
}

// hasExt reports whether name ends in one of exts, ignoring case.
func hasExt(name string, exts []string) bool {
	ext := filepath.Ext(name)
	for _, e := range exts {
		if strings.EqualFold(ext, e) {
			return true
		}
	}
	return false
}

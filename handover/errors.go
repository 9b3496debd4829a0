package handover

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/naiman-yiye/yiye/usererr"
)

// Errors returned by Export and Import. Compare with errors.Is; the code is
// stable, the messages are for the applicant and the hall staff.
var (
	ErrNotBundle = usererr.New("handover.not_bundle",
		"这不是一业一证申请助手导出的草稿文件。",
		"This is not a draft file exported by Yiye.")
	ErrUnsupportedVersion = usererr.New("handover.unsupported_version",
		"此草稿文件由更新版本的一业一证申请助手导出，请先升级本机软件再导入。",
		"This draft file was exported by a newer version of Yiye; update this copy before importing it.")
	ErrBadParams = usererr.New("handover.bad_params",
		"草稿文件的参数异常，已拒绝导入。",
		"The draft file has abnormal parameters and was refused.")
	ErrWrongPassphrase = usererr.New("handover.wrong_passphrase",
		"口令错误或文件已损坏，请核对口令后重试。",
		"Wrong passphrase or damaged file; check the passphrase and try again.")
	ErrTampered = usererr.New("handover.tampered",
		"草稿文件已损坏或被改动，已拒绝导入，现有草稿未受影响。",
		"The draft file is damaged or has been altered; it was refused and existing drafts are untouched.")
	ErrTruncated = usererr.New("handover.truncated",
		"草稿文件不完整（可能没有拷贝完），已拒绝导入，请重新拷贝后再试。",
		"The draft file is incomplete (perhaps not fully copied); it was refused. Copy it again and retry.")
	ErrTooLarge = usererr.New("handover.too_large",
		"草稿文件中的材料超过允许的大小，已拒绝导入。",
		"The materials in the draft file exceed the allowed size; it was refused.")
	ErrTooManyFiles = usererr.New("handover.too_many_files",
		"草稿文件中的材料数量超过上限，已拒绝导入。",
		"The draft file holds too many materials; it was refused.")
	ErrBadName = usererr.New("handover.bad_name",
		"草稿文件中有不安全的文件名，已拒绝导入。",
		"The draft file contains an unsafe file name; it was refused.")
	ErrWeakPassphrase = usererr.New("handover.weak_passphrase",
		"口令至少需要 8 个字符。",
		"The passphrase needs at least 8 characters.")
	ErrSourceChanged = usererr.New("handover.source_changed",
		"导出时材料文件发生了变化，请重试。",
		"A material file changed while it was being exported; try again.")
	ErrRead = usererr.New("handover.read",
		"读取草稿文件失败（U 盘是否已拔出？），现有草稿未受影响。",
		"Could not read the draft file (was the USB stick removed?); existing drafts are untouched.")
	ErrWrite = usererr.New("handover.write",
		"无法写入草稿文件或导入目录（磁盘已满或无权限？），现有草稿未受影响。",
		"Could not write the draft file or the import folder (disk full or no permission?); existing drafts are untouched.")
)

// mb formats a byte count for messages.
func mb(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// fileTooLarge says which material is too large and what the limit is.
func fileTooLarge(name string, size, limit int64) error {
	return usererr.Newf(ErrTooLarge.Code,
		"材料“%s”有 %s，超过单个文件 %s 的上限，已拒绝导入。",
		"The material %q has %s, more than the %s allowed for one file; it was refused.",
		printable(name), mb(size), mb(limit)).Wrap(fmt.Errorf("%q: %d bytes", name, size))
}

func totalTooLarge(total, limit int64) error {
	return usererr.Newf(ErrTooLarge.Code,
		"草稿文件中的材料共 %s 以上，超过 %s 的上限，已拒绝导入。",
		"The materials add up to more than %s, over the %s limit; it was refused.",
		mb(total), mb(limit)).Wrap(fmt.Errorf("%d bytes in all", total))
}

func tooManyFiles(n, limit int) error {
	return usererr.Newf(ErrTooManyFiles.Code,
		"草稿文件中有 %d 个材料文件，超过 %d 个的上限，已拒绝导入。",
		"The draft file holds %d material files, more than the %d allowed; it was refused.",
		n, limit).Wrap(fmt.Errorf("%d files", n))
}

func badName(name, why string) error {
	return usererr.Newf(ErrBadName.Code,
		"草稿文件中有不安全的文件名“%s”，已拒绝导入。",
		"The draft file contains an unsafe file name %q; it was refused.",
		printable(name)).Wrap(fmt.Errorf("%q: %s", name, why))
}

// printable shortens a hostile name for a message: no control characters,
// at most 60 characters.
func printable(s string) string {
	s = strings.ToValidUTF8(s, "�")
	var b strings.Builder
	n := 0
	for _, r := range s {
		if n == 60 {
			b.WriteString("…")
			break
		}
		if unicode.IsControl(r) {
			r = '�'
		}
		b.WriteRune(r)
		n++
	}
	return b.String()
}

package handover

import "github.com/naiman-yiye/yiye/usererr"

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

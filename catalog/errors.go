package catalog

import (
	"github.com/naiman-yiye/yiye/usererr"
)

// Error codes returned by this package (usererr.Error.Code).
const (
	CodeUnknownIndustry = "catalog.unknown_industry"
	CodeUnknownItem     = "catalog.unknown_item"
	CodeNotInIndustry   = "catalog.item_not_in_industry"
	CodeDropMandatory   = "catalog.drop_mandatory"
	CodeBadAnswer       = "catalog.bad_answer"
	CodeUnknownQuestion = "catalog.unknown_question"
	CodeInvalid         = "catalog.invalid"   // corrupt or schema-invalid document
	CodeStale           = "catalog.stale"     // older than the installed copy
	CodeStorage         = "catalog.storage"   // the local copy could not be read/written
	CodeTooLarge        = "catalog.too_large" // document over MaxDocumentBytes
)

func errUnknownIndustry(ref string) error {
	return usererr.Newf(CodeUnknownIndustry,
		"未找到行业 %q。请使用目录中的行业名称、代码或序号（运行 yiye catalog list 查看）。",
		"Unknown industry %q. Use a name, code or number from the catalog (see yiye catalog list).", ref)
}

func errUnknownItem(ref string) error {
	return usererr.Newf(CodeUnknownItem,
		"未找到审批事项 %q。请使用事项代码（如 SPJY）或方案中的事项名称。",
		"Unknown approval item %q. Use an item code (e.g. SPJY) or its official name.", ref)
}

// invalid wraps a validation problem as a user error; detail is technical
// (English), shown in both messages so support can act on it.
func invalid(detail string) error {
	return usererr.Newf(CodeInvalid,
		"目录数据无效，已拒绝使用（原目录保持不变）：%s",
		"The catalog data is invalid and was refused (the previous catalog stays in use): %s", detail)
}

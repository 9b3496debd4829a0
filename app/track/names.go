package track

import (
	"github.com/naiman-yiye/yiye/app/i18n"
	"github.com/naiman-yiye/yiye/application"
	"github.com/naiman-yiye/yiye/catalog"
)

// Names of reference data in the UI's language. The portal records
// official Chinese names; the catalog knows the English ones. A name the
// catalog does not know is shown as recorded.

func english() bool { return i18n.Current() == i18n.English }

// industryName names an industry code.
func industryName(cat *catalog.Catalog, code string) string {
	i, err := cat.Industry(code)
	if err != nil {
		return code
	}
	if english() && i.NameEN != "" {
		return i.NameEN
	}
	return i.Name
}

// itemName names an item: as recorded (a filing variant has its own
// name), else as the catalog has it.
func itemName(cat *catalog.Catalog, code, recorded string) string {
	if recorded == "" {
		recorded = application.ItemName(cat, code)
	}
	if english() {
		return cat.ItemNameEN(code, recorded)
	}
	return recorded
}

// deptName names a department as recorded.
func deptName(cat *catalog.Catalog, name string) string {
	if english() {
		return cat.DepartmentEN(name)
	}
	return name
}

// materialName names a material by its ID.
func materialName(cat *catalog.Catalog, id string) string {
	m := cat.Material(id)
	switch {
	case m == nil:
		return id
	case english() && m.NameEN != "":
		return m.NameEN
	}
	return m.Name
}

// labelled is "label：value" in Chinese, "label: value" in English.
func labelled(label, value string) string {
	if english() {
		return label + ": " + value
	}
	return label + "：" + value
}

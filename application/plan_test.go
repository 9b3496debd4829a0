package application

import (
	"testing"

	"github.com/naiman-yiye/yiye/forms"
)

// TestFormItemsAreTheCatalogs: the form data names each item as the
// catalog does (the printed form's section titles come from it), and knows
// every catalog item.
func TestFormItemsAreTheCatalogs(t *testing.T) {
	cat := embedded(t)
	known := map[string]bool{}
	for _, it := range forms.Items() {
		known[it.Code] = true
		ci, err := cat.Item(it.Code)
		if err != nil {
			t.Errorf("form item %s is not in the catalog", it.Code)
			continue
		}
		if ci.Name != it.ZH || ci.NameEN != it.EN {
			t.Errorf("%s: form says %q/%q, catalog %q/%q", it.Code, it.ZH, it.EN, ci.Name, ci.NameEN)
		}
	}
	for _, ci := range cat.Items {
		if !known[ci.Code] {
			t.Errorf("catalog item %s has no form fields", ci.Code)
		}
	}
}

package portal

import (
	"fmt"

	"github.com/naiman-yiye/yiye/catalog"
)

// Reference data (industries, items, departments) comes from the catalog
// document the portal serves, never from copies kept here: what the portal
// issues names the same departments as the notice the applicant read.

// DefaultWindowDepartment is the catalog department that runs the single
// window (一窗受理) and issues the comprehensive license: the plan makes
// 旗行政审批政务服务与数据管理局 responsible for both.
const DefaultWindowDepartment = "zsj"

// refData is the parsed catalog plus the portal's view of it.
type refData struct {
	cat    *catalog.Catalog
	window *catalog.Department
}

func newRefData(doc []byte, window string) (*refData, error) {
	if len(doc) == 0 {
		return nil, fmt.Errorf("portal: Options.Catalog is required (catalog.EmbeddedDocument())")
	}
	cat, err := catalog.Parse(doc)
	if err != nil {
		return nil, fmt.Errorf("portal: catalog: %w", err)
	}
	if window == "" {
		window = DefaultWindowDepartment
	}
	d := cat.Department(window)
	if d == nil {
		return nil, fmt.Errorf("portal: window department %q is not in the catalog", window)
	}
	return &refData{cat: cat, window: d}, nil
}

// industry returns the industry with exactly this stable code, or nil
// (the catalog's own lookup also takes names and numbers, which a request
// must not use).
func (r *refData) industry(code string) *catalog.Industry {
	ind, err := r.cat.Industry(code)
	if err != nil || ind.Code != code {
		return nil
	}
	return ind
}

// itemRef is an item as one industry's annex row names it.
type itemRef struct {
	Code, Name string
	Dept       *catalog.Department
}

// item names item code within industry ind as the catalog does: the
// variant's name where the industry uses one (the bookstore's 卫生备案),
// the department of the annex row. ok is false if ind has no such item.
func (r *refData) item(ind *catalog.Industry, code string) (itemRef, bool) {
	if ind == nil {
		return itemRef{}, false
	}
	e := ind.Entry(code)
	if e == nil {
		return itemRef{}, false
	}
	it, err := r.cat.Item(code)
	if err != nil || it.Code != code {
		return itemRef{}, false
	}
	ref := itemRef{Code: code, Name: it.Name}
	if v := it.Variant(e.Variant); v != nil {
		ref.Name = v.Name
	}
	dept := e.Department
	if dept == "" {
		dept = it.Department
	}
	ref.Dept = r.cat.Department(dept)
	if ref.Dept == nil {
		return itemRef{}, false
	}
	return ref, true
}

// itemOf looks an application's item up by industry and item code.
func (r *refData) itemOf(industry, code string) (itemRef, bool) {
	return r.item(r.industry(industry), code)
}

// issuer is the issuing office printed on licenses and on window events.
func (r *refData) issuer() string { return r.window.Name }

// industryName is the industry's name in the catalog (its code if unknown).
func (s *Server) industryName(code string) string {
	if ind := s.ref.industry(code); ind != nil {
		return ind.Name
	}
	return code
}

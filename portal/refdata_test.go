package portal

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/naiman-yiye/yiye/catalog"
	"github.com/naiman-yiye/yiye/client/api"
)

// nextVersion returns doc with its version raised by one: another valid
// catalog document.
func nextVersion(t testing.TB, doc []byte) []byte {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(doc, &m); err != nil {
		t.Fatal(err)
	}
	m["version"] = m["version"].(float64) + 1
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Every item of every industry is named, and put in the department, as the
// catalog's annex row says: the portal keeps no copy of its own.
func TestItemsAndDepartmentsFromCatalog(t *testing.T) {
	cat, err := catalog.Parse(testDoc)
	if err != nil {
		t.Fatal(err)
	}
	e := start(t, t.TempDir(), nil)
	a := e.login(phoneA).AccessToken
	data := []byte("plan")
	up := e.upload(a, "floor-plan", data)
	for _, ind := range cat.Industries {
		t.Run(ind.Code, func(t *testing.T) {
			req := appRequest(up, data)
			req.Industry, req.Items = ind.Code, nil
			for _, en := range ind.Entries {
				req.Items = append(req.Items, en.Item)
			}
			app := e.createApp(a, "ref-ind-"+ind.Code, req)
			if len(app.Items) != len(ind.Entries) {
				t.Fatalf("%d items, want %d", len(app.Items), len(ind.Entries))
			}
			for i, en := range ind.Entries {
				it, _ := cat.Item(en.Item)
				name := it.Name
				if v := it.Variant(en.Variant); v != nil {
					name = v.Name
				}
				got := app.Items[i]
				if want := cat.Department(en.Department).Name; got.Department != want {
					t.Errorf("%s: department %q, catalog %q", en.Item, got.Department, want)
				}
				if got.Code != en.Item || got.Name != name {
					t.Errorf("%s: named %q, catalog %q", en.Item, got.Name, name)
				}
			}
		})
	}
}

// Requests are checked against the catalog: known industry, known items,
// and only items of that industry.
func TestRequestCheckedAgainstCatalog(t *testing.T) {
	e := start(t, t.TempDir(), nil)
	a := e.login(phoneA).AccessToken
	data := []byte("plan")
	up := e.upload(a, "floor-plan", data)
	for i, c := range []struct {
		industry string
		items    []string
		field    string
	}{
		{"casino", []string{"SPJY"}, "industry"},
		{"便利店", []string{"SPJY"}, "industry"}, // names are not codes
		{"convenience-store", []string{"XXXX"}, "items"},
		{"convenience-store", []string{"spjy"}, "items"},
		{"convenience-store", []string{"TZHY"}, "items"}, // a hotel's item
		{"bookstore", []string{"CBLS", "TZHY"}, "items"},
		{"convenience-store", []string{"SPJY", "SPJY"}, "items"},
	} {
		req := appRequest(up, data)
		req.Industry, req.Items = c.industry, c.items
		r := e.do("POST", api.PathApplications, a, req, api.HeaderIdempotencyKey, fmt.Sprintf("ref-bad-%04d", i))
		var ae api.Error
		r.decode(t, &ae)
		if r.status != 422 || ae.Code != "application.invalid" || len(ae.Fields) != 1 || ae.Fields[0] != c.field {
			t.Errorf("%s %v: %d %s", c.industry, c.items, r.status, r.body)
		}
	}
}

// The license names the issuing office and the industry as the catalog does.
func TestLicenseNamesFromCatalog(t *testing.T) {
	cat, _ := catalog.Parse(testDoc)
	e := start(t, t.TempDir(), nil)
	a := e.login(phoneA).AccessToken
	data := []byte("plan")
	app := e.createApp(a, "ref-lic-0001", appRequest(e.upload(a, "floor-plan", data), data))
	issue(t, e, app.ID)
	var lic api.License
	e.do("GET", api.PathLicenses+"/"+e.getApp(a, app.ID).LicenseNumber, a, nil).decode(t, &lic)
	ind, _ := cat.Industry("convenience-store")
	if lic.Issuer != cat.Department(DefaultWindowDepartment).Name || lic.IndustryName != ind.Name {
		t.Fatalf("issuer %q, industry %q", lic.Issuer, lic.IndustryName)
	}
	for _, it := range lic.Items {
		if it.Department != cat.Department(ind.Entry(it.Code).Department).Name {
			t.Errorf("%s: department %q", it.Code, it.Department)
		}
	}
}

package drafts

import (
	"context"
	"testing"
)

// TestKindAndLicense: a draft for a procedure on an issued license keeps
// what it is for and the license, through a restart, the list and a
// hand-over export and import; a kind without a license (or a license for
// a first application) is refused.
func TestKindAndLicense(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, done := openStore(t, dir)
	d, err := s.Create(ctx, New{Title: "增加事项", Kind: "add_items", ForLicense: "1505252026010001",
		Industry: "convenience-store", Items: []string{"YCLS"}})
	if err != nil {
		t.Fatal(err)
	}
	plain, err := s.Create(ctx, New{Title: "新办", Industry: "convenience-store", Items: []string{"SPJY", "GGWS"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		n    New
	}{
		{"kind without a license", New{Kind: "change", Industry: "hotel"}},
		{"license for a new application", New{ForLicense: "1505252026010001", Industry: "hotel"}},
		{"license for kind new", New{Kind: "new", ForLicense: "1505252026010001", Industry: "hotel"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := s.Create(ctx, tc.n); err == nil {
				t.Fatal("created")
			}
		})
	}
	done()
	s, done = openStore(t, dir)
	defer done()
	got, err := s.Get(ctx, d.ID)
	if err != nil || got.Kind != "add_items" || got.ForLicense != "1505252026010001" {
		t.Fatalf("after reopening: %+v %v", got, err)
	}
	if p, _ := s.Get(ctx, plain.ID); p.Kind != "" || p.ForLicense != "" {
		t.Fatalf("a first application: %+v", p)
	}
	list, _ := s.List(ctx)
	found := false
	for _, sm := range list {
		found = found || sm.ID == d.ID && sm.Kind == "add_items" && sm.ForLicense == "1505252026010001"
	}
	if !found {
		t.Fatalf("list %+v", list)
	}
	data, files, err := s.Export(ctx, d.ID)
	if err != nil || len(files) != 0 {
		t.Fatal(err)
	}
	imp, err := s.Import(ctx, data, nil)
	if err != nil || imp.Kind != "add_items" || imp.ForLicense != "1505252026010001" || imp.ID == d.ID {
		t.Fatalf("imported %+v %v", imp, err)
	}
}

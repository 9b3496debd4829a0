package catalog

import "testing"

func mustEmbedded(t testing.TB) *Catalog {
	t.Helper()
	c, err := Embedded()
	if err != nil {
		t.Fatalf("embedded catalog: %v", err)
	}
	return c
}

func TestEmbeddedParses(t *testing.T) {
	c := mustEmbedded(t)
	if len(c.Industries) != 15 || len(c.Items) != 12 {
		t.Fatalf("industries %d items %d", len(c.Industries), len(c.Items))
	}
	again, err := Parse(EmbeddedDocument())
	if err != nil || again.Version != c.Version {
		t.Fatalf("round trip: %v", err)
	}
}

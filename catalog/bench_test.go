package catalog

import (
	"encoding/json"
	"fmt"
	"testing"
)

// scaledDocument returns a synthetic catalog with the default industries
// repeated k times (k=50 gives 750 industries), each copy with its own
// codes, names and numbers, and the questions asked for every copy.
func scaledDocument(tb testing.TB, k int) []byte {
	return mutated(tb, func(d obj) {
		base := d["industries"].([]any)
		var all []any
		for i := 0; i < k; i++ {
			for _, x := range base {
				b, _ := json.Marshal(x)
				var ind obj
				json.Unmarshal(b, &ind)
				suffix := ""
				if i > 0 {
					suffix = fmt.Sprintf("-%d", i)
				}
				ind["code"] = ind["code"].(string) + suffix
				ind["name"] = ind["name"].(string) + suffix
				ind["no"] = len(all) + 1
				var aliases []any
				for _, a := range asSlice(ind["aliases"]) {
					aliases = append(aliases, a.(string)+suffix)
				}
				ind["aliases"] = aliases
				all = append(all, ind)
			}
		}
		d["industries"] = all
		for _, q := range d["questions"].([]any) {
			var inds []any
			for i := 0; i < k; i++ {
				for _, code := range q.(obj)["industries"].([]any) {
					if i == 0 {
						inds = append(inds, code)
					} else {
						inds = append(inds, fmt.Sprintf("%s-%d", code, i))
					}
				}
			}
			q.(obj)["industries"] = inds
		}
	})
}

func asSlice(v any) []any {
	s, _ := v.([]any)
	return s
}

func TestScaledDocumentParses(t *testing.T) {
	c, err := Parse(scaledDocument(t, 3))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Industries) != 45 {
		t.Fatalf("%d industries", len(c.Industries))
	}
	if _, err := c.Match(Request{Industry: "hotel-2", All: true}); err != nil {
		t.Fatal(err)
	}
}

func BenchmarkParse(b *testing.B) {
	for _, k := range []int{1, 10, 50} {
		doc := scaledDocument(b, k)
		b.Run(fmt.Sprintf("x%d_%dindustries", k, 15*k), func(b *testing.B) {
			b.SetBytes(int64(len(doc)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Parse(doc); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkBuildEmbedded measures turning the YAML data files into the
// canonical document (done once per process).
func BenchmarkBuildEmbedded(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		m, err := mergeDataFiles()
		if err != nil {
			b.Fatal(err)
		}
		raw, _ := json.Marshal(m)
		c, err := Parse(raw)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := json.Marshal(c); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkNotice(b *testing.B) {
	c, err := Embedded()
	if err != nil {
		b.Fatal(err)
	}
	start := Date(2026, 9, 21)
	for _, ind := range c.Industries {
		b.Run(ind.Code, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sel, err := c.Match(Request{Industry: ind.Code, All: true})
				if err != nil {
					b.Fatal(err)
				}
				c.Notice(sel, start)
			}
		})
	}
}

// BenchmarkNoticeScaled: a notice from the 750-industry catalog costs about
// the same as from the default one (lookups are indexed).
func BenchmarkNoticeScaled(b *testing.B) {
	c, err := Parse(scaledDocument(b, 50))
	if err != nil {
		b.Fatal(err)
	}
	start := Date(2026, 9, 21)
	b.ReportAllocs()
	for b.Loop() {
		sel, err := c.Match(Request{Industry: "hotel-49", All: true})
		if err != nil {
			b.Fatal(err)
		}
		c.Notice(sel, start)
	}
}

package catalog

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

type obj = map[string]any

// mutated returns the embedded document after f changed its generic form.
func mutated(t testing.TB, f func(doc obj)) []byte {
	t.Helper()
	var doc obj
	if err := json.Unmarshal(EmbeddedDocument(), &doc); err != nil {
		t.Fatal(err)
	}
	f(doc)
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func at(doc obj, key string, i int) obj { return doc[key].([]any)[i].(obj) }

func findItem(doc obj, code string) obj {
	for _, x := range doc["items"].([]any) {
		if x.(obj)["code"] == code {
			return x.(obj)
		}
	}
	panic(code)
}

func TestParseRejects(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want string // in the English detail
	}{
		{"empty", nil, "JSON"},
		{"garbage", []byte("\x00\x01garbage"), "JSON"},
		{"array", []byte("[]"), "JSON"},
		{"truncated", EmbeddedDocument()[:1000], "JSON"},
		{"trailing", append(EmbeddedDocument(), []byte(` {}`)...), "trailing"},
		{"unknown field", mutated(t, func(d obj) { d["surprise"] = 1 }), "unknown field"},
		{"schema", mutated(t, func(d obj) { d["schema"] = 2 }), "schema 2"},
		{"version", mutated(t, func(d obj) { d["version"] = 0 }), "version"},
		{"published", mutated(t, func(d obj) { d["published"] = "yesterday" }), "published"},
		{"no industries", mutated(t, func(d obj) { d["industries"] = []any{} }), "no industries"},
		{"committed too long", mutated(t, func(d obj) { findItem(d, "SPJY")["committed_days"] = 5 }), "more than 40%"},
		{"committed too long 2", mutated(t, func(d obj) { findItem(d, "XFJC")["committed_days"] = 6 }), "more than 40%"},
		{"no committed", mutated(t, func(d obj) { findItem(d, "GGWS")["committed_days"] = 0 }), "committed_days"},
		{"filing before opening", mutated(t, func(d obj) { findItem(d, "CBWF")["filing_within"] = "" }), "filing_within"},
		{"license after opening", mutated(t, func(d obj) {
			findItem(d, "CBLS")["phase"] = "after_opening"
			findItem(d, "CBLS")["filing_within"] = "x"
		}), "only filings"},
		{"bad kind", mutated(t, func(d obj) { findItem(d, "SPJY")["kind"] = "批准" }), "unknown kind"},
		{"bad department", mutated(t, func(d obj) { findItem(d, "SPJY")["department"] = "nobody" }), "unknown department"},
		{"no basis", mutated(t, func(d obj) { findItem(d, "SPJY")["basis"] = nil }), "no legal basis"},
		{"no reliability", mutated(t, func(d obj) { findItem(d, "SPJY")["limit_note"].(obj)["reliability"] = "" }), "limit_note"},
		{"inspection step", mutated(t, func(d obj) {
			for _, s := range findItem(d, "GWTY")["steps"].([]any) {
				delete(s.(obj), "inspection")
			}
		}), "no step is marked"},
		{"item code", mutated(t, func(d obj) { findItem(d, "SPJY")["code"] = "spjy" }), "capital"},
		{"duplicate item", mutated(t, func(d obj) { findItem(d, "GGWS")["code"] = "SPJY" }), "twice"},
		{"duplicate name", mutated(t, func(d obj) { findItem(d, "GGWS")["alternate_names"] = []any{"食品经营许可"} }), "used by both"},
		{"on demand without when", mutated(t, func(d obj) { delete(at(at(d, "industries", 0), "entries", 2), "when") }), "needs a condition"},
		{"mark mismatch", mutated(t, func(d obj) { at(at(d, "industries", 0), "entries", 2)["mark"] = "" }), "on_demand must match"},
		{"unknown mark", mutated(t, func(d obj) { at(at(d, "industries", 0), "entries", 2)["mark"] = "随便" }), "unknown mark"},
		{"question not asked", mutated(t, func(d obj) {
			at(at(d, "industries", 0), "entries", 2)["when"] = obj{"q": "online_books", "is": true}
		}), "does not list industry"},
		{"wrong test", mutated(t, func(d obj) {
			at(at(d, "industries", 0), "entries", 2)["when"] = obj{"q": "sells_medicine", "gte": 3}
		}), "number question"},
		{"two forms", mutated(t, func(d obj) {
			at(at(d, "industries", 0), "entries", 2)["when"] = obj{"q": "sells_medicine", "is": true, "any": []any{obj{"q": "sells_tobacco", "is": true}}}
		}), "exactly one of"},
		{"bad option", mutated(t, func(d obj) {
			at(at(d, "industries", 8), "entries", 1)["when"] = obj{"q": "food_mode", "in": []any{"lots"}}
		}), "not an option"},
		{"industry order", mutated(t, func(d obj) { at(d, "industries", 3)["no"] = 9 }), "annex order"},
		{"industry dup", mutated(t, func(d obj) { at(d, "industries", 3)["code"] = "supermarket" }), "twice"},
		{"entry item", mutated(t, func(d obj) { at(at(d, "industries", 0), "entries", 0)["item"] = "NOPE" }), "unknown item"},
		{"variant", mutated(t, func(d obj) { at(at(d, "industries", 14), "entries", 1)["variant"] = "nope" }), "unknown variant"},
		{"material item", mutated(t, func(d obj) { at(at(d, "materials", 0), "uses", 0)["item"] = "NOPE" }), "unknown item"},
		{"material type", mutated(t, func(d obj) { at(d, "materials", 0)["file_types"] = []any{"exe"} }), "file type"},
		{"material size", mutated(t, func(d obj) { at(d, "materials", 0)["max_mb"] = 0 }), "max_mb"},
		{"material handling", mutated(t, func(d obj) { at(at(d, "materials", 2), "uses", 0)["handling"] = []any{"maybe"} }), "unknown handling"},
		{"material id", mutated(t, func(d obj) { at(d, "materials", 1)["id"] = at(d, "materials", 0)["id"] }), "twice"},
		{"item without material", mutated(t, func(d obj) {
			var keep []any
			for _, m := range d["materials"].([]any) {
				if id := m.(obj)["id"]; id != "online_shop_proof" && id != "publication_license" {
					var uses []any
					for _, u := range m.(obj)["uses"].([]any) {
						if u.(obj)["item"] != "CBWF" {
							uses = append(uses, u)
						}
					}
					m.(obj)["uses"] = uses
					keep = append(keep, m)
				}
			}
			d["materials"] = keep
		}), "no material"},
		{"question key", mutated(t, func(d obj) { at(d, "questions", 0)["key"] = "Sells Tobacco" }), "snake_case"},
		{"question type", mutated(t, func(d obj) { at(d, "questions", 0)["type"] = "maybe" }), "unknown type"},
		{"question text", mutated(t, func(d obj) { at(d, "questions", 0)["why"] = obj{"zh": "", "en": ""} }), "Chinese and English"},
		{"question industry", mutated(t, func(d obj) { at(d, "questions", 0)["industries"] = []any{"zoo"} }), "unknown industry"},
		{"makeup weekday", mutated(t, func(d obj) {
			d["calendar"].(obj)["years"].(obj)["2025"].(obj)["makeup_workdays"] = []any{"2025-01-27"}
		}), "not a weekend"},
		{"no calendar", mutated(t, func(d obj) { delete(d, "calendar") }), "calendar"},
		{"fixed term without years", mutated(t, func(d obj) { findItem(d, "SPJY")["term"] = obj{"kind": "fixed"} }), "term"},
		{"years without a fixed term", mutated(t, func(d obj) { findItem(d, "XFJC")["term"] = obj{"kind": "none", "years": 5} }), "term"},
		{"unknown term", mutated(t, func(d obj) { findItem(d, "SPJY")["term"] = obj{"kind": "forever"} }), "term"},
		{"no term", mutated(t, func(d obj) { delete(findItem(d, "SPJY"), "term") }), "term"},
		{"filing with a term", mutated(t, func(d obj) { findItem(d, "CBWF")["term"] = obj{"kind": "fixed", "years": 5} }), "term"},
		{"filing without due", mutated(t, func(d obj) { delete(findItem(d, "CBWF"), "filing") }), "filing"},
		{"license with a filing due", mutated(t, func(d obj) { findItem(d, "CBLS")["filing"] = obj{"after": "opening", "days": 3} }), "filing"},
		{"filing after opening without event", mutated(t, func(d obj) { findItem(d, "CBWF")["filing"] = obj{} }), "filing"},
		{"filing event unknown", mutated(t, func(d obj) { findItem(d, "CBWF")["filing"] = obj{"after": "moonrise", "days": 3} }), "filing"},
		{"unless on an on-demand row", mutated(t, func(d obj) {
			at(at(d, "industries", 0), "entries", 2)["unless"] = obj{"q": "sells_medicine", "is": false}
		}), "unless"},
		{"variant rule", mutated(t, func(d obj) {
			at(at(d, "industries", 0), "entries", 0)["variant_when"] = []any{obj{"when": obj{"q": "food_mode", "in": []any{"none"}}, "variant": "nope"}}
		}), "unknown variant"},
		{"after unknown item", mutated(t, func(d obj) { findItem(d, "TZHY")["after"] = []any{"NOPE"} }), "after"},
		{"after itself", mutated(t, func(d obj) { findItem(d, "TZHY")["after"] = []any{"TZHY"} }), "after"},
		{"after cycle", mutated(t, func(d obj) {
			findItem(d, "XFJC")["after"] = []any{"TZHY"}
			findItem(d, "XFJC")["after_note"] = obj{"zh": "x", "reliability": "verified"}
		}), "cycle"},
		{"after without note", mutated(t, func(d obj) { delete(findItem(d, "TZHY"), "after_note") }), "after_note"},
		{"too large", bytes.Repeat([]byte(" "), MaxDocumentBytes+1), "too large"},
	}
	for _, tc := range tests {
		_, err := Parse(tc.data)
		if err == nil {
			t.Errorf("%s: accepted", tc.name)
			continue
		}
		code := errCode(err)
		if code != CodeInvalid && code != CodeTooLarge {
			t.Errorf("%s: error %v has code %q", tc.name, err, code)
		}
		ue := asUserErr(err)
		if !strings.Contains(ue.EN, tc.want) || !strings.Contains(ue.ZH, "目录数据") && code == CodeInvalid {
			t.Errorf("%s: error %q / %q, want %q", tc.name, ue.ZH, ue.EN, tc.want)
		}
	}
}

// TestCanonicalDocument: the embedded document is stable canonical JSON and
// re-encoding a parsed catalog reproduces it byte for byte.
func TestCanonicalDocument(t *testing.T) {
	c := mustEmbedded(t)
	again, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again, EmbeddedDocument()) {
		t.Error("re-encoded catalog differs from the embedded document")
	}
	if !bytes.Equal(EmbeddedDocument(), EmbeddedDocument()) {
		t.Error("EmbeddedDocument not stable")
	}
	doc := EmbeddedDocument()
	doc[0] = 'X' // callers get a copy
	if EmbeddedDocument()[0] != '{' {
		t.Error("EmbeddedDocument shares its buffer")
	}
}

func TestItemLookups(t *testing.T) {
	c := mustEmbedded(t)
	for ref, want := range map[string]string{
		"spjy": "SPJY", " SPJY ": "SPJY", "食品经营许可": "SPJY", "公共卫生场所许可": "GGWS", "公共场所卫生备案": "GGWS",
		"特种行业经营许可(旅馆业)": "TZHY", "公众聚集场所投入使用,营业前消防安全检查": "XFJC", "排水许可证": "PSXK",
	} {
		it, err := c.Item(ref)
		if err != nil || it.Code != want {
			t.Errorf("Item(%q) = %v, %v; want %s", ref, it, err, want)
		}
	}
	for ref, want := range map[string]string{
		"1": "convenience-store", "便利店": "convenience-store", "Bakery": "bakery", "面包房": "bakery",
		"烘焙房/面包房": "bakery", "15": "bookstore", " 宾馆 ": "hotel", "CAFE-TEAHOUSE": "cafe-teahouse",
	} {
		ind, err := c.Industry(ref)
		if err != nil || ind.Code != want {
			t.Errorf("Industry(%q) = %v, %v; want %s", ref, ind, err, want)
		}
	}
	for _, ref := range []string{"", "0", "花店", "SPJY"} {
		if _, err := c.Industry(ref); errCode(err) != CodeUnknownIndustry {
			t.Errorf("Industry(%q): %v", ref, err)
		}
	}
	if _, err := c.Item("XX"); errCode(err) != CodeUnknownItem {
		t.Errorf("Item(XX): %v", err)
	}
}

func FuzzParse(f *testing.F) {
	f.Add(EmbeddedDocument())
	f.Add([]byte(`{"schema":1}`))
	f.Add([]byte(`{"schema":1,"version":1,"published":"2026-01-01","title":{"zh":"x"},"industries":[]}`))
	f.Add(mutated(f, func(d obj) { d["calendar"].(obj)["years"] = obj{"2025": obj{"holidays": []any{"2025-13-01"}}} }))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse(data)
		if err != nil {
			if c != nil || errCode(err) == "" {
				t.Fatalf("error %v with catalog %v or without code", err, c)
			}
			return
		}
		// Anything accepted must round-trip and be usable.
		b, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Parse(b); err != nil {
			t.Fatalf("re-parse: %v", err)
		}
		for _, ind := range c.Industries {
			sel, err := c.Match(Request{Industry: ind.Code, All: true})
			if err != nil {
				t.Fatal(err)
			}
			c.Notice(sel, Date(2026, 1, 5))
		}
	})
}

func FuzzParseAnswer(f *testing.F) {
	c, err := Embedded()
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{"sells_tobacco=yes", "floor_area_m2=120平方米", "food_mode=仅销售预包装食品", "x=", "=", "floor_area_m2=-0", "floor_area_m2=1e-400"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, kv string) {
		k, v, err := c.ParseAnswer(kv)
		if err != nil {
			if errCode(err) == "" {
				t.Fatalf("not a usererr: %v", err)
			}
			return
		}
		// Normalized values are fixed points and usable in Match.
		again, err := c.NormalizeAnswer(k, v)
		if err != nil || again != v {
			t.Fatalf("%q -> %q -> %q, %v", kv, v, again, err)
		}
		q := c.Question(k)
		if _, err := c.Match(Request{Industry: q.Industries[0], Answers: Answers{k: v}}); err != nil {
			t.Fatal(err)
		}
	})
}

func TestMaterialsAndCodes(t *testing.T) {
	c := mustEmbedded(t)
	if m := c.Material("proxy_authorization"); m == nil || len(m.Uses) != 14 {
		t.Errorf("proxy authorization should serve every item and both filing variants: %+v", m)
	}
	if c.Material("nope") != nil || c.Question("nope") != nil || c.Department("nope") != nil {
		t.Error("unknown IDs found")
	}
	if got := strings.Join(c.ItemCodes(), " "); got != "CBLS CBWF GGWS GWTY HPBG PSXK SPDJ SPJY TZHY XFJC YCLS YPLS" {
		t.Errorf("item codes %s", got)
	}
	for _, r := range []Reliability{Verified, Consistent, Single, Unverified, Changed} {
		if r.Mark() == "" {
			t.Errorf("%s has no mark", r)
		}
	}
}

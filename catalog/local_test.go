package catalog

import (
	"context"
	"database/sql"
	"path/filepath"
	"sync"
	"testing"

	"github.com/naiman-yiye/yiye/store"
)

func openLocal(t *testing.T, path string) (*Local, *sql.DB) {
	t.Helper()
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	l, err := OpenLocal(context.Background(), db)
	if err != nil {
		db.Close()
		t.Fatal(err)
	}
	return l, db
}

// newerDocument is the embedded catalog as version v, with a (synthetic)
// 2027 calendar year, as a catalog update extending the holidays would be.
func newerDocument(t *testing.T, v int) []byte {
	return mutated(t, func(d obj) {
		d["version"] = v
		d["calendar"].(obj)["years"].(obj)["2027"] = obj{
			"source": "test data (synthetic)", "holidays": []any{"2027-01-01"}, "makeup_workdays": []any{},
		}
	})
}

func TestLocalFirstRunAndReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "yiye.db")
	l, db := openLocal(t, path)
	emb := mustEmbedded(t)
	if l.Version() != emb.Version || l.Digest() != digest(EmbeddedDocument()) {
		t.Fatalf("first run: version %d digest %s", l.Version(), l.Digest())
	}
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM catalog_document`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("rows %d, %v", n, err)
	}
	ctx := context.Background()
	v2 := newerDocument(t, emb.Version+1)
	if err := l.Replace(ctx, v2); err != nil {
		t.Fatal(err)
	}
	if l.Version() != emb.Version+1 || !l.Current().Calendar.Covers(Date(2027, 6, 1)) {
		t.Fatalf("after replace: version %d", l.Version())
	}
	if l.Current().Calendar.IsWorkday(Date(2027, 1, 1)) {
		t.Error("the update's 2027 holiday is not used")
	}
	db.Close()

	l, db = openLocal(t, path)
	defer db.Close()
	if l.Version() != emb.Version+1 || l.Digest() != digest(v2) {
		t.Fatalf("after reopen: version %d", l.Version())
	}
}

// TestLocalRefusesBadReplace writes garbage and schema-invalid documents via
// Replace and proves the previous copy is still served, also after the
// database file is reopened.
func TestLocalRefusesBadReplace(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "yiye.db")
	l, db := openLocal(t, path)
	base := mustEmbedded(t).Version
	v2 := newerDocument(t, base+1)
	if err := l.Replace(ctx, v2); err != nil {
		t.Fatal(err)
	}
	bad := []struct {
		name string
		data []byte
		code string
	}{
		{"garbage", []byte("\x89PNG not a catalog"), CodeInvalid},
		{"truncated", v2[:len(v2)/2], CodeInvalid},
		{"schema-invalid", mutated(t, func(d obj) { d["version"] = base + 2; findItem(d, "SPJY")["committed_days"] = 9 }), CodeInvalid},
		{"unknown schema", mutated(t, func(d obj) { d["version"] = base + 2; d["schema"] = 99 }), CodeInvalid},
		{"older", EmbeddedDocument(), CodeStale},
		{"same version, other content", mutated(t, func(d obj) { d["version"] = base + 1 }), CodeStale},
	}
	for _, tc := range bad {
		err := l.Replace(ctx, tc.data)
		if errCode(err) != tc.code {
			t.Errorf("%s: %v, want %s", tc.name, err, tc.code)
		}
		if ue := asUserErr(err); ue.ZH == "" || ue.EN == "" {
			t.Errorf("%s: message incomplete", tc.name)
		}
		if l.Version() != base+1 || l.Digest() != digest(v2) {
			t.Fatalf("%s: the previous copy was replaced", tc.name)
		}
	}
	if err := l.Replace(ctx, v2); err != nil {
		t.Errorf("same bytes again: %v", err)
	}
	db.Close()

	l, db = openLocal(t, path)
	defer db.Close()
	if l.Version() != base+1 || l.Digest() != digest(v2) {
		t.Fatalf("after reopen: version %d digest %s", l.Version(), l.Digest())
	}
	if _, err := l.Current().Industry("便利店"); err != nil {
		t.Fatal(err)
	}
}

// TestLocalDamagedCopy: a stored document that no longer parses (damaged
// file) is replaced by the embedded catalog rather than failing.
func TestLocalSameVersionOtherContent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "yiye.db")
	_, db := openLocal(t, path)
	other := mutated(t, func(d obj) { d["published"] = "2000-01-01" })
	if _, err := db.Exec(`UPDATE catalog_document SET body = ?`, other); err != nil {
		t.Fatal(err)
	}
	db.Close()
	l, db := openLocal(t, path)
	defer db.Close()
	if l.Digest() != digest(EmbeddedDocument()) || l.Current().Published == "2000-01-01" {
		t.Fatal("same-version copy with other content kept")
	}
}

func TestLocalDamagedCopy(t *testing.T) {
	path := filepath.Join(t.TempDir(), "yiye.db")
	_, db := openLocal(t, path)
	if _, err := db.Exec(`UPDATE catalog_document SET body = ?, version = 99`, []byte("{broken")); err != nil {
		t.Fatal(err)
	}
	db.Close()
	l, db := openLocal(t, path)
	defer db.Close()
	if l.Version() != mustEmbedded(t).Version || l.Digest() != digest(EmbeddedDocument()) {
		t.Fatalf("damaged copy not restored: %d", l.Version())
	}
	var body []byte
	if err := db.QueryRow(`SELECT body FROM catalog_document`).Scan(&body); err != nil {
		t.Fatal(err)
	}
	if _, err := Parse(body); err != nil {
		t.Fatalf("stored body still broken: %v", err)
	}
}

// TestLocalConcurrent reads while replacing (run with -race).
func TestLocalConcurrent(t *testing.T) {
	l, db := openLocal(t, filepath.Join(t.TempDir(), "yiye.db"))
	defer db.Close()
	base := l.Version()
	docs := [][]byte{newerDocument(t, base+1), newerDocument(t, base+2)}
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 50; j++ {
				if c := l.Current(); c == nil || c.Version < base {
					t.Error("bad current")
					return
				}
			}
		}()
	}
	// Two updates racing: whichever order, the newest wins and an older one
	// arriving late is refused as stale.
	for _, doc := range docs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := l.Replace(context.Background(), doc); err != nil && errCode(err) != CodeStale {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if l.Version() != base+2 {
		t.Errorf("version %d", l.Version())
	}
}

// TestLocalStorageError: when the database cannot be written, Replace says
// so and the catalog in use does not change.
func TestLocalStorageError(t *testing.T) {
	l, db := openLocal(t, filepath.Join(t.TempDir(), "yiye.db"))
	before := l.Version()
	db.Close()
	err := l.Replace(context.Background(), newerDocument(t, before+1))
	if errCode(err) != CodeStorage {
		t.Fatalf("err = %v", err)
	}
	if l.Version() != before {
		t.Errorf("version changed to %d", l.Version())
	}
	if _, err := OpenLocal(context.Background(), db); errCode(err) != CodeStorage {
		t.Errorf("OpenLocal on a closed database: %v", err)
	}
}

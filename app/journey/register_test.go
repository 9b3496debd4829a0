package journey

import (
	"context"
	"testing"

	"github.com/naiman-yiye/yiye/app/shell"
	"github.com/naiman-yiye/yiye/drafts"
)

// A draft created behind the journey's back (kioskmode's import) shows on
// the home screen after DraftsChanged, without a restart; Shutdown forgets
// the journey so an ended kiosk session leaves nothing behind.
func TestDraftsChangedAndShutdownForget(t *testing.T) {
	newTestApp(t)
	h := openHarness(t, t.TempDir(), nil)
	defer h.db.Close()
	deps := &shell.Deps{DB: h.db, DataDir: h.dir}
	ready := make(chan struct{})
	close(ready)
	regMu.Lock()
	journeys[deps] = &journeyHolder{j: h.j, ready: ready}
	regMu.Unlock()

	if hasText(h.j.homeList, "导入的草稿") {
		t.Fatal("draft listed before it exists")
	}
	if _, err := h.j.env.Drafts.Create(context.Background(), drafts.New{Title: "导入的草稿", Industry: "hotel",
		CatalogVersion: h.j.env.Catalog.Current().Version}); err != nil {
		t.Fatal(err)
	}
	DraftsChanged(deps)
	h.idle()
	if !hasText(h.j.homeList, "导入的草稿") {
		t.Fatalf("imported draft not shown: %q", texts(h.j.homeList))
	}

	DraftsChanged(&shell.Deps{}) // no journey: nothing happens
	Shutdown(deps)
	regMu.Lock()
	_, kept := journeys[deps]
	regMu.Unlock()
	if kept {
		t.Fatal("Shutdown kept the journey")
	}
	DraftsChanged(deps) // after Shutdown: a no-op, not a reload of a closed journey
	if n := h.j.bg.busy(); n != 0 {
		t.Fatalf("%d reloads after Shutdown", n)
	}
}

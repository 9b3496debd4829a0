package drafts

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/naiman-yiye/yiye/agent"
	"github.com/naiman-yiye/yiye/forms"
	"github.com/naiman-yiye/yiye/store"
)

func openStore(t testing.TB, dir string) (*Store, func()) {
	t.Helper()
	db, err := store.Open(filepath.Join(dir, "yiye.db"))
	if err != nil {
		t.Fatal(err)
	}
	s, err := Open(context.Background(), db, filepath.Join(dir, "attachments"))
	if err != nil {
		db.Close()
		t.Fatal(err)
	}
	return s, func() { db.Close() }
}

func TestCreateGetListDelete(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, done := openStore(t, dir)
	a, err := s.Create(ctx, New{Title: "宾馆", Industry: "hotel", CatalogVersion: 3,
		Answers: map[string]string{"serves_food": "true"}, Added: []string{"PSXK"},
		Items: []string{"TZHY", "GGWS", "PSXK"}, Values: forms.Values{"entity_name": "奈曼宾馆"}})
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.Create(ctx, New{Title: "药店", Industry: "pharmacy", Items: []string{"YPLS"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetTitle(ctx, a.ID, "奈曼宾馆申请"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetAgent(ctx, a.ID, &agent.Record{Name: "代办人", IDNumber: "11010519491231002x", Mobile: "139 1234 5678", Principal: "示例店", Scope: "代为提交申请"}); err != nil {
		t.Fatal(err)
	}
	if err := s.Promise(ctx, a.ID, "hygiene_test_report", true); err != nil {
		t.Fatal(err)
	}
	done()

	// Everything survives reopening the file.
	s, done = openStore(t, dir)
	defer done()
	g, err := s.Get(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if g.Title != "奈曼宾馆申请" || g.Industry != "hotel" || g.CatalogVersion != 3 || g.Answers["serves_food"] != "true" ||
		!slices.Equal(g.Items, []string{"TZHY", "GGWS", "PSXK"}) || !slices.Equal(g.Added, []string{"PSXK"}) ||
		g.Values["entity_name"] != "奈曼宾馆" || g.Status.State != StateDraft || !slices.Equal(g.Promised, []string{"hygiene_test_report"}) {
		t.Errorf("reloaded draft %+v", g)
	}
	if g.Agent == nil || g.Agent.IDNumber != "11010519491231002X" || g.Agent.Mobile != "13912345678" {
		t.Errorf("agent %+v", g.Agent)
	}
	list, err := s.List(ctx)
	if err != nil || len(list) != 2 || list[0].ID != a.ID || list[1].ID != b.ID {
		t.Fatalf("List = %+v, %v (most recently changed first)", list, err)
	}
	if err := s.Delete(ctx, b.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get(ctx, b.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("deleted draft: %v", err)
	}
	if err := s.Delete(ctx, b.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("second delete: %v", err)
	}
	if err := s.SetStatus(ctx, a.ID, Status{State: StateSubmitted}); err == nil {
		t.Error("submitted without application id accepted")
	}
	if err := s.SetStatus(ctx, a.ID, Status{State: StateSubmitted, ApplicationID: "NM-2026-0001"}); err != nil {
		t.Fatal(err)
	}
	if g, _ := s.Get(ctx, a.ID); g.Status != (Status{StateSubmitted, "NM-2026-0001"}) {
		t.Errorf("status %+v", g.Status)
	}
	if err := s.SetAgent(ctx, a.ID, &agent.Record{Name: "x", IDNumber: "150525199001011238", Principal: "示例店", Scope: "代为提交申请"}); err == nil || !strings.Contains(err.Error(), "受托人") {
		t.Errorf("bad agent ID: %v", err)
	}
}

func TestSetSelection(t *testing.T) {
	ctx := context.Background()
	s, done := openStore(t, t.TempDir())
	defer done()
	d, _ := s.Create(ctx, New{Industry: "hotel", CatalogVersion: 1, Added: []string{"PSXK"}, Dropped: []string{"GWTY"},
		Items: []string{"TZHY", "GGWS", "PSXK"}})
	if err := s.SetSelection(ctx, d.ID, Selection{CatalogVersion: 2, Items: []string{"TZHY", "SPJY", "PSXK"}}); err != nil {
		t.Fatal(err)
	}
	if g, _ := s.Get(ctx, d.ID); g.CatalogVersion != 2 || !slices.Equal(g.Items, []string{"TZHY", "SPJY", "PSXK"}) || len(g.Added) != 0 {
		t.Errorf("after SetSelection: %+v", g)
	}
}

// TestEarlierValues: one set of remembered values per other draft, the
// most recently changed first, never mixed across drafts.
func TestEarlierValues(t *testing.T) {
	ctx := context.Background()
	s, done := openStore(t, t.TempDir())
	defer done()
	old, _ := s.Create(ctx, New{Values: forms.Values{"entity_name": "旧名称", "contact_name": "李四", "tzhy_rooms": "40"}})
	if err := s.SetValues(ctx, old.ID, forms.Values{"legal_rep_mobile": "13912345678"}); err != nil {
		t.Fatal(err)
	}
	time.Sleep(2 * time.Millisecond) // distinct updated_at
	newer, _ := s.Create(ctx, New{Values: forms.Values{"entity_name": "新名称"}})
	current, _ := s.Create(ctx, New{Values: forms.Values{"entity_name": "本草稿"}})
	got, err := s.EarlierValues(ctx, current.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := []forms.Values{{"entity_name": "新名称"},
		{"entity_name": "旧名称", "contact_name": "李四", "legal_rep_mobile": "13912345678"}} // tzhy_rooms is per application
	if len(got) != len(want) {
		t.Fatalf("EarlierValues = %v, want %v", got, want)
	}
	for i := range want {
		if !maps.Equal(got[i], want[i]) {
			t.Errorf("record %d = %v, want %v", i, got[i], want[i])
		}
	}
	_ = newer
}

func TestAutoSaverCoalescesAndFlushes(t *testing.T) {
	ctx := context.Background()
	s, done := openStore(t, t.TempDir())
	defer done()
	d, _ := s.Create(ctx, New{})
	a := s.AutoSaver(d.ID)
	for i := 0; i <= 100; i++ {
		a.Set("entity_name", fmt.Sprintf("名称%d", i))
	}
	a.Set("contact_name", "李四")
	if err := a.Flush(); err != nil {
		t.Fatal(err)
	}
	g, _ := s.Get(ctx, d.ID)
	if g.Values["entity_name"] != "名称100" || g.Values["contact_name"] != "李四" {
		t.Errorf("values %v", g.Values)
	}
	a.Set("contact_name", "") // clearing deletes
	a.Set("uscc", "91350100M000100Y43")
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	g, _ = s.Get(ctx, d.ID)
	if _, ok := g.Values["contact_name"]; ok || g.Values["uscc"] != "91350100M000100Y43" {
		t.Errorf("after Close: %v", g.Values)
	}
	if err := a.Flush(); !errors.Is(err, ErrSaverClosed) {
		t.Errorf("Flush after Close: %v", err)
	}
	a.Set("x", "y") // harmless after Close
	if a.Close() != nil {
		t.Error("second Close")
	}
}

// Without any Flush, a value reaches the database by itself.
func TestAutoSaverWritesInBackground(t *testing.T) {
	ctx := context.Background()
	s, done := openStore(t, t.TempDir())
	defer done()
	d, _ := s.Create(ctx, New{})
	a := s.AutoSaver(d.ID)
	defer a.Close()
	a.Set("entity_name", "后台保存")
	deadline := time.Now().Add(5 * time.Second)
	for {
		g, _ := s.Get(ctx, d.ID)
		if g.Values["entity_name"] == "后台保存" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("value never saved")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if a.Pending() != 0 || a.Err() != nil {
		t.Errorf("pending %d err %v", a.Pending(), a.Err())
	}
}

func TestAutoSaverConcurrentSetters(t *testing.T) {
	ctx := context.Background()
	s, done := openStore(t, t.TempDir())
	defer done()
	d, _ := s.Create(ctx, New{})
	a := s.AutoSaver(d.ID)
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				a.Set(fmt.Sprintf("k%d", g), fmt.Sprint(i))
				if i%50 == 0 {
					a.SetValues(forms.Values{"shared": fmt.Sprint(g)})
				}
			}
		}()
	}
	wg.Wait()
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Get(ctx, d.ID)
	for g := 0; g < 4; g++ {
		if got.Values[fmt.Sprintf("k%d", g)] != "199" {
			t.Errorf("k%d = %q", g, got.Values[fmt.Sprintf("k%d", g)])
		}
	}
}

// A saver for a deleted draft reports it and stops retrying.
func TestAutoSaverDeletedDraft(t *testing.T) {
	ctx := context.Background()
	s, done := openStore(t, t.TempDir())
	defer done()
	d, _ := s.Create(ctx, New{})
	a := s.AutoSaver(d.ID)
	s.Delete(ctx, d.ID)
	var mu sync.Mutex
	var reported error
	a.OnError(func(err error) { mu.Lock(); reported = err; mu.Unlock() })
	a.Set("entity_name", "x")
	if err := a.Flush(); !errors.Is(err, ErrNotFound) {
		t.Errorf("Flush = %v", err)
	}
	mu.Lock()
	if !errors.Is(reported, ErrNotFound) {
		t.Errorf("OnError got %v", reported)
	}
	mu.Unlock()
	a.Close()
}

const crashEnv = "YIYE_DRAFTS_CRASH_CHILD"

// TestCrashChild is the child half of TestAutoSaverSurvivesKill: it types
// through an AutoSaver, says so, and waits to be killed without Flush/Close.
func TestCrashChild(t *testing.T) {
	spec := os.Getenv(crashEnv)
	if spec == "" {
		t.Skip("child process of TestAutoSaverSurvivesKill")
	}
	dir, id, _ := strings.Cut(spec, "|")
	s, _ := openStore(t, dir)
	a := s.AutoSaver(id)
	for _, prefix := range []string{"奈", "奈曼", "奈曼旗", "奈曼旗示例宾馆"} {
		a.Set("entity_name", prefix)
	}
	a.Set("legal_rep_mobile", "13912345678")
	fmt.Println("TYPED")
	time.Sleep(time.Hour)
}

// TestAutoSaverSurvivesKill kills (SIGKILL) a process once its autosave
// has written, and finds what it typed in the database.
func TestAutoSaverSurvivesKill(t *testing.T) {
	if os.Getenv(crashEnv) != "" {
		t.Skip()
	}
	ctx := context.Background()
	dir := t.TempDir()
	s, done := openStore(t, dir)
	d, _ := s.Create(ctx, New{Title: "crash"})
	done()

	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), crashEnv+"="+dir+"|"+d.ID)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || !strings.Contains(line, "TYPED") {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("child said %q, %v", line, err)
	}
	// The saver writes within DefaultSaveDelay; a busy machine may take
	// longer, so the kill waits until another connection sees the values
	// (what is tested is that they outlive the kill, not the delay).
	watch, closeWatch := openStore(t, dir)
	saved := func() bool {
		g, err := watch.Get(ctx, d.ID)
		return err == nil && g.Values["legal_rep_mobile"] == "13912345678"
	}
	for deadline := time.Now().Add(30 * time.Second); !saved(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatal("the child's typing was not saved within 30 s")
		}
	}
	closeWatch()
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()

	s, done = openStore(t, dir)
	defer done()
	g, err := s.Get(ctx, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if g.Values["entity_name"] != "奈曼旗示例宾馆" || g.Values["legal_rep_mobile"] != "13912345678" {
		t.Errorf("after kill -9: %v", g.Values)
	}
}

func BenchmarkAutoSaveBurst(b *testing.B) {
	ctx := context.Background()
	s, done := openStore(b, b.TempDir())
	defer done()
	d, _ := s.Create(ctx, New{})
	a := s.AutoSaver(d.ID)
	defer a.Close()
	keys := []string{"entity_name", "business_address", "contact_name", "premises_area"}
	b.ReportAllocs()
	for b.Loop() {
		// A burst of typing: 40 keystrokes over four fields, then the save.
		for i := 0; i < 40; i++ {
			a.Set(keys[i%4], strings.Repeat("字", i))
		}
		if err := a.Flush(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSet(b *testing.B) {
	ctx := context.Background()
	s, done := openStore(b, b.TempDir())
	defer done()
	d, _ := s.Create(ctx, New{})
	a := s.AutoSaver(d.ID)
	defer a.Close()
	b.ReportAllocs()
	for b.Loop() {
		a.Set("entity_name", "奈曼旗示例宾馆")
	}
}

// Several drafts are edited side by side, each with its own saver.
func TestDraftsSideBySide(t *testing.T) {
	ctx := context.Background()
	s, done := openStore(t, t.TempDir())
	defer done()
	var ids []string
	var savers []*AutoSaver
	for i := 0; i < 3; i++ {
		d, _ := s.Create(ctx, New{Title: fmt.Sprintf("草稿%d", i)})
		ids = append(ids, d.ID)
		savers = append(savers, s.AutoSaver(d.ID))
	}
	for round := 0; round < 20; round++ {
		for i, a := range savers {
			a.Set("entity_name", fmt.Sprintf("主体%d-%d", i, round))
		}
	}
	for _, a := range savers {
		if err := a.Close(); err != nil {
			t.Fatal(err)
		}
	}
	for i, id := range ids {
		d, _ := s.Get(ctx, id)
		if want := fmt.Sprintf("主体%d-19", i); d.Values["entity_name"] != want {
			t.Errorf("draft %d: %q, want %q", i, d.Values["entity_name"], want)
		}
	}
}

// Once queued, a draft's values are frozen; the saver says so and stops.
func TestQueuedDraftIsFrozen(t *testing.T) {
	ctx := context.Background()
	s, done := openStore(t, t.TempDir())
	defer done()
	d, _ := s.Create(ctx, New{Values: forms.Values{"entity_name": "原值"}})
	a := s.AutoSaver(d.ID)
	defer a.Close()
	if err := s.SetStatus(ctx, d.ID, Status{State: StateQueued}); err != nil {
		t.Fatal(err)
	}
	a.Set("entity_name", "改动")
	if err := a.Flush(); errCode(err) != "drafts.not_editable" {
		t.Errorf("saver on a queued draft: %v", err)
	}
	if err := s.SetValues(ctx, d.ID, forms.Values{"entity_name": "改动"}); errCode(err) != "drafts.not_editable" {
		t.Errorf("SetValues: %v", err)
	}
	if err := s.Promise(ctx, d.ID, "x", true); errCode(err) != "drafts.not_editable" {
		t.Errorf("Promise: %v", err)
	}
	if g, _ := s.Get(ctx, d.ID); g.Values["entity_name"] != "原值" {
		t.Errorf("value changed to %q", g.Values["entity_name"])
	}
	// Back to draft (e.g. the portal asked for corrections): editable again.
	s.SetStatus(ctx, d.ID, Status{State: StateDraft})
	if err := s.SetValues(ctx, d.ID, forms.Values{"entity_name": "改动"}); err != nil {
		t.Error(err)
	}
}

// TestWatch: every committed change is announced once, with its kind; a
// refused change announces nothing.
func TestWatch(t *testing.T) {
	ctx := context.Background()
	s, done := openStore(t, t.TempDir())
	defer done()
	var got []Change
	cancel := s.Watch(func(c Change) { got = append(got, c) })
	d, _ := s.Create(ctx, New{Title: "便利店", Industry: "convenience-store"})
	_ = s.SetValues(ctx, d.ID, forms.Values{"entity_name": "示例便利店"})
	_ = s.SetStatus(ctx, d.ID, Status{State: StateQueued})
	if err := s.SetValues(ctx, d.ID, forms.Values{"entity_name": "改不了"}); err == nil {
		t.Error("a queued draft took a value")
	}
	_ = s.Delete(ctx, d.ID)
	cancel()
	_, _ = s.Create(ctx, New{Title: "不再通知"})
	want := []Change{{ID: d.ID, Kind: Created}, {ID: d.ID, Kind: Edited}, {ID: d.ID, Kind: Edited},
		{ID: d.ID, Kind: StatusChanged, Status: Status{State: StateQueued}}, {ID: d.ID, Kind: Deleted}}
	if !slices.Equal(got, want) {
		t.Errorf("changes %+v, want %+v", got, want)
	}
}

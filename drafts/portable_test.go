package drafts

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/naiman-yiye/yiye/agent"
	"github.com/naiman-yiye/yiye/forms"
	"github.com/naiman-yiye/yiye/handover"
)

var exportRecorded = time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)

// exportedDraft makes a draft with values, an agent, a promise and two
// files, and exports it.
func exportedDraft(t *testing.T) (*Draft, []byte, []ExportFile) {
	ctx := context.Background()
	s, done := openStore(t, t.TempDir())
	t.Cleanup(done)
	d, err := s.Create(ctx, New{Title: "美发店", Industry: "beauty-salon", CatalogVersion: 1, Items: []string{"GGWS"},
		Answers: map[string]string{"x": "y"}, Values: forms.Values{"entity_name": "奈曼旗示例美发店", "premises_area": "60"}})
	if err != nil {
		t.Fatal(err)
	}
	s.Promise(ctx, d.ID, "hygiene_test_report", true)
	if err := s.SetAgent(ctx, d.ID, &agent.Record{Name: "代办员", IDNumber: "11010519491231002X", Principal: "奈曼旗示例美发店",
		Scope: "代为办理一业一证申请及材料提交", StaffID: "NM-007", RecordedAt: exportRecorded}); err != nil {
		t.Fatal(err)
	}
	src := t.TempDir()
	if _, err := s.AddAttachment(ctx, d.ID, "site_plans", writeFile(t, src, "平面图.pdf", minimalPDF(2))); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddAttachment(ctx, d.ID, agent.LetterMaterial, writeFile(t, src, "委托书.png", encodePNG(t, testImage(40, 60)))); err != nil {
		t.Fatal(err)
	}
	d, _ = s.Get(ctx, d.ID)
	data, files, err := s.Export(ctx, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	return d, data, files
}

// TestHandoverRoundTrip moves a draft through a real encrypted handover
// bundle into another database.
func TestHandoverRoundTrip(t *testing.T) {
	ctx := context.Background()
	orig, data, files := exportedDraft(t)
	var hf []handover.File
	for _, f := range files {
		if err := handover.CheckName(f.Name); err != nil {
			t.Fatalf("bundle name %q: %v", f.Name, err)
		}
		hf = append(hf, handover.File{Name: f.Name, Path: f.Path})
	}
	var bundle bytes.Buffer
	opt := handover.Options{KDF: handover.KDFParams{Time: 1, MemoryKiB: 1024, Threads: 1}}
	if err := handover.ExportOptions(&bundle, "correct horse battery", handover.Manifest{Draft: data}, hf, opt); err != nil {
		t.Fatal(err)
	}
	im, err := handover.Import(&bundle, "correct horse battery", t.TempDir(), handover.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	paths := map[string]string{}
	for _, f := range im.Files {
		paths[f.Name] = f.Path
	}

	dst, done := openStore(t, t.TempDir())
	defer done()
	got, err := dst.Import(ctx, im.Manifest.Draft, paths)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID == "" || got.ID == orig.ID {
		t.Errorf("imported draft id %q", got.ID)
	}
	if got.Title != orig.Title || got.Industry != orig.Industry || !slices.Equal(got.Items, orig.Items) ||
		got.Values["entity_name"] != "奈曼旗示例美发店" || !slices.Equal(got.Promised, orig.Promised) ||
		got.Agent == nil || *got.Agent != *orig.Agent || got.Agent.StaffID != "NM-007" ||
		!got.Agent.RecordedAt.Equal(exportRecorded) || got.Status.State != StateDraft || len(got.Attachments) != 2 {
		t.Fatalf("imported %+v", got)
	}
	for i, a := range got.Attachments {
		o := orig.Attachments[i]
		b, err := os.ReadFile(a.Path)
		ob, _ := os.ReadFile(o.Path)
		if err != nil || !bytes.Equal(b, ob) || a.SHA256 != o.SHA256 || a.MaterialID != o.MaterialID || a.OriginalName != o.OriginalName {
			t.Errorf("attachment %d: %+v vs %+v (%v)", i, a, o, err)
		}
	}
}

func TestImportRefusesBadInput(t *testing.T) {
	ctx := context.Background()
	_, data, files := exportedDraft(t)
	paths := map[string]string{}
	for _, f := range files {
		paths[f.Name] = f.Path
	}
	var p Portable
	json.Unmarshal(data, &p)

	tampered := filepath.Join(t.TempDir(), "tampered.pdf")
	pdf, _ := os.ReadFile(files[0].Path)
	os.WriteFile(tampered, append(bytes.Clone(pdf[:len(pdf)-8]), "garbage\n"...), 0o600)
	fakePDF := filepath.Join(t.TempDir(), "fake.pdf")
	os.WriteFile(fakePDF, []byte("%PDF-1.4 not really"), 0o600)

	mutate := func(f func(p *Portable)) []byte {
		c := p
		c.Files = slices.Clone(p.Files)
		f(&c)
		b, _ := json.Marshal(c)
		return b
	}
	cases := map[string]struct {
		data  []byte
		paths map[string]string
	}{
		"not json":      {[]byte("{"), paths},
		"unknown field": {[]byte(`{"version":1,"colour":"red"}`), paths},
		"version":       {mutate(func(p *Portable) { p.Version = 99 }), paths},
		"missing file":  {data, map[string]string{files[0].Name: files[0].Path}},
		"tampered":      {data, map[string]string{files[0].Name: tampered, files[1].Name: files[1].Path}},
		"wrong type":    {mutate(func(p *Portable) { p.Files[0].MIME = "image/png" }), paths},
		"fake pdf": {mutate(func(p *Portable) {
			b, _ := os.ReadFile(fakePDF)
			p.Files[0].Size = int64(len(b))
			p.Files[0].SHA256 = sha(b)
		}), map[string]string{files[0].Name: fakePDF, files[1].Name: files[1].Path}},
		"bad agent": {mutate(func(p *Portable) { p.Agent = &agent.Record{Name: "x", IDNumber: "123"} }), paths},
	}
	dir := t.TempDir()
	s, done := openStore(t, dir)
	defer done()
	for name, tc := range cases {
		if _, err := s.Import(ctx, tc.data, tc.paths); err == nil || errCode(err) == "" || errCode(err)[:3] == "not" {
			t.Errorf("%s: %v", name, err)
		}
	}
	// Nothing was left behind.
	if list, _ := s.List(ctx); len(list) != 0 {
		t.Errorf("%d drafts after refused imports", len(list))
	}
	entries, _ := os.ReadDir(filepath.Join(dir, "attachments"))
	if len(entries) != 0 {
		t.Errorf("%d leftovers in attachments", len(entries))
	}
}

func sha(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// FuzzImport: arbitrary draft JSON is either refused with a user error or
// becomes a draft that loads back.
func FuzzImport(f *testing.F) {
	f.Add([]byte(`{"version":1,"title":"t","values":{"entity_name":"x"},"files":[]}`))
	f.Add([]byte(`{"version":1,"files":[{"name":"a/b.pdf","sha256":"00","size":1,"mime":"application/pdf"}]}`))
	f.Add([]byte(`{"version":1,"agent":{"name":"a","id_number":"11010519491231002X"}}`))
	s, done := openStore(f, f.TempDir())
	f.Cleanup(done)
	f.Fuzz(func(t *testing.T, data []byte) {
		ctx := context.Background()
		d, err := s.Import(ctx, data, nil)
		if err != nil {
			if c := errCode(err); c == "" || strings.HasPrefix(c, "not-usererr") {
				// Database errors are the only non-user errors allowed.
				if !strings.Contains(err.Error(), "SQL") && !strings.Contains(err.Error(), "sqlite") {
					t.Fatalf("not a user error: %v", err)
				}
			}
			return
		}
		if _, err := s.Get(ctx, d.ID); err != nil {
			t.Fatalf("imported draft does not load: %v", err)
		}
		s.Delete(ctx, d.ID)
	})
}

package drafts

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/naiman-yiye/yiye/forms"
	"github.com/naiman-yiye/yiye/usererr"
)

func TestPrepareFile(t *testing.T) {
	s, done := openStore(t, t.TempDir())
	defer done()
	s.SetLimits(func(id string) (Limits, bool) {
		if id == "small" {
			return Limits{Types: []string{TypePDF}, MaxBytes: 100}, true
		}
		return Limits{}, false
	})
	src := t.TempDir()
	cases := map[string]struct {
		material, path, code string
	}{
		"renamed text":    {"site_plans", writeFile(t, src, "扫描件.pdf", []byte("这不是 PDF，只是改了扩展名的文本文件")), "drafts.attach.type"},
		"empty":           {"site_plans", writeFile(t, src, "空.png", nil), "drafts.attach.empty"},
		"truncated png":   {"site_plans", writeFile(t, src, "坏.png", encodePNG(t, testImage(50, 50))[:60]), "drafts.attach.corrupt"},
		"over the limit":  {"small", writeFile(t, src, "大.pdf", minimalPDF(3)), "drafts.attach.too_big"},
		"type not wanted": {"small", writeFile(t, src, "照片.png", encodePNG(t, testImage(20, 20))), "drafts.attach.type"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			_, err := s.PrepareFile(c.material, c.path, out)
			var ue *usererr.Error
			if !errors.As(err, &ue) || ue.Code != c.code || ue.ZH == "" {
				t.Fatalf("got %v, want %s", err, c.code)
			}
			if es, _ := os.ReadDir(out); len(es) != 0 {
				t.Fatalf("refused file left %v", es)
			}
		})
	}
	// A large photo is re-encoded as an upright JPEG within MaxImageSide.
	out := t.TempDir()
	p, err := s.PrepareFile("site_plans", writeFile(t, src, "照片.png", encodePNG(t, testImage(MaxImageSide+600, 900))), out)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(p.Path)
	if err != nil || p.MIME != "image/jpeg" || p.Width != MaxImageSide || p.OriginalName != "照片.png" ||
		int64(len(b)) != p.Size || filepath.Dir(p.Path) != out || b[0] != 0xFF || b[1] != 0xD8 {
		t.Fatalf("prepared %+v (%v)", p, err)
	}
	// A folder that cannot be made is reported, not taken for a success.
	blocker := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(blocker, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	if p, err := s.PrepareFile("site_plans", writeFile(t, src, "图.png", encodePNG(t, testImage(40, 30))), filepath.Join(blocker, "sub")); errCode(err) != "drafts.attach.write" {
		t.Fatalf("unwritable folder: %+v, %v", p, err)
	}
}

// TestApplyCorrection: an answered correction lands in the submitted
// draft (values and the replacing file); another application's draft or a
// changed prepared file is refused without change.
func TestApplyCorrection(t *testing.T) {
	ctx := context.Background()
	s, done := openStore(t, t.TempDir())
	defer done()
	src := t.TempDir()
	d, err := s.Create(ctx, New{Title: "t", Industry: "hotel", Values: forms.Values{"business_address": "旧地址", "entity_name": "奈曼宾馆"}})
	if err != nil {
		t.Fatal(err)
	}
	old, err := s.AddAttachment(ctx, d.ID, "site_plans", writeFile(t, src, "旧.pdf", minimalPDF(1)))
	if err != nil {
		t.Fatal(err)
	}
	keep, err := s.AddAttachment(ctx, d.ID, "other", writeFile(t, src, "其他.pdf", minimalPDF(2)))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetStatus(ctx, d.ID, Status{State: StateSubmitted, ApplicationID: "APP-1"}); err != nil {
		t.Fatal(err)
	}
	p, err := s.PrepareFile("site_plans", writeFile(t, src, "新.png", encodePNG(t, testImage(80, 60))), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	vals := forms.Values{"business_address": "新地址1号"}
	if err := s.ApplyCorrection(ctx, d.ID, "APP-2", vals, []PreparedFile{p}); !errors.Is(err, errNotThisApplication) {
		t.Fatalf("other application: %v", err)
	}
	bad := p
	bad.SHA256 = old.SHA256
	if err := s.ApplyCorrection(ctx, d.ID, "APP-1", vals, []PreparedFile{bad}); err == nil {
		t.Fatal("a changed prepared file was accepted")
	}
	if g, _ := s.Get(ctx, d.ID); g.Values["business_address"] != "旧地址" || len(g.Attachments) != 2 {
		t.Fatalf("refused correction changed the draft: %v %d", g.Values, len(g.Attachments))
	}

	if err := s.ApplyCorrection(ctx, d.ID, "APP-1", vals, []PreparedFile{p}); err != nil {
		t.Fatal(err)
	}
	g, err := s.Get(ctx, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if g.Values["business_address"] != "新地址1号" || g.Values["entity_name"] != "奈曼宾馆" || g.Status.State != StateSubmitted {
		t.Fatalf("values %v status %+v", g.Values, g.Status)
	}
	sp := g.AttachmentsFor("site_plans")
	if len(sp) != 1 || sp[0].SHA256 != p.SHA256 || sp[0].MIME != "image/jpeg" || sp[0].OriginalName != "新.png" {
		t.Fatalf("site_plans %+v", sp)
	}
	if b, err := os.ReadFile(sp[0].Path); err != nil || int64(len(b)) != p.Size {
		t.Fatalf("stored copy: %v", err)
	}
	if _, err := os.Stat(old.Path); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("replaced file left on disk: %v", err)
	}
	if o := g.AttachmentsFor("other"); len(o) != 1 || o[0].ID != keep.ID {
		t.Fatalf("other material touched: %+v", o)
	}
	// The draft stays locked for ordinary edits.
	if err := s.SetValues(ctx, d.ID, vals); !errors.Is(err, errNotEditable) {
		t.Fatalf("submitted draft editable: %v", err)
	}
}

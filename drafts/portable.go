package drafts

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"slices"
	"time"

	"github.com/gabriel-vasile/mimetype"

	"github.com/naiman-yiye/yiye/agent"
	"github.com/naiman-yiye/yiye/forms"
	"github.com/naiman-yiye/yiye/usererr"
)

// PortableVersion is the version of the Portable format.
const PortableVersion = 1

// Portable is a draft in a form that can move between machines (with the
// handover package): everything but its local ID, status and file paths.
type Portable struct {
	Version        int               `json:"version"`
	Title          string            `json:"title"`
	Kind           string            `json:"kind,omitempty"`        // Draft.Kind
	ForLicense     string            `json:"for_license,omitempty"` // Draft.ForLicense
	Industry       string            `json:"industry"`
	CatalogVersion int               `json:"catalog_version"`
	Answers        map[string]string `json:"answers"`
	Added          []string          `json:"added"`
	Dropped        []string          `json:"dropped"`
	Items          []string          `json:"items"`
	Values         forms.Values      `json:"values"`
	Promised       []string          `json:"promised"`
	Agent          *agent.Record     `json:"agent,omitempty"`
	Files          []PortableFile    `json:"files"`
	CreatedAt      time.Time         `json:"created_at"`
}

// PortableFile describes one attachment; Name is its name in the bundle.
type PortableFile struct {
	Name         string `json:"name"` // "<material>/<attachment id><ext>"
	MaterialID   string `json:"material_id"`
	OriginalName string `json:"original_name"`
	SHA256       string `json:"sha256"`
	Size         int64  `json:"size"`
	MIME         string `json:"mime"`
	Pages        int    `json:"pages"`
	Width        int    `json:"width"`
	Height       int    `json:"height"`
}

// ExportFile is a file to put in a bundle under Name.
type ExportFile struct {
	Name string
	Path string
}

// Export returns draft id as Portable JSON and the files to bundle with it.
func (s *Store) Export(ctx context.Context, id string) ([]byte, []ExportFile, error) {
	d, err := s.Get(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	p := Portable{Version: PortableVersion, Title: d.Title, Kind: d.Kind, ForLicense: d.ForLicense, Industry: d.Industry,
		CatalogVersion: d.CatalogVersion,
		Answers:        d.Answers, Added: d.Added, Dropped: d.Dropped, Items: d.Items, Values: d.Values,
		Promised: d.Promised, Agent: d.Agent, Files: []PortableFile{}, CreatedAt: d.CreatedAt}
	var files []ExportFile
	for _, a := range d.Attachments {
		name := safeName(a.MaterialID) + "/" + a.ID + path.Ext(filepath.ToSlash(a.Path))
		p.Files = append(p.Files, PortableFile{Name: name, MaterialID: a.MaterialID, OriginalName: a.OriginalName,
			SHA256: a.SHA256, Size: a.Size, MIME: a.MIME, Pages: a.Pages, Width: a.Width, Height: a.Height})
		files = append(files, ExportFile{Name: name, Path: a.Path})
	}
	b, err := json.Marshal(p)
	return b, files, err
}

var errBadImport = usererr.New("drafts.import.invalid", "草稿交接文件内容有误，已拒绝导入，现有草稿未受影响",
	"The draft in the file is invalid and was refused; existing drafts are untouched")

// Import creates a new draft (with a new ID) from Portable JSON and its
// files (bundle name → path on disk, e.g. from handover.Import). Each file
// must match its recorded SHA-256 and be a PDF, JPEG or PNG within
// limits; anything wrong refuses the whole import and leaves no trace.
func (s *Store) Import(ctx context.Context, data []byte, files map[string]string) (*Draft, error) {
	var p Portable
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil || p.Version != PortableVersion {
		return nil, errBadImport.Wrap(fmt.Errorf("decode: %v, version %d", err, p.Version))
	}
	liftLegacyAgent(p.Agent, p.Values) // files exported before Agent had these
	if p.Agent != nil {
		if err := p.Agent.Check(time.Now()); err != nil {
			return nil, err
		}
	}
	id := newID()
	dir := s.draftDir(id)
	ok := false
	defer func() {
		if !ok {
			os.RemoveAll(dir)
		}
	}()
	type stored struct {
		f   PortableFile
		rel string
	}
	var list []stored
	for _, f := range p.Files {
		src, found := files[f.Name]
		if !found {
			return nil, errBadImport.Wrap(fmt.Errorf("file %q missing", f.Name))
		}
		data, err := readVerified(src, f, s.limitsFor(f.MaterialID))
		if err != nil {
			return nil, err
		}
		ext := map[string]string{"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}[f.MIME]
		rel := path.Join(id, safeName(f.MaterialID)+"-"+f.SHA256[:16]+ext)
		if err := writeAtomic(filepath.Join(s.dir, filepath.FromSlash(rel)), data); err != nil {
			return nil, usererr.New("drafts.attach.write", "保存文件失败，请检查磁盘空间后重试",
				"Could not store the file; check free disk space and try again").Wrap(err)
		}
		list = append(list, stored{f, rel})
	}
	now := time.Now()
	created := p.CreatedAt
	if created.IsZero() || created.After(now) {
		created = now
	}
	answers := p.Answers
	if answers == nil {
		answers = map[string]string{}
	}
	agentJSON := ""
	if p.Agent != nil {
		agentJSON = toJSON(p.Agent.Normalized())
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	if (p.Kind == "" || p.Kind == "new") != (p.ForLicense == "") {
		return nil, errBadImport.Wrap(fmt.Errorf("kind %q with license %q", p.Kind, p.ForLicense))
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO drafts_drafts (id, title, kind, for_license, industry, catalog_version, answers,
		added, dropped, items, promised, agent, state, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		id, p.Title, p.Kind, p.ForLicense, p.Industry, p.CatalogVersion, toJSON(answers), toJSON(nonNil(p.Added)), toJSON(nonNil(p.Dropped)),
		toJSON(nonNil(p.Items)), toJSON(nonNil(p.Promised)), agentJSON, string(StateDraft), created.UnixNano(), now.UnixNano()); err != nil {
		return nil, err
	}
	if err := putValues(ctx, tx, id, p.Values, now); err != nil {
		return nil, err
	}
	for i, st := range list {
		f := st.f
		if _, err := tx.ExecContext(ctx, `INSERT INTO drafts_attachments (id, draft_id, material_id, rel_path,
			original_name, sha256, size, mime, pages, width, height, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			newID(), id, f.MaterialID, st.rel, f.OriginalName, f.SHA256, f.Size, f.MIME, f.Pages, f.Width, f.Height,
			now.UnixNano()+int64(i)); err != nil {
			return nil, err
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	ok = true
	s.notify(Change{ID: id, Kind: Created})
	return s.Get(ctx, id)
}

// readVerified reads an imported file and checks it against its record:
// size, SHA-256, sniffed type and structure. Files are not re-encoded (they
// were processed when first attached).
func readVerified(src string, f PortableFile, lim Limits) ([]byte, error) {
	bad := func(why string) error {
		return usererr.Newf("drafts.import.file", "交接文件中的附件“%s”有误（%s），已拒绝导入",
			"Attachment %q in the file is invalid (%s); the import was refused", echoName(f.OriginalName), why)
	}
	if len(f.SHA256) != 64 || f.Size <= 0 || f.Size > max(lim.MaxBytes, DefaultLimits().MaxBytes) {
		return nil, bad("size")
	}
	fh, err := os.Open(src)
	if err != nil {
		return nil, bad("missing")
	}
	defer fh.Close()
	data, err := io.ReadAll(io.LimitReader(fh, f.Size+1))
	if err != nil || int64(len(data)) != f.Size {
		return nil, bad("size")
	}
	sum := sha256.Sum256(data)
	if hex.EncodeToString(sum[:]) != f.SHA256 {
		return nil, bad("SHA-256")
	}
	mt := mimetype.Detect(data)
	if !mt.Is(f.MIME) || !slices.Contains([]string{"application/pdf", "image/jpeg", "image/png"}, f.MIME) {
		return nil, bad("type")
	}
	if f.MIME == "application/pdf" {
		if _, err := checkPDF(data); err != nil {
			return nil, bad("PDF")
		}
	} else if err := decodes(data); err != nil {
		return nil, bad("image")
	}
	return data, nil
}

func echoName(s string) string {
	r := []rune(s)
	if len(r) > 40 {
		r = append(r[:40], '…')
	}
	return string(r)
}

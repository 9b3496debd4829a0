package drafts

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"time"

	"github.com/naiman-yiye/yiye/forms"
	"github.com/naiman-yiye/yiye/usererr"
)

// PreparedFile is a file checked and made ready the way attachments are:
// real type sniffed from the content, size within the material's limit,
// PDFs parsed, photos turned upright, scaled and re-encoded as JPEG.
type PreparedFile struct {
	MaterialID   string
	Path         string // the prepared copy
	OriginalName string // base name of the file the user picked
	SHA256       string // of the prepared copy, hex
	Size         int64
	MIME         string
	Pages        int
	Width        int
	Height       int
}

// PrepareFile checks the file at srcPath against materialID's limits (see
// SetLimits) exactly like AddAttachment, and writes the prepared copy into
// dir (created if needed). A refused file writes nothing and returns a
// *usererr.Error (Chinese and English).
func (s *Store) PrepareFile(materialID, srcPath, dir string) (PreparedFile, error) {
	out, err := prepareFile(srcPath, s.limitsFor(materialID))
	if err != nil {
		return PreparedFile{}, err
	}
	sum := sha256.Sum256(out.data)
	p := PreparedFile{MaterialID: materialID, OriginalName: filepath.Base(srcPath), SHA256: hex.EncodeToString(sum[:]),
		Size: int64(len(out.data)), MIME: out.mime, Pages: out.pages, Width: out.width, Height: out.height}
	p.Path = filepath.Join(dir, safeName(materialID)+"-"+p.SHA256[:16]+out.ext)
	err = os.MkdirAll(dir, 0o700)
	if err == nil {
		err = writeAtomic(p.Path, out.data)
	}
	if err != nil {
		return PreparedFile{}, usererr.New("drafts.attach.write", "保存文件失败，请检查磁盘空间后重试",
			"Could not store the file; check free disk space and try again").Wrap(err)
	}
	return p, nil
}

var errNotThisApplication = usererr.New("drafts.correction.other",
	"这份草稿不是该申请的来源，补正内容没有写入草稿。",
	"This draft is not the one the application was submitted from; the correction was not written into it.")

// ApplyCorrection records in a submitted draft what an answered correction
// (补正) changed at the portal, so a later print or export shows what the
// portal holds: the corrected form values and, per material, the prepared
// file that replaced the earlier ones. appID must be the draft's
// application. Nothing changes if anything fails.
func (s *Store) ApplyCorrection(ctx context.Context, id, appID string, vals forms.Values, files []PreparedFile) error {
	d, err := s.Get(ctx, id)
	if err != nil {
		return err
	}
	if d.Status.State != StateSubmitted || d.Status.ApplicationID == "" || d.Status.ApplicationID != appID {
		return errNotThisApplication
	}
	type stored struct {
		f       PreparedFile
		rel     string
		written bool
	}
	var list []stored
	ok := false
	defer func() {
		if ok {
			return
		}
		for _, st := range list {
			if st.written {
				s.removeIfUnused(ctx, st.rel, filepath.Join(s.dir, filepath.FromSlash(st.rel)))
			}
		}
	}()
	for _, f := range files {
		data, err := os.ReadFile(f.Path)
		if err != nil {
			return usererr.New("drafts.attach.read", "读取文件失败", "Could not read the file").Wrap(err)
		}
		sum := sha256.Sum256(data)
		if hex.EncodeToString(sum[:]) != f.SHA256 {
			return usererr.New("drafts.correction.changed", "准备好的文件在写入草稿前被改动，已放弃写入。",
				"The prepared file changed before it was written into the draft; nothing was written.")
		}
		ext := map[string]string{"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}[f.MIME]
		rel := path.Join(id, safeName(f.MaterialID)+"-"+f.SHA256[:16]+ext)
		abs := filepath.Join(s.dir, filepath.FromSlash(rel))
		st := stored{f: f, rel: rel}
		if old, err := os.ReadFile(abs); err != nil || !bytes.Equal(old, data) {
			if err := writeAtomic(abs, data); err != nil {
				return usererr.New("drafts.attach.write", "保存文件失败，请检查磁盘空间后重试",
					"Could not store the file; check free disk space and try again").Wrap(err)
			}
			st.written = true
		}
		list = append(list, st)
	}
	var oldRels []string
	now := time.Now()
	err = s.update(ctx, id, func(tx *sql.Tx) error {
		if err := putValues(ctx, tx, id, vals, now); err != nil {
			return err
		}
		for i, st := range list {
			rows, err := tx.QueryContext(ctx, `SELECT rel_path FROM drafts_attachments WHERE draft_id = ? AND material_id = ?`,
				id, st.f.MaterialID)
			if err != nil {
				return err
			}
			for rows.Next() {
				var r string
				if err := rows.Scan(&r); err != nil {
					rows.Close()
					return err
				}
				if r != st.rel {
					oldRels = append(oldRels, r)
				}
			}
			rows.Close()
			if _, err := tx.ExecContext(ctx, `DELETE FROM drafts_attachments WHERE draft_id = ? AND material_id = ?`,
				id, st.f.MaterialID); err != nil {
				return err
			}
			f := st.f
			if _, err := tx.ExecContext(ctx, `INSERT INTO drafts_attachments (id, draft_id, material_id, rel_path,
				original_name, sha256, size, mime, pages, width, height, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				newID(), id, f.MaterialID, st.rel, f.OriginalName, f.SHA256, f.Size, f.MIME, f.Pages, f.Width, f.Height,
				now.UnixNano()+int64(i)); err != nil {
				return fmt.Errorf("drafts: correction file: %w", err)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	ok = true
	for _, r := range oldRels {
		s.removeIfUnused(ctx, r, filepath.Join(s.dir, filepath.FromSlash(r)))
	}
	return nil
}

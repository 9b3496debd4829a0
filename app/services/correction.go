package services

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/naiman-yiye/yiye/client/api"
	"github.com/naiman-yiye/yiye/drafts"
	"github.com/naiman-yiye/yiye/forms"
	"github.com/naiman-yiye/yiye/usererr"
)

// correctionTmp is where files chosen for a correction are prepared before
// upload (under the data folder, so a kiosk session's wipe takes them).
const correctionTmp = "correction-tmp"

// PrepareCorrectionFiles runs the files chosen for a correction (material
// ID → path) through the same checks as draft attachments: real type
// sniffed from the content, the catalog material's size limit, PDFs
// parsed, photos upright, scaled and re-encoded as JPEG. The first refusal
// names the material in plain words. cleanup removes the prepared copies
// (after the upload and RecordCorrection).
func (s *Services) PrepareCorrectionFiles(files map[string]string) (out []drafts.PreparedFile, cleanup func(), err error) {
	root := filepath.Join(s.opts.DataDir, correctionTmp)
	if err := os.MkdirAll(root, 0o700); err != nil {
		return nil, func() {}, err
	}
	dir, err := os.MkdirTemp(root, "c")
	if err != nil {
		return nil, func() {}, err
	}
	cleanup = func() { os.RemoveAll(dir) }
	ids := make([]string, 0, len(files))
	for id := range files {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	cat := s.Catalog.Current()
	for _, id := range ids {
		p, err := s.Drafts.PrepareFile(id, files[id], dir)
		if err != nil {
			cleanup()
			name := id
			if m := cat.Material(id); m != nil {
				name = m.Name
			}
			zh, en := err.Error(), err.Error()
			var ue *usererr.Error
			if errors.As(err, &ue) {
				zh, en = ue.ZH, ue.EN
			}
			return nil, func() {}, usererr.New("services.correction.file",
				fmt.Sprintf("“%s”选择的文件不能使用：%s。请换一个文件。", name, zh),
				fmt.Sprintf("The file chosen for “%s” cannot be used: %s. Choose another file.", name, en)).Wrap(err)
		}
		out = append(out, p)
	}
	return out, cleanup, nil
}

// DraftForApplication finds the local draft an application was submitted
// from: the one the application echoes as client_ref, else the one that
// recorded the application's ID. nil if there is none on this machine.
func (s *Services) DraftForApplication(ctx context.Context, app api.Application) *drafts.Draft {
	if app.ClientRef != "" {
		if d, err := s.Drafts.Get(ctx, app.ClientRef); err == nil && d.Status.ApplicationID == app.ID {
			return d
		}
	}
	list, err := s.Drafts.List(ctx)
	if err != nil {
		return nil
	}
	for _, sum := range list {
		if sum.Status.ApplicationID == app.ID {
			if d, err := s.Drafts.Get(ctx, sum.ID); err == nil {
				return d
			}
		}
	}
	return nil
}

// RecordCorrection writes an answered correction back into the draft the
// application came from (values and the prepared files), so a later print
// or export shows what the portal holds. Without a local draft it does
// nothing.
func (s *Services) RecordCorrection(ctx context.Context, app api.Application, ans api.CorrectionAnswer, files []drafts.PreparedFile) error {
	d := s.DraftForApplication(ctx, app)
	if d == nil {
		return nil
	}
	vals := forms.Values{}
	for k, v := range ans.Form {
		if v == nil {
			continue
		}
		vals[k] = fmt.Sprint(v)
	}
	return s.Drafts.ApplyCorrection(ctx, d.ID, app.ID, vals, files)
}

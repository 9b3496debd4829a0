package core

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/naiman-yiye/yiye/client/api"
	"github.com/naiman-yiye/yiye/drafts"
	"github.com/naiman-yiye/yiye/forms"
	"github.com/naiman-yiye/yiye/usererr"
)

// correctionTmp is where files chosen for a correction are prepared before
// upload (under the data folder, so a kiosk session's wipe takes them).
const correctionTmp = "correction-tmp"

// CorrectionReply is an applicant's answer to a correction (补正): the
// values of the named fields, a file per named material (material ID →
// path), a note.
type CorrectionReply struct {
	Values map[string]string
	Files  map[string]string
	Note   string
}

// AnswerCorrection checks the chosen files like draft attachments
// (content type, the material's size limit, photos re-encoded), uploads
// them, sends the answer once (idemKey makes a retry harmless) and writes
// the answer back into the draft the application came from, so a later
// print or export shows what the portal holds. progress, if set, gets the
// share of bytes uploaded (from a background goroutine).
func (c *Core) AnswerCorrection(ctx context.Context, app api.Application, correctionID, idemKey string,
	r CorrectionReply, progress func(float64)) error {
	prepared, cleanup, err := c.prepareCorrectionFiles(r.Files)
	if err != nil {
		return err
	}
	defer cleanup()
	n := c.network()
	ans := api.CorrectionAnswer{Form: map[string]any{}, Note: r.Note}
	for k, v := range r.Values {
		ans.Form[k] = v
	}
	for i, p := range prepared {
		ref, err := n.client.UploadFile(ctx, p.MaterialID, p.Path, p.MIME, func(sent, total int64) {
			if progress != nil && total > 0 {
				progress((float64(i) + float64(sent)/float64(total)) / float64(len(prepared)))
			}
		})
		if err != nil {
			return err
		}
		ans.Materials = append(ans.Materials, ref)
	}
	if _, err := n.client.AnswerCorrection(ctx, idemKey, app.ID, correctionID, ans); err != nil {
		return err
	}
	n.watcher.Refresh()
	if d := c.draftForApplication(ctx, app); d != nil {
		vals := forms.Values{}
		for k, v := range r.Values {
			vals[k] = v
		}
		if err := c.drafts.ApplyCorrection(ctx, d.ID, app.ID, vals, prepared); err != nil {
			// The portal has the answer; only the local copy lags, which
			// is not the applicant's to solve.
			slog.Warn("core: correction not written back into the draft", "draft", d.ID, "err", err)
		}
	}
	return nil
}

// prepareCorrectionFiles runs the chosen files through the draft
// attachment checks, in material order; the first refusal names the
// material in plain words. cleanup removes the prepared copies.
func (c *Core) prepareCorrectionFiles(files map[string]string) (out []drafts.PreparedFile, cleanup func(), err error) {
	root := filepath.Join(c.opts.DataDir, correctionTmp)
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
	cat := c.Catalog()
	for _, id := range ids {
		p, err := c.drafts.PrepareFile(id, files[id], dir)
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
			return nil, func() {}, usererr.New("core.correction.file",
				fmt.Sprintf("“%s”选择的文件不能使用：%s。请换一个文件。", name, strings.TrimRight(zh, "。")),
				fmt.Sprintf("The file chosen for “%s” cannot be used: %s. Choose another file.", name, strings.TrimRight(en, ". "))).Wrap(err)
		}
		out = append(out, p)
	}
	return out, cleanup, nil
}

// draftForApplication finds the local draft an application was submitted
// from: the one the application echoes as client_ref, else the one that
// recorded the application's ID. nil if there is none on this machine.
func (c *Core) draftForApplication(ctx context.Context, app api.Application) *drafts.Draft {
	if app.ClientRef != "" {
		if d, err := c.drafts.Get(ctx, app.ClientRef); err == nil && d.Status.ApplicationID == app.ID {
			return d
		}
	}
	list, err := c.drafts.List(ctx)
	if err != nil {
		return nil
	}
	for _, sum := range list {
		if sum.Status.ApplicationID == app.ID {
			if d, err := c.drafts.Get(ctx, sum.ID); err == nil {
				return d
			}
		}
	}
	return nil
}

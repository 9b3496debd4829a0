package portal

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	xslog "golang.org/x/exp/slog"
	"io"
	"mime"
	"net/http"
	"os"
	"path/filepath"
	"regexp"

	"github.com/naiman-yiye/yiye/client/api"
	"github.com/tus/tusd/v2/pkg/filestore"
	tushandler "github.com/tus/tusd/v2/pkg/handler"
	"github.com/tus/tusd/v2/pkg/memorylocker"
)

// Upload states in portal_uploads.
const (
	uploadOpen       = "open"       // created, bytes arriving
	uploadVerified   = "verified"   // complete, SHA-256 matched: may be referenced
	uploadRejected   = "rejected"   // complete, SHA-256 mismatch: never usable
	uploadTerminated = "terminated" // deleted by its owner (tus termination): never usable
)

const tusContentType = "application/offset+octet-stream"

var sha256RE = regexp.MustCompile(`^[0-9a-f]{64}$`)

// newTus builds tusd's handler on a file store under DataDir/uploads. tusd
// speaks the protocol; the hooks bind each upload to its creator and check
// the whole file's SHA-256 before the final PATCH succeeds.
func (s *Server) newTus() (*tushandler.UnroutedHandler, error) {
	dir := filepath.Join(s.opts.DataDir, "uploads")
	composer := tushandler.NewStoreComposer()
	// Core and termination only: concatenation would let a final upload
	// splice in partial uploads of other accounts, and deferred length
	// would let a file finish without a declared size.
	fs := filestore.New(dir)
	composer.UseCore(fs)
	composer.UseTerminater(fs)
	memorylocker.New().UseIn(composer) // one process owns DataDir
	return tushandler.NewUnroutedHandler(tushandler.Config{
		BasePath:      api.PathUploads + "/",
		StoreComposer: composer,
		MaxSize:       s.opts.MaxUploadSize,
		// Per-request deadlines (http.ResponseController), renewed on every
		// read: uploads live outside the server's read and write timeouts.
		NetworkTimeout:             s.opts.UploadTimeout,
		DisableDownload:            true,
		PreUploadCreateCallback:    s.preCreate,
		PreFinishResponseCallback:  s.preFinish,
		PreUploadTerminateCallback: s.preTerminate,
		Logger:                     xslog.New(xslog.NewTextHandler(io.Discard, nil)),
	})
}

func tusErr(code, msg string, status int) error { return tushandler.NewError(code, msg, status) }

func (s *Server) preCreate(hook tushandler.HookEvent) (tushandler.HTTPResponse, tushandler.FileInfoChanges, error) {
	none := tushandler.HTTPResponse{}
	owner, _ := hook.Context.Value(ctxOwner).(string)
	if owner == "" {
		return none, tushandler.FileInfoChanges{}, tusErr("ERR_UNAUTHORIZED", "sign in first", http.StatusUnauthorized)
	}
	md := hook.Upload.MetaData
	sum := md[api.MetaSHA256]
	if !sha256RE.MatchString(sum) {
		return none, tushandler.FileInfoChanges{}, tusErr("ERR_SHA256_REQUIRED",
			"Upload-Metadata must carry sha256: the lowercase hex SHA-256 of the whole file", http.StatusBadRequest)
	}
	if hook.Upload.IsPartial || hook.Upload.IsFinal {
		return none, tushandler.FileInfoChanges{}, tusErr("ERR_CONCAT_UNSUPPORTED", "concatenation is not supported", http.StatusBadRequest)
	}
	if hook.Upload.SizeIsDeferred {
		return none, tushandler.FileInfoChanges{}, tusErr("ERR_LENGTH_REQUIRED", "Upload-Length is required", http.StatusBadRequest)
	}
	for _, k := range []string{api.MetaFilename, api.MetaFiletype, api.MetaMaterial} {
		if len(md[k]) > 255 {
			return none, tushandler.FileInfoChanges{}, tusErr("ERR_METADATA", k+" too long", http.StatusBadRequest)
		}
	}
	id := randomID()
	_, err := s.db.ExecContext(hook.Context, `INSERT INTO portal_uploads(id, owner, sha256, filename, filetype, material, size, state, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, owner, sum, md[api.MetaFilename], md[api.MetaFiletype], md[api.MetaMaterial],
		hook.Upload.Size, uploadOpen, s.now().Unix())
	if err != nil {
		return none, tushandler.FileInfoChanges{}, err
	}
	meta := map[string]string{"owner": owner, api.MetaSHA256: sum}
	for _, k := range []string{api.MetaFilename, api.MetaFiletype, api.MetaMaterial} {
		if v, ok := md[k]; ok {
			meta[k] = v
		}
	}
	return none, tushandler.FileInfoChanges{ID: id, MetaData: meta}, nil
}

// preFinish hashes the complete file; a mismatch rejects the upload for
// good (its bytes are deleted) and the final PATCH answers 460.
func (s *Server) preFinish(hook tushandler.HookEvent) (tushandler.HTTPResponse, error) {
	id := hook.Upload.ID
	var want string
	if err := s.db.QueryRowContext(hook.Context, `SELECT sha256 FROM portal_uploads WHERE id = ?`, id).Scan(&want); err != nil {
		return tushandler.HTTPResponse{}, err
	}
	path := hook.Upload.Storage[filestore.StorageKeyPath]
	if path == "" {
		path = filepath.Join(s.opts.DataDir, "uploads", id)
	}
	got, err := fileSHA256(path)
	if err != nil {
		return tushandler.HTTPResponse{}, err
	}
	if got != want {
		if _, err := s.db.ExecContext(hook.Context, `UPDATE portal_uploads SET state = ? WHERE id = ?`, uploadRejected, id); err != nil {
			return tushandler.HTTPResponse{}, err
		}
		os.Remove(path)
		s.log.Warn("upload rejected: sha256 mismatch", "id", id)
		return tushandler.HTTPResponse{}, tusErr("ERR_CHECKSUM_MISMATCH",
			"the file's SHA-256 does not match Upload-Metadata sha256; upload rejected", api.StatusChecksumMismatch)
	}
	_, err = s.db.ExecContext(hook.Context, `UPDATE portal_uploads SET state = ?, size = ? WHERE id = ?`, uploadVerified, hook.Upload.Size, id)
	return tushandler.HTTPResponse{}, err
}

// settleUpload finishes the check of an upload whose bytes are all stored
// but whose state is still open: preFinish runs inside the final PATCH, and
// if that request failed after the data was written (client gone, context
// cancelled) the client sees offset == length on HEAD and never sends
// again. Hashing here, on first reference, keeps such uploads usable
// without trusting them unchecked.
func (s *Server) settleUpload(ctx context.Context, tx *sql.Tx, u *uploadRow) error {
	if u.State != uploadOpen {
		return nil
	}
	path := filepath.Join(s.opts.DataDir, "uploads", u.ID)
	st, err := os.Stat(path)
	if err != nil || st.Size() != u.Size {
		return nil // still arriving (or gone): stays open
	}
	got, err := fileSHA256(path)
	if err != nil {
		return err
	}
	state := uploadVerified
	if got != u.SHA256 {
		state = uploadRejected
	}
	if _, err := tx.ExecContext(ctx, `UPDATE portal_uploads SET state = ? WHERE id = ? AND state = ?`, state, u.ID, uploadOpen); err != nil {
		return err
	}
	if state == uploadRejected {
		// Rolled back with the refused application: the next reference
		// hashes again and refuses again.
		s.log.Warn("upload refused on reference: sha256 mismatch", "id", u.ID)
	}
	u.State = state
	return nil
}

// uploadPath is where the file store keeps an upload's bytes.
func (s *Server) uploadPath(id string) string { return filepath.Join(s.opts.DataDir, "uploads", id) }

// bytesPresent reports whether all of a complete upload's bytes are stored.
func (s *Server) bytesPresent(u *uploadRow) bool {
	st, err := os.Stat(s.uploadPath(u.ID))
	return err == nil && st.Mode().IsRegular() && st.Size() == u.Size
}

func fileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// preTerminate marks the upload terminated before tusd deletes its bytes,
// in one statement that also refuses an upload an application references:
// with the row marked first, no reference can reach bytes that are gone
// (transactions take the write lock at BEGIN, so a submission checking
// this upload runs wholly before or wholly after this statement).
func (s *Server) preTerminate(hook tushandler.HookEvent) (tushandler.HTTPResponse, error) {
	res, err := s.db.ExecContext(hook.Context, `UPDATE portal_uploads SET state = ? WHERE id = ? AND referenced_by = ''`,
		uploadTerminated, hook.Upload.ID)
	if err != nil {
		return tushandler.HTTPResponse{}, err
	}
	if n, err := res.RowsAffected(); err != nil {
		return tushandler.HTTPResponse{}, err
	} else if n != 1 {
		return tushandler.HTTPResponse{}, tusErr("ERR_UPLOAD_IN_USE", "the upload is part of a submitted application", http.StatusConflict)
	}
	s.log.Info("upload terminated", "id", hook.Upload.ID)
	return tushandler.HTTPResponse{}, nil
}

type uploadRow struct {
	ID, Owner, SHA256, Filename, Material, State, ReferencedBy string
	Size                                                       int64
}

func (s *Server) upload(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, id string) (*uploadRow, error) {
	var u uploadRow
	err := q.QueryRowContext(ctx, `SELECT id, owner, sha256, filename, material, state, referenced_by, size
		FROM portal_uploads WHERE id = ?`, id).Scan(&u.ID, &u.Owner, &u.SHA256, &u.Filename, &u.Material, &u.State, &u.ReferencedBy, &u.Size)
	if err != nil {
		return nil, err
	}
	return &u, nil
}

// uploadsHandler routes tus requests: creation needs a signed-in user;
// HEAD, PATCH and DELETE also need the upload to be theirs (404 otherwise,
// so others cannot even learn it exists).
func (s *Server) uploadsHandler() http.Handler {
	tus := s.tus
	inner := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rest := r.URL.Path[len(api.PathUploads):]
		if rest == "" || rest == "/" {
			if r.Method == http.MethodPost {
				tus.PostFile(w, r)
				return
			}
			w.WriteHeader(http.StatusMethodNotAllowed)
			return
		}
		id := rest[1:]
		u, err := s.upload(r.Context(), s.db, id)
		owner, _ := r.Context().Value(ctxOwner).(string)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && u.Owner != owner) {
			s.writeErr(w, errNotFound)
			return
		}
		if err != nil {
			s.writeErr(w, err)
			return
		}
		if u.State == uploadTerminated {
			// Terminated: gone for good, as tus says (404 on every request).
			s.writeErr(w, errNotFound)
			return
		}
		if u.State == uploadRejected {
			s.writeErr(w, errf(http.StatusGone, "upload.rejected", "文件校验失败，已被拒收，请重新上传。",
				"The file failed its SHA-256 check and was rejected; upload it again."))
			return
		}
		// tusd's unrouted handlers read the ID from a path with the base stripped.
		r = r.Clone(r.Context())
		r.URL.Path, r.URL.RawPath = id, ""
		switch r.Method {
		case http.MethodHead:
			tus.HeadFile(w, r)
		case http.MethodPatch:
			// tus answers a body of another type with 415 (tusd says 400);
			// media types compare case-insensitively.
			if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != tusContentType {
				s.writeErr(w, errf(http.StatusUnsupportedMediaType, "upload.content_type",
					"上传数据的类型不正确。", "A PATCH body must be sent as "+tusContentType+"."))
				return
			}
			r.Header.Set("Content-Type", tusContentType)
			tus.PatchFile(w, r)
		case http.MethodDelete:
			tus.DelFile(w, r)
		default:
			w.WriteHeader(http.StatusMethodNotAllowed)
		}
	})
	protected := tus.Middleware(inner)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// OPTIONS (capability discovery) is public; everything else needs a token.
		if r.Method == http.MethodOptions {
			protected.ServeHTTP(w, r)
			return
		}
		o := s.owner(r)
		if o == "" {
			w.Header().Set("WWW-Authenticate", `Bearer realm="yiye"`)
			s.writeErr(w, errUnauthorized)
			return
		}
		protected.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), ctxOwner, o)))
	})
}

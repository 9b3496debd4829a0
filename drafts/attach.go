package drafts

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gabriel-vasile/mimetype"

	"github.com/naiman-yiye/yiye/internal/robustio"
	"github.com/naiman-yiye/yiye/usererr"
)

// File types a material may accept (catalog Material.FileTypes values).
const (
	TypePDF  = "pdf"
	TypeJPEG = "jpeg"
	TypePNG  = "png"
)

// MaxImageSide is the longest side, in pixels, photos are scaled down to.
const MaxImageSide = 2000

// maxSourcePixels guards against decompression bombs (a small PNG that
// decodes to gigabytes).
const maxSourcePixels = 50_000_000

// maxSourceImageBytes is the largest photo accepted before re-encoding;
// phone photos are large but shrink well below the material's limit.
const maxSourceImageBytes = 40 << 20

// Limits are a material's file rules.
type Limits struct {
	Types    []string // accepted types: TypePDF, TypeJPEG, TypePNG
	MaxBytes int64    // largest stored file
}

// DefaultLimits accepts PDF, JPEG and PNG up to 10 MB.
func DefaultLimits() Limits {
	return Limits{Types: []string{TypePDF, TypeJPEG, TypePNG}, MaxBytes: 10 << 20}
}

// LimitsFor turns a catalog material's file types and size limit (MB) into
// Limits; empty or zero values fall back to DefaultLimits.
func LimitsFor(fileTypes []string, maxMB int) Limits {
	l := DefaultLimits()
	if len(fileTypes) > 0 {
		l.Types = nil
		for _, t := range fileTypes {
			t = strings.ToLower(strings.TrimSpace(t))
			if t == "jpg" {
				t = TypeJPEG
			}
			l.Types = append(l.Types, t)
		}
	}
	if maxMB > 0 {
		l.MaxBytes = int64(maxMB) << 20
	}
	return l
}

// typeName is how people call a file type: PDF, JPG, PNG.
func typeName(t string) string {
	if t == TypeJPEG {
		return "JPG"
	}
	return strings.ToUpper(t)
}

func typeNames(types []string) string {
	var n []string
	for _, t := range types {
		n = append(n, typeName(t))
	}
	return strings.Join(n, "、")
}

func typeNamesEN(types []string) string {
	var n []string
	for _, t := range types {
		n = append(n, typeName(t))
	}
	return strings.Join(n, ", ")
}

func fmtMB(n int64) string {
	return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64)
}

// AddAttachment adds the file at srcPath to materialID's slot of a draft,
// with the limits the store has for that material (see SetLimits).
func (s *Store) AddAttachment(ctx context.Context, draftID, materialID, srcPath string) (Attachment, error) {
	return s.AddAttachmentWithLimits(ctx, draftID, materialID, srcPath, s.limitsFor(materialID))
}

// AddAttachmentWithLimits checks the file's real type (by content, never by
// extension) and size, re-encodes photos as JPEG no larger than
// MaxImageSide (upright per EXIF), copies the result under the draft's
// folder and records it. A refused file changes nothing. Adding the same
// content twice to a slot returns the existing attachment.
func (s *Store) AddAttachmentWithLimits(ctx context.Context, draftID, materialID, srcPath string, lim Limits) (Attachment, error) {
	d, err := s.Get(ctx, draftID)
	if err != nil {
		return Attachment{}, err
	}
	if d.Status.State != StateDraft {
		return Attachment{}, errNotEditable
	}
	name := filepath.Base(srcPath)
	out, err := prepareFile(srcPath, lim)
	if err != nil {
		return Attachment{}, err
	}
	sum := sha256.Sum256(out.data)
	a := Attachment{
		ID: newID(), DraftID: draftID, MaterialID: materialID, OriginalName: name,
		SHA256: hex.EncodeToString(sum[:]), Size: int64(len(out.data)), MIME: out.mime,
		Pages: out.pages, Width: out.width, Height: out.height, AddedAt: time.Now(),
	}
	for _, old := range d.AttachmentsFor(materialID) {
		if old.SHA256 == a.SHA256 {
			return old, nil
		}
	}
	rel := path.Join(draftID, safeName(materialID)+"-"+a.SHA256[:16]+out.ext)
	a.Path = filepath.Join(s.dir, filepath.FromSlash(rel))
	if err := writeAtomic(a.Path, out.data); err != nil {
		return Attachment{}, usererr.New("drafts.attach.write", "保存文件失败，请检查磁盘空间后重试",
			"Could not store the file; check free disk space and try again").Wrap(err)
	}
	err = s.updateEditable(ctx, draftID, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO drafts_attachments (id, draft_id, material_id, rel_path,
			original_name, sha256, size, mime, pages, width, height, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			a.ID, draftID, materialID, rel, name, a.SHA256, a.Size, a.MIME, a.Pages, a.Width, a.Height, a.AddedAt.UnixNano())
		return err
	})
	if err != nil {
		s.removeIfUnused(ctx, rel, a.Path)
		return Attachment{}, err
	}
	return a, nil
}

var errNotEditable = usererr.New("drafts.not_editable", "申请已提交或正在提交，不能再修改",
	"This application has been submitted or is being submitted and can no longer be changed")

// RemoveAttachment removes one file from a draft.
func (s *Store) RemoveAttachment(ctx context.Context, draftID, attachmentID string) error {
	var rel string
	err := s.updateEditable(ctx, draftID, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT rel_path FROM drafts_attachments WHERE id = ? AND draft_id = ?`,
			attachmentID, draftID).Scan(&rel)
		if errors.Is(err, sql.ErrNoRows) {
			return usererr.New("drafts.attach.not_found", "找不到这个附件", "No such attachment")
		}
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM drafts_attachments WHERE id = ?`, attachmentID)
		return err
	})
	if err != nil {
		return err
	}
	s.removeIfUnused(ctx, rel, filepath.Join(s.dir, filepath.FromSlash(rel)))
	return nil
}

// removeIfUnused deletes a stored file no attachment row points to (the
// same content may be attached to two slots of one draft).
func (s *Store) removeIfUnused(ctx context.Context, rel, abs string) {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM drafts_attachments WHERE rel_path = ?`, rel).Scan(&n); err == nil && n == 0 {
		os.Remove(abs)
	}
}

var unsafeChars = regexp.MustCompile(`[^A-Za-z0-9_.-]`)

func safeName(s string) string {
	s = unsafeChars.ReplaceAllString(s, "_")
	if s == "" || s[0] == '.' {
		s = "m" + s
	}
	if len(s) > 60 {
		s = s[:60]
	}
	return s
}

// writeAtomic writes data to a temporary file beside dst, syncs it and
// renames it into place, so a crash never leaves half a file under dst.
// A dst that already holds data is left alone: stored files are named by
// their content's hash, and on Windows a copy that another handle holds
// open (an upload reading it) could not be replaced.
func writeAtomic(dst string, data []byte) error {
	if sameContent(dst, data) {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(dst), ".incoming-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = robustio.Rename(tmp, dst)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}

// sameContent reports whether the regular file at p holds exactly data.
func sameContent(p string, data []byte) bool {
	st, err := os.Lstat(p)
	if err != nil || !st.Mode().IsRegular() || st.Size() != int64(len(data)) {
		return false
	}
	old, err := os.ReadFile(p)
	return err == nil && bytes.Equal(old, data)
}

type prepared struct {
	data          []byte
	mime, ext     string
	pages         int
	width, height int
}

// prepareFile reads, sniffs and checks a file; photos are re-encoded.
func prepareFile(srcPath string, lim Limits) (*prepared, error) {
	f, err := os.Open(srcPath)
	if err != nil {
		return nil, usererr.New("drafts.attach.open", "无法打开所选文件", "Cannot open the chosen file").Wrap(err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		return nil, usererr.New("drafts.attach.open", "所选的不是普通文件", "The chosen item is not a regular file")
	}
	if st.Size() == 0 {
		return nil, usererr.New("drafts.attach.empty", "文件是空的（0 字节）", "The file is empty")
	}
	limit := lim.MaxBytes
	if limit <= 0 {
		limit = DefaultLimits().MaxBytes
	}
	readCap := max(limit, maxSourceImageBytes)
	if st.Size() > readCap {
		return nil, tooBig(st.Size(), limit)
	}
	data, err := io.ReadAll(io.LimitReader(f, readCap+1))
	if err != nil {
		return nil, usererr.New("drafts.attach.read", "读取文件失败", "Could not read the file").Wrap(err)
	}
	mt := mimetype.Detect(data)
	var kind string
	switch {
	case mt.Is("application/pdf"):
		kind = TypePDF
	case mt.Is("image/jpeg"):
		kind = TypeJPEG
	case mt.Is("image/png"):
		kind = TypePNG
	}
	if kind == "" || !slices.Contains(lim.Types, kind) {
		return nil, wrongType(mt, kind, lim.Types)
	}
	if kind == TypePDF {
		if int64(len(data)) > limit {
			return nil, tooBig(int64(len(data)), limit)
		}
		pages, err := checkPDF(data)
		if err != nil {
			return nil, err
		}
		return &prepared{data: data, mime: "application/pdf", ext: ".pdf", pages: pages}, nil
	}
	return prepareImage(data, kind, limit)
}

// wrongType says in plain words what the file is, what the material
// accepts and, for the usual mix-ups, what to do.
func wrongType(mt *mimetype.MIME, kind string, accepted []string) *usererr.Error {
	what, whatEN, hint, hintEN := "这不是 "+typeNames(accepted)+" 文件", "This is not a "+typeNamesEN(accepted)+" file", "", ""
	is := func(types ...string) bool {
		for _, t := range types {
			for m := mt; m != nil; m = m.Parent() {
				if m.Is(t) {
					return true
				}
			}
		}
		return false
	}
	switch {
	case kind == TypePDF:
		what, whatEN = "这是 PDF 文件", "This is a PDF file"
	case kind == TypeJPEG || kind == TypePNG:
		what, whatEN = "这是一张照片（"+typeName(kind)+"）", "This is a photo ("+typeName(kind)+")"
	case is("application/msword", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "application/vnd.ms-works"):
		what, whatEN = "这是 Word 文档", "This is a Word document"
		hint, hintEN = "请在 Word 里用“另存为”保存成 PDF 后再添加。", "In Word, use Save As to save it as PDF, then add that."
	case is("application/vnd.ms-excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"):
		what, whatEN = "这是 Excel 表格", "This is an Excel spreadsheet"
		hint, hintEN = "请在 Excel 里用“另存为”保存成 PDF 后再添加。", "In Excel, use Save As to save it as PDF, then add that."
	case is("image/heic", "image/heif"):
		what, whatEN = "这是苹果手机的 HEIC 照片", "This is an iPhone HEIC photo"
		hint, hintEN = "请把照片转成 JPG（或在手机相机设置里选“兼容性最佳”后重拍）。", "Convert it to JPG (or set the phone camera to Most Compatible and take it again)."
	case is("image/gif", "image/bmp", "image/webp", "image/tiff"):
		what, whatEN = "这是 "+strings.ToUpper(strings.TrimPrefix(mt.Extension(), "."))+" 格式的图片", "This is a "+strings.ToUpper(strings.TrimPrefix(mt.Extension(), "."))+" image"
		hint, hintEN = "请另存为 JPG 或 PNG 后再添加。", "Save it as JPG or PNG, then add that."
	case is("application/zip", "application/x-rar-compressed", "application/x-7z-compressed"):
		what, whatEN = "这是压缩包", "This is a compressed archive"
		hint, hintEN = "请先解压，再逐份添加里面的材料。", "Unpack it first and add the documents one by one."
	case is("text/plain"):
		what, whatEN = "这是纯文本文件", "This is a plain text file"
	}
	zh := fmt.Sprintf("%s，此材料只接受 %s 文件。%s", what, typeNames(accepted), hint)
	en := fmt.Sprintf("%s; this material accepts %s files only. %s", whatEN, typeNamesEN(accepted), hintEN)
	return usererr.New("drafts.attach.type", strings.TrimSpace(zh), strings.TrimSpace(en))
}

func tooBig(size, limit int64) *usererr.Error {
	return usererr.Newf("drafts.attach.too_big", "文件大小 %s MB，超过此材料的上限 %s MB",
		"The file is %s MB, above this material's limit of %s MB", fmtMB(size), fmtMB(limit))
}

func corrupt(kind string) *usererr.Error {
	return usererr.Newf("drafts.attach.corrupt", "%s 文件已损坏或不完整，无法打开，请重新扫描或拍照",
		"The %s file is damaged or incomplete; please scan or photograph it again", strings.ToUpper(kind))
}

// prepareImage decodes the whole image (so truncated files are caught),
// turns it upright, scales it to MaxImageSide, and re-encodes it as JPEG,
// which also drops EXIF data such as the location.
func prepareImage(data []byte, kind string, limit int64) (*prepared, error) {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, corrupt(kind)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || int64(cfg.Width)*int64(cfg.Height) > maxSourcePixels {
		return nil, usererr.Newf("drafts.attach.pixels", "图片尺寸 %d×%d 过大", "The image (%d×%d) is too large",
			cfg.Width, cfg.Height)
	}
	var img image.Image
	if kind == TypeJPEG {
		img, err = jpeg.Decode(bytes.NewReader(data))
	} else {
		img, err = png.Decode(bytes.NewReader(data))
	}
	if err != nil {
		return nil, corrupt(kind)
	}
	orient := 1
	if kind == TypeJPEG {
		orient = exifOrientation(data)
	}
	img = scaleAndOrient(img, orient)
	b := img.Bounds()
	for _, q := range []int{85, 70, 55} {
		var buf bytes.Buffer
		if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: q}); err != nil {
			return nil, err
		}
		if int64(buf.Len()) <= limit {
			return &prepared{data: buf.Bytes(), mime: "image/jpeg", ext: ".jpg", width: b.Dx(), height: b.Dy()}, nil
		}
	}
	return nil, usererr.Newf("drafts.attach.too_big", "图片压缩后仍超过此材料的上限 %s MB",
		"Even compressed, the image is above this material's limit of %s MB", fmtMB(limit))
}

// decodes reports whether an image decodes completely (within the pixel cap).
func decodes(data []byte) error {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return err
	}
	if int64(cfg.Width)*int64(cfg.Height) > maxSourcePixels {
		return errors.New("too many pixels")
	}
	_, _, err = image.Decode(bytes.NewReader(data))
	return err
}

// scaleAndOrient returns img scaled so its longest side is at most
// MaxImageSide, on a white background, rotated or flipped upright per the
// EXIF orientation (1–8).
func scaleAndOrient(img image.Image, orient int) image.Image {
	dst := shrink(img, MaxImageSide)
	if orient < 2 || orient > 8 {
		return dst
	}
	w, h := dst.Rect.Dx(), dst.Rect.Dy()
	ow, oh := w, h
	if orient >= 5 {
		ow, oh = h, w
	}
	out := image.NewRGBA(image.Rect(0, 0, ow, oh))
	for y := 0; y < oh; y++ {
		for x := 0; x < ow; x++ {
			sx, sy := orientSource(orient, x, y, w, h)
			i := dst.PixOffset(sx, sy)
			j := out.PixOffset(x, y)
			copy(out.Pix[j:j+4], dst.Pix[i:i+4])
		}
	}
	return out
}

// orientSource maps a pixel (x, y) of the upright image to the stored
// image of size w×h for EXIF orientation o.
func orientSource(o, x, y, w, h int) (int, int) {
	switch o {
	case 2: // mirrored horizontally
		return w - 1 - x, y
	case 3: // rotated 180°
		return w - 1 - x, h - 1 - y
	case 4: // mirrored vertically
		return x, h - 1 - y
	case 5: // transposed
		return y, x
	case 6: // stored rotated 90° counter-clockwise: turn clockwise
		return y, h - 1 - x
	case 7: // transversed
		return w - 1 - y, h - 1 - x
	case 8: // stored rotated 90° clockwise: turn counter-clockwise
		return w - 1 - y, x
	}
	return x, y
}

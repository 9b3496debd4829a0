package drafts

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/naiman-yiye/yiye/usererr"
)

// minimalPDF builds a valid one-page PDF with a correct xref table.
func minimalPDF(pages int) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	var offs []int
	obj := func(s string) {
		offs = append(offs, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", len(offs), s)
	}
	kids := ""
	for i := 0; i < pages; i++ {
		kids += fmt.Sprintf("%d 0 R ", 3+i)
	}
	obj("<< /Type /Catalog /Pages 2 0 R >>")
	obj(fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", kids, pages))
	for i := 0; i < pages; i++ {
		obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>")
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(offs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offs)+1, xref)
	return b.Bytes()
}

// testImage is w×h with a red top-left quadrant, so orientation shows.
func testImage(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			i := img.PixOffset(x, y)
			if x < w/2 && y < h/2 {
				copy(img.Pix[i:i+4], []byte{255, 0, 0, 255})
			} else {
				copy(img.Pix[i:i+4], []byte{0, 0, 255, 255})
			}
		}
	}
	return img
}

func encodePNG(t testing.TB, img image.Image) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func encodeJPEG(t testing.TB, img image.Image) []byte {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// withOrientation inserts an EXIF APP1 segment with the orientation tag.
func withOrientation(jpg []byte, o uint16, order binary.ByteOrder) []byte {
	var t bytes.Buffer
	if order == binary.LittleEndian {
		t.WriteString("II")
	} else {
		t.WriteString("MM")
	}
	binary.Write(&t, order, uint16(42))
	binary.Write(&t, order, uint32(8))
	binary.Write(&t, order, uint16(1))      // one entry
	binary.Write(&t, order, uint16(0x0112)) // Orientation
	binary.Write(&t, order, uint16(3))      // SHORT
	binary.Write(&t, order, uint32(1))
	binary.Write(&t, order, o)
	binary.Write(&t, order, uint16(0))
	binary.Write(&t, order, uint32(0)) // no next IFD
	seg := append([]byte("Exif\x00\x00"), t.Bytes()...)
	var out bytes.Buffer
	out.Write(jpg[:2])
	out.Write([]byte{0xFF, 0xE1})
	binary.Write(&out, binary.BigEndian, uint16(len(seg)+2))
	out.Write(seg)
	out.Write(jpg[2:])
	return out.Bytes()
}

func writeFile(t testing.TB, dir, name string, data []byte) string {
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func errCode(err error) string {
	var ue *usererr.Error
	if errors.As(err, &ue) {
		return ue.Code
	}
	if err != nil {
		return "not-usererr: " + err.Error()
	}
	return ""
}

func TestAddAttachmentAcceptsRealFiles(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, done := openStore(t, dir)
	defer done()
	d, _ := s.Create(ctx, New{Items: []string{"TZHY"}})
	src := t.TempDir()

	pdf := minimalPDF(2)
	a, err := s.AddAttachment(ctx, d.ID, "floor_plan", writeFile(t, src, "平面图.pdf", pdf))
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(pdf)
	if a.MIME != "application/pdf" || a.Pages != 2 || a.Size != int64(len(pdf)) || a.SHA256 != hex.EncodeToString(sum[:]) ||
		a.OriginalName != "平面图.pdf" {
		t.Errorf("pdf attachment %+v", a)
	}
	if got, err := os.ReadFile(a.Path); err != nil || !bytes.Equal(got, pdf) {
		t.Errorf("stored pdf differs: %v", err)
	}
	if !strings.HasPrefix(a.Path, filepath.Join(dir, "attachments", d.ID)) {
		t.Errorf("stored at %s", a.Path)
	}

	// A PNG named .pdf is judged by its content and re-encoded as JPEG.
	p, err := s.AddAttachment(ctx, d.ID, "floor_plan", writeFile(t, src, "misnamed.pdf", encodePNG(t, testImage(300, 200))))
	if err != nil {
		t.Fatal(err)
	}
	if p.MIME != "image/jpeg" || p.Width != 300 || p.Height != 200 {
		t.Errorf("png attachment %+v", p)
	}
	stored, err := os.ReadFile(p.Path)
	if err != nil {
		t.Fatal(err)
	}
	if img, err := jpeg.Decode(bytes.NewReader(stored)); err != nil || img.Bounds().Dx() != 300 {
		t.Errorf("stored image does not decode as JPEG: %v", err)
	}

	// The same content again is not stored twice.
	again, err := s.AddAttachment(ctx, d.ID, "floor_plan", writeFile(t, src, "copy.pdf", pdf))
	if err != nil || again.ID != a.ID {
		t.Errorf("duplicate: %+v, %v", again, err)
	}
	g, _ := s.Get(ctx, d.ID)
	if len(g.AttachmentsFor("floor_plan")) != 2 {
		t.Errorf("slot has %d files", len(g.AttachmentsFor("floor_plan")))
	}
	if err := s.RemoveAttachment(ctx, d.ID, a.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(a.Path); !os.IsNotExist(err) {
		t.Errorf("removed file still there: %v", err)
	}
	if err := s.RemoveAttachment(ctx, d.ID, a.ID); errCode(err) != "drafts.attach.not_found" {
		t.Errorf("second remove: %v", err)
	}
	// Deleting the draft removes its folder.
	if err := s.Delete(ctx, d.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "attachments", d.ID)); !os.IsNotExist(err) {
		t.Errorf("draft folder left behind: %v", err)
	}
}

func TestPhotosAreScaledAndTurnedUpright(t *testing.T) {
	ctx := context.Background()
	s, done := openStore(t, t.TempDir())
	defer done()
	d, _ := s.Create(ctx, New{})
	src := t.TempDir()

	big := encodeJPEG(t, testImage(2400, 1200))
	a, err := s.AddAttachment(ctx, d.ID, "photo", writeFile(t, src, "big.jpg", big))
	if err != nil {
		t.Fatal(err)
	}
	if a.Width != 2000 || a.Height != 1000 {
		t.Errorf("scaled to %dx%d, want 2000x1000", a.Width, a.Height)
	}

	// Stored sideways (orientation 6: turn clockwise to view). The red
	// corner at top-left of the stored image ends up top-right.
	for _, order := range []binary.ByteOrder{binary.LittleEndian, binary.BigEndian} {
		raw := withOrientation(encodeJPEG(t, testImage(400, 200)), 6, order)
		if o := exifOrientation(raw); o != 6 {
			t.Fatalf("exifOrientation = %d", o)
		}
		r, err := s.AddAttachment(ctx, d.ID, "photo", writeFile(t, src, fmt.Sprintf("side-%v.jpg", order), raw))
		if err != nil {
			t.Fatal(err)
		}
		if r.Width != 200 || r.Height != 400 {
			t.Errorf("rotated size %dx%d, want 200x400", r.Width, r.Height)
		}
		data, _ := os.ReadFile(r.Path)
		img, err := jpeg.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		isRed := func(x, y int) bool {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			return cr > 0xb000 && cg < 0x5000 && cb < 0x5000
		}
		if !isRed(190, 10) || isRed(10, 10) || isRed(190, 390) {
			t.Errorf("orientation not applied (%v)", order)
		}
		if exifOrientation(data) != 1 {
			t.Error("EXIF kept in the re-encoded photo")
		}
	}
}

func TestOrientSourceIsAPermutation(t *testing.T) {
	const w, h = 3, 2
	for o := 1; o <= 8; o++ {
		ow, oh := w, h
		if o >= 5 {
			ow, oh = h, w
		}
		seen := map[[2]int]bool{}
		for y := 0; y < oh; y++ {
			for x := 0; x < ow; x++ {
				sx, sy := orientSource(o, x, y, w, h)
				if sx < 0 || sx >= w || sy < 0 || sy >= h || seen[[2]int{sx, sy}] {
					t.Fatalf("orientation %d: (%d,%d) → (%d,%d)", o, x, y, sx, sy)
				}
				seen[[2]int{sx, sy}] = true
			}
		}
	}
}

func TestAddAttachmentRefusesBadFiles(t *testing.T) {
	ctx := context.Background()
	s, done := openStore(t, t.TempDir())
	defer done()
	d, _ := s.Create(ctx, New{})
	src := t.TempDir()
	good, err := s.AddAttachment(ctx, d.ID, "floor_plan", writeFile(t, src, "good.pdf", minimalPDF(1)))
	if err != nil {
		t.Fatal(err)
	}
	jpg := encodeJPEG(t, testImage(600, 400))
	pngData := encodePNG(t, testImage(600, 400))
	pdf := minimalPDF(1)
	zip := append([]byte("PK\x03\x04"), make([]byte, 100)...)
	tests := []struct {
		name string
		data []byte
		lim  Limits
		code string
	}{
		{"truncated.jpg", jpg[:len(jpg)/2], DefaultLimits(), "drafts.attach.corrupt"},
		{"truncated.png", pngData[:len(pngData)/2], DefaultLimits(), "drafts.attach.corrupt"},
		{"fake.pdf", []byte("%PDF-1.4\nthis is not really a pdf\n"), DefaultLimits(), "drafts.attach.corrupt"},
		{"truncated.pdf", pdf[:len(pdf)-40], DefaultLimits(), "drafts.attach.corrupt"},
		{"bad-xref.pdf", bytes.Replace(pdf, []byte("startxref\n"), []byte("startxref\n9"), 1), DefaultLimits(), "drafts.attach.corrupt"},
		{"text.pdf", []byte("就是一段文字，不是 PDF"), DefaultLimits(), "drafts.attach.type"},
		{"far-xref.pdf", append(bytes.Replace(pdf, []byte("startxref\n"), []byte("startxref\n1"), 1), bytes.Repeat([]byte(" "), 0)...), DefaultLimits(), "drafts.attach.corrupt"},
		{"archive.pdf", zip, DefaultLimits(), "drafts.attach.type"},
		{"empty.pdf", nil, DefaultLimits(), "drafts.attach.empty"},
		{"photo.jpg", jpg, Limits{Types: []string{TypePDF}, MaxBytes: 1 << 20}, "drafts.attach.type"},
		{"large.pdf", append(bytes.Repeat([]byte(" "), 0), pdf...), Limits{Types: []string{TypePDF}, MaxBytes: 100}, "drafts.attach.too_big"},
	}
	for _, tc := range tests {
		_, err := s.AddAttachmentWithLimits(ctx, d.ID, "floor_plan", writeFile(t, src, tc.name, tc.data), tc.lim)
		if errCode(err) != tc.code {
			t.Errorf("%s: %v (%s), want %s", tc.name, err, errCode(err), tc.code)
			continue
		}
		var ue *usererr.Error
		errors.As(err, &ue)
		if ue.ZH == "" || ue.EN == "" {
			t.Errorf("%s: message missing", tc.name)
		}
	}
	if _, err := s.AddAttachment(ctx, d.ID, "floor_plan", filepath.Join(src, "missing.pdf")); errCode(err) != "drafts.attach.open" {
		t.Errorf("missing file: %v", err)
	}
	if _, err := s.AddAttachment(ctx, d.ID, "floor_plan", src); errCode(err) != "drafts.attach.open" {
		t.Errorf("directory: %v", err)
	}
	// Nothing else changed: the good file is still the only one, intact,
	// and no stray files were left in the draft's folder.
	g, _ := s.Get(ctx, d.ID)
	if len(g.Attachments) != 1 || g.Attachments[0].ID != good.ID {
		t.Errorf("attachments after refusals: %+v", g.Attachments)
	}
	entries, _ := os.ReadDir(filepath.Dir(good.Path))
	if len(entries) != 1 {
		t.Errorf("%d files in the draft folder", len(entries))
	}
	if data, _ := os.ReadFile(good.Path); !bytes.Equal(data, pdf) {
		t.Error("good file changed")
	}
	// A submitted draft takes no more files.
	s.SetStatus(ctx, d.ID, Status{State: StateQueued})
	if _, err := s.AddAttachment(ctx, d.ID, "floor_plan", writeFile(t, src, "late.pdf", minimalPDF(3))); errCode(err) != "drafts.not_editable" {
		t.Errorf("queued draft: %v", err)
	}
	if err := s.RemoveAttachment(ctx, d.ID, good.ID); errCode(err) != "drafts.not_editable" {
		t.Errorf("remove from queued draft: %v", err)
	}
}

func TestStoreLimits(t *testing.T) {
	ctx := context.Background()
	s, done := openStore(t, t.TempDir())
	defer done()
	d, _ := s.Create(ctx, New{})
	s.SetLimits(func(id string) (Limits, bool) {
		if id == "pdf_only" {
			return LimitsFor([]string{"PDF"}, 5), true
		}
		return Limits{}, false
	})
	p := writeFile(t, t.TempDir(), "a.png", encodePNG(t, testImage(10, 10)))
	if _, err := s.AddAttachment(ctx, d.ID, "pdf_only", p); errCode(err) != "drafts.attach.type" {
		t.Errorf("pdf_only took a PNG: %v", err)
	}
	if _, err := s.AddAttachment(ctx, d.ID, "other", p); err != nil {
		t.Errorf("default limits refused a PNG: %v", err)
	}
	if l := LimitsFor([]string{"jpg", "png"}, 0); l.MaxBytes != DefaultLimits().MaxBytes || l.Types[0] != TypeJPEG {
		t.Errorf("LimitsFor = %+v", l)
	}
}

// BenchmarkPreparePhoto measures a 12-megapixel phone photo: decode,
// scale to 2000 px, re-encode.
func BenchmarkPreparePhoto(b *testing.B) {
	p := writeFile(b, b.TempDir(), "photo.jpg", encodeJPEG(b, testImage(4000, 3000)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := prepareFile(p, DefaultLimits()); err != nil {
			b.Fatal(err)
		}
	}
}

// Go's own test images are real camera-style files (progressive, CMYK,
// grey, restart markers): all accepted; a progressive one cut off between
// scans is refused.
func TestRealJPEGsAndTruncatedProgressive(t *testing.T) {
	goroot, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		t.Skip("no go command to find GOROOT's test images")
	}
	td := filepath.Join(strings.TrimSpace(string(goroot)), "src", "image", "testdata")
	if _, err := os.Stat(td); err != nil {
		t.Skip("no GOROOT test images")
	}
	for _, name := range []string{"video-001.progressive.jpeg", "video-001.cmyk.jpeg", "video-005.gray.q50.2x2.progressive.jpeg",
		"video-001.restart2.jpeg", "video-001.q50.411.progressive.jpeg", "video-001.interlaced.gif"} {
		_, err := prepareFile(filepath.Join(td, name), DefaultLimits())
		want := ""
		if strings.HasSuffix(name, ".gif") {
			want = "drafts.attach.type"
		}
		if errCode(err) != want {
			t.Errorf("%s: %v", name, err)
		}
	}
	prog, err := os.ReadFile(filepath.Join(td, "video-001.progressive.jpeg"))
	if err != nil {
		t.Fatal(err)
	}
	// Cut right before the last scan: Go returns the image decoded so far.
	cut := prog[:bytes.LastIndex(prog, []byte{0xFF, 0xDA})]
	_, err = prepareFile(writeFile(t, t.TempDir(), "cut.jpg", cut), DefaultLimits())
	if errCode(err) != "drafts.attach.corrupt" {
		t.Errorf("cut-off progressive JPEG: %v", err)
	}
}

// Readers open PDFs with a little junk before the header or a slightly
// wrong startxref offset; so do we.
func TestCheckPDFTolerance(t *testing.T) {
	pdf := minimalPDF(3)
	if n, err := checkPDF(pdf); err != nil || n != 3 {
		t.Fatalf("minimal PDF: %d, %v", n, err)
	}
	if _, err := checkPDF(append([]byte("\xef\xbb\xbf\n"), pdf...)); err != nil {
		t.Errorf("BOM before the header: %v", err)
	}
	i := bytes.LastIndex(pdf, []byte("startxref\n")) + len("startxref\n")
	j := bytes.IndexByte(pdf[i:], '\n') + i
	off, _ := strconv.Atoi(string(pdf[i:j]))
	shifted := append(append(bytes.Clone(pdf[:i]), strconv.Itoa(off-7)...), pdf[j:]...)
	if _, err := checkPDF(shifted); err != nil {
		t.Errorf("offset 7 bytes off: %v", err)
	}
	if _, err := checkPDF(append(bytes.Repeat([]byte("x"), 2000), pdf...)); err == nil {
		t.Error("header after 2000 bytes of junk accepted")
	}
}

func FuzzCheckPDF(f *testing.F) {
	f.Add(minimalPDF(1))
	f.Add([]byte("%PDF-1.7\nstartxref\n5\n%%EOF"))
	f.Add([]byte("%PDF-"))
	f.Fuzz(func(t *testing.T, data []byte) {
		n, err := checkPDF(data)
		if err == nil && (n < 0 || !bytes.HasPrefix(data, []byte("%PDF-"))) {
			t.Fatalf("accepted %q with %d pages", data, n)
		}
	})
}

func FuzzExifOrientation(f *testing.F) {
	f.Add(withOrientation([]byte{0xFF, 0xD8, 0xFF, 0xD9}, 6, binary.LittleEndian))
	f.Add(withOrientation([]byte{0xFF, 0xD8, 0xFF, 0xD9}, 3, binary.BigEndian))
	f.Add([]byte{0xFF, 0xD8})
	f.Fuzz(func(t *testing.T, data []byte) {
		if o := exifOrientation(data); o < 1 || o > 8 {
			t.Fatalf("orientation %d", o)
		}
	})
}

// FuzzPrepareFile feeds arbitrary bytes through sniffing and decoding: a
// file is either refused with a user error or stored as a valid type.
func FuzzPrepareFile(f *testing.F) {
	f.Add(minimalPDF(1))
	f.Add(encodePNG(f, testImage(4, 4)))
	f.Add(encodeJPEG(f, testImage(4, 4)))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(dir, "in")
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		out, err := prepareFile(p, DefaultLimits())
		if err != nil {
			if errCode(err) == "" || strings.HasPrefix(errCode(err), "not-usererr") {
				t.Fatalf("not a user error: %v", err)
			}
			return
		}
		if out.mime != "application/pdf" && out.mime != "image/jpeg" {
			t.Fatalf("stored as %s", out.mime)
		}
	})
}

// TestWrongTypeInPlainWords: a refused file is described as people call it,
// with what the material takes and, for the usual mix-ups, what to do; no
// MIME types.
func TestWrongTypeInPlainWords(t *testing.T) {
	ctx := context.Background()
	s, done := openStore(t, t.TempDir())
	defer done()
	d, _ := s.Create(ctx, New{Title: "t"})
	src := t.TempDir()
	var zipBuf bytes.Buffer
	zw := zip.NewWriter(&zipBuf)
	fw, _ := zw.Create("a.txt")
	fw.Write([]byte("x"))
	zw.Close()
	pdfOnly := Limits{Types: []string{TypePDF}, MaxBytes: 1 << 20}
	for _, tc := range []struct {
		name string
		data []byte
		lim  Limits
		want []string
	}{
		{"营业执照.txt", []byte("就是一段文字，不是 PDF"), DefaultLimits(), []string{"这是纯文本文件", "只接受 PDF、JPG、PNG 文件"}},
		{"申请书.docx", docx(t), pdfOnly, []string{"这是 Word 文档", "另存为", "PDF"}},
		{"材料.zip", zipBuf.Bytes(), DefaultLimits(), []string{"这是压缩包", "解压"}},
		{"照片.jpg", encodeJPEG(t, testImage(20, 20)), pdfOnly, []string{"这是一张照片（JPG）", "只接受 PDF 文件"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.AddAttachmentWithLimits(ctx, d.ID, "m", writeFile(t, src, tc.name, tc.data), tc.lim)
			var ue *usererr.Error
			if !errors.As(err, &ue) || ue.Code != "drafts.attach.type" {
				t.Fatalf("err %v", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(ue.ZH, w) {
					t.Errorf("%q lacks %q", ue.ZH, w)
				}
			}
			if strings.Contains(ue.ZH, "/") || strings.Contains(ue.EN, "application/") || strings.Contains(ue.EN, "text/") {
				t.Errorf("MIME type in the message: %q / %q", ue.ZH, ue.EN)
			}
		})
	}
}

// docx is a minimal Word document (the parts mimetype recognises).
func docx(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, part := range [][2]string{
		{"[Content_Types].xml", `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"></Types>`},
		{"word/document.xml", `<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"></w:document>`},
	} {
		name, body := part[0], part[1]
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
	}
	zw.Close()
	return b.Bytes()
}

// TestReaddWhileTheOldCopyIsOpen: an upload still reading a removed
// attachment's file keeps it open. On Windows that file can be neither
// deleted nor replaced until the upload lets go; adding the same file
// again must still work, and so must deleting the draft once it does.
func TestReaddWhileTheOldCopyIsOpen(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, done := openStore(t, dir)
	defer done()
	d, _ := s.Create(ctx, New{Items: []string{"TZHY"}})
	pdf := minimalPDF(1)
	src := writeFile(t, t.TempDir(), "营业执照.pdf", pdf)
	a, err := s.AddAttachment(ctx, d.ID, "floor_plan", src)
	if err != nil {
		t.Fatal(err)
	}
	upload, err := os.Open(a.Path)
	if err != nil {
		t.Fatal(err)
	}
	defer upload.Close()
	if err := s.RemoveAttachment(ctx, d.ID, a.ID); err != nil {
		t.Fatal(err)
	}
	b, err := s.AddAttachment(ctx, d.ID, "floor_plan", src)
	if err != nil {
		t.Fatalf("re-adding while the old copy is open: %v", err)
	}
	if got, err := os.ReadFile(b.Path); err != nil || !bytes.Equal(got, pdf) {
		t.Fatalf("stored copy differs: %v", err)
	}
	// The upload finishes a moment after the applicant deletes the draft.
	time.AfterFunc(200*time.Millisecond, func() { upload.Close() })
	if err := s.Delete(ctx, d.ID); err != nil {
		t.Fatalf("deleting the draft while its file is briefly open: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "attachments", d.ID)); !os.IsNotExist(err) {
		t.Errorf("draft folder left behind: %v", err)
	}
}

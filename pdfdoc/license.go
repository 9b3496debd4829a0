package pdfdoc

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/naiman-yiye/yiye/license"
	qrcode "github.com/skip2/go-qrcode"
)

// QRCode draws payload as a QR code (ECC level M, with its quiet zone) of
// side size points at (x, y). Modules are vector squares, so the code stays
// sharp at any print or render resolution.
func (d *Doc) QRCode(payload string, x, y, size float64) {
	if d.err != nil {
		return
	}
	q, err := qrcode.New(payload, qrcode.Medium)
	if err != nil {
		d.fail(fmt.Errorf("pdfdoc: QR code: %w", err))
		return
	}
	bm := q.Bitmap()
	n := len(bm)
	if n == 0 {
		return
	}
	m := size / float64(n)
	d.pdf.SetFillColor(0xff, 0xff, 0xff)
	d.pdf.RectFromUpperLeftWithStyle(x, y, size, size, "F")
	d.pdf.SetFillColor(0, 0, 0)
	for r, row := range bm {
		for c := 0; c < n; {
			if !row[c] {
				c++
				continue
			}
			start := c
			for c < n && row[c] {
				c++
			}
			// A hair of overlap avoids hairline seams between modules.
			d.pdf.RectFromUpperLeftWithStyle(x+float64(start)*m, y+float64(r)*m, float64(c-start)*m+0.05, m+0.05, "F")
		}
	}
}

// licenseNote states what the certificate is (catalog-facts §13, checked
// against the Shanghai Putuo policy reading).
const licenseNote = "本证集成上列单项行政许可信息。证上内容以二维码加载的行政许可信息为准，" +
	"加载信息与相应单项许可证具有同等证明力。本证不取消、不改变各单项许可的实施主体、法律效力和法律关系。" +
	"扫描二维码可核验本证并查看各单项许可的实时状态。"

// WriteLicense prints the comprehensive industry license (行业综合许可证)
// as a certificate: number, holder facts, the integrated items with their
// certificate numbers, departments and known validity, items not licensed, the
// issuer and date, and the signed QR payload (license.Sign) large enough to
// scan from paper (about 4.5 cm).
func WriteLicense(w io.Writer, lic license.License, payload string) error {
	if err := lic.Validate(); err != nil {
		return fmt.Errorf("pdfdoc: %w", err)
	}
	if strings.TrimSpace(payload) == "" {
		return fmt.Errorf("pdfdoc: license %s has no QR payload", lic.Number)
	}
	d, err := New(Options{Title: "行业综合许可证 " + lic.Number, Subject: lic.HolderName, Margin: 56, Created: parseDay(lic.IssuedOn)})
	if err != nil {
		return err
	}
	red := [3]uint8{0xb0, 0x1e, 0x23}
	// Frame.
	d.pdf.SetStrokeColor(red[0], red[1], red[2])
	d.pdf.SetLineWidth(2.2)
	d.pdf.RectFromUpperLeftWithStyle(28, 28, PageWidth-56, PageHeight-56, "D")
	d.pdf.SetLineWidth(0.6)
	d.pdf.RectFromUpperLeftWithStyle(34, 34, PageWidth-68, PageHeight-68, "D")

	d.y = 70
	d.Paragraph("行业综合许可证", Style{Size: 30, Bold: true, Align: Center, Color: red, After: 2})
	d.Paragraph("（一业一证）", Style{Size: 12, Align: Center, Color: red, After: 10})
	d.Paragraph("编号："+lic.Number, Style{Size: 11, Align: Right, After: 8})

	industry := lic.IndustryName
	if industry == "" {
		industry = lic.Industry
	}
	// Holder facts on the left, the QR code beside them on the right.
	const qr = 128.0 // points, about 4.5 cm
	top := d.y
	d.QRCode(payload, d.left()+d.ContentWidth()-qr, top, qr)
	d.text(d.left()+d.ContentWidth()-qr, top+qr+1, 13, "扫码核验 / 查看单项许可实时信息", 7.5, false, subColor)
	d.Table(Table{Columns: []Column{{Weight: 1.55}, {Weight: 3.1}}, Shade: true, Size: 10, Width: d.ContentWidth() - qr - 12, Rows: [][]string{
		{"名　　称", lic.HolderName},
		{"统一社会信用代码", lic.USCC},
		{"法定代表人（负责人）", lic.LegalRep},
		{"经营场所", lic.Address},
		{"行业类别", industry},
	}})
	d.y = max(d.y, top+qr+18)

	d.Heading(2, "许可项目")
	size := 9.0
	if len(lic.Items)+len(lic.Unlicensed) > 8 {
		size = 8.5
	}
	rows := make([][]string, len(lic.Items))
	for i, it := range lic.Items {
		name := it.Name
		if name == "" {
			name = license.ItemNames[it.Code]
		}
		rows[i] = []string{fmt.Sprint(i + 1), name, it.CertificateNo, it.Department, validUntilText(it.ValidUntil)}
	}
	d.Table(Table{Size: size, Rows: rows, Columns: []Column{{Header: "序号", Weight: 0.6, Align: Center},
		{Header: "许可事项", Weight: 2.3}, {Header: "证书编号", Weight: 1.8}, {Header: "发证部门", Weight: 2.2}, {Header: "有效期至", Weight: 1.5}}})
	if len(lic.Unlicensed) > 0 {
		d.Heading(2, "未予许可的申请事项")
		var ur [][]string
		for _, u := range lic.Unlicensed {
			name := u.Name
			if name == "" {
				name = license.ItemNames[u.Code]
			}
			ur = append(ur, []string{name, u.Reason})
		}
		d.Table(Table{Size: size, Rows: ur, Columns: []Column{{Header: "事项", Weight: 2.4}, {Header: "说明", Weight: 5.4}}})
	}
	d.Paragraph(licenseNote, Style{Size: 8.5, Color: subColor, After: 8})

	// Issuer and date at the bottom right (or right below if the page is full).
	st := Style{Size: 11}
	width := d.ContentWidth() * 0.62
	lines := Lines("发证机关："+lic.Issuer, width, st)
	lines = append(lines, Lines("发证日期："+chineseDate(lic.IssuedOn), width, st)...)
	h := float64(len(lines)+1) * 20
	d.ensure(h)
	y := max(d.y, d.bottom()-h)
	x := d.left() + d.ContentWidth() - width
	for _, l := range lines {
		d.text(x, y, 20, l, 11, false, [3]uint8{})
		y += 20
	}
	d.text(x, y, 20, "（盖章）", 10, false, subColor)
	d.y = y + 20
	d.opts.NoFooter = d.pages == 1
	_, err = d.WriteTo(w)
	return err
}

// validUntilText prints a known expiry as a Chinese date; an item without
// one (no fixed validity, or not known) points to its own certificate
// rather than showing a made-up date.
func validUntilText(s string) string {
	if s == "" {
		return "以单项证件为准"
	}
	return chineseDate(s)
}

// chineseDate writes YYYY-MM-DD as "YYYY 年 M 月 D 日"; other text passes.
func chineseDate(s string) string {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return s
	}
	return fmt.Sprintf("%d年%d月%d日", t.Year(), t.Month(), t.Day())
}

func parseDay(s string) time.Time {
	t, _ := time.Parse(time.DateOnly, s)
	return t
}

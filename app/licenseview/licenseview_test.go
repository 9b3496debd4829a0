package licenseview

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/naiman-yiye/yiye/app/services/servicestest"
	"github.com/naiman-yiye/yiye/app/shell"
	"github.com/naiman-yiye/yiye/license"
	"github.com/naiman-yiye/yiye/portal"
)

type recorder struct {
	mu   sync.Mutex
	errs []error
}

func record(t *testing.T) *recorder {
	r := &recorder{}
	toast = func(*shell.Context, string) {}
	showErr = func(_ *shell.Context, err error) { r.mu.Lock(); r.errs = append(r.errs, err); r.mu.Unlock() }
	t.Cleanup(func() {
		toast = func(ctx *shell.Context, m string) { ctx.Toast(m) }
		showErr = func(ctx *shell.Context, err error) { ctx.ShowError(err) }
	})
	return r
}

func texts(o fyne.CanvasObject) string {
	var out []string
	for _, x := range test.LaidOutObjects(o) {
		switch v := x.(type) {
		case *widget.Label:
			if v.Visible() {
				out = append(out, v.Text)
			}
		case *canvas.Text:
			if v.Visible() {
				out = append(out, v.Text)
			}
		}
	}
	return strings.Join(out, "\n")
}

// TestLicenseQRAndVerify: the demo applicant's license shows the
// certificate's facts and a QR code that, read back off the rendered
// window, is the signed payload; the verify screen accepts it, refuses a
// tampered one in Chinese, reads it from a picture, and shows a revoked
// license as revoked.
func TestLicenseQRAndVerify(t *testing.T) {
	env := servicestest.New(t)
	rec := record(t)
	var lv *listView
	var cert *licenseView
	var vv *verifyView
	testList = func(v *listView) { lv = v }
	testLicense = func(v *licenseView) { cert = v }
	testVerify = func(v *verifyView) { vv = v }
	t.Cleanup(func() { testList, testLicense, testVerify = nil, nil, nil })
	env.SignIn(portal.DemoPhone)
	ctx := context.Background()
	if res, err := env.Svc.SyncCatalog(ctx); err != nil || !res.Installed {
		t.Fatalf("catalog sync: %+v %v", res, err)
	}

	env.Shell.Open(shell.ScreenLicenses)
	env.Pump("licenses", func() bool { return lv != nil && len(lv.lics) > 0 })
	l := lv.lics[0]
	openLicense(lv.ctx, env.Svc, l)
	if cert == nil || cert.qr == nil {
		t.Fatal("certificate without QR")
	}
	page := env.Window.Content()
	got := texts(page)
	for _, want := range []string{"行业综合许可证", l.Number, l.HolderName, l.USCC, l.LegalRep, "便利店", "食品经营许可",
		l.Items[0].CertificateNo, l.Items[0].Department, "有效期至 " + l.Items[0].ValidUntil, "发证机关"} {
		if !strings.Contains(got, want) {
			t.Errorf("certificate lacks %q", want)
		}
	}
	if sz := cert.qr.Size(); sz.Width < 260 || sz.Height < 260 {
		t.Errorf("QR shown at %v, want ≥ 260 px", sz)
	}
	// Read the QR back from what the window renders.
	shot := env.Window.Canvas().Capture()
	text, err := DecodeQR(shot)
	if err != nil {
		t.Fatalf("QR on screen does not decode: %v", err)
	}
	if text != l.QRPayload {
		t.Fatalf("QR on screen = %q, want the license payload %q", text, l.QRPayload)
	}
	p, err := license.Parse(text)
	if err != nil {
		t.Fatal(err)
	}
	key, err := env.Svc.LicenseKey(ctx)
	if err != nil || license.Verify(p, key) != nil || p.Number != l.Number {
		t.Fatalf("payload does not verify with the bundle's license key: %v", err)
	}
	// The exported PNG is the same QR code.
	var buf bytes.Buffer
	if err := WriteQRPNG(&buf, l.QRPayload, 600); err != nil {
		t.Fatal(err)
	}
	if s, err := DecodeQRFile(buf.Bytes()); err != nil || s != l.QRPayload {
		t.Fatalf("exported PNG decodes to %q %v", s, err)
	}

	// 核验许可证: the genuine payload.
	env.Shell.Open(shell.ScreenVerify)
	if vv == nil {
		t.Fatal("verify screen not built")
	}
	check := func(payload string) string {
		t.Helper()
		vv.input.SetText(payload)
		test.Tap(vv.check)
		env.Pump("verified", func() bool { return !vv.check.Disabled() })
		return texts(vv.result)
	}
	res := check(l.QRPayload)
	if !vv.last.Valid() || !strings.Contains(res, "核验通过") || !strings.Contains(res, "门户实时状态：有效") {
		t.Fatalf("genuine license not verified:\n%s", res)
	}

	// A tampered payload (one digit of the signed tail changed).
	i := strings.LastIndexByte(l.QRPayload, '#') + 5
	b := []byte(l.QRPayload)
	b[i] = '0' + (b[i]-'0'+1)%10
	res = check(string(b))
	if vv.last.Valid() || !strings.Contains(res, "核验不通过") ||
		!(strings.Contains(res, "可能被篡改") || strings.Contains(res, "不是有效的行业综合许可证")) {
		t.Fatalf("tampered payload:\n%s", res)
	}
	if res = check("你好"); !strings.Contains(res, "不是有效的行业综合许可证二维码内容") {
		t.Fatalf("garbage:\n%s", res)
	}

	// From a picture of the QR code.
	pic := filepath.Join(t.TempDir(), "qr.png")
	if err := os.WriteFile(pic, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	vv.input.SetText("")
	vv.verifyImage(pic)
	env.Pump("image verified", func() bool { return vv.input.Text == l.QRPayload && !vv.check.Disabled() && vv.last.Payload != nil })
	if !vv.last.Valid() {
		t.Fatalf("payload from the picture not valid: %s", texts(vv.result))
	}
	notQR := filepath.Join(t.TempDir(), "blank.png")
	var blank bytes.Buffer
	_ = png.Encode(&blank, image.NewGray(image.Rect(0, 0, 200, 200))) // a picture without a code
	_ = os.WriteFile(notQR, blank.Bytes(), 0o600)
	vv.verifyImage(notQR)
	env.Pump("no qr", func() bool { return strings.Contains(texts(vv.result), "没有找到可识别的二维码") })

	// Revoked at the portal: the signature is still genuine, the status is not.
	if err := env.Portal.RevokeLicense(ctx, l.Number, "经营者申请注销"); err != nil {
		t.Fatal(err)
	}
	res = check(l.QRPayload)
	if vv.last.Valid() || !strings.Contains(res, "已注销") || !strings.Contains(res, "经营者申请注销") {
		t.Fatalf("revoked license:\n%s", res)
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if len(rec.errs) > 0 {
		t.Fatalf("errors shown: %v", rec.errs)
	}
}

func FuzzDecodeQRFile(f *testing.F) {
	var buf bytes.Buffer
	_ = WriteQRPNG(&buf, "HTTP://127.0.0.1/V/1#123", 120)
	f.Add(buf.Bytes())
	f.Add([]byte("not an image"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return
		}
		_, _ = DecodeQRFile(data) // must not panic
	})
}

package licenseview

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/naiman-yiye/yiye/app/apptest"
	"github.com/naiman-yiye/yiye/app/filepick/filepicktest"
	"github.com/naiman-yiye/yiye/app/i18n"
	"github.com/naiman-yiye/yiye/app/shell"
	"github.com/naiman-yiye/yiye/client/api"
	"github.com/naiman-yiye/yiye/license"
	"github.com/naiman-yiye/yiye/portal"
)

// world is a window with the license screens on a real core and portal.
type world struct {
	*apptest.Env
	lic *Licenses
	// opened are the drafts the journey was asked to open.
	opened []string
}

// newWorld signs the demo applicant (who holds a license) in and syncs
// the catalog, so the license key is known.
func newWorld(t *testing.T) *world {
	t.Helper()
	env := apptest.New(t)
	w := &world{Env: env}
	w.lic = New(env.Core, env.Run, Options{OpenDraft: func(id string) { w.opened = append(w.opened, id) }})
	env.NewShell(shell.Options{Screens: w.lic.Screens()})
	env.SignIn(portal.DemoPhone)
	if res, err := env.Core.SyncCatalog(context.Background()); err != nil || !res.Installed {
		t.Fatalf("catalog sync: %+v %v", res, err)
	}
	return w
}

// licenses opens 我的许可证 and waits for the demo applicant's license.
func (w *world) licenses(t *testing.T) *listView {
	t.Helper()
	if !w.Shell.Open(shell.ScreenLicenses) || w.lic.list == nil {
		t.Fatal("我的许可证 not built")
	}
	lv := w.lic.list
	w.Pump("licenses", func() bool { return len(lv.lics) > 0 })
	return lv
}

// verifier opens 核验许可证; check verifies a payload on it and returns
// what the result says.
func (w *world) verifier(t *testing.T) (*verifyView, func(string) string) {
	t.Helper()
	if !w.Shell.Open(shell.ScreenVerify) || w.lic.verify == nil {
		t.Fatal("核验许可证 not built")
	}
	vv := w.lic.verify
	return vv, func(payload string) string {
		t.Helper()
		vv.input.SetText(payload)
		test.Tap(vv.check)
		w.Pump("verified", func() bool { return !vv.check.Disabled() })
		return texts(vv.result)
	}
}

// button is the visible button showing text in the window.
func (w *world) button(t *testing.T, text string) *widget.Button {
	t.Helper()
	for _, o := range test.LaidOutObjects(w.Window.Content()) {
		if b, ok := o.(*widget.Button); ok && b.Text == text && b.Visible() {
			return b
		}
	}
	t.Fatalf("no button %q:\n%s", text, texts(w.Window.Content()))
	return nil
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

// tamper changes one digit of the signed tail of a payload.
func tamper(payload string) string {
	i := strings.LastIndexByte(payload, '#') + 5
	b := []byte(payload)
	b[i] = '0' + (b[i]-'0'+1)%10
	return string(b)
}

// alter is payload with an item's validity pushed out and the original
// signature kept: well formed, but not what the issuer signed.
func alter(t *testing.T, payload string) string {
	t.Helper()
	p, err := license.Parse(payload)
	if err != nil {
		t.Fatal(err)
	}
	p.Items[0].ValidUntil = "2099-12-31"
	s, err := p.String()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestLicenseQRAndVerify: the demo applicant's license shows the
// certificate's facts and a QR code that, read back off the rendered
// window, is the signed payload; the exports are a real PDF and the same
// QR code; the verify screen accepts it, refuses a tampered one in
// Chinese, reads it from a picture, and shows a revoked license as revoked.
func TestLicenseQRAndVerify(t *testing.T) {
	env := newWorld(t)
	ctx := context.Background()
	lv := env.licenses(t)
	l := lv.lics[0]
	if got := texts(lv.list); !strings.Contains(got, l.Number) || !strings.Contains(got, "食品经营许可") {
		t.Fatalf("list:\n%s", got)
	}
	env.lic.openLicense(lv.ctx, l, lv.cachedAt)
	cert := env.lic.cert
	if cert == nil || cert.qr == nil {
		t.Fatal("certificate without QR")
	}
	got := texts(env.Window.Content())
	for _, want := range []string{"行业综合许可证", l.Number, l.HolderName, l.USCC, l.LegalRep, "便利店", "食品经营许可",
		l.Items[0].CertificateNo, l.Items[0].Department, "有效期至" + i18n.FormatDay(l.Items[0].ValidUntil), "发证机关"} {
		if !strings.Contains(got, want) {
			t.Errorf("certificate lacks %q", want)
		}
	}
	if strings.Contains(got, "离线副本") {
		t.Error("a fresh certificate is marked as an offline copy")
	}
	if sz := cert.qr.Size(); sz.Width < 260 || sz.Height < 260 {
		t.Errorf("QR shown at %v, want ≥ 260 px", sz)
	}
	// Read the QR back from what the window renders.
	text, err := DecodeQR(env.Window.Canvas().Capture())
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
	key, err := env.Core.LicenseKey(ctx)
	if err != nil || license.Verify(p, key) != nil || p.Number != l.Number {
		t.Fatalf("payload does not verify with the bundle's license key: %v", err)
	}

	// The exports, saved through the file picker into dir.
	dir := t.TempDir()
	env.App.Preferences().SetString(filepicktest.LastDirPref, dir)
	export := func(button, want string) []byte {
		t.Helper()
		test.Tap(env.button(t, button))
		if got := filepicktest.Save(t, env.Window, ""); got != want {
			t.Errorf("%s suggests %q, want %q", button, got, want)
		}
		path := filepath.Join(dir, want)
		// The banner says where it went once it is all there.
		env.Pump("exported "+want, func() bool { return env.Shell.BannerText() == "已保存为 "+path })
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	pdf := export("导出 PDF 证书", "行业综合许可证-"+l.Number+".pdf")
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) || len(pdf) < 2000 {
		t.Fatalf("certificate PDF: %d bytes", len(pdf))
	}
	if _, err := exec.LookPath("pdftotext"); err == nil {
		f := filepath.Join(t.TempDir(), "cert.pdf")
		_ = os.WriteFile(f, pdf, 0o600)
		out, err := exec.Command("pdftotext", "-enc", "UTF-8", f, "-").Output()
		txt := strings.Join(strings.Fields(string(out)), "")
		for _, want := range []string{l.Number, l.Items[0].CertificateNo, "食品经营许可"} {
			if err != nil || !strings.Contains(txt, want) {
				t.Errorf("certificate PDF lacks %q (%v)", want, err)
			}
		}
	}
	qrPNG := export("导出二维码图片", "许可证二维码-"+l.Number+".png")
	if got, _ := filepath.Glob(filepath.Join(dir, "*")); len(got) != 2 {
		t.Fatalf("the exports left %q", got)
	}
	if s, err := DecodeQRFile(qrPNG); err != nil || s != l.QRPayload {
		t.Fatalf("exported PNG decodes to %q %v", s, err)
	}

	// 核验许可证: the genuine payload, its items named from the record.
	vv, check := env.verifier(t)
	res := check(l.QRPayload)
	if !vv.last.Valid() || !strings.Contains(res, "核验通过") || !strings.Contains(res, "门户实时状态：有效") ||
		!strings.Contains(res, "许可项目："+l.Items[0].Name) || strings.Contains(res, "没有联网") {
		t.Fatalf("genuine license not verified:\n%s", res)
	}

	// A tampered payload.
	res = check(tamper(l.QRPayload))
	if vv.last.Valid() || !strings.Contains(res, "核验不通过") ||
		!(strings.Contains(res, "可能被篡改") || strings.Contains(res, "不是有效的行业综合许可证")) {
		t.Fatalf("tampered payload:\n%s", res)
	}
	if res = check("你好"); !strings.Contains(res, "不是有效的行业综合许可证二维码内容") {
		t.Fatalf("garbage:\n%s", res)
	}

	// From a picture of the QR code, chosen with the file picker, which
	// lists pictures only.
	notQR := filepath.Join(dir, "blank.png")
	var blank bytes.Buffer
	_ = png.Encode(&blank, image.NewGray(image.Rect(0, 0, 200, 200))) // a picture without a code
	_ = os.WriteFile(notQR, blank.Bytes(), 0o600)
	vv.input.SetText("")
	test.Tap(env.button(t, "从图片识别二维码"))
	if got := filepicktest.Texts(env.Window); !slices.Contains(got, "选择一张许可证二维码的图片") ||
		slices.Contains(got, "行业综合许可证-"+l.Number+".pdf") {
		t.Fatalf("picture picker shows %q", got)
	}
	filepicktest.Choose(t, env.Window, "许可证二维码-"+l.Number+".png")
	env.Pump("image verified", func() bool { return vv.input.Text == l.QRPayload && !vv.check.Disabled() && vv.last.Payload != nil })
	if !vv.last.Valid() {
		t.Fatalf("payload from the picture not valid: %s", texts(vv.result))
	}
	test.Tap(env.button(t, "从图片识别二维码"))
	filepicktest.Choose(t, env.Window, "blank.png")
	env.Pump("no qr", func() bool { return strings.Contains(texts(vv.result), "没有找到可识别的二维码") })

	// Revoked at the portal: the signature is still genuine, the status is not.
	if err := env.Portal.RevokeLicense(ctx, l.Number, "经营者申请注销"); err != nil {
		t.Fatal(err)
	}
	res = check(l.QRPayload)
	if vv.last.Valid() || !strings.Contains(res, "已注销") || !strings.Contains(res, "经营者申请注销") {
		t.Fatalf("revoked license:\n%s", res)
	}
	if b := env.Shell.BannerText(); b != "" && !strings.HasPrefix(b, "已保存为 ") {
		t.Fatalf("banner shows %q", b)
	}
}

// TestVerifyAlteredOnline: an altered QR checked while the portal is
// reachable is refused for its signature, and the answer says nothing
// about being offline; a genuine one checked with the portal gone is
// valid by its signature and does say that only the signature was
// checked.
func TestVerifyAlteredOnline(t *testing.T) {
	env := newWorld(t)
	l := env.licenses(t).lics[0]
	vv, check := env.verifier(t)
	if !env.Core.CheckOnline(context.Background()) {
		t.Fatal("portal not reachable")
	}

	res := check(alter(t, l.QRPayload))
	if vv.last.Payload == nil || vv.last.Offline || vv.last.Valid() {
		t.Fatalf("altered payload: %+v", vv.last)
	}
	if !strings.Contains(res, "核验不通过") || !strings.Contains(res, "可能被篡改") {
		t.Fatalf("altered payload not refused for its signature:\n%s", res)
	}
	if strings.Contains(res, "没有联网") || strings.Contains(res, "只核对了签名") {
		t.Fatalf("online, yet the answer speaks of being offline:\n%s", res)
	}

	env.StopPortal()
	res = check(l.QRPayload)
	if !vv.last.Offline || !vv.last.Valid() || vv.last.Signature != nil {
		t.Fatalf("genuine payload offline: %+v", vv.last)
	}
	for _, want := range []string{"核验通过", "签名核对通过", "现在没有联网，只核对了签名", "许可项目：" + l.Items[0].Name} {
		if !strings.Contains(res, want) {
			t.Errorf("offline answer lacks %q:\n%s", want, res)
		}
	}
	if strings.Contains(res, "门户实时状态") {
		t.Errorf("offline answer claims a live status:\n%s", res)
	}
}

// TestLicenseNamesFromRecordOrCatalog: item and industry names come from
// the license record, and from the catalog in use where the record has
// none (never from a copy of reference data).
func TestLicenseNamesFromRecordOrCatalog(t *testing.T) {
	env := newWorld(t)
	lv := env.licenses(t)
	l := lv.lics[0]
	cat := env.Core.Catalog()
	bare := l
	bare.IndustryName = ""
	bare.Items = append([]api.LicenseItem(nil), l.Items...)
	for i := range bare.Items {
		bare.Items[i].Name = ""
	}
	env.lic.openLicense(lv.ctx, bare, lv.cachedAt)
	got := texts(env.Window.Content())
	ind, err := cat.Industry(l.Industry)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(got, ind.Name) {
		t.Errorf("certificate lacks the catalog's industry name %q", ind.Name)
	}
	pl := env.lic.toLicense(bare)
	for i, it := range bare.Items {
		ci, err := cat.Item(it.Code)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(got, ci.Name) || pl.Items[i].Name != ci.Name {
			t.Errorf("item %s not named %q from the catalog (printed as %q)", it.Code, ci.Name, pl.Items[i].Name)
		}
	}
	// The record's own names win.
	named := l
	named.Items = append([]api.LicenseItem(nil), l.Items...)
	named.Items[0].Name = "记录中的事项名称"
	if got := env.lic.toLicense(named).Items[0].Name; got != "记录中的事项名称" {
		t.Errorf("record name replaced by %q", got)
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

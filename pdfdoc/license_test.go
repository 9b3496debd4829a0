package pdfdoc

import (
	"bytes"
	"crypto/ed25519"
	"fmt"
	"image"
	_ "image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	zxqr "github.com/makiuchi-d/gozxing/qrcode"
	"github.com/naiman-yiye/yiye/license"
)

func demoLicense(items int) license.License {
	l := license.License{
		Number: "1505252026010001", HolderName: "奈曼旗青龙山便利店（演示）", USCC: "92150525MA0R123448",
		LegalRep: "张三（演示）", Address: "内蒙古自治区通辽市奈曼旗大沁他拉镇育新街 18 号（演示）",
		Industry: "convenience-store", IndustryName: "便利店",
		Issuer: "奈曼旗行政审批政务服务与数据管理局（演示）", IssuedOn: "2026-11-24",
		Unlicensed: []license.Unlicensed{{Code: "XFJC", Name: license.ItemNames["XFJC"], Reason: "现场核查发现疏散通道被占用，整改后另行办理（演示）"}},
	}
	codes := []string{"SPJY", "YCLS", "GGWS", "PSXK", "TZHY", "GWTY", "HPBG", "CBLS", "CBWF", "YPLS", "SPDJ"}
	for i := 0; i < items; i++ {
		c := codes[i%len(codes)]
		l.Items = append(l.Items, license.Item{Code: c, Name: license.ItemNames[c], CertificateNo: fmt.Sprintf("JY1150525%07d", i+1),
			Department: "奈曼旗市场监督管理局（演示）", ValidUntil: "2031-11-23"})
	}
	return l
}

// decodeQR renders page 1 at 150 dpi and reads the QR code off it.
func decodeQR(t *testing.T, pdfPath string) string {
	t.Helper()
	prefix := filepath.Join(t.TempDir(), "page")
	if out, err := exec.Command(tool(t, "pdftoppm"), "-r", "150", "-png", "-f", "1", "-l", "1", pdfPath, prefix).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v: %s", err, out)
	}
	matches, _ := filepath.Glob(prefix + "*.png")
	if len(matches) != 1 {
		t.Fatalf("pdftoppm wrote %v", matches)
	}
	f, err := os.Open(matches[0])
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, _, err := image.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := zxqr.NewQRCodeReader().Decode(bmp, map[gozxing.DecodeHintType]interface{}{gozxing.DecodeHintType_TRY_HARDER: true})
	if err != nil {
		t.Fatalf("no QR code found on the rendered page: %v", err)
	}
	return res.GetText()
}

func TestWriteLicenseQRDecodes(t *testing.T) {
	priv := ed25519.NewKeyFromSeed([]byte("pdfdoc-license-test-seed-32byte!"))
	for _, items := range []int{3, 11} {
		t.Run(fmt.Sprint(items, " items"), func(t *testing.T) {
			l := demoLicense(items)
			payload, err := license.Sign(priv, l, "http://127.0.0.1:8080")
			if err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			if err := WriteLicense(&b, l, payload); err != nil {
				t.Fatal(err)
			}
			if p := os.Getenv("PDFDOC_KEEP"); p != "" {
				os.WriteFile(fmt.Sprint(p, items, ".pdf"), b.Bytes(), 0o644)
			}
			path := writePDF(t, b.Bytes())
			// A usual license fits one page; a long one may flow onto a
			// second, with the QR code still on the first.
			if n := pdfPages(t, path); n != 1 && (items <= 6 || n > 2) {
				t.Errorf("license with %d items has %d pages", items, n)
			}
			text := pdfText(t, path)
			wantText(t, text, "行业综合许可证", "编号：1505252026010001", "奈曼旗青龙山便利店（演示）", "92150525MA0R123448",
				"张三（演示）", "育新街18号", "便利店", "食品经营许可", "JY11505250000001", "2031年11月23日",
				"未予许可的申请事项", "疏散通道被占用", "奈曼旗行政审批政务服务与数据管理局（演示）", "2026年11月24日", "扫码核验")
			got := decodeQR(t, path)
			if got != payload {
				t.Fatalf("QR decodes to %q, want %q", got, payload)
			}
			if _, err := license.VerifyText(got, priv.Public().(ed25519.PublicKey)); err != nil {
				t.Fatalf("decoded payload does not verify: %v", err)
			}
		})
	}
	if err := WriteLicense(&bytes.Buffer{}, demoLicense(1), " "); err == nil {
		t.Error("empty payload accepted")
	}
	if err := WriteLicense(&bytes.Buffer{}, demoLicense(0), "HTTP://X/V/1"); err == nil {
		t.Error("license without items accepted")
	}
}

// TestLicensePrintsOnlyKnownValidity: an item without a fixed validity
// (the fire opinion) prints no date, only that its certificate tells.
func TestLicensePrintsOnlyKnownValidity(t *testing.T) {
	priv := ed25519.NewKeyFromSeed([]byte("pdfdoc-license-test-seed-32byte!"))
	l := demoLicense(2)
	l.Unlicensed = nil
	l.Items = append(l.Items, license.Item{Code: "XFJC", Name: license.ItemNames["XFJC"], CertificateNo: "NMXF2026001",
		Department: "奈曼旗消防救援大队（演示）"})
	payload, err := license.Sign(priv, l, "http://127.0.0.1:8080")
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := WriteLicense(&b, l, payload); err != nil {
		t.Fatal(err)
	}
	text := squash(pdfText(t, writePDF(t, b.Bytes())))
	if !strings.Contains(text, "NMXF2026001奈曼旗消防救援大队（演示）以单项证件为准") {
		t.Errorf("fire check row lacks 以单项证件为准:\n%s", text)
	}
	if strings.Count(text, "2031年11月23日") != 2 {
		t.Errorf("dated items: %d dates", strings.Count(text, "2031年11月23日"))
	}
}

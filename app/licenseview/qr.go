package licenseview

import (
	"bytes"
	"errors"
	"image"
	_ "image/jpeg" // decode photos of QR codes
	"image/png"
	"io"

	"github.com/makiuchi-d/gozxing"
	zxqr "github.com/makiuchi-d/gozxing/qrcode"
	qrcode "github.com/skip2/go-qrcode"

	"github.com/naiman-yiye/yiye/usererr"
)

// QRSize is the side of the QR image shown on screen, in pixels: large
// enough for a phone camera to read it off a monitor.
const QRSize = 300

// QRImage renders payload as a QR code of size×size pixels (ECC level M,
// with the standard quiet zone).
func QRImage(payload string, size int) (image.Image, error) {
	q, err := qrcode.New(payload, qrcode.Medium)
	if err != nil {
		return nil, err
	}
	return q.Image(size), nil
}

// WriteQRPNG writes the QR code alone as a PNG (the printable certificate
// with all its text is the PDF export).
func WriteQRPNG(w io.Writer, payload string, size int) error {
	img, err := QRImage(payload, size)
	if err != nil {
		return err
	}
	return png.Encode(w, img)
}

// ErrNoQR: the picture holds no readable QR code.
var ErrNoQR = usererr.New("license.no_qr", "图片中没有找到可识别的二维码。请用清晰、完整的二维码图片（正面拍摄，不要反光）。",
	"No readable QR code was found in the picture. Use a clear, complete image of the QR code.")

// DecodeQR reads the text of the QR code in img.
func DecodeQR(img image.Image) (string, error) {
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		return "", ErrNoQR
	}
	hints := map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_TRY_HARDER: true}
	res, err := zxqr.NewQRCodeReader().Decode(bmp, hints)
	if err != nil {
		return "", ErrNoQR
	}
	return res.GetText(), nil
}

// DecodeQRFile decodes a QR code from PNG or JPEG bytes.
func DecodeQRFile(data []byte) (string, error) {
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return "", errors.Join(ErrNoQR, err)
	}
	return DecodeQR(img)
}

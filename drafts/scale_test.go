package drafts

import (
	"image"
	"image/color"
	"math/rand/v2"
	"testing"
)

// opaqueWrapper hides the concrete type, forcing the generic path.
type opaqueWrapper struct{ image.Image }

func TestRowOnWhiteFastPathsMatchGeneric(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	const w, h = 17, 5
	nrgba := image.NewNRGBA(image.Rect(3, 2, 3+w, 2+h))
	rgba := image.NewRGBA(nrgba.Rect)
	gray := image.NewGray(nrgba.Rect)
	ycc := image.NewYCbCr(nrgba.Rect, image.YCbCrSubsampleRatio420)
	for i := range nrgba.Pix {
		nrgba.Pix[i] = byte(r.IntN(256))
	}
	for i := range gray.Pix {
		gray.Pix[i] = byte(r.IntN(256))
	}
	for _, p := range [][]byte{ycc.Y, ycc.Cb, ycc.Cr} {
		for i := range p {
			p[i] = byte(r.IntN(256))
		}
	}
	for y := nrgba.Rect.Min.Y; y < nrgba.Rect.Max.Y; y++ {
		for x := nrgba.Rect.Min.X; x < nrgba.Rect.Max.X; x++ {
			rgba.Set(x, y, nrgba.At(x, y))
		}
	}
	for _, img := range []image.Image{nrgba, rgba, gray, ycc} {
		for y := img.Bounds().Min.Y; y < img.Bounds().Max.Y; y++ {
			fast, slow := make([]byte, 3*w), make([]byte, 3*w)
			rowOnWhite(img, y, fast)
			rowOnWhite(opaqueWrapper{img}, y, slow)
			for i := range fast {
				if d := int(fast[i]) - int(slow[i]); d < -1 || d > 1 {
					t.Fatalf("%T row %d byte %d: fast %d generic %d", img, y, i, fast[i], slow[i])
				}
			}
		}
	}
}

func TestShrinkAveragesAndFlattens(t *testing.T) {
	// 4×2 NRGBA: left half opaque black, right half fully transparent.
	src := image.NewNRGBA(image.Rect(0, 0, 4, 2))
	for y := 0; y < 2; y++ {
		for x := 0; x < 4; x++ {
			if x < 2 {
				src.SetNRGBA(x, y, color.NRGBA{0, 0, 0, 255})
			} else {
				src.SetNRGBA(x, y, color.NRGBA{255, 0, 0, 0})
			}
		}
	}
	same := shrink(src, 10)
	if same.Bounds().Dx() != 4 || same.RGBAAt(3, 0) != (color.RGBA{255, 255, 255, 255}) || same.RGBAAt(0, 1) != (color.RGBA{0, 0, 0, 255}) {
		t.Errorf("unscaled: %v %v", same.RGBAAt(3, 0), same.RGBAAt(0, 1))
	}
	half := shrink(src, 2) // 2×1: each pixel averages a 2×2 block
	if half.Bounds().Dx() != 2 || half.Bounds().Dy() != 1 {
		t.Fatalf("size %v", half.Bounds())
	}
	if half.RGBAAt(0, 0) != (color.RGBA{0, 0, 0, 255}) || half.RGBAAt(1, 0) != (color.RGBA{255, 255, 255, 255}) {
		t.Errorf("averaged %v %v", half.RGBAAt(0, 0), half.RGBAAt(1, 0))
	}
	one := shrink(src, 1) // everything averaged: mid grey
	if c := one.RGBAAt(0, 0); c.R < 126 || c.R > 129 || c.R != c.G || c.G != c.B {
		t.Errorf("single pixel %v", c)
	}
	// Odd ratios keep every source pixel in exactly one output pixel.
	odd := shrink(image.NewGray(image.Rect(0, 0, 2001, 7)), 2000)
	if odd.Bounds().Dx() != 2000 || odd.Bounds().Dy() != 6 {
		t.Errorf("odd size %v", odd.Bounds())
	}
}

package main

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"testing"

	"golang.org/x/image/draw"

	"github.com/naiman-yiye/yiye/assets"
)

func decode(t *testing.T, b []byte) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// The committed icon must be what the generator draws (within rounding, as
// float rasterisation may differ by a step across CPUs).
func TestCommittedIconIsReproducible(t *testing.T) {
	committed, err := os.ReadFile("../../icon.png")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(committed, assets.Icon) {
		t.Fatal("assets.Icon is not assets/icon.png")
	}
	fresh, err := Render(512)
	if err != nil {
		t.Fatal(err)
	}
	a, b := decode(t, committed), decode(t, fresh)
	if a.Bounds() != image.Rect(0, 0, 512, 512) || b.Bounds() != a.Bounds() {
		t.Fatalf("bounds %v / %v", a.Bounds(), b.Bounds())
	}
	off := 0
	for y := 0; y < 512; y++ {
		for x := 0; x < 512; x++ {
			r1, g1, b1, a1 := a.At(x, y).RGBA()
			r2, g2, b2, a2 := b.At(x, y).RGBA()
			if diff(r1, r2) > 0x400 || diff(g1, g2) > 0x400 || diff(b1, b2) > 0x400 || diff(a1, a2) > 0x400 {
				off++
			}
		}
	}
	if off > 50 {
		t.Fatalf("%d pixels differ: run go run ./assets/icons/gen -o assets/icon.png", off)
	}
}

// At 16 px the icon must still be a red tile with a clearly white mark.
func TestIconReadsAt16px(t *testing.T) {
	src := decode(t, assets.Icon)
	small := image.NewNRGBA(image.Rect(0, 0, 16, 16))
	draw.CatmullRom.Scale(small, small.Bounds(), src, src.Bounds(), draw.Over, nil)
	red, light := 0, 0
	for y := 0; y < 16; y++ {
		for x := 0; x < 16; x++ {
			c := small.NRGBAAt(x, y)
			switch {
			case c.A > 200 && c.R > 150 && c.G < 90 && c.B < 90:
				red++
			case c.A > 200 && c.R > 200 && c.G > 170 && c.B > 170:
				light++
			}
		}
	}
	if red < 80 || light < 15 {
		t.Fatalf("16 px icon: %d red and %d white pixels of 256", red, light)
	}
}

func diff(a, b uint32) uint32 {
	if a > b {
		return a - b
	}
	return b - a
}

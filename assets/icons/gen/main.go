// Command gen draws Yiye's app icon, assets/icon.png: a seal-red rounded
// square with a white inner ring and a white bold 证 (licence), drawn with
// the app's own embedded font, so the icon is reproducible from the repo:
//
//	go run ./assets/icons/gen -o assets/icon.png
//
// The mark is deliberately bold and simple so it still reads as "red seal
// with a white character" at 16 px in a Windows taskbar.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"

	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"

	"github.com/naiman-yiye/yiye/assets"
)

var (
	sealRed = color.NRGBA{R: 0xC8, G: 0x1E, B: 0x1E, A: 0xFF}
	white   = color.NRGBA{R: 0xFF, G: 0xFF, B: 0xFF, A: 0xFF}
)

func main() {
	out := flag.String("o", "assets/icon.png", "output PNG")
	size := flag.Int("size", 512, "edge in pixels")
	flag.Parse()
	b, err := Render(*size)
	if err == nil {
		err = os.WriteFile(*out, b, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

// Render returns the icon as PNG bytes, size×size pixels.
func Render(size int) ([]byte, error) {
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	s := float32(size) / 512 // design units are for 512 px

	fill(img, roundedRect(size, 8*s, 8*s, 504*s, 504*s, 104*s), sealRed)
	// The ring of an official seal.
	fill(img, roundedRect(size, 40*s, 40*s, 472*s, 472*s, 76*s), white)
	fill(img, roundedRect(size, 56*s, 56*s, 456*s, 456*s, 62*s), sealRed)

	if err := drawGlyph(img, '证', 330*s, 256*s, 262*s); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&buf, img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func fill(dst *image.NRGBA, r *vector.Rasterizer, c color.Color) {
	r.Draw(dst, dst.Bounds(), image.NewUniform(c), image.Point{})
}

// roundedRect is a filled rounded rectangle path (corners as cubic arcs).
func roundedRect(size int, x0, y0, x1, y1, rad float32) *vector.Rasterizer {
	const k = 0.5523 // cubic Bézier approximation of a quarter circle
	r := vector.NewRasterizer(size, size)
	r.MoveTo(x0+rad, y0)
	r.LineTo(x1-rad, y0)
	r.CubeTo(x1-rad+rad*k, y0, x1, y0+rad-rad*k, x1, y0+rad)
	r.LineTo(x1, y1-rad)
	r.CubeTo(x1, y1-rad+rad*k, x1-rad+rad*k, y1, x1-rad, y1)
	r.LineTo(x0+rad, y1)
	r.CubeTo(x0+rad-rad*k, y1, x0, y1-rad+rad*k, x0, y1-rad)
	r.LineTo(x0, y0+rad)
	r.CubeTo(x0, y0+rad-rad*k, x0+rad-rad*k, y0, x0+rad, y0)
	r.ClosePath()
	return r
}

// drawGlyph draws ch in white from the embedded bold font, ppem pixels per
// em, centred on (cx, cy).
func drawGlyph(dst *image.NRGBA, ch rune, ppem, cx, cy float32) error {
	f, err := sfnt.Parse(assets.FontBold)
	if err != nil {
		return err
	}
	var b sfnt.Buffer
	gi, err := f.GlyphIndex(&b, ch)
	if err != nil || gi == 0 {
		return fmt.Errorf("glyph %q missing: %v", ch, err)
	}
	segs, err := f.LoadGlyph(&b, gi, fixed.I(1000), nil)
	if err != nil {
		return err
	}
	// Bounds of the outline (units of 1/1000 em, y down).
	minX, minY, maxX, maxY := float32(1e9), float32(1e9), float32(-1e9), float32(-1e9)
	for _, sg := range segs {
		n := map[sfnt.SegmentOp]int{sfnt.SegmentOpMoveTo: 1, sfnt.SegmentOpLineTo: 1, sfnt.SegmentOpQuadTo: 2, sfnt.SegmentOpCubeTo: 3}[sg.Op]
		for _, p := range sg.Args[:n] {
			x, y := fx(p.X), fx(p.Y)
			minX, maxX = min(minX, x), max(maxX, x)
			minY, maxY = min(minY, y), max(maxY, y)
		}
	}
	k := ppem / 1000
	ox := cx - (minX+maxX)/2*k
	oy := cy - (minY+maxY)/2*k
	w, h := dst.Bounds().Dx(), dst.Bounds().Dy()
	r := vector.NewRasterizer(w, h)
	pt := func(p fixed.Point26_6) (float32, float32) { return ox + fx(p.X)*k, oy + fx(p.Y)*k }
	for _, sg := range segs {
		switch sg.Op {
		case sfnt.SegmentOpMoveTo:
			r.MoveTo(pt(sg.Args[0]))
		case sfnt.SegmentOpLineTo:
			r.LineTo(pt(sg.Args[0]))
		case sfnt.SegmentOpQuadTo:
			x1, y1 := pt(sg.Args[0])
			x2, y2 := pt(sg.Args[1])
			r.QuadTo(x1, y1, x2, y2)
		case sfnt.SegmentOpCubeTo:
			x1, y1 := pt(sg.Args[0])
			x2, y2 := pt(sg.Args[1])
			x3, y3 := pt(sg.Args[2])
			r.CubeTo(x1, y1, x2, y2, x3, y3)
		}
	}
	r.ClosePath()
	r.Draw(dst, dst.Bounds(), image.NewUniform(white), image.Point{})
	return nil
}

func fx(v fixed.Int26_6) float32 { return float32(v) / 64 }

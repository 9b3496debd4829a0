package drafts

import (
	"image"
	"image/color"
)

// shrink returns img as opaque RGBA on a white background (JPEG has no
// transparency), scaled down by area averaging so that its longest side is
// at most maxSide. Area averaging reads every source pixel once and needs
// only a row of sums: a 12-megapixel photo costs no more memory than the
// result, where a separable kernel (x/image/draw) needs a ~200 MB buffer.
func shrink(img image.Image, maxSide int) *image.RGBA {
	sb := img.Bounds()
	sw, sh := sb.Dx(), sb.Dy()
	dw, dh := sw, sh
	if long := max(sw, sh); long > maxSide {
		dw = max(1, sw*maxSide/long)
		dh = max(1, sh*maxSide/long)
	}
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	colOf := make([]int, sw)
	for x := range colOf {
		colOf[x] = x * dw / sw
	}
	sums := make([]uint32, dw*3)
	counts := make([]uint32, dw)
	row := make([]byte, sw*3)
	flush := func(dy int) {
		o := dst.PixOffset(0, dy)
		for x := 0; x < dw; x++ {
			n := counts[x]
			if n == 0 {
				n = 1
			}
			dst.Pix[o+4*x] = byte((sums[3*x] + n/2) / n)
			dst.Pix[o+4*x+1] = byte((sums[3*x+1] + n/2) / n)
			dst.Pix[o+4*x+2] = byte((sums[3*x+2] + n/2) / n)
			dst.Pix[o+4*x+3] = 255
		}
		clear(sums)
		clear(counts)
	}
	cur := 0
	for y := 0; y < sh; y++ {
		if dy := y * dh / sh; dy != cur {
			flush(cur)
			cur = dy
		}
		rowOnWhite(img, sb.Min.Y+y, row)
		for x := 0; x < sw; x++ {
			c := colOf[x]
			sums[3*c] += uint32(row[3*x])
			sums[3*c+1] += uint32(row[3*x+1])
			sums[3*c+2] += uint32(row[3*x+2])
			counts[c]++
		}
	}
	flush(cur)
	return dst
}

// rowOnWhite fills row (3 bytes per pixel) with row y of img composited on
// white, with fast paths for what image/jpeg and image/png return.
func rowOnWhite(img image.Image, y int, row []byte) {
	b := img.Bounds()
	switch m := img.(type) {
	case *image.YCbCr:
		for x := b.Min.X; x < b.Max.X; x++ {
			yi, ci := m.YOffset(x, y), m.COffset(x, y)
			r, g, bl := color.YCbCrToRGB(m.Y[yi], m.Cb[ci], m.Cr[ci])
			i := 3 * (x - b.Min.X)
			row[i], row[i+1], row[i+2] = r, g, bl
		}
	case *image.Gray:
		for x := b.Min.X; x < b.Max.X; x++ {
			v := m.Pix[m.PixOffset(x, y)]
			i := 3 * (x - b.Min.X)
			row[i], row[i+1], row[i+2] = v, v, v
		}
	case *image.RGBA: // premultiplied
		for x := b.Min.X; x < b.Max.X; x++ {
			p := m.Pix[m.PixOffset(x, y):]
			w := 255 - p[3]
			i := 3 * (x - b.Min.X)
			row[i], row[i+1], row[i+2] = p[0]+w, p[1]+w, p[2]+w
		}
	case *image.NRGBA:
		for x := b.Min.X; x < b.Max.X; x++ {
			p := m.Pix[m.PixOffset(x, y):]
			a := uint32(p[3])
			i := 3 * (x - b.Min.X)
			for k := 0; k < 3; k++ {
				row[i+k] = byte((uint32(p[k])*a + 255*(255-a) + 127) / 255)
			}
		}
	default:
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, a := img.At(x, y).RGBA() // premultiplied, 16-bit
			w := 0xffff - a
			i := 3 * (x - b.Min.X)
			row[i], row[i+1], row[i+2] = byte((r+w)>>8), byte((g+w)>>8), byte((bl+w)>>8)
		}
	}
}

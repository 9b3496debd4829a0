package theme

import (
	"image"
	"image/color"
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	ftheme "fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

func TestFontPerStyle(t *testing.T) {
	th := New(Options{})
	def := ftheme.DefaultTheme()
	cases := []struct {
		name  string
		style fyne.TextStyle
		want  fyne.Resource
	}{
		{"regular", fyne.TextStyle{}, FontRegular},
		{"bold", fyne.TextStyle{Bold: true}, FontBold},
		{"italic falls back to regular", fyne.TextStyle{Italic: true}, FontRegular},
		{"bold italic falls back to bold", fyne.TextStyle{Bold: true, Italic: true}, FontBold},
		{"monospace keeps default", fyne.TextStyle{Monospace: true}, def.Font(fyne.TextStyle{Monospace: true})},
		{"symbol keeps default", fyne.TextStyle{Symbol: true}, def.Font(fyne.TextStyle{Symbol: true})},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := th.Font(c.style)
			if got.Name() != c.want.Name() {
				t.Fatalf("font %q, want %q", got.Name(), c.want.Name())
			}
		})
	}
	if len(FontRegular.Content()) < 1<<20 || len(FontBold.Content()) < 1<<20 {
		t.Fatal("embedded CJK fonts look empty")
	}
}

// renderText renders s in a label and returns the image and the background.
func renderText(t *testing.T, th fyne.Theme, s string, bold bool) (image.Image, color.Color) {
	t.Helper()
	a := test.NewTempApp(t)
	a.Settings().SetTheme(th)
	l := widget.NewLabel(s)
	l.TextStyle.Bold = bold
	w := test.NewTempWindow(t, l)
	w.SetPadded(false)
	w.Resize(fyne.NewSize(120, 50))
	return w.Canvas().Capture(), th.Color(ftheme.ColorNameBackground, a.Settings().ThemeVariant())
}

func inkAndDiff(a, b image.Image, bg color.Color) (inkA, inkB, diff int) {
	br, bgG, bb, _ := bg.RGBA()
	far := func(c color.Color) bool {
		r, g, b, _ := c.RGBA()
		d := func(x, y uint32) uint32 {
			if x > y {
				return x - y
			}
			return y - x
		}
		return d(r, br)+d(g, bgG)+d(b, bb) > 0x3000
	}
	bounds := a.Bounds()
	for y := bounds.Min.Y; y < bounds.Max.Y; y++ {
		for x := bounds.Min.X; x < bounds.Max.X; x++ {
			ca, cb := a.At(x, y), b.At(x, y)
			if far(ca) {
				inkA++
			}
			if far(cb) {
				inkB++
			}
			if ca != cb {
				diff++
			}
		}
	}
	return
}

// Two different Chinese characters must both leave ink and look different:
// a missing glyph draws the same U+FFFD box for both.
func TestChineseRenders(t *testing.T) {
	for _, bold := range []bool{false, true} {
		th := New(Options{})
		a, bg := renderText(t, th, "你", bold)
		b, _ := renderText(t, th, "证", bold)
		inkA, inkB, diff := inkAndDiff(a, b, bg)
		if inkA < 20 || inkB < 20 {
			t.Fatalf("bold=%v: too little ink: %d, %d", bold, inkA, inkB)
		}
		if diff < 20 {
			t.Fatalf("bold=%v: 你 and 证 render alike (%d px differ): glyphs missing", bold, diff)
		}
	}
}

func TestTextSizeScales(t *testing.T) {
	test.NewTempApp(t)
	var prev float32
	for _, s := range TextSizes {
		th := New(Options{TextSize: s})
		got := th.Size(ftheme.SizeNameText)
		if got <= prev {
			t.Fatalf("%s: text size %v not above %v", s.Key(), got, prev)
		}
		prev = got
		if ParseTextSize(s.Key()) != s {
			t.Fatalf("round trip of %q", s.Key())
		}
	}
	if ParseTextSize("bogus") != TextStandard {
		t.Fatal("unknown key should give standard")
	}
}

func TestKioskTouchTargets(t *testing.T) {
	a := test.NewTempApp(t)
	a.Settings().SetTheme(New(Options{}))
	normal := widget.NewButton("提交", nil).MinSize().Height
	a.Settings().SetTheme(New(Options{Kiosk: true}))
	kiosk := widget.NewButton("提交", nil).MinSize().Height
	if kiosk < kioskMinTarget {
		t.Fatalf("kiosk button %v tall, want ≥ %d", kiosk, kioskMinTarget)
	}
	if kiosk <= normal {
		t.Fatalf("kiosk button %v not taller than normal %v", kiosk, normal)
	}
}

func TestPaletteVariants(t *testing.T) {
	light, dark := ftheme.VariantLight, ftheme.VariantDark
	th := New(Options{})
	if th.Color(ftheme.ColorNameBackground, light) == th.Color(ftheme.ColorNameBackground, dark) {
		t.Fatal("light and dark backgrounds are the same")
	}
	forced := New(Options{Variant: &dark})
	if forced.Color(ftheme.ColorNameBackground, light) != th.Color(ftheme.ColorNameBackground, dark) {
		t.Fatal("forced variant ignored")
	}
	// Text must contrast with the page in both variants (WCAG AA, 4.5:1).
	for _, v := range []fyne.ThemeVariant{light, dark} {
		fg, bg := th.Color(ftheme.ColorNameForeground, v), th.Color(ftheme.ColorNameBackground, v)
		if r := contrast(fg, bg); r < 4.5 {
			t.Fatalf("variant %d: contrast %.2f < 4.5", v, r)
		}
	}
	// Colours the palette does not set come from the default theme.
	if th.Color(ftheme.ColorNameScrollBar, light) == nil {
		t.Fatal("missing fallback colour")
	}
}

func contrast(a, b color.Color) float64 {
	lum := func(c color.Color) float64 {
		r, g, b, _ := c.RGBA()
		lin := func(v uint32) float64 {
			x := float64(v) / 0xFFFF
			if x <= 0.03928 {
				return x / 12.92
			}
			return math.Pow((x+0.055)/1.055, 2.4)
		}
		return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
	}
	la, lb := lum(a), lum(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

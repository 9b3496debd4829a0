package assets

import (
	"bytes"
	"testing"
)

func TestFontsAreSingleFaceTrueType(t *testing.T) {
	for name, f := range map[string][]byte{"regular": FontRegular, "bold": FontBold} {
		if len(f) < 1<<20 {
			t.Errorf("%s: %d bytes, want a real CJK font", name, len(f))
		}
		// 0x00010000 is a TrueType (glyf) sfnt; "ttcf" would be a collection.
		if !bytes.Equal(f[:4], []byte{0, 1, 0, 0}) {
			t.Errorf("%s: sfnt tag %q, want TrueType 00010000", name, f[:4])
		}
	}
	for name, f := range map[string][]byte{"screen regular": ScreenRegular, "screen bold": ScreenBold} {
		if len(f) < 1<<20 || !bytes.Equal(f[:4], []byte("OTTO")) {
			t.Errorf("%s: %d bytes, tag %q, want a CFF OpenType face", name, len(f), f[:4])
		}
	}
}

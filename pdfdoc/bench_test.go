package pdfdoc

import (
	"io"
	"testing"
)

func BenchmarkNewDoc(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		d, err := New(Options{})
		if err != nil {
			b.Fatal(err)
		}
		d.Paragraph("一", Style{})
		if _, err := d.WriteTo(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWriteNoticeHotel(b *testing.B) {
	c := embedded(b)
	n := notice(b, c, "hotel", true)
	b.ReportAllocs()
	for b.Loop() {
		if err := WriteNotice(io.Discard, n); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWriteAllGuides(b *testing.B) {
	c := embedded(b)
	b.ReportAllocs()
	for b.Loop() {
		for _, ind := range c.Industries {
			if err := WriteGuide(io.Discard, c, ind.Code); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func BenchmarkWriteLicense(b *testing.B) {
	l := demoLicense(3)
	payload := "HTTP://127.0.0.1:8080/V/1505252026010001#" + "0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789"
	b.ReportAllocs()
	for b.Loop() {
		if err := WriteLicense(io.Discard, l, payload); err != nil {
			b.Fatal(err)
		}
	}
}

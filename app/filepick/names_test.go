package filepick

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/naiman-yiye/yiye/usererr"
)

func codeOf(err error) string {
	var ue *usererr.Error
	if errors.As(err, &ue) {
		return ue.Code
	}
	if err != nil {
		return "not a usererr: " + err.Error()
	}
	return ""
}

func TestCheckName(t *testing.T) {
	cases := []struct {
		name string
		want string // code, "" = accepted
	}{
		{"营业执照.pdf", ""},
		{"营业执照 (1).pdf", ""},
		{"a..pdf", ""},
		{"CONTRACT.pdf", ""},
		{"com10.pdf", ""},
		{"nul-list.pdf", ""},
		{"", codeNameEmpty},
		{"   ", codeNameEmpty},
		{".pdf", codeNameEmpty},
		{"a<b.pdf", codeNameChars},
		{"a>b", codeNameChars},
		{"a:b", codeNameChars},
		{`a"b`, codeNameChars},
		{"a/b", codeNameChars},
		{`a\b`, codeNameChars},
		{"a|b", codeNameChars},
		{"a?b", codeNameChars},
		{"a*b", codeNameChars},
		{"a\tb", codeNameChars},
		{"a\x00b", codeNameChars},
		{"营业执照.", codeNameTrailing},
		{"营业执照 ", codeNameTrailing},
		{"..", codeNameTrailing},
		{".bashrc", codeNameEmpty}, // only an "extension"
		{".草稿.pdf", codeNameDot},
		{"CON", codeNameReserved},
		{"con.pdf", codeNameReserved},
		{"Nul.tar.gz", codeNameReserved},
		{"aux .pdf", codeNameReserved},
		{"COM1.pdf", codeNameReserved},
		{"lpt9", codeNameReserved},
		{"COM¹.pdf", codeNameReserved},
		{"CONIN$", codeNameReserved},
		{strings.Repeat("字", 85) + ".pdf", codeNameTooLong}, // 259 bytes
		{strings.Repeat("字", 83) + ".pdf", ""},              // 253 bytes
		{strings.Repeat("a", 252) + ".pdf", codeNameTooLong},
		{"\xff.pdf", codeNameEncoding},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := checkName(c.name)
			if got := codeOf(err); got != c.want {
				t.Fatalf("checkName(%q) = %q (%v), want %q", c.name, got, err, c.want)
			}
			var ue *usererr.Error
			if err != nil && (!errors.As(err, &ue) || ue.ZH == "" || ue.EN == "" || ue.ZH == ue.EN) {
				t.Errorf("message must be in Chinese and English: %#v", err)
			}
		})
	}
}

func TestCheckNameMessages(t *testing.T) {
	err := checkName("报告?.pdf")
	var ue *usererr.Error
	if !errors.As(err, &ue) || !strings.Contains(ue.ZH, "“?”") || !strings.Contains(ue.EN, `"?"`) {
		t.Errorf("the message should name the character: %#v", err)
	}
	if err := checkName("con.pdf"); !strings.Contains(usererr.Message(err, "zh"), "Windows 保留") {
		t.Errorf("reserved name message: %v", err)
	}
}

func TestSaveName(t *testing.T) {
	pdf := []string{".pdf"}
	img := []string{".pdf", ".png"}
	cases := []struct {
		typed string
		exts  []string
		want  string
		code  string
	}{
		{"营业执照", pdf, "营业执照.pdf", ""},
		{"营业执照.pdf", pdf, "营业执照.pdf", ""},
		{"营业执照.PDF", pdf, "营业执照.PDF", ""},
		{"  营业执照  ", pdf, "营业执照.pdf", ""},
		{"营业执照.", pdf, "营业执照.pdf", ""},
		{"营业执照.png", img, "营业执照.png", ""},
		{"营业执照.jpg", img, "营业执照.jpg.pdf", ""},
		{"交接.yiye", nil, "交接.yiye", ""},
		{"", pdf, "", codeNameEmpty},
		{"...", pdf, "", codeNameEmpty},
		{"CON", pdf, "", codeNameReserved},
		{"a/b", pdf, "", codeNameChars},
		{"说明.", nil, "", codeNameTrailing},
	}
	for _, c := range cases {
		t.Run(c.typed, func(t *testing.T) {
			got, err := saveName(c.typed, c.exts)
			if got != c.want || codeOf(err) != c.code {
				t.Errorf("saveName(%q, %q) = %q, %q; want %q, %q", c.typed, c.exts, got, codeOf(err), c.want, c.code)
			}
		})
	}
}

// FuzzCheckName: whatever checkName accepts really is a plain file name
// that breaks none of Windows' rules, and can be created here.
func FuzzCheckName(f *testing.F) {
	for _, s := range []string{"营业执照.pdf", "CON", "a<b", "x. ", ".pdf", "COM¹", "\xff", "a\x00", "ＣＯＮ", strings.Repeat("字", 90)} {
		f.Add(s)
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, name string) {
		err := checkName(name)
		if got, serr := saveName(name, []string{".pdf"}); serr == nil {
			if !strings.HasSuffix(strings.ToLower(got), ".pdf") || checkName(got) != nil {
				t.Fatalf("saveName(%q) = %q, which is not a valid .pdf name", name, got)
			}
		}
		if err != nil {
			if codeOf(err) == "" || strings.HasPrefix(codeOf(err), "not a usererr") {
				t.Fatalf("checkName(%q) returned %v, not a usererr", name, err)
			}
			return
		}
		switch {
		case !utf8.ValidString(name), strings.ContainsAny(name, forbiddenChars),
			strings.HasSuffix(name, "."), strings.HasSuffix(name, " "), strings.HasPrefix(name, "."),
			len(name) > maxNameLen, filepath.Base(name) != name:
			t.Fatalf("checkName accepted %q", name)
		}
		for _, r := range name {
			if r < 0x20 {
				t.Fatalf("checkName accepted a control character in %q", name)
			}
		}
		device, _, _ := strings.Cut(name, ".")
		for _, rn := range reservedNames {
			if strings.EqualFold(strings.TrimRight(device, " "), rn) {
				t.Fatalf("checkName accepted the device name %q", name)
			}
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, nil, 0o600); err != nil {
			t.Fatalf("accepted %q but cannot create it: %v", name, err)
		}
		if err := os.Remove(p); err != nil {
			t.Fatal(err)
		}
	})
}

package journey

import (
	"testing"
	"unicode/utf8"
)

func TestPinyinInitials(t *testing.T) {
	tests := []struct{ in, want string }{
		{"便利店", "bld"},
		{"超市", "cs"},
		{"饭店", "fd"},
		{"小餐饮", "xcy"},
		{"现制现售食品", "xzxssp"},
		{"烘焙房/面包房", "hbfmbf"},
		{"咖啡馆/茶馆", "kfgcg"},
		{"酒吧", "jb"},
		{"浴场", "yc"},
		{"健身房", "jsf"},
		{"美容美发店", "mrmfd"},
		{"宾馆", "bg"},
		{"药店", "yd"},
		{"母婴用品店", "myypd"},
		{"书店", "sd"},
		{"Hotel 2", "hotel2"},
		{"", ""},
	}
	for _, tc := range tests {
		if got := PinyinInitials(tc.in); got != tc.want {
			t.Errorf("PinyinInitials(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestMatchesQuery(t *testing.T) {
	tests := []struct {
		q     string
		texts []string
		want  bool
	}{
		{"", []string{"宾馆"}, true},
		{"宾", []string{"宾馆", "hotel"}, true},
		{"bg", []string{"宾馆", "hotel"}, true},
		{"BG", []string{"宾馆", "hotel"}, true},
		{"hot", []string{"宾馆", "hotel"}, true},
		{"b l d", []string{"便利店"}, true},
		{"药", []string{"宾馆", "hotel"}, false},
		{"xyz", []string{"书店", "bookstore"}, false},
		{"Convenience store", []string{"便利店", "Convenience store"}, true},
		{"conveniencestore", []string{"便利店", "Convenience store"}, true},
		{"café", []string{"咖啡馆/茶馆", "Café / teahouse"}, true},
	}
	for _, tc := range tests {
		if got := matchesQuery(tc.q, tc.texts...); got != tc.want {
			t.Errorf("matchesQuery(%q, %q) = %v, want %v", tc.q, tc.texts, got, tc.want)
		}
	}
}

func FuzzPinyinInitials(f *testing.F) {
	for _, s := range []string{"便利店", "abc", "\xff", "𠀀", "咖啡馆/茶馆"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := PinyinInitials(s)
		if utf8.RuneCountInString(got) > utf8.RuneCountInString(s) {
			t.Fatalf("more initials than runes: %q → %q", s, got)
		}
		for _, c := range []byte(got) {
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
				t.Fatalf("bad initial %q in %q", c, got)
			}
		}
		_ = matchesQuery(s, s)
	})
}

func TestMatchRank(t *testing.T) {
	if r := matchRank("yd", "小餐饮", "Small eatery", "small-catering"); r != -1 {
		t.Errorf("Latin letters must not count as initials: rank %d", r)
	}
	if a, b := matchRank("yd", "药店", "Pharmacy"), matchRank("y", "浴场", "Bathhouse"); a != 1 || b != 1 {
		t.Errorf("initial prefix ranks = %d, %d, want 1", a, b)
	}
	if r := matchRank("宾", "宾馆"); r != 0 {
		t.Errorf("name substring rank = %d", r)
	}
}

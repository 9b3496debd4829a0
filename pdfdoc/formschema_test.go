package pdfdoc

import (
	"bytes"
	"strings"
	"testing"

	"github.com/naiman-yiye/yiye/forms"
)

func TestFormSectionsFromSchema(t *testing.T) {
	s, err := forms.Build([]string{"SPJY", "YCLS", "XFJC"})
	if err != nil {
		t.Fatal(err)
	}
	v := s.Defaults()
	var sel, multi, boolean, unit *forms.Field
	for _, f := range s.Fields() {
		f := f
		switch {
		case f.Kind == forms.KindSelect && len(f.Options) > 0 && sel == nil && f.ShowIf == nil:
			sel = &f
		case f.Kind == forms.KindMultiSelect && len(f.Options) > 1 && multi == nil && f.ShowIf == nil:
			multi = &f
		case f.Kind == forms.KindBool && !f.MustAgree && boolean == nil && f.ShowIf == nil:
			boolean = &f
		case f.Unit != "" && f.Kind == forms.KindArea && unit == nil && f.ShowIf == nil:
			unit = &f
		}
	}
	if sel == nil || multi == nil || boolean == nil || unit == nil {
		t.Fatalf("schema lacks a field kind: %v %v %v %v", sel, multi, boolean, unit)
	}
	v[sel.Key] = sel.Options[0].Value
	v[multi.Key] = forms.JoinMulti([]string{multi.Options[0].Value, multi.Options[1].Value})
	v[boolean.Key] = forms.True
	v[unit.Key] = "86"
	secs := FormSections(s, v)
	if len(secs) == 0 || !strings.HasPrefix(secs[0].Title, "共性信息") {
		t.Fatalf("sections %+v", secs)
	}
	got := map[string]string{}
	for _, sec := range secs {
		for _, r := range sec.Rows {
			got[r.Label] = r.Value
		}
	}
	checks := map[string]string{
		sel.LabelZH:     sel.Options[0].ZH,
		multi.LabelZH:   multi.Options[0].ZH + "、" + multi.Options[1].ZH,
		boolean.LabelZH: "是",
		unit.LabelZH:    "86 " + unit.Unit,
	}
	for label, want := range checks {
		if got[label] != want {
			t.Errorf("%s = %q, want %q", label, got[label], want)
		}
	}
	f := sampleForm()
	f.Sections = secs
	var b bytes.Buffer
	if err := WriteApplicationForm(&b, f); err != nil {
		t.Fatal(err)
	}
	wantText(t, pdfText(t, writePDF(t, b.Bytes())), secs[0].Title, sel.LabelZH, multi.Options[1].ZH, "86 "+unit.Unit)
	if FormSections(nil, nil) != nil {
		t.Error("nil schema gave sections")
	}
}

// TestFormSectionsPrintNormalizedIDs: an ID number typed with a lower-case
// check character is printed with "X", a credit code in upper case.
func TestFormSectionsPrintNormalizedIDs(t *testing.T) {
	s, err := forms.Build([]string{"SPJY"})
	if err != nil {
		t.Fatal(err)
	}
	v := s.Defaults()
	v["legal_rep_id_number"] = "11010519491231002x"
	v["uscc"] = "91350100m000100y43"
	got := map[string]string{}
	for _, sec := range FormSections(s, v) {
		for _, r := range sec.Rows {
			got[r.Label] = r.Value
		}
	}
	id, _ := s.Field("legal_rep_id_number")
	uscc, _ := s.Field("uscc")
	if got[id.LabelZH] != "11010519491231002X" || got[uscc.LabelZH] != "91350100M000100Y43" {
		t.Errorf("printed %q and %q", got[id.LabelZH], got[uscc.LabelZH])
	}
}

// TestFormSectionsPrintChineseDates: one date style in the printed form.
func TestFormSectionsPrintChineseDates(t *testing.T) {
	s, err := forms.Build([]string{"GGWS"})
	if err != nil {
		t.Fatal(err)
	}
	v := s.Defaults()
	v["premises_tenure"] = "lease"
	v["lease_start"], v["lease_end"] = "2026-01-05", "2030/1/4"
	got := map[string]string{}
	for _, sec := range FormSections(s, v) {
		for _, r := range sec.Rows {
			got[r.Label] = r.Value
		}
	}
	start, _ := s.Field("lease_start")
	end, _ := s.Field("lease_end")
	if got[start.LabelZH] != "2026年1月5日" || got[end.LabelZH] != "2030年1月4日" {
		t.Errorf("dates printed as %q and %q", got[start.LabelZH], got[end.LabelZH])
	}
}

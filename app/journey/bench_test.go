package journey

import "testing"

// BenchmarkHotelFormBuild measures building the hotel's merged form (the
// largest form: five items) as the applicant opens step 3.
func BenchmarkHotelFormBuild(b *testing.B) {
	h := openHarness(b)
	defer h.close()
	s := h.pick("宾馆")
	for _, kv := range [][2]string{{"food_mode", "销售散装食品、现制现售或提供餐饮（含热食、自制饮品、烘焙）"},
		{"sewer_discharge", "是"}} {
		h.answer(s, kv[0], kv[1])
	}
	s.commitSelection()
	b.ReportAllocs()
	for b.Loop() {
		s.form = nil
		s.formView()
	}
}

// BenchmarkNoticeView measures the notice with its flowchart layout.
func BenchmarkNoticeView(b *testing.B) {
	h := openHarness(b)
	defer h.close()
	s := h.pick("宾馆")
	h.answer(s, "sewer_discharge", "是")
	s.commitSelection()
	b.ReportAllocs()
	for b.Loop() {
		s.noticeView()
	}
}

// BenchmarkIndustrySearch measures one keystroke in the search box.
func BenchmarkIndustrySearch(b *testing.B) {
	h := openHarness(b)
	defer h.close()
	qs := []string{"b", "bl", "bld", "宾", ""}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		h.j.grid.search.SetText(qs[i%len(qs)])
		i++
	}
}

package catalog

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Joint processing (统一办理、联合办理、集中办理) may take at most
// JointLimitDays working days, and JointExtensionDays more with the
// approval of the government's head (《行政许可法》第42条第2款).
const (
	JointLimitDays     = 45
	JointExtensionDays = 15
)

// item returns the chosen item with code, or nil.
func (n *Notice) item(code string) *NoticeItem {
	for i := range n.Items {
		if n.Items[i].Code == code {
			return &n.Items[i]
		}
	}
	return nil
}

// schedule lays the licensed items out in time: each starts when the
// items it waits for (After, if chosen) are done, the rest in parallel.
// It sets each item's DueDays and ExpectedDate, and the notice's committed
// and legal totals along the longest path, the legal latest with the
// extensions the law allows (capped for joint processing), and notes that
// say what they include.
func (c *Catalog) schedule(n *Notice, start time.Time) {
	var pre []*NoticeItem
	for i := range n.Items {
		it := &n.Items[i]
		if !it.OnLicense {
			it.After, it.AfterNote = nil, Note{}
			continue
		}
		pre = append(pre, it)
	}
	chosen := func(code string) *NoticeItem {
		for _, it := range pre {
			if it.Code == code {
				return it
			}
		}
		return nil
	}
	for _, it := range pre {
		var after []string
		for _, a := range it.After {
			if chosen(a) != nil {
				after = append(after, a)
			}
		}
		it.After = after
		if len(after) == 0 {
			it.AfterNote = Note{}
		}
	}
	// Finish times along the longest path (the After graph is acyclic:
	// Parse refuses cycles; depth guards a hand-built catalog).
	type finish struct{ committed, legal, legalMax int }
	memo := map[string]finish{}
	var done func(it *NoticeItem, depth int) finish
	done = func(it *NoticeItem, depth int) finish {
		if f, ok := memo[it.Code]; ok || depth > len(pre) {
			return f
		}
		var s finish
		for _, a := range it.After {
			p := done(chosen(a), depth+1)
			s = finish{max(s.committed, p.committed), max(s.legal, p.legal), max(s.legalMax, p.legalMax)}
		}
		f := finish{s.committed + it.CommittedDays, s.legal + it.LegalDays, s.legalMax + it.LegalDays + it.ExtensionDays}
		memo[it.Code] = f
		return f
	}
	var last *NoticeItem
	pathMax := 0
	for _, it := range pre {
		f := done(it, 0)
		it.DueDays = f.committed
		it.ExpectedDate = c.Calendar.AddWorkdays(start, f.committed).Format(time.DateOnly)
		if last == nil || f.committed > n.CommittedDays {
			last, n.CommittedDays = it, f.committed
		}
		n.LegalDays = max(n.LegalDays, f.legal)
		pathMax = max(pathMax, f.legalMax)
	}
	n.Path = []string{}
	for it := last; it != nil; {
		n.Path = append([]string{it.Code}, n.Path...)
		var next *NoticeItem
		for _, a := range it.After {
			if p := chosen(a); next == nil || memo[a].committed > memo[next.Code].committed {
				next = p
			}
		}
		it = next
	}
	n.LegalMaxDays = pathMax
	capped := false
	if len(pre) >= 2 && pathMax > JointLimitDays+JointExtensionDays {
		n.LegalMaxDays, capped = JointLimitDays+JointExtensionDays, true
	}
	n.ExpectedDate = c.Calendar.AddWorkdays(start, n.CommittedDays).Format(time.DateOnly)
	n.LegalDate = c.Calendar.AddWorkdays(start, n.LegalMaxDays).Format(time.DateOnly)
	n.TimeNote = timeNote(pre, n.CommittedDays)
	n.LegalNote = legalNote(pre, n.LegalMaxDays, capped)
}

// timeNote explains the committed total: parallel items, the order of
// those that wait for another, and where the limits come from.
func timeNote(pre []*NoticeItem, days int) Note {
	var orderZH, orderEN []string
	for _, it := range pre {
		if len(it.After) > 0 {
			orderZH = append(orderZH, it.AfterNote.ZH)
			orderEN = append(orderEN, it.AfterNote.EN)
		}
	}
	zh := fmt.Sprintf("各事项同时办理，总承诺时限取办理时间最长的一项，共 %d 个工作日", days)
	en := fmt.Sprintf("Items run at the same time; the overall committed time is the longest, %d working days", days)
	if len(orderZH) > 0 {
		zh = fmt.Sprintf("有先后顺序的事项依次办理（%s），时间相加；其余事项同时办理。总承诺时限取最长的一条，共 %d 个工作日",
			strings.Join(orderZH, "；"), days)
		en = fmt.Sprintf("Items that wait for another run one after the other (%s) and their times add up; the others run at the same time. "+
			"The overall committed time is the longest chain, %d working days", strings.Join(orderEN, "; "), days)
	}
	return Note{
		ZH: zh + "，受理当天不算。承诺时限按方案“在法定时限基础上压缩60%以上”计算，是最长的时限，" + LocalGuideZH + "。",
		EN: en + ", not counting the day of acceptance. Committed limits are the longest the plan allows (at least 60% shorter " +
			"than the legal limits); " + LocalGuideEN + ".",
		Reliability: Unverified,
		Source: "方案（奈政办字〔2024〕30号）主要任务（二）：承诺办结时限在法定办结时限基础上压缩60%以上；奈曼旗公布的承诺时限未能取得" +
			"（catalog-facts §0），故取上限值。事项先后顺序见各事项 after_note。",
	}
}

// legalNote says what the legal latest includes: each item's legal limit
// and the extensions the law allows, in sequence where items wait for
// another, the joint-processing limit, and what is never counted.
func legalNote(pre []*NoticeItem, days int, capped bool) Note {
	var ext, extEN []string
	rel := Verified
	seq := false
	for _, it := range pre {
		if it.ExtensionDays > 0 {
			ext = append(ext, fmt.Sprintf("%s可延长%d个工作日", it.Name, it.ExtensionDays))
			extEN = append(extEN, fmt.Sprintf("%s +%d", it.NameEN, it.ExtensionDays))
		}
		if r := it.LimitNote.Reliability; r.Uncertain() && (rel == Verified || r == Unverified) {
			rel = r
		}
		seq = seq || len(it.After) > 0
	}
	if len(pre) == 0 {
		return Note{}
	}
	zh := []string{fmt.Sprintf("“法定最迟”按法律规定的最长时限计算，共 %d 个工作日", days)}
	en := []string{fmt.Sprintf("The legal latest is the longest time the law allows, %d working days", days)}
	if len(ext) > 0 {
		zh = append(zh, "已算上依法可以延长的时间（"+strings.Join(ext, "，")+"）")
		en = append(en, "including the extensions the law allows ("+strings.Join(extEN, ", ")+")")
	}
	if seq {
		zh = append(zh, "有先后顺序的事项时间相加")
		en = append(en, "adding up the times of items that wait for another")
	}
	if len(pre) >= 2 {
		s := fmt.Sprintf("多个事项联合办理的，总时间不超过%d个工作日，经批准可再延长%d个工作日（《行政许可法》第42条第2款）", JointLimitDays, JointExtensionDays)
		if capped {
			s += "，已按此计算"
		}
		zh = append(zh, s)
		en = append(en, fmt.Sprintf("joint processing takes at most %d working days, %d more with approval (Administrative Licensing Law art. 42(2))",
			JointLimitDays, JointExtensionDays))
	}
	zh = append(zh, "现场核查后整改、检测、专家评审等时间不算在内（《行政许可法》第45条）")
	en = append(en, "time for rectification, testing and expert review is not counted (art. 45)")
	return Note{
		ZH:          strings.Join(zh, "；") + "。",
		EN:          strings.Join(en, "; ") + ".",
		Reliability: rel,
		Source:      "《行政许可法》第42、45条（catalog-facts §0.1 ✅）；各事项法定时限与延长时限见其 limit_note。",
	}
}

// NoticeFor rebuilds the notice of an application that names its items:
// exactly those items of the industry (codes or names), handled as the
// answers say (variants, e.g. a prepackaged-food filing), with the same
// times, order and filings as the notice the applicant saw. The tracking
// screens use it for due dates and for filings after opening. Invalid
// answers are ignored; errors are *usererr.Error.
func (c *Catalog) NoticeFor(industry string, items []string, answers Answers, start time.Time) (*Notice, error) {
	ind, err := c.Industry(industry)
	if err != nil {
		return nil, err
	}
	want := map[string]bool{}
	for _, ref := range items {
		s, err := c.Treatment(ind.Code, ref, nil)
		if err != nil {
			return nil, err
		}
		want[s.Item.Code] = true
	}
	norm := Answers{}
	for k, v := range answers {
		if n, err := c.NormalizeAnswer(k, v); err == nil {
			norm[k] = n
		}
	}
	sel, err := c.Match(Request{Industry: ind.Code, Answers: norm, All: true})
	if err != nil {
		return nil, err
	}
	var keep []Selected
	for _, list := range [][]Selected{sel.Items, sel.Exempt} {
		for _, s := range list {
			if want[s.Item.Code] {
				s.Unanswered = nil
				keep = append(keep, s)
			}
		}
	}
	slices.SortStableFunc(keep, func(a, b Selected) int { return entryIndex(ind, a.Item.Code) - entryIndex(ind, b.Item.Code) })
	sel.Items, sel.Possible, sel.Exempt = keep, nil, nil
	return c.Notice(sel, start), nil
}

func entryIndex(ind *Industry, code string) int {
	for i, e := range ind.Entries {
		if e.Item == code {
			return i
		}
	}
	return len(ind.Entries)
}

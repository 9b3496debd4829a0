package journey

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/naiman-yiye/yiye/app/i18n"
	"github.com/naiman-yiye/yiye/app/shell"
	"github.com/naiman-yiye/yiye/client/api"
	"github.com/naiman-yiye/yiye/portal"
)

// openFromLicense signs the demo applicant in, starts a draft of kind on
// the demo license of industry, as 我的许可证 does, and opens it.
func openFromLicense(t *testing.T, h *harness, industry, kind string) (*session, api.License) {
	t.Helper()
	ctx := context.Background()
	h.env.SignIn(portal.DemoPhone)
	h.env.Start()
	list, err := h.core.Licenses(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var lic api.License
	for _, l := range list.Licenses {
		if l.Industry == industry {
			lic = l
		}
	}
	if lic.Number == "" {
		t.Fatalf("no demo %s license", industry)
	}
	d, err := h.core.NewDraftFromLicense(ctx, lic.Number, kind, nil)
	if err != nil {
		t.Fatal(err)
	}
	h.env.Shell.Open(shell.ScreenDrafts)
	h.j.OpenDraft(d.ID)
	h.idle()
	if len(h.errs) > 0 || len(h.j.sessions) != 1 {
		t.Fatalf("draft not opened: %v", h.errs)
	}
	return h.j.sessions[0], lic
}

// TestDraftAfterIssue: a draft started on a license opens on what it
// applies for, with no questions; its notice and form hold only what the
// procedure asks, the license's details carried over.
func TestDraftAfterIssue(t *testing.T) {
	for _, tc := range []struct {
		name, industry, kind string
		items                []string // the notice's items
		asks, notAsked       []string // form fields
	}{
		{"add the gym's refused item", "gym", api.KindAddItems, []string{"GWTY"},
			[]string{"gwty_projects"}, []string{"ggws_venue_type"}},
		{"cancel the convenience store's license", "convenience-store", api.KindCancellation, nil,
			[]string{"entity_name"}, []string{"spjy_main_format"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := openHarness(t)
			defer h.close()
			s, lic := openFromLicense(t, h, tc.industry, tc.kind)
			if !s.lifecycle || s.q != nil || s.step != stepQuestions {
				t.Fatalf("session lifecycle %v questions %v step %d", s.lifecycle, s.q != nil, s.step)
			}
			if got := s.steps[stepQuestions].Text; got != "1 办理内容" {
				t.Errorf("first step %q", got)
			}
			page := s.body.Objects[0]
			if !hasText(page, lic.Number) || !hasText(page, "涉及事项") {
				t.Errorf("the first step does not say what is applied for: %q", texts(page))
			}
			// Adding items says how long they take, as the license page does.
			if days := fmt.Sprintf("约%d个工作日", s.plan.Notice.CommittedDays); tc.kind == api.KindAddItems &&
				(s.plan.Notice.CommittedDays == 0 || !hasText(page, days)) {
				t.Errorf("the first step does not say %q: %q", days, texts(page))
			}
			if s.next.Disabled() {
				t.Fatal("下一步 disabled")
			}
			test.Tap(s.next)
			h.idle()
			if s.step != stepNotice {
				t.Fatalf("step %d after 下一步", s.step)
			}
			var codes []string
			for _, it := range s.plan.Notice.Items {
				codes = append(codes, it.Code)
			}
			want := tc.items
			if want == nil {
				for _, it := range lic.Items {
					want = append(want, it.Code)
				}
			}
			if !slices.Equal(codes, want) {
				t.Errorf("notice items %v, want %v", codes, want)
			}
			s.show(stepForm)
			h.idle()
			for _, k := range tc.asks {
				if _, ok := s.form.rows[k]; !ok {
					t.Errorf("form does not ask %s", k)
				}
			}
			for _, k := range tc.notAsked {
				if _, ok := s.form.rows[k]; ok {
					t.Errorf("form asks %s again", k)
				}
			}
			if got := s.form.rows["entity_name"].entry.Text; got != lic.HolderName {
				t.Errorf("entity name %q, want the license's %q", got, lic.HolderName)
			}
		})
	}
}

// TestDraftAfterIssueInEnglish: the first step and its rebuild after a
// language switch keep the license's plan.
func TestDraftAfterIssueInEnglish(t *testing.T) {
	h := openHarness(t)
	defer h.close()
	defer i18n.Apply(i18n.Chinese)
	s, lic := openFromLicense(t, h, "gym", api.KindAddItems)
	if err := i18n.Apply(i18n.English); err != nil {
		t.Fatal(err)
	}
	h.env.Shell.Rebuild(shell.ScreenDrafts)
	h.idle()
	s2 := h.j.sessions[0]
	if s2 == s || !s2.lifecycle || s2.plan == nil || s2.plan.License.Number != lic.Number {
		t.Fatalf("rebuilt session lost its license plan")
	}
	if got := s2.steps[stepQuestions].Text; got != "1 Application" {
		t.Errorf("first step %q", got)
	}
	page := s2.body.Objects[0]
	if !hasText(page, "Items:") || hasText(page, "涉及事项") {
		t.Errorf("first step not in English: %q", texts(page))
	}
	for _, txt := range texts(page) {
		if strings.Contains(txt, "Result:") {
			return
		}
	}
	t.Errorf("no result line: %q", texts(page))
}

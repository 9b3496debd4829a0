package licenseview

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/naiman-yiye/yiye/app/apptest"
	"github.com/naiman-yiye/yiye/app/i18n"
	"github.com/naiman-yiye/yiye/app/shell"
	"github.com/naiman-yiye/yiye/application"
	"github.com/naiman-yiye/yiye/catalog"
	"github.com/naiman-yiye/yiye/client/api"
	"github.com/naiman-yiye/yiye/portal"
)

// certFor opens the certificate page of the applicant's license of an
// industry (the newest in force) and waits for its drafts and filings.
func (w *world) certFor(t *testing.T, industry string) *licenseView {
	t.Helper()
	lv := w.licenses(t)
	for _, lic := range lv.lics {
		if lic.Industry == industry && lic.Status != api.LicenseReplaced {
			w.lic.openLicense(lv.ctx, lic, lv.cachedAt)
			v := w.lic.cert
			w.Pump("license page loaded", func() bool { return len(v.drafts.Objects) > 0 && len(v.filings.Objects) > 0 })
			return v
		}
	}
	t.Fatalf("no %s license", industry)
	return nil
}

// TestAddItemFromLicense: the gym's refused item is offered first, with
// what happens and how long it takes; starting it opens a pre-filled
// draft in the journey; its form prints as the re-issue application form.
func TestAddItemFromLicense(t *testing.T) {
	w := newWorld(t)
	v := w.certFor(t, "gym")
	got := texts(v.root)
	for _, want := range []string{"现在可以办理", "增加事项（换发新证）", "换发一张新的行业综合许可证", "经营高危险性体育项目许可约",
		"有效期以单项证件为准", "未获许可：经营高危险性体育项目许可", "变更证上信息", "注销（不再经营）", "证照记录", "没有正在准备的申请",
		"12345"} {
		if !strings.Contains(got, want) {
			t.Errorf("license page lacks %q", want)
		}
	}
	if strings.Contains(got, "有效期至 \n") || strings.Contains(got, "有效期至 ·") {
		t.Error("an item without a validity shows an empty date")
	}
	add := v.life.actions[api.KindAddItems]
	if add == nil {
		t.Fatal("no 增加事项 button")
	}
	test.Tap(add)
	if v.chooser == nil || !v.checks["GWTY"].Checked {
		t.Fatalf("the refused item is not offered ticked: %v", v.checks)
	}
	v.chooser.Confirm()
	w.Pump("draft opened", func() bool { return len(w.opened) == 1 })
	d, err := w.Core.Drafts().Get(context.Background(), w.opened[0])
	if err != nil || d.Kind != api.KindAddItems || !slices.Equal(d.Items, []string{"GWTY"}) || d.Values["entity_name"] != v.lic.HolderName {
		t.Fatalf("draft %+v %v", d, err)
	}
	w.Pump("draft listed", func() bool { return strings.Contains(texts(v.drafts), "继续填写") })
	if !strings.Contains(texts(v.drafts), "增加事项（换发新证） · "+v.lic.HolderName) {
		t.Fatalf("drafts: %s", texts(v.drafts))
	}
	pdf := filepath.Join(t.TempDir(), "换发申请表.pdf")
	v.writeForm(d.ID, pdf)
	w.Pump("form written", func() bool { st, err := os.Stat(pdf); return err == nil && st.Size() > 1000 })
	if _, err := exec.LookPath("pdftotext"); err == nil {
		out, err := exec.Command("pdftotext", "-enc", "UTF-8", pdf, "-").Output()
		txt := strings.Join(strings.Fields(string(out)), "")
		for _, want := range []string{"行业综合许可证增加事项（换发）申请表", v.lic.Number, "经营高危险性体育项目许可"} {
			if err != nil || !strings.Contains(txt, want) {
				t.Errorf("printed form lacks %q (%v)", want, err)
			}
		}
	}
}

// TestVoidLicenseShowsNextSteps: an item certificate withdrawn voids the
// license; the list and the page say so and what to do next, and only
// adding the item again or cancelling are offered.
func TestVoidLicenseShowsNextSteps(t *testing.T) {
	w := newWorld(t)
	lv := w.licenses(t)
	var gym api.License
	for _, l := range lv.lics {
		if l.Industry == "gym" {
			gym = l
		}
	}
	if err := w.Portal.EndItem(context.Background(), gym.Number, "XFJC", api.ItemWithdrawn, "消防设施严重不符（测试）"); err != nil {
		t.Fatal(err)
	}
	lv.load()
	w.Pump("list reloaded", func() bool { return strings.Contains(texts(lv.list), "已作废") })
	if !strings.Contains(texts(lv.list), "许可证已作废，请看“我的许可证”里的办理办法") {
		t.Errorf("list lacks the reminder: %s", texts(lv.list))
	}
	v := w.certFor(t, "gym")
	if v.life.void == nil {
		t.Fatal("no void card")
	}
	got := texts(v.life.void)
	for _, want := range []string{"已作废，不能再作为有效证件使用", "吊销", "行业综合许可证同时作废", "重新申请", "注销"} {
		if !strings.Contains(got, want) {
			t.Errorf("void card lacks %q:\n%s", want, got)
		}
	}
	var offered []string
	for k := range v.life.actions {
		offered = append(offered, k)
	}
	slices.Sort(offered)
	if !slices.Equal(offered, []string{api.KindAddItems, api.KindCancellation}) {
		t.Fatalf("a void license offers %v", offered)
	}
	if !strings.Contains(texts(v.root), "许可证已作废，不能办理这项") {
		t.Error("unavailable actions do not say why")
	}
	test.Tap(v.life.actions[api.KindCancellation])
	v.chooser.Confirm()
	w.Pump("cancellation draft", func() bool { return len(w.opened) == 1 })
	d, _ := w.Core.Drafts().Get(context.Background(), w.opened[0])
	if d.Kind != api.KindCancellation || !slices.Equal(d.Items, []string{"GGWS"}) {
		t.Fatalf("cancellation draft %+v", d)
	}
}

// TestRenewalOnLicense: the noodle shop's food license is inside its
// renewal window: said on the list and the page, in Chinese and English.
func TestRenewalOnLicense(t *testing.T) {
	w := newWorld(t)
	v := w.certFor(t, "restaurant")
	if got := texts(w.lic.list.list); !strings.Contains(got, "食品经营许可现在可以申请延续") {
		t.Errorf("list lacks the renewal reminder:\n%s", got)
	}
	if got := texts(v.root); !strings.Contains(got, "现在可以申请延续，请在") || !strings.Contains(got, "90至15个工作日") {
		t.Errorf("page lacks the renewal:\n%s", got)
	}
	if v.life.renewNow == nil || !strings.Contains(texts(v.root), "需要您注意") {
		t.Fatal("the renewal due is not at the top")
	}
	test.Tap(v.life.renewNow)
	if !v.checks["SPJY"].Checked || v.checks["XFJC"] != nil {
		t.Fatalf("renewal offers %v", v.checks)
	}
	rs := application.LicenseReminders(w.Core.Catalog(), v.lic, time.Now())
	if len(rs) != 1 {
		t.Fatalf("reminders %+v", rs)
	}
	if err := i18n.Apply(i18n.English); err != nil {
		t.Fatal(err)
	}
	title, body := ReminderText(rs[0])
	if !strings.Contains(title, "License reminder for") || !strings.Contains(body, "can be renewed now") {
		t.Fatalf("English reminder %q %q", title, body)
	}
	w.Shell.Rebuild(shell.ScreenLicenses) // as a language change does
	w.Pump("English list", func() bool { return strings.Contains(texts(w.lic.list.list), "can be renewed now") })
	v = w.certFor(t, "restaurant")
	for _, want := range []string{"What you can do now", "Renew (validity ending)", "Validity and renewal", "Ask the window"} {
		if !strings.Contains(texts(v.root), want) {
			t.Errorf("English page lacks %q", want)
		}
	}
}

// TestLicenseConversation: a question about the license goes to the hall
// and the answer shows in the thread; a kiosk session shows no license
// thread (only the application in hand's, in 我的申请).
func TestLicenseConversation(t *testing.T) {
	w := newWorld(t)
	w.Start()
	v := w.certFor(t, "gym")
	th := v.thread
	th.Ask("游泳池救生员证书办好了，怎么补办许可？")
	test.Tap(th.SendButton())
	w.Pump("question sent", func() bool {
		c := th.Conversation()
		return len(c.Messages) == 1 && len(c.Pending) == 0
	})
	if _, err := w.Portal.Reply(context.Background(), "", "", v.lic.Number, "", "请在“我的许可证”点增加事项（测试）。"); err != nil {
		t.Fatal(err)
	}
	w.Pump("answer shown", func() bool { return strings.Contains(texts(th.Object()), "请在“我的许可证”点增加事项") })
	if !strings.Contains(texts(th.Object()), "旗行政审批政务服务与数据管理局答复") {
		t.Errorf("thread: %s", texts(th.Object()))
	}

	k := apptest.New(t)
	kl := New(k.Core, k.Run, Options{})
	k.NewShell(shell.Options{Screens: kl.Screens(), Kiosk: true})
	k.SignIn(portal.DemoPhone)
	kw := &world{Env: k, lic: kl}
	kv := kw.certFor(t, "gym")
	if kv.thread != nil || !strings.Contains(texts(kv.root), "只显示正在办理的申请的咨询") {
		t.Fatal("a kiosk shows the license's conversation")
	}
}

// TestConversationAttachments: files chosen for a question are listed,
// counted once, capped at the portal's limit, can be taken off again
// before sending, and the one left goes with the question.
func TestConversationAttachments(t *testing.T) {
	w := newWorld(t)
	w.Start()
	th := w.certFor(t, "gym").thread
	dir := t.TempDir()
	var files []string
	for i := range api.MaxMessageAttachments + 1 {
		f := filepath.Join(dir, fmt.Sprintf("照片%d.png", i+1))
		var b bytes.Buffer
		if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, 40+i, 40))); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(f, b.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	remove := th.RemoveFilesButton()
	if remove.Visible() {
		t.Fatal("remove offered with no files")
	}
	th.AddFile(files[0])
	th.AddFile(files[0])
	if got := th.Files(); len(got) != 1 || !strings.Contains(texts(th.Object()), "附件：照片1.png") || !remove.Visible() {
		t.Fatalf("one file chosen twice: %v, %s", got, texts(th.Object()))
	}
	for _, f := range files[1:] {
		th.AddFile(f)
	}
	if got := th.Files(); len(got) != api.MaxMessageAttachments || !th.AttachButton().Disabled() {
		t.Fatalf("%d files kept (attach disabled: %v), want the limit %d", len(got), th.AttachButton().Disabled(), api.MaxMessageAttachments)
	}
	test.Tap(remove)
	if len(th.Files()) != 0 || remove.Visible() || th.AttachButton().Disabled() || strings.Contains(texts(th.Object()), "附件：") {
		t.Fatalf("after removing: %v, %s", th.Files(), texts(th.Object()))
	}
	th.AddFile(files[2])
	th.Ask("这张照片里的消防通道合格吗？")
	test.Tap(th.SendButton())
	w.Pump("question sent", func() bool {
		c := th.Conversation()
		return len(c.Messages) == 1 && len(c.Pending) == 0
	})
	if m := th.Conversation().Messages[0]; len(m.Attachments) != 1 || m.Attachments[0].Filename != "照片3.png" {
		t.Fatalf("sent attachments %+v", m.Attachments)
	}
	if len(th.Files()) != 0 || remove.Visible() {
		t.Errorf("files still chosen after sending: %v", th.Files())
	}
}

// TestFilingsOnLicense: the bookstore's filings show with their last day
// once the opening date is entered; one marked done goes to the portal.
func TestFilingsOnLicense(t *testing.T) {
	w := newWorld(t)
	w.Start()
	d := w.ReadyDraftFor("bookstore", "示例书屋（演示）", map[string]string{"online_books": "是", "food_mode": "bulk_or_prepared"})
	id := w.Submit(d)
	w.Walk(id, nil, nil)
	lv := w.licenses(t)
	lv.load()
	w.Pump("bookstore listed", func() bool {
		return slices.ContainsFunc(lv.lics, func(l api.License) bool { return l.Industry == "bookstore" })
	})
	v := w.certFor(t, "bookstore")
	w.Pump("filings", func() bool { return strings.Contains(texts(v.filings), "公共场所卫生备案") })
	got := texts(v.filings)
	for _, want := range []string{"出版物网上发行备案", "填上下面的日期后", "开业日期", "开始网上发行的日期"} {
		if !strings.Contains(got, want) {
			t.Errorf("filings lack %q:\n%s", want, got)
		}
	}
	opened := time.Now()
	v.events[catalog.FilingAfterOpening].SetDate(opened)
	test.Tap(v.saveEvent[catalog.FilingAfterOpening])
	due := i18n.FormatDateLong(catalog.Date(opened.Date()).AddDate(0, 0, 30))
	w.Pump("due date shown", func() bool { return strings.Contains(texts(v.filings), "请在"+due+"前办理") })
	if got := v.events[catalog.FilingAfterOpening].Text; got != opened.Format(i18n.DateLayout) {
		t.Fatalf("the opening date entered is not shown: %q", got)
	}
	test.Tap(v.mark["GGWS"])
	v.reference.SetText("BA-2026-7")
	v.chooser.Confirm()
	w.Pump("filing done", func() bool { return strings.Contains(texts(v.filings), "（回执 BA-2026-7）") })
	w.Pump("reported to the portal", func() bool {
		a, err := w.Core.Application(context.Background(), id)
		return err == nil && len(a.Filings) == 1
	})
}

// TestVerifyAfterIssue: on 核验许可证 an older QR of a license whose
// other details changed verifies and says a newer one exists; the QR of
// a void license is genuine but not valid.
func TestVerifyAfterIssue(t *testing.T) {
	w := newWorld(t)
	w.Start()
	ctx := context.Background()
	lv := w.licenses(t)
	var store, gym api.License
	for _, l := range lv.lics {
		switch l.Industry {
		case "convenience-store":
			store = l
		case "gym":
			gym = l
		}
	}
	d, err := w.Core.NewDraftFromLicense(ctx, store.Number, api.KindUpdate, []string{"GGWS"})
	if err != nil {
		t.Fatal(err)
	}
	w.Walk(w.Submit(w.MakeReady(d)), nil, nil)
	vv, check := w.verifier(t)
	res := check(store.QRPayload)
	if !vv.last.Valid() || !strings.Contains(res, "核验通过") || !strings.Contains(res, "这是旧版二维码（第 1 版），已有新版（第 2 版）") {
		t.Fatalf("older QR:\n%s", res)
	}
	if err := w.Portal.EndItem(ctx, gym.Number, "GGWS", api.ItemCancelled, "经营者申请注销卫生许可（测试）"); err != nil {
		t.Fatal(err)
	}
	res = check(gym.QRPayload)
	if vv.last.Valid() || !strings.Contains(res, "目前已作废") || !strings.Contains(res, "签名核对通过") {
		t.Fatalf("void license:\n%s", res)
	}
}

package track

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/naiman-yiye/yiye/app/apptest"
	"github.com/naiman-yiye/yiye/app/shell"
	"github.com/naiman-yiye/yiye/client/api"
	"github.com/naiman-yiye/yiye/portal"
)

// TestApplicationAfterIssue: an update of the convenience store's
// license is listed with its kind; its detail shows the license it
// concerns, its filings and its conversation with the hall, where a
// question goes out and the answer comes back; at a kiosk the application
// in hand's conversation is shown too.
func TestApplicationAfterIssue(t *testing.T) {
	for _, kiosk := range []bool{false, true} {
		name := "window"
		if kiosk {
			name = "kiosk"
		}
		t.Run(name, func(t *testing.T) {
			env := apptest.New(t)
			tr := New(env.Core, env.Run)
			env.NewShell(shell.Options{Screens: tr.Screens(), Kiosk: kiosk})
			w := &world{Env: env, tr: tr}
			w.SignIn(portal.DemoPhone)
			w.Start()
			ctx := context.Background()
			list, err := w.Core.Licenses(ctx)
			if err != nil {
				t.Fatal(err)
			}
			var store api.License
			for _, l := range list.Licenses {
				if l.Industry == "convenience-store" {
					store = l
				}
			}
			d, err := w.Core.NewDraftFromLicense(ctx, store.Number, api.KindUpdate, []string{"SPJY"})
			if err != nil {
				t.Fatal(err)
			}
			appID := w.Submit(w.MakeReady(d))
			apps := w.apps(t)
			apps.reload()
			w.Pump("listed", func() bool { return strings.Contains(texts(apps.list), "变更其他信息（更新二维码）") })
			w.tr.openDetail(apps.ctx, appID)
			v := w.tr.detail
			w.Pump("detail", func() bool { return v.thread != nil && strings.Contains(texts(v.filings), "备案") })
			got := texts(v.body)
			for _, want := range []string{"申请办理：变更其他信息（更新二维码） · 许可证 " + store.Number, "咨询窗口（一线应答）",
				"这份申请没有开业后要办的备案", "12345"} {
				if !strings.Contains(got, want) {
					t.Errorf("detail lacks %q:\n%s", want, got)
				}
			}
			v.thread.Ask("经营项目增加了散装食品，要交什么材料？")
			test.Tap(v.thread.SendButton())
			w.Pump("sent", func() bool { c := v.thread.Conversation(); return len(c.Messages) == 1 && len(c.Pending) == 0 })
			if _, err := w.Portal.Reply(ctx, "", appID, "", "", "请上传新的经营项目说明（测试）。"); err != nil {
				t.Fatal(err)
			}
			w.Pump("answer", func() bool { return strings.Contains(texts(v.thread.Object()), "请上传新的经营项目说明") })
			w.Walk(appID, nil, nil)
			w.Core.RefreshStatus()
			w.Pump("done", func() bool {
				return strings.Contains(texts(v.body), "已办结") && strings.Contains(texts(v.body), "许可证二维码已更新")
			})
		})
	}
}

package portal

import (
	"crypto/subtle"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/naiman-yiye/yiye/agent"
	"github.com/naiman-yiye/yiye/client/api"
	"github.com/naiman-yiye/yiye/usererr"
)

// The back office is plain server-rendered Chinese HTML for staff and
// trainers: a list, an application page with one form per action, and
// license revoke/replace. Forms carry a per-process token against CSRF.

func (s *Server) backOffice(m *http.ServeMux) {
	m.HandleFunc("GET /admin/{$}", s.staff(s.boIndex))
	m.HandleFunc("GET /admin/app/{id}", s.staff(s.boApp))
	m.HandleFunc("POST /admin/app/{id}", s.staff(s.boAppPost))
	m.HandleFunc("POST /admin/license/{number}", s.staff(s.boLicensePost))
}

var statusZH = map[string]string{
	api.StatusSubmitted: "已提交", api.StatusAccepted: "已受理", api.StatusCorrectionRequested: "待补正",
	api.StatusInspectionScheduled: "待联合核查", api.StatusApproved: "已批准", api.StatusPartiallyApproved: "部分批准",
	api.StatusRejected: "不予许可", api.StatusLicensed: "已发证", api.ItemPending: "待受理",
	api.LicenseValid: "有效", api.LicenseRevoked: "已注销", api.LicenseReplaced: "已换发",
}

var eventZH = map[string]string{
	api.EventSubmitted: "提交申请", api.EventAccepted: "受理", api.EventCorrectionRequested: "要求补正",
	api.EventCorrectionAnswered: "申请人已补正", api.EventInspectionScheduled: "安排联合核查（一同核查）",
	api.EventItemApproved: "事项批准", api.EventItemRejected: "事项不予许可", api.EventApproved: "全部批准",
	api.EventPartiallyApproved: "部分批准", api.EventRejected: "全部不予许可", api.EventLicenseIssued: "发放行业综合许可证",
	api.EventLicenseRevoked: "许可证注销", api.EventLicenseReplaced: "许可证换发",
}

var boFuncs = template.FuncMap{
	"zh":     func(s string) string { return or(statusZH[s], s) },
	"ev":     func(s string) string { return or(eventZH[s], s) },
	"t":      func(t time.Time) string { return t.In(cst).Format("2006-01-02 15:04") },
	"join":   strings.Join,
	"idtype": agent.IDTypeName,
}

func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

const boHead = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>一业一证后台（演示）</title>
<style>body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;margin:1rem 2rem;color:#1d2733}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccd;padding:.3rem .5rem;text-align:left;vertical-align:top}
form.inline{display:inline}fieldset{margin:.6rem 0;border:1px solid #ccd}.msg{background:#fff3cd;padding:.5rem}
input[type=text]{width:22rem}</style></head><body>
<p><a href="/admin/">后台首页</a> · 奈曼旗“一业一证”参考门户（演示系统，数据均为虚构）</p>
{{with .Msg}}<p class="msg">{{.}}</p>{{end}}`

var boIndexTmpl = template.Must(template.New("i").Funcs(boFuncs).Parse(boHead + `
<h1>申请列表</h1>
<table><tr><th>受理编号</th><th>主体</th><th>行业</th><th>状态</th><th>事项</th><th>更新</th></tr>
{{range .Apps}}<tr><td><a href="/admin/app/{{.ID}}">{{.Number}}</a></td><td>{{.SubjectName}}</td><td>{{.Industry}}</td>
<td>{{zh .Status}}</td><td>{{range .Items}}{{.Code}}:{{zh .Status}} {{end}}</td><td>{{t .UpdatedAt}}</td></tr>{{end}}
</table>
<h1>许可证</h1>
<table><tr><th>编号</th><th>名称</th><th>状态</th><th>操作</th></tr>
{{range .Licenses}}<tr><td><a href="/V/{{.Number}}">{{.Number}}</a></td><td>{{.HolderName}}</td><td>{{zh .Status}}{{with .ReplacedBy}} → {{.}}{{end}}</td>
<td>{{if eq .Status "valid"}}<form class="inline" method="post" action="/admin/license/{{.Number}}">
<input type="hidden" name="csrf" value="{{$.CSRF}}"><input type="text" name="reason" placeholder="理由" required style="width:10rem">
<button name="action" value="revoke">注销</button><button name="action" value="replace">换发</button></form>{{end}}</td></tr>{{end}}
</table>
<h1>咨询留言（一线应答）</h1>
<table><tr><th>时间</th><th>申请人</th><th>来自</th><th>内容</th></tr>
{{range $i, $m := .Messages}}<tr><td>{{t $m.At}}</td><td>{{index $.Owners $i}}</td><td>{{if eq $m.From "staff"}}工作人员{{else}}申请人{{end}}</td><td>{{$m.Text}}</td></tr>{{end}}
</table>
<form method="post" action="/admin/app/-"><input type="hidden" name="csrf" value="{{.CSRF}}">
回复手机号 <input type="text" name="phone" style="width:9rem"> <input type="text" name="text" placeholder="答复内容">
<button name="action" value="reply">回复</button></form>
</body></html>`))

var boAppTmpl = template.Must(template.New("a").Funcs(boFuncs).Parse(boHead + `
{{with .App}}<h1>{{.Number}} {{.SubjectName}}（{{zh .Status}}）</h1>
<p>统一社会信用代码 {{.Subject.USCC}} · 法定代表人 {{.Subject.LegalRep}} · {{.Subject.Address}} · 申请人 {{$.Owner}}</p>
<table><tr><th>事项</th><th>部门</th><th>状态</th><th>证号 / 有效期 / 理由</th><th>审批</th></tr>
{{range .Items}}<tr><td>{{.Code}} {{.Name}}</td><td>{{.Department}}</td><td>{{zh .Status}}</td>
<td>{{.CertificateNo}} {{.ValidUntil}} {{.Reason}}</td><td>{{if or (eq .Status "accepted") (eq .Status "inspection_scheduled")}}
<form class="inline" method="post"><input type="hidden" name="csrf" value="{{$.CSRF}}"><input type="hidden" name="code" value="{{.Code}}">
<button name="action" value="approve">批准</button> <input type="text" name="reason" placeholder="不予许可理由" style="width:10rem">
<button name="action" value="reject">不予许可</button></form>{{end}}</td></tr>{{end}}</table>
{{with .OpenCorrection}}<p class="msg">待补正：字段 {{range .Fields}}{{.Key}} {{end}} 材料 {{range .Materials}}{{.MaterialID}} {{end}}（{{.Note}}）</p>{{end}}
<form method="post"><input type="hidden" name="csrf" value="{{$.CSRF}}">
<fieldset><legend>受理</legend><input type="text" name="note" placeholder="备注"> <button name="action" value="accept">受理</button></fieldset></form>
<form method="post"><input type="hidden" name="csrf" value="{{$.CSRF}}"><fieldset><legend>要求补正（写明字段和材料）</legend>
字段键（逗号分隔）<input type="text" name="fields"><br>材料编号（逗号分隔）<input type="text" name="materials"><br>
事项代码（逗号分隔，空=全部未办结）<input type="text" name="items"><br>说明 <input type="text" name="note">
<button name="action" value="correction">发出补正通知</button></fieldset></form>
<form method="post"><input type="hidden" name="csrf" value="{{$.CSRF}}"><fieldset><legend>安排联合核查（一次上门，多个事项）</legend>
时间 <input type="datetime-local" name="at"> 事项代码（空=全部未办结）<input type="text" name="items" style="width:10rem">
<input type="text" name="note" placeholder="说明" style="width:10rem"> <button name="action" value="inspection">安排</button></fieldset></form>
<form method="post"><input type="hidden" name="csrf" value="{{$.CSRF}}"><fieldset><legend>发证</legend>
<button name="action" value="issue">发放行业综合许可证</button> {{with .LicenseNumber}}当前证号 <a href="/V/{{.}}">{{.}}</a>{{end}}</fieldset></form>
<h2>办理时间线</h2><table><tr><th>#</th><th>时间</th><th>环节</th><th>部门</th><th>事项</th><th>说明</th></tr>
{{range .Timeline}}<tr><td>{{.Seq}}</td><td>{{t .At}}</td><td>{{ev .Type}}</td><td>{{.Department}}</td><td>{{join .Items ","}}</td>
<td>{{.Note}} {{.Reason}} {{range .Fields}}[字段 {{.Key}}] {{end}}{{range .Materials}}[材料 {{.MaterialID}}] {{end}}{{with .Inspection}}{{t .ScheduledAt}} {{join .Departments "、"}}{{end}} {{.LicenseNumber}}</td></tr>{{end}}</table>
{{with .Agent}}<h2>委托代办</h2><table id="agent">
<tr><th>受托人（代理人）</th><td>{{.AgentName}}</td></tr>
<tr><th>证件</th><td>{{idtype .IDType}} {{.IDNumber}}</td></tr>
{{with .Mobile}}<tr><th>联系电话</th><td>{{.}}</td></tr>{{end}}
<tr><th>委托人</th><td>{{or .Principal "（未填写）"}}</td></tr>
<tr><th>委托事项</th><td>{{or .Scope "（未填写）"}}</td></tr>
{{with .StaffID}}<tr><th>经办人员</th><td>{{.}}</td></tr>{{end}}
{{with .RecordedAt}}<tr><th>登记时间</th><td>{{t .}}</td></tr>{{end}}
<tr><th>授权委托书</th><td>材料 {{.LetterMaterialID}}</td></tr></table>{{end}}
<h2>材料</h2><ul>{{range .Materials}}<li>{{.MaterialID}}: {{.Filename}} ({{.UploadID}})</li>{{end}}</ul>
<h2>表单</h2><table>{{range $k, $v := .Form}}<tr><th>{{$k}}</th><td>{{$v}}</td></tr>{{end}}</table>
{{end}}
<h2>咨询</h2><ul>{{range .Messages}}<li>{{t .At}} {{if eq .From "staff"}}工作人员{{else}}申请人{{end}}：{{.Text}}</li>{{end}}</ul>
<form method="post"><input type="hidden" name="csrf" value="{{.CSRF}}"><input type="text" name="text" placeholder="答复内容">
<button name="action" value="reply">答复</button></form>
</body></html>`))

func (s *Server) boIndex(w http.ResponseWriter, r *http.Request) {
	recs, err := s.listApps(r.Context(), "")
	if err != nil {
		s.writeErr(w, err)
		return
	}
	var apps []api.ApplicationSummary
	for _, rec := range recs {
		apps = append(apps, rec.ApplicationSummary)
	}
	rows, err := s.listLicenses(r.Context(), "")
	if err != nil {
		s.writeErr(w, err)
		return
	}
	var lics []api.License
	for _, row := range rows {
		lics = append(lics, row.api(s.publicURL()))
	}
	ms, owners, err := s.messages(r.Context(), "", "")
	if err != nil {
		s.writeErr(w, err)
		return
	}
	s.render(w, boIndexTmpl, map[string]any{"Apps": apps, "Licenses": lics, "Messages": ms, "Owners": owners,
		"CSRF": s.csrf, "Msg": r.URL.Query().Get("msg")})
}

func (s *Server) boApp(w http.ResponseWriter, r *http.Request) {
	rec, err := loadApp(r.Context(), s.db, r.PathValue("id"))
	if err != nil {
		s.writeErr(w, err)
		return
	}
	ms, _, err := s.messages(r.Context(), rec.Owner, rec.ID)
	if err != nil {
		s.writeErr(w, err)
		return
	}
	s.render(w, boAppTmpl, map[string]any{"App": rec.Application, "Owner": rec.Owner, "Messages": ms,
		"CSRF": s.csrf, "Msg": r.URL.Query().Get("msg")})
}

func (s *Server) render(w http.ResponseWriter, t *template.Template, data any) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err := t.Execute(w, data); err != nil {
		s.log.Warn("back office render", "err", err)
	}
}

func splitList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '，' || r == ' ' })
}

func (s *Server) checkCSRF(r *http.Request) bool {
	return subtle.ConstantTimeCompare([]byte(r.PostFormValue("csrf")), []byte(s.csrf)) == 1
}

func (s *Server) boAppPost(w http.ResponseWriter, r *http.Request) {
	if !s.checkCSRF(r) {
		http.Error(w, "表单已过期，请刷新页面后重试。", http.StatusForbidden)
		return
	}
	id, ctx := r.PathValue("id"), r.Context()
	f := r.PostFormValue
	var err error
	done := "已完成"
	switch f("action") {
	case "accept":
		err = s.Accept(ctx, id, f("note"))
	case "correction":
		spec := CorrectionSpec{Items: splitList(f("items")), Note: f("note")}
		for _, k := range splitList(f("fields")) {
			spec.Fields = append(spec.Fields, api.FieldNote{Key: k})
		}
		for _, m := range splitList(f("materials")) {
			spec.Materials = append(spec.Materials, api.MaterialNote{MaterialID: m})
		}
		_, err = s.RequestCorrection(ctx, id, spec)
	case "inspection":
		spec := InspectionSpec{Items: splitList(f("items")), Note: f("note")}
		if v := f("at"); v != "" {
			spec.At, err = time.ParseInLocation("2006-01-02T15:04", v, cst)
		}
		if err == nil {
			_, err = s.ScheduleInspection(ctx, id, spec)
		}
	case "approve":
		err = s.ApproveItem(ctx, id, f("code"), ApproveSpec{})
	case "reject":
		err = s.RejectItem(ctx, id, f("code"), f("reason"))
	case "issue":
		var n string
		l, e := s.IssueLicense(ctx, id)
		n, err = l.Number, e
		done = "已发证 " + n
	case "reply":
		appID := id
		if id == "-" {
			appID = ""
		}
		_, err = s.Reply(ctx, f("phone"), appID, "", f("text"))
	default:
		err = errNotFound
	}
	back := "/admin/app/" + id
	if id == "-" {
		back = "/admin/"
	}
	http.Redirect(w, r, back+"?msg="+url.QueryEscape(outcome(done, err)), http.StatusSeeOther)
}

func (s *Server) boLicensePost(w http.ResponseWriter, r *http.Request) {
	if !s.checkCSRF(r) {
		http.Error(w, "表单已过期，请刷新页面后重试。", http.StatusForbidden)
		return
	}
	var err error
	switch r.PostFormValue("action") {
	case "revoke":
		err = s.RevokeLicense(r.Context(), r.PathValue("number"), r.PostFormValue("reason"))
	case "replace":
		_, err = s.ReplaceLicense(r.Context(), r.PathValue("number"), r.PostFormValue("reason"))
	default:
		err = errNotFound
	}
	http.Redirect(w, r, "/admin/?msg="+url.QueryEscape(outcome("已完成", err)), http.StatusSeeOther)
}

// outcome is the flash message after a back-office action.
func outcome(done string, err error) string {
	if err == nil {
		return done
	}
	if ae, ok := err.(*apiError); ok {
		return "未完成：" + ae.body.MessageZH
	}
	return usererr.Message(err, "zh")
}

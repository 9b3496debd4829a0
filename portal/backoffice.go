package portal

import (
	"bytes"
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/naiman-yiye/yiye/agent"
	"github.com/naiman-yiye/yiye/client/api"
	"github.com/naiman-yiye/yiye/usererr"
)

// The back office is plain server-rendered Chinese HTML for staff and
// trainers: a login form, a list, an application page with one form per
// action and its audit trail, license revoke/replace, the security log and
// staff accounts (admins). Sessions and CSRF tokens: session.go.

func (s *Server) backOffice(m *http.ServeMux) {
	m.HandleFunc("GET /admin/login", s.boLoginForm)
	m.HandleFunc("POST /admin/login", s.boLogin)
	m.HandleFunc("POST /admin/logout", s.staffPage(s.boLogout))
	m.HandleFunc("GET /admin/{$}", s.staffPage(s.boIndex))
	m.HandleFunc("GET /admin/app/{id}", s.staffPage(s.boApp))
	m.HandleFunc("POST /admin/app/{id}", s.staffPage(s.boAppPost))
	m.HandleFunc("POST /admin/license/{number}", s.staffPage(s.boLicensePost))
	m.HandleFunc("POST /admin/staff", s.staffPage(s.boStaffPost))
}

var statusZH = map[string]string{
	api.StatusSubmitted: "已提交", api.StatusAccepted: "已受理", api.StatusCorrectionRequested: "待补正",
	api.StatusInspectionScheduled: "待联合核查", api.StatusApproved: "已批准", api.StatusPartiallyApproved: "部分批准",
	api.StatusRejected: "不予许可", api.StatusLicensed: "已发证", api.ItemPending: "待受理",
	api.LicenseValid: "有效", api.LicenseRevoked: "已注销", api.LicenseReplaced: "已换发",
	api.LicenseVoid: "已作废", api.LicenseCancelled: "已注销（持证人申请）", api.StatusCompleted: "已办结",
}

var kindZH = map[string]string{"": "新办", api.KindNew: "新办", api.KindAddItems: "增加事项（换发）",
	api.KindChange: "变更证面信息（换发）", api.KindUpdate: "变更其他信息（更新二维码）", api.KindRenewal: "延续（换发）",
	api.KindCancellation: "注销"}

var historyZH = map[string]string{api.HistoryIssued: "发证", api.HistoryUpdated: "二维码更新", api.HistoryReplaced: "换发（本证作废）",
	api.HistoryItemEnded: "单项证件终止（本证作废）", api.HistoryCancelled: "注销", api.HistoryRevoked: "撤销"}

var eventZH = map[string]string{
	api.EventSubmitted: "提交申请", api.EventAccepted: "受理", api.EventCorrectionRequested: "要求补正",
	api.EventCorrectionAnswered: "申请人已补正", api.EventInspectionScheduled: "安排联合核查（一同核查）",
	api.EventItemApproved: "事项批准", api.EventItemRejected: "事项不予许可", api.EventApproved: "全部批准",
	api.EventPartiallyApproved: "部分批准", api.EventRejected: "全部不予许可", api.EventLicenseIssued: "发放行业综合许可证",
	api.EventLicenseRevoked: "许可证注销", api.EventLicenseReplaced: "许可证换发",
	api.EventLicenseUpdated: "许可证二维码更新", api.EventLicenseCancelled: "许可证注销（持证人申请）",
	api.EventFilingReported: "申请人报告已备案", api.EventLicenseVoid: "单项证件终止，许可证作废",
}

var secZH = map[string]string{
	secLocked: "连续输错，已锁定", secDailyFailures: "当日输错次数达上限，锁定至午夜", secDailyCodes: "当日验证码次数达上限",
	secAddrCodes: "同一网络地址获取验证码过多", secAddrFailures: "同一网络地址输错过多",
}

var roleZH = map[string]string{RoleAdmin: "管理员", RoleDepartment: "部门工作人员", "applicant": "申请人", "system": "系统"}

var boFuncs = template.FuncMap{
	"zh":     func(s string) string { return or(statusZH[s], s) },
	"sec":    func(s string) string { return or(secZH[s], s) },
	"role":   func(s string) string { return or(roleZH[s], s) },
	"ev":     func(s string) string { return or(eventZH[s], s) },
	"kind":   func(s string) string { return or(kindZH[s], s) },
	"hist":   func(s string) string { return or(historyZH[s], s) },
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

// boStyle is the pages' one style sheet, allowed by its hash in the CSP.
const boStyle = `body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;margin:1rem 2rem;color:#1d2733}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccd;padding:.3rem .5rem;text-align:left;vertical-align:top}
form.inline{display:inline}fieldset{margin:.6rem 0;border:1px solid #ccd}.msg{background:#fff3cd;padding:.5rem}
.demo{background:#8a1c1c;color:#fff;padding:.4rem .8rem;font-weight:bold}
input[type=text],input[type=password]{width:22rem}`

// boCSP allows the pages nothing but their style sheet and forms to
// themselves; no scripts, no framing.
var boCSP = "default-src 'none'; style-src " + cspHash(boStyle) +
	"; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

// demoNotice says plainly on every page what this portal is.
const demoNotice = `<p class="demo">演示与培训用参考门户（非正式政务系统）：数据均为虚构，不具法律效力。
Reference portal for demos and training only — not a government system; all data is fictitious.</p>`

const boHead = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>一业一证后台（演示）</title>
{{with .CSRF}}<meta name="csrf-token" content="{{.}}">{{end}}<style>` + boStyle + `</style></head><body>` + demoNotice + `
{{with .Me}}<p><a href="/admin/">后台首页</a> · {{.Name}}（{{.Username}}，{{role .Role}}{{with $.MyDept}}，{{.}}{{end}}）
<form class="inline" method="post" action="/admin/logout"><input type="hidden" name="csrf" value="{{$.CSRF}}"><button>退出登录</button></form></p>{{end}}
{{with .Msg}}<p class="msg">{{.}}</p>{{end}}`

var boLoginTmpl = template.Must(template.New("l").Funcs(boFuncs).Parse(boHead + `
<h1>工作人员登录</h1>
<form method="post" action="/admin/login"><input type="hidden" name="next" value="{{.Next}}">
<p>用户名 <input type="text" name="username" value="{{.User}}" autocomplete="username" required autofocus></p>
<p>密码 <input type="password" name="password" autocomplete="current-password" required></p>
<p><button>登录</button></p></form>
</body></html>`))

var boErrTmpl = template.Must(template.New("e").Funcs(boFuncs).Parse(boHead + `
<h1>无法完成</h1><p><a href="/admin/">返回后台首页</a></p></body></html>`))

var boIndexTmpl = template.Must(template.New("i").Funcs(boFuncs).Parse(boHead + `
<h1>申请列表</h1>
<table><tr><th>受理编号</th><th>类型</th><th>主体</th><th>行业</th><th>状态</th><th>事项</th><th>更新</th></tr>
{{range .Apps}}<tr><td><a href="/admin/app/{{.ID}}">{{.Number}}</a></td><td>{{kind .Kind}}{{with .ForLicense}}（{{.}}）{{end}}</td><td>{{.SubjectName}}</td><td>{{.Industry}}</td>
<td>{{zh .Status}}</td><td>{{range .Items}}{{.Code}}:{{zh .Status}} {{end}}</td><td>{{t .UpdatedAt}}</td></tr>{{end}}
</table>
{{if .Window}}<h1>许可证</h1>
<table><tr><th>编号</th><th>名称</th><th>状态</th><th>二维码</th><th>单项证件</th><th>记录</th><th>操作</th></tr>
{{range .Licenses}}<tr><td><a href="/V/{{.Number}}">{{.Number}}</a></td><td>{{.HolderName}}</td><td>{{zh .Status}}{{with .ReplacedBy}} → {{.}}{{end}}{{with .StatusReason}}<br><small>{{.}}</small>{{end}}</td>
<td>第 {{.Revision}} 版{{with .RevisedOn}}（{{.}}）{{end}}</td>
<td>{{$n := .Number}}{{range .Items}}{{.Code}} {{.ValidUntil}}{{with .Status}}{{if ne . "valid"}}【{{.}}】{{end}}{{end}}<br>{{end}}</td>
<td>{{range .History}}{{t .At}} {{hist .Type}} {{.Number}} {{.Note}}<br>{{end}}</td>
<td>{{if eq .Status "valid"}}<form class="inline" method="post" action="/admin/license/{{.Number}}">
<input type="hidden" name="csrf" value="{{$.CSRF}}"><input type="text" name="reason" placeholder="理由" required style="width:10rem">
<button name="action" value="revoke">注销</button><button name="action" value="replace">换发</button></form>
<form class="inline" method="post" action="/admin/license/{{.Number}}"><input type="hidden" name="csrf" value="{{$.CSRF}}">
<select name="code">{{range .Items}}<option value="{{.Code}}">{{.Code}}</option>{{end}}</select>
<select name="item_status"><option value="cancelled">注销</option><option value="annulled">撤销</option><option value="withdrawn">吊销</option></select>
<input type="text" name="reason" placeholder="单项证件终止理由" required style="width:10rem">
<button name="action" value="end">单项证件终止</button></form>{{end}}</td></tr>{{end}}
</table>
<h1>咨询留言（一线应答）</h1>
<table><tr><th>时间</th><th>申请人</th><th>关于</th><th>来自</th><th>内容</th></tr>
{{range $i, $m := .Messages}}<tr><td>{{t $m.At}}</td><td>{{index $.Owners $i}}</td><td>{{with $m.LicenseNumber}}许可证 {{.}}{{end}}{{with $m.ApplicationID}}<a href="/admin/app/{{.}}">申请</a>{{end}}</td><td>{{if eq $m.From "staff"}}工作人员{{else}}申请人{{end}}</td><td>{{$m.Text}}{{range $m.Attachments}}<br>附件 {{.Filename}}（{{.UploadID}}）{{end}}</td></tr>{{end}}
</table>
<form method="post" action="/admin/app/-"><input type="hidden" name="csrf" value="{{.CSRF}}">
回复手机号 <input type="text" name="phone" style="width:9rem"> 或许可证号 <input type="text" name="license" style="width:11rem"> <input type="text" name="text" placeholder="答复内容">
<button name="action" value="reply">回复</button></form>{{end}}
{{if .Admin}}<h1 id="security">安全事件（登录锁定）</h1>
<table><tr><th>时间</th><th>事件</th><th>对象</th><th>网络地址</th><th>说明</th></tr>
{{range .Security}}<tr><td>{{t .At}}</td><td>{{sec .Kind}}</td><td>{{.Subject}}</td><td>{{.Addr}}</td><td>{{.Detail}}</td></tr>{{end}}
</table>
<h1 id="staff">工作人员账号</h1>
<table><tr><th>用户名</th><th>姓名</th><th>角色</th><th>部门</th><th>状态</th></tr>
{{range .Staff}}<tr><td>{{.Username}}</td><td>{{.Name}}</td><td>{{role .Role}}</td><td>{{.Department}}</td><td>{{if .Disabled}}已停用{{else}}正常{{end}}</td></tr>{{end}}
</table>
<form method="post" action="/admin/staff"><input type="hidden" name="csrf" value="{{.CSRF}}"><fieldset><legend>新建或修改账号（密码留空则不改）</legend>
用户名 <input type="text" name="username" style="width:8rem"> 姓名 <input type="text" name="name" style="width:8rem">
角色 <select name="role"><option value="department">部门工作人员</option><option value="admin">管理员</option></select>
部门 <select name="department"><option value=""></option>{{range .Departments}}<option value="{{.Code}}">{{.Short}}（{{.Code}}）</option>{{end}}</select>
密码 <input type="password" name="password" style="width:8rem" autocomplete="new-password">
<label><input type="checkbox" name="disabled" value="1">停用</label> <button>保存</button></fieldset></form>{{end}}
</body></html>`))

var boAppTmpl = template.Must(template.New("a").Funcs(boFuncs).Parse(boHead + `
{{with .App}}<h1>{{.Number}} {{.SubjectName}}（{{zh .Status}}）</h1>
<p>申请类型：{{kind .Kind}}{{with .ForLicense}} · 涉及许可证 <a href="/V/{{.}}">{{.}}</a>{{end}}</p>
<p>统一社会信用代码 {{.Subject.USCC}} · 法定代表人 {{.Subject.LegalRep}} · 住所 {{.Subject.Address}} · 经营场所 {{.Subject.Place}} · 申请人 {{$.Owner}}</p>
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
<button name="action" value="issue">{{if or (eq .Kind "") (eq .Kind "new")}}发放行业综合许可证{{else if eq .Kind "update"}}更新许可证二维码（办结）{{else if eq .Kind "cancellation"}}注销许可证（办结）{{else}}换发行业综合许可证{{end}}</button> {{with .LicenseNumber}}当前证号 <a href="/V/{{.}}">{{.}}</a>{{end}}</fieldset></form>
{{with .Filings}}<h2>申请人报告的备案</h2><ul>{{range .}}<li>{{.Name}}：{{.FiledOn}} {{.Reference}}（{{t .ReportedAt}} 报告）</li>{{end}}</ul>{{end}}
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
<h2 id="audit">操作记录（审计）</h2><table><tr><th>时间</th><th>操作人</th><th>角色 / 部门</th><th>操作</th><th>事项</th><th>说明</th><th>网络地址</th></tr>
{{range $.Audit}}<tr><td>{{t .At}}</td><td>{{.Actor}} {{.ActorName}}</td><td>{{role .Role}} {{.Department}}</td><td>{{ev .Action}}</td><td>{{join .Items ","}}</td><td>{{.Detail}}</td><td>{{.Addr}}</td></tr>{{end}}</table>
<h2>材料</h2><ul>{{range .Materials}}<li>{{.MaterialID}}: {{.Filename}} ({{.UploadID}})</li>{{end}}</ul>
<h2>表单</h2><table>{{range $k, $v := .Form}}<tr><th>{{$k}}</th><td>{{$v}}</td></tr>{{end}}</table>
{{end}}
<h2>咨询</h2><ul>{{range .Messages}}<li>{{t .At}} {{if eq .From "staff"}}工作人员{{else}}申请人{{end}}：{{.Text}}</li>{{end}}</ul>
<form method="post"><input type="hidden" name="csrf" value="{{.CSRF}}"><input type="text" name="text" placeholder="答复内容">
<button name="action" value="reply">答复</button></form>
</body></html>`))

// page fills what every back-office page shows: who is signed in, the
// CSRF token, the flash message.
func (s *Server) page(r *http.Request, data map[string]any) map[string]any {
	a := actorFrom(r.Context())
	data["Me"], data["CSRF"], data["Msg"] = a, a.csrf, r.URL.Query().Get("msg")
	if a.Department != "" {
		if d := s.ref.cat.Department(a.Department); d != nil {
			data["MyDept"] = d.Name
		}
	}
	data["Window"], data["Admin"] = a.window(s), a.admin()
	return data
}

func (s *Server) boIndex(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	a := actorFrom(ctx)
	recs, err := s.listApps(ctx, "")
	if err != nil {
		s.pageErr(w, r, err)
		return
	}
	var apps []api.ApplicationSummary
	for _, rec := range recs {
		if s.visible(a, rec) {
			apps = append(apps, rec.ApplicationSummary)
		}
	}
	data := s.page(r, map[string]any{"Apps": apps})
	if a.window(s) {
		rows, err := s.listLicenses(ctx, "")
		if err != nil {
			s.pageErr(w, r, err)
			return
		}
		var lics []api.License
		for _, row := range rows {
			lics = append(lics, s.licenseAPI(row))
		}
		ms, owners, err := s.messages(ctx, s.db, messageFilter{})
		if err != nil {
			s.pageErr(w, r, err)
			return
		}
		data["Licenses"], data["Messages"], data["Owners"] = lics, ms, owners
	}
	if a.admin() {
		evs, err := s.securityEvents(ctx, 200)
		if err != nil {
			s.pageErr(w, r, err)
			return
		}
		staff, err := s.StaffAccounts(ctx)
		if err != nil {
			s.pageErr(w, r, err)
			return
		}
		data["Security"], data["Staff"], data["Departments"] = evs, staff, s.ref.cat.Departments
	}
	s.render(w, r, boIndexTmpl, data)
}

func (s *Server) boApp(w http.ResponseWriter, r *http.Request) {
	rec, err := s.staffApp(r.Context(), r.PathValue("id"))
	if err != nil {
		s.pageErr(w, r, err)
		return
	}
	ms, _, err := s.messages(r.Context(), s.db, messageFilter{owner: rec.Owner, appID: rec.ID})
	if err != nil {
		s.pageErr(w, r, err)
		return
	}
	trail, err := s.AuditTrail(r.Context(), rec.ID)
	if err != nil {
		s.pageErr(w, r, err)
		return
	}
	s.render(w, r, boAppTmpl, s.page(r, map[string]any{"App": rec.Application, "Owner": rec.Owner, "Messages": ms,
		"Audit": trail}))
}

func (s *Server) render(w http.ResponseWriter, r *http.Request, t *template.Template, data any) {
	s.renderStatus(w, r, http.StatusOK, t, data)
}

func (s *Server) renderStatus(w http.ResponseWriter, r *http.Request, status int, t *template.Template, data any) {
	var buf bytes.Buffer
	if err := t.Execute(&buf, data); err != nil {
		s.log.Error("back office render", "err", err)
		http.Error(w, "服务器内部错误。", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Security-Policy", boCSP)
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// pageErr answers a back-office page with an error in Chinese.
func (s *Server) pageErr(w http.ResponseWriter, r *http.Request, err error) {
	status, msg := http.StatusInternalServerError, "服务器内部错误，请稍后重试。"
	if ae, ok := errors.AsType[*apiError](err); ok {
		status, msg = ae.status, ae.body.MessageZH
	} else {
		s.log.Error("back office", "err", err)
	}
	data := map[string]any{"Msg": msg}
	if a := actorFrom(r.Context()); a != nil {
		data = s.page(r, data)
		data["Msg"] = msg
	}
	s.renderStatus(w, r, status, boErrTmpl, data)
}

func splitList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '，' || r == ' ' })
}

func (s *Server) boAppPost(w http.ResponseWriter, r *http.Request) {
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
			if err != nil {
				err = errf(422, "workflow.bad_date", "核查时间格式不正确。", "Malformed inspection time.", "at")
			}
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
		_, err = s.Reply(ctx, f("phone"), appID, f("license"), "", f("text"))
	default:
		err = errNotFound
	}
	back := "/admin/app/" + url.PathEscape(id)
	if id == "-" {
		back = "/admin/"
	}
	http.Redirect(w, r, back+"?msg="+url.QueryEscape(outcome(done, err)), http.StatusSeeOther)
}

func (s *Server) boLicensePost(w http.ResponseWriter, r *http.Request) {
	var err error
	switch r.PostFormValue("action") {
	case "revoke":
		err = s.RevokeLicense(r.Context(), r.PathValue("number"), r.PostFormValue("reason"))
	case "replace":
		_, err = s.ReplaceLicense(r.Context(), r.PathValue("number"), r.PostFormValue("reason"))
	case "end":
		err = s.EndItem(r.Context(), r.PathValue("number"), r.PostFormValue("code"), r.PostFormValue("item_status"),
			r.PostFormValue("reason"))
	default:
		err = errNotFound
	}
	http.Redirect(w, r, "/admin/?msg="+url.QueryEscape(outcome("已完成", err)), http.StatusSeeOther)
}

// boStaffPost creates or changes a staff account (admins only).
func (s *Server) boStaffPost(w http.ResponseWriter, r *http.Request) {
	var err error
	if !actorFrom(r.Context()).admin() {
		err = errForbidden
	} else {
		f := r.PostFormValue
		a := StaffAccount{Username: strings.TrimSpace(f("username")), Name: strings.TrimSpace(f("name")), Role: f("role"),
			Department: f("department"), Disabled: f("disabled") != ""}
		if err = s.SetStaff(r.Context(), a, f("password")); err == nil {
			s.log.Info("staff account saved", "user", a.Username, "by", actorFrom(r.Context()).Username)
		}
	}
	http.Redirect(w, r, "/admin/?msg="+url.QueryEscape(outcome("账号已保存", err))+"#staff", http.StatusSeeOther)
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

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

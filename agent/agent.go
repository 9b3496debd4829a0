// Package agent holds assisted filing (委托办理, 帮办代办): who files for an
// applicant, under what authorisation, and the one set of rules that the
// desktop app, the service-hall kiosk and the portal apply to it. The
// signed authorisation letter (授权委托书) is a material of the
// application, attached under LetterMaterial.
package agent

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/naiman-yiye/yiye/client/api"
	"github.com/naiman-yiye/yiye/forms"
	"github.com/naiman-yiye/yiye/usererr"
)

// LetterMaterial is the catalog material under which the authorisation
// letter (授权委托书) is attached.
const LetterMaterial = "proxy_authorization"

// Limits on the free-text parts, in characters.
const (
	MaxName      = 50
	MaxPrincipal = 100
	MaxScope     = 500
	MaxStaffID   = 64
)

// Record is one authorisation: the agent, the principal who authorises
// (委托人: the applicant or business), what for (委托事项), and at a kiosk
// the staff member who checked the letter and the IDs, and when.
type Record struct {
	Name       string    `json:"name"`
	IDType     string    `json:"id_type"` // a legal_rep_id_type option; "" = resident_id
	IDNumber   string    `json:"id_number"`
	Mobile     string    `json:"mobile,omitempty"`
	Principal  string    `json:"principal,omitempty"`
	Scope      string    `json:"scope,omitempty"`
	StaffID    string    `json:"staff_id,omitempty"`
	RecordedAt time.Time `json:"recorded_at,omitzero"`
}

func bad(field, zh, en string) *usererr.Error {
	return usererr.New("agent."+field, zh, en)
}

// Check validates r as of now; the first problem comes back as a
// *usererr.Error whose code names the field ("agent.id_number", ...).
func (r Record) Check(now time.Time) error {
	if n := strings.TrimSpace(r.Name); n == "" || !plainText(n, MaxName) {
		return bad("name", "请填写受托人（代办人）姓名，不超过 50 个字。",
			"Enter the agent's name (at most 50 characters).")
	}
	if r.IDType != "" && IDTypeName(r.IDType) == r.IDType {
		return bad("id_type", "受托人证件类型不在可选范围内。", "Unknown type of ID document for the agent.")
	}
	if e := forms.CheckIDDocument(r.IDType, r.IDNumber); e != nil {
		return usererr.New("agent.id_number", "受托人"+e.ZH, "The agent's ID: "+e.EN).Wrap(e)
	}
	if strings.TrimSpace(r.Mobile) != "" {
		if e := forms.CheckMobile(r.Mobile); e != nil {
			return usererr.New("agent.mobile", "受托人"+e.ZH, "The agent's mobile: "+e.EN).Wrap(e)
		}
	}
	if p := strings.TrimSpace(r.Principal); p == "" || !plainText(p, MaxPrincipal) {
		return bad("principal", "请填写委托人（申请人或企业名称），不超过 100 个字。",
			"Enter the principal (the applicant or business), at most 100 characters.")
	}
	if s := strings.TrimSpace(r.Scope); s == "" || !plainText(s, MaxScope) {
		return bad("scope", "请填写委托事项，不超过 500 个字。",
			"Enter what the agent is authorised to do (at most 500 characters).")
	}
	if s := strings.TrimSpace(r.StaffID); s != "" && !isToken(s) {
		return bad("staff_id", "经办工作人员工号格式不正确（只能有字母、数字和 - _ .）。",
			"The staff ID is malformed (letters, digits and - _ . only).")
	}
	if !r.RecordedAt.IsZero() && r.RecordedAt.After(now.Add(5*time.Minute)) {
		return bad("recorded_at", "委托登记时间无效。", "The time the authorisation was recorded is invalid.")
	}
	return nil
}

// Normalized is r as it is stored and sent: spaces trimmed, the ID number
// and mobile in canonical form, the time in whole seconds UTC.
func (r Record) Normalized() Record {
	r.Name = strings.TrimSpace(r.Name)
	r.IDNumber = forms.NormalizeIDNumber(r.IDNumber)
	r.Mobile = forms.NormalizeMobile(r.Mobile)
	r.Principal = strings.TrimSpace(r.Principal)
	r.Scope = strings.TrimSpace(r.Scope)
	r.StaffID = strings.TrimSpace(r.StaffID)
	if !r.RecordedAt.IsZero() {
		r.RecordedAt = r.RecordedAt.UTC().Truncate(time.Second)
	}
	return r
}

// Request is r as the contract carries it; letter names the attached
// authorisation letter's material ("" while none is attached).
func (r Record) Request(letter string) *api.Agent {
	n := r.Normalized()
	out := &api.Agent{AgentName: n.Name, IDType: n.IDType, IDNumber: n.IDNumber, Mobile: n.Mobile,
		Principal: n.Principal, Scope: n.Scope, StaffID: n.StaffID, LetterMaterialID: letter}
	if !n.RecordedAt.IsZero() {
		t := n.RecordedAt
		out.RecordedAt = &t
	}
	return out
}

// FromRequest is the record the contract's agent carries.
func FromRequest(a api.Agent) Record {
	r := Record{Name: a.AgentName, IDType: a.IDType, IDNumber: a.IDNumber, Mobile: a.Mobile,
		Principal: a.Principal, Scope: a.Scope, StaffID: a.StaffID}
	if a.RecordedAt != nil {
		r.RecordedAt = *a.RecordedAt
	}
	return r
}

// IDTypeName is the Chinese name of an ID document type ("" is the
// resident ID card); an unknown type comes back as given.
func IDTypeName(v string) string {
	if v == "" {
		v = "resident_id"
	}
	for _, f := range forms.AllFields() {
		if f.Key == "legal_rep_id_type" {
			return f.OptionLabel(v)
		}
	}
	return v
}

// Row is one labelled line of an authorisation as shown and printed.
type Row struct {
	LabelZH, LabelEN, Value string
}

// Rows lists r for the screen (masked: the ID number shortened, for the
// next person in the queue) or for the printed form that is signed (in
// full). letter says whether the authorisation letter is attached. The
// time and staff member appear only when recorded (at a kiosk).
func (r Record) Rows(masked, letter bool) []Row {
	n := r.Normalized()
	id := n.IDNumber
	if masked {
		id = api.MaskIDNumber(id)
	}
	orEmpty := func(s string) string {
		if s == "" {
			return "（未填写）"
		}
		return s
	}
	rows := []Row{
		{"委托人", "Principal", orEmpty(n.Principal)},
		{"受托人", "Agent", n.Name},
		{"受托人证件", "Agent's ID", IDTypeName(n.IDType) + " " + id},
	}
	if n.Mobile != "" {
		rows = append(rows, Row{"受托人联系电话", "Agent's mobile", n.Mobile})
	}
	rows = append(rows, Row{"委托事项", "Authorised to", orEmpty(n.Scope)})
	l := Row{"授权委托书", "Letter of authorisation", "未上传"}
	if letter {
		l.Value = "已上传"
	}
	rows = append(rows, l)
	if !n.RecordedAt.IsZero() {
		rows = append(rows, Row{"登记时间", "Recorded at", n.RecordedAt.In(chinaTime).Format("2006年1月2日 15:04")})
	}
	if n.StaffID != "" {
		rows = append(rows, Row{"经办人员", "Staff", n.StaffID})
	}
	return rows
}

// chinaTime is UTC+8 without a tz database (Windows kiosks may lack one).
var chinaTime = time.FixedZone("CST", 8*3600)

// plainText: s is valid UTF-8 of at most n characters, without control
// characters other than line breaks and tabs.
func plainText(s string, n int) bool {
	if !utf8.ValidString(s) || utf8.RuneCountInString(s) > n {
		return false
	}
	return !strings.ContainsFunc(s, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\t' && r != '\r' })
}

// isToken accepts staff numbers: letters, digits, - _ . up to MaxStaffID bytes.
func isToken(s string) bool {
	if s == "" || len(s) > MaxStaffID {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.') {
			return false
		}
	}
	return true
}

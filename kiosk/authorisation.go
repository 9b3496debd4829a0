package kiosk

import (
	"bytes"
	"encoding/json"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/naiman-yiye/yiye/forms"
	"github.com/naiman-yiye/yiye/usererr"
)

// Authorisation records that an agent (staff or a relative) files on behalf
// of the applicant (委托代办). It travels with the application as JSON and is
// printed on the application form; the signed authorisation letter
// (授权委托书) is an attached material referenced by LetterMaterialID.
type Authorisation struct {
	AgentName        string    `json:"agent_name"`         // 受托人姓名
	AgentID          string    `json:"agent_id"`           // 受托人公民身份号码 (18 digits)
	Principal        string    `json:"principal"`          // 委托人: the applicant or business
	Scope            string    `json:"scope"`              // 委托事项, e.g. "代为办理一业一证申请及材料提交"
	LetterMaterialID string    `json:"letter_material_id"` // the attached 授权委托书
	RecordedAt       time.Time `json:"recorded_at"`
	StaffID          string    `json:"staff_id"` // staff member who checked the letter and IDs
}

// Field length limits (in characters).
const (
	maxNameRunes  = 50
	maxPrinRunes  = 100
	maxScopeRunes = 500
	maxIDBytes    = 64
)

func authErr(field, zh, en string) *usererr.Error {
	return usererr.New("kiosk.authorisation."+field, zh, en)
}

// Validate checks a as of now.
func (a Authorisation) Validate() error { return a.ValidateAt(time.Now()) }

// ValidateAt checks every field; the first problem is returned as a
// *usererr.Error whose code names the field
// ("kiosk.authorisation.agent_id", ...).
func (a Authorisation) ValidateAt(now time.Time) error {
	if err := checkText(a.AgentName, maxNameRunes); err != nil {
		return authErr("agent_name", "请填写受托人姓名（不超过 50 个字）。",
			"Enter the agent's name (at most 50 characters).").Wrap(err)
	}
	if err := forms.CheckIDNumberAt(a.AgentID, now); err != nil {
		return usererr.New("kiosk.authorisation.agent_id",
			"受托人身份证号码有误："+err.ZH, "The agent's ID number is wrong: "+err.EN).Wrap(err)
	}
	if err := checkText(a.Principal, maxPrinRunes); err != nil {
		return authErr("principal", "请填写委托人（申请人或企业名称，不超过 100 个字）。",
			"Enter the principal (the applicant or business, at most 100 characters).").Wrap(err)
	}
	if err := checkText(a.Scope, maxScopeRunes); err != nil {
		return authErr("scope", "请填写委托事项（不超过 500 个字）。",
			"Enter what the agent is authorised to do (at most 500 characters).").Wrap(err)
	}
	if !isToken(a.LetterMaterialID) {
		return authErr("letter", "请上传授权委托书。",
			"Attach the letter of authorisation.")
	}
	if a.RecordedAt.IsZero() || a.RecordedAt.After(now.Add(5*time.Minute)) {
		return authErr("recorded_at", "委托登记时间无效。",
			"The time the authorisation was recorded is invalid.")
	}
	if !isToken(a.StaffID) {
		return authErr("staff_id", "请填写经办工作人员工号。",
			"Enter the ID of the staff member handling the case.")
	}
	return nil
}

// Normalized returns a with spaces trimmed and the ID number in canonical
// form (half-width, upper-case X), as it should be stored and sent.
func (a Authorisation) Normalized() Authorisation {
	a.AgentName = strings.TrimSpace(a.AgentName)
	a.AgentID = forms.NormalizeIDNumber(a.AgentID)
	a.Principal = strings.TrimSpace(a.Principal)
	a.Scope = strings.TrimSpace(a.Scope)
	a.LetterMaterialID = strings.TrimSpace(a.LetterMaterialID)
	a.StaffID = strings.TrimSpace(a.StaffID)
	return a
}

// MaskedAgentID shows the agent's ID number on screen without exposing it
// to the next person in the queue: first 6 and last 4 characters.
func (a Authorisation) MaskedAgentID() string {
	id := forms.NormalizeIDNumber(a.AgentID)
	if len(id) != 18 {
		return strings.Repeat("*", utf8.RuneCountInString(id))
	}
	return id[:6] + strings.Repeat("*", 8) + id[14:]
}

// Field is one labelled line of an authorisation as shown on screen and
// printed on the application form.
type Field struct {
	LabelZH, LabelEN, Value string
}

// Fields lists a for display and printing, in form order. With masked the
// agent's ID number is shortened (for the screen); the printed form for
// signature carries it in full. Times are shown in China Standard Time.
func (a Authorisation) Fields(masked bool) []Field {
	id := forms.NormalizeIDNumber(a.AgentID)
	if masked {
		id = a.MaskedAgentID()
	}
	return []Field{
		{"委托人", "Principal", a.Principal},
		{"受托人", "Agent", a.AgentName},
		{"受托人身份证号码", "Agent's ID number", id},
		{"委托事项", "Authorised to", a.Scope},
		{"授权委托书", "Letter of authorisation", a.LetterMaterialID},
		{"登记时间", "Recorded at", a.RecordedAt.In(chinaTime).Format("2006-01-02 15:04")},
		{"经办人员", "Staff", a.StaffID},
	}
}

// chinaTime is UTC+8 without a tz database (Windows kiosks may lack one).
var chinaTime = time.FixedZone("CST", 8*3600)

// ParseAuthorisation decodes and validates one JSON record as of now;
// unknown fields are refused, so a typo cannot drop a field silently.
func ParseAuthorisation(b []byte, now time.Time) (Authorisation, error) {
	var a Authorisation
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&a); err != nil {
		return Authorisation{}, usererr.New("kiosk.authorisation.json",
			"委托记录格式有误。", "The authorisation record is malformed.").Wrap(err)
	}
	if dec.More() {
		return Authorisation{}, usererr.New("kiosk.authorisation.json",
			"委托记录格式有误。", "The authorisation record is malformed.")
	}
	a = a.Normalized()
	if err := a.ValidateAt(now); err != nil {
		return Authorisation{}, err
	}
	return a, nil
}

type textError string

func (e textError) Error() string { return string(e) }

func checkText(s string, maxRunes int) error {
	s = strings.TrimSpace(s)
	if s == "" {
		return textError("empty")
	}
	if !utf8.ValidString(s) {
		return textError("not UTF-8")
	}
	if utf8.RuneCountInString(s) > maxRunes {
		return textError("too long")
	}
	for _, r := range s {
		if unicode.IsControl(r) && r != '\n' {
			return textError("control character")
		}
	}
	return nil
}

// isToken accepts identifiers such as material IDs and staff numbers.
func isToken(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > maxIDBytes {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.') {
			return false
		}
	}
	return true
}

package agent

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/naiman-yiye/yiye/usererr"
)

var now = time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)

func valid() Record {
	return Record{Name: "代办员", IDNumber: "11010519491231002x", Mobile: "139 1234 5678",
		Principal: "奈曼旗示例便利店", Scope: "代为办理一业一证申请及材料提交", StaffID: "NM-007",
		RecordedAt: now.Add(-time.Minute)}
}

func code(err error) string {
	if ue, ok := err.(*usererr.Error); ok {
		return ue.Code
	}
	if err != nil {
		return err.Error()
	}
	return ""
}

func TestCheck(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(*Record)
		want string
	}{
		{"valid", func(*Record) {}, ""},
		{"no staff or time (desktop)", func(r *Record) { r.StaffID, r.RecordedAt = "", time.Time{} }, ""},
		{"passport", func(r *Record) { r.IDType, r.IDNumber = "passport", "E12345678" }, ""},
		{"no name", func(r *Record) { r.Name = "  " }, "agent.name"},
		{"long name", func(r *Record) { r.Name = strings.Repeat("名", MaxName+1) }, "agent.name"},
		{"unknown id type", func(r *Record) { r.IDType = "spaceport_pass" }, "agent.id_type"},
		{"bad check digit", func(r *Record) { r.IDNumber = "110105194912310021" }, "agent.id_number"},
		{"bad mobile", func(r *Record) { r.Mobile = "1391234567" }, "agent.mobile"},
		{"no principal", func(r *Record) { r.Principal = "" }, "agent.principal"},
		{"control char in principal", func(r *Record) { r.Principal = "示例\x00店" }, "agent.principal"},
		{"no scope", func(r *Record) { r.Scope = "" }, "agent.scope"},
		{"long scope", func(r *Record) { r.Scope = strings.Repeat("办", MaxScope+1) }, "agent.scope"},
		{"staff id with space", func(r *Record) { r.StaffID = "NM 007" }, "agent.staff_id"},
		{"recorded in the future", func(r *Record) { r.RecordedAt = now.Add(time.Hour) }, "agent.recorded_at"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := valid()
			tc.edit(&r)
			if got := code(r.Check(now)); got != tc.want {
				t.Errorf("Check = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestNormalizedAndRequest(t *testing.T) {
	r := valid().Normalized()
	if r.IDNumber != "11010519491231002X" || r.Mobile != "13912345678" {
		t.Errorf("normalized %+v", r)
	}
	req := valid().Request(LetterMaterial)
	if req.IDNumber != "11010519491231002X" || req.LetterMaterialID != LetterMaterial || req.RecordedAt == nil {
		t.Errorf("request %+v", req)
	}
	if back := FromRequest(*req); back != r {
		t.Errorf("round trip %+v != %+v", back, r)
	}
}

func TestRows(t *testing.T) {
	rows := valid().Rows(true, false)
	text := ""
	for _, r := range rows {
		text += r.LabelZH + "=" + r.Value + ";"
	}
	for _, want := range []string{"受托人证件=居民身份证 110105********002X", "授权委托书=未上传", "受托人联系电话=13912345678",
		"登记时间=2026年11月24日 17:59", "经办人员=NM-007"} {
		if !strings.Contains(text, want) {
			t.Errorf("rows %s lack %s", text, want)
		}
	}
	full := Record{Name: "甲", IDNumber: "11010519491231002X"}.Rows(false, true)
	text = ""
	for _, r := range full {
		text += r.LabelZH + "=" + r.Value + ";"
	}
	if !strings.Contains(text, "11010519491231002X") {
		t.Errorf("printed rows mask the ID: %s", text)
	}
	if strings.Contains(text, "登记时间") || strings.Contains(text, "经办人员") || !strings.Contains(text, "委托人=（未填写）") {
		t.Errorf("desktop rows: %s", text)
	}
}

// FuzzCheck: whatever is accepted keeps the limits, survives JSON and is
// still accepted once normalized.
func FuzzCheck(f *testing.F) {
	v := valid()
	f.Add(v.Name, v.IDType, v.IDNumber, v.Mobile, v.Principal, v.Scope, v.StaffID)
	f.Add("", "passport", "E1", "", "", "", "")
	f.Fuzz(func(t *testing.T, name, idType, id, mobile, principal, scope, staff string) {
		r := Record{Name: name, IDType: idType, IDNumber: id, Mobile: mobile, Principal: principal, Scope: scope, StaffID: staff}
		if r.Check(now) != nil {
			return
		}
		n := r.Normalized()
		if err := n.Check(now); err != nil {
			t.Fatalf("normalized record refused: %v", err)
		}
		b, err := json.Marshal(n)
		if err != nil {
			t.Fatal(err)
		}
		var back Record
		if err := json.Unmarshal(b, &back); err != nil || back != n {
			t.Fatalf("JSON round trip: %+v != %+v (%v)", back, n, err)
		}
		if len([]rune(n.Name)) > MaxName || len([]rune(n.Scope)) > MaxScope || len(n.StaffID) > MaxStaffID {
			t.Fatalf("limits broken: %+v", n)
		}
	})
}

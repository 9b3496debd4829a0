package kiosk

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/naiman-yiye/yiye/usererr"
)

// 11010519491231002X is the example number of GB 11643-1999.
func validAuth() Authorisation {
	return Authorisation{
		AgentName:        "李四",
		AgentID:          "11010519491231002X",
		Principal:        "奈曼旗张三便利店",
		Scope:            "代为办理一业一证申请、提交材料",
		LetterMaterialID: "WTS001",
		RecordedAt:       time.Date(2026, 11, 24, 9, 30, 0, 0, time.UTC),
		StaffID:          "NM-0042",
	}
}

var now = time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)

func TestAuthorisationValidate(t *testing.T) {
	if err := validAuth().ValidateAt(now); err != nil {
		t.Fatalf("valid record: %v", err)
	}
	tests := []struct {
		field string
		mod   func(*Authorisation)
	}{
		{"agent_name", func(a *Authorisation) { a.AgentName = "  " }},
		{"agent_name", func(a *Authorisation) { a.AgentName = strings.Repeat("名", 51) }},
		{"agent_name", func(a *Authorisation) { a.AgentName = "李\x00四" }},
		{"agent_id", func(a *Authorisation) { a.AgentID = "110105194912310021" }}, // wrong check digit
		{"agent_id", func(a *Authorisation) { a.AgentID = "" }},
		{"agent_id", func(a *Authorisation) { a.AgentID = "11010520991231002X" }}, // born in the future
		{"principal", func(a *Authorisation) { a.Principal = "" }},
		{"scope", func(a *Authorisation) { a.Scope = strings.Repeat("事", 501) }},
		{"letter", func(a *Authorisation) { a.LetterMaterialID = "" }},
		{"letter", func(a *Authorisation) { a.LetterMaterialID = "../x" }},
		{"recorded_at", func(a *Authorisation) { a.RecordedAt = time.Time{} }},
		{"recorded_at", func(a *Authorisation) { a.RecordedAt = now.Add(time.Hour) }},
		{"staff_id", func(a *Authorisation) { a.StaffID = "" }},
		{"staff_id", func(a *Authorisation) { a.StaffID = "工号 1" }},
	}
	for _, tt := range tests {
		a := validAuth()
		tt.mod(&a)
		err := a.ValidateAt(now)
		var ue *usererr.Error
		if !errors.As(err, &ue) || ue.Code != "kiosk.authorisation."+tt.field || ue.ZH == "" || ue.EN == "" {
			t.Errorf("%s: err = %#v", tt.field, err)
		}
	}
	// The ID number error explains what is wrong, from the forms validator.
	a := validAuth()
	a.AgentID = "110105194912310021"
	if err := a.ValidateAt(now); !strings.Contains(err.Error(), "校验位") {
		t.Errorf("agent_id message: %v", err)
	}
}

func TestAuthorisationJSON(t *testing.T) {
	a := validAuth()
	a.AgentID = "１１０１０５１９４９１２３１００２ｘ" // full-width, as some IMEs type it
	a.AgentName = " 李四 "
	b, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{`"agent_name"`, `"agent_id"`, `"principal"`, `"scope"`, `"letter_material_id"`, `"recorded_at"`, `"staff_id"`} {
		if !strings.Contains(string(b), key) {
			t.Errorf("JSON lacks %s: %s", key, b)
		}
	}
	got, err := ParseAuthorisation(b, now)
	if err != nil {
		t.Fatal(err)
	}
	want := validAuth()
	if !sameAuth(got, want) {
		t.Errorf("parsed %+v, want %+v", got, want)
	}
	if m := got.MaskedAgentID(); m != "110105********002X" {
		t.Errorf("masked %q", m)
	}
	for _, bad := range []string{`{"agent_name":"x","extra":1}`, `{`, `[]`, string(b) + `{}`} {
		if _, err := ParseAuthorisation([]byte(bad), now); err == nil {
			t.Errorf("accepted %s", bad)
		}
	}
}

func FuzzParseAuthorisation(f *testing.F) {
	b, _ := json.Marshal(validAuth())
	f.Add(b)
	f.Add([]byte(`{"agent_id":"11010519491231002X"}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, b []byte) {
		a, err := ParseAuthorisation(b, now)
		if err != nil {
			var ue *usererr.Error
			if !errors.As(err, &ue) {
				t.Fatalf("non-user error %v", err)
			}
			return
		}
		// Whatever is accepted is normalized, valid, and survives a round trip.
		if !sameAuth(a, a.Normalized()) || a.ValidateAt(now) != nil {
			t.Fatalf("accepted %+v", a)
		}
		j, _ := json.Marshal(a)
		if back, err := ParseAuthorisation(j, now); err != nil || !sameAuth(back, a) {
			t.Fatalf("round trip: %v", err)
		}
		if len(a.MaskedAgentID()) != 18 {
			t.Fatalf("mask %q", a.MaskedAgentID())
		}
	})
}

// sameAuth compares records with time.Equal (a parsed "+08:00" time has
// its own *Location).
func sameAuth(a, b Authorisation) bool {
	ok := a.RecordedAt.Equal(b.RecordedAt)
	a.RecordedAt, b.RecordedAt = time.Time{}, time.Time{}
	return ok && a == b
}

func TestAuthorisationFields(t *testing.T) {
	a := validAuth()
	f := a.Fields(true)
	if len(f) != 7 || f[0].Value != "奈曼旗张三便利店" || f[2].Value != "110105********002X" || f[5].Value != "2026-11-24 17:30" {
		t.Fatalf("masked fields %+v", f)
	}
	for _, x := range f {
		if x.LabelZH == "" || x.LabelEN == "" {
			t.Errorf("unlabelled %+v", x)
		}
	}
	if full := a.Fields(false); full[2].Value != "11010519491231002X" {
		t.Errorf("printed ID %q", full[2].Value)
	}
}

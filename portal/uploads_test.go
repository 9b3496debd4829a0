package portal

import (
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/naiman-yiye/yiye/client/api"
)

// A verified upload the applicant terminated cannot be referenced any
// more: its row is marked, and the application is refused with a code
// that says so.
func TestTerminatedUploadCannotBeReferenced(t *testing.T) {
	e := start(t, t.TempDir(), nil)
	a := e.login(phoneA).AccessToken
	data := []byte("%PDF-1.4 terminated")
	id := e.upload(a, "floor-plan", data)
	loc := e.srv.URL() + api.PathUploads + "/" + id
	if d := e.do("DELETE", loc, a, nil, "Tus-Resumable", "1.0.0"); d.status != http.StatusNoContent {
		t.Fatalf("terminate: %d %s", d.status, d.body)
	}
	if h := e.do("HEAD", loc, a, nil, "Tus-Resumable", "1.0.0"); h.status != http.StatusNotFound {
		t.Fatalf("HEAD after termination: %d", h.status)
	}
	if d := e.do("DELETE", loc, a, nil, "Tus-Resumable", "1.0.0"); d.status != http.StatusNotFound {
		t.Fatalf("second termination: %d", d.status)
	}
	r := e.do("POST", api.PathApplications, a, appRequest(id, data), api.HeaderIdempotencyKey, "terminated-0001")
	if r.status != 422 || r.errCode(t) != "application.upload_terminated" {
		t.Fatalf("terminated upload referenced: %d %s", r.status, r.body)
	}
	var state string
	if err := e.srv.db.QueryRow(`SELECT state FROM portal_uploads WHERE id = ?`, id).Scan(&state); err != nil || state != uploadTerminated {
		t.Fatalf("state %q, %v", state, err)
	}
}

// The materials check looks at the bytes, not only at the row: a verified
// upload whose file is gone (or was cut short) is refused.
func TestMaterialsCheckNeedsTheBytes(t *testing.T) {
	e := start(t, t.TempDir(), nil)
	a := e.login(phoneA).AccessToken
	data := []byte("%PDF-1.4 vanishing")
	for i, damage := range []func(path string) error{
		os.Remove,
		func(path string) error { return os.Truncate(path, 3) },
	} {
		id := e.upload(a, "floor-plan", data)
		if err := damage(filepath.Join(e.dir, "uploads", id)); err != nil {
			t.Fatal(err)
		}
		r := e.do("POST", api.PathApplications, a, appRequest(id, data), api.HeaderIdempotencyKey, "vanished-000"+string(rune('0'+i)))
		if r.status != 422 || r.errCode(t) != "application.upload_missing" {
			t.Fatalf("damage %d: %d %s", i, r.status, r.body)
		}
	}
}

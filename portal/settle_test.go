package portal

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/naiman-yiye/yiye/client/api"
)

// An upload whose bytes are all stored but whose final PATCH failed after
// the data was written (so preFinish never recorded the check) is checked
// when an application first references it: intact bytes are accepted,
// altered bytes are refused for good.
func TestUploadCheckedOnFirstReference(t *testing.T) {
	e := start(t, t.TempDir(), nil)
	a := e.login(phoneA).AccessToken
	data := []byte("%PDF-1.4 settle me")
	reopen := func(id string) {
		t.Helper()
		if _, err := e.srv.db.Exec(`UPDATE portal_uploads SET state = ? WHERE id = ?`, uploadOpen, id); err != nil {
			t.Fatal(err)
		}
	}

	good := e.upload(a, "floor-plan", data)
	reopen(good)
	app := e.createApp(a, "settle-0001", appRequest(good, data))
	if app.ID == "" {
		t.Fatalf("not created: %+v", app)
	}

	bad := e.upload(a, "floor-plan", data)
	reopen(bad)
	path := filepath.Join(e.srv.opts.DataDir, "uploads", bad)
	if err := os.WriteFile(path, []byte("%PDF-1.4 settle mX"), 0o600); err != nil {
		t.Fatal(err)
	}
	r := e.do("POST", api.PathApplications, a, appRequest(bad, data), api.HeaderIdempotencyKey, "settle-0002")
	if r.status != 422 || r.errCode(t) != "application.upload_not_verified" {
		t.Fatalf("altered bytes: %d %s", r.status, r.body)
	}
	// The refusal rolls back with the application, so the upload is never
	// marked verified; every later reference hashes it again and refuses.
	var state string
	if err := e.srv.db.QueryRow(`SELECT state FROM portal_uploads WHERE id = ?`, bad).Scan(&state); err != nil || state == uploadVerified {
		t.Fatalf("state %q, %v", state, err)
	}

	// Bytes still arriving: stays open and is not usable yet.
	part := e.tusCreate(a, len(data), map[string]string{"sha256": hexSHA(data), "material": "floor-plan"})
	loc := part.header.Get("Location")
	e.tusPatch(loc, a, 0, data[:5])
	id := loc[strings.LastIndex(loc, "/")+1:]
	r = e.do("POST", api.PathApplications, a, appRequest(id, data), api.HeaderIdempotencyKey, "settle-0003")
	if r.status != 422 || r.errCode(t) != "application.upload_not_verified" {
		t.Fatalf("partial upload: %d %s", r.status, r.body)
	}
}

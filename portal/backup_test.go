package portal

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/naiman-yiye/yiye/client/api"
	"github.com/naiman-yiye/yiye/license"
)

// A backup taken while the portal runs restores into a portal that has
// everything the backup had: accounts and tokens, applications, licenses
// and their keys, finished and half-finished uploads.
func TestBackupAndRestore(t *testing.T) {
	dir := t.TempDir()
	e := start(t, dir, nil)
	tp := e.login(phoneA)
	data := []byte("plan for the backup")
	app := e.createApp(tp.AccessToken, "key-backup-01", appRequest(e.upload(tp.AccessToken, "floor-plan", data), data))
	issue(t, e, app.ID)
	lic := e.getApp(tp.AccessToken, app.ID).LicenseNumber
	part := bytes.Repeat([]byte("p"), 100)
	partial := e.tusCreate(tp.AccessToken, len(part), map[string]string{"sha256": hexSHA(part)}).header.Get("Location")
	e.tusPatch(partial, tp.AccessToken, 0, part[:40])

	var buf bytes.Buffer
	if err := Backup(t.Context(), dir, &buf); err != nil {
		t.Fatal(err)
	}
	later := e.createApp(tp.AccessToken, "key-backup-02", appRequest(e.upload(tp.AccessToken, "floor-plan", data), data))
	lk := e.srv.LicenseKey()
	e.srv.Close()

	dir2 := t.TempDir()
	if err := Restore(t.Context(), bytes.NewReader(buf.Bytes()), dir2); err != nil {
		t.Fatal(err)
	}
	if err := Restore(t.Context(), bytes.NewReader(buf.Bytes()), dir2); err == nil {
		t.Fatal("restored over an existing portal")
	}
	e2 := start(t, dir2, nil)
	if !e2.srv.LicenseKey().Equal(lk) {
		t.Fatal("license key not restored")
	}
	got := e2.getApp(tp.AccessToken, app.ID) // the token survived too
	if got.Status != api.StatusLicensed || got.LicenseNumber != lic {
		t.Fatalf("restored application: %+v", got.ApplicationSummary)
	}
	if r := e2.do("GET", api.PathApplications+"/"+later.ID, tp.AccessToken, nil); r.status != 404 {
		t.Fatalf("an application made after the backup: %d", r.status)
	}
	var l api.License
	e2.do("GET", api.PathLicenses+"/"+lic, tp.AccessToken, nil).decode(t, &l)
	if _, err := license.VerifyText(l.QRPayload, e2.srv.LicenseKey()); err != nil {
		t.Fatal(err)
	}
	if s, err := fileSHA256(filepath.Join(dir2, "uploads", got.Materials[0].UploadID)); err != nil || s != hexSHA(data) {
		t.Fatalf("upload bytes: %v", err)
	}
	loc := e2.srv.URL() + strings.TrimPrefix(partial, e.srv.URL())
	if h := e2.do("HEAD", loc, tp.AccessToken, nil, "Tus-Resumable", "1.0.0"); h.header.Get("Upload-Offset") != "40" {
		t.Fatalf("partial upload: %d %v", h.status, h.header)
	}
	if p := e2.tusPatch(loc, tp.AccessToken, 40, part[40:]); p.status != 204 {
		t.Fatalf("resume after restore: %d %s", p.status, p.body)
	}
	// A staff member signs in to the restored back office.
	e2.staffBrowser(AdminUser, "pw")
}

func tarGz(t testing.TB, entries ...tar.Header) []byte {
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	for _, h := range entries {
		h.Mode = 0o600
		tw.WriteHeader(&h)
		if h.Typeflag == tar.TypeReg {
			tw.Write(bytes.Repeat([]byte("x"), int(h.Size)))
		}
	}
	tw.Close()
	gz.Close()
	return buf.Bytes()
}

// Restore takes nothing but portal.db and plain files in uploads/, and a
// refused archive leaves the folder as it was.
func TestRestoreRefusesBadArchives(t *testing.T) {
	for name, archive := range map[string][]byte{
		"not gzip":   []byte("hello"),
		"traversal":  tarGz(t, tar.Header{Name: "uploads/../../evil", Size: 1, Typeflag: tar.TypeReg}),
		"absolute":   tarGz(t, tar.Header{Name: "/etc/evil", Size: 1, Typeflag: tar.TypeReg}),
		"symlink":    tarGz(t, tar.Header{Name: "uploads/link", Linkname: "/etc/passwd", Typeflag: tar.TypeSymlink}),
		"nested":     tarGz(t, tar.Header{Name: "uploads/a/b", Size: 1, Typeflag: tar.TypeReg}),
		"no db":      tarGz(t, tar.Header{Name: "uploads/abc", Size: 1, Typeflag: tar.TypeReg}),
		"garbage db": tarGz(t, tar.Header{Name: "portal.db", Size: 10, Typeflag: tar.TypeReg}),
		"two dbs":    tarGz(t, tar.Header{Name: "portal.db", Size: 1, Typeflag: tar.TypeReg}, tar.Header{Name: "portal.db", Size: 1, Typeflag: tar.TypeReg}),
	} {
		dir := t.TempDir()
		if err := Restore(t.Context(), bytes.NewReader(archive), dir); err == nil {
			t.Errorf("%s: restored", name)
		}
		var names []string
		filepath.Walk(dir, func(p string, _ os.FileInfo, _ error) error { names = append(names, p); return nil })
		if len(names) != 2 { // dir and the empty uploads/
			t.Errorf("%s: left %v", name, names)
		}
	}
}

package client

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/naiman-yiye/yiye/catalog"
	"github.com/naiman-yiye/yiye/client/api"
	"github.com/naiman-yiye/yiye/client/internal/faultproxy"
	"github.com/naiman-yiye/yiye/license"
)

var (
	binDir string
	builds sync.Map // package path → *built
)

type built struct {
	once sync.Once
	path string
	err  error
}

// TestMain removes the binaries built for end-to-end tests.
func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

var binDirOnce sync.Once

// portalBinary builds cmd/yiye-portal once per test run (only when an
// end-to-end test needs it). YIYE_TEST_PORTAL names a prebuilt one instead:
// Windows test binaries run under Wine, where there is no Go toolchain
// (scripts/windows-test.sh passes the release's portal exe).
func portalBinary(t testing.TB) string {
	if p := os.Getenv("YIYE_TEST_PORTAL"); p != "" {
		return p
	}
	return buildOnce(t, "./cmd/yiye-portal")
}

// buildOnce builds a main package of the module into binDir, once.
func buildOnce(t testing.TB, pkg string) string {
	v, _ := builds.LoadOrStore(pkg, &built{})
	b := v.(*built)
	b.once.Do(func() {
		binDirOnce.Do(func() { binDir, b.err = os.MkdirTemp("", "yiye-client-e2e") })
		if b.err != nil {
			return
		}
		b.path = filepath.Join(binDir, filepath.Base(pkg))
		cmd := exec.Command("go", "build", "-o", b.path, pkg)
		cmd.Dir = ".."
		if out, err := cmd.CombinedOutput(); err != nil {
			b.err = fmt.Errorf("go build %s: %v\n%s", pkg, err, out)
		}
	})
	if b.err != nil {
		t.Fatal(b.err)
	}
	return b.path
}

// realPortal is a running yiye-portal process on a free loopback port.
type realPortal struct {
	URL       string
	Data      string
	BundleKey ed25519.PublicKey
	staffPW   string
	mu        sync.Mutex
	log       bytes.Buffer
}

func startPortal(t testing.TB, extra ...string) *realPortal {
	// Serve the catalog this test binary embeds (the tree may change
	// between building the test and building the portal).
	doc := filepath.Join(t.TempDir(), "catalog.json")
	if err := os.WriteFile(doc, catalog.EmbeddedDocument(), 0o600); err != nil {
		t.Fatal(err)
	}
	return startPortalBin(t, portalBinary(t), append([]string{"--catalog", doc}, extra...)...)
}

func startPortalBin(t testing.TB, bin string, extra ...string) *realPortal {
	t.Helper()
	p := &realPortal{Data: t.TempDir(), staffPW: NewIdempotencyKey()}
	cmd := exec.Command(bin, append([]string{"--addr", "127.0.0.1:0", "--data", p.Data, "--staff-password", p.staffPW}, extra...)...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-done
		}
	})
	urlRE := regexp.MustCompile(`portal listening"? url=(\S+)`)
	keyRE := regexp.MustCompile(`bundle_key=(\S+)`)
	ready := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(stderr)
		var once sync.Once
		for sc.Scan() {
			line := sc.Text()
			p.mu.Lock()
			p.log.WriteString(line + "\n")
			if m := urlRE.FindStringSubmatch(line); m != nil {
				p.URL = strings.Trim(m[1], `"`)
			}
			if m := keyRE.FindStringSubmatch(line); m != nil {
				k, _ := base64.StdEncoding.DecodeString(strings.Trim(m[1], `"`))
				p.BundleKey = k
			}
			ok := p.URL != "" && p.BundleKey != nil
			p.mu.Unlock()
			if ok {
				once.Do(func() { close(ready) })
			}
		}
	}()
	select {
	case <-ready:
	case <-time.After(60 * time.Second):
		p.mu.Lock()
		defer p.mu.Unlock()
		t.Fatalf("portal did not start:\n%s", p.log.String())
	}
	return p
}

// code returns the last one-time code the portal logged for phone.
func (p *realPortal) code(t testing.TB, phone string) string {
	re := regexp.MustCompile(`one-time login code"? phone=` + phone + ` code=(\d+)`)
	for i := 0; i < 100; i++ {
		p.mu.Lock()
		m := re.FindAllStringSubmatch(p.log.String(), -1)
		p.mu.Unlock()
		if m != nil {
			return m[len(m)-1][1]
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("no code logged for %s", phone)
	return ""
}

// staff calls the back-office JSON API.
func (p *realPortal) staff(t testing.TB, path string, act *api.StaffAction, out any) {
	t.Helper()
	method, body := http.MethodGet, io.Reader(nil)
	if act != nil {
		method = http.MethodPost
		b, _ := json.Marshal(act)
		body = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, p.URL+api.PathAdmin+path, body)
	req.SetBasicAuth("staff", p.staffPW)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode/100 != 2 {
		t.Fatalf("staff %s %s: %d %s", method, path, resp.StatusCode, data)
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			t.Fatalf("staff %s: %v: %s", path, err, data)
		}
	}
}

// storedSum is the SHA-256 of the bytes the portal holds for an upload.
func (p *realPortal) storedSum(t testing.TB, uploadID string) string {
	t.Helper()
	s, err := fileSum(filepath.Join(p.Data, "uploads", uploadID))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func login(t testing.TB, p *realPortal, c *Client, phone string) {
	t.Helper()
	ctx := context.Background()
	if _, err := c.RequestCode(ctx, phone); err != nil {
		t.Fatal(err)
	}
	if err := c.Login(ctx, phone, "000000"); CodeOf(err) != CodeValidation {
		t.Fatalf("wrong code: %v", err)
	}
	if err := c.Login(ctx, phone, p.code(t, phone)); err != nil {
		t.Fatal(err)
	}
}

func journeySubmission(t testing.TB) (Submission, []string) {
	s, sums := sampleSubmission(t, 3<<20, 20_000)
	s.Request.Items = []string{"SPJY", "YCLS"}
	s.Request.Subject = api.Subject{USCC: "92150525MA0R123448", Name: "示例便利店", LegalRep: "张明", Address: "奈曼旗大沁他拉镇"}
	return s, sums
}

func TestE2EJourney(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs cmd/yiye-portal")
	}
	p := startPortal(t)
	ctx := context.Background()
	db := openDB(t, filepath.Join(t.TempDir(), "yiye.db"))
	tokens, err := OpenDBTokenStore(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	c := New(Config{BaseURL: p.URL, Tokens: tokens, ChunkSize: 1 << 20})
	const phone = "13900000001"
	login(t, p, c, phone)
	if me, err := c.Me(ctx); err != nil || me.Phone != phone {
		t.Fatalf("me: %+v %v", me, err)
	}

	// Catalog sync against the portal's signed bundle and logged key.
	local, err := catalog.OpenLocal(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	syncer, _ := OpenSyncer(ctx, db, c, local, []ed25519.PublicKey{p.BundleKey})
	if res, err := syncer.Sync(ctx); err != nil || !res.Installed {
		t.Fatalf("sync: %+v %v", res, err)
	}
	if res, err := syncer.Sync(ctx); err != nil || !res.NotModified {
		t.Fatalf("second sync: %+v %v", res, err)
	}
	licKey, _ := syncer.LicenseKey(ctx)

	// Enterprise lookup for pre-filling; a bad code is a validation error.
	ent, err := c.LookupEnterprise(ctx, "92150525MA0R123448")
	if err != nil || ent.Name == "" {
		t.Fatalf("lookup: %+v %v", ent, err)
	}
	if _, err := c.LookupEnterprise(ctx, "123"); CodeOf(err) != CodeValidation || StatusOf(err) != 400 {
		t.Fatalf("bad uscc: %v", err)
	}

	// Submit through the outbox; the watcher sees it.
	ob, _ := OpenOutbox(ctx, db, c)
	s, sums := journeySubmission(t)
	s.Request.Subject.Name = ent.Name
	id, err := ob.Enqueue(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	ob.Start(ctx)
	it := waitState(t, ob, id, StateSent)
	ob.Stop()
	w, _ := OpenWatcher(ctx, db, c)
	if ch, err := w.Poll(ctx); err != nil || len(ch) != 1 || ch[0].New != api.StatusSubmitted {
		t.Fatalf("watch: %+v %v", ch, err)
	}
	app, err := c.GetApplication(ctx, it.ApplicationID)
	if err != nil || len(app.Materials) != 2 {
		t.Fatalf("detail: %+v %v", app, err)
	}
	for i, m := range app.Materials {
		if m.SHA256 != sums[i] || p.storedSum(t, m.UploadID) != sums[i] {
			t.Errorf("material %d: declared %s stored %s file %s", i, m.SHA256, p.storedSum(t, m.UploadID), sums[i])
		}
	}

	// The back office asks for a correction; the applicant answers it.
	p.staff(t, "/applications/"+app.ID+"/accept", &api.StaffAction{Note: "受理"}, nil)
	var corr api.Correction
	p.staff(t, "/applications/"+app.ID+"/correction", &api.StaffAction{Items: []string{"SPJY"},
		Fields: []api.FieldNote{{Key: "area", Note: "面积有误"}}, Materials: []api.MaterialNote{{MaterialID: "MA", Note: "请补充清晰扫描件"}}}, &corr)
	ch, err := w.Poll(ctx)
	if err != nil || len(ch) != 1 || ch[0].New != api.StatusCorrectionRequested {
		t.Fatalf("watch correction: %+v %v", ch, err)
	}
	app, _ = c.GetApplication(ctx, app.ID)
	if app.OpenCorrection == nil || app.OpenCorrection.ID != corr.ID {
		t.Fatalf("open correction: %+v", app.OpenCorrection)
	}
	np, _ := randomFile(t, 50_000)
	ref, err := c.UploadFile(ctx, "MA", np, "application/pdf", nil)
	if err != nil {
		t.Fatal(err)
	}
	ans := api.CorrectionAnswer{Form: map[string]any{"area": 80}, Materials: []api.MaterialRef{ref}, Note: "已更正"}
	key := NewIdempotencyKey()
	if _, err := c.AnswerCorrection(ctx, key, app.ID, corr.ID, ans); err != nil {
		t.Fatal(err)
	}
	// A retried answer (same key) counts once.
	if _, err := c.AnswerCorrection(ctx, key, app.ID, corr.ID, ans); err != nil {
		t.Fatalf("retried answer: %v", err)
	}
	app, _ = c.GetApplication(ctx, app.ID)
	answered := 0
	for _, ev := range app.Timeline {
		if ev.Type == api.EventCorrectionAnswered {
			answered++
		}
	}
	if answered != 1 || app.OpenCorrection != nil {
		t.Fatalf("%d answers recorded, open correction %+v", answered, app.OpenCorrection)
	}

	// Approval and the license.
	for _, code := range []string{"SPJY", "YCLS"} {
		p.staff(t, "/applications/"+app.ID+"/items/"+code+"/approve", &api.StaffAction{}, nil)
	}
	var issued api.License
	p.staff(t, "/applications/"+app.ID+"/issue", &api.StaffAction{}, &issued)
	ch, _ = w.Poll(ctx)
	if len(ch) != 1 || ch[0].New != api.StatusLicensed {
		t.Fatalf("watch licensed: %+v", ch)
	}
	lics, err := c.ListLicenses(ctx)
	if err != nil || len(lics) != 1 {
		t.Fatalf("licenses: %+v %v", lics, err)
	}
	lic, err := c.GetLicense(ctx, lics[0].Number)
	if err != nil || lic.Number != issued.Number || lic.QRPayload == "" {
		t.Fatalf("license: %+v %v", lic, err)
	}

	// Verification: offline with the key from the synced bundle, online by
	// number and payload; a tampered payload fails.
	if _, err := license.VerifyText(lic.QRPayload, licKey); err != nil {
		t.Fatalf("offline verify: %v", err)
	}
	v, err := c.VerifyNumber(ctx, lic.Number)
	if err != nil || !v.Valid || v.Status != api.LicenseValid {
		t.Fatalf("verify number: %+v %v", v, err)
	}
	v, err = c.VerifyPayload(ctx, lic.QRPayload)
	if err != nil || !v.Valid || v.SignatureValid == nil || !*v.SignatureValid {
		t.Fatalf("verify payload: %+v %v", v, err)
	}
	tampered := tamper(lic.QRPayload)
	if _, err := license.VerifyText(tampered, licKey); err == nil {
		t.Fatal("offline verify accepted a tampered payload")
	}
	v, err = c.VerifyPayload(ctx, tampered)
	if err == nil && (v.Valid || (v.SignatureValid != nil && *v.SignatureValid)) {
		t.Fatalf("tampered payload verified: %+v", v)
	}

	// Consultation.
	if _, err := c.SendMessage(ctx, "", api.MessageRequest{ApplicationID: app.ID, Text: "请问何时现场核查？"}); err != nil {
		t.Fatal(err)
	}
	p.staff(t, "/messages", &api.StaffAction{ApplicationID: app.ID, Text: "三个工作日内联系您。"}, nil)
	msgs, err := c.Messages(ctx, app.ID, "")
	if err != nil || len(msgs) != 2 || msgs[1].From != "staff" {
		t.Fatalf("messages: %+v %v", msgs, err)
	}

	// The session survives a restart (tokens in the database) and an
	// expired access token is refreshed on the first 401.
	tokens.SaveTokens(ctx, func() Tokens { tk, _ := tokens.LoadTokens(ctx); tk.Access = "expired"; return tk }())
	c2 := New(Config{BaseURL: p.URL, Tokens: tokens})
	if _, err := c2.ListApplications(ctx); err != nil {
		t.Fatalf("after restart with expired access token: %v", err)
	}
	if tk, _ := tokens.LoadTokens(ctx); tk.Access == "expired" {
		t.Fatal("token not refreshed")
	}

	// Logout revokes the session on the portal and forgets it here.
	old, _ := tokens.LoadTokens(ctx)
	if err := c2.Logout(ctx); err != nil || c2.LoggedIn(ctx) {
		t.Fatalf("logout: %v", err)
	}
	tokens.SaveTokens(ctx, old)
	if _, err := c2.ListApplications(ctx); CodeOf(err) != CodeUnauthorized {
		t.Fatalf("revoked session still works: %v", err)
	}
}

// tamper changes one digit of the payload's signed part.
func tamper(payload string) string {
	i := strings.LastIndexByte(payload, '#')
	b := []byte(payload)
	for j := len(b) - 10; j > i; j-- {
		if b[j] >= '0' && b[j] <= '9' {
			b[j] = '0' + (b[j]-'0'+1)%10
			break
		}
	}
	return string(b)
}

// Through a proxy that cuts connections mid-request, mid-upload and after
// the portal processed a request, against the real portal: exactly one
// application, attachments intact on the server.
func TestE2EFaults(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs cmd/yiye-portal")
	}
	p := startPortal(t)
	for seed := uint64(1); seed <= 4; seed++ {
		faultRun(t, p, seed)
	}
}

func faultRun(t *testing.T, p *realPortal, seed uint64) {
	ctx := context.Background()
	direct := New(Config{BaseURL: p.URL})
	login(t, p, direct, fmt.Sprintf("1390000010%d", seed))
	rng := rand.New(rand.NewPCG(seed, 7))
	var mu sync.Mutex
	proxy, err := faultproxy.Start(strings.TrimPrefix(p.URL, "http://"), func(n int) faultproxy.Fault {
		mu.Lock()
		defer mu.Unlock()
		switch rng.IntN(6) {
		case 0, 1:
			return faultproxy.Fault{CutUpAfter: 1 + rng.Int64N(1<<20)}
		case 2:
			return faultproxy.Fault{DropResponse: true}
		case 3, 4:
			return faultproxy.Fault{CutDownAfter: 1 + rng.Int64N(6000)}
		}
		return faultproxy.Fault{CutUpAfter: 1<<20 + rng.Int64N(3<<20)} // even good connections die
	})
	if err != nil {
		t.Fatal(err)
	}
	defer proxy.Close()
	c := New(Config{BaseURL: "http://" + proxy.Addr(), Tokens: direct.tokens, ChunkSize: 512 << 10,
		Retry: RetryPolicy{Attempts: 3, Backoff: Backoff{Base: time.Millisecond, Max: 10 * time.Millisecond}}})
	ob, _ := OpenOutbox(ctx, openDB(t, filepath.Join(t.TempDir(), "yiye.db")), c)
	ob.Backoff = Backoff{Base: time.Millisecond, Max: 10 * time.Millisecond}
	s, sums := journeySubmission(t)
	id, _ := ob.Enqueue(ctx, s)
	for i := 0; i < 500; i++ {
		ob.Drain(ctx)
		if it, _ := ob.Get(ctx, id); it.State.Done() {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	it, _ := ob.Get(ctx, id)
	if it.State != StateSent {
		t.Fatalf("not sent: %s %v", it.State, it.Err)
	}
	apps, err := direct.ListApplications(ctx)
	if err != nil || len(apps) != 1 || apps[0].ID != it.ApplicationID {
		t.Fatalf("applications on the portal: %+v %v", apps, err)
	}
	app, _ := direct.GetApplication(ctx, it.ApplicationID)
	for i, m := range app.Materials {
		if got := p.storedSum(t, m.UploadID); got != sums[i] || m.SHA256 != sums[i] {
			t.Errorf("material %d: stored %s declared %s file %s", i, got, m.SHA256, sums[i])
		}
	}
	t.Logf("seed %d: %d connections, %d cut on purpose", seed, proxy.Conns(), proxy.Cuts.Load())
	if proxy.Cuts.Load() == 0 {
		t.Errorf("seed %d: no faults injected", seed)
	}
}

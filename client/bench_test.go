package client

import (
	"bufio"
	"context"
	"crypto/rand"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/naiman-yiye/yiye/client/api"
)

// BenchmarkUpload200MB uploads a 200 MB file to a real yiye-portal over
// loopback with this client (tus, streamed PATCHes) and, for comparison,
// with curl speaking tus (POST to create, one PATCH --data-binary @file),
// and reports both throughputs, their ratio and the client's memory:
// peak RSS of this process during the upload (VmHWM after resetting it via
// /proc/self/clear_refs) and bytes allocated per upload. Run it alone:
//
//	go test -tags ci -run '^$' -bench Upload200MB -benchtime 1x ./client
func BenchmarkUpload200MB(b *testing.B) {
	if _, err := exec.LookPath("curl"); err != nil {
		b.Skip("curl not installed")
	}
	const size = 200 << 20
	// The reference portal with a 256 MiB upload limit (its default is
	// 20 MiB), in its own process so that VmHWM below is the client's alone.
	p := startPortalBin(b, buildOnce(b, "./cmd/yiye-portal"), "--max-upload", strconv.Itoa(256<<20))
	ctx := context.Background()
	c := New(Config{BaseURL: p.URL})
	login(b, p, c, "13900000099")
	path := filepath.Join(b.TempDir(), "big.bin")
	writeRandom(b, path, size)
	sum, _, err := FileSHA256(path)
	if err != nil {
		b.Fatal(err)
	}
	tk, _ := c.tokens.LoadTokens(ctx)
	meta := map[string]string{api.MetaSHA256: sum, api.MetaFilename: "big.bin"}
	runtime.GC()

	var clientDur, curlDur time.Duration
	var peakRSS int64
	var ms0, ms1 runtime.MemStats
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		resetPeakRSS()
		runtime.ReadMemStats(&ms0)
		start := time.Now()
		u := c.Uploader()
		loc, err := u.Create(ctx, c.UploadsURL(), size, meta)
		if err != nil {
			b.Fatal(err)
		}
		if err := u.Upload(ctx, loc, path, size, nil); err != nil {
			b.Fatal(err)
		}
		clientDur += time.Since(start)
		runtime.ReadMemStats(&ms1)
		peakRSS = max(peakRSS, vmHWM())
		if got := p.storedSum(b, UploadID(loc)); got != sum {
			b.Fatalf("server holds %s, file is %s", got, sum)
		}

		start = time.Now()
		curlUpload(b, c.UploadsURL(), tk.Access, path, size, meta)
		curlDur += time.Since(start)
	}
	b.StopTimer()
	mb := float64(size) / (1 << 20) * float64(b.N)
	clientMBs, curlMBs := mb/clientDur.Seconds(), mb/curlDur.Seconds()
	b.ReportMetric(clientMBs, "client-MB/s")
	b.ReportMetric(curlMBs, "curl-MB/s")
	b.ReportMetric(clientMBs/curlMBs, "ratio")
	b.ReportMetric(float64(peakRSS)/(1<<20), "peak-RSS-MB")
	b.ReportMetric(float64(ms1.TotalAlloc-ms0.TotalAlloc)/(1<<20), "alloc-MB/upload")
	b.Logf("client %.0f MB/s, curl %.0f MB/s, ratio %.2f; peak RSS %.1f MB (VmHWM), %.1f MB allocated per upload",
		clientMBs, curlMBs, clientMBs/curlMBs, float64(peakRSS)/(1<<20), float64(ms1.TotalAlloc-ms0.TotalAlloc)/(1<<20))
}

func writeRandom(tb testing.TB, path string, size int) {
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	buf := make([]byte, 1<<20)
	for n := 0; n < size; n += len(buf) {
		rand.Read(buf)
		w.Write(buf[:min(len(buf), size-n)])
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
}

// curlUpload creates an upload and sends the file in one PATCH with curl.
func curlUpload(tb testing.TB, endpoint, token, path string, size int, meta map[string]string) {
	out, err := exec.Command("curl", "-sS", "-i", "-X", "POST", endpoint,
		"-H", "Tus-Resumable: 1.0.0", "-H", "Authorization: Bearer "+token,
		"-H", "Upload-Length: "+strconv.Itoa(size), "-H", "Upload-Metadata: "+EncodeMetadata(meta)).CombinedOutput()
	if err != nil {
		tb.Fatalf("curl create: %v %s", err, out)
	}
	m := regexp.MustCompile(`(?im)^Location:\s*(\S+)`).FindSubmatch(out)
	if m == nil {
		tb.Fatalf("curl create: no Location in %s", out)
	}
	loc := string(m[1])
	if strings.HasPrefix(loc, "/") {
		loc = strings.TrimSuffix(endpoint, api.PathUploads) + loc
	}
	out, err = exec.Command("curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", "-X", "PATCH", loc,
		"-H", "Tus-Resumable: 1.0.0", "-H", "Authorization: Bearer "+token, "-H", "Upload-Offset: 0",
		"-H", "Content-Type: application/offset+octet-stream", "--data-binary", "@"+path).CombinedOutput()
	if err != nil || string(out) != "204" {
		tb.Fatalf("curl patch: %v %s", err, out)
	}
}

// resetPeakRSS resets VmHWM to the current RSS (Linux; ignored elsewhere).
func resetPeakRSS() { os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

// vmHWM is this process's peak resident set size in bytes (0 if unknown).
func vmHWM() int64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			var kb int64
			fmt.Sscanf(strings.TrimSpace(strings.TrimPrefix(line, "VmHWM:")), "%d", &kb)
			return kb << 10
		}
	}
	return 0
}

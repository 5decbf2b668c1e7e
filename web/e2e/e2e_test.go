// Package e2e runs the consumer pages in a real browser: it builds and starts the real
// server on a fresh database with the demo data (cloned from a seeded template), then drives
// Debian's Chromium with playwright-core (run.mjs). It holds no production code.
//
// Prerequisites come from scripts/browser.sh, which `make test` runs first. When they are
// missing the test fails, saying what to run; it never passes by skipping. Only -short skips it,
// and says so.
package e2e

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"ratewise/db"
	"ratewise/db/dbtest"
)

func chromiumPath() string {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	return "/usr/bin/chromium"
}

// prerequisites reports what is missing for the browser tests, in words.
func prerequisites(root string) []string {
	var missing []string
	if _, err := os.Stat(chromiumPath()); err != nil {
		missing = append(missing, "Chromium at "+chromiumPath())
	}
	if _, err := exec.LookPath("node"); err != nil {
		missing = append(missing, "Node.js (node)")
	}
	if _, err := os.Stat(filepath.Join(root, "web/e2e/node_modules/playwright-core/package.json")); err != nil {
		missing = append(missing, "playwright-core in web/e2e/node_modules")
	}
	return missing
}

// built is the ratewise binary both browser tests run, built once.
var built struct {
	once sync.Once
	dir  string // removed by TestMain
	path string
	err  error
	out  []byte
}

// serverBinary builds ./cmd/ratewise (root is the repository) the first time it is called.
func serverBinary(t *testing.T, root string) string {
	t.Helper()
	built.once.Do(func() {
		if built.dir, built.err = os.MkdirTemp("", "ratewise-e2e-"); built.err != nil {
			return
		}
		built.path = filepath.Join(built.dir, "ratewise")
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		build := exec.CommandContext(ctx, "go", "build", "-o", built.path, "./cmd/ratewise")
		build.Dir = root
		built.out, built.err = build.CombinedOutput()
	})
	if built.err != nil {
		t.Fatalf("go build: %v\n%s", built.err, built.out)
	}
	return built.path
}

func TestMain(m *testing.M) {
	code := m.Run()
	if built.dir != "" {
		_ = os.RemoveAll(built.dir)
	}
	os.Exit(code)
}

func TestConsumerPagesInABrowser(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("browser tests skipped: -short")
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	if missing := prerequisites(root); len(missing) > 0 {
		t.Fatalf("the browser tests cannot run; missing: %s.\n  Run `bash scripts/browser.sh` (make test does this) and try again.", strings.Join(missing, ", "))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()

	bin := serverBinary(t, root)

	// The demo data is what `ratewise seed` loads into a fresh database, cloned from a template
	// seeded once per version of the code and data that make it. cmd/ratewise's tests build the
	// same template, in process, under the same name and key; the built-in embedder (the
	// variables blanked here) is what both seed with.
	dsn := dbtest.NewSeededDatabase(t, dbtest.Seed{
		Name: "demo",
		Key:  dbtest.SourceKey(t, "assistant", "cmd/ratewise", "offers", "retrieval"),
		Fill: func(ctx context.Context, dsn string) error {
			seed := exec.CommandContext(ctx, bin, "seed")
			seed.Env = []string{"DATABASE_URL=" + dsn, "LOG_LEVEL=error"}
			if out, err := seed.CombinedOutput(); err != nil {
				return fmt.Errorf("ratewise seed: %v\n%s", err, out)
			}
			return nil
		},
	})
	env := append(os.Environ(), "DATABASE_URL="+dsn, "LISTEN_ADDR=127.0.0.1:0", "OPENAI_API_KEY=", "LOG_LEVEL=warn",
		"EMBEDDINGS_MODEL=", "EMBEDDINGS_DIM=")

	// The demo merchant's secret key, which signs its shoppers' identity tokens: the seed
	// printed it once, so the test rotates it to learn one.
	rotate := exec.CommandContext(ctx, bin, "partner", "rotate-key", "--json", "Pixel & Plank Electronics")
	rotate.Env = env
	out, err := rotate.Output()
	if err != nil {
		t.Fatalf("ratewise partner rotate-key: %v\n%s", err, out)
	}
	var keys struct {
		SecretKey string `json:"secret_key"`
	}
	if err := json.Unmarshal(out, &keys); err != nil || keys.SecretKey == "" {
		t.Fatalf("ratewise partner rotate-key --json printed %q (%v)", out, err)
	}

	// The demo shop is a second origin that embeds the widget from this server.
	direct, stop, shop := startServer(t, ctx, bin, env, "--demo-shop", "127.0.0.1:0")
	defer stop()
	if shop == "" {
		t.Fatal("the server printed no demo shop URL")
	}
	// A second instance whose widget tokens last 10 seconds, with its own demo shop, to watch
	// the widget renew its token while a chat goes on.
	short, stopShort, shortShop := startServer(t, ctx, bin, append(env, "WIDGET_TOKEN_TTL=10s"), "--demo-shop", "127.0.0.1:0")
	defer stopShort()
	if shortShop == "" {
		t.Fatal("the short-token server printed no demo shop URL")
	}
	// The browser reaches the server through a proxy the script can cut, to show that the
	// chat resumes after a dropped connection.
	pool, err := db.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	p := newProxy(t, strings.TrimPrefix(direct, "http://"), &standInAgent{pool: pool})
	base := "http://" + p.Addr()

	shots := filepath.Join(root, "web/e2e/screenshots")
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	node := exec.CommandContext(ctx, "node", "run.mjs")
	node.Dir = filepath.Join(root, "web/e2e")
	node.Env = append(os.Environ(), "BASE_URL="+base, "DIRECT_URL="+direct, "PROXY_CONTROL="+p.control,
		"SCREENSHOTS="+shots, "CHROMIUM="+chromiumPath(), "SHOP_URL="+shop, "SHOP_SECRET="+keys.SecretKey,
		"SHORT_URL="+short, "SHORT_SHOP_URL="+shortShop)
	out, err = node.CombinedOutput()
	for _, line := range strings.Split(strings.TrimRight(string(out), "\n"), "\n") {
		t.Log(line)
	}
	if err != nil {
		t.Fatalf("browser tests failed (%v); screenshots in %s", err, shots)
	}
}

var (
	servingLine  = regexp.MustCompile(`serving on (http://\S+)`)
	demoShopLine = regexp.MustCompile(`demo shop \(merchant\)\s+(http://\S+?)/?$`)
)

// startServer runs `ratewise serve args…` and returns its base URL once it listens, and the
// demo shop's when it serves one (--demo-shop).
func startServer(t *testing.T, ctx context.Context, bin string, env []string, args ...string) (string, func(), string) {
	t.Helper()
	cmd := exec.CommandContext(ctx, bin, append([]string{"serve"}, args...)...)
	cmd.Env = env
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	stop := func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
		if s := stderr.String(); s != "" {
			t.Logf("server log (warnings and errors):\n%s", s)
		}
	}
	// The URLs are printed together before the server logs that it serves.
	found := make(chan [2]string, 1)
	go func() {
		var urls [2]string
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := servingLine.FindStringSubmatch(sc.Text()); m != nil {
				urls[0] = m[1]
			}
			if m := demoShopLine.FindStringSubmatch(sc.Text()); m != nil {
				urls[1] = m[1]
			}
			if urls[0] != "" && (urls[1] != "" || len(args) == 0) {
				break
			}
		}
		found <- urls
		_, _ = io.Copy(io.Discard, stdout)
	}()
	select {
	case urls := <-found:
		// Driven only once it takes traffic, as a load balancer would: an instance still
		// warming up its understanding (trained at start when no kept model is found) would
		// hold the first turns until it is ready, and on a busy machine past their time.
		if err := waitReady(ctx, urls[0], 3*time.Minute); err != nil {
			stop()
			t.Fatal(err)
		}
		return urls[0], stop, urls[1]
	case <-time.After(60 * time.Second):
		stop()
		t.Fatalf("the server did not say where it listens within a minute")
	case <-ctx.Done():
		stop()
		t.Fatal("timed out starting the server")
	}
	return "", nil, ""
}

// waitReady waits until base's /readyz answers 200.
func waitReady(ctx context.Context, base string, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for {
		req, _ := http.NewRequestWithContext(ctx, "GET", base+"/readyz", nil)
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			return fmt.Errorf("the server at %s was not ready within %s (last: %v)", base, limit, statusOf(resp, err))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func statusOf(resp *http.Response, err error) string {
	if err != nil {
		return err.Error()
	}
	return resp.Status
}

// proxy forwards TCP to the server. Its control URL's /down cuts every open connection and
// refuses new ones until /up, like a network that drops and comes back; /agent/… is the
// stand-in agent.
type proxy struct {
	*dbtest.Proxy
	control string
}

func newProxy(t *testing.T, target string, agent http.Handler) *proxy {
	t.Helper()
	p := &proxy{Proxy: dbtest.NewProxy(t, target)}
	ctl := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/down":
			p.SetDown(true)
		case "/up":
			p.SetDown(false)
		default:
			agent.ServeHTTP(w, r)
		}
	}))
	p.control = ctl.URL
	t.Cleanup(ctl.Close)
	return p
}

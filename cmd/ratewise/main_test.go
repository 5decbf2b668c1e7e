package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"ratewise/assistant"
	"ratewise/assistant/nlu"
	"ratewise/db/dbtest"
)

// syncBuffer is a bytes.Buffer safe to read while the server goroutine writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// The test databases are dropped together once every test has ended (dbtest.Main says why).
func TestMain(m *testing.M) {
	// The assistant's understanding is trained first (or read where NLU_MODEL_DIR keeps it;
	// make test sets it), so no turn pays for it inside a deadline.
	nlu.SetModelDir(os.Getenv("NLU_MODEL_DIR"))
	assistant.WarmUp()
	code := dbtest.Main(m)
	if built.dir != "" {
		_ = os.RemoveAll(built.dir)
	}
	os.Exit(code)
}

func envFrom(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestBadConfigFailsWithClearMessage(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		env  map[string]string
		want []string
	}{
		{"log level", map[string]string{"LOG_LEVEL": "chatty"}, []string{"LOG_LEVEL", `"chatty"`, "debug, info, warn, error"}},
		{"listen addr", map[string]string{"LISTEN_ADDR": "8080"}, []string{"LISTEN_ADDR", "host:port"}},
		{"embeddings dim", map[string]string{"EMBEDDINGS_DIM": "0"}, []string{"EMBEDDINGS_DIM", "1 to 2000"}},
		{"base url", map[string]string{"OPENAI_BASE_URL": "localhost:11434"}, []string{"OPENAI_BASE_URL", "http(s) URL"}},
		{"short secret", map[string]string{"SESSION_SECRET": "abc"}, []string{"SESSION_SECRET", "at least 32"}},
		{"database url", map[string]string{"DATABASE_URL": "mysql://x"}, []string{"DATABASE_URL", "postgres://"}},
		{"hashes at once", map[string]string{"PASSWORD_HASHES_AT_ONCE": "0"}, []string{"PASSWORD_HASHES_AT_ONCE", "from 1 to 256"}},
		{"short metrics token", map[string]string{"METRICS_TOKEN": "abc"}, []string{"METRICS_TOKEN", "at least 16"}},
		{"bad proxy network", map[string]string{"TRUSTED_PROXIES": "10.0.0.0/8, nonsense"}, []string{"TRUSTED_PROXIES", `"nonsense"`}},
		{"profiles on a public address", map[string]string{"DEBUG_ADDR": "0.0.0.0:6060"}, []string{"DEBUG_ADDR", "loopback"}},
		{"one database connection", map[string]string{"DB_MAX_CONNS": "1"}, []string{"DB_MAX_CONNS", "from 2 to 1000"}},
		{"negative early conversations", map[string]string{"TURN_EARLY_CONVERSATIONS": "-1"}, []string{"TURN_EARLY_CONVERSATIONS", "from 0 to 100000"}},
		{"early conversations not a number", map[string]string{"TURN_EARLY_CONVERSATIONS": "lots"}, []string{"TURN_EARLY_CONVERSATIONS"}},
		{"several at once", map[string]string{"LOG_LEVEL": "x", "EMBEDDINGS_DIM": "y"}, []string{"LOG_LEVEL", "EMBEDDINGS_DIM"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			code := run(context.Background(), []string{"migrate"}, envFrom(tt.env), nil, &out, &errOut)
			if code != 1 {
				t.Fatalf("exit code = %d, want 1; stderr: %s", code, errOut.String())
			}
			for _, w := range tt.want {
				if !strings.Contains(errOut.String(), w) {
					t.Errorf("stderr %q does not mention %q", errOut.String(), w)
				}
			}
		})
	}
}

func TestHelp(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	if code := run(context.Background(), []string{"--help"}, envFrom(nil), nil, &out, io.Discard); code != 0 {
		t.Fatalf("--help exit %d", code)
	}
	for _, c := range commands() {
		if !strings.Contains(out.String(), c.name) {
			t.Errorf("--help does not list %s", c.name)
		}
	}
	for _, v := range envVars {
		if !strings.Contains(out.String(), v.name) {
			t.Errorf("--help does not describe %s", v.name)
		}
	}
	out.Reset()
	if code := run(context.Background(), []string{"serve", "--help"}, envFrom(nil), nil, &out, io.Discard); code != 0 || !strings.Contains(out.String(), "-migrate") {
		t.Errorf("serve --help = %d %q", code, out.String())
	}
	var errOut bytes.Buffer
	if code := run(context.Background(), []string{"frobnicate"}, envFrom(nil), nil, io.Discard, &errOut); code != 2 || !strings.Contains(errOut.String(), `unknown command "frobnicate"`) {
		t.Errorf("unknown command = %d %q", code, errOut.String())
	}
}

func TestServeRefusesOutdatedSchemaThenMigratesAndServes(t *testing.T) {
	t.Parallel()
	dsn := dbtest.NewEmptyDatabase(t)
	env := envFrom(map[string]string{"DATABASE_URL": dsn, "LISTEN_ADDR": "127.0.0.1:0", "LOG_LEVEL": "error"})

	var errOut bytes.Buffer
	code := run(context.Background(), []string{"serve"}, env, nil, io.Discard, &errOut)
	if code != 1 || !strings.Contains(errOut.String(), "schema is out of date") || !strings.Contains(errOut.String(), "ratewise migrate") {
		t.Fatalf("serve on an empty database = %d %q, want a refusal that says to migrate", code, errOut.String())
	}

	ctx, cancel := context.WithCancel(context.Background())
	var out syncBuffer
	done := make(chan int, 1)
	go func() { done <- run(ctx, []string{"serve", "--migrate"}, env, nil, &out, io.Discard) }()

	var base string
	re := regexp.MustCompile(`serving on (http://\S+)`)
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := re.FindStringSubmatch(out.String()); m != nil {
			base = m[1]
			break
		}
	}
	if base == "" {
		cancel()
		t.Fatalf("server did not start; stdout %q", out.String())
	}
	// Ready once the database answers and the understanding is trained (503 until then).
	var ready int
	for deadline := time.Now().Add(3 * time.Minute); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		resp, err := http.Get(base + "/readyz")
		if err != nil {
			t.Fatal(err)
		}
		var body map[string]string
		_ = json.NewDecoder(resp.Body).Decode(&body)
		resp.Body.Close()
		if ready = resp.StatusCode; ready == 200 {
			break
		}
		if ready != 503 || body["assistant"] != "warming up" {
			t.Fatalf("/readyz = %d %v, want 200, or 503 while warming up", ready, body)
		}
	}
	if ready != 200 {
		t.Fatalf("/readyz = %d after 3 minutes", ready)
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("serve exited %d after shutdown, want 0", code)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not shut down")
	}

	var mout bytes.Buffer
	if code := run(context.Background(), []string{"migrate"}, env, nil, &mout, io.Discard); code != 0 || !strings.Contains(mout.String(), "up to date") {
		t.Fatalf("migrate after serve --migrate = %d %q", code, mout.String())
	}
}

func TestLimitSettingsAreRead(t *testing.T) {
	t.Parallel()
	c, err := LoadConfig(envFrom(map[string]string{"TRUSTED_PROXIES": "10.0.0.0/8, 192.0.2.7", "METRICS_TOKEN": "0123456789abcdef",
		"PASSWORD_HASHES_AT_ONCE": "2", "SIGNUPS_PER_ADDRESS_PER_HOUR": "7", "MAX_HOLDINGS_PER_CONSUMER": "9",
		"DB_MAX_CONNS": "7", "DEBUG_ADDR": "127.0.0.1:6060", "TURN_EARLY_CONVERSATIONS": "0",
		"FAILED_SIGNINS_PER_ACCOUNT": "3", "FAILED_SIGNINS_PER_ADDRESS": "11", "TRANSCRIPT_PAGE_SIZE": "40", "HOLDINGS_PAGE_SIZE": "12"}))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.TrustedProxies) != 2 || c.TrustedProxies[0].String() != "10.0.0.0/8" || c.TrustedProxies[1].String() != "192.0.2.7/32" {
		t.Errorf("TrustedProxies = %v", c.TrustedProxies)
	}
	if c.MetricsToken != "0123456789abcdef" || c.HashesAtOnce != 2 || c.SignupsPerAddress != 7 || c.MaxHoldings != 9 ||
		c.DBMaxConns != 7 || c.DebugAddr != "127.0.0.1:6060" || c.TurnEarly != 0 ||
		c.FailedSignInsPerAccount != 3 || c.FailedSignInsPerAddress != 11 || c.TranscriptPage != 40 || c.HoldingsPage != 12 {
		t.Errorf("limits read as %+v", c)
	}
	d, err := LoadConfig(envFrom(nil))
	if err != nil || d.HashesAtOnce != 4 || d.SignupsPerAddress != 20 || d.MaxHoldings != 50 || d.TrustedProxies != nil ||
		d.DBMaxConns != 8 || d.DebugAddr != "" || d.TurnEarly != 1000 ||
		d.FailedSignInsPerAccount != 5 || d.FailedSignInsPerAddress != 30 || d.TranscriptPage != 200 || d.HoldingsPage != 100 {
		t.Errorf("defaults: %+v, %v", d, err)
	}
}

func TestDebugAddrServesProfiles(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	addr, err := serveDebug(ctx, "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get("http://" + addr + "/debug/pprof/goroutine?debug=1")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "goroutine profile") {
		t.Fatalf("goroutine profile = %d %.200q", resp.StatusCode, body)
	}
}

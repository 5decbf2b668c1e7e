package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"ratewise/db"
	"ratewise/db/dbtest"
)

// Two `ratewise serve` processes on one database behave as one console: a handoff made
// through A reaches an agent's console stream on B; an agent's reply sent through B reaches
// the consumer streaming from A; an accept on B racing a claim on A has exactly one winner;
// and an offer made before both are killed expires and is offered to the next agent after a
// restart.
func TestTwoInstancesShareTheConsole(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary: skipped with -short")
	}
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	bin := buildBinary(t)
	dsn := dbtest.NewDatabase(t)
	env := append(os.Environ(), "DATABASE_URL="+dsn, "LISTEN_ADDR=127.0.0.1:0", "OPENAI_API_KEY=", "LOG_LEVEL=warn",
		"EMBEDDINGS_MODEL=", "EMBEDDINGS_DIM=")
	for _, a := range []struct{ email, name string }{{"ana@ratewise.test", "Ana Agent"}, {"ben@ratewise.test", "Ben Agent"}} {
		cmd := exec.CommandContext(ctx, bin, "staff", "add", "--email", a.email, "--role", "agent", "--name", a.name, "--password-stdin")
		cmd.Env, cmd.Stdin = env, strings.NewReader("correct horse battery\n")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("staff add: %v\n%s", err, out)
		}
	}
	a := startInstance(t, ctx, bin, env)
	b := startInstance(t, ctx, bin, env)

	ana := newHTTPClient(t, b.base)
	ana.login("ana@ratewise.test")
	ana.post("/api/v1/console/status", `{"status":"online"}`, 200, nil)
	anaEvents := ana.stream("/api/v1/console/events")

	consumer := newHTTPClient(t, a.base)
	consumer.post("/api/v1/auth/signup", `{"email":"cy@example.com","password":"correct horse battery","name":"Cy"}`, 201, nil)
	var conv struct{ ID int64 }
	consumer.post("/api/v1/conversations", "", 201, &conv)
	consumerEvents := consumer.stream(fmt.Sprintf("/api/v1/conversations/%d/events", conv.ID))

	// A handoff through A reaches Ana's console on B.
	start := time.Now()
	consumer.post(fmt.Sprintf("/api/v1/conversations/%d/handoff", conv.ID), `{"reason":"a question about my loan"}`, 200, nil)
	var offer struct {
		OfferID        int64 `json:"offer_id"`
		ConversationID int64 `json:"conversation_id"`
	}
	anaEvents.wait(t, "offer.created", &offer)
	t.Logf("handoff on A → offer.created on B: %v", time.Since(start))
	if offer.ConversationID != conv.ID {
		t.Fatalf("offer = %+v, want conversation %d", offer, conv.ID)
	}

	// Ana accepting on B races Ben claiming on A: exactly one wins.
	ben := newHTTPClient(t, a.base)
	ben.login("ben@ratewise.test")
	ben.post("/api/v1/console/status", `{"status":"online"}`, 200, nil)
	codes := make([]int, 2)
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		codes[0] = ana.status("POST", fmt.Sprintf("/api/v1/console/offers/%d/accept", offer.OfferID), "")
	}()
	go func() {
		defer wg.Done()
		codes[1] = ben.status("POST", fmt.Sprintf("/api/v1/console/conversations/%d/claim", conv.ID), "")
	}()
	wg.Wait()
	if !(codes[0] == 200 && codes[1] == 409 || codes[0] == 409 && codes[1] == 200) {
		t.Fatalf("accept on B and claim on A: %v, want exactly one 200 and one 409", codes)
	}
	winner, loser := ana, ben
	if codes[1] == 200 {
		winner, loser = ben, ana
	}

	// The winner's reply, sent through B, reaches the consumer streaming from A.
	winner.base = b.base
	start = time.Now()
	winner.post(fmt.Sprintf("/api/v1/console/conversations/%d/messages", conv.ID), `{"text":"Hello {first_name}, I'm here.","client_id":"r1"}`, 200, nil)
	for {
		var m struct{ Role, Text string }
		consumerEvents.wait(t, "message.created", &m)
		if m.Role == "agent" {
			if m.Text != "Hello Cy, I'm here." {
				t.Errorf("consumer got %q", m.Text)
			}
			break
		}
	}
	t.Logf("agent reply on B → consumer's stream on A: %v", time.Since(start))

	// An offer made before a restart expires and goes to the next agent after it. The loser
	// is free; the winner holds one conversation and is excluded from nothing.
	other := newHTTPClient(t, a.base)
	other.post("/api/v1/auth/signup", `{"email":"di@example.com","password":"correct horse battery","name":"Di"}`, 201, nil)
	var conv2 struct{ ID int64 }
	other.post("/api/v1/conversations", "", 201, &conv2)
	other.post(fmt.Sprintf("/api/v1/conversations/%d/handoff", conv2.ID), "", 200, nil)
	pool, err := db.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	var first int64
	waitFor(t, "the second conversation is offered", func() bool {
		return pool.QueryRow(ctx, `SELECT agent_id FROM dispatch_offers WHERE conversation_id = $1 AND state = 'pending'`, conv2.ID).Scan(&first) == nil
	})
	a.kill()
	b.kill()
	// Its 30 seconds pass while no instance runs.
	if _, err := pool.Exec(ctx, `UPDATE dispatch_offers SET expires_at = now() WHERE conversation_id = $1 AND state = 'pending'`, conv2.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `UPDATE console_timers SET due_at = now() WHERE kind = 'offer'`); err != nil {
		t.Fatal(err)
	}
	startInstance(t, ctx, bin, env)
	var second int64
	waitFor(t, "after the restart the offer expires and goes to the other agent", func() bool {
		return pool.QueryRow(ctx, `SELECT agent_id FROM dispatch_offers WHERE conversation_id = $1 AND state = 'pending' AND agent_id <> $2`,
			conv2.ID, first).Scan(&second) == nil
	})
	var expired string
	if err := pool.QueryRow(ctx, `SELECT state FROM dispatch_offers WHERE conversation_id = $1 AND agent_id = $2`, conv2.ID, first).Scan(&expired); err != nil {
		t.Fatal(err)
	}
	if second == first || expired != "expired" {
		t.Errorf("offered to %d then %d (first offer %s); want the first to expire and the other agent to get it", first, second, expired)
	}
	_ = loser
}

func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting: %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

type instance struct {
	base string
	cmd  *exec.Cmd
	once sync.Once
}

// startInstance runs `ratewise serve` until the test ends (or kill), returning once it listens.
func startInstance(t *testing.T, ctx context.Context, bin string, env []string) *instance {
	t.Helper()
	cmd := exec.CommandContext(ctx, bin, "serve")
	cmd.Env = env
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	in := &instance{cmd: cmd}
	t.Cleanup(func() {
		in.once.Do(func() {
			_ = cmd.Process.Signal(syscall.SIGTERM)
			_ = cmd.Wait()
		})
		if s := stderr.String(); s != "" {
			t.Logf("server log:\n%s", s)
		}
	})
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := servingOn.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
			}
		}
	}()
	select {
	case in.base = <-found:
	case <-time.After(60 * time.Second):
		t.Fatal("the server did not start within a minute")
	}
	return in
}

// kill ends the process at once, as a crash would.
func (in *instance) kill() {
	in.once.Do(func() {
		_ = in.cmd.Process.Kill()
		_ = in.cmd.Wait()
	})
}

type httpClient struct {
	t    *testing.T
	base string
	c    *http.Client
}

func newHTTPClient(t *testing.T, base string) *httpClient {
	jar, _ := cookiejar.New(nil)
	return &httpClient{t: t, base: base, c: &http.Client{Jar: jar}}
}

func (h *httpClient) request(method, path, body string) *http.Response {
	h.t.Helper()
	req, err := http.NewRequest(method, h.base+path, strings.NewReader(body))
	if err != nil {
		h.t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	// Sessions are cookies of the host; both instances are 127.0.0.1, so one jar serves both.
	resp, err := h.c.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	return resp
}

func (h *httpClient) status(method, path, body string) int {
	resp := h.request(method, path, body)
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

func (h *httpClient) post(path, body string, want int, out any) {
	h.t.Helper()
	resp := h.request("POST", path, body)
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		h.t.Fatalf("POST %s: %d, want %d: %s", path, resp.StatusCode, want, raw)
	}
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			h.t.Fatal(err)
		}
	}
}

func (h *httpClient) login(email string) {
	h.t.Helper()
	h.post("/api/v1/auth/login", `{"email":"`+email+`","password":"correct horse battery"}`, 200, nil)
}

type sseEvent struct{ typ, data string }

type sseStream struct{ c chan sseEvent }

// stream follows an event stream until the test ends.
func (h *httpClient) stream(path string) *sseStream {
	h.t.Helper()
	resp := h.request("GET", path, "")
	if resp.StatusCode != 200 {
		h.t.Fatalf("GET %s: %d", path, resp.StatusCode)
	}
	h.t.Cleanup(func() { resp.Body.Close() })
	s := &sseStream{c: make(chan sseEvent, 256)}
	go func() {
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		var ev sseEvent
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				ev.typ = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				ev.data = strings.TrimPrefix(line, "data: ")
			case line == "" && ev.typ != "":
				s.c <- ev
				ev = sseEvent{}
			}
		}
		close(s.c)
	}()
	return s
}

// wait reads the stream until an event of type typ, and decodes its data into out.
func (s *sseStream) wait(t *testing.T, typ string, out any) {
	t.Helper()
	deadline := time.After(30 * time.Second)
	for {
		select {
		case ev, ok := <-s.c:
			if !ok {
				t.Fatalf("the stream ended before %s", typ)
			}
			if ev.typ == typ {
				if err := json.Unmarshal([]byte(ev.data), out); err != nil {
					t.Fatal(err)
				}
				return
			}
		case <-deadline:
			t.Fatalf("no %s event within 30 s", typ)
		}
	}
}

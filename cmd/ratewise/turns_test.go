package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"ratewise/assistant/openaitest"
	"ratewise/db"
	"ratewise/db/dbtest"
)

var built struct {
	once sync.Once
	dir  string
	path string
	err  error
	out  []byte
}

// buildBinary builds the ratewise binary once for the tests that run it as a process.
func buildBinary(t *testing.T) string {
	t.Helper()
	built.once.Do(func() {
		if built.dir, built.err = os.MkdirTemp("", "ratewise-bin-"); built.err != nil {
			return
		}
		built.path = filepath.Join(built.dir, "ratewise")
		built.out, built.err = exec.Command("go", "build", "-o", built.path, ".").CombinedOutput()
	})
	if built.err != nil {
		t.Fatalf("go build: %v\n%s", built.err, built.out)
	}
	return built.path
}

// serveProcess runs the built binary's serve and returns its base URL once it listens.
func serveProcess(t *testing.T, bin string, env []string) (base string, cmd *exec.Cmd) {
	t.Helper()
	cmd = exec.Command(bin, "serve")
	cmd.Env = env
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr syncBuffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		if s := stderr.String(); s != "" {
			t.Logf("server log (warnings and errors):\n%s", s)
		}
	})
	found := make(chan string, 1)
	go func() {
		re := regexp.MustCompile(`serving on (http://\S+)`)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
				break
			}
		}
		_, _ = io.Copy(io.Discard, stdout)
	}()
	select {
	case base = <-found:
		return base, cmd
	case <-time.After(60 * time.Second):
		t.Fatal("the server did not say where it listens within a minute")
	}
	return "", nil
}

// person is one consumer, on their own loopback address, signed in.
type person struct {
	t      *testing.T
	base   string
	client *http.Client
}

func newPerson(t *testing.T, base string, n int) *person {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	dialer := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.IPv4(127, 0, 3, byte(10+n))}}
	p := &person{t: t, base: base, client: &http.Client{Jar: jar, Transport: &http.Transport{DialContext: dialer.DialContext}}}
	p.do("POST", "/api/v1/auth/signup", fmt.Sprintf(`{"email":"p%d@example.com","password":"correct horse battery"}`, n), 201, nil)
	return p
}

func (p *person) do(method, path, body string, want int, out any) {
	p.t.Helper()
	req, _ := http.NewRequest(method, p.base+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	resp, err := p.client.Do(req)
	if err != nil {
		p.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		p.t.Fatalf("%s %s = %d %s, want %d", method, path, resp.StatusCode, b, want)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			p.t.Fatal(err)
		}
	}
}

// Turns in flight when the process is killed are answered after a restart, each once: the
// turn outlives the process, and a retry of the message's client_id gets the answer.
func TestTurnsSurviveAKilledProcess(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds and runs the binary: skipped with -short")
	}
	bin := buildBinary(t)
	// Three turns start and stall in the model; the process dies; the restarted one gets
	// answers for them and for the message queued behind one of them.
	arrived := make(chan struct{}, 3)
	var steps []openaitest.Step
	for range 3 {
		steps = append(steps, openaitest.Signal(arrived, openaitest.StallAfter("Let me look that up")))
	}
	for range 4 {
		steps = append(steps, openaitest.Text("Here is what I found."))
	}
	model := openaitest.New(steps...)
	defer model.Close()
	dsn := dbtest.NewDatabase(t)
	env := append(os.Environ(), "DATABASE_URL="+dsn, "LISTEN_ADDR=127.0.0.1:0", "OPENAI_API_KEY=test",
		"OPENAI_BASE_URL="+model.BaseURL(), "LOG_LEVEL=warn", "EMBEDDINGS_MODEL=", "EMBEDDINGS_DIM=", "TURN_LEASE=1s")

	base, first := serveProcess(t, bin, env)
	type sent struct {
		p        *person
		conv     int64
		clientID string
		text     string
	}
	var msgs []sent
	for i := range 3 {
		p := newPerson(t, base, i)
		var conv struct{ ID int64 }
		p.do("POST", "/api/v1/conversations", "", 201, &conv)
		msgs = append(msgs, sent{p, conv.ID, fmt.Sprint("m", i), fmt.Sprintf("question %d about my loan", i)})
		if i == 0 {
			msgs = append(msgs, sent{p, conv.ID, "m-later", "and a second question about my loan"})
		}
	}
	for _, m := range msgs {
		m.p.do("POST", fmt.Sprintf("/api/v1/conversations/%d/messages", m.conv), fmt.Sprintf(`{"text":%q,"client_id":%q}`, m.text, m.clientID), 202, nil)
	}
	for range 3 {
		select {
		case <-arrived:
		case <-time.After(60 * time.Second):
			t.Fatal("the turns did not reach the model")
		}
	}
	if err := first.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = first.Wait()

	base, second := serveProcess(t, bin, env)
	for _, m := range msgs {
		m.p.base = base
		var got struct {
			Message struct{ Text string }   `json:"message"`
			Replies []struct{ Text string } `json:"replies"`
		}
		m.p.do("POST", fmt.Sprintf("/api/v1/conversations/%d/messages?wait=true", m.conv), fmt.Sprintf(`{"text":%q,"client_id":%q}`, m.text, m.clientID), 200, &got)
		if got.Message.Text != m.text || len(got.Replies) != 1 || got.Replies[0].Text != "Here is what I found." {
			t.Errorf("retry of %s = %+v, want the message and its answer", m.clientID, got)
		}
	}
	pool, err := db.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	rows, err := pool.Query(context.Background(), `SELECT m.text, t.state, t.attempts,
		(SELECT count(*) FROM messages a WHERE a.reply_to = m.id AND a.role = 'assistant')
		FROM messages m JOIN turns t ON t.message_id = m.id ORDER BY m.id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var text, state string
		var attempts, answers int
		if err := rows.Scan(&text, &state, &attempts, &answers); err != nil {
			t.Fatal(err)
		}
		n++
		if state != "done" || answers != 1 {
			t.Errorf("%q: turn %s after %d attempts with %d answers, want done with 1", text, state, attempts, answers)
		}
	}
	if n != len(msgs) {
		t.Errorf("%d turns, want %d", n, len(msgs))
	}
	_ = second.Process.Signal(syscall.SIGTERM)
}

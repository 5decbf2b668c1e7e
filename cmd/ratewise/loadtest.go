package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"

	"ratewise/assistant"
	"ratewise/db"
	"ratewise/web/relay"
)

// loadConfig is one load test: what the model does, what the consumers do, and what else is
// measured.
type loadConfig struct {
	bin         string // the ratewise binary to run the servers with
	dsn         string // a database server where the test may create (and drops) a database
	consumers   int
	turns       int
	firstToken  time.Duration
	tokens      int
	tokenGap    time.Duration
	idleStreams int
	fanout      time.Duration // per fan-out case; 0 skips the fan-out measurement
	turnTimeout time.Duration // a turn not completed within it is an error
	log         io.Writer     // progress
}

func setupLoadtest(fs *flag.FlagSet) runFunc {
	var c loadConfig
	fs.IntVar(&c.consumers, "consumers", 50, "concurrent consumers, each from its own loopback address")
	fs.IntVar(&c.turns, "turns", 4, "turns per consumer, one after another, a different question each")
	fs.DurationVar(&c.firstToken, "first-token", 200*time.Millisecond, "the scripted model's time to its first token")
	fs.IntVar(&c.tokens, "tokens", 40, "tokens in each answer")
	fs.DurationVar(&c.tokenGap, "token-gap", 5*time.Millisecond, "time between tokens")
	fs.IntVar(&c.idleStreams, "idle-streams", 5000, "idle event streams to hold open on each server for the memory measurement (0 skips it)")
	fs.DurationVar(&c.fanout, "fanout", 3*time.Second, "how long each NOTIFY fan-out case runs (0 skips them)")
	fs.DurationVar(&c.turnTimeout, "turn-timeout", 60*time.Second, "a turn that does not complete within this is counted as an error")
	report := fs.String("report", "", "also write the results as a Markdown report (BENCHMARKS.md) to this file")
	serveRelay := fs.String("serve-relay", "", "internal: serve the baseline relay answering with the model at this base URL")
	return func(ctx context.Context, env *Env, args []string) error {
		if len(args) > 0 {
			return fmt.Errorf("%w: unexpected argument %q", errUsage, args[0])
		}
		if *serveRelay != "" {
			return runRelay(ctx, env, *serveRelay)
		}
		if c.consumers < 1 || c.turns < 1 || c.tokens < 1 || c.idleStreams < 0 {
			return fmt.Errorf("%w: -consumers, -turns and -tokens must be at least 1", errUsage)
		}
		bin, err := os.Executable()
		if err != nil {
			return err
		}
		c.bin, c.dsn, c.log = bin, env.Config.DatabaseURL, env.Stderr
		res, err := runLoad(ctx, c)
		if err != nil {
			return err
		}
		res.command = "ratewise loadtest " + strings.Join(os.Args[2:], " ")
		res.writeTables(env.Stdout)
		if *report != "" {
			// The findings written by hand below the measured sections are kept.
			old, err := os.ReadFile(*report)
			if err != nil && !os.IsNotExist(err) {
				return err
			}
			var b bytes.Buffer
			res.writeReport(&b)
			b.Write(keptFindings(old))
			if err := os.WriteFile(*report, b.Bytes(), 0o644); err != nil {
				return err
			}
			fmt.Fprintf(env.Stderr, "wrote %s\n", *report)
		}
		return nil
	}
}

// runRelay serves the baseline relay on loopback until ctx ends.
func runRelay(ctx context.Context, env *Env, modelURL string) error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "relay serving on http://%s\n", ln.Addr())
	return relay.New(modelURL, "loadtest", "scripted").Run(ctx, ln)
}

// loadResult is everything one run measured.
type loadResult struct {
	cfg                   loadConfig
	command               string
	started               time.Time
	loadBefore, loadAfter string
	phases                []phaseResult
	idle                  []idleResult
	fanout                []fanoutResult
}

// phaseResult is one server under the consumers' turns.
type phaseResult struct {
	server    string
	turns     int
	errors    int
	firstErr  string
	elapsed   time.Duration
	overheads []time.Duration // time to the first token minus the model's own
	// first holds the overheads of every consumer's first turn, the burst when they all post
	// at once; later those of the turns after it.
	first, later []time.Duration
	rss, hwm     int64 // bytes, after the turns
	// cpu is the CPU time the server process used during the turns (not the database's):
	// unlike the latencies, it hardly depends on what else the machine runs.
	cpu time.Duration
	// dbCPU is what the database's processes serving the server's connections used during
	// the turns (-1: not known, the database runs elsewhere or the server uses none).
	dbCPU time.Duration
}

// cpuPerTurn is the server's CPU time per completed turn.
func (p phaseResult) cpuPerTurn() time.Duration {
	if p.turns == 0 {
		return 0
	}
	return p.cpu / time.Duration(p.turns)
}

// dbCPUPerTurn is the database's CPU time per completed turn, or -1 when not known.
func (p phaseResult) dbCPUPerTurn() time.Duration {
	if p.turns == 0 || p.dbCPU < 0 {
		return -1
	}
	return p.dbCPU / time.Duration(p.turns)
}

func (p phaseResult) turnsPerSecond() float64 {
	if p.elapsed <= 0 {
		return 0
	}
	return float64(p.turns) / p.elapsed.Seconds()
}

// quantile is the q-quantile (nearest rank) of the overheads.
func (p phaseResult) quantile(q float64) time.Duration { return quantile(p.overheads, q) }

// quantile is the q-quantile (nearest rank) of ds, 0 when there are none.
func quantile(ds []time.Duration, q float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := int(q*float64(len(s))+0.999999) - 1
	return s[max(0, min(i, len(s)-1))]
}

// idleResult is one server holding idle event streams.
type idleResult struct {
	server      string
	streams     int
	errors      int
	before, rss int64
}

// fanoutResult is one NOTIFY fan-out case.
type fanoutResult struct {
	path      string
	instances int
	published int64
	perSecond float64 // events per second that reached every instance
}

// server is one server process under test.
type server struct {
	name    string
	base    string
	cmd     *exec.Cmd
	stopped bool
}

func (s *server) stop() {
	if s == nil || s.cmd == nil || s.cmd.Process == nil || s.stopped {
		return
	}
	s.stopped = true
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { _ = s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		_ = s.cmd.Process.Kill()
		<-done
	}
}

// clockTicks is the unit of a process's CPU times in /proc/PID/stat on Linux (USER_HZ).
const clockTicks = 100

// cpu returns the CPU time the process has used, user and system, from /proc; 0 where
// there is none.
func (s *server) cpu() time.Duration { return procCPU(s.cmd.Process.Pid) }

// procCPU is the CPU time process pid has used, user and system, from /proc; 0 where there
// is none.
func procCPU(pid int) time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// The command name, in parentheses, may hold spaces: the fields follow its last ")".
	f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:]))
	if len(f) < 13 {
		return 0
	}
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(utime+stime) * time.Second / clockTicks
}

// databaseCPU reads, through admin, which PostgreSQL processes serve database name, and
// returns the CPU time each has used so far (from /proc: the database must run on this
// machine; nil when none can be read).
func databaseCPU(ctx context.Context, admin *pgx.Conn, name string) map[int]time.Duration {
	rows, err := admin.Query(ctx, `SELECT pid FROM pg_stat_activity WHERE datname = $1`, name)
	if err != nil {
		return nil
	}
	pids, err := pgx.CollectRows(rows, pgx.RowTo[int32])
	if err != nil {
		return nil
	}
	out := map[int]time.Duration{}
	for _, pid := range pids {
		if _, err := os.Stat(fmt.Sprintf("/proc/%d/stat", pid)); err == nil {
			out[int(pid)] = procCPU(int(pid))
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// cpuSince is what the processes in now used since before (a process new since then counts
// whole; one that ended is lost), or -1 when either is unknown.
func cpuSince(before, now map[int]time.Duration) time.Duration {
	if before == nil || now == nil {
		return -1
	}
	var d time.Duration
	for pid, t := range now {
		d += t - before[pid]
	}
	return d
}

// rss returns the process's resident memory now and at its peak, in bytes.
func (s *server) rss() (now, peak int64) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		return 0, 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		kb, _ := strconv.ParseInt(f[1], 10, 64)
		switch f[0] {
		case "VmRSS:":
			now = kb << 10
		case "VmHWM:":
			peak = kb << 10
		}
	}
	return now, peak
}

var servingOn = regexp.MustCompile(`serving on (http://\S+)`)

// startServer runs bin with args and env and waits until it says where it serves.
func startServer(ctx context.Context, name, bin string, args, env []string, log io.Writer) (*server, error) {
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	cmd.Stderr = log
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &server{name: name, cmd: cmd}
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := servingOn.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
				break
			}
		}
		_, _ = io.Copy(io.Discard, stdout)
	}()
	select {
	case s.base = <-found:
		if err := s.waitReady(ctx, 2*time.Minute); err != nil {
			s.stop()
			return nil, err
		}
		return s, nil
	case <-time.After(60 * time.Second):
	case <-ctx.Done():
	}
	s.stop()
	return nil, fmt.Errorf("%s did not start within a minute", name)
}

// waitReady waits until the server's /readyz says it takes traffic, as a load balancer would:
// an instance that is still warming up is not measured. A server without /readyz is ready.
func (s *server) waitReady(ctx context.Context, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for {
		req, err := http.NewRequestWithContext(ctx, "GET", s.base+"/readyz", nil)
		if err != nil {
			return err
		}
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK || resp.StatusCode == http.StatusNotFound {
				return nil
			}
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s was not ready within %s (/readyz: %v)", s.name, limit, statusOr(resp, err))
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}

func statusOr(resp *http.Response, err error) string {
	if err != nil {
		return err.Error()
	}
	return resp.Status
}

// withDatabase is dsn naming another database.
func withDatabase(dsn, name string) (string, error) {
	u, err := url.Parse(dsn)
	if err != nil {
		return "", err
	}
	u.Path = "/" + name
	return u.String(), nil
}

// runLoad runs the whole measurement: a database of its own, the scripted model, the relay
// and Ratewise side by side, then the idle streams and the fan-out.
func runLoad(ctx context.Context, c loadConfig) (*loadResult, error) {
	res := &loadResult{cfg: c, started: time.Now(), loadBefore: loadAverage()}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "ratewise_loadtest_" + hex.EncodeToString(b)
	admin, err := db.Connect(ctx, c.dsn)
	if err != nil {
		return nil, err
	}
	defer admin.Close(context.Background())
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		return nil, fmt.Errorf("create the load test's database: %w", err)
	}
	defer func() {
		if _, err := admin.Exec(context.Background(), "DROP DATABASE IF EXISTS "+name); err != nil {
			fmt.Fprintf(c.log, "drop %s: %v\n", name, err)
		}
	}()
	dsn, err := withDatabase(c.dsn, name)
	if err != nil {
		return nil, err
	}

	model, err := startScriptedModel(c.firstToken, c.tokens, c.tokenGap)
	if err != nil {
		return nil, err
	}
	defer model.Close()

	base := os.Environ()
	rly, err := startServer(ctx, "relay", c.bin, []string{"loadtest", "-serve-relay", model.url}, base, c.log)
	if err != nil {
		return nil, err
	}
	defer rly.stop()
	env := append(base, "DATABASE_URL="+dsn, "LISTEN_ADDR=127.0.0.1:0", "OPENAI_API_KEY=loadtest",
		"OPENAI_BASE_URL="+model.url, "OPENAI_MODEL=scripted", "LOG_LEVEL=warn", "EMBEDDINGS_MODEL=local", "EMBEDDINGS_DIM=384")
	rw, err := startServer(ctx, "ratewise", c.bin, []string{"serve", "--migrate"}, env, c.log)
	if err != nil {
		return nil, err
	}
	defer rw.stop()

	// Side by side: the relay, then Ratewise, on the same machine within the same minute.
	for i, s := range []*server{rly, rw} {
		fmt.Fprintf(c.log, "driving %s: %d consumers × %d turns\n", s.name, c.consumers, c.turns)
		var dbCPU func() map[int]time.Duration
		if s == rw {
			dbCPU = func() map[int]time.Duration { return databaseCPU(ctx, admin, name) }
		}
		p, err := drive(ctx, c, s, model.Text(), byte(10+i), dbCPU)
		if err != nil {
			return nil, err
		}
		p.rss, p.hwm = s.rss()
		res.phases = append(res.phases, p)
	}
	if c.idleStreams > 0 {
		// Fresh processes, so the turns' garbage is not counted as the streams'.
		rly.stop()
		rw.stop()
		if rly, err = startServer(ctx, "relay", c.bin, []string{"loadtest", "-serve-relay", model.url}, base, c.log); err != nil {
			return nil, err
		}
		defer rly.stop()
		if rw, err = startServer(ctx, "ratewise", c.bin, []string{"serve"}, env, c.log); err != nil {
			return nil, err
		}
		defer rw.stop()
		for i, s := range []*server{rly, rw} {
			fmt.Fprintf(c.log, "holding %d idle streams on %s\n", c.idleStreams, s.name)
			r, err := holdIdle(ctx, c, s, byte(20+i))
			if err != nil {
				return nil, err
			}
			res.idle = append(res.idle, r)
		}
	}
	if c.fanout > 0 {
		fmt.Fprintf(c.log, "measuring the NOTIFY fan-out\n")
		if res.fanout, err = measureFanout(ctx, c, dsn, rw); err != nil {
			return nil, err
		}
	}
	res.loadAfter = loadAverage()
	return res, nil
}

// consumer is one person's HTTP client, from its own loopback address.
type consumer struct {
	base   string
	client *http.Client
}

// loopback is the n-th consumer's source address in 127.net.0.0/16.
func loopback(net8 byte, n int) net.IP {
	return net.IPv4(127, net8, byte(n/250), byte(n%250+1))
}

func newConsumer(base string, ip net.IP) *consumer {
	jar, _ := cookiejar.New(nil)
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: ip}, Timeout: 10 * time.Second}
	return &consumer{base: base, client: &http.Client{Jar: jar, Transport: &http.Transport{DialContext: d.DialContext,
		MaxIdleConnsPerHost: 4, IdleConnTimeout: time.Minute}}}
}

// do sends a JSON request and decodes a JSON answer with status want.
func (u *consumer) do(ctx context.Context, method, path, body string, want int, out any) error {
	req, err := http.NewRequestWithContext(ctx, method, u.base+path, strings.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	resp, err := u.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		return fmt.Errorf("%s %s = %d %s", method, path, resp.StatusCode, strings.TrimSpace(string(b)))
	}
	if out != nil {
		return json.Unmarshal(b, out)
	}
	return nil
}

// signUp makes an account and starts a conversation.
func (u *consumer) signUp(ctx context.Context, email string) (int64, error) {
	if err := u.do(ctx, "POST", "/api/v1/auth/signup", fmt.Sprintf(`{"email":%q,"password":"load test password 1"}`, email), http.StatusCreated, nil); err != nil {
		return 0, err
	}
	return u.conversation(ctx)
}

func (u *consumer) conversation(ctx context.Context) (int64, error) {
	var conv struct{ ID int64 }
	err := u.do(ctx, "POST", "/api/v1/conversations", "", http.StatusCreated, &conv)
	return conv.ID, err
}

// sse is one event as the consumer received it.
type sse struct {
	typ  string
	data []byte
	at   time.Time
}

// stream opens a conversation's event stream; events arrive on the channel until it ends.
func (u *consumer) stream(ctx context.Context, conv int64) (<-chan sse, error) {
	req, err := http.NewRequestWithContext(ctx, "GET", fmt.Sprintf("%s/api/v1/conversations/%d/events", u.base, conv), nil)
	if err != nil {
		return nil, err
	}
	resp, err := u.client.Do(req)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		return nil, fmt.Errorf("events = %d", resp.StatusCode)
	}
	out := make(chan sse, 512)
	go func() {
		defer resp.Body.Close()
		defer close(out)
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(make([]byte, 0, 4096), 1<<20)
		var ev sse
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "":
				if ev.typ != "" {
					ev.at = time.Now()
					out <- ev
				}
				ev = sse{}
			case strings.HasPrefix(line, "event: "):
				ev.typ = line[len("event: "):]
			case strings.HasPrefix(line, "data: "):
				ev.data = []byte(line[len("data: "):])
			}
		}
	}()
	return out, nil
}

// loadQuestions are what consumers ask, a different one each turn (the same question twice
// is rightly taken as frustration).
var loadQuestions = []string{
	"What is the difference between APR and the interest rate?",
	"Would refinancing my car loan make sense this year?",
	"How do fixed and variable rates compare over a long loan?",
	"What should I look for in a home insurance policy?",
	"Does paying extra each month shorten my loan?",
	"Which fees usually come with a personal loan?",
	"How does a longer term change the total I pay?",
	"What makes one insurance deductible better than another?",
}

// drive runs c.consumers consumers × c.turns turns against s.
// dbCPU, when not nil, reads the CPU the database's processes serving s have used.
func drive(ctx context.Context, c loadConfig, s *server, want string, net8 byte, dbCPU func() map[int]time.Duration) (phaseResult, error) {
	p := phaseResult{server: s.name, dbCPU: -1}
	type person struct {
		u      *consumer
		conv   int64
		events <-chan sse
	}
	people := make([]*person, c.consumers)
	sctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// Sign-ups run a few at a time and before the clock starts: they are not what is measured.
	var wg sync.WaitGroup
	var setupErr atomic.Value
	sem := make(chan struct{}, 8)
	runID := hex.EncodeToString(randomBytes(4))
	for i := range people {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			u := newConsumer(s.base, loopback(net8, i))
			conv, err := u.signUp(sctx, fmt.Sprintf("load-%s-%d@example.com", runID, i))
			if err != nil {
				setupErr.Store(err)
				return
			}
			events, err := u.stream(sctx, conv)
			if err != nil {
				setupErr.Store(err)
				return
			}
			people[i] = &person{u, conv, events}
		}()
	}
	wg.Wait()
	if err, ok := setupErr.Load().(error); ok {
		return p, fmt.Errorf("%s: setting up the consumers: %w", s.name, err)
	}

	var mu sync.Mutex
	fail := func(err error) {
		mu.Lock()
		defer mu.Unlock()
		p.errors++
		if p.firstErr == "" {
			p.firstErr = err.Error()
		}
	}
	var dbBefore map[int]time.Duration
	if dbCPU != nil {
		dbBefore = dbCPU()
	}
	start, cpu := time.Now(), s.cpu()
	for i, pp := range people {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for turn := range c.turns {
				q := fmt.Sprintf("%s (turn %d)", loadQuestions[(i+turn)%len(loadQuestions)], turn+1)
				overhead, err := runTurn(sctx, c, pp.u, pp.conv, pp.events, q, fmt.Sprintf("%s-%d-%d", runID, i, turn), want)
				if err != nil {
					fail(err)
					continue
				}
				mu.Lock()
				p.turns++
				p.overheads = append(p.overheads, overhead)
				if turn == 0 {
					p.first = append(p.first, overhead)
				} else {
					p.later = append(p.later, overhead)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	p.elapsed, p.cpu = time.Since(start), s.cpu()-cpu
	if dbCPU != nil {
		p.dbCPU = cpuSince(dbBefore, dbCPU())
	}
	return p, nil
}

// runTurn posts one question and follows the stream to the completed answer. It returns the
// time from sending the message to the first streamed text, minus the model's own.
func runTurn(ctx context.Context, c loadConfig, u *consumer, conv int64, events <-chan sse, text, clientID, want string) (time.Duration, error) {
	var posted struct {
		Message struct{ ID int64 } `json:"message"`
	}
	sent := time.Now()
	body, _ := json.Marshal(map[string]string{"text": text, "client_id": clientID})
	if err := u.do(ctx, "POST", fmt.Sprintf("/api/v1/conversations/%d/messages", conv), string(body), http.StatusAccepted, &posted); err != nil {
		return 0, err
	}
	id := posted.Message.ID
	timeout := time.NewTimer(c.turnTimeout)
	defer timeout.Stop()
	var first time.Time
	for {
		var ev sse
		var ok bool
		select {
		case ev, ok = <-events:
			if !ok {
				return 0, errors.New("the event stream ended")
			}
		case <-timeout.C:
			return 0, fmt.Errorf("no answer to message %d within %s", id, c.turnTimeout)
		}
		var d struct {
			ReplyTo int64  `json:"reply_to"`
			Text    string `json:"text"`
			Message string `json:"message"`
		}
		_ = json.Unmarshal(ev.data, &d)
		if d.ReplyTo != id {
			continue
		}
		switch ev.typ {
		case "message.delta":
			if first.IsZero() {
				first = ev.at
			}
		case "message.completed":
			if first.IsZero() {
				return 0, fmt.Errorf("message %d completed without streamed text", id)
			}
			if d.Text != want {
				return 0, fmt.Errorf("message %d answered %q, want the model's text", id, d.Text)
			}
			return first.Sub(sent) - c.firstToken, nil
		case "error":
			return 0, fmt.Errorf("message %d failed: %s", id, d.Message)
		}
	}
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return b
}

// holdIdle opens c.idleStreams event streams on s — a hundred people with their
// conversations, each person from their own address — and measures the server's memory
// when it started and with them open (so the per-stream figure is an upper bound: it includes
// what the sign-ups left on the heap).
func holdIdle(ctx context.Context, c loadConfig, s *server, net8 byte) (idleResult, error) {
	r := idleResult{server: s.name, streams: c.idleStreams}
	r.before, _ = s.rss()
	sctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// One sign-up at a time, and all before the first reading: each hashes a password with
	// argon2id (19 MiB), which is not what the streams cost.
	runID := hex.EncodeToString(randomBytes(4))
	var people []*consumer
	for i := range min(100, c.idleStreams) {
		u := newConsumer(s.base, loopback(net8, i))
		if _, err := u.signUp(sctx, fmt.Sprintf("idle-%s-%d@example.com", runID, i)); err != nil {
			return r, fmt.Errorf("%s: idle streams: %w", s.name, err)
		}
		people = append(people, u)
	}
	var wg sync.WaitGroup
	var failed atomic.Int64
	var firstErr atomic.Value
	sem := make(chan struct{}, 16)
	for n := range c.idleStreams {
		u := people[n%len(people)]
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			conv, err := u.conversation(sctx)
			var events <-chan sse
			if err == nil {
				events, err = u.stream(sctx, conv)
			}
			<-sem
			if err != nil {
				failed.Add(1)
				firstErr.Store(err)
				return
			}
			go func() {
				for range events {
				}
			}()
		}()
	}
	wg.Wait()
	if err, ok := firstErr.Load().(error); ok {
		fmt.Fprintf(c.log, "%s: %d idle streams failed to open; first: %v\n", s.name, failed.Load(), err)
	}
	r.errors = int(failed.Load())
	runtimeSettle()
	r.rss, _ = s.rss()
	return r, nil
}

// runtimeSettle waits for a server to finish what it was doing before its memory is read.
func runtimeSettle() { time.Sleep(2 * time.Second) }

// measureFanout measures how many events per second PostgreSQL NOTIFY carries to every
// instance: ephemeral notices (published in batches, one statement each, as the bus does) and
// durable events (one insert and one NOTIFY per transaction, as a stored event is), with one
// instance and with two. rw is the Ratewise server, for the conversations the durable events
// belong to.
func measureFanout(ctx context.Context, c loadConfig, dsn string, rw *server) ([]fanoutResult, error) {
	u := newConsumer(rw.base, loopback(30, 0))
	if _, err := u.signUp(ctx, "fanout-"+hex.EncodeToString(randomBytes(4))+"@example.com"); err != nil {
		return nil, err
	}
	const publishers = 4
	var convs []int64
	for range publishers * 2 {
		id, err := u.conversation(ctx)
		if err != nil {
			return nil, err
		}
		convs = append(convs, id)
	}
	var out []fanoutResult
	for _, path := range []string{"ephemeral (batched NOTIFY)", "durable (INSERT and commit, then batched NOTIFY)"} {
		for _, instances := range []int{1, 2} {
			r, err := fanoutCase(ctx, c, dsn, path, instances, publishers, convs)
			if err != nil {
				return nil, err
			}
			out = append(out, r)
		}
	}
	return out, nil
}

func fanoutCase(ctx context.Context, c loadConfig, dsn, path string, instances, publishers int, convs []int64) (fanoutResult, error) {
	r := fanoutResult{path: path, instances: instances}
	type instance struct {
		broker   *assistant.PGBroker
		store    *assistant.Store
		received atomic.Int64
	}
	var all []*instance
	lctx, stopListening := context.WithCancel(ctx)
	defer stopListening()
	var listeners sync.WaitGroup
	for range instances {
		pool, err := db.Open(ctx, dsn)
		if err != nil {
			return r, err
		}
		defer pool.Close()
		// Stored events are announced by the instance's bus after their commit, as serve's are.
		bus := assistant.NewBus(pool, nil)
		if err := bus.Start(lctx); err != nil {
			return r, err
		}
		in := &instance{broker: assistant.NewPGBroker(pool), store: assistant.NewStore(pool, bus)}
		all = append(all, in)
		ready := make(chan struct{})
		listeners.Add(1)
		go func() {
			defer listeners.Done()
			_ = in.broker.Listen(lctx, func() { close(ready) }, func(string) error { in.received.Add(1); return nil })
		}()
		select {
		case <-ready:
		case <-time.After(10 * time.Second):
			return r, errors.New("fan-out: LISTEN did not start")
		}
	}
	// Payloads are numbered, as the bus's are: NOTIFY folds identical payloads of one
	// transaction into one.
	payload := strings.Repeat("x", 160)
	var seq atomic.Int64
	nextBatch := func() []string {
		batch := make([]string, 64)
		for i := range batch {
			batch[i] = fmt.Sprintf(`{"n":%d,"conversation_id":1,"type":"message.delta","data":{"delta":%q}}`, seq.Add(1), payload)
		}
		return batch
	}
	pctx, stop := context.WithTimeout(ctx, c.fanout)
	defer stop()
	var published atomic.Int64
	var wg sync.WaitGroup
	var firstErr atomic.Value
	start := time.Now()
	for i, in := range all {
		for j := range publishers / instances {
			conv := convs[i*publishers+j]
			wg.Add(1)
			go func() {
				defer wg.Done()
				// Each publish runs to its end, so a slow machine still counts what it sent.
				for first := true; first || pctx.Err() == nil; first = false {
					var err error
					if strings.HasPrefix(path, "ephemeral") {
						batch := nextBatch()
						if err = in.broker.Publish(ctx, batch); err == nil {
							published.Add(int64(len(batch)))
						}
					} else if _, err = in.store.Publish(ctx, conv, assistant.EventHandoffUpdated, map[string]string{"state": "bot"}); err == nil {
						published.Add(1)
					}
					if err != nil {
						firstErr.Store(err)
						return
					}
				}
			}()
		}
	}
	wg.Wait()
	// Give the listeners a moment to drain what is in flight.
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		done := true
		for _, in := range all {
			if in.received.Load() < published.Load() {
				done = false
			}
		}
		if done {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	elapsed := time.Since(start)
	if err, ok := firstErr.Load().(error); ok {
		return r, fmt.Errorf("fan-out %s: %w", path, err)
	}
	least := published.Load()
	for _, in := range all {
		least = min(least, in.received.Load())
	}
	r.published = published.Load()
	r.perSecond = float64(least) / elapsed.Seconds()
	stopListening()
	listeners.Wait()
	return r, nil
}

// loadAverage is /proc/loadavg's three averages.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

// findingsHeading starts the part of a report written by hand, which a new run keeps.
const findingsHeading = "## Findings"

// keptFindings returns the hand-written part of an earlier report (from its findings heading
// on, after a blank line), or nothing when it has none.
func keptFindings(report []byte) []byte {
	i := bytes.Index(report, []byte("\n"+findingsHeading))
	if i < 0 {
		return nil
	}
	return append([]byte("\n"), report[i+1:]...)
}

package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"ratewise/assistant"
	"ratewise/assistant/openaitest"
	"ratewise/db"
	"ratewise/db/dbtest"
	"ratewise/offers"
	"ratewise/offers/offerstest"
)

// newConversationServerOn is a server on pool answering with model (nil: the offline planner)
// whose catalogue is already seeded: another instance when the pool's database is shared.
func newConversationServerOn(t *testing.T, pool *pgxpool.Pool, cfg Config, model assistant.Model) *Server {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	bus := assistant.NewBus(pool, quietLog())
	if err := bus.Start(ctx); err != nil {
		t.Fatal(err)
	}
	eng := assistant.NewEngine(pool, bus, model, offers.NewStore(pool), nil, quietLog())
	t.Cleanup(eng.Close)
	return New(cfg, Deps{Log: quietLog(), Pool: pool, Offers: offers.NewStore(pool), Assistant: eng})
}

// scriptedServer is a conversation server whose model is a scripted OpenAI-compatible server.
func scriptedServer(t *testing.T, cfg Config, steps ...openaitest.Step) *Server {
	t.Helper()
	model := openaitest.New(steps...)
	t.Cleanup(model.Close)
	return newConversationServerOn(t, dbtest.NewPool(t), cfg, assistant.NewOpenAIModel("test-key", model.BaseURL(), "scripted"))
}

// listen serves s on a loopback listener for the test.
func listen(t *testing.T, s *Server) *httptest.Server {
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return srv
}

// on is u signed in with the same session on another server (instance).
func (u *httpUser) on(t *testing.T, srv *httptest.Server) *httpUser {
	from, _ := url.Parse(u.base)
	to, _ := url.Parse(srv.URL)
	jar, _ := cookiejar.New(nil)
	jar.SetCookies(to, u.client.Jar.Cookies(from))
	return &httpUser{t: t, base: srv.URL, client: &http.Client{Jar: jar}}
}

// send posts a message and returns the status and the message's id.
func (u *httpUser) send(path, text, clientID string) (int, int64) {
	u.t.Helper()
	body, _ := json.Marshal(map[string]string{"text": text, "client_id": clientID})
	req, _ := http.NewRequest("POST", u.base+path, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	resp, err := u.client.Do(req)
	if err != nil {
		u.t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		Message struct{ ID int64 } `json:"message"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		u.t.Fatalf("POST %s = %d: %v", path, resp.StatusCode, err)
	}
	return resp.StatusCode, out.Message.ID
}

// next returns the stream's next event that is not a heartbeat, failing after a guard.
func next(t *testing.T, ch <-chan sseEvent) (sseEvent, bool) {
	t.Helper()
	for {
		select {
		case ev, ok := <-ch:
			if !ok || ev.Type != "heartbeat" {
				if ok {
					if err := contractDoc(t).checkEvent(ev.Type, ev.Data); err != nil {
						t.Error(err)
					}
				}
				return ev, ok
			}
		case <-time.After(20 * time.Second):
			t.Fatal("no event within 20s")
		}
	}
}

// storedEvent is a row of conversation_events as a stream should carry it.
type storedEvent struct {
	Seq  int64
	Type string
}

func storedEvents(t *testing.T, pool *pgxpool.Pool, conv int64) []storedEvent {
	t.Helper()
	rows, err := pool.Query(context.Background(), `SELECT seq, type FROM conversation_events WHERE conversation_id = $1 ORDER BY seq`, conv)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []storedEvent
	for rows.Next() {
		var e storedEvent
		if err := rows.Scan(&e.Seq, &e.Type); err != nil {
			t.Fatal(err)
		}
		out = append(out, e)
	}
	return out
}

// Many messages posted at once: a live stream and a stream resumed from the middle each carry
// exactly the stored events, in order — no gap, no duplicate.
func TestConcurrentPostsReachLiveAndResumedStreamsWithoutGaps(t *testing.T) {
	t.Parallel()
	s := newConversationServer(t)
	srv := listen(t, s)
	u := newHTTPUser(t, srv, "burst@example.com")
	var conv struct{ ID int64 }
	json.Unmarshal(u.post("/api/v1/conversations", "", 201), &conv)
	path := "/api/v1/conversations/" + strconv.FormatInt(conv.ID, 10)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	live := u.stream(ctx, path+"/events", 0)

	const n = 12
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if code, _ := u.send(path+"/messages", fmt.Sprintf("my car loan is $15,%03d at 9.9%% with 48 months left", i), fmt.Sprint("burst-", i)); code != http.StatusAccepted {
				t.Errorf("POST = %d, want 202", code)
			}
		}()
	}
	wg.Wait()

	// Every message is answered; the live stream has seen every answer.
	var got []storedEvent
	for answers := 0; answers < n; {
		ev, ok := next(t, live)
		if !ok {
			t.Fatalf("the live stream ended after %d answers", answers)
		}
		if ev.ID != 0 {
			got = append(got, storedEvent{ev.ID, ev.Type})
		}
		if ev.Type == "message.completed" {
			answers++
		}
	}
	stored := storedEvents(t, s.deps.Pool, conv.ID)
	for i, e := range stored {
		if e.Seq != int64(i+1) {
			t.Fatalf("stored event %d is numbered %d", i+1, e.Seq)
		}
	}
	if !equalEvents(got, stored) {
		t.Fatalf("live stream carried %v,\nstored are %v", got, stored)
	}

	mid := stored[len(stored)/2-1].Seq
	resumed := u.stream(ctx, path+"/events", mid)
	var again []storedEvent
	for len(again) < len(stored)-int(mid) {
		ev, ok := next(t, resumed)
		if !ok {
			t.Fatal("the resumed stream ended")
		}
		if ev.ID != 0 {
			again = append(again, storedEvent{ev.ID, ev.Type})
		}
	}
	if !equalEvents(again, stored[mid:]) {
		t.Fatalf("resumed stream carried %v,\nwant %v", again, stored[mid:])
	}
}

func equalEvents(a, b []storedEvent) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// A stream that reconnects while an answer is being written gets the text so far, then the
// rest: what it shows is the stored answer, and message.completed says the same.
func TestAStreamReconnectingMidAnswerShowsTheStoredAnswer(t *testing.T) {
	t.Parallel()
	gate := make(chan struct{})
	first := []string{"A lower APR ", "usually means ", "a cheaper loan"}
	s := scriptedServer(t, Config{}, openaitest.Gated(first, gate, []string{", once fees ", "are counted."}))
	srv := listen(t, s)
	u := newHTTPUser(t, srv, "reconnect@example.com")
	var conv struct{ ID int64 }
	json.Unmarshal(u.post("/api/v1/conversations", "", 201), &conv)
	path := "/api/v1/conversations/" + strconv.FormatInt(conv.ID, 10)

	ctx1, cancel1 := context.WithCancel(context.Background())
	one := u.stream(ctx1, path+"/events", 0)
	if code, _ := u.send(path+"/messages", "is a lower APR always cheaper?", "q1"); code != http.StatusAccepted {
		t.Fatalf("POST = %d", code)
	}
	sofar, text, last := "", "", int64(0)
	for _, p := range first {
		sofar += p
	}
	for text != sofar {
		ev, ok := next(t, one)
		if !ok {
			t.Fatal("the first stream ended")
		}
		if ev.ID != 0 {
			last = ev.ID
		}
		text = applySSEDelta(t, text, ev)
	}
	cancel1() // the connection drops mid-answer

	ctx2, cancel2 := context.WithCancel(context.Background())
	defer cancel2()
	two := u.stream(ctx2, path+"/events", last)
	var snapshot string
	for snapshot == "" {
		ev, ok := next(t, two)
		if !ok {
			t.Fatal("the second stream ended")
		}
		if ev.ID != 0 {
			t.Fatalf("stored event %d %s replayed before the snapshot; the first stream had seen up to %d", ev.ID, ev.Type, last)
		}
		if ev.Type == "message.delta" {
			var d struct {
				Delta string `json:"delta"`
				Reset bool   `json:"reset"`
			}
			json.Unmarshal([]byte(ev.Data), &d)
			if !d.Reset || d.Delta != sofar {
				t.Fatalf("first delta after reconnecting = %s, want a reset with the text so far", ev.Data)
			}
			snapshot = d.Delta
		}
	}
	close(gate)
	shown, final := snapshot, ""
	for final == "" {
		ev, ok := next(t, two)
		if !ok {
			t.Fatal("the second stream ended")
		}
		shown = applySSEDelta(t, shown, ev)
		if ev.Type == "message.completed" {
			var m struct{ Text string }
			json.Unmarshal([]byte(ev.Data), &m)
			final = m.Text
		}
	}
	var full struct {
		Messages []messageJSON `json:"messages"`
	}
	json.Unmarshal(u.get(path), &full)
	stored := full.Messages[len(full.Messages)-1].Text
	if shown != stored || final != stored {
		t.Errorf("snapshot and deltas %q, message.completed %q; the stored answer is %q", shown, final, stored)
	}
}

func applySSEDelta(t *testing.T, text string, ev sseEvent) string {
	t.Helper()
	if ev.Type != "message.delta" {
		return text
	}
	var d struct {
		Delta string `json:"delta"`
		Reset bool   `json:"reset"`
	}
	if err := json.Unmarshal([]byte(ev.Data), &d); err != nil {
		t.Fatal(err)
	}
	if d.Reset {
		return d.Delta
	}
	return text + d.Delta
}

// ended reads a stream until it ends, and returns the error event it ended with.
func ended(t *testing.T, ch <-chan sseEvent) sseEvent {
	t.Helper()
	var last sseEvent
	for {
		ev, ok := next(t, ch)
		if !ok {
			return last
		}
		last = ev
	}
}

// Signing out ends the session's open event streams on every instance; a stream of another
// session of the same person stays open. A stream whose session expires ends too.
func TestSigningOutEndsOpenStreams(t *testing.T) {
	t.Parallel()
	dsn := dbtest.NewDatabase(t)
	ctx := context.Background()
	open := func() *pgxpool.Pool {
		p, err := db.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(p.Close)
		return p
	}
	poolA := open()
	if _, err := offerstest.Seed(ctx, offers.NewStore(poolA)); err != nil {
		t.Fatal(err)
	}
	a, b := listen(t, newConversationServerOn(t, poolA, Config{}, nil)), listen(t, newConversationServerOn(t, open(), Config{}, nil))
	u := newHTTPUser(t, a, "leaving@example.com")
	var conv struct{ ID int64 }
	json.Unmarshal(u.post("/api/v1/conversations", "", 201), &conv)
	events := "/api/v1/conversations/" + strconv.FormatInt(conv.ID, 10) + "/events"
	other := &httpUser{t: t, base: a.URL, client: &http.Client{Jar: mustJar()}}
	other.post("/api/v1/auth/login", `{"email":"leaving@example.com","password":"correct horse battery"}`, 200)

	sctx, cancel := context.WithCancel(ctx)
	defer cancel()
	here, there, kept := u.stream(sctx, events, 0), u.on(t, b).stream(sctx, events, 0), other.stream(sctx, events, 0)
	u.post("/api/v1/auth/logout", "", 204)
	for name, ch := range map[string]<-chan sseEvent{"same instance": here, "other instance": there} {
		ev := ended(t, ch)
		var d struct{ Code string }
		json.Unmarshal([]byte(ev.Data), &d)
		if ev.Type != "error" || d.Code != "unauthenticated" {
			t.Errorf("%s: the stream ended after %s %s, want an unauthenticated error", name, ev.Type, ev.Data)
		}
	}
	// The other session's stream is still open: a message reaches it.
	if code, _ := other.send(events[:len(events)-len("/events")]+"/messages", "hello", "still-here"); code != http.StatusAccepted {
		t.Fatalf("POST = %d", code)
	}
	for {
		ev, ok := next(t, kept)
		if !ok {
			t.Fatal("another session's stream ended")
		}
		if ev.Type == "message.created" {
			break
		}
	}

	// A session about to expire: its stream ends when it does. The margin only has to cover
	// opening the stream; if it did not, the stream is refused and the test tries a longer one.
	for margin := 3; ; margin *= 3 {
		if _, err := poolA.Exec(ctx, `UPDATE sessions SET expires_at = now() + make_interval(secs => $1)`, margin); err != nil {
			t.Fatal(err)
		}
		expiring, code := other.tryStream(sctx, events)
		if code == http.StatusUnauthorized && margin < 100 {
			continue
		}
		if code != http.StatusOK {
			t.Fatalf("events = %d", code)
		}
		ev := ended(t, expiring)
		var d struct{ Code string }
		json.Unmarshal([]byte(ev.Data), &d)
		if ev.Type != "error" || d.Code != "unauthenticated" {
			t.Errorf("the expired session's stream ended after %s %s, want an unauthenticated error", ev.Type, ev.Data)
		}
		break
	}
}

// tryStream opens an event stream and returns its events and the response's status.
func (u *httpUser) tryStream(ctx context.Context, path string) (<-chan sseEvent, int) {
	u.t.Helper()
	req, _ := http.NewRequestWithContext(ctx, "GET", u.base+path, nil)
	resp, err := u.client.Do(req)
	if err != nil {
		u.t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		return nil, resp.StatusCode
	}
	return readEvents(resp), http.StatusOK
}

func (u *httpUser) get(path string) []byte {
	u.t.Helper()
	resp, err := u.client.Get(u.base + path)
	if err != nil {
		u.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		u.t.Fatalf("GET %s = %d %s", path, resp.StatusCode, b)
	}
	return b
}

func mustJar() http.CookieJar {
	jar, _ := cookiejar.New(nil)
	return jar
}

// With ?wait=true, a turn still running when the wait limit passes gets 202 and the message,
// not a dropped connection; a retry of the same client_id once the turn is over gets its answer.
func TestWaitingLongerThanTheLimitAnswers202(t *testing.T) {
	t.Parallel()
	gate := make(chan struct{})
	// The gate holds the first turn however long the limit is, so the limit only bounds the
	// retry's reads of a finished turn: 50 ms was too short for them on a busy machine under
	// -race (the retry got 202), while the first post sits through the whole limit.
	s := scriptedServer(t, Config{MessageWait: time.Second},
		openaitest.Gated([]string{"Let me see"}, gate, []string{" — your loan is fine."}))
	srv := listen(t, s)
	u := newHTTPUser(t, srv, "patient@example.com")
	var conv struct{ ID int64 }
	json.Unmarshal(u.post("/api/v1/conversations", "", 201), &conv)
	path := "/api/v1/conversations/" + strconv.FormatInt(conv.ID, 10)

	body := `{"text":"is my loan fine?","client_id":"w1"}`
	var accepted struct {
		Message messageJSON `json:"message"`
	}
	json.Unmarshal(u.post(path+"/messages?wait=true", body, 202), &accepted)
	if accepted.Message.Text != "is my loan fine?" || accepted.Message.ID == 0 {
		t.Fatalf("202 body = %+v", accepted)
	}
	close(gate)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	until(t, u.stream(ctx, path+"/events", 0), "message.completed")
	var sent sendJSON
	json.Unmarshal(u.post(path+"/messages?wait=true", body, 200), &sent)
	if sent.Message.ID != accepted.Message.ID || len(sent.Replies) != 1 || sent.Replies[0].Text != "Let me see — your loan is fine." {
		t.Errorf("retry = %+v, want the first message and its answer", sent)
	}
}

// Posting a message on an instance that has seen the session live before signs in by what it
// remembers and checks the session in the post's own transaction (deferredSession): a session
// signed out on another instance, or expired, still gets 401 and its cookie cleared — also
// for a post whose input is wrong, as when the session was looked up first.
func TestPostingWithAnEndedSessionIsRefusedOnEveryInstance(t *testing.T) {
	t.Parallel()
	dsn := dbtest.NewDatabase(t)
	ctx := context.Background()
	open := func() *pgxpool.Pool {
		p, err := db.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(p.Close)
		return p
	}
	poolA := open()
	if _, err := offerstest.Seed(ctx, offers.NewStore(poolA)); err != nil {
		t.Fatal(err)
	}
	a, b := listen(t, newConversationServerOn(t, poolA, Config{}, nil)), listen(t, newConversationServerOn(t, open(), Config{}, nil))
	signIn := func(email string) (onA, onB *httpUser, messages string) {
		u := newHTTPUser(t, a, email)
		var conv struct{ ID int64 }
		json.Unmarshal(u.post("/api/v1/conversations", "", 201), &conv)
		onB = u.on(t, b)
		onB.get("/api/v1/conversations") // b looks the session up, and remembers it
		messages = "/api/v1/conversations/" + strconv.FormatInt(conv.ID, 10) + "/messages"
		onB.post(messages, `{"text":"hello","client_id":"first"}`, 202)
		return u, onB, messages
	}
	cookies := func(u *httpUser) int {
		base, _ := url.Parse(u.base)
		return len(u.client.Jar.Cookies(base))
	}

	u, onB, messages := signIn("leaving@example.com")
	u.post("/api/v1/auth/logout", "", 204)
	// The retry of a stored message is refused too: it is not signed in any more.
	onB.post(messages, `{"text":"hello","client_id":"first"}`, 401)
	if n := cookies(onB); n != 0 {
		t.Errorf("the ended session's cookie is kept (%d cookies)", n)
	}

	_, onB, messages = signIn("expiring@example.com")
	if _, err := poolA.Exec(ctx, `UPDATE sessions SET expires_at = now() - interval '1 second'
		WHERE user_id = (SELECT id FROM users WHERE email = 'expiring@example.com')`); err != nil {
		t.Fatal(err)
	}
	onB.post(messages, `{"text":"hello again","client_id":"second"}`, 401)

	// A post with wrong input and an ended session: the session is what is wrong first.
	u, onB, messages = signIn("wrong@example.com")
	u.post("/api/v1/auth/logout", "", 204)
	onB.post(messages, `{"text":"","client_id":"third"}`, 401)
	u, onB, _ = signIn("nowhere@example.com")
	u.post("/api/v1/auth/logout", "", 204)
	onB.post("/api/v1/conversations/999999999/messages", `{"text":"hi","client_id":"fourth"}`, 401)
}

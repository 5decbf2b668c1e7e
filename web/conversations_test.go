package web

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"ratewise/assistant"
	"ratewise/db/dbtest"
	"ratewise/offers"
	"ratewise/offers/offerstest"
)

func newConversationServer(t *testing.T) *Server {
	t.Helper()
	return newConversationServerWith(t, Config{})
}

func newConversationServerWith(t *testing.T, cfg Config) *Server {
	t.Helper()
	pool := dbtest.NewPool(t)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	bus := assistant.NewBus(pool, quietLog())
	if err := bus.Start(ctx); err != nil {
		t.Fatal(err)
	}
	store := offers.NewStore(pool)
	eng := assistant.NewEngine(pool, bus, nil, store, nil, quietLog())
	t.Cleanup(eng.Close)
	if _, err := offerstest.Seed(ctx, store); err != nil {
		t.Fatal(err)
	}
	cfg.PasswordHashing = testPasswordHashing
	return New(cfg, Deps{Log: quietLog(), Pool: pool, Offers: store, Assistant: eng})
}

type messageJSON struct {
	ID    int64             `json:"id"`
	Role  string            `json:"role"`
	Text  string            `json:"text"`
	Cards []json.RawMessage `json:"cards"`
	Flags []string          `json:"flags"`
}

type sendJSON struct {
	Message messageJSON   `json:"message"`
	Replies []messageJSON `json:"replies"`
}

func TestConversationTurnOverHTTP(t *testing.T) {
	t.Parallel()
	s := newConversationServer(t)
	cl := newClient(t, s)
	signUp(t, cl, "chat@example.com")

	var conv struct {
		ID    int64  `json:"id"`
		State string `json:"state"`
	}
	decode(t, cl.do("POST", "/api/v1/conversations", nil), 201, &conv)
	if conv.ID == 0 || conv.State != "bot" {
		t.Fatalf("conversation = %+v", conv)
	}
	base := "/api/v1/conversations/" + strconv.FormatInt(conv.ID, 10)

	body := map[string]string{"text": "my car loan is $15,000 at 9.9% with 48 months left", "client_id": "m-1"}
	var sent sendJSON
	decode(t, cl.do("POST", base+"/messages?wait=true", body), 200, &sent)
	if sent.Message.Role != "user" || len(sent.Replies) != 1 {
		t.Fatalf("send = %+v", sent)
	}
	reply := sent.Replies[0]
	if reply.Role != "assistant" || len(reply.Cards) == 0 || !strings.Contains(reply.Text, "representative APR") {
		t.Errorf("reply = %+v", reply)
	}

	// The same client_id again: the first message and its reply, no second turn.
	var again sendJSON
	decode(t, cl.do("POST", base+"/messages?wait=true", body), 200, &again)
	if again.Message.ID != sent.Message.ID || len(again.Replies) != 1 || again.Replies[0].ID != reply.ID {
		t.Errorf("replay = %+v, want message %d and reply %d", again, sent.Message.ID, reply.ID)
	}
	var full struct {
		State    string        `json:"state"`
		Messages []messageJSON `json:"messages"`
	}
	decode(t, cl.do("GET", base, nil), 200, &full)
	if len(full.Messages) != 2 || len(full.Messages[1].Cards) != len(reply.Cards) {
		t.Fatalf("transcript = %+v, want the two messages with the cards kept on reload", full.Messages)
	}

	// Without wait: 202 and the message; the reply arrives on the stream.
	var accepted struct {
		Message messageJSON `json:"message"`
	}
	decode(t, cl.do("POST", base+"/messages", map[string]string{"text": "thanks!", "client_id": "m-2"}), 202, &accepted)
	if accepted.Message.Text != "thanks!" {
		t.Errorf("202 body = %+v", accepted)
	}

	var list struct {
		Conversations []struct{ ID int64 } `json:"conversations"`
	}
	decode(t, cl.do("GET", "/api/v1/conversations", nil), 200, &list)
	if len(list.Conversations) != 1 || list.Conversations[0].ID != conv.ID {
		t.Errorf("list = %+v", list)
	}

	var st struct {
		State      string `json:"state"`
		Position   int    `json:"position"`
		ETASeconds int    `json:"eta_seconds"`
	}
	decode(t, cl.do("POST", base+"/handoff", map[string]string{"reason": "I'd rather talk it through"}), 200, &st)
	if st.State != "queued" || st.Position != 1 || st.ETASeconds <= 0 {
		t.Errorf("handoff = %+v", st)
	}
}

func TestRatingIsTakenOnceTheConversationIsClosed(t *testing.T) {
	t.Parallel()
	s := newConversationServer(t)
	cl := newClient(t, s)
	signUp(t, cl, "rate@example.com")
	var conv struct{ ID int64 }
	decode(t, cl.do("POST", "/api/v1/conversations", nil), 201, &conv)
	base := "/api/v1/conversations/" + strconv.FormatInt(conv.ID, 10)
	ctx := context.Background()
	store := s.deps.Assistant.Store
	type view struct {
		State string `json:"state"`
		Rated bool   `json:"rated"`
	}
	rate := map[string]any{"score": 4, "comment": "quick and clear"}

	// Each step moves the conversation on, then tries to rate it.
	steps := []struct {
		name       string
		move       func() error
		wantState  string
		wantStatus int
	}{
		{"with the assistant", func() error { return nil }, "bot", 409},
		{"queued for a person", func() error {
			rec := cl.do("POST", base+"/handoff", nil)
			if rec.Code != 200 {
				t.Fatalf("handoff = %d %s", rec.Code, rec.Body.String())
			}
			return nil
		}, "queued", 409},
		{"with an agent", func() error {
			return store.Transition(ctx, conv.ID, assistant.StateQueued, assistant.StateAssigned)
		}, "assigned", 409},
		{"closed by the agent", func() error {
			return store.Transition(ctx, conv.ID, assistant.StateAssigned, assistant.StateClosed)
		}, "closed", 200},
	}
	for _, st := range steps {
		if err := st.move(); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		var before view
		decode(t, cl.do("GET", base, nil), 200, &before)
		if before.State != st.wantState || before.Rated {
			t.Fatalf("%s: conversation = %+v, want %s and not rated", st.name, before, st.wantState)
		}
		rec := cl.do("POST", base+"/csat", rate)
		if rec.Code != st.wantStatus {
			t.Fatalf("%s: rating = %d %s, want %d", st.name, rec.Code, rec.Body.String(), st.wantStatus)
		}
		if st.wantStatus == 409 {
			if e := errorOf(t, rec); e.Code != "conflict" || !strings.Contains(e.Message, "once it has ended") {
				t.Errorf("%s: error = %+v, want a conflict that says when rating opens", st.name, e)
			}
		}
	}

	var score int
	var comment string
	if err := s.deps.Pool.QueryRow(ctx, `SELECT score, comment FROM conversation_ratings WHERE conversation_id = $1`, conv.ID).Scan(&score, &comment); err != nil {
		t.Fatal(err)
	}
	if score != 4 || comment != "quick and clear" {
		t.Errorf("stored rating = %d %q", score, comment)
	}
	// The page reads rated from the conversation and the list, so a reload does not ask again.
	var after view
	decode(t, cl.do("GET", base, nil), 200, &after)
	var list struct {
		Conversations []view `json:"conversations"`
	}
	decode(t, cl.do("GET", "/api/v1/conversations", nil), 200, &list)
	if !after.Rated || len(list.Conversations) != 1 || !list.Conversations[0].Rated {
		t.Errorf("after rating: conversation %+v, list %+v; want rated in both", after, list.Conversations)
	}
}

func TestConversationAPIRefusesBadInput(t *testing.T) {
	t.Parallel()
	s := newConversationServer(t)
	owner := newClient(t, s)
	signUp(t, owner, "owner@example.com")
	var conv struct{ ID int64 }
	decode(t, owner.do("POST", "/api/v1/conversations", nil), 201, &conv)
	base := "/api/v1/conversations/" + strconv.FormatInt(conv.ID, 10)

	other := newClient(t, s)
	signUp(t, other, "other@example.com")
	anon := newClient(t, s)

	tests := []struct {
		name   string
		cl     *client
		method string
		path   string
		body   any
		status int
		field  string
	}{
		{"no client_id", owner, "POST", base + "/messages", map[string]string{"text": "hi"}, 400, "client_id"},
		{"empty text", owner, "POST", base + "/messages", map[string]string{"text": "  ", "client_id": "x"}, 400, "text"},
		{"text too long", owner, "POST", base + "/messages", map[string]string{"text": strings.Repeat("a", 4001), "client_id": "x"}, 400, "text"},
		{"text of the wrong type", owner, "POST", base + "/messages", `{"text": 5, "client_id": "x"}`, 400, "text"},
		{"score out of range", owner, "POST", base + "/csat", map[string]any{"score": 9}, 400, "score"},
		{"score missing", owner, "POST", base + "/csat", map[string]any{"comment": "x"}, 400, "score"},
		{"someone else's conversation", other, "GET", base, nil, 404, ""},
		{"someone else's messages", other, "POST", base + "/messages", map[string]string{"text": "hi", "client_id": "x"}, 404, ""},
		{"someone else's events", other, "GET", base + "/events", nil, 404, ""},
		{"not a number", owner, "GET", "/api/v1/conversations/abc", nil, 404, ""},
		{"signed out", anon, "GET", "/api/v1/conversations", nil, 401, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := tt.cl.do(tt.method, tt.path, tt.body)
			if rec.Code != tt.status {
				t.Fatalf("status = %d, want %d: %s", rec.Code, tt.status, rec.Body.String())
			}
			if e := errorOf(t, rec); e.Field != tt.field {
				t.Errorf("field = %q, want %q", e.Field, tt.field)
			}
		})
	}
}

// sseEvent is one event read off the wire.
type sseEvent struct {
	ID   int64
	Type string
	Data string
}

// httpUser signs up against a real listener and keeps the cookie, for streaming requests.
type httpUser struct {
	t      *testing.T
	base   string
	client *http.Client
}

func newHTTPUser(t *testing.T, srv *httptest.Server, email string) *httpUser {
	jar, _ := cookiejar.New(nil)
	u := &httpUser{t: t, base: srv.URL, client: &http.Client{Jar: jar}}
	u.post("/api/v1/auth/signup", `{"email":"`+email+`","password":"correct horse battery"}`, 201)
	return u
}

func (u *httpUser) post(path, body string, want int) []byte {
	u.t.Helper()
	req, _ := http.NewRequest("POST", u.base+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	resp, err := u.client.Do(req)
	if err != nil {
		u.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		u.t.Fatalf("POST %s = %d %s, want %d", path, resp.StatusCode, b, want)
	}
	return b
}

// stream opens the event stream, resuming after lastID when it is not 0.
func (u *httpUser) stream(ctx context.Context, path string, lastID int64) <-chan sseEvent {
	u.t.Helper()
	req, _ := http.NewRequestWithContext(ctx, "GET", u.base+path, nil)
	if lastID > 0 {
		req.Header.Set("Last-Event-ID", strconv.FormatInt(lastID, 10))
	}
	resp, err := u.client.Do(req)
	if err != nil {
		u.t.Fatal(err)
	}
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		u.t.Fatalf("events = %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	return readEvents(resp)
}

// readEvents reads an event stream's response until it ends, then closes the channel.
func readEvents(resp *http.Response) <-chan sseEvent {
	out := make(chan sseEvent, 1000)
	go func() {
		defer resp.Body.Close()
		defer close(out)
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		var ev sseEvent
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "":
				if ev.Type != "" {
					out <- ev
				}
				ev = sseEvent{}
			case strings.HasPrefix(line, ":"):
				out <- sseEvent{Type: "heartbeat"}
			case strings.HasPrefix(line, "id: "):
				ev.ID, _ = strconv.ParseInt(line[4:], 10, 64)
			case strings.HasPrefix(line, "event: "):
				ev.Type = line[7:]
			case strings.HasPrefix(line, "data: "):
				ev.Data = line[6:]
			}
		}
	}()
	return out
}

// until reads events until one of type typ, failing after 15s.
func until(t *testing.T, ch <-chan sseEvent, typ string) []sseEvent {
	t.Helper()
	var got []sseEvent
	timeout := time.After(15 * time.Second)
	for {
		select {
		case ev, ok := <-ch:
			if !ok {
				t.Fatalf("stream ended before %s; got %v", typ, got)
			}
			if ev.Type == "heartbeat" {
				continue
			}
			if err := contractDoc(t).checkEvent(ev.Type, ev.Data); err != nil {
				t.Error(err)
			}
			got = append(got, ev)
			if ev.Type == typ {
				return got
			}
		case <-timeout:
			t.Fatalf("no %s within 15s; got %v", typ, got)
		}
	}
}

func TestEventStreamResumesWithoutLossOrDuplicates(t *testing.T) {
	t.Parallel()
	s := newConversationServer(t)
	srv := httptest.NewServer(s)
	defer srv.Close()
	u := newHTTPUser(t, srv, "stream@example.com")
	var conv struct{ ID int64 }
	json.Unmarshal(u.post("/api/v1/conversations", "", 201), &conv)
	path := "/api/v1/conversations/" + strconv.FormatInt(conv.ID, 10)

	ctx1, cancel1 := context.WithCancel(context.Background())
	first := u.stream(ctx1, path+"/events", 0)
	u.post(path+"/messages", `{"text":"my car loan is $15,000 at 9.9% with 48 months left","client_id":"a"}`, 202)
	got1 := until(t, first, "message.completed")
	cancel1()

	types := map[string]bool{}
	for _, ev := range got1 {
		types[ev.Type] = true
	}
	for _, want := range []string{"message.created", "tool.started", "tool.completed", "offers", "message.delta", "message.completed"} {
		if !types[want] {
			t.Errorf("live stream lacks %s: %v", want, got1)
		}
	}
	var cards []map[string]any
	for _, ev := range got1 {
		if ev.Type == "offers" {
			if err := json.Unmarshal([]byte(ev.Data), &cards); err != nil || len(cards) == 0 || cards[0]["offer_id"] == nil {
				t.Errorf("offers data = %s, want an array of cards", ev.Data)
			}
		}
	}

	// Reconnect from the middle: exactly the later stored events, then live ones. Ephemeral
	// events (deltas, tool progress) carry no id and are not replayed.
	stored1 := storedOnly(got1)
	mid := stored1[len(stored1)/2].ID
	ctx2, cancel2 := context.WithCancel(context.Background())
	defer cancel2()
	second := u.stream(ctx2, path+"/events", mid)
	u.post(path+"/messages", `{"text":"thanks","client_id":"b"}`, 202)
	got2 := until(t, second, "message.completed")
	for got2[len(got2)-1].ID <= stored1[len(stored1)-1].ID {
		got2 = append(got2, until(t, second, "message.completed")...)
	}
	var want []int64
	for _, ev := range stored1 {
		if ev.ID > mid {
			want = append(want, ev.ID)
		}
	}
	stored2 := storedOnly(got2)
	prev := mid
	for i, ev := range stored2 {
		if ev.ID != prev+1 {
			t.Fatalf("event %d after %d: a gap, a duplicate or out of order", ev.ID, prev)
		}
		prev = ev.ID
		if i < len(want) && ev.ID != want[i] {
			t.Fatalf("resumed event %d = %d, want %d", i, ev.ID, want[i])
		}
	}
	if len(stored2) <= len(want) || got2[len(got2)-1].Type != "message.completed" {
		t.Errorf("resumed stream = %d stored events, want the %d missed ones and the new turn's", len(stored2), len(want))
	}
}

// storedOnly keeps the stored events: those with an id.
func storedOnly(evs []sseEvent) []sseEvent {
	var out []sseEvent
	for _, ev := range evs {
		if ev.ID != 0 {
			out = append(out, ev)
		}
	}
	return out
}

func TestEventStreamEndsOnShutdownAndSendsHeartbeats(t *testing.T) {
	t.Parallel()
	s := newConversationServerWith(t, Config{Heartbeat: 20 * time.Millisecond})
	srv := httptest.NewServer(s)
	defer srv.Close()
	u := newHTTPUser(t, srv, "beat@example.com")
	var conv struct{ ID int64 }
	json.Unmarshal(u.post("/api/v1/conversations", "", 201), &conv)
	ch := u.stream(context.Background(), "/api/v1/conversations/"+strconv.FormatInt(conv.ID, 10)+"/events", 0)
	select {
	case ev := <-ch:
		if ev.Type != "heartbeat" {
			t.Fatalf("first event on an idle stream = %+v, want a heartbeat", ev)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no heartbeat")
	}
	s.stop() // what http.Server.Shutdown triggers
	deadline := time.After(10 * time.Second)
	for {
		select {
		case _, ok := <-ch:
			if !ok {
				return
			}
		case <-deadline:
			t.Fatal("the stream did not end on shutdown")
		}
	}
}

// A transcript comes a page at a time: the newest TranscriptPage messages by default, older
// ones with ?before=; a limit outside 1..TranscriptPage is a 400 naming it.
func TestTranscriptIsPaginated(t *testing.T) {
	t.Parallel()
	s := newConversationServerWith(t, Config{TranscriptPage: 4})
	cl := newClient(t, s)
	signUp(t, cl, "ada@example.com")
	var conv struct{ ID int64 }
	decode(t, cl.do("POST", "/api/v1/conversations", nil), 201, &conv)
	if _, err := s.pool.Exec(context.Background(), `INSERT INTO messages (conversation_id, role, text)
		SELECT $1, 'user', 'message ' || g FROM generate_series(1, 7) g`, conv.ID); err != nil {
		t.Fatal(err)
	}
	type page struct {
		Messages   []messageJSON
		More       bool
		NextBefore int64 `json:"next_before"`
	}
	texts := func(p page) string {
		var ts []string
		for _, m := range p.Messages {
			ts = append(ts, m.Text)
		}
		return strings.Join(ts, ",")
	}
	path := convPath(conv.ID)
	var first, second page
	decode(t, cl.do("GET", path, nil), 200, &first)
	if texts(first) != "message 4,message 5,message 6,message 7" || !first.More || first.NextBefore != first.Messages[0].ID {
		t.Fatalf("first page: %q more=%v next_before=%d", texts(first), first.More, first.NextBefore)
	}
	decode(t, cl.do("GET", path+"?before="+strconv.FormatInt(first.NextBefore, 10), nil), 200, &second)
	if texts(second) != "message 1,message 2,message 3" || second.More {
		t.Errorf("second page: %q more=%v", texts(second), second.More)
	}
	var small page
	decode(t, cl.do("GET", path+"?limit=2", nil), 200, &small)
	if texts(small) != "message 6,message 7" || !small.More {
		t.Errorf("limit=2: %q more=%v", texts(small), small.More)
	}
	for _, q := range []string{"?limit=0", "?limit=5", "?limit=two", "?before=-1", "?before=x"} {
		rec := cl.do("GET", path+q, nil)
		if e := errorOf(t, rec); rec.Code != 400 || e.Field == "" {
			t.Errorf("GET %s: %d %+v, want 400 naming the parameter", q, rec.Code, e)
		}
	}
	if d := New(Config{}, Deps{}).cfg.TranscriptPage; d != 200 {
		t.Errorf("default TranscriptPage = %d, want 200", d)
	}
}

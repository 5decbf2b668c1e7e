package assistant

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"ratewise/assistant/openaitest"
	"ratewise/db"
	"ratewise/db/dbtest"
	"ratewise/offers"
)

// instance is a second app instance on the fixture's database: its own pool, bus and engine.
func (f *fixture) instance(t *testing.T, dsn string, model Model) *Engine {
	t.Helper()
	pool, err := db.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	eng := NewEngine(pool, startBus(t, pool), model, offers.NewStore(pool), nil, nil)
	t.Cleanup(eng.Close)
	return eng
}

// twoInstances is a fixture and a second instance on the same database.
func twoInstances(t *testing.T, modelA, modelB Model) (*fixture, *Engine) {
	t.Helper()
	dsn := dbtest.NewDatabase(t)
	pool, err := db.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	f := newFixtureOn(t, pool, modelA)
	other := f.instance(t, dsn, modelB)
	knowEachOther(t, f.eng.Bus, other.Bus)
	return f, other
}

// knowEachOther waits until every bus has heard another: until then an instance keeps its
// streamed text to itself.
func knowEachOther(t *testing.T, buses ...*Bus) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for _, b := range buses {
		for b.alone() {
			if time.Now().After(deadline) {
				t.Fatal("the instances did not hear each other within 10s")
			}
			time.Sleep(time.Millisecond)
		}
	}
}

// oneAtATime is the offline planner, counting how many of its calls overlap.
type oneAtATime struct {
	mu            sync.Mutex
	running, most int
}

func (m *oneAtATime) Name() string { return "one-at-a-time" }

func (m *oneAtATime) Complete(ctx context.Context, req ModelRequest, onDelta func(string)) (ModelReply, error) {
	m.mu.Lock()
	m.running++
	m.most = max(m.most, m.running)
	m.mu.Unlock()
	defer func() {
		m.mu.Lock()
		m.running--
		m.mu.Unlock()
	}()
	time.Sleep(5 * time.Millisecond) // room for an overlap, were turns not serialised
	return Planner{}.Complete(ctx, req, onDelta)
}

// Messages posted at once to one conversation, served by two instances: each is answered
// once, in the order they were posted, one turn at a time, each from the conversation as it
// stood at its own message.
func TestConcurrentMessagesAreAnsweredOnceInOrderOneTurnAtATime(t *testing.T) {
	t.Parallel()
	model := &oneAtATime{}
	f, other := twoInstances(t, model, model)
	withCatalogue(t, f)
	other.Start()
	ctx := context.Background()
	const n = 8
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			eng := f.eng
			if i%2 == 1 {
				eng = other
			}
			text := fmt.Sprintf("my car loan is $15,%03d at 9.9%% with 48 months left", i+1)
			if _, _, err := eng.Send(ctx, f.userID, f.conv.ID, text, fmt.Sprint("m", i), true); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	msgs := f.messages(t, false)
	texts := map[int64]string{}
	answered := map[int64]int{}
	var lastReplyTo int64
	for _, m := range msgs {
		switch m.Role {
		case RoleUser:
			texts[m.ID] = m.Text
		case RoleAssistant:
			if m.ReplyTo == nil || *m.ReplyTo <= lastReplyTo {
				t.Fatalf("answer %d replies to %v after an answer to %d: turns ran out of order", m.ID, m.ReplyTo, lastReplyTo)
			}
			lastReplyTo = *m.ReplyTo
			answered[*m.ReplyTo]++
			amount := strings.Fields(texts[*m.ReplyTo])[4] // "$15,00N"
			if !strings.Contains(m.Text, amount+".00") {
				t.Errorf("answer to %q does not compare %s: %s", texts[*m.ReplyTo], amount, m.Text)
			}
		}
	}
	if len(texts) != n || len(answered) != n {
		t.Fatalf("%d of %d messages answered", len(answered), len(texts))
	}
	if model.most != 1 {
		t.Errorf("%d model calls ran at once in one conversation, want 1", model.most)
	}
}

// panicking is a model that crashes its turn.
type panicking struct{}

func (panicking) Name() string { return "panicking" }

func (panicking) Complete(context.Context, ModelRequest, func(string)) (ModelReply, error) {
	panic("the model broke")
}

// A turn that fails every attempt ends with a message the user sees, offering a person, and
// an error event naming their message — never silence.
func TestATurnThatFailsEveryAttemptTellsTheUser(t *testing.T) {
	t.Parallel()
	f := newFixture(t, panicking{})
	f.eng.retryBackoff = time.Millisecond
	replies := f.say(t, "hello there")
	ans := onlyReply(t, replies)
	if ans.Text != failureText || !slices.Equal(ans.Flags, []string{FlagFailed}) || !strings.Contains(ans.Text, "person") {
		t.Errorf("reply = %q %v, want the failure text flagged failed", ans.Text, ans.Flags)
	}
	var state string
	var attempts int
	if err := f.pool.QueryRow(context.Background(), `SELECT state, attempts FROM turns WHERE message_id = $1`, *ans.ReplyTo).Scan(&state, &attempts); err != nil {
		t.Fatal(err)
	}
	if state != "failed" || attempts != MaxTurnAttempts {
		t.Errorf("turn %s after %d attempts, want failed after %d", state, attempts, MaxTurnAttempts)
	}
	if types := f.storedTypes(t); !slices.Equal(types, []string{EventMessageCreated, EventMessageCompleted, EventError}) {
		t.Errorf("stored events = %v, want the message, the failure and an error event", types)
	}
}

// A turn whose process died mid-attempt too often is failed, not tried again.
func TestATurnCutOffTooOftenFails(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	ctx := context.Background()
	// The state a dead process leaves behind after its last allowed attempt: running, under a
	// lease that has run out.
	m := &Message{ConversationID: f.conv.ID, Role: RoleUser, Text: "hello", ClientID: "dead"}
	if err := insertMessage(ctx, f.pool, m); err != nil {
		t.Fatal(err)
	}
	if _, err := f.pool.Exec(ctx, `INSERT INTO turns (message_id, conversation_id, state, attempts, lease_owner, lease_expires_at)
		VALUES ($1, $2, 'running', $3, 'dead:1', now() - interval '1 second')`, m.ID, f.conv.ID, MaxTurnAttempts); err != nil {
		t.Fatal(err)
	}
	f.eng.Start()
	replies, done, err := f.eng.AwaitTurn(ctx, f.conv.ID, m.ID)
	if err != nil || !done {
		t.Fatalf("await: done %v, %v", done, err)
	}
	if ans := onlyReply(t, replies); !slices.Equal(ans.Flags, []string{FlagFailed}) {
		t.Errorf("reply %q %v, want the failure", ans.Text, ans.Flags)
	}
}

// A worker that lost its turn's lease (it ran out; another instance took the turn) stores
// nothing: the message is answered once, by the worker that holds the turn.
func TestAWorkerThatLostItsLeaseStoresNothing(t *testing.T) {
	t.Parallel()
	gate := make(chan struct{})
	arrived := make(chan struct{}, 1)
	_, slow := scripted(t, openaitest.Signal(arrived, openaitest.Gated([]string{"First"}, gate, []string{" worker's answer."})))
	f, other := twoInstances(t, slow, Planner{})
	ctx := context.Background()
	res, err := f.eng.Post(ctx, f.userID, f.conv.ID, "hello", "c1")
	if err != nil {
		t.Fatal(err)
	}
	select {
	case <-arrived:
	case <-time.After(20 * time.Second):
		t.Fatal("the first worker never asked the model")
	}
	// The first worker stalls; its lease runs out, and the other instance takes the turn.
	if _, err := f.pool.Exec(ctx, `UPDATE turns SET lease_expires_at = now() - interval '1 second' WHERE message_id = $1`, res.Message.ID); err != nil {
		t.Fatal(err)
	}
	firstDone := f.eng.watch(res.Message.ID)
	defer f.eng.unwatch(res.Message.ID, firstDone)
	other.Start()
	replies, done, err := other.AwaitTurn(ctx, f.conv.ID, res.Message.ID)
	if err != nil || !done || len(replies) != 1 || strings.Contains(replies[0].Text, "worker's answer") {
		t.Fatalf("second worker: done %v, %d replies, %v", done, len(replies), err)
	}
	// Now the first worker's model answers; its attempt ends and must store nothing.
	close(gate)
	select {
	case <-firstDone:
	case <-time.After(20 * time.Second):
		t.Fatal("the first worker's attempt never ended")
	}
	var answers int
	if err := f.pool.QueryRow(ctx, `SELECT count(*) FROM messages WHERE reply_to = $1`, res.Message.ID).Scan(&answers); err != nil {
		t.Fatal(err)
	}
	if answers != 1 {
		t.Errorf("%d answers stored, want 1", answers)
	}
}

// Waiting for a turn ends when the waiter's context does, with the turn still running: the
// caller answers 202 instead of holding the request.
func TestAwaitTurnGivesUpWithItsContext(t *testing.T) {
	t.Parallel()
	gate := make(chan struct{})
	defer close(gate)
	arrived := make(chan struct{}, 1)
	_, m := scripted(t, openaitest.Signal(arrived, openaitest.Gated([]string{"Thinking"}, gate, nil)))
	f := newFixture(t, m)
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-arrived; cancel() }()
	res, err := f.eng.Post(context.Background(), f.userID, f.conv.ID, "hello", "c1")
	if err != nil {
		t.Fatal(err)
	}
	replies, done, err := f.eng.AwaitTurn(ctx, f.conv.ID, res.Message.ID)
	if err != nil || done || replies != nil {
		t.Errorf("await = %d replies, done %v, %v; want not done", len(replies), done, err)
	}
}

// The client that posted giving up does not stop the turn: it runs on a worker, and its
// answer is stored and announced all the same.
func TestTheTurnOutlivesTheRequest(t *testing.T) {
	t.Parallel()
	gate := make(chan struct{})
	_, m := scripted(t, openaitest.Gated([]string{"The best rate"}, gate, []string{" is on its way."}))
	f := newFixture(t, m)
	ctx, cancel := context.WithCancel(context.Background())
	delta := f.afterFirstDelta(t)
	go func() { <-delta; cancel() }()
	res, _, err := f.eng.Send(ctx, f.userID, f.conv.ID, "can I get a cheaper car loan?", "c1", true)
	if err == nil {
		t.Fatal("Send returned with the turn still running and its caller gone; want an error")
	}
	close(gate)
	replies, done, err := f.eng.AwaitTurn(context.Background(), f.conv.ID, res.Message.ID)
	if err != nil || !done || onlyReply(t, replies).Text != "The best rate is on its way." {
		t.Fatalf("after the caller left: done %v, %v", done, err)
	}
}

// deltaText follows a stream of events for one reply the way a client does: deltas append,
// a reset replaces. It returns the text and the stored answer's once message.completed comes.
func deltaText(t *testing.T, first []*Event, sub *Subscription) (streamed, final string) {
	t.Helper()
	handle := func(ev *Event) bool {
		streamed = applyDelta(t, streamed, ev)
		if ev.Type == EventMessageCompleted {
			var m Message
			if err := json.Unmarshal(ev.Data, &m); err != nil {
				t.Fatal(err)
			}
			final = m.Text
			return true
		}
		return false
	}
	for _, ev := range first {
		if handle(ev) {
			return
		}
	}
	for !handle(recv(t, sub)) {
	}
	return
}

// A subscriber that joins while an answer is being written, on this instance or another,
// starts from a snapshot of the text so far; the snapshot and the deltas after it make the
// stored answer.
func TestJoiningMidAnswerStartsFromASnapshot(t *testing.T) {
	t.Parallel()
	gate := make(chan struct{})
	first := []string{"Refinancing ", "can lower ", "what you pay"}
	_, m := scripted(t, openaitest.Gated(first, gate, []string{" each month, ", "if the new rate is lower."}))
	f, other := twoInstances(t, m, nil)
	ctx := context.Background()
	watcherB := other.Bus.Subscribe(f.conv.ID, "")
	defer watcherB.Close()
	res, err := f.eng.Post(ctx, f.userID, f.conv.ID, "should I refinance?", "c1")
	if err != nil {
		t.Fatal(err)
	}
	sofar := strings.Join(first, "")
	// Both instances have heard the first part once the recorder (here) and the watcher (on
	// the other instance) have seen it.
	f.rec.until(t, "the first part", func(evs []*Event) bool {
		got := ""
		for _, ev := range evs {
			got = applyDelta(t, got, ev)
		}
		return got == sofar
	})
	for got := ""; got != sofar; {
		got = applyDelta(t, got, recv(t, watcherB))
	}

	subs := map[string]*Subscription{"same instance": f.eng.Bus.Subscribe(f.conv.ID, ""), "other instance": other.Bus.Subscribe(f.conv.ID, "")}
	for name, sub := range subs {
		defer sub.Close()
		var snap *deltaData
		for _, ev := range sub.Snapshot {
			if ev.Type == EventMessageDelta {
				snap = &deltaData{}
				_ = json.Unmarshal(ev.Data, snap)
			}
		}
		if snap == nil || !snap.Reset || snap.Delta != sofar || snap.ReplyTo != res.Message.ID {
			t.Fatalf("%s: snapshot %+v, want a reset delta with %q", name, snap, sofar)
		}
	}
	close(gate)
	replies, done, err := f.eng.AwaitTurn(ctx, f.conv.ID, res.Message.ID)
	if err != nil || !done {
		t.Fatalf("await: %v %v", done, err)
	}
	stored := onlyReply(t, replies).Text
	if want := sofar + " each month, if the new rate is lower."; stored != want {
		t.Errorf("stored answer %q, want %q", stored, want)
	}
	for name, sub := range subs {
		if streamed, final := deltaText(t, sub.Snapshot, sub); streamed != stored || final != stored {
			t.Errorf("%s: snapshot and deltas %q, message.completed %q; stored %q", name, streamed, final, stored)
		}
	}
}

// applyDelta is text after ev as a client shows it: a delta appends, a reset replaces.
func applyDelta(t *testing.T, text string, ev *Event) string {
	t.Helper()
	if ev.Type != EventMessageDelta {
		return text
	}
	var d deltaData
	if err := json.Unmarshal(ev.Data, &d); err != nil {
		t.Fatal(err)
	}
	if d.Reset {
		return d.Delta
	}
	return text + d.Delta
}

// Ending a session closes its subscriptions on every instance, and only those.
func TestEndingASessionClosesItsStreamsEverywhere(t *testing.T) {
	t.Parallel()
	dsn := dbtest.NewDatabase(t)
	open := func() *pgxpool.Pool {
		p, err := db.Open(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(p.Close)
		return p
	}
	poolA, poolB := open(), open()
	busA, busB := startBus(t, poolA), startBus(t, poolB)
	mine, theirs, local := busB.Subscribe(1, "session-1"), busB.Subscribe(1, "session-2"), busA.Subscribe(1, "session-1")
	defer theirs.Close()
	busA.EndSession("session-1")
	for name, s := range map[string]*Subscription{"other instance": mine, "same instance": local} {
		select {
		case _, ok := <-s.C:
			if ok {
				t.Fatalf("%s: an event instead of the end", name)
			}
		case <-time.After(20 * time.Second):
			t.Fatalf("%s: the session's stream stayed open", name)
		}
		if s.Err() != ErrSessionEnded {
			t.Errorf("%s: closed with %v, want %v", name, s.Err(), ErrSessionEnded)
		}
	}
	if theirs.Err() != nil {
		t.Errorf("another session's stream was closed: %v", theirs.Err())
	}
}

// A message posted on another instance while its conversation's turn runs here waits for
// that turn, and is taken by the worker that ends it: no wake-up reaches this instance for
// it, and the poll is too far off (an hour's lease) to be what answers it.
func TestAMessageWaitingForATurnIsTakenWhenTheTurnEnds(t *testing.T) {
	t.Parallel()
	model := &stalledModel{started: make(chan struct{}), release: make(chan struct{})}
	f, other := twoInstances(t, model, Planner{})
	f.eng.LeaseTTL, other.LeaseTTL = time.Hour, time.Hour
	f.eng.Start()
	other.Start()
	for f.eng.idle.Load() == 0 || other.idle.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	first, err := f.eng.Post(ctx, f.userID, f.conv.ID, "hello, can you help me?", "m1")
	if err != nil {
		t.Fatal(err)
	}
	<-model.started
	second, err := other.Post(ctx, f.userID, f.conv.ID, "and what about my car loan?", "m2")
	if err != nil {
		t.Fatal(err)
	}
	close(model.release)
	for _, m := range []*Message{first.Message, second.Message} {
		replies, done, err := f.eng.AwaitTurn(ctx, f.conv.ID, m.ID)
		if err != nil || !done || len(replies) == 0 {
			t.Fatalf("message %q: %d replies, done %v, %v; want it answered", m.Text, len(replies), done, err)
		}
	}
}

package assistant

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"ratewise/db"
	"ratewise/db/dbtest"
)

// newUser inserts a consumer directly: the users table belongs to web.
func newUser(t *testing.T, pool *pgxpool.Pool, email string) int64 {
	t.Helper()
	var id int64
	if err := pool.QueryRow(context.Background(),
		`INSERT INTO users (email, password_hash) VALUES ($1, 'x') RETURNING id`, email).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

func startBus(t *testing.T, pool *pgxpool.Pool) *Bus {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	b := NewBus(pool, nil)
	if err := b.Start(ctx); err != nil {
		t.Fatal(err)
	}
	return b
}

func recv(t *testing.T, s *Subscription) *Event {
	t.Helper()
	select {
	case ev, ok := <-s.C:
		if !ok {
			t.Fatal("subscription closed")
		}
		return ev
	case <-time.After(10 * time.Second):
		t.Fatal("no event within 10s")
	}
	return nil
}

func TestEventReachesSubscriberOnAnotherInstance(t *testing.T) {
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
	// Two pools and two buses on one database are two app instances.
	poolA, poolB := open(), open()
	busA, busB := startBus(t, poolA), startBus(t, poolB)
	store := NewStore(poolA, busA)
	conv, err := store.CreateConversation(ctx, newUser(t, poolA, "a@example.com"))
	if err != nil {
		t.Fatal(err)
	}
	subB := busB.Subscribe(conv.ID, "")
	defer subB.Close()
	subA := busA.Subscribe(conv.ID, "")
	defer subA.Close()

	sent, err := store.Publish(ctx, conv.ID, EventTyping, map[string]any{"role": "assistant", "active": true})
	if err != nil {
		t.Fatal(err)
	}
	for name, s := range map[string]*Subscription{"other instance": subB, "same instance": subA} {
		got := recv(t, s)
		if got.ID != sent.ID || got.Seq != 1 || got.Type != EventTyping || string(got.Data) != `{"role": "assistant", "active": true}` && string(got.Data) != `{"active":true,"role":"assistant"}` {
			t.Errorf("%s got %+v (data %s), want event %d typing", name, got, got.Data, sent.ID)
		}
	}

	// A big event travels by id and is read back from the table.
	big := make([]string, 2000)
	for i := range big {
		big[i] = "card"
	}
	sentBig, err := store.Publish(ctx, conv.ID, EventOffers, big)
	if err != nil {
		t.Fatal(err)
	}
	got := recv(t, subB)
	if got.ID != sentBig.ID || got.Type != EventOffers || len(got.Data) < 10000 {
		t.Errorf("big event = id %d type %s %d bytes, want id %d offers", got.ID, got.Type, len(got.Data), sentBig.ID)
	}
}

func TestSlowSubscriberIsDroppedWithoutBlocking(t *testing.T) {
	t.Parallel()
	pool := dbtest.NewPool(t)
	ctx := context.Background()
	bus := startBus(t, pool)
	store := NewStore(pool, bus)
	conv, err := store.CreateConversation(ctx, newUser(t, pool, "slow@example.com"))
	if err != nil {
		t.Fatal(err)
	}
	slow := bus.Subscribe(conv.ID, "") // never read until the end
	fast := bus.Subscribe(conv.ID, "")
	defer fast.Close()

	n := SubscriberBuffer + 20
	// The fast subscriber reads as events come. The next event is published only once it has
	// received the last one, so it never falls behind however loaded the machine is, and the
	// slow one is dropped at exactly the event that overflows its buffer.
	seen := make(chan int64)
	go func() {
		for ev := range fast.C {
			seen <- ev.ID
		}
		close(seen)
	}()
	defer func() {
		if err := slow.Err(); err != ErrSlowSubscriber {
			t.Errorf("slow subscriber closed with %v, want %v", err, ErrSlowSubscriber)
		}
	}()
	var got []int64
	for i := 0; i < n; i++ {
		ev, err := store.Publish(ctx, conv.ID, EventMessageDelta, map[string]any{"delta": "x"})
		if err != nil {
			t.Fatal(err)
		}
		select {
		case id, ok := <-seen:
			if !ok {
				t.Fatalf("fast subscriber dropped after %d events", len(got))
			}
			got = append(got, id)
			if id != ev.ID {
				t.Fatalf("fast subscriber got event %d, want %d", id, ev.ID)
			}
		case <-time.After(20 * time.Second): // a guard: the event never arrived
			t.Fatalf("fast subscriber did not get event %d", i+1)
		}
	}
	// The slow one was dropped: its channel holds what fitted, then is closed.
	held := 0
	for range slow.C {
		held++
	}
	if held != SubscriberBuffer {
		t.Errorf("slow subscriber received %d events before being dropped, want %d", held, SubscriberBuffer)
	}
	// What it missed is in the database.
	missed, err := store.EventsAfter(ctx, conv.ID, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(missed) != n {
		t.Errorf("stored events = %d, want %d", len(missed), n)
	}
}

// An ownership change reaches the watchers of its conversation, on every instance, and no
// one else's; a watcher that stopped hears nothing more.
func TestOwnerChangesReachTheirConversationsWatchersOnly(t *testing.T) {
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
	poolA, poolB := open(), open()
	busA, busB := startBus(t, poolA), startBus(t, poolB)
	heard := make(chan string, 16)
	watch := func(name string, b *Bus, conv int64) func() {
		return b.WatchOwner(conv, func(u ConversationUpdate) {
			if u.ConversationID != conv {
				t.Errorf("%s watches %d and heard of %d", name, conv, u.ConversationID)
			}
			heard <- name + " " + u.Phase
		})
	}
	defer watch("A1", busA, 1)()
	defer watch("B1", busB, 1)()
	defer watch("B2", busB, 2)()
	stopped := watch("B1 stopped", busB, 1)
	stopped()
	stopped() // twice is fine
	console := busB.Subscribe(ConsoleTopic, "")
	defer console.Close()
	consoleA := busA.Subscribe(ConsoleTopic, "")
	defer consoleA.Close()

	if err := notifyConsole(ctx, poolA, ConsoleTopic, EventConversationUpdated, ConversationUpdate{ConversationID: 1, Phase: PhaseQueued}); err != nil {
		t.Fatal(err)
	}
	// The watchers are called before the console's subscribers get the notice.
	recv(t, console)
	recv(t, consoleA)
	got := map[string]bool{}
	for len(heard) > 0 {
		got[<-heard] = true
	}
	if len(got) != 2 || !got["A1 "+PhaseQueued] || !got["B1 "+PhaseQueued] {
		t.Errorf("heard %v, want A1 and B1 only", got)
	}
	if busB.watching.Load() != 2 || len(busB.owners) != 2 {
		t.Errorf("bus B keeps %d watchers of %d conversations, want 2 of 2", busB.watching.Load(), len(busB.owners))
	}
}

// A bus hears its own notices back from the broker and skips them by how they begin, without
// decoding them: the notices it sends must begin that way, and another instance's must not.
func TestABusKnowsItsOwnNoticesByTheirStart(t *testing.T) {
	a, b := NewBus(nil, nil), NewBus(nil, nil)
	raw, err := json.Marshal(notice{Src: a.instance, N: 7, ConversationID: 3, Type: EventMessageDelta, Data: json.RawMessage(`{"delta":"x"}`)})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(raw), a.ownPrefix) {
		t.Errorf("notice %s does not begin with %s: every notice would be decoded", raw, a.ownPrefix)
	}
	if strings.HasPrefix(string(raw), b.ownPrefix) {
		t.Errorf("another bus takes %s for its own", raw)
	}
	if err := b.deliver(context.Background(), string(raw)); err != nil {
		t.Fatal(err)
	}
}

// recordingBroker is a Broker that keeps what is published and delivers nothing.
type recordingBroker struct {
	mu   sync.Mutex
	sent []notice
}

func (r *recordingBroker) Publish(_ context.Context, payloads []string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, p := range payloads {
		var n notice
		if err := json.Unmarshal([]byte(p), &n); err != nil {
			return err
		}
		r.sent = append(r.sent, n)
	}
	return nil
}

func (r *recordingBroker) Listen(ctx context.Context, ready func(), _ func(string) error) error {
	ready()
	<-ctx.Done()
	return ctx.Err()
}

// until waits for a published notice that match accepts.
func (r *recordingBroker) until(t *testing.T, what string, match func(notice) bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		r.mu.Lock()
		found := slices.ContainsFunc(r.sent, match)
		r.mu.Unlock()
		if found {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("no %s was published within 10s", what)
}

func (r *recordingBroker) count(match func(notice) bool) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, s := range r.sent {
		if match(s) {
			n++
		}
	}
	return n
}

// An instance alone keeps its streamed text in process; once another instance says hello,
// it answers and sends its ephemeral events through the broker too, until it has heard
// nothing from any other instance for peerTTL. Stored events, wake-ups and session ends go
// through the broker in any case.
func TestAnInstanceAloneSendsItsEphemeralEventsToNoOne(t *testing.T) {
	t.Parallel()
	rec := &recordingBroker{}
	b := NewBus(nil, nil)
	b.broker = rec
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := b.Start(ctx); err != nil {
		t.Fatal(err)
	}
	rec.until(t, "hello", func(n notice) bool { return n.Src == b.instance && n.Beat && n.Hello })

	delta := func(text string) Event {
		return Event{ConversationID: 9, Type: EventMessageDelta, Data: json.RawMessage(`{"reply_to":1,"delta":"` + text + `"}`)}
	}
	isDelta := func(text string) func(notice) bool {
		return func(n notice) bool { return n.Type == EventMessageDelta && strings.Contains(string(n.Data), text) }
	}
	sub := b.Subscribe(9, "")
	defer sub.Close()
	b.Publish(delta("alone"))
	if got := recv(t, sub); !strings.Contains(string(got.Data), "alone") {
		t.Fatalf("the local subscriber got %s", got.Data)
	}
	b.announce([]Event{{ID: 5, Seq: 1, ConversationID: 9, Type: EventMessageCreated, Data: json.RawMessage(`{"id":1}`)}})
	b.Wake()
	rec.until(t, "stored event", func(n notice) bool { return n.ID == 5 })
	rec.until(t, "wake-up", func(n notice) bool { return n.Wake })

	// Another instance starts listening.
	other := NewBus(nil, nil)
	hello, _ := json.Marshal(notice{Src: other.instance, N: 1, Beat: true, Hello: true})
	if err := b.deliver(ctx, string(hello)); err != nil {
		t.Fatal(err)
	}
	rec.until(t, "beat answering the hello", func(n notice) bool { return n.Src == b.instance && n.Beat && !n.Hello })
	b.Publish(delta("together"))
	rec.until(t, "delta sent while another instance listens", isDelta("together"))

	// It stops: nothing heard from it for longer than peerTTL.
	b.heard.Store(time.Now().Add(-peerTTL - time.Second).UnixNano())
	b.Publish(delta("alone again"))
	b.announce([]Event{{ID: 6, Seq: 2, ConversationID: 9, Type: EventMessageCompleted, Data: json.RawMessage(`{"id":2}`)}})
	rec.until(t, "stored event", func(n notice) bool { return n.ID == 6 })
	if n := rec.count(isDelta("alone")); n != 0 {
		t.Errorf("%d deltas were sent while no other instance listened", n)
	}

	// The console's notices come from the database, not from another instance's bus.
	console, _ := json.Marshal(notice{ConversationID: ConsoleTopic, Type: EventConversationUpdated, Data: json.RawMessage(`{}`)})
	if err := b.deliver(ctx, string(console)); err != nil {
		t.Fatal(err)
	}
	if !b.alone() {
		t.Error("a console notice was taken for another instance")
	}
}

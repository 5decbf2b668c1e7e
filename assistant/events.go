package assistant

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"ratewise/db"
)

// Event types a conversation's stream carries. The JSON of each one's data is documented in
// web/sse.go and web/openapi.json (x-events), and is part of the API.
const (
	EventMessageCreated     = "message.created"
	EventMessageDelta       = "message.delta"
	EventMessageCompleted   = "message.completed"
	EventToolStarted        = "tool.started"
	EventToolCompleted      = "tool.completed"
	EventOffers             = "offers"
	EventHandoffUpdated     = "handoff.updated"
	EventAgentJoined        = "agent.joined"
	EventTyping             = "typing"
	EventConversationClosed = "conversation.closed"
	EventError              = "error"
)

// notifyChannel is the PostgreSQL channel every instance listens on.
const notifyChannel = "ratewise_events"

// Event is one step of a conversation as clients see it. ID orders the events of a
// conversation and is the SSE id that Last-Event-ID resumes from.
type Event struct {
	ID             int64           `json:"id"`
	ConversationID int64           `json:"conversation_id"`
	Type           string          `json:"type"`
	Data           json.RawMessage `json:"data"`
	CreatedAt      time.Time       `json:"created_at"`
}

// publishSQL stores the event and notifies every instance in one statement. The payload
// carries the data when it fits NOTIFY's 8000-byte limit; otherwise listeners read the row.
const publishSQL = `WITH e AS (
	INSERT INTO conversation_events (conversation_id, type, data) VALUES ($1, $2, $3)
	RETURNING id, conversation_id, type, data, created_at
)
SELECT e.id, e.created_at, pg_notify('` + notifyChannel + `',
	CASE WHEN octet_length(e.data::text) < 7000
	THEN json_build_object('id', e.id, 'conversation_id', e.conversation_id, 'type', e.type, 'data', e.data, 'created_at', e.created_at)::text
	ELSE json_build_object('id', e.id, 'conversation_id', e.conversation_id)::text END)
FROM e`

// publish stores and announces one event. Inside a transaction the NOTIFY is delivered at
// commit, so nobody sees an event whose rows are not there yet.
func publish(ctx context.Context, q db.Querier, conversationID int64, typ string, data any) (Event, error) {
	raw, err := json.Marshal(data)
	if err != nil {
		return Event{}, fmt.Errorf("event %s: %w", typ, err)
	}
	ev := Event{ConversationID: conversationID, Type: typ, Data: raw}
	var ignored string
	if err := q.QueryRow(ctx, publishSQL, conversationID, typ, raw).Scan(&ev.ID, &ev.CreatedAt, &ignored); err != nil {
		return Event{}, fmt.Errorf("publish %s: %w", typ, err)
	}
	return ev, nil
}

// publishAsync publishes a progress event (typing, delta, tool) without waiting for the WAL
// flush: losing one of those in a crash costs nothing, since the final message and the
// conversation state are always committed durably, and the turn no longer waits on an fsync per
// token.
func publishAsync(ctx context.Context, pool *pgxpool.Pool, conversationID int64, typ string, data any) (Event, error) {
	var ev Event
	err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "SET LOCAL synchronous_commit TO OFF"); err != nil {
			return err
		}
		var err error
		ev, err = publish(ctx, tx, conversationID, typ, data)
		return err
	})
	return ev, err
}

// EventsAfter returns the stored events of a conversation with ids above after, oldest first:
// what a reconnecting stream missed.
func (s *Store) EventsAfter(ctx context.Context, conversationID, after int64, limit int) ([]Event, error) {
	return eventsAfter(ctx, s.pool, conversationID, after, limit)
}

func eventsAfter(ctx context.Context, q db.Querier, conversationID, after int64, limit int) ([]Event, error) {
	if limit <= 0 {
		limit = 1000
	}
	rows, err := q.Query(ctx, `SELECT id, conversation_id, type, data, created_at FROM conversation_events
		WHERE conversation_id = $1 AND id > $2 ORDER BY id LIMIT $3`, conversationID, after, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var evs []Event
	for rows.Next() {
		var e Event
		if err := rows.Scan(&e.ID, &e.ConversationID, &e.Type, &e.Data, &e.CreatedAt); err != nil {
			return nil, err
		}
		evs = append(evs, e)
	}
	return evs, rows.Err()
}

// SubscriberBuffer is how many events a subscriber may fall behind before it is dropped.
const SubscriberBuffer = 256

// Bus fans conversation events out to subscribers in this process. Events reach it only by
// LISTEN/NOTIFY, so an event published by any instance reaches every instance's subscribers
// the same way. A subscriber that does not keep up is dropped (its channel is closed) rather
// than blocking anyone; it resumes from the database with EventsAfter.
type Bus struct {
	pool *pgxpool.Pool
	log  *slog.Logger

	mu   sync.Mutex
	subs map[int64]map[*Subscription]struct{}
}

// Subscription receives the events of one conversation. C is closed when the subscription is
// dropped (slow, or the bus lost its database connection) or closed.
type Subscription struct {
	C              <-chan Event
	c              chan Event
	conversationID int64
	bus            *Bus
	closed         bool // guarded by bus.mu
}

// NewBus returns a bus on pool. Start it with Run.
func NewBus(pool *pgxpool.Pool, log *slog.Logger) *Bus {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Bus{pool: pool, log: log, subs: map[int64]map[*Subscription]struct{}{}}
}

// Subscribe returns a subscription to conversationID's events.
func (b *Bus) Subscribe(conversationID int64) *Subscription {
	c := make(chan Event, SubscriberBuffer)
	s := &Subscription{C: c, c: c, conversationID: conversationID, bus: b}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.subs[conversationID] == nil {
		b.subs[conversationID] = map[*Subscription]struct{}{}
	}
	b.subs[conversationID][s] = struct{}{}
	return s
}

// Close ends the subscription. It is safe to call more than once.
func (s *Subscription) Close() {
	s.bus.mu.Lock()
	defer s.bus.mu.Unlock()
	s.bus.dropLocked(s)
}

func (b *Bus) dropLocked(s *Subscription) {
	if s.closed {
		return
	}
	s.closed = true
	close(s.c)
	set := b.subs[s.conversationID]
	delete(set, s)
	if len(set) == 0 {
		delete(b.subs, s.conversationID)
	}
}

// dispatch hands ev to every local subscriber of its conversation without ever waiting.
func (b *Bus) dispatch(ev Event) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for s := range b.subs[ev.ConversationID] {
		select {
		case s.c <- ev:
		default:
			b.log.Warn("dropping slow event subscriber", "conversation_id", ev.ConversationID)
			b.dropLocked(s)
		}
	}
}

// dropAll closes every subscription: after the listener reconnects, events may have been
// missed, and subscribers must resume from the database.
func (b *Bus) dropAll() {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, set := range b.subs {
		for s := range set {
			b.dropLocked(s)
		}
	}
}

// Run listens for events until ctx ends, reconnecting with backoff. ready, if not nil, is
// closed once the first LISTEN is in place.
func (b *Bus) Run(ctx context.Context, ready chan<- struct{}) error {
	backoff := 100 * time.Millisecond
	for {
		err := b.listen(ctx, &ready)
		if ctx.Err() != nil {
			return nil
		}
		b.log.Warn("event listener lost its connection; reconnecting", "err", err, "in", backoff)
		b.dropAll()
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(backoff):
		}
		backoff = min(backoff*2, 5*time.Second)
	}
}

// Start runs the bus in the background and returns once it listens.
func (b *Bus) Start(ctx context.Context) error {
	ready := make(chan struct{})
	errc := make(chan error, 1)
	go func() { errc <- b.Run(ctx, ready) }()
	select {
	case <-ready:
		return nil
	case err := <-errc:
		return err
	case <-time.After(30 * time.Second):
		return fmt.Errorf("event bus: LISTEN did not start within 30s")
	}
}

func (b *Bus) listen(ctx context.Context, ready *chan<- struct{}) error {
	conn, err := b.pool.Acquire(ctx)
	if err != nil {
		return err
	}
	// The connection is in LISTEN state: never hand it back to the pool.
	pc := conn.Hijack()
	defer pc.Close(context.WithoutCancel(ctx))
	if _, err := pc.Exec(ctx, "LISTEN "+notifyChannel); err != nil {
		return err
	}
	if *ready != nil {
		close(*ready)
		*ready = nil
	}
	for {
		n, err := pc.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		var ev Event
		if err := json.Unmarshal([]byte(n.Payload), &ev); err != nil {
			b.log.Warn("bad event notification", "err", err)
			continue
		}
		if ev.Type == "" {
			// Too big for the payload: read the row.
			if err := pc.QueryRow(ctx, `SELECT type, data, created_at FROM conversation_events WHERE id = $1`, ev.ID).
				Scan(&ev.Type, &ev.Data, &ev.CreatedAt); err != nil {
				return err
			}
		}
		b.dispatch(ev)
	}
}

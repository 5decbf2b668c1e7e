package assistant

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

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

// Event is one step of a conversation as clients see it.
//
// A durable event is a row in conversation_events: Seq is its number in the conversation's
// sequence, the SSE id a stream resumes from with Last-Event-ID. An ephemeral event (streamed
// text, typing, tool progress) is never stored: Seq and ID are 0, it reaches the subscribers
// that are listening when it happens, and losing it costs nothing because what it announces is
// stored with the answer.
type Event struct {
	ID             int64           `json:"id"`
	Seq            int64           `json:"seq"`
	ConversationID int64           `json:"conversation_id"`
	Type           string          `json:"type"`
	Data           json.RawMessage `json:"data"`
	CreatedAt      time.Time       `json:"created_at"`

	// offset is where a message.delta's text starts in the answer (bytes), so a bus that
	// missed part of an answer knows its copy is incomplete.
	offset int
	// replyTo is the data's reply_to when replyKnown: the bus reads it once as it hands the
	// event out, for every stream that gets it.
	replyTo    int64
	replyKnown bool
}

// Durable reports whether the event is stored and numbered.
func (e *Event) Durable() bool { return e.Seq > 0 }

// ReplyTo is the user message the event is about (its data's reply_to), or 0.
func (e *Event) ReplyTo() int64 {
	if e.replyKnown {
		return e.replyTo
	}
	var d struct {
		ReplyTo int64 `json:"reply_to"`
	}
	if json.Unmarshal(e.Data, &d) != nil {
		return 0
	}
	return d.ReplyTo
}

// insertEventSQL stores an event. The trigger on conversation_events numbers it under the
// conversation's row lock, so a later number is never committed before an earlier one.
const insertEventSQL = `INSERT INTO conversation_events (conversation_id, type, data) VALUES ($1, $2, $3)
	RETURNING id, seq, created_at`

// Events are announced after their transaction commits, not with a NOTIFY inside it:
// PostgreSQL queues the notifications of every committing transaction under one lock held
// through the commit's WAL flush, which would serialise every durable commit of every instance
// (a few hundred a second on this kind of machine). After the commit, the bus hands the event
// to this instance's streams at once and queues it for the other instances behind everything
// published before it (streamed text included), in one batched, non-durable NOTIFY.
//
// outbox is what one transaction opened by Store.inTx has stored, keyed by the transaction in
// outboxes; publish refuses a transaction that is not there, so no event is ever stored and
// never announced.
type outbox struct{ events []Event }

var outboxes sync.Map // pgx.Tx → *outbox

// inTx runs fn in a transaction and, once it has committed, announces the events fn stored.
// Every transaction of this package that may publish an event is opened here.
func (s *Store) inTx(ctx context.Context, fn func(pgx.Tx) error) error {
	ob := &outbox{}
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		outboxes.Store(tx, ob)
		defer outboxes.Delete(tx)
		return fn(tx)
	})
	if err == nil && len(ob.events) > 0 && s.bus != nil {
		s.bus.announce(ob.events)
	}
	return err
}

// publish stores one durable event in tx (a transaction opened by Store.inTx), to be
// announced when tx commits. The commit waits for the WAL flush, so no event with a number is
// ever lost (a lost one would give its number to the next, which streams would skip).
func publish(ctx context.Context, tx db.Querier, conversationID int64, typ string, data any) (Event, error) {
	ob, ev, err := newEvent(tx, conversationID, typ, data)
	if err != nil {
		return Event{}, err
	}
	if err := tx.QueryRow(ctx, insertEventSQL, conversationID, typ, ev.Data).Scan(&ev.ID, &ev.Seq, &ev.CreatedAt); err != nil {
		return Event{}, fmt.Errorf("publish %s: %w", typ, err)
	}
	ob.events = append(ob.events, ev)
	return ev, nil
}

// queuePublish queues publish's statement in b, a batch to send in tx: the event is stored,
// and announced after the commit, as b's results are read.
func queuePublish(b *pgx.Batch, tx db.Querier, conversationID int64, typ string, data any) error {
	ob, ev, err := newEvent(tx, conversationID, typ, data)
	if err != nil {
		return err
	}
	b.Queue(insertEventSQL, conversationID, typ, ev.Data).QueryRow(func(r pgx.Row) error {
		if err := r.Scan(&ev.ID, &ev.Seq, &ev.CreatedAt); err != nil {
			return fmt.Errorf("publish %s: %w", typ, err)
		}
		ob.events = append(ob.events, ev)
		return nil
	})
	return nil
}

// newEvent is the event publish stores, and the outbox of tx that announces it.
func newEvent(tx db.Querier, conversationID int64, typ string, data any) (*outbox, Event, error) {
	v, ok := outboxes.Load(tx)
	if !ok {
		return nil, Event{}, fmt.Errorf("publish %s: not in a transaction opened by Store.inTx, so the event would never be announced", typ)
	}
	raw, err := json.Marshal(data)
	if err != nil {
		return nil, Event{}, fmt.Errorf("event %s: %w", typ, err)
	}
	return v.(*outbox), Event{ConversationID: conversationID, Type: typ, Data: raw}, nil
}

// Publish stores and announces one durable event of a conversation in its own transaction.
func (s *Store) Publish(ctx context.Context, conversationID int64, typ string, data any) (Event, error) {
	var ev Event
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var err error
		ev, err = publish(ctx, tx, conversationID, typ, data)
		return err
	})
	return ev, err
}

// EventsAfter returns the stored events of a conversation numbered above after, in order:
// what a reconnecting stream missed. limit 0 means 1000.
func (s *Store) EventsAfter(ctx context.Context, conversationID, after int64, limit int) ([]Event, error) {
	if limit <= 0 {
		limit = 1000
	}
	rows, err := s.pool.Query(ctx, `SELECT id, seq, conversation_id, type, data, created_at FROM conversation_events
		WHERE conversation_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`, conversationID, after, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var evs []Event
	for rows.Next() {
		var e Event
		if err := rows.Scan(&e.ID, &e.Seq, &e.ConversationID, &e.Type, &e.Data, &e.CreatedAt); err != nil {
			return nil, err
		}
		evs = append(evs, e)
	}
	return evs, rows.Err()
}

package assistant

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
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

// pipeTx is a transaction sent as a pipeline of batches: its BEGIN travels with the first batch
// and its COMMIT with the last, so a transaction of n batches is n round trips where one made
// statement by statement is one per statement plus two. It serves the transactions every
// turn makes, which hold one of the pool's connections while they run: at a burst of
// messages every connection is busy, and what one holds it for, others wait.
//
// A statement whose verdict the client reads (a compare-and-set that changed no row) must be
// read before the batch that commits is sent: the server runs a batch to its end, COMMIT
// included, whatever the client makes of its results.
type pipeTx struct {
	conn      *pgxpool.Conn
	begun     bool
	committed bool
	discard   bool
}

// rollback makes the transaction end in a rollback when fn returns nil: it wrote what must not
// be kept.
func (p *pipeTx) rollback() { p.discard = true }

// send runs b in the transaction, with BEGIN before it if it is the first batch and COMMIT
// after it when commit is set, and reads its results.
func (p *pipeTx) send(ctx context.Context, b *pgx.Batch, commit bool) error {
	if p.committed {
		return errors.New("pipeline: the transaction has committed")
	}
	run := b
	if !p.begun || commit {
		run = &pgx.Batch{}
		if !p.begun {
			run.Queue("BEGIN")
		}
		run.QueuedQueries = append(run.QueuedQueries, b.QueuedQueries...)
		if commit {
			run.Queue("COMMIT")
		}
	}
	p.begun = true
	err := p.conn.SendBatch(ctx, run).Close()
	if err == nil && commit {
		p.committed = true
	}
	return err
}

// inPipeline runs fn in a pipelined transaction (pipeTx) and, once it has committed,
// announces the events fn stored. fn's last batch should commit (send with commit set);
// when it did not, a COMMIT of its own ends the transaction, unless fn asked for a rollback.
// Whatever fails rolls back.
func (s *Store) inPipeline(ctx context.Context, fn func(*pipeTx) error) error {
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return err
	}
	defer conn.Release()
	p := &pipeTx{conn: conn}
	ob := &outbox{}
	outboxes.Store(p, ob)
	defer outboxes.Delete(p)
	err = fn(p)
	if err == nil && p.begun && !p.committed && !p.discard {
		err = p.send(ctx, &pgx.Batch{}, true)
	}
	if err != nil || p.discard {
		if p.begun && !p.committed && conn.Conn().PgConn().TxStatus() != 'I' {
			// On a connection whose rollback fails the pool does not put it back (it is
			// still in a transaction): it is closed on release.
			rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
			_, _ = conn.Exec(rctx, "ROLLBACK")
			cancel()
		}
		return err
	}
	if len(ob.events) > 0 && s.bus != nil {
		s.bus.announce(ob.events)
	}
	return nil
}

// nextMessageIDsSQL takes ids for messages a pipelined transaction stores in the batch it
// commits with, whose events carry them: sent after the statement that locks the
// conversation, so they are taken in the order the lock is, as the inserts' own would be.
// Each row also carries now(): the time the transaction started, which is what a message
// stored in it gets as created_at.
const nextMessageIDsSQL = `SELECT nextval(pg_get_serial_sequence('messages', 'id')), now() FROM generate_series(1, $1) ORDER BY 1`

// queueNextMessageIDs queues nextMessageIDsSQL in b for n ids (n ≥ 1). Once b's results are
// read, *ids holds the ids in increasing order and *at the transaction's time.
func queueNextMessageIDs(b *pgx.Batch, n int, ids *[]int64, at *time.Time) {
	b.Queue(nextMessageIDsSQL, n).Query(func(rows pgx.Rows) error {
		*ids = (*ids)[:0]
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id, at); err != nil {
				return err
			}
			*ids = append(*ids, id)
		}
		return rows.Err()
	})
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

// queuePublish queues publish's statement in b, a batch to send in tx (a pgx.Tx opened by
// Store.inTx, or a *pipeTx of Store.inPipeline): the event is stored, and announced after the
// commit, as b's results are read.
func queuePublish(b *pgx.Batch, tx any, conversationID int64, typ string, data any) error {
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
func newEvent(tx any, conversationID int64, typ string, data any) (*outbox, Event, error) {
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

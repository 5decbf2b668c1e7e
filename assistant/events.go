package assistant

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

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
}

// Durable reports whether the event is stored and numbered.
func (e *Event) Durable() bool { return e.Seq > 0 }

// publishSQL stores the event and notifies every instance in one statement. The trigger on
// conversation_events numbers it under the conversation's row lock. The payload carries the
// data when it fits NOTIFY's 8000-byte limit; otherwise listeners read the row.
const publishSQL = `WITH e AS (
	INSERT INTO conversation_events (conversation_id, type, data) VALUES ($1, $2, $3)
	RETURNING id, seq, conversation_id, type, data, created_at
)
SELECT e.id, e.seq, e.created_at, pg_notify('` + notifyChannel + `',
	CASE WHEN octet_length(e.data::text) < 7000
	THEN json_build_object('id', e.id, 'seq', e.seq, 'conversation_id', e.conversation_id, 'type', e.type, 'data', e.data, 'created_at', e.created_at)::text
	ELSE json_build_object('id', e.id, 'seq', e.seq, 'conversation_id', e.conversation_id)::text END)
FROM e`

// publish stores and announces one durable event. Inside a transaction the NOTIFY is
// delivered at commit, so nobody sees an event whose rows are not there yet; the commit waits
// for the WAL flush, so no event with a number is ever lost (a lost one would give its number
// to the next, which streams would skip).
func publish(ctx context.Context, q db.Querier, conversationID int64, typ string, data any) (Event, error) {
	raw, err := json.Marshal(data)
	if err != nil {
		return Event{}, fmt.Errorf("event %s: %w", typ, err)
	}
	ev := Event{ConversationID: conversationID, Type: typ, Data: raw}
	var ignored string
	if err := q.QueryRow(ctx, publishSQL, conversationID, typ, raw).Scan(&ev.ID, &ev.Seq, &ev.CreatedAt, &ignored); err != nil {
		return Event{}, fmt.Errorf("publish %s: %w", typ, err)
	}
	return ev, nil
}

// Publish stores and announces one durable event of a conversation in its own transaction.
func (s *Store) Publish(ctx context.Context, conversationID int64, typ string, data any) (Event, error) {
	return publish(ctx, s.pool, conversationID, typ, data)
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

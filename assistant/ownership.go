package assistant

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"ratewise"
	"ratewise/db"
)

// Phases of the ownership state machine. A conversation is owned by exactly one of the
// assistant (bot), the queue (queued), an agent (offered: an offer is pending; assigned), or
// nobody (closed). The consumer sees the state: every phase but offered is its own state, and
// offered shows as queued.
const (
	PhaseBot      = "bot"
	PhaseQueued   = "queued"
	PhaseOffered  = "offered"
	PhaseAssigned = "assigned"
	PhaseClosed   = "closed"
)

// stateOf is the consumer-facing state of a phase.
func stateOf(phase string) string {
	if phase == PhaseOffered {
		return StateQueued
	}
	return phase
}

// What caused a transition.
const (
	CauseConsumer   = "consumer"
	CauseTrigger    = "trigger"
	CauseAssistant  = "assistant"
	CauseAgent      = "agent"
	CauseSupervisor = "supervisor"
	CauseTimer      = "timer"
	CauseSystem     = "system"
)

// Cause says who or what moved a conversation and why; it is stored with the transition.
type Cause struct {
	Kind    string
	ActorID int64  // the staff member, for agent and supervisor causes
	Trigger string // the handoff category or the timer's kind
	Reason  string
	OfferID int64
}

// moved is what one transition changed.
type moved struct {
	UserID  int64
	AgentID *int64
}

// move is the one way a conversation changes owner: a compare-and-set from phase from to phase
// to (keeping state in step) and the transition row, in the caller's transaction, plus a
// notice to every console. agentID is the agent who owns it after the move (assigned,
// offered) or nil. It returns ECONFLICT when the conversation is no longer in from.
func move(ctx context.Context, q db.Querier, id int64, from, to string, agentID *int64, c Cause, position *int) (moved, error) {
	var m moved
	err := q.QueryRow(ctx, `UPDATE conversations SET phase = $3, state = $4, agent_id = $5, updated_at = now()
		WHERE id = $1 AND phase = $2 RETURNING user_id, agent_id`, id, from, to, stateOf(to), agentID).Scan(&m.UserID, &m.AgentID)
	if err != nil {
		if errors.Is(err, pgx.ErrNoRows) {
			return m, ratewise.Errorf(ratewise.ECONFLICT, "The conversation is no longer %s.", stateOf(from))
		}
		return m, err
	}
	var actor, offer any
	if c.ActorID != 0 {
		actor = c.ActorID
	}
	if c.OfferID != 0 {
		offer = c.OfferID
	}
	var tid int64
	if err := q.QueryRow(ctx, `INSERT INTO conversation_transitions (conversation_id, from_phase, to_phase, cause, actor_id, trigger, reason, offer_id, position)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`, id, from, to, c.Kind, actor, c.Trigger, truncate(c.Reason, 500), offer, position).Scan(&tid); err != nil {
		return m, fmt.Errorf("transition log: %w", err)
	}
	err = notifyConsole(ctx, q, ConsoleTopic, EventConversationUpdated, ConversationUpdate{
		ConversationID: id, State: stateOf(to), Phase: to, AgentID: m.AgentID, Transition: tid})
	return m, err
}

// Console event types: the console's stream (GET /api/v1/console/events) carries these and
// every event of the conversations the agent holds.
const (
	EventOfferCreated        = "offer.created"
	EventOfferExpired        = "offer.expired"
	EventQueueUpdated        = "queue.updated"
	EventConversationUpdated = "conversation.updated"
	EventPresenceUpdated     = "presence.updated"
	EventSLAWarning          = "sla.warning"
)

// ConsoleTopic is the bus topic every staff stream follows; AgentTopic(id) the one only agent
// id's follows. Topics are negative, so they never collide with a conversation's id, and
// reach other instances through the same NOTIFY channel as conversation events.
const ConsoleTopic int64 = -1

// AgentTopic is the bus topic of one agent's own events (offers made to them).
func AgentTopic(agentID int64) int64 { return -1 - agentID }

// ConversationUpdate is the data of conversation.updated.
type ConversationUpdate struct {
	ConversationID int64  `json:"conversation_id"`
	State          string `json:"state"`
	Phase          string `json:"phase"`
	AgentID        *int64 `json:"agent_id"`
	Transition     int64  `json:"transition_id"`
}

// notifyConsole announces a console event to every instance's bus with a NOTIFY in the
// caller's transaction, so it is heard only once what it announces is committed.
func notifyConsole(ctx context.Context, q db.Querier, topic int64, typ string, data any) error {
	raw, err := json.Marshal(data)
	if err != nil {
		return err
	}
	payload, err := json.Marshal(notice{ConversationID: topic, Type: typ, Data: raw, CreatedAt: time.Now().UTC()})
	if err != nil {
		return err
	}
	if len(payload) > maxNoticeBytes {
		return fmt.Errorf("console event %s is %d bytes, over the notice limit", typ, len(payload))
	}
	_, err = q.Exec(ctx, `SELECT pg_notify('`+notifyChannel+`', $1)`, string(payload))
	return err
}

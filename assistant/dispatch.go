package assistant

import (
	"context"
	"errors"
	"math"
	"time"

	"github.com/jackc/pgx/v5"

	"ratewise"
	"ratewise/db"
)

// Timer kinds (console_timers.kind).
const (
	timerOffer     = "offer"     // subject: the offer; due when it expires
	timerHeartbeat = "heartbeat" // subject: the agent; due when their heartbeat is overdue
	timerGrace     = "grace"     // subject: the agent; due when their conversations go back to the queue
	timerSLA       = "sla"       // subject: the handoff; due when consoles are warned it waits too long
)

// dispatchLockKey is the advisory lock one dispatch pass holds, so two instances never offer
// the same agent past their capacity.
const dispatchLockKey = 7202611260

func setTimer(ctx context.Context, q db.Querier, kind string, subject int64, after time.Duration) error {
	_, err := q.Exec(ctx, `INSERT INTO console_timers (kind, subject_id, due_at) VALUES ($1, $2, now() + make_interval(secs => $3))
		ON CONFLICT (kind, subject_id) DO UPDATE SET due_at = EXCLUDED.due_at`, kind, subject, after.Seconds())
	return err
}

func clearTimer(ctx context.Context, q db.Querier, kind string, subject int64) error {
	_, err := q.Exec(ctx, `DELETE FROM console_timers WHERE kind = $1 AND subject_id = $2`, kind, subject)
	return err
}

// Kick asks this instance's loop to dispatch and fire due timers now.
func (c *Console) Kick() {
	select {
	case c.kick <- struct{}{}:
	default:
	}
}

// Run is the instance's console loop until ctx ends: it fires due timers, offers queued
// conversations to agents and tells waiting consumers their place, every Tick and whenever a
// console event (a handoff, a decline, an agent coming online — on any instance) arrives.
// Every instance runs one; the database keeps them from doing anything twice.
func (c *Console) Run(ctx context.Context) {
	t := time.NewTicker(c.settings.Tick)
	defer t.Stop()
	var sub *Subscription
	subscribe := func() <-chan *Event {
		if c.eng.Bus == nil || !c.eng.Bus.started.Load() {
			return nil
		}
		sub = c.eng.Bus.Subscribe(ConsoleTopic, "")
		return sub.C
	}
	events := subscribe()
	defer func() {
		if sub != nil {
			sub.Close()
		}
	}()
	for {
		c.step(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-c.kick:
		case _, ok := <-events:
			if !ok {
				events = subscribe()
			}
		}
	}
}

// step does one round of the loop's work; errors are logged and retried next round.
func (c *Console) step(ctx context.Context) {
	for i := 0; i < 100 && ctx.Err() == nil; i++ {
		fired, err := c.fireTimer(ctx)
		if err != nil {
			if ctx.Err() == nil {
				c.log.Error("console timer", "err", err)
			}
			break
		}
		if !fired {
			break
		}
	}
	if err := c.dispatch(ctx); err != nil && ctx.Err() == nil {
		c.log.Error("dispatch", "err", err)
	}
	if err := c.updatePositions(ctx); err != nil && ctx.Err() == nil {
		c.log.Error("queue positions", "err", err)
	}
}

// fireTimer takes one due timer, acts on it and deletes it in one transaction. SKIP LOCKED
// lets every instance work through due timers at once; a crash mid-way leaves the row for the
// next one.
func (c *Console) fireTimer(ctx context.Context) (bool, error) {
	fired := false
	err := c.eng.Store.inTx(ctx, func(tx pgx.Tx) error {
		var id, subject int64
		var kind string
		err := tx.QueryRow(ctx, `SELECT id, kind, subject_id FROM console_timers WHERE due_at <= now()
			ORDER BY due_at LIMIT 1 FOR UPDATE SKIP LOCKED`).Scan(&id, &kind, &subject)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		fired = true
		if _, err := tx.Exec(ctx, `DELETE FROM console_timers WHERE id = $1`, id); err != nil {
			return err
		}
		switch kind {
		case timerOffer:
			return c.expireOffer(ctx, tx, subject)
		case timerHeartbeat:
			return c.heartbeatDue(ctx, tx, subject)
		case timerGrace:
			return c.graceOver(ctx, tx, subject)
		case timerSLA:
			return c.slaDue(ctx, tx, subject)
		}
		return nil
	})
	return fired, err
}

// OfferCreated is the data of offer.created.
type OfferCreated struct {
	OfferID        int64     `json:"offer_id"`
	ConversationID int64     `json:"conversation_id"`
	ExpiresAt      time.Time `json:"expires_at"`
	Preview        string    `json:"preview"`
	Reason         string    `json:"reason"`
	Priority       int       `json:"priority"`
	Language       string    `json:"language"`
	ProductType    string    `json:"product_type"`
	WaitingSeconds int       `json:"waiting_seconds"`
}

// OfferEnded is the data of offer.expired: the offer is no longer open (expired, withdrawn,
// declined or taken).
type OfferEnded struct {
	OfferID        int64  `json:"offer_id"`
	ConversationID int64  `json:"conversation_id"`
	Reason         string `json:"reason"`
}

// queueHead is a waiting conversation as dispatch sees it.
type queueHead struct {
	handoffID, conversationID int64
	language, product, reason string
	priority                  int
	sensitive                 bool
	since                     time.Time
}

// queueOrder is the queue's order: conversations an agent lost come back first, then
// priority (sensitive situations), then waiting time.
const queueOrder = `h.requeued DESC, h.priority DESC, h.id`

// dispatch offers each queued conversation, in queue order, to the best eligible online
// agent: one who speaks its language, has its product among their skills (or lists none),
// has free capacity and has not been offered it before; an agent flagged for sensitive cases
// first when the case is sensitive; then the least loaded; then the one idle longest.
func (c *Console) dispatch(ctx context.Context) error {
	return c.eng.Store.inTx(ctx, func(tx pgx.Tx) error {
		var locked bool
		if err := tx.QueryRow(ctx, `SELECT pg_try_advisory_xact_lock($1)`, dispatchLockKey).Scan(&locked); err != nil || !locked {
			return err // another instance is dispatching; the next round tries again
		}
		rows, err := tx.Query(ctx, `SELECT h.id, h.conversation_id, h.language, h.product_type, h.reason_category,
			h.priority, h.sensitive, h.created_at
			FROM handoffs h JOIN conversations c ON c.id = h.conversation_id AND c.phase = 'queued'
			WHERE h.state = 'waiting' ORDER BY `+queueOrder+` LIMIT 200`)
		if err != nil {
			return err
		}
		heads, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (queueHead, error) {
			var h queueHead
			err := r.Scan(&h.handoffID, &h.conversationID, &h.language, &h.product, &h.reason, &h.priority, &h.sensitive, &h.since)
			return h, err
		})
		if err != nil || len(heads) == 0 {
			return err
		}
		for _, h := range heads {
			var agent int64
			err := tx.QueryRow(ctx, `SELECT s.user_id FROM staff s
				WHERE s.presence = 'online' AND $1 = ANY (s.languages)
				AND ($2 = '' OR cardinality(s.skills) = 0 OR $2 = ANY (s.skills))
				AND (SELECT count(*) FROM conversations c WHERE c.agent_id = s.user_id AND c.phase IN ('assigned', 'offered')) < s.capacity
				AND NOT EXISTS (SELECT 1 FROM dispatch_offers o WHERE o.handoff_id = $3 AND o.agent_id = s.user_id)
				ORDER BY ($4 AND s.sensitive) DESC,
					(SELECT count(*) FROM conversations c WHERE c.agent_id = s.user_id AND c.phase IN ('assigned', 'offered')),
					s.idle_since, s.user_id
				LIMIT 1`, h.language, h.product, h.handoffID, h.sensitive).Scan(&agent)
			if errors.Is(err, pgx.ErrNoRows) {
				continue
			}
			if err != nil {
				return err
			}
			if err := c.offer(ctx, tx, h, agent); err != nil {
				return err
			}
		}
		return nil
	})
}

// offer makes one offer of h to agent.
func (c *Console) offer(ctx context.Context, tx pgx.Tx, h queueHead, agent int64) error {
	var id int64
	var expires time.Time
	if err := tx.QueryRow(ctx, `INSERT INTO dispatch_offers (conversation_id, handoff_id, agent_id, expires_at)
		VALUES ($1, $2, $3, now() + make_interval(secs => $4)) RETURNING id, expires_at`,
		h.conversationID, h.handoffID, agent, c.settings.OfferTimeout.Seconds()).Scan(&id, &expires); err != nil {
		return err
	}
	if _, err := move(ctx, tx, h.conversationID, PhaseQueued, PhaseOffered, &agent,
		Cause{Kind: CauseSystem, Trigger: "dispatch", Reason: "offered to the best eligible agent", OfferID: id}, nil); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO console_timers (kind, subject_id, due_at) VALUES ($1, $2, $3)`, timerOffer, id, expires); err != nil {
		return err
	}
	preview, err := c.preview(ctx, tx, h.conversationID)
	if err != nil {
		return err
	}
	return notifyConsole(ctx, tx, AgentTopic(agent), EventOfferCreated, OfferCreated{OfferID: id, ConversationID: h.conversationID,
		ExpiresAt: expires.UTC(), Preview: preview, Reason: h.reason, Priority: h.priority, Language: h.language,
		ProductType: h.product, WaitingSeconds: int(time.Since(h.since).Seconds())})
}

// preview is the masked opening of what the consumer last wrote.
func (c *Console) preview(ctx context.Context, q db.Querier, conversationID int64) (string, error) {
	var text string
	err := q.QueryRow(ctx, `SELECT text FROM messages WHERE conversation_id = $1 AND role = 'user' ORDER BY id DESC LIMIT 1`, conversationID).Scan(&text)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil
	}
	masked, _ := MaskText(text)
	return truncate(masked, 200), err
}

// expireOffer ends an offer nobody answered in time: the conversation goes back to the queue
// (the agent is not offered it again), and the agent's missed-offer count grows; at the limit
// they are set away.
func (c *Console) expireOffer(ctx context.Context, tx pgx.Tx, offerID int64) error {
	var conv, agent int64
	var state string
	err := tx.QueryRow(ctx, `SELECT conversation_id, agent_id, state FROM dispatch_offers WHERE id = $1 FOR UPDATE`, offerID).Scan(&conv, &agent, &state)
	if errors.Is(err, pgx.ErrNoRows) || state != "pending" {
		return nil
	}
	if err != nil {
		return err
	}
	if err := c.endOffer(ctx, tx, offerID, conv, agent, "expired", Cause{Kind: CauseTimer, Trigger: "offer_expired", Reason: "the offer ran out unanswered"}); err != nil {
		return err
	}
	var missed int
	var presence string
	if err := tx.QueryRow(ctx, `UPDATE staff SET missed_offers = missed_offers + 1 WHERE user_id = $1 RETURNING missed_offers, presence`, agent).Scan(&missed, &presence); err != nil {
		return err
	}
	if missed >= c.settings.MissedOffers && presence == PresenceOnline {
		return c.setAway(ctx, tx, agent, "missed offers in a row")
	}
	return nil
}

// endOffer closes a pending offer (expired, declined, cancelled) and returns the
// conversation to the queue.
func (c *Console) endOffer(ctx context.Context, tx pgx.Tx, offerID, conv, agent int64, state string, cause Cause) error {
	if _, err := tx.Exec(ctx, `UPDATE dispatch_offers SET state = $2, reason = $3, decided_at = now() WHERE id = $1`, offerID, state, truncate(cause.Reason, 500)); err != nil {
		return err
	}
	if err := clearTimer(ctx, tx, timerOffer, offerID); err != nil {
		return err
	}
	cause.OfferID = offerID
	if _, err := move(ctx, tx, conv, PhaseOffered, PhaseQueued, nil, cause, nil); err != nil {
		return err
	}
	return notifyConsole(ctx, tx, AgentTopic(agent), EventOfferExpired, OfferEnded{OfferID: offerID, ConversationID: conv, Reason: state})
}

// withdrawOffers cancels an agent's pending offers (they went away or offline).
func (c *Console) withdrawOffers(ctx context.Context, tx pgx.Tx, agent int64, cause Cause) error {
	rows, err := tx.Query(ctx, `SELECT id, conversation_id FROM dispatch_offers WHERE agent_id = $1 AND state = 'pending' FOR UPDATE`, agent)
	if err != nil {
		return err
	}
	type pending struct{ id, conv int64 }
	ps, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (pending, error) {
		var p pending
		return p, r.Scan(&p.id, &p.conv)
	})
	if err != nil {
		return err
	}
	for _, p := range ps {
		if err := c.endOffer(ctx, tx, p.id, p.conv, agent, "cancelled", cause); err != nil {
			return err
		}
	}
	return nil
}

// setAway sets an online agent away for reason and hands back their pending offers.
func (c *Console) setAway(ctx context.Context, tx pgx.Tx, agent int64, reason string) error {
	if _, err := tx.Exec(ctx, `UPDATE staff SET presence = 'away', updated_at = now() WHERE user_id = $1`, agent); err != nil {
		return err
	}
	if err := clearTimer(ctx, tx, timerHeartbeat, agent); err != nil {
		return err
	}
	if err := c.withdrawOffers(ctx, tx, agent, Cause{Kind: CauseTimer, Trigger: "agent_away", Reason: reason}); err != nil {
		return err
	}
	return c.logPresence(ctx, tx, agent, PresenceAway, reason)
}

// heartbeatDue sets an online agent whose heartbeat is overdue away, and starts the grace
// period after which their conversations go back to the queue.
func (c *Console) heartbeatDue(ctx context.Context, tx pgx.Tx, agent int64) error {
	var presence string
	var overdue bool
	var left float64
	err := tx.QueryRow(ctx, `SELECT presence, coalesce(last_heartbeat_at + make_interval(secs => $2) <= now(), true),
		coalesce(extract(epoch FROM last_heartbeat_at + make_interval(secs => $2) - now()), 0)::float8
		FROM staff WHERE user_id = $1 FOR UPDATE`, agent, c.settings.HeartbeatTimeout.Seconds()).Scan(&presence, &overdue, &left)
	if errors.Is(err, pgx.ErrNoRows) || presence != PresenceOnline {
		return nil
	}
	if err != nil {
		return err
	}
	if !overdue {
		return setTimer(ctx, tx, timerHeartbeat, agent, time.Duration(math.Ceil(left))*time.Second)
	}
	if err := c.setAway(ctx, tx, agent, "no heartbeat"); err != nil {
		return err
	}
	return setTimer(ctx, tx, timerGrace, agent, c.settings.Grace)
}

// graceOver returns the conversations of an agent who did not come back to the front of the
// queue.
func (c *Console) graceOver(ctx context.Context, tx pgx.Tx, agent int64) error {
	var presence string
	err := tx.QueryRow(ctx, `SELECT presence FROM staff WHERE user_id = $1 FOR UPDATE`, agent).Scan(&presence)
	if errors.Is(err, pgx.ErrNoRows) || presence == PresenceOnline {
		return nil
	}
	if err != nil {
		return err
	}
	rows, err := tx.Query(ctx, `SELECT id FROM conversations WHERE agent_id = $1 AND phase = 'assigned' ORDER BY id FOR UPDATE`, agent)
	if err != nil {
		return err
	}
	convs, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return err
	}
	for _, conv := range convs {
		if err := c.requeue(ctx, tx, conv, Cause{Kind: CauseTimer, Trigger: "agent_lost", ActorID: agent,
			Reason: "the agent lost their connection and did not come back within the grace period"}); err != nil {
			return err
		}
	}
	return nil
}

// requeue puts an assigned conversation back at the front of the queue.
func (c *Console) requeue(ctx context.Context, tx pgx.Tx, conv int64, cause Cause) error {
	if _, err := move(ctx, tx, conv, PhaseAssigned, PhaseQueued, nil, cause, nil); err != nil {
		return err
	}
	tag, err := tx.Exec(ctx, `UPDATE handoffs SET state = 'waiting', requeued = true, claimed_by = NULL, claimed_at = NULL, position_sent = 0
		WHERE conversation_id = $1 AND state = 'claimed'`, conv)
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		if _, err := tx.Exec(ctx, `INSERT INTO handoffs (conversation_id, user_id, reason_category, reason, summary, requeued)
			SELECT id, user_id, 'requested', $2, $2, true FROM conversations WHERE id = $1`, conv, cause.Reason); err != nil {
			return err
		}
	}
	st, err := queueStatus(ctx, tx, conv, StateQueued)
	if err != nil {
		return err
	}
	_, err = publish(ctx, tx, conv, EventHandoffUpdated, st)
	return err
}

// slaDue warns every console about a conversation still waiting.
func (c *Console) slaDue(ctx context.Context, tx pgx.Tx, handoffID int64) error {
	var conv int64
	var since time.Time
	err := tx.QueryRow(ctx, `SELECT conversation_id, created_at FROM handoffs WHERE id = $1 AND state = 'waiting'`, handoffID).Scan(&conv, &since)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	return notifyConsole(ctx, tx, ConsoleTopic, EventSLAWarning, map[string]any{"conversation_id": conv, "waiting_seconds": int(time.Since(since).Seconds())})
}

// updatePositions tells each waiting consumer their new place when it changed.
func (c *Console) updatePositions(ctx context.Context) error {
	rows, err := c.pool.Query(ctx, `SELECT id, conversation_id, pos FROM (
		SELECT h.id, h.conversation_id, h.position_sent, row_number() OVER (ORDER BY `+queueOrder+`)::int AS pos
		FROM handoffs h WHERE h.state = 'waiting') q WHERE pos <> position_sent`)
	if err != nil {
		return err
	}
	type change struct {
		id, conv int64
		pos      int
	}
	changes, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (change, error) {
		var ch change
		return ch, r.Scan(&ch.id, &ch.conv, &ch.pos)
	})
	if err != nil {
		return err
	}
	for _, ch := range changes {
		err := c.eng.Store.inTx(ctx, func(tx pgx.Tx) error {
			tag, err := tx.Exec(ctx, `UPDATE handoffs SET position_sent = $2 WHERE id = $1 AND state = 'waiting' AND position_sent <> $2`, ch.id, ch.pos)
			if err != nil || tag.RowsAffected() == 0 {
				return err
			}
			st, err := queueStatus(ctx, tx, ch.conv, StateQueued)
			if err != nil {
				return err
			}
			_, err = publish(ctx, tx, ch.conv, EventHandoffUpdated, st)
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// queueStatus says where a conversation stands: its place in the queue, the estimated wait
// and how many agents who could take it are online.
func queueStatus(ctx context.Context, q db.Querier, conversationID int64, state string) (HandoffStatus, error) {
	st := HandoffStatus{State: state}
	if state != StateQueued {
		return st, nil
	}
	var lang, product string
	err := q.QueryRow(ctx, `SELECT count(*) FILTER (WHERE (w.requeued, w.priority, -w.id) >= (me.requeued, me.priority, -me.id))::int,
		min(me.language), min(me.product_type)
		FROM handoffs w, handoffs me
		WHERE me.conversation_id = $1 AND me.state = 'waiting' AND w.state = 'waiting'`, conversationID).Scan(&st.Position, &lang, &product)
	if err != nil {
		return st, err
	}
	if st.Position < 1 {
		st.Position = 1
	}
	var online int
	if err := q.QueryRow(ctx, `SELECT count(*)::int FROM staff s WHERE s.presence = 'online' AND $1 = ANY (s.languages)
		AND ($2 = '' OR cardinality(s.skills) = 0 OR $2 = ANY (s.skills))`, lang, product).Scan(&online); err != nil {
		return st, err
	}
	st.AgentsOnline = &online
	st.ETASeconds, err = estimateWait(ctx, q, st.Position)
	return st, err
}

// Wait estimation. Each conversation that entered the queue recorded its position then; its
// real wait (queued → assigned) divided by that position is the time one place in the queue
// took. The estimate is the median of that over the last estimatorSamples handoffs served in
// the past week, times the current position. With fewer than estimatorMinSamples served, it
// falls back to AgentHandleSeconds per place and says nothing better than that.
const (
	estimatorSamples    = 50
	estimatorMinSamples = 3
)

func estimateWait(ctx context.Context, q db.Querier, position int) (int, error) {
	var perPlace *float64
	var n int
	err := q.QueryRow(ctx, `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY per_place), count(*)::int FROM (
		SELECT extract(epoch FROM a.created_at - t.created_at) / greatest(t.position, 1) AS per_place
		FROM conversation_transitions t
		JOIN LATERAL (SELECT created_at FROM conversation_transitions a WHERE a.conversation_id = t.conversation_id
			AND a.id > t.id AND a.to_phase = 'assigned' ORDER BY a.id LIMIT 1) a ON true
		WHERE t.to_phase = 'queued' AND t.from_phase = 'bot' AND t.created_at > now() - interval '7 days'
		ORDER BY t.id DESC LIMIT $1) w`, estimatorSamples).Scan(&perPlace, &n)
	if err != nil {
		return 0, err
	}
	if n < estimatorMinSamples || perPlace == nil {
		return position * AgentHandleSeconds, nil
	}
	return int(math.Ceil(*perPlace * float64(position))), nil
}

// errAlreadyQueued is the answer to a handoff of a consumer who already has another
// conversation waiting: one place in the queue per person.
var errAlreadyQueued = ratewise.Errorf(ratewise.ECONFLICT, "You already have a conversation waiting for a person; they will answer you there.")

package assistant

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"ratewise"
	"ratewise/db"
)

// Turn settings. A turn is one row of the turns table (migration 0045): accepting a message
// inserts it, a worker of any instance takes it with a lease and runs it, and the transaction
// that stores the answer ends it only while that worker still holds the lease.
const (
	// DefaultWorkers is how many turns one instance runs at once unless told otherwise. A turn
	// spends nearly all its time waiting for the model, so a worker is a parked goroutine.
	DefaultWorkers = 64
	// DefaultLeaseTTL is how long a worker holds a turn without renewing its lease (it renews
	// every third of it). A turn whose process died is taken again once its lease runs out.
	DefaultLeaseTTL = 30 * time.Second
	// MaxTurnAttempts is how many times a turn is tried (a failed attempt, or a process that
	// died during it) before the message gets an explicit failure instead of an answer.
	MaxTurnAttempts = 3
	// retryBackoff is the wait before another attempt, times the attempts so far.
	retryBackoff = 2 * time.Second
)

// Streamed text is sent in pieces: the first piece of an answer at once, then whatever arrived
// within deltaInterval or deltaTokens model tokens, whichever comes first. A piece is at most
// maxDeltaBytes, so every piece fits a notice.
const (
	deltaInterval = 50 * time.Millisecond
	deltaTokens   = 32
	maxDeltaBytes = 4000
)

// FlagFailed marks the message that tells the user a turn could not be completed.
const FlagFailed = "failed"

// failureText is what the user reads when a turn failed every attempt.
const failureText = "Sorry — something went wrong and I couldn't answer that message. Please ask again, or use “Talk to a person” and someone from our team will help you."

// errLeaseLost ends a turn whose lease another worker took (it ran out) or that no longer
// exists: nothing it does may be stored.
var errLeaseLost = errors.New("the turn's lease was lost")

// turnLease is a worker's hold on one turn.
type turnLease struct {
	messageID      int64
	conversationID int64
	owner          string
	attempts       int
	requestID      string
	// start, when not nil, is what the turn starts from, read as its message was accepted,
	// and stream its answer's stream, already watching the conversation's owner since before
	// that commit (stopWatch stops it): the first attempt then reads nothing of its own.
	start     *turnStart
	stream    *answerStream
	stopWatch func()
	// prefetch, with start, is the turn's first model call, made as its message was accepted.
	prefetch *prefetch
	// nothingBehind: the attempt stored the answer and, in that transaction, no later turn
	// of the conversation was waiting for it. Its worker then has nothing to claim that a
	// wake-up would not bring: only a turn waiting for this one has no wake-up of its own.
	nothingBehind bool
}

// end moves the turn from running to state while this worker still holds it: the
// compare-and-set that makes a message answered at most once. It returns errLeaseLost when
// another worker has the turn or it is already over.
func (l *turnLease) end(ctx context.Context, q db.Querier, state, lastErr string) error {
	tag, err := q.Exec(ctx, endLeaseSQL, l.messageID, l.owner, state, truncate(lastErr, 500))
	if err != nil {
		return err
	}
	return leaseEnded(tag)
}

// queueEnd queues end's statement in b: reading b's results returns errLeaseLost as end does.
func (l *turnLease) queueEnd(b *pgx.Batch, state, lastErr string) {
	b.Queue(endLeaseSQL, l.messageID, l.owner, state, truncate(lastErr, 500)).Exec(leaseEnded)
}

const endLeaseSQL = `UPDATE turns SET state = $3, lease_owner = NULL, lease_expires_at = NULL,
		last_error = $4, updated_at = now() WHERE message_id = $1 AND lease_owner = $2 AND state = 'running'`

func leaseEnded(tag pgconn.CommandTag) error {
	if tag.RowsAffected() == 0 {
		return errLeaseLost
	}
	return nil
}

// dropStart forgets what the turn was to start from: another attempt reads it again.
func (l *turnLease) dropStart() {
	if l.stopWatch != nil {
		l.stopWatch()
	}
	l.prefetch.drop()
	l.start, l.stream, l.stopWatch, l.prefetch = nil, nil, nil, nil
}

// queueInsertTurn queues, in b, the statement that queues the turn that will answer message m.
func queueInsertTurn(ctx context.Context, b *pgx.Batch, m *Message) {
	b.Queue(`INSERT INTO turns (message_id, conversation_id, request_id) VALUES ($1, $2, $3)`,
		m.ID, m.ConversationID, ratewise.RequestID(ctx))
}

// queueClaimedTurn queues, in b, the statement that inserts the turn answering m already
// running under a lease of this instance, unless an earlier turn of the conversation is still
// open (then it queues it, as queueInsertTurn does). Once b's results are read, lease returns
// the lease, or nil when the turn was queued. The caller holds the conversation's row lock,
// so no other turn of it can open meanwhile.
func (e *Engine) queueClaimedTurn(ctx context.Context, b *pgx.Batch, m *Message) (lease func() *turnLease) {
	l := &turnLease{messageID: m.ID, conversationID: m.ConversationID, owner: e.instance + ":" + randomHex(6),
		attempts: 1, requestID: ratewise.RequestID(ctx)}
	var running bool
	b.Queue(`INSERT INTO turns (message_id, conversation_id, request_id, state, attempts, lease_owner, lease_expires_at)
		SELECT $1, $2, $3, CASE WHEN b.busy THEN 'pending' ELSE 'running' END, CASE WHEN b.busy THEN 0 ELSE 1 END,
			CASE WHEN b.busy THEN NULL ELSE $4 END, CASE WHEN b.busy THEN NULL ELSE now() + make_interval(secs => $5) END
		FROM (SELECT EXISTS (SELECT 1 FROM turns WHERE conversation_id = $2 AND state IN ('pending', 'running')) AS busy) b
		RETURNING state = 'running'`,
		m.ID, m.ConversationID, l.requestID, l.owner, e.LeaseTTL.Seconds()).QueryRow(func(r pgx.Row) error { return r.Scan(&running) })
	return func() *turnLease {
		if !running {
			return nil
		}
		return l
	}
}

// runNow gives a turn this instance claimed when it accepted the message to an idle worker.
// When none is idle after all (they took other turns meanwhile), the turn goes back to the
// queue for whichever worker, here or elsewhere, is free first.
func (e *Engine) runNow(l *turnLease) {
	select {
	case e.direct <- l:
		return
	default:
	}
	l.dropStart()
	ctx, cancel := context.WithTimeout(e.ctx, 10*time.Second)
	defer cancel()
	_, err := e.Store.pool.Exec(ctx, `UPDATE turns SET state = 'pending', attempts = attempts - 1, lease_owner = NULL,
		lease_expires_at = NULL, updated_at = now() WHERE message_id = $1 AND lease_owner = $2 AND state = 'running'`,
		l.messageID, l.owner)
	if err != nil {
		// The lease runs out and the turn is taken again then.
		e.Log.Warn("hand back turn", "message_id", l.messageID, "err", err)
	}
	e.wakeLocal()
	if e.Bus != nil {
		e.Bus.Wake()
	}
}

// claimSQL takes the next turn that may run: the oldest unfinished turn of its conversation
// (so a conversation's turns run one at a time, in order), pending and due, or running with a
// lease that ran out. SKIP LOCKED lets workers claim at once without waiting on each other; the
// unique index on running turns per conversation backs the rule up. The claim commits without
// waiting for the WAL flush: a claim lost in a crash only means the turn is claimed again.
const claimSQL = `WITH cfg AS (SELECT set_config('synchronous_commit', 'off', true)),
next AS (
	SELECT t.message_id FROM turns t, cfg
	WHERE (t.state = 'pending' AND t.not_before <= now() OR t.state = 'running' AND t.lease_expires_at < now())
	AND NOT EXISTS (SELECT 1 FROM turns o WHERE o.conversation_id = t.conversation_id
		AND o.state IN ('pending', 'running') AND o.message_id < t.message_id)
	ORDER BY t.message_id
	LIMIT 1
	FOR UPDATE OF t SKIP LOCKED
)
UPDATE turns t SET state = 'running', attempts = t.attempts + 1, lease_owner = $1,
	lease_expires_at = now() + make_interval(secs => $2), updated_at = now()
FROM next WHERE t.message_id = next.message_id
RETURNING t.message_id, t.conversation_id, t.attempts, t.request_id`

// claim takes the next turn for this instance, or returns nil when none may run now.
func (e *Engine) claim(ctx context.Context) (*turnLease, error) {
	l := &turnLease{owner: e.instance + ":" + randomHex(6)}
	err := e.Store.pool.QueryRow(ctx, claimSQL, l.owner, e.LeaseTTL.Seconds()).
		Scan(&l.messageID, &l.conversationID, &l.attempts, &l.requestID)
	switch {
	case errors.Is(err, pgx.ErrNoRows), db.IsCode(err, db.UniqueViolation):
		return nil, nil
	case err != nil:
		return nil, err
	}
	return l, nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// Start starts the instance's turn workers; it is safe to call more than once, and Post
// calls it. A server calls it at start-up, so turns left by a process that died are picked up
// without waiting for a new message.
func (e *Engine) Start() {
	e.startOnce.Do(func() {
		if e.Workers <= 0 {
			e.Workers = DefaultWorkers
		}
		if e.LeaseTTL <= 0 {
			e.LeaseTTL = DefaultLeaseTTL
		}
		e.wake = make(chan struct{}, e.Workers)
		e.direct = make(chan *turnLease)
		if e.Bus != nil {
			e.Bus.OnWake(e.wakeLocal)
			// A conversation that changes owner, here or on another instance, is not begun
			// early again until a turn answers in it: a message to a person goes to no model.
			e.Bus.OnOwnerChange(func(u ConversationUpdate) { e.early.forget(u.ConversationID) })
		}
		for range e.Workers {
			e.wg.Add(1)
			go e.worker()
		}
		e.wg.Add(1)
		go e.poll()
		// The catalogue's names are read now, not by the first turns: all of them would wait
		// for that read, and at the first burst of messages it waits for a connection too.
		e.wg.Add(1)
		go func() {
			defer e.wg.Done()
			e.catalogueNames(e.ctx)
		}()
		e.wakeLocal()
	})
}

// wakeLocal lets one idle worker look for a turn.
func (e *Engine) wakeLocal() {
	select {
	case e.wake <- struct{}{}:
	default:
	}
}

// poll is the safety net: a turn whose lease ran out, or that nobody was woken for, is found
// within half a lease.
func (e *Engine) poll() {
	defer e.wg.Done()
	t := time.NewTicker(e.LeaseTTL / 2)
	defer t.Stop()
	for {
		select {
		case <-e.ctx.Done():
			return
		case <-t.C:
			e.wakeLocal()
		}
	}
}

// worker runs turns until the engine closes: woken, it claims and runs turns until none is
// left that may run.
func (e *Engine) worker() {
	defer e.wg.Done()
	for {
		e.idle.Add(1)
		var direct *turnLease
		select {
		case <-e.ctx.Done():
			e.idle.Add(-1)
			return
		case <-e.wake:
		case direct = <-e.direct:
		}
		e.idle.Add(-1)
		if direct != nil {
			e.run(direct)
			if direct.nothingBehind {
				continue
			}
		}
		for e.ctx.Err() == nil {
			l, err := e.claim(e.ctx)
			if err != nil {
				if e.ctx.Err() == nil {
					e.Log.Error("claim turn", "err", err)
				}
				break
			}
			if l == nil {
				break
			}
			e.run(l)
		}
	}
}

// run makes one attempt at the turn l holds, renewing the lease meanwhile, and records how it
// ended: answered (by the attempt itself), retried later, handed back on shutdown, or failed
// with a message the user sees.
func (e *Engine) run(l *turnLease) {
	ctx := ratewise.WithRequestID(e.ctx, l.requestID)
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	defer e.turnEnded(l.messageID)
	defer l.dropStart() // the attempt below may not get to use it
	stop := e.keepLease(ctx, cancel, l)
	defer stop()
	defer e.ephemeral(l.conversationID, EventTyping, typingData{Role: RoleAssistant, ReplyTo: l.messageID}, 0)

	if l.attempts > MaxTurnAttempts {
		// Every earlier attempt was cut off (the process died): do not try again.
		e.failTurn(ctx, l, fmt.Errorf("cut off %d times", l.attempts-1))
		return
	}
	err := e.attempt(ctx, l)
	if err == nil {
		return
	}
	// Whatever happens next is written with a context of its own: the turn's may be over.
	bg, done := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer done()
	switch {
	case errors.Is(err, errLeaseLost) || errors.Is(context.Cause(ctx), errLeaseLost):
		e.Log.WarnContext(ctx, "turn taken over by another worker; its result is dropped", "message_id", l.messageID)
	case e.ctx.Err() != nil:
		// Shutting down: hand the turn back uncounted, and wake the other instances (from the
		// database: this one's bus is stopping) so one of them takes it at once.
		_, rerr := e.Store.pool.Exec(bg, `WITH t AS (UPDATE turns SET state = 'pending', attempts = attempts - 1,
			lease_owner = NULL, lease_expires_at = NULL, updated_at = now()
			WHERE message_id = $1 AND lease_owner = $2 AND state = 'running' RETURNING 1)
			SELECT pg_notify('`+notifyChannel+`', '{"wake":true}') FROM t`, l.messageID, l.owner)
		if rerr != nil {
			e.Log.ErrorContext(ctx, "hand back turn", "message_id", l.messageID, "err", rerr)
		}
	case l.attempts >= MaxTurnAttempts:
		e.Log.ErrorContext(ctx, "turn failed", "conversation_id", l.conversationID, "message_id", l.messageID, "attempt", l.attempts, "err", err)
		e.failTurn(bg, l, err)
	default:
		e.Log.WarnContext(ctx, "turn attempt failed; will retry", "conversation_id", l.conversationID, "message_id", l.messageID, "attempt", l.attempts, "err", err)
		wait := e.retryBackoff * time.Duration(l.attempts)
		_, rerr := e.Store.pool.Exec(bg, `UPDATE turns SET state = 'pending', lease_owner = NULL, lease_expires_at = NULL,
			not_before = now() + make_interval(secs => $3), last_error = $4, updated_at = now()
			WHERE message_id = $1 AND lease_owner = $2 AND state = 'running'`, l.messageID, l.owner, wait.Seconds(), truncate(err.Error(), 500))
		if rerr != nil {
			e.Log.ErrorContext(ctx, "schedule turn retry", "message_id", l.messageID, "err", rerr)
			return
		}
		time.AfterFunc(wait, e.wakeLocal)
	}
}

// attempt runs the turn once; a panic in it fails the attempt instead of the process.
func (e *Engine) attempt(ctx context.Context, l *turnLease) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	parent := ctx
	var cancel context.CancelFunc
	if e.turnContext != nil {
		ctx, cancel = e.turnContext(ctx)
	} else {
		ctx, cancel = context.WithTimeout(ctx, e.TurnTimeout)
	}
	defer cancel()
	ctx = context.WithValue(ctx, turnDeadlineKey{}, parent)
	return e.turn(ctx, l)
}

// keepLease renews l's lease every third of its life until stop is called; when the lease is
// lost (another worker took the turn, or renewals failed until it ran out) it cancels ctx.
func (e *Engine) keepLease(ctx context.Context, cancel context.CancelCauseFunc, l *turnLease) (stop func()) {
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(e.LeaseTTL / 3)
		defer t.Stop()
		expires := time.Now().Add(e.LeaseTTL)
		for {
			select {
			case <-done:
				return
			case <-ctx.Done():
				return
			case <-t.C:
			}
			rctx, rcancel := context.WithTimeout(ctx, e.LeaseTTL/3)
			tag, err := e.Store.pool.Exec(rctx, `UPDATE turns SET lease_expires_at = now() + make_interval(secs => $3), updated_at = now()
				WHERE message_id = $1 AND lease_owner = $2 AND state = 'running'`, l.messageID, l.owner, e.LeaseTTL.Seconds())
			rcancel()
			switch {
			case err == nil && tag.RowsAffected() == 1:
				expires = time.Now().Add(e.LeaseTTL)
			case err == nil, time.Now().After(expires):
				cancel(errLeaseLost)
				return
			default:
				e.Log.WarnContext(ctx, "renew turn lease", "message_id", l.messageID, "err", err)
			}
		}
	}()
	return func() { close(done) }
}

// failTurn ends the turn as failed and tells the user, while the assistant owns the
// conversation: an answer saying so and offering a person (flagged failed), and an error
// event naming the message.
func (e *Engine) failTurn(ctx context.Context, l *turnLease, cause error) {
	err := e.Store.inTx(ctx, func(tx pgx.Tx) error {
		if err := l.end(ctx, tx, "failed", cause.Error()); err != nil {
			return err
		}
		var state string
		if err := tx.QueryRow(ctx, `SELECT state FROM conversations WHERE id = $1 FOR UPDATE`, l.conversationID).Scan(&state); err != nil {
			return err
		}
		if state != StateBot {
			return nil // a person has the conversation and will answer
		}
		m := &Message{ConversationID: l.conversationID, Role: RoleAssistant, Text: failureText, ReplyTo: &l.messageID, Flags: []string{FlagFailed}}
		if err := insertMessage(ctx, tx, m); err != nil {
			return err
		}
		if _, err := publish(ctx, tx, l.conversationID, EventMessageCompleted, m); err != nil {
			return err
		}
		_, err := publish(ctx, tx, l.conversationID, EventError,
			map[string]any{"code": ratewise.EUNAVAILABLE, "message": failureText, "reply_to": l.messageID})
		return err
	})
	if err != nil && !errors.Is(err, errLeaseLost) {
		e.Log.ErrorContext(ctx, "record failed turn", "message_id", l.messageID, "err", err)
	}
}

// AwaitTurn waits until the turn answering message msgID is over, and returns its replies.
// done is false when ctx ended first: the turn is still pending or running. It wakes on the
// bus (an event of the conversation, from any instance) and on turns this instance runs; it
// never polls. A message that needs no turn (a person has the conversation) is over at once.
func (e *Engine) AwaitTurn(ctx context.Context, conversationID, msgID int64) (replies []*Message, done bool, err error) {
	local := e.watch(msgID)
	defer e.unwatch(msgID, local)
	var sub *Subscription
	subscribe := func() <-chan *Event {
		if e.Bus == nil || !e.Bus.started.Load() {
			return nil
		}
		sub = e.Bus.Subscribe(conversationID, "")
		return sub.C
	}
	events := subscribe()
	defer func() {
		if sub != nil {
			sub.Close()
		}
	}()
	for {
		over, err := e.Store.turnOver(ctx, conversationID, msgID)
		if err != nil {
			if ctx.Err() != nil {
				return nil, false, nil
			}
			return nil, false, err
		}
		if over {
			replies, err := e.Store.Replies(ctx, conversationID, msgID)
			if err != nil && ctx.Err() != nil {
				// The wait ran out while the replies were read: as for a turn still running.
				return nil, false, nil
			}
			return replies, err == nil, err
		}
	wait:
		for {
			select {
			case <-ctx.Done():
				return nil, false, nil
			case <-local:
				break wait
			case ev, ok := <-events:
				if !ok {
					sub.Close()
					events = subscribe()
					break wait
				}
				if ev.Durable() {
					break wait
				}
			}
		}
	}
}

// watch registers a waiter for the end of an attempt at msgID's turn on this instance.
func (e *Engine) watch(msgID int64) chan struct{} {
	ch := make(chan struct{}, 1)
	e.waitMu.Lock()
	defer e.waitMu.Unlock()
	if e.waiters == nil {
		e.waiters = map[int64][]chan struct{}{}
	}
	e.waiters[msgID] = append(e.waiters[msgID], ch)
	return ch
}

func (e *Engine) unwatch(msgID int64, ch chan struct{}) {
	e.waitMu.Lock()
	defer e.waitMu.Unlock()
	ws := e.waiters[msgID]
	for i, w := range ws {
		if w == ch {
			ws = append(ws[:i], ws[i+1:]...)
			break
		}
	}
	if len(ws) == 0 {
		delete(e.waiters, msgID)
	} else {
		e.waiters[msgID] = ws
	}
}

// turnEnded tells this instance's waiters that an attempt at msgID's turn ended.
func (e *Engine) turnEnded(msgID int64) {
	e.waitMu.Lock()
	defer e.waitMu.Unlock()
	for _, ch := range e.waiters[msgID] {
		select {
		case ch <- struct{}{}:
		default:
		}
	}
}

// turnOver reports whether message msgID's turn is over: done or failed, never queued (the
// message arrived while a person had the conversation), or moot because a person has it now.
func (s *Store) turnOver(ctx context.Context, conversationID, msgID int64) (bool, error) {
	var convState string
	var turnState *string
	err := s.pool.QueryRow(ctx, `SELECT c.state, t.state FROM conversations c
		LEFT JOIN turns t ON t.message_id = $2 AND t.conversation_id = c.id WHERE c.id = $1`,
		conversationID, msgID).Scan(&convState, &turnState)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, ratewise.NotFound("conversation")
	}
	if err != nil {
		return false, err
	}
	return turnState == nil || *turnState == "done" || *turnState == "failed" || convState != StateBot, nil
}

// turnStart is what a turn starts from: the conversation, its history as of the turn's
// message (later user messages wait for their own turns) and its dialogue state.
type turnStart struct {
	conv    *Conversation
	history []*Message
	dlg     Dialogue
}

// turnInput reads what a turn starts from in one round trip.
func (s *Store) turnInput(ctx context.Context, conversationID, msgID int64) (*turnStart, error) {
	b := &pgx.Batch{}
	in := queueTurnInput(b, conversationID, msgID)
	if err := s.pool.SendBatch(ctx, b).Close(); err != nil {
		return nil, err
	}
	if in.conv == nil {
		return nil, ratewise.NotFound("conversation")
	}
	return in, nil
}

// queueTurnInput queues turnInput's statements in b; what they read is in the returned
// turnStart once b's results are read (its conv nil when there is no such conversation).
func queueTurnInput(b *pgx.Batch, conversationID, msgID int64) *turnStart {
	in := &turnStart{}
	b.Queue(`SELECT `+conversationColumns+`, dialogue, coalesce(partner_id, 0) FROM conversations WHERE id = $1`, conversationID).QueryRow(func(r pgx.Row) error {
		var raw []byte
		var shop int64
		conv, err := scanConversation(r, &raw, &shop)
		if ratewise.ErrorCode(err) == ratewise.ENOTFOUND {
			return nil
		}
		if err != nil {
			return err
		}
		in.conv = conv
		in.conv.shop = shop
		in.dlg, err = decodeDialogue(raw)
		return err
	})
	b.Queue(`SELECT * FROM (SELECT `+messageColumns+` FROM messages
		WHERE conversation_id = $1 AND role <> 'tool' AND (role <> 'user' OR id <= $2)
		ORDER BY id DESC LIMIT $3) m ORDER BY id`, conversationID, msgID, historyLength).Query(func(rows pgx.Rows) error {
		var err error
		in.history, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (*Message, error) { return scanMessage(r) })
		return err
	})
	return in
}

// typingData is the JSON of typing.
type typingData struct {
	Role    string `json:"role"`
	Active  bool   `json:"active"`
	ReplyTo int64  `json:"reply_to,omitempty"`
	// Lang is the language the assistant is answering in, for the page's own status words.
	Lang string `json:"lang,omitempty"`
}

// ephemeral publishes an event that is not stored (see Event).
func (e *Engine) ephemeral(conversationID int64, typ string, data any, offset int) {
	if e.Bus == nil {
		return
	}
	raw, err := json.Marshal(data)
	if err != nil {
		e.Log.Error("ephemeral event", "type", typ, "err", err)
		return
	}
	e.Bus.Publish(Event{ConversationID: conversationID, Type: typ, Data: raw, offset: offset})
}

// answerStream sends an answer's text as it is generated, in coalesced pieces. Each model
// call starts the text afresh (restart): its first piece says "reset", so every subscriber,
// and every bus keeping a snapshot, replaces what it had.
//
// Nothing is streamed that the stored answer could not say: text is sent only once the guard
// has read it, a figure only once it is whole (a piece never ends in the middle of a
// number), and from the first figure no fact supports, or the first words of the rules, the
// stream goes quiet and takes back what it showed; the stored answer replaces it.
type answerStream struct {
	e                       *Engine
	conversationID, replyTo int64
	// facts are the turn's: what a streamed figure must be supported by.
	facts *Facts

	// silenced: the conversation left the assistant while it was answering (a handoff, an
	// agent's claim); nothing more of the answer goes out, and finish will not store it.
	silenced atomic.Bool

	mu     sync.Mutex
	buf    []byte
	tokens int
	sent   int  // bytes sent since the last reset
	reset  bool // the next piece starts the text afresh
	timer  *time.Timer
	// text is the model's text since the restart; muted says the guard stopped it, and
	// guard reads text as it grows.
	text  []byte
	muted bool
	guard streamGuard
}

func (s *answerStream) restart() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.flushLocked(true)
	s.reset, s.sent = true, 0
	s.text, s.muted = s.text[:0], false
	s.guard.reset()
}

// add takes one piece of model output.
func (s *answerStream) add(text string) {
	if text == "" {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.muted {
		return
	}
	s.text = append(s.text, text...)
	s.buf = append(s.buf, text...)
	if s.unsafe(s.text[:len(s.text)-figureTail(s.text)]) {
		s.mute()
		return
	}
	s.tokens++
	if s.reset || s.tokens >= deltaTokens {
		s.flushLocked(false)
		return
	}
	if s.timer == nil {
		s.timer = time.AfterFunc(deltaInterval, s.flushHeld)
	}
}

// unsafe reports whether text, the answer so far, may not be shown: it repeats the rules,
// or states a figure no fact of the turn supports.
func (s *answerStream) unsafe(text []byte) bool {
	s.guard.facts = s.facts
	return s.guard.unsafe(text)
}

// mute stops the stream and takes back what it showed.
func (s *answerStream) mute() {
	s.muted, s.buf, s.tokens = true, s.buf[:0], 0
	if s.timer != nil {
		s.timer.Stop()
		s.timer = nil
	}
	if s.sent > 0 {
		s.e.ephemeral(s.conversationID, EventMessageDelta, deltaData{ReplyTo: s.replyTo, Reset: true}, 0)
	}
	s.sent, s.reset = 0, true
}

// flush sends the rest of a model call's text, once the guard has read all of it.
func (s *answerStream) flush() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.muted {
		return
	}
	if s.unsafe(s.text) {
		s.mute()
		return
	}
	s.flushLocked(true)
}

// hold keeps what has not been sent yet until flush: the model has returned, and its last
// piece goes out only once the conversation is known to be the assistant's still.
func (s *answerStream) hold() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.timer != nil {
		s.timer.Stop()
		s.timer = nil
	}
}

// flushHeld sends what has arrived but a number that may still be growing.
func (s *answerStream) flushHeld() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.flushLocked(false)
}

// figureTail is the length of the end of b that may be the start of a figure: digits, their
// separators, a currency sign or a percent sign.
func figureTail(b []byte) int {
	n := 0
	for n < len(b) {
		r, size := utf8.DecodeLastRune(b[:len(b)-n])
		if !strings.ContainsRune("0123456789.,  \u00a0$€£%-", r) {
			break
		}
		n += size
	}
	return n
}

// flushLocked sends the buffered text; unless all, it keeps back a figure that may be
// incomplete.
func (s *answerStream) flushLocked(all bool) {
	if s.timer != nil {
		s.timer.Stop()
		s.timer = nil
	}
	if s.muted || s.silenced.Load() {
		s.buf, s.tokens = s.buf[:0], 0
		return
	}
	keep := 0
	if !all {
		keep = figureTail(s.buf)
	}
	for len(s.buf) > keep {
		n := min(len(s.buf)-keep, maxDeltaBytes)
		for n < len(s.buf) && n > 0 && !utf8.RuneStart(s.buf[n]) {
			n--
		}
		if n == 0 {
			break
		}
		piece := string(s.buf[:n])
		s.e.ephemeral(s.conversationID, EventMessageDelta, deltaData{ReplyTo: s.replyTo, Delta: piece, Reset: s.reset}, s.sent)
		s.sent += n
		s.reset = false
		s.buf = s.buf[n:]
	}
	s.tokens = 0
}

// watchOwner silences the stream as soon as the conversation leaves the assistant, on any
// instance: every ownership change is a conversation.updated notice, which each instance's
// bus hears and hands to the watchers of that conversation. The turn reads the conversation
// after it starts watching, so a change just before is not missed. The returned func stops
// watching.
func (s *answerStream) watchOwner() func() {
	if s.e.Bus == nil {
		return func() {}
	}
	return s.e.Bus.WatchOwner(s.conversationID, func(u ConversationUpdate) {
		if u.Phase != PhaseBot {
			s.silenced.Store(true)
		}
	})
}

// checkOwner silences the stream if the conversation is no longer the assistant's. A model
// call's last piece is held until it returns, so checking then keeps it from going out even
// when the notice has not arrived yet. (The answer's own last piece is checked by finish.)
func (s *answerStream) checkOwner(ctx context.Context) {
	if s.silenced.Load() {
		return
	}
	var phase string
	if err := s.e.Store.pool.QueryRow(ctx, `SELECT phase FROM conversations WHERE id = $1`, s.conversationID).Scan(&phase); err == nil && phase != PhaseBot {
		s.silenced.Store(true)
	}
}

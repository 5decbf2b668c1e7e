package assistant

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"ratewise"
	"ratewise/assistant/nlu"
	"ratewise/db"
	"ratewise/offers"
)

// Limits of a turn.
const (
	MaxToolRounds  = 5
	historyLength  = 20
	defaultTurnTTL = 90 * time.Second
	// AgentHandleSeconds is the average time an agent spends per conversation, for the
	// consumer's estimated wait.
	AgentHandleSeconds = 180
)

// Engine runs conversations: it stores messages, runs turns of the model with tools, guards
// the answers and hands off to people. Turns are durable (turns.go): Post queues one with the
// message, and the engine's workers run the turns of every instance.
type Engine struct {
	Store *Store
	// Bus carries events to streams; nil reaches nobody but the database (the eval harness).
	Bus   *Bus
	Model Model
	Tools *Tools
	Log   *slog.Logger
	// TurnTimeout bounds one attempt at a turn, model retries and fallback included.
	TurnTimeout time.Duration
	// Workers is how many turns this instance runs at once (DefaultWorkers when 0); LeaseTTL
	// how long a worker holds a turn between renewals (DefaultLeaseTTL when 0). Set them
	// before Start.
	Workers  int
	LeaseTTL time.Duration
	// EarlyConversations is how many conversations' next turn input this instance keeps, so
	// that turn's first model call is made before its message is stored (prefetch.go); 0
	// keeps none.
	EarlyConversations int
	// turnContext, when set, replaces the TurnTimeout deadline: tests end a turn on an event
	// (the model has started answering) instead of racing a clock.
	turnContext func(parent context.Context) (context.Context, context.CancelFunc)

	// slaWarning is the console's SLA setting, for the timer each handoff starts (NewConsole
	// sets it).
	slaWarning time.Duration

	fallback Planner
	// retryBackoff is the wait before another attempt at a failed turn, times the attempts so
	// far (the constant of that name; tests shorten it).
	retryBackoff time.Duration
	instance     string
	startOnce    sync.Once
	wake         chan struct{}
	// direct hands an idle worker a turn this instance claimed as it accepted the message.
	direct  chan *turnLease
	idle    atomic.Int32
	early   earlyInputs
	waitMu  sync.Mutex
	waiters map[int64][]chan struct{} // message id → this instance's AwaitTurn calls
	wg      sync.WaitGroup
	ctx     context.Context
	cancel  context.CancelFunc

	namesMu      sync.Mutex
	names        *nlu.Names
	namesAt      time.Time
	namesReading bool // a turn is reading the names again
}

// NewEngine builds an engine. model nil means the offline planner.
func NewEngine(pool *pgxpool.Pool, bus *Bus, model Model, cat Catalogue, search Searcher, log *slog.Logger) *Engine {
	if model == nil {
		model = Planner{}
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Engine{Store: NewStore(pool, bus), Bus: bus, Model: model, Tools: &Tools{Catalogue: cat, Search: search, Profile: offers.NewStore(pool).ComparisonProfile},
		Log: log, TurnTimeout: defaultTurnTTL, retryBackoff: retryBackoff, instance: randomHex(6), ctx: ctx, cancel: cancel}
}

// Close stops the workers. A turn still running is handed back, uncounted, for another
// instance (or this one's next start) to run.
func (e *Engine) Close() {
	e.cancel()
	e.wg.Wait()
}

// PostResult is the outcome of posting a user message.
type PostResult struct {
	Message *Message
	// Created is false when client_id had been seen: the first message is returned and no
	// second turn is queued.
	Created bool
	State   string
}

// Post commits the user's message, its message.created event and, while the assistant owns
// the conversation, the turn that will answer it, in one transaction, and wakes a worker. A
// client_id seen before returns the first message.
func (e *Engine) Post(ctx context.Context, userID, conversationID int64, text, clientID string) (PostResult, error) {
	return e.PostAdmitted(ctx, userID, conversationID, text, clientID, nil, nil)
}

// Admission decides, in the transaction that stores a new message, whether it may be stored
// (a rate limit): it queues its statements in b, which runs once the conversation is locked,
// and once b's results are read verdict says — nil admits the message; an error refuses it,
// is returned by PostAdmitted, and nothing of the transaction is kept, what the statements
// wrote included. What they write commits with the message.
type Admission func(b *pgx.Batch) (verdict func() error)

// PostAdmitted is Post with admit asked, in Post's transaction while the conversation is
// locked, whether a new message may be stored. A retry of a stored message is not new: what
// admit wrote for it is rolled back, and its verdict not asked. signedIn, when not nil, is
// asked first, about every post (a retry too), whether userID is still signed in: the caller
// took userID from its sign-in without checking it (an error refuses the post and nothing
// is stored).
//
// The transaction is two round trips on one connection: the first locks the conversation and,
// pipelined behind the lock, looks for a message with clientID, asks admit and takes the new
// message's id; the second stores the message, its event and its turn, and commits.
func (e *Engine) PostAdmitted(ctx context.Context, userID, conversationID int64, text, clientID string, signedIn, admit Admission) (PostResult, error) {
	if err := validateClientID(clientID); err != nil {
		return PostResult{}, err
	}
	text, err := validateText(text)
	if err != nil {
		return PostResult{}, err
	}
	var res PostResult
	queued := false
	var direct *turnLease
	// The first model call, made now when this instance knows what the turn starts from;
	// kept below only if the message is accepted and the turn starts from just that.
	ahead := e.prefetchEarly(ratewise.RequestID(ctx), userID, conversationID, text, clientID)
	defer func() { ahead.drop() }()
	ahead.awaitSent(earlyWriteWait)
	err = e.Store.inPipeline(ctx, func(tx *pipeTx) error {
		var state string
		found := false
		var prev *Message
		var verdict, signed func() error
		var ids []int64
		var now time.Time
		// With a worker free here, this instance takes the turn as it accepts the message and
		// starts it without another round trip to claim it, or to read what it starts from:
		// that is read in the first round trip, under the conversation's lock, by a stream
		// that watches the owner from before, so a change either shows in what is read or
		// reaches the watch. The first model call is made once that round trip has accepted
		// the message (prefetch).
		var start *turnStart
		var stream *answerStream
		var pf *prefetch
		busy := false
		stopWatch := func() {}
		handed := false
		defer func() {
			if !handed {
				stopWatch()
				pf.drop()
			}
		}()
		b := &pgx.Batch{}
		b.Queue(`SELECT state FROM conversations WHERE id = $1 AND user_id = $2 FOR UPDATE`, conversationID, userID).
			QueryRow(func(r pgx.Row) error {
				err := r.Scan(&state)
				found = err == nil
				if errors.Is(err, pgx.ErrNoRows) {
					return nil
				}
				return err
			})
		if signedIn != nil {
			signed = signedIn(b)
		}
		// Read after the lock is held: a message with clientID committed meanwhile is seen.
		b.Queue(`SELECT `+messageColumns+` FROM messages WHERE conversation_id = $1 AND client_id = $2`, conversationID, clientID).
			Query(func(rows pgx.Rows) error {
				for rows.Next() {
					var err error
					if prev, err = scanMessage(rows); err != nil {
						return err
					}
				}
				return rows.Err()
			})
		if admit != nil {
			verdict = admit(b)
		}
		queueNextMessageIDs(b, 1, &ids, &now)
		if e.idle.Load() > 0 {
			stream = &answerStream{e: e, conversationID: conversationID}
			stopWatch = stream.watchOwner()
			// Every message stored so far is older than this one, whose turn reads them all.
			start = queueTurnInput(b, conversationID, math.MaxInt64)
			b.Queue(`SELECT EXISTS (SELECT 1 FROM turns WHERE conversation_id = $1 AND state IN ('pending', 'running'))`, conversationID).
				QueryRow(func(r pgx.Row) error { return r.Scan(&busy) })
		}
		if err := tx.send(ctx, b, false); err != nil {
			return err
		}
		if signed != nil {
			if err := signed(); err != nil {
				return err
			}
		}
		if !found {
			return ratewise.NotFound("conversation")
		}
		res.State = state
		if prev != nil {
			res.Message = prev
			tx.rollback()
			return nil
		}
		if state == StateClosed {
			return ratewise.Errorf(ratewise.ECONFLICT, "This conversation is closed; start a new one.")
		}
		if verdict != nil {
			if err := verdict(); err != nil {
				return err
			}
		}
		m := &Message{ID: ids[0], ConversationID: conversationID, Role: RoleUser, Text: text, ClientID: clientID, CreatedAt: now}
		early := start != nil && state == StateBot && !busy
		if early {
			// An earlier turn still open would answer first, and this one start from its answer.
			stream.replyTo = m.ID
			start.history = append(start.history, m)
			if len(start.history) > historyLength {
				start.history = start.history[len(start.history)-historyLength:] // as turnInput reads it
			}
			if ahead.beganFrom(start.history, start.dlg) {
				pf, ahead = ahead, nil
			} else {
				ahead.drop()
				pf = e.startPrefetch(ratewise.RequestID(ctx), start, m)
			}
		} else {
			ahead.drop()
		}
		b = &pgx.Batch{}
		queueInsertMessageAs(b, m)
		if err := queuePublish(b, tx, conversationID, EventMessageCreated, m); err != nil {
			return err
		}
		var lease func() *turnLease
		if state == StateBot {
			if early {
				lease = e.queueClaimedTurn(ctx, b, m)
			} else {
				queueInsertTurn(ctx, b, m)
			}
			queued = true
		}
		if err := tx.send(ctx, b, true); err != nil {
			return err
		}
		if lease != nil {
			if direct = lease(); direct != nil {
				direct.start, direct.stream, direct.stopWatch, direct.prefetch = start, stream, stopWatch, pf
				handed = true
			}
		}
		res.Message, res.Created = m, true
		return nil
	})
	if err != nil {
		return PostResult{}, err
	}
	if direct != nil {
		e.runNow(direct)
		return res, nil
	}
	if queued {
		// This instance starts the turn at once when a worker is free; otherwise another
		// instance may take it (and the poll finds it in any case).
		e.Start()
		e.wakeLocal()
		if e.idle.Load() == 0 && e.Bus != nil {
			e.Bus.Wake()
		}
	}
	return res, nil
}

// turnRun carries one turn's state.
type turnRun struct {
	e       *Engine
	conv    *Conversation
	userMsg *Message
	history []*Message // what the turn read, userMsg among them
	lease   *turnLease
	stream  *answerStream
	facts   Facts
	calls   []*Message // tool rows to store with the answer
	results map[string]json.RawMessage
	cards   []json.RawMessage
	cites   []Citation
	handoff *Trigger
	flags   []string
	// lang is the language the turn answers in; turnCtx what the models are given;
	// dialogue the state stored with the answer; pending the question the answer asks;
	// unhelpful says the answer could not help, so it offers a person.
	lang      string
	turnCtx   *TurnContext
	dialogue  Dialogue
	pending   *Pending
	unhelpful bool
	keepShown bool // the answer's search listed nothing new (ModelReply.KeepShown)
}

// turn runs one attempt at the turn l holds. Whatever it stores, it stores with the
// compare-and-set on l, so an attempt whose lease was taken stores nothing.
func (e *Engine) turn(ctx context.Context, l *turnLease) error {
	conversationID := l.conversationID
	// The owner is watched before the conversation is read: a change from then on silences
	// the stream, and one before shows in what is read.
	start, stream := l.start, l.stream
	model := e.Model
	pf := l.prefetch
	if start != nil {
		// Read as the message was accepted, while the stream already watched the owner; the
		// first model call may have been made then too.
		if pf != nil {
			model, l.prefetch = &prefetched{Model: e.Model, p: pf}, nil
			defer pf.drop() // a call no one took; one taken has ended
		}
		defer l.dropStart()
	} else {
		stream = &answerStream{e: e, conversationID: conversationID, replyTo: l.messageID}
		defer stream.watchOwner()()
		var err error
		if start, err = e.Store.turnInput(ctx, conversationID, l.messageID); err != nil {
			return err
		}
	}
	conv, history, dlg := start.conv, start.history, start.dlg
	var userMsg *Message
	for _, m := range history {
		if m.ID == l.messageID {
			userMsg = m
		}
	}
	if conv.State != StateBot || userMsg == nil {
		return l.end(ctx, e.Store.pool, "done", "") // a person owns it: the assistant stays silent
	}
	tr := &turnRun{e: e, conv: conv, userMsg: userMsg, history: history, lease: l, results: map[string]json.RawMessage{}, stream: stream}
	stream.facts = &tr.facts
	for _, m := range history {
		if m.Role == RoleUser {
			tr.facts.AddUserText(m.Text)
		}
	}
	// The offers shown earlier were a tool result: answers about them may quote their figures.
	tr.facts.AddJSON(dlg.shownFacts())

	// Understood once: the first model call, made ahead, began from the same message.
	u, lang, trig, ok := pf.opening(userMsg.Text, dlg)
	if !ok {
		u, lang, trig = e.opening(ctx, userMsg.Text, dlg)
	}
	tr.lang = lang
	tr.dialogue = Dialogue{Lang: lang, Shown: dlg.Shown, Stated: dlg.Stated, Compared: dlg.Compared, Searched: dlg.Searched, Score: dlg.Score, Held: dlg.Held}
	if trig != nil {
		return e.handoffTurn(ctx, tr, trig)
	}

	e.ephemeral(conversationID, EventTyping, typingData{Role: RoleAssistant, Active: true, ReplyTo: userMsg.ID, Lang: lang}, 0)

	tr.turnCtx = &TurnContext{Understood: u, Dialogue: dlg, Lang: lang}
	if conv.shop != 0 {
		ctx = context.WithValue(ctx, shopKey{}, conv.shop)
	}
	msgs := buildPrompt(history, tr.turnCtx)
	text, fellBack, err := tr.loop(ctx, model, msgs, true)
	if err != nil && !errors.Is(err, errHandoff) && parentAlive(ctx) {
		// The model failed even after its retry: the planner answers this turn and offers a
		// person. If the model used up the turn's time, the planner gets a little of its own.
		e.Log.WarnContext(ctx, "model failed; offline planner answers", "conversation_id", conversationID, "err", err)
		if ctx.Err() != nil {
			var cancel context.CancelFunc
			ctx, cancel = context.WithTimeout(context.WithoutCancel(ctx), fallbackTime)
			defer cancel()
		}
		tr.calls, tr.results, tr.cards, tr.cites, tr.pending, tr.unhelpful = nil, map[string]json.RawMessage{}, nil, nil, nil, false
		text, _, err = tr.loop(ctx, e.fallback, buildPrompt(history, tr.turnCtx), true)
		fellBack = true
	}
	if errors.Is(err, errHandoff) {
		return e.handoffTurn(ctx, tr, tr.handoff)
	}
	if err != nil {
		return err
	}
	if fellBack {
		tr.flags = append(tr.flags, FlagFallback)
		if !tr.unhelpful {
			text += " " + say(lang, "fallback_note")
		}
		tr.unhelpful = true
	}

	// An answer that repeats the rules is replaced at once: asked again, a model told to
	// leak them would only try again.
	if !fellBack && leaksPrompt(text) {
		e.Log.WarnContext(ctx, "answer repeats the rules; replaced", "conversation_id", conversationID)
		text = tr.templateAnswer()
		tr.flags = append(tr.flags, FlagUngrounded)
	}
	// The grounding guard: one regeneration with a correction, then the template answer.
	if bad := tr.facts.Ungrounded(text); len(bad) > 0 && !fellBack {
		e.Log.WarnContext(ctx, "ungrounded figures; regenerating", "conversation_id", conversationID, "figures", bad)
		retry := append(tr.transcript(msgs), ChatMessage{Role: "assistant", Content: Redact(text)},
			ChatMessage{Role: "system", Content: fmt.Sprintf(correctionNote, strings.Join(bad, ", "))})
		reply, rerr := e.Model.Complete(ctx, ModelRequest{Messages: retry, Turn: tr.turnCtx}, nil)
		text = reply.Text
		if rerr != nil || strings.TrimSpace(text) == "" || len(tr.facts.Ungrounded(text)) > 0 || leaksPrompt(text) {
			text = tr.templateAnswer()
			tr.flags = append(tr.flags, FlagUngrounded)
		}
	}
	if len(tr.cards) > 0 && !strings.Contains(text, "paid by") && !strings.Contains(text, say(lang, "disclosure")) {
		text += " " + say(lang, "disclosure")
	}
	tr.cites = namedCitations(text, tr.cites)
	if tr.unhelpful && len(tr.cites) > 0 && !namesAny(text, tr.cites) {
		// An answer that could not help quotes nothing it looked up: no source is cited.
		tr.cites = nil
	}
	// An answer that did not help offers a person (the text asks); a yes next takes them to
	// the queue. Nobody is moved there for the assistant being unsure.
	switch {
	case tr.unhelpful:
		tr.dialogue.Pending = &Pending{Kind: PendingHandoff}
	case tr.pending != nil:
		tr.dialogue.Pending = tr.pending
	}
	if len(tr.cards) > 0 {
		tr.dialogue.Shown = shownFromCards(tr.cards)
		if res, ok := tr.results[ToolCompare]; ok {
			tr.dialogue.Shown = withTerms(tr.dialogue.Shown, res)
		}
	} else if res, ok := tr.results[ToolSearchOffers]; ok && !tr.keepShown {
		if shown := shownFromSearch(res); len(shown) > 0 {
			tr.dialogue.Shown = shown
		}
	}
	return tr.finish(ctx, text, !tr.unhelpful)
}

// opening is how a turn answering text begins, given the conversation's dialogue state dlg:
// the message understood once, with the catalogue's names; the language it is answered in
// (the message's, or the conversation's for a message too short to tell); and the handoff it
// makes before any model, or nil. Triggers come first — a person who asks for a human gets
// one, a sensitive situation goes to a person at once — and then a yes to the assistant's
// offer of a person ("ok thanks" is not one). The turn and its prefetch both begin so.
func (e *Engine) opening(ctx context.Context, text string, dlg Dialogue) (nlu.Result, string, *Trigger) {
	u := understand(text, e.catalogueNames(ctx))
	lang := validLang(dlg.Lang)
	if u.Lang != "" {
		lang = validLang(u.Lang)
	}
	if trig := handoffOf(u, text); trig != nil {
		trig.Language = lang
		return u, lang, trig
	}
	if dlg.Pending != nil && dlg.Pending.Kind == PendingHandoff && acceptsOffer(u, text) {
		return u, lang, &Trigger{Category: ReasonOffered, Priority: PriorityNormal, Language: lang, Match: "accepted the offer of a person"}
	}
	return u, lang, nil
}

// progress announces a step of the turn, unless the conversation has left the assistant.
func (tr *turnRun) progress(convID int64, typ string, data any) {
	if !tr.stream.silenced.Load() {
		tr.e.ephemeral(convID, typ, data, 0)
	}
}

// fallbackTime is what the offline planner gets when the model used up the turn's time.
const fallbackTime = 15 * time.Second

// turnDeadlineKey marks the context an attempt made, so the fallback can tell the attempt's
// own deadline from the worker giving up (shutdown, or the lease lost).
type turnDeadlineKey struct{}

// parentAlive reports whether the worker running the attempt still wants its result,
// whatever the attempt's deadline says.
func parentAlive(ctx context.Context) bool {
	p, ok := ctx.Value(turnDeadlineKey{}).(context.Context)
	return !ok || p.Err() == nil
}

// errHandoff ends the model loop: request_human was called.
var errHandoff = errors.New("handoff requested")

// loop runs model steps and tools until the model answers, at most MaxToolRounds rounds.
func (tr *turnRun) loop(ctx context.Context, m Model, msgs []ChatMessage, stream bool) (string, bool, error) {
	convID := tr.conv.ID
	onDelta := tr.stream.add
	if !stream {
		onDelta = nil
	}
	for round := 0; ; round++ {
		req := ModelRequest{Messages: msgs, Tools: toolSpecs, Turn: tr.turnCtx}
		if round == MaxToolRounds {
			req.Tools = nil // the last step must answer
		}
		// Each model call's text is the answer so far: streams start it afresh.
		tr.stream.restart()
		reply, err := m.Complete(ctx, req, onDelta)
		if err == nil && (len(reply.ToolCalls) == 0 || round == MaxToolRounds) && strings.TrimSpace(reply.Text) != "" {
			// The answer: its last piece waits for finish, which reads the conversation's
			// owner under its lock anyway, instead of a query of its own here.
			tr.stream.hold()
		} else {
			if onDelta != nil {
				tr.stream.checkOwner(ctx)
			}
			tr.stream.flush()
		}
		if err != nil {
			return "", false, err
		}
		if len(reply.ToolCalls) == 0 || round == MaxToolRounds {
			tr.pending, tr.unhelpful, tr.keepShown = reply.Pending, reply.Unhelpful, reply.KeepShown
			tr.dialogue.Guide, tr.dialogue.Topic = reply.Guide, reply.Topic
			if reply.Score > 0 {
				tr.dialogue.Score = reply.Score
			}
			switch {
			case reply.Stated != nil:
				tr.dialogue.Stated, tr.dialogue.Compared, tr.dialogue.Searched = reply.Stated, 0, nil
				tr.dialogue.hold(*reply.Stated)
			case reply.Compared != 0:
				tr.dialogue.Stated, tr.dialogue.Compared, tr.dialogue.Searched = nil, reply.Compared, nil
			case reply.Searched != nil:
				tr.dialogue.Stated, tr.dialogue.Compared, tr.dialogue.Searched = nil, 0, reply.Searched
			}
			if strings.TrimSpace(reply.Text) == "" {
				return "", false, fmt.Errorf("model returned an empty answer")
			}
			return strings.TrimSpace(reply.Text), false, nil
		}
		msgs = append(msgs, ChatMessage{Role: "assistant", Content: reply.Text, ToolCalls: reply.ToolCalls})
		for _, c := range reply.ToolCalls {
			// The call's inputs are loaded first so its label counts what it really works on.
			pending := tr.e.Tools.start(ctx, tr.conv.UserID, c)
			tr.progress(convID, EventToolStarted, map[string]any{"reply_to": tr.userMsg.ID, "call_id": c.ID, "name": c.Name, "label": localLabel(tr.lang, c.Name, pending.Label), "lang": tr.lang})
			res := pending.Run(ctx)
			if res.Err != nil {
				tr.e.Log.InfoContext(ctx, "tool error returned to the model", "tool", c.Name, "err", res.Err)
			}
			tr.progress(convID, EventToolCompleted, map[string]any{"reply_to": tr.userMsg.ID, "call_id": c.ID, "name": c.Name, "ok": res.Err == nil, "summary": localSummary(tr.lang, res.Summary)})
			tr.facts.AddJSON(res.JSON)
			tr.results[c.Name] = res.JSON
			tr.cites = append(tr.cites, res.Citations...)
			if len(res.Cards) > 0 {
				if err := tr.sendCards(ctx, res.Cards); err != nil {
					return "", false, err
				}
			}
			args := json.RawMessage(c.Arguments)
			if !json.Valid(args) {
				args, _ = json.Marshal(c.Arguments)
			}
			tr.calls = append(tr.calls, &Message{ConversationID: convID, Role: RoleTool, Text: string(res.JSON),
				ToolCallID: c.ID, ToolName: c.Name, ToolArgs: args, ReplyTo: &tr.userMsg.ID})
			msgs = append(msgs, ChatMessage{Role: "tool", ToolCallID: c.ID, Content: Redact(string(res.JSON))})
			if res.Handoff != nil {
				// The model's reason routes the case; its priority is at most what the trigger
				// detector reads in the consumer's own message, so text planted in data, or a
				// model obeying it, moves nobody up the queue.
				trig := *res.Handoff
				trig.Priority = min(trig.Priority, detectedPriority(tr.userMsg.Text))
				tr.handoff = &trig
				return "", false, errHandoff
			}
		}
	}
}

// sendCards publishes offer cards built from a tool result, never from prose.
func (tr *turnRun) sendCards(ctx context.Context, cards []offers.Card) error {
	raws := make([]json.RawMessage, 0, len(cards))
	for _, c := range cards {
		b, err := json.Marshal(c)
		if err != nil {
			return err
		}
		raws = append(raws, b)
	}
	// Several comparisons in one turn ("compare my loans") show all their cards, in order.
	tr.cards = append(tr.cards, raws...)
	_, err := tr.e.Store.Publish(ctx, tr.conv.ID, EventOffers, raws)
	return err
}

// transcript is msgs plus this turn's tool calls and results, for a regeneration.
func (tr *turnRun) transcript(msgs []ChatMessage) []ChatMessage {
	out := append([]ChatMessage(nil), msgs...)
	for _, c := range tr.calls {
		out = append(out, ChatMessage{Role: "assistant", ToolCalls: []ToolCall{{ID: c.ToolCallID, Name: c.ToolName, Arguments: string(c.ToolArgs)}}},
			ChatMessage{Role: "tool", ToolCallID: c.ToolCallID, Content: Redact(c.Text)})
	}
	return out
}

// templateAnswer is the answer built from this turn's tool results alone.
func (tr *turnRun) templateAnswer() string {
	lang := validLang(tr.lang)
	if res, ok := tr.results[ToolCompare]; ok {
		return composeCompare(res, lang).text
	}
	if res, ok := tr.results[ToolSearchOffers]; ok {
		return composeSearch(res, lang).text
	}
	if res, ok := tr.results[ToolGetOffer]; ok {
		return composeOffer(res, lang, offerTopic(tr.userMsg.Text)).text
	}
	if res, ok := tr.results[ToolGetHoldings]; ok {
		return composeHoldings(res, lang)
	}
	if res, ok := tr.results[ToolLookupKnowledge]; ok {
		return composeKnowledge(res, tr.userMsg.Text, lang).text
	}
	return "I can't give you figures for that without checking them first. Tell me the loan or policy you'd like me to compare, or ask me to connect you with a person."
}

// namedCitations keeps the sources the answer names (by link or title), so a message does not
// cite guides it did not use; when it names none, every source it was given stays cited.
// namesAny reports whether text names one of cites, by link or title.
func namesAny(text string, cites []Citation) bool {
	return slices.ContainsFunc(cites, func(c Citation) bool { return names(text, c) })
}

// names reports whether text names c, by link or title.
func names(text string, c Citation) bool {
	return (c.URL != "" && strings.Contains(text, c.URL)) || (c.Title != "" && strings.Contains(text, c.Title))
}

func namedCitations(text string, cites []Citation) []Citation {
	var named []Citation
	for _, c := range cites {
		if names(text, c) {
			named = append(named, c)
		}
	}
	if len(named) == 0 {
		return cites
	}
	return named
}

// finish stores the tool rows and the answer and ends the turn, in one transaction that
// commits only while this attempt holds the turn's lease, and announces the answer.
func (tr *turnRun) finish(ctx context.Context, text string, helpful bool) error {
	ans := &Message{ConversationID: tr.conv.ID, Role: RoleAssistant, Text: text, ReplyTo: &tr.userMsg.ID,
		Cards: tr.cards, Citations: tr.cites, Flags: tr.flags}
	dialogue, err := json.Marshal(tr.dialogue)
	if err != nil {
		return err
	}
	// Two round trips, pipelined (pipeTx): the first ends the lease and locks the
	// conversation, the second stores the answer and commits. The transaction holds a
	// connection of the pool, and a busy instance waits for one.
	var behind, silenced bool
	err = tr.e.Store.inPipeline(ctx, func(tx *pipeTx) error {
		// The assistant answers only while it owns the conversation. With the conversation
		// locked, a message posted meanwhile has committed its turn (it waits for this one),
		// and one posted later finds this turn over: whether a turn waits is known here.
		var state string
		var ids []int64
		var now time.Time
		b := &pgx.Batch{}
		tr.lease.queueEnd(b, "done", "")
		b.Queue(`SELECT state FROM conversations WHERE id = $1 FOR UPDATE`, tr.conv.ID).QueryRow(func(r pgx.Row) error { return r.Scan(&state) })
		b.Queue(`SELECT EXISTS (SELECT 1 FROM turns WHERE conversation_id = $1 AND state = 'pending')`, tr.conv.ID).
			QueryRow(func(r pgx.Row) error { return r.Scan(&behind) })
		queueNextMessageIDs(b, len(tr.calls)+1, &ids, &now)
		if err := tx.send(ctx, b, false); err != nil {
			return err
		}
		if state != StateBot {
			tr.stream.silenced.Store(true)
			silenced = true
			return nil
		}
		// The answer's last piece, held since the model returned, goes out now that the
		// assistant is known to own the conversation still (before message.completed).
		tr.stream.flush()
		b = &pgx.Batch{}
		for i, c := range append(append([]*Message(nil), tr.calls...), ans) {
			c.ID, c.CreatedAt = ids[i], now
			queueInsertMessageAs(b, c)
		}
		counter := `unhelpful_turns = 0`
		if !helpful {
			counter = `unhelpful_turns = unhelpful_turns + 1`
		}
		// The counter and the dialogue state in one statement: one new row version, not two.
		b.Queue(`UPDATE conversations SET `+counter+`, dialogue = $2, updated_at = now() WHERE id = $1`, tr.conv.ID, dialogue)
		if err := queuePublish(b, tx, tr.conv.ID, EventMessageCompleted, ans); err != nil {
			return err
		}
		return tx.send(ctx, b, true)
	})
	if err == nil {
		tr.lease.nothingBehind = !behind
		if !behind && !silenced && tr.history[len(tr.history)-1] == tr.userMsg {
			// What the next turn reads, unless something else is stored meanwhile (its
			// accept then sees that it is not, and asks the model afresh).
			if next, derr := decodeDialogue(dialogue); derr == nil {
				tr.e.keepEarly(tr.conv, append(slices.Clone(tr.history), ans), next)
			}
		}
	}
	return err
}

// handoffTexts tell the person they are being connected, in the language they wrote in.
var handoffTexts = map[string]string{
	"en": "I'm connecting you with a person now. You are number %d in the queue; someone will be with you shortly, and they will see this conversation so you won't need to repeat yourself.",
	"es": "Te estoy conectando con una persona. Eres el número %d en la cola; alguien te atenderá en breve y verá esta conversación, así que no tendrás que repetirte.",
	"fr": "Je vous mets en relation avec un conseiller. Vous êtes numéro %d dans la file ; quelqu'un vous répondra bientôt et verra cette conversation, vous n'aurez rien à répéter.",
	"de": "Ich verbinde Sie jetzt mit einem Menschen. Sie sind Nummer %d in der Warteschlange; gleich ist jemand für Sie da und sieht dieses Gespräch, Sie müssen nichts wiederholen.",
	"sv": "Jag kopplar dig till en människa nu. Du är nummer %d i kön; någon är snart hos dig och ser det här samtalet, så du behöver inte upprepa dig.",
}

func (e *Engine) handoffTurn(ctx context.Context, tr *turnRun, trig *Trigger) error {
	err := e.Store.inTx(ctx, func(tx pgx.Tx) error {
		if err := tr.lease.end(ctx, tx, "done", ""); err != nil {
			return err
		}
		st, err := e.handoff(ctx, tx, tr.conv.ID, trig, summarize(tr.userMsg.Text, trig))
		if errors.Is(err, errAlreadyQueued) {
			return errAlreadyQueued
		}
		if err != nil {
			return err
		}
		for _, c := range tr.calls {
			if err := insertMessage(ctx, tx, c); err != nil {
				return err
			}
		}
		text := handoffText(trig.Language, st)
		var cites []Citation
		if s := sensitiveReply(trig.Category, trig.Language, e.region(ctx, tr.conv.UserID)); s != "" {
			text = s + "\n\n" + text
			if c, ok := sensitiveGuides[trig.Category]; ok {
				cites = []Citation{c}
			}
		}
		tr.dialogue.Pending = nil
		if err := saveDialogue(ctx, tx, tr.conv.ID, tr.dialogue); err != nil {
			return err
		}
		m := &Message{ConversationID: tr.conv.ID, Role: RoleAssistant, Text: text, ReplyTo: &tr.userMsg.ID, Citations: cites}
		if err := insertMessage(ctx, tx, m); err != nil {
			return err
		}
		_, err = publish(ctx, tx, tr.conv.ID, EventMessageCompleted, m)
		return err
	})
	if errors.Is(err, errAlreadyQueued) {
		// One place in the queue per person: this conversation stays with the assistant.
		return tr.finish(ctx, alreadyQueuedText, true)
	}
	if ratewise.ErrorCode(err) == ratewise.ECONFLICT {
		// Someone else took it over meanwhile: stay silent.
		return tr.lease.end(ctx, e.Store.pool, "done", "")
	}
	return err
}

func summarize(text string, trig *Trigger) string {
	return truncate(fmt.Sprintf("%s (%s): %s", trig.Category, trig.Match, Redact(text)), 300)
}

// HandoffStatus is where a conversation stands with people.
type HandoffStatus struct {
	State      string `json:"state"`
	Position   int    `json:"position"`
	ETASeconds int    `json:"eta_seconds"`
	// AgentsOnline, while queued, is how many agents who could take the conversation are
	// online: with none, the consumer is told so instead of being promised someone soon.
	AgentsOnline *int `json:"agents_online,omitempty"`
}

// handoff moves a conversation bot → queued with a queue row and announces the position. A
// conversation already queued keeps its place; a consumer with another conversation waiting
// gets errAlreadyQueued. The move and its log row are console.go's move.
func (e *Engine) handoff(ctx context.Context, q db.Querier, conversationID int64, trig *Trigger, summary string) (HandoffStatus, error) {
	conv, err := scanConversation(q.QueryRow(ctx, `SELECT `+conversationColumns+` FROM conversations WHERE id = $1 FOR UPDATE`, conversationID))
	if err != nil {
		return HandoffStatus{}, err
	}
	switch conv.State {
	case StateQueued, StateAssigned:
		return queueStatus(ctx, q, conversationID, conv.State)
	case StateClosed:
		return HandoffStatus{}, ratewise.Errorf(ratewise.ECONFLICT, "This conversation is closed; start a new one.")
	}
	return enqueue(ctx, q, conv, trig, summary, e.slaWarning)
}

// RequestHandoff is the consumer's "talk to a person" button: it works in any state but closed.
func (e *Engine) RequestHandoff(ctx context.Context, userID, conversationID int64, reason string) (HandoffStatus, error) {
	conv, err := e.Store.Conversation(ctx, userID, conversationID)
	if err != nil {
		return HandoffStatus{}, err
	}
	reason = strings.TrimSpace(reason)
	if len([]rune(reason)) > 500 {
		return HandoffStatus{}, ratewise.Invalid("reason", "The reason is at most 500 characters.")
	}
	trig := selfReported(reason)
	// What the person writes next is for a person: no model call is made for it early (the
	// move's notice forgets it on every instance too, a moment later).
	e.early.forget(conversationID)
	var st HandoffStatus
	err = e.Store.inTx(ctx, func(tx pgx.Tx) error {
		var err error
		st, err = e.handoff(ctx, tx, conversationID, trig, truncate("requested with the button: "+Redact(reason), 300))
		if err != nil || conv.State != StateBot {
			return err
		}
		return noAgentNotice(ctx, tx, conversationID, trig.Language, st)
	})
	return st, err
}

// HandBack returns an assigned conversation to the assistant (the console's release): a
// system marker tells the model the handoff is over so it never repeats old promises.
func (e *Engine) HandBack(ctx context.Context, conversationID int64) error {
	return e.Store.inTx(ctx, func(tx pgx.Tx) error {
		return handBack(ctx, tx, conversationID, Cause{Kind: CauseSystem, Reason: "handed back"})
	})
}

// handBack returns an assigned conversation to the assistant in the caller's transaction.
func handBack(ctx context.Context, tx pgx.Tx, conversationID int64, cause Cause) error {
	if _, err := move(ctx, tx, conversationID, PhaseAssigned, PhaseBot, nil, cause, nil); err != nil {
		return err
	}
	// A fresh count: the assistant gets a fresh chance instead of handing off again at its
	// first unclear answer.
	if _, err := tx.Exec(ctx, `UPDATE conversations SET unhelpful_turns = 0 WHERE id = $1`, conversationID); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `UPDATE handoffs SET state = 'done', closed_at = now()
		WHERE conversation_id = $1 AND state IN ('waiting', 'claimed')`, conversationID); err != nil {
		return err
	}
	m := &Message{ConversationID: conversationID, Role: RoleSystem, Text: "The agent handed the conversation back to the assistant."}
	if err := insertMessage(ctx, tx, m); err != nil {
		return err
	}
	if _, err := publish(ctx, tx, conversationID, EventMessageCreated, m); err != nil {
		return err
	}
	_, err := publish(ctx, tx, conversationID, EventHandoffUpdated, HandoffStatus{State: StateBot})
	return err
}

// Rate stores the consumer's rating of a conversation; rating again replaces it. A
// conversation is rated when it has ended (closed, which only a person does), as it is
// offered on the page: while the assistant or an agent still has it, it is ECONFLICT.
func (e *Engine) Rate(ctx context.Context, userID, conversationID int64, score int, comment string) error {
	if score < 1 || score > 5 {
		return ratewise.Invalid("score", "score must be a whole number from 1 to 5.")
	}
	if len([]rune(comment)) > 2000 {
		return ratewise.Invalid("comment", "The comment is at most 2000 characters.")
	}
	conv, err := e.Store.Conversation(ctx, userID, conversationID)
	if err != nil {
		return err
	}
	// closed is final, so the check cannot go stale before the insert.
	if conv.State != StateClosed {
		return ratewise.Errorf(ratewise.ECONFLICT, "This conversation can be rated once it has ended.")
	}
	_, err = e.Store.pool.Exec(ctx, `INSERT INTO conversation_ratings (conversation_id, score, comment) VALUES ($1, $2, $3)
		ON CONFLICT (conversation_id) DO UPDATE SET score = EXCLUDED.score, comment = EXCLUDED.comment, created_at = now()`,
		conversationID, score, strings.TrimSpace(comment))
	return err
}

// buildPrompt turns the stored history into the model's messages, redacted. A system message
// in the history (the hand-back marker) becomes the hand-back note. The turn's language and
// dialogue state follow the rules, as data.
func buildPrompt(history []*Message, tc *TurnContext) []ChatMessage {
	msgs := []ChatMessage{{Role: "system", Content: systemPrompt}}
	if tc != nil {
		msgs = append(msgs, ChatMessage{Role: "system", Content: dialogueNote(tc)})
	}
	for _, m := range history {
		switch m.Role {
		case RoleUser:
			msgs = append(msgs, ChatMessage{Role: "user", Content: redactStored(m)})
		case RoleAssistant:
			msgs = append(msgs, ChatMessage{Role: "assistant", Content: redactStored(m)})
		case RoleAgent:
			msgs = append(msgs, ChatMessage{Role: "assistant", Content: "(human agent) " + redactStored(m)})
		case RoleSystem:
			msgs = append(msgs, ChatMessage{Role: "system", Content: handbackNote})
		}
	}
	return msgs
}

// Send posts a user message and, with wait, waits until its turn is over (however long: the
// caller's ctx bounds it) and returns the replies. A repeated client_id returns the first
// message, queues nothing, and with wait gets that message's replies.
func (e *Engine) Send(ctx context.Context, userID, conversationID int64, text, clientID string, wait bool) (PostResult, []*Message, error) {
	res, err := e.Post(ctx, userID, conversationID, text, clientID)
	if err != nil || !wait {
		return res, nil, err
	}
	replies, done, err := e.AwaitTurn(ctx, conversationID, res.Message.ID)
	if err == nil && !done {
		err = ratewise.Wrap(ratewise.EUNAVAILABLE, ctx.Err(), "The assistant has not answered yet; your message is saved and the answer will arrive on the event stream.")
	}
	return res, replies, err
}

package assistant

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http/httptrace"
	"slices"
	"sync"
	"time"

	"ratewise"
	"ratewise/assistant/nlu"
)

// prefetch is a turn's first model call, made as soon as the message it answers is known to be
// accepted — in the first round trip of the transaction that stores it, which has locked the
// conversation, checked the message and read what the turn starts from — instead of after its
// commit. The model's time to its first token, hundreds of milliseconds, then covers the
// second round trip, the commit and the worker's start, which a burst of messages makes tens
// of milliseconds. What the model streams meanwhile is kept until the turn takes the call, and
// nothing of it reaches anyone before then; a turn that does not start (the commit failed, the
// turn was queued after all) cancels it, and a turn that asks something else calls the model
// afresh. The message reaches the model before it is stored: if the commit then fails, the
// model saw a message that will be sent again, or not at all.
type prefetch struct {
	msgs   []ChatMessage // the request's, once ready is closed; nil when none is made
	cancel context.CancelFunc
	ready  chan struct{}
	done   chan struct{}
	// sent is closed once the request is written, or it is known none will be.
	sent     chan struct{}
	sentOnce sync.Once
	// history and dlg are what the call began from (history ends with the message); u, lang
	// and trig the message's opening (Engine.opening), once ready is closed.
	history []*Message
	dlg     Dialogue
	u       nlu.Result
	lang    string
	trig    *Trigger

	mu    sync.Mutex
	buf   []string     // deltas until the turn takes the call
	sink  func(string) // the turn's onDelta once it has
	reply ModelReply   // set before done is closed
	err   error
}

// prefetchable reports whether the first model call is worth making ahead: a model out of
// process. The offline planner answers in microseconds, from what the turn reads anyway.
func (e *Engine) prefetchable() bool {
	_, planner := e.Model.(Planner)
	return e.Model != nil && !planner
}

// startPrefetch makes the first model call of the turn that answers m (for the request
// requestID), which start (read as m was accepted, m appended) begins from, unless that turn
// makes none: a message a person must answer is handed off before any model. The message is
// understood and the call made on a goroutine of its own: the caller holds a connection and
// the conversation's lock. nil when no model call is worth making ahead.
func (e *Engine) startPrefetch(requestID string, start *turnStart, m *Message) *prefetch {
	if !e.prefetchable() || start == nil || start.conv == nil || start.conv.State != StateBot {
		return nil
	}
	// The message is a copy: the second round trip writes what it returns into m meanwhile.
	own := *m
	history := slices.Clone(start.history)
	for i, h := range history {
		if h == m {
			history[i] = &own
		}
	}
	return e.prefetchFrom(requestID, history, start.dlg, &own)
}

// prefetchFrom makes the first model call of a turn answering m that starts from history (m
// its last message) and the dialogue state dlg; see startPrefetch.
func (e *Engine) prefetchFrom(requestID string, history []*Message, dlg Dialogue, m *Message) *prefetch {
	ctx, cancel := context.WithTimeout(ratewise.WithRequestID(e.ctx, requestID), e.TurnTimeout)
	p := &prefetch{cancel: cancel, ready: make(chan struct{}), done: make(chan struct{}), sent: make(chan struct{}), history: history, dlg: dlg}
	ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{WroteRequest: func(httptrace.WroteRequestInfo) { p.wrote() }})
	go func() {
		defer close(p.done)
		defer p.wrote()
		defer cancel()
		u, lang, trig := e.opening(ctx, m.Text, dlg)
		p.u, p.lang, p.trig = u, lang, trig
		if trig != nil {
			close(p.ready) // the turn hands off: no call, p.msgs stays nil and matches no request
			return
		}
		tc := &TurnContext{Understood: u, Dialogue: dlg, Lang: lang}
		req := ModelRequest{Messages: buildPrompt(history, tc), Tools: toolSpecs, Turn: tc}
		p.msgs = req.Messages
		close(p.ready)
		reply, err := e.Model.Complete(ctx, req, p.delta)
		p.mu.Lock()
		p.reply, p.err = reply, err
		p.mu.Unlock()
	}()
	return p
}

func (p *prefetch) wrote() { p.sentOnce.Do(func() { close(p.sent) }) }

// awaitSent waits until p's request is written, at most max: a message whose model call was
// made early lets that call leave before its own accept's work competes with it for the CPU.
func (p *prefetch) awaitSent(max time.Duration) {
	if p == nil {
		return
	}
	t := time.NewTimer(max)
	defer t.Stop()
	select {
	case <-p.sent:
	case <-t.C:
	}
}

func (p *prefetch) delta(s string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.sink != nil {
		p.sink(s)
		return
	}
	p.buf = append(p.buf, s)
}

// take hands the call to the turn: what the model streamed so far goes to onDelta at once, the
// rest as it comes, and take returns when the call does. ctx ending cancels it.
func (p *prefetch) take(ctx context.Context, onDelta func(string)) (ModelReply, error) {
	p.mu.Lock()
	if onDelta != nil {
		for _, s := range p.buf {
			onDelta(s)
		}
	}
	p.buf, p.sink = nil, onDelta
	if p.sink == nil {
		p.sink = func(string) {}
	}
	p.mu.Unlock()
	select {
	case <-p.done:
	case <-ctx.Done():
		p.cancel()
		<-p.done
		return ModelReply{}, ctx.Err()
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.reply, p.err
}

// drop cancels a call no turn will take.
func (p *prefetch) drop() {
	if p != nil {
		p.cancel()
	}
}

// prefetched is the turn's model with its first call already made (p): a first request with
// the same messages takes that call; anything else goes to the model.
type prefetched struct {
	Model
	p *prefetch
}

func (m *prefetched) Complete(ctx context.Context, req ModelRequest, onDelta func(string)) (ModelReply, error) {
	if p := m.p; p != nil {
		m.p = nil
		select {
		case <-p.ready:
		case <-ctx.Done():
			p.drop()
			return ModelReply{}, ctx.Err()
		}
		if p.msgs != nil && slices.EqualFunc(p.msgs, req.Messages, sameChatMessage) && len(req.Tools) == len(toolSpecs) {
			return p.take(ctx, onDelta)
		}
		p.drop()
	}
	return m.Model.Complete(ctx, req, onDelta)
}

func sameChatMessage(a, b ChatMessage) bool {
	return a.Role == b.Role && a.Content == b.Content && a.ToolCallID == b.ToolCallID && len(a.ToolCalls) == 0 && len(b.ToolCalls) == 0
}

// The first model call can begin even earlier, before the accept's first round trip, for a
// conversation whose last turn this instance ran: it knows what the next turn starts from,
// as long as nothing else was stored since. Accepting the message then waits for a pool
// connection and makes its two round trips while the model thinks. A burst of messages
// queues for the connections; their model calls no longer wait behind it.
//
// That call is made before the conversation's owner, the session, the rate limit or a retry's
// client_id are checked. The accept's first round trip checks them, and reads what the turn
// starts from: the call is kept only if the message is accepted, its turn starts at once, and
// what was read is what the call began from. Otherwise it is cancelled (and the prefetch
// above made instead when the turn does start at once). Nothing of a call is sent to anyone
// before the turn takes it. A conversation's input is taken by the first message that uses it
// and kept again only when a turn's answer is stored: at most one call is made this early
// per answer, so messages that are refused (over the rate limit, a session that has ended)
// cost at most one cancelled call, not one each.

// earlyInputs holds what the next turn of up to max conversations starts from, as the
// instance's last turn in each stored it.
type earlyInputs struct {
	mu sync.Mutex
	m  map[int64]earlyInput
}

type earlyInput struct {
	userID  int64
	history []*Message
	dlg     Dialogue
}

// put keeps in for conversationID, dropping another conversation's when max are kept.
func (c *earlyInputs) put(max int, conversationID int64, in earlyInput) {
	if max <= 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = make(map[int64]earlyInput)
	}
	if _, ok := c.m[conversationID]; !ok {
		for k := range c.m {
			if len(c.m) < max {
				break
			}
			delete(c.m, k) // any: the map's order is as good as any other here
		}
	}
	c.m[conversationID] = in
}

// take removes and returns what the next turn of conversationID starts from, if userID's.
// A message whose clientID is one of the kept messages' is a retry of a stored one: it is
// refused, so it takes nothing and no call is made for it.
func (c *earlyInputs) take(conversationID, userID int64, clientID string) (earlyInput, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	in, ok := c.m[conversationID]
	if !ok || in.userID != userID || clientID != "" && slices.ContainsFunc(in.history, func(m *Message) bool { return m.ClientID == clientID }) {
		return earlyInput{}, false
	}
	delete(c.m, conversationID)
	return in, true
}

// forget drops what is kept for conversationID.
func (c *earlyInputs) forget(conversationID int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.m, conversationID)
}

// len is how many conversations' inputs are kept.
func (c *earlyInputs) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.m)
}

// keepEarly keeps what the next turn of conv starts from: history, the last messages a
// turn reads (as turnInput reads them), and dlg.
func (e *Engine) keepEarly(conv *Conversation, history []*Message, dlg Dialogue) {
	if !e.prefetchable() {
		return
	}
	if len(history) > historyLength {
		history = history[len(history)-historyLength:]
	}
	// Only what a prompt is built from: an answer's cards and sources stay out of memory.
	kept := make([]*Message, len(history))
	for i, m := range history {
		kept[i] = &Message{ID: m.ID, ConversationID: m.ConversationID, Role: m.Role, Text: m.Text, ClientID: m.ClientID}
	}
	e.early.put(e.EarlyConversations, conv.ID, earlyInput{userID: conv.UserID, history: kept, dlg: dlg})
}

// CreateConversation is Store.CreateConversation, and its first turn can begin before its
// first message is stored.
func (e *Engine) CreateConversation(ctx context.Context, userID int64) (*Conversation, error) {
	conv, err := e.Store.CreateConversation(ctx, userID)
	if err == nil {
		e.keepEarly(conv, nil, Dialogue{})
	}
	return conv, err
}

// prefetchEarly makes the first model call of the turn that would answer text in userID's
// conversation, before the message is accepted, when this instance knows what that turn
// starts from and has a worker free; nil otherwise.
func (e *Engine) prefetchEarly(requestID string, userID, conversationID int64, text, clientID string) *prefetch {
	if !e.prefetchable() || e.idle.Load() == 0 {
		return nil
	}
	in, ok := e.early.take(conversationID, userID, clientID)
	if !ok {
		return nil
	}
	m := &Message{ConversationID: conversationID, Role: RoleUser, Text: text}
	history := append(slices.Clone(in.history), m)
	if len(history) > historyLength {
		history = history[len(history)-historyLength:]
	}
	return e.prefetchFrom(requestID, history, in.dlg, m)
}

// opening is the opening of the turn answering text from dlg that p's call began from, when
// it did (ok false otherwise): the turn need not understand its message again.
func (p *prefetch) opening(text string, dlg Dialogue) (u nlu.Result, lang string, trig *Trigger, ok bool) {
	if p == nil || len(p.history) == 0 || p.history[len(p.history)-1].Text != text || !sameDialogue(p.dlg, dlg) {
		return u, "", nil, false
	}
	<-p.ready
	return p.u, p.lang, p.trig, true
}

// beganFrom reports whether p's call began from history and dlg: the same messages for the
// prompt and the same dialogue state.
func (p *prefetch) beganFrom(history []*Message, dlg Dialogue) bool {
	return p != nil && slices.EqualFunc(p.history, history, func(a, b *Message) bool { return a.Role == b.Role && a.Text == b.Text }) &&
		sameDialogue(p.dlg, dlg)
}

// sameDialogue reports whether a and b are the same dialogue state.
func sameDialogue(a, b Dialogue) bool {
	ja, errA := json.Marshal(a)
	jb, errB := json.Marshal(b)
	return errA == nil && errB == nil && bytes.Equal(ja, jb)
}

// earlyWriteWait is the longest a message whose model call was made early waits for that
// request to be written before its accept begins.
const earlyWriteWait = 20 * time.Millisecond

package assistant

import (
	"context"
	"slices"
	"sync"

	"ratewise"
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
	ctx, cancel := context.WithTimeout(ratewise.WithRequestID(e.ctx, requestID), e.TurnTimeout)
	p := &prefetch{cancel: cancel, ready: make(chan struct{}), done: make(chan struct{})}
	// The message is a copy: the second round trip writes what it returns into m meanwhile.
	own := *m
	history, dlg := slices.Clone(start.history), start.dlg
	for i, h := range history {
		if h == m {
			history[i] = &own
		}
	}
	m = &own
	go func() {
		defer close(p.done)
		defer cancel()
		u, lang, trig := e.opening(ctx, m.Text, dlg)
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

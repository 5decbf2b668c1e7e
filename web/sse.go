package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"ratewise"
	"ratewise/assistant"
)

// conversationEvents streams a conversation's events as Server-Sent Events.
//
// Stored events carry their number in the conversation's sequence as the SSE id. Numbers are
// taken under the conversation's row lock and commit in order, so the stream sends them in
// order and never passes one that could still appear: when an event arrives numbered beyond
// the next one expected, the missing ones are read from the database first. A client
// reconnecting with Last-Event-ID (or ?last_event_id=) gets every later stored event, then
// live ones, with no gap and no duplicate. (Events stored before the sequence existed kept
// their old id as their number, so an id a client already holds still resumes correctly.)
//
// Streamed text (message.delta), typing and tool progress are ephemeral: never stored, sent
// without an id (so Last-Event-ID stays at the last stored event), to whoever is listening. A
// stream that (re)connects while an answer is being written first gets that answer's progress
// and its text so far as one message.delta with "reset": true, then the live deltas, then the
// stored message.completed — the same text.
//
// The stream ends when the client goes away, the server shuts down, or the session it was
// opened with ends (signed out on any instance, or expired): then it sends an error event with
// code "unauthenticated".
//
// Event types and the JSON of their data (stable; fields may be added, never renamed):
//
//	message.created     Message — a user, agent or system message was stored
//	                    {"id","role","text","created_at","cards"?,"citations"?,"flags"?}
//	message.delta       {"reply_to": <user message id>, "delta": "text", "reset"?: true} —
//	                    assistant text as it is generated: append deltas, and on "reset": true
//	                    replace what was shown with this delta (a snapshot of the text so far,
//	                    or a new attempt); message.completed replaces them all. Not stored.
//	message.completed   Message — the assistant's final answer (role "assistant", "reply_to"
//	                    the user message), with its "cards" and "citations"; its text replaces
//	                    any deltas shown. Flag "failed": the turn could not be completed and the
//	                    text says so and offers a person
//	tool.started        {"reply_to", "call_id", "name", "label"} — label says in words what the
//	                    step does, with counts read from the store before it runs, e.g.
//	                    "Comparing 42 car-loan offers with your car loan…",
//	                    "Searching 12 personal-loan offers…", "Searching our guides…". Not stored
//	tool.completed      {"reply_to", "call_id", "name", "ok": true|false, "summary"} — summary says
//	                    what the step found, from its result, e.g. "Compared 42 car-loan
//	                    offers; 3 are better than your car loan", "Found 3 passages in our
//	                    guides; best match: “APR vs interest rate”"; "That step did not work"
//	                    when ok is false. Not stored
//	offers              [Card, …] — Cards (web/openapi.json), built from the compare tool's result
//	handoff.updated     {"state": "queued"|"assigned"|"bot", "position": n, "eta_seconds": n}
//	agent.joined        {"name"}
//	typing              {"role": "assistant"|"agent", "active": true|false, "reply_to"?} — not stored
//	conversation.closed {"resolution"}
//	error               {"code", "message", "reply_to"?} — with reply_to: the turn failed every
//	                    attempt (its message.completed, flagged "failed", comes first); with
//	                    code "unauthenticated": the session ended and the stream with it
//
// Comment lines (": ping") are heartbeats, every Config.Heartbeat.
func (s *Server) conversationEvents(c echo.Context) error {
	ls, err := s.openEvents(c)
	if err != nil {
		return err
	}
	ls.first = ls.eng.Bus.Subscribe(ls.id, ls.session.stream)
	if ls.detach(c) {
		s.streams.Add(1)
		s.metrics.streams.Inc()
		go func() {
			defer s.streams.Done()
			defer s.metrics.streams.Dec()
			ls.runDetached()
		}()
		return nil
	}
	w := c.Response()
	w.WriteHeader(http.StatusOK)
	rc := http.NewResponseController(w)
	if err := rc.Flush(); err != nil {
		ls.dropFirst()
		return nil
	}
	ls.out = responseSink{w, rc}
	ls.st.w = ls.out
	s.metrics.streams.Inc()
	defer s.metrics.streams.Dec()
	ls.run()
	return nil
}

// liveStream is one open event stream.
//
// Thousands of them stay open and idle, so what one holds is kept small. An HTTP/1 stream is
// detached from net/http once its response head is written (detach): net/http keeps a
// goroutine (its stack deep in the middleware), buffers of 4 KiB to read and write and a
// reader goroutine for every connection it serves, about 20 KiB in all. A detached stream is
// one goroutine of our own, shallow, and a write buffer only while it writes. Elsewhere
// (HTTP/2, or a writer that cannot be taken over) the stream runs inside the handler.
type liveStream struct {
	s       *Server
	ctx     context.Context
	eng     *assistant.Engine
	id      int64
	session signedIn
	out     streamSink
	st      eventStream
	// first is the subscription taken before the response's head is sent, so that a client
	// that posts a message as soon as its stream is open misses none of the turn's live
	// events; run follows it first.
	first *assistant.Subscription
}

// dropFirst closes the first subscription when the stream ends before following it.
func (ls *liveStream) dropFirst() {
	if ls.first != nil {
		ls.first.Close()
		ls.first = nil
	}
}

// streamSink is where a stream's bytes go: Write gathers, Flush sends.
type streamSink interface {
	io.Writer
	Flush() error
}

// openEvents checks the request and sets the response's headers.
func (s *Server) openEvents(c echo.Context) (*liveStream, error) {
	uid, _ := currentUserID(c)
	id, err := conversationID(c)
	if err != nil {
		return nil, err
	}
	req := c.Request()
	ctx := req.Context()
	eng := s.deps.Assistant
	if _, err := eng.Store.Conversation(ctx, uid, id); err != nil {
		return nil, err
	}
	session, _ := c.Get(sessionKey).(signedIn)
	last := resumeFrom(req.Header.Get("Last-Event-ID"), c.QueryParam("last_event_id"))

	h := c.Response().Header()
	h.Set(echo.HeaderContentType, "text/event-stream")
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Accel-Buffering", "no")
	return &liveStream{s: s, ctx: ctx, eng: eng, id: id, session: session, st: eventStream{last: last}}, nil
}

// detach takes an HTTP/1 connection over from net/http and writes the response head; false
// leaves the response to net/http (nothing was written). The response is delimited by the
// connection's end, as HTTP/1 allows for a response without a length: the stream ends by
// closing it. A detached stream is not told when the client leaves until a write fails, so
// one that left is noticed by the next heartbeat at the latest; every write must finish
// within Config.WriteTimeout, or the client is taken for gone.
func (ls *liveStream) detach(c echo.Context) bool {
	req := c.Request()
	if req.ProtoMajor != 1 {
		return false
	}
	w := c.Response()
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		return false
	}
	h := w.Header()
	h.Set("Connection", "close")
	h.Set("Date", time.Now().UTC().Format(http.TimeFormat))
	var head bytes.Buffer
	fmt.Fprintf(&head, "HTTP/%d.%d 200 OK\r\n", req.ProtoMajor, req.ProtoMinor)
	_ = h.Write(&head)
	head.WriteString("\r\n")
	sink := &connSink{conn: conn, timeout: ls.s.cfg.WriteTimeout}
	_, _ = sink.Write(head.Bytes())
	// The request's context ends when the handler returns; the stream's own ends with the
	// server (and keeps the request's values, such as its id, for the log).
	ctx, cancel := context.WithCancel(context.WithoutCancel(ls.ctx))
	stop := context.AfterFunc(ls.s.closing, cancel)
	ls.ctx, ls.out, ls.st.w = ctx, sink, sink
	sink.done = func() { stop(); cancel(); _ = conn.Close() }
	w.Committed = true
	return true
}

// runDetached runs a detached stream, then closes its connection.
func (ls *liveStream) runDetached() {
	defer ls.out.(*connSink).done()
	if !ls.flush() {
		ls.dropFirst()
		return
	}
	ls.run()
}

// responseSink is a stream that net/http serves.
type responseSink struct {
	w  io.Writer
	rc *http.ResponseController
}

func (r responseSink) Write(p []byte) (int, error) { return r.w.Write(p) }
func (r responseSink) Flush() error                { return r.rc.Flush() }

// connSink writes a detached stream to its connection: what is written is gathered in a
// buffer from eventBuffers and sent by Flush, so an idle stream holds no buffer.
type connSink struct {
	conn    net.Conn
	timeout time.Duration
	buf     *[]byte
	done    func()
}

func (w *connSink) Write(p []byte) (int, error) {
	if w.buf == nil {
		w.buf = eventBuffers.Get().(*[]byte)
		*w.buf = (*w.buf)[:0]
	}
	*w.buf = append(*w.buf, p...)
	return len(p), nil
}

func (w *connSink) Flush() error {
	if w.buf == nil {
		return nil
	}
	b := *w.buf
	_ = w.conn.SetWriteDeadline(time.Now().Add(w.timeout))
	_, err := w.conn.Write(b)
	if cap(b) <= maxKeptEventBuffer {
		*w.buf = b[:0]
		eventBuffers.Put(w.buf)
	}
	w.buf = nil
	return err
}

func (ls *liveStream) flush() bool { return ls.st.err == nil && ls.out.Flush() == nil }

// end sends an error event that ends the stream.
func (ls *liveStream) end(code, msg string) {
	data, _ := json.Marshal(map[string]string{"code": code, "message": msg})
	ls.st.write(&assistant.Event{Type: assistant.EventError, Data: data})
	ls.flush()
}

// replay sends the stored events after the last one sent, in pages.
func (ls *liveStream) replay() bool {
	for {
		evs, err := ls.eng.Store.EventsAfter(ls.ctx, ls.id, ls.st.last, 500)
		if err != nil {
			if ls.ctx.Err() == nil {
				ls.s.log.WarnContext(ls.ctx, "event replay failed", "conversation_id", ls.id, "err", err)
				ls.end(string(ratewise.EUNAVAILABLE), "The event stream was interrupted; reconnect to resume.")
			}
			return false
		}
		for i := range evs {
			ls.st.write(&evs[i])
		}
		if len(evs) < 500 {
			return ls.flush()
		}
	}
}

// run sends the stream until it ends.
func (ls *liveStream) run() {
	var expired <-chan time.Time
	if !ls.session.expires.IsZero() {
		t := time.NewTimer(time.Until(ls.session.expires))
		defer t.Stop()
		expired = t.C
	}
	heartbeat := time.NewTicker(ls.s.cfg.Heartbeat)
	defer heartbeat.Stop()
	for {
		// Subscribe first, then replay: whatever is stored in between arrives on the
		// subscription too and is skipped by number.
		sub := ls.first
		if ls.first = nil; sub == nil {
			sub = ls.eng.Bus.Subscribe(ls.id, ls.session.stream)
		}
		again := ls.follow(sub, heartbeat.C, expired)
		sub.Close()
		if !again {
			return
		}
	}
}

// follow sends what sub brings until the stream ends (false) or must subscribe again (true:
// dropped as slow, or the bus reconnected; it resumes from the database).
func (ls *liveStream) follow(sub *assistant.Subscription, heartbeat, expired <-chan time.Time) bool {
	if !ls.replay() {
		return false
	}
	for _, ev := range sub.Snapshot {
		ls.st.write(ev)
	}
	if !ls.flush() {
		return false
	}
	unflushed := 0
	done, closing := ls.ctx.Done(), ls.s.closing.Done()
	for {
		select {
		case ev, ok := <-sub.C:
			if !ok {
				if errors.Is(sub.Err(), assistant.ErrSessionEnded) {
					ls.end(string(ratewise.EUNAUTHENTICATED), "You were signed out; sign in again to carry on.")
					return false
				}
				return true
			}
			if ev.Durable() && ev.Seq > ls.st.last+1 {
				// An event numbered below this one has not reached us yet, though it is
				// committed (numbers commit in order): read them all from the database.
				if !ls.replay() {
					return false
				}
				continue
			}
			ls.st.write(ev)
			// Events already waiting go out in the same write to the client, up to a few.
			if len(sub.C) > 0 && unflushed < maxUnflushedEvents {
				unflushed++
				continue
			}
			unflushed = 0
			if !ls.flush() {
				return false
			}
		case <-heartbeat:
			if _, err := io.WriteString(ls.out, ": ping\n\n"); err != nil || ls.out.Flush() != nil {
				return false
			}
		case <-expired:
			ls.end(string(ratewise.EUNAUTHENTICATED), "Your session has expired; sign in again to carry on.")
			return false
		case <-done:
			return false
		case <-closing:
			return false
		}
	}
}

// maxUnflushedEvents is how many events a stream writes, when more are already waiting,
// before it flushes them to the client.
const maxUnflushedEvents = 16

// eventStream writes events to one SSE response: stored events once each and in order,
// ephemeral ones only while their answer is not yet stored.
type eventStream struct {
	w    io.Writer
	last int64 // the number of the last stored event sent
	// answered is the newest user message whose answer has been sent: turns run in message
	// order, so ephemeral events replying to it or an earlier one are stale.
	answered int64
	err      error
}

// resumeFrom is the number of the last stored event a reconnecting client holds: its
// Last-Event-ID header, else its last_event_id query parameter. Anything but a number ≥ 0
// resumes from the start, so a garbled id costs a replay, never a gap.
func resumeFrom(header, query string) int64 {
	resume := header
	if resume == "" {
		resume = query
	}
	last, err := strconv.ParseInt(resume, 10, 64)
	if err != nil || last < 0 {
		return 0
	}
	return last
}

func (st *eventStream) write(ev *assistant.Event) {
	if st.err != nil {
		return
	}
	if ev.Durable() {
		if ev.Seq <= st.last {
			return
		}
		if ev.Type == assistant.EventMessageCompleted {
			if r := ev.ReplyTo(); r > st.answered {
				st.answered = r
			}
		}
		st.last = ev.Seq
	} else if ev.Type != assistant.EventError {
		if r := ev.ReplyTo(); r != 0 && r <= st.answered {
			return
		}
	}
	bp := eventBuffers.Get().(*[]byte)
	b := (*bp)[:0]
	if ev.Durable() {
		b = strconv.AppendInt(append(b, "id: "...), ev.Seq, 10)
		b = append(b, '\n')
	}
	b = append(append(append(b, "event: "...), ev.Type...), "\ndata: "...)
	b = append(append(b, ev.Data...), "\n\n"...)
	_, st.err = st.w.Write(b)
	if cap(b) <= maxKeptEventBuffer {
		*bp = b
		eventBuffers.Put(bp)
	}
}

// eventBuffers are the buffers events are written from, shared by every stream: an idle
// stream holds none (each open stream counts against the memory thousands of them take).
var eventBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 1024); return &b }}

// maxKeptEventBuffer bounds a buffer put back in eventBuffers: an event bigger than this (a
// long answer) is written from a buffer that is then dropped.
const maxKeptEventBuffer = 16 << 10

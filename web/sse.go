package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
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
	uid, _ := currentUserID(c)
	id, err := conversationID(c)
	if err != nil {
		return err
	}
	req := c.Request()
	ctx := req.Context()
	eng := s.deps.Assistant
	if _, err := eng.Store.Conversation(ctx, uid, id); err != nil {
		return err
	}
	session, _ := c.Get(sessionKey).(signedIn)
	last := resumeFrom(req.Header.Get("Last-Event-ID"), c.QueryParam("last_event_id"))

	w := c.Response()
	h := w.Header()
	h.Set(echo.HeaderContentType, "text/event-stream")
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	rc := http.NewResponseController(w)
	if err := rc.Flush(); err != nil {
		return nil
	}
	st := &eventStream{w: w, last: last}
	flush := func() bool { return st.err == nil && rc.Flush() == nil }
	end := func(code, msg string) {
		data, _ := json.Marshal(map[string]string{"code": code, "message": msg})
		st.write(&assistant.Event{Type: assistant.EventError, Data: data})
		flush()
	}
	// replay sends the stored events after the last one sent, in pages.
	replay := func() bool {
		for {
			evs, err := eng.Store.EventsAfter(ctx, id, st.last, 500)
			if err != nil {
				if ctx.Err() == nil {
					s.log.WarnContext(ctx, "event replay failed", "conversation_id", id, "err", err)
					end(string(ratewise.EUNAVAILABLE), "The event stream was interrupted; reconnect to resume.")
				}
				return false
			}
			for i := range evs {
				st.write(&evs[i])
			}
			if len(evs) < 500 {
				return flush()
			}
		}
	}

	var expired <-chan time.Time
	if !session.expires.IsZero() {
		t := time.NewTimer(time.Until(session.expires))
		defer t.Stop()
		expired = t.C
	}
	heartbeat := time.NewTicker(s.cfg.Heartbeat)
	defer heartbeat.Stop()
	for {
		// Subscribe first, then replay: whatever is stored in between arrives on the
		// subscription too and is skipped by number.
		sub := eng.Bus.Subscribe(id, session.stream)
		if !replay() {
			sub.Close()
			return nil
		}
		for _, ev := range sub.Snapshot {
			st.write(ev)
		}
		if !flush() {
			sub.Close()
			return nil
		}
		unflushed := 0
	live:
		for {
			select {
			case ev, ok := <-sub.C:
				if !ok {
					if errors.Is(sub.Err(), assistant.ErrSessionEnded) {
						end(string(ratewise.EUNAUTHENTICATED), "You were signed out; sign in again to carry on.")
						return nil
					}
					break live // dropped as slow, or the bus reconnected: resume from the database
				}
				if ev.Durable() && ev.Seq > st.last+1 {
					// An event numbered below this one has not reached us yet, though it is
					// committed (numbers commit in order): read them all from the database.
					if !replay() {
						sub.Close()
						return nil
					}
					continue
				}
				st.write(ev)
				// Events already waiting go out in the same write to the client, up to a few.
				if len(sub.C) > 0 && unflushed < maxUnflushedEvents {
					unflushed++
					continue
				}
				unflushed = 0
				if !flush() {
					sub.Close()
					return nil
				}
			case <-heartbeat.C:
				if _, err := fmt.Fprint(w, ": ping\n\n"); err != nil || rc.Flush() != nil {
					sub.Close()
					return nil
				}
			case <-expired:
				sub.Close()
				end(string(ratewise.EUNAUTHENTICATED), "Your session has expired; sign in again to carry on.")
				return nil
			case <-ctx.Done():
				sub.Close()
				return nil
			case <-s.closing.Done():
				sub.Close()
				return nil
			}
		}
		sub.Close()
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

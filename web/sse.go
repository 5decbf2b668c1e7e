package web

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"ratewise/assistant"
)

// conversationEvents streams a conversation's events as Server-Sent Events. Each event's id is
// its row id in conversation_events; a client reconnecting with Last-Event-ID (or
// ?last_event_id=) gets every later event from the database, then live ones, with no gap and
// no duplicate. The stream ends when the client goes away or the server shuts down.
//
// Event types and the JSON of their data (stable; fields may be added, never renamed):
//
//	message.created     Message — a user, agent or system message was stored
//	                    {"id","role","text","created_at","cards"?,"citations"?,"flags"?}
//	message.delta       {"reply_to": <user message id>, "delta": "text"} — assistant text as it is
//	                    generated; append deltas, then replace them with message.completed
//	message.completed   Message — the assistant's final answer (role "assistant"), with its
//	                    "cards" and "citations"; its text replaces any deltas shown
//	tool.started        {"reply_to", "call_id", "name", "label"} — label says in words what the
//	                    step does, with counts read from the store before it runs, e.g.
//	                    "Comparing 42 car-loan offers with your car loan…",
//	                    "Searching 12 personal-loan offers…", "Searching our guides…"
//	tool.completed      {"reply_to", "call_id", "name", "ok": true|false, "summary"} — summary says
//	                    what the step found, from its result, e.g. "Compared 42 car-loan
//	                    offers; 3 are better than your car loan", "Found 3 passages in our
//	                    guides; best match: “APR vs interest rate”"; "That step did not work"
//	                    when ok is false
//	offers              [Card, …] — Cards (web/openapi.json), built from the compare tool's result
//	handoff.updated     {"state": "queued"|"assigned"|"bot", "position": n, "eta_seconds": n}
//	agent.joined        {"name"}
//	typing              {"role": "assistant"|"agent", "active": true|false}
//	conversation.closed {"resolution"}
//	error               {"code", "message", "reply_to"?} — the turn failed; the user's message
//	                    is kept and no assistant message was stored
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
	last := int64(0)
	resume := req.Header.Get("Last-Event-ID")
	if resume == "" {
		resume = c.QueryParam("last_event_id")
	}
	if resume != "" {
		if last, err = strconv.ParseInt(resume, 10, 64); err != nil || last < 0 {
			last = 0
		}
	}

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
	write := func(ev assistant.Event) error {
		if _, err := fmt.Fprintf(w, "id: %d\nevent: %s\ndata: %s\n\n", ev.ID, ev.Type, ev.Data); err != nil {
			return err
		}
		last = ev.ID
		return rc.Flush()
	}
	writeError := func(msg string) {
		fmt.Fprintf(w, "event: error\ndata: {\"code\":\"unavailable\",\"message\":%q}\n\n", msg)
		_ = rc.Flush()
	}

	heartbeat := time.NewTicker(s.cfg.Heartbeat)
	defer heartbeat.Stop()
	for {
		// Subscribe first, then replay: whatever is published in between arrives on the
		// subscription and is skipped by id if the replay already sent it.
		sub := eng.Bus.Subscribe(id)
		for {
			evs, err := eng.Store.EventsAfter(ctx, id, last, 500)
			if err != nil {
				sub.Close()
				if ctx.Err() == nil {
					s.log.WarnContext(ctx, "event replay failed", "conversation_id", id, "err", err)
					writeError("The event stream was interrupted; reconnect to resume.")
				}
				return nil
			}
			for _, ev := range evs {
				if err := write(ev); err != nil {
					sub.Close()
					return nil
				}
			}
			if len(evs) < 500 {
				break
			}
		}
	live:
		for {
			select {
			case ev, ok := <-sub.C:
				if !ok {
					break live // dropped as slow: resume from the database
				}
				if ev.ID <= last {
					continue
				}
				if err := write(ev); err != nil {
					sub.Close()
					return nil
				}
			case <-heartbeat.C:
				if _, err := fmt.Fprint(w, ": ping\n\n"); err != nil || rc.Flush() != nil {
					sub.Close()
					return nil
				}
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

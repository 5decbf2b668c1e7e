package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"ratewise"
	"ratewise/assistant"
)

// consoleEvents is a staff member's event stream (SSE): offers made to them (offer.created,
// offer.expired), queue.updated whenever the queue may have changed, conversation.updated for
// the conversations they hold (supervisors: all), presence.updated, sla.warning, and every
// event of the conversations they hold, with "conversation_id" added to its data and its text
// masked as the transcript is (messages list what was masked; streamed pieces are left out). It follows the instance's bus, so an event from any instance arrives at once.
//
// The console's own events are notices, not a log: they carry no id and a reconnecting
// console reads the state again (GET …/offers, …/queue, …/conversations). On connect the
// stream first repeats the open offers as offer.created. When the bus drops it (it fell
// behind, or the bus reconnected) the stream ends with an error event "unavailable"; when the
// session ends, with "unauthenticated".
func (s *Server) consoleEvents(c echo.Context) error {
	ctx := c.Request().Context()
	a := s.actor(c)
	con := s.deps.Console
	bus := s.deps.Assistant.Bus
	session, _ := c.Get(sessionKey).(signedIn)

	type tagged struct {
		topic int64
		ev    *assistant.Event
		sub   *assistant.Subscription
	}
	merged := make(chan tagged, assistant.SubscriberBuffer)
	done := make(chan struct{})
	defer close(done)
	subs := map[int64]*assistant.Subscription{}
	follow := func(topic int64) {
		if subs[topic] != nil {
			return
		}
		sub := bus.Subscribe(topic, session.stream)
		subs[topic] = sub
		go func() {
			for ev := range sub.C {
				select {
				case merged <- tagged{topic, ev, sub}:
				case <-done:
					return
				}
			}
			select {
			case merged <- tagged{topic, nil, sub}:
			case <-done:
			}
		}()
	}
	unfollow := func(topic int64) {
		if sub := subs[topic]; sub != nil {
			sub.Close()
			delete(subs, topic)
		}
	}
	defer func() {
		for _, sub := range subs {
			sub.Close()
		}
	}()
	// The notices are followed before the state is read: an offer made or a conversation
	// assigned meanwhile is in what is read, or comes as an event after it, or both (an
	// offer.created repeated is the same offer). Read first, one made between the reads and
	// the following was in neither.
	follow(assistant.ConsoleTopic)
	follow(assistant.AgentTopic(a.ID))
	held, err := con.Held(ctx, a, false)
	if err != nil {
		return err
	}
	offers, err := con.Offers(ctx, a)
	if err != nil {
		return err
	}
	for _, hc := range held {
		follow(hc.ID)
	}

	w := c.Response()
	h := w.Header()
	h.Set(echo.HeaderContentType, "text/event-stream")
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	rc := http.NewResponseController(w)

	var werr error
	send := func(typ string, data []byte) {
		if werr == nil {
			_, werr = fmt.Fprintf(w, "event: %s\ndata: %s\n\n", typ, data)
		}
	}
	flush := func() bool { return werr == nil && rc.Flush() == nil }
	end := func(code, msg string) {
		data, _ := json.Marshal(map[string]string{"code": code, "message": msg})
		send(assistant.EventError, data)
		flush()
	}
	for _, o := range offers {
		data, _ := json.Marshal(o)
		send(assistant.EventOfferCreated, data)
	}
	if !flush() {
		return nil
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
		select {
		case m := <-merged:
			if subs[m.topic] != m.sub {
				continue // from a subscription since closed
			}
			if m.ev == nil {
				if errors.Is(m.sub.Err(), assistant.ErrSessionEnded) {
					end(string(ratewise.EUNAUTHENTICATED), "You were signed out; sign in again to carry on.")
				} else {
					end(string(ratewise.EUNAVAILABLE), "The event stream fell behind; reconnect and read the state again.")
				}
				return nil
			}
			ev := m.ev
			switch {
			case m.topic == assistant.ConsoleTopic:
				s.consoleNotice(ev, a, send, follow, unfollow, subs)
			case m.topic == assistant.AgentTopic(a.ID):
				send(ev.Type, ev.Data)
			default:
				if data, ok := withConversation(ev); ok {
					send(ev.Type, data)
				}
			}
			if !flush() {
				return nil
			}
		case <-heartbeat.C:
			if _, err := fmt.Fprint(w, ": ping\n\n"); err != nil || rc.Flush() != nil {
				return nil
			}
		case <-expired:
			end(string(ratewise.EUNAUTHENTICATED), "Your session has expired; sign in again to carry on.")
			return nil
		case <-ctx.Done():
			return nil
		case <-s.closing.Done():
			return nil
		}
	}
}

// consoleNotice passes on one event of the console topic to a's stream, as far as a may see
// it, and follows or stops following the conversation it concerns.
func (s *Server) consoleNotice(ev *assistant.Event, a assistant.Actor, send func(string, []byte), follow, unfollow func(int64), subs map[int64]*assistant.Subscription) {
	switch ev.Type {
	case assistant.EventConversationUpdated:
		var u assistant.ConversationUpdate
		if json.Unmarshal(ev.Data, &u) != nil {
			return
		}
		mine := u.AgentID != nil && *u.AgentID == a.ID && u.Phase == assistant.PhaseAssigned
		_, following := subs[u.ConversationID]
		if a.Supervisor || mine || following {
			send(ev.Type, ev.Data)
		}
		switch {
		case mine:
			follow(u.ConversationID)
		case following:
			unfollow(u.ConversationID)
		}
		data, _ := json.Marshal(map[string]any{"conversation_id": u.ConversationID, "phase": u.Phase})
		send(assistant.EventQueueUpdated, data)
	case assistant.EventPresenceUpdated:
		var p struct {
			AgentID int64 `json:"agent_id"`
		}
		if json.Unmarshal(ev.Data, &p) == nil && (a.Supervisor || p.AgentID == a.ID) {
			send(ev.Type, ev.Data)
		}
	case assistant.EventSLAWarning:
		send(ev.Type, ev.Data)
	case "note.created":
		var n struct {
			ConversationID int64 `json:"conversation_id"`
		}
		if json.Unmarshal(ev.Data, &n) == nil {
			if _, following := subs[n.ConversationID]; following || a.Supervisor {
				send(ev.Type, ev.Data)
			}
		}
	}
}

// withConversation is a conversation event's data for a staff stream: masked as the
// transcript is (assistant.StaffEventData) and its conversation named. Data that is not an
// object (offer cards) is wrapped. False: the event is not for staff.
func withConversation(ev *assistant.Event) ([]byte, bool) {
	data, ok := assistant.StaffEventData(ev.Type, ev.Data)
	if !ok {
		return nil, false
	}
	var m map[string]any
	if json.Unmarshal(data, &m) != nil {
		m = map[string]any{"data": json.RawMessage(data)}
	}
	m["conversation_id"] = ev.ConversationID
	out, err := json.Marshal(m)
	if err != nil {
		return nil, false
	}
	return out, true
}

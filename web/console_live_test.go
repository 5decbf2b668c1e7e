package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"ratewise/assistant"
)

// staffStream opens path as the client signed in with cookie, on a real listener, and returns
// its events until the test ends.
func staffStream(t *testing.T, srv *httptest.Server, cl *client, path string) <-chan sseEvent {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+path, nil)
	req.AddCookie(&http.Cookie{Name: sessionCookie, Value: cl.cookie})
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s = %d", path, resp.StatusCode)
	}
	return readEvents(resp)
}

// waitEvent reads ch until an event of type typ whose data satisfies ok, checking every
// event on the way against the stream's document (path), and returns it with the events
// before it.
func waitEvent(t *testing.T, ch <-chan sseEvent, path, typ string, ok func(data string) bool) (sseEvent, []sseEvent) {
	t.Helper()
	ct := contractDoc(t)
	var before []sseEvent
	guard := time.After(20 * time.Second)
	for {
		select {
		case ev, open := <-ch:
			if !open {
				t.Fatalf("the stream ended before %s; got %v", typ, before)
			}
			if ev.Type == "heartbeat" {
				continue
			}
			if err := ct.checkEventOn(path, ev.Type, ev.Data); err != nil {
				t.Error(err)
			}
			if ev.Type == typ && (ok == nil || ok(ev.Data)) {
				return ev, before
			}
			before = append(before, ev)
		case <-guard:
			t.Fatalf("no %s within 20 s; got %v", typ, before)
		}
	}
}

// checkEventOn is checkEvent for the event stream at path.
func (ct *contract) checkEventOn(path, typ, data string) error {
	ptr := "#/paths/" + escapePointer(path) + "/get/responses/200/x-events/" + escapePointer(typ)
	if _, err := jsonPointer(ct.strict, ptr); err != nil {
		if path == eventsPath {
			return fmt.Errorf("event type %q is not documented", typ)
		}
		// A held conversation's event on the console stream: the conversation stream's
		// document, plus the conversation_id the console adds.
		var m map[string]any
		if err := json.Unmarshal([]byte(data), &m); err != nil {
			return fmt.Errorf("%s event data %s: %v", typ, data, err)
		}
		if _, ok := m["conversation_id"]; !ok {
			return fmt.Errorf("%s event on %s has no conversation_id: %s", typ, path, data)
		}
		delete(m, "conversation_id")
		raw, _ := json.Marshal(m)
		return ct.checkEvent(typ, string(raw))
	}
	if err := ct.validate(true, ptr, []byte(data)); err != nil {
		return fmt.Errorf("%s event does not match the document of %s: %v\ndata: %.2000s", typ, path, err, data)
	}
	return nil
}

// heldConversation makes a consumer whose conversation the agent holds: asked for a person,
// offered, accepted.
func heldConversation(t *testing.T, e *consoleEnv, agent *client, email string) (*client, int64) {
	t.Helper()
	decode(t, agent.do("POST", "/api/v1/console/status", map[string]any{"status": "online"}), 200, nil)
	consumer, conv := newConsumerConversation(t, e, email)
	decode(t, consumer.do("POST", "/api/v1/conversations/"+strconv.FormatInt(conv, 10)+"/handoff", nil), 200, nil)
	o := waitOffer(t, agent, conv)
	decode(t, agent.do("POST", fmt.Sprintf("/api/v1/console/offers/%d/accept", o.OfferID), nil), 200, nil)
	return consumer, conv
}

// Typing reaches the other side live, both ways: the consumer's to the console of the agent
// holding the conversation (role user), the agent's to the consumer's stream (role agent).
// While the assistant has the conversation, the consumer's typing goes nowhere.
func TestConsoleTypingBothWays(t *testing.T) {
	t.Parallel()
	e := newConsoleEnv(t)
	srv := listen(t, e.s)
	agent, _ := e.staff(t, "tia@ratewise.test", RoleAgent, "Tia Agent")
	consumer, conv := heldConversation(t, e, agent, "tom@example.com")
	id := strconv.FormatInt(conv, 10)
	const consolePath = "/api/v1/console/events"
	console := staffStream(t, srv, agent, consolePath)
	mine := staffStream(t, srv, consumer, "/api/v1/conversations/"+id+"/events")

	for _, active := range []bool{true, false} {
		if rec := consumer.do("POST", "/api/v1/conversations/"+id+"/typing", map[string]bool{"active": active}); rec.Code != http.StatusNoContent {
			t.Fatalf("consumer typing: %d %s", rec.Code, rec.Body)
		}
		ev, _ := waitEvent(t, console, consolePath, assistant.EventTyping, func(data string) bool { return strings.Contains(data, `"user"`) })
		var d struct {
			Role           string
			Active         bool
			ConversationID int64 `json:"conversation_id"`
		}
		_ = json.Unmarshal([]byte(ev.Data), &d)
		if d.Role != "user" || d.Active != active || d.ConversationID != conv {
			t.Errorf("the agent's console got typing %s, want role user, active %v, conversation %d", ev.Data, active, conv)
		}

		if rec := agent.do("POST", "/api/v1/console/conversations/"+id+"/typing", map[string]bool{"active": active}); rec.Code != http.StatusNoContent {
			t.Fatalf("agent typing: %d %s", rec.Code, rec.Body)
		}
		ev, _ = waitEvent(t, mine, eventsPath, assistant.EventTyping, func(data string) bool { return strings.Contains(data, `"agent"`) })
		if err := json.Unmarshal([]byte(ev.Data), &d); err != nil || d.Active != active {
			t.Errorf("the consumer got typing %s, want role agent, active %v", ev.Data, active)
		}
	}
	// Someone else's conversation: typing into it is refused like any other access.
	other, _ := e.staff(t, "uma@ratewise.test", RoleAgent, "Uma Agent")
	if rec := other.do("POST", "/api/v1/console/conversations/"+id+"/typing", map[string]bool{"active": true}); rec.Code != http.StatusNotFound {
		t.Errorf("typing into a conversation held by someone else: %d, want 404", rec.Code)
	}
	if got := errorOf(t, agent.do("POST", "/api/v1/console/conversations/"+id+"/typing", map[string]string{})); got.Field != "active" {
		t.Errorf("typing without active: %+v, want 400 on active", got)
	}

	// Handed back to the assistant, the consumer's typing is nobody's business: the console
	// hears nothing of it before the next thing that happens (the agent's status change).
	decode(t, agent.do("POST", "/api/v1/console/conversations/"+id+"/release", nil), 200, nil)
	waitEvent(t, console, consolePath, assistant.EventConversationUpdated, nil)
	if rec := consumer.do("POST", "/api/v1/conversations/"+id+"/typing", map[string]bool{"active": true}); rec.Code != http.StatusNoContent {
		t.Fatalf("consumer typing: %d", rec.Code)
	}
	decode(t, agent.do("POST", "/api/v1/console/status", map[string]any{"status": "away"}), 200, nil)
	_, before := waitEvent(t, console, consolePath, assistant.EventPresenceUpdated, nil)
	for _, ev := range before {
		if ev.Type == assistant.EventTyping {
			t.Errorf("the console heard the consumer typing to the assistant: %s", ev.Data)
		}
	}
}

// Messages reach the console live masked exactly as the transcript shows them — the card,
// IBAN, email and phone a consumer types never reach an agent in the clear — with the masked
// fields listed, so a supervisor can reveal one from the live view. Streamed pieces of an
// answer are not passed on: a piece may split a card number that no mask of it would see.
func TestConsoleStreamMasksLiveMessages(t *testing.T) {
	t.Parallel()
	e := newConsoleEnv(t)
	srv := listen(t, e.s)
	agent, _ := e.staff(t, "vic@ratewise.test", RoleAgent, "Vic Agent")
	sup, _ := e.staff(t, "wes@ratewise.test", RoleSupervisor, "Wes Supervisor")
	consumer, conv := heldConversation(t, e, agent, "una@example.com")
	id := strconv.FormatInt(conv, 10)
	const consolePath = "/api/v1/console/events"
	console := staffStream(t, srv, agent, consolePath)

	secrets := map[string]string{"card": "4111 1111 1111 1111", "iban": "GB82 WEST 1234 5698 7654 32",
		"email": "una.private@example.org", "phone": "+44 20 7946 0958"}
	text := fmt.Sprintf("My card %s and IBAN %s; write to %s or call %s.", secrets["card"], secrets["iban"], secrets["email"], secrets["phone"])

	// A piece of an answer streamed on the conversation (as a turn racing the takeover would)
	// must not reach the console: it ends inside the card number.
	e.eng.Bus.Publish(assistant.Event{ConversationID: conv, Type: assistant.EventMessageDelta, Data: json.RawMessage(`{"reply_to":1,"delta":"your card 4111 1111 11"}`)})
	decode(t, consumer.do("POST", "/api/v1/conversations/"+id+"/messages", map[string]string{"text": text, "client_id": "m1"}), 202, nil)

	ev, before := waitEvent(t, console, consolePath, assistant.EventMessageCreated, func(d string) bool { return strings.Contains(d, `"user"`) })
	for _, b := range before {
		if b.Type == assistant.EventMessageDelta || strings.Contains(b.Data, "4111 1111 11") {
			t.Errorf("a streamed piece reached the console: %s %s", b.Type, b.Data)
		}
	}
	for kind, v := range secrets {
		if strings.Contains(ev.Data, v) {
			t.Errorf("the live message shows the %s in the clear: %s", kind, ev.Data)
		}
	}
	var live struct {
		ID             int64 `json:"id"`
		ConversationID int64 `json:"conversation_id"`
		Text           string
		Masked         []struct{ Field, Kind, Display string }
	}
	if err := json.Unmarshal([]byte(ev.Data), &live); err != nil {
		t.Fatal(err)
	}
	var fields []string
	for _, m := range live.Masked {
		fields = append(fields, m.Field)
	}
	if live.ConversationID != conv || strings.Join(fields, " ") != "card:1 iban:1 email:1 phone:1" {
		t.Errorf("live message = %+v, want conversation %d with card:1 iban:1 email:1 phone:1 masked", live, conv)
	}

	// Live and transcript agree, so what the console draws live is what it draws on reload.
	var view consoleView
	decode(t, agent.do("GET", "/api/v1/console/conversations/"+id, nil), 200, &view)
	var stored consoleMessage
	for _, m := range view.Messages {
		if m.ID == live.ID {
			stored = m
		}
	}
	if stored.Text != live.Text || len(stored.Masked) != len(live.Masked) {
		t.Errorf("transcript has %q %+v, live had %q %+v", stored.Text, stored.Masked, live.Text, live.Masked)
	}
	// A field the live event named can be revealed by a supervisor.
	var revealed struct{ Value string }
	decode(t, sup.do("POST", "/api/v1/console/conversations/"+id+"/reveal", map[string]any{"message_id": live.ID, "field": "iban:1", "reason": "checking the account on file"}), 200, &revealed)
	if revealed.Value != secrets["iban"] {
		t.Errorf("revealed %q, want the IBAN", revealed.Value)
	}

	// The agent's own reply comes back masked too (an agent may paste an email address).
	decode(t, agent.do("POST", "/api/v1/console/conversations/"+id+"/messages", map[string]string{"text": "I have written to " + secrets["email"] + ".", "client_id": "a1"}), 200, nil)
	ev, _ = waitEvent(t, console, consolePath, assistant.EventMessageCreated, func(d string) bool { return strings.Contains(d, `"agent"`) })
	if strings.Contains(ev.Data, secrets["email"]) || !strings.Contains(ev.Data, `"email:1"`) {
		t.Errorf("the agent's reply on the console = %s, want the email masked and listed", ev.Data)
	}
}

// A conversation waiting CONSOLE_SLA_WARNING warns every staff stream once (a durable timer
// armed when it entered the queue) and is listed as overdue; one that somebody took before
// its timer came due warns nobody.
func TestConsoleSLAWarning(t *testing.T) {
	t.Parallel()
	e := newConsoleEnv(t)
	ctx := context.Background()
	srv := listen(t, e.s)
	agent, _ := e.staff(t, "xia@ratewise.test", RoleAgent, "Xia Agent")
	sup, _ := e.staff(t, "yan@ratewise.test", RoleSupervisor, "Yan Supervisor")

	// Conversation taken: held by the agent, who then takes a break (no new offers).
	_, taken := heldConversation(t, e, agent, "zed@example.com")
	decode(t, agent.do("POST", "/api/v1/console/status", map[string]any{"status": "away"}), 200, nil)
	// Conversation waiting: nobody online to take it.
	consumer, waiting := newConsumerConversation(t, e, "amy@example.com")
	decode(t, consumer.do("POST", "/api/v1/conversations/"+strconv.FormatInt(waiting, 10)+"/handoff", nil), 200, nil)

	var armed float64
	if err := e.pool.QueryRow(ctx, `SELECT extract(epoch FROM t.due_at - h.created_at) FROM console_timers t
		JOIN handoffs h ON h.id = t.subject_id WHERE t.kind = 'sla' AND h.conversation_id = $1`, waiting).Scan(&armed); err != nil {
		t.Fatalf("no SLA timer for the waiting conversation: %v", err)
	}
	if want := e.console.Settings().SLAWarning.Seconds(); armed < want-5 || armed > want+5 {
		t.Errorf("the SLA timer is due %.0f s after queueing, want the setting, %.0f s", armed, want)
	}

	const consolePath = "/api/v1/console/events"
	supStream := staffStream(t, srv, sup, consolePath)
	agentStream := staffStream(t, srv, agent, consolePath)
	// Three minutes of waiting, as far as the database can tell; the taken conversation's
	// timer comes due first, so a warning for it would arrive first.
	if _, err := e.pool.Exec(ctx, `UPDATE handoffs SET created_at = now() - interval '3 minutes' WHERE conversation_id = $1`, waiting); err != nil {
		t.Fatal(err)
	}
	tag, err := e.pool.Exec(ctx, `UPDATE console_timers t SET due_at = CASE WHEN h.conversation_id = $1 THEN now() - interval '2 seconds' ELSE now() END
		FROM handoffs h WHERE t.kind = 'sla' AND h.id = t.subject_id AND h.conversation_id IN ($1, $2)`, taken, waiting)
	if err != nil || tag.RowsAffected() != 2 {
		t.Fatalf("made %d SLA timers due (%v), want both conversations'", tag.RowsAffected(), err)
	}
	e.console.Kick()
	for who, ch := range map[string]<-chan sseEvent{"supervisor": supStream, "agent": agentStream} {
		ev, _ := waitEvent(t, ch, consolePath, assistant.EventSLAWarning, nil)
		var w struct {
			ConversationID int64 `json:"conversation_id"`
			WaitingSeconds int   `json:"waiting_seconds"`
		}
		_ = json.Unmarshal([]byte(ev.Data), &w)
		if w.ConversationID != waiting || w.WaitingSeconds < 180 {
			t.Errorf("the %s's first sla.warning = %s, want conversation %d (not the taken %d) waiting 180 s or more", who, ev.Data, waiting, taken)
		}
	}
	var left int
	if err := e.pool.QueryRow(ctx, `SELECT count(*) FROM console_timers WHERE kind = 'sla'`).Scan(&left); err != nil || left != 0 {
		t.Errorf("%d SLA timers left (%v), want none: each fires once", left, err)
	}
	var q struct {
		Conversations []struct {
			ID      int64
			Overdue bool
		}
	}
	decode(t, agent.do("GET", "/api/v1/console/queue", nil), 200, &q)
	if len(q.Conversations) != 1 || q.Conversations[0].ID != waiting || !q.Conversations[0].Overdue {
		t.Errorf("queue = %+v, want conversation %d, overdue", q, waiting)
	}
}

// An offer made while a console's stream opens — after it read the open offers, before it
// followed the agent's events — reached the stream neither way: it followed the events only
// after reading. Here the read of the offers waits on a lock while an offer.created is
// announced; the stream now follows first, and shows it.
func TestConsoleStreamMissesNoOfferWhileItOpens(t *testing.T) {
	t.Parallel()
	e := newConsoleEnv(t)
	srv := listen(t, e.s)
	agent, agentID := e.staff(t, "xia@ratewise.test", RoleAgent, "Xia Agent")
	ctx := context.Background()
	lock, err := e.pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = lock.Rollback(ctx) }()
	if _, err := lock.Exec(ctx, `LOCK TABLE dispatch_offers IN ACCESS EXCLUSIVE MODE`); err != nil {
		t.Fatal(err)
	}
	const consolePath = "/api/v1/console/events"
	opened := make(chan (<-chan sseEvent), 1)
	go func() { opened <- staffStream(t, srv, agent, consolePath) }()
	// The stream's read of the offers waits for the lock.
	for guard := time.Now().Add(20 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		var waiting bool
		if err := e.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_stat_activity
			WHERE wait_event_type = 'Lock' AND query LIKE '%dispatch_offers%' AND pid <> pg_backend_pid())`).Scan(&waiting); err != nil {
			t.Fatal(err)
		}
		if waiting {
			break
		}
		if time.Now().After(guard) {
			t.Fatal("the stream never read the offers")
		}
	}
	offer := assistant.OfferCreated{OfferID: 987654, ConversationID: 123456, ExpiresAt: time.Now().Add(time.Minute).UTC(), Preview: "…",
		Reason: "requested", Priority: 1, Language: "en", WaitingSeconds: 3}
	data, _ := json.Marshal(offer)
	// Published here, the bus hands it at once to this instance's subscriptions, if any.
	e.eng.Bus.Publish(assistant.Event{ConversationID: assistant.AgentTopic(agentID), Type: assistant.EventOfferCreated, Data: data})
	_ = lock.Rollback(ctx)
	console := <-opened
	waitEvent(t, console, consolePath, assistant.EventOfferCreated, func(d string) bool { return strings.Contains(d, `"offer_id":987654`) })
}

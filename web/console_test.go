package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"ratewise/assistant"
	"ratewise/db/dbtest"
	"ratewise/offers"
	"ratewise/offers/offerstest"
)

// consoleEnv is a server with the console loop running, on a database of its own.
type consoleEnv struct {
	s       *Server
	pool    *pgxpool.Pool
	console *assistant.Console
	eng     *assistant.Engine
}

func newConsoleEnv(t *testing.T) *consoleEnv {
	t.Helper()
	pool := dbtest.NewPool(t)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	bus := assistant.NewBus(pool, quietLog())
	if err := bus.Start(ctx); err != nil {
		t.Fatal(err)
	}
	store := offers.NewStore(pool)
	if _, err := offerstest.Seed(ctx, store); err != nil {
		t.Fatal(err)
	}
	eng := assistant.NewEngine(pool, bus, nil, store, nil, quietLog())
	t.Cleanup(eng.Close)
	con := assistant.NewConsole(eng, assistant.ConsoleSettings{Tick: 50 * time.Millisecond})
	s := New(testConfig(), Deps{Log: quietLog(), Pool: pool, Offers: store, Assistant: eng, Console: con})
	go con.Run(ctx)
	return &consoleEnv{s: s, pool: pool, console: con, eng: eng}
}

// staff adds a staff account and returns a client signed in as it.
func (e *consoleEnv) staff(t *testing.T, email, role, name string) (*client, int64) {
	t.Helper()
	ctx := context.Background()
	u, _, err := e.s.users.SaveStaff(ctx, email, name, role, "correct horse battery", testPasswordHashing)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.console.SaveStaff(ctx, assistant.StaffSettings{UserID: u.ID, DisplayName: name, Languages: []string{"en"}}); err != nil {
		t.Fatal(err)
	}
	cl := newClient(t, e.s)
	cl.ip = "192.0.2." + strconv.FormatInt(u.ID%200+1, 10)
	decode(t, cl.do("POST", "/api/v1/auth/login", map[string]string{"email": email, "password": "correct horse battery"}), 200, nil)
	return cl, u.ID
}

// eventually polls check until it returns "" or the deadline passes, and fails with the
// last thing it said. It waits for the background loop, never asserts how fast it is.
func eventually(t *testing.T, what string, check func() string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	var last string
	for time.Now().Before(deadline) {
		if last = check(); last == "" {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("%s: %s", what, last)
}

type offerJSON struct {
	OfferID        int64  `json:"offer_id"`
	ConversationID int64  `json:"conversation_id"`
	Preview        string `json:"preview"`
}

func offersOf(t *testing.T, cl *client) []offerJSON {
	t.Helper()
	var out struct{ Offers []offerJSON }
	decode(t, cl.do("GET", "/api/v1/console/offers", nil), 200, &out)
	return out.Offers
}

// waitOffer waits until cl has an open offer of conversation conv.
func waitOffer(t *testing.T, cl *client, conv int64) offerJSON {
	t.Helper()
	var got offerJSON
	eventually(t, "an offer", func() string {
		for _, o := range offersOf(t, cl) {
			if o.ConversationID == conv {
				got = o
				return ""
			}
		}
		return fmt.Sprintf("no offer of conversation %d", conv)
	})
	return got
}

func (e *consoleEnv) phase(t *testing.T, conv int64) string {
	t.Helper()
	var p string
	if err := e.pool.QueryRow(context.Background(), `SELECT phase FROM conversations WHERE id = $1`, conv).Scan(&p); err != nil {
		t.Fatal(err)
	}
	return p
}

// expire makes every open offer's timer due now, as if its 30 seconds had passed.
func (e *consoleEnv) expire(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	if _, err := e.pool.Exec(ctx, `UPDATE dispatch_offers SET expires_at = now() WHERE state = 'pending'`); err != nil {
		t.Fatal(err)
	}
	if _, err := e.pool.Exec(ctx, `UPDATE console_timers SET due_at = now() WHERE kind = 'offer'`); err != nil {
		t.Fatal(err)
	}
	e.console.Kick()
}

// expireOffer makes one open offer's timer due now.
func (e *consoleEnv) expireOffer(t *testing.T, offerID int64) {
	t.Helper()
	ctx := context.Background()
	if _, err := e.pool.Exec(ctx, `UPDATE dispatch_offers SET expires_at = now() WHERE id = $1`, offerID); err != nil {
		t.Fatal(err)
	}
	if _, err := e.pool.Exec(ctx, `UPDATE console_timers SET due_at = now() WHERE kind = 'offer' AND subject_id = $1`, offerID); err != nil {
		t.Fatal(err)
	}
	e.console.Kick()
}

func newConsumerConversation(t *testing.T, e *consoleEnv, email string) (*client, int64) {
	t.Helper()
	cl := newClient(t, e.s)
	cl.ip = "198.51.100." + strconv.Itoa(len(email)%200+1)
	signUp(t, cl, email)
	var conv struct{ ID int64 }
	decode(t, cl.do("POST", "/api/v1/conversations", nil), 201, &conv)
	return cl, conv.ID
}

type consoleMessage struct {
	ID     int64  `json:"id"`
	Role   string `json:"role"`
	Text   string `json:"text"`
	Masked []struct {
		Field, Kind, Display string
	} `json:"masked"`
}

type consoleView struct {
	State    string           `json:"state"`
	Phase    string           `json:"phase"`
	Messages []consoleMessage `json:"messages"`
	Notes    []struct{ Text string }
	Packet   struct {
		Holdings []json.RawMessage `json:"holdings"`
		Handoff  *struct {
			Reason, Cause string
			Priority      int
		} `json:"handoff"`
		Summary  []string `json:"summary"`
		Promises []struct{ Text string }
	} `json:"packet"`
}

// The whole state machine over HTTP: offer, decline, timeout and re-offer, accept of an
// expired offer, a claim race, the takeover (reply with a placeholder, private note, masked
// transcript, supervisor reveal in the audit log), release to the assistant, close with a
// resolution and the rating.
func TestConsoleStateMachine(t *testing.T) {
	t.Parallel()
	e := newConsoleEnv(t)
	ctx := context.Background()
	alex, alexID := e.staff(t, "alex@ratewise.test", RoleAgent, "Alex Agent")
	bea, beaID := e.staff(t, "bea@ratewise.test", RoleAgent, "Bea Agent")
	sup, supID := e.staff(t, "sam@ratewise.test", RoleSupervisor, "Sam Supervisor")
	decode(t, alex.do("POST", "/api/v1/console/status", map[string]any{"status": "online"}), 200, nil)
	decode(t, bea.do("POST", "/api/v1/console/status", map[string]any{"status": "online"}), 200, nil)

	consumer, conv := newConsumerConversation(t, e, "ada@example.com")
	base := "/api/v1/conversations/" + strconv.FormatInt(conv, 10)
	card := "4111 1111 1111 1111"
	decode(t, consumer.do("POST", base+"/messages?wait=true", map[string]string{"text": "my card " + card + " was charged twice, I want to talk to a person", "client_id": "c1"}), 200, nil)
	if got := e.phase(t, conv); got != assistant.PhaseQueued && got != assistant.PhaseOffered {
		t.Fatalf("after asking for a person the phase is %s", got)
	}

	// The one idle longest (alex came online first) gets the offer, with a masked preview.
	offer := waitOffer(t, alex, conv)
	if strings.Contains(offer.Preview, card) || !strings.Contains(offer.Preview, "•••• 1111") {
		t.Errorf("preview %q: the card number must be masked to its last four", offer.Preview)
	}
	if got := errorOf(t, bea.do("POST", fmt.Sprintf("/api/v1/console/offers/%d/accept", offer.OfferID), nil)); got.Code != "not_found" {
		t.Errorf("someone else's offer accepted by bea: %+v, want not_found", got)
	}
	if rec := bea.do("GET", "/api/v1/console/conversations/"+strconv.FormatInt(conv, 10), nil); rec.Code != http.StatusNotFound {
		t.Errorf("bea opened a conversation not offered to her: %d", rec.Code)
	}
	var view consoleView
	decode(t, alex.do("GET", "/api/v1/console/conversations/"+strconv.FormatInt(conv, 10), nil), 200, &view)

	// Decline: offered to bea, never again to alex.
	decode(t, alex.do("POST", fmt.Sprintf("/api/v1/console/offers/%d/decline", offer.OfferID), map[string]string{"reason": "on a call"}), 200, nil)
	offer2 := waitOffer(t, bea, conv)
	if rec := alex.do("GET", "/api/v1/console/conversations/"+strconv.FormatInt(conv, 10), nil); rec.Code != http.StatusNotFound {
		t.Errorf("alex still opens the conversation he declined: %d", rec.Code)
	}

	// Timeout: bea's offer runs out; nobody eligible is left, so it waits in the queue.
	e.expire(t)
	eventually(t, "the expired offer returns the conversation to the queue", func() string {
		if p := e.phase(t, conv); p != assistant.PhaseQueued {
			return "phase " + p
		}
		return ""
	})
	if got := errorOf(t, bea.do("POST", fmt.Sprintf("/api/v1/console/offers/%d/accept", offer2.OfferID), nil)); got.Code != "conflict" {
		t.Errorf("accepting an expired offer: %+v, want conflict", got)
	}
	var missed int
	if err := e.pool.QueryRow(ctx, `SELECT missed_offers FROM staff WHERE user_id = $1`, beaID).Scan(&missed); err != nil || missed != 1 {
		t.Errorf("bea's missed offers = %d (%v), want 1", missed, err)
	}
	var queue struct{ Conversations []struct{ ID int64 } }
	decode(t, alex.do("GET", "/api/v1/console/queue", nil), 200, &queue)
	if len(queue.Conversations) != 1 || queue.Conversations[0].ID != conv {
		t.Errorf("queue = %+v, want conversation %d", queue, conv)
	}

	// A claim race: exactly one wins, the other gets 409.
	codes := make([]int, 2)
	var wg sync.WaitGroup
	for i, cl := range []*client{alex, bea} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i] = cl.do("POST", "/api/v1/console/conversations/"+strconv.FormatInt(conv, 10)+"/claim", nil).Code
		}()
	}
	wg.Wait()
	winner, loser, winnerID := alex, bea, alexID
	switch {
	case codes[0] == 200 && codes[1] == 409:
	case codes[0] == 409 && codes[1] == 200:
		winner, loser, winnerID = bea, alex, beaID
	default:
		t.Fatalf("claim race statuses = %v, want one 200 and one 409", codes)
	}

	// The takeover: masked transcript and packet, replies with placeholders, private notes.
	cpath := "/api/v1/console/conversations/" + strconv.FormatInt(conv, 10)
	decode(t, winner.do("GET", cpath, nil), 200, &view)
	var userMsg consoleMessage
	for _, m := range view.Messages {
		if m.Role == "user" {
			userMsg = m
		}
	}
	if strings.Contains(userMsg.Text, card) || len(userMsg.Masked) != 1 || userMsg.Masked[0].Field != "card:1" || userMsg.Masked[0].Display != "•••• 1111" {
		t.Errorf("agent sees %q masked %+v; want the card as •••• 1111, field card:1", userMsg.Text, userMsg.Masked)
	}
	if view.Packet.Handoff == nil || view.Packet.Handoff.Reason != "requested" || view.Packet.Handoff.Cause != "trigger" || len(view.Packet.Summary) == 0 {
		t.Errorf("packet = %+v, want the handoff reason, its cause and a summary", view.Packet)
	}
	for _, s := range view.Packet.Summary {
		if strings.Contains(s, card) {
			t.Errorf("summary %q shows the card number", s)
		}
	}
	if got := loser.do("POST", cpath+"/messages", map[string]string{"text": "hi", "client_id": "x"}); got.Code != 404 {
		t.Errorf("reply to a conversation not held: %d, want 404", got.Code)
	}
	var sent struct{ Message consoleMessage }
	decode(t, winner.do("POST", cpath+"/messages", map[string]string{"text": "Hi {first_name}, I'm {agent_first_name}.", "client_id": "a1"}), 200, &sent)
	if !strings.HasPrefix(sent.Message.Text, "Hi Ada, I'm ") || strings.Contains(sent.Message.Text, "{") {
		t.Errorf("reply = %q, want the placeholders filled", sent.Message.Text)
	}
	decode(t, winner.do("POST", cpath+"/messages", map[string]string{"text": "Hi {first_name}, I'm {agent_first_name}.", "client_id": "a1"}), 200, nil)
	const secret = "internal: suspect duplicate charge"
	if got := errorOf(t, winner.do("POST", cpath+"/notes", map[string]string{"text": strings.Repeat("n", 4001)})); got.Field != "text" {
		t.Errorf("a note over 4,000 characters: %+v, want 400 on text", got)
	}
	var added struct {
		Note struct {
			AuthorID   int64  `json:"author_id"`
			AuthorName string `json:"author_name"`
		}
	}
	decode(t, winner.do("POST", cpath+"/notes", map[string]string{"text": secret}), 201, &added)
	winnerName := map[int64]string{alexID: "Alex Agent", beaID: "Bea Agent"}[winnerID]
	if added.Note.AuthorID != winnerID || added.Note.AuthorName != winnerName {
		t.Errorf("note = %+v, want author %d named %s", added.Note, winnerID, winnerName)
	}
	var withNote struct {
		Notes []struct {
			AuthorName string `json:"author_name"`
		}
	}
	decode(t, sup.do("GET", cpath, nil), 200, &withNote)
	if len(withNote.Notes) != 1 || withNote.Notes[0].AuthorName != winnerName {
		t.Errorf("notes as the supervisor sees them = %+v, want one by %s", withNote.Notes, winnerName)
	}

	var transcript struct {
		State    string
		Messages []consoleMessage
	}
	decode(t, consumer.do("GET", base, nil), 200, &transcript)
	agentMsgs := 0
	for _, m := range transcript.Messages {
		if strings.Contains(m.Text, secret) {
			t.Errorf("the consumer's transcript has the private note")
		}
		if m.Role == "agent" {
			agentMsgs++
		}
	}
	if transcript.State != "assigned" || agentMsgs != 1 {
		t.Errorf("consumer sees state %s and %d agent messages, want assigned and 1 (a repeated client_id stores one)", transcript.State, agentMsgs)
	}
	evs, err := e.eng.Store.EventsAfter(ctx, conv, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	ct := contractDoc(t)
	joined := false
	for _, ev := range evs {
		if strings.Contains(string(ev.Data), secret) {
			t.Errorf("the consumer's events carry the private note: %s", ev.Data)
		}
		if err := ct.checkEvent(ev.Type, string(ev.Data)); err != nil {
			t.Error(err)
		}
		if ev.Type == assistant.EventAgentJoined {
			var d struct {
				Name  string
				Agent struct {
					DisplayName string `json:"display_name"`
				}
			}
			_ = json.Unmarshal(ev.Data, &d)
			joined = d.Name != "" && d.Name == d.Agent.DisplayName
		}
	}
	if !joined {
		t.Error("no agent.joined with both name and agent.display_name")
	}

	// Reveal: supervisors only, one field, with a reason, in the audit log.
	reveal := map[string]any{"message_id": userMsg.ID, "field": "card:1", "reason": "customer disputes the charge"}
	if rec := winner.do("POST", cpath+"/reveal", reveal); rec.Code != http.StatusForbidden {
		t.Errorf("an agent revealed: %d", rec.Code)
	}
	if got := errorOf(t, sup.do("POST", cpath+"/reveal", map[string]any{"message_id": userMsg.ID, "field": "iban:1", "reason": "checking"})); got.Field != "field" {
		t.Errorf("revealing a field that is not there: %+v", got)
	}
	var revealed struct{ Value string }
	decode(t, sup.do("POST", cpath+"/reveal", reveal), 200, &revealed)
	if revealed.Value != card {
		t.Errorf("revealed %q, want %q", revealed.Value, card)
	}
	if rec := winner.do("GET", "/api/v1/console/audit", nil); rec.Code != http.StatusForbidden {
		t.Errorf("an agent read the audit log: %d", rec.Code)
	}
	var audit struct {
		Entries []struct {
			Action, Field, Reason string
			ActorID               *int64 `json:"actor_id"`
			ActorName             string `json:"actor_name"`
		}
	}
	decode(t, sup.do("GET", "/api/v1/console/audit?conversation_id="+strconv.FormatInt(conv, 10), nil), 200, &audit)
	views, reveals := 0, 0
	for _, a := range audit.Entries {
		switch a.Action {
		case "view":
			views++
			if a.ActorID == nil || a.ActorName != map[int64]string{alexID: "Alex Agent", beaID: "Bea Agent", supID: "Sam Supervisor"}[*a.ActorID] {
				t.Errorf("view entry = %+v, want the agent's display name beside their id", a)
			}
		case "reveal":
			reveals++
			if a.Field != "card:1" || a.Reason != "customer disputes the charge" || a.ActorName != "Sam Supervisor" {
				t.Errorf("reveal entry = %+v, want field card:1, the reason, and Sam Supervisor by name", a)
			}
		}
	}
	if views != 3 || reveals != 1 {
		t.Errorf("audit has %d views and %d reveals, want the three views (the offered agent, the holder, the supervisor) and the one reveal", views, reveals)
	}

	// Release: back to the assistant, which answers the next message.
	decode(t, winner.do("POST", cpath+"/release", map[string]string{"note": "explained the duplicate charge"}), 200, nil)
	var sendOut struct {
		Replies []consoleMessage
	}
	decode(t, consumer.do("POST", base+"/messages?wait=true", map[string]string{"text": "thanks! what is an APR?", "client_id": "c2"}), 200, &sendOut)
	if len(sendOut.Replies) != 1 || sendOut.Replies[0].Role != "assistant" {
		t.Fatalf("after the hand-back the replies are %+v, want the assistant's answer", sendOut.Replies)
	}

	// Close with a resolution code, then the consumer rates.
	decode(t, consumer.do("POST", base+"/handoff", map[string]string{"reason": "one more question"}), 200, nil)
	eventually(t, "the second handoff is offered", func() string {
		if p := e.phase(t, conv); p != assistant.PhaseOffered {
			return "phase " + p
		}
		return ""
	})
	var offeredTo int64
	if err := e.pool.QueryRow(ctx, `SELECT agent_id FROM dispatch_offers WHERE conversation_id = $1 AND state = 'pending'`, conv).Scan(&offeredTo); err != nil {
		t.Fatal(err)
	}
	holder := map[int64]*client{alexID: alex, beaID: bea}[offeredTo]
	decode(t, holder.do("POST", cpath+"/claim", nil), 200, nil)
	if got := errorOf(t, holder.do("POST", cpath+"/close", map[string]string{"resolution": "sorted"})); got.Field != "resolution" {
		t.Errorf("an unknown resolution: %+v, want 400 on resolution", got)
	}
	if p := e.phase(t, conv); p != assistant.PhaseAssigned {
		t.Errorf("a refused close changed the phase to %s", p)
	}
	if rec := consumer.do("POST", base+"/csat", map[string]int{"score": 5}); rec.Code != http.StatusConflict {
		t.Errorf("rating before the close: %d, want 409", rec.Code)
	}
	decode(t, holder.do("POST", cpath+"/close", map[string]string{"resolution": "resolved"}), 200, nil)
	decode(t, consumer.do("POST", base+"/csat", map[string]int{"score": 5}), 200, nil)
	_ = winnerID

	// Every step is in the transition log, with its cause.
	rows, err := e.pool.Query(ctx, `SELECT from_phase || '>' || to_phase || ':' || cause FROM conversation_transitions WHERE conversation_id = $1 ORDER BY id`, conv)
	if err != nil {
		t.Fatal(err)
	}
	var log []string
	for rows.Next() {
		var s string
		_ = rows.Scan(&s)
		log = append(log, s)
	}
	rows.Close()
	want := []string{"bot>queued:trigger", "queued>offered:system", "offered>queued:agent", "queued>offered:system", "offered>queued:timer",
		"queued>assigned:agent", "assigned>bot:agent", "bot>queued:consumer", "queued>offered:system", "offered>assigned:agent", "assigned>closed:agent"}
	if strings.Join(log, " ") != strings.Join(want, " ") {
		t.Errorf("transition log:\n got %v\nwant %v", log, want)
	}
}

// An agent whose heartbeat stops is set away; after the grace period their conversations go
// back to the front of the queue, with the reason in the log.
func TestConsoleHeartbeatLossRequeues(t *testing.T) {
	t.Parallel()
	e := newConsoleEnv(t)
	ctx := context.Background()
	agent, agentID := e.staff(t, "cleo@ratewise.test", RoleAgent, "Cleo Agent")
	decode(t, agent.do("POST", "/api/v1/console/status", map[string]any{"status": "online"}), 200, nil)
	consumer, conv := newConsumerConversation(t, e, "bo@example.com")
	decode(t, consumer.do("POST", "/api/v1/conversations/"+strconv.FormatInt(conv, 10)+"/handoff", nil), 200, nil)
	o := waitOffer(t, agent, conv)
	decode(t, agent.do("POST", fmt.Sprintf("/api/v1/console/offers/%d/accept", o.OfferID), nil), 200, nil)

	// 45 seconds without a heartbeat, as far as the database can tell.
	if _, err := e.pool.Exec(ctx, `UPDATE staff SET last_heartbeat_at = now() - interval '1 hour' WHERE user_id = $1`, agentID); err != nil {
		t.Fatal(err)
	}
	if _, err := e.pool.Exec(ctx, `UPDATE console_timers SET due_at = now() WHERE kind = 'heartbeat' AND subject_id = $1`, agentID); err != nil {
		t.Fatal(err)
	}
	var status struct{ Status string }
	eventually(t, "the agent is set away", func() string {
		decode(t, agent.do("GET", "/api/v1/console/status", nil), 200, &status)
		if status.Status != "away" {
			return "status " + status.Status
		}
		return ""
	})
	if p := e.phase(t, conv); p != assistant.PhaseAssigned {
		t.Fatalf("during the grace period the conversation is %s, want still assigned", p)
	}
	if _, err := e.pool.Exec(ctx, `UPDATE console_timers SET due_at = now() WHERE kind = 'grace' AND subject_id = $1`, agentID); err != nil {
		t.Fatal(err)
	}
	e.console.Kick()
	eventually(t, "the conversation is back in the queue", func() string {
		if p := e.phase(t, conv); p != assistant.PhaseQueued {
			return "phase " + p
		}
		return ""
	})
	var trigger string
	if err := e.pool.QueryRow(ctx, `SELECT cause || ':' || trigger FROM conversation_transitions WHERE conversation_id = $1 ORDER BY id DESC LIMIT 1`, conv).Scan(&trigger); err != nil {
		t.Fatal(err)
	}
	if trigger != "timer:agent_lost" {
		t.Errorf("last transition = %s, want timer:agent_lost", trigger)
	}
	var q struct {
		Conversations []struct {
			ID       int64
			Requeued bool
		}
	}
	decode(t, agent.do("GET", "/api/v1/console/queue", nil), 200, &q)
	if len(q.Conversations) != 1 || !q.Conversations[0].Requeued {
		t.Errorf("queue = %+v, want the conversation, requeued", q)
	}
}

// Least privilege: a consumer reaches no console route (404, as if none existed), signed out
// is 401, an agent gets 403 on the supervisor and admin routes.
func TestConsoleRoleFences(t *testing.T) {
	t.Parallel()
	e := newConsoleEnv(t)
	consumer, conv := newConsumerConversation(t, e, "eve@example.com")
	agent, _ := e.staff(t, "dan@ratewise.test", RoleAgent, "Dan Agent")
	id := strconv.FormatInt(conv, 10)
	routes := [][2]string{
		{"GET", "/api/v1/console/status"}, {"POST", "/api/v1/console/status"}, {"GET", "/api/v1/console/queue"},
		{"GET", "/api/v1/console/offers"}, {"POST", "/api/v1/console/offers/1/accept"}, {"POST", "/api/v1/console/offers/1/decline"},
		{"GET", "/api/v1/console/conversations"}, {"GET", "/api/v1/console/conversations/" + id},
		{"POST", "/api/v1/console/conversations/" + id + "/claim"}, {"POST", "/api/v1/console/conversations/" + id + "/messages"},
		{"POST", "/api/v1/console/conversations/" + id + "/notes"}, {"POST", "/api/v1/console/conversations/" + id + "/typing"},
		{"POST", "/api/v1/console/conversations/" + id + "/release"}, {"POST", "/api/v1/console/conversations/" + id + "/close"},
		{"POST", "/api/v1/console/conversations/" + id + "/reveal"}, {"GET", "/api/v1/console/canned"}, {"POST", "/api/v1/console/canned"},
		{"POST", "/api/v1/console/messages/1/review"}, {"GET", "/api/v1/console/reviews"}, {"GET", "/api/v1/console/metrics"},
		{"GET", "/api/v1/console/audit"}, {"GET", "/api/v1/console/staff"}, {"GET", "/api/v1/console/events"},
		{"GET", "/console"}, {"GET", "/console/metrics"},
	}
	for _, r := range routes {
		if rec := consumer.do(r[0], r[1], `{}`); rec.Code != http.StatusNotFound {
			t.Errorf("consumer %s %s: %d, want 404", r[0], r[1], rec.Code)
		}
	}
	signedOut := newClient(t, e.s)
	if rec := signedOut.do("GET", "/api/v1/console/queue", nil); rec.Code != http.StatusUnauthorized {
		t.Errorf("signed out: %d, want 401", rec.Code)
	}
	for _, p := range []string{"/api/v1/console/audit", "/api/v1/console/staff", "/api/v1/console/reviews"} {
		if rec := agent.do("GET", p, nil); rec.Code != http.StatusForbidden {
			t.Errorf("agent GET %s: %d, want 403", p, rec.Code)
		}
	}
	if rec := agent.do("POST", "/api/v1/console/canned", map[string]string{"shortcut": "/hi", "text": "Hi"}); rec.Code != http.StatusForbidden {
		t.Errorf("agent POST /api/v1/console/canned: %d, want 403", rec.Code)
	}
	if rec := agent.do("GET", "/api/v1/console/conversations/"+id, nil); rec.Code != http.StatusNotFound {
		t.Errorf("agent opened a conversation never offered to them: %d, want 404", rec.Code)
	}
	if rec := agent.do("GET", "/console", nil); rec.Code != http.StatusOK {
		t.Errorf("agent GET /console: %d", rec.Code)
	}
}

// Reviews, canned replies, metrics and the staff list, through the API and the contract.
func TestConsoleReviewsCannedMetrics(t *testing.T) {
	t.Parallel()
	e := newConsoleEnv(t)
	agent, _ := e.staff(t, "fay@ratewise.test", RoleAgent, "Fay Agent")
	sup, _ := e.staff(t, "gus@ratewise.test", RoleSupervisor, "Gus Supervisor")
	admin, _ := e.staff(t, "hal@ratewise.test", RoleAdmin, "Hal Admin")
	decode(t, agent.do("POST", "/api/v1/console/status", map[string]any{"status": "online"}), 200, nil)
	consumer, conv := newConsumerConversation(t, e, "ivy@example.com")
	base := "/api/v1/conversations/" + strconv.FormatInt(conv, 10)
	var sent struct{ Replies []consoleMessage }
	decode(t, consumer.do("POST", base+"/messages?wait=true", map[string]string{"text": "my car loan is $15,000 at 9.9% with 48 months left", "client_id": "m1"}), 200, &sent)
	if len(sent.Replies) != 1 {
		t.Fatalf("replies = %+v", sent.Replies)
	}
	answer := sent.Replies[0].ID
	decode(t, consumer.do("POST", base+"/handoff", nil), 200, nil)
	o := waitOffer(t, agent, conv)
	decode(t, agent.do("POST", fmt.Sprintf("/api/v1/console/offers/%d/accept", o.OfferID), nil), 200, nil)
	decode(t, agent.do("POST", "/api/v1/console/conversations/"+strconv.FormatInt(conv, 10)+"/messages", map[string]string{"text": "Hello!", "client_id": "r"}), 200, nil)

	review := fmt.Sprintf("/api/v1/console/messages/%d/review", answer)
	if got := errorOf(t, sup.do("POST", review, map[string]any{"rating": "bad", "labels": []string{"wrong_vibes"}})); got.Field != "labels" {
		t.Errorf("an unknown label: %+v, want 400 on labels", got)
	}
	if got := errorOf(t, sup.do("POST", review, map[string]any{"rating": "meh"})); got.Field != "rating" {
		t.Errorf("an unknown rating: %+v, want 400 on rating", got)
	}
	if got := errorOf(t, sup.do("POST", review, map[string]any{"rating": "bad", "note": strings.Repeat("x", 4001)})); got.Field != "note" {
		t.Errorf("a note over 4,000 characters: %+v, want 400 on note", got)
	}
	decode(t, sup.do("POST", review, map[string]any{"rating": "bad", "labels": []string{"wrong_figure"}, "note": "check the APR"}), 200, nil)
	decode(t, agent.do("POST", review, map[string]any{"rating": "good"}), 200, nil)
	decode(t, agent.do("POST", review, map[string]any{"rating": "good", "labels": []string{"other"}}), 200, nil)
	var queue struct {
		Reviews []struct {
			MessageID int64 `json:"message_id"`
			Why       []string
			Reviews   []struct{ Rating string }
		}
	}
	decode(t, sup.do("GET", "/api/v1/console/reviews?status=reviewed", nil), 200, &queue)
	if len(queue.Reviews) != 1 || queue.Reviews[0].MessageID != answer || len(queue.Reviews[0].Reviews) != 2 {
		t.Fatalf("review queue = %+v, want the answer with two reviews (one per reviewer)", queue)
	}
	if why := strings.Join(queue.Reviews[0].Why, ","); !strings.Contains(why, "handed_off") || !strings.Contains(why, "quoted_figures") {
		t.Errorf("why = %s, want handed_off and quoted_figures", why)
	}

	// Saved replies: supervisors and admins keep the list, every agent uses it.
	if rec := agent.do("POST", "/api/v1/console/canned", map[string]string{"shortcut": "/mine", "text": "Hi!"}); rec.Code != http.StatusForbidden {
		t.Errorf("an agent saved a canned reply: %d, want 403", rec.Code)
	}
	decode(t, sup.do("POST", "/api/v1/console/canned", map[string]string{"shortcut": "/hi", "text": "Hi {first_name}!"}), 201, nil)
	for _, taken := range []string{"/HI", "hi"} {
		if rec := sup.do("POST", "/api/v1/console/canned", map[string]string{"shortcut": taken, "text": "Hello"}); rec.Code != http.StatusConflict {
			t.Errorf("a taken shortcut %q: %d, want 409", taken, rec.Code)
		}
	}
	for _, bad := range []struct{ shortcut, text, field string }{
		{"/", "Hello", "shortcut"},
		{"/two words", "Hello", "shortcut"},
		{"/" + strings.Repeat("s", 40), "Hello", "shortcut"},
		{"/<b>", "Hello", "shortcut"},
		{"/ok", "   ", "text"},
		{"/ok", strings.Repeat("x", assistant.MaxCannedChars+1), "text"},
		{"/ok", "Hi {frist_name}!", "text"},
		{"/ok", "Hi {first_name", "text"},
		{"/ok", "Hi first_name}", "text"},
		{"/ok", "Hi {{first_name}}", "text"},
		{"/ok", "Hi {}", "text"},
	} {
		if got := errorOf(t, sup.do("POST", "/api/v1/console/canned", map[string]string{"shortcut": bad.shortcut, "text": bad.text})); got.Field != bad.field {
			t.Errorf("canned %q %.40q: %+v, want 400 on %s", bad.shortcut, bad.text, got, bad.field)
		}
	}
	var saved struct {
		Canned struct{ Shortcut, Text string }
	}
	decode(t, sup.do("POST", "/api/v1/console/canned", map[string]string{"shortcut": " thanks ", "text": " {agent_first_name} here, thanks {name}. " + strings.Repeat("x", 40)}), 201, &saved)
	if saved.Canned.Shortcut != "/thanks" || !strings.HasPrefix(saved.Canned.Text, "{agent_first_name} here") {
		t.Errorf("saved %+v, want the shortcut /thanks and the text trimmed", saved.Canned)
	}
	var canned struct{ Canned []struct{ Shortcut string } }
	decode(t, agent.do("GET", "/api/v1/console/canned", nil), 200, &canned)
	if len(canned.Canned) != 2 || canned.Canned[0].Shortcut != "/hi" || canned.Canned[1].Shortcut != "/thanks" {
		t.Errorf("canned = %+v, want /hi and /thanks and nothing half-stored", canned)
	}

	if got := errorOf(t, sup.do("GET", "/api/v1/console/metrics?window=1y", nil)); got.Field != "window" {
		t.Errorf("an unknown window: %+v", got)
	}
	var m struct {
		Conversations int
		Cohorts       []struct {
			Name          string
			Conversations int
		}
		Handoffs     struct{ Count int }
		TimeToPerson struct {
			Handoffs      int
			FirstReplyP50 *float64 `json:"first_reply_p50"`
		} `json:"time_to_person"`
		Offers       struct{ Made, Accepted int }
		AgentsOnline []struct{ Online int } `json:"agents_online"`
		Reviews      struct {
			Good, Bad int
			Labels    map[string]int
		}
	}
	decode(t, sup.do("GET", "/api/v1/console/metrics?window=24h", nil), 200, &m)
	if m.Conversations != 1 || m.Handoffs.Count != 1 || m.Offers.Made != 1 || m.Offers.Accepted != 1 || m.TimeToPerson.FirstReplyP50 == nil {
		t.Errorf("metrics = %+v", m)
	}
	for _, c := range m.Cohorts {
		if c.Name == "assistant_then_person" && c.Conversations != 1 {
			t.Errorf("cohort %s = %d, want the one conversation", c.Name, c.Conversations)
		}
	}
	if m.Reviews.Good != 1 || m.Reviews.Bad != 1 || m.Reviews.Labels["wrong_figure"] != 1 {
		t.Errorf("review metrics = %+v", m.Reviews)
	}
	if n := len(m.AgentsOnline); n != 24 || m.AgentsOnline[n-1].Online != 1 {
		t.Errorf("agents online = %+v, want 24 hourly points ending with 1", m.AgentsOnline)
	}
	prom := newClient(t, e.s)
	prom.ip = "127.0.0.1" // /metrics answers the same host only
	rec := prom.do("GET", "/metrics", nil)
	if !strings.Contains(rec.Body.String(), `ratewise_console_offers{outcome="accepted"} 1`) {
		t.Errorf("/metrics lacks the console's offers")
	}
	if rec := sup.do("GET", "/api/v1/console/staff", nil); rec.Code != http.StatusForbidden {
		t.Errorf("a supervisor read the staff list: %d", rec.Code)
	}
	var staff struct {
		Staff []struct{ Email, Role, Status string }
	}
	decode(t, admin.do("GET", "/api/v1/console/staff", nil), 200, &staff)
	if len(staff.Staff) != 3 || staff.Staff[0].Status != "online" {
		t.Errorf("staff = %+v", staff)
	}
}

// Offers that run out unanswered three times in a row set the agent away, so the queue stops
// waiting on someone who is not there; the conversations go back to the queue.
func TestConsoleThreeMissedOffersSetAway(t *testing.T) {
	t.Parallel()
	e := newConsoleEnv(t)
	alex, _ := e.staff(t, "alex@ratewise.test", RoleAgent, "Alex Agent")
	decode(t, alex.do("POST", "/api/v1/console/status", map[string]any{"status": "online"}), 200, nil)
	var convs []int64
	for i, email := range []string{"ada@example.com", "bob@example.org", "cleo@example.net"} {
		consumer, conv := newConsumerConversation(t, e, email)
		decode(t, consumer.do("POST", fmt.Sprintf("/api/v1/conversations/%d/messages?wait=true", conv),
			map[string]string{"text": "I want to talk to a person", "client_id": fmt.Sprintf("c%d", i)}), 200, nil)
		convs = append(convs, conv)
	}
	status := func() string {
		var st struct{ Status string }
		decode(t, alex.do("GET", "/api/v1/console/status", nil), 200, &st)
		return st.Status
	}
	// With room for three, alex is offered all three; they run out one at a time, and only the
	// third sets him away.
	offered := map[int64]int64{}
	for _, conv := range convs {
		offered[conv] = waitOffer(t, alex, conv).OfferID
	}
	for i, conv := range convs {
		if got := status(); got != "online" {
			t.Fatalf("after %d missed offers alex is %s, want still online", i, got)
		}
		e.expireOffer(t, offered[conv])
		eventually(t, "the offer runs out", func() string {
			if p := e.phase(t, conv); p != assistant.PhaseQueued {
				return "phase " + p
			}
			return ""
		})
	}
	eventually(t, "three missed offers set alex away", func() string {
		if got := status(); got != "away" {
			return "status " + got
		}
		return ""
	})
	var queue struct{ Conversations []struct{ ID int64 } }
	decode(t, alex.do("GET", "/api/v1/console/queue", nil), 200, &queue)
	if len(queue.Conversations) != 3 {
		t.Errorf("queue holds %d conversations, want the 3 that were offered", len(queue.Conversations))
	}
}

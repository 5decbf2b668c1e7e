package assistant

import (
	"context"
	"fmt"
	"testing"

	"github.com/jackc/pgx/v5"

	"ratewise"
)

// Dispatch offers each waiting conversation to the best eligible online agent: one who speaks
// its language, has its product among their skills (or lists none), and has room; among
// those an agent flagged for sensitive cases first when the case is sensitive, then the least
// loaded, then the one idle longest. The loop is not running: each pass is the test's.
func TestDispatchPicksTheBestEligibleAgent(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	ctx := context.Background()
	c := NewConsole(f.eng, ConsoleSettings{})

	agents := map[string]int64{}
	names := map[int64]string{}
	for _, s := range []struct {
		name      string
		languages []string
		skills    []string
		sensitive bool
	}{
		{"pat", []string{"en"}, nil, false},
		{"ola", []string{"en"}, nil, true},
		{"nico", []string{"es"}, nil, false},
		{"mia", []string{"en"}, []string{"mortgage"}, false},
	} {
		id := newUser(t, f.pool, s.name+"@ratewise.test")
		if err := c.SaveStaff(ctx, StaffSettings{UserID: id, DisplayName: s.name, Languages: s.languages, Skills: s.skills, Sensitive: s.sensitive}); err != nil {
			t.Fatal(err)
		}
		agents[s.name], names[id] = id, s.name
	}
	online := func(name string, idleMinutes int) {
		t.Helper()
		if _, err := c.SetPresence(ctx, Actor{ID: agents[name], Name: name}, PresenceOnline, nil); err != nil {
			t.Fatal(err)
		}
		if _, err := f.pool.Exec(ctx, `UPDATE staff SET idle_since = now() - make_interval(mins => $2) WHERE user_id = $1`, agents[name], idleMinutes); err != nil {
			t.Fatal(err)
		}
	}
	// pat has been idle longest, then ola, then nico; mia comes later.
	online("pat", 40)
	online("ola", 30)
	online("nico", 20)

	n := 0
	// dispatched queues one conversation with the given language, reason and product, runs
	// one dispatch pass, and returns who was offered it, having them accept.
	dispatched := func(lang, category string, priority int, product string) string {
		t.Helper()
		n++
		user := newUser(t, f.pool, fmt.Sprintf("consumer%d@example.com", n))
		conv, err := f.eng.Store.CreateConversation(ctx, user)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.handoff(t, conv.ID, &Trigger{Category: category, Priority: priority, Language: lang, Match: category}, category); err != nil {
			t.Fatal(err)
		}
		if _, err := f.pool.Exec(ctx, `UPDATE handoffs SET product_type = $2 WHERE conversation_id = $1`, conv.ID, product); err != nil {
			t.Fatal(err)
		}
		if err := c.dispatch(ctx); err != nil {
			t.Fatal(err)
		}
		var offer, agent int64
		if err := f.pool.QueryRow(ctx, `SELECT id, agent_id FROM dispatch_offers WHERE conversation_id = $1 AND state = 'pending'`, conv.ID).Scan(&offer, &agent); err != nil {
			t.Fatalf("conversation %d (%s, %s, %q) was offered to nobody: %v", conv.ID, lang, category, product, err)
		}
		if _, err := c.Accept(ctx, Actor{ID: agent, Name: names[agent]}, offer); err != nil {
			t.Fatal(err)
		}
		return names[agent]
	}

	// Spanish: only nico speaks it, though pat and ola have waited longer.
	if got := dispatched("es", ReasonRequested, PriorityNormal, ""); got != "nico" {
		t.Errorf("a Spanish conversation went to %s, want nico (the one who speaks Spanish)", got)
	}
	// Sensitive: ola is flagged for sensitive cases, so she comes before pat, idle longer.
	if got := dispatched("en", ReasonHardship, PrioritySensitive, ""); got != "ola" {
		t.Errorf("a hardship case went to %s, want ola (flagged for sensitive cases)", got)
	}
	// Not sensitive: pat (nothing held) before ola (one conversation).
	if got := dispatched("en", ReasonRequested, PriorityNormal, "auto_loan"); got != "pat" {
		t.Errorf("a car-loan conversation went to %s, want pat (least loaded)", got)
	}
	// mia lists only mortgages: a car loan is not hers, though she holds nothing; of pat and
	// ola (one each) ola has been idle longer (pat's last conversation came after hers).
	online("mia", 0)
	if got := dispatched("en", ReasonRequested, PriorityNormal, "auto_loan"); got != "ola" {
		t.Errorf("a car-loan conversation went to %s, want ola (mia lacks the skill; ola idle longer than pat)", got)
	}
	// A mortgage: mia holds nothing, so she comes before pat, who has been idle longer.
	if got := dispatched("en", ReasonRequested, PriorityNormal, "mortgage"); got != "mia" {
		t.Errorf("a mortgage conversation went to %s, want mia (least loaded, and she has the skill)", got)
	}
	// Full: nobody speaks Spanish with room once nico is at capacity; the conversation waits.
	capacity := 1
	if _, err := c.SetPresence(ctx, Actor{ID: agents["nico"], Name: "nico"}, PresenceOnline, &capacity); err != nil {
		t.Fatal(err)
	}
	user := newUser(t, f.pool, "waiting@example.com")
	conv, err := f.eng.Store.CreateConversation(ctx, user)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.handoff(t, conv.ID, &Trigger{Category: ReasonRequested, Language: "es", Match: "persona"}, "persona"); err != nil {
		t.Fatal(err)
	}
	if err := c.dispatch(ctx); err != nil {
		t.Fatal(err)
	}
	var offers int
	if err := f.pool.QueryRow(ctx, `SELECT count(*) FROM dispatch_offers WHERE conversation_id = $1`, conv.ID).Scan(&offers); err != nil || offers != 0 {
		t.Errorf("a Spanish conversation with nico at capacity got %d offers (%v), want none: it waits", offers, err)
	}
}

// The consumer's wait estimate comes from real waits: the median time one place in the queue
// took (wait ÷ position at entry) over recent served handoffs, times the current position;
// with fewer than three served it falls back to AgentHandleSeconds a place.
func TestWaitEstimateFromRealWaits(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	ctx := context.Background()
	served := func(position, waitSeconds int) {
		t.Helper()
		user := newUser(t, f.pool, fmt.Sprintf("served%d-%d@example.com", position, waitSeconds))
		conv, err := f.eng.Store.CreateConversation(ctx, user)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.pool.Exec(ctx, `INSERT INTO conversation_transitions (conversation_id, from_phase, to_phase, cause, trigger, reason, position, created_at)
			VALUES ($1, 'bot', 'queued', 'consumer', 'requested', '', $2, now() - interval '1 hour'),
			       ($1, 'queued', 'assigned', 'agent', 'claim', '', NULL, now() - interval '1 hour' + make_interval(secs => $3))`,
			conv.ID, position, waitSeconds); err != nil {
			t.Fatal(err)
		}
	}
	if got, err := estimateWait(ctx, f.pool, 2); err != nil || got != 2*AgentHandleSeconds {
		t.Errorf("with nobody served the estimate for place 2 is %d (%v), want %d", got, err, 2*AgentHandleSeconds)
	}
	served(1, 60)  // 60 s a place
	served(2, 300) // 150 s a place
	if got, _ := estimateWait(ctx, f.pool, 2); got != 2*AgentHandleSeconds {
		t.Errorf("with two served the estimate is %d, want the fallback %d", got, 2*AgentHandleSeconds)
	}
	served(3, 270) // 90 s a place: the median of 60, 90, 150
	if got, err := estimateWait(ctx, f.pool, 2); err != nil || got != 180 {
		t.Errorf("estimate for place 2 = %d (%v), want 2 × the median 90 s = 180", got, err)
	}
	if got, _ := estimateWait(ctx, f.pool, 5); got != 450 {
		t.Errorf("estimate for place 5 = %d, want 450", got)
	}
}

// Handing back gives the assistant a fresh unhelpful-answer count and a system marker, and
// keeps the agent's note private.
func TestReleaseResetsTheAssistantsCount(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	ctx := context.Background()
	c := NewConsole(f.eng, ConsoleSettings{})
	agent := Actor{ID: newUser(t, f.pool, "rae@ratewise.test"), Name: "Rae"}
	if err := f.handoff(t, f.conv.ID, &Trigger{Category: ReasonRequested, Language: "en", Match: "a person"}, "a person"); err != nil {
		t.Fatal(err)
	}
	if err := c.Claim(ctx, agent, f.conv.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.pool.Exec(ctx, `UPDATE conversations SET unhelpful_turns = 2 WHERE id = $1`, f.conv.ID); err != nil {
		t.Fatal(err)
	}
	if err := c.Release(ctx, agent, f.conv.ID, "explained the fees; wants to compare later"); err != nil {
		t.Fatal(err)
	}
	var phase string
	var unhelpful int
	if err := f.pool.QueryRow(ctx, `SELECT phase, unhelpful_turns FROM conversations WHERE id = $1`, f.conv.ID).Scan(&phase, &unhelpful); err != nil {
		t.Fatal(err)
	}
	if phase != PhaseBot || unhelpful != 0 {
		t.Errorf("after the release the conversation is %s with %d unhelpful turns, want bot and 0", phase, unhelpful)
	}
	msgs := f.messages(t, false)
	if last := msgs[len(msgs)-1]; last.Role != RoleSystem {
		t.Errorf("the last message is %s %q, want the system marker", last.Role, last.Text)
	}
	for _, m := range msgs {
		if m.Text == "explained the fees; wants to compare later" {
			t.Error("the release note is in the transcript")
		}
	}
	if err := c.Release(ctx, agent, f.conv.ID, ""); ratewise.ErrorCode(err) != ratewise.ENOTFOUND {
		t.Errorf("releasing again: %v, want not found (no longer held)", err)
	}
}

// handoff hands conversation conv to the queue as a turn's trigger does, in a transaction
// of the store's, so its events are announced.
func (f *fixture) handoff(t *testing.T, conv int64, trig *Trigger, reason string) error {
	t.Helper()
	ctx := context.Background()
	return f.eng.Store.inTx(ctx, func(tx pgx.Tx) error {
		_, err := f.eng.handoff(ctx, tx, conv, trig, reason)
		return err
	})
}

package assistant

import (
	"context"
	"slices"
	"strings"
	"testing"
)

// The review queue holds the answers the grounding guard replaced, the ones the planner gave
// as a fallback, and a fixed tenth of the assistant-only conversations (those whose id hashes
// to 0), each saying why; a plain answer in any other conversation is not in it.
func TestReviewQueueReasons(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	ctx := context.Background()
	c := NewConsole(f.eng, ConsoleSettings{})
	answer := func(convID int64, text string, flags ...string) int64 {
		t.Helper()
		m := &Message{ConversationID: convID, Role: RoleAssistant, Text: text, Flags: flags}
		if err := insertMessage(ctx, f.pool, m); err != nil {
			t.Fatal(err)
		}
		return m.ID
	}
	// Conversations until one is in the sample and one is not.
	var sampled, unsampled int64
	for i := 0; i < 200 && (sampled == 0 || unsampled == 0); i++ {
		conv, err := f.eng.Store.CreateConversation(ctx, f.userID)
		if err != nil {
			t.Fatal(err)
		}
		var bucket int
		if err := f.pool.QueryRow(ctx, `SELECT abs(hashtext($1::bigint::text)) % 10`, conv.ID).Scan(&bucket); err != nil {
			t.Fatal(err)
		}
		switch {
		case bucket == 0 && sampled == 0:
			sampled = conv.ID
		case bucket != 0 && unsampled == 0:
			unsampled = conv.ID
		}
	}
	if sampled == 0 || unsampled == 0 {
		t.Fatal("no conversation hashed into the sample in 200 tries")
	}
	flagged := answer(unsampled, "That comparison could not be checked, so here is the template answer.", FlagUngrounded)
	fallback := answer(unsampled, "The assistant is having trouble; here is what I can say.", FlagFallback)
	plain := answer(unsampled, "Hello! What would you like to compare?")
	sample := answer(sampled, "Hello! What would you like to compare?")

	items, err := c.ReviewQueue(ctx, "all", 0, 200)
	if err != nil {
		t.Fatal(err)
	}
	why := map[int64]string{}
	for _, it := range items {
		why[it.MessageID] = strings.Join(it.Why, ",")
	}
	for id, want := range map[int64]string{flagged: WhyFlagged, fallback: WhyFallback, sample: WhySample} {
		if !slices.Contains(strings.Split(why[id], ","), want) {
			t.Errorf("message %d is in the review queue for %q, want %s", id, why[id], want)
		}
	}
	if w, ok := why[plain]; ok {
		t.Errorf("a plain answer outside the sample is in the review queue for %q", w)
	}
}

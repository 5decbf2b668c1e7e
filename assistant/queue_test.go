package assistant

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"ratewise"
)

func TestClaimNextServesPriorityFirstAndNeverTwice(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	ctx := context.Background()
	agent := newUser(t, f.pool, "agent@example.com")

	// Three waiting conversations: a plain request, a hardship case, another plain request.
	texts := []string{"talk to a human please", "I lost my job and can't pay", "speak to a person"}
	var ids []int64
	// Each from a different consumer: one conversation per person waits in the queue.
	for i, text := range texts {
		conv, user := f.conv, f.userID
		if i > 0 {
			var err error
			user = newUser(t, f.pool, fmt.Sprintf("consumer%d@example.com", i))
			if conv, err = f.eng.Store.CreateConversation(ctx, user); err != nil {
				t.Fatal(err)
			}
		}
		if _, _, err := f.eng.Send(ctx, user, conv.ID, text, "q", true); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, conv.ID)
	}

	first, err := f.eng.Store.ClaimNext(ctx, agent)
	if err != nil {
		t.Fatal(err)
	}
	if first.ID != ids[1] || first.State != StateAssigned {
		t.Errorf("first claim = conversation %d (%s), want the hardship case %d assigned", first.ID, first.State, ids[1])
	}
	// Two agents at once get different conversations.
	var wg sync.WaitGroup
	got := make([]int64, 2)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := f.eng.Store.ClaimNext(ctx, agent)
			if err == nil {
				got[i] = c.ID
			}
		}()
	}
	wg.Wait()
	if got[0] == 0 || got[1] == 0 || got[0] == got[1] {
		t.Errorf("concurrent claims = %v, want the two remaining conversations, one each", got)
	}
	if _, err := f.eng.Store.ClaimNext(ctx, agent); ratewise.ErrorCode(err) != ratewise.ENOTFOUND {
		t.Errorf("claim on an empty queue = %v, want not found", err)
	}
}

package web

import (
	"context"
	"strings"
	"testing"
)

// "List my holdings" with 50 saved, each with a long name, lists ten and counts the rest: the
// reply stays within a chat message's 4,000 characters.
func TestListingManyHoldingsIsBounded(t *testing.T) {
	t.Parallel()
	s := newConversationServer(t)
	cl := newClient(t, s)
	u := signUp(t, cl, "ada@example.com")
	if _, err := s.pool.Exec(context.Background(), `INSERT INTO holdings (user_id, kind, product_type, provider, balance, apr, remaining_months)
		SELECT $1, 'loan', 'auto_loan', 'A very long provider name of a bank number ' || g || repeat('x', 150), 18000, 9.9, 48 FROM generate_series(1, 50) g`, u.ID); err != nil {
		t.Fatal(err)
	}
	var conv struct{ ID int64 }
	decode(t, cl.do("POST", "/api/v1/conversations", nil), 201, &conv)
	var sent sendJSON
	decode(t, cl.do("POST", convPath(conv.ID)+"/messages?wait=true", map[string]string{"text": "list my holdings", "client_id": "c1"}), 200, &sent)
	for _, r := range sent.Replies {
		if len(r.Text) > 4000 || !strings.Contains(r.Text, "and 40 more") {
			t.Errorf("the reply to \"list my holdings\" with 50 saved is %d characters: %.400s", len(r.Text), r.Text)
		}
	}
}

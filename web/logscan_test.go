package web

import (
	"context"
	"log/slog"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"ratewise/assistant"
	"ratewise/db/dbtest"
	"ratewise/offers"
	"ratewise/offers/offerstest"
)

// Every line logged through a whole scenario — sign-up, holdings whose free text holds a card
// number and an email, chat, handoff, an agent's reply, sign-out and in, a widget chat — is
// searched for what must never be logged: the passwords, the session cookies, the widget
// token, full card numbers and the emails.
func TestLogsCarryNoSecrets(t *testing.T) {
	t.Parallel()
	var logs logBuffer
	log := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	pool := dbtest.NewPool(t)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	bus := assistant.NewBus(pool, log)
	if err := bus.Start(ctx); err != nil {
		t.Fatal(err)
	}
	store := offers.NewStore(pool)
	if _, err := offerstest.Seed(ctx, store); err != nil {
		t.Fatal(err)
	}
	eng := assistant.NewEngine(pool, bus, nil, store, nil, log)
	t.Cleanup(eng.Close)
	con := assistant.NewConsole(eng, assistant.ConsoleSettings{Tick: 50 * time.Millisecond})
	s := New(testConfig(), Deps{Log: log, Pool: pool, Offers: store, Assistant: eng, Console: con})
	go con.Run(ctx)
	x, err := store.AddMerchant(ctx, "Shop X", []string{shopA})
	if err != nil {
		t.Fatal(err)
	}

	const (
		password      = "Tr0ub4dor&3-horse-battery"
		agentPassword = "staff-pass-Zq9-staple"
		wrongPassword = "wrong-guess-Pw7-correct"
		email         = "ada.secret@example.com"
		cardSpaced    = "4111 1111 1111 1111"
		cardDashed    = "5500-0000-0000-0004"
		textEmail     = "private.person@mailbox.example"
	)
	secrets := []string{password, agentPassword, wrongPassword, email, cardSpaced, cardDashed, textEmail, "4111111111111111", "5500000000000004"}

	cl := newClient(t, s)
	cl.ip = "198.51.100.61"
	decode(t, cl.do("POST", "/api/v1/auth/signup", map[string]string{"email": email, "password": password, "name": "Ada"}), 201, nil)
	secrets = append(secrets, cl.cookie)
	decode(t, cl.do("POST", "/api/v1/holdings", map[string]any{"product_type": "credit_card", "provider": "Card " + cardSpaced + " mail " + textEmail,
		"balance": "2500", "apr": "24.9", "remaining_months": 24}), 201, nil)
	if rec := cl.do("POST", "/api/v1/holdings", map[string]any{"product_type": "auto_loan", "provider": "Bank " + cardDashed,
		"balance": "2500", "apr": "nonsense " + textEmail, "remaining_months": 24}); rec.Code != 400 {
		t.Errorf("a bad holding: %d", rec.Code)
	}
	var conv struct{ ID int64 }
	decode(t, cl.do("POST", "/api/v1/conversations", nil), 201, &conv)
	path := convPath(conv.ID)
	decode(t, cl.do("POST", path+"/messages?wait=true", map[string]string{"text": "My card " + cardSpaced + " and my email " + textEmail + ", can I pay less?", "client_id": "c1"}), 200, nil)
	decode(t, cl.do("POST", path+"/messages?wait=true", map[string]string{"text": "list my holdings", "client_id": "c2"}), 200, nil)

	// An agent takes the conversation over and answers.
	u, _, err := s.users.SaveStaff(ctx, "alex@ratewise.test", "Alex", RoleAgent, agentPassword, testPasswordHashing)
	if err != nil {
		t.Fatal(err)
	}
	if err := con.SaveStaff(ctx, assistant.StaffSettings{UserID: u.ID, DisplayName: "Alex", Languages: []string{"en"}}); err != nil {
		t.Fatal(err)
	}
	agent := newClient(t, s)
	agent.ip = "198.51.100.62"
	decode(t, agent.do("POST", "/api/v1/auth/login", map[string]string{"email": "alex@ratewise.test", "password": agentPassword}), 200, nil)
	secrets = append(secrets, agent.cookie)
	decode(t, agent.do("POST", "/api/v1/console/status", map[string]string{"status": "online"}), 200, nil)
	decode(t, cl.do("POST", path+"/handoff", map[string]string{"reason": "card " + cardDashed + " was charged twice, write to " + textEmail}), 200, nil)
	offer := waitOffer(t, agent, conv.ID)
	decode(t, agent.do("POST", "/api/v1/console/offers/"+strconv.FormatInt(offer.OfferID, 10)+"/accept", nil), 200, nil)
	decode(t, agent.do("GET", "/api/v1/console/conversations/"+strconv.FormatInt(conv.ID, 10), nil), 200, nil)
	decode(t, agent.do("POST", "/api/v1/console/conversations/"+strconv.FormatInt(conv.ID, 10)+"/messages",
		map[string]string{"text": "I see the card ending 1111; we will write to " + textEmail, "client_id": "a1"}), 200, nil)

	// Sign out, a wrong password, sign in again.
	decode(t, cl.do("POST", "/api/v1/auth/logout", nil), 204, nil)
	if rec := cl.do("POST", "/api/v1/auth/login", map[string]string{"email": email, "password": wrongPassword}); rec.Code != 401 {
		t.Errorf("a wrong password: %d", rec.Code)
	}
	if rec := cl.do("POST", "/api/v1/auth/login", map[string]string{"email": email + "\x00", "password": password}); rec.Code != 400 {
		t.Errorf("a NUL in the email: %d", rec.Code)
	}
	decode(t, cl.do("POST", "/api/v1/auth/login", map[string]string{"email": email, "password": password}), 200, nil)
	secrets = append(secrets, cl.cookie)
	if rec := cl.do("GET", "/api/v1/me", nil); rec.Code != 200 {
		t.Errorf("signed in again: %d", rec.Code)
	}

	// A shopper's widget chat, and a request with a token that does not verify.
	shopper := newClient(t, s)
	shopper.ip = "198.51.100.63"
	shopper.header = map[string]string{"Origin": shopA, "Sec-Fetch-Site": "cross-site"}
	var ws widgetSessionJSON
	decode(t, shopper.do("POST", "/api/v1/widget/session", map[string]string{"publishable_key": x.PublishableKey}), 200, &ws)
	secrets = append(secrets, ws.Token, x.SecretKey)
	widget := newClient(t, s)
	widget.header["Authorization"] = "Bearer " + ws.Token
	decode(t, widget.do("POST", convPath(ws.ConversationID)+"/messages?wait=true", map[string]string{"text": "my email is " + textEmail, "client_id": "w1"}), 200, nil)
	forged := newClient(t, s)
	forged.header["Authorization"] = "Bearer " + tamper(ws.Token)
	secrets = append(secrets, forged.header["Authorization"][len("Bearer "):])
	if rec := forged.do("GET", convPath(ws.ConversationID), nil); rec.Code != 401 {
		t.Errorf("a forged widget token: %d", rec.Code)
	}
	partner := newClient(t, s)
	partner.header = map[string]string{"Authorization": "Bearer " + x.SecretKey}
	if rec := partner.do("GET", "/api/v1/partner/stats", nil); rec.Code != 200 {
		t.Errorf("partner stats: %d", rec.Code)
	}

	lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
	if len(lines) < 20 {
		t.Fatalf("only %d log lines: the scenario was not logged", len(lines))
	}
	// Any run of 13 to 19 digits (spaces or dashes between them allowed) is a card number.
	card := regexp.MustCompile(`\b\d(?:[ -]?\d){12,18}\b`)
	anyEmail := regexp.MustCompile(`[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}`)
	for _, line := range lines {
		for _, sec := range secrets {
			if sec != "" && strings.Contains(line, sec) {
				t.Errorf("a log line carries %q: %s", sec, line)
			}
		}
		if m := card.FindString(line); m != "" {
			t.Errorf("a log line carries a card-like number %q: %s", m, line)
		}
		if m := anyEmail.FindString(line); m != "" {
			t.Errorf("a log line carries an email %q: %s", m, line)
		}
	}
}

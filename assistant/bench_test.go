package assistant

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"ratewise/db/dbtest"
	"ratewise/offers"
	"ratewise/offers/offerstest"
)

const benchAnswer = "Your car loan of $15,000.00 at 9.90% with 48 months left costs $379.33 a month. The best saving is Drive Lower Auto Refinance at a representative APR of 6.49%: about $355.21 a month, and $1,157.76 saved in total after fees of $0.00."

func BenchmarkGroundingGuard(b *testing.B) {
	var f Facts
	f.AddJSON([]byte(`{"current":{"monthly_payment":"379.33"},"cards":[{"representative_apr":"6.49","monthly_payment":"355.21","net_saving":"1157.76","fees":"0.00"}]}`))
	f.AddUserText("my car loan is $15,000 at 9.9% with 48 months left")
	for b.Loop() {
		if bad := f.Ungrounded(benchAnswer); len(bad) != 0 {
			b.Fatal(bad)
		}
	}
}

func BenchmarkRedact(b *testing.B) {
	msg := "card 4111 1111 1111 1111, email jane@example.com, call +1 415 555 2671; my car loan is $15,000 at 9.9%"
	for b.Loop() {
		Redact(msg)
	}
}

// BenchmarkPlannerTurn is one whole turn on the offline planner: the user's message committed,
// the compare tool run against PostgreSQL, the answer guarded and stored, every event published.
func BenchmarkPlannerTurn(b *testing.B) {
	pool := newBenchPool(b)
	eng := NewEngine(pool, nil, nil, newOffersStore(pool), nil, nil)
	defer eng.Close()
	ctx := context.Background()
	if _, err := offerstest.Seed(ctx, offers.NewStore(pool)); err != nil {
		b.Fatal(err)
	}
	var uid int64
	if err := pool.QueryRow(ctx, `INSERT INTO users (email, password_hash) VALUES ('bench@example.com', 'x') RETURNING id`).Scan(&uid); err != nil {
		b.Fatal(err)
	}
	i := 0
	for b.Loop() {
		i++
		// A new conversation each time: asking the same thing twice is frustration, a handoff.
		conv, err := eng.Store.CreateConversation(ctx, uid)
		if err != nil {
			b.Fatal(err)
		}
		if _, replies, err := eng.Send(ctx, uid, conv.ID, "my car loan is $15,000 at 9.9% with 48 months left", fmt.Sprint("b", i), true); err != nil || len(replies) != 1 {
			b.Fatal(err)
		}
	}
}

func newBenchPool(b *testing.B) *pgxpool.Pool { return dbtest.NewPool(b) }

func newOffersStore(pool *pgxpool.Pool) *offers.Store { return offers.NewStore(pool) }

// BenchmarkStreamGuard is the guard on one streamed answer, token by token, as the model
// sends it: every piece is read before it goes out. "figures" is an answer of 92 tokens with
// its figures grounded; "prose" one of 40 tokens without any figure.
func BenchmarkStreamGuard(b *testing.B) {
	var f Facts
	f.AddJSON([]byte(`{"current":{"monthly_payment":"379.33"},"cards":[{"representative_apr":"6.49","monthly_payment":"355.21","net_saving":"1157.76","fees":"0.00"}]}`))
	f.AddUserText("my car loan is $15,000 at 9.9% with 48 months left")
	prose := strings.Repeat("Refinancing can lower what you pay each month when the new rate is lower and the fees are small. ", 3)
	for name, answer := range map[string]string{"figures": benchAnswer + " " + benchAnswer, "prose": strings.Join(strings.Fields(prose)[:40], " ")} {
		tokens := strings.SplitAfter(answer, " ")
		b.Run(name, func(b *testing.B) {
			s := &answerStream{e: &Engine{}, facts: &f}
			for b.Loop() {
				s.restart()
				for _, tok := range tokens {
					s.add(tok)
				}
				s.flush()
				if s.muted {
					b.Fatal("the guard stopped a grounded answer")
				}
			}
		})
	}
}

// BenchmarkBuildPrompt is the model's messages for the fourth turn of a conversation: every
// turn sends the history again, redacted.
func BenchmarkBuildPrompt(b *testing.B) {
	var history []*Message
	for i := range 4 {
		history = append(history,
			&Message{ID: int64(2*i + 1), Role: RoleUser, Text: fmt.Sprintf("my car loan is $15,000 at 9.9%% with %d months left, call me on +1 415 555 2671 or jane@example.com", 48-i)},
			&Message{ID: int64(2*i + 2), Role: RoleAssistant, Text: benchAnswer})
	}
	for b.Loop() {
		buildPrompt(history, nil)
	}
}

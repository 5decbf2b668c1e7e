package assistant

import (
	"context"
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"ratewise/offers"
)

// toolEvents returns the data of the tool events of type typ the conversation's subscriber
// saw (they are not stored), by tool name; a later one replaces an earlier one.
func toolEvents(t *testing.T, f *fixture, typ string) map[string]map[string]any {
	t.Helper()
	f.rec.mu.Lock()
	evs := append([]*Event(nil), f.rec.evs...)
	f.rec.mu.Unlock()
	out := map[string]map[string]any{}
	for _, e := range evs {
		if e.Type != typ {
			continue
		}
		var d map[string]any
		if err := json.Unmarshal(e.Data, &d); err != nil {
			t.Fatal(err)
		}
		out[d["name"].(string)] = d
	}
	return out
}

var countRe = regexp.MustCompile(`\d+`)

// numbers returns the whole numbers in s, in order.
func numbers(t *testing.T, s string) []int {
	t.Helper()
	var ns []int
	for _, m := range countRe.FindAllString(s, -1) {
		n, _ := strconv.Atoi(m)
		ns = append(ns, n)
	}
	return ns
}

// TestToolProgressCountsTheRealCandidates: the words shown while the compare runs count the
// offers it compares, and its summary counts the ones that save money — both from the store.
func TestToolProgressCountsTheRealCandidates(t *testing.T) {
	t.Parallel()
	f := newFixtureOn(t, demoPool(t), nil)
	ctx := context.Background()
	store := offers.NewStore(f.pool)
	// A user with no saved region is offered US offers: the candidates are the active US
	// car-loan offers, read here straight from the table.
	rows, err := f.pool.Query(ctx, `SELECT id FROM offers WHERE product_type = 'auto_loan' AND 'US' = ANY(regions)
		AND (active_from IS NULL OR active_from <= now()) AND (active_until IS NULL OR active_until > now())`)
	if err != nil {
		t.Fatal(err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		t.Fatal(err)
	}
	candidates := len(ids)
	if candidates < 2 {
		t.Fatalf("the demo catalogue has %d active US car-loan offers; the test needs several", candidates)
	}
	h := offers.Holding{Kind: offers.KindLoan, ProductType: offers.AutoLoan, Provider: "current provider",
		Balance: offers.MustMoney("15000.00"), APR: offers.MustPercent("9.90"), RemainingMonths: 48}
	all, err := store.CompareHolding(ctx, h, nil, ids, 1000)
	if err != nil {
		t.Fatal(err)
	}
	better := 0
	for _, o := range all.Options {
		if o.Eligible && o.NetSaving.IsPositive() {
			better++
		}
	}

	ans := onlyReply(t, f.say(t, "my car loan is $15,000 at 9.9% with 48 months left"))
	started := toolEvents(t, f, EventToolStarted)[ToolCompare]
	label, _ := started["label"].(string)
	if got := numbers(t, label); len(got) != 1 || got[0] != candidates || got[0] != len(all.Options) {
		t.Errorf("tool.started label = %q, want it to count the %d active car-loan offers compared (%d options)", label, candidates, len(all.Options))
	}
	done := toolEvents(t, f, EventToolCompleted)[ToolCompare]
	summary, _ := done["summary"].(string)
	if got := numbers(t, summary); len(got) != 2 || got[0] != candidates || got[1] != better {
		if !(better == 0 && len(got) == 1 && got[0] == candidates) {
			t.Errorf("tool.completed summary = %q, want %d compared and %d better", summary, candidates, better)
		}
	}
	if done["ok"] != true {
		t.Errorf("tool.completed = %v, want ok", done)
	}
	t.Logf("label %q, summary %q", label, summary)
	for _, raw := range ans.Cards {
		var c struct {
			Currency string `json:"currency"`
		}
		if json.Unmarshal(raw, &c) != nil || c.Currency != "USD" {
			t.Errorf("card %s, want a USD offer for a US user", raw)
		}
	}
	if len(ans.Cards) != min(maxCards, candidates) {
		t.Errorf("%d cards, want %d", len(ans.Cards), min(maxCards, candidates))
	}
}

func TestToolLabels(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	withCatalogue(t, f) // two car-loan offers, one personal loan, one car insurance
	tests := []struct {
		say, tool, label, summary string
	}{
		{"my car loan is $15,000 at 9.9% with 48 months left", ToolCompare,
			"Comparing 2 car-loan offers with your car loan…", "Compared 2 car-loan offers; 2 are better than your car loan"},
		{"I need $5,000 for a new kitchen", ToolSearchOffers, "Searching 1 personal-loan offer…", "Searched 1 personal-loan offer; 1 lend $5,000.00"},
		{"I need $50,000 for a new kitchen", ToolSearchOffers, "Searching 1 personal-loan offer…", "Searched 1 personal-loan offer; 0 lend $50,000.00"},
		{"what loans do I have?", ToolGetHoldings, "Reading your saved loans and policies…", "Found 0 saved loans and policies"},
		// No knowledge base in this fixture: the step says it failed.
		{"what is an APR?", ToolLookupKnowledge, "Searching our guides…", "That step did not work"},
	}
	for _, tt := range tests { // one conversation: in order, each turn's events are its own
		t.Run(tt.say, func(t *testing.T) {
			f.say(t, tt.say)
			started, done := toolEvents(t, f, EventToolStarted)[tt.tool], toolEvents(t, f, EventToolCompleted)[tt.tool]
			if started["label"] != tt.label || done["summary"] != tt.summary {
				t.Errorf("label %q, summary %q; want %q, %q", started["label"], done["summary"], tt.label, tt.summary)
			}
		})
	}
}

// TestRecommendationQuotesTheCardsRepresentativeAPR: on the demo catalogue (offers with fees,
// so the representative APR differs from the rate of interest), the planner's answer quotes the
// representative APR exactly as the best card shows it, and its representative example states
// the same figure.
func TestRecommendationQuotesTheCardsRepresentativeAPR(t *testing.T) {
	t.Parallel()
	f := newFixtureOn(t, demoPool(t), nil)
	for _, say := range []string{
		"my car loan is $15,000 at 9.9% with 48 months left",
		"I have a personal loan of $12,000 at 24.99% with 36 months left",
		"my mortgage is $250,000 at 7.5% with 300 months left",
	} {
		t.Run(say, func(t *testing.T) {
			ans := onlyReply(t, f.say(t, say))
			checkRecommendation(t, ans)
			var best struct {
				Title, RepresentativeAPR, RepresentativeExample string
				NetSaving                                       string `json:"net_saving"`
			}
			for _, raw := range ans.Cards {
				var c struct {
					Title                 string `json:"title"`
					RepresentativeAPR     string `json:"representative_apr"`
					RepresentativeExample string `json:"representative_example"`
					Eligible              bool   `json:"eligible"`
					NetSaving             string `json:"net_saving"`
				}
				if err := json.Unmarshal(raw, &c); err != nil {
					t.Fatal(err)
				}
				if c.Eligible && !strings.HasPrefix(c.NetSaving, "-") && c.NetSaving != "0.00" {
					best.Title, best.RepresentativeAPR, best.RepresentativeExample = c.Title, c.RepresentativeAPR, c.RepresentativeExample
					break
				}
			}
			if best.Title == "" {
				t.Errorf("%q: no card saves money on the demo catalogue; pick figures that do: %s", say, ans.Text)
				return
			}
			if want := "The best saving is " + best.Title; !strings.Contains(ans.Text, want) {
				t.Errorf("%q: answer does not recommend the best card %q: %s", say, best.Title, ans.Text)
			}
			if want := "representative APR of " + best.RepresentativeAPR + "%"; !strings.Contains(ans.Text, want) {
				t.Errorf("%q: answer lacks %q (the card's figure): %s", say, want, ans.Text)
			}
			if want := "Representative " + best.RepresentativeAPR + "% APR"; !strings.Contains(best.RepresentativeExample, want) || !strings.Contains(ans.Text, want) {
				t.Errorf("%q: the representative example does not state %q: card %q, answer %q", say, want, best.RepresentativeExample, ans.Text)
			}
		})
	}
}

package assistant

import (
	"context"
	"log/slog"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"ratewise/assistant/nlu"
	"ratewise/assistant/openaitest"
	"ratewise/offers"
)

func TestShownOffersResolve(t *testing.T) {
	d := Dialogue{Shown: []ShownOffer{
		{OfferID: 11, Title: "Harborline Bank — Harborline New Auto Loan", Partner: "Harborline Bank", Name: "Harborline New Auto Loan"},
		{OfferID: 22, Title: "Keystone Auto Finance — Keystone New Auto Loan", Partner: "Keystone Auto Finance", Name: "Keystone New Auto Loan"},
	}}
	for _, tt := range []struct {
		ref  string
		want int64 // 0: nothing shown matches
	}{
		{"", 11}, {"1", 11}, {"2", 22}, {"3", 0}, {"cheapest", 11},
		{"Harborline", 11}, {"harborline loan", 11}, {"that Keystone loan", 22}, {"Thistle", 0},
	} {
		o, ok := d.resolve(tt.ref)
		if got := map[bool]int64{true: o.OfferID}[ok]; got != tt.want {
			t.Errorf("resolve(%q) = %d, want %d", tt.ref, got, tt.want)
		}
	}
	if _, ok := (Dialogue{}).resolve("1"); ok {
		t.Error("an empty dialogue resolved an offer")
	}
}

// A missing figure gets exactly one question that says what was understood, and the answer
// to it ("9.9") completes the request.
func TestOneQuestionForWhatIsMissing(t *testing.T) {
	amount := decimal.NewFromInt(18000)
	s := nlu.Slots{Product: "auto_loan", Amount: &amount, TermMonths: 48}
	missing := missingFor(string(s.Product), s)
	if !slices.Equal(missing, []string{nlu.SlotRate}) {
		t.Fatalf("missing = %v, want the rate only", missing)
	}
	r := askFor("en", nlu.CompareHolding, s, missing)
	if want := "I have your car loan of $18,000.00 over 48 months — what rate are you paying?"; r.Text != want {
		t.Errorf("question = %q, want %q", r.Text, want)
	}
	if strings.Count(r.Text, "?") != 1 || r.Pending == nil || r.Pending.Kind != PendingSlots {
		t.Errorf("question %q pending %+v: want one question, pending", r.Text, r.Pending)
	}
	got := r.Pending.merge("9.9", nlu.Slots{})
	if got.Rate == nil || got.Rate.String() != "9.9" || got.Amount == nil || !got.Amount.Equal(amount) || got.TermMonths != 48 {
		t.Errorf("merged = %+v, want the first figures and the rate 9.9", got.Values())
	}
	es := askFor("es", nlu.CompareHolding, s, missing)
	if !strings.Contains(es.Text, "18.000,00") || !strings.Contains(es.Text, "¿qué tipo de interés pagas?") {
		t.Errorf("Spanish question = %q, want Spanish with the figure written the Spanish way", es.Text)
	}

	// A credit card is never asked for months left.
	card := nlu.Slots{Product: "credit_card", Amount: &amount}
	if m := missingFor("credit_card", card); slices.Contains(m, nlu.SlotTermMonths) {
		t.Errorf("a card is asked for %v", m)
	}
	if _, ok := bareNumber("nine point nine"); ok {
		t.Error("words read as a bare number")
	}
}

func TestSensitiveRepliesSayWhatToDo(t *testing.T) {
	for _, tt := range []struct {
		category, lang, region string
		want                   []string
	}{
		{ReasonSelfHarm, "en", "US", []string{"988", "/kb/crisis-support"}},
		{ReasonSelfHarm, "en", "GB", []string{"Samaritans", "116 123"}},
		{ReasonSelfHarm, "es", "US", []string{"024"}},
		{ReasonSelfHarm, "fr", "US", []string{"3114"}},
		{ReasonSelfHarm, "de", "US", []string{"0800 111 0 111"}},
		{ReasonSelfHarm, "sv", "US", []string{"90101"}},
		{ReasonFraud, "en", "US", []string{"freeze the card", "/kb/fraud-and-scams"}},
		{ReasonHardship, "en", "US", []string{"/kb/financial-hardship"}},
		{ReasonBereavement, "en", "US", []string{"sorry for your loss"}},
	} {
		got := sensitiveReply(tt.category, tt.lang, tt.region)
		for _, w := range tt.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s in %s (%s): %q lacks %q", tt.category, tt.lang, tt.region, got, w)
			}
		}
	}
	if sensitiveReply(ReasonRequested, "en", "US") != "" {
		t.Error("a plain request gets a sensitive reply")
	}
	if PriorityCrisis <= PrioritySensitive {
		t.Error("self-harm is not served before the other sensitive situations")
	}
}

// The handoff button's reason is read by the same detector as a message, which says what the
// case is about; but the consumer's own words on the button never raise its priority (nobody
// jumps the queue by typing "fraud" — only the detector reading the conversation does).
func TestHandoffButtonReadsTheReason(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	if _, err := f.eng.RequestHandoff(context.Background(), f.userID, f.conv.ID, "my card was stolen"); err != nil {
		t.Fatal(err)
	}
	if cat, prio := f.handoffRow(t); cat != ReasonFraud || prio != PriorityNormal {
		t.Errorf("handoff = %s/%d, want fraud with priority %d", cat, prio, PriorityNormal)
	}
}

// A follow-up resolves to the offers the last comparison showed, and its answer is that
// offer's own data; the language stays the conversation's for a short message.
func TestFollowUpsAboutTheShownOffers(t *testing.T) {
	t.Parallel()
	f := newFixtureOn(t, demoPool(t), nil)
	first := onlyReply(t, f.say(t, "my car loan is $15,000 at 9.9% with 48 months left"))
	top := cardOf(t, first.Cards[0])
	ans := onlyReply(t, f.say(t, "what's the catch with the top one?"))
	if got := toolNames(t, f, ans); !slices.Equal(got, []string{ToolGetOffer}) {
		t.Errorf("tools = %v, want get_offer", got)
	}
	if !strings.Contains(ans.Text, top.Name) || len(ans.Flags) != 0 {
		t.Errorf("answer %q (flags %v), want one about %s, grounded", ans.Text, ans.Flags, top.Name)
	}
	pick := onlyReply(t, f.say(t, "which one would you pick for me?"))
	if !strings.Contains(pick.Text, "not personal advice") || !strings.Contains(pick.Text, top.Title) || f.state(t) != StateBot {
		t.Errorf("pick = %q in state %s, want the ranking explained, still with the assistant", pick.Text, f.state(t))
	}

	es := newFixtureOn(t, demoPool(t), nil)
	onlyReply(t, es.say(t, "Hola, tengo un préstamo de coche de 15.000 $ al 9,9 % con 48 meses restantes"))
	ok := onlyReply(t, es.say(t, "ok"))
	if strings.Contains(ok.Text, "All right") || !strings.Contains(ok.Text, "De acuerdo") {
		t.Errorf("answer to \"ok\" = %q, want Spanish", ok.Text)
	}
}

// The model path gets the same safety net: handoffs and sensitive situations are decided
// before any model, so a scripted model that only chats meets the golden conversations'
// handoff floors, and the model is told the language and the dialogue state.
func TestSafetyNetOnAScriptedModel(t *testing.T) {
	t.Parallel()
	all, err := GoldenCases()
	if err != nil {
		t.Fatal(err)
	}
	var cases []GoldenCase
	handoffs := 0
	for _, c := range all {
		// The single-message cases that need no tool: every request for a person, every
		// sensitive situation, and the messages that only look like one.
		if len(c.Turns) != 1 || len(c.Holdings) > 0 || c.Turns[0].Tools == nil || len(*c.Turns[0].Tools) > 0 {
			continue
		}
		c.Turns[0].Contains, c.Turns[0].Absent = nil, nil // the wording is the model's
		cases = append(cases, c)
		if c.Turns[0].Handoff {
			handoffs++
		}
	}
	if handoffs < 10 || len(cases) == handoffs {
		t.Fatalf("%d cases, %d handoffs: the golden set lost its safety cases", len(cases), handoffs)
	}
	steps := make([]openaitest.Step, 0, len(cases))
	for range cases {
		steps = append(steps, openaitest.Text("Happy to help with that."))
	}
	srv, m := scripted(t, steps...)
	pool := demoPool(t)
	ix := localIndex(pool)
	rep, err := RunEval(context.Background(), pool, m, ix, offerIndexer(pool, ix), evalUsers(t, pool), cases)
	if err != nil {
		t.Fatal(err)
	}
	if rep.HandoffRecall() < Thresholds.HandoffRecall || rep.HandoffPrecision() < Thresholds.HandoffPrecision || rep.HandoffTP != handoffs {
		t.Errorf("scripted model: handoff recall %.2f, precision %.2f (%d of %d): %v", rep.HandoffRecall(), rep.HandoffPrecision(), rep.HandoffTP, handoffs, rep.Failures)
	}
	reqs := srv.Requests()
	if len(reqs) != len(cases)-handoffs {
		t.Errorf("model asked %d times, want once for each of the %d cases that are not handoffs", len(reqs), len(cases)-handoffs)
	}
	for _, r := range reqs {
		found := false
		for _, msg := range r.Messages {
			found = found || (msg.Role == "system" && strings.Contains(msg.Content, "Answer in the language with code"))
		}
		if !found {
			t.Errorf("a model request lacks the language and dialogue note")
			break
		}
	}
}

// namesCatalogue serves one offer's names; from its second read on, each read waits for
// the test.
type namesCatalogue struct {
	Catalogue
	reads          atomic.Int32
	reading, carry chan struct{}
}

func (c *namesCatalogue) Offers(context.Context, offers.OfferFilter) ([]offers.Offer, error) {
	if c.reads.Add(1) > 1 {
		c.reading <- struct{}{}
		<-c.carry
	}
	return []offers.Offer{{Name: "Harborline Saver", PartnerName: "Harborline"}}, nil
}

// Once there are names, a turn that finds them old reads them again on its own: the other
// turns go on with the old names meanwhile instead of waiting for the catalogue.
func TestCatalogueNamesAreReadAgainWithoutStoppingOtherTurns(t *testing.T) {
	cat := &namesCatalogue{reading: make(chan struct{}), carry: make(chan struct{})}
	e := &Engine{Tools: &Tools{Catalogue: cat}, Log: slog.New(slog.DiscardHandler)}
	ctx := context.Background()
	old := e.catalogueNames(ctx)
	if old == nil {
		t.Fatal("no names")
	}
	e.namesMu.Lock()
	e.namesAt = time.Now().Add(-2 * NamesRefresh)
	e.namesMu.Unlock()
	refreshed := make(chan *nlu.Names)
	go func() { refreshed <- e.catalogueNames(ctx) }()
	<-cat.reading
	other := make(chan *nlu.Names)
	go func() { other <- e.catalogueNames(ctx) }()
	select {
	case got := <-other:
		if got != old {
			t.Errorf("another turn got %p, want the old names %p", got, old)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("another turn waited for the names being read again")
	}
	close(cat.carry)
	if got := <-refreshed; got == nil || got == old {
		t.Errorf("the turn that read them again got %p (old %p)", got, old)
	}
	if got := e.catalogueNames(ctx); got == old || cat.reads.Load() != 2 {
		t.Errorf("after the read: names %p (old %p), %d reads, want the new names and 2 reads", got, old, cat.reads.Load())
	}
}

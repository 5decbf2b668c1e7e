package assistant

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"ratewise/assistant/nlu"
	"ratewise/offers"
	"ratewise/offers/offerstest"
)

func withCatalogue(t *testing.T, f *fixture) {
	t.Helper()
	if _, err := offerstest.Seed(context.Background(), offers.NewStore(f.pool)); err != nil {
		t.Fatal(err)
	}
}

func toolNames(t *testing.T, f *fixture, reply *Message) []string {
	t.Helper()
	var names []string
	for _, m := range f.messages(t, true) {
		if m.Role == RoleTool && m.ReplyTo != nil && *m.ReplyTo == *reply.ReplyTo {
			names = append(names, m.ToolName)
		}
	}
	return names
}

func checkRecommendation(t *testing.T, ans *Message) {
	t.Helper()
	for _, want := range []string{"representative APR", "Representative example", "paid by its partners", "not an offer of credit"} {
		if !strings.Contains(ans.Text, want) {
			t.Errorf("answer lacks %q: %s", want, ans.Text)
		}
	}
	for _, bad := range []string{"approved", "guarantee"} {
		if strings.Contains(strings.ToLower(ans.Text), bad) {
			t.Errorf("answer says %q: %s", bad, ans.Text)
		}
	}
	if len(ans.Cards) == 0 {
		t.Fatal("answer has no offer cards")
	}
	var card struct {
		OfferID           int64  `json:"offer_id"`
		RepresentativeAPR string `json:"representative_apr"`
		NetSaving         string `json:"net_saving"`
		Chart             struct {
			Months []int `json:"months"`
		} `json:"chart"`
	}
	if err := json.Unmarshal(ans.Cards[0], &card); err != nil || card.OfferID == 0 || card.RepresentativeAPR == "" {
		t.Errorf("card = %s (%v)", ans.Cards[0], err)
	}
	if len(ans.Flags) != 0 {
		t.Errorf("flags = %v, want none: the planner's answer is grounded: %s", ans.Flags, ans.Text)
	}
}

func TestPlannerComparesInlineFigures(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	withCatalogue(t, f)
	ans := onlyReply(t, f.say(t, "my car loan is $15,000 at 9.9% with 48 months left"))
	if got := toolNames(t, f, ans); strings.Join(got, ",") != ToolCompare {
		t.Errorf("tools = %v, want compare only (no saved holding needed)", got)
	}
	for _, want := range []string{"$15,000.00", "9.90%", "48 months", "Drive Lower Auto Refinance", "6.49%"} {
		if !strings.Contains(ans.Text, want) {
			t.Errorf("answer lacks %q: %s", want, ans.Text)
		}
	}
	checkRecommendation(t, ans)
	// The cards went out as an offers event before the answer, from the tool result.
	types := f.eventTypes(t)
	if i, j := indexOf(types, EventOffers), indexOf(types, EventMessageCompleted); i < 0 || i > j {
		t.Errorf("events = %v, want offers before message.completed", types)
	}
}

func TestPlannerUsesTheSavedHolding(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	withCatalogue(t, f)
	pay := offers.MustMoney("419.69")
	_, err := offers.NewStore(f.pool).CreateHolding(context.Background(), f.userID, offers.Holding{
		Kind: offers.KindLoan, ProductType: offers.AutoLoan, Provider: "Big Bank", Balance: offers.MustMoney("18000.00"),
		APR: offers.MustPercent("10.50"), RemainingMonths: 54, MonthlyPayment: &pay})
	if err != nil {
		t.Fatal(err)
	}
	ans := onlyReply(t, f.say(t, "can I get a cheaper car loan?"))
	if got := toolNames(t, f, ans); strings.Join(got, ",") != ToolGetHoldings+","+ToolCompare {
		t.Errorf("tools = %v, want get_holdings then compare", got)
	}
	for _, want := range []string{"$18,000.00", "10.50%", "54 months"} {
		if !strings.Contains(ans.Text, want) {
			t.Errorf("answer lacks %q: %s", want, ans.Text)
		}
	}
	checkRecommendation(t, ans)
}

func TestPlannerAsksWhenNothingIsSaved(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	withCatalogue(t, f)
	ans := onlyReply(t, f.say(t, "can I get a cheaper car loan?"))
	if !strings.Contains(ans.Text, "balance, interest rate and months left") || len(ans.Cards) != 0 {
		t.Errorf("answer = %q, want a question for the figures", ans.Text)
	}
}

func indexOf(xs []string, x string) int {
	for i, v := range xs {
		if v == x {
			return i
		}
	}
	return -1
}

// BenchmarkUnderstand is the planner's reading of one message that asks for a better rate.
func BenchmarkUnderstand(b *testing.B) {
	WarmUp()
	for b.Loop() {
		if r := understand("is there a cheaper rate on my car loan?", nil); r.Intent != nlu.CompareHolding {
			b.Fatalf("intent = %s", r.Intent)
		}
	}
}

// A company's own customer service asked for by name is answered in a new conversation too:
// where to find that number, and what the assistant and its people can do instead.
func TestPlannerAnswersWhereACompanysOwnLineIs(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	withCatalogue(t, f)
	for _, c := range []struct{ text, want string }{
		{"does Road Saver have its own customer service number?", "on its website"},
		{"¿Clear Path tiene un teléfono de atención al cliente?", "en su web"},
	} {
		ans := onlyReply(t, f.say(t, c.text))
		if !strings.Contains(ans.Text, c.want) || !strings.Contains(ans.Text, "customer service") && !strings.Contains(ans.Text, "atención al cliente") {
			t.Errorf("%q answered %q, want where that company's own number is found", c.text, ans.Text)
		}
	}
	// Asked how good their service is, not for their number: no number talk.
	if ans := onlyReply(t, f.say(t, "does Road Saver have good customer service?")); strings.Contains(ans.Text, "number") {
		t.Errorf("a question about a company's service answered %q, want no talk of its number", ans.Text)
	}
}

// Asked how good a company's customer service is, after offers were shown or by the company's
// name, the planner says it has nothing to judge that by and what it can do; nobody is put in
// the queue for asking.
func TestPlannerAnswersAQuestionAboutACompanysService(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	withCatalogue(t, f)
	showOffers(t, f, "my car loan is $15,000 at 9.9% with 48 months left")
	for _, c := range []struct{ text, want string }{
		{"is their customer service any good?", "no reviews or ratings"},
		{"does Road Saver have good customer service?", "no reviews or ratings"},
		{"est-ce que leur service client est bon ?", "ni avis ni notes"},
	} {
		ans := onlyReply(t, f.say(t, c.text))
		if !strings.Contains(ans.Text, c.want) {
			t.Errorf("%q answered %q, want that there is nothing to judge a company's service by", c.text, ans.Text)
		}
	}
	if conv, err := f.eng.Store.Conversation(context.Background(), f.userID, f.conv.ID); err != nil || conv.State != StateBot {
		t.Errorf("conversation state %v (%v): asking about a company's service put the person in the queue", conv, err)
	}
}

// Follow-ups about the offers just shown, in words the understanding does not take for a
// question about an offer, are answered about those offers: the monthly payment the
// comparison worked out, whether the top offer has an early repayment fee, how to apply and
// how long approval takes (the partner's, with its link). A question for what a term means
// is still a definition.
func TestPlannerAnswersFollowUpsAboutTheShownOffers(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	withCatalogue(t, f)
	first := showOffers(t, f, "my car loan is 18k at 8.5%, 60 months left")
	card := topCard(t, first)
	if card.MonthlyPayment == "" {
		t.Fatalf("the first card has no monthly payment: %+v", card)
	}
	payment := offers.FormatMoney(offers.MustMoney(card.MonthlyPayment).Decimal, "USD", "en-US")
	for _, c := range []struct{ text, want, not string }{
		{"what's the monthly payment on the first one?", "you would pay about " + payment + " a month", ""},
		{"and is there an early repayment fee?", card.Name + " has no prepayment penalty", ""},
		{"how do I apply?", "You apply for " + card.Name + " with the partner", ""},
		{"how long does approval take?", "is up to the partner", ""},
		{"¿cómo lo solicito?", "se solicita al socio", ""},
		{"wie beantrage ich das?", "beantragen Sie beim Partner", ""},
		{"hur ansöker jag?", "Du ansöker om", ""},
		{"combien je paierais par mois ?", "par mois", ""},
		{"what is a prepayment penalty?", "", "has no prepayment penalty"},
	} {
		ans := onlyReply(t, f.say(t, c.text))
		if c.want != "" && !strings.Contains(ans.Text, c.want) || c.not != "" && strings.Contains(ans.Text, c.not) {
			t.Errorf("%q answered %q, want %q in it and not %q", c.text, ans.Text, c.want, c.not)
		}
		if (strings.Contains(c.want, "apply") || strings.Contains(c.want, "partner")) && !strings.Contains(ans.Text, "https://") {
			t.Errorf("%q answered %q, want the offer's link", c.text, ans.Text)
		}
	}
}

// "What does it cover?" and "what's the excess?" after policies were shown ask about the top
// policy, "how do I switch?" how to take it; "what does APR mean?" is still a definition.
func TestPlannerReadsQuestionsAboutAShownPolicy(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	withCatalogue(t, f)
	first := showOffers(t, f, "I pay 95 a month for car insurance, can you find cheaper?")
	card := topCard(t, first)
	for _, c := range []struct{ text, want string }{
		{"what does it cover?", "deductible"},
		{"what's the excess?", "deductible"},
		{"how do I switch?", "You apply for " + card.Name},
	} {
		if ans := onlyReply(t, f.say(t, c.text)); !strings.Contains(ans.Text, card.Name) || !strings.Contains(ans.Text, c.want) {
			t.Errorf("%q answered %q, want %q about %s", c.text, ans.Text, c.want, card.Name)
		}
	}
	if ans := onlyReply(t, f.say(t, "what does APR mean?")); strings.Contains(ans.Text, card.Name) {
		t.Errorf("a definition question answered about the shown policy: %q", ans.Text)
	}
}

// Figures in a currency none of the catalogue's markets uses are not compared with offers in
// dollars or pounds as if they were: the answer says which currencies the offers are in.
func TestPlannerDoesNotCompareAnAmountInACurrencyItHasNoOffersIn(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	withCatalogue(t, f)
	for _, c := range []struct{ text, want string }{
		{"hola, tengo un préstamo personal de 10.000 € al 11% y me quedan 36 meses", "en dólares estadounidenses y libras esterlinas"},
		{"I need a loan of 5000 euros", "in US dollars and pounds sterling"},
	} {
		ans := onlyReply(t, f.say(t, c.text))
		if !strings.Contains(ans.Text, c.want) || !strings.Contains(ans.Text, "EUR") || len(ans.Cards) > 0 || strings.Contains(ans.Text, "$") {
			t.Errorf("%q answered %q with %d cards, want no comparison and the currencies the offers are in", c.text, ans.Text, len(ans.Cards))
		}
	}
	// A pound amount is compared with the UK's offers, in pounds.
	if ans := onlyReply(t, f.say(t, "my car loan is £12,000 at 9% with 36 months left")); strings.Contains(ans.Text, "US dollars") || !strings.Contains(ans.Text, "£12,000.00") {
		t.Errorf("a loan in pounds answered %q", ans.Text)
	}
}

// "What can you do?" is answered with what the assistant does, in the question's language,
// and no offer of a person for not understanding it.
func TestPlannerSaysWhatItDoes(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	for _, c := range []struct{ text, want string }{
		{"what can you do?", "I can check whether your loans or insurance could be cheaper"},
		{"¿qué puedes hacer?", "Puedo comprobar si tus préstamos"},
		{"qu'est-ce que tu peux faire ?", "Je peux vérifier si vos prêts"},
		{"was kannst du?", "Ich kann prüfen, ob Ihre Kredite"},
		{"vad kan du hjälpa till med?", "Jag kan se om dina lån"},
	} {
		ans := onlyReply(t, f.say(t, c.text))
		if !strings.Contains(ans.Text, c.want) {
			t.Errorf("%q answered %q, want what the assistant does", c.text, ans.Text)
		}
	}
	conv, err := f.eng.Store.Conversation(context.Background(), f.userID, f.conv.ID)
	if err != nil || conv.State != StateBot {
		t.Fatalf("conversation %v: %v", conv, err)
	}
}

// Offers a search listed are shown offers too: "tell me about the second one" after "show me
// personal loans" is about the second one listed, and "which would you pick?" does not say
// that no offers were shown.
func TestPlannerFollowsUpOnASearch(t *testing.T) {
	t.Parallel()
	f := newFixtureOn(t, demoPool(t), nil)
	list := onlyReply(t, f.say(t, "show me personal loans"))
	var listed []string
	for _, line := range strings.Split(list.Text, "\n") {
		if name, _, ok := strings.Cut(strings.TrimPrefix(line, "• "), " from "); ok && strings.HasPrefix(line, "• ") {
			listed = append(listed, name)
		}
	}
	if len(listed) < 2 {
		t.Fatalf("the search listed %v: %q", listed, list.Text)
	}
	if ans := onlyReply(t, f.say(t, "tell me about the second one")); !strings.HasPrefix(ans.Text, listed[1]) {
		t.Errorf("\"tell me about the second one\" answered %q, want %s (the second listed)", ans.Text, listed[1])
	}
	if ans := onlyReply(t, f.say(t, "which one has the lowest rate?")); strings.Contains(ans.Text, "haven't shown you any offers") {
		t.Errorf("after a search, a question about its offers answered %q", ans.Text)
	}
}

// A merchant's checkout plan pays for a purchase in that shop only: a search for loans in a
// consumer's own chat never lists one, as a comparison never compares with one; in a chat
// opened from a shop's widget, that shop's plans are listed and no other shop's.
func TestSearchLeavesOutCheckoutPlans(t *testing.T) {
	t.Parallel()
	f := newFixtureOn(t, demoPool(t), nil)
	for _, text := range []string{"i need money fast for rent", "show me personal loans", "can I borrow 1500?"} {
		ans := onlyReply(t, f.say(t, text))
		if !strings.Contains(ans.Text, "• ") {
			t.Fatalf("%q listed no offers: %q", text, ans.Text)
		}
		for _, plan := range []string{"Pay in 4", "6-Month Financing", "Pixel & Plank", "Trailhead Outfitters"} {
			if strings.Contains(ans.Text, plan) {
				t.Errorf("%q listed the checkout plan %q: %q", text, plan, ans.Text)
			}
		}
	}

	ctx := context.Background()
	shop, err := offers.NewStore(f.pool).PartnerByName(ctx, "Pixel & Plank Electronics")
	if err != nil {
		t.Fatal(err)
	}
	shopper := newUser(t, f.pool, "shopper@example.com")
	if f.conv, err = f.eng.Store.CreatePartnerConversation(ctx, shopper, shop.ID, nil, ""); err != nil {
		t.Fatal(err)
	}
	f.userID = shopper
	ans := onlyReply(t, f.say(t, "show me personal loans"))
	if !strings.Contains(ans.Text, "from Pixel & Plank Electronics") || strings.Contains(ans.Text, "Trailhead Outfitters") {
		t.Errorf("in Pixel & Plank's widget chat, a search listed %q, want its own plans and no other shop's", ans.Text)
	}
}

// A correction right after a comparison changes only what it names: "my rate is actually
// 11.5%" compares the same car loan at 11.5 %. A message about another loan is not one.
func TestPlannerTakesACorrectionOfTheLoanItCompared(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	withCatalogue(t, f)
	showOffers(t, f, "my car loan is 15k at 9.9% with 48 months left")
	ans := onlyReply(t, f.say(t, "my rate is actually 11.5%"))
	for _, want := range []string{"car loan", "$15,000.00", "11.50%", "48 months"} {
		if !strings.Contains(ans.Text, want) {
			t.Errorf("the correction answered %q, want %q in it", ans.Text, want)
		}
	}
	if len(ans.Cards) == 0 {
		t.Errorf("the correction was not compared: %q", ans.Text)
	}
	if ans := onlyReply(t, f.say(t, "sorry, 36 months left")); !strings.Contains(ans.Text, "11.50%") || !strings.Contains(ans.Text, "36 months") {
		t.Errorf("a second correction answered %q, want the loan at 11.50%% with 36 months left", ans.Text)
	}
	// Another loan, said to be one, is asked about from scratch.
	if ans := onlyReply(t, f.say(t, "I also have a personal loan at 20%")); strings.Contains(ans.Text, "$15,000.00") || len(ans.Cards) > 0 {
		t.Errorf("another loan was taken for a correction: %q", ans.Text)
	}
}

// showOffers says text, a holding to compare, and returns the answer, which must show offer
// cards: the tests that follow ask about them.
// shownCard is the first offer card of an answer, with the fields the tests quote.
type shownCard struct {
	Title          string `json:"title"`
	Name           string `json:"name"`
	MonthlyPayment string `json:"monthly_payment"`
	NetSaving      string `json:"net_saving"`
}

// topCard is the first offer card ans showed; the test fails if it has no name or title.
func topCard(t *testing.T, ans *Message) shownCard {
	t.Helper()
	var c shownCard
	if len(ans.Cards) == 0 || json.Unmarshal(ans.Cards[0], &c) != nil || c.Name == "" || c.Title == "" {
		t.Fatalf("the answer's first card is not an offer's: %q", ans.Cards)
	}
	return c
}

func showOffers(t *testing.T, f *fixture, text string) *Message {
	t.Helper()
	ans := onlyReply(t, f.say(t, text))
	if len(ans.Cards) == 0 {
		t.Fatalf("%q showed no offers: %q", text, ans.Text)
	}
	return ans
}

package assistant

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"ratewise"
	"ratewise/assistant/nlu"
	"ratewise/offers"
	"ratewise/retrieval"
)

// A person fed up with the assistant gets an apology and the offer of a person, in their
// language, instead of a greeting ("you're useless" read as one) or "I'll carry on helping"
// ("you're not helping" read as a no); their yes then connects them.
func TestPlannerApologisesWhenItIsNotHelping(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ text, want string }{
		{"you're useless", "I'm sorry I haven't been much help. Shall I connect you with a person?"},
		{"you are not helping at all", "I'm sorry I haven't been much help."},
		{"this bot is a waste of time", "I'm sorry I haven't been much help."},
		{"no me estás ayudando nada", "Siento no haberte sido de mucha ayuda."},
		{"tu es vraiment nul", "Je suis désolé de ne pas vous avoir été plus utile."},
		{"du bist total nutzlos", "Es tut mir leid, dass ich Ihnen kaum helfen konnte."},
		{"du hjälper mig inte", "Förlåt att jag inte har varit till mycket hjälp."},
	} {
		t.Run(c.text, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, nil)
			ans := onlyReply(t, f.say(t, c.text))
			if !strings.Contains(ans.Text, c.want) {
				t.Fatalf("%q answered %q, want %q", c.text, ans.Text, c.want)
			}
			if c.text != "you're useless" {
				return
			}
			f.say(t, "yes")
			conv, err := f.eng.Store.Conversation(context.Background(), f.userID, f.conv.ID)
			if err != nil || conv.State != StateQueued {
				t.Errorf("after yes to the offer of a person: conversation %+v (%v), want queued", conv, err)
			}
		})
	}
}

// "None of these work for me" after a comparison asks what would suit better and offers a
// person; it used to describe the first offer again.
func TestPlannerAsksWhatWouldSuitWhenNoShownOfferDoes(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	withCatalogue(t, f)
	showOffers(t, f, "my car loan is 18k at 8.5%, 60 months left")
	for _, c := range []struct{ text, want string }{
		{"none of these work for me", "none of those suits you"},
		{"I don't like any of these", "none of those suits you"},
		{"ninguna me convence", "ninguna te encaja"},
		{"aucune ne me convient", "aucune ne vous convient"},
	} {
		ans := onlyReply(t, f.say(t, c.text))
		if !strings.Contains(ans.Text, c.want) || len(ans.Cards) > 0 || strings.Contains(ans.Text, "APR") {
			t.Errorf("%q answered %q, want %q and no offer's details", c.text, ans.Text, c.want)
		}
	}
}

// Questions about Ratewise itself — how it earns money, whether this is advice, how it
// ranks, how it works out savings, what it does with one's data — are answered from its own
// guide, which the answer cites; the understanding reads most of them as off-topic.
func TestPlannerAnswersQuestionsAboutRatewiseFromItsGuides(t *testing.T) {
	t.Parallel()
	f := newFixtureOn(t, demoPool(t), nil)
	f.eng.Tools.Search = localIndex(f.pool)
	for _, c := range []struct{ question, slug string }{
		{"how do you make money?", "how-ratewise-earns-money"},
		{"how do u guys make money", "how-ratewise-earns-money"},
		{"do the lenders pay you?", "how-ratewise-earns-money"},
		{"¿cómo ganáis dinero?", "how-ratewise-earns-money"},
		{"is this financial advice?", "is-ratewise-financial-advice"},
		{"are you a financial advisor?", "is-ratewise-financial-advice"},
		{"ist das eine Finanzberatung?", "is-ratewise-financial-advice"},
		{"how do you rank the offers?", "how-recommendations-are-ranked"},
		{"can I trust your recommendations?", "how-recommendations-are-ranked"},
		{"how do you calculate the savings?", "how-savings-are-calculated"},
		{"do you sell my data?", "data-privacy"},
		{"is it safe to give you my details?", "data-privacy"},
		{"vad gör ni med mina uppgifter?", "data-privacy"},
	} {
		ans := onlyReply(t, f.say(t, c.question))
		want, err := retrieval.ArticleBySlug(c.slug)
		if err != nil {
			t.Fatal(err)
		}
		if len(ans.Citations) != 1 || ans.Citations[0].Slug != c.slug || !strings.Contains(ans.Text, "/kb/"+c.slug) {
			t.Errorf("%q answered %q citing %+v, want the guide %q", c.question, ans.Text, ans.Citations, want.Title)
		}
	}
}

// The rules above leave other messages alone: a question about an offer or a loan, figures
// stated in a fed-up message, and a request the understanding sends to a person.
func TestAsidesLeaveOtherMessagesAlone(t *testing.T) {
	t.Parallel()
	shown := Dialogue{Shown: []ShownOffer{{OfferID: 1, Title: "A — B"}}}
	for _, text := range []string{
		"is there a fee?", "can you help me with my car loan?", "that's useful, thanks", "what does it cover?",
		"none of these have a prepayment penalty?", "is it free to apply?", "how do I make money from my savings?",
	} {
		if _, ok := aside(nlu.AskOffer, shown, nlu.Slots{}, text, "en"); ok {
			t.Errorf("%q was taken for an aside", text)
		}
		if slug, _, ok := aboutUs(text); ok {
			t.Errorf("%q was taken for a question about Ratewise (%s)", text, slug)
		}
	}
	u := nlu.Parse("you're useless, my car loan is 15000 at 9.9% with 48 months left")
	if _, ok := aside(u.Intent, shown, u.Slots, "you're useless, my car loan is 15000 at 9.9% with 48 months left", "en"); ok {
		t.Error("a message that states a loan's figures was answered as an aside")
	}
	if _, ok := aside(nlu.Complaint, shown, nlu.Slots{}, "this is useless", "en"); ok {
		t.Error("a complaint was answered as an aside")
	}
	if _, ok := aside(nlu.AskOffer, Dialogue{}, nlu.Slots{}, "none of these work for me", "en"); ok {
		t.Error("offers were turned down when none had been shown")
	}
}

// "Over 3 years" or "what about 8,000?" after a search searches again with only that changed
// (it used to ask which kind of offer), and "what would the monthly payment be?" gets the
// payment the search worked out for the amount asked.
func TestPlannerRefinesTheLastSearch(t *testing.T) {
	t.Parallel()
	f := newFixtureOn(t, demoPool(t), nil)
	first := onlyReply(t, f.say(t, "I want to borrow 5000 for a wedding"))
	if !strings.Contains(first.Text, "borrowing $5,000.00 over") {
		t.Fatalf("the search answered %q", first.Text)
	}
	for _, c := range []struct{ text, want string }{
		{"over 3 years", "borrowing $5,000.00 over 36 months"},
		{"what would the monthly payment be?", "borrowing $5,000.00 over 36 months would cost about $"},
		{"what about 8000?", "borrowing $8,000.00 over 36 months"},
	} {
		if ans := onlyReply(t, f.say(t, c.text)); !strings.Contains(ans.Text, c.want) {
			t.Errorf("%q answered %q, want %q", c.text, ans.Text, c.want)
		}
	}
	// After a comparison, a term alone is not a search.
	g := newFixture(t, nil)
	withCatalogue(t, g)
	showOffers(t, g, "my car loan is 18k at 8.5%, 60 months left")
	if ans := onlyReply(t, g.say(t, "over 3 years")); strings.Contains(ans.Text, "cheapest first") {
		t.Errorf("\"over 3 years\" after a comparison answered with a search: %q", ans.Text)
	}
}

// A question about the offers a search listed is not a new search because it names a number.
func TestARefinedSearchChangesOnlyAnAmountOrATerm(t *testing.T) {
	t.Parallel()
	amount := decimal.NewFromInt(5000)
	last := &nlu.Slots{Product: "personal_loan", Amount: &amount, TermMonths: 60}
	for _, c := range []struct {
		text         string
		amount, term int64
	}{
		{"over 3 years", 5000, 36},
		{"what about 15 years?", 5000, 180},
		{"what about 8000?", 8000, 60},
		{"and 10k over 48 months?", 10000, 48},
		{"is there a fee for paying off in the first 12 months?", 0, 0},
		{"what's the rate at 36 months and 11%?", 0, 0},
		{"what about 2?", 0, 0},
		{"my credit score is 700", 5000, 60}, // the same search, for that score (searchCall reads it)
	} {
		u := nlu.Parse(c.text)
		got, ok := refinedSearch(u.Intent, last, u.Slots, c.text, ExtractEntities(c.text))
		if c.term == 0 {
			if ok {
				t.Errorf("%q (%s) refined the search to %v over %d months", c.text, u.Intent, got.Amount, got.TermMonths)
			}
			continue
		}
		if !ok || got.Product != "personal_loan" || got.Amount == nil || got.Amount.IntPart() != c.amount || int64(got.TermMonths) != c.term {
			t.Errorf("%q (%s) refined the search to %+v (%v), want %d over %d months", c.text, u.Intent, got, ok, c.amount, c.term)
		}
	}
	if _, ok := refinedSearch(nlu.OffTopic, nil, nlu.Slots{}, "over 3 years", ExtractEntities("over 3 years")); ok {
		t.Error("a term refined a search that was never made")
	}
}

// "How long is the intro period?" after balance-transfer cards were shown is answered with
// the top card's promotional rate, its months and the rate after (it got the card's terms and
// amounts); a loan with no such rate says so.
func TestPlannerAnswersAboutAnIntroductoryRate(t *testing.T) {
	t.Parallel()
	f := newFixtureOn(t, demoPool(t), nil)
	first := showOffers(t, f, "My credit card balance is $6,500 at 24% APR")
	card := topCard(t, first)
	for _, text := range []string{"how long is the intro period?", "what happens after the promo ends?", "¿cuánto dura el periodo promocional?"} {
		ans := onlyReply(t, f.say(t, text))
		if !strings.HasPrefix(ans.Text, card.Name+": ") || !strings.Contains(ans.Text, "months") && !strings.Contains(ans.Text, "meses") {
			t.Errorf("%q answered %q, want %s's promotional rate and its months", text, ans.Text, card.Name)
		}
	}
	g := newFixture(t, nil)
	withCatalogue(t, g)
	showOffers(t, g, "my car loan is 18k at 8.5%, 60 months left")
	if ans := onlyReply(t, g.say(t, "is there an intro rate?")); !strings.Contains(ans.Text, "has no introductory rate") {
		t.Errorf("\"is there an intro rate?\" about a car loan answered %q", ans.Text)
	}
}

// "Can you lower my payment?" is a request to compare what the person has: with nothing
// saved, the answer asks about the loan (it was "I'm not sure I understood"), and the loan
// named next is asked for its figures.
func TestPlannerTakesALowerPaymentForAComparison(t *testing.T) {
	t.Parallel()
	for _, text := range []string{"can you lower my payment?", "I want to pay less each month", "¿puedes bajar mi cuota?", "je voudrais payer moins"} {
		t.Run(text, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, nil)
			withCatalogue(t, f)
			ans := onlyReply(t, f.say(t, text))
			if !strings.Contains(ans.Text, ExamplePhrase) && !strings.Contains(foldText(ans.Text), "saldo") && !strings.Contains(foldText(ans.Text), "taux") || strings.Contains(ans.Text, "not sure I understood") {
				t.Errorf("%q answered %q, want a question about the loan to compare", text, ans.Text)
			}
			if text != "can you lower my payment?" {
				return
			}
			// The loan named next answers the question: its figures are asked for, and
			// then compared (a search used to list personal loans).
			if ans := onlyReply(t, f.say(t, "it's a personal loan")); strings.Contains(ans.Text, "cheapest first") || !strings.Contains(ans.Text, "personal loan") {
				t.Errorf("\"it's a personal loan\" answered %q, want its figures asked for", ans.Text)
			}
			if ans := onlyReply(t, f.say(t, "12000 at 14%, 40 months")); len(ans.Cards) == 0 || !strings.Contains(ans.Text, "$12,000.00") {
				t.Errorf("the figures answered %q with %d cards, want the personal loan compared", ans.Text, len(ans.Cards))
			}
		})
	}
}

// "What if I only pay the minimum?" is answered from the guide on card interest and minimum
// payments; when search ranks another guide a hair above it
// (on one server, auto insurance's "state minimum"), the guide named for one of the
// question's words answers, and a best passage that is named for one stays the answer.
func TestPlannerAnswersFromTheGuideNamedForTheQuestion(t *testing.T) {
	t.Parallel()
	f := newFixtureOn(t, demoPool(t), nil)
	f.eng.Tools.Search = localIndex(f.pool)
	ans := onlyReply(t, f.say(t, "what if I only pay the minimum?"))
	if len(ans.Citations) != 1 || ans.Citations[0].Slug != "credit-card-interest-and-minimum-payments" || !strings.Contains(ans.Text, "minimum") {
		t.Errorf("answered %q citing %+v, want the guide on minimum payments", ans.Text, ans.Citations)
	}

	res := json.RawMessage(`{"passages":[
		{"title":"Auto insurance coverage explained","snippet":"Collision pays to repair or replace your own car.","url":"/kb/auto-insurance-coverage"},
		{"title":"Credit card interest and minimum payments","snippet":"Paying only the minimum can take years.","url":"/kb/credit-card-interest-and-minimum-payments"}]}`)
	if got := composeKnowledge(res, "what if I only pay the minimum?", "en"); !strings.Contains(got.text, "/kb/credit-card-interest-and-minimum-payments") {
		t.Errorf("composeKnowledge answered %q, want the guide named for the question", got.text)
	}
	if got := composeKnowledge(res, "what does collision insurance pay for?", "en"); !strings.Contains(got.text, "/kb/auto-insurance-coverage") {
		t.Errorf("composeKnowledge answered %q, want the best passage, whose guide the question names", got.text)
	}
	if got := composeKnowledge(res, "what happens after a crash?", "en"); !strings.Contains(got.text, "/kb/auto-insurance-coverage") {
		t.Errorf("composeKnowledge answered %q, want the best passage when no guide is named for the question", got.text)
	}
}

// "What about 36 months instead?" after a comparison is answered with what the comparison
// worked out for that term of the top offer (it got the offer's list of terms, or "I'm not
// sure I understood" for "what about 15 years?"); a term the offer does not lend over is
// named with those it does; "sorry, 52 months left" still corrects the loan.
func TestPlannerAnswersForAnotherTermOfTheShownOffer(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	withCatalogue(t, f)
	first := showOffers(t, f, "my car loan is 18k at 8.5%, 60 months left")
	card := topCard(t, first)
	ans := onlyReply(t, f.say(t, "what about 36 months instead?"))
	if !strings.HasPrefix(ans.Text, "Over 36 months, "+card.Title+" would cost you about $") || len(ans.Flags) != 0 {
		t.Errorf("\"what about 36 months instead?\" answered %q (flags %v), want %s over 36 months, grounded", ans.Text, ans.Flags, card.Title)
	}
	// A consumer's own words, read as a "what if" question rather than a comparison.
	if ans := onlyReply(t, f.say(t, "hmm what if i stretched it to 5 years")); !strings.HasPrefix(ans.Text, "Over 60 months, "+card.Title) {
		t.Errorf("\"hmm what if i stretched it to 5 years\" answered %q, want %s over 60 months", ans.Text, card.Title)
	}
	if ans := onlyReply(t, f.say(t, "and over 10 years?")); !strings.Contains(ans.Text, "months, not 120") {
		t.Errorf("a term the offer does not lend over answered %q", ans.Text)
	}
	if ans := onlyReply(t, f.say(t, "sorry, 52 months left")); len(ans.Cards) == 0 || !strings.Contains(ans.Text, "52 months") {
		t.Errorf("a correction of the months left answered %q with %d cards, want a new comparison", ans.Text, len(ans.Cards))
	}
}

// "How do I improve it?" right after a guide was quoted asks about that guide's subject (it
// was "I'm not sure I understood"); asked first, or after an answer that quoted no guide, it
// is not taken for one.
func TestPlannerReadsAQuestionAboutItAfterAGuide(t *testing.T) {
	t.Parallel()
	f := newFixtureOn(t, demoPool(t), nil)
	f.eng.Tools.Search = localIndex(f.pool)
	if ans := onlyReply(t, f.say(t, "how do I improve it?")); len(ans.Citations) > 0 {
		t.Errorf("asked first, \"how do I improve it?\" answered %q citing %+v", ans.Text, ans.Citations)
	}
	onlyReply(t, f.say(t, "what's a good credit score?"))
	ans := onlyReply(t, f.say(t, "how do I improve it?"))
	if len(ans.Citations) != 1 || ans.Citations[0].Slug != "improving-your-credit-score" {
		t.Errorf("\"how do I improve it?\" after the credit score guide answered %q citing %+v, want the guide on improving a score", ans.Text, ans.Citations)
	}
	if got := aboutSubject("how do I improve it?", "Credit score bands and what they mean for your rate"); got != "how do I improve credit score?" {
		t.Errorf("the knowledge base was asked %q", got)
	}
	onlyReply(t, f.say(t, "thanks"))
	if ans := onlyReply(t, f.say(t, "how do I improve it?")); len(ans.Citations) > 0 {
		t.Errorf("after thanks, \"how do I improve it?\" answered %q citing %+v", ans.Text, ans.Citations)
	}
}

// "Does it include roadside assistance?" about a shown policy is answered yes, no or "its
// details don't mention it" from the policy's own features and exclusions (it got the cover
// and exclusions with no answer to the question), and the cover answer lists what it includes.
func TestPlannerAnswersWhetherAPolicyIncludesSomething(t *testing.T) {
	t.Parallel()
	res := json.RawMessage(`{"id":7,"name":"Redwood Auto Standard","product_type":"auto_insurance","currency":"USD","locale":"en-US",
		"annual_premium":"2056.00","coverage_limit":"500000.00","deductible":"1000.00",
		"features":["Liability 100/300/100","collision and comprehensive","roadside assistance"],
		"exclusions":["Rideshare driving without the endorsement","wear and tear"],"has_fee":false,"prepayment_penalty":"0"}`)
	base := composeOffer(res, "en", topicGeneral)
	if !strings.Contains(base.text, "Includes: Liability 100/300/100; collision and comprehensive; roadside assistance.") {
		t.Errorf("the cover answer %q does not list what the policy includes", base.text)
	}
	for _, c := range []struct{ question, want string }{
		{"does it include roadside assistance?", "Yes: Redwood Auto Standard includes roadside assistance."},
		{"does the policy cover wear and tear?", "No: Redwood Auto Standard does not cover wear and tear."},
		{"does it come with a rental car?", "Redwood Auto Standard's details don't mention rental car"},
		// The features are in English: another language's words are not matched against
		// them, and the answer lists them instead.
		{"¿incluye asistencia en carretera?", "Redwood Auto Standard: 2056,00"},
	} {
		asked := askedFeature(c.question)
		lang := "en"
		if strings.HasPrefix(c.question, "¿") {
			lang = "es"
		}
		if got := composeOfferFeature(res, lang, asked, composeOffer(res, lang, topicGeneral)); !strings.HasPrefix(got.text, c.want) {
			t.Errorf("%q (asked %q) answered %q, want it to start %q", c.question, asked, got.text, c.want)
		}
	}
	for _, q := range []string{"does it have a deductible?", "what does it cover?"} {
		if got := composeOfferFeature(res, "en", askedFeature(q), base); got.text != base.text {
			t.Errorf("%q answered %q, want the cover answer alone", q, got.text)
		}
	}

	// Through a conversation: the question is about the top policy shown.
	f := newFixtureOn(t, demoPool(t), nil)
	showOffers(t, f, "I pay $140 a month for car insurance")
	ans := onlyReply(t, f.say(t, "does it include roadside assistance?"))
	if !strings.HasPrefix(ans.Text, "Yes: ") && !strings.Contains(ans.Text, "details don't mention roadside assistance") {
		t.Errorf("\"does it include roadside assistance?\" answered %q", ans.Text)
	}
}

// More follow-ups a person writes, each answered for what it asks (each was misread before):
// "how much would I save?" gets the saving the comparison worked out (it got the offer's
// details), "¿y a 36 meses?" that term of the offer (it said no loan was saved), "I don't
// understand" an offer to explain (it got "I'll carry on helping"), "ok thanks" a you're
// welcome; "what's the cheapest home insurance?" with nothing shown is a search (it said no
// offers were shown), "which would you pick?" after a search explains the order by rate (it
// said none saved money), and "I still owe 14000" answers the question asked (not understood).
func TestPlannerReadsMoreFollowUps(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	withCatalogue(t, f)
	first := showOffers(t, f, "my car loan is 18k at 8.5%, 60 months left")
	card := topCard(t, first)
	if card.NetSaving == "" {
		t.Fatalf("the first card has no net saving: %+v", card)
	}
	saving := offers.FormatMoney(offers.MustMoney(card.NetSaving).Decimal, "USD", "en-US")
	for _, c := range []struct{ text, want string }{
		{"how much would I save?", "With " + card.Title + " you would save " + saving + " in total"},
		{"how much do i actually save tho", "With " + card.Title + " you would save " + saving + " in total"},
		{"¿y a 36 meses?", "A 36 meses, " + card.Title},
		{"ok thanks", "You're welcome."},
		{"i dont understand", "Sorry, I wasn't clear."},
	} {
		if ans := onlyReply(t, f.say(t, c.text)); !strings.HasPrefix(ans.Text, c.want) || len(ans.Flags) != 0 {
			t.Errorf("%q answered %q (flags %v), want it to start %q", c.text, ans.Text, ans.Flags, c.want)
		}
	}

	g := newFixtureOn(t, demoPool(t), nil)
	g.eng.Tools.Search = localIndex(g.pool)
	if ans := onlyReply(t, g.say(t, "what's the cheapest home insurance?")); !strings.Contains(ans.Text, "home insurance offers") {
		t.Errorf("\"what's the cheapest home insurance?\" answered %q, want a search", ans.Text)
	}
	onlyReply(t, g.say(t, "show me personal loans"))
	if ans := onlyReply(t, g.say(t, "which one would you pick?")); !strings.Contains(ans.Text, "has the lowest representative APR") {
		t.Errorf("\"which one would you pick?\" after a search answered %q", ans.Text)
	}

	h := newFixture(t, nil)
	withCatalogue(t, h)
	onlyReply(t, h.say(t, "I'm paying 320 a month on a car loan at 11%"))
	if ans := onlyReply(t, h.say(t, "I still owe 14000")); strings.Contains(ans.Text, "not sure I understood") || !strings.Contains(ans.Text, "$14,000.00") {
		t.Errorf("\"I still owe 14000\" answered %q, want the amount taken and the months asked for", ans.Text)
	}
	if ans := onlyReply(t, h.say(t, "what about 48 months?")); len(ans.Cards) == 0 {
		t.Errorf("\"what about 48 months?\" answered %q, want the loan compared", ans.Text)
	}
}

// A message about money that the assistant does not recognise ("I got a letter saying my rate
// is going up") is answered from a guide named for one of its words, where it got "I'm not
// sure I understood"; one with no such guide, or not about money, is still not understood.
func TestPlannerAnswersAnUnrecognisedMoneyQuestionFromAGuide(t *testing.T) {
	t.Parallel()
	f := newFixtureOn(t, demoPool(t), nil)
	f.eng.Tools.Search = localIndex(f.pool)
	ans := onlyReply(t, f.say(t, "I got a letter saying my rate is going up"))
	if len(ans.Citations) != 1 || ans.Citations[0].Slug != "fixed-vs-variable-rates" || ans.Citations[0].Source != retrieval.KindKB {
		t.Errorf("answered %q citing %+v, want the guide on fixed and variable rates", ans.Text, ans.Citations)
	}
	if titleShares("How Ratewise calculates your savings", "my rate is going up") {
		t.Error("\"rate\" was taken for a stem of \"Ratewise\"")
	}
	for _, text := range []string{"tell me a joke about penguins", "what are my options?"} {
		ans := onlyReply(t, f.say(t, text))
		if !strings.Contains(ans.Text, "not sure I understood") || len(ans.Citations) > 0 { // nothing looked up is cited
			t.Errorf("%q answered %q citing %+v, want it not understood", text, ans.Text, ans.Citations)
		}
		if tools := toolNames(t, f, ans); len(tools) > 0 && text == "tell me a joke about penguins" {
			t.Errorf("%q called %v: a message not about money searches nothing", text, tools)
		}
	}
}

// "Can I get a loan with bad credit?" lists the offers without searching their text for "bad"
// and asks for the score; "my score is 580" next lists only the offers whose published
// minimum accepts it and says how many ask for more (it got the top offer's requirements).
func TestPlannerListsOffersForACreditScore(t *testing.T) {
	t.Parallel()
	f := newFixtureOn(t, demoPool(t), nil)
	f.eng.Tools.Search = localIndex(f.pool)
	ans := onlyReply(t, f.say(t, "can I get a loan with bad credit?"))
	if strings.Contains(ans.Text, "“bad”") || !strings.Contains(ans.Text, "tell me yours") {
		t.Errorf("\"can I get a loan with bad credit?\" answered %q", ans.Text)
	}
	for _, said := range []string{"my score is 580", "my score is 700", "my score's about 600"} {
		score := said[len(said)-3:]
		ans := onlyReply(t, f.say(t, said))
		if !strings.Contains(ans.Text, "credit score of "+score) || strings.Contains(ans.Text, "Who can apply") || len(ans.Flags) != 0 {
			t.Errorf("%q answered %q (flags %v), want the offers for that score", said, ans.Text, ans.Flags)
		}
		if strings.Contains(ans.Text, "match “") {
			t.Errorf("%q searched the offers' text: %q", said, ans.Text)
		}
	}
}

// search_offers with a credit score lists only the offers whose published minimum accepts
// it and says how many were left out and the lowest minimum among them; a score outside 300
// to 850 is refused.
func TestSearchOffersForACreditScore(t *testing.T) {
	t.Parallel()
	f := newFixtureOn(t, demoPool(t), nil)
	run := func(args string) toolResult {
		return f.eng.Tools.start(context.Background(), f.userID, ToolCall{ID: "c", Name: ToolSearchOffers, Arguments: args}).Run(context.Background())
	}
	var all, scored struct {
		Offers []struct {
			MinCreditScore int `json:"min_credit_score"`
		} `json:"offers"`
		AboveScore    int `json:"above_score"`
		LowestMinimum int `json:"lowest_minimum"`
	}
	if r := run(`{"product_type":"personal_loan","limit":10}`); r.Err != nil || json.Unmarshal(r.JSON, &all) != nil {
		t.Fatalf("search: %v %s", r.Err, r.JSON)
	}
	lowest, above := 0, 0
	for _, o := range all.Offers {
		if o.MinCreditScore > 600 {
			above++
			if lowest == 0 || o.MinCreditScore < lowest {
				lowest = o.MinCreditScore
			}
		}
	}
	if above == 0 || above == len(all.Offers) {
		t.Fatalf("the demo's personal loans' minimums %+v do not test a score of 600", all.Offers)
	}
	if r := run(`{"product_type":"personal_loan","limit":10,"credit_score":600}`); r.Err != nil || json.Unmarshal(r.JSON, &scored) != nil {
		t.Fatalf("search for 600: %v %s", r.Err, r.JSON)
	}
	for _, o := range scored.Offers {
		if o.MinCreditScore > 600 {
			t.Errorf("an offer asking for %d was listed for a score of 600", o.MinCreditScore)
		}
	}
	// The listing without a score shows the cheapest ten: the ones among them that accept 600
	// are all listed for it, and at least the ones asking for more are counted as left out.
	if len(scored.Offers) < len(all.Offers)-above || scored.AboveScore < above || scored.LowestMinimum <= 600 || scored.LowestMinimum > lowest {
		t.Errorf("for 600: %d offers, %d left out, lowest minimum %d; want at least %d, at least %d, from 601 to %d",
			len(scored.Offers), scored.AboveScore, scored.LowestMinimum, len(all.Offers)-above, above, lowest)
	}
	for _, bad := range []string{"299", "851"} {
		if r := run(`{"product_type":"personal_loan","credit_score":` + bad + `}`); ratewise.ErrorField(r.Err) != "credit_score" {
			t.Errorf("credit_score %s: %v, want it refused", bad, r.Err)
		}
	}
}

// A message that states two holdings compares the first with its own figures (read whole, it
// compared "a car loan of $3,000.00 at 9.00%": the card's balance with the car loan's rate) and
// offers the second, which "yes" or naming it compares next. A second product named in a
// question is not a holding; a comparison that saves nothing says so once, not twice.
func TestPlannerTwoHoldingsInOneMessage(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name, first, firstWants, next, nextWants string
	}{
		{"yes compares the second",
			"I have a car loan of 12000 at 9% with 48 months left and a credit card balance of 3000 at 24%",
			"Your car loan of $12,000.00 at 9.00% with 48 months left", "yes",
			"Your credit card balance of $3,000.00 at 24.00%"},
		{"products named by one word",
			"got two loans: car 9k at 11% 30 months left plus a card 2k at 22%",
			"Your car loan of $9,000.00 at 11.00% with 30 months left", "sure",
			"Your credit card balance of $2,000.00 at 22.00%"},
		{"a policy and a loan",
			"my car insurance is 95 a month and my car loan is 12k at 9% with 40 months left",
			"Your car insurance costs $1,140.00 a year.", "yes",
			"Your car loan of $12,000.00 at 9.00% with 40 months left"},
		{"naming it compares the second",
			"my mortgage is 250k at 6.5% with 25 years left, my car loan 18k at 8% with 60 months left",
			"Your mortgage of $250,000.00 at 6.50% with 300 months left", "and the car loan?",
			"Your car loan of $18,000.00 at 8.00% with 60 months left"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			f := newFixtureOn(t, demoPool(t), nil)
			ans := onlyReply(t, f.say(t, c.first))
			if !strings.Contains(ans.Text, c.firstWants) || !strings.HasSuffix(ans.Text, "Shall I compare it next?") || len(ans.Cards) == 0 {
				t.Fatalf("%q answered %q, want the first holding compared (%q) and the second offered", c.first, ans.Text, c.firstWants)
			}
			if ans := onlyReply(t, f.say(t, c.next)); !strings.Contains(ans.Text, c.nextWants) || len(ans.Cards) == 0 {
				t.Errorf("%q next answered %q, want %q compared", c.next, ans.Text, c.nextWants)
			}
		})
	}

	f := newFixtureOn(t, demoPool(t), nil)
	ans := onlyReply(t, f.say(t, "my car loan is 18k at 8.5%, 60 months left, is a personal loan cheaper?"))
	if !strings.Contains(ans.Text, "Your car loan of $18,000.00 at 8.50% with 60 months left") || strings.Contains(ans.Text, "You also mentioned") {
		t.Errorf("a second product in a question answered %q, want only the car loan compared", ans.Text)
	}
	g := newFixtureOn(t, demoPool(t), nil)
	const none = "None of our partners' current offers would save you money on it"
	if ans := onlyReply(t, g.say(t, "my car loan is 3000 at 9% with 48 months left")); strings.Count(ans.Text, none) != 1 {
		t.Errorf("a comparison that saves nothing answered %q, want %q said once", ans.Text, none)
	}
}

// "Is it cheaper if I pay yearly?" about a policy shown gets what paying by the month costs
// over paying at once, worked out by get_offer (12 × the monthly price, the difference and
// its APR), and, right after comparing the person's own policy, where to find theirs; it
// described the first offer before, and "can I pay monthly?" searched loans for "monthly".
// About a loan, "can I pay it all at once?" is about repaying early (it searched for "once").
func TestPlannerPayingYearlyOrMonthly(t *testing.T) {
	t.Parallel()
	perYear := regexp.MustCompile(`or 12 monthly payments of \$([\d,.]+): \$([\d,.]+) a year, \$([\d,.]+) more — like borrowing at [\d.]+% APR`)
	annual := regexp.MustCompile(`costs \$([\d,.]+) a year paid at once`)
	dec := func(s string) decimal.Decimal { return decimal.RequireFromString(strings.ReplaceAll(s, ",", "")) }
	checkSums := func(t *testing.T, text string) {
		t.Helper()
		m, a := perYear.FindStringSubmatch(text), annual.FindStringSubmatch(text)
		if m == nil || a == nil {
			t.Fatalf("answered %q, want the price at once and by the month", text)
		}
		if got := dec(m[1]).Mul(decimal.NewFromInt(12)); !got.Equal(dec(m[2])) {
			t.Errorf("%q: 12 × %s is %s, not %s", text, m[1], got, m[2])
		}
		if got := dec(m[2]).Sub(dec(a[1])); !got.Equal(dec(m[3])) {
			t.Errorf("%q: the extra is %s, not %s", text, got, m[3])
		}
	}

	f := newFixtureOn(t, demoPool(t), nil)
	f.eng.Tools.Search = localIndex(f.pool)
	showOffers(t, f, "my car insurance costs 95 a month, I pay monthly")
	ans := onlyReply(t, f.say(t, "is it cheaper if I pay yearly?"))
	checkSums(t, ans.Text)
	if !strings.Contains(ans.Text, "For your own policy, ask your insurer") || len(ans.Flags) != 0 {
		t.Errorf("answered %q (flags %v), want a word on their own policy and no flag", ans.Text, ans.Flags)
	}
	if ans := onlyReply(t, f.say(t, "¿y si pago anualmente?")); !strings.Contains(ans.Text, "al año pagado de una vez, o 12 pagos mensuales de") {
		t.Errorf("¿y si pago anualmente? answered %q", ans.Text)
	}
	checkSums(t, onlyReply(t, f.say(t, "would it be cheaper to pay the whole year upfront?")).Text)

	g := newFixtureOn(t, demoPool(t), nil)
	g.eng.Tools.Search = localIndex(g.pool)
	if ans := onlyReply(t, g.say(t, "show me home insurance")); !strings.Contains(ans.Text, "home insurance offers") {
		t.Fatalf("show me home insurance answered %q", ans.Text)
	}
	ans = onlyReply(t, g.say(t, "can I pay monthly?"))
	checkSums(t, ans.Text)
	if strings.Contains(ans.Text, "For your own policy") {
		t.Errorf("after a search, answered %q: no policy of theirs was compared", ans.Text)
	}

	h := newFixtureOn(t, demoPool(t), nil)
	showOffers(t, h, "my car loan is 18k at 8.5%, 60 months left")
	if ans := onlyReply(t, h.say(t, "can I pay it all at once?")); !strings.Contains(ans.Text, "prepayment penalty") {
		t.Errorf("about a loan, \"can I pay it all at once?\" answered %q, want its prepayment terms", ans.Text)
	}
}

// "Which should I pay off first?" is answered from the person's saved loans and cards, highest
// rate first, with no policy among them; with none saved, it says how to add them. It got the
// first offer's details, or "not understood".
func TestPlannerPayOffFirst(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	if ans := onlyReply(t, f.say(t, "which should I pay off first?")); !strings.HasPrefix(ans.Text, "You have no loans or cards saved yet.") {
		t.Errorf("with nothing saved, answered %q", ans.Text)
	}
	store := offers.NewStore(f.pool)
	premium := offers.MustMoney("95.00")
	for _, h := range []offers.Holding{
		{Kind: offers.KindLoan, ProductType: offers.AutoLoan, Provider: "Acme Auto", Balance: offers.MustMoney("12000.00"), APR: offers.MustPercent("9.00"), RemainingMonths: 48},
		{Kind: offers.KindLoan, ProductType: offers.CreditCard, Provider: "Acme Card", Balance: offers.MustMoney("3000.00"), APR: offers.MustPercent("24.00")},
		{Kind: offers.KindLoan, ProductType: offers.PersonalLoan, Provider: "Acme Bank", Balance: offers.MustMoney("5000.00"), APR: offers.MustPercent("13.50"), RemainingMonths: 36},
		{Kind: offers.KindInsurance, ProductType: offers.AutoInsurance, Provider: "Acme Insure", Premium: &premium, PremiumFrequency: offers.Monthly},
	} {
		if _, err := store.CreateHolding(context.Background(), f.userID, h); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct{ text, want string }{
		{"which should I pay off first?", "your credit card ($3,000.00 owed at 24.00%) has the highest rate"},
		{"what should I pay down first", "by rate they come next: your personal loan at 13.50%; your car loan at 9.00%."},
		{"¿cuál debo pagar primero?", "tu tarjeta de crédito (3000,00\u00a0US$ pendientes al 24,00\u00a0%) tiene el tipo más alto"},
	} {
		ans := onlyReply(t, f.say(t, c.text))
		if !strings.Contains(ans.Text, c.want) || strings.Contains(ans.Text, "insurance") || len(ans.Flags) != 0 {
			t.Errorf("%q answered %q (flags %v), want %q", c.text, ans.Text, ans.Flags, c.want)
		}
	}
}

// A credit score the person states and asks about gets its band, from the guide on score
// bands: "mine is 680, is that good?" right after that guide was taken for a loan of $680.
// The score is kept: a later search lists only the offers whose minimum it meets.
func TestPlannerCreditScoreBand(t *testing.T) {
	t.Parallel()
	f := newFixtureOn(t, demoPool(t), nil)
	f.eng.Tools.Search = localIndex(f.pool)
	onlyReply(t, f.say(t, "what is a good credit score?"))
	ans := onlyReply(t, f.say(t, "mine is 680, is that good?"))
	if !strings.HasPrefix(ans.Text, "680 is in the Good band (670–739)") || len(ans.Citations) != 1 || len(ans.Flags) != 0 {
		t.Errorf("\"mine is 680, is that good?\" answered %q (citations %d, flags %v), want its band, citing the guide", ans.Text, len(ans.Citations), ans.Flags)
	}

	g := newFixtureOn(t, demoPool(t), nil)
	g.eng.Tools.Search = localIndex(g.pool)
	if ans := onlyReply(t, g.say(t, "my credit score is 590, is that bad?")); !strings.HasPrefix(ans.Text, "590 is in the Fair band (580–669)") {
		t.Errorf("590 answered %q", ans.Text)
	}
	if ans := onlyReply(t, g.say(t, "show me personal loans")); !strings.Contains(ans.Text, "accepts a credit score of 590") {
		t.Errorf("a search after stating 590 answered %q, want it applied", ans.Text)
	}
	h := newFixtureOn(t, demoPool(t), nil)
	h.eng.Tools.Search = localIndex(h.pool)
	if ans := onlyReply(t, h.say(t, "mein Kreditscore ist 700, ist das gut?")); !strings.HasPrefix(ans.Text, "700 liegt im Band „Gut“ (670–739)") {
		t.Errorf("mein Kreditscore ist 700 answered %q (it was not understood)", ans.Text)
	}
}

// The bands the planner names are the guide's.
func TestScoreBandsAreTheGuides(t *testing.T) {
	t.Parallel()
	guide, err := os.ReadFile("../retrieval/kb/" + scoreGuide + ".md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(guide), "title: "+scoreGuideTitle+"\n") {
		t.Errorf("the guide's title is not %q", scoreGuideTitle)
	}
	for _, b := range scoreBands {
		if row := fmt.Sprintf("| %s | %d–%d |", b.name["en"], b.min, b.max); !strings.Contains(string(guide), row) {
			t.Errorf("the guide has no row %q", row)
		}
	}
}

// "Is 7% a good rate for a car loan?" is judged against the lowest representative APR our
// partners publish for one, and the balance and months left given next compare that loan (it
// asked for the balance of a car loan at 7%, and the next message lost the product). "Can
// you remind me what offers you showed?" lists them (it was not understood).
func TestPlannerRateCheckAndShownOffers(t *testing.T) {
	t.Parallel()
	f := newFixtureOn(t, demoPool(t), nil)
	f.eng.Tools.Search = localIndex(f.pool)
	ans := onlyReply(t, f.say(t, "is 7% a good rate for a car loan?"))
	if !strings.HasPrefix(ans.Text, "7.00% is no higher than the lowest representative APR our partners publish for a car loan, ") || len(ans.Flags) != 0 {
		t.Errorf("is 7%% a good rate answered %q (flags %v)", ans.Text, ans.Flags)
	}
	if ans := onlyReply(t, f.say(t, "it's 15000 with 40 months left")); !strings.Contains(ans.Text, "Your car loan of $15,000.00 at 7.00% with 40 months left") {
		t.Errorf("the balance and term next answered %q, want the car loan at 7%% compared", ans.Text)
	}
	if ans := onlyReply(t, f.say(t, "my personal loan is at 18%, is that high?")); !strings.HasPrefix(ans.Text, "Our partners' personal loan offers start at a representative APR of ") || !strings.Contains(ans.Text, "below your 18.00%") {
		t.Errorf("is 18%% high answered %q", ans.Text)
	}
	if ans := onlyReply(t, f.say(t, "¿un 9% es buen tipo para un préstamo personal?")); !strings.Contains(ans.Text, "no supera la TAE representativa más baja") {
		t.Errorf("¿un 9%% es buen tipo? answered %q", ans.Text)
	}

	g := newFixtureOn(t, demoPool(t), nil)
	shown := showOffers(t, g, "my car loan is 18k at 8.5%, 60 months left")
	ans = onlyReply(t, g.say(t, "can you remind me what offers you showed?"))
	if !strings.HasPrefix(ans.Text, "These are the offers I showed you, in the order shown:\n1. "+topCard(t, shown).Title+" — saves $") || strings.Count(ans.Text, "\n") != len(shown.Cards) {
		t.Errorf("remind me answered %q, want the %d cards listed", ans.Text, len(shown.Cards))
	}
}

// A guide named for more of the question's words answers it, and of guides named for as
// many, one about a product the question does not name comes last: "how does refinancing
// work?" got the guide on student loan refinancing. "What happens if I miss a payment?" gets
// the guide on financial hardship (it got the one on checkout financing).
func TestPlannerPicksTheGuideNamedForTheQuestion(t *testing.T) {
	t.Parallel()
	f := newFixtureOn(t, demoPool(t), nil)
	f.eng.Tools.Search = localIndex(f.pool)
	for _, c := range []struct{ text, guide string }{
		{"how does refinancing work?", "/kb/refinancing-and-break-even"},
		{"how does student loan refinancing work?", "/kb/student-loan-refinancing"},
		{"what is gap insurance?", "/kb/gap-insurance"},
		{"what happens if I miss a payment?", "/kb/financial-hardship"},
		{"¿qué pasa si no pago una cuota?", "/kb/financial-hardship"},
	} {
		ans := onlyReply(t, f.say(t, c.text))
		if !strings.Contains(ans.Text, "read it at "+c.guide) && !strings.HasSuffix(ans.Text, c.guide) {
			t.Errorf("%q answered %q, want the guide %s", c.text, ans.Text, c.guide)
		}
	}
}

// More of a consumer's words, each misread before: "is flood covered?" and "are earthquakes
// covered?" about a policy shown are answered yes or no from its exclusions (they got its
// details without an answer); "anything cheaper?" right after comparing a policy the person
// stated says the shown offers already save the most (it said nothing was saved); "delete
// my car loan" says where that is done (it asked for the loan's figures).
func TestPlannerReadsCoverEditsAndCheaper(t *testing.T) {
	t.Parallel()
	f := newFixtureOn(t, demoPool(t), nil)
	showOffers(t, f, "my home insurance is 1400 a year")
	for _, c := range []struct{ text, want string }{
		{"is flood covered?", "No: "},
		{"are earthquakes covered?", "No: "},
	} {
		if ans := onlyReply(t, f.say(t, c.text)); !strings.HasPrefix(ans.Text, c.want) || !strings.Contains(ans.Text, "does not cover") {
			t.Errorf("%q answered %q", c.text, ans.Text)
		}
	}

	g := newFixtureOn(t, demoPool(t), nil)
	shown := showOffers(t, g, "I pay 60 a month for renters insurance")
	ans := onlyReply(t, g.say(t, "anything cheaper?"))
	if !strings.HasPrefix(ans.Text, "The offers I just showed are the ones that save you the most") || !strings.Contains(ans.Text, "1. "+topCard(t, shown).Title+" — saves $") || !strings.Contains(ans.Text, " a year") {
		t.Errorf("anything cheaper? answered %q", ans.Text)
	}
	if strings.Contains(ans.Text, "APR") {
		t.Errorf("anything cheaper? about policies answered %q: a policy has no APR", ans.Text)
	}

	if ans := onlyReply(t, g.say(t, "delete my car loan")); !strings.HasPrefix(ans.Text, "I can't change your saved loans and policies from the chat") {
		t.Errorf("delete my car loan answered %q", ans.Text)
	}
}

// The holdings a person states in the chat count for "which should I pay off first?" (it said
// none were saved right after both were compared), and "anything cheaper?" after a comparison
// that saves nothing says so (it said none were saved).
func TestPlannerWeighsStatedHoldings(t *testing.T) {
	t.Parallel()
	f := newFixtureOn(t, demoPool(t), nil)
	showOffers(t, f, "I have a car loan of 12000 at 9% with 48 months left and a credit card balance of 3000 at 24%")
	onlyReply(t, f.say(t, "yes"))
	ans := onlyReply(t, f.say(t, "which should I pay off first?"))
	if !strings.HasPrefix(ans.Text, "Of your loans and cards, your credit card ($3,000.00 owed at 24.00%) has the highest rate") ||
		!strings.Contains(ans.Text, "by rate they come next: your car loan at 9.00%.") || len(ans.Flags) != 0 {
		t.Errorf("which should I pay off first? answered %q (flags %v)", ans.Text, ans.Flags)
	}

	g := newFixtureOn(t, demoPool(t), nil)
	showOffers(t, g, "my car insurance costs 95 a month, I pay monthly")
	if ans := onlyReply(t, g.say(t, "anything cheaper?")); !strings.HasPrefix(ans.Text, "None of our partners' current offers costs less than what you have") {
		t.Errorf("anything cheaper? with nothing cheaper answered %q", ans.Text)
	}
}

// A conversation in a consumer's own words, each misread before: "I pay about 150 a month"
// after a card comparison is its payment (the classifier read hardship and queued them for a
// person); "I'm looking for a personal loan" searched the offers' text for "i'm"; a bare "3
// years" after a search asked for a loan's balance; "what's the total cost?" was not
// understood, and "and with the second one?" now asks the same of the second offer; "my car
// loan is 18k at 8.5%" was "I can't give you figures" (the guard did not read 18k as 18,000).
func TestPlannerReadsAConsumersConversation(t *testing.T) {
	t.Parallel()
	f := newFixtureOn(t, demoPool(t), nil)
	f.eng.Tools.Search = localIndex(f.pool)
	showOffers(t, f, "I have a credit card with 4500 on it at 27%")
	ans := onlyReply(t, f.say(t, "I pay about 150 a month"))
	if !strings.Contains(ans.Text, "costs you $150.00 a month, the payment you gave") || f.state(t) != StateBot {
		t.Errorf("I pay about 150 a month answered %q, state %s; want the card compared at that payment", ans.Text, f.state(t))
	}

	g := newFixtureOn(t, demoPool(t), nil)
	g.eng.Tools.Search = localIndex(g.pool)
	var answers []string
	for _, c := range []struct{ text, want string }{
		{"I'm looking for a personal loan", "Here are our partners' personal loan offers, cheapest first:"},
		{"10000", "borrowing $10,000.00 over 60 months"},
		{"3 years", "borrowing $10,000.00 over 36 months"},
		{"what's the total cost?", "borrowing $10,000.00 over 36 months would cost about $"},
		{"and with the second one?", "borrowing $10,000.00 over 36 months would cost about $"},
	} {
		ans := onlyReply(t, g.say(t, c.text))
		if !strings.Contains(ans.Text, c.want) || len(ans.Flags) != 0 {
			t.Errorf("%q answered %q (flags %v), want %q", c.text, ans.Text, ans.Flags, c.want)
		}
		answers = append(answers, ans.Text)
	}
	// The last two name the first and the second offer listed, each with its own total.
	offerOf := func(a string) string { return strings.SplitN(a, ", borrowing", 2)[0] }
	if n := len(answers); offerOf(answers[n-2]) == offerOf(answers[n-1]) || answers[n-2] == answers[n-1] {
		t.Errorf("the total and the second one's are both %q", offerOf(answers[n-1]))
	}

	h := newFixtureOn(t, demoPool(t), nil)
	if ans := onlyReply(t, h.say(t, "my car loan is 18k at 8.5%")); !strings.HasPrefix(ans.Text, "I have your car loan of $18,000.00 at 8.50%") || len(ans.Flags) != 0 {
		t.Errorf("18k answered %q (flags %v)", ans.Text, ans.Flags)
	}
}

// "Can you do better?" right after a comparison lists its offers as the best there are (it
// was not understood). "I need travel insurance for a trip to Spain" lists the travel
// policies: Spain is where the trip goes, not a market to search (it found none), and
// "does it cover cancellations?" is yes when a feature is "Trip cancellation up to the trip
// cost" (the search's analysis of the words made it "details don't mention").
func TestPlannerDoBetterAndTrips(t *testing.T) {
	t.Parallel()
	f := newFixtureOn(t, demoPool(t), nil)
	showOffers(t, f, "i have a student loan, 32k at 6.8%, 10 years left")
	if ans := onlyReply(t, f.say(t, "can you do better?")); !strings.HasPrefix(ans.Text, "The offers I just showed are the ones that save you the most") {
		t.Errorf("can you do better? answered %q", ans.Text)
	}

	// Of a comparison's cards, one that saves nothing is said to, and a policy has no APR.
	p := newFixtureOn(t, demoPool(t), nil)
	shown := showOffers(t, p, "my car insurance is £600 a year")
	ans := onlyReply(t, p.say(t, "can you do better?"))
	none := 0
	for i, c := range shown.Cards {
		card := cardOf(t, c)
		if card.NetSaving.IsPositive() {
			continue
		}
		none++
		if !strings.Contains(ans.Text, fmt.Sprintf("%d. %s — would not save you money", i+1, card.Title)) {
			t.Errorf("can you do better? answered %q: card %d, which saves nothing, is not said to", ans.Text, i+1)
		}
	}
	if none == 0 || strings.Contains(ans.Text, "APR") {
		t.Errorf("can you do better? answered %q (%d cards save nothing); want one that saves nothing, and no APR", ans.Text, none)
	}

	g := newFixtureOn(t, demoPool(t), nil)
	g.eng.Tools.Search = localIndex(g.pool)
	if ans := onlyReply(t, g.say(t, "I need travel insurance for a trip to Spain")); !strings.HasPrefix(ans.Text, "Here are our partners' travel insurance offers, cheapest first:") {
		t.Fatalf("a trip to Spain answered %q", ans.Text)
	}
	if ans := onlyReply(t, g.say(t, "does it cover cancellations?")); !strings.HasPrefix(ans.Text, "Yes: ") {
		t.Errorf("does it cover cancellations? answered %q", ans.Text)
	}
}

// "What's the excess?" about a policy shown starts with its deductible (it got the whole
// cover, the figure somewhere in it).
func TestPlannerSaysTheDeductible(t *testing.T) {
	t.Parallel()
	f := newFixtureOn(t, demoPool(t), nil)
	top := topCard(t, showOffers(t, f, "my car insurance is £600 a year"))
	ans := onlyReply(t, f.say(t, "what's the excess?"))
	if !regexp.MustCompile(`^`+regexp.QuoteMeta(top.Name)+`'s deductible \(excess\) is £[\d,]+\.\d\d: `).MatchString(ans.Text) || len(ans.Flags) != 0 {
		t.Errorf("what's the excess? answered %q (flags %v)", ans.Text, ans.Flags)
	}
}

func TestExtraPaid(t *testing.T) {
	t.Parallel()
	tests := []struct {
		text string
		want string // "" when the message asks about no extra payment
	}{
		{"what if I paid 200 more a month?", "200"},
		{"what if i pay an extra $150 each month", "150"},
		{"and if I overpay by 1,000 a month?", "1000"},
		{"could I put £75 extra towards it?", "75"},
		{"if I put another 150 a month on it how much sooner would I be done?", "150"},
		{"y si pagara 200 más al mes?", "200"},
		{"et si je payais 200 € de plus par mois ?", "200"},
		{"was wäre, wenn ich 200 mehr im Monat zahle?", "200"},
		{"om jag betalar 200 kr mer i månaden?", "200"},
		{"what if I paid 800 a month", ""},        // a new payment (extraAsked), not an extra
		{"can I pay over 3 more months", ""},      // a term
		{"I have 2 more questions", ""},           // nothing paid
		{"what if I paid -200 more a month?", ""}, // no extra
		{"paying 600 a month, 20000 at 9%", ""},   // a holding
		{"what if I paid 0.001 more?", ""},        // not an amount of money (it was read as 1.00)
		{"what if I paid 1.2345 more?", ""},       // nor is the end of one (it was read as 2345)
		{"what if I paid 1.000 more a month?", "1000"},
	}
	for _, tt := range tests {
		got, ok := extraPaid(tt.text)
		switch {
		case tt.want == "" && ok:
			t.Errorf("%q: extra %s, want none", tt.text, got)
		case tt.want != "" && (!ok || !got.Equal(decimal.RequireFromString(tt.want))):
			t.Errorf("%q: extra %s (%v), want %s", tt.text, got, ok, tt.want)
		}
	}
}

// "What if I paid 200 more a month?" after a comparison is that loan paid so, worked out by
// offers.PayExtra (28 months instead of 39, 869.66 less interest: its test); a card without
// a stated payment starts from the one the comparison assumed. Read as a correction, it had
// compared a loan paid at $200 a month.
func TestPlannerPayingExtra(t *testing.T) {
	t.Parallel()
	f := newFixtureOn(t, demoPool(t), nil)
	onlyReply(t, f.say(t, "my car loan is 20000 at 9% with 48 months left, I pay 600 a month"))
	ans := onlyReply(t, f.say(t, "what if I paid 200 more a month?"))
	want := "Paying $200.00 more a month — $800.00 instead of $600.00 — your car loan would be cleared in 28 months instead of 39, and you would pay $869.66 less in interest ($2,231.68 instead of $3,101.34)"
	if !strings.Contains(ans.Text, want) || len(ans.Flags) != 0 {
		t.Errorf("what if I paid 200 more a month? answered %q (flags %v), want %q", ans.Text, ans.Flags, want)
	}
	// Right after, a bare amount asks the same again; a new payment is the extra over it.
	ans = onlyReply(t, f.say(t, "and 400 more?"))
	if !strings.HasPrefix(ans.Text, "Paying $400.00 more a month — $1,000.00 instead of $600.00 — your car loan would be cleared in 22 months instead of 39") {
		t.Errorf("and 400 more? answered %q", ans.Text)
	}
	onlyReply(t, f.say(t, "my car loan is 20000 at 9% with 48 months left"))
	// An extra larger than the loan clears it at once: no schedule ("cleared in 1 months").
	if ans := onlyReply(t, f.say(t, "what if I paid 99999999 more a month?")); !strings.HasPrefix(ans.Text, "Paying $99,999,999.00 more a month would clear your car loan in its first month: you owe $20,000.00 on it.") || len(ans.Flags) != 0 {
		t.Errorf("an extra larger than the loan answered %q (flags %v)", ans.Text, ans.Flags)
	}
	ans = onlyReply(t, f.say(t, "what if I paid 800 a month"))
	if !strings.HasPrefix(ans.Text, "Paying $302.30 more a month — $800.00 instead of $497.70 — your car loan would be cleared in 28 months instead of 48") || len(ans.Flags) != 0 {
		t.Errorf("what if I paid 800 a month (on a schedule of 497.70)? answered %q (flags %v)", ans.Text, ans.Flags)
	}

	conv, err := f.eng.Store.CreateConversation(context.Background(), f.userID)
	if err != nil {
		t.Fatal(err)
	}
	f.conv = conv
	onlyReply(t, f.say(t, "my credit card balance is 3000 at 24%"))
	ans = onlyReply(t, f.say(t, "what if I pay an extra 50 each month"))
	if !regexp.MustCompile(`^Paying \$50\.00 more a month — \$140\.00 instead of \$90\.00 — your credit card would be cleared in \d+ months instead of \d+, and you would pay \$[\d,.]+ less in interest`).MatchString(ans.Text) || len(ans.Flags) != 0 {
		t.Errorf("a card paid 50 more: %q (flags %v)", ans.Text, ans.Flags)
	}
}

// "How much is my monthly payment now?" and "how long will it take to pay off?" after a
// comparison are about the person's own loan or card, from compare's current cost (8,000 at
// 19.9 % over 36 months: 296.90 a month, 2,688.45 of interest; 5,000 at 22 % paid at 200:
// 34 months, 1,749.90 — each worked out month by month, independently). They were answered
// with the first offer's payment, and with its terms.
func TestPlannerAnswersAboutTheirOwnLoan(t *testing.T) {
	t.Parallel()
	f := newFixtureOn(t, demoPool(t), nil)
	onlyReply(t, f.say(t, "my personal loan is 8000 at 19.9% with 36 months left"))
	want := "Your personal loan costs $296.90 a month (the scheduled payment for that balance, rate and term); at that payment it is cleared in 36 months, with $2,688.45 of interest in all."
	for _, q := range []string{"how much is my monthly payment now?", "how long will it take to pay off?"} {
		if ans := onlyReply(t, f.say(t, q)); !strings.HasPrefix(ans.Text, want) || len(ans.Flags) != 0 {
			t.Errorf("%s answered %q (flags %v), want %q", q, ans.Text, ans.Flags, want)
		}
	}
	conv, err := f.eng.Store.CreateConversation(context.Background(), f.userID)
	if err != nil {
		t.Fatal(err)
	}
	f.conv = conv
	onlyReply(t, f.say(t, "I owe 5000 on my credit card at 22% and pay 200 a month"))
	want = "Your credit card costs $200.00 a month (the payment you gave); at that payment it is cleared in 34 months, with $1,749.90 of interest in all."
	if ans := onlyReply(t, f.say(t, "when will it be paid off?")); !strings.HasPrefix(ans.Text, want) {
		t.Errorf("when will it be paid off? answered %q, want %q", ans.Text, want)
	}
	if ans := onlyReply(t, f.say(t, "¿cuánto pago ahora al mes?")); !strings.HasPrefix(ans.Text, "Tu tarjeta de crédito cuesta 200,00\u00a0US$ al mes (el pago que me diste); con ese pago se salda en 34 meses") {
		t.Errorf("¿cuánto pago ahora al mes? answered %q", ans.Text)
	}
}

// The same questions about a saved loan the person compared by name: the dialogue keeps which
// one (Dialogue.Compared), and compare is asked about it by its id.
func TestPlannerPayingExtraOnASavedLoan(t *testing.T) {
	t.Parallel()
	f := comparedSavedCarLoan(t)
	steps := []exchange{
		{"what if I paid 200 more a month?", "Paying $200.00 more a month — $800.00 instead of $600.00 — your car loan would be cleared in 28 months instead of 39"},
		{"how long will it take to pay off?", "Your car loan costs $600.00 a month (the payment you gave); at that payment it is cleared in 39 months, with $3,101.34 of interest in all."},
		{"and 400 more?", "Paying $400.00 more a month — $1,000.00 instead of $600.00 — your car loan would be cleared in 22 months instead of 39"},
	}
	f.expect(t, steps)
}

// "What's my total debt?" adds up the saved loans and cards (a car loan of 20,000 paid at 600
// and a card of 3,000 at 24 % with no payment saved: 3 % of it, 90 a month), from
// get_holdings' debt; with none saved it says where to add them. It was not understood.
func TestPlannerTotalDebt(t *testing.T) {
	t.Parallel()
	f := newFixtureOn(t, demoPool(t), nil)
	if ans := onlyReply(t, f.say(t, "what's my total debt?")); ans.Text != say("en", "debt_none") {
		t.Errorf("with nothing saved: %q", ans.Text)
	}
	store := offers.NewStore(f.pool)
	pay, premium := offers.MustMoney("600"), offers.MustMoney("600")
	for _, h := range []offers.Holding{
		{Kind: offers.KindLoan, ProductType: offers.AutoLoan, Provider: "Bank", Balance: offers.MustMoney("20000"), APR: offers.MustPercent("9"), RemainingMonths: 48, MonthlyPayment: &pay},
		{Kind: offers.KindLoan, ProductType: offers.CreditCard, Provider: "Card Co", Balance: offers.MustMoney("3000"), APR: offers.MustPercent("24")},
		{Kind: offers.KindInsurance, ProductType: offers.AutoInsurance, Provider: "Insurer", Premium: &premium, PremiumFrequency: offers.Annual},
	} {
		if _, err := store.CreateHolding(context.Background(), f.userID, h); err != nil {
			t.Fatal(err)
		}
	}
	want := "Your saved loans and cards (2) add up to $23,000.00 owed, and cost $690.00 a month between them. For a card with no payment saved I assumed 3% of its balance, at least enough to pay it off."
	for _, q := range []string{"what's my total debt?", "how much do I owe in total?"} {
		if ans := onlyReply(t, f.say(t, q)); ans.Text != want || len(ans.Flags) != 0 {
			t.Errorf("%s answered %q (flags %v), want %q", q, ans.Text, ans.Flags, want)
		}
	}
}

// The answers that say what share of a card's balance is assumed paid say offers' own.
func TestAssumedCardPaymentIsOffers(t *testing.T) {
	t.Parallel()
	pct := fmt.Sprint(offers.AssumedCardPaymentPct)
	for _, key := range []string{"own_basis_assumed", "debt_assumed"} {
		for lang, text := range texts[key] {
			if !regexp.MustCompile(`\b` + pct + `\s?%`).MatchString(text) {
				t.Errorf("%s (%s) does not say %s%%: %q", key, lang, pct, text)
			}
		}
	}
}

// Asking for a lower payment, with no word of difficulty, is a question about a cheaper loan:
// the classifier had read "can I lower my monthly payment?" as hardship, "I want a lower
// monthly payment" as a complaint and "quiero una cuota más baja" as self-harm, and handed
// each to a person. A word of difficulty keeps the handoff.
func TestLowerPaymentIsNoHandoff(t *testing.T) {
	t.Parallel()
	for _, text := range []string{"can I lower my monthly payment?", "I want a lower monthly payment", "I'm after a lower monthly payment",
		"can my monthly payment be lowered?", "quiero una cuota más baja", "¿puedo bajar mi cuota mensual?", "est-ce que je peux baisser ma mensualité ?",
		"kann ich die monatliche Rate irgendwie senken?", "kan jag sänka min månadskostnad?"} {
		if tr := DetectHandoff(text); tr != nil {
			t.Errorf("%q handed off: %+v", text, *tr)
		}
	}
	for _, text := range []string{"I can't afford it, can I lower my payments?", "I lost my job, can I lower my monthly payment?",
		"my payments are too high, can I reduce my payment?", "I'm struggling, can you lower my payments", "perdí mi trabajo, ¿puedo bajar mi cuota?",
		"ich bin arbeitslos, kann ich meine Rate senken?"} {
		if DetectHandoff(text) == nil {
			t.Errorf("%q is not handed off", text)
		}
	}
	f := newFixture(t, nil)
	withCatalogue(t, f)
	if ans := onlyReply(t, f.say(t, "can I lower my monthly payment?")); !strings.Contains(ans.Text, ExamplePhrase) && !strings.Contains(ans.Text, "balance, interest rate and months left") {
		t.Errorf("can I lower my monthly payment? answered %q, want a question about the loan to compare", ans.Text)
	}
}

// "Which one has no fees?" about the offers shown lists those that charge none, from the fee
// each was priced with (it was answered about the first offer only).
func TestPlannerSaysWhichShownOffersHaveNoFee(t *testing.T) {
	t.Parallel()
	f := newFixtureOn(t, demoPool(t), nil)
	ans := showOffers(t, f, "my car loan is 20000 at 9% with 48 months left")
	var free, charged []string
	for _, raw := range ans.Cards {
		c := cardOf(t, raw)
		if c.Fees.IsZero() {
			free = append(free, c.Title)
		} else {
			charged = append(charged, c.Title)
		}
	}
	if len(free) == 0 || len(charged) == 0 {
		t.Fatalf("the demo catalogue's car loans changed: free %q, charged %q", free, charged)
	}
	got := onlyReply(t, f.say(t, "which one has no fees?"))
	if want := "With no fee to take out: " + strings.Join(free, "; ") + "."; got.Text != want || len(got.Flags) != 0 {
		t.Errorf("which one has no fees? answered %q (flags %v), want %q", got.Text, got.Flags, want)
	}

	shown := []ShownOffer{{Title: "A — Loan", ProductType: "personal_loan", Currency: "USD", Locale: "en-US", Fees: "99.00"},
		{Title: "B — Loan", ProductType: "personal_loan", Currency: "USD", Locale: "en-US", Fees: "150.00"}}
	if text, ok := composeNoFee("en", shown); !ok || text != "Each of the offers I showed charges a fee to take out: A — Loan ($99.00); B — Loan ($150.00)." {
		t.Errorf("every offer with a fee: %q, %v", text, ok)
	}
	shown[1].Fees = ""
	if _, ok := composeNoFee("en", shown); ok {
		t.Error("an offer whose fee is not known was answered for")
	}
	if _, ok := composeNoFee("en", []ShownOffer{{Title: "P", ProductType: "auto_insurance", Fees: "0.00"}}); ok {
		t.Error("a policy was said to have no fee")
	}
}

// "What if I paid 400 a month?" on a loan that needs 497.70 says it cannot be repaid so in the
// months left and names the shown offer's term at or under that payment that saves the most
// (or costs the least); when none goes that low, the lowest payment shown. It was answered
// with an offer's payment at the loan's own term.
func TestPlannerPaymentBelowTheSchedule(t *testing.T) {
	t.Parallel()
	f := newFixtureOn(t, demoPool(t), nil)
	showOffers(t, f, "my car loan is 20000 at 9% with 48 months left")
	ans := onlyReply(t, f.say(t, "what if I paid 400 a month?"))
	m := regexp.MustCompile(`^At \$400\.00 a month your car loan would not be repaid in the 48 months left: a lower payment means a longer loan\. Over (\d+) months, .+ would cost you about \$([\d,.]+) a month`).FindStringSubmatch(ans.Text)
	if m == nil || len(ans.Flags) != 0 {
		t.Fatalf("what if I paid 400 a month? answered %q (flags %v)", ans.Text, ans.Flags)
	}
	if pay := decimal.RequireFromString(strings.ReplaceAll(m[2], ",", "")); pay.GreaterThan(decimal.NewFromInt(400)) || m[1] == "48" {
		t.Errorf("the option named costs $%s a month over %s months: not under $400.00 on a longer loan", m[2], m[1])
	}
	if ans := onlyReply(t, f.say(t, "what if I paid 300 a month?")); !strings.Contains(ans.Text, "None of the offers I showed goes as low as $300.00 a month; the lowest is ") {
		t.Errorf("what if I paid 300 a month? answered %q", ans.Text)
	}
}

// A follow-up that only names a period or the total is no handoff: the classifier read "and
// per month?" as hardship and "and in total?" as fraud, and queued the person.
func TestPeriodFollowUpIsNoHandoff(t *testing.T) {
	t.Parallel()
	for _, text := range []string{"and per month?", "and monthly?", "a month?", "and in total?", "and per year?", "y al mes?", "et par mois ?", "und pro Monat?", "och per månad?"} {
		if tr := DetectHandoff(text); tr != nil {
			t.Errorf("%q handed off: %+v", text, *tr)
		}
	}
}

// Short follow-ups and acknowledgements made only of harmless words are no handoff: the
// classifier had read "i see", "makes sense" and "I need to think" as self-harm, "and the
// payment?" as hardship and "and after?" as a request for a person. A short message that says
// anything of a crisis still reaches a person.
func TestHarmlessFollowUpsAreNoHandoff(t *testing.T) {
	t.Parallel()
	for _, text := range []string{"and the rate?", "and the payment?", "and the fee?", "and the cover?", "rate?", "and mine?", "and after?",
		"let me think about it", "makes sense", "i see", "I need to think", "let me think", "je vois", "ich denke darüber nach", "jag förstår"} {
		if tr := DetectHandoff(text); tr != nil {
			t.Errorf("%q handed off: %+v", text, *tr)
		}
	}
	for _, text := range []string{"I want to die", "I can't go on", "help me please", "I'm scared", "someone stole my card", "I need a person", "I need to end it",
		"je veux mourir", "ich denke daran, mir das Leben zu nehmen", "jag vill inte leva längre"} {
		if DetectHandoff(text) == nil {
			t.Errorf("%q is not handed off", text)
		}
	}
}

// No message the understanding's corpus labels as a situation for a person, or a request for
// one, is of the kinds settle takes back from the classifier: a harmless follow-up, a period,
// a lower payment without a word of difficulty, a product asked for without a grievance.
func TestSettleTakesBackNoLabelledHandoff(t *testing.T) {
	t.Parallel()
	ex, err := nlu.Corpus()
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, e := range ex {
		if !nlu.IsHandoff(e.Intent) {
			continue
		}
		checked++
		f := foldText(e.Text)
		if harmlessOnly(f) || periodOnly.MatchString(f) || takesOffer.MatchString(f) || lowerPayment.MatchString(f) && !distress.MatchString(f) ||
			(e.Intent == nlu.Complaint || e.Intent == nlu.Human) && wantsProduct.MatchString(f) && !grievance.MatchString(f) && !personWords.MatchString(f) ||
			plainPurchase(e.Intent, f) || e.Intent == nlu.Bereavement && passedATest(f) || aboutMine.MatchString(f) ||
			(e.Intent == nlu.Hardship || e.Intent == nlu.Complaint) && whatIfPayment.MatchString(f) && !distress.MatchString(f) {
			t.Errorf("%q (%s) would be taken back", e.Text, e.Intent)
		}
	}
	if checked < 5000 {
		t.Errorf("only %d labelled handoffs checked", checked)
	}
}

// Asking for a product is no complaint: the classifier had read "my partner and I want a
// mortgage" and "I want a new car" as complaints and handed them to a person. A request with
// a grievance in it still is one.
func TestWantingAProductIsNoComplaint(t *testing.T) {
	t.Parallel()
	for _, text := range []string{"my partner and I want a mortgage", "I want a new car", "je veux un prêt immobilier"} {
		if tr := DetectHandoff(text); tr != nil {
			t.Errorf("%q handed off: %+v", text, *tr)
		}
	}
	for _, text := range []string{"I want to cancel my policy", "I want my money back", "I was charged twice for my loan", "I want a refund on my card fee, this is unacceptable"} {
		if tr := DetectHandoff(text); tr == nil || tr.Category != ReasonComplaint {
			t.Errorf("%q: %+v, want a complaint", text, tr)
		}
	}
	for _, text := range []string{"I want to talk to someone about a mortgage", "je veux parler à un conseiller pour un prêt immobilier"} {
		if tr := DetectHandoff(text); tr == nil {
			t.Errorf("%q is not handed off", text)
		}
	}
}

// A plan to buy a home or a car with one's husband, wife or partner is no vulnerability or
// bereavement: the classifier had read "my husband and I are looking to buy a car" and "mein
// Mann und ich wollen ein Auto kaufen" as vulnerability, "min sambo och jag vill köpa ett hus" as
// a bereavement, and queued them for a person. The same plan told with a word of abuse,
// illness or a death still goes to one.
func TestAPlanToBuyWithAPartnerIsNoHandoff(t *testing.T) {
	t.Parallel()
	for _, text := range []string{
		"my husband and I are looking to buy a car",
		"mi pareja y yo queremos comprar una casa",
		"mi marido y yo queremos comprar una casa",
		"mein Mann und ich wollen ein Auto kaufen",
		"min sambo och jag vill köpa ett hus",
		"my wife and I are planning to buy a new car",
	} {
		if tr := DetectHandoff(text); tr != nil {
			t.Errorf("%q handed off: %+v", text, *tr)
		}
	}
	for _, c := range []struct{ text, reason string }{
		{"my husband controls every penny and wants to buy a car in my name", ReasonVulnerability},
		{"my wife has dementia and wants to buy a new car", ReasonVulnerability},
		{"my husband died and I want to sell the house", ReasonBereavement},
	} {
		if tr := DetectHandoff(c.text); tr == nil || tr.Category != c.reason {
			t.Errorf("%q: %+v, want %s", c.text, tr, c.reason)
		}
	}
}

// A test passed is no death: "my daughter just passed her test, what's the cheapest car
// insurance for her?" had been read as a bereavement (0.89, and 0.99 for a father who passed his
// driving test at 70) and answered with condolences and a queue. What the message asks is read
// without the test; "passed" alone, or "passed away", is still a death.
func TestAPassedTestIsNoBereavement(t *testing.T) {
	t.Parallel()
	for _, text := range []string{
		"my daughter just passed her test, what's the cheapest car insurance for her?",
		"my dad passed his driving test at 70, can he get cheap insurance?",
		"min dotter klarade uppkörningen, vad kostar bilförsäkringen?",
	} {
		if tr := DetectHandoff(text); tr != nil {
			t.Errorf("%q handed off: %+v", text, *tr)
		}
	}
	if r := understand("my daughter just passed her test, what's the cheapest car insurance for her?", nil); r.Intent != nlu.FindOffers {
		t.Errorf("read as %s, want %s", r.Intent, nlu.FindOffers)
	}
	for _, text := range []string{
		"my dad passed away last week, what happens to his car insurance?",
		"my dad passed, what about his car loan?",
		"my mum passed right after her driving test, what happens to her car insurance?",
	} {
		if tr := DetectHandoff(text); tr == nil || tr.Category != ReasonBereavement {
			t.Errorf("%q: %+v, want a bereavement", text, tr)
		}
	}
}

// "Is there cheaper insurance for me?" names no kind of policy, but a policy: it compares the
// saved policy, not the saved car loan (which it had compared, with a refinance offer), and
// with no policy saved asks which insurance and what it costs, not a loan's balance.
func TestCheaperInsuranceIsNoLoanComparison(t *testing.T) {
	t.Parallel()
	loan := offers.Holding{Kind: offers.KindLoan, ProductType: offers.AutoLoan, Provider: "Acme Auto", Balance: offers.MustMoney("12000.00"),
		APR: offers.MustPercent("9.00"), RemainingMonths: 48}
	premium := offers.MustMoney("95.00")
	policy := offers.Holding{Kind: offers.KindInsurance, ProductType: offers.AutoInsurance, Provider: "Acme Insure", Premium: &premium,
		PremiumFrequency: offers.Monthly}
	for _, c := range []struct {
		saved []offers.Holding
		want  string
	}{
		{[]offers.Holding{loan, policy}, "Your car insurance costs $1,140.00 a year."},
		{[]offers.Holding{loan}, "I don't see a saved policy. Which insurance is it"},
	} {
		f := newFixture(t, nil)
		withCatalogue(t, f)
		saveHoldings(t, f, c.saved...)
		ans := onlyReply(t, f.say(t, "is there cheaper insurance for me?"))
		if !strings.Contains(ans.Text, c.want) || strings.Contains(ans.Text, "loan") {
			t.Errorf("with %d saved, answered %q, want %q and no loan", len(c.saved), ans.Text, c.want)
		}
		if len(c.saved) == 1 {
			// The answer to the question compares that policy.
			if ans := onlyReply(t, f.say(t, "it's my car insurance, $80 a month")); !strings.Contains(ans.Text, "Your car insurance costs $960.00 a year.") {
				t.Errorf("the policy told answered %q", ans.Text)
			}
		}
	}
}

// With a car loan and a car insurance saved, "can you compare my insurance?" compares the policy
// alone (it compared both), and what switching saves in all is a year's premiums against keeping
// the policy, not "against keeping your loan" at "the lender's" rate. Wanting to switch insurers
// is no complaint; a grievance still makes one.
func TestInsuranceQuestionsStayWithThePolicy(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	withCatalogue(t, f)
	premium := offers.MustMoney("95.00")
	saveHoldings(t, f,
		offers.Holding{Kind: offers.KindLoan, ProductType: offers.AutoLoan, Provider: "Acme Auto", Balance: offers.MustMoney("12000.00"), APR: offers.MustPercent("9.00"), RemainingMonths: 48},
		offers.Holding{Kind: offers.KindInsurance, ProductType: offers.AutoInsurance, Provider: "Acme Insure", Premium: &premium, PremiumFrequency: offers.Monthly},
	)
	for _, c := range []struct{ say, want, not string }{
		{"can you compare my insurance?", "Your car insurance costs $1,140.00 a year.", "loan"},
		{"how much would I save in total?", "you would save $240.00 a year, about $20.00 a month, against keeping your policy", "lender"},
	} {
		if ans := onlyReply(t, f.say(t, c.say)); !strings.Contains(ans.Text, c.want) || strings.Contains(ans.Text, c.not) {
			t.Errorf("%s answered %q, want %q and no %q", c.say, ans.Text, c.want, c.not)
		}
	}
	if tr := DetectHandoff("I want to switch insurers"); tr != nil {
		t.Errorf("wanting to switch insurers handed off: %+v", *tr)
	}
	if tr := DetectHandoff("I want to switch insurers, they refused my claim and this is unacceptable"); tr == nil || tr.Category != ReasonComplaint {
		t.Errorf("a grievance about an insurer: %+v, want a complaint", tr)
	}
}

// "What about my credit card?" after another comparison compares the card: it had been read as
// a term to explain, "what about my car loan?" as the list of holdings, and "et ma carte de
// crédit ?" as a fraud, handed to a person.
func TestWhatAboutMyProductComparesIt(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	withCatalogue(t, f)
	saveHoldings(t, f,
		offers.Holding{Kind: offers.KindLoan, ProductType: offers.Mortgage, Provider: "Big Bank", Balance: offers.MustMoney("250000.00"), APR: offers.MustPercent("6.50"), RemainingMonths: 300},
		offers.Holding{Kind: offers.KindLoan, ProductType: offers.CreditCard, Provider: "Acme Card", Balance: offers.MustMoney("4000.00"), APR: offers.MustPercent("22.00")},
	)
	onlyReply(t, f.say(t, "compare my mortgage"))
	if ans := onlyReply(t, f.say(t, "what about my credit card?")); !strings.Contains(ans.Text, "Your credit card balance of $4,000.00 at 22.00%") {
		t.Errorf("what about my credit card? answered %q", ans.Text)
	}
	for _, text := range []string{"what about my car loan?", "et ma carte de crédit ?", "und meine Kreditkarte?", "och mitt kreditkort?"} {
		r := understand(text, nil)
		if r.Intent != nlu.CompareHolding || r.Slots.Product == "" {
			t.Errorf("%q read as %s (%q), want a comparison of that product", text, r.Intent, r.Slots.Product)
		}
	}
	// A follow-up that says more is read for what it says.
	if tr := DetectHandoff("and my credit card was stolen"); tr == nil || tr.Category != ReasonFraud {
		t.Errorf("a stolen card: %+v, want a fraud", tr)
	}
}

// A German "Rate" is the instalment: "wie hoch wäre die Rate beim ersten?" after a comparison
// asks what the first offer costs a month (it had been answered with its interest rate). The
// English "rate" is still the interest rate.
func TestGermanRateIsTheInstalment(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	withCatalogue(t, f)
	onlyReply(t, f.say(t, "ich habe einen Autokredit über 15000 zu 9 % mit 48 Monaten Restlaufzeit"))
	if ans := onlyReply(t, f.say(t, "wie hoch wäre die Rate beim ersten?")); !strings.Contains(ans.Text, "zahlen Sie etwa 355,66") {
		t.Errorf("die Rate answered %q, want the first offer's monthly payment", ans.Text)
	}
	if got := offerTopic("what rate would I get with the first one?"); got != topicRate {
		t.Errorf("an English rate is topic %q, want %q", got, topicRate)
	}
}

// "And if I pay 300 a month?" about a card just compared asks what that payment would do: it
// had been read as hardship and queued for a person. A word of difficulty still is hardship.
func TestIfIPayIsNoHardship(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	withCatalogue(t, f)
	onlyReply(t, f.say(t, "my credit card is 6000 at 25%"))
	if ans := onlyReply(t, f.say(t, "and if I pay 300 a month?")); !strings.HasPrefix(ans.Text, "At $300.00 a month your credit card would be cleared in 27 months") {
		t.Errorf("and if I pay 300 a month? answered %q", ans.Text)
	}
	if tr := DetectHandoff("and if I pay 300 a month? I lost my job and can't afford more"); tr == nil || tr.Category != ReasonHardship {
		t.Errorf("a payment with a lost job: %+v, want hardship", tr)
	}
}

// What a policy shown costs a month is a twelfth of its price for a year, and no lender checks
// a rate on it (the answer said so, as for a loan).
func TestPlannerPolicyPaymentIsNoLoans(t *testing.T) {
	t.Parallel()
	f := newFixtureOn(t, demoPool(t), nil)
	showOffers(t, f, "my home insurance is 2400 a year")
	ans := onlyReply(t, f.say(t, "what would I pay a month?"))
	if !strings.Contains(ans.Text, " a month (a twelfth of its price for a year), ") || strings.Contains(ans.Text, "lender") || len(ans.Flags) != 0 {
		t.Errorf("what would I pay a month? about a policy answered %q (flags %v)", ans.Text, ans.Flags)
	}
}

// The same conversation in a consumer's own words, from a browser walk: "another 150" is an
// extra payment (it was read as paying 150 a month in all, "not repaid in the 48 months
// left"), "how long if I just keep paying what I pay now?" is about their own loan (it got
// an offer's terms), and for one who pays more than the schedule a lower payment is no
// payment that "would not be repaid".
func TestPlannerPayingExtraInAConsumersWords(t *testing.T) {
	t.Parallel()
	f := newFixtureOn(t, demoPool(t), nil)
	showOffers(t, f, "hi, I've got a car loan, about 20k left at 9%, 4 years to go and I pay 600 a month")
	steps := []exchange{
		{"if I put another 150 a month on it how much sooner would I be done?", "Paying $150.00 more a month — $750.00 instead of $600.00 — your car loan would be cleared in 30 months instead of 39"},
		{"ok and how long if I just keep paying what I pay now?", "Your car loan costs $600.00 a month (the payment you gave); at that payment it is cleared in 39 months"},
	}
	f.expect(t, steps)
	if ans := onlyReply(t, f.say(t, "what if I paid 550 a month?")); strings.Contains(ans.Text, "would not be repaid") {
		t.Errorf("550 a month repays the loan (its schedule is 497.70): %q", ans.Text)
	}
}

// "Can I lower my monthly payment?" right after a comparison names the lowest payment the
// shown offers' terms give, and what it costs or saves in all (it searched the offers' text
// for "monthly payment").
func TestPlannerLowestPaymentAfterAComparison(t *testing.T) {
	t.Parallel()
	f := newFixtureOn(t, demoPool(t), nil)
	showOffers(t, f, "my car loan is 20000 at 9% with 48 months left")
	ans := onlyReply(t, f.say(t, "can I lower my monthly payment?"))
	if !regexp.MustCompile(`^The lowest monthly payment among the offers I showed: Over \d+ months, .+ would cost you about \$[\d,.]+ a month`).MatchString(ans.Text) || len(ans.Flags) != 0 {
		t.Errorf("can I lower my monthly payment? answered %q (flags %v)", ans.Text, ans.Flags)
	}
}

// "What if I paid 550?" from one who pays 600 on a loan whose schedule is 497.70 is that
// payment instead: the loan takes longer and costs more interest (it was searched for in the
// guides). Below the schedule it is not repaid in the months left; "can I lower my monthly
// payment?" names the schedule's payment (the offers were costed at 600, so none lowers it).
// The figures are offers.TestPayInstead's, worked out month by month apart from the code.
func TestPlannerPayingLessThanNow(t *testing.T) {
	t.Parallel()
	f := newFixtureOn(t, demoPool(t), nil)
	showOffers(t, f, "my car loan is 20000 at 9% with 48 months left, I pay 600 a month")
	steps := []exchange{
		{"what if I paid 550?", "Paying $550.00 a month instead of $600.00, your car loan would be cleared in 43 months instead of 39, and cost $339.92 more in interest ($3,441.26 instead of $3,101.34)."},
		{"and 520?", "Paying $520.00 a month instead of $600.00, your car loan would be cleared in 46 months instead of 39"},
		{"and 100 more?", "Paying $100.00 more a month — $700.00 instead of $600.00 — your car loan would be cleared in 33 months instead of 39"},
		{"what if I paid 400?", "At $400.00 a month your car loan would not be repaid in the 48 months left: a lower payment means a longer loan."},
		{"can I lower my monthly payment?", "You already pay more than your car loan needs to be repaid in its 48 months left. Paying $497.70 a month instead of $600.00, your car loan would be cleared in 48 months instead of 39, and cost $788.27 more in interest ($3,889.61 instead of $3,101.34)."},
		{"¿y si pagara 550?", "Pagando 550,00\u00a0US$ al mes en vez de 600,00\u00a0US$, saldarías tu préstamo de coche en 43 meses en vez de 39"},
	}
	f.expect(t, steps)

}

// A card: 6,000 at 24.99 % paid at 300 (FINANCE 1.6), at 200 instead; 124.95 is its first
// month's interest, so 100 never clears it.
func TestPlannerPayingLessOnACard(t *testing.T) {
	t.Parallel()
	f := newFixtureOn(t, demoPool(t), nil)
	showOffers(t, f, "my credit card has 6000 at 24.99%, I pay 300 a month")
	steps := []exchange{
		{"what if I paid 200 a month?", "Paying $200.00 a month instead of $300.00, your credit card would be cleared in 48 months instead of 27, and cost $1,670.05 more in interest ($3,511.48 instead of $1,841.43)."},
		{"what if I paid 100 a month?", "A payment of $100.00 a month is too low to pay it off"},
		// Asked as how long a payment takes: the same figures ("how long" had been answered
		// at the payment made now, the one asked about ignored).
		{"how long would it take to pay off at 200 a month?", "Paying $200.00 a month instead of $300.00, your credit card would be cleared in 48 months instead of 27"},
		{"¿cuánto tardaría en pagarla con 200 al mes?", "Pagando 200,00\u00a0US$ al mes en vez de 300,00\u00a0US$, saldarías tu tarjeta de crédito en 48 meses en vez de 27"},
	}
	f.expect(t, steps)
	// Another balance named with the payment is a question about that balance, not this card.
	if ans := onlyReply(t, f.say(t, "how long would it take to pay off 10000 at 300 a month?")); strings.Contains(ans.Text, "your credit card would be cleared") {
		t.Errorf("another balance was taken for the card: %q", ans.Text)
	}
}

// After comparing a saved loan by name, "what if I paid 800 a month?" failed the turn: the
// payment was measured against a stated loan there was none of. It is that payment instead,
// more or less, like any other.
func TestPlannerPaymentInsteadOnASavedLoan(t *testing.T) {
	t.Parallel()
	f := comparedSavedCarLoan(t)
	steps := []exchange{
		{"what if I paid 800 a month?", "Paying $200.00 more a month — $800.00 instead of $600.00 — your car loan would be cleared in 28 months instead of 39"},
		{"what if I paid 550 a month?", "Paying $550.00 a month instead of $600.00, your car loan would be cleared in 43 months instead of 39"},
		{"what if I paid 400 a month?", "A payment of $400.00 a month is too low to pay it off"},
	}
	f.expect(t, steps)
}

// Follow-ups after a comparison in a consumer's words, each misread before: "what's the total
// cost?" got the offer's rates, "which one is best?" its terms, "ok let's do it" a yes to carry
// on, "can you find something cheaper?" and "what do I owe in total?" were not understood.
func TestPlannerFollowUpsInAConsumersWords(t *testing.T) {
	t.Parallel()
	f := newFixtureOn(t, demoPool(t), nil)
	showOffers(t, f, "my car loan is 20000 at 9% with 48 months left")
	steps := []exchange{
		{"what's the total cost?", "With Harborline Bank — Harborline New Auto Loan you would save $457.68 in total, fees included, about $11.60 a month, against keeping your loan."},
		{"which one is best?", "I can't tell you what is right for you"},
		{"can you find something cheaper?", say("en", "shown_best")},
		{"ok let's do it", "You apply for Harborline New Auto Loan with the partner, on its own page"},
		{"I'll take it", "You apply for Harborline New Auto Loan with the partner, on its own page"},
	}
	f.expect(t, steps)
}

func TestPlannerNothingCheaperInAConsumersWords(t *testing.T) {
	t.Parallel()
	f := newFixtureOn(t, demoPool(t), nil)
	showOffers(t, f, "my car insurance is 1200 a year")
	if ans := onlyReply(t, f.say(t, "can you find something cheaper?")); !strings.HasPrefix(ans.Text, say("en", "shown_none_cheaper")) {
		t.Errorf("can you find something cheaper? answered %q", ans.Text)
	}
	if ans := onlyReply(t, f.say(t, "what do I owe in total?")); ans.Text != say("en", "debt_none") {
		t.Errorf("what do I owe in total? answered %q", ans.Text)
	}
}

// "200 € more a month" or "£700 a month" after a loan compared in dollars: the comparison's
// figures are never mixed with another currency's, nor converted (both were worked out as
// dollars). Dollars are worked out as before.
func TestPayingInAnotherCurrencyIsNotMixed(t *testing.T) {
	t.Parallel()
	f := newFixtureOn(t, demoPool(t), nil)
	showOffers(t, f, "my car loan is 20000 at 9% with 48 months left")
	steps := []exchange{
		{"et si je payais 200 € de plus par mois ?", "La comparaison est en USD, et je ne convertis pas les devises : donnez-moi le montant en USD et je fais le calcul."},
		{"what if I paid £700 a month?", "The comparison is in USD, and I don't convert between currencies: tell me the amount in USD and I'll work it out."},
		{"what if I paid 700 dollars a month?", "Paying $202.30 more a month — $700.00 instead of $497.70 — your car loan would be cleared in 33 months instead of 48"},
	}
	f.expect(t, steps)
}

// "Can I cancel anytime?" about a policy shown says its details do not say, and to ask the
// insurer (it was not understood); about a loan it is repaying early. Cancellation cover is a
// question about the cover, and cancelling one's own policy stays a complaint for a person.
func TestCancellingAnOfferShown(t *testing.T) {
	t.Parallel()
	f := newFixtureOn(t, demoPool(t), nil)
	onlyReply(t, f.say(t, "show me home insurance"))
	if ans := onlyReply(t, f.say(t, "can I cancel anytime?")); !strings.Contains(ans.Text, "'s details here don't say when you can cancel it or what that costs: ask the insurer before you switch, and keep your current policy until the new one has started.") {
		t.Errorf("can I cancel anytime? answered %q", ans.Text)
	}
	if ans := onlyReply(t, f.say(t, "does it include cancellation?")); strings.Contains(ans.Text, "when you can cancel it") {
		t.Errorf("does it include cancellation? answered %q, want its cover", ans.Text)
	}
	g := newFixtureOn(t, demoPool(t), nil)
	showOffers(t, g, "my car loan is 20000 at 9% with 48 months left")
	if ans := onlyReply(t, g.say(t, "can I cancel it later?")); !strings.HasPrefix(ans.Text, "Harborline New Auto Loan has no prepayment penalty: you can repay early at no extra cost.") {
		t.Errorf("can I cancel it later? answered %q", ans.Text)
	}
	if tr := DetectHandoff("I want to cancel my policy"); tr == nil || tr.Category != ReasonComplaint {
		t.Errorf("I want to cancel my policy: %+v, want a complaint", tr)
	}
}

// Taking an offer is no crisis: "je le prends" and "lo quiero" were read as self-harm and got
// the crisis lines, "me lo quedo" as a request for a person. After a comparison they say how
// to apply; a message that says more than taking it is read as before.
func TestTakingAnOfferIsNoCrisis(t *testing.T) {
	t.Parallel()
	for _, text := range []string{"je le prends", "je la prends", "lo quiero", "me lo quedo", "ok, je le prends", "ich nehme es",
		"je la veux", "ich bin dabei", "ich nehme es gern", "jag är med"} {
		if tr := DetectHandoff(text); tr != nil {
			t.Errorf("%q handed off: %+v", text, *tr)
		}
	}
	for _, text := range []string{"no quiero seguir viviendo", "estoy pensando en quitarme la vida"} {
		if tr := DetectHandoff(text); tr == nil || tr.Category != ReasonSelfHarm {
			t.Errorf("%q: %+v, want self-harm", text, tr)
		}
	}
	f := newFixtureOn(t, demoPool(t), nil)
	showOffers(t, f, "tengo un préstamo personal de 12000 al 14% con 36 meses restantes")
	steps := []exchange{
		{"¿cuál es el mejor?", "No puedo decirte qué es lo mejor para ti"},
		{"lo quiero", "Harborline Personal Loan Flex se solicita al socio, en su propia página"},
	}
	f.expect(t, steps)
}

// A payment asked about for a card whose payment the comparison assumed is the person's own:
// it was put as "instead of" the assumed one, as if they paid that. "Can you beat that?" after
// a comparison asks for better offers (it was not understood).
func TestPaymentOnACardWithAnAssumedPayment(t *testing.T) {
	t.Parallel()
	f := newFixtureOn(t, demoPool(t), nil)
	showOffers(t, f, "I have 4500 on a credit card at 29.99%")
	want := "At $150.00 a month your credit card would be cleared in 57 months, with $3,918.12 of interest in all (at the $157.46 a month I had assumed: 51 months, $3,490.37)."
	if ans := onlyReply(t, f.say(t, "how long to pay it off if I pay 150 a month?")); !strings.HasPrefix(ans.Text, want) || len(ans.Flags) != 0 {
		t.Errorf("answered %q (flags %v), want %q", ans.Text, ans.Flags, want)
	}
	if ans := onlyReply(t, f.say(t, "can you beat that?")); !strings.HasPrefix(ans.Text, say("en", "shown_best")) {
		t.Errorf("can you beat that? answered %q", ans.Text)
	}
}

// More follow-ups after a comparison, each misread before: "is that a good rate?" measured the
// loan's own rate and then asked for the balance it had been given (it answered with an
// offer's rates), and left the comparison's offers for a search's; "why is the first one
// better?" got the first offer's rates; "what are the closing costs?" was not understood;
// "what if I transferred it?" was looked up in the guides.
func TestPlannerMoreFollowUpsAfterAComparison(t *testing.T) {
	t.Parallel()
	f := newFixtureOn(t, demoPool(t), nil)
	showOffers(t, f, "my car loan is 20000 at 9% with 48 months left")
	steps := []exchange{
		{"is that a good rate?", "Our partners' car loan offers start at a representative APR of 7.98% (Harborline New Auto Loan from Harborline Bank), below your 9.00%. The rate you'd get depends on your credit. The comparison I just showed works out what switching would save, fees included."},
		{"why is the first one better?", "I can't tell you what is right for you — I don't know your whole situation, and this is not personal advice. What I can say is how I ranked them: Harborline Bank — Harborline New Auto Loan comes first because it saves the most, $457.68 in total"},
		{"ok which one would u go for", "I can't tell you what is right for you — I don't know your whole situation, and this is not personal advice. What I can say is how I ranked them:"},
	}
	f.expect(t, steps)
	g := newFixtureOn(t, demoPool(t), nil)
	showOffers(t, g, "I have a mortgage, 300k at 7% with 28 years left")
	if ans := onlyReply(t, g.say(t, "what are the closing costs?")); !strings.Contains(ans.Text, "Origination fee") {
		t.Errorf("what are the closing costs? answered %q", ans.Text)
	}
	h := newFixtureOn(t, demoPool(t), nil)
	showOffers(t, h, "my credit card has 3000 at 24%")
	if ans := onlyReply(t, h.say(t, "what if I transferred it?")); !strings.HasPrefix(ans.Text, "With Northwind Card Services — Northwind Balance Transfer Card you would save $1,610.74 in total, fees included") {
		t.Errorf("what if I transferred it? answered %q", ans.Text)
	}
}

// "What's cheaper?" after a comparison asks for better offers, and "should I refinance?" or
// "is it worth it?" how they were ranked (not advice); they were not understood, or looked up
// in the guides. With nothing compared, "should I refinance?" is still a question for them.
func TestPlannerShouldISwitch(t *testing.T) {
	t.Parallel()
	f := newFixtureOn(t, demoPool(t), nil)
	showOffers(t, f, "my home insurance renews next month at 1400")
	if ans := onlyReply(t, f.say(t, "what's cheaper?")); !strings.HasPrefix(ans.Text, say("en", "shown_none_cheaper")) {
		t.Errorf("what's cheaper? answered %q", ans.Text)
	}
	g := newFixtureOn(t, demoPool(t), nil)
	showOffers(t, g, "I owe 25000 on a student loan at 6% with 10 years left and pay 300 a month")
	for _, q := range []string{"should I refinance?", "is it worth it?"} {
		if ans := onlyReply(t, g.say(t, q)); !strings.Contains(ans.Text, "What I can say is how I ranked them: Cobalt Student Finance — Cobalt Student Loan Refinance Fixed, 5.70% APR comes first because it saves the most, $519.38 in total") {
			t.Errorf("%s answered %q", q, ans.Text)
		}
	}
}

// Another product than the offers shown asks for that product's offers: "I'm interested in a
// mortgage too" after car loans was answered with the first car loan's rates.
func TestAnotherProductAfterAComparison(t *testing.T) {
	t.Parallel()
	f := newFixtureOn(t, demoPool(t), nil)
	showOffers(t, f, "my car loan is 20000 at 9% with 48 months left")
	if ans := onlyReply(t, f.say(t, "I'm interested in a mortgage too")); !strings.Contains(ans.Text, "mortgage offers") {
		t.Errorf("I'm interested in a mortgage too answered %q", ans.Text)
	}
	if ans := onlyReply(t, f.say(t, "what is a mortgage?")); strings.Contains(ans.Text, "mortgage offers") {
		t.Errorf("what is a mortgage? answered %q, want its definition", ans.Text)
	}
}

// exchange is a message said in a conversation and the start of the answer it must get.
type exchange struct{ say, want string }

// expect says each exchange's message in turn; each must get one answer, starting with its
// want, with no flag.
func (f *fixture) expect(t *testing.T, exchanges []exchange) {
	t.Helper()
	for _, s := range exchanges {
		if ans := onlyReply(t, f.say(t, s.say)); !strings.HasPrefix(ans.Text, s.want) || len(ans.Flags) != 0 {
			t.Errorf("%s answered %q (flags %v), want %q", s.say, ans.Text, ans.Flags, s.want)
		}
	}
}

// Paying for something over time with nothing shown asks for financing: "how much would this
// laptop cost me a month if I spread it out?" was told no offers had been shown.
func TestPayingOverTimeAsksForFinancing(t *testing.T) {
	t.Parallel()
	f := newFixtureOn(t, demoPool(t), nil)
	for _, q := range []string{"how much would this laptop cost me a month if i spread it out?", "can I pay for it in instalments?"} {
		if ans := onlyReply(t, f.say(t, q)); !strings.Contains(ans.Text, "personal loan offers") {
			t.Errorf("%s answered %q, want personal loan offers", q, ans.Text)
		}
	}
}

// saveHoldings saves hs as f's user's loans and policies.
func saveHoldings(t *testing.T, f *fixture, hs ...offers.Holding) {
	t.Helper()
	store := offers.NewStore(f.pool)
	for _, h := range hs {
		if _, err := store.CreateHolding(context.Background(), f.userID, h); err != nil {
			t.Fatal(err)
		}
	}
}

// comparedSavedCarLoan is a fixture over the demo catalogue whose user has saved a car loan of
// 20,000 at 9 % with 48 months left, paid at 600 a month, and has compared it by name.
func comparedSavedCarLoan(t *testing.T) *fixture {
	t.Helper()
	f := newFixtureOn(t, demoPool(t), nil)
	pay := offers.MustMoney("600")
	saveHoldings(t, f, offers.Holding{Kind: offers.KindLoan, ProductType: offers.AutoLoan,
		Provider: "Bank", Balance: offers.MustMoney("20000"), APR: offers.MustPercent("9"), RemainingMonths: 48, MonthlyPayment: &pay})
	onlyReply(t, f.say(t, "compare my car loan"))
	return f
}

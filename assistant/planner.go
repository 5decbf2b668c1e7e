package assistant

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"ratewise/offers"
)

// Planner is the offline model: deterministic intent and entity extraction that drives the
// same tools as a language model and answers from templates, stating only figures that are in
// tool results. It is the default when no API key is set, and the fallback when the model fails.
type Planner struct{}

// Name implements Model.
func (Planner) Name() string { return "offline-planner" }

// Intents the planner recognises.
const (
	IntentGreeting   = "greeting"
	IntentHoldings   = "holdings"
	IntentBetterRate = "better_rate"
	IntentInline     = "inline_figures"
	IntentExplain    = "explain"
	IntentInsurance  = "insurance"
	IntentFinancing  = "financing"
	IntentSearch     = "search_offers" // a product and what the offer should have ("used car loans")
	IntentHuman      = "human"
	IntentThanks     = "thanks"
	IntentUnknown    = "unknown"
)

var (
	greetingRe  = rx(`^\s*(hi|hello|hey|hiya|good (morning|afternoon|evening)|hola|buenos días|bonjour|salut|hallo|guten tag|hej|hejsan)\b`)
	thanksRe    = rx(`\b(thanks|thank you|thx|cheers|bye|goodbye|that'?s all|gracias|adiós|merci|au revoir|danke|tschüss|tack|hej då)\b`)
	holdingsRe  = rx(`\b(my (holdings|loans|policies|accounts|products)|what (loans|policies|holdings) do i have|what do i have|list my|show (me )?my|which loans)\b`)
	explainRe   = rx(`\b(what is|what's|what are|what does|explain|meaning of|define|definition|how does .* work|difference between|qué es|qu'est-ce|c'est quoi|was ist|was bedeutet|vad är|vad betyder)\b`)
	betterRe    = rx(`\b(cheaper|better (rate|deal|offer)|lower (rate|apr|interest|payment|premium)|save( money)?|saving|refinanc\w*|reduce|beat|switch|too (high|expensive|much)|overpaying|best (rate|offer|deal))`)
	financingRe = rx(`\b(need|borrow|finance|financing|loan for|buy|pay for|afford|looking for a loan|get a loan)\b`)
	ownRe       = rx(`\b(my|mine|i|i'm|i've|we|our)\b`)
	insuranceRe = rx(`insurance|policy|premium|cover(age)?\b|försäkring|seguro|assurance|versicherung`)
	creditRe    = rx(`loan|rate|apr|interest|payment|mortgage|card`)
)

// Classify returns the intent of a user message and its entities.
func Classify(text string) (string, Entities) {
	e := ExtractEntities(text)
	if t := DetectHandoff(text, nil); t != nil && t.Category != ReasonFrustration {
		return IntentHuman, e
	}
	switch {
	case e.Amount != nil && e.Rate != nil:
		return IntentInline, e
	case holdingsRe.MatchString(text):
		return IntentHoldings, e
	// "what does refinancing mean?" asks for a definition; "what's the best rate for my loan?"
	// is about the user's own loan.
	case explainRe.MatchString(text) && (!betterRe.MatchString(text) || !ownRe.MatchString(text)):
		return IntentExplain, e
	case strings.HasSuffix(e.Product, "_insurance") || (insuranceRe.MatchString(text) && e.Product == ""):
		return IntentInsurance, e
	case betterRe.MatchString(text) && (e.Product != "" || creditRe.MatchString(text)):
		return IntentBetterRate, e
	case e.Amount != nil && (financingRe.MatchString(text) || e.Product != ""):
		return IntentFinancing, e
	case e.Product != "" && betterRe.MatchString(text):
		return IntentBetterRate, e
	case e.Product != "" && OfferQuery(text) != "" && !thanksRe.MatchString(text):
		return IntentSearch, e
	case thanksRe.MatchString(text):
		return IntentThanks, e
	case greetingRe.MatchString(text):
		return IntentGreeting, e
	}
	return IntentUnknown, e
}

// turnState is what the planner reads from a request: the user's newest message and the tool
// results of this turn so far.
type turnState struct {
	user    string
	results map[string]json.RawMessage // by tool name, the latest
	callSeq int
}

func readTurn(msgs []ChatMessage) turnState {
	st := turnState{results: map[string]json.RawMessage{}}
	last := -1
	for i, m := range msgs {
		if m.Role == "user" {
			last = i
		}
	}
	if last < 0 {
		return st
	}
	st.user = msgs[last].Content
	names := map[string]string{}
	for _, m := range msgs[last+1:] {
		for _, c := range m.ToolCalls {
			names[c.ID] = c.Name
			st.callSeq++
		}
		if m.Role == "tool" {
			st.results[names[m.ToolCallID]] = json.RawMessage(m.Content)
		}
	}
	return st
}

// Complete implements Model.
func (p Planner) Complete(ctx context.Context, req ModelRequest, onDelta func(string)) (ModelReply, error) {
	if err := ctx.Err(); err != nil {
		return ModelReply{}, err
	}
	st := readTurn(req.Messages)
	reply := p.plan(st)
	if reply.Text != "" && onDelta != nil {
		for _, chunk := range sentences(reply.Text) {
			onDelta(chunk)
		}
	}
	return reply, nil
}

func call(st turnState, name string, args any) ModelReply {
	b, _ := json.Marshal(args)
	return ModelReply{ToolCalls: []ToolCall{{ID: "plan_" + strconv.Itoa(st.callSeq+1), Name: name, Arguments: string(b)}}}
}

func (p Planner) plan(st turnState) ModelReply {
	intent, e := Classify(st.user)
	r := st.results
	switch intent {
	case IntentHuman:
		if _, ok := r[ToolRequestHuman]; !ok {
			t := DetectHandoff(st.user, nil)
			reason := ReasonRequested
			if t != nil {
				reason = t.Category
			}
			return call(st, ToolRequestHuman, map[string]string{"reason": reason, "summary": truncate(st.user, 200)})
		}
		return ModelReply{Text: "I'm connecting you with a person now."}
	case IntentInline:
		// A card has no term: it is paid down at the user's payment, so it is never asked for one.
		card := e.Product == string(offers.CreditCard)
		if e.TermMonths == 0 && !card {
			return ModelReply{Text: "Thanks. How many months are left on it? With the months left I can compare it exactly against our partners' offers."}
		}
		if res, ok := r[ToolCompare]; ok {
			return ModelReply{Text: ComposeAnswer(r, res)}
		}
		product := e.Product
		if product == "" || strings.HasSuffix(product, "_insurance") {
			product = "personal_loan"
		}
		holding := map[string]any{"product_type": product, "balance": e.Amount.StringFixed(2), "apr": e.Rate.StringFixed(2)}
		if !card {
			holding["remaining_months"] = e.TermMonths
		}
		if e.Payment != nil {
			holding["monthly_payment"] = e.Payment.StringFixed(2)
		}
		args := map[string]any{"holding": holding}
		if e.CreditScore > 0 {
			args["credit_score"] = e.CreditScore
		}
		return call(st, ToolCompare, args)
	case IntentHoldings:
		if res, ok := r[ToolGetHoldings]; ok {
			return ModelReply{Text: composeHoldings(res)}
		}
		return call(st, ToolGetHoldings, struct{}{})
	case IntentExplain:
		if res, ok := r[ToolLookupKnowledge]; ok {
			return ModelReply{Text: composeKnowledge(res, st.user)}
		}
		return call(st, ToolLookupKnowledge, map[string]string{"query": truncate(st.user, 300)})
	case IntentBetterRate, IntentInsurance:
		if res, ok := r[ToolCompare]; ok {
			return ModelReply{Text: ComposeAnswer(r, res)}
		}
		if res, ok := r[ToolSearchOffers]; ok {
			return ModelReply{Text: composeSearch(res, nil)}
		}
		hs, ok := r[ToolGetHoldings]
		if !ok {
			return call(st, ToolGetHoldings, struct{}{})
		}
		product := e.Product
		if product == "" && intent == IntentInsurance {
			product = "auto_insurance"
		}
		if id, ok := pickHolding(hs, product, intent == IntentInsurance); ok {
			args := map[string]any{"holding_id": id}
			if e.CreditScore > 0 {
				args["credit_score"] = e.CreditScore
			}
			return call(st, ToolCompare, args)
		}
		if intent == IntentInsurance {
			return call(st, ToolSearchOffers, searchCall(product, nil, 0, st.user))
		}
		what := offers.ProductType(product).Label(offers.DefaultLocale)
		if what == "" {
			what = "loan"
		}
		return ModelReply{Text: fmt.Sprintf("I don't see a saved %s. Tell me its balance, interest rate and months left — for example \"%s\" — or add it under Holdings, and I'll compare it with our partners' offers.", what, ExamplePhrase)}
	case IntentFinancing:
		if res, ok := r[ToolSearchOffers]; ok {
			return ModelReply{Text: composeSearch(res, e.Amount)}
		}
		product := e.Product
		if product == "" || strings.HasSuffix(product, "_insurance") {
			product = "personal_loan"
		}
		return call(st, ToolSearchOffers, searchCall(product, e.Amount, e.TermMonths, st.user))
	case IntentSearch:
		if res, ok := r[ToolSearchOffers]; ok {
			return ModelReply{Text: composeSearch(res, e.Amount)}
		}
		return call(st, ToolSearchOffers, searchCall(e.Product, e.Amount, e.TermMonths, st.user))
	case IntentGreeting:
		return ModelReply{Text: "Hello! I can check whether your loans or insurance could be cheaper, explain terms like APR, or find financing. Tell me about a loan — for example \"" + ExamplePhrase + "\" — or ask to talk to a person at any time."}
	case IntentThanks:
		return ModelReply{Text: "You're welcome. If anything else comes up, I'm here — and a person is always one message away."}
	}
	return ModelReply{Text: clarifyText}
}

// searchCall is the arguments of a search_offers call: the query is what the message asks of an
// offer beyond its product and figures, left out when there is nothing, so a plain request
// lists the cheapest offers.
func searchCall(product string, amount *decimal.Decimal, termMonths int, user string) map[string]any {
	args := map[string]any{"product_type": product}
	if amount != nil {
		args["amount"] = amount.StringFixed(2)
	}
	if termMonths > 0 {
		args["term_months"] = termMonths
	}
	if q := OfferQuery(user); q != "" {
		args["query"] = truncate(q, 200)
	}
	return args
}

// ExamplePhrase shows how to state a loan. Its figures are an example, not a claim, so the
// grounding guard ignores this exact phrase.
const ExamplePhrase = "my car loan is 15,000 at 9.9% with 48 months left"

// clarifyText is the answer when the planner did not understand; it always offers a person.
const clarifyText = "I'm not sure I understood. I can compare a loan or insurance policy with our partners' offers, list your saved holdings, explain a term, or find financing for an amount. Could you say which — or would you like me to connect you with a person?"

// pickHolding returns the id of the user's saved holding that matches product (any loan, or any
// insurance policy, when product is empty).
func pickHolding(raw json.RawMessage, product string, insurance bool) (int64, bool) {
	var v struct {
		Holdings []struct {
			ID          int64  `json:"id"`
			Kind        string `json:"kind"`
			ProductType string `json:"product_type"`
		} `json:"holdings"`
	}
	if json.Unmarshal(raw, &v) != nil {
		return 0, false
	}
	for _, h := range v.Holdings {
		if product != "" && h.ProductType == product {
			return h.ID, true
		}
	}
	if product == "" {
		for _, h := range v.Holdings {
			if (h.Kind == "insurance") == insurance {
				return h.ID, true
			}
		}
	}
	return 0, false
}

// Disclosure is said with every recommendation.
const Disclosure = "Ratewise is paid by its partners when you take one of their offers; we rank offers by what you save, not by what we are paid."

// NoApproval is said whenever a rate is quoted.
const NoApproval = "This is not an offer of credit or cover: the lender or insurer decides on approval and your final rate after their own checks."

// cardView is a card as the answers read it from the compare tool's result.
type cardView struct {
	Title                 string   `json:"title"`
	ProductType           string   `json:"product_type"`
	RepresentativeAPR     string   `json:"representative_apr"`
	APR                   string   `json:"apr"`
	Rate                  string   `json:"rate"`
	RateBasis             string   `json:"rate_basis"`
	APRMin                string   `json:"apr_min"`
	APRMax                string   `json:"apr_max"`
	MonthlyPayment        string   `json:"monthly_payment"`
	MonthlySaving         string   `json:"monthly_saving"`
	NetSaving             string   `json:"net_saving"`
	Fees                  string   `json:"fees"`
	FeeLabel              string   `json:"fee_label"`
	BreakEvenMonth        *int     `json:"break_even_month"`
	Eligible              bool     `json:"eligible"`
	Eligibility           string   `json:"eligibility"`
	Conditions            []string `json:"conditions"`
	RepresentativeExample string   `json:"representative_example"`
	AnnualPremium         string   `json:"annual_premium"`
	MonthlyPremium        string   `json:"monthly_premium"`
	CoverNote             string   `json:"cover_note"`
	BalanceTransfer       *struct {
		PromoMonths          int    `json:"promo_months"`
		PromoRate            string `json:"promo_rate"`
		RevertRate           string `json:"revert_rate"`
		TransferFee          string `json:"transfer_fee"`
		MonthlyPayment       string `json:"monthly_payment"`
		MonthsToClear        int    `json:"months_to_clear"`
		CurrentMonthsToClear int    `json:"current_months_to_clear"`
		BalanceAfterPromo    string `json:"balance_after_promo"`
	} `json:"balance_transfer"`
}

type compareView struct {
	Holding struct {
		ProductType     string `json:"product_type"`
		Provider        string `json:"provider"`
		Balance         string `json:"balance"`
		APR             string `json:"apr"`
		RemainingMonths int    `json:"remaining_months"`
		Premium         string `json:"premium"`
	} `json:"holding"`
	Current struct {
		MonthlyPayment string `json:"monthly_payment"`
		AnnualPremium  string `json:"annual_premium"`
		TermMonths     int    `json:"term_months"`
	} `json:"current"`
	Currency      string     `json:"currency"`
	Locale        string     `json:"locale"`
	PaymentBasis  string     `json:"payment_basis"`
	StatedPayment string     `json:"stated_payment"`
	CreditScore   int        `json:"credit_score"`
	Cards         []cardView `json:"cards"`
}

// figures writes a tool result's decimal strings for a person, in the result's currency and
// locale, by the rules of offers (FormatMoney, FormatPercent): every amount with its currency.
type figures struct{ currency, locale string }

func (f figures) money(s string) string {
	d, err := decimal.NewFromString(s)
	if err != nil {
		return s
	}
	return offers.FormatMoney(d, f.currency, f.locale)
}

func (f figures) pct(s string) string {
	d, err := decimal.NewFromString(s)
	if err != nil {
		return s
	}
	return offers.FormatPercent(d, f.locale)
}

// ScoreQuestion asks for the credit score when an offer's rate depends on it and it is not known.
const ScoreQuestion = "Your own rate depends on your credit score. Tell me your score or its band — for example \"my credit score is 640–699\" — or save it under About you on My loans & policies, and I'll show the rate and saving for you."

// ComposeAnswer is the template answer for a comparison: the guard falls back to it, so it
// states only figures from the tool result. It says what the holding's cost assumes (the
// payment the user gave, the schedule's, or an assumed one for a card), the best offer in the
// consumer's own figures where they are known, and asks for the credit score when it would
// change them.
func ComposeAnswer(results map[string]json.RawMessage, compare json.RawMessage) string {
	var v compareView
	if json.Unmarshal(compare, &v) != nil {
		return "I could not read the comparison. " + clarifyText
	}
	if msg, ok := toolError(compare); ok {
		return "I couldn't run the comparison: " + msg + " You can also ask me to connect you with a person."
	}
	f := figures{v.Currency, v.Locale}
	var b strings.Builder
	pt := offers.ProductType(v.Holding.ProductType)
	what := pt.Label(v.Locale)
	switch {
	case pt.IsInsurance():
		fmt.Fprintf(&b, "Your %s costs %s a year. ", what, f.money(v.Current.AnnualPremium))
	case pt == offers.CreditCard:
		fmt.Fprintf(&b, "Your %s balance of %s at %s costs you %s a month", what, f.money(v.Holding.Balance), f.pct(v.Holding.APR), f.money(v.Current.MonthlyPayment))
		switch {
		case v.StatedPayment != "":
			fmt.Fprintf(&b, " (you said %s, which does not cover the interest, so I used %s)", f.money(v.StatedPayment), f.money(v.Current.MonthlyPayment))
		case v.PaymentBasis == offers.PaymentAssumed:
			b.WriteString(" (I assumed 3% of the balance, at least enough to pay it off; tell me what you pay and I'll use that)")
		default:
			b.WriteString(", the payment you gave")
		}
		fmt.Fprintf(&b, "; at that payment it is cleared in %d months. ", v.Current.TermMonths)
	default:
		fmt.Fprintf(&b, "Your %s of %s at %s with %d months left costs %s a month", what,
			f.money(v.Holding.Balance), f.pct(v.Holding.APR), v.Holding.RemainingMonths, f.money(v.Current.MonthlyPayment))
		switch {
		case v.StatedPayment != "":
			fmt.Fprintf(&b, ". You said you pay %s a month, but that does not repay %s at %s in %d months, so I used the scheduled payment of %s instead. ",
				f.money(v.StatedPayment), f.money(v.Holding.Balance), f.pct(v.Holding.APR), v.Holding.RemainingMonths, f.money(v.Current.MonthlyPayment))
		case v.PaymentBasis == offers.PaymentStated:
			b.WriteString(", the payment you gave. ")
		default:
			b.WriteString(" (the scheduled payment for that balance, rate and term; if you pay a different amount, tell me and I'll use it). ")
		}
	}
	var best *cardView
	for i := range v.Cards {
		if v.Cards[i].Eligible && positive(v.Cards[i].NetSaving) {
			best = &v.Cards[i]
			break
		}
	}
	if best == nil {
		b.WriteString("None of our partners' current offers would save you money on it, so keeping it looks sensible for now. ")
		if len(v.Cards) > 0 {
			b.WriteString("The closest options are on the cards below. ")
		}
		b.WriteString(Disclosure)
		return b.String()
	}
	switch {
	case pt.IsInsurance():
		composeInsurance(&b, f, best)
	case best.BalanceTransfer != nil:
		composeTransfer(&b, f, best, v.Holding.APR)
	default:
		composeLoan(&b, f, best, v.CreditScore)
	}
	switch best.Eligibility {
	case offers.EligibilityEligible:
		b.WriteString("From the profile you saved, you look eligible. ")
	case offers.EligibilityUnknown:
		if len(best.Conditions) > 0 {
			b.WriteString("What decides whether you qualify: " + joinConditions(best.Conditions) + " ")
		}
	}
	if ex := representativeExample(best.RepresentativeExample); ex != "" {
		b.WriteString(ex + " ")
	}
	if best.RateBasis == offers.RateBasisRepresentative && best.APRMin != "" && best.APRMin != best.APRMax {
		b.WriteString(ScoreQuestion + " ")
	}
	if len(v.Cards) > 1 {
		fmt.Fprintf(&b, "The cards below show the best %d options side by side. ", len(v.Cards))
	}
	b.WriteString(NoApproval + " " + Disclosure)
	return b.String()
}

// composeLoan states a refinance: the rate this consumer would get (their band, or the
// representative rate said to be one, with the range), the payment, the saving and the fee.
func composeLoan(b *strings.Builder, f figures, c *cardView, score int) {
	switch c.RateBasis {
	case offers.RateBasisCreditScore:
		fmt.Fprintf(b, "The best saving is %s: for a credit score of %d it lends at %s, which is %s APR with its fees (representative APR of %s). ",
			c.Title, score, f.pct(c.Rate), f.pct(c.APR), f.pct(c.RepresentativeAPR))
	case offers.RateBasisRepresentative:
		fmt.Fprintf(b, "The best saving is %s at its representative rate of %s, %s APR with its fees (representative APR of %s); the rate you get depends on your credit, from %s to %s APR, and these figures assume the representative rate. ",
			c.Title, f.pct(c.Rate), f.pct(c.APR), f.pct(c.RepresentativeAPR), f.pct(c.APRMin), f.pct(c.APRMax))
	default:
		fmt.Fprintf(b, "The best saving is %s at %s APR with its fees (representative APR of %s). ", c.Title, f.pct(c.APR), f.pct(c.RepresentativeAPR))
	}
	fmt.Fprintf(b, "You would pay about %s a month (%s) and save %s in total", f.money(c.MonthlyPayment), monthlyChange(f, c.MonthlySaving), f.money(c.NetSaving))
	if fee := strings.ToLower(c.FeeLabel); positive(c.Fees) && fee != "" {
		fmt.Fprintf(b, " after its %s of %s", fee, f.money(c.Fees))
	} else if !positive(c.Fees) {
		b.WriteString(", with no fee to pay")
	}
	if c.BreakEvenMonth != nil && *c.BreakEvenMonth > 0 {
		fmt.Fprintf(b, " (the fee is paid back by month %d)", *c.BreakEvenMonth)
	}
	b.WriteString(". ")
}

// composeTransfer states a balance transfer as what it is: the promotional rate and period,
// the fee, the rate after it, the months to clear at the same payment and the saving.
func composeTransfer(b *strings.Builder, f figures, c *cardView, currentAPR string) {
	bt := c.BalanceTransfer
	fmt.Fprintf(b, "The best saving is %s: %s for %d months on the balance you move, then %s (representative APR of %s), with a balance transfer fee of %s. ",
		c.Title, f.pct(bt.PromoRate), bt.PromoMonths, f.pct(bt.RevertRate), f.pct(c.RepresentativeAPR), f.money(bt.TransferFee))
	fmt.Fprintf(b, "Paying the same %s a month, the balance is cleared in %d months instead of %d, and you pay %s less in total, the fee included",
		f.money(bt.MonthlyPayment), bt.MonthsToClear, bt.CurrentMonthsToClear, f.money(c.NetSaving))
	if c.BreakEvenMonth != nil && *c.BreakEvenMonth > 0 {
		fmt.Fprintf(b, " (the fee is earned back by month %d)", *c.BreakEvenMonth)
	}
	b.WriteString(". ")
	if positive(bt.BalanceAfterPromo) {
		fmt.Fprintf(b, "When the %d months end, %s would still be owed at %s. ", bt.PromoMonths, f.money(bt.BalanceAfterPromo), f.pct(bt.RevertRate))
	}
	if after, err := decimal.NewFromString(bt.RevertRate); err == nil {
		if now, err := decimal.NewFromString(currentAPR); err == nil && after.GreaterThan(now) {
			fmt.Fprintf(b, "%s is more than your %s: the saving comes from the %d months at %s, so clear as much as you can within them. ",
				f.pct(bt.RevertRate), f.pct(currentAPR), bt.PromoMonths, f.pct(bt.PromoRate))
		}
	}
}

// composeInsurance states a policy: the premium a year (and monthly), the saving and how its
// cover compares.
func composeInsurance(b *strings.Builder, f figures, c *cardView) {
	fmt.Fprintf(b, "%s would cost %s a year", c.Title, f.money(c.AnnualPremium))
	if c.MonthlyPremium != "" {
		fmt.Fprintf(b, " (or 12 monthly payments of %s)", f.money(c.MonthlyPremium))
	}
	fmt.Fprintf(b, ", saving you %s a year. ", f.money(c.NetSaving))
	if c.CoverNote != "" {
		b.WriteString(c.CoverNote + " ")
	}
}

// joinConditions lists what decides eligibility as the end of a sentence.
func joinConditions(cs []string) string {
	parts := make([]string, len(cs))
	for i, c := range cs {
		c = strings.TrimSuffix(c, ".")
		parts[i] = strings.ToLower(c[:1]) + c[1:]
	}
	return strings.Join(parts, "; ") + "."
}

// searchView is search_offers' result as composeSearch reads it.
type searchView struct {
	ProductType string `json:"product_type"`
	Locale      string `json:"locale"`
	Query       string `json:"query"`
	Matched     *int   `json:"matched"`
	Offers      []struct {
		Name                  string  `json:"name"`
		Partner               string  `json:"partner"`
		Currency              string  `json:"currency"`
		RepresentativeAPR     *string `json:"representative_apr"`
		AnnualPremium         *string `json:"annual_premium"`
		Deductible            *string `json:"deductible"`
		RepresentativeExample string  `json:"representative_example"`
		ForAmount             *struct {
			Amount         string `json:"amount"`
			TermMonths     int    `json:"term_months"`
			MonthlyPayment string `json:"monthly_payment"`
			TotalPaid      string `json:"total_paid"`
			Fee            string `json:"fee"`
			TotalPayable   string `json:"total_payable"`
			APR            string `json:"apr"`
		} `json:"for_amount"`
	} `json:"offers"`
}

func composeSearch(raw json.RawMessage, amount *decimal.Decimal) string {
	if msg, ok := toolError(raw); ok {
		return "I couldn't search the offers: " + msg + " Would you like me to connect you with a person?"
	}
	var v searchView
	if json.Unmarshal(raw, &v) != nil || len(v.Offers) == 0 {
		return fmt.Sprintf("I couldn't find an active %s offer from our partners right now. Would you like me to connect you with a person who can look further?", offers.ProductType(v.ProductType).Label(v.Locale))
	}
	var b strings.Builder
	what := offers.ProductType(v.ProductType).Label(v.Locale)
	switch {
	case v.Query != "" && v.Matched != nil && *v.Matched > 0:
		fmt.Fprintf(&b, "Here are our partners' %s offers that best match “%s”: ", what, v.Query)
	case v.Query != "" && v.Matched != nil:
		fmt.Fprintf(&b, "None of our partners' %s offers mentions “%s”, so here are the cheapest ones instead: ", what, v.Query)
	case v.Query != "":
		fmt.Fprintf(&b, "I couldn't search the offers' descriptions for “%s” just now, so here are the cheapest %s offers instead: ", v.Query, what)
	default:
		fmt.Fprintf(&b, "Here are our partners' %s offers, cheapest first: ", what)
	}
	for i, o := range v.Offers {
		if i == 3 {
			break
		}
		f := figures{o.Currency, v.Locale}
		switch {
		case o.RepresentativeAPR != nil && o.ForAmount != nil:
			q := o.ForAmount
			fmt.Fprintf(&b, "%s from %s, representative APR %s: borrowing %s over %d months costs about %s a month at its rate of interest, %s in total",
				o.Name, o.Partner, f.pct(*o.RepresentativeAPR), f.money(q.Amount), q.TermMonths, f.money(q.MonthlyPayment), f.money(q.TotalPaid))
			if positive(q.Fee) {
				fmt.Fprintf(&b, ", or %s with its %s fee (%s APR)", f.money(q.TotalPayable), f.money(q.Fee), f.pct(q.APR))
			}
			b.WriteString(". ")
		case o.RepresentativeAPR != nil:
			fmt.Fprintf(&b, "%s from %s, representative APR %s. ", o.Name, o.Partner, f.pct(*o.RepresentativeAPR))
		case o.AnnualPremium != nil:
			fmt.Fprintf(&b, "%s from %s at %s a year", o.Name, o.Partner, f.money(*o.AnnualPremium))
			if o.Deductible != nil {
				fmt.Fprintf(&b, " with a %s deductible", f.money(*o.Deductible))
			}
			b.WriteString(". ")
		}
	}
	if ex := representativeExample(v.Offers[0].RepresentativeExample); ex != "" {
		b.WriteString(ex + " ")
	}
	b.WriteString(NoApproval + " " + Disclosure)
	return b.String()
}

func composeHoldings(raw json.RawMessage) string {
	var v struct {
		Holdings []struct {
			ProductType      string  `json:"product_type"`
			Provider         string  `json:"provider"`
			Balance          string  `json:"balance"`
			APR              string  `json:"apr"`
			RemainingMonths  int     `json:"remaining_months"`
			MonthlyPayment   *string `json:"monthly_payment"`
			Premium          *string `json:"premium"`
			PremiumFrequency string  `json:"premium_frequency"`
			Kind             string  `json:"kind"`
		} `json:"holdings"`
		Currency string `json:"currency"`
		Locale   string `json:"locale"`
	}
	if json.Unmarshal(raw, &v) != nil || len(v.Holdings) == 0 {
		return "You have no saved loans or policies yet. Add them under Holdings, or tell me the figures here — for example \"" + ExamplePhrase + "\"."
	}
	f := figures{v.Currency, v.Locale}
	var b strings.Builder
	fmt.Fprintf(&b, "You have %s saved: ", plural(len(v.Holdings), "holding", "holdings"))
	for i, h := range v.Holdings {
		if i > 0 {
			b.WriteString("; ")
		}
		what := offers.ProductType(h.ProductType).Label(v.Locale)
		switch {
		case h.Kind == "insurance" && h.Premium != nil:
			per := map[string]string{offers.Monthly: " a month", offers.Quarterly: " a quarter", offers.Annual: " a year"}[h.PremiumFrequency]
			fmt.Fprintf(&b, "%s with %s, premium %s%s", what, h.Provider, f.money(*h.Premium), per)
		case h.ProductType == string(offers.CreditCard):
			fmt.Fprintf(&b, "%s with %s, %s at %s", what, h.Provider, f.money(h.Balance), f.pct(h.APR))
			if h.MonthlyPayment != nil {
				fmt.Fprintf(&b, ", paying %s a month", f.money(*h.MonthlyPayment))
			}
		default:
			fmt.Fprintf(&b, "%s with %s, %s at %s with %d months left", what, h.Provider, f.money(h.Balance), f.pct(h.APR), h.RemainingMonths)
		}
	}
	b.WriteString(". Ask me whether any of them could be cheaper.")
	return b.String()
}

// termQuestionRe matches a question about what a term is or how it works, which the opening
// of the best guide answers better than the sentences that repeat the question's words.
var termQuestionRe = rx(`^\s*(what is|what's|whats|what are|what does|explain|define|meaning of|how does|how do|qué es|qu'est-ce|c'est quoi|was ist|was bedeutet|vad är|vad betyder)\b`)

// composeKnowledge answers from the best passage: a short plain-text extract, its guide named
// and linked.
func composeKnowledge(raw json.RawMessage, question string) string {
	if msg, ok := toolError(raw); ok {
		return "I couldn't look that up: " + msg + " Would you like me to connect you with a person?"
	}
	var v struct {
		Passages []struct {
			Title   string `json:"title"`
			Snippet string `json:"snippet"`
			Lead    string `json:"lead"`
			URL     string `json:"url"`
		} `json:"passages"`
	}
	if json.Unmarshal(raw, &v) != nil || len(v.Passages) == 0 {
		return "I couldn't find that in our guides. Could you put it another way — or would you like me to connect you with a person?"
	}
	p := v.Passages[0]
	extract := strings.TrimSpace(p.Snippet)
	if p.Lead != "" && (termQuestionRe.MatchString(question) || extract == "") {
		extract = strings.TrimSpace(p.Lead)
	}
	return fmt.Sprintf("%s\n\nFrom our guide “%s” — read it at %s", extract, p.Title, p.URL)
}

func toolError(raw json.RawMessage) (string, bool) {
	var e struct {
		Error string `json:"error"`
	}
	if json.Unmarshal(raw, &e) == nil && e.Error != "" {
		return e.Error, true
	}
	return "", false
}

func positive(s string) bool {
	d, err := decimal.NewFromString(s)
	return err == nil && d.IsPositive()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

var sentenceRe = regexp.MustCompile(`[^.!?]+[.!?]*\s*`)

// sentences splits text into the chunks the planner streams.
func sentences(text string) []string {
	parts := sentenceRe.FindAllString(text, -1)
	if strings.Join(parts, "") != text {
		return []string{text}
	}
	return parts
}

// representativeExample labels the offer's representative example once, ending in a full stop.
func representativeExample(ex string) string {
	ex = strings.TrimSpace(ex)
	if ex == "" {
		return ""
	}
	if !strings.HasPrefix(strings.ToLower(ex), "representative example") {
		ex = "Representative example: " + ex
	}
	if !strings.HasSuffix(ex, ".") {
		ex += "."
	}
	return ex
}

// monthlyChange says how the monthly payment moves, without a minus sign.
func monthlyChange(f figures, saving string) string {
	d, err := decimal.NewFromString(saving)
	switch {
	case err != nil:
		return "a change of " + saving
	case d.IsNegative():
		return f.money(d.Neg().String()) + " more a month than now"
	case d.IsZero():
		return "the same as now"
	}
	return f.money(saving) + " less than now"
}

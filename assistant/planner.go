package assistant

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
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
		if e.TermMonths == 0 {
			return ModelReply{Text: "Thanks. How many months are left on it? With the months left I can compare it exactly against our partners' offers."}
		}
		if res, ok := r[ToolCompare]; ok {
			return ModelReply{Text: ComposeAnswer(r, res)}
		}
		product := e.Product
		if product == "" || strings.HasSuffix(product, "_insurance") {
			product = "personal_loan"
		}
		return call(st, ToolCompare, map[string]any{"holding": map[string]any{
			"product_type": product, "balance": e.Amount.StringFixed(2), "apr": e.Rate.StringFixed(2), "remaining_months": e.TermMonths}})
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
			return call(st, ToolCompare, map[string]any{"holding_id": id})
		}
		if intent == IntentInsurance {
			return call(st, ToolSearchOffers, searchCall(product, nil, 0, st.user))
		}
		what := productWords(product)
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

type cardView struct {
	Name                  string  `json:"name"`
	Partner               string  `json:"partner"`
	Currency              string  `json:"currency"`
	ProductType           string  `json:"product_type"`
	RepresentativeAPR     string  `json:"representative_apr"`
	APR                   string  `json:"apr"`
	MonthlyPayment        string  `json:"monthly_payment"`
	MonthlySaving         string  `json:"monthly_saving"`
	NetSaving             string  `json:"net_saving"`
	Fees                  string  `json:"fees"`
	BreakEvenMonth        *int    `json:"break_even_month"`
	Eligible              bool    `json:"eligible"`
	RepresentativeExample string  `json:"representative_example"`
	AnnualPremium         *string `json:"annual_premium"`
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
	} `json:"current"`
	Cards []cardView `json:"cards"`
}

// ComposeAnswer is the template answer for a comparison: the guard falls back to it, so it
// states only figures from the tool result.
func ComposeAnswer(results map[string]json.RawMessage, compare json.RawMessage) string {
	var v compareView
	if json.Unmarshal(compare, &v) != nil {
		return "I could not read the comparison. " + clarifyText
	}
	if msg, ok := toolError(compare); ok {
		return "I couldn't run the comparison: " + msg + " You can also ask me to connect you with a person."
	}
	cur := "USD"
	if len(v.Cards) > 0 && v.Cards[0].Currency != "" {
		cur = v.Cards[0].Currency
	}
	var b strings.Builder
	what := productWords(v.Holding.ProductType)
	insurance := strings.HasSuffix(v.Holding.ProductType, "_insurance")
	if insurance {
		fmt.Fprintf(&b, "Your %s costs %s a year. ", what, money(v.Current.AnnualPremium, cur))
	} else {
		fmt.Fprintf(&b, "Your %s of %s at %s%% with %d months left costs %s a month. ", what,
			money(v.Holding.Balance, cur), v.Holding.APR, v.Holding.RemainingMonths, money(v.Current.MonthlyPayment, cur))
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
	if insurance {
		fmt.Fprintf(&b, "%s from %s would cost %s a year, saving you %s. ", best.Name, best.Partner, money(deref(best.AnnualPremium), cur), money(best.NetSaving, cur))
	} else {
		fmt.Fprintf(&b, "The best saving is %s from %s at a representative APR of %s%%: about %s a month (%s), and %s saved in total after fees of %s",
			best.Name, best.Partner, best.RepresentativeAPR, money(best.MonthlyPayment, cur), monthlyChange(best.MonthlySaving, cur), money(best.NetSaving, cur), money(best.Fees, cur))
		if best.BreakEvenMonth != nil && *best.BreakEvenMonth > 0 {
			fmt.Fprintf(&b, " (the fees are paid back by month %d)", *best.BreakEvenMonth)
		}
		b.WriteString(". ")
	}
	if ex := representativeExample(best.RepresentativeExample); ex != "" {
		b.WriteString(ex + " ")
	}
	if len(v.Cards) > 1 {
		fmt.Fprintf(&b, "The cards below show the best %d options side by side. ", len(v.Cards))
	}
	b.WriteString(NoApproval + " " + Disclosure)
	return b.String()
}

func composeSearch(raw json.RawMessage, amount *decimal.Decimal) string {
	if msg, ok := toolError(raw); ok {
		return "I couldn't search the offers: " + msg + " Would you like me to connect you with a person?"
	}
	var v struct {
		ProductType string `json:"product_type"`
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
			} `json:"for_amount"`
		} `json:"offers"`
	}
	if json.Unmarshal(raw, &v) != nil || len(v.Offers) == 0 {
		return fmt.Sprintf("I couldn't find an active %s offer from our partners right now. Would you like me to connect you with a person who can look further?", productWords(v.ProductType))
	}
	var b strings.Builder
	what := productWords(v.ProductType)
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
		cur := o.Currency
		switch {
		case o.RepresentativeAPR != nil && o.ForAmount != nil:
			fmt.Fprintf(&b, "%s from %s, representative APR %s%%: borrowing %s over %d months costs about %s a month at its rate of interest, %s in total before fees. ",
				o.Name, o.Partner, *o.RepresentativeAPR, money(o.ForAmount.Amount, cur), o.ForAmount.TermMonths, money(o.ForAmount.MonthlyPayment, cur), money(o.ForAmount.TotalPaid, cur))
		case o.RepresentativeAPR != nil:
			fmt.Fprintf(&b, "%s from %s, representative APR %s%%. ", o.Name, o.Partner, *o.RepresentativeAPR)
		case o.AnnualPremium != nil:
			fmt.Fprintf(&b, "%s from %s at %s a year", o.Name, o.Partner, money(*o.AnnualPremium, cur))
			if o.Deductible != nil {
				fmt.Fprintf(&b, " with a %s deductible", money(*o.Deductible, cur))
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
			ProductType     string  `json:"product_type"`
			Provider        string  `json:"provider"`
			Balance         string  `json:"balance"`
			APR             string  `json:"apr"`
			RemainingMonths int     `json:"remaining_months"`
			Premium         *string `json:"premium"`
			Kind            string  `json:"kind"`
		} `json:"holdings"`
	}
	if json.Unmarshal(raw, &v) != nil || len(v.Holdings) == 0 {
		return "You have no saved loans or policies yet. Add them under Holdings, or tell me the figures here — for example \"" + ExamplePhrase + "\"."
	}
	var b strings.Builder
	fmt.Fprintf(&b, "You have %s saved: ", plural(len(v.Holdings), "holding", "holdings"))
	for i, h := range v.Holdings {
		if i > 0 {
			b.WriteString("; ")
		}
		if h.Kind == "insurance" && h.Premium != nil {
			fmt.Fprintf(&b, "%s with %s, premium %s", productWords(h.ProductType), h.Provider, money(*h.Premium, "USD"))
		} else {
			fmt.Fprintf(&b, "%s with %s, %s at %s%% with %d months left", productWords(h.ProductType), h.Provider, money(h.Balance, "USD"), h.APR, h.RemainingMonths)
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

var productNames = map[string]string{
	"personal_loan": "personal loan", "auto_loan": "car loan", "mortgage": "mortgage", "student_loan": "student loan",
	"credit_card": "credit card", "auto_insurance": "car insurance", "home_insurance": "home insurance",
	"renters_insurance": "renters insurance", "travel_insurance": "travel insurance", "life_insurance": "life insurance",
}

func productWords(p string) string { return productNames[p] }

var currencySymbols = map[string]string{"USD": "$", "EUR": "€", "GBP": "£"}

// money formats a decimal string from a tool result with its currency and thousands
// separators, without changing its value.
func money(s, currency string) string {
	d, err := decimal.NewFromString(s)
	if err != nil {
		return s
	}
	str := d.StringFixed(2)
	neg := strings.HasPrefix(str, "-")
	str = strings.TrimPrefix(str, "-")
	intPart, frac, _ := strings.Cut(str, ".")
	var g []string
	for len(intPart) > 3 {
		g = append([]string{intPart[len(intPart)-3:]}, g...)
		intPart = intPart[:len(intPart)-3]
	}
	g = append([]string{intPart}, g...)
	out := strings.Join(g, ",") + "." + frac
	if neg {
		out = "-" + out
	}
	if sym, ok := currencySymbols[strings.ToUpper(currency)]; ok {
		return sym + out
	}
	if currency == "" {
		return out
	}
	return out + " " + strings.ToUpper(currency)
}

func positive(s string) bool {
	d, err := decimal.NewFromString(s)
	return err == nil && d.IsPositive()
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
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
func monthlyChange(saving, cur string) string {
	d, err := decimal.NewFromString(saving)
	switch {
	case err != nil:
		return "a change of " + saving
	case d.IsNegative():
		return money(d.Neg().String(), cur) + " more a month than now"
	case d.IsZero():
		return "the same as now"
	}
	return money(saving, cur) + " less than now"
}

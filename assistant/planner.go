package assistant

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"ratewise/assistant/nlu"
	"ratewise/offers"
	"ratewise/retrieval"
)

// Planner is the offline model: deterministic intent and entity extraction that drives the
// same tools as a language model and answers from templates, stating only figures that are in
// tool results. It is the default when no API key is set, and the fallback when the model fails.
type Planner struct{}

// Name implements Model.
func (Planner) Name() string { return "offline-planner" }

// Planner turns the understanding of the newest message (nlu, given in ModelRequest.Turn)
// and the dialogue state into tool calls and template answers. It is a pure function of the
// request: each step of a turn it reads the tool results so far and decides the next call or
// the answer.

// readTurn reads the planner's view of a request.
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
	st.ents = ExtractEntities(st.user)
	names := map[string]string{}
	for _, m := range msgs[last+1:] {
		for _, c := range m.ToolCalls {
			names[c.ID] = c.Name
			st.callSeq++
		}
		if m.Role == "tool" {
			st.results[names[m.ToolCallID]] = json.RawMessage(m.Content)
			st.all = append(st.all, namedResult{names[m.ToolCallID], json.RawMessage(m.Content)})
		}
	}
	return st
}

// turnState is what the planner reads from a request: the user's newest message and the tool
// results of this turn so far.
type turnState struct {
	user string
	ents Entities // the figures and product ExtractEntities reads in user, read once
	// said is the credit score user states (statedScore), and score the one the person
	// stated in user or earlier (Dialogue.Score); 0 when none.
	said, score int
	// trip: user names where a trip goes, which is not a feature to look for in the offers.
	trip    bool
	results map[string]json.RawMessage // by tool name, the latest
	all     []namedResult              // every result, in order
	callSeq int
}

type namedResult struct {
	name   string
	result json.RawMessage
}

// Complete implements Model.
func (p Planner) Complete(ctx context.Context, req ModelRequest, onDelta func(string)) (ModelReply, error) {
	if err := ctx.Err(); err != nil {
		return ModelReply{}, err
	}
	st := readTurn(req.Messages)
	tc := req.Turn
	if tc == nil {
		tc = &TurnContext{Understood: understand(st.user, nil)}
		tc.Lang = validLang(tc.Understood.Lang)
	}
	st.said = statedScore(st.user, st.ents, tc.Dialogue.Guide)
	st.score = tc.Dialogue.Score
	if st.said > 0 {
		st.score = st.said
	}
	reply := p.plan(st, tc)
	if len(reply.ToolCalls) == 0 {
		reply.Score = st.score
	}
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

// calls is several tool calls in one step.
func calls(st turnState, name string, args []any) ModelReply {
	var r ModelReply
	for i, a := range args {
		b, _ := json.Marshal(a)
		r.ToolCalls = append(r.ToolCalls, ToolCall{ID: "plan_" + strconv.Itoa(st.callSeq+1+i), Name: name, Arguments: string(b)})
	}
	return r
}

// answersPending reports whether a message answers the question the assistant is waiting
// on: a bare number, or a message that states one of the missing figures without asking for
// something else.
func answersPending(p *Pending, u nlu.Result, text string) bool {
	if p == nil || p.Kind != PendingSlots {
		return false
	}
	if _, ok := bareNumber(text); ok {
		return true
	}
	switch u.Intent {
	case nlu.CompareHolding, nlu.Financing, nlu.FindOffers, nlu.OffTopic, nlu.Affirm, nlu.AskOffer:
		// ask_offer: "what about 48 months?" answers "how many months are left?" when no
		// offer has been shown to ask about (the caller added the figures the understanding
		// keeps none of for it); with offers shown, a slot it states is not what it asks.
	default:
		return false
	}
	for _, m := range p.Missing {
		if hasSlot(u.Slots, m) {
			return true
		}
	}
	return false
}

func (p Planner) plan(st turnState, tc *TurnContext) ModelReply {
	u, d, lang := tc.Understood, tc.Dialogue, tc.Lang
	if d.Pending != nil && d.Pending.Kind == PendingSlots && (u.Intent == nlu.OffTopic || u.Intent == "" || u.Intent == nlu.AskOffer && len(d.Shown) == 0) {
		// The understanding keeps no figures for a message it reads as off-topic: "I still owe
		// 14000" after "how much do you still owe?" answers with the figure read from the text.
		u.Slots = withFigures(u.Slots, st.ents)
	}
	intent, slots := u.Intent, u.Slots
	if cur, ok := otherCurrency(st.user, d); ok && !nlu.IsHandoff(intent) && heldCompare(d) != nil {
		// "200 € more a month" on a loan compared in dollars: the figures are never mixed, nor
		// converted (it was worked out as 200 dollars).
		_, extra := extraAsked(st, d)
		_, instead := paymentAsked(st, d)
		if extra || instead {
			return ModelReply{Text: say(lang, "figure_other_currency", cur)}
		}
	}
	if target, ok := lowerAsked(st, d); ok && len(d.Shown) > 0 && !nlu.IsHandoff(intent) {
		// "What if I paid 400 a month?" on a loan that needs more: only a longer loan does,
		// and the comparison costed the offers' terms (it was answered with an offer's payment).
		if text, ok := composeLower(lang, target, *d.Stated, d.Shown); ok {
			return ModelReply{Text: text}
		}
	}
	if extra, ok := extraOn(st, d); ok && !nlu.IsHandoff(intent) {
		// "What if I paid 200 more a month?" after comparing a loan or card: that loan paid
		// so (read as a correction, it was a payment of 200 a month).
		if res, ok := st.results[ToolCompare]; ok {
			reply := composeExtra(res, lang).reply(lang)
			reply.Topic = topicExtra
			return reply
		}
		args := heldCompare(d)
		args["extra_payment"] = extra.StringFixed(2)
		return call(st, ToolCompare, args)
	}
	if pay, ok := paymentAsked(st, d); ok && heldCompare(d) != nil && !nlu.IsHandoff(intent) {
		// "What if I paid 550 a month?" about the loan or card compared last: that payment
		// instead of the one made now, more or less (less was searched for in the guides, and
		// after a saved loan's comparison the turn failed).
		if res, ok := st.results[ToolCompare]; ok {
			reply := composeWhatIf(res, pay, d, lang).reply(lang)
			reply.Topic = topicWhatIf
			return reply
		}
		args := heldCompare(d)
		args["what_if_payment"] = pay.StringFixed(2)
		return call(st, ToolCompare, args)
	}
	if a, b, ok := twoTerms(st.user); ok && d.Searched != nil && d.Searched.Amount != nil && d.Searched.Product.IsLoan() && len(d.Shown) > 0 && !nlu.IsHandoff(intent) {
		// "Is it better to take 48 or 60 months?" after a search priced an amount: the offer
		// shown first over each (it was read as a loan of the person's to compare).
		switch searches := searchResults(st); len(searches) {
		case 0:
			return call(st, ToolSearchOffers, searchCall(string(d.Searched.Product), d.Searched.Amount, a, st, marketOf(*d.Searched)))
		case 1:
			return call(st, ToolSearchOffers, searchCall(string(d.Searched.Product), d.Searched.Amount, b, st, marketOf(*d.Searched)))
		default:
			if ans, ok := composeTwoTerms(searches[0], searches[1], [2]int{a, b}, d.Shown[0].OfferID, lang); ok {
				return ans.reply(lang)
			}
			return composeSearch(searches[1], lang).reply(lang)
		}
	}
	if ownAsked(st.user) && heldCompare(d) != nil && !stated(slots) && !nlu.IsHandoff(intent) {
		// "How much is my monthly payment now?", "how long will it take to pay off?" after
		// comparing a loan or card: its own figures (they were taken for the offer's).
		if res, ok := st.results[ToolCompare]; ok {
			reply := composeOwn(res, lang).reply(lang)
			reply.Topic = topicExtra // "and if I paid 100 more?" is the next question
			return reply
		}
		return call(st, ToolCompare, heldCompare(d))
	}
	var next *nlu.Slots
	if intent == nlu.CompareHolding {
		next = nextHolding(&st, &slots)
	}
	if d.Pending != nil && d.Pending.Kind == PendingNext && (acceptsOffer(u, st.user) || !stated(slots) && st.ents.Product == string(d.Pending.Slots.Product)) {
		// "yes", or "and the credit card?", after the offer to compare the second holding the
		// person stated.
		intent, slots = d.Pending.Intent, d.Pending.Slots
	} else if answersPending(d.Pending, u, st.user) {
		intent, slots = d.Pending.Intent, d.Pending.merge(st.user, u.Slots)
	} else if intent == nlu.CompareHolding && corrects(d.Stated, slots, st.user) {
		slots = overlay(*d.Stated, slots) // corrects: the same product, or none named
	} else if s, ok := refinedSearch(intent, d.Searched, slots, st.user, st.ents); ok {
		intent, slots = nlu.FindOffers, s
	}
	if slots.Rate != nil && !slots.Rate.IsPositive() {
		// No loan is at 0 %: a rate of nothing is not a figure of the user's to compare.
		slots.Rate = nil
	}
	if (intent == nlu.AskOffer || intent == nlu.OffTopic || intent == "") && len(d.Shown) == 0 && overTime.MatchString(foldText(st.user)) {
		// Nothing shown to ask about: "how much would this laptop cost me a month if I spread
		// it out?" asks for financing (it was told no offers had been shown).
		intent = nlu.Financing
	}
	if intent == nlu.AskOffer && len(d.Shown) == 0 && lowerMine.MatchString(foldText(st.user)) {
		intent = nlu.OffTopic // nothing shown to ask about: "I want to pay less each month" is about their own
	}
	if (intent == nlu.AskOffer || intent == nlu.ExplainTerm && !definitionRe.MatchString(st.user)) && len(d.Shown) > 0 && slots.OfferRef == "" && !stated(slots) {
		// Another product than the offers shown: "I'm interested in a mortgage too" after car
		// loans asks for those (it was answered with the first car loan's rates).
		if p := offers.ProductType(st.ents.Product); p != "" && string(p) != d.Shown[0].ProductType {
			intent, slots.Product = nlu.FindOffers, p
		}
	}
	if intent == nlu.AskOffer && len(d.Shown) == 0 {
		// Nothing shown to ask about: "what's the cheapest home insurance?" asks for offers.
		if p := offers.ProductType(st.ents.Product); p != "" {
			intent, slots.Product = nlu.FindOffers, p
		}
	}
	if (intent == nlu.Affirm || intent == nlu.Deny) && thanksRe.MatchString(foldText(st.user)) {
		intent = nlu.Thanks // "ok thanks" is thanks, not a yes to carry on
	}
	if t := offerTopic(st.user); len(d.Shown) > 0 && st.ents.Product == "" && !stated(slots) && (t == topicFrequency || t == topicTotal || t == topicApply || t == topicPick || t == topicCancel || t == topicSaving) {
		switch intent {
		case nlu.Affirm, nlu.Deny, nlu.OffTopic, "", nlu.FindOffers, nlu.Financing:
			// "can I pay monthly?", "¿y si pago anualmente?" about the offers shown (it searched
			// the offers' text for "monthly", or was read as a yes).
			intent = nlu.AskOffer
		}
	}
	intent = refine(intent, slots, st.user)
	if len(d.Shown) == 0 && (intent == nlu.Financing || intent == nlu.ExplainTerm || intent == nlu.Greeting || intent == nlu.OffTopic || intent == "") &&
		!stated(slots) && lowerPayment.MatchString(foldText(st.user)) && possessive.MatchString(foldText(st.user)) {
		// "Can I lower my monthly payment?", which the classifier read as hardship, a
		// complaint or self-harm and settle took back: the next intent it had is a guess.
		intent = nlu.CompareHolding
	}
	intent = followUp(intent, d, st.user)
	if (intent == nlu.OffTopic || intent == "") && askedWhatItDoes.MatchString(foldText(st.user)) {
		// "What can you do?" is answered with what the greeting says, not with "I'm not sure I
		// understood" and the offer of a person.
		intent = nlu.Greeting
	}
	about := ""
	if (intent == nlu.OffTopic || intent == "") && d.Guide != "" && aboutThat.MatchString(foldText(st.user)) {
		// "How do I improve it?" right after a guide was quoted asks about that guide's subject.
		intent, about = nlu.ExplainTerm, d.Guide
	}
	if destinationOnly(slots, st.user) {
		slots.Region = "" // where the trip goes is not the market the person buys in
		st.trip = true
	}
	market := marketOf(slots)
	r := st.results
	if t := handoffOf(nlu.Result{Intent: intent, Lang: lang}, st.user); t != nil {
		// The engine hands these off before any model; this is the planner answering alone.
		if _, ok := r[ToolRequestHuman]; !ok {
			return call(st, ToolRequestHuman, map[string]string{"reason": humanReason(t.Category), "summary": truncate(st.user, 200)})
		}
		return ModelReply{Text: say(lang, "connecting")}
	}
	if reply, ok := aside(intent, d, slots, st.user, lang); ok {
		return reply
	}
	if reply, ok := otherTerm(intent, d, slots, st.user, st.ents, lang); ok {
		return reply
	}
	if slug, title, ok := aboutUs(st.user); ok && !stated(slots) && !nlu.IsHandoff(intent) {
		// A question about Ratewise itself is answered by its own guide, found by its title.
		if res, ok := r[ToolLookupKnowledge]; ok {
			return composeGuide(res, slug, title, lang).reply(lang)
		}
		return call(st, ToolLookupKnowledge, map[string]string{"query": title})
	}
	if score := st.said; score > 0 && onlyScore(st.ents, score) && d.Searched == nil && !nlu.IsHandoff(intent) &&
		(intent != nlu.FindOffers && intent != nlu.Financing || slots.Product == "") {
		// "my score is 680, is that good?", or "mine is 680" after the guide on scores: its
		// band (after a search, the score searches again instead).
		if res, ok := r[ToolLookupKnowledge]; ok {
			return composeScoreBand(res, score, lang).reply(lang)
		}
		return call(st, ToolLookupKnowledge, map[string]string{"query": scoreGuideTitle})
	}
	if f := foldText(st.user); len(d.Shown) > 0 && heldCompare(d) != nil && lowerPayment.MatchString(f) && possessive.MatchString(f) && !stated(slots) && !nlu.IsHandoff(intent) {
		// "Can I lower my monthly payment?" right after a comparison: the lowest payment its
		// offers' terms give (it searched the offers' text for "monthly payment").
		if text, ok := composeLowest(lang, d.Shown); ok {
			return ModelReply{Text: text}
		}
		if least, ok := scheduleBelow(d); ok {
			// They pay more than their loan's schedule, and the offers were costed at what they
			// pay: the lower payment is their own loan's schedule (it searched the offers' text).
			if res, ok := r[ToolCompare]; ok {
				a := composeWhatIf(res, least, d, lang)
				if !a.unhelpful {
					a.text = say(lang, "lower_to_schedule", d.Stated.Product.Label(langLocale(lang, "")), d.Stated.TermMonths) + " " + a.text
				}
				reply := a.reply(lang)
				reply.Topic = topicWhatIf
				return reply
			}
			args := heldCompare(d)
			args["what_if_payment"] = least.StringFixed(2)
			return call(st, ToolCompare, args)
		}
	}
	if len(d.Shown) > 0 && noFeeAsked.MatchString(foldText(st.user)) && !stated(slots) && !nlu.IsHandoff(intent) {
		// "Which one has no fees?" about the offers shown (it was answered about the first).
		if text, ok := composeNoFee(lang, d.Shown); ok {
			return ModelReply{Text: text}
		}
	}
	if len(d.Shown) > 0 && askedShown.MatchString(foldText(st.user)) && !stated(slots) && !nlu.IsHandoff(intent) {
		return ModelReply{Text: composeShown(lang, "shown_list", d.Shown)}
	}
	if (d.Stated != nil || d.Compared > 0) && len(d.Shown) > 0 && !stated(slots) && st.ents.Product == "" && !nlu.IsHandoff(intent) && (doBetter.MatchString(foldText(st.user)) || whatsCheaper.MatchString(foldText(st.user))) {
		// "Can you do better?" right after a comparison: it ranked every current offer.
		if positive(d.Shown[0].NetSaving) {
			return ModelReply{Text: composeShown(lang, "shown_best", d.Shown)}
		}
		return ModelReply{Text: composeShown(lang, "shown_none_cheaper", d.Shown)}
	}
	if holdingsEdit.MatchString(foldText(st.user)) && !stated(slots) && !nlu.IsHandoff(intent) {
		// "delete my car loan": the page does that, not the chat.
		return ModelReply{Text: say(lang, "holdings_edit")}
	}
	if rate, product, ok := rateChecked(st, slots, d); ok && !nlu.IsHandoff(intent) {
		// "Is 7% a good rate for a car loan?": against what our partners publish for one.
		if res, ok := r[ToolSearchOffers]; ok {
			compared := st.ents.Rate == nil // the rate of the loan compared, not one in the message
			reply := composeRateCheck(res, rate, lang, compared).reply(lang)
			reply.KeepShown = compared // the comparison's offers stay the ones shown
			if !reply.Unhelpful && !compared {
				// The answer asks for the balance and months left: the next message that
				// gives them compares this loan.
				held := nlu.Slots{Product: offers.ProductType(product), Rate: &rate, Currency: slots.Currency}
				reply.Pending = &Pending{Kind: PendingSlots, Intent: nlu.CompareHolding, Slots: held, Missing: missingFor(product, held)}
			}
			return reply
		}
		return call(st, ToolSearchOffers, searchCall(product, nil, 0, st, market))
	}
	if totalDebt.MatchString(foldText(st.user)) && !stated(slots) && !nlu.IsHandoff(intent) {
		// "What's my total debt?": what the saved loans and cards add up to.
		if res, ok := r[ToolGetHoldings]; ok {
			return composeDebt(res, lang).reply(lang)
		}
		return call(st, ToolGetHoldings, struct{}{})
	}
	if payFirst.MatchString(foldText(st.user)) && !stated(slots) && !nlu.IsHandoff(intent) {
		// "Which should I pay off first?": the person's own debts by rate.
		if res, ok := r[ToolGetHoldings]; ok {
			return ModelReply{Text: composePayFirst(res, d.Held, lang)}
		}
		return call(st, ToolGetHoldings, struct{}{})
	}
	switch intent {
	case nlu.CompareHolding:
		reply := p.compareHolding(st, lang, slots, market)
		if next != nil && len(reply.ToolCalls) == 0 && reply.Pending == nil && !reply.Unhelpful {
			reply.Text += "\n" + say(lang, "next_holding", next.Product.Label(langLocale(lang, "")))
			reply.Pending = &Pending{Kind: PendingNext, Intent: nlu.CompareHolding, Slots: *next}
		}
		return reply
	case nlu.CompareSaved:
		return p.compareSaved(st, lang, slots, d)
	case nlu.AskOffer:
		reply := p.askOffer(st, lang, d, slots)
		if len(reply.ToolCalls) == 0 && !reply.Unhelpful {
			if t := askedTopic(st.user, d, slots); t != topicGeneral {
				reply.Topic = t
			}
		}
		return reply
	case nlu.ListHoldings:
		if res, ok := r[ToolGetHoldings]; ok {
			return ModelReply{Text: composeHoldings(res, lang)}
		}
		return call(st, ToolGetHoldings, struct{}{})
	case nlu.ExplainTerm:
		query := termQuery(slots.TermTopic, st.user, lang)
		if about != "" {
			query = aboutSubject(st.user, about)
		}
		if res, ok := r[ToolLookupKnowledge]; ok {
			if about != "" {
				return composeFollowUp(res, st.user, about, lang).reply(lang)
			}
			return composeKnowledge(res, query, lang).reply(lang)
		}
		return call(st, ToolLookupKnowledge, map[string]string{"query": truncate(query, 300)})
	case nlu.Financing, nlu.FindOffers:
		if res, ok := r[ToolSearchOffers]; ok {
			a := composeSearch(res, lang)
			if creditWords.MatchString(foldText(st.user)) && st.score == 0 && !a.unhelpful {
				a.text += "\n" + say(lang, "ask_score")
			}
			reply := a.reply(lang)
			if !reply.Unhelpful {
				reply.Searched = searched(res, slots)
			}
			return reply
		}
		if unserved(slots) {
			return ModelReply{Text: say(lang, "no_market", slots.Currency), Unhelpful: true}
		}
		product := string(slots.Product)
		if product == "" && intent == nlu.Financing {
			product = string(offers.PersonalLoan)
		}
		if product == "" {
			return ModelReply{Text: say(lang, "which_product")}
		}
		return call(st, ToolSearchOffers, searchCall(product, slots.Amount, slots.TermMonths, st, market))
	case nlu.Greeting:
		return ModelReply{Text: say(lang, "greeting")}
	case nlu.Thanks:
		return ModelReply{Text: say(lang, "thanks")}
	case nlu.Deny, nlu.Affirm:
		return ModelReply{Text: say(lang, "carry_on")}
	}
	if (intent == nlu.OffTopic || intent == "") && aboutMoney(st.user) {
		// Not one of the things the assistant does by name ("I got a letter saying my rate is
		// going up"): a guide named for the message's words answers it before "I'm not sure I
		// understood" does.
		res, ok := r[ToolLookupKnowledge]
		if !ok {
			return call(st, ToolLookupKnowledge, map[string]string{"query": truncate(st.user, 300)})
		}
		if a, ok := composeRelevant(res, st.user, lang); ok {
			return a.reply(lang)
		}
	}
	return ModelReply{Text: say(lang, "clarify") + " " + say(lang, "offer_handoff"), Unhelpful: true}
}

// Rules over the classifier where they are plainly more precise: asking for something
// cheaper than a product of one's own ("can I get a cheaper car loan?", "is there a better
// rate for my car loan") compares what the user has rather than listing offers, and a
// definition question ("what is a personal loan?") is an explanation.
var (
	betterRe     = regexp.MustCompile(`(?i)\b(cheaper|better (rate|deal|offer)|lower (rate|apr|interest|payment|premium)|refinanc\w*|beat|overpaying|do better|más barat\w*|moins cher\w*|günstiger|billigare)`)
	definitionRe = regexp.MustCompile(`(?i)^\s*(¿\s*)?(what is|what's|what are|what does|explain|define|meaning of|qué es|que es|qu'est-ce|c'est quoi|was ist|was bedeutet|vad är|vad betyder)\b`)
)

// lowerMine asks for less to pay on something of one's own ("can you lower my payment?",
// "I want to pay less each month"), which a comparison of it answers; over folded text.
var lowerMine = regexp.MustCompile(`\b(lower|reduce|cut|bring down|decrease|drop) (my|our) (monthly )?(payments?|repayments?|rate|interest|apr|premium|bills?|costs?)\b|\b(pay|paying) less (each|a|per|every) month\b|\bsave (money )?on my (loan|mortgage|card|credit card|insurance|payments?)\b|` +
	`\b(bajar|reducir|rebajar) (mi|mis|nuestra) (cuota|cuotas|tipo|interes|prima|pagos?)\b|\bpagar menos\b|` +
	`\b(baisser|reduire|diminuer) (ma|mes|mon|notre) (mensualite|mensualites|taux|prime|remboursements?)\b|\bpayer moins\b|` +
	`\b(meine|unsere) (rate|raten|zinsen|pramie|monatliche rate) (senken|reduzieren|verringern)\b|\bweniger (zahlen|bezahlen)\b|` +
	`\b(sanka|minska) (min|mina|var) (manadskostnad|ranta|premie|betalningar?|avbetalningar?)\b|\bbetala mindre\b`)

// overTime asks about paying for something over time rather than at once ("if I spread it
// out", "pay it monthly", "in instalments"), over folded text.
var overTime = regexp.MustCompile(`\bspread (it|that|this|the cost|the payments?)( out)?\b|\bpay (for )?(it|that|this) (off )?(over time|monthly|in instal?lments)\b|\bin instal?lments\b|` +
	`\b(a plazos|en cuotas|en plusieurs fois|a temperament|in raten|ratenzahlung|pa avbetalning|delbetala)\b`)

// possessive says a message is about something of one's own ("my", "mi", "ma", "meine",
// "min"), over folded text.
var possessive = regexp.MustCompile(`\b(my|our|mine|mi|mis|nuestra|nuestro|ma|mes|mon|notre|meine?|meinen|unsere?|min|mina|mitt|var)\b`)

// moneyStems are the starts of the words, as the search analyses them, that put a message
// about loans, cards or insurance; aboutMoney reports whether a message has one.
var moneyStems = []string{"rate", "loan", "credit", "insur", "payment", "debt", "mortgag", "card", "interest", "score", "apr",
	"fee", "premium", "refinanc", "deductib", "lend", "borrow", "bank", "polic", "claim", "overdraft", "apy", "balance"}

func aboutMoney(text string) bool {
	for _, t := range retrieval.Tokens(text) {
		for _, s := range moneyStems {
			if strings.HasPrefix(t, s) {
				return true
			}
		}
	}
	return false
}

// creditWords speaks of one's credit as poor ("with bad credit", "mal crédito"), over folded
// text: a score, not a feature of the offers.
var creditWords = regexp.MustCompile(`\b(bad|poor|low|weak|no|limited|fair) (credit|credit score|score|credit history)\b|\b(mal|bajo|poco) (credito|historial)\b|\b(mauvais|faible) (credit|score|dossier)\b|\b(schlechte|niedrige|keine) (bonitat|schufa|kreditwurdigkeit)\b|\b(dalig|lag|svag) (kreditvardighet|kreditbetyg|kredit)\b`)

// cheapestRe asks for the cheapest of something ("what's the cheapest home insurance?"),
// which no definition answers.
var cheapestRe = regexp.MustCompile(`(?i)\b(cheapest|best|lowest|most affordable|mas barat[oa]s?|moins chers?|moins chere?s?|gunstigste[nr]?|günstigste[nr]?|billigaste)\b`)

func refine(intent string, s nlu.Slots, text string) string {
	switch {
	case (intent == nlu.OffTopic || intent == "") && lowerMine.MatchString(foldText(text)):
		return nlu.CompareHolding
	case (intent == nlu.FindOffers || intent == nlu.Financing) && !stated(s) && definitionRe.MatchString(text) && !cheapestRe.MatchString(text):
		return nlu.ExplainTerm
	case intent == nlu.FindOffers && s.Product != "" && betterRe.MatchString(text):
		return nlu.CompareHolding
	}
	return intent
}

// termQuery is the knowledge base's query for a definition question. The guides are in
// English: a message in another language is asked as the concept the understanding named, in
// English words and the form of a definition question, so "c'est quoi le TAEG ?" finds what
// "what is APR?" does; an English message, or one that named no concept, is the query itself.
func termQuery(topic, text, lang string) string {
	if topic == "" || lang == "en" {
		return text
	}
	return "what is " + strings.ReplaceAll(topic, "_", " ") + "?"
}

// corrects reports whether a message that states figures corrects the holding compared last
// ("my rate is actually 11.5%", "sorry, 52 months"): it names no other product, does not say
// it is another one, and alone would not be enough to compare.
func corrects(last *nlu.Slots, s nlu.Slots, text string) bool {
	if last == nil || !stated(s) || s.Product != "" && s.Product != last.Product || anotherOne.MatchString(foldText(text)) {
		return false
	}
	product := string(last.Product)
	return len(missingFor(product, withProduct(s, product))) > 0
}

// anotherOne says a message is about another holding than the last ("I also have…").
// It reads folded text (foldText).
var anotherOne = regexp.MustCompile(`\b(also|another|other|second|too|as well|tambien|otro|otra|aussi|autre|auch|noch einen|noch eine|andere[nrs]?|ocksa|ett till|en till|annat|annan)\b`)

// refinedSearch is the last search with the amount or the term a message changes ("over 3
// years", "what about 8,000 instead?"), and true, when the message states one or both and
// nothing else: no rate, payment, premium or credit score, no other product, and no question
// about an offer's fees, rate or other topic. The understanding keeps no figures for a
// message it reads as off-topic or about an offer ("what about 15 years?"), so they are
// read from the text then.
func refinedSearch(intent string, last *nlu.Slots, s nlu.Slots, text string, e Entities) (nlu.Slots, bool) {
	if e.CreditScore > 0 && s.Amount != nil && s.Amount.Equal(decimal.NewFromInt(int64(e.CreditScore))) {
		s.Amount = nil // "my score is 580" states a score, not an amount to borrow
	}
	switch intent {
	case nlu.FindOffers, nlu.Financing, nlu.OffTopic, nlu.AskOffer, nlu.Greeting, nlu.Deny, nlu.Affirm, "":
	case nlu.CompareHolding:
		// "My credit score is 700" read as a comparison that states nothing else, or a bare
		// "3 years" or "10000" right after a search.
		if (e.CreditScore == 0 || stated(s)) && !onlyFigures(text) {
			return s, false
		}
	default:
		return s, false
	}
	if last == nil || s.Rate != nil || s.Payment != nil || s.Premium != nil || s.Product != "" && s.Product != last.Product {
		return s, false
	}
	if t := offerTopic(text); t != topicGeneral && t != topicTerms && (e.CreditScore == 0 || t != topicEligibility) {
		return s, false
	}
	if s.Amount == nil && s.TermMonths == 0 {
		if e.Rate != nil || e.Payment != nil || e.Product != "" && e.Product != string(last.Product) {
			return s, false
		}
		if e.Amount != nil && e.Amount.GreaterThanOrEqual(minRefinedAmount) && e.CreditScore == 0 {
			s.Amount = e.Amount
		}
		s.TermMonths = e.TermMonths
	}
	if s.Amount == nil && s.TermMonths == 0 && e.CreditScore == 0 {
		return s, false
	}
	return overlay(*last, s), true
}

// minRefinedAmount is the least number read as a new amount to borrow: "what about 2?" is not.
var minRefinedAmount = decimal.NewFromInt(100)

// searched is what a search looked for, as its result says (the product it searched, and the
// market of its offers) with the amount and term the message asked for.
func searched(res json.RawMessage, s nlu.Slots) *nlu.Slots {
	var v struct {
		ProductType string `json:"product_type"`
	}
	if json.Unmarshal(res, &v) != nil || v.ProductType == "" {
		return nil
	}
	out := nlu.Slots{Product: offers.ProductType(v.ProductType), Amount: s.Amount, Currency: s.Currency, TermMonths: s.TermMonths, Region: s.Region}
	return &out
}

// unserved reports whether the user's figures are in a currency no market of the catalogue
// uses ("10.000 € at 11%"): compared with offers in dollars or pounds, they would be
// written, and worked out, as if they were.
func unserved(s nlu.Slots) bool { return s.Currency != "" && s.Region == "" && marketOf(s) == "" }

// askedWhatItDoes is a question for what the assistant does, over folded text.
var askedWhatItDoes = regexp.MustCompile(`what (can|do|could) you (do|help( me)? with)|how (can|could|do) you help|what are you for|who are you|` +
	`que (puedes|podes|sabes) hacer|en que (me )?(puedes|podes) ayudar|para que sirves|quien eres|` +
	`(qu'?est[- ]ce que|que) (tu peux|vous pouvez|peux[- ]tu|pouvez[- ]vous) faire|a quoi (tu sers|servez[- ]vous)|comment (peux[- ]tu|pouvez[- ]vous) m'?aider|qui es[- ]tu|qui etes[- ]vous|` +
	`was (kannst du|konnen sie)|(wobei|wie) (kannst du|konnen sie) (mir )?helfen|wer bist du|wer sind sie|` +
	`vad kan du|hur kan du hjalpa|vem ar du`)

// followUp reads a question about the offers just shown, in words the understanding does
// not take for one ("how do I apply?", "is there an early repayment fee?", "how long does
// approval take?"), as a question about them: with offers shown, a message that names one of
// the offer topics is about those offers, unless it asks what a term means ("what is a
// prepayment penalty?") or asks for something else the understanding read.
func followUp(intent string, d Dialogue, text string) string {
	if len(d.Shown) == 0 || offerTopic(text) == topicGeneral {
		return intent
	}
	switch {
	case intent == nlu.OffTopic, intent == nlu.Greeting, intent == "":
		return nlu.AskOffer
	case intent == nlu.ExplainTerm && (!definitionRe.MatchString(text) || aboutThisOne.MatchString(text) && !askedMeaning.MatchString(text)):
		return nlu.AskOffer
	}
	return intent
}

// aboutThisOne is a definition question's form asked about a particular offer: "what does it
// cover?", "what's the excess?"; askedMeaning keeps "what does the APR mean?" and "what is the
// difference between…" definitions.
var (
	aboutThisOne = regexp.MustCompile(`(?i)^\s*(what is|what's|what are|what does)\s+(it|its|that|this|the|their|they)\b`)
	askedMeaning = regexp.MustCompile(`(?i)\b(mean|means|meaning|stand for|stands for|difference)\b`)
)

// answer is a template answer and whether it could not help (a failed or empty search).
type answer struct {
	text      string
	unhelpful bool
	guide     string // the title of the guide the answer quotes, if it quotes one
}

// reply is the answer as the planner gives it: one that could not help offers a person, and
// the engine remembers the offer.
func (a answer) reply(lang string) ModelReply {
	if a.unhelpful {
		return ModelReply{Text: a.text + " " + say(lang, "offer_handoff"), Unhelpful: true}
	}
	return ModelReply{Text: a.text, Guide: a.guide}
}

// humanReason is request_human's reason for a handoff category.
func humanReason(category string) string {
	if category == ReasonSelfHarm {
		return ReasonVulnerability
	}
	if slices.Contains(humanReasons, category) {
		return category
	}
	return ReasonRequested
}

// missingFor lists the figures a comparison of a stated holding still needs, in the order
// they are asked for. A credit card is never asked for months left: it is paid down at the
// user's payment.
func missingFor(product string, s nlu.Slots) []string {
	pt := offers.ProductType(product)
	if pt.IsInsurance() {
		if s.Premium == nil {
			return []string{nlu.SlotPremium}
		}
		return nil
	}
	var m []string
	if s.Amount == nil {
		m = append(m, nlu.SlotAmount)
	}
	if s.Rate == nil {
		m = append(m, nlu.SlotRate)
	}
	if s.TermMonths == 0 && pt != offers.CreditCard {
		m = append(m, nlu.SlotTermMonths)
	}
	return m
}

// stated reports whether a message gives any figure of a holding of its own.
func stated(s nlu.Slots) bool {
	return s.Amount != nil || s.Rate != nil || s.TermMonths > 0 || s.Premium != nil || s.Payment != nil
}

func (p Planner) compareHolding(st turnState, lang string, s nlu.Slots, market string) ModelReply {
	r := st.results
	if res, ok := r[ToolCompare]; ok {
		reply := composeCompare(res, lang).reply(lang)
		switch {
		case reply.Unhelpful:
		case stated(s):
			held := s
			if held.Product == "" && held.Premium == nil {
				held.Product = offers.PersonalLoan
			}
			reply.Stated = &held
		default:
			reply.Compared = comparedHolding(res)
		}
		return reply
	}
	product := string(s.Product)
	if stated(s) {
		if unserved(s) {
			return ModelReply{Text: say(lang, "no_market", s.Currency), Unhelpful: true}
		}
		if product == "" && s.Premium == nil {
			product = string(offers.PersonalLoan)
		}
		if product == "" {
			return askFor(lang, nlu.CompareHolding, s, []string{nlu.SlotProduct})
		}
		if missing := missingFor(product, s); len(missing) > 0 {
			return askFor(lang, nlu.CompareHolding, withProduct(s, product), missing)
		}
		args := statedCompare(product, s, market)
		if score := st.score; score > 0 {
			args["credit_score"] = score
		}
		return call(st, ToolCompare, args)
	}
	hs, ok := r[ToolGetHoldings]
	if !ok {
		return call(st, ToolGetHoldings, struct{}{})
	}
	// "Can I get cheaper insurance?" names no kind of policy, but a policy all the same: not a
	// loan (it had been answered with a saved loan's comparison, or asked a loan's balance).
	insurance := offers.ProductType(product).IsInsurance() || product == "" && insuranceNamed.MatchString(foldText(st.user))
	if id, ok := pickHolding(hs, product, insurance); ok {
		args := map[string]any{"holding_id": id}
		if score := st.score; score > 0 {
			args["credit_score"] = score
		}
		return call(st, ToolCompare, args)
	}
	if offers.ProductType(product).IsInsurance() {
		// No policy to compare: the cheapest policies answer "is there cheaper car insurance?".
		if res, ok := r[ToolSearchOffers]; ok {
			return composeSearch(res, lang).reply(lang)
		}
		return call(st, ToolSearchOffers, searchCall(product, nil, 0, st, market))
	}
	if insurance {
		// No policy saved, and no kind named: which kind, and what it costs.
		reply := askFor(lang, nlu.CompareHolding, s, []string{nlu.SlotProduct, nlu.SlotPremium})
		reply.Text = say(lang, "which_insurance")
		return reply
	}
	what := offers.ProductType(product).Label(langLocale(lang, ""))
	if what == "" {
		what = say(lang, "a_loan")
	}
	kind := "what_loan"
	switch {
	case offers.ProductType(product).IsInsurance():
		kind = "what_insurance"
	case product == string(offers.CreditCard):
		kind = "what_card"
	}
	missing := missingFor(product, s)
	if product == "" {
		// "Can you lower my payment?": "it's a personal loan" next answers this question.
		missing = append([]string{nlu.SlotProduct}, missing...)
	}
	reply := askFor(lang, nlu.CompareHolding, s, missing)
	reply.Text = say(lang, "no_saved", what) + say(lang, "ask_several", say(lang, kind))
	return reply
}

// loanNamed is a word for a loan, a card or a debt, over folded text.
var loanNamed = regexp.MustCompile(`\b(loans?|mortgages?|cards?|credits?|debts?|prestamos?|hipotecas?|tarjetas?|prets?|kredit\w*|hypothek\w*|karten?|lan|lanen|bolan|kort)\b`)

// insuranceNamed is a word for insurance or a policy, over folded text.
var insuranceNamed = regexp.MustCompile(`\b(insurance|insurer|insured|polic(y|ies)|seguros?|poliza|aseguradora|assurances?|assureur|versicherung\w*|forsakring\w*)\b`)

func withProduct(s nlu.Slots, product string) nlu.Slots {
	s.Product = offers.ProductType(product)
	return s
}

// statedCompare is compare's arguments for a holding the user stated. A premium is
// annualised from the period the user gave.
func statedCompare(product string, s nlu.Slots, market string) map[string]any {
	holding := map[string]any{"product_type": product}
	if offers.ProductType(product).IsInsurance() {
		prem := *s.Premium
		switch s.PremiumPeriod {
		case nlu.PerMonth:
			prem = prem.Mul(decimal.NewFromInt(12))
		case nlu.PerQuarter:
			prem = prem.Mul(decimal.NewFromInt(4))
		}
		holding["premium"] = prem.StringFixed(2)
	} else {
		holding["balance"] = s.Amount.StringFixed(2)
		holding["apr"] = s.Rate.StringFixed(2)
		if product != string(offers.CreditCard) {
			holding["remaining_months"] = s.TermMonths
		}
		if s.Payment != nil {
			holding["monthly_payment"] = s.Payment.StringFixed(2)
		}
	}
	args := map[string]any{"holding": holding}
	if market != "" {
		args["region"] = market
	}
	return args
}

// askFor asks exactly one question for what a request is missing, saying what was
// understood ("I have your car loan of $18,000.00 over 48 months — what rate are you
// paying?"), and leaves the request pending so the answer completes it.
func askFor(lang, intent string, s nlu.Slots, missing []string) ModelReply {
	var qs []string
	for _, m := range missing {
		switch m {
		case nlu.SlotRate:
			qs = append(qs, say(lang, "ask_rate"))
		case nlu.SlotAmount:
			qs = append(qs, say(lang, "ask_amount"))
		case nlu.SlotTermMonths:
			qs = append(qs, say(lang, "ask_term"))
		case nlu.SlotPremium:
			qs = append(qs, say(lang, "ask_premium"))
		case nlu.SlotProduct:
			qs = append(qs, say(lang, "ask_product"))
		}
	}
	question := strings.Join(qs, " ")
	if len(qs) > 1 {
		// One question: the figures asked together.
		question = strings.TrimSuffix(strings.TrimSuffix(qs[0], "?"), " ?") + ", " + strings.Join(qs[1:], " ")
	}
	text := capitalizeFirst(question)
	if u := understood(lang, s); u != "" {
		text = say(lang, "ask_understood", u, question)
	}
	return ModelReply{Text: text, Pending: &Pending{Kind: PendingSlots, Intent: intent, Slots: s, Missing: missing}}
}

// understood says what the assistant has of a holding: "your car loan of $18,000.00 over 48
// months".
func understood(lang string, s nlu.Slots) string {
	loc := langLocale(lang, offers.RegionLocale(marketOf(s)))
	cur := s.Currency
	if cur == "" {
		cur = offers.RegionCurrency(marketOf(s))
	}
	if cur == "" {
		cur = "USD"
	}
	var parts []string
	if s.Product != "" {
		parts = append(parts, say(lang, "your", s.Product.Label(loc)))
	}
	if s.Amount != nil {
		parts = append(parts, say(lang, "of_amount", offers.FormatMoney(*s.Amount, cur, loc)))
	}
	if s.Rate != nil {
		parts = append(parts, say(lang, "at_rate", offers.FormatPercent(*s.Rate, loc)))
	}
	if s.TermMonths > 0 {
		parts = append(parts, say(lang, "months_left", s.TermMonths))
	}
	if s.Premium != nil {
		parts = append(parts, say(lang, "premium_per", offers.FormatMoney(*s.Premium, cur, loc), periodWords(lang, s.PremiumPeriod)))
	}
	if len(parts) == 0 || (len(parts) == 1 && s.Product != "") {
		return ""
	}
	return strings.Join(parts, " ")
}

func periodWords(lang, period string) string {
	switch period {
	case nlu.PerMonth:
		return say(lang, "a_month")
	case nlu.PerQuarter:
		return say(lang, "a_quarter")
	}
	return say(lang, "a_year")
}

func capitalizeFirst(s string) string {
	for i, r := range s {
		if r == '¿' || r == '¡' {
			continue
		}
		return s[:i] + strings.ToUpper(string(r)) + s[i+len(string(r)):]
	}
	return s
}

// compareSaved compares every saved holding (or every one of the product named), one
// comparison each, and sums them up.
func (p Planner) compareSaved(st turnState, lang string, s nlu.Slots, d Dialogue) ModelReply {
	hs, ok := st.results[ToolGetHoldings]
	if !ok {
		return call(st, ToolGetHoldings, struct{}{})
	}
	// "Can you compare my insurance?" compares the policies only.
	folded := foldText(st.user)
	policies := s.Product == "" && insuranceNamed.MatchString(folded) && !loanNamed.MatchString(folded)
	ids := savedIDs(hs, string(s.Product), policies)
	if len(ids) == 0 {
		if s.Product != "" || policies {
			return p.compareHolding(st, lang, s, "")
		}
		if d.Stated != nil && len(d.Shown) > 0 {
			// "Anything cheaper?" right after comparing what they stated: the comparison
			// already ranked every current offer by its saving.
			if positive(d.Shown[0].NetSaving) {
				return ModelReply{Text: composeShown(lang, "shown_best", d.Shown)}
			}
			return ModelReply{Text: composeShown(lang, "shown_none_cheaper", d.Shown)}
		}
		return ModelReply{Text: say(lang, "saved_none")}
	}
	var done []json.RawMessage
	for _, nr := range st.all {
		if nr.name == ToolCompare {
			done = append(done, nr.result)
		}
	}
	if len(done) == 0 {
		args := make([]any, len(ids))
		for i, id := range ids {
			args[i] = map[string]any{"holding_id": id}
		}
		return calls(st, ToolCompare, args)
	}
	if len(done) == 1 {
		return composeCompare(done[0], lang).reply(lang)
	}
	return ModelReply{Text: composeSaved(done, lang)}
}

// savedIDs are the ids of the saved holdings of product ("" for all), at most MaxToolRounds
// of them... in the order saved.
func savedIDs(raw json.RawMessage, product string, policies bool) []int64 {
	var v struct {
		Holdings []struct {
			ID          int64  `json:"id"`
			Kind        string `json:"kind"`
			ProductType string `json:"product_type"`
		} `json:"holdings"`
	}
	if json.Unmarshal(raw, &v) != nil {
		return nil
	}
	var ids []int64
	for _, h := range v.Holdings {
		if product == "" && (!policies || h.Kind == "insurance") || h.ProductType == product ||
			(product == string(offers.PersonalLoan) && offers.ProductType(h.ProductType).IsLoan()) {
			ids = append(ids, h.ID)
		}
	}
	if len(ids) > maxSavedCompared {
		ids = ids[:maxSavedCompared]
	}
	return ids
}

// maxSavedCompared is how many saved holdings "compare my loans" compares in one answer.
const maxSavedCompared = 10

// searchCall is the arguments of a search_offers call: the query is what the message asks of an
// offer beyond its product, figures and market, left out when there is nothing, so a plain
// request lists the cheapest offers.
func searchCall(product string, amount *decimal.Decimal, termMonths int, st turnState, market string) map[string]any {
	args := map[string]any{"product_type": product}
	if amount != nil {
		args["amount"] = amount.StringFixed(2)
	}
	if termMonths > 0 {
		args["term_months"] = termMonths
	}
	if q := OfferQuery(st.user); q != "" && !creditWords.MatchString(foldText(st.user)) && !st.trip {
		// "with bad credit" is not a feature to look for in the offers' text: the score is.
		args["query"] = truncate(q, 200)
	}
	if score := st.score; score > 0 {
		args["credit_score"] = score
	}
	if market != "" {
		args["region"] = market
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
	MonthsToClear         int      `json:"months_to_clear"`
	CurrentMonthsToClear  int      `json:"current_months_to_clear"`
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
const ScoreQuestion = "Your own rate depends on your credit score: tell me your score or its band — for example \"my credit score is 640–699\" — or save it under About you on My loans & policies, and I'll show the rate and saving for you."

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
			b.WriteString("The closest options are on the cards below. " + NoApproval + " ")
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
	fmt.Fprintf(b, "You would pay about %s a month (%s)", f.money(c.MonthlyPayment), monthlyChange(f, c.MonthlySaving))
	if c.MonthsToClear > 0 && c.MonthsToClear < c.CurrentMonthsToClear {
		// Costed at the consumer's own payment, above the schedule: the saving is the months
		// the loan no longer runs (offers.refinance).
		fmt.Fprintf(b, ", clear it in %d months instead of %d,", c.MonthsToClear, c.CurrentMonthsToClear)
	}
	fmt.Fprintf(b, " and save %s in total", f.money(c.NetSaving))
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
	// The score the offers were listed for, how many were left out for it, the lowest minimum.
	CreditScore   int `json:"credit_score"`
	AboveScore    int `json:"above_score"`
	LowestMinimum int `json:"lowest_minimum"`
	Offers        []struct {
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

// toolErrorField is the argument a tool's error is about ("field"), or "".
func toolErrorField(raw json.RawMessage) string {
	var e struct {
		Field string `json:"field"`
	}
	_ = json.Unmarshal(raw, &e)
	return e.Field
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

// sentences splits text into sentences, each keeping its closing punctuation and the space
// after it, so the pieces join back to text. A sentence ends at '.', '!' or '?' followed by
// a space or the end, or at a line break: a full stop inside a figure ("6.9% APR",
// "$1,234.56") or a name ("ratewise.example") ends nothing.
func sentences(text string) []string {
	var out []string
	start := 0
	for i := 0; i < len(text); i++ {
		c := text[i]
		end := -1
		switch {
		case c == '\n':
			end = i + 1
		case c == '.' || c == '!' || c == '?':
			j := i + 1
			for j < len(text) && (text[j] == '.' || text[j] == '!' || text[j] == '?') {
				j++
			}
			if j == len(text) || text[j] == ' ' || text[j] == '\t' || text[j] == '\n' || text[j] == '\r' {
				end = j
			} else {
				i = j - 1
			}
		}
		if end < 0 {
			continue
		}
		for end < len(text) && (text[end] == ' ' || text[end] == '\t' || text[end] == '\n' || text[end] == '\r') {
			end++
		}
		out = append(out, text[start:end])
		start, i = end, end-1
	}
	if start < len(text) {
		out = append(out, text[start:])
	}
	return out
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

// rateChecked reads "is 7% a good rate for a car loan?": a rate and a question whether it is
// good, with no balance or term to compare (those make it a comparison). The product is the
// message's, or that of the holding compared last; a loan's rate needs one to be judged.
func rateChecked(st turnState, s nlu.Slots, d Dialogue) (decimal.Decimal, string, bool) {
	e := st.ents
	if e.Rate == nil && d.Stated != nil && d.Stated.Rate != nil && len(d.Shown) > 0 && e.Amount == nil && e.Payment == nil &&
		ownRateCheck.MatchString(foldText(st.user)) && d.Stated.Product.IsLoan() {
		// "Is that a good rate?" right after comparing the loan stated: its rate.
		return *d.Stated.Rate, string(d.Stated.Product), true
	}
	if e.Rate == nil || e.Amount != nil || e.TermMonths > 0 || e.Payment != nil || !rateCheck.MatchString(foldText(st.user)) {
		return decimal.Decimal{}, "", false
	}
	product := e.Product
	if product == "" && d.Stated != nil {
		product = string(d.Stated.Product)
	}
	if pt := offers.ProductType(product); !pt.IsLoan() {
		return decimal.Decimal{}, "", false
	}
	return *e.Rate, product, true
}

// searchResults are the turn's search_offers results so far, in order.
func searchResults(st turnState) []json.RawMessage {
	var out []json.RawMessage
	for _, r := range st.all {
		if r.name == ToolSearchOffers {
			out = append(out, r.result)
		}
	}
	return out
}

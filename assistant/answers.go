package assistant

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/shopspring/decimal"

	"ratewise/assistant/nlu"
	"ratewise/offers"
	"ratewise/retrieval"
)

// The planner's answers from tool results, in the conversation's language. A recommendation
// starts with one sentence of what matters (the saving, and the catch when there is one),
// then short lines; every figure comes from the tool result and is written by offers in the
// language's locale.

// composeCompare answers a comparison. In English it keeps the full explanation of what the
// current cost assumes (ComposeAnswer), under the headline and in short lines.
func composeCompare(raw json.RawMessage, lang string) answer {
	if msg, ok := toolError(raw); ok {
		return answer{text: say(lang, "tool_failed", msg), unhelpful: true}
	}
	var v compareView
	if json.Unmarshal(raw, &v) != nil {
		return answer{text: say(lang, "tool_failed", ""), unhelpful: true}
	}
	loc := langLocale(lang, v.Locale)
	f := figures{v.Currency, loc}
	best := bestCard(v.Cards)
	head := headline(lang, f, v, best)
	if lang == "en" {
		// The headline is not said twice: when nothing saves money, the body's own
		// sentence says so too.
		body := strings.Split(lines(ComposeAnswer(nil, raw)), "\n")
		body = slices.DeleteFunc(body, func(l string) bool { return l == head })
		return answer{text: head + "\n" + strings.Join(body, "\n")}
	}
	var out []string
	out = append(out, head)
	pt := offers.ProductType(v.Holding.ProductType)
	switch {
	case pt.IsInsurance():
		out = append(out, say(lang, "line_current_insurance", f.money(v.Current.AnnualPremium)))
	case pt == offers.CreditCard:
		out = append(out, say(lang, "line_current_card", f.money(v.Holding.Balance), f.pct(v.Holding.APR), f.money(v.Current.MonthlyPayment), v.Current.TermMonths))
	default:
		out = append(out, say(lang, "line_current_loan", f.money(v.Holding.Balance), f.pct(v.Holding.APR), v.Holding.RemainingMonths, f.money(v.Current.MonthlyPayment)))
	}
	for i := range v.Cards {
		c := &v.Cards[i]
		switch {
		case pt.IsInsurance():
			out = append(out, say(lang, "line_offer_insurance", c.Title, f.money(c.AnnualPremium)))
		case c.BalanceTransfer != nil:
			bt := c.BalanceTransfer
			out = append(out, say(lang, "line_offer_transfer", c.Title, f.pct(bt.PromoRate), bt.PromoMonths, f.pct(bt.RevertRate), say(lang, "rep_apr", f.pct(c.RepresentativeAPR)), f.money(bt.TransferFee)))
		default:
			out = append(out, say(lang, "line_offer_loan", c.Title, f.pct(c.APR), say(lang, "rep_apr", f.pct(c.RepresentativeAPR)), f.money(c.MonthlyPayment)))
		}
		if c == best {
			if c.MonthsToClear > 0 && c.MonthsToClear < c.CurrentMonthsToClear {
				// Costed at the person's own, larger payment: the saving is the months it no
				// longer runs.
				out = append(out, say(lang, "line_cleared", f.money(c.MonthlyPayment), c.MonthsToClear, c.CurrentMonthsToClear))
			}
			out = append(out, say(lang, "line_saving", f.money(c.NetSaving)))
			if positive(c.Fees) && c.BreakEvenMonth != nil && *c.BreakEvenMonth > 0 {
				out = append(out, say(lang, "line_fee", f.money(c.Fees), *c.BreakEvenMonth))
			}
			if c.RateBasis == offers.RateBasisRepresentative && c.APRMin != "" && c.APRMin != c.APRMax {
				out = append(out, say(lang, "line_rate_range", f.pct(c.APRMin), f.pct(c.APRMax)))
			}
			// The representative example stays with the offer it belongs to.
			if ex := strings.TrimSpace(c.RepresentativeExample); ex != "" {
				out = append(out, say(lang, "rep_example", strings.TrimPrefix(ex, "Representative example: ")))
			}
		}
	}
	if len(v.Cards) > 1 {
		out = append(out, say(lang, "line_cards", len(v.Cards)))
	}
	if len(v.Cards) > 0 {
		out = append(out, say(lang, "no_approval"))
	}
	out = append(out, say(lang, "disclosure"))
	return answer{text: strings.Join(out, "\n")}
}

// bestCard is the first eligible card that saves money, or nil.
func bestCard(cs []cardView) *cardView {
	for i := range cs {
		if cs[i].Eligible && positive(cs[i].NetSaving) {
			return &cs[i]
		}
	}
	return nil
}

// headline is the one sentence that says what matters: the saving and its catch, that the
// consumer already pays less than every policy, or that nothing saves money.
func headline(lang string, f figures, v compareView, best *cardView) string {
	pt := offers.ProductType(v.Holding.ProductType)
	if best == nil {
		if pt.IsInsurance() && len(v.Cards) > 0 {
			cheapest := v.Cards[0]
			for _, c := range v.Cards[1:] {
				if less(c.AnnualPremium, cheapest.AnnualPremium) {
					cheapest = c
				}
			}
			if less(v.Current.AnnualPremium, cheapest.AnnualPremium) {
				return say(lang, "headline_pay_less", f.money(v.Current.AnnualPremium), f.money(cheapest.AnnualPremium), cheapest.Title)
			}
		}
		return say(lang, "headline_none")
	}
	h := say(lang, "headline_saving", f.money(best.NetSaving), best.Title)
	if c := catchOf(lang, f, best); c != "" {
		h += " " + say(lang, "headline_catch", c)
	}
	return h
}

// catchOf names what the best offer's saving comes with: its fee, a promotional rate that
// ends, a rate that depends on credit, or cover that differs.
func catchOf(lang string, f figures, c *cardView) string {
	var cs []string
	if bt := c.BalanceTransfer; bt != nil {
		cs = append(cs, say(lang, "catch_revert", f.pct(bt.RevertRate), bt.PromoMonths))
		if positive(bt.TransferFee) {
			cs = append(cs, say(lang, "catch_fee", f.money(bt.TransferFee)))
		}
	} else if positive(c.Fees) {
		cs = append(cs, say(lang, "catch_fee", f.money(c.Fees)))
	}
	if c.RateBasis == offers.RateBasisRepresentative && c.APRMin != "" && c.APRMin != c.APRMax {
		cs = append(cs, say(lang, "catch_credit"))
	}
	if c.CoverNote != "" && lang == "en" {
		cs = append(cs, say(lang, "catch_cover", strings.TrimSuffix(c.CoverNote, ".")))
	}
	return list(lang, cs)
}

func less(a, b string) bool {
	x, err1 := decimal.NewFromString(a)
	y, err2 := decimal.NewFromString(b)
	return err1 == nil && err2 == nil && x.LessThan(y)
}

// lines puts each sentence of an answer on its own line: a sentence ends at a full stop,
// question or exclamation mark followed by a space, so "$15,000.00" and "p.a." stay whole.
func lines(text string) string {
	var b strings.Builder
	rs := []rune(strings.TrimSpace(text))
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		if r == ' ' && i > 0 && strings.ContainsRune(".!?", rs[i-1]) && i+1 < len(rs) && unicode.IsUpper(rs[i+1]) && !abbreviation(rs[:i]) {
			b.WriteRune('\n')
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// abbreviation reports whether text ends with an abbreviation's full stop ("p.a.", "e.g.").
func abbreviation(text []rune) bool {
	s := strings.ToLower(string(text[max(0, len(text)-5):]))
	return strings.HasSuffix(s, "p.a.") || strings.HasSuffix(s, "e.g.") || strings.HasSuffix(s, "i.e.")
}

// composeSaved sums up the comparisons of several saved holdings: one line each.
func composeSaved(results []json.RawMessage, lang string) string {
	out := []string{say(lang, "saved_headline", len(results))}
	any := false
	for _, raw := range results {
		var v compareView
		if json.Unmarshal(raw, &v) != nil {
			continue
		}
		loc := langLocale(lang, v.Locale)
		f := figures{v.Currency, loc}
		what := offers.ProductType(v.Holding.ProductType).Label(loc)
		if b := bestCard(v.Cards); b != nil {
			any = true
			out = append(out, say(lang, "saved_line_saving", what, quoteName(v.Holding.Provider), f.money(b.NetSaving), b.Title))
			if ex := strings.TrimSpace(b.RepresentativeExample); ex != "" {
				out = append(out, "  "+say(lang, "rep_apr", f.pct(b.RepresentativeAPR))+". "+say(lang, "rep_example", strings.TrimPrefix(ex, "Representative example: ")))
			}
		} else {
			out = append(out, say(lang, "saved_line_none", what, quoteName(v.Holding.Provider)))
		}
	}
	if any {
		out = append(out, say(lang, "no_approval"))
	}
	out = append(out, say(lang, "disclosure"))
	return strings.Join(out, "\n")
}

// composeSearch lists what search_offers found. The query it repeats is the person's own
// words (OfferQuery keeps nothing else: no places, periods or words of asking).
func composeSearch(raw json.RawMessage, lang string) answer {
	if msg, ok := toolError(raw); ok {
		return answer{text: say(lang, "tool_failed", msg), unhelpful: true}
	}
	var v searchView
	if json.Unmarshal(raw, &v) == nil && len(v.Offers) == 0 && v.AboveScore > 0 {
		what := offers.ProductType(v.ProductType).Label(langLocale(lang, v.Locale))
		return answer{text: say(lang, "search_score_none", what, v.CreditScore, v.LowestMinimum), unhelpful: true}
	}
	if json.Unmarshal(raw, &v) != nil || len(v.Offers) == 0 {
		return answer{text: say(lang, "search_none", offers.ProductType(v.ProductType).Label(langLocale(lang, v.Locale))), unhelpful: true}
	}
	loc := langLocale(lang, v.Locale)
	what := offers.ProductType(v.ProductType).Label(loc)
	var out []string
	switch {
	case v.Query != "" && v.Matched != nil && *v.Matched > 0:
		out = append(out, say(lang, "search_matched", what, v.Query))
	case v.Query != "" && v.Matched != nil:
		out = append(out, say(lang, "search_unmatched", what, v.Query))
	case v.Query != "":
		out = append(out, say(lang, "search_unsearched", what, v.Query))
	default:
		out = append(out, say(lang, "search_head", what))
	}
	for i, o := range v.Offers {
		if i == 3 {
			break
		}
		f := figures{o.Currency, loc}
		switch {
		case o.RepresentativeAPR != nil && o.ForAmount != nil:
			q := o.ForAmount
			out = append(out, "• "+say(lang, "search_loan", o.Name, o.Partner, say(lang, "rep_apr", f.pct(*o.RepresentativeAPR)), f.money(q.Amount), q.TermMonths, f.money(q.MonthlyPayment), f.money(q.TotalPayable)))
		case o.RepresentativeAPR != nil:
			out = append(out, "• "+say(lang, "search_rate", o.Name, o.Partner, say(lang, "rep_apr", f.pct(*o.RepresentativeAPR))))
		case o.AnnualPremium != nil:
			out = append(out, "• "+say(lang, "search_premium", o.Name, o.Partner, f.money(*o.AnnualPremium)))
		}
		// The representative example stays with the offer it belongs to.
		if ex := strings.TrimSpace(o.RepresentativeExample); ex != "" && i == 0 {
			out = append(out, "  "+say(lang, "rep_example", strings.TrimPrefix(ex, "Representative example: ")))
		}
	}
	if v.CreditScore > 0 {
		line := say(lang, "search_score", v.CreditScore)
		if v.AboveScore > 0 {
			line += " " + say(lang, "search_score_above", v.AboveScore, v.LowestMinimum)
		}
		out = append(out, line)
	}
	out = append(out, say(lang, "no_approval"), say(lang, "disclosure"))
	return answer{text: strings.Join(out, "\n")}
}

// composeHoldings lists the saved holdings.
func composeHoldings(raw json.RawMessage, lang string) string {
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
		return say(lang, "saved_none")
	}
	loc := langLocale(lang, v.Locale)
	f := figures{v.Currency, loc}
	out := []string{say(lang, "holdings_head", len(v.Holdings))}
	listed := v.Holdings
	if len(listed) > maxListedHoldings {
		listed = listed[:maxListedHoldings]
	}
	for _, h := range listed {
		what := offers.ProductType(h.ProductType).Label(loc)
		var line string
		switch {
		case h.Kind == "insurance" && h.Premium != nil:
			per := map[string]string{offers.Monthly: "a_month", offers.Quarterly: "a_quarter", offers.Annual: "a_year"}[h.PremiumFrequency]
			line = say(lang, "holding_policy", what, quoteName(h.Provider), f.money(*h.Premium), say(lang, per))
		case h.ProductType == string(offers.CreditCard):
			line = say(lang, "holding_card", what, quoteName(h.Provider), f.money(h.Balance), f.pct(h.APR))
			if h.MonthlyPayment != nil {
				line += fmt.Sprintf(", %s %s", f.money(*h.MonthlyPayment), say(lang, "a_month"))
			}
		default:
			line = say(lang, "holding_loan", what, quoteName(h.Provider), f.money(h.Balance), f.pct(h.APR), h.RemainingMonths)
		}
		out = append(out, "• "+line)
	}
	if n := len(v.Holdings) - len(listed); n > 0 {
		out = append(out, say(lang, "holdings_more", n))
	}
	out = append(out, say(lang, "holdings_tail"))
	return strings.Join(out, "\n")
}

// maxListedHoldings is how many holdings a chat reply lists; the rest are counted, not
// written out, so the reply stays readable (and short) however many a consumer keeps.
const maxListedHoldings = 10

// guidePassage is one lookup_knowledge passage as the planner answers from it.
type guidePassage struct {
	Title   string `json:"title"`
	Snippet string `json:"snippet"`
	Lead    string `json:"lead"`
	URL     string `json:"url"`
}

// guidePassages reads lookup_knowledge's passages; none when the lookup failed.
func guidePassages(raw json.RawMessage) []guidePassage {
	var v struct {
		Passages []guidePassage `json:"passages"`
	}
	if _, failed := toolError(raw); failed || json.Unmarshal(raw, &v) != nil {
		return nil
	}
	return v.Passages
}

// firstPassage is the first passage keep accepts.
func firstPassage(ps []guidePassage, keep func(guidePassage) bool) (guidePassage, bool) {
	for _, p := range ps {
		if keep(p) {
			return p, true
		}
	}
	return guidePassage{}, false
}

// fromGuide is the answer a passage gives: a short plain-text extract, its guide named and
// linked (the guides are in English). The guide's opening, which states the short answer,
// is the extract for a question about what something is or how it works, and when lead is
// set; otherwise the part that matched the question's words.
func fromGuide(p guidePassage, question, lang string, lead bool) answer {
	extract := strings.TrimSpace(p.Snippet)
	if p.Lead != "" && (lead || termQuestionRe.MatchString(question) || extract == "") {
		extract = strings.TrimSpace(p.Lead)
	}
	return answer{text: extract + "\n\n" + say(lang, "from_guide", p.Title, p.URL), guide: p.Title}
}

// composeKnowledge answers from the best passage. When its guide is about none of the
// question's words, as hybrid search can rank when one word matches anywhere ("what if I
// only pay the minimum?" found auto insurance's "state minimum"), a close runner-up whose
// guide is named for one of them answers instead.
func composeKnowledge(raw json.RawMessage, question, lang string) answer {
	if msg, ok := toolError(raw); ok {
		return answer{text: say(lang, "tool_failed", msg), unhelpful: true}
	}
	ps := guidePassages(raw)
	if len(ps) == 0 {
		return answer{text: say(lang, "no_guide"), unhelpful: true}
	}
	p, ok := bestTitled(ps, question)
	if !ok {
		p = ps[0]
	}
	return fromGuide(p, question, lang, false)
}

// bestTitled is the passage whose guide's title names the most of the question's words, or
// false when none names any. Of titles naming as many, one about a product the question
// does not name comes after one that is not ("how does refinancing work?" is answered by
// the guide on refinancing, not by the one on student loan refinancing); then the search's
// order decides.
func bestTitled(ps []guidePassage, question string) (guidePassage, bool) {
	qs := retrieval.Tokens(question)
	asked := ExtractEntities(question).Product
	best, bestScore := -1, 0
	for i, p := range ps {
		n := 0
		for _, t := range retrieval.Tokens(p.Title) {
			for _, q := range qs {
				if tokensMatch(t, q) {
					n++
					break
				}
			}
		}
		if n == 0 {
			continue
		}
		score := 2 * n
		if named := ExtractEntities(p.Title).Product; named == "" || named == asked {
			score++
		}
		if score > bestScore {
			best, bestScore = i, score
		}
	}
	if best < 0 {
		return guidePassage{}, false
	}
	return ps[best], true
}

// composeGuide answers from the guide named slug when the knowledge base found it (its
// opening, which states the short answer), and as composeKnowledge does otherwise.
func composeGuide(raw json.RawMessage, slug, title, lang string) answer {
	p, ok := firstPassage(guidePassages(raw), func(p guidePassage) bool { return p.URL == "/kb/"+slug })
	if ok && (p.Lead != "" || p.Snippet != "") {
		return fromGuide(p, title, lang, true)
	}
	return composeKnowledge(raw, title, lang)
}

// composeFollowUp answers a question about the subject of the guide just quoted ("how do I
// improve it?" after the guide on credit score bands): the person has read that guide, so
// another passage whose guide is named for the question's words answers when there is one;
// otherwise as composeKnowledge does.
func composeFollowUp(raw json.RawMessage, question, lastGuide, lang string) answer {
	if p, ok := firstPassage(guidePassages(raw), func(p guidePassage) bool { return p.Title != lastGuide && titleShares(p.Title, question) }); ok {
		return fromGuide(p, question, lang, false)
	}
	return composeKnowledge(raw, aboutSubject(question, lastGuide), lang)
}

// composeRelevant answers from the first passage whose guide is named for one of the
// question's words, and false when none is: for a message the assistant did not recognise,
// a guide that merely shares a word somewhere in its text is no answer.
func composeRelevant(raw json.RawMessage, question, lang string) (answer, bool) {
	if p, ok := firstPassage(guidePassages(raw), func(p guidePassage) bool { return titleShares(p.Title, question) }); ok {
		return fromGuide(p, question, lang, false), true
	}
	return answer{}, false
}

// aboutSubject is a question about "it" asked of a guide's subject: "how do I improve it?"
// after "Credit score bands and what they mean for your rate" is "how do I improve credit
// score?" — the title's first two words that search does not drop in place of the first
// "it", "that", "this", "them" or "those", or after the question when it has none of those.
func aboutSubject(question, guide string) string {
	var subject []string
	for _, w := range strings.Fields(guide) {
		if len(subject) < 2 && len(retrieval.Tokens(w)) > 0 {
			subject = append(subject, strings.ToLower(strings.Trim(w, ",.:;?!")))
		}
	}
	s := strings.Join(subject, " ")
	if loc := pronounRe.FindStringIndex(question); loc != nil {
		return question[:loc[0]] + s + question[loc[1]:]
	}
	return question + " " + s
}

var pronounRe = regexp.MustCompile(`(?i)\b(it|that|this|them|those)\b`)

// askedFeature is what a question asks a policy or an offer to include ("does it include
// roadside assistance?" → "roadside assistance"), or "" (folded text).
func askedFeature(text string) string {
	m := askedFeatureRe.FindStringSubmatch(foldText(strings.TrimSpace(text)))
	for _, g := range m[min(1, len(m)):] {
		if g != "" {
			return strings.TrimSpace(g)
		}
	}
	return ""
}

var askedFeatureRe = regexp.MustCompile(`\b(?:does|do|will|would|is|are)\s+(?:it|they|this|that|the (?:policy|plan|cover|offer|first one|top one))\s+(?:include|cover|come with|have|offer|pay for)\s+(?:a |an |the |any )?([a-z][a-z '-]{2,40}?)\s*\??$|` +
	`^\W*(?:and |so )?(?:is|are)\s+(?:a |an |the )?([a-z][a-z '-]{2,40}?)\s+(?:covered|included)(?: too| as well| by it)?\s*\??$|` +
	`\b(?:am i|are we|would i be|will i be|is my (?:home|house|car|stuff|flat|apartment))\s+covered\s+(?:for|against)\s+(?:a |an |the )?([a-z][a-z '-]{2,40}?)\s*\??$|` +
	`\b(?:incluye|cubre)\s+(?:el |la |los |las |un |una )?([a-z][a-z '-]{2,40}?)\s*\??$|` +
	`\b(?:inclut|couvre|comprend)[- ](?:elle |il )?(?:le |la |les |l'|un |une )?([a-z][a-z '-]{2,40}?)\s*\??$`)

var coverFields = regexp.MustCompile(`\b(deductible|excess|premium|limit|exclusions?|franquicia|franchise|selbstbeteiligung|sjalvrisk)\b`)

// composeOfferFeature answers whether an offer includes what was asked, from its own
// features and exclusions, before the rest of the answer a: "yes" only when one feature has
// every word asked, "no" when an exclusion has, and otherwise that its details do not say.
// deductibleAsked asks what a policy's deductible (excess) is.
var deductibleAsked = regexp.MustCompile(`\b(deductible|excess|franquicia|franchise|selbstbeteiligung|sjalvrisk)\b`)

// composeDeductible puts a policy's deductible first in a, the answer about its cover: "what's
// the excess?" was answered with the whole cover, the figure somewhere in it.
func composeDeductible(raw json.RawMessage, lang string, a answer) answer {
	var o offerDetails
	if _, failed := toolError(raw); failed || json.Unmarshal(raw, &o) != nil || a.unhelpful || o.AnnualPremium == nil {
		return a
	}
	if o.Deductible == nil {
		a.text = say(lang, "offer_no_deductible", o.Name) + "\n" + a.text
		return a
	}
	money := offers.FormatMoney(o.Deductible.Decimal, o.Currency, langLocale(lang, o.Locale))
	a.text = say(lang, "offer_deductible", o.Name, money) + "\n" + a.text
	return a
}

// featureWords are the words of a feature, or of one asked about, to match one another:
// the words as written (the search's analysis joins "trip cancellation" into one concept, so
// "cancellations" asked did not match it), without the little ones.
func featureWords(s string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(foldText(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if !featureNoise[w] {
			out = append(out, w)
		}
	}
	return out
}

var featureNoise = map[string]bool{"a": true, "an": true, "the": true, "of": true, "for": true, "to": true, "up": true, "and": true,
	"or": true, "my": true, "your": true, "it": true, "its": true, "any": true, "in": true, "on": true, "with": true, "if": true}

func composeOfferFeature(raw json.RawMessage, lang, asked string, a answer) answer {
	var o offerDetails
	if _, failed := toolError(raw); failed || json.Unmarshal(raw, &o) != nil || a.unhelpful || o.AnnualPremium == nil {
		return a // a loan's answer already says what its fields say (fees, penalty, terms)
	}
	if asked == "" || coverFields.MatchString(asked) {
		return a // the deductible, the limit and the premium are in the answer itself
	}
	if lang != "en" {
		// The partners' features are written in English: words asked in another language are
		// not matched against them, and the answer lists the features instead of guessing.
		return a
	}
	has := func(entries []string) bool {
		want := featureWords(asked)
		for _, e := range entries {
			got := featureWords(e)
			all := len(want) > 0
			for _, w := range want {
				all = all && slices.ContainsFunc(got, func(g string) bool { return tokensMatch(g, w) })
			}
			if all {
				return true
			}
		}
		return false
	}
	key := "offer_feature_unsaid"
	switch {
	case has(o.Exclusions):
		key = "offer_feature_excluded"
	case has(o.Features):
		key = "offer_feature_included"
	}
	a.text = say(lang, key, o.Name, asked) + "\n" + a.text
	return a
}

// titleShares reports whether a guide's title and a question share a word, as the search
// analyses words (stemmed, stopwords dropped), or the stem of one.
func titleShares(title, question string) bool {
	for _, t := range retrieval.Tokens(title) {
		for _, q := range retrieval.Tokens(question) {
			if tokensMatch(t, q) {
				return true
			}
		}
	}
	return false
}

// tokensMatch reports whether two words, as the search analyses them, are the same word: equal,
// one a stem of the other, or one the end of the other's compound ("rate" and "interestrate",
// which the search makes of "interest rate").
func tokensMatch(a, b string) bool {
	return a == b || sameStem(a, b) || sameStem(b, a) || len(a) >= 4 && strings.HasSuffix(b, a) || len(b) >= 4 && strings.HasSuffix(a, b)
}

// sameStem reports whether a is a stem of b of four letters or more, short of it by at most
// three: the search's light stemmer leaves "improve" whole and makes "improving" "improv",
// while "rate" is no stem of "ratewise".
func sameStem(a, b string) bool {
	return len(a) >= 4 && len(b)-len(a) <= 3 && strings.HasPrefix(b, a)
}

// Topics of a question about a shown offer.
const (
	topicFees        = "fees"
	topicPrepayment  = "prepayment"
	topicCancel      = "cancel"
	topicTerms       = "terms"
	topicEligibility = "eligibility"
	topicCatch       = "catch"
	topicPick        = "pick"
	topicRate        = "rate"
	topicCover       = "cover"
	topicGeneral     = "general"
	topicService     = "service"
	topicReputation  = "reputation"
	topicApply       = "apply"
	topicApproval    = "approval"
	topicPayment     = "payment"
	topicPromo       = "promo"
	topicSaving      = "saving"
	topicFrequency   = "frequency"
	topicTotal       = "total"
)

// offerTopics are the words that say what a question about an offer asks, in the languages
// the assistant answers in, over folded text; the first topic that matches decides. A
// lookup is exact where a classifier would guess between a handful of fixed topics.
var offerTopics = []struct {
	topic string
	words []string
}{
	// A partner's own hotline or service number: theirs to give, not ours (first, so "their
	// customer service number" is not read as a question about rates or terms). Only words
	// for a number or a line: "do they have good customer service?" asks about the partner.
	{topicService, []string{"hotline", "helpline", "phone number", "customer service number", "customer service line", "customer care number",
		"customer support number", "own number", "number to call", "telefono", "numero de atencion", "numero de contacto", "linea de atencion",
		"numero de telephone", "numero du service client", "telephone", "telefonnummer", "servicenummer", "rufnummer", "kundtjanstnummer", "skadejour"}},
	// How good a partner's service is: the assistant has no reviews or ratings to judge it by.
	{topicReputation, []string{"customer service", "customer support", "customer care", "reviews", "reputation", "trustworthy", "reliable company",
		"servicio al cliente", "atencion al cliente", "opiniones", "reputacion", "service client", "avis des clients", "kundenservice",
		"kundendienst", "bewertungen", "serios", "kundtjanst", "omdomen", "rykte", "palitligt"}},
	// Applying and how long approval takes are the partner's: the answer says so and links
	// the offer's page (before the terms' "how long" and the eligibility's "approved").
	{topicApply, []string{"how do i apply", "how can i apply", "where do i apply", "apply for", "application", "sign up for", "como lo solicito",
		"como solicito", "solicitarlo", "solicitarla", "donde lo solicito", "contratarlo", "contratarla", "fais la demande", "faire la demande", "souscrire",
		"postuler", "beantrage", "beantragen", "antrag stellen", "abschliessen", "ansoker", "ansoka", "ansokan", "teckna",
		"how do i switch", "how can i switch", "como me cambio", "comment changer", "wie wechsle ich", "hur byter jag",
		// Taking the offer: "ok let's do it", "I'll take it" (it was read as a yes to carry on).
		"let's do it", "lets do it", "i'll take it", "ill take it", "i will take it", "sign me up", "i want that one", "i want this one",
		"lo quiero", "me lo quedo", "vamos a hacerlo", "je le prends", "je la prends", "je le veux", "je la veux", "allons-y", "ich nehme es", "ich nehme das",
		"jag tar det", "me apunto"}},
	// Ending the contract: a policy's cancelling, a loan's repaying early (before approval's
	// "how long", the frequency's "pay", the fees' "charge").
	{topicCancel, []string{"cancel", "cancellation", "cancelar", "cancelarlo", "cancelarla", "annuler", "resilier", "resiliation", "kundigen", "kundigung",
		"saga upp", "uppsagning"}},
	{topicApproval, []string{"approval take", "how long does approval", "how long to get approved", "how quickly", "how fast", "how soon",
		"cuanto tarda", "tardan en aprobar", "combien de temps", "delai", "wie lange dauert", "wie schnell", "hur lang tid", "hur snabbt"}},
	// Paying a policy's premium at once or by the month (before the payment's "a month"; a
	// loan's offer reads the question for its other words).
	{topicFrequency, []string{"upfront", "up front", "whole year", "full year", "lump sum", "yearly", "annually", "pay yearly", "pay annually", "pay it yearly", "pay it annually", "pay once a year", "pay in full", "pay upfront", "pay up front",
		"pay it all at once", "pay for the year", "paying yearly", "paying annually", "paid yearly", "paid annually", "annual payment", "yearly payment",
		"pay monthly", "paying monthly", "paid monthly", "pay by the month", "monthly instalments", "monthly installments",
		"pagar anualmente", "pago anualmente", "pago anual", "pagar anual", "pagarlo de una vez", "pagar de una vez", "en un solo pago", "pagar al ano", "pagar mensualmente", "pagar al mes",
		"payer annuellement", "paiement annuel", "payer en une fois", "en une seule fois", "payer a l'annee", "payer mensuellement", "payer au mois",
		"jahrlich zahlen", "jahrlich bezahlen", "jahreszahlung", "auf einmal zahlen", "auf einmal bezahlen", "monatlich zahlen", "monatlich bezahlen",
		"betala arsvis", "arsvis", "betala allt pa en gang", "helarsbetalning", "betala manadsvis", "manadsvis"}},
	// A card's introductory rate: how long it lasts and what follows (after approval's "how
	// long", before the terms' and the rate's words).
	{topicPromo, []string{"intro period", "intro rate", "intro apr", "introductory", "promo", "promotional", " 0%", " 0 %", "zero percent", "teaser",
		"periodo promocional", "promocion", "periodo introductorio", "tipo introductorio", "periode promotionnelle", "taux promotionnel", "offre promotionnelle",
		"aktionszins", "aktionszeitraum", "einfuhrungszins", "lockzins", "introduktionsranta", "kampanjranta", "kampanjperiod"}},
	{topicPick, []string{"pick", "choose", "recommend", "which one should", "which would you", "which one would", "which would u", "which is best", "which one is best", "which is the best",
		"cual es el mejor", "cual es la mejor", "el mas barato", "la mas barata", "lequel est le meilleur", "laquelle est la meilleure",
		"le moins cher", "la moins chere", "welches ist das beste", "welches ist am besten", "das gunstigste", "vilket ar bast", "vilket ar billigast",
		"why is the first", "why is the top", "why is it better", "why is that one better", "why is this one better", "why is it the best", "why that one",
		"should i refinance", "should i switch", "should i do it", "should i take it", "is it worth it", "is it worth switching", "worth switching",
		"deberia cambiar", "merece la pena", "vale la pena", "dois-je changer", "ca vaut le coup", "sollte ich wechseln", "lohnt sich", "ska jag byta", "ar det vart",
		"which one is the best", "which one's best", "which is better", "which one is better", "best option", "best deal", "best one", "go with", "elegir", "elegirias", "recomiendas", "cual escogerias", "cual me conviene", "choisir", "choisirais", "recommandez", "laquelle", "empfehlen", "wahlen", "welches wurden sie", "valja", "valjer", "rekommendera", "vilket skulle du"}},
	{topicPrepayment, []string{"prepay", "pay off early", "pay it off early", "pay it all at once", "pay it off all at once", "pay it all off", "repay early", "early repayment", "early payoff", "penalty", "penalties", "anticipad", "penalizacion", "anticipe", "penalite", "vorzeitig", "vorfalligkeit", "fortida", "lösa i förtid", "losa i fortid", "förtid"}},
	{topicCatch, []string{"catch", "downside", "drawback", "fine print", "gotcha", "trick", "the trap", "trampa", "pega", "letra pequena", "inconveniente", "piege", "inconvenient", "arnaque", "haken", "nachteil", "kleingedruckte", "haken", "nackdel", "baksida", "finstilt"}},
	{topicFees, []string{"fee", "fees", "charge", "charges", "cost to", "closing cost", "closing costs", "upfront cost", "upfront costs", "comision", "comisiones", "gastos", "frais", "gebuhr", "gebuhren", "kosten", "avgift", "avgifter"}},
	// What switching saves, as the comparison worked it out (before the payment's "a month").
	{topicSaving, []string{"how much would i save", "how much will i save", "how much do i save", "how much could i save", "how much can i save",
		"what would i save", "what do i save", "i actually save", "i really save", "will i actually save", "my saving", "the saving",
		"if i transferred", "if i transfer", "if i moved it", "if i move it", "if i switched", "if i switch", "cuanto ahorraria", "cuanto me ahorro", "cuanto ahorro", "combien j'economiserais",
		"combien vais-je economiser", "combien j'economise", "wie viel spare ich", "wieviel spare ich", "wie viel wurde ich sparen", "hur mycket sparar jag", "hur mycket skulle jag spara"}},
	// What borrowing costs in all (before the payment's "a month").
	{topicTotal, []string{"total cost", "cost in total", "pay in total", "in total", "altogether", "all in", "total amount", "total to pay", "total repayable", "overall cost",
		"coste total", "costo total", "en total", "cout total", "au total", "gesamtkosten", "insgesamt", "total kostnad", "totalt"}},
	{topicPayment, []string{"monthly payment", "monthly repayment", "pay a month", "pay per month", "pay each month", "a month", "per month", "each month",
		"cuota", "al mes", "mensualite", "par mois", "monatliche rate", "im monat", "pro monat", "i manaden", "per manad", "manadskostnad",
		// A German "Rate" is the instalment, not the interest rate ("wie hoch wäre die Rate beim ersten?").
		"die rate", "der rate", "monatsrate", "monatsraten", "rate ware", "rate beim"}},
	{topicEligibility, []string{"eligib", "qualify", "approved", "credit score", "requirement", "who can", "can i get", "requisito", "puedo pedir", "puntuacion", "eligible", "conditions", "score", "voraussetzung", "bonitat", "bekomme ich", "krav", "kreditbetyg", "beviljad"}},
	{topicCover, []string{"cover", "covered", "exclusion", "exclude", "deductible", "excess", "cobertura", "cubre", "franquicia", "couverture", "couvre", "franchise", "deckung", "selbstbeteiligung", "skydd", "täcker", "tacker", "självrisk", "sjalvrisk"}},
	{topicTerms, []string{"term", "terms", "how long", "months", "conditions", "plazo", "condiciones", "duree", "durée", "laufzeit", "bedingungen", "villkor", "löptid", "loptid"}},
	{topicRate, []string{"rate", "apr", "interest", "tipo", "interes", "tae", "taux", "taeg", "zins", "ranta", "ränta"}},
}

// askedTopic is what a question about a shown offer asks: its own topic, or, for a short
// question that only names another offer right after a topic's answer ("and with the
// second one?"), that topic.
func askedTopic(text string, d Dialogue, s nlu.Slots) string {
	t := offerTopic(text)
	if t == topicGeneral && d.Topic != "" && s.OfferRef != "" && len(strings.Fields(text)) <= 6 && !asksDetails.MatchString(foldText(text)) {
		return d.Topic
	}
	return t
}

// asksDetails asks about an offer as a whole ("tell me about the third one").
var asksDetails = regexp.MustCompile(`\b(tell me (more )?about|more about|describe|details|what is|what's|info)\b|\bhablame de\b|\bparle-moi de\b|\berzahl(en sie)? mir (mehr )?von\b|\berzahl mir\b|\bberatta (mer )?om\b`)

// offerTopic reads what a question about an offer asks; topics in skip are not read.
func offerTopic(text string, skip ...string) string {
	t := " " + foldText(text) + " "
	for _, ot := range offerTopics {
		if slices.Contains(skip, ot.topic) {
			continue
		}
		for _, w := range ot.words {
			if strings.Contains(t, foldText(w)) {
				return ot.topic
			}
		}
	}
	return topicGeneral
}

// foldText lower-cases and strips accents, as the topics are written.
func foldText(s string) string { return folder.Replace(strings.ToLower(s)) }

// folder is foldText's replacer, built once: the planner folds a message many times a turn.
var folder = strings.NewReplacer("á", "a", "é", "e", "í", "i", "ó", "o", "ú", "u", "ñ", "n", "à", "a", "è", "e", "ê", "e", "ç", "c", "ô", "o", "û", "u", "î", "i", "ä", "a", "ö", "o", "ü", "u", "å", "a", "ß", "ss", "’", "'")

// askOffer answers a question about an offer the assistant showed, from that offer's own
// data (get_offer), or, for "which would you pick?", from the ranking it showed.
func (p Planner) askOffer(st turnState, lang string, d Dialogue, s nlu.Slots) ModelReply {
	topic := askedTopic(st.user, d, s)
	if topic == topicCancel && askedFeature(st.user) != "" {
		topic = offerTopic(st.user, topicCancel) // "does it include trip cancellation?" asks about its cover
	}
	if topic == topicService && s.OfferRef != "" {
		// A company's own line, asked for by its name: where that number is found, and what
		// the assistant and its people can do instead. The name is not repeated: the
		// understanding reads it as written, perhaps in part.
		return ModelReply{Text: say(lang, "partner_line")}
	}
	if topic == topicPayment {
		// What the comparison worked out for the user's own loan at that offer, when it did.
		if o, ok := d.resolve(s.OfferRef); ok && o.MonthlyPayment != "" {
			return ModelReply{Text: composePayment(lang, o)}
		}
	}
	if topic == topicTotal {
		// What a search priced borrowing the amount asked at, in all.
		if o, ok := d.resolve(s.OfferRef); ok && o.TotalPaid != "" && o.Amount != "" {
			f := figures{o.Currency, langLocale(lang, o.Locale)}
			return ModelReply{Text: say(lang, "search_total", o.Title, f.money(o.Amount), o.TermMonths, f.money(o.TotalPaid), f.money(o.MonthlyPayment))}
		}
		if o, ok := d.resolve(s.OfferRef); ok && o.NetSaving != "" && offerTopic(st.user, topicTotal) == topicGeneral {
			// After a comparison, what it costs in all is what it saves or costs against the
			// loan kept, fees included (it was answered with the offer's rates).
			return ModelReply{Text: composeSaving(lang, o)}
		}
		topic = offerTopic(st.user, topicTotal)
	}
	if topic == topicSaving {
		// What the comparison worked out switching to that offer saves, when it did.
		if o, ok := d.resolve(s.OfferRef); ok && o.NetSaving != "" {
			return ModelReply{Text: composeSaving(lang, o)}
		}
	}
	if topic == topicReputation {
		// "Is their customer service any good?": a question about the company, which no
		// figure of ours answers, whichever offer "their" is.
		return ModelReply{Text: say(lang, "partner_service")}
	}
	if len(d.Shown) == 0 {
		return ModelReply{Text: say(lang, "no_shown")}
	}
	if topic == topicPick && s.OfferRef == "" {
		return ModelReply{Text: composePick(lang, d.Shown)}
	}
	o, ok := d.resolve(s.OfferRef)
	if !ok {
		var names []string
		for i, o := range d.Shown {
			names = append(names, strconv.Itoa(i+1)+". "+o.Title)
		}
		return ModelReply{Text: say(lang, "which_shown", strings.Join(names, "; "))}
	}
	if topic == topicPick {
		return ModelReply{Text: composePick(lang, d.Shown)}
	}
	insurance := offers.ProductType(o.ProductType).IsInsurance()
	if topic == topicFrequency && !insurance {
		topic = offerTopic(st.user, topicFrequency) // "can I pay it all at once?" about a loan
	}
	if res, ok := st.results[ToolGetOffer]; ok {
		a := composeOffer(res, lang, topic)
		if topic == topicFrequency && d.Stated != nil && d.Stated.Product.IsInsurance() && !a.unhelpful {
			// "Is it cheaper if I pay yearly?" right after comparing their own policy asks
			// about theirs too, whose price paid at once only their insurer knows.
			a.text += "\n" + say(lang, "own_pay_yearly")
		}
		if asked := askedFeature(st.user); asked != "" && (topic == topicGeneral || topic == topicCover) {
			a = composeOfferFeature(res, lang, asked, a)
		} else if topic == topicCover && deductibleAsked.MatchString(foldText(st.user)) {
			a = composeDeductible(res, lang, a)
		}
		return a.reply(lang)
	}
	return call(st, ToolGetOffer, map[string]int64{"offer_id": o.OfferID})
}

// composePayment is what the user would pay a month with a shown offer, as the comparison
// worked it out, and how that differs from now.
func composePayment(lang string, o ShownOffer) string {
	pay, err := decimal.NewFromString(o.MonthlyPayment)
	if err != nil {
		return say(lang, "no_payment", o.Title)
	}
	money := func(d decimal.Decimal) string { return offers.FormatMoney(d, o.Currency, langLocale(lang, o.Locale)) }
	if amount, err := decimal.NewFromString(o.Amount); err == nil && o.TermMonths > 0 {
		// A search's quote for the amount asked: there is no loan of the user's to compare.
		return say(lang, "search_payment", o.Title, money(amount), o.TermMonths, money(pay))
	}
	saving, err := decimal.NewFromString(o.MonthlySaving)
	policy := offers.ProductType(o.ProductType).IsInsurance()
	switch {
	case err != nil || saving.IsZero():
		return say(lang, "offer_payment_same", o.Title, money(pay))
	case saving.IsNegative() && policy:
		return say(lang, "policy_payment_more", o.Title, money(pay), money(saving.Neg()))
	case saving.IsNegative():
		return say(lang, "offer_payment_more", o.Title, money(pay), money(saving.Neg()))
	case policy:
		return say(lang, "policy_payment", o.Title, money(pay), money(saving))
	}
	return say(lang, "offer_payment", o.Title, money(pay), money(saving))
}

// composeSaving is what switching to a shown offer saves, as the comparison worked it out.
func composeSaving(lang string, o ShownOffer) string {
	net, err := decimal.NewFromString(o.NetSaving)
	if err != nil {
		return say(lang, "no_payment", o.Title)
	}
	money := func(d decimal.Decimal) string { return offers.FormatMoney(d, o.Currency, langLocale(lang, o.Locale)) }
	if !net.IsPositive() {
		return say(lang, "saving_none", o.Title, money(net.Neg()))
	}
	monthly, err := decimal.NewFromString(o.MonthlySaving)
	if err != nil || !monthly.IsPositive() {
		return say(lang, "saving_total", o.Title, money(net))
	}
	if offers.ProductType(o.ProductType).IsInsurance() {
		// Not "against keeping your loan", nor a lender's rate: a year's premiums.
		return say(lang, "saving_policy", o.Title, money(net), money(monthly))
	}
	return say(lang, "saving_monthly", o.Title, money(net), money(monthly))
}

// composePick explains the ranking without choosing for the person: the first offer saves
// the most, with its figure, and the next one's.
func composePick(lang string, shown []ShownOffer) string {
	if len(shown) > 0 && shown[0].NetSaving == "" && shown[0].APR != "" {
		// A search's offers, not a comparison's: there is no loan of the person's to save
		// against, and a search for words lists them by how well they match. The one that
		// costs least in all for the amount asked over one term, else the lowest APR.
		if top, ok := leastTotal(shown); ok {
			f := figures{top.Currency, langLocale(lang, top.Locale)}
			return say(lang, "pick_search_amount", f.money(top.Amount), top.TermMonths, titled(top, shown), f.money(top.TotalPaid))
		}
		top := shown[0]
		for _, o := range shown[1:] {
			if lessDecimal(o.APR, top.APR) {
				top = o
			}
		}
		return say(lang, "pick_search", titled(top, shown), figures{top.Currency, langLocale(lang, top.Locale)}.pct(top.APR))
	}
	if len(shown) == 0 || !positive(shown[0].NetSaving) {
		return say(lang, "pick_none")
	}
	top := shown[0]
	f := figures{top.Currency, langLocale(lang, top.Locale)}
	next := ""
	if len(shown) > 1 && positive(shown[1].NetSaving) {
		next = say(lang, "pick_next", shown[1].Title, f.money(shown[1].NetSaving))
	}
	return say(lang, "pick", top.Title, f.money(top.NetSaving), next)
}

// composeOffer answers a question about one offer from its own data.
func composeOffer(raw json.RawMessage, lang, topic string) answer {
	if msg, ok := toolError(raw); ok {
		return answer{text: say(lang, "tool_failed", msg), unhelpful: true}
	}
	var o offerDetails
	if json.Unmarshal(raw, &o) != nil {
		return answer{text: say(lang, "tool_failed", ""), unhelpful: true}
	}
	loc := langLocale(lang, o.Locale)
	money := func(m *offers.Money) string { return offers.FormatMoney(m.Decimal, o.Currency, loc) }
	pct := func(p *offers.Percent) string { return offers.FormatPercent(p.Decimal, loc) }
	name := o.Name
	fees := func() string {
		if !o.HasFee {
			return say(lang, "offer_fees_none", name)
		}
		return say(lang, "offer_fees", name, o.FeeSummary)
	}
	penalty := func() string {
		if o.PrepaymentPenalty.IsPositive() {
			return say(lang, "offer_penalty", name, pct(&o.PrepaymentPenalty))
		}
		return say(lang, "offer_penalty_none", name)
	}
	rate := func() string {
		if o.RepresentativeAPR == nil {
			return ""
		}
		if o.PromoMonths > 0 {
			return say(lang, "offer_promo", name, pct(o.PromoAPR), o.PromoMonths, pct(o.RevertAPR), pct(o.TransferFee))
		}
		return say(lang, "offer_rate", name, pct(o.RepresentativeAPR), pct(o.APRMin), pct(o.APRMax))
	}
	bands := func() string {
		if len(o.RateBands) == 0 {
			return ""
		}
		var bs []string
		for _, b := range o.RateBands {
			bs = append(bs, say(lang, "offer_band", b.MinScore, pct(&b.Rate)))
		}
		return say(lang, "offer_bands", strings.Join(bs, "; "))
	}
	eligibility := func() []string {
		var out []string
		if len(o.Requirements) > 0 {
			out = append(out, say(lang, "offer_requirements", strings.Join(o.Requirements, " ")))
		}
		if b := bands(); b != "" {
			out = append(out, b)
		}
		return out
	}
	cover := func() []string {
		if o.AnnualPremium == nil {
			return nil
		}
		out := []string{say(lang, "offer_premium", name, money(o.AnnualPremium), orDash(o.CoverageLimit, money), orDash(o.Deductible, money))}
		if len(o.Features) > 0 {
			out = append(out, say(lang, "offer_features", strings.Join(o.Features, "; ")))
		}
		if len(o.Exclusions) > 0 {
			out = append(out, say(lang, "offer_exclusions", strings.Join(o.Exclusions, "; ")))
		}
		return out
	}
	terms := func() []string {
		var out []string
		if len(o.TermsMonths) > 0 {
			ms := make([]string, len(o.TermsMonths))
			for i, m := range o.TermsMonths {
				ms[i] = strconv.Itoa(m)
			}
			out = append(out, say(lang, "offer_terms_months", strings.Join(ms, ", ")))
		}
		if o.AmountMax != nil {
			out = append(out, say(lang, "offer_amounts", money(o.AmountMin), money(o.AmountMax)))
		}
		if o.Terms != "" {
			out = append(out, say(lang, "offer_terms_text", o.Terms))
		}
		return out
	}
	var out []string
	insurance := o.AnnualPremium != nil
	switch {
	case topic == topicApply:
		out = append(out, say(lang, "offer_apply", name))
	case topic == topicApproval:
		out = append(out, say(lang, "offer_approval", name))
	case topic == topicFees && !insurance:
		out = append(out, fees(), penalty())
	case topic == topicPrepayment && !insurance, topic == topicCancel && !insurance:
		out = append(out, penalty())
	case topic == topicCancel:
		// Our data has no cancellation terms: the insurer's are the ones that count.
		out = append(out, say(lang, "offer_cancel", name))
	case topic == topicFrequency && insurance:
		switch pm := o.PayMonthly; {
		case pm == nil:
			out = append(out, say(lang, "offer_pay_yearly_only", name, money(o.AnnualPremium)))
		case pm.Extra.IsPositive() && pm.APR != nil:
			out = append(out, say(lang, "offer_pay_monthly", name, money(o.AnnualPremium), money(&pm.Instalment), money(&pm.PerYear), money(&pm.Extra), pct(pm.APR)))
		default:
			out = append(out, say(lang, "offer_pay_monthly_same", name, money(o.AnnualPremium), money(&pm.Instalment), money(&pm.PerYear)))
		}
	case topic == topicPromo && !insurance:
		if o.PromoMonths > 0 {
			out = append(out, rate())
		} else if o.RepresentativeAPR != nil {
			out = append(out, say(lang, "offer_no_promo", name, pct(o.RepresentativeAPR)))
		}
	case topic == topicEligibility:
		out = append(out, eligibility()...)
	case topic == topicRate && !insurance:
		out = append(out, rate())
		if b := bands(); b != "" {
			out = append(out, b)
		}
	case topic == topicTerms && !insurance:
		out = append(out, terms()...)
		out = append(out, penalty())
	case topic == topicCatch:
		out = append(out, offerCatch(lang, o, pct, money))
		if insurance {
			out = append(out, cover()...)
		} else {
			out = append(out, rate())
		}
	case insurance:
		out = append(out, cover()...)
		out = append(out, eligibility()...)
	default:
		out = append(out, rate(), fees(), penalty())
		out = append(out, terms()...)
		out = append(out, eligibility()...)
	}
	if o.RepresentativeExample != "" && !insurance {
		out = append(out, say(lang, "rep_example", strings.TrimPrefix(o.RepresentativeExample, "Representative example: ")))
	}
	if o.URL != "" {
		out = append(out, say(lang, "offer_link", o.URL))
	}
	var kept []string
	for _, l := range out {
		if strings.TrimSpace(l) != "" {
			kept = append(kept, l)
		}
	}
	return answer{text: strings.Join(kept, "\n")}
}

// offerCatch names what an offer's price comes with: its fee, a prepayment penalty, a
// promotion that ends, a rate that depends on credit, a minimum credit score, a deductible.
func offerCatch(lang string, o offerDetails, pct func(*offers.Percent) string, money func(*offers.Money) string) string {
	var cs []string
	if o.HasFee && o.FeeSummary != "" {
		cs = append(cs, strings.TrimSuffix(strings.ToLower(o.FeeSummary[:1])+o.FeeSummary[1:], "."))
	}
	if o.PrepaymentPenalty.IsPositive() {
		cs = append(cs, say(lang, "catch_penalty", pct(&o.PrepaymentPenalty)))
	}
	if o.PromoMonths > 0 {
		cs = append(cs, say(lang, "catch_revert", pct(o.RevertAPR), o.PromoMonths))
	} else if o.APRMin != nil && o.APRMax != nil && !o.APRMin.Equal(o.APRMax.Decimal) {
		cs = append(cs, say(lang, "catch_credit"))
	}
	if o.Deductible != nil {
		cs = append(cs, say(lang, "catch_deductible", money(o.Deductible)))
	}
	if len(cs) == 0 {
		return say(lang, "offer_no_catch", o.Name)
	}
	return say(lang, "offer_catch", o.Name, list(lang, cs))
}

func orDash(m *offers.Money, f func(*offers.Money) string) string {
	if m == nil {
		return "—"
	}
	return f(m)
}

// termQuestionRe matches a question about what a term is or how it works, which the opening
// of the best guide answers better than the sentences that repeat the question's words.
var termQuestionRe = regexp.MustCompile(`(?i)^\s*(what is|what's|whats|what are|what does|explain|define|meaning of|how does|how do|qué es|qu'est-ce|c'est quoi|was ist|was bedeutet|vad är|vad betyder)\b`)

// leastTotal is the shown offer that costs least in all for the amount a search priced, and
// true, when every one was priced for it over the same term.
func leastTotal(shown []ShownOffer) (ShownOffer, bool) {
	var top ShownOffer
	for i, o := range shown {
		if o.TotalPaid == "" || o.Amount != shown[0].Amount || o.TermMonths != shown[0].TermMonths {
			return ShownOffer{}, false
		}
		if i == 0 || lessDecimal(o.TotalPaid, top.TotalPaid) {
			top = o
		}
	}
	return top, len(shown) > 0
}

// lessDecimal reports whether decimal string a is less than b; false when either is not one.
func lessDecimal(a, b string) bool {
	x, err1 := decimal.NewFromString(a)
	y, err2 := decimal.NewFromString(b)
	return err1 == nil && err2 == nil && x.LessThan(y)
}

// titled is o's title, with its representative APR when another shown offer has the same title
// (one product's rate bands: "Brightpath Personal Loan Select (15.78% APR)").
func titled(o ShownOffer, shown []ShownOffer) string {
	for _, s := range shown {
		if s.OfferID != o.OfferID && s.Title == o.Title && o.APR != "" {
			return o.Title + " (" + figures{o.Currency, o.Locale}.pct(o.APR) + " APR)"
		}
	}
	return o.Title
}

package assistant

import (
	"encoding/json"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"ratewise/assistant/nlu"
	"ratewise/offers"
)

// Messages about the conversation itself rather than a loan or a policy: the person is fed up
// with the assistant, turns down every offer it showed, or asks about Ratewise (how it earns
// money, whether this is advice, how it ranks). The understanding's intents are about money
// matters, and read these as greetings, denials or off-topic; the offline planner recognises
// them by these rules, over folded text (foldText), in every language it answers in. A rule
// is exact where a classifier would guess between a handful of fixed answers.

// frustrated says the assistant is not helping ("you're useless", "you're not helping"). Being
// unhappy is not by itself a reason to hand over (DetectHandoff): the answer apologises and
// offers a person, and the person's yes connects them.
var frustrated = regexp.MustCompile(`\b(you'?re|youre|you are|this is|that'?s|that is|this (bot|chat|assistant|thing) is|it'?s)\s+(so |completely |totally |really |absolutely |just |pretty )?(useless|hopeless|pointless|rubbish|garbage|worthless|stupid|dumb|no help|not helpful|unhelpful|a waste of time)\b|` +
	`\b(you'?re|you are|this is|it'?s) not (helping|helpful|being helpful|listening)|\b(not|no) help(ing)? (me )?at all\b|\bwaste of (my )?time\b|\b(useless|stupid|dumb|pointless) (bot|assistant|chatbot|machine|robot)\b|` +
	`\b(no (me )?(sirves|ayudas|estas ayudando)|eres (un |una )?(inutil|tonto|tonta)|no sirves (para nada|de nada)|(que|una) perdida de tiempo)\b|` +
	`\b((tu es|t'es|vous etes|c'est) (completement |vraiment |totalement )?(nul|nulle|inutile)|tu ne m'aides pas|vous ne m'aidez pas|tu ne sers a rien|vous ne servez a rien|perte de temps)\b|` +
	`\b((du bist|sie sind|das ist) (total |vollig |echt |wirklich |ja )?(nutzlos|unbrauchbar|sinnlos|dumm)|du hilfst mir nicht|sie helfen mir nicht|zeitverschwendung)\b|` +
	`\b((du ar|det har ar|det ar) (helt |totalt |ju )?(vardelos|oanvandbar|meningslos|dum)|du hjalper (mig )?inte|sloseri med (min )?tid)\b`)

// rejectsShown turns down the offers just shown ("none of these work for me", "I don't like
// any of these"): the answer asks what would suit better and offers a person, instead of
// describing the first offer again.
var rejectsShown = regexp.MustCompile(`\b(none of (these|those|them|the (offers|options|loans|policies|cards|deals))|neither of (these|those|them)|(don'?t|do not) (like|want) (any|either) of (these|those|them)|not interested in (these|those|them|any of)|(these|those|they) (don'?t|do not|won'?t|will not) (work|suit|help)|nothing (here )?(works|suits) (for )?me)\b|` +
	`\b(ninguna (de (estas|esas|ellas)|me (sirve|convence|interesa))|ninguno (de (estos|esos|ellos)|me (sirve|convence|interesa))|no me (sirve|convence|interesa) ninguna?)\b|` +
	`\b(aucune (de ces offres|d'entre elles|ne me (convient|va|plait|interesse))|aucun (d'entre eux|ne me (convient|va|plait|interesse))|rien ne me (convient|va))\b|` +
	`\b(keines? (davon|der angebote|dieser angebote)|nichts davon) (passt|gefallt|hilft|ist)|\b(das|die) (passt|passen) (mir )?(alle )?nicht\b|` +
	`\b(inget av (dem|dessa|erbjudandena)|ingen av (dem|dessa)) (passar|funkar|fungerar|hjalper)|\bdet passar (mig )?inte\b`)

// Guides about Ratewise itself, by slug, and the words of questions they answer; and one
// guide that answers a question the search would send elsewhere ("what happens if I miss a
// payment?" found the guide on checkout financing, whose text mentions missed payments).
var aboutUsGuides = []struct {
	slug, title string
	words       *regexp.Regexp
}{
	{"how-ratewise-earns-money", "How Ratewise earns money", regexp.MustCompile(
		`\bhow (do|does) ((you|u|ya)( guys)?|ratewise|this (site|service|app)) (make|earn|get) (any |your |their )?(money|paid|a living|a profit|revenue)\b|\bhow (are|is) (you|ratewise) (paid|funded)\b|\bwho pays (you|for (this|ratewise))\b|` +
			`\b(do|does) (you|ratewise) (get|take|earn|receive) (a )?(commission|cut|kickback|referral fee)s?\b|\b(do|are) (the )?(lenders|partners|banks|insurers) (pay|paying) (you|ratewise)\b|\bis (ratewise|this (service|site|app)|using (this|ratewise|you)) (really |completely )?free\b|^\s*is (this|it) (really |completely )?free\s*\??\s*$|\bwhat'?s in it for (you|ratewise)\b|` +
			`\bcomo (ganais|ganan|gana ratewise|ganas) (el )?dinero\b|\bquien (os|les|te) paga\b|\b(cobrais|cobran|cobras) (una )?comision\b|\bes (esto )?gratis\b|` +
			`\bcomment (gagnez-vous|vous gagnez|gagnes-tu|tu gagnes|ratewise gagne) (de l'|votre |ta )?argent\b|\bqui (vous|te) paie\b|\b(touchez-vous|vous touchez) (une )?commission\b|\bc'est (vraiment )?gratuit\b|\best-ce gratuit\b|` +
			`\bwie verdien(t|en) (ihr|sie|ratewise|du) (euer |ihr |dein )?geld\b|\bwer bezahlt (euch|sie|dich)\b|\b(bekommt ihr|bekommen sie|erhaltet ihr) (eine )?provision\b|\bist (das|es) kostenlos\b|` +
			`\bhur tjanar (ni|du|ratewise) pengar\b|\bvem betalar (er|dig)\b|\bfar ni provision\b|\bar (det|detta|tjansten) gratis\b`)},
	{"is-ratewise-financial-advice", "Is Ratewise financial advice?", regexp.MustCompile(
		`\b(is|are) (this|that|it|ratewise|you|your (answers?|recommendations?)) (giving |offering )?(financial|investment|professional|personal) advice\b|\bis this advice\b|\b(are you|is ratewise) (a |an )?(regulated |licensed |independent |qualified )?(financial )?(advisor|adviser|planner)\b|` +
			`\b(es|son) (esto )?(un )?asesoramiento (financiero|personal)\b|\beres (un )?asesor financiero\b|` +
			`\b(est-ce|c'est) (un )?conseil (financier|personnalise)\b|\b(etes-vous|es-tu) (un )?conseiller financier\b|` +
			`\b(ist das|ist es|ist dies) (eine )?(finanzberatung|anlageberatung|beratung)\b|\b(bist du|sind sie) (ein )?(finanzberater|anlageberater)\b|` +
			`\bar (det|detta) (finansiell )?radgivning\b|\bar du (en )?(finansiell )?radgivare\b`)},
	{"how-recommendations-are-ranked", "How Ratewise ranks recommendations", regexp.MustCompile(
		`\bhow (do|does) (you|ratewise) (rank|order|sort|choose|pick|select) (the |your |these |those )?(offers|results|recommendations|loans|deals|policies)\b|\bhow (are|were) (the |your |these |those )?(offers|results|recommendations) (ranked|ordered|sorted|chosen|picked|selected)\b|` +
			`\bcan i trust (your|the|these|those) (recommendations|results|offers|rankings?)\b|\b(do|can) (the )?(partners|lenders|banks|insurers|companies) pay (you )?(to|for) (be |rank |appear |come )?(first|higher|on top|at the top)\b|\b(are|is) (the |your )?(results|offers|rankings?|recommendations) (sponsored|paid for|biased)\b|` +
			`\bcomo (ordenais|ordenan|ordenas|elegis|eligen|eliges|clasificais|clasifican) las ofertas\b|` +
			`\bcomment (classez-vous|vous classez|classes-tu|choisissez-vous|vous choisissez) les offres\b|` +
			`\bwie (sortiert|ordnet|wahlt|sortieren|ordnen) (ihr|ratewise|sie|du) die angebote\b|` +
			`\bhur (rangordnar|sorterar|valjer) (ni|du) (ut )?erbjudandena\b`)},
	{"how-savings-are-calculated", "How Ratewise calculates your savings", regexp.MustCompile(
		`\bhow (do|did|does) (you|ratewise) (calculate|work out|figure out|compute|get) (the |my |these |those |your )?(savings?|figures|numbers)\b|\bhow (are|were|is) (the |my |these |those |your )?(savings?|figures|numbers) (calculated|worked out|computed)\b|\bwhere do (the|these|those|your) (figures|numbers|savings) come from\b|` +
			`\bcomo (calculais|calculan|calculas) (el |los |mi )?ahorros?\b|\bcomment (calculez-vous|vous calculez|calcules-tu) (les |mes )?economies\b|\bwie (berechnet|rechnet|berechnen) (ihr|ratewise|sie|du) die ersparnis\b|\bhur (raknar|beraknar) (ni|du) (ut )?besparingen\b`)},
	{"data-privacy", "Your data and privacy", regexp.MustCompile(
		`\b(what do you do|what happens|what will you do) with my (data|information|details|personal data)\b|\b(is it|is this) (safe|secure) to (give|share|enter|put in) (you )?my (data|information|info|details)\b|\bis my (info|personal information|details) (safe|secure|private|protected)\b|\b(do|will|would) you (sell|share|pass on) my (data|information|details)\b|\bis my (data|information) (safe|secure|private|protected)\b|\bwho (sees|can see) my (data|information|holdings|details)\b|` +
			`\b(venden|vendeis|vendes|compartis|comparten) mis datos\b|\b(estan|son) (seguros|protegidos) mis datos\b|\bque haceis con mis datos\b|` +
			`\b(vendez-vous|partagez-vous|vous vendez|vous partagez) mes donnees\b|\bmes donnees sont-elles (protegees|en securite)\b|\bque faites-vous de mes donnees\b|` +
			`\b(verkauft|teilt|verkaufen|teilen) (ihr|sie) meine daten\b|\bsind meine daten sicher\b|\bwas (passiert|macht ihr|machen sie) mit meinen daten\b|` +
			`\b(saljer|delar) ni mina (uppgifter|data)\b|\bar mina (uppgifter|data) (sakra|skyddade)\b|\bvad gor ni med mina (uppgifter|data)\b`)},
	{"financial-hardship", "Financial hardship: if you are struggling to pay", regexp.MustCompile(
		`\bwhat (happens|will happen|would happen|do i do|should i do|can i do) if i (miss|skip|can'?t make|cannot make|don'?t make|am late (with|on)|fall behind (on|with)) (a |my |one |the )?(loan |car |card |mortgage )?(payment|repayment|instalment|installment|bill)s?\b|` +
			`\bwhat if i (miss|skip|can'?t make|cannot make) (a |my |one )?(payment|repayment|instalment|installment)s?\b|` +
			`\bque (pasa|ocurre|sucede) si (no pago|no puedo pagar|me retraso en|me salto|dejo de pagar) (una |la |mi )?(cuota|pago|mensualidad|letra)\b|` +
			`\bque se passe-t-il si (je ne paie pas|je rate|je manque|je saute) (une |ma )?(mensualite|echeance|paiement)\b|` +
			`\bwas passiert,? wenn ich (eine |die )?(rate|zahlung) (nicht (bezahle|zahle)|verpasse|auslasse)\b|` +
			`\bvad hander om jag (missar|inte betalar|hoppar over) (en |min )?(betalning|avbetalning|faktura)\b`)},
}

// aboutUs returns the guide about Ratewise that a question asks for ("how do you make
// money?", "is this financial advice?"), or the other guide aboutUsGuides names, or false.
func aboutUs(text string) (slug, title string, ok bool) {
	folded := foldText(text)
	for _, g := range aboutUsGuides {
		if g.words.MatchString(folded) {
			return g.slug, g.title, true
		}
	}
	return "", "", false
}

// aside answers a message about the conversation itself, or returns false: a person fed up
// with the assistant gets an apology and the offer of a person; one who turns down the offers
// just shown is asked what would suit better. Neither applies to a message that states
// figures or that the understanding sends to a person.
func aside(intent string, d Dialogue, s nlu.Slots, text, lang string) (ModelReply, bool) {
	if stated(s) || nlu.IsHandoff(intent) {
		return ModelReply{}, false
	}
	folded := foldText(text)
	switch {
	case frustrated.MatchString(folded):
		return ModelReply{Text: say(lang, "sorry_unhelpful") + " " + say(lang, "offer_handoff"), Unhelpful: true}, true
	case confused.MatchString(folded):
		return ModelReply{Text: say(lang, "confused") + " " + say(lang, "offer_handoff"), Unhelpful: true}, true
	case len(d.Shown) > 0 && rejectsShown.MatchString(folded) && !strings.Contains(folded, "?"):
		return ModelReply{Text: say(lang, "none_suit") + " " + say(lang, "offer_handoff"), Unhelpful: true}, true
	}
	return ModelReply{}, false
}

// otherTerm answers "what about 36 months instead?" after a comparison: what the shown offer
// (the first, or the one the message names) would cost over that term, as the comparison
// worked it out for every term the offer lends for. A message the understanding reads as a
// comparison ("sorry, 52 months") corrects the loan instead (corrects), and one after a
// search changes the search (refinedSearch).
func otherTerm(intent string, d Dialogue, s nlu.Slots, text string, e Entities, lang string) (ModelReply, bool) {
	switch intent {
	case nlu.AskOffer, nlu.FindOffers, nlu.Financing, nlu.OffTopic, nlu.Greeting, nlu.Deny, nlu.Affirm, "":
	case nlu.ExplainTerm:
		// "what if I stretched it to 5 years" asks no definition.
		if definitionRe.MatchString(text) {
			return ModelReply{}, false
		}
	case nlu.CompareHolding:
		// "¿y a 36 meses?" read as a comparison that states nothing: a new term, unless it
		// says the months are the ones left ("sorry, 36 months left" corrects the loan).
		if stated(s) || monthsLeft.MatchString(foldText(text)) {
			return ModelReply{}, false
		}
	default:
		return ModelReply{}, false
	}
	if d.Stated == nil || d.Searched != nil || s.Amount != nil || s.Rate != nil || s.Payment != nil || s.Premium != nil {
		return ModelReply{}, false
	}
	if t := offerTopic(text); t != topicGeneral && t != topicTerms && t != topicPayment {
		return ModelReply{}, false
	}
	term := s.TermMonths
	if term == 0 {
		if e.Amount != nil || e.Rate != nil || e.Payment != nil || e.CreditScore != 0 {
			return ModelReply{}, false
		}
		term = e.TermMonths
	}
	o, ok := d.resolve(s.OfferRef)
	if term == 0 || !ok || len(o.Terms) == 0 {
		return ModelReply{}, false
	}
	money := func(v string) string {
		m, err := decimal.NewFromString(v)
		if err != nil {
			return v
		}
		return offers.FormatMoney(m, o.Currency, langLocale(lang, o.Locale))
	}
	var lends []string
	for _, v := range o.Terms {
		if v.TermMonths != term {
			lends = append(lends, strconv.Itoa(v.TermMonths))
			continue
		}
		saving, err := decimal.NewFromString(v.NetSaving)
		if err != nil {
			return ModelReply{}, false
		}
		if saving.IsPositive() {
			return ModelReply{Text: say(lang, "offer_term_saves", term, o.Title, money(v.MonthlyPayment), money(v.NetSaving))}, true
		}
		return ModelReply{Text: say(lang, "offer_term_costs", term, o.Title, money(v.MonthlyPayment), money(saving.Neg().String()))}, true
	}
	return ModelReply{Text: say(lang, "offer_term_none", o.Title, strings.Join(lends, ", "), term)}, true
}

// aboutThat is a question about "it" or "that" ("how do I improve it?", "why does that
// matter?", "¿cómo lo mejoro?"), over folded text.
var aboutThat = regexp.MustCompile(`^\W*(how|why|what|when|where|can|could|should|is|does|do)\b.*\b(it|that|this|them|those)\b|` +
	`^\W*(como|por que|que|cuando|puedo)\b.*\b(lo|la|eso|esto)\b|\b(mejorarlo|mejorarla|subirlo|subirla|evitarlo|evitarla)\b|` +
	`^\W*(comment|pourquoi|que|quand|est-ce)\b.*\b(le|la|l'|ca|cela)\b|\b(l'ameliorer|l'eviter)\b|` +
	`^\W*(wie|warum|was|wann|kann)\b.*\b(es|das|ihn|sie|den|die)\b|` +
	`^\W*(hur|varfor|vad|nar|kan)\b.*\b(det|den|dem)\b`)

// monthsLeft says months stated are the ones left on a loan (over folded text).
var monthsLeft = regexp.MustCompile(`\b(left|remaining|to go|quedan|restantes?|faltan|restants?|reste|verbleibend|ubrig|noch|kvar)\b`)

// confused says the person did not understand the last answer ("I don't understand", "what do
// you mean?"): the answer offers to explain and a person, instead of "I'll carry on helping".
var confused = regexp.MustCompile(`^\W*(i )?(still )?(don'?t|do not|dont) (understand|get it|follow)\b|\bi'?m (confused|lost)\b|^\W*what do you mean\b|\bthat makes no sense\b|` +
	`\bno (lo )?(entiendo|comprendo)\b|\bno te entiendo\b|\bque quieres decir\b|` +
	`\bje ne comprends pas\b|\bje comprends pas\b|\bje ne suis pas sur de comprendre\b|\bque voulez-vous dire\b|` +
	`\bich verstehe (das )?nicht\b|\bwas meinen sie\b|\bwas meinst du\b|` +
	`\bjag (forstar|fattar) (inte|ingenting)\b|\bvad menar du\b`)

// thanksRe is thanks in a message the understanding read as a yes or a no ("ok thanks").
var thanksRe = regexp.MustCompile(`\b(thanks|thank you|thx|cheers|gracias|merci|danke|tack)\b`)

// saysYes is a yes in so many words ("yes", "please", "sí"), not only an "ok".
var saysYes = regexp.MustCompile(`\b(yes|yeah|yep|yup|sure|please|of course|absolutely|go ahead|si|claro|por favor|oui|volontiers|s'il (te|vous) plait|ja|gerne|bitte|garna)\b`)

// acceptsOffer reports whether u, the understanding of text, takes up what the assistant
// offered: a yes does, but thanks with no more than an "ok" closes the subject ("ok thanks"),
// while "yes thanks" is still a yes.
func acceptsOffer(u nlu.Result, text string) bool {
	if u.Intent != nlu.Affirm {
		return false
	}
	t := foldText(text)
	return !thanksRe.MatchString(t) || saysYes.MatchString(t)
}

// withFigures adds to s the amount, rate and term of e (ExtractEntities of the message),
// where s has none of its own.
func withFigures(s nlu.Slots, e Entities) nlu.Slots {
	if s.Amount == nil && e.Amount != nil && e.Amount.GreaterThanOrEqual(minRefinedAmount) {
		s.Amount = e.Amount
	}
	if s.Rate == nil && e.Rate != nil {
		s.Rate = e.Rate
	}
	if s.TermMonths == 0 {
		s.TermMonths = e.TermMonths
	}
	return s
}

// twoHoldings splits a message that states two holdings, each with figures of its own ("I
// have a car loan of 12000 at 9% with 48 months left and a credit card balance of 3000 at
// 24%"), at the second product it names: first is the text before it, second the rest. Read
// whole, the figures of both would be taken as the one holding's (a car loan of $3,000 at 9%).
// A second product named without figures, or in a question ("is a personal loan of 18k at 7%
// cheaper?"), is not a holding of the person's.
func twoHoldings(text string) (first, second string, ok bool) {
	lower := strings.ToLower(text)
	type mention struct {
		at, end int
		product string
	}
	var ms []mention
	for _, ps := range productSynonyms {
		for _, w := range ps.words {
			for from := 0; ; {
				i := strings.Index(lower[from:], w)
				if i < 0 {
					break
				}
				ms = append(ms, mention{from + i, from + i + len(w), ps.product})
				from += i + len(w)
			}
		}
	}
	// A product named by one word ("car 9k at 11% … plus a card 2k at 22%"), where no full
	// name covers it.
	for _, m := range looseMention.FindAllStringSubmatchIndex(lower, -1) {
		covered := slices.ContainsFunc(ms, func(n mention) bool { return m[0] >= n.at && m[0] < n.end })
		if !covered {
			ms = append(ms, mention{m[0], m[1], looseProducts[lower[m[2]:m[3]]]})
		}
	}
	if len(ms) < 2 {
		return "", "", false
	}
	slices.SortFunc(ms, func(a, b mention) int { return a.at - b.at })
	for _, m := range ms[1:] {
		if m.product == ms[0].product {
			continue
		}
		first, second = lower[:m.at], lower[m.at:]
		if strings.Contains(second, "?") || !hasFigure(ExtractEntities(first)) || !hasFigure(ExtractEntities(second)) {
			return "", "", false
		}
		return first, second, true
	}
	return "", "", false
}

// looseMention is a product named by one word, for twoHoldings.
var (
	looseMention  = regexp.MustCompile(`\b(card|car|mortgage)\b`)
	looseProducts = map[string]string{"card": string(offers.CreditCard), "car": string(offers.AutoLoan), "mortgage": string(offers.Mortgage)}
)

func hasFigure(e Entities) bool { return e.Amount != nil || e.Rate != nil || e.Payment != nil }

// nextHolding is what the planner reads in a message that states two holdings: the first
// one's own understanding and entities, to compare now, and the second's slots, to offer next.
func nextHolding(st *turnState, slots *nlu.Slots) *nlu.Slots {
	first, second, ok := twoHoldings(st.user)
	if !ok {
		return nil
	}
	*slots = understand(first, nil).Slots
	st.ents = ExtractEntities(first)
	if slots.Product == "" {
		slots.Product = offers.ProductType(st.ents.Product)
	}
	next := understand(second, nil).Slots
	if next.Product == "" {
		next.Product = offers.ProductType(ExtractEntities(second).Product)
	}
	return &next
}

// payFirst asks which of one's debts to pay off first, over folded text.
var payFirst = regexp.MustCompile(`\bwhich (one |debt |loan |card )?(should|do|would) i (pay|clear|tackle)( off| down)? first\b|\bwhat (should|do) i pay (off |down )?first\b|\bpay (off|down) first\b|` +
	`\bcual (debo |deberia |tengo que )?(pagar|liquidar) primero\b|\bque (deuda )?(pago|liquido) primero\b|` +
	`\b(lequel|laquelle|quel credit|quelle dette) (dois-je |devrais-je |je dois )?rembourser en premier\b|\brembourser en premier\b|` +
	`\b(was|welchen kredit|welche schulden) (soll|sollte) ich zuerst (ab|zuruck)zahlen\b|\bzuerst (ab|zuruck|be)zahlen\b|` +
	`\bvilket (lan |kort )?(ska|bor) jag betala (av )?forst\b|\bbetala av forst\b`)

// composePayFirst answers "which should I pay off first?" from the person's saved loans and
// cards (get_holdings) and those they stated in the chat (held): the one with the highest rate, where money beyond the payments saves
// the most interest, then the others by rate. It chooses nothing for them that their own
// figures do not show.
func composePayFirst(raw json.RawMessage, held []nlu.Slots, lang string) string {
	var v struct {
		Holdings []struct {
			ProductType string `json:"product_type"`
			Balance     string `json:"balance"`
			APR         string `json:"apr"`
			Kind        string `json:"kind"`
		} `json:"holdings"`
		Currency string `json:"currency"`
		Locale   string `json:"locale"`
	}
	if json.Unmarshal(raw, &v) != nil {
		return say(lang, "pay_first_none")
	}
	type debt struct {
		what, balance, apr string
		rate               decimal.Decimal
	}
	loc := langLocale(lang, v.Locale)
	currency := v.Currency
	for _, h := range held {
		if currency == "" && h.Currency != "" {
			currency = h.Currency
		}
	}
	if currency == "" {
		currency = "USD" // what a comparison of a holding stated without a currency used
	}
	f := figures{currency, loc}
	var debts []debt
	for _, h := range v.Holdings {
		rate, err := decimal.NewFromString(h.APR)
		if h.Kind == "insurance" || err != nil || !positive(h.Balance) {
			continue
		}
		debts = append(debts, debt{offers.ProductType(h.ProductType).Label(loc), f.money(h.Balance), f.pct(h.APR), rate})
	}
	// The ones the person told about in the chat, unless saved with the same balance.
	for _, h := range held {
		if h.Rate == nil || h.Amount == nil || !h.Product.IsLoan() {
			continue
		}
		d := debt{h.Product.Label(loc), f.money(h.Amount.StringFixed(2)), f.pct(h.Rate.String()), *h.Rate}
		if !slices.ContainsFunc(debts, func(o debt) bool { return o.what == d.what && o.balance == d.balance }) {
			debts = append(debts, d)
		}
	}
	switch len(debts) {
	case 0:
		return say(lang, "pay_first_none")
	case 1:
		return say(lang, "pay_first_one", debts[0].what, debts[0].balance, debts[0].apr)
	}
	slices.SortStableFunc(debts, func(a, b debt) int { return b.rate.Cmp(a.rate) })
	var rest []string
	for _, d := range debts[1:] {
		rest = append(rest, say(lang, "pay_first_next", d.what, d.apr))
	}
	return say(lang, "pay_first", debts[0].what, debts[0].balance, debts[0].apr, strings.Join(rest, "; "))
}

// scoreBands are the usual FICO bands, as the guide on credit score bands gives them
// (retrieval/kb/credit-score-bands.md; a test keeps the two the same).
var scoreBands = []struct {
	min, max int
	name     map[string]string
}{
	{300, 579, map[string]string{"en": "Poor", "es": "Malo", "fr": "Faible", "de": "Schwach", "sv": "Dåligt"}},
	{580, 669, map[string]string{"en": "Fair", "es": "Regular", "fr": "Passable", "de": "Mittel", "sv": "Godtagbart"}},
	{670, 739, map[string]string{"en": "Good", "es": "Bueno", "fr": "Bon", "de": "Gut", "sv": "Bra"}},
	{740, 799, map[string]string{"en": "Very good", "es": "Muy bueno", "fr": "Très bon", "de": "Sehr gut", "sv": "Mycket bra"}},
	{800, 850, map[string]string{"en": "Exceptional", "es": "Excepcional", "fr": "Exceptionnel", "de": "Ausgezeichnet", "sv": "Utmärkt"}},
}

// scoreGuide is the guide that explains the bands.
const scoreGuide, scoreGuideTitle = "credit-score-bands", "Credit score bands and what they mean for your rate"

// bareScore is a three-digit number alone in a message, with no currency next to it.
var bareScore = regexp.MustCompile(`(?:^|[^$€£\d.,])\b([3-8]\d\d)\b(?:$|[^\d.,%€£kK]|[.,](?:\D|$))`)

// statedScore is the credit score a message states and asks about, or 0: "my score is 680",
// or "mine is 680, is that good?" right after the guide on credit scores (read alone, 680 was
// taken for a loan of $680).
func statedScore(text string, e Entities, lastGuide string) int {
	if e.CreditScore > 0 {
		return e.CreditScore
	}
	if !strings.Contains(strings.ToLower(lastGuide), "credit score") || e.Product != "" || e.Rate != nil || e.TermMonths > 0 || e.Payment != nil {
		return 0
	}
	m := bareScore.FindStringSubmatch(text)
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(m[1])
	if n < 300 || n > 850 {
		return 0
	}
	return n
}

// onlyScore reports whether a message states nothing but the credit score score: no product,
// rate, term, payment, or amount other than the score ("my credit score is 650 and my car
// loan is $15,000 at 15.9%…" states a loan to compare with that score).
func onlyScore(e Entities, score int) bool {
	return e.Product == "" && e.Rate == nil && e.TermMonths == 0 && e.Payment == nil &&
		(e.Amount == nil || e.Amount.Equal(decimal.NewFromInt(int64(score))))
}

// composeScoreBand says which band a score is in, from the guide on credit score bands (raw,
// lookup_knowledge's result, which it cites).
func composeScoreBand(raw json.RawMessage, score int, lang string) answer {
	a := composeGuide(raw, scoreGuide, scoreGuideTitle, lang)
	if a.unhelpful {
		return a
	}
	for _, b := range scoreBands {
		if score >= b.min && score <= b.max {
			text := say(lang, "score_band", score, b.name[lang], b.min, b.max)
			if i := strings.LastIndex(a.text, "\n\n"); i >= 0 {
				text += a.text[i:] // the guide's name and address
			}
			return answer{text: text, guide: a.guide}
		}
	}
	return a
}

// askedShown asks to see again the offers the assistant showed, over folded text.
var askedShown = regexp.MustCompile(`\b(remind me|what were|which were|list|repeat|show me)\b.{0,20}\b(the |those |your )?(offers|options|deals)\b.{0,20}\b(again|you (showed|show|gave|listed|mentioned)|earlier|before)\b|` +
	`\bwhat (offers|options|deals) (did you|you) (show|showed|give|gave|list|listed|mention|mentioned)\b|\bremind me (of )?(the|what|which) (offers|options|deals)\b|` +
	`\bque ofertas me (mostraste|has mostrado|diste|ensenaste)\b|\brecuerdame (las|que) ofertas\b|` +
	`\bquelles offres (m'avez-vous|m'as-tu|vous m'avez|tu m'as) (montrees|montre|proposees|propose)\b|\brappelle(z)?-moi les offres\b|` +
	`\bwelche angebote (hast du|haben sie) (mir )?(gezeigt|genannt)\b|\berinnere mich an die angebote\b|` +
	`\bvilka erbjudanden (visade|gav) du\b|\bpaminn mig om erbjudandena\b`)

// composeShown lists the offers the assistant showed, in their order, with the figure each
// was shown with: what switching saves for a comparison's, the representative APR for a
// search's (the dialogue kept both from the tool results).
func composeShown(lang, head string, shown []ShownOffer) string {
	var lines []string
	for i, o := range shown {
		f := figures{o.Currency, langLocale(lang, o.Locale)}
		line := strconv.Itoa(i+1) + ". " + o.Title
		switch {
		case positive(o.NetSaving) && offers.ProductType(o.ProductType).IsInsurance():
			line += " — " + say(lang, "shown_saves_year", f.money(o.NetSaving))
		case positive(o.NetSaving):
			line += " — " + say(lang, "shown_saves", f.money(o.NetSaving))
		case o.NetSaving != "":
			line += " — " + say(lang, "shown_no_saving")
		case o.APR != "" && !offers.ProductType(o.ProductType).IsInsurance():
			line += " — " + say(lang, "rep_apr", f.pct(o.APR))
		}
		lines = append(lines, line)
	}
	return say(lang, head) + "\n" + strings.Join(lines, "\n")
}

// rateCheck asks whether a rate is a good one ("is 7% a good rate for a car loan?"), over
// folded text; the message states the rate.
// ownRateCheck asks whether the rate of the loan just compared is a good one, naming none:
// "is that a good rate?", "is my rate ok?", "¿es bueno mi tipo?". It reads folded text.
var ownRateCheck = regexp.MustCompile(`\bis (that|this|it|my rate|my apr|my interest rate|mine) (a )?(good|bad|high|ok|okay|decent|fair|reasonable|normal|competitive)( rate| apr| deal)?\b|` +
	`\b(es|esta) (bueno|buen|alto|normal|razonable) (mi|ese|este) (tipo|interes)\b|\bmi (tipo|interes) es (bueno|alto|normal)\b|` +
	`\b(mon|ce) taux (est-il|est) (bon|eleve|correct|normal)\b|\bist (mein|der|das ein) (zins|zinssatz|guter zins)\b|\bar (min|den) ranta (bra|hog|rimlig)\b`)

var rateCheck = regexp.MustCompile(`\b(good|decent|fair|reasonable|competitive|high|low|bad|ok|okay|normal|average)\b.{0,40}\?|` +
	`\bis (that|it|this|my rate|mine) (a )?(good|high|ok|okay|bad|decent|normal)\b|` +
	`\b(buen|bueno|alto|razonable|normal)\b.{0,40}\?|\b(bon|elevee?|raisonnable|correct|normal)\b.{0,40}\?|` +
	`\b(gut|guter|hoch|normal|okay)\b.{0,40}\?|\b(bra|hog|rimlig|normal)\b.{0,40}\?`)

// composeRateCheck answers whether rate, the person's, is a good one for a product: against
// the lowest representative APR our partners publish for it (search_offers lists the
// cheapest first), never as advice on their circumstances.
func composeRateCheck(raw json.RawMessage, rate decimal.Decimal, lang string, compared bool) answer {
	a := rateCheckAnswer(raw, rate, lang)
	if compared && !a.unhelpful {
		// The loan was compared already: its last sentence, which asks for the balance and
		// months left, gives way to where the saving is.
		if i := strings.LastIndex(strings.TrimSuffix(a.text, "."), ". "); i > 0 {
			a.text = a.text[:i+1] + " " + say(lang, "rate_check_compared")
		}
	}
	return a
}

func rateCheckAnswer(raw json.RawMessage, rate decimal.Decimal, lang string) answer {
	var v searchView
	if msg, ok := toolError(raw); ok {
		return answer{text: say(lang, "tool_failed", msg), unhelpful: true}
	}
	if json.Unmarshal(raw, &v) != nil || len(v.Offers) == 0 || v.Offers[0].RepresentativeAPR == nil {
		return answer{text: say(lang, "search_none", offers.ProductType(v.ProductType).Label(langLocale(lang, v.Locale))), unhelpful: true}
	}
	loc := langLocale(lang, v.Locale)
	low := v.Offers[0]
	f := figures{low.Currency, loc}
	what := offers.ProductType(v.ProductType).Label(loc)
	yours := f.pct(rate.String())
	lowest, err := decimal.NewFromString(*low.RepresentativeAPR)
	if err == nil && !rate.GreaterThan(lowest) {
		return answer{text: say(lang, "rate_check_low", yours, what, f.pct(*low.RepresentativeAPR), low.Name, low.Partner)}
	}
	return answer{text: say(lang, "rate_check_high", what, f.pct(*low.RepresentativeAPR), low.Name, low.Partner, yours)}
}

// holdingsEdit asks to change or delete a saved loan or policy, which the chat cannot do.
var holdingsEdit = regexp.MustCompile(`\b(delete|remove|erase|edit|update|change)\b.{0,12}\b(my|the|a)\b.{0,25}\b(loans?|cards?|polic(y|ies)|mortgage|insurance|holdings?)\b|` +
	`\b(borra|borrar|elimina|eliminar|edita|editar|actualiza|actualizar)\b.{0,12}\b(mi|mis|el|la)\b.{0,25}\b(prestamos?|tarjetas?|polizas?|hipoteca|seguros?)\b|` +
	`\b(supprime[rz]?|efface[rz]?|modifie[rz]?)\b.{0,12}\b(mon|ma|mes|le|la)\b.{0,25}\b(pret|credit|carte|contrat|assurance)s?\b|` +
	`\b(losche|loschen|andere|andern|bearbeite|bearbeiten)\b.{0,25}\b(kredit|karte|vertrag|versicherung|hypothek)\b|` +
	`\b(ta bort|radera|andra|redigera|uppdatera)\b.{0,12}\b(mitt|min|mina)\b.{0,25}\b(lan|kort|forsakring|forsakringar)\b`)

// tripWords say a place is where one travels to ("a trip to Spain"), over folded text with the
// product's own name taken out ("travel insurance in the UK" names where one lives).
var tripWords = regexp.MustCompile(`\b(trip|trips|travel|travelling|traveling|holiday|holidays|vacation|going to|flying to|fly to|visit|visiting|journey|cruise|` +
	`viaje|viajar|vacaciones|voyage|voyager|vacances|reise|reisen|urlaub|resa|semester)\b`)

// destinationOnly reports whether the region a travel insurance message names is where the
// trip goes, not where the person lives: a search there found no offer ("I need travel
// insurance for a trip to Spain" said there were none).
func destinationOnly(s nlu.Slots, text string) bool {
	if s.Product != offers.TravelInsurance || s.Region == "" {
		return false
	}
	t := foldText(text)
	for _, ps := range productSynonyms {
		if ps.product == string(offers.TravelInsurance) {
			for _, w := range ps.words {
				t = strings.ReplaceAll(t, foldText(w), " ")
			}
		}
	}
	return tripWords.MatchString(t)
}

// whatsCheaper is "what's cheaper?" alone, over folded text (doBetter's words are matched
// anywhere, and "what's better, a loan or a card?" asks something else).
var whatsCheaper = regexp.MustCompile(`^\W*(what'?s|what is) (cheaper|better)\W*$`)

// doBetter asks, right after a comparison, for something better than what it showed.
var doBetter = regexp.MustCompile(`\b(can you do (any )?better|can'?t you do better|anything (better|cheaper|else)|any (better|cheaper) (offers?|deals?|options?|ones?)|` +
	`is (that|this) (the best|all)( you (have|can do|got|can find))?|nothing (better|cheaper)|no (better|cheaper) (offers?|deals?|options?)|` +
	`(find|get|show|give) (me |us )?(something|anything) (better|cheaper)|(can|could) you beat (that|this|it|them)|(something|anything) (better|cheaper) (than (that|this|these|those|mine))|` +
	`(algo|alguna?) (mejor|mas barato|mas barata)|no hay (nada|algo) mejor|rien de (mieux|moins cher)|quelque chose de (mieux|moins cher)|pas mieux|` +
	`(etwas|nichts) (besseres|gunstigeres|billigeres)|geht es (besser|gunstiger)|nagot (battre|billigare)|finns det (nagot )?(battre|billigare))\b`)

// extraRe reads a payment on top of the one made now: "what if I paid 200 more a month?",
// "an extra £150 each month", "overpay by 100", "si pagara 200 más al mes", "200 € de plus
// par mois", "200 mehr im Monat", "200 kr mer i månaden". It reads folded text (foldText);
// group 2 (after a word) or 5 (before one) is the amount.
var extraRe = regexp.MustCompile(`\b(?:an extra|extra|additional|another|a further|overpa(?:y|id|ying)(?: by)?|de plus|zusatzlich)\s*(?:of\s*)?([$€£]\s?)?(\d{1,3}(?:[ ,.]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?)\b|` +
	`([$€£]\s?)?\b(\d{1,3}(?:[ ,.]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?)\s*(?:[$€£]|dollars?|euros?|pounds?|kr|kronor|usd|eur|gbp|sek)?\s*(more|extra|additional|mas|de plus|en plus|supplementaires?|mehr|zusatzlich|mer)\b`)

// payVerb says the message is about paying: "2 more questions" asks nothing of the kind.
var payVerb = regexp.MustCompile(`\b(pay|paid|paying|put|overpa\w*|pagar\w*|pago|pagase|payer|payais|paie|paierais|zahl\w*|betala\w*|betalar|amortiz\w*)\b`)

// extraAfter is what may not follow the amount: "3 more months" is a term.
var extraAfter = regexp.MustCompile(`^\s*(months?|mos?|years?|yrs?|meses|mois|monate?n?|manader|ar|anos|ans|jahre?)\b`)

// extraPaid is the amount a message asks about paying each month on top of the payment now
// ("what if I paid 200 more a month?"), and true; false when it asks no such thing.
func extraPaid(text string) (decimal.Decimal, bool) {
	folded := foldText(text)
	if !payVerb.MatchString(folded) {
		return decimal.Decimal{}, false
	}
	for _, m := range extraRe.FindAllStringSubmatchIndex(folded, -1) {
		num, at, after := "", 0, 0
		if m[4] >= 0 {
			num, at, after = folded[m[4]:m[5]], m[4], m[5] // "an extra 200"
		} else {
			num, at, after = folded[m[8]:m[9]], m[8], m[11] // "200 more"
		}
		if extraAfter.MatchString(folded[after:]) || strings.HasSuffix(strings.TrimRight(folded[:at], " $€£"), "-") || midNumber(folded, at) {
			continue // a term ("3 more months"), a negative amount ("-200 more"), or the end of one ("0.001 more")
		}
		if d, ok := parseAmount(num); ok && d.IsPositive() {
			return d, true
		}
	}
	return decimal.Decimal{}, false
}

// midNumber reports whether the digits at folded[at:] continue a number: "0.001" is read
// from its "001", which is not an amount of its own.
func midNumber(folded string, at int) bool {
	return at >= 2 && strings.ContainsRune(".,", rune(folded[at-1])) && folded[at-2] >= '0' && folded[at-2] <= '9'
}

// heldView is a compare result as the answers about the person's own loan or card read it.
type heldView struct {
	Holding struct {
		ProductType string `json:"product_type"`
		Balance     string `json:"balance"`
	} `json:"holding"`
	Current struct {
		MonthlyPayment string `json:"monthly_payment"`
		TotalInterest  string `json:"total_interest"`
		TermMonths     int    `json:"term_months"`
	} `json:"current"`
	Currency      string              `json:"currency"`
	Locale        string              `json:"locale"`
	PaymentBasis  string              `json:"payment_basis"`
	ExtraPayment  *offers.Overpayment `json:"extra_payment"`
	WhatIfPayment *offers.Overpayment `json:"what_if_payment"`
}

// composeExtra answers "what if I paid 200 more a month?" from compare's extra_payment: the
// new payment, the months to clear the balance and the interest, against paying as now.
func composeExtra(raw json.RawMessage, lang string) answer {
	if msg, ok := toolError(raw); ok {
		return answer{text: say(lang, "tool_failed", msg), unhelpful: true}
	}
	var v heldView
	if json.Unmarshal(raw, &v) != nil || v.ExtraPayment == nil {
		return answer{text: say(lang, "tool_failed", ""), unhelpful: true}
	}
	return overpaid(v, *v.ExtraPayment, lang)
}

// overpaid is the answer about the holding in v paid at x, more than now.
func overpaid(v heldView, x offers.Overpayment, lang string) answer {
	loc := langLocale(lang, v.Locale)
	f := figures{v.Currency, loc}
	what := offers.ProductType(v.Holding.ProductType).Label(loc)
	if x.TermMonths <= 1 {
		// An extra as large as what is owed clears it at once: no schedule to speak of.
		return answer{text: say(lang, "extra_clears", f.money(x.Extra.String()), what, f.money(v.Holding.Balance))}
	}
	if x.MonthsSaved == 0 {
		return answer{text: say(lang, "extra_payment_same", f.money(x.Extra.String()), f.money(x.MonthlyPayment.String()), f.money(v.Current.MonthlyPayment),
			what, x.TermMonths, f.money(x.InterestSaved.String()), f.money(x.TotalInterest.String()), f.money(v.Current.TotalInterest))}
	}
	return answer{text: say(lang, "extra_payment", f.money(x.Extra.String()), f.money(x.MonthlyPayment.String()), f.money(v.Current.MonthlyPayment),
		what, x.TermMonths, v.Current.TermMonths, f.money(x.InterestSaved.String()), f.money(x.TotalInterest.String()), f.money(v.Current.TotalInterest))}
}

// topicExtra is Dialogue.Topic after an answer about paying more each month: "and 400
// more?" next asks the same with another amount.
const topicExtra = "extra"

// extraFollow is a bare amount after such an answer: "and 400 more?", "what about 300?",
// "y 400?", "und 300 mehr?". It reads folded text.
var extraFollow = regexp.MustCompile(`^\W*(?:and|what about|how about|or|y|o|et|ou|und|oder|och|eller)?\s*([$€£]\s?)?(\d{1,3}(?:[ ,.]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?)\s*(?:[$€£]|dollars?|euros?|pounds?|kr|kronor)?\s*(?:more|extra|mas|de plus|en plus|mehr|mer)?\s*(?:a month|each month|per month|al mes|par mois|im monat|i manaden)?\W*$`)

// whatIf asks about a payment that is not the one made now: "what if I paid 800 a month?".
var whatIf = regexp.MustCompile(`\b(what if|if i|suppose|say i|y si|si pagara|si pago|et si|si je|was ware|wenn ich|om jag)\b`)

// howLong asks how long a payment takes to clear what is owed ("how long would it take to pay
// off at 200 a month?"): a payment asked about too, unless it names another balance as well.
// It reads folded text.
var howLong = regexp.MustCompile(`\b(how long (would|will|does) it take|how many months|cuanto (tiempo )?tardaria|cuantos meses|combien de (temps|mois)|wie lange (wurde|wird|dauert)|hur lang tid|hur manga manader)\b`)

// extraOn is extraAsked about the loan or card the last comparison was about, if any.
func extraOn(st turnState, d Dialogue) (decimal.Decimal, bool) {
	if heldCompare(d) == nil {
		return decimal.Decimal{}, false
	}
	return extraAsked(st, d)
}

// heldCompare is compare's arguments for the loan or card the last comparison was about —
// the one the person stated, or their saved one — or nil when it was about neither (a policy,
// or nothing yet).
func heldCompare(d Dialogue) map[string]any {
	switch s := d.Stated; {
	case s != nil && s.Product.IsLoan() && s.Amount != nil && s.Rate != nil:
		return statedCompare(string(s.Product), *s, marketOf(*s))
	case s == nil && d.Compared > 0:
		return map[string]any{"holding_id": d.Compared}
	}
	return nil
}

// comparedHolding is the saved loan or card a comparison was about (its id), or 0.
func comparedHolding(res json.RawMessage) int64 {
	var v struct {
		Holding struct {
			ID          int64              `json:"id"`
			ProductType offers.ProductType `json:"product_type"`
		} `json:"holding"`
	}
	if json.Unmarshal(res, &v) != nil || !v.Holding.ProductType.IsLoan() {
		return 0
	}
	return v.Holding.ID
}

// extraAsked is the amount a message asks about paying each month on top of the payment the
// last comparison assumed, and true: said as an extra ("200 more a month"), or as a bare
// amount right after an answer about one ("and 400 more?"). A payment asked about instead
// ("what if I paid 800 a month?") is paymentAsked's.
func extraAsked(st turnState, d Dialogue) (decimal.Decimal, bool) {
	if extra, ok := extraPaid(st.user); ok {
		return extra, true
	}
	folded := foldText(st.user)
	if d.Topic == topicExtra || d.Topic == topicWhatIf && moreWord.MatchString(folded) {
		if m := extraFollow.FindStringSubmatch(folded); m != nil {
			if extra, ok := parseAmount(m[2]); ok && extra.IsPositive() {
				return extra, true
			}
		}
	}
	return decimal.Decimal{}, false
}

// topicWhatIf is Dialogue.Topic after an answer about paying another amount each month: "and
// 500?" next asks the same with another payment.
const topicWhatIf = "what_if"

// moreWord says an amount is on top of something: "and 100 more?". It reads folded text.
var moreWord = regexp.MustCompile(`\b(more|extra|additional|mas|de plus|en plus|mehr|zusatzlich|mer)\b`)

// paymentAsked is the monthly payment a message asks about paying instead of the one made now
// ("what if I paid 550 a month?", "suppose I only paid 500"), or a bare amount right after an
// answer about one ("and 500?"), and true.
func paymentAsked(st turnState, d Dialogue) (decimal.Decimal, bool) {
	folded := foldText(st.user)
	if d.Topic == topicWhatIf && !moreWord.MatchString(folded) {
		if m := extraFollow.FindStringSubmatch(folded); m != nil {
			if pay, ok := parseAmount(m[2]); ok && pay.IsPositive() {
				return pay, true
			}
		}
	}
	e := st.ents
	asks := whatIf.MatchString(folded) || howLong.MatchString(folded) && (e.Amount == nil || e.Payment == nil)
	if e.Rate != nil || e.TermMonths > 0 || !asks {
		return decimal.Decimal{}, false
	}
	pay := e.Payment
	if pay == nil && e.Amount != nil && payVerb.MatchString(folded) && !lumpSum.MatchString(folded) {
		pay = e.Amount // "what if I paid 550?": a payment, the comparison's being monthly
	}
	if pay == nil || !pay.IsPositive() {
		return decimal.Decimal{}, false
	}
	return *pay, true
}

// lumpSum says an amount is paid once, not each month: "what if I paid 5000 off now?". It
// reads folded text.
var lumpSum = regexp.MustCompile(`\b(off|lump|once|one-?off|upfront|up front|now|today|in one go|de una vez|ahora|d'un coup|maintenant|auf einmal|jetzt|direkt|pa en gang|nu)\b`)

// composeWhatIf answers a payment asked about instead of the one made now, from compare's
// what_if_payment: more is an extra payment (composeExtra's words), less takes longer and
// costs more interest, and a payment that does not repay the loan in the months it has left
// (compare refuses it) says so.
func composeWhatIf(raw json.RawMessage, asked decimal.Decimal, d Dialogue, lang string) answer {
	if msg, ok := toolError(raw); ok {
		if toolErrorField(raw) != "what_if_payment" {
			return answer{text: say(lang, "tool_failed", msg), unhelpful: true}
		}
		// The comparison's currency is its offers': compare refuses a holding in another.
		f := figures{"", langLocale(lang, "")}
		if len(d.Shown) > 0 {
			f = figures{d.Shown[0].Currency, langLocale(lang, d.Shown[0].Locale)}
		}
		if s := d.Stated; s != nil && s.TermMonths > 0 {
			return answer{text: say(lang, "lower_than_schedule", f.money(asked.String()), s.Product.Label(f.locale), s.TermMonths)}
		}
		return answer{text: say(lang, "what_if_too_low", f.money(asked.String()))}
	}
	var v heldView
	if json.Unmarshal(raw, &v) != nil || v.WhatIfPayment == nil {
		return answer{text: say(lang, "tool_failed", ""), unhelpful: true}
	}
	x := *v.WhatIfPayment
	if v.PaymentBasis == offers.PaymentAssumed && x.TermMonths > 1 && !x.Extra.IsZero() {
		// The payment now was one assumed for a card: the one asked about is the person's.
		loc := langLocale(lang, v.Locale)
		f := figures{v.Currency, loc}
		return answer{text: say(lang, "what_if_assumed", f.money(x.MonthlyPayment.String()), offers.ProductType(v.Holding.ProductType).Label(loc), x.TermMonths,
			f.money(x.TotalInterest.String()), f.money(v.Current.MonthlyPayment), v.Current.TermMonths, f.money(v.Current.TotalInterest))}
	}
	switch {
	case x.Extra.IsPositive():
		return overpaid(v, x, lang)
	case x.Extra.IsZero():
		return composeOwn(raw, lang)
	}
	loc := langLocale(lang, v.Locale)
	f := figures{v.Currency, loc}
	what := offers.ProductType(v.Holding.ProductType).Label(loc)
	more := f.money(x.InterestSaved.Neg().String())
	if x.MonthsSaved == 0 {
		return answer{text: say(lang, "what_if_less_same", f.money(x.MonthlyPayment.String()), f.money(v.Current.MonthlyPayment), what, x.TermMonths,
			more, f.money(x.TotalInterest.String()), f.money(v.Current.TotalInterest))}
	}
	return answer{text: say(lang, "what_if_less", f.money(x.MonthlyPayment.String()), f.money(v.Current.MonthlyPayment), what, x.TermMonths, v.Current.TermMonths,
		more, f.money(x.TotalInterest.String()), f.money(v.Current.TotalInterest))}
}

// heldPayment is what a stated loan or card costs a month as compare costs it (usableHolding):
// the payment stated when it repays the loan, else the schedule's, or for a card an assumed one.
func heldPayment(s nlu.Slots) (decimal.Decimal, bool) {
	if s.Amount == nil || s.Rate == nil || !s.Product.IsLoan() {
		return decimal.Decimal{}, false
	}
	h := offers.Holding{Kind: offers.KindLoan, ProductType: s.Product, Balance: offers.NewMoney(*s.Amount), APR: offers.Percent{Decimal: *s.Rate}}
	if s.Product != offers.CreditCard {
		h.RemainingMonths = s.TermMonths
	}
	if s.Payment != nil {
		p := offers.NewMoney(*s.Payment)
		h.MonthlyPayment = &p
	}
	h, _, err := usableHolding(h)
	if err != nil {
		return decimal.Decimal{}, false
	}
	return offers.CurrentCost(h).MonthlyPayment.Decimal, true
}

// ownPayment asks what the person pays on the holding compared last: "how much is my monthly
// payment now?", "what am I paying at the moment?". ownPayoff asks how long it takes to clear:
// "how long will it take to pay off?", "when will it be paid off?". They read folded text.
var (
	ownPayment = regexp.MustCompile(`\b(my|our) (current |monthly |current monthly )?(payment|repayment|instalment|installment)s?\b.{0,20}\b(now|currently|today|at the moment)\b|` +
		`\bhow much (do|am) i (pay|paying)\b.{0,20}\b(now|currently|today|at the moment|a month|each month|per month)\b|\bwhat (do|am) i (pay|paying)\b.{0,20}\b(now|currently|a month|each month|per month)\b|` +
		`\bcuanto pago (ahora|al mes)\b|\bmi (cuota|pago) (actual|de ahora)\b|\bcombien je paie\b|\bma mensualite actuelle\b|\bwie viel zahle ich\b|\bmeine (aktuelle )?rate\b|\bhur mycket betalar jag\b`)
	ownPayoff = regexp.MustCompile(`\bhow long (will|would|does|is) (it|this|that|my \w+( \w+)?) (take|going to take)\b|` +
		`\bhow long\b.{0,40}\b(keep paying|keep on paying|what i (pay|am paying|do) now|at this rate|as i am|like this)\b|\bhow long (until|till|before) (i'?m|i am|it'?s|it is) (done|paid off|clear(ed)?|debt free)\b|\bwhen (will|would) (it|this|my \w+( \w+)?|i) be (paid off|cleared|debt free)\b|\bhow many (months|years) (until|till|to|before) (it'?s |its |i'?m |i am )?(paid off|clear(ed)?|pay (it )?off|debt free)\b|` +
		`\bcuanto (tiempo )?(tardare|tardo|falta) en (pagar|liquidar)\w*\b|\bcuando (terminare|acabare) de pagar\b|\bcombien de temps (pour|avant de) (rembourser|solder)\b|\bwie lange (dauert|brauche ich)\b.{0,30}\b(abbezahlt|abzuzahlen|tilgen|zuruckzuzahlen)\b|\bhur lang tid tar det\b.{0,30}\b(betala|avbetala)\b`)
)

// ownAsked reports whether a message asks what the person's own loan or card costs a month
// or how long it takes to clear.
func ownAsked(text string) bool {
	folded := foldText(text)
	return ownPayoff.MatchString(folded) || ownPayment.MatchString(folded)
}

// composeOwn answers a question about the person's own loan or card from compare's current
// cost: what it costs a month and why (their payment, the schedule's, or an assumed one), and
// the months and the interest to clear it at that payment.
func composeOwn(raw json.RawMessage, lang string) answer {
	if msg, ok := toolError(raw); ok {
		return answer{text: say(lang, "tool_failed", msg), unhelpful: true}
	}
	var v heldView
	if json.Unmarshal(raw, &v) != nil || v.Current.TermMonths == 0 {
		return answer{text: say(lang, "tool_failed", ""), unhelpful: true}
	}
	loc := langLocale(lang, v.Locale)
	f := figures{v.Currency, loc}
	basis := "own_basis_schedule"
	switch v.PaymentBasis {
	case offers.PaymentStated:
		basis = "own_basis_stated"
	case offers.PaymentAssumed:
		basis = "own_basis_assumed"
	}
	return answer{text: say(lang, "own_cost", offers.ProductType(v.Holding.ProductType).Label(loc), f.money(v.Current.MonthlyPayment), say(lang, basis),
		v.Current.TermMonths, f.money(v.Current.TotalInterest))}
}

// totalDebt asks what the person's debts add up to: "what's my total debt?", "how much do I
// owe in total?", "¿cuánto debo en total?". It reads folded text.
var totalDebt = regexp.MustCompile(`\b(what'?s|what is|how much is) my (total |overall )?debt\b|\bhow much (money )?do i owe\b|\bwhat do i owe\b|\bhow much debt do i have\b|\bmy total debts?\b|\btotal (of )?my debts?\b|` +
	`\bcuanto debo\b|\bmi deuda total\b|\bcombien (je dois|dois-je)\b|\bma dette totale\b|\bwie viel schulde ich\b|\bmeine (gesamten |gesamte )?schulden\b|\bhur mycket (ar jag skyldig|skuld har jag)\b|\bmin totala skuld\b`)

// composeDebt answers "what's my total debt?" from get_holdings' debt: what the saved loans
// and cards add up to and what they cost a month; with none saved, where to add them.
func composeDebt(raw json.RawMessage, lang string) answer {
	if msg, ok := toolError(raw); ok {
		return answer{text: say(lang, "tool_failed", msg), unhelpful: true}
	}
	var v struct {
		Currency string        `json:"currency"`
		Locale   string        `json:"locale"`
		Debt     *holdingsDebt `json:"debt"`
	}
	if json.Unmarshal(raw, &v) != nil {
		return answer{text: say(lang, "tool_failed", ""), unhelpful: true}
	}
	if v.Debt == nil {
		return answer{text: say(lang, "debt_none")}
	}
	f := figures{v.Currency, langLocale(lang, v.Locale)}
	text := say(lang, "debt_total", v.Debt.Count, f.money(v.Debt.Owed.String()), f.money(v.Debt.MonthlyPayments.String()))
	if v.Debt.Assumed {
		text += " " + say(lang, "debt_assumed")
	}
	return answer{text: text}
}

// noFeeAsked asks which of the offers shown charge no fee: "which one has no fees?", "are any
// of them free of fees?", "¿cuál no tiene comisión?". It reads folded text.
var noFeeAsked = regexp.MustCompile(`\b(which|what|any)\b.{0,25}\b(no|zero|without( any)?|free of) (origination |upfront |arrangement |set-?up |opening )?(fees?|charges?)\b|\b(fee-free|no-fee)\b.{0,20}\?|` +
	`\bcual(es)?\b.{0,20}\b(no tienen?|sin) comision(es)?\b|\b(lequel|laquelle|lesquel(le)?s)\b.{0,25}\b(sans frais|n'a pas de frais|n'ont pas de frais)\b|` +
	`\bwelche[srn]?\b.{0,25}\b(keine gebuhr(en)?|ohne gebuhr(en)?)\b|\bvilke[nt]?\b.{0,25}\b(ingen avgift|utan avgift(er)?)\b`)

// composeNoFee answers "which one has no fees?" from the fees the shown offers were priced
// with (a comparison's, or a search's for the amount asked): those with none, or that each
// charges one. ok is false when a shown offer's fee is not known.
func composeNoFee(lang string, shown []ShownOffer) (string, bool) {
	var free, charged []string
	for _, o := range shown {
		fee, err := decimal.NewFromString(o.Fees)
		if err != nil || offers.ProductType(o.ProductType).IsInsurance() {
			return "", false // a policy has no fee to take out, but may have others
		}
		if fee.IsZero() {
			free = append(free, titled(o, shown))
			continue
		}
		f := figures{o.Currency, langLocale(lang, o.Locale)}
		charged = append(charged, titled(o, shown)+" ("+f.money(o.Fees)+")")
	}
	if len(free) == 0 {
		return say(lang, "shown_all_fees", strings.Join(charged, "; ")), true
	}
	return say(lang, "shown_no_fee", strings.Join(free, "; ")), true
}

// lowerAsked is the payment a message asks about when it is less than the stated loan costs a
// month now ("what if I paid 400 a month?" on a loan that needs 497.70), and true: that loan
// cannot be repaid so in the months left, and only a longer one pays less.
func lowerAsked(st turnState, d Dialogue) (decimal.Decimal, bool) {
	s, e := d.Stated, st.ents
	if s == nil || s.Product == offers.CreditCard || s.TermMonths == 0 || e.Payment == nil || e.Rate != nil || e.TermMonths > 0 ||
		!whatIf.MatchString(foldText(st.user)) {
		return decimal.Decimal{}, false
	}
	// Below the schedule's payment, not the payment made now: one who pays more than the
	// schedule can pay less and still repay in time, and the offers' terms were then costed at
	// their payment, so none of them says what a lower one would cost.
	schedule := *s
	schedule.Payment = nil
	now, ok := heldPayment(*s)
	least, ok2 := heldPayment(schedule)
	if ok && ok2 && now.Equal(least) && e.Payment.LessThan(least) {
		return *e.Payment, true
	}
	return decimal.Decimal{}, false
}

// otherCurrency is the currency of the comparison shown last, and true, when the message
// names an amount in another ("200 € more" after a loan compared in dollars).
func otherCurrency(text string, d Dialogue) (string, bool) {
	said := nlu.CurrencyNamed(text)
	if said == "" || len(d.Shown) == 0 || d.Shown[0].Currency == "" || said == d.Shown[0].Currency {
		return "", false
	}
	return d.Shown[0].Currency, true
}

// twoTerms reads a choice between two terms ("is it better to take 48 or 60 months?", "3 or 5
// years", "36 vs 48 meses"), over folded text; group 1 and 2 are the numbers, 3 the unit.
var twoTermsRe = regexp.MustCompile(`\b(\d{1,3})\s*(?:months?|mos?|years?|yrs?)?\s*(?:or|vs\.?|versus|against|o|ou|oder|eller|u)\s*(\d{1,3})\s*(months?|mos?|years?|yrs?|meses|mois|monate?n?|manader|anos|ans|jahren?|ar)\b`)

// twoTerms is the two terms in months a message asks to choose between, and true.
func twoTerms(text string) (int, int, bool) {
	m := twoTermsRe.FindStringSubmatch(foldText(text))
	if m == nil {
		return 0, 0, false
	}
	a, _ := strconv.Atoi(m[1])
	b, _ := strconv.Atoi(m[2])
	if isYears(m[3]) {
		a, b = a*12, b*12
	}
	if a <= 0 || b <= 0 || a == b || a > 600 || b > 600 {
		return 0, 0, false
	}
	return a, b, true
}

// composeTwoTerms answers a choice between two terms after a search priced an amount: the
// offer shown first, as each search priced it over each term, and what a longer term does.
// ok is false when either search did not price that offer for the amount.
func composeTwoTerms(first, second json.RawMessage, asked [2]int, offerID int64, lang string) (answer, bool) {
	type quoted struct {
		o offerSummary
		q *amountQuote
	}
	find := func(raw json.RawMessage) (quoted, bool) {
		var v searchResult
		if json.Unmarshal(raw, &v) != nil {
			return quoted{}, false
		}
		for _, o := range v.Offers {
			if o.ID == offerID && o.ForAmount != nil {
				return quoted{o, o.ForAmount}, true
			}
		}
		return quoted{}, false
	}
	a, ok1 := find(first)
	b, ok2 := find(second)
	if !ok1 || !ok2 {
		return answer{}, false
	}
	var v searchResult
	_ = json.Unmarshal(first, &v)
	f := figures{a.o.Currency, langLocale(lang, v.Locale)}
	text := say(lang, "two_terms", a.o.Partner+" — "+a.o.Name, f.money(a.q.Amount.String()))
	for i, x := range []quoted{a, b} {
		if x.q.TermMonths != asked[i] {
			// The search priced its longest term instead: say so, not a quote for another term.
			text += "\n• " + say(lang, "term_not_offered", asked[i], nearestTerm(x.o.TermsMonths, asked[i]))
			continue
		}
		text += "\n• " + say(lang, "term_quote", x.q.TermMonths, f.money(x.q.MonthlyPayment.String()), f.money(x.q.TotalPayable.String()))
	}
	if a.q.TermMonths == asked[0] && b.q.TermMonths == asked[1] {
		text += "\n" + say(lang, "two_terms_tradeoff")
	}
	return answer{text: text}, true
}

// nearestTerm is the term of terms nearest to months (the shorter of two as near).
func nearestTerm(terms []int, months int) int {
	best := 0
	for _, t := range terms {
		if best == 0 || abs(t-months) < abs(best-months) || abs(t-months) == abs(best-months) && t < best {
			best = t
		}
	}
	return best
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// scheduleBelow is the payment the stated loan's schedule needs, and true, when the person
// pays more than that.
func scheduleBelow(d Dialogue) (decimal.Decimal, bool) {
	s := d.Stated
	if s == nil || s.Payment == nil || s.Product == offers.CreditCard || s.TermMonths == 0 {
		return decimal.Decimal{}, false
	}
	schedule := *s
	schedule.Payment = nil
	now, ok := heldPayment(*s)
	least, ok2 := heldPayment(schedule)
	if !ok || !ok2 || !now.GreaterThan(least) {
		return decimal.Decimal{}, false
	}
	return least, true
}

// composeLower answers a payment below what the loan needs: it cannot be repaid so in the
// months left, and of the terms the comparison costed for the offers shown, the one at or
// under that payment that saves the most (or costs the least) — or, when none goes that low,
// the lowest payment shown.
func composeLower(lang string, target decimal.Decimal, held nlu.Slots, shown []ShownOffer) (string, bool) {
	type option struct {
		o       ShownOffer
		t       ShownTerm
		pay, nt decimal.Decimal
	}
	var best, lowest *option
	for _, o := range shown {
		for _, t := range o.Terms {
			pay, err1 := decimal.NewFromString(t.MonthlyPayment)
			net, err2 := decimal.NewFromString(t.NetSaving)
			if err1 != nil || err2 != nil {
				continue
			}
			c := &option{o, t, pay, net}
			if lowest == nil || pay.LessThan(lowest.pay) {
				lowest = c
			}
			if pay.LessThanOrEqual(target) && (best == nil || net.GreaterThan(best.nt)) {
				best = c
			}
		}
	}
	if lowest == nil {
		return "", false
	}
	f := figures{lowest.o.Currency, langLocale(lang, lowest.o.Locale)}
	text := say(lang, "lower_than_schedule", f.money(target.String()), held.Product.Label(langLocale(lang, lowest.o.Locale)), held.TermMonths)
	if best == nil {
		return text + " " + say(lang, "lower_none", f.money(target.String()), lowest.o.Title, f.money(lowest.t.MonthlyPayment), lowest.t.TermMonths), true
	}
	if best.nt.IsPositive() {
		return text + " " + say(lang, "offer_term_saves", best.t.TermMonths, best.o.Title, f.money(best.t.MonthlyPayment), f.money(best.t.NetSaving)), true
	}
	return text + " " + say(lang, "offer_term_costs", best.t.TermMonths, best.o.Title, f.money(best.t.MonthlyPayment), f.money(best.nt.Neg().String())), true
}

// composeLowest answers "can I lower my monthly payment?" after a comparison: of the terms it
// costed for the offers shown, the one with the lowest payment, and what it saves or costs in
// all. ok is false when no term was costed, or when the terms were costed at the person's own,
// larger payment (they would all say the same payment).
func composeLowest(lang string, shown []ShownOffer) (string, bool) {
	var best ShownOffer
	var term ShownTerm
	var low decimal.Decimal
	for _, o := range shown {
		for _, t := range o.Terms {
			pay, err := decimal.NewFromString(t.MonthlyPayment)
			if err == nil && (term.TermMonths == 0 || pay.LessThan(low)) {
				best, term, low = o, t, pay
			}
		}
	}
	net, err := decimal.NewFromString(term.NetSaving)
	if term.TermMonths == 0 || err != nil || low.Equal(monthlyOf(best)) {
		return "", false
	}
	f := figures{best.Currency, langLocale(lang, best.Locale)}
	head := say(lang, "lowest_payment") + " "
	if net.IsPositive() {
		return head + say(lang, "offer_term_saves", term.TermMonths, best.Title, f.money(term.MonthlyPayment), f.money(term.NetSaving)), true
	}
	return head + say(lang, "offer_term_costs", term.TermMonths, best.Title, f.money(term.MonthlyPayment), f.money(net.Neg().String())), true
}

// monthlyOf is what a shown offer was costed at a month at its own term; zero when unknown.
func monthlyOf(o ShownOffer) decimal.Decimal {
	d, _ := decimal.NewFromString(o.MonthlyPayment)
	return d
}

package assistant

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"ratewise/assistant/nlu"
	"ratewise/db"
	"ratewise/offers"
)

// Dialogue is what the assistant remembers of a conversation between turns, stored on the
// conversation (conversations.dialogue) and written with each answer in the same transaction.
// It is kept apart from the messages because it is what the assistant understood, not what
// was said: the language a short "ok" is held in, which offer "the second" is, and which
// figures the question it asked was missing are not in any one message.
type Dialogue struct {
	// Lang is the conversation's language (one of nlu.Languages): the last one a message was
	// recognised in, kept for messages too short to tell ("ok", "2").
	Lang string `json:"lang,omitempty"`
	// Shown is the offers the last comparison or search showed, in the order shown.
	Shown []ShownOffer `json:"shown,omitempty"`
	// Pending is the question the last answer asked, which the next message may answer.
	Pending *Pending `json:"pending,omitempty"`
	// Stated is the last holding the user stated and the assistant compared.
	Stated *nlu.Slots `json:"stated,omitempty"`
	// Compared is the saved loan or card the last comparison was about (its id; 0 when it was
	// a stated one, a policy or none): "what if I paid 200 more a month?" is about it.
	Compared int64 `json:"compared,omitempty"`
	// Searched is what the last search looked for (product, amount, term, market), kept so
	// that "over 3 years" or "what about 10,000?" next searches again with only that changed.
	// A comparison clears it, and a search clears Stated: a follow-up is about the latest.
	Searched *nlu.Slots `json:"searched,omitempty"`
	// Guide is the title of the guide the last answer quoted ("" when it quoted none): a
	// question about "it" next is about that guide's subject.
	Guide string `json:"guide,omitempty"`
	// Topic is what the last answer told about a shown offer ("total", "payment"; "" for
	// anything else), kept for the next message only: "and with the second one?" asks the
	// same of another offer. After an answer about paying more each month it is "extra":
	// "and 400 more?" asks the same with another amount.
	Topic string `json:"topic,omitempty"`
	// Held is every holding the person stated and the assistant compared in the conversation,
	// one per product (the latest), at most maxHeld: "which should I pay off first?" weighs
	// them with the saved ones.
	Held []nlu.Slots `json:"held,omitempty"`
	// Score is the credit score the person stated in the conversation, which the planner's
	// later searches and comparisons apply ("mine is 680", then "a personal loan of 5000").
	Score int `json:"score,omitempty"`
}

// ShownOffer is one offer card the assistant showed, with the figures of the card that
// answers about it quote (they came from a tool result, so they are grounded).
type ShownOffer struct {
	OfferID       int64  `json:"offer_id"`
	Title         string `json:"title"`
	Partner       string `json:"partner"`
	Name          string `json:"name"`
	ProductType   string `json:"product_type"`
	Currency      string `json:"currency"`
	Locale        string `json:"locale"`
	NetSaving     string `json:"net_saving,omitempty"`
	MonthlySaving string `json:"monthly_saving,omitempty"`
	// MonthlyPayment is what the comparison worked out the user would pay a month with it
	// (absent from offers shown before it was kept, and from searches).
	MonthlyPayment string `json:"monthly_payment,omitempty"`
	// Amount and TermMonths are what a search priced MonthlyPayment for, when it was a
	// search's (the amount the user asked to borrow, over the term asked or the offer's own).
	Amount     string `json:"amount,omitempty"`
	TermMonths int    `json:"term_months,omitempty"`
	// TotalPaid is what a search priced borrowing the amount at in all, fees included (its
	// total_payable).
	TotalPaid string `json:"total_paid,omitempty"`
	// Terms is what the comparison worked out for each term the offer lends for.
	Terms       []ShownTerm `json:"terms,omitempty"`
	Fees        string      `json:"fees,omitempty"`
	APR         string      `json:"apr,omitempty"`
	Eligibility string      `json:"eligibility,omitempty"`
}

// Pending kinds.
const (
	// PendingSlots: the assistant asked for the figures a request was missing.
	PendingSlots = "slots"
	// PendingHandoff: the assistant offered to connect the person with someone.
	PendingHandoff = "handoff"
	// PendingNext: the person stated two holdings in one message; the assistant compared the
	// first and offered to compare the second (Slots) next.
	PendingNext = "next"
)

// Pending is a question the assistant is waiting on.
type Pending struct {
	Kind string `json:"kind"`
	// Intent and Slots are the request as understood so far (PendingSlots); Missing names
	// the slots the question asked for.
	Intent  string    `json:"intent,omitempty"`
	Slots   nlu.Slots `json:"slots"`
	Missing []string  `json:"missing,omitempty"`
}

// shownFromCards records the cards of a comparison or search as the dialogue's shown offers.
func shownFromCards(cards []json.RawMessage) []ShownOffer {
	var out []ShownOffer
	for _, raw := range cards {
		var c struct {
			ShownOffer
			Rate *string `json:"rate"`
		}
		if json.Unmarshal(raw, &c) != nil || c.OfferID == 0 {
			continue
		}
		out = append(out, c.ShownOffer)
	}
	return out
}

// ShownTerm is a comparison's refinance of the user's loan over one term of an offer.
type ShownTerm struct {
	TermMonths     int    `json:"term_months"`
	MonthlyPayment string `json:"monthly_payment"`
	NetSaving      string `json:"net_saving"`
	CostsMore      bool   `json:"costs_more,omitempty"`
}

// withTerms adds to shown offers the terms a comparison's result (compare) worked out for each.
func withTerms(shown []ShownOffer, compare json.RawMessage) []ShownOffer {
	var v struct {
		Cards []struct {
			OfferID int64       `json:"offer_id"`
			Terms   []ShownTerm `json:"terms"`
		} `json:"cards"`
	}
	if json.Unmarshal(compare, &v) != nil {
		return shown
	}
	for i := range shown {
		for _, c := range v.Cards {
			if c.OfferID == shown[i].OfferID {
				shown[i].Terms = c.Terms
			}
		}
	}
	return shown
}

// shownFromSearch is what a search listed first, in its order (the offline answer names
// three), so "tell me about the second one" after "show me personal loans" finds the offer
// as it would after a comparison.
func shownFromSearch(raw json.RawMessage) []ShownOffer {
	var v struct {
		Locale string `json:"locale"`
		Offers []struct {
			ID                int64   `json:"id"`
			Partner           string  `json:"partner"`
			Name              string  `json:"name"`
			ProductType       string  `json:"product_type"`
			Currency          string  `json:"currency"`
			RepresentativeAPR *string `json:"representative_apr"`
			ForAmount         *struct {
				Amount         string `json:"amount"`
				TermMonths     int    `json:"term_months"`
				MonthlyPayment string `json:"monthly_payment"`
				TotalPayable   string `json:"total_payable"`
				Fee            string `json:"fee"`
			} `json:"for_amount"`
		} `json:"offers"`
	}
	if json.Unmarshal(raw, &v) != nil {
		return nil
	}
	var out []ShownOffer
	for _, o := range v.Offers[:min(len(v.Offers), 3)] {
		s := ShownOffer{OfferID: o.ID, Title: o.Partner + " — " + o.Name, Partner: o.Partner, Name: o.Name,
			ProductType: o.ProductType, Currency: o.Currency, Locale: v.Locale}
		if o.RepresentativeAPR != nil {
			s.APR = *o.RepresentativeAPR
		}
		if q := o.ForAmount; q != nil {
			s.MonthlyPayment, s.Amount, s.TermMonths, s.TotalPaid, s.Fees = q.MonthlyPayment, q.Amount, q.TermMonths, q.TotalPayable, q.Fee
		}
		out = append(out, s)
	}
	return out
}

// resolve finds the shown offer a reference names: "1", "2", "3" by position, "cheapest" (the
// best saving, which is the first card), or a name matched against partner, offer name and
// title, without regard to case. ok is false when nothing shown matches.
func (d Dialogue) resolve(ref string) (ShownOffer, bool) {
	if len(d.Shown) == 0 {
		return ShownOffer{}, false
	}
	ref = strings.TrimSpace(ref)
	switch ref {
	case "", "cheapest":
		return d.Shown[0], true
	}
	if n, err := strconv.Atoi(ref); err == nil {
		if n >= 1 && n <= len(d.Shown) {
			return d.Shown[n-1], true
		}
		return ShownOffer{}, false
	}
	want := strings.ToLower(ref)
	for _, o := range d.Shown {
		for _, s := range []string{o.Title, o.Partner, o.Name} {
			if s != "" && (strings.Contains(strings.ToLower(s), want) || strings.Contains(want, strings.ToLower(s))) {
				return o, true
			}
		}
	}
	// "that Harborline loan": any word of the reference that names a shown partner.
	for _, w := range strings.Fields(want) {
		if len(w) < 4 {
			continue
		}
		for _, o := range d.Shown {
			if strings.Contains(strings.ToLower(o.Partner+" "+o.Name), w) {
				return o, true
			}
		}
	}
	return ShownOffer{}, false
}

// decodeDialogue is the Dialogue stored as raw (the column's JSON; empty when none is).
func decodeDialogue(raw []byte) (Dialogue, error) {
	var d Dialogue
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &d); err != nil {
			return Dialogue{}, err
		}
	}
	return d, nil
}

// saveDialogue stores d on the conversation.
func saveDialogue(ctx context.Context, q db.Querier, conversationID int64, d Dialogue) error {
	b, err := json.Marshal(d)
	if err != nil {
		return err
	}
	_, err = q.Exec(ctx, saveDialogueSQL, conversationID, b)
	return err
}

const saveDialogueSQL = `UPDATE conversations SET dialogue = $2 WHERE id = $1`

// overlay is base with every slot s states in its place: what a message says replaces what
// was understood before (an answer to a question, a correction).
func overlay(base, s nlu.Slots) nlu.Slots {
	out := base
	if s.Product != "" {
		out.Product = s.Product
	}
	if s.Amount != nil {
		out.Amount = s.Amount
	}
	if s.Currency != "" {
		out.Currency = s.Currency
	}
	if s.Rate != nil {
		out.Rate = s.Rate
	}
	if s.TermMonths > 0 {
		out.TermMonths = s.TermMonths
	}
	if s.Payment != nil {
		out.Payment = s.Payment
	}
	if s.Premium != nil {
		out.Premium, out.PremiumPeriod = s.Premium, s.PremiumPeriod
	}
	if s.Region != "" {
		out.Region = s.Region
	}
	return out
}

// merge completes a pending request with what the answer to its question says: a slot the
// answer states replaces the one understood before, and a bare number answers the one
// figure asked for.
func (p *Pending) merge(text string, s nlu.Slots) nlu.Slots {
	out := overlay(p.Slots, s)
	if n, ok := bareNumber(text); ok && len(p.Missing) > 0 {
		// A number on its own answers the first figure asked for that the answer did not
		// state in words: "9.9" after "what rate are you paying?".
		for _, m := range p.Missing {
			if !hasSlot(out, m) || (m == nlu.SlotRate && s.Rate == nil && out.Rate == nil) {
				setSlot(&out, m, n)
				break
			}
		}
	}
	return out
}

// bareNumber reads a message that is only a number ("9.9", "48", "9,9 %", "$18,000").
func bareNumber(text string) (decimal.Decimal, bool) {
	t := strings.TrimSpace(text)
	t = strings.TrimRight(t, " .!%")
	t = strings.TrimLeft(t, "$£€ ")
	if t == "" || strings.ContainsFunc(t, func(r rune) bool { return !(r >= '0' && r <= '9') && r != '.' && r != ',' && r != ' ' }) {
		return decimal.Decimal{}, false
	}
	d, ok := parseAmount(t)
	return d, ok && d.IsPositive()
}

func hasSlot(s nlu.Slots, name string) bool {
	_, ok := s.Values()[name]
	return ok
}

func setSlot(s *nlu.Slots, name string, d decimal.Decimal) {
	switch name {
	case nlu.SlotRate:
		s.Rate = &d
	case nlu.SlotAmount:
		s.Amount = &d
	case nlu.SlotTermMonths:
		s.TermMonths = int(d.IntPart())
	case nlu.SlotPremium:
		s.Premium = &d
		if s.PremiumPeriod == "" {
			s.PremiumPeriod = nlu.PerYear
		}
	}
}

// shownFacts are the figures of the shown offers, for the grounding guard: they came from an
// earlier turn's tool result.
func (d Dialogue) shownFacts() []byte {
	b, _ := json.Marshal(d.Shown)
	return b
}

// marketOf is the region a message's words or currency point at ("in the UK", "£") — the
// market whose offers answer it — or "" when it names none. A US state narrows to its
// country's offers.
func marketOf(s nlu.Slots) string {
	if s.Region != "" {
		return strings.ToUpper(s.Region)
	}
	for _, r := range []string{"US", "GB"} {
		if s.Currency != "" && offers.RegionCurrency(r) == s.Currency {
			return r
		}
	}
	return ""
}

// NamesRefresh is how long the catalogue's partner and offer names, which the understanding
// reads "that Harborline loan" with, are kept before they are read again.
const NamesRefresh = time.Minute

// catalogueNames returns the names of the active offers and their partners; nil when the
// catalogue cannot be read (the message is then understood without them). Only the first
// read is waited for: once there are names, the turn that finds them old reads them again
// while the others go on with the old ones, rather than every running turn waiting for it.
func (e *Engine) catalogueNames(ctx context.Context) *nlu.Names {
	e.namesMu.Lock()
	if e.names != nil && (time.Since(e.namesAt) < NamesRefresh || e.namesReading) {
		defer e.namesMu.Unlock()
		return e.names
	}
	if e.Tools == nil || e.Tools.Catalogue == nil {
		e.namesMu.Unlock()
		return nil
	}
	if e.names == nil {
		defer e.namesMu.Unlock()
		if names := e.readNames(ctx); names != nil {
			e.names, e.namesAt = names, time.Now()
		}
		return e.names
	}
	e.namesReading = true
	e.namesMu.Unlock()
	names := e.readNames(ctx)
	e.namesMu.Lock()
	defer e.namesMu.Unlock()
	e.namesReading = false
	if names != nil {
		e.names, e.namesAt = names, time.Now()
	}
	return e.names
}

// readNames reads the names of the active offers and their partners; nil when it cannot.
func (e *Engine) readNames(ctx context.Context) *nlu.Names {
	active := true
	var all []string
	seen := map[string]bool{}
	for offset := 0; ; {
		page, err := e.Tools.Catalogue.Offers(ctx, offers.OfferFilter{Active: &active, Limit: offers.MaxOfferLimit, Offset: offset})
		if err != nil {
			e.Log.WarnContext(ctx, "catalogue names not read", "err", err)
			return nil
		}
		for _, o := range page {
			for _, n := range []string{o.PartnerName, o.Name} {
				if n != "" && !seen[n] {
					seen[n] = true
					all = append(all, n)
				}
			}
		}
		offset += len(page)
		if len(page) < offers.MaxOfferLimit {
			break
		}
	}
	return nlu.NewNames(all...)
}

// region is the user's market, for the crisis line to give; the default region when it
// cannot be read.
func (e *Engine) region(ctx context.Context, userID int64) string {
	if e.Tools == nil {
		return offers.DefaultRegion
	}
	_, r, err := e.Tools.where(ctx, userID, "")
	if err != nil {
		return offers.DefaultRegion
	}
	return r
}

// dialogueNote gives a language model the turn's language and what the conversation
// remembers, as data under the rules.
func dialogueNote(tc *TurnContext) string {
	state, _ := json.Marshal(struct {
		Lang    string       `json:"lang"`
		Shown   []ShownOffer `json:"shown_offers,omitempty"`
		Pending *Pending     `json:"pending_question,omitempty"`
		Intent  string       `json:"understood_intent"`
		Slots   nlu.Slots    `json:"understood_slots"`
	}{tc.Lang, tc.Dialogue.Shown, tc.Dialogue.Pending, tc.Understood.Intent, tc.Understood.Slots})
	return fmt.Sprintf(dialoguePrompt, tc.Lang, state)
}

// localLabel is a tool's progress label in lang: the tool's own (with its real counts) in
// English, a fixed phrase in the other languages.
func localLabel(lang, tool, label string) string {
	if lang == "en" || lang == "" {
		return label
	}
	if t, ok := toolLabels[tool][lang]; ok {
		return t
	}
	return label
}

var toolLabels = map[string]map[string]string{
	ToolGetHoldings:     {"es": "Leyendo tus préstamos y seguros guardados…", "fr": "Lecture de vos prêts et assurances enregistrés…", "de": "Ihre gespeicherten Kredite und Versicherungen werden gelesen…", "sv": "Läser dina sparade lån och försäkringar…"},
	ToolSearchOffers:    {"es": "Buscando en las ofertas de nuestros socios…", "fr": "Recherche dans les offres de nos partenaires…", "de": "Angebote unserer Partner werden durchsucht…", "sv": "Söker bland våra partners erbjudanden…"},
	ToolCompare:         {"es": "Comparando ofertas…", "fr": "Comparaison des offres…", "de": "Angebote werden verglichen…", "sv": "Jämför erbjudanden…"},
	ToolLookupKnowledge: {"es": "Buscando en nuestras guías…", "fr": "Recherche dans nos guides…", "de": "Unsere Leitfäden werden durchsucht…", "sv": "Söker i våra guider…"},
	ToolGetOffer:        {"es": "Leyendo las condiciones de la oferta…", "fr": "Lecture des conditions de l'offre…", "de": "Die Bedingungen des Angebots werden gelesen…", "sv": "Läser erbjudandets villkor…"},
	ToolRequestHuman:    {"es": "Pidiendo una persona…", "fr": "Demande d'un conseiller…", "de": "Ein Mensch wird angefragt…", "sv": "Ber om en människa…"},
}

// localSummary is what a finished tool found, for the progress line: in English the tool's
// own words; in the other languages nothing, so the page shows its own "is typing" words
// rather than an English sentence.
func localSummary(lang, summary string) string {
	if lang == "en" || lang == "" {
		return summary
	}
	return ""
}

// maxHeld is how many stated holdings a dialogue keeps.
const maxHeld = 5

// hold records s, a holding the person stated and the assistant compared, in d.Held: it
// replaces the one of the same product, and the oldest goes when there are maxHeld.
func (d *Dialogue) hold(s nlu.Slots) {
	d.Held = slices.DeleteFunc(d.Held, func(h nlu.Slots) bool { return h.Product == s.Product })
	d.Held = append(d.Held, s)
	if len(d.Held) > maxHeld {
		d.Held = d.Held[len(d.Held)-maxHeld:]
	}
}

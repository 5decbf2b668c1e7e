package assistant

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/sashabaranov/go-openai/jsonschema"

	"ratewise"
	"ratewise/offers"
	"ratewise/retrieval"
)

// The model's tools: this file holds what they share (the specs the model sees, argument
// decoding, the call lifecycle); each tool has its own file (tool_*.go) with its argument
// struct, from which its JSON schema is generated, and its work.

// Catalogue is what the tools need from offers; *offers.Store implements it.
type Catalogue interface {
	Holdings(ctx context.Context, userID int64) ([]offers.Holding, error)
	Holding(ctx context.Context, userID, id int64) (offers.Holding, error)
	Offers(ctx context.Context, f offers.OfferFilter) ([]offers.Offer, error)
	CompareHolding(ctx context.Context, h offers.Holding, p *offers.Profile, offerIDs []int64, limit int) (offers.Comparison, error)
}

// Searcher finds knowledge-base passages; *retrieval.Index implements it.
type Searcher interface {
	Search(ctx context.Context, q retrieval.Query) ([]retrieval.Hit, error)
}

// Tool names.
const (
	ToolGetHoldings     = "get_holdings"
	ToolSearchOffers    = "search_offers"
	ToolCompare         = "compare"
	ToolLookupKnowledge = "lookup_knowledge"
	ToolRequestHuman    = "request_human"
	ToolGetOffer        = "get_offer"
)

// maxCards is how many offer cards one comparison shows.
const maxCards = 3

// productEnum lists the product types as the tools' error messages name them.
var productEnum = func() string {
	b, _ := json.Marshal(offers.ProductTypes)
	return string(b)
}()

// toolSpecs are the tools as the model sees them: each one's parameters are the JSON schema
// of its argument struct, generated from the struct's fields and tags (description, enum;
// ",omitempty" marks an optional argument), so the schema cannot drift from what the tool
// decodes.
var toolSpecs = []ToolSpec{
	toolSpec(ToolGetHoldings, "List the user's saved loans and insurance policies (id, product type, provider, balance, APR, months left, payment or premium). Call this before comparing, unless the user gave the figures in the message.",
		holdingsArgs{}),
	toolSpec(ToolSearchOffers, "Search the partner catalogue for active offers of a product type. With query (the features the user wants, in their words: \"no origination fee\", \"electric car\") offers are ranked by how well their descriptions match it; matched says how many did, and when none did a note says so and the cheapest are listed instead — never present those as matches. Without query, the cheapest come first. Returns each offer's representative APR (or premium), fees, terms and a representative example; with an amount it also returns the monthly payment for that amount.",
		searchArgs{}),
	toolSpec(ToolCompare, "Compare one of the user's loans or policies against partner offers and compute the exact monthly and net savings, fees included. Give holding_id for a saved holding, or holding with the figures the user stated. The user sees the resulting offer cards.",
		compareArgs{}),
	toolSpec(ToolLookupKnowledge, "Find passages in the Ratewise knowledge base that explain a financial term or rule (APR, representative example, refinancing, deductibles…). Returns passages with their source to cite.",
		knowledgeArgs{}),
	toolSpec(ToolGetOffer, "Read one offer's own terms: fees, prepayment penalty, terms and amounts, rate bands by credit score, who can apply, a card's promotion, a policy's cover, deductible and exclusions, and its representative example. Use it to answer a question about an offer already shown (\"what's the catch with the top one?\"); answer from these fields only.",
		offerArgs{}),
	toolSpec(ToolRequestHuman, "Hand the conversation to a human agent. Use when the user asks for a person, or for hardship, bereavement, fraud, complaints, legal questions or vulnerability.",
		humanArgs{}),
}

// toolSpec describes a tool whose arguments decode into a value of args's type.
func toolSpec(name, description string, args any) ToolSpec {
	schema, err := jsonschema.GenerateSchemaForType(args)
	if err != nil {
		panic(fmt.Sprintf("tool %s: %v", name, err)) // a struct the generator cannot describe: a programming error
	}
	b, err := json.Marshal(schema)
	if err == nil && len(schema.Properties) == 0 {
		// The generator leaves out an empty "properties", and servers that check function
		// schemas strictly refuse an object schema without it.
		var m map[string]any
		if err = json.Unmarshal(b, &m); err == nil {
			m["properties"] = map[string]any{}
			b, err = json.Marshal(m)
		}
	}
	if err != nil {
		panic(fmt.Sprintf("tool %s: %v", name, err))
	}
	return ToolSpec{Name: name, Description: description, Parameters: b}
}

// toolResult is what one tool call produced: the JSON the model sees, and what the engine
// needs beside it.
type toolResult struct {
	JSON      json.RawMessage
	Cards     []offers.Card
	Citations []Citation
	Handoff   *Trigger // request_human
	Err       error    // the tool failed; JSON holds the error message for the model
	// Summary says in words what the tool found, from its result ("Compared 42 car-loan
	// offers; 3 are better than your car loan"); the tool.completed event carries it.
	Summary string
}

// Tools runs the model's tools for one user.
type Tools struct {
	Catalogue Catalogue
	Search    Searcher
	// Profile returns the user's saved comparison profile (nil when incomplete) and region
	// ("" when not saved), so the assistant compares what POST /api/v1/compare compares.
	Profile func(ctx context.Context, userID int64) (*offers.Profile, string, error)
}

// where returns the user's profile and the region whose offers they can take, by the same
// rule as POST /api/v1/compare (offers.HoldingRegion): offers of other regions are in other
// currencies and cannot replace their loan.
//
// market, when not "", is the market the user named ("in the UK", "£"): it decides over the
// saved region, so the offers and the currency are the ones the user asked about.
func (t *Tools) where(ctx context.Context, userID int64, market string) (*offers.Profile, string, error) {
	var p *offers.Profile
	saved := ""
	if t.Profile != nil {
		var err error
		if p, saved, err = t.Profile(ctx, userID); err != nil {
			return nil, "", err
		}
	}
	if market != "" {
		r, err := offers.ParseRegion(market)
		if err != nil {
			return nil, "", err
		}
		if p != nil {
			q := *p
			q.Region = r
			p = &q
		}
		return p, r, nil
	}
	return p, offers.HoldingRegion(p, saved), nil
}

// pendingCall is a tool call whose arguments are checked and whose inputs are loaded: Label says
// in words what it is doing, with real counts ("Comparing 42 car-loan offers…"), before the
// work is done by exec.
type pendingCall struct {
	Label string
	exec  func(ctx context.Context) (toolResult, error)
	err   error // the call is refused before running; exec is nil
}

// start checks a call and loads what its label counts. It never fails: a refused call runs
// as an error result.
func (t *Tools) start(ctx context.Context, userID int64, call ToolCall) pendingCall {
	p, err := t.prepare(ctx, userID, call)
	if err != nil {
		return pendingCall{Label: genericLabel(call.Name), err: err}
	}
	return p
}

// Run executes the call. A tool error becomes a message to the model, never a crash of the
// turn; Summary then says the step failed.
func (p pendingCall) Run(ctx context.Context) toolResult {
	err := p.err
	var r toolResult
	if err == nil {
		r, err = p.exec(ctx)
	}
	if err != nil {
		msg := ratewise.ErrorMessage(err)
		if ratewise.ErrorCode(err) == ratewise.EINTERNAL {
			msg = "The tool failed; try again later or answer without it."
		}
		body := map[string]string{"error": msg}
		if field := ratewise.ErrorField(err); field != "" {
			body["field"] = field // the argument the error is about
		}
		b, _ := json.Marshal(body)
		return toolResult{JSON: b, Err: err, Summary: "That step did not work"}
	}
	return r
}

// genericLabel is the progress text of a call refused before it ran.
func genericLabel(name string) string {
	switch name {
	case ToolGetHoldings:
		return "Reading your saved loans and policies…"
	case ToolSearchOffers:
		return "Searching our partners' offers…"
	case ToolCompare:
		return "Comparing offers…"
	case ToolLookupKnowledge:
		return "Searching our guides…"
	case ToolRequestHuman:
		return "Asking for a person…"
	case ToolGetOffer:
		return "Reading the offer's terms…"
	}
	return "Working on it…"
}

func decodeArgs(raw string, v any) error {
	if strings.TrimSpace(raw) == "" {
		raw = "{}"
	}
	dec := json.NewDecoder(strings.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return ratewise.Invalid("arguments", "The arguments are not valid JSON for this tool: %v.", err)
	}
	return nil
}

func (t *Tools) prepare(ctx context.Context, userID int64, call ToolCall) (pendingCall, error) {
	switch call.Name {
	case ToolGetHoldings:
		var a holdingsArgs
		if err := decodeArgs(call.Arguments, &a); err != nil {
			return pendingCall{}, err
		}
		return t.getHoldings(ctx, userID)
	case ToolSearchOffers:
		var a searchArgs
		if err := decodeArgs(call.Arguments, &a); err != nil {
			return pendingCall{}, err
		}
		return t.searchOffers(ctx, userID, a)
	case ToolCompare:
		var a compareArgs
		if err := decodeArgs(call.Arguments, &a); err != nil {
			return pendingCall{}, err
		}
		return t.compare(ctx, userID, a)
	case ToolLookupKnowledge:
		var a knowledgeArgs
		if err := decodeArgs(call.Arguments, &a); err != nil {
			return pendingCall{}, err
		}
		return t.lookup(a)
	case ToolGetOffer:
		var a offerArgs
		if err := decodeArgs(call.Arguments, &a); err != nil {
			return pendingCall{}, err
		}
		return t.getOffer(a)
	case ToolRequestHuman:
		var a humanArgs
		if err := decodeArgs(call.Arguments, &a); err != nil {
			return pendingCall{}, err
		}
		return requestHuman(a)
	}
	return pendingCall{}, ratewise.Invalid("name", "There is no tool named %q.", call.Name)
}

// activeOffers returns every active offer of a product type serving region — the candidates a
// comparison considers — page by page, so the count in a label is the whole catalogue's.
func (t *Tools) activeOffers(ctx context.Context, pt offers.ProductType, region string) ([]offers.Offer, error) {
	active := true
	var all []offers.Offer
	for {
		page, err := t.Catalogue.Offers(ctx, offers.OfferFilter{ProductType: pt, Region: region, Active: &active, Limit: offers.MaxOfferLimit, Offset: len(all)})
		if err != nil {
			return nil, err
		}
		all = append(all, page...)
		if len(page) < offers.MaxOfferLimit {
			return all, nil
		}
	}
}

// offerWords is "42 car-loan offers".
func offerWords(n int, pt offers.ProductType) string {
	w := strings.ReplaceAll(pt.Label(offers.DefaultLocale), " ", "-")
	return plural(n, w+" offer", w+" offers")
}

// toolQuery is a query argument as the tools search it: trimmed, inner whitespace collapsed.
// ok says it is within retrieval.MaxQueryLen characters — runes, as the search itself counts
// them, so a query in accented or non-Latin letters may be as long as one in ASCII.
func toolQuery(s string) (q string, ok bool) {
	q = strings.Join(strings.Fields(s), " ")
	return q, utf8.RuneCountInString(q) <= retrieval.MaxQueryLen
}

func jsonResult(v any) (toolResult, error) {
	b, err := json.Marshal(v)
	return toolResult{JSON: b}, err
}

func parseProduct(s string) (offers.ProductType, error) {
	pt, err := offers.ParseProductType(s)
	if err != nil {
		return "", ratewise.Invalid("product_type", "product_type must be one of %s.", productEnum)
	}
	return pt, nil
}

func truncate(s string, n int) string {
	if len([]rune(s)) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

package assistant

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/shopspring/decimal"

	"ratewise"
	"ratewise/assistant/nlu"
	"ratewise/offers"
)

// The quality harness: golden conversations run through the real engine and tools against the
// configured model, scored on tool use, handoff precision and recall, grounding and
// disclosures. `ratewise eval` runs it; a test runs it on the offline planner.

// The shipped set: its offers are the demo catalogue (offers/catalogue/demo.json) and its
// guides the shipped articles (retrieval/kb), indexed as `ratewise seed` does — what users get.
//
//go:embed eval/golden.json
var goldenJSON []byte

// GoldenCase is one scripted conversation and what a good assistant does in it. A file of
// golden conversations is a JSON array of them.
type GoldenCase struct {
	Name string `json:"name"`
	// Holdings are saved for the case's user before the conversation starts.
	Holdings []GoldenHolding `json:"holdings,omitempty"`
	Turns    []GoldenTurn    `json:"turns"`
}

// GoldenHolding is a loan saved for the case's user before it starts; amounts are decimal
// strings ("18000.00", "10.50").
type GoldenHolding struct {
	ProductType     string `json:"product_type"`
	Provider        string `json:"provider"`
	Balance         string `json:"balance"`
	APR             string `json:"apr"`
	RemainingMonths int    `json:"remaining_months"`
}

// GoldenTurn is one user message and what a good assistant does after it.
type GoldenTurn struct {
	User string `json:"user"`
	// Tools are the tool calls it makes, in order: [] for none; left out, they are not checked.
	Tools *[]string `json:"tools,omitempty"`
	// Handoff says whether the conversation goes to a person after this turn.
	Handoff bool `json:"handoff"`
	// Recommends says the answer recommends offers, so it must carry the disclosures.
	Recommends bool `json:"recommends,omitempty"`
	// Contains and Absent are words the answer must and must not contain (case-insensitive).
	Contains []string `json:"contains,omitempty"`
	Absent   []string `json:"absent,omitempty"`
	// Cites is the knowledge-base article (slug) the answer must cite first.
	Cites string `json:"cites,omitempty"`
}

// GoldenCases returns the set shipped with Ratewise.
func GoldenCases() ([]GoldenCase, error) { return ParseGoldenCases(goldenJSON) }

// ParseGoldenCases reads golden conversations from JSON and checks them before anything runs:
// an unknown field, a case without a name or turns, or a holding a user could not save is
// refused with the case and the field named.
func ParseGoldenCases(b []byte) ([]GoldenCase, error) {
	var cs []GoldenCase
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&cs); err != nil {
		return nil, fmt.Errorf("golden conversations: %w", err)
	}
	if dec.More() {
		return nil, errors.New("golden conversations: the file holds more than one JSON array")
	}
	for i, c := range cs {
		if c.Name == "" || len(c.Turns) == 0 {
			return nil, fmt.Errorf("golden conversation %d: needs a name and at least one turn", i+1)
		}
		for j, h := range c.Holdings {
			if _, err := h.holding(); err != nil {
				return nil, fmt.Errorf("golden conversation %d (%q), holding %d: %s: %s", i+1, c.Name, j+1, ratewise.ErrorField(err), ratewise.ErrorMessage(err))
			}
		}
	}
	return cs, nil
}

// holding is h as the case's user saves it, checked as a saved holding is; an error names
// the field.
func (h GoldenHolding) holding() (offers.Holding, error) {
	pt, err := offers.ParseProductType(h.ProductType)
	if err != nil {
		return offers.Holding{}, err
	}
	amount := func(field, s string) (decimal.Decimal, error) {
		d, err := decimal.NewFromString(strings.TrimSpace(s))
		if err != nil {
			return d, ratewise.Invalid(field, "%q is not a decimal number such as \"18000.00\".", s)
		}
		return d, nil
	}
	balance, err := amount("balance", h.Balance)
	if err != nil {
		return offers.Holding{}, err
	}
	apr, err := amount("apr", h.APR)
	if err != nil {
		return offers.Holding{}, err
	}
	hold := offers.Holding{Kind: pt.Kind(), ProductType: pt, Provider: h.Provider,
		Balance: offers.NewMoney(balance), APR: offers.NewPercent(apr), RemainingMonths: h.RemainingMonths}
	return hold, hold.Validate()
}

// Thresholds below which `ratewise eval` fails. They are documented in docs/assistant.md.
var Thresholds = struct {
	ToolUse, HandoffPrecision, HandoffRecall, Disclosure float64
	Ungrounded                                           int
}{ToolUse: 0.90, HandoffPrecision: 0.95, HandoffRecall: 0.95, Disclosure: 0.95, Ungrounded: 0}

// EvalReport holds the harness's numbers.
type EvalReport struct {
	Cases, Turns         int
	ToolChecked, ToolOK  int
	HandoffTP, HandoffFP int
	HandoffFN            int
	Recommendations      int
	Disclosed            int
	Flagged              int // answers the guard replaced (flagged ungrounded)
	Ungrounded           int // delivered answers with a figure no tool result or user message supports
	ExpectationsChecked  int
	ExpectationsMet      int
	Failures             []string
}

func ratio(n, d int) float64 {
	if d == 0 {
		return 1
	}
	return float64(n) / float64(d)
}

// ToolUse is the share of checked turns whose tool calls were exactly the expected ones.
func (r EvalReport) ToolUse() float64 { return ratio(r.ToolOK, r.ToolChecked) }

// HandoffPrecision is the share of handoffs that should have happened.
func (r EvalReport) HandoffPrecision() float64 { return ratio(r.HandoffTP, r.HandoffTP+r.HandoffFP) }

// HandoffRecall is the share of expected handoffs that happened.
func (r EvalReport) HandoffRecall() float64 { return ratio(r.HandoffTP, r.HandoffTP+r.HandoffFN) }

// DisclosureRate is the share of recommendations with every required disclosure.
func (r EvalReport) DisclosureRate() float64 { return ratio(r.Disclosed, r.Recommendations) }

// Passed reports whether every number meets its threshold.
func (r EvalReport) Passed() bool {
	return r.ToolUse() >= Thresholds.ToolUse && r.HandoffPrecision() >= Thresholds.HandoffPrecision &&
		r.HandoffRecall() >= Thresholds.HandoffRecall && r.DisclosureRate() >= Thresholds.Disclosure &&
		r.Ungrounded <= Thresholds.Ungrounded
}

// WriteTable prints the report.
func (r EvalReport) WriteTable(w io.Writer) {
	mark := func(ok bool) string {
		if ok {
			return "ok"
		}
		return "BELOW THRESHOLD"
	}
	fmt.Fprintf(w, "%d golden conversations, %d turns\n\n", r.Cases, r.Turns)
	fmt.Fprintf(w, "%-36s %8s %10s\n", "metric", "value", "threshold")
	fmt.Fprintf(w, "%-36s %7.1f%% %9.0f%%  %s\n", fmt.Sprintf("correct tool use (%d/%d)", r.ToolOK, r.ToolChecked), 100*r.ToolUse(), 100*Thresholds.ToolUse, mark(r.ToolUse() >= Thresholds.ToolUse))
	fmt.Fprintf(w, "%-36s %7.1f%% %9.0f%%  %s\n", fmt.Sprintf("handoff precision (%d/%d)", r.HandoffTP, r.HandoffTP+r.HandoffFP), 100*r.HandoffPrecision(), 100*Thresholds.HandoffPrecision, mark(r.HandoffPrecision() >= Thresholds.HandoffPrecision))
	fmt.Fprintf(w, "%-36s %7.1f%% %9.0f%%  %s\n", fmt.Sprintf("handoff recall (%d/%d)", r.HandoffTP, r.HandoffTP+r.HandoffFN), 100*r.HandoffRecall(), 100*Thresholds.HandoffRecall, mark(r.HandoffRecall() >= Thresholds.HandoffRecall))
	fmt.Fprintf(w, "%-36s %8d %10d  %s\n", "grounding violations delivered", r.Ungrounded, Thresholds.Ungrounded, mark(r.Ungrounded <= Thresholds.Ungrounded))
	fmt.Fprintf(w, "%-36s %8d %10s\n", "answers replaced by the guard", r.Flagged, "-")
	fmt.Fprintf(w, "%-36s %7.1f%% %9.0f%%  %s\n", fmt.Sprintf("required disclosures (%d/%d)", r.Disclosed, r.Recommendations), 100*r.DisclosureRate(), 100*Thresholds.Disclosure, mark(r.DisclosureRate() >= Thresholds.Disclosure))
	fmt.Fprintf(w, "%-36s %8s %10s\n", fmt.Sprintf("content expectations (%d/%d)", r.ExpectationsMet, r.ExpectationsChecked), "", "-")
	if len(r.Failures) > 0 {
		fmt.Fprintf(w, "\nmisses:\n")
		for _, f := range r.Failures {
			fmt.Fprintf(w, "  %s\n", f)
		}
	}
}

// approvalPromises are phrases an answer must never contain.
var approvalPromises = []string{"pre-approved", "preapproved", "you are approved", "you're approved", "guaranteed approval", "you will be approved", "you'll be approved"}

// hasDisclosures reports whether a recommending answer carries what the rules require, in
// one of the languages the assistant answers in.
func hasDisclosures(text string) bool {
	l := strings.ToLower(text)
	for _, p := range approvalPromises {
		if strings.Contains(l, p) {
			return false
		}
	}
	prefix := func(lang, key string) string {
		t, _, _ := strings.Cut(say(lang, key), "%")
		return strings.ToLower(strings.TrimSpace(t))
	}
	for _, lang := range nlu.Languages {
		paid := strings.Contains(l, "paid by") || strings.Contains(l, strings.ToLower(say(lang, "disclosure")))
		// A policy has no APR: only an answer that quotes a rate owes its representative APR and
		// example.
		rated := !strings.Contains(l, "%") || (strings.Contains(l, prefix(lang, "rep_apr")) && strings.Contains(l, prefix(lang, "rep_example")))
		if paid && rated &&
			(strings.Contains(l, "not an offer") || strings.Contains(l, strings.ToLower(say(lang, "no_approval")))) {
			return true
		}
	}
	return false
}

// EvalUser makes the throwaway user a golden case runs as and returns a function that removes
// it, with what it owns. Users are not the harness's to write: the caller brings them from the
// package that owns them.
type EvalUser func(ctx context.Context) (userID int64, remove func(context.Context) error, err error)

// RunEval runs cases through an engine on pool with model, on what users get: the shipped demo
// catalogue (offers.SeedDemo, upserted in place, so a database that has it is unchanged) and
// search — the index, which the caller fills with the shipped articles. indexOffers, when not
// nil, brings the index's offer passages in line with the catalogue; it runs once the demo
// catalogue is loaded and again once it is removed. Partners the demo catalogue had to add are
// removed afterwards, with their offers; each case runs as a user from newUser, removed when
// the case ends.
func RunEval(ctx context.Context, pool *pgxpool.Pool, model Model, search Searcher, indexOffers func(context.Context) error, newUser EvalUser, cases []GoldenCase) (EvalReport, error) {
	rep := EvalReport{Cases: len(cases)}
	catalogue := offers.NewStore(pool)
	cleanup, err := seedDemoCatalogue(ctx, catalogue)
	if err != nil {
		return rep, err
	}
	defer func() {
		ctx := context.WithoutCancel(ctx)
		if cleanup(ctx) == nil && indexOffers != nil {
			indexOffers(ctx) //nolint:errcheck // the next sync (serve's, or the next eval's) retries
		}
	}()
	if indexOffers != nil {
		if err := indexOffers(ctx); err != nil {
			return rep, fmt.Errorf("index the offer passages: %w", err)
		}
	}
	eng := NewEngine(pool, nil, model, catalogue, search, nil)
	defer eng.Close()
	for _, c := range cases {
		if err := runCase(ctx, pool, eng, catalogue, newUser, c, &rep); err != nil {
			return rep, fmt.Errorf("%s: %w", c.Name, err)
		}
	}
	return rep, nil
}

// seedDemoCatalogue loads the demo catalogue and returns a function that removes the partners
// (and so the offers) it added; partners that were there before are left as they were seeded.
func seedDemoCatalogue(ctx context.Context, store *offers.Store) (func(context.Context) error, error) {
	before, err := store.Partners(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := store.SeedDemo(ctx); err != nil {
		return nil, fmt.Errorf("seed the demo catalogue: %w", err)
	}
	after, err := store.Partners(ctx)
	if err != nil {
		return nil, err
	}
	var added []int64
	for _, p := range after {
		if !slices.ContainsFunc(before, func(q offers.Partner) bool { return q.ID == p.ID }) {
			added = append(added, p.ID)
		}
	}
	return func(ctx context.Context) error {
		if len(added) == 0 {
			return nil
		}
		_, err := store.DeletePartners(ctx, added)
		return err
	}, nil
}

func runCase(ctx context.Context, pool *pgxpool.Pool, eng *Engine, catalogue *offers.Store, newUser EvalUser, c GoldenCase, rep *EvalReport) error {
	userID, remove, err := newUser(ctx)
	if err != nil {
		return fmt.Errorf("make the case's user: %w", err)
	}
	defer remove(context.WithoutCancel(ctx)) //nolint:errcheck
	for i, gh := range c.Holdings {
		h, err := gh.holding()
		if err != nil {
			return fmt.Errorf("holding %d: %w", i+1, err)
		}
		if _, err := catalogue.CreateHolding(ctx, userID, h); err != nil {
			return err
		}
	}
	conv, err := eng.Store.CreateConversation(ctx, userID)
	if err != nil {
		return err
	}
	var facts Facts
	for i, turn := range c.Turns {
		rep.Turns++
		where := fmt.Sprintf("%s, turn %d (%q)", c.Name, i+1, turn.User)
		before, err := eng.Store.Conversation(ctx, userID, conv.ID)
		if err != nil {
			return err
		}
		res, replies, err := eng.Send(ctx, userID, conv.ID, turn.User, fmt.Sprintf("eval-%d", i), true)
		if err != nil {
			rep.Failures = append(rep.Failures, where+": turn failed: "+err.Error())
			continue
		}
		after, err := eng.Store.Conversation(ctx, userID, conv.ID)
		if err != nil {
			return err
		}
		var tools []string
		msgs, err := eng.Store.messages(ctx, pool, conv.ID, true, 0)
		if err != nil {
			return err
		}
		for _, m := range msgs {
			if m.Role == RoleTool && m.ReplyTo != nil && *m.ReplyTo == res.Message.ID {
				tools = append(tools, m.ToolName)
				facts.AddJSON([]byte(m.Text))
			}
		}
		facts.AddUserText(turn.User)
		text := ""
		var ans *Message
		if len(replies) > 0 {
			ans = replies[len(replies)-1]
			text = ans.Text
		}

		if turn.Tools != nil {
			rep.ToolChecked++
			want := *turn.Tools
			if slices.Equal(tools, want) || (len(tools) == 0 && len(want) == 0) {
				rep.ToolOK++
			} else {
				rep.Failures = append(rep.Failures, fmt.Sprintf("%s: tools %v, want %v", where, tools, want))
			}
		}
		handedOff := before.State == StateBot && after.State == StateQueued
		switch {
		case handedOff && turn.Handoff:
			rep.HandoffTP++
		case handedOff:
			rep.HandoffFP++
			rep.Failures = append(rep.Failures, where+": handed off, want not")
		case turn.Handoff:
			rep.HandoffFN++
			rep.Failures = append(rep.Failures, where+": not handed off, want a handoff")
		}
		if ans != nil {
			if slices.Contains(ans.Flags, FlagUngrounded) {
				rep.Flagged++
				rep.Failures = append(rep.Failures, where+": the guard replaced the answer with "+truncate(ans.Text, 200))
			}
			if bad := facts.Ungrounded(text); len(bad) > 0 {
				rep.Ungrounded++
				rep.Failures = append(rep.Failures, fmt.Sprintf("%s: figures without a source %v", where, bad))
			}
			if turn.Recommends || len(ans.Cards) > 0 {
				rep.Recommendations++
				if hasDisclosures(text) {
					rep.Disclosed++
				} else {
					rep.Failures = append(rep.Failures, where+": recommendation without the required disclosures")
				}
			}
		} else if turn.Recommends {
			rep.Recommendations++
			rep.Failures = append(rep.Failures, where+": no answer, want a recommendation")
		}
		l := strings.ToLower(text)
		for _, w := range turn.Contains {
			rep.ExpectationsChecked++
			if strings.Contains(l, strings.ToLower(w)) {
				rep.ExpectationsMet++
			} else {
				rep.Failures = append(rep.Failures, fmt.Sprintf("%s: answer lacks %q", where, w))
			}
		}
		if turn.Cites != "" {
			rep.ExpectationsChecked++
			if ans != nil && len(ans.Citations) > 0 && ans.Citations[0].Slug == turn.Cites && ans.Citations[0].URL == "/kb/"+turn.Cites {
				rep.ExpectationsMet++
			} else {
				var got []string
				if ans != nil {
					for _, c := range ans.Citations {
						got = append(got, c.Slug)
					}
				}
				rep.Failures = append(rep.Failures, fmt.Sprintf("%s: cites %v, want %s first", where, got, turn.Cites))
			}
		}
		for _, w := range turn.Absent {
			rep.ExpectationsChecked++
			if !strings.Contains(l, strings.ToLower(w)) {
				rep.ExpectationsMet++
			} else {
				rep.Failures = append(rep.Failures, fmt.Sprintf("%s: answer contains %q", where, w))
			}
		}
	}
	return nil
}

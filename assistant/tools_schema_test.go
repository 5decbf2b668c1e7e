package assistant

import (
	"context"
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"testing"

	"ratewise"
	"ratewise/offers"
	"ratewise/retrieval"
)

// schemaOf is a tool's parameters schema as the model sees it.
type schemaOf struct {
	Type                 string              `json:"type"`
	Properties           map[string]schemaOf `json:"properties"`
	Required             []string            `json:"required"`
	Enum                 []string            `json:"enum"`
	AdditionalProperties *bool               `json:"additionalProperties"`
}

func toolSchema(t *testing.T, name string) schemaOf {
	t.Helper()
	for _, s := range toolSpecs {
		if s.Name == name {
			var sc schemaOf
			if err := json.Unmarshal(s.Parameters, &sc); err != nil {
				t.Fatalf("%s: parameters %s: %v", name, s.Parameters, err)
			}
			return sc
		}
	}
	t.Fatalf("no tool %s in toolSpecs", name)
	return schemaOf{}
}

// loanOrPolicy is a stated holding of product type pt with the figures compare needs for it.
func loanOrPolicy(pt string) map[string]any {
	if offers.ProductType(pt).IsLoan() {
		return map[string]any{"product_type": pt, "balance": "15000.00", "apr": "9.90", "remaining_months": 48}
	}
	return map[string]any{"product_type": pt, "premium": "900.00"}
}

// The schemas the model sees are generated from the argument structs; this checks them against
// what the tools accept: a call with every property of the schema is accepted, the arguments a
// schema marks required are the ones a call cannot leave out, every enum value is accepted and
// a value outside it is refused, enums list exactly what the code knows, and an argument the
// schema does not name is refused.
func TestToolSchemasMatchWhatTheToolsAccept(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	f.eng.Tools.Search = localIndex(f.pool)
	ctx := context.Background()
	call := func(name string, args map[string]any) error {
		b, err := json.Marshal(args)
		if err != nil {
			t.Fatal(err)
		}
		return f.eng.Tools.start(ctx, f.userID, ToolCall{ID: "c", Name: name, Arguments: string(b)}).err
	}
	saved, err := offers.NewStore(f.pool).CreateHolding(ctx, f.userID, offers.Holding{Kind: offers.KindLoan, ProductType: offers.AutoLoan,
		Provider: "Big Bank", Balance: offers.MustMoney("18000.00"), APR: offers.MustPercent("10.50"), RemainingMonths: 54})
	if err != nil {
		t.Fatal(err)
	}
	productTypes := make([]string, len(offers.ProductTypes))
	for i, pt := range offers.ProductTypes {
		productTypes[i] = string(pt)
	}

	tests := []struct {
		tool string
		// full sets every property of the schema; minimal only what a call needs.
		full, minimal map[string]any
		// enums: the values each enumerated property must list, and a call with value v.
		enums map[string][]string
		with  func(prop, v string) map[string]any
		// lenient: required arguments the tool defaults when a model leaves them out anyway.
		lenient map[string]bool
		// oneOf: arguments of which a call needs one, which the tool's description says (the
		// schema's required list cannot).
		oneOf []string
	}{
		{tool: ToolGetHoldings, full: map[string]any{}, minimal: map[string]any{}},
		{
			tool:    ToolSearchOffers,
			full:    map[string]any{"query": "no origination fee", "product_type": "personal_loan", "amount": "5000.00", "term_months": 36, "limit": 3, "region": "GB", "credit_score": 640},
			minimal: map[string]any{"product_type": "personal_loan"},
			enums:   map[string][]string{"product_type": productTypes},
			with: func(_, v string) map[string]any {
				return map[string]any{"product_type": v, "amount": "5000.00"}
			},
		},
		{
			tool: ToolCompare,
			full: map[string]any{"holding_id": saved.ID, "holding": map[string]any{"product_type": "auto_loan", "balance": "15000.00", "apr": "9.90",
				"remaining_months": 48, "currency": "GBP"}, "offer_ids": []int64{1, 2}, "limit": 2, "credit_score": 700, "region": "GB", "extra_payment": "100.00", "what_if_payment": "550.00"},
			minimal: map[string]any{"holding": map[string]any{"product_type": "auto_loan", "balance": "15000.00", "apr": "9.90", "remaining_months": 48}},
			enums:   map[string][]string{"holding.product_type": productTypes},
			with:    func(_, v string) map[string]any { return map[string]any{"holding": loanOrPolicy(v)} },
			oneOf:   []string{"holding_id", "holding"},
		},
		{
			tool:    ToolLookupKnowledge,
			full:    map[string]any{"query": "what is an APR"},
			minimal: map[string]any{"query": "what is an APR"},
		},
		{
			tool:    ToolGetOffer,
			full:    map[string]any{"offer_id": 1},
			minimal: map[string]any{"offer_id": 1},
		},
		{
			tool:    ToolRequestHuman,
			full:    map[string]any{"reason": "hardship", "summary": "lost their job"},
			minimal: map[string]any{"reason": "requested"},
			enums:   map[string][]string{"reason": humanReasons},
			with:    func(_, v string) map[string]any { return map[string]any{"reason": v} },
			lenient: map[string]bool{"reason": true}, // asking for a person without a reason is a plain request
		},
	}
	for _, tt := range tests {
		t.Run(tt.tool, func(t *testing.T) {
			sc := toolSchema(t, tt.tool)
			if sc.Type != "object" || sc.AdditionalProperties == nil || *sc.AdditionalProperties || sc.Properties == nil {
				t.Errorf("schema = %+v; want an object with properties and no additional ones", sc)
			}
			if got, want := slices.Sorted(maps.Keys(sc.Properties)), slices.Sorted(maps.Keys(tt.full)); !slices.Equal(got, want) {
				t.Errorf("schema properties %v, want the tool's arguments %v", got, want)
			}
			if err := call(tt.tool, tt.full); err != nil {
				t.Errorf("a call with every argument: %v", err)
			}
			if err := call(tt.tool, tt.minimal); err != nil {
				t.Errorf("a call with the required arguments: %v", err)
			}
			// Required: in the minimal call, and refused when left out.
			for _, req := range sc.Required {
				if _, ok := tt.minimal[req]; !ok {
					t.Errorf("%s is required by the schema but a call works without it", req)
				}
			}
			for name := range tt.minimal {
				without := maps.Clone(tt.minimal)
				delete(without, name)
				err := call(tt.tool, without)
				needed := (slices.Contains(sc.Required, name) || slices.Contains(tt.oneOf, name)) && !tt.lenient[name]
				if needed != (err != nil) {
					t.Errorf("without %s: err %v; want refused = %v", name, err, needed)
				}
			}
			// Nested objects: their required properties too.
			for prop, sub := range sc.Properties {
				if sub.Type != "object" {
					continue
				}
				nested, _ := tt.minimal[prop].(map[string]any)
				for _, req := range sub.Required {
					without := maps.Clone(nested)
					delete(without, req)
					args := maps.Clone(tt.minimal)
					args[prop] = without
					if err := call(tt.tool, args); ratewise.ErrorCode(err) != ratewise.EINVALID {
						t.Errorf("without %s.%s: err %v, want invalid", prop, req, err)
					}
				}
			}
			// Enums.
			for path, want := range tt.enums {
				p := sc
				for _, part := range strings.Split(path, ".") {
					p = p.Properties[part]
				}
				if !slices.Equal(p.Enum, want) {
					t.Errorf("%s enum %v, want %v", path, p.Enum, want)
				}
				for _, v := range want {
					if err := call(tt.tool, tt.with(path, v)); err != nil {
						t.Errorf("%s = %q is in the enum but refused: %v", path, v, err)
					}
				}
				if err := call(tt.tool, tt.with(path, "boat")); ratewise.ErrorCode(err) != ratewise.EINVALID {
					t.Errorf("%s = \"boat\" is not in the enum but: %v", path, err)
				}
			}
			unknown := maps.Clone(tt.full)
			unknown["colour"] = "blue"
			if err := call(tt.tool, unknown); ratewise.ErrorField(err) != "arguments" {
				t.Errorf("an argument the schema does not name: %v, want refused", err)
			}
		})
	}
}

// Both tools that take a query measure it the same way, in characters: a query of the longest
// length in accented letters is taken, one character more is refused.
func TestToolQueriesAreMeasuredInCharacters(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	f.eng.Tools.Search = localIndex(f.pool)
	longest := strings.Repeat("é", retrieval.MaxQueryLen) // two bytes each
	for _, tt := range []struct {
		tool string
		args func(q string) map[string]any
	}{
		{ToolSearchOffers, func(q string) map[string]any { return map[string]any{"product_type": "auto_loan", "query": q} }},
		{ToolLookupKnowledge, func(q string) map[string]any { return map[string]any{"query": q} }},
	} {
		t.Run(tt.tool, func(t *testing.T) {
			call := func(q string) error {
				b, _ := json.Marshal(tt.args(q))
				return f.eng.Tools.start(context.Background(), f.userID, ToolCall{ID: "c", Name: tt.tool, Arguments: string(b)}).err
			}
			if err := call(longest); err != nil {
				t.Errorf("a query of %d characters: %v, want it taken", retrieval.MaxQueryLen, err)
			}
			if err := call("  " + longest + "  "); err != nil {
				t.Errorf("the same with spaces around: %v, want it taken", err)
			}
			if err := call(longest + "e"); ratewise.ErrorField(err) != "query" {
				t.Errorf("a query of %d characters: %v, want it refused", retrieval.MaxQueryLen+1, err)
			}
		})
	}
}

// A stated holding in a currency is compared only with offers in that currency: a loan in
// euros against the US's dollar offers is refused with an error the model can act on; a loan
// in pounds with the UK's region is compared.
func TestCompareRefusesAHoldingInAnotherCurrency(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	withCatalogue(t, f)
	call := func(args map[string]any) error {
		b, err := json.Marshal(args)
		if err != nil {
			t.Fatal(err)
		}
		return f.eng.Tools.start(context.Background(), f.userID, ToolCall{ID: "c", Name: ToolCompare, Arguments: string(b)}).err
	}
	loan := func(currency string) map[string]any {
		return map[string]any{"product_type": "personal_loan", "balance": "10000.00", "apr": "11.00", "remaining_months": 36, "currency": currency}
	}
	err := call(map[string]any{"holding": loan("EUR")})
	if ratewise.ErrorCode(err) != ratewise.EINVALID || !strings.Contains(err.Error(), "EUR") {
		t.Errorf("a loan in euros compared with dollar offers: %v, want an invalid-argument error naming EUR", err)
	}
	// Not a currency code at all: refused as such, and the value is not repeated back.
	for _, bad := range []string{"€", "euros", strings.Repeat("X", 5000)} {
		if err := call(map[string]any{"holding": loan(bad)}); ratewise.ErrorCode(err) != ratewise.EINVALID || len(err.Error()) > 200 {
			t.Errorf("currency %.20q: %.300v, want a short invalid-argument error", bad, err)
		}
	}
	if err := call(map[string]any{"holding": loan("GBP"), "region": "GB"}); err != nil {
		t.Errorf("a loan in pounds with region GB: %v", err)
	}
	if err := call(map[string]any{"holding": loan("usd")}); err != nil {
		t.Errorf("a loan in dollars in the user's own region: %v", err)
	}
}

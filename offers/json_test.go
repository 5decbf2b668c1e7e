package offers

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
)

func keys(t *testing.T, v any) map[string]any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// The API's JSON shapes (web/openapi.json): other packages and the browser rely on these names.
func TestJSONShapes(t *testing.T) {
	t.Parallel()
	h := Holding{Kind: KindLoan, ProductType: PersonalLoan, Balance: MustMoney("15000"), APR: MustPercent("22.99"), RemainingMonths: 36}
	o := loanOffer(42, "11.5", "2", 36, 60)
	o.PartnerName, o.PartnerID, o.Currency, o.Description, o.URL = "Acme Bank", 7, "USD", "A loan", "https://acme.example/l"
	cmp := Compare(h, []Offer{o}, nil, CompareOptions{})
	card := keys(t, NewCard(cmp, cmp.Options[0]))
	for _, k := range []string{"offer_id", "partner", "name", "product_type", "representative_apr", "monthly_payment", "monthly_saving",
		"net_saving", "break_even_month", "fees", "eligible", "reasons", "representative_example", "chart"} {
		if _, ok := card[k]; !ok {
			t.Errorf("card lacks %q", k)
		}
	}
	if card["offer_id"] != float64(42) || card["partner"] != "Acme Bank" || card["monthly_payment"] != cmp.Options[0].Cost.MonthlyPayment.String() {
		t.Errorf("card %v", card)
	}
	chart := card["chart"].(map[string]any)
	for _, k := range []string{"months", "current", "offer"} {
		if _, ok := chart[k].([]any); !ok {
			t.Errorf("chart.%s is not a list: %v", k, chart[k])
		}
	}
	offer := keys(t, o)
	if p, _ := offer["partner"].(map[string]any); p["id"] != float64(7) || p["name"] != "Acme Bank" {
		t.Errorf("offer partner %v, want {id: 7, name: Acme Bank}", offer["partner"])
	}
	// The catalogue's nominal rate is "rate"; the representative APR adds the 2 % fee.
	if offer["rate"] != "11.50" || offer["origination_fee"] != "2.00" {
		t.Errorf("offer rates %v %v, want \"11.50\" and \"2.00\"", offer["rate"], offer["origination_fee"])
	}
	if rep := o.RepresentativeAPR(); offer["representative_apr"] != rep.String() || card["representative_apr"] != rep.String() || !rep.GreaterThan(o.Rate.Decimal) {
		t.Errorf("representative APR: offer %v, card %v, computed %s; want the same, above the 11.50 rate", offer["representative_apr"], card["representative_apr"], rep)
	}
	resp := keys(t, cmp)
	opt := resp["options"].([]any)[0].(map[string]any)
	for _, k := range []string{"offer", "eligible", "reasons", "cost", "monthly_saving", "net_saving", "break_even_month"} {
		if _, ok := opt[k]; !ok {
			t.Errorf("option lacks %q", k)
		}
	}
	ins := CurrentCost(Holding{Kind: KindInsurance, ProductType: HomeInsurance, Premium: mp("100"), PremiumFrequency: Quarterly})
	insJSON := keys(t, ins)
	if insJSON["annual_premium"] != "400.00" || insJSON["coverage_limit"] == nil || insJSON["total_paid"] != nil {
		t.Errorf("insurance cost %v, want the insurance shape", insJSON)
	}
}

func TestHoldingJSON(t *testing.T) {
	t.Parallel()
	var h Holding
	in := `{"kind":"insurance","product_type":"auto_insurance","provider":"X","balance":"0","apr":"0","remaining_months":0,
		"premium":"95.5","premium_frequency":"monthly","coverage_limit":"300000","deductible":"500","renewal_date":"2026-09-01"}`
	if err := json.Unmarshal([]byte(in), &h); err != nil {
		t.Fatal(err)
	}
	if err := h.Validate(); err != nil {
		t.Fatal(err)
	}
	out := keys(t, h)
	if out["premium"] != "95.50" || out["renewal_date"] != "2026-09-01" || out["balance"] != "0.00" {
		t.Errorf("round trip %v", out)
	}
	err := json.Unmarshal([]byte(`{"balance":"12,000"}`), &h)
	var te *json.UnmarshalTypeError
	if !errors.As(err, &te) || te.Field != "balance" {
		t.Errorf("bad balance: %v, want a type error on field balance", err)
	}
	for _, bad := range []string{`"1e5"`, `"NaN"`, `""`, `true`, `"12.5.1"`} {
		t.Run("Money refuses "+bad, func(t *testing.T) {
			var m Money
			if err := json.Unmarshal([]byte(bad), &m); err == nil {
				t.Errorf("Money accepted %s as %s", bad, m)
			}
		})
	}
	var m Money
	if err := json.Unmarshal([]byte(`1234.5`), &m); err != nil || m.String() != "1234.50" {
		t.Errorf("a JSON number: %v %s", err, m)
	}
	if got := MustMoney("2.345").String(); got != "2.35" {
		t.Errorf("half-up presentation: %s, want 2.35", got)
	}
	if !slices.Contains(strings.Split(productTypeList(), ", "), "life_insurance") {
		t.Error("product type list lacks life_insurance")
	}
}

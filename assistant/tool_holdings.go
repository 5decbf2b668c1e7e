package assistant

import (
	"context"

	"github.com/shopspring/decimal"

	"ratewise/offers"
)

// holdingsArgs are get_holdings' arguments: none.
type holdingsArgs struct{}

// holdingsResult is what get_holdings returns: the holdings, and the currency they are in
// (the user's region's, by the rule every comparison follows) with the locale to write them in.
type holdingsResult struct {
	Holdings []offers.Holding `json:"holdings"`
	Currency string           `json:"currency"`
	Locale   string           `json:"locale"`
	// Debt is what the saved loans and cards add up to, when there are any.
	Debt *holdingsDebt `json:"debt,omitempty"`
}

// holdingsDebt is what the saved loans and cards add up to: how many, what is owed on them,
// and what they cost a month between them, each as a comparison costs it (offers.CurrentCost:
// the payment saved, else the schedule's, or 3 % of a card's balance, Assumed).
type holdingsDebt struct {
	Count           int          `json:"count"`
	Owed            offers.Money `json:"owed"`
	MonthlyPayments offers.Money `json:"monthly_payments"`
	Assumed         bool         `json:"assumed,omitempty"`
	// AssumedPaymentRate is the share of such a card's balance assumed paid a month, in
	// percent (offers.AssumedCardPaymentPct), so the answer may say it.
	AssumedPaymentRate *offers.Percent `json:"assumed_payment_rate,omitempty"`
}

// debtOf adds up the loans and cards among hs; nil when there are none.
func debtOf(hs []offers.Holding) *holdingsDebt {
	var d holdingsDebt
	for _, h := range hs {
		if h.Kind == offers.KindInsurance || !h.ProductType.IsLoan() {
			continue
		}
		d.Count++
		d.Owed.Decimal = d.Owed.Add(h.Balance.Decimal)
		d.MonthlyPayments.Decimal = d.MonthlyPayments.Add(offers.CurrentCost(h).MonthlyPayment.Decimal)
		d.Assumed = d.Assumed || h.PaymentBasis() == offers.PaymentAssumed
	}
	if d.Count == 0 {
		return nil
	}
	if d.Assumed {
		d.AssumedPaymentRate = assumedPaymentRate()
	}
	return &d
}

// getHoldings lists the user's saved loans and policies.
func (t *Tools) getHoldings(ctx context.Context, userID int64) (pendingCall, error) {
	_, region, err := t.where(ctx, userID, "")
	if err != nil {
		return pendingCall{}, err
	}
	return pendingCall{Label: genericLabel(ToolGetHoldings), exec: func(ctx context.Context) (toolResult, error) {
		hs, err := t.Catalogue.Holdings(ctx, userID)
		if err != nil {
			return toolResult{}, err
		}
		if hs == nil {
			hs = []offers.Holding{}
		}
		for i := range hs {
			hs[i].Provider = quoteName(hs[i].Provider)
		}
		r, err := jsonResult(holdingsResult{Holdings: hs, Currency: offers.RegionCurrency(region), Locale: offers.RegionLocale(region), Debt: debtOf(hs)})
		r.Summary = "Found " + plural(len(hs), "saved loan or policy", "saved loans and policies")
		return r, err
	}}, nil
}

// assumedPaymentRate is offers.AssumedCardPaymentPct as a result's figure.
func assumedPaymentRate() *offers.Percent {
	return &offers.Percent{Decimal: decimal.NewFromInt(offers.AssumedCardPaymentPct)}
}

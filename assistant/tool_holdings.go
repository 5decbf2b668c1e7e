package assistant

import (
	"context"

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
		r, err := jsonResult(holdingsResult{Holdings: hs, Currency: offers.RegionCurrency(region), Locale: offers.RegionLocale(region)})
		r.Summary = "Found " + plural(len(hs), "saved loan or policy", "saved loans and policies")
		return r, err
	}}, nil
}

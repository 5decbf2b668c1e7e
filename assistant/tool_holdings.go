package assistant

import (
	"context"

	"ratewise/offers"
)

// holdingsArgs are get_holdings' arguments: none.
type holdingsArgs struct{}

// getHoldings lists the user's saved loans and policies.
func (t *Tools) getHoldings(userID int64) pendingCall {
	return pendingCall{Label: genericLabel(ToolGetHoldings), exec: func(ctx context.Context) (toolResult, error) {
		hs, err := t.Catalogue.Holdings(ctx, userID)
		if err != nil {
			return toolResult{}, err
		}
		if hs == nil {
			hs = []offers.Holding{}
		}
		r, err := jsonResult(map[string]any{"holdings": hs})
		r.Summary = "Found " + plural(len(hs), "saved loan or policy", "saved loans and policies")
		return r, err
	}}
}

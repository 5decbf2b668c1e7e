package offers

import "context"

// Compare measures holding h against candidates for a consumer with profile p (nil: no
// eligibility beyond the offer's own limits) and ranks them: eligible first, then by net
// saving, ties by lower APR then lower fees. Candidates of another product type are ignored.
func Compare(h Holding, candidates []Offer, p *Profile, opts CompareOptions) Comparison {
	// Implementation lands in the next commit; the signature is final.
	return Comparison{Holding: h, Profile: p, Options: []Option{}}
}

// NewCard builds the offer card of opt, one option of cmp. Its money figures are opt's, so a
// card always agrees with POST /api/v1/compare; the chart is cumulative cost by month.
func NewCard(cmp Comparison, opt Option) Card {
	return Card{OfferID: opt.Offer.ID, Partner: opt.Offer.PartnerName, Name: opt.Offer.Name, ProductType: opt.Offer.ProductType,
		Reasons: opt.Reasons, Eligible: opt.Eligible}
}

// RepresentativeExample is the FCA CONC 3.5.5R style representative example of a credit
// offer (rate, fees, credit, representative APR, duration, total payable, each repayment);
// for insurance it states premium, cover and excess.
func RepresentativeExample(o Offer) string { return "" }

// CompareHolding loads the active candidates for h (offerIDs, or every offer of h's product
// type serving the profile's region) and compares them; limit keeps the best ones (0 = 20).
func (s *Store) CompareHolding(ctx context.Context, h Holding, p *Profile, offerIDs []int64, limit int) (Comparison, error) {
	return Compare(h, nil, p, CompareOptions{Limit: limit}), nil
}

package assistant

import (
	"context"

	"ratewise"
	"ratewise/offers"
)

// offerArgs are get_offer's arguments.
type offerArgs struct {
	OfferID int64 `json:"offer_id" description:"id of an offer already shown (offer_id of a card, or id from search_offers)"`
}

// offerDetails is one offer's own data as get_offer returns it: what questions about a shown
// offer (its fees, prepayment penalty, terms, eligibility, promotion, cover, exclusions) are
// answered from. Amounts are in Currency; FeeSummary and Requirements are written in Locale.
type offerDetails struct {
	ID                int64                `json:"id"`
	Partner           string               `json:"partner"`
	Name              string               `json:"name"`
	ProductType       offers.ProductType   `json:"product_type"`
	Currency          string               `json:"currency"`
	Locale            string               `json:"locale"`
	RepresentativeAPR *offers.Percent      `json:"representative_apr,omitempty"`
	APRMin            *offers.Percent      `json:"apr_min,omitempty"`
	APRMax            *offers.Percent      `json:"apr_max,omitempty"`
	RateBands         []offers.RateBand    `json:"rate_bands,omitempty"`
	FeeSummary        string               `json:"fee_summary,omitempty"`
	HasFee            bool                 `json:"has_fee"`
	PrepaymentPenalty offers.Percent       `json:"prepayment_penalty"`
	TermsMonths       []int                `json:"terms_months,omitempty"`
	AmountMin         *offers.Money        `json:"amount_min,omitempty"`
	AmountMax         *offers.Money        `json:"amount_max,omitempty"`
	PromoMonths       int                  `json:"promo_months,omitempty"`
	PromoAPR          *offers.Percent      `json:"promo_apr,omitempty"`
	RevertAPR         *offers.Percent      `json:"revert_apr,omitempty"`
	TransferFee       *offers.Percent      `json:"transfer_fee,omitempty"`
	AnnualPremium     *offers.Money        `json:"annual_premium,omitempty"`
	PremiumBands      []offers.PremiumBand `json:"premium_bands,omitempty"`
	// PayMonthly is what paying the premium by the month costs instead of at once, when
	// the insurer offers it.
	PayMonthly            *offers.PayingMonthly `json:"pay_monthly,omitempty"`
	CoverageLimit         *offers.Money         `json:"coverage_limit,omitempty"`
	Deductible            *offers.Money         `json:"deductible,omitempty"`
	Features              []string              `json:"features,omitempty"`
	Exclusions            []string              `json:"exclusions,omitempty"`
	MinCreditScore        int                   `json:"min_credit_score,omitempty"`
	Requirements          []string              `json:"requirements,omitempty"`
	Terms                 string                `json:"terms,omitempty"`
	RepresentativeExample string                `json:"representative_example,omitempty"`
	URL                   string                `json:"url,omitempty"`
}

// getOffer reads one offer's own data.
func (t *Tools) getOffer(a offerArgs) (pendingCall, error) {
	if a.OfferID <= 0 {
		return pendingCall{}, ratewise.Invalid("offer_id", "offer_id must be the id of an offer.")
	}
	return pendingCall{Label: genericLabel(ToolGetOffer), exec: func(ctx context.Context) (toolResult, error) {
		list, err := t.Catalogue.Offers(ctx, offers.OfferFilter{IDs: []int64{a.OfferID}})
		if err != nil {
			return toolResult{}, err
		}
		if len(list) == 0 {
			return toolResult{}, ratewise.NotFound("offer")
		}
		o := list[0]
		loc := o.OfferLocale()
		d := offerDetails{ID: o.ID, Partner: o.PartnerName, Name: o.Name, ProductType: o.ProductType, Currency: o.Currency,
			Locale: loc, PrepaymentPenalty: o.PrepaymentPenaltyPct, TermsMonths: o.TermsMonths, Features: partnerTexts(o.Features),
			Exclusions: partnerTexts(o.Exclusions), MinCreditScore: o.MinCreditScore, Requirements: o.Requirements(loc), Terms: partnerText(o.Terms),
			RepresentativeExample: offers.RepresentativeExample(o), URL: o.URL}
		if o.ProductType.IsLoan() {
			rep := o.RepresentativeAPR()
			lo, hi := o.APRRange()
			d.RepresentativeAPR, d.APRMin, d.APRMax = &rep, &lo, &hi
			d.RateBands = o.RateBands
			d.FeeSummary = o.FeeSummary(loc)
			d.HasFee = o.OriginationFeePct.IsPositive() || o.OriginationFeeFlat.IsPositive() || o.TransferFeePct.IsPositive()
			if o.AmountMax.IsPositive() {
				d.AmountMin, d.AmountMax = &o.AmountMin, &o.AmountMax
			}
			if o.PromoMonths > 0 {
				d.PromoMonths, d.PromoAPR, d.RevertAPR, d.TransferFee = o.PromoMonths, &o.PromoAPR, &rep, &o.TransferFeePct
			}
		} else {
			d.AnnualPremium, d.PremiumBands = &o.AnnualPremium, o.PremiumBands
			if plan, ok := offers.MonthlyPlan(o.AnnualPremium.Decimal, o.MonthlyPremium.Decimal); ok {
				d.PayMonthly = &plan
			}
			if o.CoverageLimit.IsPositive() {
				d.CoverageLimit = &o.CoverageLimit
			}
			if o.Deductible.IsPositive() {
				d.Deductible = &o.Deductible
			}
		}
		r, err := jsonResult(d)
		r.Citations = []Citation{{Source: "offer", OfferID: o.ID, Title: o.Name, URL: o.URL}}
		r.Summary = "Read the terms of " + o.Name
		return r, err
	}}, nil
}

// partnerText is a partner's free text as the assistant may read it out: withheld when it
// tries to instruct the assistant (an offer's terms are the partner's data, not our rules).
func partnerText(s string) string {
	if looksLikeInjection(s) {
		return ""
	}
	return s
}

func partnerTexts(ss []string) []string {
	var out []string
	for _, s := range ss {
		if s = partnerText(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

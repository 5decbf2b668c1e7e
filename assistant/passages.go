package assistant

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"ratewise/offers"
	"ratewise/retrieval"
)

// OfferPassage is an offer as the search index holds it: its texts and its key figures as
// words, so search_offers can find it by what it says. It lives here because retrieval must not
// import offers; the composition root and the tests index offers through it alike. Figures in
// the passage are for finding the offer only: answers take every figure from offers.
func OfferPassage(o offers.Offer, now time.Time) retrieval.Document {
	var facts []string
	add := func(format string, args ...any) { facts = append(facts, fmt.Sprintf(format, args...)) }
	pt := string(o.ProductType)
	insurance := strings.HasSuffix(pt, "_insurance")
	if insurance {
		if o.AnnualPremium.IsPositive() {
			add("Annual premium from %s %s", o.AnnualPremium, o.Currency)
		}
		if o.MonthlyPremium.IsPositive() {
			add("Monthly premium %s %s", o.MonthlyPremium, o.Currency)
		}
		if o.CoverageLimit.IsPositive() {
			add("Coverage limit %s %s", o.CoverageLimit, o.Currency)
		}
		add("Deductible %s %s", o.Deductible, o.Currency)
	} else {
		if apr := o.RepresentativeAPR(); apr.IsPositive() || o.RateMax.IsPositive() {
			lo, hi := o.APRRange()
			add("Representative APR %s%%", apr)
			add("APR from %s%% to %s%%", lo, hi)
			if ex := offers.RepresentativeExample(o); ex != "" {
				add("%s", ex)
			}
		}
		if o.OriginationFeePct.IsPositive() {
			add("Origination fee %s%%", o.OriginationFeePct)
		} else if !o.OriginationFeeFlat.IsPositive() {
			add("No origination fee")
		}
		if o.PrepaymentPenaltyPct.IsPositive() {
			add("Prepayment penalty %s%% of the balance repaid early", o.PrepaymentPenaltyPct)
		}
		if o.PromoMonths > 0 {
			add("Intro APR %s%% for %d months, balance transfer fee %s%%", o.PromoAPR, o.PromoMonths, o.TransferFeePct)
		}
		if o.AmountMax.IsPositive() {
			add("Borrow from %s to %s %s", o.AmountMin, o.AmountMax, o.Currency)
		}
		if len(o.TermsMonths) > 0 {
			terms := make([]string, len(o.TermsMonths))
			for i, n := range o.TermsMonths {
				terms[i] = strconv.Itoa(n)
			}
			add("Terms of %s months", strings.Join(terms, ", "))
		}
	}
	if o.MinCreditScore > 0 {
		add("Minimum credit score %d", o.MinCreditScore)
	}
	if len(o.Regions) > 0 {
		add("Available in %s", strings.Join(o.Regions, ", "))
	}
	return retrieval.OfferDocument(retrieval.OfferText{
		ID: o.ID, PartnerName: o.PartnerName, PartnerID: o.PartnerID,
		ExternalID: o.ExternalID, Name: o.Name, ProductType: pt, Regions: o.Regions, Active: o.ActiveAt(now),
		Description: o.Description, Terms: o.Terms, Facts: facts, Features: o.Features, Exclusions: o.Exclusions,
	})
}

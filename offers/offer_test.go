package offers

import (
	"errors"
	"slices"
	"testing"

	"ratewise"
)

// An offer checks itself, whoever built it: every problem comes back, each EINVALID on the
// catalogue field that holds it.
func TestOfferValidate(t *testing.T) {
	t.Parallel()
	o := Offer{ExternalID: "a1", ProductType: PersonalLoan, Name: "Loan", Currency: "usd", Regions: []string{"us-ca"},
		Rate: MustPercent("9.99"), TermsMonths: []int{60, 36, 60}}
	if err := o.Validate(); err != nil {
		t.Fatalf("a good offer: %v", err)
	}
	if o.Currency != "USD" || o.Regions[0] != "US-CA" || !slices.Equal(o.TermsMonths, []int{36, 60}) ||
		!o.RateMin.Equal(o.Rate.Decimal) || !o.RateMax.Equal(o.Rate.Decimal) || o.Features == nil {
		t.Errorf("not normalised: %+v", o)
	}

	bad := Offer{ProductType: "boat_loan", Currency: "dollars", Regions: []string{"ZZ"}, Rate: MustPercent("150"),
		OriginationFeeFlat: MustMoney("-1"), TermsMonths: []int{0}, MinCreditScore: 200, URL: "ftp://x"}
	err := bad.Validate()
	if ratewise.ErrorCode(err) != ratewise.EINVALID {
		t.Fatalf("code %q, want %q", ratewise.ErrorCode(err), ratewise.EINVALID)
	}
	var fields []string
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var re *ratewise.Error
		if !errors.As(e, &re) || re.Code != ratewise.EINVALID {
			t.Fatalf("%v is not an EINVALID error", e)
		}
		fields = append(fields, re.Field)
	}
	for _, want := range []string{"external_id", "product_type", "name", "currency", "regions", "rate", "origination_fee_flat", "terms_months", "min_credit_score", "url"} {
		if !slices.Contains(fields, want) {
			t.Errorf("no problem on %s; got %v", want, fields)
		}
	}

	// Every other rule is met, but the fee swallows the representative amount.
	fee := Offer{ExternalID: "f", ProductType: PersonalLoan, Name: "Fee", Currency: "USD", Regions: []string{"US"},
		Rate: MustPercent("5"), TermsMonths: []int{12}, AmountMax: MustMoney("100"), OriginationFeeFlat: MustMoney("100")}
	if err := fee.Validate(); ratewise.ErrorField(err) != "origination_fee" {
		t.Errorf("a fee as large as the amount: %v, want a problem on origination_fee", err)
	}
}

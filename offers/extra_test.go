package offers

import (
	"testing"

	"github.com/shopspring/decimal"

	"ratewise"
)

// Paying more each month, on the cent-rounded schedule: 20,000 at 9 % paid at 600 is cleared
// in 39 months with 3,101.34 of interest, at 800 in 28 with 2,231.68; docs/finance.md 1.6's
// card (6,000 at 24.99 %, 300 a month: 27 months, 1,841.43) at 400 in 19 with 1,268.70 (each
// worked out independently, month by month, interest rounded half-up to cents).
func TestPayExtra(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name          string
		h             Holding
		extra         string
		pay           string
		months, saved int
		interest      string
		interestSaved string
	}{
		{"loan", Holding{Kind: KindLoan, ProductType: AutoLoan, Balance: MustMoney("20000"), APR: MustPercent("9"), RemainingMonths: 48, MonthlyPayment: mp("600")},
			"200", "800.00", 28, 11, "2231.68", "869.66"},
		{"card", Holding{Kind: KindLoan, ProductType: CreditCard, Balance: MustMoney("6000"), APR: MustPercent("24.99"), MonthlyPayment: mp("300")},
			"100", "400.00", 19, 8, "1268.70", "572.73"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := PayExtra(tt.h, decimal.RequireFromString(tt.extra))
			if err != nil {
				t.Fatal(err)
			}
			if got.MonthlyPayment.String() != tt.pay || got.TermMonths != tt.months || got.MonthsSaved != tt.saved ||
				got.TotalInterest.String() != tt.interest || got.InterestSaved.String() != tt.interestSaved {
				t.Errorf("%s a month: %d months (%d fewer), interest %s (%s less); want %s: %d (%d), %s (%s)",
					got.MonthlyPayment, got.TermMonths, got.MonthsSaved, got.TotalInterest, got.InterestSaved,
					tt.pay, tt.months, tt.saved, tt.interest, tt.interestSaved)
			}
		})
	}
	loan := tests[0].h
	policy := Holding{Kind: KindInsurance, ProductType: AutoInsurance, Premium: mp("600"), PremiumFrequency: Annual}
	for _, bad := range []struct {
		h     Holding
		extra string
	}{{loan, "0"}, {loan, "-50"}, {loan, "10.005"}, {policy, "50"}} {
		if _, err := PayExtra(bad.h, decimal.RequireFromString(bad.extra)); ratewise.ErrorField(err) != "extra_payment" {
			t.Errorf("%s extra %s: error %v, want one on extra_payment", bad.h.ProductType, bad.extra, err)
		}
	}
}

// The figures were worked out month by month apart from this code (interest rounded to the
// cent each month, half up): 20,000 at 9 % paid at 600 clears in 39 months with 3,101.34 of
// interest, at 550 in 43 with 3,441.26; FINANCE 1.6's card, 6,000 at 24.99 % paid at 300,
// clears in 27 months with 1,841.43, at 200 in 48 with 3,511.48.
func TestPayInstead(t *testing.T) {
	t.Parallel()
	loan := Holding{Kind: KindLoan, ProductType: AutoLoan, Balance: MustMoney("20000"), APR: MustPercent("9"), RemainingMonths: 48, MonthlyPayment: mp("600")}
	card := Holding{Kind: KindLoan, ProductType: CreditCard, Balance: MustMoney("6000"), APR: MustPercent("24.99"), MonthlyPayment: mp("300")}
	tests := []struct {
		name          string
		h             Holding
		payment       string
		extra         string
		months, saved int
		interest      string
		interestSaved string
	}{
		{"loan, less", loan, "550", "-50.00", 43, -4, "3441.26", "-339.92"},
		{"loan, the schedule's payment", loan, "497.70", "-102.30", 48, -9, "3889.61", "-788.27"},
		{"loan, more (as PayExtra)", loan, "800", "200.00", 28, 11, "2231.68", "869.66"},
		{"card, less", card, "200", "-100.00", 48, -21, "3511.48", "-1670.05"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := PayInstead(tt.h, decimal.RequireFromString(tt.payment))
			if err != nil {
				t.Fatal(err)
			}
			if got.Extra.String() != tt.extra || got.TermMonths != tt.months || got.MonthsSaved != tt.saved ||
				got.TotalInterest.String() != tt.interest || got.InterestSaved.String() != tt.interestSaved {
				t.Errorf("%s a month (%s): %d months (%d saved), interest %s (%s saved); want %s: %d (%d), %s (%s)",
					got.MonthlyPayment, got.Extra, got.TermMonths, got.MonthsSaved, got.TotalInterest, got.InterestSaved,
					tt.extra, tt.months, tt.saved, tt.interest, tt.interestSaved)
			}
		})
	}
	policy := Holding{Kind: KindInsurance, ProductType: AutoInsurance, Premium: mp("600"), PremiumFrequency: Annual}
	for _, bad := range []struct {
		h       Holding
		payment string
	}{
		{loan, "497.69"}, // a cent below what repays it in the 48 months left
		{loan, "0"}, {loan, "-50"}, {loan, "550.005"}, {policy, "50"},
		{card, "124.95"}, // the card's first month's interest: it never clears
	} {
		if _, err := PayInstead(bad.h, decimal.RequireFromString(bad.payment)); ratewise.ErrorField(err) != "what_if_payment" {
			t.Errorf("%s at %s: error %v, want one on what_if_payment", bad.h.ProductType, bad.payment, err)
		}
	}
}

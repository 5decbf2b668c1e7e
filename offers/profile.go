package offers

import (
	"strings"

	"ratewise"
)

// Profile is what eligibility needs to know about a consumer (the API's Profile).
type Profile struct {
	CreditScore         int    `json:"credit_score"`
	AnnualIncome        Money  `json:"annual_income"`
	Region              string `json:"region"`
	MonthlyDebtPayments Money  `json:"monthly_debt_payments"`
	// IncomeUnknown marks a profile that knows the credit score but not the income: a saved
	// profile without one, or a score the consumer told the assistant. The score picks the
	// rate band; the income rules (minimum income, debt-to-income) stay undecided instead of
	// failing on an income of zero. The API's Profile always has an income.
	IncomeUnknown bool `json:"-"`
}

// Validate checks a profile; errors name the JSON field.
func (p *Profile) Validate() error {
	if err := checkCreditScore(p.CreditScore); err != nil {
		return err
	}
	if err := nonNegative("annual_income", p.AnnualIncome.Decimal); err != nil {
		return err
	}
	if err := nonNegative("monthly_debt_payments", p.MonthlyDebtPayments.Decimal); err != nil {
		return err
	}
	r, err := ParseRegion(p.Region)
	if err != nil {
		return err
	}
	p.Region = r
	return nil
}

func checkCreditScore(s int) error {
	if s < 300 || s > 850 {
		return ratewise.Invalid("credit_score", "credit_score must be between 300 and 850.")
	}
	return nil
}

// SavedProfile is the comparison profile a consumer keeps on file (GET and PUT
// /api/v1/me/profile). Every field is optional: nil, or "" for Region, is not saved.
type SavedProfile struct {
	CreditScore         *int
	AnnualIncome        *Money
	Region              string
	MonthlyDebtPayments *Money
}

// Validate checks the fields that are saved by the rules of Profile.Validate, and puts the
// region in upper case.
func (sp *SavedProfile) Validate() error {
	if sp.CreditScore != nil {
		if err := checkCreditScore(*sp.CreditScore); err != nil {
			return err
		}
	}
	for _, f := range []struct {
		name string
		m    *Money
	}{{"annual_income", sp.AnnualIncome}, {"monthly_debt_payments", sp.MonthlyDebtPayments}} {
		if f.m != nil {
			if err := nonNegative(f.name, f.m.Decimal); err != nil {
				return err
			}
		}
	}
	if sp.Region = strings.TrimSpace(sp.Region); sp.Region != "" {
		r, err := ParseRegion(sp.Region)
		if err != nil {
			return err
		}
		sp.Region = r
	}
	return nil
}

// ForComparison is the saved profile as POST /api/v1/compare and the assistant both use it:
// the profile when it has a valid credit score (nil otherwise), and the saved region when it
// is a valid one ("" otherwise), which places the consumer even without a profile
// (HoldingRegion). Without a saved income the profile is IncomeUnknown: the score still
// picks the consumer's rate band. A value stored before today's rules that breaks them counts
// as not saved.
func (sp SavedProfile) ForComparison() (*Profile, string) {
	region, err := ParseRegion(sp.Region)
	if err != nil {
		region = ""
	}
	if sp.CreditScore == nil || checkCreditScore(*sp.CreditScore) != nil {
		return nil, region
	}
	p := &Profile{CreditScore: *sp.CreditScore, Region: region, IncomeUnknown: true}
	if sp.AnnualIncome != nil && nonNegative("annual_income", sp.AnnualIncome.Decimal) == nil {
		p.AnnualIncome, p.IncomeUnknown = *sp.AnnualIncome, false
	}
	if sp.MonthlyDebtPayments != nil && nonNegative("monthly_debt_payments", sp.MonthlyDebtPayments.Decimal) == nil {
		p.MonthlyDebtPayments = *sp.MonthlyDebtPayments
	}
	return p, region
}

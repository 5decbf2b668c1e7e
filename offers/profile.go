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
// the profile when it is complete and valid (nil otherwise), and the saved region when it is
// a valid one ("" otherwise), which places the consumer even without a complete profile
// (HoldingRegion). A value stored before today's rules that breaks them counts as not saved.
func (sp SavedProfile) ForComparison() (*Profile, string) {
	region, err := ParseRegion(sp.Region)
	if err != nil {
		region = ""
	}
	if sp.CreditScore == nil || sp.AnnualIncome == nil || region == "" {
		return nil, region
	}
	p := &Profile{CreditScore: *sp.CreditScore, AnnualIncome: *sp.AnnualIncome, Region: region}
	if sp.MonthlyDebtPayments != nil {
		p.MonthlyDebtPayments = *sp.MonthlyDebtPayments
	}
	if p.Validate() != nil {
		return nil, region
	}
	return p, region
}

// Package offers is Ratewise's catalogue and its finance: partners and their loan and insurance
// offers, consumers' holdings, exact loan and insurance math, comparison and ranking, catalogue
// import, and the PostgreSQL store for all of it. Every figure the assistant states comes from
// here. It knows nothing of HTTP or language models and must not import web or assistant.
//
// Money and rates are exact decimals (shopspring/decimal). The one exception is the screening
// path of Compare, which may use float64 closed forms to pick candidates; every figure that is
// shown, stored, returned or used to break a tie is recomputed exactly (see screen.go).
package offers

import (
	"slices"
	"strings"

	"ratewise"
)

// ProductType is one of the ten product types of the API (ProductType in web/openapi.json).
type ProductType string

const (
	PersonalLoan     ProductType = "personal_loan"
	AutoLoan         ProductType = "auto_loan"
	Mortgage         ProductType = "mortgage"
	StudentLoan      ProductType = "student_loan"
	CreditCard       ProductType = "credit_card"
	AutoInsurance    ProductType = "auto_insurance"
	HomeInsurance    ProductType = "home_insurance"
	RentersInsurance ProductType = "renters_insurance"
	TravelInsurance  ProductType = "travel_insurance"
	LifeInsurance    ProductType = "life_insurance"
)

// ProductTypes lists every product type, loans first.
var ProductTypes = []ProductType{
	PersonalLoan, AutoLoan, Mortgage, StudentLoan, CreditCard,
	AutoInsurance, HomeInsurance, RentersInsurance, TravelInsurance, LifeInsurance,
}

// ParseProductType returns the product type named s, or an EINVALID error on field "product_type".
func ParseProductType(s string) (ProductType, error) {
	t := ProductType(strings.TrimSpace(s))
	if !t.Valid() {
		return "", ratewise.Invalid("product_type", "Unknown product type %q; use one of %s.", s, productTypeList())
	}
	return t, nil
}

// Valid reports whether t is one of the ten product types.
func (t ProductType) Valid() bool { return slices.Contains(ProductTypes, t) }

// IsLoan reports whether t is credit (loans, mortgages and credit cards).
func (t ProductType) IsLoan() bool {
	switch t {
	case PersonalLoan, AutoLoan, Mortgage, StudentLoan, CreditCard:
		return true
	}
	return false
}

// IsInsurance reports whether t is an insurance product.
func (t ProductType) IsInsurance() bool { return t.Valid() && !t.IsLoan() }

// Kind returns the holding kind that goes with t: KindLoan or KindInsurance.
func (t ProductType) Kind() HoldingKind {
	if t.IsInsurance() {
		return KindInsurance
	}
	return KindLoan
}

func productTypeList() string {
	s := make([]string, len(ProductTypes))
	for i, t := range ProductTypes {
		s[i] = string(t)
	}
	return strings.Join(s, ", ")
}

// PartnerKind says what a partner does.
type PartnerKind string

const (
	PartnerLender   PartnerKind = "lender"
	PartnerInsurer  PartnerKind = "insurer"
	PartnerMerchant PartnerKind = "merchant"
)

// Partner is a lender, insurer or merchant that publishes offers.
type Partner struct {
	ID      int64       `json:"id"`
	Name    string      `json:"name"`
	Kind    PartnerKind `json:"kind"`
	Regions []string    `json:"regions"`
	URL     string      `json:"url,omitempty"`
}

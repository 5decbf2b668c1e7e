package offers

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
)

// Words: the one vocabulary for products and fees, per language, and the sentences about an
// offer's own terms (its fees, who can apply) that the cards, the offer page and the
// assistant all show. Product names are in English, Spanish, French, German and Swedish (the
// languages the assistant answers in); fee sentences are English, and a locale of another
// language gets English words until its table is added here.

// productLabels name each product type, in lower case as in a sentence ("your car loan").
var productLabels = map[string]map[ProductType]string{
	"en": {
		PersonalLoan: "personal loan", AutoLoan: "car loan", Mortgage: "mortgage", StudentLoan: "student loan",
		CreditCard: "credit card", AutoInsurance: "car insurance", HomeInsurance: "home insurance",
		RentersInsurance: "renters insurance", TravelInsurance: "travel insurance", LifeInsurance: "life insurance",
	},
	"es": {
		PersonalLoan: "préstamo personal", AutoLoan: "préstamo de coche", Mortgage: "hipoteca", StudentLoan: "préstamo de estudios",
		CreditCard: "tarjeta de crédito", AutoInsurance: "seguro de coche", HomeInsurance: "seguro de hogar",
		RentersInsurance: "seguro de inquilino", TravelInsurance: "seguro de viaje", LifeInsurance: "seguro de vida",
	},
	"fr": {
		PersonalLoan: "prêt personnel", AutoLoan: "crédit auto", Mortgage: "prêt immobilier", StudentLoan: "prêt étudiant",
		CreditCard: "carte de crédit", AutoInsurance: "assurance auto", HomeInsurance: "assurance habitation",
		RentersInsurance: "assurance locataire", TravelInsurance: "assurance voyage", LifeInsurance: "assurance vie",
	},
	"de": {
		PersonalLoan: "Privatkredit", AutoLoan: "Autokredit", Mortgage: "Baufinanzierung", StudentLoan: "Studienkredit",
		CreditCard: "Kreditkarte", AutoInsurance: "Kfz-Versicherung", HomeInsurance: "Wohngebäudeversicherung",
		RentersInsurance: "Hausratversicherung", TravelInsurance: "Reiseversicherung", LifeInsurance: "Lebensversicherung",
	},
	"sv": {
		PersonalLoan: "privatlån", AutoLoan: "billån", Mortgage: "bolån", StudentLoan: "studielån",
		CreditCard: "kreditkort", AutoInsurance: "bilförsäkring", HomeInsurance: "hemförsäkring",
		RentersInsurance: "hemförsäkring för hyresgäster", TravelInsurance: "reseförsäkring", LifeInsurance: "livförsäkring",
	},
}

// language is the language of locale ("en" for "en-GB"), or "en" when Ratewise has no words
// in it yet.
func language(locale string) string {
	lang, _, _ := strings.Cut(strings.ReplaceAll(locale, "_", "-"), "-")
	lang = strings.ToLower(strings.TrimSpace(lang))
	if _, ok := productLabels[lang]; ok {
		return lang
	}
	return "en"
}

// Label is the product's name in locale's language, lower case ("car loan"); "" for an
// unknown type.
func (t ProductType) Label(locale string) string {
	return productLabels[language(locale)][t]
}

// OfferLocale is the locale an offer's own texts (its representative example, fee summary
// and requirements) are written in: its first region's (RegionLocale).
func (o *Offer) OfferLocale() string {
	if len(o.Regions) == 0 {
		return DefaultLocale
	}
	return RegionLocale(o.Regions[0])
}

// feeName is what the fee for arranging a loan is called, everywhere: the representative
// example, the fee summary, the cards and the assistant.
const feeName = "origination fee"

// FeeSummary says in one sentence what taking the offer costs in fees, with the fee named as
// in its representative example: "No origination fee.", "Origination fee $99.00.",
// "Origination fee 5.00% of the amount borrowed (at least $100.00).", "Balance transfer fee
// 3.00% of the amount transferred (at least £5.00)." Empty for insurance.
func (o *Offer) FeeSummary(locale string) string {
	m := func(d decimal.Decimal) string { return FormatMoney(d, o.Currency, locale) }
	pct := func(p Percent) string { return FormatPercent(p.Decimal, locale) }
	switch {
	case o.ProductType.IsInsurance():
		return ""
	case o.Instalments > 0 || o.PointOfSale && o.OriginationFeePct.IsZero() && o.OriginationFeeFlat.IsZero():
		return "No fees when every instalment is paid on time."
	case o.ProductType == CreditCard:
		if o.PromoMonths == 0 && o.TransferFeePct.IsZero() && o.TransferFeeMin.IsZero() {
			return "No balance transfer offer."
		}
		s := fmt.Sprintf("Balance transfer fee %s of the amount transferred", pct(o.TransferFeePct))
		if o.TransferFeeMin.IsPositive() {
			s += fmt.Sprintf(" (at least %s)", m(o.TransferFeeMin.Decimal))
		}
		return s + "."
	}
	hasPct, hasFlat := o.OriginationFeePct.IsPositive(), o.OriginationFeeFlat.IsPositive()
	var s string
	switch {
	case !hasPct && !hasFlat && !o.OriginationFeeMin.IsPositive():
		return "No " + feeName + "."
	case hasPct && hasFlat:
		s = fmt.Sprintf("%s %s of the amount borrowed plus %s", capitalize(feeName), pct(o.OriginationFeePct), m(o.OriginationFeeFlat.Decimal))
	case hasPct:
		s = fmt.Sprintf("%s %s of the amount borrowed", capitalize(feeName), pct(o.OriginationFeePct))
	case hasFlat:
		s = fmt.Sprintf("%s %s", capitalize(feeName), m(o.OriginationFeeFlat.Decimal))
	default:
		s = capitalize(feeName)
	}
	var bounds []string
	if o.OriginationFeeMin.IsPositive() {
		bounds = append(bounds, "at least "+m(o.OriginationFeeMin.Decimal))
	}
	if o.OriginationFeeMax.IsPositive() {
		bounds = append(bounds, "at most "+m(o.OriginationFeeMax.Decimal))
	}
	if len(bounds) > 0 {
		s += " (" + strings.Join(bounds, ", ") + ")"
	}
	return s + ", paid when the loan starts."
}

// Requirements are the offer's eligibility rules in words ("A credit score of at least
// 660."), the ones a consumer's profile decides; empty when the offer sets none.
func (o *Offer) Requirements(locale string) []string { return o.requirements(locale, true, true) }

// requirements are the credit-score rule (score) and the income rules (income) of the offer.
func (o *Offer) requirements(locale string, score, income bool) []string {
	var rs []string
	if score && o.MinCreditScore > 0 {
		rs = append(rs, fmt.Sprintf("A credit score of at least %d.", o.MinCreditScore))
	}
	if !income {
		return rs
	}
	if o.MinIncome.IsPositive() {
		rs = append(rs, fmt.Sprintf("An annual income of at least %s.", FormatMoney(o.MinIncome.Decimal, o.Currency, locale)))
	}
	if o.MaxDTI.IsPositive() {
		rs = append(rs, fmt.Sprintf("Monthly debt payments, this one included, of at most %s of monthly income.", FormatPercent(o.MaxDTI.Decimal, locale)))
	}
	return rs
}

// capitalize upper-cases the first letter, for a label that starts a sentence or a heading.
func capitalize(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	return strings.ToUpper(string(r[0])) + string(r[1:])
}

package offers

import "strings"

// DefaultRegion is where a consumer who has told us no region is taken to live (no profile,
// nobody signed in, or a saved profile without a region). Offers elsewhere are in other
// currencies and cannot replace their loan or policy.
const DefaultRegion = "US"

// HoldingRegion is the one rule for where a consumer is, shared by POST /api/v1/compare and
// the assistant: the profile's region, else the saved one, else DefaultRegion.
func HoldingRegion(p *Profile, saved string) string {
	if p != nil && p.Region != "" {
		return strings.ToUpper(p.Region)
	}
	if saved = strings.ToUpper(strings.TrimSpace(saved)); saved != "" {
		return saved
	}
	return DefaultRegion
}

// regionCurrencies is the currency of each country Ratewise knows one for (ISO 4217).
var regionCurrencies = map[string]string{
	"US": "USD", "GB": "GBP", "UK": "GBP", "CA": "CAD", "AU": "AUD", "NZ": "NZD", "CH": "CHF",
	"JP": "JPY", "SE": "SEK", "DK": "DKK", "NO": "NOK", "PL": "PLN", "CZ": "CZK", "HU": "HUF",
	"RO": "RON", "IE": "EUR", "FR": "EUR", "DE": "EUR", "ES": "EUR", "IT": "EUR", "NL": "EUR",
	"BE": "EUR", "PT": "EUR", "AT": "EUR", "FI": "EUR", "GR": "EUR", "LU": "EUR", "SK": "EUR",
	"SI": "EUR", "EE": "EUR", "LV": "EUR", "LT": "EUR", "HR": "EUR", "CY": "EUR", "MT": "EUR",
	"BG": "EUR", "EU": "EUR", "MX": "MXN", "IN": "INR", "SG": "SGD", "HK": "HKD", "ZA": "ZAR",
}

// RegionCurrency is the currency consumers in region hold their loans and policies in, ""
// when Ratewise does not know it.
func RegionCurrency(region string) string {
	country, _, _ := strings.Cut(strings.ToUpper(region), "-")
	return regionCurrencies[country]
}

// comparisonCurrency is the currency a comparison in region is made in: the region's, or,
// when unknown, the one most candidates are in (ties to the alphabetically first), so a
// comparison never mixes currencies.
func comparisonCurrency(region string, candidates []Offer) string {
	if c := RegionCurrency(region); c != "" {
		return c
	}
	count := map[string]int{}
	best := ""
	for _, o := range candidates {
		count[o.Currency]++
		if n := count[o.Currency]; n > count[best] || (n == count[best] && o.Currency < best) {
			best = o.Currency
		}
	}
	return best
}

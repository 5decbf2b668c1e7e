package offers

import (
	"strings"

	"ratewise"
)

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

// countries are the officially assigned ISO 3166-1 alpha-2 codes, and "UK" and "EU", which
// ISO reserves for the United Kingdom and the European Union and catalogues use. A
// user-assigned code ("ZZ", "XA") or an unassigned one names no place an offer can serve.
var countries = func() map[string]bool {
	m := map[string]bool{"UK": true, "EU": true}
	for _, c := range strings.Fields(`
	AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ
	BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM
	DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS
	GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN
	KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ
	MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM
	PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV
	SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI
	VN VU WF WS YE YT ZA ZM ZW`) {
		m[c] = true
	}
	return m
}()

// ParseRegion is the one rule for a region a consumer gives (a query's region, a profile's
// region): it returns s in upper case when it is an ISO 3166 code as the API uses them, else
// EINVALID on field "region".
func ParseRegion(s string) (string, error) {
	r := strings.ToUpper(strings.TrimSpace(s))
	if !validRegion(r) {
		return "", ratewise.Invalid("region", "region must be an ISO 3166 code such as US, US-CA or GB.")
	}
	return r, nil
}

// validRegion accepts "CC" or "CC-XXX": an assigned ISO 3166-1 alpha-2 country, optionally
// with a subdivision of one to three letters or digits.
func validRegion(r string) bool {
	country, sub, hasSub := strings.Cut(r, "-")
	if len(country) != 2 || !isUpperAlpha(country) || !countries[country] {
		return false
	}
	if hasSub && (len(sub) < 1 || len(sub) > 3 || !isUpperAlnum(sub)) {
		return false
	}
	return true
}

func isUpperAlpha(s string) bool {
	for _, r := range s {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}

func isUpperAlnum(s string) bool {
	for _, r := range s {
		if (r < 'A' || r > 'Z') && (r < '0' || r > '9') {
			return false
		}
	}
	return true
}

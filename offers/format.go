package offers

import (
	"strings"
	"unicode"

	"github.com/shopspring/decimal"
)

// Formatting: how a money amount or a rate is written for a person, by locale. Every figure
// Ratewise writes in words (the assistant's answers, cards, notes, offer pages) goes through
// FormatMoney or FormatPercent, so each carries its currency and follows one set of rules.
// The browser formats with Intl.NumberFormat in the locale the server names (Card.Locale,
// Offer's "locale", the holdings list's "locale"); offers/testdata/money_cases.json holds
// Chromium's output for every locale and currency here, and both this package's tests and
// the browser tests check against it.
//
// The rules are a table of CLDR data rather than golang.org/x/text: its currency formatter
// always puts the symbol before the number with a space ("€ 1.234,50" in German, where
// CLDR has "1.234,50 €"), uses the wrong group separator in French, ignores Spanish's
// minimum grouping ("1234,50 €") and takes a float64.

// DefaultLocale is the locale of a consumer Ratewise knows nothing about.
const DefaultLocale = "en-US"

// RegionLocale is the locale Ratewise writes to a consumer in region in: English, with the
// number conventions of the US for US consumers and of the UK for everyone else (an English
// sentence reads "€1,234.50", not "1.234,50 €"). The answers are in English today; a
// translated answer passes its own locale to FormatMoney.
func RegionLocale(region string) string {
	country, _, _ := strings.Cut(strings.ToUpper(strings.TrimSpace(region)), "-")
	if country == "US" || country == "" {
		return DefaultLocale
	}
	return "en-GB"
}

// numberFormat is how one locale writes amounts (CLDR "latn" number symbols and the
// standard currency and percent patterns).
type numberFormat struct {
	decimal, group string
	// minGroup is CLDR's minimum grouping digits: 2 leaves a four-digit integer ungrouped.
	minGroup int
	minus    string
	// symbolAfter writes "1.234,50 €"; otherwise the symbol comes first ("$1,234.50").
	symbolAfter bool
	// spaceAlways puts a space between a leading symbol and the number (de-CH "$ 1'234.50");
	// otherwise there is one only when the symbol ends in a letter (en "CHF 1,234.50").
	spaceAlways bool
	// minusAfterSymbol writes "CHF-1'234.50" (de-CH) rather than "-CHF 1,234.50".
	minusAfterSymbol bool
	// percentSpace separates the number from "%" ("7,98 %"); "" writes "7.98%".
	percentSpace string
	// symbols are the currency symbols of this locale; other currencies show their code.
	symbols map[string]string
}

const (
	nbsp  = "\u00a0"
	nnbsp = "\u202f"
)

var enSymbols = map[string]string{
	"GBP": "£", "EUR": "€", "CAD": "CA$", "AUD": "A$", "NZD": "NZ$", "MXN": "MX$", "INR": "₹", "HKD": "HK$",
}

func withSymbols(base map[string]string, extra map[string]string) map[string]string {
	m := make(map[string]string, len(base)+len(extra))
	for k, v := range base {
		m[k] = v
	}
	for k, v := range extra {
		m[k] = v
	}
	return m
}

var locales = map[string]numberFormat{
	"en-US": {decimal: ".", group: ",", minGroup: 1, minus: "-",
		symbols: withSymbols(enSymbols, map[string]string{"USD": "$", "JPY": "¥"})},
	"en-GB": {decimal: ".", group: ",", minGroup: 1, minus: "-",
		symbols: withSymbols(enSymbols, map[string]string{"USD": "US$", "JPY": "JP¥"})},
	"de-DE": {decimal: ",", group: ".", minGroup: 1, minus: "-", symbolAfter: true, percentSpace: nbsp,
		symbols: map[string]string{"USD": "$", "GBP": "£", "EUR": "€", "CAD": "CA$", "AUD": "AU$", "NZD": "NZ$",
			"JPY": "¥", "MXN": "MX$", "INR": "₹", "HKD": "HK$"}},
	"fr-FR": {decimal: ",", group: nnbsp, minGroup: 1, minus: "-", symbolAfter: true, percentSpace: nbsp,
		symbols: map[string]string{"USD": "$US", "GBP": "£GB", "EUR": "€", "CAD": "$CA", "AUD": "$AU", "NZD": "$NZ",
			"MXN": "$MX", "INR": "₹", "SGD": "$SG"}},
	"es-ES": {decimal: ",", group: ".", minGroup: 2, minus: "-", symbolAfter: true, percentSpace: nbsp,
		symbols: map[string]string{"USD": "US$", "EUR": "€"}},
	"sv-SE": {decimal: ",", group: nbsp, minGroup: 1, minus: "\u2212", symbolAfter: true, percentSpace: nbsp,
		symbols: map[string]string{"USD": "US$", "EUR": "€", "SEK": "kr", "DKK": "Dkr", "NOK": "Nkr", "CAD": "CA$", "MXN": "MX$"}},
	"de-CH": {decimal: ".", group: "'", minGroup: 1, minus: "-", spaceAlways: true, minusAfterSymbol: true,
		symbols: map[string]string{"USD": "$", "GBP": "£", "CAD": "CA$", "AUD": "AU$", "NZD": "NZ$", "JPY": "¥",
			"MXN": "MX$", "INR": "₹", "HKD": "HK$"}},
}

// languageDefaults resolve a locale Ratewise has no table for by its language.
var languageDefaults = map[string]string{"en": "en-US", "de": "de-DE", "fr": "fr-FR", "es": "es-ES", "sv": "sv-SE"}

// formatFor is the table of locale, or, for a locale without one, of its language ("de-AT"
// is written as "de-DE"), else of DefaultLocale.
func formatFor(locale string) numberFormat {
	l := strings.ReplaceAll(strings.TrimSpace(locale), "_", "-")
	lang, region, _ := strings.Cut(l, "-")
	lang = strings.ToLower(lang)
	if f, ok := locales[lang+"-"+strings.ToUpper(region)]; ok {
		return f
	}
	if d, ok := languageDefaults[lang]; ok {
		return locales[d]
	}
	return locales[DefaultLocale]
}

// group3 writes the digits of a non-negative integer in groups of three, with the locale's
// separator.
func (f numberFormat) group3(digits string) string {
	if len(digits) < 4+f.minGroup-1 {
		return digits
	}
	var b strings.Builder
	for i, r := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteString(f.group)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// number writes |d| with two decimals, and whether d is negative once rounded.
func (f numberFormat) number(d decimal.Decimal) (string, bool) {
	s := Round2(d).StringFixed(2)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, _ := strings.Cut(s, ".")
	return f.group3(whole) + f.decimal + frac, neg && s != "0.00"
}

// FormatMoney writes amount, rounded half-up to cents, in currency (ISO 4217) as a person in
// locale reads it: "$1,234.50" (en-US), "US$1,234.50" (en-GB), "1.234,50 €" (de-DE),
// "1 234,50 €" (fr-FR), "1234,50 €" (es-ES), "1 234,50 kr" (sv-SE), "CHF 1'234.50" (de-CH).
// A currency without a symbol in locale is written with its code; an empty currency writes
// the number alone.
func FormatMoney(amount decimal.Decimal, currency, locale string) string {
	f := formatFor(locale)
	num, neg := f.number(amount)
	currency = strings.ToUpper(strings.TrimSpace(currency))
	sign := ""
	if neg {
		sign = f.minus
	}
	if currency == "" {
		return sign + num
	}
	sym, ok := f.symbols[currency]
	if !ok {
		sym = currency
	}
	if f.symbolAfter {
		return sign + num + nbsp + sym
	}
	space := ""
	if last := []rune(sym); f.spaceAlways || unicode.IsLetter(last[len(last)-1]) {
		space = nbsp
	}
	if f.minusAfterSymbol && neg {
		return sym + sign + num
	}
	return sign + sym + space + num
}

// FormatPercent writes a rate given in percent (7.98 means 7.98 %) with two decimals:
// "7.98%" (en), "7,98 %" (de-DE).
func FormatPercent(pct decimal.Decimal, locale string) string {
	f := formatFor(locale)
	num, neg := f.number(pct)
	if neg {
		num = f.minus + num
	}
	return num + f.percentSpace + "%"
}

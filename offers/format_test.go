package offers

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/shopspring/decimal"
)

// moneyCases is offers/testdata/money_cases.json: what Intl.NumberFormat (CLDR, as Chromium
// has it) writes for each locale, currency and amount; web/e2e checks the browser agrees.
type moneyCases struct {
	Money []struct {
		Amount, Currency, Locale, Want string
	}
	Percent []struct {
		Rate, Locale, Want string
	}
}

func TestFormatMoneyAgreesWithCLDR(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("testdata/money_cases.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases moneyCases
	if err := json.Unmarshal(b, &cases); err != nil {
		t.Fatal(err)
	}
	if len(cases.Money) < 1000 || len(cases.Percent) < 40 {
		t.Fatalf("only %d money and %d percent cases", len(cases.Money), len(cases.Percent))
	}
	for _, c := range cases.Money {
		if got := FormatMoney(decimal.RequireFromString(c.Amount), c.Currency, c.Locale); got != c.Want {
			t.Errorf("FormatMoney(%s, %s, %s) = %q, want %q", c.Amount, c.Currency, c.Locale, got, c.Want)
		}
	}
	for _, c := range cases.Percent {
		if got := FormatPercent(decimal.RequireFromString(c.Rate), c.Locale); got != c.Want {
			t.Errorf("FormatPercent(%s, %s) = %q, want %q", c.Rate, c.Locale, got, c.Want)
		}
	}
}

func TestFormatMoney(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		amount, currency, locale, want string
	}{
		{"1234.5", "USD", "en-US", "$1,234.50"},
		{"1234.5", "GBP", "en-GB", "£1,234.50"},
		{"1234.5", "EUR", "de-DE", "1.234,50\u00a0€"},
		{"1234.5", "EUR", "fr-FR", "1\u202f234,50\u00a0€"},
		{"1234.5", "EUR", "es-ES", "1234,50\u00a0€"},
		{"12345.5", "EUR", "es-ES", "12.345,50\u00a0€"},
		{"1234.5", "SEK", "sv-SE", "1\u00a0234,50\u00a0kr"},
		{"1234.5", "CHF", "en-US", "CHF\u00a01,234.50"},
		{"1234.5", "CHF", "de-CH", "CHF\u00a01'234.50"},
		{"-1234.5", "CHF", "de-CH", "CHF-1'234.50"},
		// Half a cent rounds up, once, here; a negative that rounds to zero has no sign.
		{"2.345", "USD", "en-US", "$2.35"},
		{"-0.004", "USD", "en-US", "$0.00"},
		// Locales without a table fall back by language, then to en-US; no currency, no symbol.
		{"1234.5", "EUR", "de-AT", "1.234,50\u00a0€"},
		{"1234.5", "EUR", "en_gb", "€1,234.50"},
		{"1234.5", "USD", "", "$1,234.50"},
		{"1234.5", "XYZ", "en-US", "XYZ\u00a01,234.50"},
		{"1234.5", "", "en-US", "1,234.50"},
	} {
		t.Run(tt.amount+" "+tt.currency+" "+tt.locale, func(t *testing.T) {
			if got := FormatMoney(decimal.RequireFromString(tt.amount), tt.currency, tt.locale); got != tt.want {
				t.Errorf("FormatMoney(%s, %q, %q) = %q, want %q", tt.amount, tt.currency, tt.locale, got, tt.want)
			}
		})
	}
}

func TestRegionLocale(t *testing.T) {
	t.Parallel()
	for region, want := range map[string]string{"US": "en-US", "us-ca": "en-US", "": "en-US", "GB": "en-GB", "UK": "en-GB", "DE": "en-GB"} {
		if got := RegionLocale(region); got != want {
			t.Errorf("RegionLocale(%q) = %q, want %q", region, got, want)
		}
	}
}

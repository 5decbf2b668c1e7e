package offers

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"ratewise"
)

// Whatever a partner's file holds, ParseImport never panics, refuses with errors that say
// where (ImportErrors, or an invalid_argument for the format), and every row it accepts is a
// valid offer whose texts a text column can store. Seeds: testdata/fuzz/FuzzParseImport and
// the ones below; `go test -run '^$' -fuzz FuzzParseImport ./offers/` runs it longer
// (docs/fuzzing.md).
func FuzzParseImport(f *testing.F) {
	f.Add([]byte(`[{"amount_max":"25000.00","amount_min":"1000.00","currency":"USD","external_id":"hbl-pl-01","name":"Harborline Personal Loan Flex","partner":"Harborline Bank","product_type":"personal_loan","rate":"12.85","rate_bands":[{"min_score":760,"rate":"7.87"},{"min_score":700,"rate":"12.85"}],"rate_max":"27.78","rate_min":"7.87","regions":["US"],"terms_months":[24,36,48],"url":"https://harborline.example/p"}]`), false)
	f.Add([]byte(importCSV(2, func(i int) string { return "t-" + string(rune('a'+i)) }, "9.99")), true)
	f.Add([]byte("partner,external_id,product_type,name,currency,regions,annual_premium,coverage_limit,deductible\nIns,h1,home_insurance,Home,USD,US-TX,1200,300000,1000\n"), true)
	f.Add([]byte(`[{"partner":"P","external_id":"x","product_type":"credit_card","name":"Card","currency":"GBP","regions":["GB"],"rate":"24.9","promo_months":20,"promo_apr":"0","transfer_fee":"3"}]`), false)
	f.Add([]byte("partner,external_id\n\"unterminated"), true)
	f.Add([]byte(`{"not":"a list"}`), false)
	f.Fuzz(func(t *testing.T, data []byte, csv bool) {
		format := "json"
		if csv {
			format = "csv"
		}
		rows, err := ParseImport(bytes.NewReader(data), format, "")
		if err != nil {
			var ie ImportErrors
			if !errors.As(err, &ie) && ratewise.ErrorCode(err) != ratewise.EINVALID {
				t.Fatalf("refused with %T %v: want ImportErrors or invalid_argument", err, err)
			}
			if rows != nil {
				t.Fatalf("refused, yet returned %d rows", len(rows))
			}
			return
		}
		for _, r := range rows {
			if err := r.Offer.Validate(); err != nil {
				t.Fatalf("accepted row %q does not validate: %v", r.Offer.ExternalID, err)
			}
			for _, s := range append([]string{r.PartnerName, r.Offer.ExternalID, r.Offer.Name, r.Offer.Description, r.Offer.Terms, r.Offer.URL, r.Offer.Currency}, r.Offer.Regions...) {
				if !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
					t.Fatalf("accepted text %q cannot be stored", s)
				}
			}
		}
	})
}

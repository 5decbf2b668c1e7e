package offers

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"ratewise"
	"ratewise/db"
	"ratewise/db/dbtest"
)

func TestParseImportReportsEveryProblem(t *testing.T) {
	t.Parallel()
	csv := "partner,external_id,product_type,name,currency,regions,rate,terms_months,annual_premium\n" +
		"Acme Bank,a1,personal_loan,Good loan,USD,US,9.99,12;24,\n" +
		"Acme Bank,a2,boat_loan,Bad type,USD,US,9.99,12,\n" +
		"Acme Bank,a3,personal_loan,Bad rate,USD,US,abc,12,\n" +
		",a4,auto_insurance,No partner,usd,XX-,,,\n" +
		"Acme Bank,a1,personal_loan,Duplicate,USD,US,9.99,12,\n"
	_, err := ParseImport(strings.NewReader(csv), "csv", "")
	var errs ImportErrors
	if !errors.As(err, &errs) {
		t.Fatalf("err = %v, want ImportErrors", err)
	}
	want := []struct {
		row, line int
		field     string
	}{
		{2, 3, "product_type"},
		{3, 4, "rate"},
		{4, 5, "partner"},
		{4, 5, "regions"},
		{4, 5, "annual_premium"},
		{5, 6, "external_id"},
	}
	for _, w := range want {
		found := false
		for _, e := range errs {
			if e.Row == w.row && e.Line == w.line && e.Field == w.field {
				found = true
			}
		}
		if !found {
			t.Errorf("no problem reported for row %d line %d field %s; got:\n%v", w.row, w.line, w.field, err)
		}
	}
	for _, e := range errs {
		if e.Row == 1 {
			t.Errorf("the valid row 1 was reported: %v", e)
		}
	}
}

func TestParseImportJSONLines(t *testing.T) {
	t.Parallel()
	js := `[
  {"partner": "Acme", "external_id": "x1", "product_type": "personal_loan", "name": "L", "currency": "USD",
   "regions": ["US"], "rate": "9.99", "terms_months": [12, 24]},
  {"partner": "Acme", "external_id": "x2", "product_type": "personal_loan", "name": "L", "currency": "USD",
   "regions": ["US"], "rate": "9.99", "terms_months": [0]}
]`
	_, err := ParseImport(strings.NewReader(js), "json", "")
	var errs ImportErrors
	if !errors.As(err, &errs) || len(errs) == 0 {
		t.Fatalf("err = %v, want problems at row 2, line 4, terms_months", err)
	}
	for _, e := range errs {
		if e.Row != 2 || e.Line != 4 || e.Field != "terms_months" {
			t.Errorf("problem %v, want row 2, line 4, terms_months", e)
		}
	}
	if _, err := ParseImport(strings.NewReader(js), "json", "Other Partner"); err == nil || !strings.Contains(err.Error(), "partner") {
		t.Errorf("rows for Acme imported as Other Partner: err %v", err)
	}
}

func importCSV(rows int, extID func(int) string, apr string) string {
	var b strings.Builder
	b.WriteString("partner,external_id,product_type,name,currency,regions,rate,terms_months\n")
	for i := 0; i < rows; i++ {
		fmt.Fprintf(&b, "Test Lender,%s,personal_loan,Loan %d,USD,US,%s,36;60\n", extID(i), i, apr)
	}
	return b.String()
}

func TestImportUpsertAllOrNothingDryRun(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := NewStore(dbtest.NewPool(t))
	id := func(i int) string { return fmt.Sprintf("t-%d", i) }

	res, err := s.Import(ctx, strings.NewReader(importCSV(3, id, "9.99")), "csv", ImportOptions{DryRun: true})
	if err != nil || res.Created != 3 {
		t.Fatalf("dry run: %+v, %v", res, err)
	}
	if all, _ := s.Offers(ctx, OfferFilter{}); len(all) != 0 {
		t.Fatalf("dry run stored %d offers", len(all))
	}
	res, err = s.Import(ctx, strings.NewReader(importCSV(3, id, "9.99")), "csv", ImportOptions{})
	if err != nil || res.Created != 3 || res.Updated != 0 {
		t.Fatalf("import: %+v, %v", res, err)
	}
	// Same external ids again with a new rate: updated in place, not duplicated.
	res, err = s.Import(ctx, strings.NewReader(importCSV(4, id, "8.50")), "csv", ImportOptions{})
	if err != nil || res.Created != 1 || res.Updated != 3 {
		t.Fatalf("re-import: %+v, %v", res, err)
	}
	all, err := s.Offers(ctx, OfferFilter{})
	if err != nil || len(all) != 4 {
		t.Fatalf("after re-import: %d offers, %v", len(all), err)
	}
	if got := all[0].Rate.String(); got != "8.50" {
		t.Errorf("updated rate %s, want 8.50", got)
	}
	// One bad row: nothing from the file is stored.
	bad := importCSV(2, func(i int) string { return fmt.Sprintf("new-%d", i) }, "9.99") + "Test Lender,new-9,personal_loan,Bad,USD,US,150,36\n"
	if _, err := s.Import(ctx, strings.NewReader(bad), "csv", ImportOptions{}); err == nil {
		t.Fatal("a file with a rate of 150 % imported")
	}
	if all, _ := s.Offers(ctx, OfferFilter{}); len(all) != 4 {
		t.Errorf("after a failed import: %d offers, want still 4", len(all))
	}
}

func TestSeedDemoIdempotentAndQueryable(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := NewStore(dbtest.NewPool(t))
	first, err := s.SeedDemo(ctx)
	if err != nil {
		t.Fatal(err)
	}
	second, err := s.SeedDemo(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if second.Created != 0 || second.Updated != first.Created {
		t.Errorf("second seed created %d, updated %d; want 0 and %d", second.Created, second.Updated, first.Created)
	}
	ca, err := s.Offers(ctx, OfferFilter{ProductType: Mortgage, Region: "US-CA", Limit: 500})
	if err != nil || len(ca) == 0 {
		t.Fatalf("US mortgages for US-CA: %d, %v", len(ca), err)
	}
	for _, o := range ca {
		if !o.ServesRegion("US-CA") {
			t.Errorf("offer %s regions %v returned for US-CA", o.ExternalID, o.Regions)
		}
	}
	gb, _ := s.Offers(ctx, OfferFilter{Region: "GB", Query: "balance transfer", Limit: 500})
	if len(gb) == 0 {
		t.Error("no GB offers match \"balance transfer\"")
	}
	for _, o := range gb {
		if o.Currency != "GBP" {
			t.Errorf("GB search returned %s offer %s", o.Currency, o.ExternalID)
		}
	}
	got, err := s.Offer(ctx, ca[0].ID)
	if err != nil || got.ExternalID != ca[0].ExternalID || len(got.RateBands) == 0 {
		t.Errorf("Offer(%d) = %+v, %v", ca[0].ID, got, err)
	}
}

func TestCompareHoldingFromStore(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := NewStore(dbtest.NewPool(t))
	if _, err := s.SeedDemo(ctx); err != nil {
		t.Fatal(err)
	}
	h := Holding{Kind: KindLoan, ProductType: PersonalLoan, Balance: MustMoney("15000"), APR: MustPercent("22.99"), RemainingMonths: 36}
	p := &Profile{CreditScore: 720, AnnualIncome: MustMoney("85000"), Region: "US-NY", MonthlyDebtPayments: MustMoney("900")}
	cmp, err := s.CompareHolding(ctx, h, p, nil, 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(cmp.Options) != 5 || !cmp.Options[0].Eligible || !cmp.Options[0].NetSaving.IsPositive() {
		t.Fatalf("options %d, first %+v; want 5 with an eligible saving first", len(cmp.Options), cmp.Options[0])
	}
	for _, o := range cmp.Options {
		if o.Offer.PointOfSale || o.Offer.Currency != "USD" {
			t.Errorf("candidate %s (point of sale %v, %s) is not a US refinance offer", o.Offer.ExternalID, o.Offer.PointOfSale, o.Offer.Currency)
		}
	}
	if _, err := s.CompareHolding(ctx, h, p, []int64{999999}, 5); err == nil {
		t.Error("an unknown offer id compared without error")
	}
	mortgages, _ := s.Offers(ctx, OfferFilter{ProductType: Mortgage, Limit: 1})
	if _, err := s.CompareHolding(ctx, h, p, []int64{mortgages[0].ID}, 5); ratewise.ErrorField(err) != "offer_ids" {
		t.Errorf("a mortgage offer against a personal loan: err %v, want invalid offer_ids", err)
	}
}

// A comparison never mixes currencies: a saving of pounds against dollars means nothing.
// Without a profile the consumer is taken to be in DefaultRegion (US), as the assistant does;
// a profile or a saved region picks the region; named offers must share one currency.
func TestCompareHoldingOneCurrency(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := NewStore(dbtest.NewPool(t))
	if _, err := s.SeedDemo(ctx); err != nil {
		t.Fatal(err)
	}
	h := Holding{Kind: KindLoan, ProductType: PersonalLoan, Balance: MustMoney("15000"), APR: MustPercent("22.99"), RemainingMonths: 36}
	gb := &Profile{CreditScore: 720, AnnualIncome: MustMoney("55000"), Region: "GB"}
	for _, tt := range []struct {
		name   string
		p      *Profile
		region string
		want   string
	}{
		{"no profile, no region", nil, "", "USD"},
		{"no profile, saved region GB", nil, "GB", "GBP"},
		{"GB profile", gb, "", "GBP"},
		{"the profile's region wins", gb, "US", "GBP"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cmp, err := s.CompareHoldingIn(ctx, h, tt.p, tt.region, nil, 100)
			if err != nil {
				t.Fatal(err)
			}
			if len(cmp.Options) < 3 || cmp.Currency != tt.want {
				t.Fatalf("%d options in %q, want several in %s", len(cmp.Options), cmp.Currency, tt.want)
			}
			for _, o := range cmp.Options {
				if o.Offer.Currency != tt.want {
					t.Errorf("offer %s in %s among %s offers", o.Offer.ExternalID, o.Offer.Currency, tt.want)
				}
			}
		})
	}
	usd, _ := s.Offers(ctx, OfferFilter{ProductType: PersonalLoan, Region: "US", Limit: 1})
	gbp, _ := s.Offers(ctx, OfferFilter{ProductType: PersonalLoan, Region: "GB", Limit: 1})
	if _, err := s.CompareHolding(ctx, h, nil, []int64{usd[0].ID, gbp[0].ID}, 5); ratewise.ErrorField(err) != "offer_ids" {
		t.Errorf("a USD and a GBP offer together: err %v, want invalid offer_ids", err)
	}
	if cmp, err := s.CompareHolding(ctx, h, nil, []int64{gbp[0].ID}, 5); err != nil || cmp.Currency != "GBP" {
		t.Errorf("one named GBP offer: %s, %v; want a GBP comparison", cmp.Currency, err)
	}
}

// A catalogue that states an APR must state the one its rates and fees give: the defect this
// catches is a nominal rate published as the representative APR with a fee on top.
func TestParseImportChecksStatedAPRs(t *testing.T) {
	t.Parallel()
	row := func(extra string) string {
		return `[{"partner": "Acme", "external_id": "a1", "product_type": "auto_loan", "name": "Car", "currency": "USD",
		  "regions": ["US"], "rate": "7.77", "rate_min": "5.99", "rate_max": "14.99", "terms_months": [36, 60, 72],
		  "origination_fee_flat": "99.00"` + extra + `}]`
	}
	rows, err := ParseImport(strings.NewReader(row("")), "json", "")
	if err != nil {
		t.Fatal(err)
	}
	o := rows[0].Offer
	rep := o.RepresentativeAPR()
	lo, hi := o.APRRange()
	if !rep.GreaterThan(o.Rate.Decimal) || !lo.GreaterThan(o.RateMin.Decimal) || !hi.GreaterThan(o.RateMax.Decimal) {
		t.Fatalf("APRs %s (%s–%s) do not include the $99 fee on rates %s (%s–%s)", rep, lo, hi, o.Rate, o.RateMin, o.RateMax)
	}
	exact := fmt.Sprintf(`, "representative_apr": %q, "apr_min": %q, "apr_max": %q`, rep, lo, hi)
	if _, err := ParseImport(strings.NewReader(row(exact)), "json", ""); err != nil {
		t.Errorf("the computed APRs stated back were refused: %v", err)
	}
	_, err = ParseImport(strings.NewReader(row(`, "representative_apr": "7.77"`)), "json", "")
	var errs ImportErrors
	if !errors.As(err, &errs) || len(errs) != 1 || errs[0].Field != "representative_apr" || !strings.Contains(errs[0].Message, rep.String()) {
		t.Errorf("the nominal rate stated as the APR: err %v, want one problem on representative_apr naming %s", err, rep)
	}
}

// An import for one partner (`offers import --partner P`) keeps to it however its rows were
// read: a row of another partner is refused, a row with none gets P.
func TestImportRowsKeepsToTheImportsPartner(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := NewStore(dbtest.NewPool(t))
	rows, err := ParseImport(strings.NewReader(importCSV(2, func(i int) string { return fmt.Sprintf("p-%d", i) }, "9.99")), "csv", "")
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.ImportRows(ctx, rows, ImportOptions{Partner: "Acme Bank"})
	var errs ImportErrors
	if !errors.As(err, &errs) || len(errs) != 2 || errs[0].Row != 1 || errs[0].Line != 2 || errs[0].Field != "partner" ||
		!strings.Contains(errs[0].Message, `"Acme Bank"`) {
		t.Fatalf("rows of Test Lender imported for Acme Bank: err %v, want a partner problem on each row", err)
	}
	if all, _ := s.Offers(ctx, OfferFilter{}); len(all) != 0 {
		t.Fatalf("%d offers stored by a refused import", len(all))
	}
	for i := range rows {
		rows[i].PartnerName = ""
	}
	if _, err := s.ImportRows(ctx, rows, ImportOptions{Partner: "Acme Bank"}); err != nil {
		t.Fatalf("rows without a partner, imported for Acme Bank: %v", err)
	}
	acme, err := s.PartnerByName(ctx, "acme bank")
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Offers(ctx, OfferFilter{PartnerID: acme.ID}); len(got) != 2 {
		t.Errorf("Acme Bank has %d offers, want the 2 imported for it", len(got))
	}
}

// When the partner lookup fails for any reason but "not found", that failure is the import's
// error; going on would only fail later, in a transaction PostgreSQL has already aborted,
// with a message that hides the cause.
func TestImportRowsReturnsALookupFailureAsIs(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	u, err := url.Parse(dbtest.NewDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("lock_timeout", "100ms")
	u.RawQuery = q.Encode()
	pool, err := db.Open(ctx, u.String())
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	rows, err := ParseImport(strings.NewReader(importCSV(1, func(i int) string { return "l-1" }, "9.99")), "csv", "")
	if err != nil {
		t.Fatal(err)
	}
	// Someone else holds the partners table, so the lookup cannot get its lock in time.
	blocker, err := pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer blocker.Rollback(ctx)
	if _, err := blocker.Exec(ctx, `LOCK TABLE partners IN ACCESS EXCLUSIVE MODE`); err != nil {
		t.Fatal(err)
	}
	_, err = NewStore(pool).ImportRows(ctx, rows, ImportOptions{})
	const lockNotAvailable = "55P03"
	if !db.IsCode(err, lockNotAvailable) {
		t.Errorf("err = %v, want the lookup's own lock_not_available (%s)", err, lockNotAvailable)
	}
}

package offers

import (
	"context"
	"strings"
	"testing"
	"time"

	"ratewise/db/dbtest"
)

// The catalogue version moves with every change a copy of the catalogue must follow, and
// only then.
func TestCatalogueVersion(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := dbtest.NewPool(t)
	s := NewStore(pool)
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	s.now = func() time.Time { return now }
	version := func() string {
		t.Helper()
		v, err := s.CatalogueVersion(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	last := version()
	step := func(name string, change func(), wantChange bool) {
		t.Helper()
		change()
		v := version()
		if changed := v != last; changed != wantChange {
			t.Errorf("%s: version changed %v, want %v", name, changed, wantChange)
		}
		last = v
	}
	csv := "partner,external_id,product_type,name,currency,regions,rate,terms_months,active_from\n" +
		"Test Lender,v1,personal_loan,Loan,USD,US,9.99,36,\n" +
		"Test Lender,v2,personal_loan,Later loan,USD,US,8.99,36,2026-03-02\n"
	exec := func(sql string, args ...any) func() {
		return func() {
			if _, err := pool.Exec(ctx, sql, args...); err != nil {
				t.Fatal(err)
			}
		}
	}
	step("nothing", func() {}, false)
	if ids, err := s.OfferIDs(ctx); err != nil || len(ids) != 0 {
		t.Errorf("OfferIDs of an empty catalogue = %v, %v", ids, err)
	}
	step("an import", func() {
		if _, err := s.Import(ctx, strings.NewReader(csv), "csv", ImportOptions{}); err != nil {
			t.Fatal(err)
		}
	}, true)
	step("read again", func() {}, false)
	if ids, err := s.OfferIDs(ctx); err != nil || len(ids) != 2 || ids[0] >= ids[1] {
		t.Errorf("OfferIDs = %v, %v; want the 2 ids in order", ids, err)
	}
	step("the same file again (rows rewritten)", func() {
		if _, err := s.Import(ctx, strings.NewReader(csv), "csv", ImportOptions{}); err != nil {
			t.Fatal(err)
		}
	}, true)
	step("an offer edited by hand, updated_at untouched", exec(`UPDATE offers SET description = 'edited' WHERE external_id = 'v1'`), true)
	step("a partner's URL", exec(`UPDATE partners SET url = 'https://lender.example'`), true)
	step("a day later v2 opens", func() { now = now.Add(24 * time.Hour) }, true)
	step("an hour on, no window moves", func() { now = now.Add(time.Hour) }, false)
	step("an offer deleted", exec(`DELETE FROM offers WHERE external_id = 'v2'`), true)
	var id int64
	if err := pool.QueryRow(ctx, `SELECT id FROM partners`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	step("the partner deleted", func() {
		if n, err := s.DeletePartners(ctx, []int64{id, id + 1000}); err != nil || n != 1 {
			t.Fatalf("DeletePartners = %d, %v; want 1 deleted", n, err)
		}
	}, true)
	if list, _ := s.Offers(ctx, OfferFilter{}); len(list) != 0 {
		t.Errorf("%d offers left after their partner was deleted", len(list))
	}
	step("empty again, unchanged", func() {}, false)
}

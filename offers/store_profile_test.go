package offers

import (
	"context"
	"testing"

	"ratewise"
	"ratewise/db"
	"ratewise/db/dbtest"
)

func TestSavedProfile(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := NewStore(dbtest.NewPool(t))
	ada := newUser(t, s, "ada@example.com")
	if sp, err := s.Profile(ctx, ada); err != nil || sp != (SavedProfile{}) {
		t.Fatalf("nothing saved: %+v, %v; want an empty profile", sp, err)
	}
	score, income := 720, MustMoney("52000")
	saved, err := s.SaveProfile(ctx, ada, SavedProfile{CreditScore: &score, AnnualIncome: &income, Region: " us-ca "})
	if err != nil {
		t.Fatal(err)
	}
	if saved.Region != "US-CA" || *saved.CreditScore != 720 || saved.AnnualIncome.String() != "52000.00" || saved.MonthlyDebtPayments != nil {
		t.Errorf("saved %+v", saved)
	}
	if p, region, err := s.ComparisonProfile(ctx, ada); err != nil || p == nil || p.Region != "US-CA" || region != "US-CA" {
		t.Errorf("comparison profile %+v, %q, %v; want the whole profile in US-CA", p, region, err)
	}
	// Saving again replaces: what is not sent is no longer saved.
	if saved, err = s.SaveProfile(ctx, ada, SavedProfile{Region: "GB"}); err != nil || saved.CreditScore != nil || saved.Region != "GB" {
		t.Errorf("replaced by a region only: %+v, %v", saved, err)
	}
	if p, region, _ := s.ComparisonProfile(ctx, ada); p != nil || region != "GB" {
		t.Errorf("a region only: profile %+v, region %q; want none and GB", p, region)
	}
	bad := 900
	for _, tt := range []struct {
		name  string
		sp    SavedProfile
		field string
	}{
		{"a user-assigned region", SavedProfile{Region: "zz"}, "region"},
		{"not a region", SavedProfile{Region: "California"}, "region"},
		{"a score off the scale", SavedProfile{CreditScore: &bad}, "credit_score"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := s.SaveProfile(ctx, ada, tt.sp); ratewise.ErrorCode(err) != ratewise.EINVALID || ratewise.ErrorField(err) != tt.field {
				t.Errorf("err %v, want invalid %s", err, tt.field)
			}
		})
	}
	if _, err := s.SaveProfile(ctx, 999999, SavedProfile{Region: "US"}); ratewise.ErrorCode(err) != ratewise.ENOTFOUND {
		t.Errorf("no such user: %v, want not found", err)
	}
}

// The migration that gives the profile its own table keeps every profile users held.
func TestProfilesMigrationKeepsSavedProfiles(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	conn, err := db.Connect(ctx, dbtest.NewEmptyDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	ms, err := db.Migrations()
	if err != nil {
		t.Fatal(err)
	}
	apply := func(before bool) {
		for _, m := range ms {
			if (m.Version < 30) == before && m.Version <= 30 {
				if _, err := conn.Exec(ctx, m.SQL); err != nil {
					t.Fatalf("%s: %v", m.Name, err)
				}
			}
		}
	}
	apply(true)
	if _, err := conn.Exec(ctx, `INSERT INTO users (email, password_hash, credit_score, annual_income, region) VALUES
		('a@example.com', 'x', 700, 40000.50, 'GB'), ('b@example.com', 'x', NULL, NULL, NULL)`); err != nil {
		t.Fatal(err)
	}
	apply(false)
	var n int
	var score int
	var income, region string
	if err := conn.QueryRow(ctx, `SELECT count(*) OVER (), credit_score, annual_income::text, region FROM profiles`).Scan(&n, &score, &income, &region); err != nil {
		t.Fatal(err)
	}
	if n != 1 || score != 700 || income != "40000.50" || region != "GB" {
		t.Errorf("profiles: %d rows, first %d %s %s; want only a's 700 40000.50 GB", n, score, income, region)
	}
	var cols int
	conn.QueryRow(ctx, `SELECT count(*) FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'region'`).Scan(&cols)
	if cols != 0 {
		t.Error("users still has a region column")
	}
}

package offers

import (
	"context"
	"testing"

	"ratewise"
	"ratewise/db/dbtest"
)

func newUser(t *testing.T, s *Store, email string) int64 {
	t.Helper()
	var id int64
	if err := s.pool.QueryRow(context.Background(), `INSERT INTO users (email, password_hash) VALUES ($1, 'x') RETURNING id`, email).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

func TestHoldingsCRUD(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := NewStore(dbtest.NewPool(t))
	alice, bob := newUser(t, s, "alice@example.com"), newUser(t, s, "bob@example.com")
	pay := MustMoney("507.87")
	h, err := s.CreateHolding(ctx, alice, Holding{ProductType: PersonalLoan, Provider: "Old Bank",
		Balance: MustMoney("17289.14"), APR: MustPercent("18"), RemainingMonths: 48, MonthlyPayment: &pay})
	if err != nil {
		t.Fatal(err)
	}
	if h.ID == 0 || h.Kind != KindLoan || h.UserID != alice {
		t.Fatalf("created %+v", h)
	}
	got, err := s.Holding(ctx, alice, h.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Balance.Equal(h.Balance.Decimal) || got.MonthlyPayment == nil || !got.MonthlyPayment.Equal(pay.Decimal) {
		t.Errorf("read back %+v, want balance 17289.14 and payment 507.87", got)
	}
	if _, err := s.Holding(ctx, bob, h.ID); ratewise.ErrorCode(err) != ratewise.ENOTFOUND {
		t.Errorf("bob reads alice's holding: err %v, want not found", err)
	}
	months := 47
	up, err := s.UpdateHolding(ctx, alice, h.ID, HoldingUpdate{RemainingMonths: &months})
	if err != nil || up.RemainingMonths != 47 || up.Provider != "Old Bank" {
		t.Fatalf("update: %+v, %v", up, err)
	}
	if _, err := s.UpdateHolding(ctx, bob, h.ID, HoldingUpdate{RemainingMonths: &months}); ratewise.ErrorCode(err) != ratewise.ENOTFOUND {
		t.Errorf("bob updates alice's holding: err %v, want not found", err)
	}
	bad := -1
	if _, err := s.UpdateHolding(ctx, alice, h.ID, HoldingUpdate{RemainingMonths: &bad}); ratewise.ErrorField(err) != "remaining_months" {
		t.Errorf("negative months: err %v, want invalid remaining_months", err)
	}
	if err := s.DeleteHolding(ctx, bob, h.ID); ratewise.ErrorCode(err) != ratewise.ENOTFOUND {
		t.Errorf("bob deletes alice's holding: err %v, want not found", err)
	}
	if err := s.DeleteHolding(ctx, alice, h.ID); err != nil {
		t.Fatal(err)
	}
	list, err := s.Holdings(ctx, alice)
	if err != nil || len(list) != 0 {
		t.Errorf("after delete: %v, %v", list, err)
	}
}

package offers

import (
	"encoding/json"
	"errors"
	"testing"

	"ratewise"
)

func TestHoldingUpdateNullClears(t *testing.T) {
	base := Holding{Kind: KindLoan, ProductType: AutoLoan, Provider: "First Bank", Balance: MustMoney("18000"), APR: MustPercent("9.9"),
		RemainingMonths: 48, MonthlyPayment: mp("455.10"), PrepaymentPenalty: mp("250")}
	tests := []struct {
		body      string
		wantField string // the EINVALID field, if refused
		check     func(Holding) bool
	}{
		{`{"prepayment_penalty": null}`, "", func(h Holding) bool {
			return h.PrepaymentPenalty == nil && h.MonthlyPayment != nil && h.MonthlyPayment.String() == "455.10"
		}},
		{`{"prepayment_penalty": "300", "monthly_payment": null}`, "", func(h Holding) bool {
			return h.PrepaymentPenalty.String() == "300.00" && h.MonthlyPayment == nil
		}},
		{`{"apr": "7.25"}`, "", func(h Holding) bool {
			return h.APR.String() == "7.25" && h.PrepaymentPenalty != nil && h.MonthlyPayment != nil
		}},
		{`{"balance": null}`, "balance", nil},
		{`{"apr": null}`, "apr", nil},
	}
	for _, tt := range tests {
		var u HoldingUpdate
		if err := json.Unmarshal([]byte(tt.body), &u); err != nil {
			t.Fatalf("%s: %v", tt.body, err)
		}
		got, err := u.Apply(base)
		if tt.wantField != "" {
			var e *ratewise.Error
			if !errors.As(err, &e) || e.Field != tt.wantField {
				t.Errorf("%s: err %v, want EINVALID on %s", tt.body, err, tt.wantField)
			}
			continue
		}
		if err != nil || !tt.check(got) {
			t.Errorf("%s: got %+v, %v", tt.body, got, err)
		}
	}
	if base.PrepaymentPenalty == nil || base.MonthlyPayment == nil {
		t.Error("Apply changed the holding it was given")
	}
}

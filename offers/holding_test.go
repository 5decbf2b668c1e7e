package offers

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"ratewise"
)

func TestHoldingUpdateNullClears(t *testing.T) {
	t.Parallel()
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
		t.Run(tt.body, func(t *testing.T) {
			var u HoldingUpdate
			if err := json.Unmarshal([]byte(tt.body), &u); err != nil {
				t.Fatal(err)
			}
			got, err := u.Apply(base)
			if tt.wantField != "" {
				var e *ratewise.Error
				if !errors.As(err, &e) || e.Field != tt.wantField {
					t.Errorf("err %v, want EINVALID on %s", err, tt.wantField)
				}
				return
			}
			if err != nil || !tt.check(got) {
				t.Errorf("got %+v, %v", got, err)
			}
		})
	}
	if base.PrepaymentPenalty == nil || base.MonthlyPayment == nil {
		t.Error("Apply changed the holding it was given")
	}
}

// A stated loan payment must be able to repay the balance at the rate within the months
// left; otherwise every figure computed from it (a last payment of thousands, "savings") is
// meaningless. The card rule (the payment must beat the interest) is older.
func TestHoldingPaymentMustAmortize(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, payment string
		months        int
		want          string // "" accepted, else a word the message must contain
	}{
		{"the schedule payment", "126.57", 48, ""},
		{"a little under (lender rounding)", "126.00", 48, ""},
		{"well over: repaid early", "400.00", 48, ""},
		{"1.00 a month", "1", 48, "interest"},
		{"exactly the interest", "41.25", 48, "interest"},
		{"below the interest", "20", 48, "interest"},
		{"half the payment", "63.29", 48, "126.57"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := Holding{ProductType: AutoLoan, Balance: MustMoney("5000"), APR: MustPercent("9.90"), RemainingMonths: tt.months, MonthlyPayment: mp(tt.payment)}
			err := h.Validate()
			if tt.want == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if ratewise.ErrorCode(err) != ratewise.EUNPROCESSABLE || ratewise.ErrorField(err) != "monthly_payment" {
				t.Fatalf("error %v, want unprocessable on monthly_payment", err)
			}
			if msg := ratewise.ErrorMessage(err); !strings.Contains(msg, tt.want) {
				t.Errorf("message %q does not mention %q", msg, tt.want)
			}
		})
	}
	// A zero-rate loan has no interest to cover, only the months.
	h := Holding{ProductType: StudentLoan, Balance: MustMoney("1200"), APR: MustPercent("0"), RemainingMonths: 12, MonthlyPayment: mp("100")}
	if err := h.Validate(); err != nil {
		t.Errorf("0 %% loan paid 100 × 12: %v", err)
	}
}

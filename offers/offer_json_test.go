package offers

import (
	"encoding/json"
	"testing"
	"time"
)

// An offer outside its active window is still served, saying it is not available.
func TestOfferJSONSaysWhetherItIsAvailable(t *testing.T) {
	t.Parallel()
	past, future := time.Now().Add(-24*time.Hour), time.Now().Add(24*time.Hour)
	for _, tt := range []struct {
		name        string
		from, until *time.Time
		want        bool
	}{
		{"open window", nil, nil, true},
		{"ended", nil, &past, false},
		{"not started", &future, nil, false},
		{"inside its window", &past, &future, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			o := Offer{ID: 1, ProductType: PersonalLoan, Name: "Loan", Currency: "USD", Rate: MustPercent("7"), RateMin: MustPercent("7"),
				RateMax: MustPercent("9"), TermsMonths: []int{36}, AmountMin: MustMoney("1000"), AmountMax: MustMoney("20000"),
				ActiveFrom: tt.from, ActiveUntil: tt.until}
			raw, err := json.Marshal(o)
			if err != nil {
				t.Fatal(err)
			}
			var got struct {
				Available *bool `json:"available"`
			}
			if err := json.Unmarshal(raw, &got); err != nil || got.Available == nil || *got.Available != tt.want {
				t.Errorf("available = %v (%v), want %v: %s", got.Available, err, tt.want, raw)
			}
		})
	}
}

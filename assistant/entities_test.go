package assistant

import "testing"

func TestExtractEntities(t *testing.T) {
	tests := []struct {
		in           string
		amount, rate string // "" means none
		term         int
		product      string
	}{
		{"my car loan is $15,000 at 9.9% with 48 months left", "15000", "9.9", 48, "auto_loan"},
		{"car loan 15000 at 9.9 percent, 4 years left", "15000", "9.9", 48, "auto_loan"},
		{"I owe 15k on my auto loan", "15000", "", 0, "auto_loan"},
		{"15 000 kr billån, 7,5 % ränta, 36 månader", "15000", "7.5", 36, "auto_loan"},
		{"mortgage of 250,000.50 at 6.25% over 30 years", "250000.5", "6.25", 360, "mortgage"},
		{"can I get a cheaper car loan?", "", "", 0, "auto_loan"},
		{"I need 5000 for a kitchen", "5000", "", 0, ""},
		{"is my car insurance too expensive", "", "", 0, "auto_insurance"},
		{"I have 2 cars", "", "", 0, ""},
		{"€12.500 préstamo personal al 8%", "12500", "8", 0, "personal_loan"},
		// A stated payment or credit score is not the amount owed.
		{"my car loan is $20,000 at 9.9% with 48 months left, paying $455 a month", "20000", "9.9", 48, "auto_loan"},
		{"my credit score is 650 and my car loan is 15000 at 9.9% with 48 months left", "15000", "9.9", 48, "auto_loan"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			e := ExtractEntities(tt.in)
			if got := decStr(e.Amount); got != tt.amount {
				t.Errorf("amount = %q, want %q", got, tt.amount)
			}
			if got := decStr(e.Rate); got != tt.rate {
				t.Errorf("rate = %q, want %q", got, tt.rate)
			}
			if e.TermMonths != tt.term {
				t.Errorf("term = %d, want %d", e.TermMonths, tt.term)
			}
			if e.Product != tt.product {
				t.Errorf("product = %q, want %q", e.Product, tt.product)
			}
		})
	}
}

func TestExtractPaymentAndCreditScore(t *testing.T) {
	for _, tt := range []struct {
		in      string
		payment string
		score   int
	}{
		{"my car loan is $20,000 at 9.9% with 48 months left, paying $455 a month", "455", 0},
		{"I pay 92.25 per month on my credit card", "92.25", 0},
		{"payments of £300/month", "300", 0},
		{"my credit score is 650", "", 650},
		{"my credit score is in the 640–699 band", "", 640},
		{"FICO 720, can I get a better rate on my car loan?", "", 720},
		{"my score is 12", "", 0},
		{"mein Kreditscore ist 700, ist das gut?", "", 700},
		{"mi puntuación de crédito es 640", "", 640},
		{"mon score de crédit est 720", "", 720},
		{"mitt kreditbetyg är 600", "", 600},
		{"my car loan is 15,000 at 9.9% with 48 months left", "", 0},
	} {
		t.Run(tt.in, func(t *testing.T) {
			e := ExtractEntities(tt.in)
			if got := decStr(e.Payment); got != tt.payment || e.CreditScore != tt.score {
				t.Errorf("%q: payment %q, score %d; want %q, %d", tt.in, got, e.CreditScore, tt.payment, tt.score)
			}
		})
	}
}

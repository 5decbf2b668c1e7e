package nlu

import "testing"

func TestCurrencyNamed(t *testing.T) {
	t.Parallel()
	tests := []struct{ text, want string }{
		{"et si je payais 200 € de plus par mois ?", "EUR"},
		{"what if I paid £700 a month?", "GBP"},
		{"what if I paid 700 dollars a month?", "USD"},
		{"and $100 more?", "USD"},
		{"om jag betalar 500 kr mer i månaden?", "SEK"},
		{"what if I paid 700 a month?", ""},
		{"I have 2 questions", ""},
	}
	for _, tt := range tests {
		if got := CurrencyNamed(tt.text); got != tt.want {
			t.Errorf("CurrencyNamed(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

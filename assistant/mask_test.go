package assistant

import (
	"strings"
	"testing"
)

func TestMaskTextKeepsAtMostTheLastFour(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
		fields         []string
	}{
		{"card", "card 4111 1111 1111 1111 please", "card [card •••• 1111] please", []string{"card:1"}},
		{"not a card (Luhn fails)", "ref 4111 1111 1111 1112", "ref 4111 1111 1111 1112", nil},
		{"iban", "IBAN GB82 WEST 1234 5698 7654 32", "IBAN [iban •••• 5432]", []string{"iban:1"}},
		{"email", "write to ada.lovelace@example.com", "write to [email •••• .com]", []string{"email:1"}},
		{"account", "account number 12345678", "account number [account •••• 5678]", []string{"account:1"}},
		{"two cards", "4111111111111111 and 5500 0000 0000 0004", "[card •••• 1111] and [card •••• 0004]", []string{"card:1", "card:2"}},
		{"figures stay", "$15,000 at 9.9% for 48 months", "$15,000 at 9.9% for 48 months", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, fields := MaskText(tt.in)
			if got != tt.want {
				t.Errorf("MaskText(%q) = %q, want %q", tt.in, got, tt.want)
			}
			var names []string
			for _, f := range fields {
				names = append(names, f.Field)
				v, ok := revealField(tt.in, f.Field)
				if !ok || !strings.Contains(tt.in, v) || !strings.HasSuffix(strings.ReplaceAll(v, " ", ""), strings.TrimPrefix(f.Display, "•••• ")) {
					t.Errorf("reveal %s = %q, %v", f.Field, v, ok)
				}
			}
			if strings.Join(names, ",") != strings.Join(tt.fields, ",") {
				t.Errorf("fields = %v, want %v", names, tt.fields)
			}
		})
	}
}

package assistant

import (
	"fmt"
	"strings"
	"testing"
)

func TestRedact(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		want     []string // substrings that must be in the output
		mustLose []string // substrings that must be gone
	}{
		{"visa card", "my card is 4111 1111 1111 1111 thanks", []string{"[card]"}, []string{"4111"}},
		{"card with dashes", "card 5555-5555-5555-4444", []string{"[card]"}, []string{"5555"}},
		{"not luhn stays", "order 1234 5678 9012 3456", []string{"1234 5678 9012 3456"}, nil},
		{"iban", "pay to GB82 WEST 1234 5698 7654 32 please", []string{"[iban]"}, []string{"WEST"}},
		{"iban compact", "DE89370400440532013000", []string{"[iban]"}, []string{"370400"}},
		{"ssn", "ssn 123-45-6789", []string{"[ssn]"}, []string{"6789"}},
		{"email", "write to Jane.Doe@example.com", []string{"[email]"}, []string{"Jane.Doe"}},
		{"phone international", "call +1 415 555 2671", []string{"[phone]"}, []string{"555"}},
		{"phone national", "call (415) 555-2671 now", []string{"[phone]"}, []string{"2671"}},
		{"swedish phone", "ring 070-123 45 67", []string{"[phone]"}, []string{"123 45"}},
		{"account number", "my account number is 12345678901", []string{"account number is [account]"}, []string{"12345678901"}},
		{"figures stay", "my car loan is $15,000 at 9.9% with 48 months left", []string{"$15,000", "9.9%", "48 months"}, nil},
		{"spaced thousands stay", "I owe 15 000 on it", []string{"15 000"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Redact(tt.in)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("Redact(%q) = %q, want it to contain %q", tt.in, got, w)
				}
			}
			for _, l := range tt.mustLose {
				if strings.Contains(got, l) {
					t.Errorf("Redact(%q) = %q, still contains %q", tt.in, got, l)
				}
			}
		})
	}
}

// A stored message is redacted once, but what the model gets is always its own text's
// redaction: a message id seen with another text (another database) is redacted afresh,
// and so is every message once the cache starts again.
func TestRedactStoredIsRedactOfItsText(t *testing.T) {
	card := &Message{ID: 9_000_000_001, Text: "my card is 4111 1111 1111 1111 thanks"}
	mail := &Message{ID: card.ID, Text: "write to jane.doe@example.com"}
	for range 2 {
		for _, m := range []*Message{card, mail, {Text: "call +1 415 555 2671"}} {
			if got, want := redactStored(m), Redact(m.Text); got != want {
				t.Fatalf("message %d %q: %q, want %q", m.ID, m.Text, got, want)
			}
		}
	}
	for i := range maxRedacted + 10 {
		m := &Message{ID: 9_100_000_000 + int64(i), Text: fmt.Sprintf("ssn 123-45-%04d", i%10000)}
		if got := redactStored(m); got != "ssn [ssn]" {
			t.Fatalf("message %d: %q", m.ID, got)
		}
	}
	if n := redactedCount.Load(); n > maxRedacted {
		t.Errorf("%d redactions kept, at most %d", n, maxRedacted)
	}
	if got := redactStored(card); got != "my card is [card] thanks" {
		t.Errorf("after the cache started again: %q", got)
	}
}

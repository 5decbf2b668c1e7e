package assistant

import (
	"strings"
	"testing"
)

// A promise is kept as its whole sentence: a full stop inside a figure or a web address
// ends nothing, one followed by a space or a line break does.
func TestPromisesKeepWholeSentences(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"We will hold the rate at 6.9% APR for you. Rates change daily.",
			[]string{"We will hold the rate at 6.9% APR for you."}},
		{"Your payment is $1,234.56 a month. I'll email you the schedule at ratewise.example/help today!",
			[]string{"I'll email you the schedule at ratewise.example/help today!"}},
		{"Someone will be with you shortly...\nThey will see this conversation",
			[]string{"Someone will be with you shortly...", "They will see this conversation"}},
		{"I promise a 3.5% rate? No. We guarantee nothing at 4.25%.",
			[]string{"I promise a 3.5% rate?", "We guarantee nothing at 4.25%."}},
		{"The APR is 6.9%.", nil},
	}
	for _, tt := range tests {
		var got []string
		for _, p := range promisesIn(7, tt.text) {
			if p.MessageID != 7 {
				t.Errorf("promise %+v: message id %d, want 7", p, p.MessageID)
			}
			got = append(got, p.Text)
		}
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("promisesIn(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

// The sentences always join back to the text, so the planner streams it whole.
func TestSentencesJoinBackToTheText(t *testing.T) {
	for _, text := range []string{"", "no stop", "A. B! C? ", "6.9% APR.\n\nNext line", "Wait... what?!  Yes.", "a.b.c", "\n\n"} {
		if got := strings.Join(sentences(text), ""); got != text {
			t.Errorf("sentences(%q) joins to %q", text, got)
		}
	}
	if got := sentences("Pay 6.9% APR. Then stop."); len(got) != 2 || got[0] != "Pay 6.9% APR. " {
		t.Errorf("sentences = %q, want two, the first ending after APR.", got)
	}
}

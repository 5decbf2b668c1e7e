package assistant

import "testing"

// The handoff detector is the understanding's: every wording of a request for a person, in
// each language, and every sensitive situation reach a person; discussing a topic or being
// unhappy with an answer does not move anyone.
func TestDetectHandoff(t *testing.T) {
	tests := []struct {
		name     string
		text     string
		category string // "" means no handoff
		priority int
	}{
		{"english", "can I talk to a human please", ReasonRequested, PriorityNormal},
		{"one word", "human", ReasonRequested, PriorityNormal},
		{"agent", "agent", ReasonRequested, PriorityNormal},
		{"a real person", "get me a real person", ReasonRequested, PriorityNormal},
		{"a call back", "Can someone call me?", ReasonRequested, PriorityNormal},
		{"spanish", "quiero hablar con una persona", ReasonRequested, PriorityNormal},
		{"french", "je voudrais parler à un conseiller", ReasonRequested, PriorityNormal},
		{"german", "Ich möchte mit einem Menschen sprechen", ReasonRequested, PriorityNormal},
		{"swedish", "kan jag prata med en människa?", ReasonRequested, PriorityNormal},
		{"hardship", "I lost my job and can't make my payments", ReasonHardship, PrioritySensitive},
		{"bereavement", "my husband passed away last month, the loan was in his name", ReasonBereavement, PrioritySensitive},
		{"identity theft", "I think someone stole my identity and took out a loan in my name", ReasonFraud, PrioritySensitive},
		{"a scam call", "Someone called pretending to be my bank and I gave them my card number", ReasonFraud, PrioritySensitive},
		{"unauthorised payments", "There are payments on my card I never made", ReasonFraud, PrioritySensitive},
		{"stolen card", "my card was stolen", ReasonFraud, PrioritySensitive},
		{"illness", "I was diagnosed with cancer and may not be able to work", ReasonVulnerability, PrioritySensitive},
		{"self-harm comes first", "I feel like I can't go on with all this debt", ReasonSelfHarm, PriorityCrisis},
		{"complaint", "I want to make a complaint about the lender", ReasonComplaint, PrioritySensitive},
		{"ordinary question", "can I get a cheaper car loan?", "", 0},
		{"a figure of speech", "My car died and I need a loan for a new one", "", 0},
		{"discussing scams", "How do I protect myself from loan scams?", "", 0},
		{"a person word in passing", "is a personal loan cheaper than my card?", "", 0},
		{"which would you pick", "which one would you pick for me?", "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := DetectHandoff(tt.text)
			if tt.category == "" {
				if got != nil {
					t.Fatalf("DetectHandoff(%q) = %+v, want none", tt.text, *got)
				}
				return
			}
			if got == nil {
				t.Fatalf("DetectHandoff(%q) = nil, want %s", tt.text, tt.category)
			}
			if got.Category != tt.category || got.Priority != tt.priority {
				t.Errorf("DetectHandoff(%q) = %s/%d, want %s/%d", tt.text, got.Category, got.Priority, tt.category, tt.priority)
			}
		})
	}
}

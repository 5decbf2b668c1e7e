package assistant

import "testing"

func TestDetectHandoff(t *testing.T) {
	tests := []struct {
		name     string
		text     string
		history  []string
		category string // "" means no handoff
		priority int
	}{
		{"english", "can I talk to a human please", nil, ReasonRequested, PriorityNormal},
		{"english agent", "I want to speak with an advisor", nil, ReasonRequested, PriorityNormal},
		{"spanish", "quiero hablar con una persona", nil, ReasonRequested, PriorityNormal},
		{"french", "je voudrais parler à un conseiller", nil, ReasonRequested, PriorityNormal},
		{"german", "Ich möchte mit einem Menschen sprechen", nil, ReasonRequested, PriorityNormal},
		{"swedish", "kan jag prata med en människa?", nil, ReasonRequested, PriorityNormal},
		{"hardship", "I lost my job and can't make my payments", nil, ReasonHardship, PrioritySensitive},
		{"hardship swedish", "jag kan inte betala mitt lån", nil, ReasonHardship, PrioritySensitive},
		{"bereavement", "my husband passed away last month, the loan was in his name", nil, ReasonBereavement, PrioritySensitive},
		{"fraud", "there is an unauthorized charge, I think it's fraud", nil, ReasonFraud, PrioritySensitive},
		{"complaint", "I want to make a complaint about the lender", nil, ReasonComplaint, PrioritySensitive},
		{"hardship beats a plain request", "I can't afford my loan, let me talk to a person", nil, ReasonHardship, PrioritySensitive},
		{"frustration words", "this is useless", nil, ReasonFrustration, PriorityElevated},
		{"same question twice", "Can I get a cheaper car loan?", []string{"can i get a cheaper car loan"}, ReasonFrustration, PriorityElevated},
		{"ordinary question", "can I get a cheaper car loan?", nil, "", 0},
		{"a person word in passing", "is a personal loan cheaper than my card?", nil, "", 0},
		{"human in another sense", "what does human-readable APR mean", nil, "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := DetectHandoff(tt.text, tt.history)
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

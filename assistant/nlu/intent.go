package nlu

import "slices"

// Intents: exactly one per message. The set and the meaning of each are the label schema the
// corpus follows; a caller maps each to one action.
const (
	// CompareHolding compares one loan or policy the user describes or names with offers.
	CompareHolding = "compare_holding"
	// CompareSaved compares the user's saved holdings in general.
	CompareSaved = "compare_saved"
	// FindOffers browses or searches the catalogue without comparing a holding of the user's.
	FindOffers = "find_offers"
	// AskOffer is a question about an offer already shown (by position, by name, or "it").
	AskOffer = "ask_offer"
	// ExplainTerm asks to explain a finance concept. Discussing scams, fraud or death in
	// general ("how do I avoid loan scams?") is this, not a crisis.
	ExplainTerm = "explain_term"
	// Financing asks about new borrowing for a purchase or an amount.
	Financing = "financing"
	// ListHoldings asks what the user has saved.
	ListHoldings = "list_holdings"
	// Human asks for a person, in any wording.
	Human = "human"
	// Hardship: cannot pay, lost income, arrears, debt collectors.
	Hardship = "hardship"
	// Fraud that has happened: scams, identity theft, stolen or compromised cards,
	// unauthorised payments.
	Fraud = "fraud"
	// Bereavement: the death of someone close, or a deceased person's finances.
	Bereavement = "bereavement"
	// Vulnerability: serious illness, disability, abuse, cognitive difficulty.
	Vulnerability = "vulnerability"
	// SelfHarm: any sign of suicidal thoughts or self-harm, indirect ones included.
	SelfHarm = "self_harm"
	// Complaint: wants to complain about Ratewise or a partner, or to escalate.
	Complaint = "complaint"
	// Affirm: yes, agreement, when answering a question.
	Affirm = "affirm"
	// Deny: no, decline.
	Deny = "deny"
	// Greeting: hello.
	Greeting = "greeting"
	// Thanks: thanks or goodbye.
	Thanks = "thanks"
	// OffTopic: unrelated to money products.
	OffTopic = "off_topic"
)

// Intents lists every intent, in the order reports show them.
var Intents = []string{
	CompareHolding, CompareSaved, FindOffers, AskOffer, ExplainTerm, Financing, ListHoldings,
	Human, Hardship, Fraud, Bereavement, Vulnerability, SelfHarm, Complaint,
	Affirm, Deny, Greeting, Thanks, OffTopic,
}

// SensitiveIntents are the situations that go to a person at once, with priority, whatever
// else the message asks.
var SensitiveIntents = []string{Hardship, Fraud, Bereavement, Vulnerability, SelfHarm}

// ValidIntent reports whether s is one of Intents.
func ValidIntent(s string) bool { return slices.Contains(Intents, s) }

// IsSensitive reports whether intent is one of SensitiveIntents.
func IsSensitive(intent string) bool { return slices.Contains(SensitiveIntents, intent) }

// IsHandoff reports whether intent puts the conversation in front of a person: a sensitive
// situation, an explicit request, or a complaint.
func IsHandoff(intent string) bool {
	return IsSensitive(intent) || intent == Human || intent == Complaint
}

// Languages are the languages the corpus is written in and Parse recognises.
var Languages = []string{"en", "es", "fr", "de", "sv"}

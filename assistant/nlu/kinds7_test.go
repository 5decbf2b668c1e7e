package nlu

import "testing"

// A partner's own service line, asked for by the partner's name, is a question about that
// partner (ask_offer), not a request for one of ours; without a partner's name it is one. The
// product parses every message with the catalogue's names (WithNames).
func TestAPartnersOwnServiceLine(t *testing.T) {
	names := WithNames(demoNames(t))
	for _, text := range []string{
		"does Lark have its own customer service number?",
		"necesito el teléfono de atención al cliente de Harborline",
		"Hat Thistle eine Hotline für Schadensfälle?",
		"Keystone a-t-il un service client que je peux appeler ?",
		"finns det ett telefonnummer till Wayfarers kundtjänst?",
	} {
		t.Run(text, func(t *testing.T) { wantIntent(t, text, AskOffer, names) })
	}
	for _, text := range []string{
		"what's your customer service number?",
		"necesito el teléfono de atención al cliente",
		"gibt es eine Hotline, bei der ich jemanden erreiche?",
	} {
		t.Run("ours: "+text, func(t *testing.T) { wantIntent(t, text, Human, names) })
	}
}

// Saying one is not in arrears is not telling of hardship; being in arrears still is.
func TestNotInArrearsIsNoHardship(t *testing.T) {
	for _, text := range []string{
		"I'm not behind on any of my cards, I just want one payment instead of four",
		"no estoy atrasado con nada, solo quiero juntar los préstamos en uno",
		"je ne suis pas en retard, je voudrais juste regrouper mes crédits",
		"ich bin nicht im Rückstand, möchte aber meine Kredite zusammenlegen",
		"jag ligger inte efter med något, vill bara samla lånen",
	} {
		t.Run(text, func(t *testing.T) {
			if got := Parse(text); got.Intent == Hardship {
				t.Errorf("%q: %s (rule %q), want no hardship", text, got.Intent, got.Rule)
			}
		})
	}
	for _, text := range []string{
		"I'm two payments behind on my personal loan and the letters keep coming",
		"ich bin mit drei Raten im Rückstand und weiß nicht weiter",
	} {
		t.Run(text, func(t *testing.T) { wantIntent(t, text, Hardship) })
	}
}

// How good a company's customer service is, asked about, is no request for a person: the
// message goes to the understanding's reading, not to the queue. Asking for customer service
// still is one.
func TestCustomerServiceAskedAboutIsNoRequestForAPerson(t *testing.T) {
	names := WithNames(demoNames(t))
	for _, text := range []string{
		"is their customer service any good?",
		"does Road Saver have good customer service?",
		"how is Harborline's customer service?",
		"what are their customer service reviews like?",
		"¿qué tal es su atención al cliente?",
		"est-ce que leur service client est bon ?",
		"ist deren Kundenservice gut?",
		"är deras kundtjänst bra?",
		"hur är deras kundtjänst?",
	} {
		t.Run(text, func(t *testing.T) {
			if got := Parse(text, names); IsHandoff(got.Intent) || got.Rule == RuleHuman {
				t.Errorf("%q: %s (rule %q), want no handoff", text, got.Intent, got.Rule)
			}
		})
	}
	for _, text := range []string{
		"can I speak to customer service?",
		"customer service please",
		"customer service is useless, put me through to a person",
		"quiero hablar con atención al cliente",
		"je veux parler au service client",
		"ich möchte den Kundenservice sprechen",
		"jag vill prata med kundtjänst",
	} {
		t.Run("a request: "+text, func(t *testing.T) { wantIntent(t, text, Human, names) })
	}
}

package nlu

import (
	"sync"
	"testing"

	"ratewise/offers"
)

// demoNames are the partner and offer names of the demo catalogue, as a caller with the live
// catalogue would pass them.
func demoNames(t testing.TB) *Names {
	t.Helper()
	names, err := offers.DemoNames()
	if err != nil {
		t.Fatal(err)
	}
	return NewNames(names...)
}

func TestNames(t *testing.T) {
	names := demoNames(t)
	tests := []struct {
		text, want string
	}{
		{"lånet från harborline, har det nån avgift?", "harborline"},
		{"what does the pennine one cover", "pennine"},
		{"is thistle & oak any good", "thistle & oak"},
		{"et chez Thistle, il y a des frais ?", "Thistle"},
		{"die Konditionen von Summit Ridge", "Summit Ridge"},
		{"is the Summit loan fixed", "Summit"},
		{"is the Lark 30-Month Balance Transfer Card really interest free", "Lark 30-Month Balance Transfer Card"},
		{"does Pay in 4 charge interest", "Pay in 4"},
		// Everyday words are names only when written as one.
		{"can I pay in 4 instalments", ""},
		{"is it the best one for me", ""},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			m, err := Default()
			if err != nil {
				t.Fatal(err)
			}
			got, _, _ := names.find(analyse(tt.text, ""), m.vocab)
			if got != tt.want {
				t.Errorf("%q: name %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

// Parse knows no names unless it is given some; given them, it finds a name the rules for
// capitals cannot see, and the figures of an offer's name are not the user's.
func TestParseWithNames(t *testing.T) {
	names := demoNames(t)
	text := "does the loan from harborline have a fee for paying early?"
	if got := Parse(text); got.Slots.OfferRef != "" {
		t.Errorf("without names: offer_ref %q, want none", got.Slots.OfferRef)
	}
	got := Parse(text, WithNames(names))
	if got.Intent != AskOffer || got.Slots.OfferRef != "harborline" {
		t.Errorf("with names: %s, offer_ref %q; want ask_offer about harborline", got.Intent, got.Slots.OfferRef)
	}
	got = Parse("I have the Keystone Used Auto Loan, 14000 left at 7.9% over 60 months", WithNames(names))
	want := map[string]string{"product": "auto_loan", "amount": "14000", "rate": "7.9", "term_months": "60"}
	for k, v := range want {
		if got.Slots.Values()[k] != v {
			t.Errorf("%s = %q, want %q (all %v)", k, got.Slots.Values()[k], v, got.Slots.Values())
		}
	}
	m, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	s, _ := slotsOf(analyse("the Albion 2-Year Fixed 60% LTV", "en"), m.vocab, names)
	if s.TermMonths != 0 || s.Rate != nil {
		t.Errorf("the figures of an offer's name were read as the user's: %v", s.Values())
	}
	// A partner's name counts as an offer's only where a capitalised name would: next to an
	// offer noun, after a preposition or an article.
	for text, want := range map[string]bool{
		"does the loan from harborline have a fee":         true,
		"le Kingsbridge, il y a des frais ?":               true,
		"the new Northstar bike is £1,500, monthly?":       false,
		"I bought a sofa at Loom & Larch, can I spread it": true,
	} {
		if _, c := slotsOf(analyse(text, ""), m.vocab, names); c.named != want {
			t.Errorf("%q: named %v, want %v", text, c.named, want)
		}
	}
	if NewNames().keys != nil || NewNames("", "  ").keys != nil {
		t.Error("blank names became keys")
	}
}

// A name in the genitive is the name: "Wayfarers kundtjänst" is Wayfarer's.
func TestNamesInTheGenitive(t *testing.T) {
	names := NewNames("Wayfarer Travel", "Thistle Mutual")
	for _, text := range []string{"finns det ett nummer till Wayfarers kundtjänst?", "Wie erreiche ich Thistles Hotline?"} {
		if ref, _, _ := names.find(analyse(text, ""), nil); ref == "" {
			t.Errorf("%q: no name found", text)
		}
	}
	if ref, _, _ := names.find(analyse("Thistlesson called about the loan", "en"), nil); ref != "" {
		t.Errorf("a longer word is no name: %q", ref)
	}
}

// A name's pattern is compiled when a message first holds its words, by whichever turn gets
// there first: turns sharing one Names must agree (run under -race).
func TestNamesSharedByConcurrentTurns(t *testing.T) {
	names := demoNames(t)
	m, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	texts := map[string]string{
		"lånet från harborline, har det nån avgift?": "harborline",
		"is thistle & oak any good":                  "thistle & oak",
		"die Konditionen von Summit Ridge":           "Summit Ridge",
	}
	var wg sync.WaitGroup
	for range 8 {
		for text, want := range texts {
			wg.Go(func() {
				if got, _, _ := names.find(analyse(text, ""), m.vocab); got != want {
					t.Errorf("%q: name %q, want %q", text, got, want)
				}
			})
		}
	}
	wg.Wait()
}

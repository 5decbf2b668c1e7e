package nlu

import (
	"slices"
	"testing"
)

func TestConcepts(t *testing.T) {
	for _, tt := range []struct {
		text, lang string
		want       []string
		not        []string
	}{
		{"mi padre murió en marzo", "es", []string{"death", "family"}, nil},
		{"min pappa dog i mars", "sv", []string{"death", "family"}, nil},
		// A word is read in the message's language: "dog" is a death only in Swedish.
		{"my dog ate the letter", "en", nil, []string{"death"}},
		// A whole-token word does not match the start of a longer one: "ill" is not "illustrate".
		{"can you illustrate the fees", "en", nil, []string{"illness"}},
		{"I've been diagnosed with cancer", "en", []string{"illness"}, nil},
		// A run of words matches as a run: "gave away" is giving things away, "gave" alone is not.
		{"I gave away my guitar and my games", "en", []string{"give_away"}, nil},
		{"I gave them the code from the text", "en", []string{"sent_money"}, []string{"give_away"}},
		{"Meine Karte wurde gestohlen", "de", []string{"theft"}, nil},
		{"quelqu'un peut m'appeler ?", "fr", []string{"person", "contact"}, nil},
		// With no language known, every language's words count.
		{"gestohlen", "", []string{"theft"}, nil},
	} {
		got := conceptsOf(analyse(tt.text, tt.lang))
		for _, c := range tt.want {
			if !got[c] {
				t.Errorf("%q (%s): no concept %q in %v", tt.text, tt.lang, c, got)
			}
		}
		for _, c := range tt.not {
			if got[c] {
				t.Errorf("%q (%s): concept %q, want none", tt.text, tt.lang, c)
			}
		}
	}
}

// Every concept has words in every language the package reads, or it would teach the
// classifier something only for some of them.
func TestConceptsCoverEveryLanguage(t *testing.T) {
	for _, c := range concepts {
		for _, l := range Languages {
			if c.words[l] == "" {
				t.Errorf("concept %q has no words in %s", c.name, l)
			}
		}
		for l := range c.words {
			if !slices.Contains(Languages, l) {
				t.Errorf("concept %q: unknown language %q", c.name, l)
			}
		}
	}
}

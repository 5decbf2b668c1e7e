package nlu

import (
	"testing"

	"ratewise/offers"
)

func BenchmarkParse(b *testing.B) {
	m, err := Default()
	if err != nil {
		b.Fatal(err)
	}
	msgs := []string{
		"i hav a car lon 18000 at 9.9 percnt 48 mnths can i do beter",
		"what's the catch with the top one?",
		"quiero hablar con alguien",
		"and home insurance, I pay 1400 a year for my house in Texas",
		"jag vill inte leva längre",
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		m.Parse(msgs[i%len(msgs)])
		i++
	}
}

func BenchmarkTrain(b *testing.B) {
	ex, err := Corpus()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Train(ex); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNewNames prepares the demo catalogue's partner and offer names, as every engine
// does at its first turn and again each NamesRefresh.
func BenchmarkNewNames(b *testing.B) {
	names, err := offers.DemoNames()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		NewNames(names...)
	}
}

package nlu

import (
	"maps"
	"math"
	"slices"
	"strings"
	"unicode"
)

// langModel is a multinomial naive Bayes classifier over character 1- to 4-grams of words
// (with a space marking each word's edges) and whole words. Accents are kept: å, ñ, ß and é
// are among the best clues there are.
type langModel struct {
	langs []string
	grams *table // the n-grams seen in training
	// logp holds, for n-gram i, log P(n-gram | language) of each language at
	// logp[i·len(langs):], in the order of langs
	logp   []float64
	unseen []float64 // per language log P of an n-gram it never saw
}

// Language identification settings.
const (
	// langSmoothing is the additive smoothing of n-gram counts.
	langSmoothing = 0.5
	// langMinLetters: a message with fewer letters says too little to name its language.
	langMinLetters = 3
	// langMinPosterior: below this posterior for the best language, Detect answers "" so the
	// caller keeps the conversation's language ("ok", "no", "ja" belong to several).
	langMinPosterior = 0.95
	// langWordWeight counts a whole word as this many n-grams.
	langWordWeight = 3
)

// eachGram calls f with every feature of text and its weight: each word as a whole, and its
// character 1- to 4-grams with a space at each edge of the word.
func eachGram(text string, f func(g string, weight float64)) {
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) }) {
		f("w:"+w, langWordWeight)
		padded := " " + w + " "
		offs := make([]int, 0, len(padded)+1)
		for i := range padded {
			offs = append(offs, i)
		}
		offs = append(offs, len(padded))
		for n := 1; n <= 4; n++ {
			for i := 0; i+n < len(offs); i++ {
				f(padded[offs[i]:offs[i+n]], 1)
			}
		}
	}
}

func trainLang(examples []Example) *langModel {
	m := &langModel{langs: Languages}
	k := len(m.langs)
	counts := map[string][]float64{}
	totals := make([]float64, k)
	for _, e := range examples {
		li := index(m.langs, e.Lang)
		if li < 0 {
			continue
		}
		eachGram(e.Text, func(g string, c float64) {
			if counts[g] == nil {
				counts[g] = make([]float64, k)
			}
			counts[g][li] += c
			totals[li] += c
		})
	}
	m.unseen = make([]float64, k)
	denom := make([]float64, k)
	for li := range k {
		denom[li] = math.Log(totals[li] + langSmoothing*float64(len(counts)+1))
		m.unseen[li] = math.Log(langSmoothing) - denom[li]
	}
	grams := slices.Sorted(maps.Keys(counts))
	m.logp = make([]float64, 0, len(grams)*k)
	for _, g := range grams {
		for li := range k {
			m.logp = append(m.logp, math.Log(counts[g][li]+langSmoothing)-denom[li])
		}
	}
	t, err := newTable(grams)
	if err != nil {
		panic("nlu: distinct n-grams are listed twice: " + err.Error())
	}
	m.grams = t
	return m
}

func index(xs []string, x string) int {
	for i, v := range xs {
		if v == x {
			return i
		}
	}
	return -1
}

// detect returns the language of text and its posterior, or "" when the text is too short
// or the best language is not clearly ahead. Priors are uniform: that most of the corpus is
// English must not make a short Swedish message English.
func (m *langModel) detect(text string) (string, float64) {
	letters := 0
	for _, r := range text {
		if unicode.IsLetter(r) {
			letters++
		}
	}
	if letters < langMinLetters {
		return "", 0
	}
	scores := make([]float64, len(m.langs))
	eachGram(text, func(g string, c float64) {
		lp := m.unseen
		if i, ok := m.grams.find(g); ok {
			lp = m.logp[i*len(m.langs) : (i+1)*len(m.langs)]
		}
		for li := range scores {
			scores[li] += c * lp[li]
		}
	})
	probs := softmax(scores)
	best := argmax(probs)
	if probs[best] < langMinPosterior {
		return "", probs[best]
	}
	return m.langs[best], probs[best]
}

func softmax(xs []float64) []float64 {
	mx := math.Inf(-1)
	for _, x := range xs {
		mx = max(mx, x)
	}
	out := make([]float64, len(xs))
	var sum float64
	for i, x := range xs {
		out[i] = math.Exp(x - mx)
		sum += out[i]
	}
	for i := range out {
		out[i] /= sum
	}
	return out
}

func argmax(xs []float64) int {
	best := 0
	for i, x := range xs {
		if x > xs[best] {
			best = i
		}
	}
	return best
}

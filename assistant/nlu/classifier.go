package nlu

import (
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Training settings of the intent classifier, chosen by cross-validation on the corpus.
const (
	trainEpochs   = 10
	trainRate     = 2.0    // initial SGD step
	charGramScale = 0.5    // weight of a character n-gram relative to a word
	classBalance  = 1.0    // examples of class c weigh (N / (K·n_c))^classBalance: rare intents count as much as common ones
	trainDecay    = 0.15   // step is trainRate / (1 + trainDecay·epoch)
	trainL2       = 1e-5   // weight decay per update
	trainSeed     = 2026   // shuffling seed: training is deterministic
	minCharGram   = 3      // character n-grams from minCharGram…
	maxCharGram   = 5      // …to maxCharGram runes, word edges included
	featureCap    = 400000 // most distinct features a model keeps; a guard, the corpus has far fewer
)

// features turns an analysed message into weighted feature names: words and word pairs,
// character n-grams (so "insurence" and "insurance" share most of their features), and flags:
// the shape of the slots it states, the figures in it that are no loan's (a phone number says
// "call me", a fee asked for up front says "is this a scam?"), whether it names an offer, its
// length, what the safety and handoff rules say about it, and the concepts it states (see
// concepts).
func features(a analysis, s Slots, c cues, safety string, human bool, small string) bag {
	f := make(bag, len(a.toks)*16)
	prev := "<s>"
	var key []byte
	var starts []int
	for _, t := range a.toks {
		w := t
		if isNumeric(t) {
			w = "<num>"
		}
		f["w:"+w]++
		f["b:"+prev+"_"+w]++
		prev = w
		if r, _ := utf8.DecodeRuneInString(w); w == "<num>" || !unicode.IsLetter(r) {
			continue
		}
		// The character n-grams of "<w>", each named "c:" and its runes.
		padded := "<" + w + ">"
		starts = starts[:0]
		for i := range padded {
			starts = append(starts, i)
		}
		starts = append(starts, len(padded))
		for n := minCharGram; n <= maxCharGram; n++ {
			for i := 0; i+n < len(starts); i++ {
				key = append(append(key[:0], "c:"...), padded[starts[i]:starts[i+n]]...)
				f[string(key)]++
			}
		}
	}
	f["b:"+prev+"_</s>"]++
	for k := range conceptsOf(a) {
		f["k:"+k]++
	}
	switch n := len(a.toks); {
	case n <= 1:
		f["len:1"]++
	case n <= 3:
		f["len:2-3"]++
	case n <= 8:
		f["len:4-8"]++
	default:
		f["len:9+"]++
	}
	for k := range s.Values() {
		f["s:"+k]++
	}
	if s.Product != "" {
		if s.Product.IsInsurance() {
			f["s:insurance"]++
		} else {
			f["s:loan"]++
		}
	}
	for role := range c.roles {
		f["f:"+role]++
	}
	if c.named {
		f["s:named"]++
	}
	if c.topic != "" {
		f["r:topic:"+c.topic]++
	}
	if safety != "" {
		f["r:"+safety]++
	}
	if human {
		f["r:human"]++
	}
	if c.declined {
		f["r:declined"]++
	}
	if small != "" {
		f["r:small:"+small]++
	}
	return f
}

// bag is a message's features: each name with how often it occurs. In a vector, the text's
// features (words, word pairs and character n-grams, which weigh charGramScale each) are scaled
// to unit length together, and each flag (see isFlag) has the value flagWeight whatever the
// message's length: a long message keeps its evidence that it names a product or that a rule
// fired, where scaling with the text would shrink it to nothing.
type bag map[string]float64

// flagWeight is a flag's value in a vector: about what a flag weighed, scaled with the text,
// in a message of ten words (chosen by cross-validation, with the development split).
const flagWeight = 0.15

// isFlag reports whether a feature is a flag: a slot's shape ("s:"), a rule's outcome ("r:"),
// a figure's role ("f:"), a concept ("k:", see concepts) or the length bucket ("len:").
func isFlag(name string) bool {
	return strings.HasPrefix(name, "s:") || strings.HasPrefix(name, "k:") || strings.HasPrefix(name, "r:") || strings.HasPrefix(name, "f:") || strings.HasPrefix(name, "len:")
}

// norm is the length of the bag's text features, every count weighted. Counts are whole
// numbers, so the sums are exact whatever the map's order, and so is the model's answer.
func (f bag) norm() float64 {
	var words, grams float64
	for k, v := range f {
		switch {
		case isFlag(k):
		case strings.HasPrefix(k, "c:"):
			grams += v * v
		default:
			words += v * v
		}
	}
	return math.Sqrt(words + charGramScale*charGramScale*grams)
}

func weight(name string) float64 {
	if strings.HasPrefix(name, "c:") {
		return charGramScale
	}
	return 1
}

// classifier is a multinomial logistic regression over sparse features.
type classifier struct {
	classes []string
	index   *table // feature names, numbered as the rows of w
	// w holds the weights, len(index)·len(classes), feature-major. They are learnt in float64
	// and kept in float32, which halves the largest part of a running server's model; sums
	// over them are still taken in float64.
	w    []float32
	bias []float64
}

type sparse struct {
	idx []int32
	val []float64
}

// vector returns f's known features as a sparse vector ordered by index, so that every sum
// over it runs in one order: the text's features scaled to unit length, flags at flagWeight.
func (c *classifier) vector(f bag) sparse {
	norm := f.norm()
	var v sparse
	for name, x := range f {
		n, ok := c.index.find(name)
		i := int32(n)
		switch {
		case !ok:
		case isFlag(name):
			v.idx = append(v.idx, i)
			v.val = append(v.val, flagWeight)
		case norm > 0:
			v.idx = append(v.idx, i)
			v.val = append(v.val, x*weight(name)/norm)
		}
	}
	sort.Sort(byIndex(v))
	return v
}

type byIndex sparse

func (v byIndex) Len() int           { return len(v.idx) }
func (v byIndex) Less(i, j int) bool { return v.idx[i] < v.idx[j] }
func (v byIndex) Swap(i, j int) {
	v.idx[i], v.idx[j] = v.idx[j], v.idx[i]
	v.val[i], v.val[j] = v.val[j], v.val[i]
}

// trainClassifier fits the weights by stochastic gradient descent on the cross-entropy,
// visiting the examples in a seeded random order each epoch.
func trainClassifier(feats []bag, labels []string) *classifier {
	c := &classifier{classes: Intents}
	k := len(c.classes)
	xs := make([]sparse, len(feats))
	ys := make([]int, len(feats))
	// Number the features in name order: the same corpus gives the same index.
	names := map[string]bool{}
	for _, f := range feats {
		for name := range f {
			names[name] = true
		}
	}
	sorted := slices.Sorted(maps.Keys(names))
	if len(sorted) > featureCap {
		sorted = sorted[:featureCap]
	}
	featureIndex, err := newTable(sorted)
	if err != nil {
		panic("nlu: distinct feature names are listed twice: " + err.Error())
	}
	c.index = featureIndex
	for i, f := range feats {
		xs[i] = c.vector(f)
		ys[i] = index(c.classes, labels[i])
	}
	w := make([]float64, c.index.len()*k)
	c.bias = make([]float64, k)

	counts := make([]float64, k)
	for _, y := range ys {
		counts[y]++
	}
	weight := make([]float64, k)
	for j := range weight {
		if counts[j] > 0 {
			weight[j] = math.Pow(float64(len(ys))/(float64(k)*counts[j]), classBalance)
		}
	}

	rng := rand.New(rand.NewPCG(trainSeed, uint64(len(ys))))
	order := make([]int, len(ys))
	for i := range order {
		order[i] = i
	}
	p := make([]float64, k)
	for epoch := range trainEpochs {
		rate := trainRate / (1 + trainDecay*float64(epoch))
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, n := range order {
			x, y := xs[n], ys[n]
			probs(w, c.bias, x, p)
			step := rate * weight[y]
			for j := range p {
				g := p[j]
				if j == y {
					g--
				}
				p[j] = g * step
				c.bias[j] -= p[j]
			}
			for t, fi := range x.idx {
				row := w[int(fi)*k : int(fi)*k+k]
				v := x.val[t]
				for j := range row {
					row[j] -= p[j]*v + rate*trainL2*row[j]
				}
			}
		}
	}
	c.w = make([]float32, len(w))
	for i, x := range w {
		c.w[i] = float32(x)
	}
	return c
}

// probs writes into p the class probabilities of x under the weights w (float64 while
// learning, float32 as kept) and bias.
func probs[F float32 | float64](w []F, bias []float64, x sparse, p []float64) {
	k := len(bias)
	copy(p, bias)
	for t, fi := range x.idx {
		row := w[int(fi)*k : int(fi)*k+k]
		v := x.val[t]
		for j := range row {
			p[j] += float64(row[j]) * v
		}
	}
	copy(p, softmax(p))
}

func (c *classifier) predict(f bag) []float64 {
	p := make([]float64, len(c.classes))
	probs(c.w, c.bias, c.vector(f), p)
	return p
}

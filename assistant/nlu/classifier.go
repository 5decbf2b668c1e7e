package nlu

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"unicode"
)

// Training settings of the intent classifier, chosen by cross-validation on the corpus.
const (
	trainEpochs   = 30
	trainRate     = 0.8    // initial SGD step
	trainDecay    = 0.15   // step is trainRate / (1 + trainDecay·epoch)
	trainL2       = 1e-5   // weight decay per update
	trainSeed     = 2026   // shuffling seed: training is deterministic
	charGramScale = 0.35   // weight of a character n-gram relative to a word
	minCharGram   = 3      // character n-grams from minCharGram…
	maxCharGram   = 5      // …to maxCharGram runes, word edges included
	classBalance  = 0.5    // examples of class c weigh (N / (K·n_c))^classBalance
	featureCap    = 400000 // most distinct features a model keeps; a guard, the corpus has far fewer
)

// features turns an analysed message into weighted feature names: words and word pairs,
// character n-grams (so "insurence" and "insurance" share most of their features), the shape
// of the slots it states and what the safety and handoff rules say about it.
func features(a analysis, s Slots, safety string, human bool, small string) []feature {
	f := make(map[string]float64, len(a.toks)*16)
	prev := "<s>"
	for _, t := range a.toks {
		w := t
		if isNumeric(t) {
			w = "<num>"
		}
		f["w:"+w]++
		f["b:"+prev+"_"+w]++
		prev = w
		if w == "<num>" || !unicode.IsLetter([]rune(w)[0]) {
			continue
		}
		rs := []rune("<" + w + ">")
		for n := minCharGram; n <= maxCharGram; n++ {
			for i := 0; i+n <= len(rs); i++ {
				f["c:"+string(rs[i:i+n])] += charGramScale
			}
		}
	}
	f["b:"+prev+"_</s>"]++
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
	if safety != "" {
		f["r:"+safety]++
	}
	if human {
		f["r:human"]++
	}
	if small != "" {
		f["r:small:"+small]++
	}
	return normalised(f)
}

type feature struct {
	name string
	val  float64
}

// normalised returns f sorted by name and scaled to unit length. Sorting makes every sum
// over features run in one order, so the model and its answers are reproducible bit for bit
// whatever Go's map order.
func normalised(f map[string]float64) []feature {
	out := make([]feature, 0, len(f))
	for k, v := range f {
		out = append(out, feature{k, v})
	}
	slices.SortFunc(out, func(a, b feature) int { return strings.Compare(a.name, b.name) })
	var norm float64
	for _, x := range out {
		norm += x.val * x.val
	}
	norm = math.Sqrt(norm)
	for i := range out {
		out[i].val /= norm
	}
	return out
}

// classifier is a multinomial logistic regression over sparse features.
type classifier struct {
	classes []string
	index   map[string]int32
	w       []float64 // len(index)·len(classes), feature-major
	bias    []float64
}

type sparse struct {
	idx []int32
	val []float64
}

func (c *classifier) vector(fs []feature) sparse {
	var v sparse
	for _, f := range fs {
		if i, ok := c.index[f.name]; ok {
			v.idx = append(v.idx, i)
			v.val = append(v.val, f.val)
		}
	}
	return v
}

// trainClassifier fits the weights by stochastic gradient descent on the cross-entropy,
// visiting the examples in a seeded random order each epoch.
func trainClassifier(feats [][]feature, labels []string) *classifier {
	c := &classifier{classes: Intents, index: map[string]int32{}}
	k := len(c.classes)
	xs := make([]sparse, len(feats))
	ys := make([]int, len(feats))
	// Build the index in example order so the same corpus gives the same model.
	for i, f := range feats {
		for _, x := range f {
			if _, ok := c.index[x.name]; !ok && len(c.index) < featureCap {
				c.index[x.name] = int32(len(c.index))
			}
		}
		xs[i] = c.vector(f)
		ys[i] = index(c.classes, labels[i])
	}
	c.w = make([]float64, len(c.index)*k)
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
			c.probs(x, p)
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
				row := c.w[int(fi)*k : int(fi)*k+k]
				v := x.val[t]
				for j := range row {
					row[j] -= p[j]*v + rate*trainL2*row[j]
				}
			}
		}
	}
	return c
}

// probs writes the class probabilities of x into p.
func (c *classifier) probs(x sparse, p []float64) {
	k := len(c.classes)
	copy(p, c.bias)
	for t, fi := range x.idx {
		row := c.w[int(fi)*k : int(fi)*k+k]
		v := x.val[t]
		for j := range row {
			p[j] += row[j] * v
		}
	}
	copy(p, softmax(p))
}

func (c *classifier) predict(f []feature) []float64 {
	p := make([]float64, len(c.classes))
	c.probs(c.vector(f), p)
	return p
}

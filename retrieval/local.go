package retrieval

import (
	"context"
	"hash/fnv"
	"math"
	"sort"
	"strings"
	"sync"
	"unicode"
)

// LocalModel is the model name the local embedder records on its chunks. Change it whenever
// the features or weights below change, so old vectors are refused instead of mixed.
const LocalModel = "local-hash-v2"

// LocalEmbedder is the built-in embedder: no network, deterministic, fast. A text becomes a
// bag of features — word unigrams and bigrams after a small finance synonym map and a light
// stemmer, plus character 3- and 4-grams of each word so typos still overlap — each weighted by
// sublinear term frequency times the inverse document frequency learned from the indexed corpus,
// hashed with a sign bit into Dim() buckets (signed hashing keeps collisions from adding up)
// and L2-normalised, so the dot product is the cosine.
type LocalEmbedder struct {
	dim int

	mu    sync.RWMutex
	vocab *Vocabulary
}

// Vocabulary is what the local embedder learns from a corpus: how many of its texts contain
// each feature. It is stored with the index so a query embeds as the chunks did.
type Vocabulary struct {
	Docs int
	DF   map[string]int
}

// NewLocalEmbedder returns the local embedder with dim dimensions and no vocabulary yet (every
// feature weighs the same until Learn or UseVocabulary).
func NewLocalEmbedder(dim int) *LocalEmbedder { return &LocalEmbedder{dim: dim} }

// Model implements Embedder.
func (e *LocalEmbedder) Model() string { return LocalModel }

// Dim implements Embedder.
func (e *LocalEmbedder) Dim() int { return e.dim }

// Learn counts the document frequency of every feature over texts and returns it; it does not
// change what the embedder uses (UseVocabulary does).
func (e *LocalEmbedder) Learn(texts []string) *Vocabulary {
	v := &Vocabulary{Docs: len(texts), DF: map[string]int{}}
	for _, t := range texts {
		for f := range features(t) {
			v.DF[f]++
		}
	}
	return v
}

// UseVocabulary makes the embedder weigh features by v.
func (e *LocalEmbedder) UseVocabulary(v *Vocabulary) {
	e.mu.Lock()
	e.vocab = v
	e.mu.Unlock()
}

// Embed implements Embedder.
func (e *LocalEmbedder) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	e.mu.RLock()
	vocab := e.vocab
	e.mu.RUnlock()
	return e.embedWith(ctx, texts, vocab)
}

// embedWith embeds texts weighing features by vocab, whatever UseVocabulary set: the index
// passes the vocabulary of the generation it searches or writes.
func (e *LocalEmbedder) embedWith(ctx context.Context, texts []string, vocab *Vocabulary) ([][]float32, error) {
	out := make([][]float32, len(texts))
	for i, t := range texts {
		if i%64 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		out[i] = e.embed(t, vocab)
	}
	return out, nil
}

func (e *LocalEmbedder) embed(text string, vocab *Vocabulary) []float32 {
	acc := make([]float64, e.dim)
	for f, tf := range features(text) {
		w := featureWeight(f) * (1 + math.Log(float64(tf))) * idf(vocab, f)
		h := fnv.New64a()
		h.Write([]byte(f))
		sum := h.Sum64()
		i := int(sum % uint64(e.dim))
		if sum>>63 == 1 {
			w = -w
		}
		acc[i] += w
	}
	var norm float64
	for _, x := range acc {
		norm += x * x
	}
	v := make([]float32, e.dim)
	if norm == 0 {
		return v
	}
	norm = math.Sqrt(norm)
	for i, x := range acc {
		v[i] = float32(x / norm)
	}
	return v
}

// Feature classes and their weights, tuned on the evaluation set's tuning split (see docs/retrieval.md): whole words
// carry the meaning, bigrams the phrases ("balance transfer"), character n-grams rescue typos
// and word forms the stemmer misses without drowning the words.
const (
	wordWeight   = 1.0
	bigramWeight = 0.8
	gramWeight   = 0.25
)

func featureWeight(f string) float64 {
	switch f[0] {
	case 'w':
		return wordWeight
	case 'b':
		return bigramWeight
	default:
		return gramWeight
	}
}

// idf is the smoothed inverse document frequency. A feature the corpus never saw (a typo, a
// word of a text added after the vocabulary was learned) weighs as little as the commonest
// one: it can only match by hash collision, so giving it the rare-word weight would fill the
// query vector with noise and drown the character n-grams that do match.
func idf(v *Vocabulary, f string) float64 {
	if v == nil || v.Docs == 0 {
		return 1
	}
	df, ok := v.DF[f]
	if !ok {
		return 1
	}
	return math.Log(float64(v.Docs+1)/float64(df+1)) + 1
}

// features returns the feature bag of text with term frequencies.
func features(text string) map[string]int {
	toks := Tokens(text)
	fs := make(map[string]int, len(toks)*6)
	for i, t := range toks {
		fs["w:"+t]++
		if i > 0 {
			fs["b:"+toks[i-1]+" "+t]++
		}
		if len(t) < 3 || isNumber(t) {
			continue
		}
		r := []rune("<" + t + ">")
		for n := 3; n <= 4; n++ {
			for j := 0; j+n <= len(r); j++ {
				fs["c:"+string(r[j:j+n])]++
			}
		}
	}
	return fs
}

func isNumber(s string) bool {
	for _, r := range s {
		if !unicode.IsDigit(r) && r != '.' {
			return false
		}
	}
	return true
}

// Tokens is the local embedder's analysis of text: lower-cased words with finance phrases and
// synonyms mapped to one canonical word, stopwords dropped, lightly stemmed. Exported for tests
// and the eval report.
func Tokens(text string) []string {
	s := strings.ToLower(text)
	for _, p := range phrases {
		if strings.Contains(s, p.from) {
			s = strings.ReplaceAll(s, p.from, " "+p.to+" ")
		}
	}
	words := strings.FieldsFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '.'
	})
	out := make([]string, 0, len(words))
	for _, w := range words {
		w = strings.Trim(w, ".")
		if w == "" || stopwords[w] {
			continue
		}
		if syn, ok := synonyms[w]; ok {
			w = syn
		} else {
			w = stem(w)
			if syn, ok := synonyms[w]; ok {
				w = syn
			}
		}
		out = append(out, w)
	}
	return out
}

// stem strips the commonest English inflections; it only has to map a word's forms together,
// not to produce a real word.
func stem(w string) string {
	if len(w) <= 3 {
		return w
	}
	for _, suf := range []struct{ from, to string }{
		{"ational", "ate"}, {"ization", "ize"}, {"iveness", "ive"}, {"fulness", "ful"},
		{"ments", "ment"}, {"ings", ""}, {"ing", ""}, {"ies", "y"}, {"ied", "y"}, {"sses", "ss"},
		{"ness", ""}, {"edly", ""}, {"ed", ""}, {"ers", "er"}, {"ly", ""}, {"es", "e"}, {"s", ""},
	} {
		if strings.HasSuffix(w, suf.from) && len(w)-len(suf.from)+len(suf.to) >= 3 {
			if suf.from == "s" && (strings.HasSuffix(w, "ss") || strings.HasSuffix(w, "us") || strings.HasSuffix(w, "is")) {
				return w
			}
			return w[:len(w)-len(suf.from)] + suf.to
		}
	}
	return w
}

// phrases are rewritten before tokenising, longest first, so a multi-word term and its
// abbreviation become the same token.
var phrases = func() []struct{ from, to string } {
	m := map[string]string{
		"annual percentage rate":  "apr",
		"annual percentage rates": "apr",
		"annual percentage yield": "apy",
		"debt to income":          "dti",
		"debt-to-income":          "dti",
		"loan to value":           "ltv",
		"loan-to-value":           "ltv",
		"credit score":            "creditscore",
		"credit scores":           "creditscore",
		"fico score":              "creditscore",
		"fico":                    "creditscore",
		"balance transfer":        "balancetransfer",
		"balance transfers":       "balancetransfer",
		"prepayment penalty":      "prepaymentpenalty",
		"prepayment penalties":    "prepaymentpenalty",
		"early repayment charge":  "prepaymentpenalty",
		"early repayment fee":     "prepaymentpenalty",
		"early payoff fee":        "prepaymentpenalty",
		"early payoff penalty":    "prepaymentpenalty",
		"pay off early":           "payoff early",
		"paying off early":        "payoff early",
		"origination fee":         "originationfee",
		"origination fees":        "originationfee",
		"arrangement fee":         "originationfee",
		"processing fee":          "originationfee",
		"discount points":         "mortgagepoints",
		"mortgage points":         "mortgagepoints",
		"break even":              "breakeven",
		"break-even":              "breakeven",
		"human agent":             "human",
		"real person":             "human",
		"live agent":              "human",
		"customer service":        "human support",
		"hardship":                "hardship",
		"can't pay":               "hardship",
		"cannot pay":              "hardship",
		"can not pay":             "hardship",
		"behind on payments":      "hardship",
		"identity theft":          "fraud",
		"passed away":             "bereavement",
		"scam":                    "fraud",
		"home owners":             "homeowners",
		"home-owners":             "homeowners",
		"renter's":                "renters",
		"term life":               "termlife",
		"whole life":              "wholelife",
		"interest rate":           "interestrate",
		"interest rates":          "interestrate",
		"representative example":  "representative",
		"personal data":           "privacy data",
		"cash back":               "cashback",
		"0%":                      "zero percent",
		"intro rate":              "promo rate",
		"introductory":            "promo",
		"teaser":                  "promo",
		"promotional":             "promo",
		"monthly payment":         "monthlypayment",
		"monthly payments":        "monthlypayment",
		"pre-approval":            "preapproval",
		"pre-qualification":       "prequalification",
		"soft pull":               "softcheck",
		"soft check":              "softcheck",
		"soft inquiry":            "softcheck",
		"hard pull":               "hardcheck",
		"hard check":              "hardcheck",
		"hard inquiry":            "hardcheck",
		"comprehensive coverage":  "comprehensive",
		"collision coverage":      "collision",
		"liability coverage":      "liability",
		"personal property":       "belongings",
		"trip cancellation":       "tripcancel",
		"trip cancelation":        "tripcancel",
		"cancel my trip":          "tripcancel",
		"pre-existing":            "preexisting",
		"pre existing":            "preexisting",
		"replacement cost":        "replacementcost",
		"actual cash value":       "actualcashvalue",
	}
	out := make([]struct{ from, to string }, 0, len(m))
	for k, v := range m {
		out = append(out, struct{ from, to string }{k, v})
	}
	sort.Slice(out, func(i, j int) bool {
		if len(out[i].from) != len(out[j].from) {
			return len(out[i].from) > len(out[j].from)
		}
		return out[i].from < out[j].from
	})
	return out
}()

// synonyms map single words (after stemming) to one canonical word. The map was grown on the
// evaluation set's tuning split; entries that only rescued particular questions and are not
// general ("unhappy", "someone", "order", "fine", "stolen", bare "passed") were removed when
// the held-out split was written. Keep it to real synonyms, abbreviations and common typos.
var synonyms = map[string]string{
	"car": "auto", "automobile": "auto", "vehicle": "auto", "motor": "auto", "truck": "auto",
	"cars": "auto", "vehicles": "auto",
	"house": "home", "property": "home", "homeowner": "home", "homeowners": "home", "dwelling": "home",
	"renter": "renters", "tenant": "renters", "tenants": "renters", "renting": "renters", "rent": "renters",
	"mortgage": "mortgage", "mortgages": "mortgage", "home-loan": "mortgage",
	"refinance": "refinanc", "refinancing": "refinanc", "refi": "refinanc", "refinanc": "refinanc", "remortgage": "refinanc",
	"premium": "premium", "premiums": "premium",
	"deductible": "deductible", "deductibles": "deductible", "excess": "deductible", "deductable": "deductible",
	"commission": "commission", "commissions": "commission", "kickback": "commission", "paid": "pay",
	"complaint": "complaint", "complain": "complaint", "grievance": "complaint", "dispute": "complaint",
	"fraudulent": "fraud", "scammer": "fraud", "phishing": "fraud", "scam": "fraud",
	"privacy": "privacy", "gdpr": "privacy", "confidential": "privacy",
	"agent": "human", "person": "human", "representative": "representative", "operator": "human",
	"ranking": "rank", "ranked": "rank", "rank": "rank", "sorted": "rank",
	"recommendation": "recommend", "recommend": "recommend", "suggest": "recommend", "suggestion": "recommend",
	"trip": "travel", "vacation": "travel", "holiday": "travel", "abroad": "travel",
	"penalty": "penalty", "charge": "fee", "fee": "fee", "cost": "cost",
	"borrow": "loan", "lending": "loan", "lender": "lender", "loan": "loan", "credit-card": "creditcard",
	"card": "card", "score": "score", "rating": "score",
	"insurer": "insurer", "insurance": "insurance", "insure": "insurance", "cover": "coverage", "covered": "coverage", "coverage": "coverage", "policy": "policy",
	"cheaper": "cheap", "cheapest": "cheap", "lower": "cheap", "lowest": "cheap", "save": "saving", "saving": "saving", "savings": "saving",
	"student": "student", "college": "student", "university": "student", "tuition": "student",
	"apr": "apr", "aprs": "apr",
	"beneficiary": "beneficiary", "beneficiaries": "beneficiary",
	"bereavement": "bereavement", "died": "bereavement", "death": "bereavement",
}

// stopwords carry no meaning for retrieval; question words are among them because every
// question has them.
var stopwords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a about above after again against all am an and any are as at be because been
		before being below between both but by can could did do does doing down during each few for from further
		had has have having he her here hers herself him himself his how i if in into is it its itself just me
		more most my myself no nor not now of off on once only or other our ours ourselves out over own same she
		should so some such than that the their theirs them themselves then there these they this those through
		to too under until up very was we were what when where which while who whom why will with would you your
		yours yourself yourselves get got im ive id dont doesnt isnt whats hi hello please thanks thank want wanted
		need know tell explain mean means really also much many thing things way ok okay`) {
		m[w] = true
	}
	return m
}()

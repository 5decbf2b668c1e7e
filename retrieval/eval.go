package retrieval

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strings"
	"sync"

	"github.com/jackc/pgx/v5"
)

// EvalQuestion is one labelled question: what a user might type and the sources (document
// keys) that answer it.
type EvalQuestion struct {
	Q           string   `json:"q"`
	Relevant    []string `json:"relevant"`
	Kind        string   `json:"kind,omitempty"`
	ProductType string   `json:"product_type,omitempty"`
	Note        string   `json:"note,omitempty"` // what the question tests: typo, synonym, …
	// Split is SplitTuning (the local embedder was tuned on it) or SplitHeldOut (written
	// afterwards and never tuned on); "" counts as tuning.
	Split string `json:"split,omitempty"`
}

// Splits of the evaluation set.
const (
	SplitTuning  = "tuning"
	SplitHeldOut = "held-out"
)

//go:embed testdata/eval.json
var shippedEvalSet []byte

// EvalSet returns the labelled evaluation set shipped with Ratewise.
func EvalSet() ([]EvalQuestion, error) { return ParseEvalSet(shippedEvalSet) }

// ParseEvalSet reads an evaluation set: {"questions": [EvalQuestion, …]}.
func ParseEvalSet(data []byte) ([]EvalQuestion, error) {
	var set struct {
		Questions []EvalQuestion `json:"questions"`
	}
	if err := json.Unmarshal(data, &set); err != nil {
		return nil, fmt.Errorf("evaluation set: %w", err)
	}
	for i, q := range set.Questions {
		if strings.TrimSpace(q.Q) == "" || len(q.Relevant) == 0 {
			return nil, fmt.Errorf("evaluation set: question %d needs q and relevant", i+1)
		}
	}
	return set.Questions, nil
}

// Metrics are the averages over a set of questions, at document level (one hit per source).
// Filtered rows search with each question's kind and product type, as a caller that knows them
// would; unfiltered rows search everything, as the help page's search box does.
type Metrics struct {
	Split     string
	Filtered  bool
	Method    string
	Questions int
	RecallAt5 float64
	MRRAt10   float64
	NDCGAt10  float64
}

// EvalReport is the result of Evaluate: one row per method, and the questions skipped
// because none of their relevant sources is in the index.
type EvalReport struct {
	Rows    []Metrics
	Skipped []string
	Misses  map[string][]string // per method, unfiltered questions whose top 10 held nothing relevant
}

// evalWorkers is how many searches Evaluate runs at once.
const evalWorkers = 4

// Evaluate runs every question through vector-only, keyword-only and hybrid search and
// scores the ranked sources against the labels.
func Evaluate(ctx context.Context, ix *Index, qs []EvalQuestion) (EvalReport, error) {
	rep := EvalReport{Misses: map[string][]string{}}
	present, err := ix.labelKeys(ctx)
	if err != nil {
		return rep, err
	}
	var usable []EvalQuestion
	for _, q := range qs {
		var rel []string
		for _, k := range q.Relevant {
			if key, ok := present[k]; ok {
				rel = append(rel, key)
			}
		}
		if len(rel) == 0 {
			rep.Skipped = append(rep.Skipped, q.Q)
			continue
		}
		q.Relevant = rel
		usable = append(usable, q)
	}
	methods := []struct {
		name string
		fn   func(context.Context, Query) ([]Hit, error)
	}{{"vector", ix.VectorSearch}, {"keyword", ix.KeywordSearch}, {"hybrid", ix.Search}}
	// One run per table row: a split's questions through one method, filtered or not.
	type run struct {
		split    string
		filtered bool
		method   int
		set      []EvalQuestion
		ranked   [][]string // the sources found for each question of set, best first
	}
	var runs []*run
	for _, split := range []string{SplitTuning, SplitHeldOut} {
		var set []EvalQuestion
		for _, q := range usable {
			if q.Split == split || (split == SplitTuning && q.Split == "") {
				set = append(set, q)
			}
		}
		if len(set) == 0 {
			continue
		}
		for _, filtered := range []bool{true, false} {
			for m := range methods {
				runs = append(runs, &run{split: split, filtered: filtered, method: m, set: set, ranked: make([][]string, len(set))})
			}
		}
	}

	// The searches are independent and mostly wait on PostgreSQL, so evalWorkers run at once;
	// each stores its result in its own place, and the report is the same as one at a time.
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	type job struct {
		r *run
		i int
	}
	jobs := make(chan job)
	var wg sync.WaitGroup
	for range evalWorkers {
		wg.Go(func() {
			for j := range jobs {
				q, m := j.r.set[j.i], methods[j.r.method]
				query := Query{Text: q.Q, Limit: 10}
				if j.r.filtered {
					query.Kind, query.ProductType = q.Kind, q.ProductType
				}
				hits, err := m.fn(ctx, query)
				if err != nil {
					cancel(fmt.Errorf("%s search for %q: %w", m.name, q.Q, err))
					continue
				}
				j.r.ranked[j.i] = keys(hits)
			}
		})
	}
feed:
	for _, r := range runs {
		for i := range r.set {
			select {
			case jobs <- job{r, i}:
			case <-ctx.Done():
				break feed
			}
		}
	}
	close(jobs)
	wg.Wait()
	if err := context.Cause(ctx); err != nil {
		return rep, err
	}

	for _, r := range runs {
		name := methods[r.method].name
		row := Metrics{Split: r.split, Filtered: r.filtered, Method: name, Questions: len(r.set)}
		for i, q := range r.set {
			recall, rr, nd := score(r.ranked[i], q.Relevant)
			row.RecallAt5 += recall
			row.MRRAt10 += rr
			row.NDCGAt10 += nd
			if rr == 0 && !r.filtered {
				rep.Misses[name] = append(rep.Misses[name], q.Q)
			}
		}
		n := float64(len(r.set))
		row.RecallAt5 /= n
		row.MRRAt10 /= n
		row.NDCGAt10 /= n
		rep.Rows = append(rep.Rows, row)
	}
	return rep, nil
}

func keys(hits []Hit) []string {
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = h.Key
	}
	return out
}

// score returns recall@5, reciprocal rank within 10 and nDCG@10 with binary relevance.
func score(ranked, relevant []string) (recall5, rr, ndcg float64) {
	rel := map[string]bool{}
	for _, k := range relevant {
		rel[k] = true
	}
	var found5 int
	var dcg float64
	for i, k := range ranked {
		if i >= 10 || !rel[k] {
			continue
		}
		if i < 5 {
			found5++
		}
		if rr == 0 {
			rr = 1 / float64(i+1)
		}
		dcg += 1 / math.Log2(float64(i+2))
	}
	var idcg float64
	for i := 0; i < min(len(rel), 10); i++ {
		idcg += 1 / math.Log2(float64(i+2))
	}
	return float64(found5) / float64(len(rel)), rr, dcg / idcg
}

// Row returns the metrics of method on split, filtered or not, or the zero value.
func (r EvalReport) Row(split string, filtered bool, method string) Metrics {
	for _, m := range r.Rows {
		if m.Split == split && m.Filtered == filtered && m.Method == method {
			return m
		}
	}
	return Metrics{}
}

// WriteTable prints the report as a Markdown table.
func (r EvalReport) WriteTable(w io.Writer) {
	fmt.Fprintln(w, "| split | filters | method | questions | recall@5 | MRR@10 | nDCG@10 |")
	fmt.Fprintln(w, "| --- | --- | --- | ---: | ---: | ---: | ---: |")
	for _, m := range r.Rows {
		f := "none (as /help)"
		if m.Filtered {
			f = "kind, product type"
		}
		fmt.Fprintf(w, "| %s | %s | %s | %d | %.3f | %.3f | %.3f |\n", m.Split, f, m.Method, m.Questions, m.RecallAt5, m.MRRAt10, m.NDCGAt10)
	}
}

// labelKeys maps each key an evaluation label may use to the indexed source's key: the key
// itself, and for an offer "offer/<partner name as slug>/<external id>". Offer keys hold the
// partner's id, which the database assigns when the catalogue loads, so the shipped set names
// partners instead (an offer's title is "<partner name> — <offer name>").
func (ix *Index) labelKeys(ctx context.Context) (map[string]string, error) {
	rows, err := ix.pool.Query(ctx, `SELECT key, kind, title FROM retrieval_sources`)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	var key, kind, title string
	_, err = pgx.ForEachRow(rows, []any{&key, &kind, &title}, func() error {
		out[key] = key
		if kind != KindOffer {
			return nil
		}
		parts := strings.SplitN(key, "/", 3)
		partner, _, ok := strings.Cut(title, " — ")
		if len(parts) == 3 && ok {
			out[KindOffer+"/"+Slug(partner)+"/"+parts[2]] = key
		}
		return nil
	})
	return out, err
}

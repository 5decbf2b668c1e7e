package retrieval

import (
	"cmp"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/pgvector/pgvector-go"

	"ratewise/db/dbtest"
)

// BenchmarkHybridSearch100k measures the index at scale on synthetic chunks: HNSW build time,
// hybrid query latency (p50/p95) without and with filters, and HNSW recall@10 against exact
// search. It is not part of the normal test run; see docs/retrieval.md for the command and
// the numbers:
//
//	go test -run '^$' -bench HybridSearch100k -benchtime 1x -timeout 60m ./retrieval
func BenchmarkHybridSearch100k(b *testing.B) {
	const (
		perSource = 4
		queries   = 300
	)
	sources := 25_000 // 100,000 chunks
	if n, err := strconv.Atoi(os.Getenv("RETRIEVAL_BENCH_CHUNKS")); err == nil && n > 0 {
		sources = max(1, n/perSource) // a quicker run while changing the benchmark itself
	}
	ctx := context.Background()
	pool := dbtest.NewPool(b)
	emb := NewLocalEmbedder(384)
	ix := NewIndex(pool, emb, nil)
	gen := newSynth(1)

	// Synthetic corpus: finance words drawn from the shipped articles, each source on one of
	// a few hundred topics, with one product type, region, partner and active flag.
	type row struct {
		key, pt, region string
		partner         int64
		active          bool
		title, text     string
	}
	rows := make([]row, 0, sources*perSource)
	for s := range sources {
		pt := ProductTypes[s%len(ProductTypes)]
		region := synthRegions[gen.r.IntN(len(synthRegions))]
		topic := gen.r.IntN(len(gen.topics))
		title := gen.title(topic, pt)
		for c := range perSource {
			rows = append(rows, row{fmt.Sprintf("offer/bench/%d", s), pt, region, int64(s%40 + 1), s%7 != 0, title, gen.passage(topic, pt, c)})
		}
	}
	texts := make([]string, len(rows))
	for i, r := range rows {
		texts[i] = embedText(r.title, "", r.text)
	}

	start := time.Now()
	tx, err := pool.Begin(ctx)
	if err != nil {
		b.Fatal(err)
	}
	vocab, err := ix.learnVocabulary(ctx, tx, texts[:20_000])
	if err != nil {
		b.Fatal(err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO retrieval_state (model, dim, generation, vocab_docs) VALUES ($1, $2, 1, $3)`, emb.Model(), emb.Dim(), vocab.Docs); err != nil {
		b.Fatal(err)
	}
	if err := tx.Commit(ctx); err != nil {
		b.Fatal(err)
	}
	ix.rememberVocabulary(vocab, 1)
	vecs, err := ix.embed(ctx, texts, vocab)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("embedded %d chunks locally in %s", len(texts), time.Since(start).Round(time.Millisecond))

	var srcRows, chunkRows [][]any
	for i, r := range rows {
		if i%perSource == 0 {
			srcRows = append(srcRows, []any{r.key, KindOffer, int64(i/perSource + 1), r.title, r.text, r.pt, []string{r.region}, r.partner, r.active, "x"})
		}
		chunkRows = append(chunkRows, []any{r.key, i % perSource, KindOffer, int64(i/perSource + 1), r.pt, []string{r.region}, r.partner, r.active,
			r.title, "", r.text, emb.Model(), int64(1), pgvector.NewVector(vecs[i])})
	}
	if _, err := pool.Exec(ctx, `DROP INDEX retrieval_chunks_embedding_idx`); err != nil {
		b.Fatal(err)
	}
	start = time.Now()
	if _, err := pool.CopyFrom(ctx, pgx.Identifier{"retrieval_sources"}, []string{"key", "kind", "offer_id", "title", "body", "product_type", "regions", "partner_id", "active", "content_hash"}, pgx.CopyFromRows(srcRows)); err != nil {
		b.Fatal(err)
	}
	if _, err := pool.CopyFrom(ctx, pgx.Identifier{"retrieval_chunks"}, []string{"source_key", "ord", "kind", "offer_id", "product_type", "regions", "partner_id", "active", "title", "heading", "body", "model", "generation", "embedding"}, pgx.CopyFromRows(chunkRows)); err != nil {
		b.Fatal(err)
	}
	b.Logf("loaded %d chunks (with tsvector and GIN index) in %s", len(chunkRows), time.Since(start).Round(time.Millisecond))

	conn, err := pool.Acquire(ctx)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := conn.Exec(ctx, `SET maintenance_work_mem = '1GB'`); err != nil {
		b.Fatal(err)
	}
	// The migrations' index (0020); RETRIEVAL_BENCH_HNSW tries other build parameters, e.g.
	// "m = 16, ef_construction = 64" (pgvector's defaults).
	opts := cmp.Or(os.Getenv("RETRIEVAL_BENCH_HNSW"), "m = 32, ef_construction = 128")
	with := " WITH (" + opts + ")"
	start = time.Now()
	if _, err := conn.Exec(ctx, `CREATE INDEX retrieval_chunks_embedding_idx ON retrieval_chunks USING hnsw (embedding vector_cosine_ops)`+with); err != nil {
		b.Fatal(err)
	}
	build := time.Since(start)
	if _, err := conn.Exec(ctx, `RESET maintenance_work_mem; ANALYZE retrieval_chunks`); err != nil {
		b.Fatal(err)
	}
	conn.Release()
	b.Logf("HNSW build (%s, maintenance_work_mem=1GB): %s", opts, build.Round(time.Millisecond))
	b.ReportMetric(build.Seconds(), "hnsw_build_s")

	qs := make([]Query, queries)
	for i := range qs {
		qs[i] = Query{Text: gen.question(gen.r.IntN(len(gen.topics))), Limit: 10}
	}
	scenarios := []struct {
		name   string
		filter func(Query, int) Query
	}{
		{"no filter", func(q Query, i int) Query { return q }},
		{"kind+active", func(q Query, i int) Query { q.Kind, q.ActiveOnly = KindOffer, true; return q }},
		{"product type+region+active (~1.5%)", func(q Query, i int) Query {
			q.ProductType, q.Region, q.ActiveOnly = ProductTypes[i%len(ProductTypes)], synthRegions[i%len(synthRegions)]+"-XX", true
			return q
		}},
	}
	b.ResetTimer()
	for _, sc := range scenarios {
		for _, mode := range []struct {
			name string
			fn   func(context.Context, Query) ([]Hit, error)
		}{{"hybrid", ix.Search}, {"vector", ix.VectorSearch}} {
			var lat []time.Duration
			short := 0
			for i, q := range qs {
				q = sc.filter(q, i)
				t0 := time.Now()
				hits, err := mode.fn(ctx, q)
				lat = append(lat, time.Since(t0))
				if err != nil {
					b.Fatal(err)
				}
				if len(hits) < q.Limit {
					short++
				}
			}
			p50, p95 := percentile(lat, 50), percentile(lat, 95)
			b.Logf("%-7s %-36s p50 %6.2f ms  p95 %6.2f ms  (%d of %d queries returned fewer than 10)", mode.name, sc.name, ms(p50), ms(p95), short, len(qs))
			if mode.name == "hybrid" {
				b.ReportMetric(ms(p50), "p50_ms_"+strings.Fields(sc.name)[0])
				b.ReportMetric(ms(p95), "p95_ms_"+strings.Fields(sc.name)[0])
			}
		}
	}
	b.StopTimer()

	// Recall@10 of the HNSW index against exact (sequential) search, for a few ef_search values.
	// Besides recall, the similarity ratio: the mean cosine similarity of the HNSW top 10 over
	// that of the exact top 10. Near-ties are common in hashed sparse vectors, so a missed exact
	// neighbour is often replaced by one almost as close.
	for _, ef := range []int{40, 160, efSearch(10), 640} {
		var sum, ratio float64
		for _, q := range qs[:100] {
			v, _ := emb.Embed(ctx, []string{q.Text})
			approx, approxSim := nearestIDs(ctx, b, pool, v[0], ef, false)
			exact, exactSim := nearestIDs(ctx, b, pool, v[0], ef, true)
			hit := 0
			for _, id := range approx {
				if slices.Contains(exact, id) {
					hit++
				}
			}
			sum += float64(hit) / float64(len(exact))
			ratio += approxSim / exactSim
		}
		b.Logf("recall@10 HNSW vs exact, ef_search=%d: %.3f, similarity ratio %.3f (Search uses %d for limit 10)", ef, sum/100, ratio/100, efSearch(10))
		if ef == efSearch(10) {
			b.ReportMetric(sum/100, "recall@10")
		}
	}
}

func nearestIDs(ctx context.Context, b *testing.B, pool interface {
	Begin(context.Context) (pgx.Tx, error)
}, v []float32, ef int, exact bool) ([]int64, float64) {
	tx, err := pool.Begin(ctx)
	if err != nil {
		b.Fatal(err)
	}
	defer tx.Rollback(ctx) //nolint:errcheck
	if _, err := tx.Exec(ctx, `SELECT set_config('hnsw.ef_search', $1, true)`, fmt.Sprint(ef)); err != nil {
		b.Fatal(err)
	}
	if exact {
		if _, err := tx.Exec(ctx, `SET LOCAL enable_indexscan = off`); err != nil {
			b.Fatal(err)
		}
	}
	rows, err := tx.Query(ctx, `SELECT id, 1 - (embedding <=> $1) FROM retrieval_chunks ORDER BY embedding <=> $1 LIMIT 10`, pgvector.NewVector(v))
	if err != nil {
		b.Fatal(err)
	}
	var ids []int64
	var id int64
	var sim, total float64
	if _, err := pgx.ForEachRow(rows, []any{&id, &sim}, func() error { ids = append(ids, id); total += sim; return nil }); err != nil {
		b.Fatal(err)
	}
	return ids, total / float64(max(1, len(ids)))
}

func percentile(d []time.Duration, p int) time.Duration {
	s := slices.Clone(d)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[min(len(s)-1, len(s)*p/100)]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

var synthRegions = []string{"US", "GB", "DE", "FR", "CA", "AU"}

// synth makes finance-like text from the shipped articles' words. Real text is topical: each
// of a few hundred topics draws words with a Zipf law from its own ordering of a shared
// vocabulary (so the commonest words are shared and most are specific), which gives the
// vectors the clustered structure an ANN index meets in practice.
type synth struct {
	r      *rand.Rand
	words  []string
	topics [][]int // per topic, word indexes from most to least frequent
	zipf   *rand.Zipf
}

func newSynth(seed uint64) *synth {
	as, _ := Articles()
	seen := map[string]bool{}
	var words []string
	for _, a := range as {
		for _, w := range strings.Fields(strings.ToLower(plainText(a.Body))) {
			w = strings.Trim(w, ".,:;()*\"'?!")
			if len(w) > 2 && !seen[w] {
				seen[w] = true
				words = append(words, w)
			}
		}
	}
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	s := &synth{r: r, words: words, zipf: rand.NewZipf(r, 1.2, 3, uint64(len(words)-1))}
	common := r.Perm(len(words))[:50]
	for range 400 {
		order := append(slices.Clone(common), r.Perm(len(words))...)
		s.topics = append(s.topics, order)
	}
	return s
}

func (s *synth) sentence(topic, n int) string {
	w := make([]string, n)
	for i := range w {
		w[i] = s.words[s.topics[topic][s.zipf.Uint64()]]
	}
	return strings.Join(w, " ")
}

func (s *synth) title(topic int, pt string) string {
	return s.sentence(topic, 2) + " " + strings.ReplaceAll(pt, "_", " ")
}

func (s *synth) passage(topic int, pt string, part int) string {
	return fmt.Sprintf("%s. %s %s. %s.", s.sentence(topic, 12), strings.ReplaceAll(pt, "_", " "), s.sentence(topic, 14), s.sentence(topic, 10+part*3))
}

func (s *synth) question(topic int) string { return s.sentence(topic, 3+s.r.IntN(5)) }
